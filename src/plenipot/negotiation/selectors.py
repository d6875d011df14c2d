"""Reading instruments."""

from __future__ import annotations

from django.db.models import QuerySet

from plenipot.conference.models import Conference
from plenipot.negotiation.models import Instrument


def instrument_list(*, conference: Conference, kind: str | None = None) -> QuerySet[Instrument]:
    instruments = Instrument.objects.filter(conference=conference)
    if kind:
        instruments = instruments.filter(kind=kind)
    return instruments


def instrument_get(*, conference: Conference, number: str, kind: str = "resolution") -> Instrument:
    return Instrument.objects.get(conference=conference, kind=kind, number=number)
