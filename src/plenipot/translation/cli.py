"""`plenipot memory-import`: fill the translation memory from TMX or CSV files.

Files too large for the upload page (a whole archive of past conferences) go in here,
with the same checks: no entities or external references, six official languages only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plenipot.conference.cli import conference_from_args
from plenipot.core.cli import CommandError, setup


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "memory-import",
        help="import TMX or CSV translation memory files",
        description="Import translation memory files into a conference's memory. "
        "A .csv file's first line names the languages, the source first; anything else is read as TMX.",
    )
    command.add_argument("files", nargs="+", metavar="FILE")
    command.add_argument(
        "--conference", metavar="SHORT_NAME", help="default: the latest conference"
    )
    command.add_argument("--max-megabytes", type=int, default=200, help="refuse larger files (200)")
    command.add_argument("--data-dir", metavar="DIR", help="as for the other site commands")
    command.set_defaults(handler=handle_memory_import)

    glossary = subparsers.add_parser(
        "glossary-import",
        help="import glossary terms in six languages from a CSV file",
        description="Import terms into a conference's glossary. The file's first line names "
        "the six languages ar, zh, en, fr, ru, es (in any order) and may add note; several "
        "forms of a term are separated by semicolons. A term whose English form is already "
        "in the glossary is replaced. One bad line and nothing is imported.",
    )
    glossary.add_argument("file", metavar="FILE")
    glossary.add_argument("--conference", metavar="SHORT_NAME", help="default: the latest conference")
    glossary.add_argument("--data-dir", metavar="DIR", help="as for the other site commands")
    glossary.set_defaults(handler=handle_glossary_import)

    export = subparsers.add_parser(
        "glossary-export",
        help="write a conference's glossary as CSV",
        description="Write the glossary as CSV, in the form glossary-import reads.",
    )
    export.add_argument("--conference", metavar="SHORT_NAME", help="default: the latest conference")
    export.add_argument("--output", "-o", metavar="FILE", help="default: standard output")
    export.add_argument("--data-dir", metavar="DIR", help="as for the other site commands")
    export.set_defaults(handler=handle_glossary_export)


def handle_glossary_import(args: argparse.Namespace) -> int:

    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from django.core.exceptions import ValidationError

    from plenipot.translation import services

    conference = conference_from_args(args)
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"{args.file}: no such file")
    with open(path, "rb") as handle:
        data = handle.read(services.GLOSSARY_MAX_BYTES + 1)
    try:
        result = services.glossary_import(conference=conference, user=None, data=data)
    except ValidationError as exc:
        raise CommandError(f"{args.file}: {' '.join(exc.messages)} Nothing was imported.") from None
    print(
        f"{args.file}: {result.created} terms added, {result.updated} replaced "
        f"in the glossary of {conference.short_name}"
    )
    return 0


def handle_glossary_export(args: argparse.Namespace) -> int:
    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.translation import selectors, services

    text = services.glossary_csv(selectors.glossary_terms(conference_from_args(args)))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
    else:
        sys.stdout.write(text)
    return 0


def handle_memory_import(args: argparse.Namespace) -> int:

    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.translation import memory_files
    from plenipot.translation.services import memory_import

    conference = conference_from_args(args)
    max_bytes = args.max_megabytes * 1024 * 1024
    total = 0
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"{name}: no such file")
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
        kind = "csv" if path.suffix.lower() == ".csv" else "tmx"
        try:
            count = memory_import(
                conference=conference,
                data=data,
                kind=kind,
                reference=path.name,
                max_bytes=max_bytes,
            )
        except memory_files.MemoryFileError as exc:
            raise CommandError(f"{name}: {exc}") from None
        print(f"{name}: {count} segments")
        total += count
    print(f"{total} segments imported into {conference.short_name}")
    return 0
