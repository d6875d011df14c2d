"""Votes and elections: what changes, each in one transaction.

Services trust the action that called them for who may do what; they keep what the
tables must never lose: one answer per delegation, and the secrecy of the ballot.

A secret paper goes into its box under the box's row lock, in the same transaction as
the row saying that the delegation voted, at a random place in the box's list
(``secrets.randbelow``), so that the list's order says nothing about the order of
casting; the voter's receipt is a random token of which only a keyed hash is kept, next
to the paper. Nothing here logs a paper, and no record says what a delegation voted.
"""

from __future__ import annotations

import datetime
import secrets

from django.db import IntegrityError, transaction

from plenipot.conference.models import Conference, Delegation
from plenipot.elections import live, selectors
from plenipot.elections.models import (
    BallotBox,
    Candidature,
    Election,
    Participation,
    Proxy,
    Round,
    Teller,
    Vote,
    VoteBox,
    VoteCast,
    VoteParticipation,
    VotePresence,
)

RECEIPT_BYTES = 24


class AlreadyVoted(Exception):
    """The delegation already voted in this vote or round."""


class NotOpen(Exception):
    """The vote or round closed before the paper went in."""


def _new_key() -> str:
    return secrets.token_hex(32)


def _receipt(prefix: str) -> str:
    """A receipt: the box it is for (``V12``, ``B7``) and a random token."""
    return f"{prefix}.{secrets.token_urlsafe(RECEIPT_BYTES)}"


def _put_in(papers: list, paper: dict) -> None:
    """Put a paper in at a random place: after n papers, each of the n + 1 places is as
    likely, so every order of the box is as likely whatever the order of casting."""
    papers.insert(secrets.randbelow(len(papers) + 1), paper)


# --- proxies ------------------------------------------------------------------------------


@transaction.atomic
def proxy_register(
    *,
    conference: Conference,
    giver: Delegation,
    holder: Delegation,
    notice: str,
    recorded_by,
    at: datetime.datetime,
) -> Proxy:
    return Proxy.objects.create(
        conference=conference,
        giver=giver,
        holder=holder,
        notice=notice,
        recorded_by=recorded_by,
        recorded_at=at,
    )


@transaction.atomic
def proxy_withdraw(*, proxy: Proxy, at: datetime.datetime) -> Proxy:
    proxy.withdrawn_at = at
    proxy.save(update_fields=["withdrawn_at"])
    return proxy


# --- votes on a question --------------------------------------------------------------------


@transaction.atomic
def vote_open(
    *,
    meeting,
    question: str,
    method: str,
    secret: bool,
    opened_by,
    at: datetime.datetime,
    agenda_item=None,
    letter: str = "",
    postponed_from: Vote | None = None,
) -> Vote:
    vote = Vote.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        question=question,
        method=method,
        secret=secret,
        roll_call_letter=letter,
        postponed_from=postponed_from,
        opened_by=opened_by,
        opened_at=at,
    )
    if secret:
        VoteBox.objects.create(vote=vote, key=_new_key())
    live.announce(
        meeting.pk,
        {
            "kind": "vote_opened",
            "vote": vote.pk,
            "question": vote.question,
            "method": vote.method,
            "method_label": str(vote.get_method_display()),
            "secret": vote.secret,
            "letter": vote.roll_call_letter,
        },
    )
    return vote


@transaction.atomic
def vote_presence_mark(*, vote: Vote, delegations: list[Delegation]) -> int:
    """Mark delegations present; those already marked stay so. Returns how many were
    added."""
    known = set(vote.presences.values_list("delegation_id", flat=True))
    new = [VotePresence(vote=vote, delegation=d) for d in delegations if d.pk not in known]
    VotePresence.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _present(vote: Vote, delegation: Delegation) -> None:
    VotePresence.objects.get_or_create(vote=vote, delegation=delegation)


