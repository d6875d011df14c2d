"""What the commands that take `--conference` share: the conference they name."""

from __future__ import annotations

import argparse

from plenipot.core.cli import CommandError


def conference_from_args(args: argparse.Namespace):
    """The conference `--conference SHORT_NAME` names, else the latest one; one line of
    error when there is none."""
    # Django is set up by the command first: the text commands run without it (core.cli).
    from plenipot.conference.models import Conference

    if args.conference:
        conference = Conference.objects.filter(short_name=args.conference).first()
    else:
        conference = Conference.objects.order_by("-start", "-pk").first()
    if conference is None:
        raise CommandError(
            f"no conference {args.conference!r}" if args.conference else "no conference yet"
        )
    return conference
