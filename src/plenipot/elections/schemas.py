"""What votes and elections accept, one schema per use case: the API validates a
request's body with it, and an action given plain data (a page's form, a command)
validates with the same one, so the same words refuse the same input everywhere."""

from __future__ import annotations

import datetime
from typing import ClassVar, Literal

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

MAX_ID = 2**31 - 1
MAX_QUESTION = 1000
MAX_TITLE = 200
MAX_NAME = 200
MAX_NOTICE = 200
MAX_MARKS = 200
MAX_VOTES = 10_000

Code = Field(
    ...,
    min_length=2,
    max_length=10,
    description='A state\'s ISO 3166 alpha-3 code or ITU symbol, for example "FRA".',
)
Region = Literal["A", "B", "C", "D", "E"]
ChoiceIn = Literal["yes", "no", "abstain"]


class VoteOpenIn(Schema):
    field_labels: ClassVar[dict] = {
        "question": _("Question"),
        "method": _("Method"),
        "agenda_item": _("Agenda item"),
        "letter": _("Letter drawn"),
    }
    question: str = Field(..., min_length=1, max_length=MAX_QUESTION)
    method: Literal["show_of_hands", "roll_call", "electronic"]
    secret: bool = Field(False, description="Electronic votes only.")
    agenda_item: int | None = Field(
        None, ge=1, le=10_000, description="The position of the item on the meeting's agenda."
    )
    letter: str = Field(
        "", max_length=1, description="Roll-call: the letter drawn (empty: drawn by the site)."
    )
    postponed_from: int | None = Field(
        None, ge=1, le=MAX_ID, description="The earlier vote postponed because of abstentions."
    )


class PresenceIn(Schema):
    field_labels: ClassVar[dict] = {"delegations": _("Delegations present")}
    delegations: list[str] = Field(
        default_factory=list,
        max_length=300,
        description="Codes of the delegations present (the secretariat); empty: the caller's own.",
    )


class CastIn(Schema):
    field_labels: ClassVar[dict] = {"choice": _("Vote")}
    choice: ChoiceIn
    proxy: bool = Field(False, description="Cast on behalf of the delegation whose proxy you hold.")


class HandsIn(Schema):
    field_labels: ClassVar[dict] = {
        "yes": _("In favour"),
        "no": _("Against"),
        "abstain": _("Abstentions"),
    }
    yes: int = Field(..., ge=0, le=MAX_VOTES)
    no: int = Field(..., ge=0, le=MAX_VOTES)
    abstain: int = Field(..., ge=0, le=MAX_VOTES)


class RollCallAnswerIn(Schema):
    field_labels: ClassVar[dict] = {"delegation": _("Delegation"), "choice": _("Vote")}
    delegation: str = Code
    choice: ChoiceIn
    proxy: bool = Field(False, description="Answered by the delegation holding its proxy.")


class ProxyIn(Schema):
    field_labels: ClassVar[dict] = {
        "giver": _("Delegation giving its proxy"),
        "holder": _("Delegation holding the proxy"),
        "notice": _("Letter"),
    }
    giver: str = Code
    holder: str = Code
    notice: str = Field("", max_length=MAX_NOTICE, description="The reference of the letter.")


class ElectionIn(Schema):
    field_labels: ClassVar[dict] = {
        "title": _("Title"),
        "seats": _("Seats by region"),
        "candidature_deadline": _("Deadline for candidatures"),
        "open_rounds": _("Open rounds"),
    }
    title: str = Field(..., min_length=1, max_length=MAX_TITLE)
    kind: Literal["single", "seats_by_region"]
    seats: dict[Region, int] = Field(
        default_factory=dict, description='Seats by region, e.g. {"A": 9, "B": 8}.'
    )
    candidature_deadline: datetime.datetime
    mode: Literal["electronic", "analog"] = "electronic"
    body: str = Field(
        "PL", min_length=1, max_length=40, description="The body that holds the ballots."
    )
    open_rounds: int | None = Field(None, ge=1, le=20)
    then: Literal["top_two", "all"] | None = None
    abstentions_postpone: bool = False


class CandidatureIn(Schema):
    field_labels: ClassVar[dict] = {
        "name": _("Name"),
        "nominated_by": _("Nominated by"),
        "region": _("Region"),
        "received_at": _("Received"),
    }
    name: str = Field(..., min_length=1, max_length=MAX_NAME)
    nominated_by: str = Code
    region: Region | None = Field(None, description="Seats by region: the candidate's region.")
    received_at: datetime.datetime | None = Field(
        None, description="When the candidature was received (default: now)."
    )


class TellerIn(Schema):
    field_labels: ClassVar[dict] = {"region": _("Region"), "username": _("Account")}
    region: Region
    username: str = Field(..., min_length=1, max_length=150)


class RoundOpenIn(Schema):
    field_labels: ClassVar[dict] = {"meeting": _("Meeting")}
    meeting: int = Field(
        ..., ge=1, le=MAX_ID, description="The meeting in which the round is held."
    )


class BallotIn(Schema):
    field_labels: ClassVar[dict] = {"marks": _("Candidates marked")}
    marks: list[str] = Field(
        default_factory=list,
        max_length=MAX_MARKS,
        description="The ids of the candidates marked; none: a blank ballot.",
    )
    proxy: bool = Field(False, description="Cast on behalf of the delegation whose proxy you hold.")


class PaperIn(Schema):
    field_labels: ClassVar[dict] = {"marks": _("Candidates marked")}
    marks: list[str] = Field(default_factory=list, max_length=MAX_MARKS)


class ReceiptIn(Schema):
    field_labels: ClassVar[dict] = {"receipt": _("Receipt")}
    receipt: str = Field(..., min_length=1, max_length=100)
