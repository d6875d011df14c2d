"""A backup taken while writers edit a drafting room holds every revision acknowledged
before it began, restores elsewhere as a consistent log, and a restore refuses to
overwrite a database.

Runs on SQLite in temporary data folders, or, with DATABASE_URL set, in two fresh
PostgreSQL databases made beside the one it names (pg_dump and pg_restore needed). The
writers, the backup and the restore are processes of their own, as in production.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

WRITERS = Path(__file__).with_name("writers.py")
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()

pytestmark = [pytest.mark.pg_tools] if DATABASE_URL else []


def _environment(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env["PLENIPOT_DATA_DIR"] = str(data_dir)
    env.pop("PLENIPOT_SECRET_KEY", None)  # the key is kept in the data folder
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    return env


def _plenipot(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plenipot", *arguments],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.fixture
def places(tmp_path):
    """(data folder, DATABASE_URL or None) for the source and the restored copy."""
    if not DATABASE_URL:
        yield {"source": (tmp_path / "source", None), "copy": (tmp_path / "copy", None)}
        return
    import psycopg

    names = {key: f"plenipot_backup_{uuid.uuid4().hex[:12]}_{key}" for key in ("source", "copy")}
    with psycopg.connect(DATABASE_URL, autocommit=True) as admin:
        for name in names.values():
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {
            key: (tmp_path / key, urlsplit(DATABASE_URL)._replace(path=f"/{name}").geturl())
            for key, name in names.items()
        }
    finally:
        with psycopg.connect(DATABASE_URL, autocommit=True) as admin:
            for name in names.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Writers:
    """The writers' process, and what it said, with the time it was heard."""

    def __init__(self, env: dict[str, str], stop: Path, log: Path) -> None:
        self.stop = stop
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, str(WRITERS), str(stop)],
            env=env, stdout=subprocess.PIPE, stderr=self.log, text=True,
        )  # fmt: skip
        self.acks: list[tuple[float, int]] = []
        self.draft: int | None = None
        self.ready = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            word, _, value = line.strip().partition(" ")
            if word == "ready":
                self.draft = int(value)
                self.ready.set()
            elif word == "ack":
                self.acks.append((time.monotonic(), int(value)))
        self.ready.set()

    def wait_for(self, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while len(self.acks) < count:
            assert self.process.poll() is None, self.log.name
            assert time.monotonic() < deadline, f"only {len(self.acks)} revisions written"
            time.sleep(0.05)

    def end(self) -> None:
        self.stop.touch()
        try:
            self.process.wait(timeout=60)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.reader.join(timeout=10)
            self.log.close()


def _rows(copy_dir: Path, copy_url: str | None, query: str, *parameters):
    if copy_url is None:
        with sqlite3.connect(copy_dir / "plenipot.sqlite3") as db:
            return db.execute(query.replace("%s", "?"), parameters).fetchall()
    import psycopg

    with psycopg.connect(copy_url) as db:
        return db.execute(query, parameters).fetchall()


def test_a_backup_during_writes_restores_every_acknowledged_revision(tmp_path, places):
    source_dir, source_url = places["source"]
    copy_dir, copy_url = places["copy"]
    source_env = _environment(source_dir, source_url)
    backup = tmp_path / "backup"

    writers = Writers(source_env, tmp_path / "stop", tmp_path / "writers.log")
    try:
        assert writers.ready.wait(timeout=240), "the writers did not start"
        assert writers.draft is not None, (tmp_path / "writers.log").read_text()
        writers.wait_for(15, timeout=120)
        acknowledged = {number for _at, number in list(writers.acks)}
        began = time.monotonic()
        done = _plenipot("backup", str(backup), env=source_env)
        ended = time.monotonic()
        assert done.returncode == 0, done.stderr
        during = [number for at, number in list(writers.acks) if began <= at <= ended]
        assert during, "the writers did not go on writing while the backup ran"
    finally:
        writers.end()

    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["tables"]["negotiation_revision"] >= len(acknowledged)
    assert set(manifest["files"]) >= {"secret_key", "media/documents/record.txt"}
    secret = (source_dir / "secret_key").read_text().strip()
    assert secret not in (backup / "manifest.json").read_text()

    if os.environ.get("REDIS_URL"):
        # A page cached before the restore is not served after it.
        from django.core.cache import cache

        cache.set("plenipot:page-before-restore", "stale", 600)
    restored = _plenipot("restore", str(backup), env=_environment(copy_dir, copy_url))
    assert restored.returncode == 0, restored.stderr
    if os.environ.get("REDIS_URL"):
        assert cache.get("plenipot:page-before-restore") is None

    numbers = [
        row[0]
        for row in _rows(
            copy_dir, copy_url,
            "SELECT number FROM negotiation_revision WHERE draft_id = %s ORDER BY number",
            writers.draft,
        )
    ]  # fmt: skip
    assert numbers == list(range(1, len(numbers) + 1)), "the log has gaps"
    assert acknowledged <= set(numbers), sorted(acknowledged - set(numbers))
    assert len(numbers) == manifest["tables"]["negotiation_revision"]
    # The draft's current text is the log's last word on each provision it touched.
    (head, state), = _rows(
        copy_dir, copy_url, "SELECT head, state FROM negotiation_draft WHERE id = %s",
        writers.draft,
    )  # fmt: skip
    assert head == numbers[-1]
    state = state if isinstance(state, dict) else json.loads(state)
    last = {}
    for (operation,) in _rows(
        copy_dir, copy_url,
        "SELECT operation FROM negotiation_revision WHERE draft_id = %s ORDER BY number",
        writers.draft,
    ):  # fmt: skip
        operation = operation if isinstance(operation, dict) else json.loads(operation)
        last[operation["eid"]] = operation["text"]
    text = json.dumps(state, ensure_ascii=False)
    assert all(wording in text for wording in last.values())

    assert (copy_dir / "media" / "documents" / "record.txt").read_text() == "An uploaded file.\n"
    assert (copy_dir / "secret_key").read_text().strip() == secret

    again = _plenipot("restore", str(backup), env=_environment(copy_dir, copy_url))
    assert again.returncode == 2
    assert again.stderr.startswith("plenipot: error: ")
    assert "restore into an empty" in again.stderr
