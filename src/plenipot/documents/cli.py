"""`plenipot document issue` and `plenipot document file`: the secretariat issues an
INF, ADM, DL, blue (B) or pink (R) document with a file per language, or adds a language
version's file, under the same rules as the page and the API."""

from __future__ import annotations

import argparse
from pathlib import Path

from plenipot.conference.cli import conference_from_args
from plenipot.core.cli import CommandError, data_dir_options, setup


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "document", help="issue a document of a series, or add a language version's file"
    )
    actions = command.add_subparsers(dest="document_command", metavar="ACTION")

    issue = actions.add_parser(
        "issue",
        parents=[data_dir_options()],
        help="issue the next document of a series (INF, ADM, DL, B, R)",
        description="The secretariat issues any of these series; a delegation, its own "
        "information documents. Each --file is checked as on the page (size, kind, "
        "scripts, zip bombs) before anything is stored.",
    )
    issue.add_argument("--series", required=True, help="INF, ADM, DL, B or R")
    issue.add_argument("--title", required=True)
    issue.add_argument("--body", default="", metavar="CODE", help='the body, e.g. "COM5"')
    issue.add_argument(
        "--original-language", default="", metavar="LANG",
        help="ar, zh, en, fr, ru or es (default: English when the conference has it)",
    )  # fmt: skip
    issue.add_argument(
        "--file", action="append", default=[], metavar="LANG=PATH",
        help="a language version's Word or PDF file; repeat for each language",
    )  # fmt: skip
    issue.set_defaults(handler=handle_issue)

    adding = actions.add_parser(
        "file",
        parents=[data_dir_options()],
        help="add or replace the file of one language version of a document",
    )
    adding.add_argument("symbol", metavar="SYMBOL", help='e.g. "INF/3" or "Document 12"')
    adding.add_argument("language", metavar="LANG")
    adding.add_argument("path", metavar="PATH")
    adding.set_defaults(handler=handle_file)

    for parser in (issue, adding):
        parser.add_argument("--as", dest="username", required=True, metavar="USERNAME")
        parser.add_argument("--conference", metavar="SHORT_NAME", help="default: the latest")
    command.set_defaults(handler=lambda args: command.print_help() or 2)


def _read(path_text: str, limit: int) -> tuple[str, bytes]:
    path = Path(path_text).expanduser()
    if not path.is_file():
        raise CommandError(f"{path_text}: no such file")
    if path.stat().st_size > limit:
        raise CommandError(f"{path.name} is larger than {limit} bytes")
    return path.name, path.read_bytes()


def _start(args: argparse.Namespace):
    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.accounts.roles import actor_for_username

    actor = actor_for_username(args.username)
    if actor is None:
        raise CommandError(f"no active account {args.username!r}")
    return conference_from_args(args), actor


def handle_issue(args: argparse.Namespace) -> int:
    conference, actor = _start(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.documents.actions import check_document_issue
    from plenipot.documents.files import upload_limits

    limit = upload_limits().max_file_bytes
    files = {}
    for spec in args.file:
        language, sep, path = spec.partition("=")
        if not sep or not language or not path:
            raise CommandError(f"--file {spec!r}: write it LANG=PATH, e.g. fr=INF-3-F.docx")
        if language in files:
            raise CommandError(f"--file: {language} is given twice")
        files[language] = _read(path, limit)
    document = check_document_issue(
        actor, conference=conference, series=args.series.upper(), title=args.title,
        body_code=args.body, original_language=args.original_language, files=files,
    )  # fmt: skip
    languages = ", ".join(sorted(files)) or "no file yet"
    print(f"Issued {document.symbol}: {document.title} ({languages}).")
    return 0


def handle_file(args: argparse.Namespace) -> int:
    conference, actor = _start(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.documents.actions import access_document_by_symbol, check_document_file_add
    from plenipot.documents.files import upload_limits

    document = access_document_by_symbol(actor, conference=conference, symbol=args.symbol)
    filename, data = _read(args.path, upload_limits().max_file_bytes)
    version = check_document_file_add(
        actor, document=document, language=args.language, filename=filename, data=data
    )
    print(f"Saved the {version.language} file of {document.symbol}.")
    return 0
