"""Names of countries in the reader's language.

A Member State's name is stored once, in English, as the Union lists it. In French, the
Union's own order of names matters (the roll-call follows it), so the French names are
the Union's style, shipped in `data/member_states_fr.json` ("Corée (République de)").
In Arabic, Chinese, Russian and Spanish they are read from the Unicode Common Locale Data
Repository (through Babel) by the state's ISO 3166 code: CLDR's usual short forms, which
readers recognise.

The conference's own names (of the conference, its city and country, its bodies, rooms
and instruments) are stored once as given, usually in English, with a dictionary of the
same name in other languages beside it ({"fr": "Commission 5", "zh": "第5委员会"}):
`in_language` picks the reader's and falls back on the stored name.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path

from babel import Locale, UnknownLocaleError
from django.utils import translation

FRENCH = Path(__file__).parent / "data" / "member_states_fr.json"

#: The interface's language codes as CLDR knows them.
CLDR_LOCALE = {"zh-hans": "zh_Hans", "zh": "zh_Hans"}


@functools.lru_cache(maxsize=16)
def _territories(language: str) -> dict[str, str]:
    code = CLDR_LOCALE.get(language.lower(), language.split("-")[0])
    try:
        return dict(Locale.parse(code).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def territory_name(iso2: str, language: str) -> str:
    """The country's name in `language`, or "" when CLDR has none."""
    if not iso2 or not language:
        return ""
    return _territories(language).get(iso2.upper(), "")


@functools.cache
def _french() -> dict[str, str]:
    with open(FRENCH, encoding="utf-8") as handle:
        return json.load(handle)


def state_name(*, iso2: str, iso3: str, language: str) -> str:
    """A Member State's name in `language` (not English), or "" when none is known: the
    Union's French list by ISO alpha-3 code, else CLDR by alpha-2."""
    if language.lower().startswith("fr") and iso3:
        name = _french().get(iso3.upper(), "")
        if name:
            return name
    return territory_name(iso2, language)


#: The conference's language codes (ar, zh, en, fr, ru, es) by interface language.
CONFERENCE_LANGUAGE = {"zh-hans": "zh", "zh-hant": "zh", "zh_hans": "zh"}


def conference_language(language: str | None = None) -> str:
    """The conference's code for `language` (default: the reader's): "zh" for "zh-hans"."""
    language = (language or translation.get_language() or "en").lower()
    return CONFERENCE_LANGUAGE.get(language, language.split("-")[0].split("_")[0])


def in_language(stored: str, names: Mapping[str, str] | None, language: str | None = None) -> str:
    """A name in `language` (default: the reader's) from `names`, a dictionary of the
    conference's language codes to text; the stored name when it has none."""
    if not names:
        return stored
    return names.get(conference_language(language)) or stored
