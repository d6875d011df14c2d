"""The sample commands in the README and in examples/ run as written, from the top of a
checkout, on the sample files shipped in examples/."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def sample_commands(markdown: Path) -> list[str]:
    """The `plenipot proposals` and `plenipot export` lines of the file's sh blocks."""
    blocks = re.findall(r"```sh\n(.*?)```", markdown.read_text(encoding="utf-8"), re.S)
    return [
        line.strip()
        for block in blocks
        for line in block.splitlines()
        if line.strip().startswith(("plenipot proposals ", "plenipot export "))
    ]


def _plenipot() -> list[str]:
    script = Path(sys.executable).parent / "plenipot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "plenipot.cli"]


@pytest.fixture
def checkout(tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    argv = shlex.split(command)
    assert argv[0] == "plenipot"
    return subprocess.run(
        _plenipot() + argv[1:], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_the_readme_shows_the_sample_commands():
    commands = sample_commands(ROOT / "README.md")
    assert any(c.startswith("plenipot proposals examples/") for c in commands), commands
    assert any(c.startswith("plenipot export pdf examples/") for c in commands), commands


@pytest.mark.parametrize(
    "command",
    sorted(set(sample_commands(ROOT / "README.md") + sample_commands(ROOT / "examples" / "README.md"))),
)
def test_a_sample_command_runs_as_written(command, checkout):
    done = _run(command, checkout)
    assert done.returncode == 0, done.stderr
    argv = shlex.split(command)
    if argv[1] == "proposals":
        assert done.stderr == ""
        # The four proposals of Senegal, each matched to its provision, no problem.
        symbols = re.findall(r"^(SEN/27A1/\d) (\S+) (\S+)", done.stdout, re.M)
        assert symbols == [
            ("SEN/27A1/1", "MOD", "considering__b"),
            ("SEN/27A1/2", "ADD", "resolves__para_3__point_c"),
            ("SEN/27A1/3", "SUP", "noting__b"),
            ("SEN/27A1/4", "NOC", "instructs_the_secretary_general__para_1"),
        ]
        assert "#" not in done.stdout
    else:
        output = checkout / argv[argv.index("-o") + 1]
        magic = {"pdf": b"%PDF-", "docx": b"PK"}[argv[2]]
        assert output.read_bytes().startswith(magic)
