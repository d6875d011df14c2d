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


def state_codes() -> set[str]:
    return {s["iso3"] for s in states()}


def regional() -> list[dict]:
    return load("regional_organisations.json")


def test_conference_is_busan_2014():
    conference = load("conference.json")
    assert conference["short_name"] == "PP-14"
    assert conference["city"] == "Busan"
    assert (conference["start"], conference["end"]) == ("2014-10-20", "2014-11-07")
    assert sorted(conference["languages"]) == sorted(["ar", "zh", "en", "fr", "ru", "es"])


def test_the_six_regional_organisations_and_their_members_exist():
    symbols = {r["acronym"]: r["symbol"] for r in regional()}
    assert symbols == {
        "APT": "ACP",
        "ASMG": "ARB",
        "ATU": "AFCP",
        "CEPT": "EUR",
        "CITEL": "IAP",
        "RCC": "RCC",
    }
    known = state_codes()
    for r in regional():
        assert len(r["members"]) >= 5, r["acronym"]
        assert len(set(r["members"])) == len(r["members"]), r["acronym"]
        assert set(r["members"]) <= known, set(r["members"]) - known


def test_regional_symbols_do_not_clash_with_state_symbols():
    state_symbols = {s["symbol"] for s in states()}
    assert not {r["symbol"] for r in regional()} & state_symbols


def test_other_organisations():
    others = load("other_organisations.json")
    assert {o["kind"] for o in others} == {"sector_member", "academia", "observer"}
    assert len({o["acronym"] for o in others}) == len(others)


def test_delegations_cover_most_states_with_realistic_sizes():
    delegations = load("delegations.json")
    codes = [d["iso3"] for d in delegations]
    assert len(codes) == len(set(codes))
    assert set(codes) <= state_codes()
    assert 165 <= len(codes) <= 185
    sizes = {d["iso3"]: d["size"] for d in delegations}
    assert sum(1 for n in sizes.values() if n == 1) >= 5
    assert max(sizes.values()) > 40
    assert sizes["KOR"] == max(sizes.values())  # the host
    credentials = Counter(d["credentials"] for d in delegations)
    assert set(credentials) <= {"accepted", "pending", "rejected"}
    assert 0 < credentials["pending"] < credentials["accepted"]


def test_name_pools_per_region():
    names = load("names.json")
    assert set(names) == REGIONS
    for pool in names.values():
        for key in ("given", "family"):
            assert len(pool[key]) >= 30
            assert len(set(pool[key])) == len(pool[key])
            assert all(n.strip() == n and n for n in pool[key])
