"""`plenipot follow` and `plenipot follows`: what a user follows for the daily digest,
from the command line, under the same rules as the pages and the API."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", help="the data folder (as for serve)")

    follow = subparsers.add_parser(
        "follow",
        parents=[common],
        help="make a user follow (or stop following) a body or an instrument",
        description="The user then receives the daily digest of what changed in it "
        "(`plenipot digest`). A body whose meetings the user may not follow is refused.",
    )
    follow.add_argument("username")
    follow.add_argument("what", choices=["body", "instrument"])
    follow.add_argument("key", help='a body\'s code ("COM5") or an instrument\'s number ("130")')
    follow.add_argument("--stop", action="store_true", help="stop following it")
    follow.add_argument(
        "--conference", metavar="SHORT_NAME", help="the conference (default: the current one)"
    )
    follow.set_defaults(handler=handle_follow)

    follows = subparsers.add_parser(
        "follows", parents=[common], help="list what a user follows"
    )
    follows.add_argument("username")
    follows.set_defaults(handler=handle_follows)


def _user(username: str):
    from plenipot.accounts.models import User
    from plenipot.cli import CommandError

    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user named {username!r}")
    return user


def handle_follow(args: argparse.Namespace) -> int:
    from plenipot.sitecli import setup

    setup(args)
    from django.core.exceptions import ValidationError

    from plenipot.accounts.access import body_watchable
    from plenipot.accounts.services import follow_set
    from plenipot.cli import CommandError
    from plenipot.conference import selectors
    from plenipot.conference.models import Body, Conference
    from plenipot.negotiation.models import Instrument

    user = _user(args.username)
    if args.conference:
        conference = Conference.objects.filter(short_name=args.conference).first()
    else:
        conference = selectors.conference_current()
    if conference is None:
        raise CommandError(
            f"no conference {args.conference!r}" if args.conference
            else "no conference has been set up yet"
        )
    if args.what == "body":
        body = Body.objects.filter(conference=conference, code=args.key).first()
        if body is None or (not args.stop and not body_watchable(user, body)):
            raise CommandError(f"no body {args.key!r} open to {args.username!r}")
        target = {"body": body}
    else:
        instrument = Instrument.objects.filter(conference=conference, number=args.key).first()
        if instrument is None:
            raise CommandError(f"no instrument numbered {args.key!r}")
        target = {"instrument": instrument}
    try:
        follow_set(user=user, following=not args.stop, **target)
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from None
    verb = "no longer follows" if args.stop else "follows"
    print(f"{args.username} {verb} {args.what} {args.key}.")
    return 0


def handle_follows(args: argparse.Namespace) -> int:
    from plenipot.sitecli import setup

    setup(args)
    from plenipot.accounts.models import Follow

    user = _user(args.username)
    rows = Follow.objects.filter(user=user).select_related("body", "instrument").order_by("pk")
    for row in rows:
        if row.body_id:
            print(f"body\t{row.body.code}\t{row.body.name}")
        else:
            print(f"instrument\t{row.instrument.number}\t{row.instrument.title}")
    return 0
