"""Checks on the demo conference's data files.

These run without Django: they read the JSON and text files the demo loader
consumes and check that they agree with one another, so that a broken demo is
caught here rather than when a visitor opens the site.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "src" / "plenipot" / "demo" / "data"

REGIONS = {"A", "B", "C", "D", "E"}


@cache
def load(name: str):
    with open(DATA / name, encoding="utf-8") as f:
        return json.load(f)


def states() -> list[dict]:
    return load("member_states.json")


def test_there_are_exactly_193_member_states():
    assert len(states()) == 193


@pytest.mark.parametrize("key", ["name", "iso2", "iso3", "symbol"])
def test_member_state_keys_are_unique(key):
    counts = Counter(s[key] for s in states())
    assert [v for v, n in counts.items() if n > 1] == []


def test_member_state_codes_are_well_formed():
    for s in states():
        assert set(s) == {"name", "iso2", "iso3", "symbol", "itu_region"}, s
        assert re.fullmatch(r"[A-Z]{2}", s["iso2"]), s
        assert re.fullmatch(r"[A-Z]{3}", s["iso3"]), s
        assert re.fullmatch(r"[A-Z]{1,3}", s["symbol"]), s
        assert s["itu_region"] in REGIONS, s


def test_well_known_itu_symbols():
    by_iso3 = {s["iso3"]: s for s in states()}
    expected = {
        "FRA": "F",
        "DEU": "D",
        "GBR": "G",
        "ITA": "I",
        "ESP": "E",
        "USA": "USA",
        "BRA": "B",
        "JPN": "J",
        "SAU": "ARS",
        "ARE": "UAE",
        "KOR": "KOR",
        "SEN": "SEN",
    }
    for iso3, symbol in expected.items():
        assert by_iso3[iso3]["symbol"] == symbol
    assert by_iso3["KOR"]["name"] == "Korea (Republic of)"
    assert by_iso3["KOR"]["itu_region"] == "E"


def test_every_region_has_members():
    counts = Counter(s["itu_region"] for s in states())
    assert set(counts) == REGIONS
    assert counts["D"] == 54
