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


def setup(args: argparse.Namespace, *, check_redis: bool = False) -> None:
    """Point Django at the data folder, check the environment and set Django up."""
    if getattr(args, "data_dir", None):
        # In the environment, so that server worker processes see it too.
        os.environ["PLENIPOT_DATA_DIR"] = str(Path(args.data_dir).expanduser().resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plenipot.site.settings")

    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
        from django.conf import settings

        if check_redis and settings.REDIS_URL:
            from plenipot.site.environment import check_redis as ping

            ping(settings.REDIS_URL)
    except ImproperlyConfigured as exc:
        raise CommandError(str(exc).splitlines()[0]) from None
    check_database()


def check_database() -> None:
    from django.db import OperationalError, connection

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        variable = "DATABASE_URL" if connection.vendor != "sqlite" else "PLENIPOT_DATA_DIR"
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CommandError(f"{variable}: cannot open the database ({reason})") from None
