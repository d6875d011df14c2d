"""An upgrade: the demo conference as the previous version of Plenipot left it (its
backup, `data/previous-version-demo.tar.gz`) is restored, migrated forward by this
version, and served: every row is still there and the public pages answer.

To refresh the backup when a version is released, load the demo with that version and
back it up (`plenipot demo --no-serve --data-dir D && plenipot backup B --data-dir D`),
then `tar -czf previous-version-demo.tar.gz -C B manifest.json plenipot.sqlite3
secret_key`. Runs on SQLite: the backup is of SQLite.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

BACKUP = Path(__file__).with_name("data") / "previous-version-demo.tar.gz"

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="the previous version's backup is of SQLite"
)

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


def _run(arguments: list[str], data_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PLENIPOT_DATA_DIR=str(data_dir))
    for name in ("DATABASE_URL", "REDIS_URL", "PLENIPOT_SECRET_KEY"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, *arguments], env=env, capture_output=True, text=True, timeout=300
    )


def test_the_previous_versions_data_migrates_forward_and_serves(tmp_path):
    backup = tmp_path / "backup"
    with tarfile.open(BACKUP) as archive:
        archive.extractall(backup, filter="data")
    manifest = json.loads((backup / "manifest.json").read_text())
    data = tmp_path / "data"

    restored = _run(["-m", "plenipot", "restore", str(backup)], data)
    assert restored.returncode == 0, restored.stderr
    migrated = _run(["-m", "plenipot", "migrate"], data)
    assert migrated.returncode == 0, migrated.stderr

    with sqlite3.connect(data / "plenipot.sqlite3") as db:
        for table, count in manifest["tables"].items():
            if table == "django_migrations":
                continue
            (found,) = db.execute(f'SELECT count(*) FROM "{table}"').fetchone()
            # New models bring their permissions and content types; nothing is lost.
            assert found >= count, f"{table}: {found} rows after the upgrade, {count} before"
        rows = db.execute("SELECT app, name FROM django_migrations").fetchall()
    applied = {f"{app}.{name}" for app, name in rows}
    assert set(manifest["migrations"]) <= applied

    served = _run(["-c", SERVE], data)
    assert served.returncode == 0, served.stderr
    answers = dict(line.split() for line in served.stdout.splitlines())
    assert set(answers.values()) == {"200"}, answers
