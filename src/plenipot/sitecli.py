"""Site commands: demo, serve, migrate, createsuperuser. Django is set up lazily."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the site commands to the `plenipot` parser."""
