"""`plenipot follow` and `plenipot follows`: what a user follows for the daily digest,
from the command line, under the same rules as the pages and the API."""

from __future__ import annotations

import argparse

from plenipot.core.cli import CommandError, setup


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
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.accounts.models import User
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active account {username!r}")
    return user


def handle_follow(args: argparse.Namespace) -> int:
    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from django.core.exceptions import ValidationError

    from plenipot.accounts.roles import actor_for
    from plenipot.conference import selectors
    from plenipot.conference.models import Conference
    from plenipot.core.errors import ActionError
    from plenipot.portal.actions import check_follow_set

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
    try:
        check_follow_set(
            actor_for(user), conference=conference, what=args.what, key=args.key,
            following=not args.stop,
        )
    except ActionError as exc:
        raise CommandError(exc.detail) from None
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from None
    verb = "no longer follows" if args.stop else "follows"
    print(f"{args.username} {verb} {args.what} {args.key}.")
    return 0


def handle_follows(args: argparse.Namespace) -> int:
    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.accounts.models import Follow

    user = _user(args.username)
    rows = Follow.objects.filter(user=user).select_related("body", "instrument").order_by("pk")
    for row in rows:
        if row.body_id:
            print(f"body\t{row.body.code}\t{row.body.name}")
        else:
            print(f"instrument\t{row.instrument.number}\t{row.instrument.title}")
    return 0
