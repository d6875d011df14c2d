"""What the set-up tests share: a copy of the example set-up to change at will."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "conference"


@pytest.fixture
def example(tmp_path):
    """A copy of the example set-up (its texts beside it), to change at will."""
    folder = tmp_path / "conference"
    shutil.copytree(EXAMPLE, folder)
    shutil.copy(EXAMPLE.parent / "resolution-101.txt", tmp_path / "resolution-101.txt")
    return folder / "conference.toml"
