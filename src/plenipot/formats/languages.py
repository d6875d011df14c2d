"""How the six languages of the conference write what structures a proposal: item
labels, "Reasons:", the mark line of a proposal, annexes.

An ITU text numbers its lists in its own script: Arabic letters in their abjadi
order (``أ)`` ``ب)`` ``ج)`` ``د)`` ``ه)`` ``و)`` …), Cyrillic letters in Russian
lists, full-width forms and ``一、`` in Chinese, Arabic-Indic digits. All are read as
the Latin labels of the plain-text format, which numbers by position whatever the
language. The marks (``MOD``, ``ADD`` …) and symbols (``EUR/27A1/5``) are Latin in
every language.

Public API: :func:`split_label`, :func:`uses_cyrillic_letters`, :func:`reasons`,
:func:`mark_line`, :data:`LABEL`, :data:`ANNEX`, :data:`SYMBOL_IN_TEXT`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from plenipot.engine.instrument import letters
from plenipot.engine.proposals import Mark

#: Arabic letters in the order lists use them (abjadi: أ ب ج د ه و ز ح ط ي ك ل …).
_ARABIC_ORDER = "ابجدهوزحطيكلمنسعفصقرشتثخذضظغ"
_ARABIC_SAME = {"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"}
#: Cyrillic letters in the order Russian lists use them (no ё, й, ъ, ы, ь).
_CYRILLIC_ORDER = "абвгдежзиклмнопрстуфхцчшщэюя"
#: Cyrillic letters that look like Latin ones: in a text whose lists are otherwise
#: Latin, "а)" and "с)" typed on a Russian keyboard are the Latin a) and c).
_CYRILLIC_TWINS = {"а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "і": "i"}
_DIGITS = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９", "012345678901234567890123456789"
)
_CHINESE_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九", start=0)}

LABEL = re.compile(
    r"^\s*(?:"
    r"(?P<num>[0-9٠-٩۰-۹０-９]+)(?P<suffix>[a-z]*)(?=\s)"
    r"|(?P<letter>[a-z]+|[ａ-ｚ]|[\u0621-\u064a\ufe80-\ufefc]|[\u0430-\u044f\u0456])\s?[)）]"
    r"|[(（](?P<zh>[一二三四五六七八九十]+)[)）]"
    r"|(?P<zh2>[一二三四五六七八九十]+)、"
    r")\s*(?P<rest>.*)$",
    re.DOTALL,
)


def _chinese_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十一 → 21."""
    if "十" not in text:
        return int("".join(str(_CHINESE_DIGITS[c]) for c in text))
    tens, _, units = text.partition("十")
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[units] if units else 0)


def _letter_label(letter: str, cyrillic: bool) -> str:
    """The Latin label of a typed letter, or "" when it is no list letter."""
    letter = unicodedata.normalize("NFKC", letter)
    if letter.isascii():
        return letter + ")"
    if "\u0621" <= letter <= "\u064a":
        index = _ARABIC_ORDER.find(_ARABIC_SAME.get(letter, letter))
        return f"{letters(index + 1)})" if index >= 0 else ""
    if not cyrillic and letter in _CYRILLIC_TWINS:
        return _CYRILLIC_TWINS[letter] + ")"
    index = _CYRILLIC_ORDER.find(letter)
    return f"{letters(index + 1)})" if index >= 0 else ""


def split_label(text: str, *, cyrillic: bool = False) -> tuple[str, str]:
    """``(label, rest)``: the number typed at the start of a paragraph, as the Latin label
    of the plain-text format (``1``, ``3bis``, ``a)``, ``ii)``), and the text after it,
    whitespace made single; ``("", text)`` when the paragraph has no number.

    ``cyrillic`` says that the document numbers its lists with the Russian alphabet,
    so that ``в)`` is the third letter and ``с)`` the eighteenth.
    """
    match = LABEL.match(text)
    if match is None:
        return "", " ".join(text.split())
    rest = " ".join(match.group("rest").split())
    if match.group("num"):
        return match.group("num").translate(_DIGITS) + match.group("suffix"), rest
    if match.group("letter"):
        label = _letter_label(match.group("letter"), cyrillic)
        return (label, rest) if label else ("", " ".join(text.split()))
    return str(_chinese_number(match.group("zh") or match.group("zh2"))), rest


def uses_cyrillic_letters(texts: Sequence[str]) -> bool:
    """Whether the lists of a document are lettered in the Russian alphabet: some label
    is a Cyrillic letter that has no Latin twin (``б)``, ``в)``, ``г)`` …)."""
    for text in texts:
        match = LABEL.match(text)
        letter = match.group("letter") if match else None
        if letter and len(letter) == 1 and "\u0430" <= letter <= "\u044f":
            if letter not in _CYRILLIC_TWINS:
                return True
    return False


#: "Reasons:" in the six languages (the Arabic tatweel is taken out before matching).
_REASONS = re.compile(
    r"^\s*(?:Reasons?|Motifs?|Motivos?|Razones|Основани[ея]|Причины|الأسباب|الاسباب|理由)"
    r"\s*[:：]\s*(.*)$",
    re.DOTALL | re.IGNORECASE,
)
_SYMBOL = r"[A-Z][A-Z0-9]*(?:/[A-Za-z0-9]+){2,}"
_MARK_LINE = re.compile(rf"^\s*(\(?[A-Z]{{2,4}}\)?\*?)\s+({_SYMBOL})\s*$")
_MARK_AFTER = re.compile(rf"^\s*({_SYMBOL})\s+(\(?[A-Z]{{2,4}}\)?\*?)\s*$")
SYMBOL_IN_TEXT = re.compile(rf"(?<![A-Za-z0-9/])({_SYMBOL})(?![A-Za-z0-9/])")
#: "Annex" in the six languages.
ANNEX = re.compile(r"^\s*(?:Annexe?|Anexo|Приложение|الملحق|ملحق|附件)(?:\s|\d|$)", re.IGNORECASE)


def reasons(text: str) -> re.Match[str] | None:
    return _REASONS.match(text.replace("\u0640", ""))


def mark_line(text: str) -> tuple[str, str] | None:
    """``(mark, symbol)`` when the paragraph is a proposal's mark line (in either order,
    as right-to-left documents sometimes have it)."""
    text = unicodedata.normalize("NFKC", text)
    match = _MARK_LINE.match(text)
    if match:
        return match.group(1), match.group(2)
    match = _MARK_AFTER.match(text)
    if match and match.group(2).strip("()*") in {m.value.strip("()*") for m in Mark}:
        return match.group(2), match.group(1)
    return None
