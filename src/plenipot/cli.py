"""The `plenipot` command.

Sub-commands come from two modules so that the text commands (diff, consolidate,
compile) run without Django or a database: `plenipot.textcli` imports only the engine,
`plenipot.sitecli` sets up Django lazily, inside its handlers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from plenipot import __version__


class CommandError(Exception):
    """A failure to report on one line, without a traceback."""


def build_parser() -> argparse.ArgumentParser:
    from plenipot import formatscli, plannercli, sitecli, textcli, translationcli

    parser = argparse.ArgumentParser(
        prog="plenipot",
        description="Run a consensus-based negotiation conference.",
    )
    parser.add_argument("--version", action="version", version=f"plenipot {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    sitecli.register(subparsers)
    textcli.register(subparsers)
    plannercli.register(subparsers)
    formatscli.register(subparsers)
    translationcli.register(subparsers)
    from plenipot import followcli

    followcli.register(subparsers)
    from plenipot import trackercli

    trackercli.register(subparsers)
    from plenipot import draftcli

    draftcli.register(subparsers)
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


if __name__ == "__main__":
    sys.exit(main())
