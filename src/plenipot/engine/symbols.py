"""ITU document symbols: parsing and printing.

A conference numbers its documents in a few series. The main series is printed
"Document 64-E", with revisions "Document 64(Rev.1)-F", addenda "Addendum 1 to
Document 27-E" and corrigenda "Corrigendum 1 to Document 64-S"; the suffix names the
language version. Beside it run the temporary documents of the bodies (DT/12, DT/12(Rev.2)),
administrative (ADM/54) and information (INF/3) documents, draft texts of limited
distribution (DL/7), and the Editorial Committee's blue (B.9, first reading) and pink (R.4,
second reading) documents.

One `Symbol` value holds all of it, so that numbering, parent links and sorting are
computed on values rather than on strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum


class SymbolError(ValueError):
    """A document symbol that cannot be read; the message says what is wrong, in
    English. `code` and `params` say it again for a caller that words it in the
    reader's language: empty, unreadable (text), number (number), negative, both,
    language (language), suffix (text, suffix), part_number (text), full_symbol (text)."""

    def __init__(self, message: str, code: str, **params) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


class Series(StrEnum):
    MAIN = "main"
    DT = "DT"
    ADM = "ADM"
    INF = "INF"
    DL = "DL"
    BLUE = "B"
    PINK = "R"


#: Language suffixes of the six official languages.
LANGUAGE_SUFFIX = {"A": "ar", "C": "zh", "E": "en", "F": "fr", "R": "ru", "S": "es"}
SUFFIX_FOR_LANGUAGE = {code: suffix for suffix, code in LANGUAGE_SUFFIX.items()}

_SLASHED = (Series.DT, Series.ADM, Series.INF, Series.DL)
_DOTTED = (Series.BLUE, Series.PINK)


@dataclass(frozen=True, order=True)
class Symbol:
    """A document's symbol; `language` is a language code ("en") or None."""

    series: Series
    number: int
    revision: int = 0
    addendum: int = 0
    corrigendum: int = 0
    language: str | None = None

    def __post_init__(self) -> None:
        if self.number < 1:
            raise SymbolError(
                f"a document number starts at 1, not {self.number}", "number", number=self.number
            )
        if self.revision < 0 or self.addendum < 0 or self.corrigendum < 0:
            raise SymbolError(
                "revision, addendum and corrigendum numbers cannot be negative", "negative"
            )
        if self.addendum and self.corrigendum:
            raise SymbolError("a symbol is an addendum or a corrigendum, not both", "both")
        if self.language is not None and self.language not in SUFFIX_FOR_LANGUAGE:
            raise SymbolError(
                f"unknown language {self.language!r}", "language", language=self.language
            )

    @property
    def base(self) -> str:
        """The series and number with the revision: "64", "64(Rev.1)", "DT/12(Rev.2)"."""
        if self.series == Series.MAIN:
            text = str(self.number)
        elif self.series in _SLASHED:
            text = f"{self.series.value}/{self.number}"
        else:
            text = f"{self.series.value}.{self.number}"
        if self.revision:
            text += f"(Rev.{self.revision})"
        return text

    @property
    def key(self) -> str:
        """The number as stored on a document: "27", "DT/12", "B.9" (no revision)."""
        return replace(self, revision=0).base

    @property
    def parent(self) -> Symbol | None:
        """The document an addendum, corrigendum or revision belongs to."""
        if self.addendum or self.corrigendum:
            return replace(self, addendum=0, corrigendum=0, language=None)
        if self.revision:
            return replace(self, revision=self.revision - 1, language=None)
        return None

    def with_language(self, language: str | None) -> Symbol:
        return replace(self, language=language)

    def __str__(self) -> str:
        return format_symbol(self)


def format_symbol(symbol: Symbol) -> str:
    """The symbol as printed on the document."""
    suffix = f"-{SUFFIX_FOR_LANGUAGE[symbol.language]}" if symbol.language else ""
    if symbol.series == Series.MAIN:
        text = f"Document {symbol.base}{suffix}"
    else:
        text = f"{symbol.base}{suffix}"
    if symbol.addendum:
        doc = text if symbol.series == Series.MAIN else f"Document {text}"
        return f"Addendum {symbol.addendum} to {doc}"
    if symbol.corrigendum:
        doc = text if symbol.series == Series.MAIN else f"Document {text}"
        return f"Corrigendum {symbol.corrigendum} to {doc}"
    return text


_PREFIX = re.compile(
    r"^(?:(?P<part>Addendum|Add\.|Corrigendum|Corr\.)\s*(?P<pn>\d+)\s+to\s+)?", re.I
)
_BODY = re.compile(
    r"^(?:Document\s+|Doc\.\s*)?"
    r"(?:(?P<slash>DT|ADM|INF|DL)\s*/\s*(?P<sn>\d+)|(?P<dot>[BR])\s*\.\s*(?P<dn>\d+)|(?P<main>\d+))"
    r"(?:\s*\(\s*Rev\.\s*(?P<rev>\d+)\s*\))?"
    r"(?:\s*-\s*(?P<lang>[A-Z]))?$",
    re.I,
)


def parse_symbol(text: str) -> Symbol:
    """Read a symbol such as "Addendum 1 to Document 27-E" or "DT/12(Rev.2)".

    Raises `SymbolError` naming what could not be read.
    """
    if not isinstance(text, str) or not text.strip():
        raise SymbolError("a document symbol is empty", "empty")
    source = " ".join(text.split())
    prefix = _PREFIX.match(source)
    assert prefix is not None  # the pattern is optional and always matches
    rest = source[prefix.end() :]
    match = _BODY.match(rest)
    if match is None:
        raise SymbolError(
            f"{text!r} is not a document symbol (expected e.g. 'Document 64-E')",
            "unreadable",
            text=text,
        )
    if match["slash"]:
        series, number = Series(match["slash"].upper()), match["sn"]
    elif match["dot"]:
        series, number = Series(match["dot"].upper()), match["dn"]
    else:
        series, number = Series.MAIN, match["main"]
    language = None
    if match["lang"]:
        suffix = match["lang"].upper()
        if suffix not in LANGUAGE_SUFFIX:
            raise SymbolError(
                f"{text!r} ends in -{suffix}, which is not a language suffix (-A -C -E -F -R -S)",
                "suffix",
                text=text,
                suffix=suffix,
            )
        language = LANGUAGE_SUFFIX[suffix]
    addendum = corrigendum = 0
    if prefix["part"]:
        count = int(prefix["pn"])
        if count < 1:
            raise SymbolError(
                f"{text!r}: addenda and corrigenda are numbered from 1", "part_number", text=text
            )
        if prefix["part"].lower().startswith("add"):
            addendum = count
        else:
            corrigendum = count
    return Symbol(
        series=series,
        number=int(number),
        revision=int(match["rev"] or 0),
        addendum=addendum,
        corrigendum=corrigendum,
        language=language,
    )


def parse_key(key: str) -> tuple[Series, int]:
    """Read a stored document number ("27", "DT/12", "B.9") into its series and number."""
    symbol = parse_symbol(key)
    if symbol.revision or symbol.addendum or symbol.corrigendum or symbol.language:
        raise SymbolError(
            f"{key!r} is a full symbol, not a document number", "full_symbol", text=key
        )
    return symbol.series, symbol.number


def next_number(taken: set[int] | list[int] | tuple[int, ...]) -> int:
    """The next free number in a series: one past the highest taken."""
    return max(taken, default=0) + 1
