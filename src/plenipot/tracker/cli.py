"""`plenipot path`: where a text stands, and moving it along its path from a terminal.

The same service as the tracker page and the API does the move, as the account named
with `--as`, so the same rules apply: the secretariat or the chair handling the text,
no skipped stage, and no blue or pink document before the six languages are ready.
"""

from __future__ import annotations

import argparse

from plenipot.conference.cli import conference_from_args
from plenipot.core.cli import CommandError, setup


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "path",
        help="show where a text stands on its path, or move it",
        description="Show a text's stage and trail, or move it to its next stage.",
    )
    actions = command.add_subparsers(dest="action", metavar="ACTION")
    show = actions.add_parser("show", help="a text's stage, its trail and what the gate says")
    show.add_argument("kind", choices=["resolution", "decision", "recommendation"])
    show.add_argument("number")
    show.set_defaults(handler=handle_show)
    move = actions.add_parser(
        "move",
        help="move a text to its next stage",
        description="Move a text to its next stage as the given account. For the readings "
        "the blue or pink document is issued with the current text unless --document names one.",
    )
    move.add_argument("kind", choices=["resolution", "decision", "recommendation"])
    move.add_argument("number")
    move.add_argument("stage", help="e.g. allocated, in_body, ad_hoc, dt, first_reading")
    move.add_argument("--as", dest="username", required=True, metavar="USERNAME")
    move.add_argument("--body", metavar="CODE", help="the body it goes to (allocation, referral)")
    move.add_argument("--document", metavar="SYMBOL", help='e.g. "DT/5(Rev.1)"')
    move.add_argument("--note", default="")
    move.set_defaults(handler=handle_move)
    for parser in (show, move):
        parser.add_argument("--conference", metavar="SHORT_NAME", help="default: the latest")
        parser.add_argument("--data-dir", metavar="DIR", help="as for the other site commands")
    command.set_defaults(handler=lambda args: command.print_help() or 2)


def _path(args: argparse.Namespace):
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.tracker import selectors
    from plenipot.tracker.models import TextPath

    conference = conference_from_args(args)
    try:
        return selectors.path_get(conference=conference, kind=args.kind, number=args.number)
    except TextPath.DoesNotExist:
        raise CommandError(f"{args.kind} {args.number} is not on the tracker") from None


def _print_path(path) -> None:
    # Django is set up by now; the command line starts without it (core.cli).
    from django.utils import timezone

    from plenipot.tracker.selectors import issue_gate_failures

    label = path.adopted_number or path.instrument.number
    body = f" ({path.body.code})" if path.body_id else ""
    print(f"{path.instrument.get_kind_display()} {label}: {path.get_stage_display()}{body}")
    for event in path.events.select_related("body", "document"):
        when = timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M")
        parts = [event.get_to_stage_display()]
        if event.body_id:
            parts.append(event.body.code)
        if event.document_id:
            parts.append(event.document.symbol)
        print(f"  {when}  " + " · ".join(str(p) for p in parts))
    if path.stage in ("editorial", "first_reading"):
        failures = issue_gate_failures(path=path)
        print("Six languages: " + ("ready" if not failures else "not ready"))
        for failure in failures:
            print(f"  - {failure}")


def handle_show(args: argparse.Namespace) -> int:
    setup(args)
    _print_path(_path(args))
    return 0


def handle_move(args: argparse.Namespace) -> int:

    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from django.core.exceptions import ValidationError

    from plenipot.accounts.roles import actor_for_username
    from plenipot.core.errors import ActionError
    from plenipot.tracker.actions import check_text_move

    path = _path(args)
    actor = actor_for_username(args.username)
    if actor is None:
        raise CommandError(f"no active account {args.username!r}")
    try:
        moved = check_text_move(
            actor,
            path=path,
            to_stage=args.stage,
            body_code=args.body,
            document_symbol=args.document,
            note=args.note,
        )
    except ActionError as exc:
        raise CommandError(exc.detail) from None
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from None
    _print_path(moved)
    return 0
