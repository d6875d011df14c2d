"""Reading votes and elections: who may vote, the roll-call, the tally, the results.

The counting itself is the engine's (`engine.voting`, `engine.elections`); this module
hands it what the tables hold. Pages, the API and the room display read results
through ``vote_result_data``, ``round_result_data`` and ``announced_results``, which
give plain data: the same words on every transport.
"""

from __future__ import annotations

import hashlib
import hmac

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from plenipot.accounts.access import bodies_watchable, body_watchable, meeting_watchable
from plenipot.conference.models import Conference, Delegation, Organisation
from plenipot.elections.models import (
    BallotBox,
    Candidature,
    Choice,
    Election,
    Participation,
    Proxy,
    Round,
    Vote,
    VoteBox,
    VoteCast,
    VoteParticipation,
    VotePresence,
)
from plenipot.engine import elections as counting
from plenipot.engine import voting
from plenipot.meetings.models import Meeting

# --- who votes -----------------------------------------------------------------------


def entitled_delegations(conference: Conference | int) -> QuerySet[Delegation]:
    """The delegations with the right to vote: Member States whose credentials were
    accepted."""
    return Delegation.objects.filter(
        conference=conference,
        credentials_status=Delegation.Credentials.ACCEPTED,
        organisation__kind=Organisation.Kind.MEMBER_STATE,
    ).select_related("organisation")


def delegation_entitled(delegation: Delegation | None) -> bool:
    return (
        delegation is not None
        and delegation.may_vote
        and delegation.organisation.kind == Organisation.Kind.MEMBER_STATE
    )


def delegation_by_code(conference: Conference, code: str) -> Delegation | None:
    """A delegation of the conference by its state's ISO 3166 alpha-3 code or ITU
    symbol."""
    code = (code or "").strip().upper()
    if not code or len(code) > 10:
        return None
    return (
        Delegation.objects.filter(conference=conference)
        .filter(Q(organisation__iso3=code) | Q(organisation__symbol=code))
        .select_related("organisation")
        .first()
    )


def proxy_held(delegation_id: int | None) -> Proxy | None:
    """The proxy in force that a delegation holds (at most one)."""
    if delegation_id is None:
        return None
    return (
        Proxy.objects.filter(holder_id=delegation_id, withdrawn_at__isnull=True)
        .select_related("giver__organisation", "holder__organisation")
        .first()
    )


def proxy_given(delegation_id: int | None) -> Proxy | None:
    """The proxy in force that a delegation gave (at most one)."""
    if delegation_id is None:
        return None
    return (
        Proxy.objects.filter(giver_id=delegation_id, withdrawn_at__isnull=True)
        .select_related("giver__organisation", "holder__organisation")
        .first()
    )


def proxies_in_force(conference: Conference) -> QuerySet[Proxy]:
    return Proxy.objects.filter(conference=conference, withdrawn_at__isnull=True).select_related(
        "giver__organisation", "holder__organisation", "recorded_by"
    )


def proxy_list(conference: Conference) -> QuerySet[Proxy]:
    return (
        Proxy.objects.filter(conference=conference)
        .select_related("giver__organisation", "holder__organisation", "recorded_by")
        .order_by("withdrawn_at", "giver__organisation__name", "pk")
    )


# --- French names and the roll-call ----------------------------------------------------


def french_name(organisation: Organisation) -> str:
    """The Member State's name in French, as the Union lists it (its English name for a
    state the list does not know)."""
    return organisation.local_name("fr")


def roll_call(vote: Vote) -> list[Delegation]:
    """The delegations with the right to vote, in the order the roll is called: the
    French alphabetical order of their names from the letter drawn."""
    delegations = {str(d.pk): d for d in entitled_delegations(vote.meeting.conference_id)}
    if not delegations:
        return []
    names = {key: french_name(d.organisation) for key, d in delegations.items()}
    order = voting.roll_call_order(names, letter=vote.roll_call_letter or "A")
    return [delegations[key] for key in order]


