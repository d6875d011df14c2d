"""Provisions named as people name them, in the reader's language.

The engine gives a label in parts (:mod:`plenipot.engine.labels`): the words of the
heading as the text writes them, the numbers, and what kind of provision it is. Here
those parts become a phrase of the reader's language ("the title", "new provision after
resolves 3"), with the text's own words kept in the text's language and direction: in
HTML inside ``<bdi lang dir>``, in plain text between Unicode isolates when the text
runs the other way from the page. Ids stay in URLs, attributes and the API; people
read labels.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi, pgettext
from django.utils.translation import gettext as _

from plenipot.engine.draftformat import read_draft
from plenipot.engine.instrument import ParseError, parse_instrument
from plenipot.engine.labels import (
    Label,
    LabelKind,
    Tree,
    change_labels,
    provision_labels,
    text_direction,
    text_language,
)

#: First strong isolate and pop directional isolate: keep a run of text in its own
#: direction inside a sentence that runs the other way.
_FSI, _PDI = "\u2068", "\u2069"


@dataclass(frozen=True)
class ProvisionLabels:
    """The labels of one text (or of the changes between two), with the language and
    direction its words are written in."""

    labels: Mapping[str, Label] = field(default_factory=dict)
    language: str | None = None
    direction: str = "ltr"

    @classmethod
    def of(cls, tree: Tree, *, language: str | None = None) -> ProvisionLabels:
        """The labels of a text: an engine instrument, draft or sequence of units."""
        language = language or text_language(tree)
        return cls(provision_labels(tree), language, text_direction(tree, language))

    @classmethod
    def of_change(cls, before: Tree, after: Tree) -> ProvisionLabels:
        """Labels for every provision of either text: new ones after their neighbour,
        deleted ones as they read (:func:`plenipot.engine.labels.change_labels`)."""
        language = text_language(after) or text_language(before)
        return cls(change_labels(before, after), language, text_direction(after, language))

    def __contains__(self, eid: object) -> bool:
        return eid in self.labels

    def get(self, eid: str) -> Label | None:
        return self.labels.get(eid)

    def text(self, eid: str) -> str:
        """The provision named in plain text (a message, an option of a list)."""
        label = self.labels.get(eid)
        if label is None:
            return _("a provision not in this text")
        return self.phrase(label)

    def html(self, eid: str) -> SafeString:
        """The provision named in HTML, the text's words isolated in ``<bdi>``."""
        label = self.labels.get(eid)
        if label is None:
            return conditional_escape(_("a provision not in this text"))
        return self.phrase_html(label)

    def phrase(self, label: Label) -> str:
        return _phrase(label, self._isolate_text, str)

    def phrase_html(self, label: Label) -> SafeString:
        return mark_safe(_phrase(label, self._isolate_html, conditional_escape))  # noqa: S308 - every part escaped

    def names(self, eids: Sequence[str]) -> str:
        """Several provisions named in plain text, one after another."""
        return ", ".join(self.text(eid) for eid in eids)

    def _isolate_text(self, words: str) -> str:
        page = "rtl" if get_language_bidi() else "ltr"
        return words if page == self.direction else f"{_FSI}{words}{_PDI}"

    def _isolate_html(self, words: str) -> str:
        if self.language:
            return format_html('<bdi lang="{}" dir="{}">{}</bdi>', self.language, self.direction, words)
        return format_html('<bdi dir="{}">{}</bdi>', self.direction, words)


def _phrase(label: Label, isolate, escape) -> str:
    """A label in the reader's language; `isolate` keeps the text's own words apart,
    `escape` makes the reader's words safe for where they go."""
    kind = label.kind
    if kind is LabelKind.NUMBER:
        return escape(pgettext("provision", "the number"))
    if kind is LabelKind.TITLE:
        return escape(pgettext("provision", "the title"))
    if kind is LabelKind.FORMULA:
        return escape(pgettext("provision", "the formula"))
    if kind is LabelKind.HEADING:
        return escape(_("the heading %(words)s")) % {"words": isolate(label.name)}
    if kind is LabelKind.ITEM:
        return isolate(" ".join(part for part in (label.name, label.numbers) if part))
    if kind is LabelKind.ANNEX:
        return isolate(label.name)
    if kind is LabelKind.ANNEX_PARAGRAPH:
        return escape(_("%(annex)s, paragraph %(n)s")) % {
            "annex": isolate(label.name),
            "n": label.numbers,
        }
    if kind is LabelKind.NEW:
        after = _phrase(label.of, isolate, escape) if label.of else ""
        if label.rank:
            return escape(_("new provision %(n)s after %(provision)s")) % {
                "n": label.rank,
                "provision": after,
            }
        return escape(_("new provision after %(provision)s")) % {"provision": after}
    before = _phrase(label.of, isolate, escape) if label.of else ""
    return escape(_("%(provision)s (deleted)")) % {"provision": before}


def label_to_dict(label: Label) -> dict:
    """A label's parts as plain data (defaults left out), for a page's script to word
    in its reader's language as :func:`_phrase` does."""
    data: dict = {"kind": label.kind.value}
    if label.words:
        data["words"] = label.words
    if label.occurrence:
        data["occurrence"] = label.occurrence
    if label.path:
        data["path"] = list(label.path)
    if label.of is not None:
        data["of"] = label_to_dict(label.of)
    if label.rank:
        data["rank"] = label.rank
    return data


# --- labels of stored texts -------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def labels_of_text(text: str, language: str | None = None) -> ProvisionLabels:
    """The labels of a text as it is stored: the instrument format or a bracketed draft
    (a DT from a drafting room); no labels when it is neither. Kept per text, since an
    instrument's text changes seldom and its labels are asked for on many pages."""
    tree: Tree | None = read_draft(text)
    if tree is None:
        try:
            tree = parse_instrument(text)
        except ParseError:
            return ProvisionLabels()
    return ProvisionLabels.of(tree, language=language)


def instrument_labels(instrument) -> ProvisionLabels:
    """The labels of an instrument's text in force."""
    return labels_of_text(instrument.text or "")


def proposal_label(labels: ProvisionLabels, *, target: str, anchor: str = "") -> SafeString:
    """What a proposal is about: the provision it changes, or, for an ADD, the new
    provision after its anchor. Empty when it names neither."""
    if target:
        return labels.html(target)
    if anchor:
        of = labels.get(anchor)
        if of is None:
            return labels.html(anchor)
        return labels.phrase_html(Label(LabelKind.NEW, of=of))
    return SafeString("")


_ID = re.compile(r"\b(provision )?([a-z][a-z0-9_]*[a-z0-9])\b")


def name_provisions(message: str, labels: ProvisionLabels) -> str:
    """A message that names provisions by id ("provision considering__a has no ar
    text", from the cross-language checks), with each id the text has replaced by its
    label ("considering a) has no ar text"). A one-word id ("title", "resolves") is
    taken for one only after the word "provision"."""
    if not labels.labels:
        return message

    def named(match: re.Match) -> str:
        said, eid = match.group(1), match.group(2)
        if eid in labels and (said or "_" in eid):
            return labels.text(eid)
        return match.group(0)

    return _ID.sub(named, message)
