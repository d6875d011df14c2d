"""An upgrade: the demo conference as the previous version of Plenipot left it (its
backup) is restored, migrated forward by this version, and served: every row is still
there and the public pages answer.

On SQLite (`data/previous-version-demo.tar.gz`) always; on PostgreSQL
(`data/previous-version-demo-postgresql.tar.gz`, restored with pg_restore into a fresh
database made beside the one DATABASE_URL names) when DATABASE_URL is set.

To refresh the backups when a version is released, load the demo with that version and
back it up, once on SQLite and once on a fresh PostgreSQL database
(`plenipot demo --no-serve --data-dir D && plenipot backup B --data-dir D`), then
`tar -czf previous-version-demo.tar.gz -C B manifest.json plenipot.sqlite3 secret_key`,
and for PostgreSQL the same with `database.dump` instead of `plenipot.sqlite3`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

DATA = Path(__file__).with_name("data")
BACKUPS = {
    "sqlite": DATA / "previous-version-demo.tar.gz",
    "postgresql": DATA / "previous-version-demo-postgresql.tar.gz",
}
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()

SERVE = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plenipot.site.settings")
import django
django.setup()
from django.test import Client
from plenipot.documents.models import Document
client = Client(HTTP_HOST="localhost")
document = Document.objects.order_by("pk").first()
for url in ("/", "/documents/", f"/documents/{document.pk}/", "/tracker/", "/calendar/",
            "/readyz"):
    print(url, client.get(url).status_code)
"""


def _run(
    arguments: list[str], data_dir: Path, database_url: str | None
) -> subprocess.CompletedProcess:
    env = dict(os.environ, PLENIPOT_DATA_DIR=str(data_dir))
    for name in ("DATABASE_URL", "REDIS_URL", "PLENIPOT_SECRET_KEY"):
        env.pop(name, None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, *arguments], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.pg_tools,
                pytest.mark.skipif(not DATABASE_URL, reason="DATABASE_URL is not set"),
            ],
        ),
    ]
)
def database(request):
    """(vendor, DATABASE_URL of a fresh database or None for SQLite)."""
    if request.param == "sqlite":
        yield "sqlite", None
        return
    import psycopg

    name = f"plenipot_upgrade_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(DATABASE_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield "postgresql", urlsplit(DATABASE_URL)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(DATABASE_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _tables_and_migrations(vendor: str, data: Path, database_url: str | None):
    """Rows by table, and the migrations applied, read straight from the database."""
    if vendor == "sqlite":
        with sqlite3.connect(data / "plenipot.sqlite3") as db:
            names = [
                name
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%'"
                )
            ]
            counts = {n: db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
            rows = db.execute("SELECT app, name FROM django_migrations").fetchall()
    else:
        import psycopg

        with psycopg.connect(database_url) as db:
            names = [
                name
                for (name,) in db.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            ]
            counts = {n: db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
            rows = db.execute("SELECT app, name FROM django_migrations").fetchall()
    return counts, {f"{app}.{name}" for app, name in rows}


def test_the_previous_versions_data_migrates_forward_and_serves(tmp_path, database):
    vendor, database_url = database
    backup = tmp_path / "backup"
    with tarfile.open(BACKUPS[vendor]) as archive:
        archive.extractall(backup, filter="data")
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == vendor
    data = tmp_path / "data"

    restored = _run(["-m", "plenipot", "restore", str(backup)], data, database_url)
    assert restored.returncode == 0, restored.stderr
    before, _ = _tables_and_migrations(vendor, data, database_url)
    # Restored whole, before any migration ran (the manifest counts the models' tables).
    assert {table: before.get(table) for table in manifest["tables"]} == manifest["tables"]
    migrated = _run(["-m", "plenipot", "migrate"], data, database_url)
    assert migrated.returncode == 0, migrated.stderr

    counts, applied = _tables_and_migrations(vendor, data, database_url)
    for table, count in manifest["tables"].items():
        if table == "django_migrations":
            continue
        # New models bring their permissions and content types; nothing is lost.
        assert counts.get(table, 0) >= count, (
            f"{table}: {counts.get(table)} rows after the upgrade, {count} before"
        )
    assert set(manifest["migrations"]) <= applied
    assert len(applied) > len(manifest["migrations"])  # this version did migrate it

    served = _run(["-c", SERVE], data, database_url)
    assert served.returncode == 0, served.stderr
    answers = dict(line.split() for line in served.stdout.splitlines())
    assert set(answers.values()) == {"200"}, answers
