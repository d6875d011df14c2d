"""`plenipot floor record MEETING`: the record of a meeting's interventions (who spoke,
on what, for how long), for the summary record. Run by the operator, who reads all."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from plenipot.core.cli import CommandError, data_dir_options, setup


def register(subparsers: argparse._SubParsersAction) -> None:
    floor = subparsers.add_parser(
        "floor", help="the floor of a meeting: the record of its interventions"
    )
    commands = floor.add_subparsers(dest="floor_command", metavar="COMMAND", required=True)
    record = commands.add_parser(
        "record",
        parents=[data_dir_options()],
        help="print who spoke in a meeting, on what and for how long",
        description="One line per intervention, in the order given: agenda item, time, "
        "delegation, kind (speaker, point_of_order, right_of_reply), provision, seconds.",
    )
    record.add_argument("meeting", type=int, help="the meeting's number in the site (its URL)")
    record.add_argument("--format", choices=["text", "csv", "json"], default="text")
    record.set_defaults(handler=handle_record)


def handle_record(args: argparse.Namespace) -> int:
    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.floor.selectors import meeting_record
    from plenipot.meetings.models import Meeting

    meeting = Meeting.objects.select_related("body").filter(pk=args.meeting).first()
    if meeting is None:
        raise CommandError(f"no meeting {args.meeting}")
    rows = [
        {
            "item": row["item"].position,
            "time": row["started_at"].isoformat(timespec="seconds"),
            "delegation": row["delegation"],
            "kind": row["kind"],
            "provision": row["provision"],
            "provision_label": row["provision_label"],
            "seconds": row["seconds"],
        }
        for row in meeting_record(meeting)
    ]
    if args.format == "json":
        json.dump(
            {"meeting": str(meeting), "interventions": rows},
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["item"])
        writer.writeheader()
        writer.writerows(rows)
    else:
        print(meeting)
        for row in rows:
            on = f" on {row['provision_label']}" if row["provision_label"] else ""
            kind = "" if row["kind"] == "speaker" else f" ({row['kind'].replace('_', ' ')})"
            print(
                f"{row['item']}\t{row['time']}\t{row['delegation']}{kind}{on}\t{row['seconds']} s"
            )
    return 0
