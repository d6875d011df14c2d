"""Fixtures for the format tests: the demo's Resolution 101 and small edits of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from plenipot.engine import parse_instrument

DATA = Path(__file__).parent / "data"
RESOLUTIONS = Path(__file__).parents[2] / "src" / "plenipot" / "demo" / "data" / "resolutions"


@pytest.fixture(scope="session")
def base_text() -> str:
    return (RESOLUTIONS / "101.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def base(base_text):
    return parse_instrument(base_text)


@pytest.fixture(scope="session")
def edited(base_text):
    """Resolution 101 with a changed wording, a deleted item and a new sub-item."""
    text = base_text.replace(
        "that IP-based networks are an important tool",
        "that IP-based networks are an essential tool",
    )
    lines = text.splitlines(keepends=True)
    considering_b = next(i for i, line in enumerate(lines) if line.startswith("b) that the growth"))
    del lines[considering_b]
    resolves = next(i for i, line in enumerate(lines) if line.strip() == "resolves")
    lines.insert(resolves + 2, "2 to report every year on the work done;\n")
    return parse_instrument("".join(lines))


@pytest.fixture(scope="session")
def arabic():
    return parse_instrument((DATA / "ar.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def chinese():
    return parse_instrument((DATA / "zh.txt").read_text(encoding="utf-8"))