def roll_call_rows(vote: Vote) -> list[dict]:
    """The roll in its order, with each answer recorded so far."""
    answers = {cast.delegation_id: cast for cast in vote_answers(vote)}
    return [
        {
            "delegation": d.organisation.iso3,
            "name": d.organisation.name,
            "name_fr": french_name(d.organisation),
            "answer": answers[d.pk].choice if d.pk in answers else None,
            "by_proxy": answers[d.pk].by_proxy if d.pk in answers else False,
        }
        for d in roll_call(vote)
    ]


# --- access ------------------------------------------------------------------------------


def vote_get(user, vote_id: int) -> Vote | None:
    """A vote in a meeting the user may follow, else None (absent and closed alike)."""
    vote = (
        Vote.objects.select_related("meeting__body", "meeting__conference", "agenda_item")
        .filter(pk=vote_id)
        .first()
    )
    if vote is None or not meeting_watchable(user, vote.meeting):
        return None
    return vote


def meeting_get(user, meeting_id: int) -> Meeting | None:
    meeting = Meeting.objects.select_related("body", "conference").filter(pk=meeting_id).first()
    if meeting is None or not meeting_watchable(user, meeting):
        return None
    return meeting


def election_get(user, election_id: int) -> Election | None:
    """An election of a body the user may follow, else None."""
    election = Election.objects.select_related("body", "conference").filter(pk=election_id).first()
    if election is None or not body_watchable(user, election.body):
        return None
    return election


def round_get(user, round_id: int) -> Round | None:
    found = (
        Round.objects.select_related("election__body", "election__conference", "meeting__body")
        .filter(pk=round_id)
        .first()
    )
    if found is None or not body_watchable(user, found.election.body):
        return None
    return found


def elections_watchable(user, conference: Conference | None) -> list[Election]:
    if conference is None:
        return []
    bodies = bodies_watchable(user, conference.bodies.all())
    return list(
        Election.objects.filter(conference=conference, body__in=bodies)
        .select_related("body")
        .order_by("position", "pk")
    )


# --- votes -------------------------------------------------------------------------------


def vote_present_count(vote: Vote) -> tuple[int, int]:
    """Delegations present or represented, and delegations with the right to vote.

    Present: those marked present (or who answered). Represented: a delegation whose
    proxy is held by a delegation present."""
    entitled = set(entitled_delegations(vote.meeting.conference_id).values_list("pk", flat=True))
    present = set(vote.presences.values_list("delegation_id", flat=True)) & entitled
    represented = {
        giver
        for giver, holder in Proxy.objects.filter(
            conference_id=vote.meeting.conference_id, withdrawn_at__isnull=True
        ).values_list("giver_id", "holder_id")
        if holder in present and giver in entitled
    }
    return len(present | represented), len(entitled)


def vote_totals(vote: Vote) -> tuple[int, int, int]:
    """Yes, no and abstentions as the vote's method holds them."""
    if vote.method == Vote.Method.SHOW_OF_HANDS:
        return vote.yes or 0, vote.no or 0, vote.abstain or 0
    if vote.secret:
        box = VoteBox.objects.filter(vote=vote).first()
        choices = [paper["choice"] for paper in (box.papers if box else [])]
    else:
        choices = list(vote.casts.values_list("choice", flat=True))
    return (
        choices.count(Choice.YES),
        choices.count(Choice.NO),
        choices.count(Choice.ABSTAIN),
    )


def vote_count(vote: Vote) -> voting.VoteResult:
    """The engine's outcome of the vote as it stands."""
    yes, no, abstain = vote_totals(vote)
    present, entitled = vote_present_count(vote)
    earlier = vote.postponed_from
    return voting.vote_result(
        voting.VoteCount(yes=yes, no=no, abstain=abstain, present=present, entitled=entitled),
        abstentions_already_postponed=earlier is not None and earlier.outcome == voting.POSTPONED,
    )


def outcome_label(outcome: str) -> str:
    return {
        voting.ADOPTED: _("Adopted"),
        voting.REJECTED: _("Rejected"),
        voting.POSTPONED: _("Postponed: abstentions exceeded half of the votes cast"),
        voting.NO_QUORUM: _("No quorum"),
    }.get(outcome, outcome)


