"""`plenipot memory-import`: fill the translation memory from TMX or CSV files;
`glossary-import` and `glossary-export`: the glossary as CSV.

Files too large for the upload page (a whole archive of past conferences) go in here,
with the same checks: no entities or external references, six official languages only.
The imports are the pages' actions, run as the site itself (`core.actor.SYSTEM`); a
refusal other than the file's own ends the command through `plenipot.cli.main`.
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

    from plenipot.core.actor import SYSTEM
    from plenipot.core.errors import Invalid
    from plenipot.translation.actions import check_glossary_import

    conference = conference_from_args(args)
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"{args.file}: no such file")
    try:
        with open(path, "rb") as handle:
            result = check_glossary_import(SYSTEM, conference=conference, data=handle)
    except (Invalid, ValidationError) as exc:
        reason = exc.detail if isinstance(exc, Invalid) else " ".join(exc.messages)
        raise CommandError(f"{args.file}: {reason} Nothing was imported.") from None
    print(
        f"{args.file}: {result.created} terms added, {result.updated} replaced "
        f"in the glossary of {conference.short_name}"
    )
    return 0


def handle_glossary_export(args: argparse.Namespace) -> int:
    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.translation import selectors

    conference = conference_from_args(args)
    text = selectors.glossary_csv(
        selectors.glossary_terms(conference), selectors.languages_of(conference)
    )
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
    else:
        sys.stdout.write(text)
    return 0


def handle_memory_import(args: argparse.Namespace) -> int:

    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.core.actor import SYSTEM
    from plenipot.core.errors import Invalid
    from plenipot.translation.actions import check_memory_import

    conference = conference_from_args(args)
    max_bytes = args.max_megabytes * 1024 * 1024
    total = 0
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"{name}: no such file")
        kind = "csv" if path.suffix.lower() == ".csv" else "tmx"
        try:
            with open(path, "rb") as handle:
                count = check_memory_import(
                    SYSTEM,
                    conference=conference,
                    data=handle,
                    kind=kind,
                    reference=path.name,
                    max_bytes=max_bytes,
                )
        except Invalid as exc:
            raise CommandError(f"{name}: {exc.detail}") from None
        print(f"{name}: {count} segments")
        total += count
    print(f"{total} segments imported into {conference.short_name}")
    return 0
