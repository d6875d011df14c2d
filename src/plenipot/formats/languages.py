"""How the six languages of the conference write what structures a proposal: item
labels, "Reasons:", the mark line of a proposal, annexes.

An ITU text numbers its lists in its own script: Arabic letters in their abjadi
order (``أ)`` ``ب)`` ``ج)`` ``د)`` ``ه)`` ``و)`` …), Cyrillic letters in Russian
lists, full-width forms and ``一、`` in Chinese, Arabic-Indic digits. All are read as
the Latin labels of the plain-text format, which numbers by position whatever the
language. The marks (``MOD``, ``ADD`` …) and symbols (``EUR/27A1/5``) are Latin in
every language.

The number line of an instrument names it in its language ("Résolution 130 (Rév.
Busan, 2014)", "القرار 130", "第130号决议"): :func:`instrument_name` reads its kind and
number, and :func:`instrument_missing` says what keeps a text from looking like an
instrument at all.

Public API: :func:`split_label`, :func:`uses_cyrillic_letters`, :func:`reasons`,
:func:`mark_line`, :func:`instrument_name`, :func:`instrument_missing`, :data:`LABEL`,
:data:`ANNEX`, :data:`SYMBOL_IN_TEXT`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from plenipot.engine.instrument import Instrument, letters, names_instrument
from plenipot.engine.proposals import Mark
from plenipot.formats.safety import Message

#: Where a message is made: the template is found for translation under this name.
_ = Message

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
    tens, _ten, units = text.partition("十")
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


#: The word a number line names its instrument with, in the six languages, and the kind.
_KIND_WORDS = {
    "resolution": "resolution", "résolution": "resolution", "resolución": "resolution",
    "резолюция": "resolution", "قرار": "resolution", "决议": "resolution",
    "decision": "decision", "décision": "decision", "decisión": "decision",
    "решение": "decision", "مقرر": "decision", "决定": "decision",
    "recommendation": "recommendation", "recommandation": "recommendation",
    "recomendación": "recommendation", "рекомендация": "recommendation",
    "توصية": "recommendation", "建议": "recommendation",
}  # fmt: skip
#: An instrument's number: 130, 79/275, 3bis, COM5/2; never inside a Latin word.
_NUMBER = re.compile(r"(?<![A-Za-z0-9/])((?:[A-Z]{1,6})?\d+(?:[./]\d+)*(?:[a-z]{1,6})?)(?![A-Za-z0-9])")


def instrument_name(line: str) -> tuple[str, str]:
    """``(kind, number)`` that a number line names: ``("resolution", "130")`` for
    "Resolution 130 (Rev. Busan, 2014)", "Résolution 130", "القرار 130" or "第130号决议";
    the first word of a kind the line holds, and its first number (digits in any script).
    Either is "" when the line has none."""
    lowered = line.replace("\u0640", "").casefold()
    found = sorted((lowered.find(word), kind) for word, kind in _KIND_WORDS.items() if word in lowered)
    kind = found[0][1] if found else ""
    match = _NUMBER.search(unicodedata.normalize("NFKC", line).translate(_DIGITS))
    return kind, match.group(1) if match else ""


def instrument_missing(inst: Instrument) -> list[Message]:
    """What keeps a text that parses from looking like an instrument: a number line that
    names a resolution, decision or recommendation, a formula that ends with a comma
    ("The Plenipotentiary Conference …,"), at least one heading. The engine's
    ``missing_parts``, said so that the site can say it in its reader's language."""
    missing = []
    if not names_instrument(inst.number):
        missing.append(
            _(
                "its first line ('%(line)s') names no resolution, decision or recommendation",
                line=inst.number[:60],
            )
        )
    if not inst.formula.rstrip().endswith((",", "،", "，", ":")):
        missing.append(
            _(
                "its formula ('%(formula)s') does not end with a comma, as 'The "
                "Plenipotentiary Conference …,' does",
                formula=inst.formula[:60],
            )
        )
    if not inst.preamble and not inst.operative:
        missing.append(_("it has no heading such as 'considering' or 'resolves' with its items"))
    return missing