@transaction.atomic
def vote_answer(
    *, vote: Vote, delegation: Delegation, choice: str, by_proxy: bool, present: Delegation
) -> VoteCast:
    """An answer in an open vote: `delegation` is whose vote it is, `present` the
    delegation in the room that gave it (the proxy's holder when `by_proxy`)."""
    locked = Vote.objects.select_for_update().get(pk=vote.pk)
    if locked.status != Vote.Status.OPEN:
        raise NotOpen
    try:
        with transaction.atomic():
            cast = VoteCast.objects.create(
                vote=vote, delegation=delegation, choice=choice, by_proxy=by_proxy
            )
    except IntegrityError:
        raise AlreadyVoted from None
    _present(vote, present)
    return cast


@transaction.atomic
def vote_secret_cast(
    *, vote: Vote, delegation: Delegation, choice: str, by_proxy: bool, present: Delegation
) -> str:
    """A secret answer: the participation row and the paper go in together, the paper
    at a random place in the box; returns the voter's receipt."""
    box = VoteBox.objects.select_for_update().get(vote_id=vote.pk)
    if Vote.objects.filter(pk=vote.pk).values_list("status", flat=True).get() != Vote.Status.OPEN:
        raise NotOpen
    try:
        with transaction.atomic():
            VoteParticipation.objects.create(vote=vote, delegation=delegation, by_proxy=by_proxy)
    except IntegrityError:
        raise AlreadyVoted from None
    _present(vote, present)
    token = _receipt(f"V{vote.pk}")
    _put_in(box.papers, {"choice": choice, "receipt": selectors.receipt_hash(box.key, token)})
    box.save(update_fields=["papers"])
    return token


@transaction.atomic
def vote_hands_record(*, vote: Vote, yes: int, no: int, abstain: int) -> Vote:
    vote.yes, vote.no, vote.abstain = yes, no, abstain
    vote.save(update_fields=["yes", "no", "abstain"])
    return vote


@transaction.atomic
def vote_close(*, vote: Vote, at: datetime.datetime) -> Vote:
    """Close the vote and count it: the totals and the engine's outcome are kept."""
    if vote.secret:
        VoteBox.objects.select_for_update().get(vote_id=vote.pk)
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    yes, no, abstain = selectors.vote_totals(vote)
    present, entitled = selectors.vote_present_count(vote)
    result = selectors.vote_count(vote)
    vote.yes, vote.no, vote.abstain = yes, no, abstain
    vote.present, vote.entitled = present, entitled
    vote.outcome = result.outcome
    vote.result = {
        "outcome": result.outcome,
        "voting": result.voting,
        "majority": result.majority,
        "quorum": result.quorum,
        "reasons": list(result.reasons),
    }
    vote.status = Vote.Status.CLOSED
    vote.closed_at = at
    vote.save()
    live.announce(vote.meeting_id, {"kind": "vote_closed", "vote": vote.pk})
    return vote


@transaction.atomic
def vote_announce(*, vote: Vote, at: datetime.datetime) -> Vote:
    vote.status = Vote.Status.ANNOUNCED
    vote.announced_at = at
    vote.save(update_fields=["status", "announced_at"])
    live.announce(vote.meeting_id, selectors.vote_result_data(vote))
    return vote


# --- elections ---------------------------------------------------------------------------------


@transaction.atomic
def election_create(
    *,
    conference: Conference,
    body,
    title: str,
    kind: str,
    seats: dict[str, int],
    candidature_deadline: datetime.datetime,
    mode: str,
    open_rounds: int | None = None,
    then: str = "",
    abstentions_postpone: bool = False,
) -> Election:
    position = Election.objects.filter(conference=conference).count() + 1
    return Election.objects.create(
        conference=conference,
        body=body,
        title=title,
        kind=kind,
        seats=seats,
        candidature_deadline=candidature_deadline,
        mode=mode,
        open_rounds=open_rounds,
        then=then,
        abstentions_postpone=abstentions_postpone,
        position=position,
    )


@transaction.atomic
def candidature_register(
    *, election: Election, name: str, nominated_by, region: str, received_at: datetime.datetime
) -> Candidature:
    return Candidature.objects.create(
        election=election,
        name=name,
        nominated_by=nominated_by,
        region=region,
        received_at=received_at,
    )


