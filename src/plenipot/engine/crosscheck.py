"""Cross-language checks: the six language versions of a text say the same thing.

The Editorial Committee aligns the six languages and never changes substance, so the
things a translation must carry over unchanged are checked mechanically, provision by
provision, against the source:

* ``missing``: every provision of the source exists, with text, in each language;
* ``numbering``: the same provisions, with the same kinds and levels, no extra ones;
* ``brackets``: square brackets and alternatives agree in number and nesting;
* ``numbers``: numbers, dates, document symbols and resolution numbers agree;
* ``glossary``: where the source uses a glossary term, the translation uses the
  term agreed for its language;
* ``script``: the text is written in the script of its language (a version filed
  under the wrong language code is caught here).

Each failure names the language and the provision. No Django, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from plenipot.engine.instrument import Instrument, Unit, flatten
from plenipot.engine.translation_memory import LANGUAGES

CHECKS = ("missing", "numbering", "brackets", "numbers", "glossary", "script")


@dataclass(frozen=True)
class Failure:
    """One check that failed: which, in what language, on which provision, and why."""

    check: str
    language: str
    eid: str
    message: str

    def __str__(self) -> str:
        return f"[{self.language}] {self.message}" if self.language else self.message


@dataclass(frozen=True)
class GlossaryTerm:
    """A term and its agreed rendering in each language; each language may list
    several forms (Russian and Arabic inflect), any of which counts."""

    forms: Mapping[str, tuple[str, ...]]

    def found(self, language: str, text: str) -> bool:
        lowered = text.casefold()
        return any(form.casefold() in lowered for form in self.forms.get(language, ()))

    def label(self, language: str) -> str:
        forms = self.forms.get(language, ())
        return forms[0] if forms else ""


# --- structure ----------------------------------------------------------------------


def align(source: Instrument, translation: Instrument, *, language: str) -> tuple[dict[str, str], list[Failure]]:
    """A translation written in the instrument format, aligned on the source's ids.

    A translated heading has other words, hence another slug; provisions are therefore
    matched by position, and every position must hold the same kind of line at the
    same level. The first disagreement is reported with the source provision's id and
    alignment stops there, because everything after it would be misfiled.
    """
    left, right = flatten(source), flatten(translation)
    texts: dict[str, str] = {}
    for n, unit in enumerate(left):
        if n >= len(right):
            return texts, [
                Failure("numbering", language, unit.eid, f"the translation ends before provision {unit.eid} ({len(right)} lines for {len(left)})")
            ]
        other = right[n]
        if (other.kind, other.depth) != (unit.kind, unit.depth):
            return texts, [
                Failure(
                    "numbering",
                    language,
                    unit.eid,
                    f"provision {unit.eid} is a {_what(unit)} in the source but a {_what(other)} in the translation",
                )
            ]
        texts[unit.eid] = other.text
    if len(right) > len(left):
        return texts, [
            Failure("numbering", language, left[-1].eid, f"the translation has {len(right) - len(left)} more lines than the source after provision {left[-1].eid}")
        ]
    return texts, []


def _what(unit: Unit) -> str:
    kind = unit.kind.value.replace("_", " ")
    return f"{kind} at level {unit.depth + 1}" if unit.depth else kind


# --- brackets -----------------------------------------------------------------------

_ESCAPED = re.compile(r"\\.")


def bracket_shape(text: str) -> str:
    """The nesting of square brackets and alternative bars, words left out: ``[|[]]``."""
    text = _ESCAPED.sub("", text)
    shape = []
    depth = 0
    for char in text:
        if char == "[":
            depth += 1
            shape.append("[")
        elif char == "]":
            depth -= 1
            shape.append("]")
        elif char == "|" and depth > 0:
            shape.append("|")
    return "".join(shape)


# Who proposes each alternative: "[BASE: … | ARB, EUR: …]", "[USA (no text)]", "[ADD EUR]".
_SOURCES = re.compile(
    r"(?:\[|\s\|\s)(?:ADD )?([A-Z][A-Za-z0-9+]*(?:, [A-Z][A-Za-z0-9+]*)*)(?=: | \(no text\)|\])"
)


def bracket_sources(text: str) -> list[str]:
    """The sources of each alternative and of an ADD, in order."""
    return _SOURCES.findall(_ESCAPED.sub("", text))


# --- numbers and symbols ------------------------------------------------------------

# Arabic-Indic and Persian digits read as 0-9; full-width digits fold through NFKC.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# A number, its thousands groups joined by a space, no-break space, comma or point.
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f,.]\d{3})+(?!\d)|\d+")
# Document symbols: DT/12, ADM/54, EUR/27A1/5, COM5/2, WGPL/6.
_SYMBOL = re.compile(r"\b[A-Z][A-Z0-9]{0,5}(?:/[0-9A-Z]+)+\b")


def numbers(text: str) -> Counter[str]:
    """The numbers in a text, thousands separators dropped, as a multiset."""
    text = unicodedata.normalize("NFKC", text).translate(_DIGITS)
    text = _SYMBOL.sub(" ", text)
    found: Counter[str] = Counter()
    for match in _NUMBER.finditer(text):
        found[re.sub(r"\D", "", match.group()).lstrip("0") or "0"] += 1
    return found


def symbols(text: str) -> Counter[str]:
    return Counter(_SYMBOL.findall(unicodedata.normalize("NFKC", text)))


# --- scripts ------------------------------------------------------------------------

_SCRIPT = {
    "ar": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
    "zh": re.compile(r"[\u3400-\u9fff\uf900-\ufaff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "en": re.compile(r"[A-Za-z]"),
    "fr": re.compile(r"[A-Za-zÀ-ÿ]"),
    "es": re.compile(r"[A-Za-zÀ-ÿ]"),
}
_LETTER = re.compile(r"[^\W\d_]")


def script_share(language: str, text: str) -> float:
    """The share of a text's letters that belong to the language's script."""
    letters = _LETTER.findall(text)
    if not letters:
        return 1.0
    own = sum(1 for letter in letters if _SCRIPT[language].match(letter))
    return own / len(letters)


# --- the checks ---------------------------------------------------------------------


def check_translation(
    source: Mapping[str, str],
    translation: Mapping[str, str],
    *,
    language: str,
    source_language: str = "en",
    glossary: Sequence[GlossaryTerm] = (),
) -> list[Failure]:
    """Every check on one language version against the source, provision by provision."""
    failures: list[Failure] = []
    for eid, text in source.items():
        target = translation.get(eid)
        if target is None or not target.strip():
            failures.append(Failure("missing", language, eid, f"provision {eid} has no {language} text"))
            continue
        left, right = bracket_shape(text), bracket_shape(target)
        if left != right:
            failures.append(
                Failure(
                    "brackets",
                    language,
                    eid,
                    f"provision {eid}: brackets and alternatives differ from the source ({left.count('[')} brackets, {left.count('|')} alternatives' bars in the source; {right.count('[')} and {right.count('|')} in the translation)",
                )
            )
        elif left and bracket_sources(text) != bracket_sources(target):
            failures.append(
                Failure(
                    "brackets",
                    language,
                    eid,
                    f"provision {eid}: the alternatives' sources differ from the source ({'; '.join(bracket_sources(text))} in the source; {'; '.join(bracket_sources(target)) or 'none'} in the translation)",
                )
            )
        left_numbers, right_numbers = numbers(text), numbers(target)
        if left_numbers != right_numbers:
            lost = sorted((left_numbers - right_numbers).elements())
            added = sorted((right_numbers - left_numbers).elements())
            detail = "; ".join(
                part
                for part in (
                    f"missing {', '.join(lost)}" if lost else "",
                    f"not in the source {', '.join(added)}" if added else "",
                )
                if part
            )
            failures.append(Failure("numbers", language, eid, f"provision {eid}: numbers differ from the source ({detail})"))
        left_symbols, right_symbols = symbols(text), symbols(target)
        if left_symbols != right_symbols:
            lost = sorted((left_symbols - right_symbols).elements())
            failures.append(
                Failure(
                    "numbers",
                    language,
                    eid,
                    f"provision {eid}: document symbols differ from the source"
                    + (f" (missing {', '.join(lost)})" if lost else ""),
                )
            )
        if language in _SCRIPT and script_share(language, target) < 0.5:
            failures.append(
                Failure("script", language, eid, f"provision {eid} is not written in the script of '{language}'")
            )
        for term in glossary:
            if term.found(source_language, text) and term.forms.get(language) and not term.found(language, target):
                failures.append(
                    Failure(
                        "glossary",
                        language,
                        eid,
                        f"provision {eid}: the source says '{term.label(source_language)}'; expected '{term.label(language)}'",
                    )
                )
    for eid in translation:
        if eid not in source:
            failures.append(Failure("numbering", language, eid, f"provision {eid} is not in the source"))
    return failures


def check_all(
    source: Mapping[str, str],
    translations: Mapping[str, Mapping[str, str] | None],
    *,
    source_language: str = "en",
    languages: Sequence[str] = LANGUAGES,
    glossary: Sequence[GlossaryTerm] = (),
) -> list[Failure]:
    """The checks for every language but the source's; an absent language fails as a whole."""
    failures: list[Failure] = []
    for language in languages:
        if language == source_language:
            continue
        translation = translations.get(language)
        if translation is None:
            failures.append(Failure("missing", language, "", f"there is no {language} version"))
            continue
        failures.extend(
            check_translation(
                source,
                translation,
                language=language,
                source_language=source_language,
                glossary=glossary,
            )
        )
    return failures
