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

Each failure names the language and the provision, and says why twice: as a ``code``
with its ``params`` (the provision's id, counts, lists of numbers, a language code),
which the site words in the reader's language, and as an English ``message`` built from
them, for the command line and the logs. No Django, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from plenipot.engine.instrument import Instrument, flatten
from plenipot.engine.translation_memory import LANGUAGES

CHECKS = ("missing", "numbering", "brackets", "numbers", "glossary", "script")


@dataclass(frozen=True)
class Failure:
    """One check that failed: which, in what language, on which provision, and why.

    ``code`` names the reason (one of :data:`CODES`) and ``params`` carries what its
    sentence needs: ``eid`` when a provision is named, counts as ints, numbers, symbols
    and sources as tuples of strings, a language as its code. ``message`` is that
    sentence in English (:func:`english`).
    """

    check: str
    language: str
    eid: str
    message: str
    code: str = ""
    params: Mapping[str, object] = field(default_factory=dict, hash=False)

    @classmethod
    def of(cls, check: str, language: str, code: str, /, **params: object) -> Failure:
        """A failure with its English message made from `code` and `params`."""
        eid = str(params.get("eid", ""))
        return cls(check, language, eid, english(code, params), code, params)

    def __str__(self) -> str:
        return f"[{self.language}] {self.message}" if self.language else self.message


def _listed(values, empty: str = "") -> str:
    return ", ".join(values) or empty


def _numbers_detail(params: Mapping) -> str:
    return "; ".join(
        part
        for part in (
            f"missing {_listed(params['missing'])}" if params["missing"] else "",
            f"not in the source {_listed(params['added'])}" if params["added"] else "",
        )
        if part
    )


def _kind_words(kind: str, level: int) -> str:
    words = kind.replace("_", " ")
    return f"{words} at level {level}" if level > 1 else words


#: Each reason a check fails, and its sentence in English from the failure's params.
CODES: dict[str, object] = {
    "translation_ends": lambda p: (
        f"the translation ends before provision {p['eid']} ({p['lines']} lines for {p['source_lines']})"
    ),
    "kind_differs": lambda p: (
        f"provision {p['eid']} is a {_kind_words(p['source_kind'], p['source_level'])} in the source"
        f" but a {_kind_words(p['kind'], p['level'])} in the translation"
    ),
    "extra_lines": lambda p: (
        f"the translation has {p['count']} more lines than the source after provision {p['eid']}"
    ),
    "no_text": lambda p: f"provision {p['eid']} has no {p['language']} text",
    "brackets_differ": lambda p: (
        f"provision {p['eid']}: brackets and alternatives differ from the source"
        f" ({p['source_brackets']} brackets, {p['source_bars']} alternatives' bars in the source;"
        f" {p['brackets']} and {p['bars']} in the translation)"
    ),
    "sources_differ": lambda p: (
        f"provision {p['eid']}: the alternatives' sources differ from the source"
        f" ({'; '.join(p['source_sources'])} in the source;"
        f" {'; '.join(p['sources']) or 'none'} in the translation)"
    ),
    "numbers_differ": lambda p: (
        f"provision {p['eid']}: numbers differ from the source ({_numbers_detail(p)})"
    ),
    "symbols_differ": lambda p: (
        f"provision {p['eid']}: document symbols differ from the source"
        + (f" (missing {_listed(p['missing'])})" if p["missing"] else "")
    ),
    "wrong_script": lambda p: f"provision {p['eid']} is not written in the script of '{p['language']}'",
    "glossary_term": lambda p: (
        f"provision {p['eid']}: the source says '{p['source_term']}'; expected '{p['expected_term']}'"
    ),
    "not_in_source": lambda p: f"provision {p['eid']} is not in the source",
    "no_version": lambda p: f"there is no {p['language']} version",
}


def english(code: str, params: Mapping[str, object]) -> str:
    """The sentence of a failure's `code` in English, from its `params`."""
    return CODES[code](params)  # type: ignore[operator]


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
                Failure.of(
                    "numbering",
                    language,
                    "translation_ends",
                    eid=unit.eid,
                    lines=len(right),
                    source_lines=len(left),
                )
            ]
        other = right[n]
        if (other.kind, other.depth) != (unit.kind, unit.depth):
            return texts, [
                Failure.of(
                    "numbering",
                    language,
                    "kind_differs",
                    eid=unit.eid,
                    source_kind=unit.kind.value,
                    source_level=unit.depth + 1,
                    kind=other.kind.value,
                    level=other.depth + 1,
                )
            ]
        texts[unit.eid] = other.text
    if len(right) > len(left):
        return texts, [
            Failure.of("numbering", language, "extra_lines", eid=left[-1].eid, count=len(right) - len(left))
        ]
    return texts, []


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
            failures.append(Failure.of("missing", language, "no_text", eid=eid, language=language))
            continue
        left, right = bracket_shape(text), bracket_shape(target)
        if left != right:
            failures.append(
                Failure.of(
                    "brackets",
                    language,
                    "brackets_differ",
                    eid=eid,
                    source_brackets=left.count("["),
                    source_bars=left.count("|"),
                    brackets=right.count("["),
                    bars=right.count("|"),
                )
            )
        elif left and bracket_sources(text) != bracket_sources(target):
            failures.append(
                Failure.of(
                    "brackets",
                    language,
                    "sources_differ",
                    eid=eid,
                    source_sources=tuple(bracket_sources(text)),
                    sources=tuple(bracket_sources(target)),
                )
            )
        left_numbers, right_numbers = numbers(text), numbers(target)
        if left_numbers != right_numbers:
            failures.append(
                Failure.of(
                    "numbers",
                    language,
                    "numbers_differ",
                    eid=eid,
                    missing=tuple(sorted((left_numbers - right_numbers).elements())),
                    added=tuple(sorted((right_numbers - left_numbers).elements())),
                )
            )
        left_symbols, right_symbols = symbols(text), symbols(target)
        if left_symbols != right_symbols:
            failures.append(
                Failure.of(
                    "numbers",
                    language,
                    "symbols_differ",
                    eid=eid,
                    missing=tuple(sorted((left_symbols - right_symbols).elements())),
                )
            )
        if language in _SCRIPT and script_share(language, target) < 0.5:
            failures.append(Failure.of("script", language, "wrong_script", eid=eid, language=language))
        for term in glossary:
            if term.found(source_language, text) and term.forms.get(language) and not term.found(language, target):
                failures.append(
                    Failure.of(
                        "glossary",
                        language,
                        "glossary_term",
                        eid=eid,
                        source_term=term.label(source_language),
                        expected_term=term.label(language),
                        source_language=source_language,
                        language=language,
                    )
                )
    for eid in translation:
        if eid not in source:
            failures.append(Failure.of("numbering", language, "not_in_source", eid=eid))
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
            failures.append(Failure.of("missing", language, "no_version", language=language))
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
