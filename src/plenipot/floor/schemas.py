"""What the floor accepts, one schema per use case, shared by the API and the pages."""

from __future__ import annotations

from typing import ClassVar, Literal

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

MAX_ID = 2**31 - 1


class AskIn(Schema):
    field_labels: ClassVar[dict] = {
        "kind": _("Kind of request"), "provision": _("Provision"), "away": _("Not in the room")
    }
    kind: Literal["speaker", "point_of_order", "right_of_reply"] = Field(
        "speaker", description="A point of order or a right of reply goes before the speakers."
    )
    provision: str = Field(
        "", max_length=200, description="The provision of the text under negotiation, if any."
    )
    away: bool = Field(
        False,
        description="Not in the room: the place is kept and the delegation told when its turn nears.",
    )


class AwayIn(Schema):
    field_labels: ClassVar[dict] = {"away": _("Not in the room")}
    away: bool


class MoveIn(Schema):
    field_labels: ClassVar[dict] = {"place": _("Place")}
    place: int = Field(..., ge=1, le=10_000, description="1: first among requests of its kind.")


class GiveIn(Schema):
    field_labels: ClassVar[dict] = {"request": _("Request")}
    request: int | None = Field(
        None, ge=1, le=MAX_ID, description="The request given the floor; none: the first waiting."
    )


class ClockIn(Schema):
    field_labels: ClassVar[dict] = {"running": _("Clock")}
    running: bool


class ListIn(Schema):
    field_labels: ClassVar[dict] = {"closed": _("List closed"), "speaking_time": _("Speaking time")}
    closed: bool | None = None
    speaking_time: int | None = Field(None, ge=0, le=3600, description="Seconds; 0: no limit.")
