"""The layers hold: `lint-imports` keeps every contract in pyproject.toml.

The engine imports no Django, starts no process and writes no file; the formats use the
engine and nothing else of Plenipot; every package sits in one of the three layers. The
contracts are in `[tool.importlinter]`; this runs the same command CI runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_import_contract_is_kept():
    command = Path(sys.executable).with_name("lint-imports")
    assert command.exists(), f"{command} is missing: pip install -e '.[test]'"
    done = subprocess.run(
        [str(command), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
