"""The `plenipot` command: assembles the parser from each part's own commands.

The text commands (diff, consolidate, compile, proposals, export) run without Django or a
database; the others set Django up inside their handlers (`core.cli.setup`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from plenipot import __version__
from plenipot.core.cli import CommandError
from plenipot.documents import cli as documents_cli
from plenipot.elections import cli as elections_cli
from plenipot.floor import cli as floor_cli
from plenipot.formats import cli as formats_cli
from plenipot.formats import election_cli, text_cli
from plenipot.negotiation import cli as negotiation_cli
from plenipot.operations import cli as operations_cli
from plenipot.planning import cli as planning_cli
from plenipot.portal import cli as portal_cli
from plenipot.setup import cli as setup_cli
from plenipot.site import cli as site_cli
from plenipot.submissions import cli as submissions_cli
from plenipot.tracker import cli as tracker_cli
from plenipot.translation import cli as translation_cli

__all__ = ["CommandError", "build_parser", "main"]

COMMANDS = (
    site_cli,
    setup_cli,
    text_cli,
    election_cli,
    planning_cli,
    formats_cli,
    translation_cli,
    portal_cli,
    tracker_cli,
    negotiation_cli,
    submissions_cli,
    operations_cli,
    floor_cli,
    documents_cli,
    elections_cli,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plenipot",
        description="Run a consensus-based negotiation conference.",
    )
    parser.add_argument("--version", action="version", version=f"plenipot {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except CommandError as exc:
        print(f"plenipot: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # An action's refusal, in the words the API and the pages use. Imported here:
        # the text commands run without Django, and the vocabulary reads its exceptions.
        from plenipot.core.errors import as_action_error

        refusal = as_action_error(exc)
        if refusal is None:
            raise
        print(f"plenipot: error: {refusal.detail}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
