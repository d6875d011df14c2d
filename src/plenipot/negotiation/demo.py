"""The demo's drafting room: drafts consolidated from the demo proposals, with a few
revisions by the pen, from `drafts.json`."""

from __future__ import annotations

from plenipot.accounts.models import User
from plenipot.conference.models import Body
from plenipot.negotiation.models import Instrument
from plenipot.negotiation.services import draft_create, operation_apply


def load_drafts_demo(loader, items: list, error: type[Exception]) -> None:
    where = "drafts.json"
    for item in items or []:
        try:
            body = Body.objects.get(conference=loader.conference, code=item["body"])
            instrument = Instrument.objects.get(
                conference=loader.conference, number=item["instrument"]
            )
            pen = User.objects.get(username=item["pen"])
        except (KeyError, Body.DoesNotExist, Instrument.DoesNotExist, User.DoesNotExist) as exc:
            raise error(f"{where}: {item!r}: {exc}") from None
        draft = draft_create(body=body, instrument=instrument, title=item.get("title", ""))
        for k, revision in enumerate(item.get("revisions", []), start=1):
            try:
                operation_apply(
                    draft_id=draft.pk,
                    user=pen,
                    operation=revision["operation"],
                    base=k - 1,
                    description=revision.get("description", ""),
                )
            except Exception as exc:
                raise error(f"{where}: revision {k} of {item['instrument']}: {exc}") from None
