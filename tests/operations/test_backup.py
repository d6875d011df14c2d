"""The backup's manifest, and a restore's refusal of a damaged or incomplete backup
before it writes anything."""

from __future__ import annotations

import json
import os

import pytest

from plenipot.cli import main
from plenipot.operations.backup import BackupError, backup_check, backup_create

pytestmark = [pytest.mark.django_db(transaction=True)]
if os.environ.get("DATABASE_URL"):
    pytestmark.append(pytest.mark.pg_tools)


@pytest.fixture
def backup(tmp_path, settings, conference):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = settings.MEDIA_ROOT / "documents" / "64-E.txt"
    upload.parent.mkdir(parents=True)
    upload.write_text("Document 64\n", encoding="utf-8")
    outcome = backup_create(dest=tmp_path / "backup")
    return outcome


def test_the_manifest_counts_rows_and_names_every_file_with_its_checksum(backup, settings):
    manifest = json.loads((backup.folder / "manifest.json").read_text())
    assert manifest["tables"]["conference_conference"] == 1
    assert manifest["tables"]["django_migrations"] > 10
    assert set(manifest["files"]) == {
        manifest["database"]["file"], "secret_key", "media/documents/64-E.txt"
    }
    assert manifest["files"]["media/documents/64-E.txt"]["size"] == len("Document 64\n")
    assert manifest["plenipot"] and manifest["started"] <= manifest["finished"]
    assert "negotiation.0001_initial" in manifest["migrations"]
    assert (backup.folder / "secret_key").read_text().strip() == settings.SECRET_KEY
    assert settings.SECRET_KEY not in (backup.folder / "manifest.json").read_text()
    assert backup_check(source=backup.folder)["tables"] == manifest["tables"]


def test_a_backup_goes_only_into_a_new_folder(backup):
    with pytest.raises(BackupError, match="already exists"):
        backup_create(dest=backup.folder)


def test_a_backup_that_did_not_finish_is_refused(backup):
    (backup.folder / "manifest.json").unlink()
    with pytest.raises(BackupError, match="no manifest.json: the backup is incomplete"):
        backup_check(source=backup.folder)


def test_a_damaged_database_is_refused(backup):
    database = backup.folder / backup.manifest["database"]["file"]
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="does not match its checksum"):
        backup_check(source=backup.folder)


def test_a_missing_or_cut_file_is_refused(backup):
    upload = backup.folder / "media" / "documents" / "64-E.txt"
    upload.write_text("Doc", encoding="utf-8")
    with pytest.raises(BackupError, match="64-E.txt has 3 bytes, not 12"):
        backup_check(source=backup.folder)
    upload.unlink()
    (backup.folder / "secret_key").unlink()
    with pytest.raises(BackupError, match=r"64-E.txt is missing \(and 1 more\)"):
        backup_check(source=backup.folder)


def test_a_damaged_manifest_is_refused(backup):
    manifest = backup.folder / "manifest.json"
    manifest.write_text(manifest.read_text()[:-40], encoding="utf-8")
    with pytest.raises(BackupError, match="is damaged: it is not readable JSON"):
        backup_check(source=backup.folder)


def test_a_manifest_naming_a_file_outside_the_backup_is_refused(backup):
    manifest = json.loads((backup.folder / "manifest.json").read_text())
    manifest["files"]["../../etc/passwd"] = {"size": 1, "sha256": "0"}
    (backup.folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="outside the backup"):
        backup_check(source=backup.folder)


def test_restore_says_what_is_wrong_on_one_line(backup, capsys):
    (backup.folder / "secret_key").write_text("another key\n")
    assert main(["restore", str(backup.folder)]) == 2
    error = capsys.readouterr().err
    assert error == (
        f"plenipot: error: the backup in {backup.folder} is damaged: "
        "secret_key has 12 bytes, not " + str(backup.manifest["files"]["secret_key"]["size"]) + "\n"
    )


def test_a_data_folder_without_a_conference_is_not_backed_up(tmp_path):
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PLENIPOT_SECRET_KEY")}
    env["PLENIPOT_DATA_DIR"] = str(tmp_path / "empty")
    done = subprocess.run(
        [sys.executable, "-m", "plenipot", "backup", str(tmp_path / "backup")],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == (
        f"plenipot: error: the database in {tmp_path / 'empty'} is empty: "
        "there is nothing to back up\n"
    )
    assert not (tmp_path / "backup").exists()
