"""Changing documents and proposals."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plenipot.conference.models import Body, Conference, Organisation
from plenipot.documents.models import Document, Proposal
from plenipot.negotiation.models import Instrument


@transaction.atomic
def document_create(
    *,
    conference: Conference,
    number: str,
    kind: str,
    title: str,
    date: datetime.date,
    addendum: int = 0,
    revision: int = 0,
    sources: Iterable[Organisation] = (),
    original_language: str = "en",
    body: Body | None = None,
) -> Document:
    if body is not None and body.conference_id != conference.pk:
        raise ValidationError(_("The body belongs to another conference."))
    document = Document(
        conference=conference,
        number=str(number),
        addendum=addendum or 0,
        revision=revision or 0,
        kind=kind,
        title=title,
        date=date,
        original_language=original_language,
        body=body,
    )
    document.full_clean()
    document.save()
    sources = list(sources)
    if sources:
        document.sources.set(sources)
    return document


@transaction.atomic
def proposal_create(
    *,
    document: Document,
    symbol: str,
    mark: str,
    sources: Iterable[Organisation] = (),
    instrument: Instrument | None = None,
    target: str = "",
    anchor: str = "",
    text: str = "",
    reasons: str = "",
    sequence: int = 0,
) -> Proposal:
    """Add a proposal to an input document.

    ADD needs an anchor (where the new text goes) and text; MOD needs a target and
    text; SUP and NOC need a target.
    """
    if instrument is not None and instrument.conference_id != document.conference_id:
        raise ValidationError(_("The instrument belongs to another conference."))
    if mark in (Proposal.Mark.ADD, Proposal.Mark.ADD_MOVED) and not text:
        raise ValidationError(_("An ADD proposal needs the text to add."))
    if mark in (Proposal.Mark.MOD, Proposal.Mark.MOD_EDITORIAL) and not (target and text):
        raise ValidationError(_("A MOD proposal needs a target provision and the new text."))
    if mark in (Proposal.Mark.SUP, Proposal.Mark.SUP_MOVED) and not target:
        raise ValidationError(_("A SUP proposal needs a target provision."))
    proposal = Proposal(
        document=document,
        symbol=symbol,
        mark=mark,
        instrument=instrument,
        target=target or "",
        anchor=anchor or "",
        text=text or "",
        reasons=reasons or "",
        sequence=sequence,
    )
    proposal.full_clean()
    proposal.save()
    sources = list(sources)
    if sources:
        proposal.sources.set(sources)
    return proposal