def reason_label(reason: str) -> str:
    return {
        voting.REASON_NO_QUORUM: _("Fewer delegations were present than the quorum."),
        voting.REASON_ABSTENTIONS: _(
            "The abstentions exceeded half of the votes cast: the question goes to a later "
            "meeting, where abstentions are not taken into account."
        ),
        voting.REASON_TIE: _("The votes were equal: the proposal is rejected."),
        voting.REASON_NO_MAJORITY: _("The proposal did not obtain the majority."),
    }.get(reason, reason)


def vote_result_data(vote: Vote) -> dict:
    """A vote as the results page, the API and the room display show it: the totals and
    the outcome once the chair has announced it, nothing of them before."""
    data = {
        "kind": "vote_result",
        "vote": vote.pk,
        "meeting": vote.meeting_id,
        "question": vote.question,
        "method": vote.method,
        "method_label": str(vote.get_method_display()),
        "secret": vote.secret,
        "status": vote.status,
        "announced": vote.status == Vote.Status.ANNOUNCED,
    }
    if vote.status != Vote.Status.ANNOUNCED:
        return data
    data.update(
        {
            "yes": vote.yes,
            "no": vote.no,
            "abstain": vote.abstain,
            "present": vote.present,
            "entitled": vote.entitled,
            "voting": vote.result.get("voting"),
            "majority": vote.result.get("majority"),
            "quorum": vote.result.get("quorum"),
            "outcome": vote.outcome,
            "outcome_label": outcome_label(vote.outcome),
            "reasons": [reason_label(r) for r in vote.result.get("reasons", [])],
            "announced_at": vote.announced_at.isoformat() if vote.announced_at else None,
        }
    )
    return data


def vote_answers(vote: Vote) -> list[VoteCast]:
    """Who answered what in an open vote (never for a secret one)."""
    if vote.secret:
        return []
    return list(vote.casts.select_related("delegation__organisation"))


def vote_has_voted(vote: Vote, delegation_id: int | None) -> bool:
    if delegation_id is None:
        return False
    model = VoteParticipation if vote.secret else VoteCast
    return model.objects.filter(vote=vote, delegation_id=delegation_id).exists()


def vote_is_present(vote: Vote, delegation_id: int | None) -> bool:
    return (
        delegation_id is not None
        and VotePresence.objects.filter(vote=vote, delegation_id=delegation_id).exists()
    )


def meeting_votes(meeting: Meeting) -> list[Vote]:
    return list(meeting.votes.select_related("agenda_item").order_by("opened_at", "pk"))


def vote_open_in(meeting: Meeting) -> Vote | None:
    return meeting.votes.exclude(status=Vote.Status.ANNOUNCED).first()


# --- elections ------------------------------------------------------------------------


def candidatures(election: Election, *, standing_only: bool = False) -> list[Candidature]:
    rows = election.candidatures.select_related("nominated_by")
    if standing_only:
        rows = rows.filter(withdrawn_at__isnull=True)
    if election.kind == Election.Kind.SEATS_BY_REGION:
        return list(rows.order_by("region", "name", "pk"))
    return list(rows.order_by("name", "pk"))


def engine_election(election: Election) -> counting.Election:
    """The election as the engine counts it: every candidature (withdrawn ones too, so
    that earlier rounds stay countable), by region for seats."""
    seats_by_region = election.kind == Election.Kind.SEATS_BY_REGION
    rule = counting.RoundsRule()
    rule = counting.RoundsRule(
        open_rounds=election.open_rounds or rule.open_rounds,
        then=election.then or rule.then,
        abstentions_postpone=election.abstentions_postpone,
    )
    people = [
        counting.Candidate(
            id=str(c.pk),
            name=c.name,
            nominated_by=c.nominated_by.iso3 or c.nominated_by.symbol,
            region=(c.region or None) if seats_by_region else None,
        )
        for c in candidatures(election)
    ]
    if seats_by_region:
        return counting.Election(
            kind=election.kind, candidates=tuple(people), seats=dict(election.seats), rule=rule
        )
    return counting.Election(kind=election.kind, candidates=tuple(people), rule=rule)


