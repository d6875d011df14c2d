"""The demo's floor: a meeting of the Working Group of the Plenary on Resolution 133,
with its list of speakers under way, from `floor.json`.

Who has spoken, and for how long, is written as the record would hold it; the
speaker who has the floor has the clock stopped, so the demo shows the same seconds
whenever it is opened.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from plenipot.conference.models import Delegation
from plenipot.floor import services
from plenipot.floor.models import FloorRequest, Intervention
from plenipot.meetings.models import Meeting
from plenipot.meetings.services import agenda_item_add


def load_floor_demo(loader, data: dict, error: type[Exception]) -> None:
    where = "floor.json"
    secretariat = get_user_model().objects.filter(role="secretariat").order_by("pk").first()
    for spec in data.get("lists", []):
        try:
            meeting = Meeting.objects.select_related("body").get(
                conference=loader.conference, body__code=spec["body"], number=spec["meeting"]
            )
            agenda = spec["agenda"]
            instrument = loader.instruments[str(agenda["instrument"])]
            number, _sep, addendum = agenda.get("document", "").partition("A")
            document = loader.documents.get((number, int(addendum or 0))) if number else None
        except (KeyError, Meeting.DoesNotExist) as exc:
            raise error(f"{where}: {spec!r}: {exc}") from None
        item = agenda_item_add(
            meeting=meeting, title="", added_by=secretariat, document=document,
            instrument=instrument,
        )  # fmt: skip
        services.speakers_list_set(item=item, speaking_time=int(spec.get("speaking_time", 180)))

        def delegation(entry: dict) -> Delegation:
            try:
                return Delegation.objects.get(
                    conference=loader.conference, organisation__iso3=entry["delegation"]
                )
            except (KeyError, Delegation.DoesNotExist) as exc:
                raise error(f"{where}: {entry!r}: {exc}") from None

        def request(entry: dict, item=item) -> FloorRequest:
            return services.floor_request_add(
                item=item, delegation=delegation(entry), kind=entry.get("kind", "speaker"),
                eid=entry.get("provision", ""), away=bool(entry.get("away")), user=None,
            )  # fmt: skip

        when = meeting.starts_at + datetime.timedelta(minutes=10)
        for entry in spec.get("spoken", []):
            spoken = request(entry)
            spoken.status = FloorRequest.Status.SPOKEN
            spoken.save(update_fields=["status"])
            seconds = int(entry["seconds"])
            Intervention.objects.create(
                meeting=meeting, agenda_item=item, delegation_id=spoken.delegation_id,
                request=spoken, kind=spoken.kind, eid=spoken.eid, started_at=when,
                seconds=seconds,
            )  # fmt: skip
            when += datetime.timedelta(seconds=seconds + 20)
        if spec.get("speaking"):
            speaking = request(spec["speaking"])
            services.floor_give(item=item, request=speaking)
            services.floor_clock_set(item=item, running=False)
            floor = item.speakers_list
            floor.refresh_from_db()
            floor.clock_elapsed = int(spec["speaking"].get("seconds", 0))
            floor.save(update_fields=["clock_elapsed"])
        for entry in spec.get("waiting", []):
            request(entry)