@transaction.atomic
def candidature_withdraw(*, candidature: Candidature, at: datetime.datetime) -> Candidature:
    candidature.withdrawn_at = at
    candidature.save(update_fields=["withdrawn_at"])
    return candidature


@transaction.atomic
def teller_designate(*, election: Election, region: str, user) -> Teller:
    teller, _created = Teller.objects.update_or_create(
        election=election, region=region, defaults={"user": user}
    )
    return teller


@transaction.atomic
def round_open(*, election: Election, meeting, standing: list[str], at: datetime.datetime) -> Round:
    number = (election.rounds.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    round_ = Round.objects.create(
        election=election, number=number, meeting=meeting, standing=standing, opened_at=at
    )
    BallotBox.objects.create(round=round_, key=_new_key())
    if election.status != Election.Status.BALLOTING:
        election.status = Election.Status.BALLOTING
        election.save(update_fields=["status"])
    live.announce(
        meeting.pk,
        {
            "kind": "round_opened",
            "round": round_.pk,
            "election": election.pk,
            "title": election.title,
            "number": number,
            "candidates": [
                {"id": key, "name": c.name, "region": c.region}
                for c in selectors.candidatures(election)
                if (key := str(c.pk)) in standing
            ],
        },
    )
    return round_


@transaction.atomic
def ballot_cast(*, round_: Round, delegation: Delegation, marks: list[str], by_proxy: bool) -> str:
    """A delegation's ballot (or the one it casts by proxy): the participation row and the
    paper go in together under the box's lock; returns the voter's receipt."""
    box = BallotBox.objects.select_for_update().get(round_id=round_.pk)
    if (
        Round.objects.filter(pk=round_.pk).values_list("status", flat=True).get()
        != Round.Status.OPEN
    ):
        raise NotOpen
    try:
        with transaction.atomic():
            Participation.objects.create(round=round_, delegation=delegation, by_proxy=by_proxy)
    except IntegrityError:
        raise AlreadyVoted from None
    token = _receipt(f"B{round_.pk}")
    _put_in(
        box.papers, {"marks": sorted(set(marks)), "receipt": selectors.receipt_hash(box.key, token)}
    )
    box.save(update_fields=["papers"])
    return token


@transaction.atomic
def paper_enter(*, round_: Round, marks: list[str]) -> int:
    """A paper ballot typed in by a teller; returns the number of papers in the box."""
    box = BallotBox.objects.select_for_update().get(round_id=round_.pk)
    if (
        Round.objects.filter(pk=round_.pk).values_list("status", flat=True).get()
        != Round.Status.CLOSED
    ):
        raise NotOpen
    _put_in(box.papers, {"marks": sorted(set(marks)), "receipt": ""})
    box.save(update_fields=["papers"])
    return len(box.papers)


@transaction.atomic
def round_close(*, round_: Round, at: datetime.datetime) -> Round:
    BallotBox.objects.select_for_update().get(round_id=round_.pk)
    round_.status = Round.Status.CLOSED
    round_.closed_at = at
    round_.save(update_fields=["status", "closed_at"])
    live.announce(
        round_.meeting_id,
        {
            "kind": "round_closed",
            "round": round_.pk,
            "election": round_.election_id,
            "title": round_.election.title,
            "number": round_.number,
        },
    )
    return round_


@transaction.atomic
def round_announce(*, round_: Round, at: datetime.datetime) -> Round:
    """Count the round (the tally the tellers saw), keep it, and finish the election when
    the count says so."""
    BallotBox.objects.select_for_update().get(round_id=round_.pk)
    tally = selectors.round_tally(round_)
    round_.result = selectors.tally_data(round_, tally)
    round_.status = Round.Status.ANNOUNCED
    round_.announced_at = at
    round_.save(update_fields=["result", "status", "announced_at"])
    election = round_.election
    if tally.elected:
        election.elected = list(election.elected) + [
            key for key in tally.elected if key not in election.elected
        ]
    if tally.finished:
        election.status = Election.Status.FINISHED
    election.save(update_fields=["elected", "status"])
    live.announce(round_.meeting_id, selectors.round_result_data(round_))
    return round_