def _earlier(round_: Round) -> list[Round]:
    return list(
        Round.objects.filter(election_id=round_.election_id, number__lt=round_.number).order_by(
            "number"
        )
    )


def round_context(round_: Round) -> dict:
    """What the engine needs besides the ballots: who the earlier rounds elected, by
    region; whether the round before was put off for abstentions; how many rounds count
    towards the open rounds."""
    already: dict[str, tuple[str, ...]] = {}
    postponed_before = False
    held = 0
    for earlier in _earlier(round_):
        if not postponed_before:
            held += 1
        result = earlier.result or {}
        for candidate_id in result.get("elected", []):
            region = result.get("regions", {}).get(candidate_id, "")
            already[region] = already.get(region, ()) + (candidate_id,)
        postponed_before = bool(result.get("postponed"))
    if not postponed_before:
        held += 1
    return {
        "already_elected": already,
        "abstentions_already_postponed": postponed_before,
        "open_rounds_held": held,
    }


def round_papers(round_: Round) -> list[list[str]]:
    box = BallotBox.objects.filter(round=round_).first()
    return [list(paper["marks"]) for paper in (box.papers if box else [])]


def round_tally(round_: Round) -> counting.RoundResult:
    """The engine's count of the round's ballot box as it stands."""
    election = engine_election(round_.election)
    return counting.count_round(
        election,
        number=round_.number,
        standing=list(round_.standing),
        ballots=round_papers(round_),
        **round_context(round_),
    )


def tally_data(round_: Round, tally: counting.RoundResult) -> dict:
    """A round's count as plain data, kept with the round when the chair announces it."""
    names = {str(c.pk): c for c in candidatures(round_.election)}
    return {
        "number": tally.number,
        "standing": list(tally.standing),
        "ballots": tally.ballots,
        "valid": tally.valid,
        "blank": tally.blank,
        "invalid": tally.invalid,
        "invalid_for_region": dict(tally.invalid_for_region),
        "votes": dict(tally.votes),
        "majority": tally.majority,
        "elected": list(tally.elected),
        "next_round": list(tally.next_round),
        "finished": tally.finished,
        "seats_open": dict(tally.seats_open),
        "abstentions_exceed_half": tally.abstentions_exceed_half,
        "postponed": tally.postponed,
        "regions": {key: c.region for key, c in names.items() if key in tally.votes},
    }


def round_rows(round_: Round, data: dict) -> list[dict]:
    """One row per candidate standing: name, nominating state, region, votes and
    whether elected or going on; by region, then by votes."""
    names = {str(c.pk): c for c in candidatures(round_.election)}
    rows = []
    for key in data.get("standing", []):
        candidature = names.get(key)
        if candidature is None:
            continue
        rows.append(
            {
                "id": key,
                "name": candidature.name,
                "nominated_by": str(candidature.nominated_by),
                "nominated_by_code": candidature.nominated_by.iso3,
                "region": candidature.region,
                "votes": data.get("votes", {}).get(key, 0),
                "elected": key in data.get("elected", []),
                "next_round": key in data.get("next_round", []),
            }
        )
    by_region = round_.election.kind == Election.Kind.SEATS_BY_REGION
    rows.sort(key=lambda row: (row["region"] if by_region else "", -row["votes"], row["name"]))
    return rows


def round_result_data(round_: Round) -> dict:
    """A round as the results page, the API and the room display show it: its count
    once announced, only its state before."""
    election = round_.election
    data = {
        "kind": "ballot_result",
        "round": round_.pk,
        "election": election.pk,
        "title": election.title,
        "election_kind": election.kind,
        "number": round_.number,
        "meeting": round_.meeting_id,
        "status": round_.status,
        "announced": round_.status == Round.Status.ANNOUNCED,
    }
    if round_.status != Round.Status.ANNOUNCED:
        return data
    result = round_.result
    data.update(
        {
            "ballots": result.get("ballots"),
            "valid": result.get("valid"),
            "blank": result.get("blank"),
            "invalid": result.get("invalid"),
            "invalid_for_region": result.get("invalid_for_region", {}),
            "majority": result.get("majority"),
            "finished": result.get("finished"),
            "postponed": result.get("postponed", False),
            "seats_open": result.get("seats_open", {}),
            "candidates": round_rows(round_, result),
            "announced_at": round_.announced_at.isoformat() if round_.announced_at else None,
        }
    )
    return data


