"""What every output format shares: the document header and the text direction.

A conference document carries on its first page the document symbol, the date, the
original language, the body it is allocated to and its source. Arabic documents run
right to left.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Languages written right to left, by code.
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})

LANGUAGE_NAMES = {
    "ar": "Arabic",
    "zh": "Chinese",
    "en": "English",
    "fr": "French",
    "ru": "Russian",
    "es": "Spanish",
}


@dataclass(frozen=True)
class DocumentHeader:
    """The conventions printed at the top of a conference document."""

    symbol: str = ""
    date: str = ""
    original_language: str = "en"
    body: str = ""
    source: str = ""
    title: str = ""
    language: str = "en"
    conference: str = ""

    @property
    def rtl(self) -> bool:
        return self.language in RTL_LANGUAGES

    def rows(self) -> list[tuple[str, str]]:
        """The labelled lines of the header that have a value, in printing order."""
        original = LANGUAGE_NAMES.get(self.original_language, self.original_language)
        rows = [
            ("Document", self.symbol),
            ("Date", self.date),
            ("Original", original if self.original_language else ""),
            ("Body", self.body),
            ("Source", self.source),
        ]
        return [(label, value) for label, value in rows if value]
