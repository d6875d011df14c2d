"""The command line as a transport: the one-line error, and Django set up on demand.

The text commands (diff, consolidate, compile, proposals, export) run without Django or
a database, so nothing here imports Django at module level; the commands that need the
site call ``setup`` first and import what they use after it.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path


class CommandError(Exception):
    """A failure to report on one line, without a traceback."""


def data_dir_options() -> argparse.ArgumentParser:
    """The `--data-dir` option every command that opens the site's data takes, as a
    parent parser (`parents=[data_dir_options()]`)."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder for the SQLite database, the secret key and uploads "
        "(default: $PLENIPOT_DATA_DIR or ./plenipot-data)",
    )
    return options


def setup(args: argparse.Namespace) -> None:
    """Point Django at the data folder, check the environment and set Django up."""
    django_setup(args)
    check_database()


def django_setup(args: argparse.Namespace) -> None:
    """Point Django at the data folder and set Django up; a misconfigured environment
    ends the command with one line."""
    if getattr(args, "data_dir", None):
        # In the environment, so that server worker processes see it too.
        os.environ["PLENIPOT_DATA_DIR"] = str(Path(args.data_dir).expanduser().resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plenipot.site.settings")

    # Django is imported only by the commands that need it (see the module's docstring).
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise CommandError(str(exc).splitlines()[0]) from None


def check_database() -> None:
    # Imported once Django is set up (see the module's docstring).
    from django.db import OperationalError, connection

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        variable = "DATABASE_URL" if connection.vendor != "sqlite" else "PLENIPOT_DATA_DIR"
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CommandError(f"{variable}: cannot open the database ({reason})") from None
