"""The site commands, run as a user runs them: in a fresh process."""

import os
import sqlite3
import subprocess
import sys

import pytest


def run(*args, env_extra=None, timeout=300):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.pop("PYTEST_VERSION", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-c", "import sys; from plenipot.cli import main; sys.exit(main())", *args],
        capture_output=True, text=True, env=env, timeout=timeout,
    )


def test_help_lists_every_site_command():
    result = run("--help")
    assert result.returncode == 0
    for command in ("demo", "serve", "migrate", "createsuperuser"):
        assert command in result.stdout


def test_demo_no_serve_loads_once(tmp_path):
    data = tmp_path / "data"
    first = run("demo", "--no-serve", "--data-dir", str(data))
    assert first.returncode == 0, first.stderr
    assert "Loaded the demo conference" in first.stdout
    assert "secretariat" in first.stdout and "plenipot-demo" in first.stdout
    assert (data / "secret_key").exists()
    database = data / "plenipot.sqlite3"
    with sqlite3.connect(database) as connection:
        assert connection.execute("pragma journal_mode").fetchone()[0] == "wal"
        counts = connection.execute(
            "select (select count(*) from conference_conference),"
            " (select count(*) from conference_organisation where kind='member_state'),"
            " (select count(*) from conference_person)"
        ).fetchone()
    assert counts[0] == 1 and counts[1] == 193 and counts[2] > 1000

    second = run("demo", "--no-serve", "--data-dir", str(data))
    assert second.returncode == 0, second.stderr
    assert "already loaded" in second.stdout
    with sqlite3.connect(database) as connection:
        again = connection.execute(
            "select (select count(*) from conference_conference),"
            " (select count(*) from conference_organisation where kind='member_state'),"
            " (select count(*) from conference_person)"
        ).fetchone()
    assert again == counts


def test_migrate_pass_through_takes_django_options(tmp_path):
    result = run("migrate", "--data-dir", str(tmp_path), "--plan")
    assert result.returncode == 0, result.stderr
    assert "conference.0001_initial" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "start"),
    [
        ("DATABASE_URL", "not-a-url", "plenipot: error: DATABASE_URL is malformed"),
        ("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none", "plenipot: error: DATABASE_URL"),
        ("REDIS_URL", "redis://127.0.0.1:1/0", "plenipot: error: REDIS_URL: cannot reach Redis"),
        ("PLENIPOT_DEBUG", "perhaps", "plenipot: error: PLENIPOT_DEBUG must be"),
    ],
)
def test_bad_environment_stops_with_one_line(tmp_path, variable, value, start):
    result = run("demo", "--no-serve", "--data-dir", str(tmp_path), env_extra={variable: value})
    assert result.returncode == 2
    assert result.stderr.startswith(start), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
