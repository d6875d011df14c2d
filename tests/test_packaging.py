"""A regular install carries everything the site needs, not only the Python modules."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NEEDED = [
    "plenipot/locale/ar/LC_MESSAGES/django.mo",
    "plenipot/locale/zh_Hans/LC_MESSAGES/django.mo",
    "plenipot/conference/data/member_states.json",
    "plenipot/demo/data/resolutions/101.txt",
    "plenipot/portal/templates/base.html",
    "plenipot/conference/migrations/0001_initial.py",
]


def test_the_wheel_carries_catalogues_templates_data_and_migrations(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("plenipot-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in NEEDED if name not in names]
    assert not missing, missing
    assert any(n.startswith("plenipot/portal/static/") and n.endswith(".css") for n in names)