def round_has_voted(round_: Round, delegation_id: int | None) -> bool:
    return (
        delegation_id is not None
        and Participation.objects.filter(round=round_, delegation_id=delegation_id).exists()
    )


def round_participation_count(round_: Round) -> int:
    return Participation.objects.filter(round=round_).count()


def round_paper_count(round_: Round) -> int:
    box = BallotBox.objects.filter(round=round_).only("papers").first()
    return len(box.papers) if box else 0


def election_rounds(election: Election) -> list[Round]:
    return list(election.rounds.select_related("meeting__body").order_by("number"))


def election_current_round(election: Election) -> Round | None:
    return election.rounds.exclude(status=Round.Status.ANNOUNCED).order_by("-number").first()


def election_next_standing(election: Election) -> list[str]:
    """Who stands in the next round: every candidature not withdrawn in the first, then
    those the last round sends on (less any withdrawn since)."""
    standing = {str(c.pk) for c in candidatures(election, standing_only=True)}
    last = election.rounds.order_by("-number").first()
    if last is None:
        ordered = [str(c.pk) for c in candidatures(election, standing_only=True)]
        return [key for key in ordered if key in standing]
    return [key for key in last.result.get("next_round", []) if key in standing]


def election_elected(election: Election) -> list[dict]:
    names = {str(c.pk): c for c in candidatures(election)}
    return [
        {
            "id": key,
            "name": names[key].name,
            "nominated_by": names[key].nominated_by.name,
            "region": names[key].region,
        }
        for key in election.elected
        if key in names
    ]


def teller_user_ids(election: Election) -> frozenset[int]:
    return frozenset(election.tellers.values_list("user_id", flat=True))


def meeting_rounds(meeting: Meeting) -> list[Round]:
    return list(meeting.election_rounds.select_related("election").order_by("opened_at", "pk"))


# --- what a delegation has to do --------------------------------------------------------


def delegation_agenda(*, delegation: Delegation, user) -> dict:
    """The open votes and rounds of the delegation's conference that it may follow,
    whether it (and the delegation whose proxy it holds) has voted in each, and its
    proxies."""
    held = proxy_held(delegation.pk)
    given = proxy_given(delegation.pk)
    votes = []
    for vote in (
        Vote.objects.filter(
            meeting__conference_id=delegation.conference_id, status=Vote.Status.OPEN
        )
        .exclude(method=Vote.Method.SHOW_OF_HANDS)
        .select_related("meeting__body", "agenda_item")
        .order_by("opened_at", "pk")
    ):
        if not meeting_watchable(user, vote.meeting):
            continue
        votes.append(
            {
                "vote": vote,
                "voted": vote_has_voted(vote, delegation.pk),
                "present": vote_is_present(vote, delegation.pk),
                "proxy_voted": held is not None and vote_has_voted(vote, held.giver_id),
            }
        )
    rounds = []
    for round_ in (
        Round.objects.filter(
            election__conference_id=delegation.conference_id,
            status=Round.Status.OPEN,
            election__mode=Election.Mode.ELECTRONIC,
        )
        .select_related("election__body", "meeting__body")
        .order_by("opened_at", "pk")
    ):
        if not body_watchable(user, round_.election.body):
            continue
        rounds.append(
            {
                "round": round_,
                "voted": round_has_voted(round_, delegation.pk),
                "proxy_voted": held is not None and round_has_voted(round_, held.giver_id),
            }
        )
    return {
        "delegation": delegation,
        "entitled": delegation_entitled(delegation),
        "held": held,
        "given": given,
        "votes": votes,
        "rounds": rounds,
    }


