"""API of votes and elections: open, cast, close and announce; candidatures, tellers and
proxies; results and receipts.

Mounted on the site's API by `plenipot.api.api`. Each operation is one action call
(`elections.actions`); a refusal answers ``{"code", "detail"}`` as everywhere. Casting a
ballot is a POST whose address names only the round: the delegation is the caller's,
and the marks are in the body, which nothing logs.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema

from plenipot.accounts.roles import actor_for
from plenipot.conference.models import Conference
from plenipot.core.api_errors import ErrorOut
from plenipot.core.errors import Invalid, NotFound
from plenipot.elections import actions, selectors
from plenipot.elections.models import Candidature, Election, Proxy, Round, Teller
from plenipot.elections.schemas import (
    BallotIn,
    CandidatureIn,
    CastIn,
    ElectionIn,
    HandsIn,
    PaperIn,
    PresenceIn,
    ProxyIn,
    ReceiptIn,
    RollCallAnswerIn,
    RoundOpenIn,
    TellerIn,
    VoteOpenIn,
)

router = Router(tags=["votes and elections"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
ShortName = Annotated[
    str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,29}$", description='For example "PP-14".')
]


def _conference(short_name: str) -> Conference:
    conference = Conference.objects.filter(short_name=short_name).first()
    if conference is None:
        raise NotFound(_("There is no such conference."))
    return conference


def _write(call):
    """One transaction per write: a refusal leaves nothing written."""
    with transaction.atomic():
        return call()


# --- output ---------------------------------------------------------------------------------


class VoteOut(Schema):
    kind: str
    vote: int
    meeting: int
    question: str
    method: str
    method_label: str
    secret: bool
    status: str = Field(description="open, closed (counted, not yet announced) or announced")
    announced: bool
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    present: int | None = None
    entitled: int | None = None
    voting: int | None = None
    majority: int | None = None
    quorum: int | None = None
    outcome: str | None = Field(None, description="adopted, rejected, postponed or no_quorum")
    outcome_label: str | None = None
    reasons: list[str] = Field(default_factory=list)
    announced_at: str | None = None


class CandidateRowOut(Schema):
    id: str
    name: str
    nominated_by: str
    nominated_by_code: str
    region: str
    votes: int
    elected: bool
    next_round: bool


class RoundOut(Schema):
    kind: str
    round: int
    election: int
    title: str
    election_kind: str
    number: int
    meeting: int
    status: str = Field(description="open, closed (the tellers are counting) or announced")
    announced: bool
    ballots: int | None = None
    valid: int | None = None
    blank: int | None = None
    invalid: int | None = None
    invalid_for_region: dict[str, int] = Field(default_factory=dict)
    majority: int | None = None
    finished: bool | None = None
    postponed: bool = False
    seats_open: dict[str, int] = Field(default_factory=dict)
    candidates: list[CandidateRowOut] = Field(default_factory=list)
    announced_at: str | None = None


class MeetingResultsOut(Schema):
    votes: list[VoteOut]
    rounds: list[RoundOut]


class CandidatureOut(Schema):
    id: str
    name: str
    nominated_by: str
    nominated_by_code: str
    region: str
    received_at: datetime.datetime
    withdrawn: bool


class TellerOut(Schema):
    region: str
    user: str


class ElectionOut(Schema):
    id: int
    title: str
    kind: str
    seats: dict[str, int]
    candidature_deadline: datetime.datetime
    mode: str
    status: str
    body: str


class ElectionDetailOut(ElectionOut):
    candidatures: list[CandidatureOut]
    rounds: list[RoundOut]
    elected: list[dict[str, Any]]


class ProxyOut(Schema):
    id: int
    giver: str
    giver_name: str
    holder: str
    holder_name: str
    notice: str
    recorded_at: datetime.datetime
    withdrawn_at: datetime.datetime | None


class ReceiptOut(Schema):
    receipt: str | None = Field(
        description="Shown once: keep it to check later that your ballot was counted as cast "
        "(POST /ballot-receipts). Null for an open vote."
    )


class ReceiptCheckOut(Schema):
    kind: str
    counted: bool
    status: str
    question: str | None = None
    meeting: str | None = None
    choice: str | None = None
    choice_label: str | None = None
    election: str | None = None
    round: int | None = None
    marks: list[str] | None = None


class TallyOut(Schema):
    number: int
    standing: list[str]
    ballots: int
    valid: int
    blank: int
    invalid: int
    invalid_for_region: dict[str, int]
    votes: dict[str, int]
    majority: int | None
    elected: list[str]
    next_round: list[str]
    finished: bool
    seats_open: dict[str, int]
    postponed: bool


class CountOut(Schema):
    count: int


class RollCallOut(Schema):
    letter: str
    order: list[dict[str, Any]]


def _election_out(election: Election) -> dict:
    return {
        "id": election.pk,
        "title": election.title,
        "kind": election.kind,
        "seats": election.seats,
        "candidature_deadline": election.candidature_deadline,
        "mode": election.mode,
        "status": election.status,
        "body": election.body.code,
    }


def _candidature_out(candidature: Candidature) -> dict:
    return {
        "id": str(candidature.pk),
        "name": candidature.name,
        "nominated_by": candidature.nominated_by.name,
        "nominated_by_code": candidature.nominated_by.iso3,
        "region": candidature.region,
        "received_at": candidature.received_at,
        "withdrawn": candidature.withdrawn_at is not None,
    }


def _proxy_out(proxy: Proxy) -> dict:
    return {
        "id": proxy.pk,
        "giver": proxy.giver.organisation.iso3,
        "giver_name": proxy.giver.organisation.name,
        "holder": proxy.holder.organisation.iso3,
        "holder_name": proxy.holder.organisation.name,
        "notice": proxy.notice,
        "recorded_at": proxy.recorded_at,
        "withdrawn_at": proxy.withdrawn_at,
    }


# --- votes on a question -----------------------------------------------------------------------


@router.get(
    "/meetings/{meeting_id}/votes",
    response={200: MeetingResultsOut, 404: ErrorOut},
    summary="The votes and ballot rounds of a meeting",
)
def meeting_results(request: HttpRequest, meeting_id: Id):
    """Each vote and round with its state; totals and outcomes once announced."""
    meeting = actions.access_meeting(actor_for(request.auth), meeting_id)
    return 200, {
        "votes": [selectors.vote_result_data(v) for v in selectors.meeting_votes(meeting)],
        "rounds": [selectors.round_result_data(r) for r in selectors.meeting_rounds(meeting)],
    }


@router.post(
    "/meetings/{meeting_id}/votes",
    response={200: VoteOut, **ERRORS},
    summary="Put a question to the vote (the chair)",
)
def vote_open(request: HttpRequest, meeting_id: Id, payload: VoteOpenIn):
    def call():
        vote = actions.check_vote_open(actor_for(request.auth), meeting_id=meeting_id, data=payload)
        return 200, selectors.vote_result_data(vote)

    return _write(call)


@router.get("/votes/{vote_id}", response={200: VoteOut, 404: ErrorOut}, summary="A vote")
def vote_detail(request: HttpRequest, vote_id: Id):
    return 200, actions.check_vote_result(actor_for(request.auth), vote_id=vote_id)


@router.get(
    "/votes/{vote_id}/roll-call",
    response={200: RollCallOut, 400: ErrorOut, 404: ErrorOut},
    summary="The order of a roll-call, and the answers given so far",
)
def vote_roll_call(request: HttpRequest, vote_id: Id):
    vote = actions.access_vote(actor_for(request.auth), vote_id)
    if vote.method != "roll_call":
        raise Invalid(_("This vote is not taken by roll-call."))
    return 200, {"letter": vote.roll_call_letter, "order": selectors.roll_call_rows(vote)}


@router.post(
    "/votes/{vote_id}/presence",
    response={200: CountOut, **ERRORS},
    summary="Say your delegation is present, or mark delegations present (the secretariat)",
)
def vote_presence(request: HttpRequest, vote_id: Id, payload: PresenceIn):
    def call():
        added = actions.check_vote_presence(actor_for(request.auth), vote_id=vote_id, data=payload)
        return 200, {"count": added}

    return _write(call)


@router.post(
    "/votes/{vote_id}/cast",
    response={200: ReceiptOut, **ERRORS},
    summary="Vote yes, no or abstain (a delegation, in an electronic vote)",
)
def vote_cast(request: HttpRequest, vote_id: Id, payload: CastIn):
    """A secret vote answers with a receipt, shown once."""

    def call():
        token = actions.check_vote_cast(actor_for(request.auth), vote_id=vote_id, data=payload)
        return 200, {"receipt": token}

    return _write(call)


@router.post(
    "/votes/{vote_id}/show-of-hands",
    response={200: VoteOut, **ERRORS},
    summary="Record the count of a show of hands (the secretariat)",
)
def vote_hands(request: HttpRequest, vote_id: Id, payload: HandsIn):
    def call():
        vote = actions.check_vote_hands(actor_for(request.auth), vote_id=vote_id, data=payload)
        return 200, selectors.vote_result_data(vote)

    return _write(call)


@router.post(
    "/votes/{vote_id}/roll-call",
    response={200: CountOut, **ERRORS},
    summary="Record a delegation's answer in a roll-call (the secretariat)",
)
def vote_roll_call_answer(request: HttpRequest, vote_id: Id, payload: RollCallAnswerIn):
    def call():
        cast = actions.check_vote_roll_call_answer(
            actor_for(request.auth), vote_id=vote_id, data=payload
        )
        return 200, {"count": cast.vote.casts.count()}

    return _write(call)


@router.post(
    "/votes/{vote_id}/close", response={200: VoteOut, **ERRORS}, summary="Close a vote (the chair)"
)
def vote_close(request: HttpRequest, vote_id: Id):
    def call():
        vote = actions.check_vote_close(actor_for(request.auth), vote_id=vote_id)
        return 200, selectors.vote_result_data(vote)

    return _write(call)


@router.post(
    "/votes/{vote_id}/announce",
    response={200: VoteOut, **ERRORS},
    summary="Announce a vote's result (the chair)",
)
def vote_announce(request: HttpRequest, vote_id: Id):
    def call():
        vote = actions.check_vote_announce(actor_for(request.auth), vote_id=vote_id)
        return 200, selectors.vote_result_data(vote)

    return _write(call)


# --- proxies ------------------------------------------------------------------------------------------


@router.get(
    "/conferences/{short_name}/proxies",
    response={200: list[ProxyOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Proxies given by delegations to others (the secretariat and delegations)",
)
def proxy_list(request: HttpRequest, short_name: ShortName):
    conference = _conference(short_name)
    proxies = actions.check_proxies_read(actor_for(request.auth), conference=conference)
    return 200, [_proxy_out(p) for p in proxies]


@router.post(
    "/conferences/{short_name}/proxies",
    response={200: ProxyOut, **ERRORS},
    summary="Record a proxy given in writing (the secretariat)",
)
def proxy_register(request: HttpRequest, short_name: ShortName, payload: ProxyIn):
    def call():
        proxy = actions.check_proxy_register(
            actor_for(request.auth), conference=_conference(short_name), data=payload
        )
        return 200, _proxy_out(proxy)

    return _write(call)


@router.post(
    "/proxies/{proxy_id}/withdraw",
    response={200: ProxyOut, **ERRORS},
    summary="Record that a proxy is withdrawn (the secretariat)",
)
def proxy_withdraw(request: HttpRequest, proxy_id: Id):
    def call():
        proxy = actions.check_proxy_withdraw(actor_for(request.auth), proxy_id=proxy_id)
        return 200, _proxy_out(proxy)

    return _write(call)


# --- elections ------------------------------------------------------------------------------------------


@router.get(
    "/conferences/{short_name}/elections",
    response={200: list[ElectionOut], 404: ErrorOut},
    summary="The conference's elections",
)
def election_list(request: HttpRequest, short_name: ShortName):
    conference = _conference(short_name)
    return 200, [_election_out(e) for e in selectors.elections_watchable(request.auth, conference)]


@router.post(
    "/conferences/{short_name}/elections",
    response={200: ElectionOut, **ERRORS},
    summary="Set up an election (the secretariat)",
)
def election_create(request: HttpRequest, short_name: ShortName, payload: ElectionIn):
    def call():
        election = actions.check_election_create(
            actor_for(request.auth), conference=_conference(short_name), data=payload
        )
        return 200, _election_out(election)

    return _write(call)


@router.get(
    "/elections/{election_id}",
    response={200: ElectionDetailOut, 404: ErrorOut},
    summary="An election: its candidatures, its rounds and who was elected",
)
def election_detail(request: HttpRequest, election_id: Id):
    election = actions.access_election(actor_for(request.auth), election_id)
    return 200, {
        **_election_out(election),
        "candidatures": [_candidature_out(c) for c in selectors.candidatures(election)],
        "rounds": [selectors.round_result_data(r) for r in selectors.election_rounds(election)],
        "elected": selectors.election_elected(election),
    }


@router.post(
    "/elections/{election_id}/candidatures",
    response={200: CandidatureOut, **ERRORS},
    summary="Register a candidature received before the deadline (the secretariat)",
)
def candidature_register(request: HttpRequest, election_id: Id, payload: CandidatureIn):
    def call():
        candidature = actions.check_candidature_register(
            actor_for(request.auth), election_id=election_id, data=payload
        )
        return 200, _candidature_out(candidature)

    return _write(call)


@router.post(
    "/elections/{election_id}/candidatures/{candidature_id}/withdraw",
    response={200: CandidatureOut, **ERRORS},
    summary="Record that a candidate withdrew (the secretariat)",
)
def candidature_withdraw(request: HttpRequest, election_id: Id, candidature_id: Id):
    def call():
        candidature = actions.check_candidature_withdraw(
            actor_for(request.auth), election_id=election_id, candidature_id=candidature_id
        )
        return 200, _candidature_out(candidature)

    return _write(call)


@router.post(
    "/elections/{election_id}/tellers",
    response={200: TellerOut, **ERRORS},
    summary="Designate the teller of a region (the secretariat)",
)
def teller_designate(request: HttpRequest, election_id: Id, payload: TellerIn):
    def call():
        teller: Teller = actions.check_teller_designate(
            actor_for(request.auth), election_id=election_id, data=payload
        )
        return 200, {"region": teller.region, "user": teller.user.username}

    return _write(call)


@router.post(
    "/elections/{election_id}/rounds",
    response={200: RoundOut, **ERRORS},
    summary="Open the next round (the chair)",
)
def round_open(request: HttpRequest, election_id: Id, payload: RoundOpenIn):
    def call():
        round_ = actions.check_round_open(
            actor_for(request.auth), election_id=election_id, data=payload
        )
        return 200, selectors.round_result_data(round_)

    return _write(call)


@router.get(
    "/election-rounds/{round_id}",
    response={200: RoundOut, 404: ErrorOut},
    summary="A round: its state, and its count once announced",
)
def round_detail(request: HttpRequest, round_id: Id):
    return 200, actions.check_round_result(actor_for(request.auth), round_id=round_id)


@router.post(
    "/election-rounds/{round_id}/ballots",
    response={200: ReceiptOut, **ERRORS},
    summary="Cast your delegation's ballot (or, with proxy, the one you hold)",
)
def ballot_cast(request: HttpRequest, round_id: Id, payload: BallotIn):
    """Answers with a receipt, shown once."""

    def call():
        token = actions.check_ballot_cast(actor_for(request.auth), round_id=round_id, data=payload)
        return 200, {"receipt": token}

    return _write(call)


@router.post(
    "/election-rounds/{round_id}/papers",
    response={200: CountOut, **ERRORS},
    summary="Type in a paper ballot's marks (a teller, once the round is closed)",
)
def paper_enter(request: HttpRequest, round_id: Id, payload: PaperIn):
    def call():
        count = actions.check_paper_enter(actor_for(request.auth), round_id=round_id, data=payload)
        return 200, {"count": count}

    return _write(call)


@router.post(
    "/election-rounds/{round_id}/close",
    response={200: RoundOut, **ERRORS},
    summary="Close a round (the chair)",
)
def round_close(request: HttpRequest, round_id: Id):
    def call():
        round_: Round = actions.check_round_close(actor_for(request.auth), round_id=round_id)
        return 200, selectors.round_result_data(round_)

    return _write(call)


@router.get(
    "/election-rounds/{round_id}/tally",
    response={200: TallyOut, **ERRORS},
    summary="A closed round's count before it is announced (the tellers and the chair)",
)
def round_tally(request: HttpRequest, round_id: Id):
    return 200, actions.check_round_tally(actor_for(request.auth), round_id=round_id)


@router.post(
    "/election-rounds/{round_id}/announce",
    response={200: RoundOut, **ERRORS},
    summary="Announce a round's count (the chair)",
)
def round_announce(request: HttpRequest, round_id: Id):
    def call():
        round_ = actions.check_round_announce(actor_for(request.auth), round_id=round_id)
        return 200, selectors.round_result_data(round_)

    return _write(call)


@router.post(
    "/ballot-receipts",
    response={200: ReceiptCheckOut, **ERRORS},
    summary="Check that the paper of a receipt is in its box, as cast",
)
def receipt_check(request: HttpRequest, payload: ReceiptIn):
    return 200, actions.check_receipt(actor_for(request.auth), data=payload)
