"""Backups of a running conference, and their restore.

A backup is a folder: the database (SQLite copied through its online backup API, or
PostgreSQL dumped by `pg_dump` in its custom format), the uploaded files under `media/`,
the secret key, and `manifest.json`, written last, which names every file with its size
and SHA-256 and counts the rows of every table in the copy. The copy of the database is
one consistent moment: SQLite's backup is one read transaction (writers go on, the
database being in WAL mode); PostgreSQL's rows are counted in the very snapshot that
`pg_dump` reads (`pg_export_snapshot`). The files are copied after the database, so
every file the copy names is there.

A restore reads the manifest first and refuses a backup that lacks it (one that did not
finish), that misses a file, or whose file does not match its checksum, before it
writes anything; it restores only into an empty data folder or an empty PostgreSQL
database, checks the restored rows against the manifest's counts, and empties the
shared page cache, whose keys follow counters kept in the database and would otherwise
serve pages from before the restore.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from plenipot import __version__

MANIFEST = "manifest.json"
FORMAT = 1
SQLITE_FILE = "plenipot.sqlite3"
DUMP_FILE = "database.dump"
SECRET_FILE = "secret_key"
MEDIA = "media"
CHUNK = 1 << 20
LIBPQ_PARAMETERS = frozenset(
    {
        "host", "hostaddr", "port", "dbname", "user", "connect_timeout", "sslmode",
        "sslrootcert", "sslcert", "sslkey", "sslcrl", "target_session_attrs",
    }
)  # fmt: skip


class BackupError(Exception):
    """What is wrong, in one line."""


@dataclass(frozen=True)
class Outcome:
    folder: Path
    manifest: dict
    seconds: float
    pending_migrations: int = 0

    @property
    def rows(self) -> int:
        return sum(self.manifest["tables"].values())

    @property
    def media_files(self) -> int:
        return sum(1 for name in self.manifest["files"] if name.startswith(MEDIA + "/"))


# --- files -----------------------------------------------------------------------------


def _copy_hashing(source: Path, target: Path) -> dict:
    """Copy a file, and give its size and SHA-256 as read."""
    digest = hashlib.sha256()
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as reading, target.open("wb") as writing:
        while chunk := reading.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            writing.write(chunk)
        writing.flush()
        os.fsync(writing.fileno())
    return {"size": size, "sha256": digest.hexdigest()}


def _described(path: Path) -> dict:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as reading:
        while chunk := reading.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def _media_files(root: Path) -> list[Path]:
    """The regular files under the uploads folder (links are not followed)."""
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return sorted(found)


def _safe_name(name: str) -> PurePosixPath:
    """A name from a manifest, refused unless it stays inside the backup folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or any(part in ("", ".", "..") for part in path.parts):
        raise BackupError(f"the manifest names a file outside the backup: {name!r}")
    return path


# --- the database ----------------------------------------------------------------------


def _vendor() -> str:
    return "sqlite" if connection.vendor == "sqlite" else connection.vendor


def _tables() -> list[str]:
    names = set(connection.introspection.django_table_names(only_existing=True, include_views=False))
    names.add("django_migrations")
    return sorted(names)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {_quoted(table)}")
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _migrations(cursor) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations")
    return sorted(f"{app}.{name}" for app, name in cursor.fetchall())


def _sqlite_copy(target_path: Path, tables: list[str]) -> tuple[dict, list[str]]:
    """Copy the live SQLite database through its online backup API, in one step: one
    read transaction, so the copy is one moment of the database while writers go on."""
    connection.ensure_connection()
    target = sqlite3.connect(target_path)
    try:
        connection.connection.backup(target)
        # One self-contained file, whatever the live database's journal.
        target.execute("PRAGMA journal_mode=DELETE")
        verdict = target.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise BackupError(f"the copy of the database fails SQLite's check ({verdict})")
        cursor = target.cursor()
        return _counts(cursor, tables), _migrations(cursor)
    finally:
        target.close()


def _postgres_environment() -> tuple[dict[str, str], str]:
    """The environment and the connection string for pg_dump and pg_restore: the
    password goes in the environment, never on a command line others can read."""
    connection.ensure_connection()
    info = connection.connection.info
    environment = dict(os.environ)
    if info.password:
        environment["PGPASSWORD"] = info.password
    # Only the parameters every libpq knows: the client library bundled with psycopg may
    # be newer than the server's tools.
    parameters = info.get_parameters()
    dsn = " ".join(
        f"{key}={_libpq_quoted(value)}"
        for key, value in sorted(parameters.items())
        if key in LIBPQ_PARAMETERS
    )
    return environment, dsn


