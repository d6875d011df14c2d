"""File commands: proposals from a Word file, conversion of a text in force between
plain text, Akoma Ntoso and Word, and exports to DOCX, PDF, AKN and HTML.

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
from plenipot.engine.draftformat import parse_draft
from plenipot.engine.instrument import ParseError, missing_parts, parse_instrument, print_instrument
from plenipot.engine.proposals import derive_proposals, print_proposals
from plenipot.formats.common import DocumentHeader
from plenipot.formats.safety import DEFAULT_LIMITS, FormatError, check_size, check_text
from plenipot.formats.texts_in_force import read_text_in_force


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
    prop.add_argument(
        "--source",
        metavar="LABEL",
        help="source of tracked changes (when the file's symbols, like MEX/18A3/1, name none)",
    )
    prop.add_argument("--format", choices=("text", "json"), default="text")
    prop.set_defaults(handler=handle_proposals)

    convert = subparsers.add_parser(
        "convert",
        help="convert a text in force between plain text, Akoma Ntoso and Word",
        description=(
            "Read the instrument in FILE (.txt in the plain-text format, .xml in Akoma Ntoso "
            "3.0, .docx a Word file without tracked changes) and write it in another format."
        ),
    )
    convert.add_argument("file", metavar="FILE")
    convert.add_argument("--to", required=True, choices=("text", "akn", "docx"))
    convert.add_argument(
        "-o", "--output", metavar="OUT", help="required for docx; text goes to standard output"
    )
    convert.add_argument(
        "--language", default="", help="two-letter language code (default: the file's, or en)"
    )
    convert.set_defaults(handler=handle_convert)

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


def _base(path: str):
    """The instrument in force for ``proposals``: it must look like one."""
    base = _instrument(path)
    missing = missing_parts(base)
    if missing:
        raise CommandError(f"{path}: does not look like an instrument: {'; '.join(missing)}")
    return base


def handle_proposals(args: argparse.Namespace) -> int:
    # The Word reader loads lxml and python-docx: only for the commands that read Word.
    from plenipot.formats.docx_in import extract_proposals

    base = _base(args.base) if args.base else None
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


def handle_convert(args: argparse.Namespace) -> int:
    # The writers load lxml and python-docx: only for this command.
    from plenipot.formats import akn, docx_out

    try:
        read = read_text_in_force(args.file, _read_bytes(args.file))
        inst = read.instrument
        language = args.language or read.language or "en"
        if args.to == "text":
            out: bytes | str = print_instrument(inst)
        elif args.to == "akn":
            out = akn.instrument_akn(inst, language=language)
        else:
            out = docx_out.instrument_docx(inst, DocumentHeader(language=language))
    except FormatError as exc:
        raise CommandError(f"{args.file}: {exc}") from None
    if args.output is None:
        if args.to == "docx":
            raise CommandError("--to docx writes a Word file: give it a name with -o")
        sys.stdout.write(out if isinstance(out, str) else out.decode("utf-8"))
        return 0
    data_out = out.encode("utf-8") if isinstance(out, str) else out
    try:
        Path(args.output).write_bytes(data_out)
    except OSError as exc:
        raise CommandError(f"{args.output}: cannot write: {exc.strerror}") from None
    return 0


_DRAFT_LINE = re.compile(r"\{[^{}]+\}\s*$", re.MULTILINE)


def handle_export(args: argparse.Namespace) -> int:
    # The writers load lxml, python-docx and WeasyPrint (a second or more): only here.
    from plenipot.formats import akn, docx_out, html_out, pdf

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
