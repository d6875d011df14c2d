"""Changing instruments."""

from __future__ import annotations

from django.db import transaction

from plenipot.conference.models import Conference
from plenipot.negotiation.models import Instrument


@transaction.atomic
def instrument_create(
    *,
    conference: Conference,
    number: str,
    title: str,
    text: str = "",
    kind: str = Instrument.Kind.RESOLUTION,
    status: str = Instrument.Status.IN_FORCE,
) -> Instrument:
    instrument = Instrument(
        conference=conference, kind=kind, number=number, title=title, text=text, status=status
    )
    instrument.full_clean()
    instrument.save()
    return instrument
