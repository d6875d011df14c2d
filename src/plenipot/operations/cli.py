"""Operations commands: backup, restore and the archive. Django is set up inside the handlers
(core.cli)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plenipot.core.cli import (
    CommandError,
    check_database,
    data_dir_options,
    django_setup,
    setup,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    common = data_dir_options()
    backup = subparsers.add_parser(
        "backup",
        parents=[common],
        help="take a consistent backup of the conference while it runs",
        description="Copy the database (SQLite through its online backup API, PostgreSQL "
        "with pg_dump), the uploaded files and the secret key into DEST, a new folder, "
        "with a manifest of row counts and checksums. The site keeps running.",
    )
    backup.add_argument("dest", metavar="DEST", help="the folder to create")
    backup.set_defaults(handler=handle_backup)

    restore = subparsers.add_parser(
        "restore",
        parents=[common],
        help="restore a backup into an empty data folder or PostgreSQL database",
        description="Check the backup in SRC against its manifest, restore it into an empty "
        "data folder (SQLite) or the empty database of DATABASE_URL, check the rows, and "
        "empty the shared page cache. Stop the servers first.",
    )
    restore.add_argument("source", metavar="SRC", help="a folder written by `plenipot backup`")
    restore.set_defaults(handler=handle_restore)

    archive = subparsers.add_parser(
        "archive",
        parents=[common],
        help="write the public record of the conference as a folder of static pages",
        description="Write what the public may read (documents in each language, the path "
        "of each text, decisions and statements, the timetable, the Final Acts) into DEST, "
        "a new folder of pages that work from a file system or any web server.",
    )
    archive.add_argument("dest", metavar="DEST", help="the folder to create")
    archive.add_argument(
        "--language",
        action="append",
        metavar="LANG",
        help="archive only this language of the site (repeatable; default: all six)",
    )
    archive.set_defaults(handler=handle_archive)


def _size(count: int) -> str:
    value = float(count)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{count} bytes"


def handle_backup(args: argparse.Namespace) -> int:
    dest = Path(args.dest).expanduser().resolve()  # before Django's set-up moves nothing
    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.operations.backup import BackupError, backup_create

    try:
        outcome = backup_create(dest=dest)
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    size = sum(item["size"] for item in outcome.manifest["files"].values())
    print(
        f"Backed up the database ({len(outcome.manifest['tables'])} tables, "
        f"{outcome.rows} rows), {outcome.media_files} uploaded file(s) and the secret key "
        f"to {outcome.folder} ({_size(size)}, {outcome.seconds:.1f} s)."
    )
    return 0


def handle_restore(args: argparse.Namespace) -> int:
    source = Path(args.source).expanduser().resolve()
    # Not core.cli.setup: opening a SQLite database that is not there creates it, and
    # the restore must find the data folder empty.
    django_setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from django.conf import settings
    from django.db import connection

    from plenipot.operations.backup import BackupError, backup_restore

    if connection.vendor != "sqlite":
        check_database()
    try:
        outcome = backup_restore(source=source)
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    where = (
        f"the data folder {settings.DATA_DIR}"
        if connection.vendor == "sqlite"
        else f"the database {settings.DATABASES['default']['NAME']}"
    )
    print(
        f"Restored the backup of {outcome.manifest['started']} into {where}: "
        f"{len(outcome.manifest['tables'])} tables, {outcome.rows} rows, "
        f"{outcome.media_files} uploaded file(s); the page cache is emptied "
        f"({outcome.seconds:.1f} s)."
    )
    if outcome.pending_migrations:
        print("The backup comes from an earlier version: run `plenipot migrate` before serving.")
    return 0


def handle_archive(args: argparse.Namespace) -> int:
    dest = Path(args.dest).expanduser().resolve()
    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.operations.archive import ArchiveError, archive_write

    try:
        outcome = archive_write(dest=dest, languages=args.language or None)
    except ArchiveError as exc:
        raise CommandError(str(exc)) from None
    print(
        f"Archived the public record in {len(outcome.languages)} language(s) to "
        f"{outcome.folder}: {outcome.pages} pages, {outcome.files} files "
        f"({outcome.seconds:.1f} s). Open {outcome.folder / 'index.html'}."
    )
    for failure in outcome.failures[:10]:
        print(f"plenipot: warning: {failure}", file=sys.stderr)
    return 1 if outcome.failures else 0