# --- receipts ------------------------------------------------------------------------------


def receipt_hash(key: str, token: str) -> str:
    """The keyed hash stored with a paper: without the token it says nothing."""
    return hmac.new(bytes.fromhex(key), token.encode("utf-8"), hashlib.sha256).hexdigest()


def receipt_find(token: str) -> dict | None:
    """What a receipt proves: that a paper with this receipt is in the box of that
    vote or round, and what it says. None when no box holds it."""
    token = (token or "").strip()
    prefix, _sep, _rest = token.partition(".")
    if len(token) > 100 or len(prefix) < 2 or prefix[0] not in "VB" or not prefix[1:].isdigit():
        return None
    pk = int(prefix[1:])
    if prefix[0] == "V":
        box = VoteBox.objects.select_related("vote__meeting__body").filter(vote_id=pk).first()
        if box is None:
            return None
        digest = receipt_hash(box.key, token)
        for paper in box.papers:
            if paper.get("receipt") and hmac.compare_digest(paper["receipt"], digest):
                vote = box.vote
                return {
                    "kind": "vote",
                    "question": vote.question,
                    "meeting": str(vote.meeting),
                    "choice": paper["choice"],
                    "choice_label": str(Choice(paper["choice"]).label),
                    "counted": vote.status != Vote.Status.OPEN,
                    "status": vote.status,
                }
        return None
    box = BallotBox.objects.select_related("round__election").filter(round_id=pk).first()
    if box is None:
        return None
    digest = receipt_hash(box.key, token)
    for paper in box.papers:
        if paper.get("receipt") and hmac.compare_digest(paper["receipt"], digest):
            round_ = box.round
            names = {str(c.pk): c.name for c in candidatures(round_.election)}
            return {
                "kind": "ballot",
                "election": round_.election.title,
                "round": round_.number,
                "marks": [names.get(key, key) for key in paper["marks"]],
                "counted": round_.status != Round.Status.OPEN,
                "status": round_.status,
            }
    return None


# --- for the room display ----------------------------------------------------------------


def meeting_under_way(meeting_id: int) -> dict | None:
    """The vote or ballot of a meeting that is open or being counted, the latest
    opened, as the room display shows it before the chair announces it: what is put to
    the vote and whether it is still open, never a count. None when there is none."""
    vote = (
        Vote.objects.filter(meeting_id=meeting_id)
        .exclude(status=Vote.Status.ANNOUNCED)
        .order_by("-opened_at", "-pk")
        .first()
    )
    round_ = (
        Round.objects.filter(meeting_id=meeting_id)
        .exclude(status=Round.Status.ANNOUNCED)
        .select_related("election")
        .order_by("-opened_at", "-pk")
        .first()
    )
    if vote is None and round_ is None:
        return None
    if round_ is None or (vote is not None and vote.opened_at >= round_.opened_at):
        return {
            "kind": "vote",
            "question": vote.question,
            "method_label": str(vote.get_method_display()),
            "secret": vote.secret,
            "open": vote.status == Vote.Status.OPEN,
        }
    return {
        "kind": "round",
        "title": round_.election.title,
        "number": round_.number,
        "open": round_.status == Round.Status.OPEN,
    }


def announced_results(meeting_id: int) -> dict | None:
    """The latest result announced in a meeting, a vote's or a round's, as plain data
    (``vote_result_data`` or ``round_result_data``), or None. The caller has already
    checked that its reader may follow the meeting."""
    vote = (
        Vote.objects.filter(meeting_id=meeting_id, status=Vote.Status.ANNOUNCED)
        .select_related("meeting")
        .order_by("-announced_at", "-pk")
        .first()
    )
    round_ = (
        Round.objects.filter(meeting_id=meeting_id, status=Round.Status.ANNOUNCED)
        .select_related("election")
        .order_by("-announced_at", "-pk")
        .first()
    )
    if vote is None and round_ is None:
        return None
    if round_ is None or (vote is not None and vote.announced_at >= round_.announced_at):
        return vote_result_data(vote)
    return round_result_data(round_)
