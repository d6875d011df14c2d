"""Text commands: diff, consolidate, compile. They use the engine only."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the text commands to the `plenipot` parser."""
