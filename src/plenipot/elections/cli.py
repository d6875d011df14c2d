"""The `plenipot ballots` command: the results of a conference's elections and votes,
for the record or for another program.

`plenipot ballots results` prints every election of the conference (or one, by its
number) with each announced round's count and who was elected; `--format json` gives
the same as the API. Reads go through the access policy as the public, or as
`--as USERNAME`. Counting a ballot file without the site is `plenipot election count`.
"""

from __future__ import annotations

import argparse
import json

from plenipot.core.cli import CommandError, data_dir_options, setup


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `ballots` command to the `plenipot` parser."""
    ballots = subparsers.add_parser(
        "ballots",
        help="the results of the conference's elections and votes",
        description="Export the announced results of the conference's elections and votes.",
    )
    commands = ballots.add_subparsers(dest="ballots_command", metavar="COMMAND")
    commands.required = True
    results = commands.add_parser(
        "results",
        parents=[data_dir_options()],
        help="every announced round of the elections, and the votes of a meeting",
        description="Print each election (or the one given) with the count of each announced "
        "round and who was elected; with --meeting, the votes of that meeting.",
    )
    results.add_argument(
        "election", nargs="?", type=int, help="the election's number (all if left out)"
    )
    results.add_argument(
        "--meeting", type=int, metavar="ID", help="the votes of this meeting instead"
    )
    results.add_argument(
        "--conference", metavar="SHORT_NAME", help="e.g. PP-14 (default: the latest)"
    )
    results.add_argument("--as", dest="username", metavar="USERNAME", help="read as this user")
    results.add_argument("--format", choices=("text", "json"), default="text")
    results.set_defaults(handler=handle_results)


def handle_results(args: argparse.Namespace) -> int:
    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.accounts.roles import actor_for_username
    from plenipot.conference.models import Conference
    from plenipot.core.actor import ANONYMOUS
    from plenipot.elections import actions, selectors

    actor = ANONYMOUS
    if args.username:
        actor = actor_for_username(args.username)
        if actor is None:
            raise CommandError(f"no active account {args.username!r}")
    if args.meeting is not None:
        meeting = actions.access_meeting(actor, args.meeting)
        data = {
            "meeting": str(meeting),
            "votes": [selectors.vote_result_data(v) for v in selectors.meeting_votes(meeting)],
            "rounds": [selectors.round_result_data(r) for r in selectors.meeting_rounds(meeting)],
        }
        _print(data, args.format, _meeting_text)
        return 0
    if args.election is not None:
        elections = [actions.access_election(actor, args.election)]
    else:
        conference = (
            Conference.objects.filter(short_name=args.conference).first()
            if args.conference
            else Conference.objects.order_by("-start", "-pk").first()
        )
        if conference is None:
            raise CommandError("no such conference")
        elections = selectors.elections_watchable(actor.user, conference)
    data = [
        {
            "id": election.pk,
            "title": election.title,
            "kind": election.kind,
            "status": election.status,
            "rounds": [
                selectors.round_result_data(r)
                for r in selectors.election_rounds(election)
                if r.status == r.Status.ANNOUNCED
            ],
            "elected": selectors.election_elected(election),
        }
        for election in elections
    ]
    _print(data, args.format, _elections_text)
    return 0


def _print(data, form: str, text) -> None:
    if form == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(text(data))


def _elections_text(elections: list[dict]) -> str:
    lines = []
    for election in elections:
        lines.append(f"{election['title']} ({election['status']})")
        for result in election["rounds"]:
            majority = f", majority {result['majority']}" if result.get("majority") else ""
            lines.append(
                f"  Round {result['number']}: {result['ballots']} ballots, {result['valid']} valid, "
                f"{result['blank']} blank, {result['invalid']} invalid{majority}"
            )
            for row in result["candidates"]:
                mark = " elected" if row["elected"] else (" goes on" if row["next_round"] else "")
                region = (
                    f"{row['region']} " if row["region"] and election["kind"] != "single" else ""
                )
                lines.append(
                    f"    {region}{row['name']} ({row['nominated_by_code']}): {row['votes']}{mark}"
                )
        if election["elected"]:
            names = ", ".join(person["name"] for person in election["elected"])
            lines.append(f"  Elected: {names}")
    return "\n".join(lines) or "No election."


def _meeting_text(data: dict) -> str:
    lines = [data["meeting"]]
    for vote in data["votes"]:
        if vote["announced"]:
            lines.append(
                f"  {vote['question']}: {vote['outcome']} (yes {vote['yes']}, no {vote['no']}, "
                f"abstentions {vote['abstain']}; present {vote['present']} of {vote['entitled']})"
            )
        else:
            lines.append(f"  {vote['question']}: {vote['status']}")
    for result in data["rounds"]:
        lines.append(f"  {result['title']}, round {result['number']}: {result['status']}")
    return "\n".join(lines)
