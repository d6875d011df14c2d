"""Text commands: diff, consolidate, compile. They use the engine only.

No Django, no database: these commands read plain-text files and print to standard
output, so a secretariat can run them on any machine. Bad input never ends in a
traceback: it is reported as ``plenipot: error: FILE:LINE: what was expected`` with
exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from plenipot.core.cli import CommandError
from plenipot.engine.compilation import compile_synopsis, print_synopsis, synopsis_to_dict
from plenipot.engine.consolidation import BASE, Draft, consolidate, pick
from plenipot.engine.diff import diff_instruments, instrument_diff_html, instrument_diff_text
from plenipot.engine.draftformat import draft_to_dict, draft_to_html, parse_draft, print_draft
from plenipot.engine.instrument import Instrument, ParseError, parse_instrument, print_instrument
from plenipot.engine.proposals import (
    LABEL,
    Proposal,
    ProposalError,
    apply_proposals,
    derive_proposals,
    parse_proposals,
)

T = TypeVar("T")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the text commands to the `plenipot` parser."""
    diff = subparsers.add_parser(
        "diff",
        help="word diff of two versions of an instrument",
        description="Show the word-level changes from OLD to NEW, provision by provision.",
    )
    diff.add_argument("old", metavar="OLD", help="instrument in the plain-text format")
    diff.add_argument("new", metavar="NEW", help="instrument in the plain-text format")
    diff.add_argument("--format", choices=("text", "html", "json"), default="text")
    diff.set_defaults(handler=handle_diff)

    cons = subparsers.add_parser(
        "consolidate",
        help="consolidate edited copies into one bracketed draft",
        description=(
            "Consolidate VARIANTs of BASE into one draft with square brackets. Each VARIANT is "
            "a complete edited copy of BASE in the plain-text format (its label is the file "
            "name without extension, in capitals) or a list of proposals. With no VARIANT, "
            "BASE is read as a bracketed draft."
        ),
    )
    cons.add_argument("base", metavar="BASE")
    cons.add_argument("variants", metavar="VARIANT", nargs="*")
    cons.add_argument("--format", choices=("text", "html", "json"), default="text")
    cons.add_argument(
        "--pick",
        metavar="LABEL",
        help="print the text that choosing LABEL's alternatives everywhere gives (BASE for the base)",
    )
    cons.set_defaults(handler=handle_consolidate)

    comp = subparsers.add_parser(
        "compile",
        help="print the synoptic table of the proposals",
        description="For each provision of BASE, print the base text and every VARIANT's proposal.",
    )
    comp.add_argument("base", metavar="BASE")
    comp.add_argument("variants", metavar="VARIANT", nargs="+")
    comp.add_argument("--format", choices=("text", "json"), default="text")
    comp.set_defaults(handler=handle_compile)


# --- reading input ---------------------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path}: expected a UTF-8 text file") from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot read: {exc.strerror}") from None


def _parsed(path: str, parse: Callable[[str], T], text: str | None = None) -> T:
    try:
        return parse(_read(path) if text is None else text)
    except ParseError as exc:
        raise CommandError(f"{path}:{exc.line}: {exc.message}") from None


def _proposal_failure(path: str, exc: ProposalError) -> CommandError:
    where = f"{path}:{exc.line}" if exc.line else path
    return CommandError(f"{where}: {exc.message}")


def _is_proposal_list(text: str) -> bool:
    """A proposal list starts with a symbol like EUR/27A1/5; an instrument with a title."""
    for line in text.splitlines():
        if line.strip():
            first = line.split()[0]
            return first.count("/") >= 1 and len(line.split()) >= 2 and "(" not in first
    return False


def _variant_proposals(
    base: Instrument, paths: Sequence[str], *, noc: bool = False, labels: set[str] | None = None
) -> list[Proposal]:
    """Proposals from each VARIANT file, checked against the base file by file.

    The source labels found are added to ``labels`` (a copy identical to the base has a
    label but no proposals).
    """
    proposals: list[Proposal] = []
    files: dict[str, str] = {}
    for path in paths:
        text = _read(path)
        if _is_proposal_list(text):
            found = _parsed(path, parse_proposals, text)
            by_label: dict[str, list[Proposal]] = {}
            for p in found:
                by_label.setdefault(p.label, []).append(p)
            for own in by_label.values():
                try:
                    apply_proposals(base, own)
                except ProposalError as exc:
                    raise _proposal_failure(path, exc) from None
        else:
            label = Path(path).stem.upper()
            if not LABEL.fullmatch(label) or label == BASE:
                raise CommandError(
                    f"{path}: expected a file name that gives a source label like eur.txt "
                    f"(letters and digits; 'base' is reserved), found '{Path(path).name}'"
                )
            edited = _parsed(path, parse_instrument, text)
            found = derive_proposals(base, edited, source=label, noc=noc)
            by_label = {label: list(found)}
        for label in by_label:
            if label in files:
                raise CommandError(
                    f"{path}: the source {label} also comes from {files[label]}; expected one file per source"
                )
            files[label] = path
            if labels is not None:
                labels.add(label)
        proposals.extend(found)
    return proposals


def _out(text: str) -> None:
    sys.stdout.write(text)


# --- handlers ------------------------------------------------------------------------


def handle_diff(args: argparse.Namespace) -> int:
    old = _parsed(args.old, parse_instrument)
    new = _parsed(args.new, parse_instrument)
    diffs = diff_instruments(old, new)
    if args.format == "html":
        _out(instrument_diff_html(diffs))
    elif args.format == "json":
        data = [
            {
                "eid": d.eid,
                "kind": d.kind.value,
                "depth": d.depth,
                "label": d.label,
                "status": d.status,
                "ops": [{"op": op.op, "text": op.text} for op in d.ops],
            }
            for d in diffs
        ]
        _out(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _out(instrument_diff_text(diffs))
    return 0


def _draft(args: argparse.Namespace) -> tuple[Draft, set[str]]:
    """The draft and the labels one may pick from it."""
    if not args.variants:
        draft = _parsed(args.base, parse_draft)
        return draft, set(draft.labels())
    base = _parsed(args.base, parse_instrument)
    labels: set[str] = {BASE}
    proposals = _variant_proposals(base, args.variants, labels=labels)
    try:
        return consolidate(base, proposals), labels
    except ProposalError as exc:
        raise CommandError(f"{args.base}: {exc.message}") from None


def handle_consolidate(args: argparse.Namespace) -> int:
    draft, labels = _draft(args)
    if args.pick:
        if args.pick.upper() not in labels:
            raise CommandError(
                f"--pick: expected one of the labels {', '.join(sorted(labels))}, found '{args.pick}'"
            )
        try:
            chosen = pick(draft, args.pick)
        except ValueError as exc:
            raise CommandError(
                f"--pick {args.pick}: the choices do not form an instrument: {exc}"
            ) from None
        _out(print_instrument(chosen))
        return 0
    if args.format == "html":
        _out(draft_to_html(draft))
    elif args.format == "json":
        _out(json.dumps(draft_to_dict(draft), ensure_ascii=False, indent=2) + "\n")
    else:
        _out(print_draft(draft))
    return 0


def handle_compile(args: argparse.Namespace) -> int:
    base = _parsed(args.base, parse_instrument)
    # Edited copies list every provision they leave alone as NOC, as a synoptic table does.
    proposals = _variant_proposals(base, args.variants, noc=True)
    synopsis = compile_synopsis(base, proposals)
    if args.format == "json":
        _out(json.dumps(synopsis_to_dict(synopsis), ensure_ascii=False, indent=2) + "\n")
    else:
        _out(print_synopsis(synopsis))
    return 0