def _libpq_quoted(value: str) -> str:
    """A value of a libpq connection string: in single quotes, with backslashes and
    quotes escaped by a backslash."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _run_tool(arguments: list[str], environment: dict[str, str]) -> None:
    try:
        done = subprocess.run(arguments, env=environment, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            f"{arguments[0]} is not installed: apt-get install postgresql-client"
        ) from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        reason = lines[-1] if lines else f"exit status {done.returncode}"
        raise BackupError(f"{arguments[0]} failed: {reason}")


def _postgres_dump(target_path: Path, tables: list[str]) -> tuple[dict, list[str]]:
    """Dump PostgreSQL with pg_dump, counting the rows in the snapshot that pg_dump
    reads, so the counts describe exactly the dump while writers go on."""
    environment, dsn = _postgres_environment()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _counts(cursor, tables)
        migrations = _migrations(cursor)
        _run_tool(
            [
                "pg_dump", "--format=custom", f"--snapshot={snapshot}", "--no-password",
                f"--file={target_path}", f"--dbname={dsn}",
            ],
            environment,
        )  # fmt: skip
    return counts, migrations


# --- backup ----------------------------------------------------------------------------


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def backup_create(*, dest: Path) -> Outcome:
    """Write a backup of the site's database, uploads and secret key into `dest`, a new
    or empty folder."""
    started = time.monotonic()
    dest = dest.expanduser().resolve()
    if "django_migrations" not in connection.introspection.table_names():
        where = (
            settings.DATA_DIR if connection.vendor == "sqlite" else "the DATABASE_URL database"
        )
        raise BackupError(f"the database in {where} is empty: there is nothing to back up")
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if dest == media_root or media_root in dest.parents:
        raise BackupError(f"{dest}: a backup cannot go inside the uploads folder")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"{dest} already exists and is not an empty folder")
    try:
        dest.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot create {dest} ({exc.strerror})") from None

    try:
        return _backup_into(dest, media_root, started)
    except BaseException:
        # No half-written backup is left to be mistaken for one (nor to block a retry).
        shutil.rmtree(dest, ignore_errors=True)
        raise


def _backup_into(dest: Path, media_root: Path, started: float) -> Outcome:
    manifest: dict = {
        "format": FORMAT,
        "plenipot": __version__,
        "started": _now(),
        "database": {"vendor": _vendor()},
    }
    tables = _tables()
    if manifest["database"]["vendor"] == "sqlite":
        name = SQLITE_FILE
        counts, migrations = _sqlite_copy(dest / name, tables)
    elif manifest["database"]["vendor"] == "postgresql":
        name = DUMP_FILE
        counts, migrations = _postgres_dump(dest / name, tables)
    else:
        raise BackupError(f"cannot back up a {connection.vendor} database")
    files = {name: _described(dest / name)}
    manifest["database"]["file"] = name
    manifest["tables"] = counts
    manifest["migrations"] = migrations

    # After the database: every file the copy names was written before it was taken.
    for path in _media_files(media_root):
        relative = path.relative_to(media_root).as_posix()
        files[f"{MEDIA}/{relative}"] = _copy_hashing(path, dest / MEDIA / relative)

    secret = dest / SECRET_FILE
    fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(settings.SECRET_KEY + "\n")
    files[SECRET_FILE] = _described(secret)

    manifest["files"] = files
    manifest["finished"] = _now()
    # Written last, and whole or not at all: a backup without it did not finish.
    partial = dest / (MANIFEST + ".partial")
    partial.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(dest / MANIFEST)
    return Outcome(folder=dest, manifest=manifest, seconds=time.monotonic() - started)


# --- checking a backup -----------------------------------------------------------------


def backup_check(*, source: Path) -> dict:
    """The manifest of the backup in `source`, once every file it names is there and
    matches its size and checksum; BackupError saying what is wrong otherwise."""
    source = source.expanduser()
    if not source.is_dir():
        raise BackupError(f"{source} is not a folder")
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(
            f"{source} has no {MANIFEST}: the backup is incomplete (it did not finish) "
            "or is not a Plenipot backup"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError):
        raise BackupError(f"{source / MANIFEST} is damaged: it is not readable JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{source / MANIFEST}: not a backup this version can read")
    try:
        database = manifest["database"]
        files = manifest["files"]
        tables = manifest["tables"]
        vendor, name = database["vendor"], database["file"]
        listed = {
            key: (int(value["size"]), str(value["sha256"])) for key, value in files.items()
        }
        counts = {str(key): int(value) for key, value in tables.items()}
        migrations = [str(item) for item in manifest["migrations"]]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise BackupError(f"{source / MANIFEST} is damaged: a part of it is missing") from None
    if name not in listed or SECRET_FILE not in listed:
        raise BackupError(f"{source / MANIFEST} is damaged: it does not list the database")

    problems = []
    for key, (size, checksum) in sorted(listed.items()):
        path = source / _safe_name(key)
        if not path.is_file():
            problems.append(f"{key} is missing")
            continue
        found = _described(path)
        if found["size"] != size:
            problems.append(f"{key} has {found['size']} bytes, not {size}")
        elif found["sha256"] != checksum:
            problems.append(f"{key} does not match its checksum")
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BackupError(f"the backup in {source} is damaged: {problems[0]}{more}")
    return {
        **manifest,
        "database": {"vendor": vendor, "file": name},
        "tables": counts,
        "migrations": migrations,
    }


# --- restore ---------------------------------------------------------------------------


def _check_target_empty(vendor: str) -> None:
    """Refuse to restore over a database: only into an empty data folder or database."""
    if vendor == "sqlite":
        target = Path(settings.DATABASES["default"]["NAME"])
        if any(Path(f"{target}{end}").exists() for end in ("", "-wal", "-shm")):
            raise BackupError(
                f"{target.parent} already holds a database: restore into an empty data folder"
            )
    elif connection.introspection.table_names():
        raise BackupError(
            f"the database {settings.DATABASES['default']['NAME']!r} is not empty: "
            "restore into an empty PostgreSQL database"
        )
    media_root = Path(settings.MEDIA_ROOT)
    if _media_files(media_root):
        raise BackupError(f"{media_root} is not empty: restore into an empty data folder")


def _restore_sqlite(source: Path, manifest: dict) -> None:
    target = Path(settings.DATABASES["default"]["NAME"])
    expected = manifest["files"][manifest["database"]["file"]]
    partial = target.with_name(target.name + ".restoring")
    copied = _copy_hashing(source / manifest["database"]["file"], partial)
    if copied["sha256"] != expected["sha256"]:
        partial.unlink()
        raise BackupError("the database changed while it was being restored; try again")
    partial.replace(target)


def _restore_postgres(source: Path, manifest: dict) -> None:
    environment, dsn = _postgres_environment()
    connection.close()
    _run_tool(
        [
            "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
            "--single-transaction", "--no-password", f"--dbname={dsn}",
            str(source / manifest["database"]["file"]),
        ],
        environment,
    )  # fmt: skip


def backup_restore(*, source: Path) -> Outcome:
    """Restore the backup in `source` into this site's empty database and data folder,
    once it has passed `backup_check`; then check the rows against the manifest and
    empty the shared page cache."""
    started = time.monotonic()
    source = source.expanduser().resolve()
    manifest = backup_check(source=source)
    vendor = manifest["database"]["vendor"]
    if vendor != _vendor():
        where = "DATABASE_URL unset" if vendor == "sqlite" else "DATABASE_URL naming it"
        raise BackupError(
            f"the backup holds a {vendor} database and this site uses {_vendor()}: "
            f"restore it with {where}"
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    newer = [name for name in manifest["migrations"] if tuple(name.split(".", 1)) not in known]
    if newer:
        raise BackupError(
            f"the backup comes from a newer version of Plenipot ({manifest.get('plenipot')}; "
            f"migration {newer[0]} is unknown here): restore it with that version"
        )
    _check_target_empty(vendor)
    media_root = Path(settings.MEDIA_ROOT)
    if vendor == "sqlite":
        _restore_sqlite(source, manifest)
    else:
        _restore_postgres(source, manifest)

    for key, expected in manifest["files"].items():
        name = _safe_name(key)
        if name.parts[0] != MEDIA or len(name.parts) < 2:
            continue
        copied = _copy_hashing(source / name, media_root.joinpath(*name.parts[1:]))
        if copied["sha256"] != expected["sha256"]:
            raise BackupError(f"{key} changed while it was being restored; try again")
    data_dir = Path(settings.DATA_DIR)
    secret = (source / SECRET_FILE).read_text(encoding="utf-8")
    fd = os.open(data_dir / SECRET_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret)

    connection.close()
    with connection.cursor() as cursor:
        found = _counts(cursor, sorted(manifest["tables"]))
    for table, count in sorted(manifest["tables"].items()):
        if found[table] != count:
            raise BackupError(
                f"the restored table {table} has {found[table]} rows; the manifest says {count}"
            )
    # Pages cached before the restore are keyed by counters the restore has put back.
    try:
        caches["default"].clear()
    except Exception as exc:
        raise BackupError(
            f"the backup is restored, but the page cache could not be emptied ({exc}): "
            "empty it (with REDIS_URL, that Redis database) before serving"
        ) from None
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return Outcome(
        folder=source,
        manifest=manifest,
        seconds=time.monotonic() - started,
        pending_migrations=len(pending),
    )

