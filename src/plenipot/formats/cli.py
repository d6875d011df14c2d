"""File commands: proposals from a Word file, and exports to DOCX, PDF, AKN and HTML.

Like the text commands they need neither Django nor a database. A refused file ends
with ``plenipot: error: FILE: why`` and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from plenipot.core.cli import CommandError
from plenipot.engine.instrument import ParseError, parse_instrument
from plenipot.engine.proposals import derive_proposals, print_proposals


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the file commands to the `plenipot` parser."""
    prop = subparsers.add_parser(
        "proposals",
        help="read the proposals of a Word file",
        description=(
            "Read the proposals of FILE.docx: an ITU-style proposal document (each proposal "
            "headed by its mark and symbol) or an edited copy with tracked changes. With "
            "--base, targets are matched to the provisions of the instrument in force."
        ),
    )
    prop.add_argument("file", metavar="FILE.docx")
    prop.add_argument("--base", metavar="INSTRUMENT.txt", help="the instrument in force")
    prop.add_argument("--source", metavar="LABEL", help="source label for tracked changes")
    prop.add_argument("--format", choices=("text", "json"), default="text")
    prop.set_defaults(handler=handle_proposals)

    export = subparsers.add_parser(
        "export",
        help="export a text to DOCX, PDF, Akoma Ntoso or HTML",
        description=(
            "Export TEXT (an instrument or a bracketed draft in the plain-text format). With "
            "--base, the changes from BASE to TEXT are shown as revision marks."
        ),
    )
    export.add_argument("to", choices=("docx", "pdf", "akn", "html"), metavar="FORMAT")
    export.add_argument("text", metavar="TEXT.txt")
    export.add_argument("-o", "--output", required=True, metavar="OUT")
    export.add_argument("--base", metavar="BASE.txt", help="mark the changes against BASE")
    export.add_argument(
        "--marks",
        choices=("tracked", "itu"),
        default="tracked",
        help="DOCX revision marks: Word tracked changes or underline and strike-through",
    )
    export.add_argument("--language", default="en", help="two-letter language code (ar: RTL)")
    export.add_argument("--symbol", default="", help="document symbol for the header")
    export.add_argument("--date", default="", help="date for the header (YYYY-MM-DD)")
    export.add_argument("--body", default="", help="body for the header")
    export.add_argument("--source-name", default="", help="source for the header")
    export.add_argument("--author", default="Plenipot", help="author of tracked changes")
    export.set_defaults(handler=handle_export)


def _read_bytes(path: str) -> bytes:
    from plenipot.formats.safety import DEFAULT_LIMITS, FormatError, check_size

    try:
        size = Path(path).stat().st_size
        check_size(size, DEFAULT_LIMITS)
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except FormatError as exc:
        raise CommandError(f"{path}: {exc}") from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot read: {exc.strerror}") from None


def _read_text(path: str) -> str:
    from plenipot.formats.safety import FormatError, check_text

    data = _read_bytes(path)
    try:
        return check_text(data.decode("utf-8"), "the text")
    except UnicodeDecodeError:
        raise CommandError(f"{path}: expected a UTF-8 text file") from None
    except FormatError as exc:
        raise CommandError(f"{path}: {exc}") from None


def _instrument(path: str, text: str | None = None):
    try:
        return parse_instrument(_read_text(path) if text is None else text)
    except ParseError as exc:
        raise CommandError(f"{path}:{exc.line}: {exc.message}") from None


def handle_proposals(args: argparse.Namespace) -> int:
    from plenipot.formats.docx_in import extract_proposals
    from plenipot.formats.safety import FormatError

    base = _instrument(args.base) if args.base else None
    data = _read_bytes(args.file)
    try:
        found = extract_proposals(data, base=base, source=(args.source or "").upper())
    except FormatError as exc:
        raise CommandError(f"{args.file}: {exc}") from None
    if args.format == "json":
        print(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
    else:
        if found.proposals:
            sys.stdout.write(print_proposals(found.proposals))
        for symbol, (author, date) in found.authors.items():
            print(f"# {symbol}: changed by {author} on {date}")
        for problem in found.problems:
            print(f"# not matched: {problem}")
    for problem in found.problems:
        print(f"plenipot: warning: {args.file}: {problem}", file=sys.stderr)
    return 1 if found.problems else 0


_DRAFT_LINE = re.compile(r"\{[^{}]+\}\s*$", re.MULTILINE)


def handle_export(args: argparse.Namespace) -> int:
    from plenipot.engine.draftformat import parse_draft
    from plenipot.formats import akn, docx_out, html_out, pdf
    from plenipot.formats.common import DocumentHeader
    from plenipot.formats.safety import FormatError

    text = _read_text(args.text)
    header = DocumentHeader(
        symbol=args.symbol,
        date=args.date,
        original_language=args.language,
        body=args.body,
        source=args.source_name,
        language=args.language,
    )
    is_draft = len(_DRAFT_LINE.findall(text)) >= 3
    try:
        if is_draft:
            try:
                draft = parse_draft(text)
            except ParseError as exc:
                raise CommandError(f"{args.text}:{exc.line}: {exc.message}") from None
            if args.base:
                raise CommandError("--base applies to an instrument, not to a bracketed draft")
            out: bytes | str = {
                "docx": lambda: docx_out.draft_docx(draft, header),
                "pdf": lambda: pdf.draft_pdf(draft, header),
                "akn": lambda: akn.draft_akn(draft, language=args.language, date=_date(args)),
                "html": lambda: html_out.draft_html(draft, header),
            }[args.to]()
        else:
            inst = _instrument(args.text, text)
            base = _instrument(args.base) if args.base else None
            if base is not None:
                out = {
                    "docx": lambda: docx_out.revision_docx(
                        base, inst, header, marks=args.marks, author=args.author
                    ),
                    "pdf": lambda: pdf.revision_pdf(base, inst, header),
                    "akn": lambda: akn.instrument_akn(
                        inst,
                        language=args.language,
                        date=_date(args),
                        modifications=derive_proposals(base, inst, source="EDIT"),
                        source_document=args.symbol,
                    ),
                    "html": lambda: html_out.revision_html(base, inst, header),
                }[args.to]()
            else:
                out = {
                    "docx": lambda: docx_out.instrument_docx(inst, header),
                    "pdf": lambda: pdf.instrument_pdf(inst, header),
                    "akn": lambda: akn.instrument_akn(
                        inst, language=args.language, date=_date(args)
                    ),
                    "html": lambda: html_out.instrument_html(inst, header),
                }[args.to]()
    except FormatError as exc:
        raise CommandError(f"{args.text}: {exc}") from None
    data = out.encode("utf-8") if isinstance(out, str) else out
    try:
        Path(args.output).write_bytes(data)
    except OSError as exc:
        raise CommandError(f"{args.output}: cannot write: {exc.strerror}") from None
    return 0


def _date(args: argparse.Namespace) -> str:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.date or ""):
        return args.date
    return "2014-11-07"
