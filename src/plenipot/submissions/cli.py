"""`plenipot submissions`: the submission desk from a terminal.

Every command acts as the account named with `--as` and calls the same actions as the
pages and the API: a delegation uploads and submits its Word file; the secretariat lists
the queue, registers a submission (its number and symbol) or returns it with a reason;
the secretariat or the Steering Committee's chair allocates a document to a body.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from plenipot.conference.cli import conference_from_args
from plenipot.core.cli import CommandError, setup

STATUSES = ("review", "submitted", "registered", "returned")


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "submissions",
        help="the submission desk: upload, submit, the queue, register, return, allocate",
        description="Submissions as the account named with --as, under the same rules as "
        "the pages and the API.",
    )
    actions = command.add_subparsers(dest="action", metavar="ACTION")

    listing = actions.add_parser(
        "list", help="the secretariat's queue, or your delegation's files",
        description="Newest first: id, status, late or on time, sources, instrument and title.",
    )  # fmt: skip
    listing.add_argument("--status", choices=STATUSES, help="only those in this status")
    listing.set_defaults(handler=handle_list)

    upload = actions.add_parser(
        "upload", help="read a Word file of proposals and keep it for review",
    )  # fmt: skip
    upload.add_argument("file", metavar="FILE.docx")
    upload.add_argument(
        "--instrument", required=True, metavar="TEXT", help='e.g. "resolution 130"'
    )
    upload.add_argument("--title", default="", help="the document's title")
    upload.set_defaults(handler=handle_upload)

    submit = actions.add_parser("submit", help="submit a reviewed file to the secretariat")
    submit.add_argument("id", metavar="ID", type=int)
    submit.set_defaults(handler=handle_submit)

    registration = actions.add_parser(
        "register", help="register a submission: its number and symbol (the secretariat)",
    )  # fmt: skip
    registration.add_argument("id", metavar="ID", type=int)
    registration.add_argument("--number", help="the number to give (default: the next free)")
    registration.set_defaults(handler=handle_register)

    giving_back = actions.add_parser(
        "return", help="return a submission to its sources with the reason (the secretariat)"
    )
    giving_back.add_argument("id", metavar="ID", type=int)
    giving_back.add_argument("reason", metavar="REASON")
    giving_back.set_defaults(handler=handle_return)

    allocation = actions.add_parser(
        "allocate", help="allocate a registered document, or one proposal, to a body",
    )  # fmt: skip
    allocation.add_argument("symbol", metavar="SYMBOL", help='e.g. "Document 12"')
    allocation.add_argument("body", metavar="BODY", help='e.g. "COM5"')
    allocation.add_argument("--proposal", default="", metavar="SYMBOL", help='e.g. "F/12/3"')
    allocation.set_defaults(handler=handle_allocate)

    for parser in (listing, upload, submit, registration, giving_back, allocation):
        parser.add_argument("--as", dest="username", required=True, metavar="USERNAME")
        parser.add_argument("--conference", metavar="SHORT_NAME", help="default: the latest")
        parser.add_argument("--data-dir", metavar="DIR", help="as for the other site commands")
    command.set_defaults(handler=lambda args: command.print_help() or 2)


def _start(args: argparse.Namespace):
    """Django set up; the conference and the acting account."""
    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.accounts.roles import actor_for_username

    actor = actor_for_username(args.username)
    if actor is None:
        raise CommandError(f"no active account {args.username!r}")
    return conference_from_args(args), actor


def _line(row) -> str:
    document = row.document
    sources = ", ".join(s.symbol or s.name for s in document.sources.all()) if document else ""
    symbol = document.symbol if document is not None and document.number else ""
    parts = [
        f"{row.pk:>5}",
        f"{row.state:<10}",
        "LATE   " if row.late else "on time" if document else "       ",
        f"{sources or '-':<12}",
        f"{row.instrument.kind} {row.instrument.number}",
        symbol,
        row.title,
    ]
    return "  ".join(part for part in parts if part)


def handle_list(args: argparse.Namespace) -> int:
    conference, actor = _start(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.submissions.actions import submission_list

    rows = submission_list(actor, conference=conference, status=args.status)
    if not rows:
        print("No submissions.")
        return 0
    for row in rows:
        print(_line(row))
    return 0


def handle_upload(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    if not path.is_file():
        raise CommandError(f"{args.file}: no such file")
    conference, actor = _start(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.submissions.actions import check_upload_create
    from plenipot.submissions.uploads import upload_limits

    limit = upload_limits().max_file_bytes
    if path.stat().st_size > limit:
        raise CommandError(f"{path.name} is larger than {limit} bytes")
    upload = check_upload_create(
        actor,
        conference=conference,
        instrument=args.instrument,
        filename=path.name,
        data=path.read_bytes(),
        title=args.title,
    )
    print(f"Read {len(upload.proposals)} proposal(s) from {path.name}: submission {upload.pk}.")
    for problem in upload.problems:
        print(f"  to fix before submitting: {problem}")
    return 0


def handle_submit(args: argparse.Namespace) -> int:
    _conference, actor = _start(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.documents.selectors import document_is_late, submission_deadline
    from plenipot.submissions.actions import check_upload_submit

    document = check_upload_submit(actor, upload_id=args.id)
    late = document_is_late(document, submission_deadline(conference=document.conference))
    print(
        f"Submitted {document.title!r}"
        + (" after the deadline: received as late." if late else ": awaiting registration.")
    )
    return 0


def handle_register(args: argparse.Namespace) -> int:
    conference, actor = _start(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.submissions.actions import check_submission_register

    document = check_submission_register(
        actor, conference=conference, upload_id=args.id, number=args.number
    )
    print(f"Registered as {document.symbol} (document {document.pk}).")
    return 0


def handle_return(args: argparse.Namespace) -> int:
    conference, actor = _start(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.submissions.actions import check_submission_return

    document = check_submission_return(
        actor, conference=conference, upload_id=args.id, reason=args.reason
    )
    print(f"Returned {document.title!r} to its sources.")
    return 0


def handle_allocate(args: argparse.Namespace) -> int:
    conference, actor = _start(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.tracker.actions import check_allocation_on_path

    allocation = check_allocation_on_path(
        actor,
        conference=conference,
        symbol=args.symbol,
        body_code=args.body,
        proposal_symbol=args.proposal,
    )
    what = allocation.proposal.symbol if allocation.proposal_id else allocation.document.symbol
    print(f"{what} allocated to {allocation.body.code}.")
    return 0
