"""Provisions named in templates as people name them (``negotiation.labels``), never by
their ids: ``{% load provisions %}``, then ``{{ labels|label_of:eid }}``,
``{{ proposal|proposal_provision }}`` or ``{{ message|named_provisions:labels }}``."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from plenipot.engine.labels import text_direction
from plenipot.negotiation.labels import (
    ProvisionLabels,
    instrument_labels,
    labels_of_text,
    name_provisions,
    proposal_label,
)

register = template.Library()


@register.filter
def label_of(labels: ProvisionLabels | None, eid: str) -> SafeString | str:
    """The provision `eid` of a text named in HTML, its words in the text's direction."""
    if labels is None or not eid:
        return ""
    return labels.html(eid)


@register.filter
def label_text_of(labels: ProvisionLabels | None, eid: str) -> str:
    """The same in plain text, for where no markup may go (an option of a list)."""
    if labels is None or not eid:
        return ""
    return labels.text(eid)


@register.filter
def proposal_provision(proposal) -> SafeString:
    """What a recorded proposal is about: the provision of its instrument it changes,
    or the new provision after its anchor."""
    instrument = getattr(proposal, "instrument", None)
    if instrument is None:
        return SafeString("")
    return proposal_label(
        instrument_labels(instrument),
        target=getattr(proposal, "target", "") or "",
        anchor=getattr(proposal, "anchor", "") or "",
    )


@register.filter
def named_provisions(message, labels: ProvisionLabels | None) -> str:
    """A message with the provision ids in it replaced by the provisions' labels."""
    if labels is None:
        return str(message)
    return name_provisions(str(message), labels)


@register.filter
def text_labels(text: str | None, language: str | None = None) -> ProvisionLabels:
    """The labels of a stored text (an instrument's, a path's current text), with its
    language (given, or told by the text) and direction:
    ``{% with labels=path.current_text|text_labels %}``."""
    return labels_of_text(text or "", language or None)


@register.filter
def language_direction(language: str | None) -> str:
    """``rtl`` or ``ltr``: the direction a language is written in, for the ``dir`` of
    a block of text in that language whatever the page's."""
    return text_direction("", language or None)


@register.filter
def new_after(labels: ProvisionLabels | None, eid: str) -> SafeString | str:
    """A new provision named by the one it follows: "new provision after resolves 3"."""
    if labels is None or not eid:
        return ""
    return proposal_label(labels, target="", anchor=eid)
