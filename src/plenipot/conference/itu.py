"""The participants that ship with Plenipot: the ITU's 193 Member States (name, ISO 3166
codes, ITU symbol and region) and the six regional telecommunication organisations with
their members. A conference's set-up file names them by code (docs/setup.md)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def _read(name: str) -> tuple[dict, ...]:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return tuple(json.load(handle))


def member_states() -> tuple[dict, ...]:
    """``{"name", "iso2", "iso3", "symbol", "itu_region"}`` for each of the 193."""
    return _read("member_states.json")


def regional_organisations() -> tuple[dict, ...]:
    """``{"acronym", "symbol", "name", "members": [iso3, …]}`` for APT, ASMG, ATU, CEPT,
    CITEL and RCC."""
    return _read("regional_organisations.json")
