"""`plenipot setup FILE.toml`: create or update a conference from its set-up file.

The file is read and checked whole before anything is written, and the writes happen in
one transaction: a refused file leaves the database as it was. New accounts get a link
to set their password, printed once; no account is given a password.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from plenipot.core.cli import CommandError
from plenipot.core.cli import setup as django_ready

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "setup",
        help="create or update a conference from a set-up file (TOML)",
        description="Create or update the conference that FILE describes: its languages, "
        "Member States and regional organisations, delegations, bodies and chairs, rooms, "
        "texts in force and accounts (docs/setup.md). Running it again with the same file "
        "changes nothing; a file with a mistake is refused with its line, and nothing is "
        "written.",
    )
    command.add_argument("file", metavar="FILE.toml")
    command.add_argument("--data-dir", metavar="DIR", help="as for the other site commands")
    command.add_argument(
        "--base-url",
        default=DEFAULT_BASE_URL,
        help=f"the site's address, for the links that set new accounts' passwords "
        f"(default: {DEFAULT_BASE_URL})",
    )
    command.add_argument(
        "--check", action="store_true", help="read and check the file; write nothing"
    )
    command.set_defaults(handler=handle_setup)


def handle_setup(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    if not path.is_file():
        raise CommandError(f"{args.file}: no such file")
    django_ready(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from django.core.management import call_command

    from plenipot.core.actor import SYSTEM
    from plenipot.setup.actions import check_conference_setup
    from plenipot.setup.reading import SetupError, read_plan

    call_command("migrate", interactive=False, verbosity=0)
    try:
        plan = read_plan(path)
        if args.check:
            print(f"{path.name} is valid: {plan.conference.short_name}.")
            return 0
        outcome = check_conference_setup(SYSTEM, plan=plan, base_url=args.base_url)
    except SetupError as exc:
        raise CommandError(f"{path.name} is refused; nothing was written.\n{exc}") from None
    if not outcome.changed:
        print(f"Nothing to change: {outcome.conference.short_name} is as {path.name} says.")
        return 0
    for line in outcome.changes:
        print(line)
    if outcome.new_accounts:
        print()
        print("Each new account sets its password at its link (shown this once):")
        width = max(len(account.username) for account in outcome.new_accounts)
        for account in outcome.new_accounts:
            print(f"  {account.username:<{width}}  {account.link}")
    return 0
