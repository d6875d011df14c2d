"""Provision labels: how people name a provision ("considering b)", "resolves 2 b)").

A provision id (``resolves__para_2__point_b``) is stable and never shown to people: it
was given from the numbering when the base text was first parsed and stays put when
the text is renumbered, so after a few revisions it no longer says where the provision
stands. A *label* says it the way delegates do, from the text as it reads now: the
words of the heading as written in the text itself ("considering", "instructs the
Secretary-General", "يقرر", "considérant"), then the numbers of the item and of its
parents as printed ("2 b)").

A label is structured (:class:`Label`) rather than a string, so that the site can put
the words of the text, which are in the text's own language and direction, inside a
phrase of the reader's language ("new provision after resolves 3", "the title"). Its
``str()`` is a plain rendering for messages and the command line.

Within one text, two different provisions never get the same label: a heading that
repeats ("resolves" twice) is told apart by its place among headings with the same
words, ``resolves (2) 1``.

The language and direction of a text (:func:`text_language`, :func:`text_direction`)
come with it, because the words of a label are in that language whatever the reader's.

Public API: :class:`LabelKind`, :class:`Label`, :func:`provision_labels`,
:func:`provision_label`, :func:`change_labels`, :func:`text_language`,
:func:`text_direction`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from plenipot.engine.consolidation import Draft
from plenipot.engine.instrument import Instrument, Kind, Unit, flatten, labelled

#: What :func:`provision_labels` accepts: an instrument, a negotiating draft, or the
#: flat sequence of units either of them reads as.
Tree = Instrument | Draft | Sequence[Unit]


class LabelKind(StrEnum):
    """What a label names; the site words each kind in the reader's language."""

    NUMBER = "number"
    TITLE = "title"
    FORMULA = "formula"
    #: A heading of the preamble or of the operative part ("considering").
    HEADING = "heading"
    #: An item or sub-item: the heading's words and the numbers ("resolves 2 b)").
    ITEM = "item"
    ANNEX = "annex"
    #: A paragraph of an annex; annex paragraphs carry no number, so it is counted.
    ANNEX_PARAGRAPH = "annex_paragraph"
    #: A provision that the text it is compared with does not have.
    NEW = "new"
    #: A provision that is no longer in the text.
    DELETED = "deleted"


@dataclass(frozen=True)
class Label:
    """A provision named as people name it.

    ``words`` are the heading's (or the annex's) words as written in the text;
    ``occurrence`` is 0 when no other heading of the text has the same words, else the
    place (1, 2 …) among those that have; ``path`` the numbers as printed, from the
    item to its sub-item (``("2", "b)")``), or the paragraph's count in an annex.
    For ``NEW``, ``of`` is the provision it follows and ``rank`` its place (1, 2 …)
    when several new provisions follow the same one (0 when it is alone); for
    ``DELETED``, ``of`` is its label in the text it was deleted from.
    """

    kind: LabelKind
    words: str = ""
    occurrence: int = 0
    path: tuple[str, ...] = ()
    of: Label | None = None
    rank: int = 0

    @property
    def name(self) -> str:
        """The words, and the occurrence when the words repeat: ``resolves (2)``."""
        return f"{self.words} ({self.occurrence})" if self.occurrence else self.words

    @property
    def numbers(self) -> str:
        """The path as printed: ``2 b)``."""
        return " ".join(self.path)

    def __str__(self) -> str:
        kind = self.kind
        if kind is LabelKind.NUMBER:
            return "the number"
        if kind is LabelKind.TITLE:
            return "the title"
        if kind is LabelKind.FORMULA:
            return "the formula"
        if kind is LabelKind.HEADING:
            return f"the heading {self.name}".rstrip()
        if kind is LabelKind.ITEM:
            return " ".join(part for part in (self.name, self.numbers) if part) or "an item"
        if kind is LabelKind.ANNEX:
            return self.name or "an annex"
        if kind is LabelKind.ANNEX_PARAGRAPH:
            return f"{self.name or 'an annex'}, paragraph {self.numbers}"
        if kind is LabelKind.NEW:
            rank = f" {self.rank}" if self.rank else ""
            return f"new provision{rank} after {self.of}" if self.of else f"new provision{rank}"
        return f"{self.of} (deleted)" if self.of else "a deleted provision"


# --- units ------------------------------------------------------------------------------


def _reading(segments) -> str:
    """A draft provision's text as it reads so far: agreed text and each bracket's first
    wording (the base's, where there is one)."""
    return "".join(s if isinstance(s, str) else s.alternatives[0].text for s in segments)


def _units(tree: Tree) -> Sequence[Unit]:
    if isinstance(tree, Instrument):
        return flatten(tree)
    if isinstance(tree, Draft):
        return [Unit(p.eid, p.kind, p.depth, _reading(p.segments)) for p in tree.provisions]
    return tree


_TRAILING = ",;:.،؛，：；。 \t"
_ANNEX_LEAD = re.compile(r"\s*(\S+(?:\s+\S+)?\s*\d+)")


def _heading_words(unit: Unit) -> str:
    """A heading's words as written, on one line, without the comma or colon that
    closes it; an annex by the words up to its number ("Annex 1")."""
    text = " ".join(unit.text.split())
    if unit.kind is Kind.ANNEX:
        lead = _ANNEX_LEAD.match(text)
        if lead:
            return lead.group(1)
    return text.rstrip(_TRAILING)


# --- labels -----------------------------------------------------------------------------

_FRONT = {Kind.NUMBER: LabelKind.NUMBER, Kind.TITLE: LabelKind.TITLE, Kind.FORMULA: LabelKind.FORMULA}


def provision_labels(tree: Tree) -> dict[str, Label]:
    """Every provision of the text with its label, in reading order.

    Numbers are those the text is printed with now (:func:`labelled`), so a label
    follows renumbering while the id stays. The only item of a heading printed without
    a number is named by the heading's words alone ("instructs the Secretary-General")."""
    units = _units(tree)
    words = {unit.eid: _heading_words(unit) for unit in units if unit.kind.is_heading}
    repeated = {w for w, n in Counter(words.values()).items() if n > 1}
    seen: Counter[str] = Counter()
    out: dict[str, Label] = {}
    heading, occurrence = "", 0
    path: list[str] = []
    paragraphs = 0
    for unit, number in labelled(units):
        kind = unit.kind
        if kind in _FRONT:
            out[unit.eid] = Label(_FRONT[kind])
        elif kind.is_heading:
            heading = words[unit.eid]
            seen[heading] += 1
            occurrence = seen[heading] if heading in repeated else 0
            path, paragraphs = [], 0
            what = LabelKind.ANNEX if kind is Kind.ANNEX else LabelKind.HEADING
            out[unit.eid] = Label(what, heading, occurrence)
        elif kind is Kind.ANNEX_PARAGRAPH:
            paragraphs += 1
            out[unit.eid] = Label(
                LabelKind.ANNEX_PARAGRAPH, heading, occurrence, (str(paragraphs),)
            )
        else:
            del path[unit.depth :]
            path.extend([""] * (unit.depth - len(path)))  # a sub-item without its parent
            path.append(number)
            out[unit.eid] = Label(
                LabelKind.ITEM, heading, occurrence, tuple(p for p in path if p)
            )
    return out


def provision_label(tree: Tree, eid: str) -> Label:
    """The label of one provision; ``KeyError`` when the text has no such id."""
    return provision_labels(tree)[eid]


def change_labels(before: Tree, after: Tree) -> dict[str, Label]:
    """Labels for what changed between two texts, for every id of either.

    A provision of ``after`` that ``before`` also has is named as it reads in
    ``after``; one that ``before`` lacks is a new provision after the nearest
    provision above it that ``before`` has ("new provision after resolves 3"; "new
    provision 2 after resolves 3" when several follow it); one that ``after`` lacks is
    named as it read in ``before``, marked deleted."""
    old = provision_labels(before)
    new = provision_labels(after)
    out: dict[str, Label] = {}
    anchor: Label | None = None
    run: list[str] = []

    def close() -> None:
        for rank, eid in enumerate(run, start=1):
            out[eid] = Label(LabelKind.NEW, of=anchor, rank=rank if len(run) > 1 else 0)
        run.clear()

    for eid, label in new.items():
        if eid in old:
            close()
            out[eid] = label
            anchor = label
        else:
            run.append(eid)
    close()
    for eid, label in old.items():
        if eid not in new:
            out[eid] = Label(LabelKind.DELETED, of=label)
    return out


# --- the text's language ----------------------------------------------------------------

#: How the number line names an instrument, in each official language.
_LANGUAGE_WORDS = (
    ("resolution", "en"), ("decision", "en"), ("recommendation", "en"),
    ("résolution", "fr"), ("décision", "fr"), ("recommandation", "fr"),
    ("resolución", "es"), ("decisión", "es"), ("recomendación", "es"),
    ("резолюция", "ru"), ("решение", "ru"), ("рекомендация", "ru"),
    ("قرار", "ar"), ("مقرر", "ar"), ("توصية", "ar"),
    ("决议", "zh"), ("决定", "zh"), ("建议", "zh"),
)  # fmt: skip

_RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur"})


def _script_language(text: str) -> str | None:
    """The language a script says for sure: Arabic, Chinese or Russian (Cyrillic)."""
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("ARABIC"):
            return "ar"
        if name.startswith("CJK"):
            return "zh"
        if name.startswith("CYRILLIC"):
            return "ru"
        return None
    return None


def text_language(tree: Tree) -> str | None:
    """The official language a text is written in, from how its number line names it
    ("Résolution 101" is French, "القرار 136" Arabic), else from its script; ``None``
    when neither tells (a Latin text whose number line names no instrument)."""
    units = _units(tree)
    if not units:
        return None
    number = units[0].text.replace("\u0640", "").casefold()
    for word, language in _LANGUAGE_WORDS:
        if word in number:
            return language
    return _script_language(" ".join(unit.text for unit in units[:2]))


def text_direction(text: Tree | str, language: str | None = None) -> str:
    """``rtl`` or ``ltr``: the direction of the language when it is known, else of the
    first letter that has a direction of its own (numbers and punctuation have none)."""
    if language is None and not isinstance(text, str):
        language = text_language(text)
        units = _units(text)
        text = " ".join(unit.text for unit in units[:2])
    if language is not None:
        return "rtl" if language.split("-")[0] in _RIGHT_TO_LEFT else "ltr"
    assert isinstance(text, str)
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return "rtl"
        if direction == "L":
            return "ltr"
    return "ltr"

