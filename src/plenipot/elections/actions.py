"""Votes and elections: one entry point per use case for the pages, the API and the
command line.

Each action finds what it is given through the access policy (a vote in a meeting the
actor may not follow answers like one that does not exist), authorizes with
``permissions``, checks the state (an open vote, a closed round) and the input (with
the schemas of ``schemas.py``), then calls the service. The engine counts; nothing
here counts by itself.
"""

from __future__ import annotations

import secrets
import string
from collections import Counter

from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.utils.translation import gettext as _

from plenipot.accounts.access import body_watchable, meeting_watchable
from plenipot.conference import clock
from plenipot.conference.models import Body, Conference, Delegation, Organisation
from plenipot.core.actor import Actor
from plenipot.core.errors import Conflict, Forbidden, Invalid, NotFound, NotSignedIn
from plenipot.core.input_errors import read
from plenipot.elections import selectors, services
from plenipot.elections.models import (
    Candidature,
    Election,
    Proxy,
    Round,
    Teller,
    Vote,
    VoteCast,
)
from plenipot.elections.permissions import (
    may_conduct,
    may_count,
    may_manage_elections,
    may_record,
    may_record_proxies,
    may_see_proxies,
    may_see_tally,
    may_vote_for,
)
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
from plenipot.engine import elections as counting
from plenipot.engine import voting
from plenipot.meetings.models import Meeting


def _signed_in(actor: Actor) -> None:
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))


def _watches_meeting(actor: Actor, meeting: Meeting) -> bool:
    return actor.system or meeting_watchable(actor.user, meeting)


def _watches_body(actor: Actor, body: Body) -> bool:
    return actor.system or body_watchable(actor.user, body)


# --- looking things up ----------------------------------------------------------------------


def access_meeting(actor: Actor, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_related("body", "conference").filter(pk=meeting_id).first()
    if meeting is None or not _watches_meeting(actor, meeting):
        raise NotFound(_("There is no such meeting."))
    return meeting


def access_vote(actor: Actor, vote_id: int) -> Vote:
    vote = (
        Vote.objects.select_related(
            "meeting__body", "meeting__conference", "agenda_item", "postponed_from"
        )
        .filter(pk=vote_id)
        .first()
    )
    if vote is None or not _watches_meeting(actor, vote.meeting):
        raise NotFound(_("There is no such vote."))
    return vote


def access_election(actor: Actor, election_id: int) -> Election:
    election = Election.objects.select_related("body", "conference").filter(pk=election_id).first()
    if election is None or not _watches_body(actor, election.body):
        raise NotFound(_("There is no such election."))
    return election


def access_round(actor: Actor, round_id: int) -> Round:
    found = (
        Round.objects.select_related("election__body", "election__conference", "meeting__body")
        .filter(pk=round_id)
        .first()
    )
    if found is None or not _watches_body(actor, found.election.body):
        raise NotFound(_("There is no such ballot round."))
    return found


def _delegation_of(actor: Actor) -> Delegation:
    return Delegation.objects.select_related("organisation").get(pk=actor.delegation_id)


def _state(conference: Conference, code: str) -> Delegation:
    delegation = selectors.delegation_by_code(conference, code)
    if delegation is None:
        raise Invalid(_("%(code)s has no delegation at this conference.") % {"code": code[:10]})
    return delegation


def _entitled(delegation: Delegation) -> None:
    if not selectors.delegation_entitled(delegation):
        raise Invalid(
            _(
                "%(state)s may not vote: only Member States whose credentials have been "
                "accepted vote."
            )
            % {"state": delegation.organisation}
        )


def _voter(actor: Actor, conference: Conference, *, proxy: bool) -> tuple[Delegation, Delegation]:
    """Whose vote the actor casts, and the delegation in the room casting it.

    Without `proxy`, the actor's own delegation, which must have the right to vote and
    must not have given its proxy; with it, the delegation whose proxy the actor's
    delegation holds."""
    if not may_vote_for(actor, conference.pk):
        raise Forbidden(_("Only the delegations of the conference vote."))
    own = _delegation_of(actor)
    if not selectors.delegation_entitled(own):
        raise Forbidden(_("Only Member States whose credentials have been accepted vote."))
    if not proxy:
        given = selectors.proxy_given(own.pk)
        if given is not None:
            raise Invalid(
                _("Your delegation gave its proxy to %(holder)s, which votes on its behalf.")
                % {"holder": given.holder.organisation}
            )
        return own, own
    held = selectors.proxy_held(own.pk)
    if held is None:
        raise Invalid(_("Your delegation holds no proxy."))
    _entitled(held.giver)
    return held.giver, own


# --- proxies ------------------------------------------------------------------------------------


def check_proxies_read(actor: Actor, *, conference: Conference | None) -> list[Proxy]:
    """The proxies of the conference, those in force first: the secretariat and the
    delegations read them."""
    _signed_in(actor)
    if conference is None:
        raise NotFound(_("No conference has been set up yet."))
    if not may_see_proxies(actor):
        raise Forbidden(_("Only the secretariat and the delegations see the proxies."))
    return list(selectors.proxy_list(conference))


def check_proxy_register(
    actor: Actor, *, conference: Conference | None, data: ProxyIn | dict
) -> Proxy:
    """The secretariat records a proxy given in writing by one delegation to another
    (Convention, Nos. 335-338): both with the right to vote; a delegation gives at most
    one, holds at most one, and does not hold one when it gave its own."""
    _signed_in(actor)
    if conference is None:
        raise NotFound(_("No conference has been set up yet."))
    if not may_record_proxies(actor):
        raise Forbidden(_("Only the secretariat records proxies."))
    data = read(ProxyIn, data)
    giver = _state(conference, data.giver)
    holder = _state(conference, data.holder)
    if giver.pk == holder.pk:
        raise Invalid(_("A delegation cannot give its proxy to itself."))
    _entitled(giver)
    _entitled(holder)
    if selectors.proxy_given(giver.pk) is not None:
        raise Conflict(
            _("%(state)s has already given its proxy.") % {"state": giver.organisation}
        )
    if selectors.proxy_held(holder.pk) is not None:
        raise Conflict(
            _("%(state)s already holds a proxy: a delegation holds at most one.")
            % {"state": holder.organisation}
        )
    if selectors.proxy_given(holder.pk) is not None:
        raise Invalid(
            _("%(state)s has given its own proxy and cannot hold another's.")
            % {"state": holder.organisation}
        )
    if selectors.proxy_held(giver.pk) is not None:
        raise Invalid(
            _("%(state)s holds another delegation's proxy: withdraw it first.")
            % {"state": giver.organisation}
        )
    try:
        return services.proxy_register(
            conference=conference,
            giver=giver,
            holder=holder,
            notice=" ".join(data.notice.split()),
            recorded_by=actor.user,
            at=clock.now(conference),
        )
    except IntegrityError:
        raise Conflict(_("The proxies changed meanwhile: reload the page.")) from None


def check_proxy_withdraw(actor: Actor, *, proxy_id: int) -> Proxy:
    _signed_in(actor)
    proxy = (
        Proxy.objects.select_related("conference", "giver__organisation")
        .filter(pk=proxy_id)
        .first()
    )
    if proxy is None:
        raise NotFound(_("There is no such proxy."))
    if not may_record_proxies(actor):
        raise Forbidden(_("Only the secretariat records proxies."))
    if proxy.withdrawn_at is not None:
        raise Conflict(_("This proxy was already withdrawn."))
    return services.proxy_withdraw(proxy=proxy, at=clock.now(proxy.conference))


# --- votes on a question ------------------------------------------------------------------------


def check_vote_open(actor: Actor, *, meeting_id: int, data: VoteOpenIn | dict) -> Vote:
    """The chair puts a question to the vote in a meeting of the body."""
    _signed_in(actor)
    meeting = access_meeting(actor, meeting_id)
    if not may_conduct(actor, meeting.body_id):
        raise Forbidden(
            _("Only the chair of %(body)s or the secretariat opens a vote in its meetings.")
            % {"body": meeting.body.code}
        )
    data = read(VoteOpenIn, data)
    if meeting.status == Meeting.Status.CANCELLED:
        raise Invalid(_("This meeting was cancelled."))
    question = " ".join(data.question.split())
    if not question:
        raise Invalid(_("Say what the question is."))
    if data.secret and data.method != Vote.Method.ELECTRONIC:
        raise Invalid(_("Only an electronic vote can be secret."))
    item = None
    if data.agenda_item is not None:
        item = meeting.items.filter(position=data.agenda_item).first()
        if item is None:
            raise Invalid(_("The agenda has no item %(n)s.") % {"n": data.agenda_item})
    letter = ""
    if data.method == Vote.Method.ROLL_CALL:
        letter = (data.letter or "").strip().upper()
        if letter and letter not in string.ascii_uppercase:
            raise Invalid(_("Draw a letter from A to Z."))
        letter = letter or secrets.choice(string.ascii_uppercase)
    earlier = None
    if data.postponed_from is not None:
        earlier = Vote.objects.filter(
            pk=data.postponed_from, meeting__conference_id=meeting.conference_id
        ).first()
        if earlier is None or earlier.outcome != voting.POSTPONED:
            raise Invalid(_("That vote was not postponed for abstentions."))
    if selectors.vote_open_in(meeting) is not None:
        raise Conflict(_("A vote is already under way in this meeting: announce it first."))
    return services.vote_open(
        meeting=meeting,
        agenda_item=item,
        question=question,
        method=data.method,
        secret=data.secret,
        letter=letter,
        postponed_from=earlier,
        opened_by=actor.user,
        at=clock.now(meeting.conference),
    )


def _open(vote: Vote) -> None:
    if vote.status != Vote.Status.OPEN:
        raise Conflict(_("This vote is closed."))


def check_vote_presence(
    actor: Actor, *, vote_id: int, data: PresenceIn | dict | None = None
) -> int:
    """A delegation says it is present; or the secretariat marks the delegations
    present. Returns how many were added."""
    _signed_in(actor)
    vote = access_vote(actor, vote_id)
    data = read(PresenceIn, data or {})
    conference = vote.meeting.conference
    if data.delegations:
        if not may_record(actor):
            raise Forbidden(_("Only the secretariat marks other delegations present."))
        delegations = [_state(conference, code) for code in data.delegations]
    else:
        if not may_vote_for(actor, conference.pk):
            raise Forbidden(_("Only the delegations of the conference vote."))
        delegations = [_delegation_of(actor)]
    for delegation in delegations:
        _entitled(delegation)
    _open(vote)
    return services.vote_presence_mark(vote=vote, delegations=delegations)


def check_vote_cast(actor: Actor, *, vote_id: int, data: CastIn | dict) -> str | None:
    """A delegation answers an electronic vote (or, with `proxy`, answers for the
    delegation whose proxy it holds). A secret vote returns the voter's receipt; an open
    one None."""
    _signed_in(actor)
    vote = access_vote(actor, vote_id)
    conference = vote.meeting.conference
    if not may_vote_for(actor, conference.pk):
        raise Forbidden(_("Only the delegations of the conference vote."))
    data = read(CastIn, data)
    delegation, present = _voter(actor, conference, proxy=data.proxy)
    if vote.method != Vote.Method.ELECTRONIC:
        raise Invalid(_("In a show of hands or a roll-call the secretariat records the answers."))
    _open(vote)
    try:
        if vote.secret:
            return services.vote_secret_cast(
                vote=vote, delegation=delegation, choice=data.choice, by_proxy=data.proxy,
                present=present,
            )  # fmt: skip
        services.vote_answer(
            vote=vote, delegation=delegation, choice=data.choice, by_proxy=data.proxy,
            present=present,
        )  # fmt: skip
    except services.AlreadyVoted:
        raise Conflict(
            _("%(state)s has already voted.") % {"state": delegation.organisation}
        ) from None
    except services.NotOpen:
        raise Conflict(_("This vote is closed.")) from None
    return None


def check_vote_hands(actor: Actor, *, vote_id: int, data: HandsIn | dict) -> Vote:
    """The secretariat records the count of a show of hands."""
    _signed_in(actor)
    vote = access_vote(actor, vote_id)
    if not may_record(actor):
        raise Forbidden(_("Only the secretariat records a show of hands."))
    data = read(HandsIn, data)
    if vote.method != Vote.Method.SHOW_OF_HANDS:
        raise Invalid(_("This vote is not taken by a show of hands."))
    _open(vote)
    present, entitled = selectors.vote_present_count(vote)
    if data.yes + data.no + data.abstain > present:
        raise Invalid(
            _(
                "%(hands)s hands were counted but %(present)s delegations are marked present: "
                "mark the delegations present first."
            )
            % {"hands": data.yes + data.no + data.abstain, "present": present}
        )
    return services.vote_hands_record(vote=vote, yes=data.yes, no=data.no, abstain=data.abstain)


def check_vote_roll_call_answer(
    actor: Actor, *, vote_id: int, data: RollCallAnswerIn | dict
) -> VoteCast:
    """The secretariat records a delegation's answer as the roll is called (the
    delegation holding its proxy answering for it, with `proxy`)."""
    _signed_in(actor)
    vote = access_vote(actor, vote_id)
    if not may_record(actor):
        raise Forbidden(_("Only the secretariat records the answers of a roll-call."))
    data = read(RollCallAnswerIn, data)
    if vote.method != Vote.Method.ROLL_CALL:
        raise Invalid(_("This vote is not taken by roll-call."))
    conference = vote.meeting.conference
    delegation = _state(conference, data.delegation)
    _entitled(delegation)
    present = delegation
    given = selectors.proxy_given(delegation.pk)
    if data.proxy:
        if given is None:
            raise Invalid(
                _("%(state)s has given no proxy.") % {"state": delegation.organisation}
            )
        present = given.holder
    elif given is not None:
        raise Invalid(
            _("%(state)s gave its proxy to %(holder)s, which answers for it.")
            % {"state": delegation.organisation, "holder": given.holder.organisation}
        )
    _open(vote)
    try:
        return services.vote_answer(
            vote=vote, delegation=delegation, choice=data.choice, by_proxy=data.proxy,
            present=present,
        )  # fmt: skip
    except services.AlreadyVoted:
        raise Conflict(
            _("%(state)s has already voted.") % {"state": delegation.organisation}
        ) from None
    except services.NotOpen:
        raise Conflict(_("This vote is closed.")) from None


def check_vote_close(actor: Actor, *, vote_id: int) -> Vote:
    """The chair closes the vote; the engine counts it (the result is kept, and shown
    once announced)."""
    _signed_in(actor)
    vote = access_vote(actor, vote_id)
    if not may_conduct(actor, vote.meeting.body_id):
        raise Forbidden(
            _("Only the chair of %(body)s or the secretariat closes its votes.")
            % {"body": vote.meeting.body.code}
        )
    _open(vote)
    if vote.method == Vote.Method.SHOW_OF_HANDS and vote.yes is None:
        raise Invalid(_("Record the count of the show of hands first."))
    try:
        return services.vote_close(vote=vote, at=clock.now(vote.meeting.conference))
    except ValueError as exc:  # the engine found the totals inconsistent
        raise Invalid(str(exc)) from None


def check_vote_announce(actor: Actor, *, vote_id: int) -> Vote:
    """The chair announces the result."""
    _signed_in(actor)
    vote = access_vote(actor, vote_id)
    if not may_conduct(actor, vote.meeting.body_id):
        raise Forbidden(
            _("Only the chair of %(body)s or the secretariat announces its votes.")
            % {"body": vote.meeting.body.code}
        )
    if vote.status == Vote.Status.OPEN:
        raise Conflict(_("Close the vote before announcing its result."))
    if vote.status == Vote.Status.ANNOUNCED:
        raise Conflict(_("This result was already announced."))
    return services.vote_announce(vote=vote, at=clock.now(vote.meeting.conference))


def check_vote_result(actor: Actor, *, vote_id: int) -> dict:
    """A vote's state, and its result once announced: whoever may follow the meeting."""
    return selectors.vote_result_data(access_vote(actor, vote_id))


# --- elections -------------------------------------------------------------------------------------


def _manager(actor: Actor, refusal: str) -> None:
    _signed_in(actor)
    if not may_manage_elections(actor):
        raise Forbidden(refusal)


def check_election_create(
    actor: Actor, *, conference: Conference | None, data: ElectionIn | dict
) -> Election:
    """The secretariat sets up an election: a single post, or seats by region."""
    _manager(actor, _("Only the secretariat sets up elections."))
    if conference is None:
        raise NotFound(_("No conference has been set up yet."))
    data = read(ElectionIn, data)
    body = Body.objects.filter(conference=conference, code=data.body).first()
    if body is None:
        raise Invalid(_("There is no body %(code)s.") % {"code": data.body})
    title = " ".join(data.title.split())
    seats = dict(data.seats)
    if data.kind == Election.Kind.SEATS_BY_REGION:
        if not seats:
            raise Invalid(_("Give the number of seats of each region."))
        if any(number < 1 or number > 100 for number in seats.values()):
            raise Invalid(_("Each region has from 1 to 100 seats."))
    elif seats:
        raise Invalid(_("An election to a single post has no seats by region."))
    deadline = data.candidature_deadline
    if deadline.tzinfo is None:
        raise Invalid(
            _("Give the deadline with its time zone, for example 2014-10-21T18:00+09:00.")
        )
    return services.election_create(
        conference=conference,
        body=body,
        title=title,
        kind=data.kind,
        seats=seats,
        candidature_deadline=deadline,
        mode=data.mode,
        open_rounds=data.open_rounds,
        then=data.then or "",
        abstentions_postpone=data.abstentions_postpone,
    )


def check_candidature_register(
    actor: Actor, *, election_id: int, data: CandidatureIn | dict
) -> Candidature:
    """The secretariat registers a candidature received before the deadline."""
    _signed_in(actor)
    election = access_election(actor, election_id)
    if not may_manage_elections(actor):
        raise Forbidden(_("Only the secretariat registers candidatures."))
    data = read(CandidatureIn, data)
    if election.status != Election.Status.CANDIDATURES:
        raise Conflict(_("Balloting has begun: no candidature can be added."))
    conference = election.conference
    received = data.received_at or clock.now(conference)
    if received.tzinfo is None:
        raise Invalid(_("Give the time of receipt with its time zone."))
    if received > election.candidature_deadline:
        raise Invalid(
            _("This candidature was received after the deadline (%(deadline)s): it is refused.")
            % {"deadline": election.candidature_deadline.strftime("%Y-%m-%d %H:%M %Z")}
        )
    code = data.nominated_by.strip().upper()
    state = (
        Organisation.objects.filter(kind=Organisation.Kind.MEMBER_STATE).filter(iso3=code).first()
        or Organisation.objects.filter(kind=Organisation.Kind.MEMBER_STATE, symbol=code).first()
    )
    if state is None:
        raise Invalid(_("%(code)s is not a Member State.") % {"code": code[:10]})
    name = " ".join(data.name.split())
    if election.kind == Election.Kind.SEATS_BY_REGION:
        region = data.region or state.itu_region
        if region not in election.seats:
            raise Invalid(
                _("This election has no seats for region %(region)s.") % {"region": region or "—"}
            )
    else:
        region = data.region or state.itu_region or ""
    if election.candidatures.filter(nominated_by=state, name=name).exists():
        raise Conflict(_("This candidature is already registered."))
    return services.candidature_register(
        election=election, name=name, nominated_by=state, region=region, received_at=received
    )


def check_candidature_withdraw(
    actor: Actor, *, election_id: int, candidature_id: int
) -> Candidature:
    """The secretariat records that a candidate withdrew; from the next round on, the
    candidate no longer stands."""
    _signed_in(actor)
    election = access_election(actor, election_id)
    if not may_manage_elections(actor):
        raise Forbidden(_("Only the secretariat registers candidatures."))
    candidature = election.candidatures.filter(pk=candidature_id).first()
    if candidature is None:
        raise NotFound(_("There is no such candidature."))
    if candidature.withdrawn_at is not None:
        raise Conflict(_("This candidature was already withdrawn."))
    if election.status == Election.Status.FINISHED:
        raise Conflict(_("This election is finished."))
    return services.candidature_withdraw(candidature=candidature, at=clock.now(election.conference))


def check_teller_designate(actor: Actor, *, election_id: int, data: TellerIn | dict) -> Teller:
    """The secretariat designates the teller of a region (replacing the one before)."""
    _signed_in(actor)
    election = access_election(actor, election_id)
    if not may_manage_elections(actor):
        raise Forbidden(_("Only the secretariat designates tellers."))
    data = read(TellerIn, data)
    user = get_user_model().objects.filter(username=data.username.strip(), is_active=True).first()
    if user is None:
        raise Invalid(_("There is no user %(name)s.") % {"name": data.username.strip()[:150]})
    if election.status == Election.Status.FINISHED:
        raise Conflict(_("This election is finished."))
    return services.teller_designate(election=election, region=data.region, user=user)


def _conductor(actor: Actor, election: Election, refusal: str) -> None:
    if not may_conduct(actor, election.body_id):
        raise Forbidden(refusal % {"body": election.body.code})


def check_round_open(actor: Actor, *, election_id: int, data: RoundOpenIn | dict) -> Round:
    """The chair opens the next round, with the candidates the last one sent on."""
    _signed_in(actor)
    election = access_election(actor, election_id)
    _conductor(actor, election, _("Only the chair of %(body)s or the secretariat opens a round."))
    data = read(RoundOpenIn, data)
    meeting = Meeting.objects.select_related("body", "conference").filter(pk=data.meeting).first()
    if meeting is None or not _watches_meeting(actor, meeting):
        raise NotFound(_("There is no such meeting."))
    if meeting.body_id != election.body_id:
        raise Invalid(
            _("The ballots of this election are held in meetings of %(body)s.")
            % {"body": election.body.code}
        )
    if meeting.status == Meeting.Status.CANCELLED:
        raise Invalid(_("This meeting was cancelled."))
    if election.status == Election.Status.FINISHED:
        raise Conflict(_("This election is finished."))
    if selectors.election_current_round(election) is not None:
        raise Conflict(_("The last round has not been announced yet."))
    now = clock.now(election.conference)
    if now <= election.candidature_deadline:
        raise Invalid(_("Candidatures are received until the deadline: the ballot comes after it."))
    if not election.tellers.exists():
        raise Invalid(_("Designate the tellers first."))
    standing = selectors.election_next_standing(election)
    if not standing:
        raise Invalid(_("No candidate stands."))
    return services.round_open(election=election, meeting=meeting, standing=standing, at=now)


def _round_open(round_: Round) -> None:
    if round_.status != Round.Status.OPEN:
        raise Conflict(_("This round is closed."))


def _marks(round_: Round, marks: list[str]) -> list[str]:
    """The marks as candidature ids, each standing in the round."""
    standing = set(round_.standing)
    chosen = []
    for mark in marks:
        key = str(mark).strip()
        if key not in standing:
            raise Invalid(_("%(mark)s does not stand in this round.") % {"mark": key[:20] or "—"})
        if key not in chosen:
            chosen.append(key)
    return chosen


def _electronic_limits(round_: Round, marks: list[str]) -> None:
    """An electronic ballot cannot be spoiled by mistake: at most one mark for a single
    post, at most the open seats of each region."""
    election = round_.election
    if election.kind == Election.Kind.SINGLE:
        if len(marks) > 1:
            raise Invalid(_("Mark one candidate, or none for a blank ballot."))
        return
    regions = {str(c.pk): c.region for c in selectors.candidatures(election)}
    already = selectors.round_context(round_)["already_elected"]
    for region, count in Counter(regions[key] for key in marks).items():
        open_seats = election.seats.get(region, 0) - len(already.get(region, ()))
        if count > open_seats:
            raise Invalid(
                _("Region %(region)s has %(seats)s seats to fill: mark at most %(seats)s.")
                % {"region": region, "seats": open_seats}
            )


def check_ballot_cast(actor: Actor, *, round_id: int, data: BallotIn | dict) -> str:
    """A delegation casts its ballot in an open round (or, with `proxy`, the ballot of
    the delegation whose proxy it holds); returns its receipt."""
    _signed_in(actor)
    round_ = access_round(actor, round_id)
    election = round_.election
    if not may_vote_for(actor, election.conference_id):
        raise Forbidden(_("Only the delegations of the conference vote."))
    data = read(BallotIn, data)
    delegation, _present = _voter(actor, election.conference, proxy=data.proxy)
    if election.mode != Election.Mode.ELECTRONIC:
        raise Invalid(_("This election is held with paper ballots."))
    _round_open(round_)
    marks = _marks(round_, data.marks)
    _electronic_limits(round_, marks)
    try:
        return services.ballot_cast(
            round_=round_, delegation=delegation, marks=marks, by_proxy=data.proxy
        )
    except services.AlreadyVoted:
        raise Conflict(
            _("%(state)s has already voted in this round.")
            % {"state": delegation.organisation}
        ) from None
    except services.NotOpen:
        raise Conflict(_("This round is closed.")) from None


def check_paper_enter(actor: Actor, *, round_id: int, data: PaperIn | dict) -> int:
    """A teller types in the marks of one paper ballot, once the round is closed;
    a paper marking too many candidates is entered as it is (and counted invalid)."""
    _signed_in(actor)
    round_ = access_round(actor, round_id)
    election = round_.election
    if not may_count(actor, selectors.teller_user_ids(election)):
        raise Forbidden(_("Only the tellers of this election type in the papers."))
    data = read(PaperIn, data)
    if election.mode != Election.Mode.ANALOG:
        raise Invalid(_("This election is held with electronic ballots."))
    if round_.status != Round.Status.CLOSED:
        raise Conflict(
            _("Papers are typed in once the round is closed and before it is announced.")
        )
    marks = _marks(round_, data.marks)
    try:
        return services.paper_enter(round_=round_, marks=marks)
    except services.NotOpen:
        raise Conflict(
            _("Papers are typed in once the round is closed and before it is announced.")
        ) from None


def check_round_close(actor: Actor, *, round_id: int) -> Round:
    """The chair closes the round: no more ballots; the tellers count."""
    _signed_in(actor)
    round_ = access_round(actor, round_id)
    _conductor(
        actor, round_.election, _("Only the chair of %(body)s or the secretariat closes a round.")
    )
    _round_open(round_)
    return services.round_close(round_=round_, at=clock.now(round_.election.conference))


def check_round_tally(actor: Actor, *, round_id: int) -> dict:
    """The tellers' (and the chair's) view of a closed round's count, before it is
    announced."""
    _signed_in(actor)
    round_ = access_round(actor, round_id)
    election = round_.election
    if not may_see_tally(actor, election.body_id, selectors.teller_user_ids(election)):
        raise Forbidden(_("Only the tellers and the chair see the tally before it is announced."))
    if round_.status == Round.Status.OPEN:
        raise Conflict(_("The round is still open: the tally comes once it is closed."))
    if round_.status == Round.Status.ANNOUNCED:
        return round_.result
    try:
        return selectors.tally_data(round_, selectors.round_tally(round_))
    except counting.ElectionError as exc:
        raise Invalid(str(exc)) from None


def check_round_announce(actor: Actor, *, round_id: int) -> Round:
    """The chair announces the tellers' count; the election goes on or ends."""
    _signed_in(actor)
    round_ = access_round(actor, round_id)
    _conductor(
        actor,
        round_.election,
        _("Only the chair of %(body)s or the secretariat announces a round."),
    )
    if round_.status == Round.Status.OPEN:
        raise Conflict(_("Close the round before announcing its result."))
    if round_.status == Round.Status.ANNOUNCED:
        raise Conflict(_("This result was already announced."))
    try:
        return services.round_announce(round_=round_, at=clock.now(round_.election.conference))
    except counting.ElectionError as exc:
        raise Invalid(str(exc)) from None


def check_round_result(actor: Actor, *, round_id: int) -> dict:
    """A round's state, and its count once announced: whoever may follow the body."""
    return selectors.round_result_data(access_round(actor, round_id))


def check_election_manage(actor: Actor, *, election_id: int) -> Election:
    """The secretariat's pages of an election (candidatures, tellers)."""
    _signed_in(actor)
    election = access_election(actor, election_id)
    if not may_manage_elections(actor):
        raise Forbidden(_("Only the secretariat manages elections."))
    return election


# --- receipts -------------------------------------------------------------------------------------


def check_receipt(actor: Actor, *, data: ReceiptIn | dict) -> dict:
    """Whoever holds a receipt may see that its paper is in the box, as cast."""
    data = read(ReceiptIn, data)
    found = selectors.receipt_find(data.receipt)
    if found is None:
        raise NotFound(_("No ballot box holds a paper with this receipt."))
    return found


# --- what the pages open with ----------------------------------------------------------------------


def check_meeting_control(actor: Actor, *, meeting_id: int) -> Meeting:
    """The chair's vote control of a meeting: whoever conducts the body's votes."""
    _signed_in(actor)
    meeting = access_meeting(actor, meeting_id)
    if not may_conduct(actor, meeting.body_id):
        raise Forbidden(
            _("Only the chair of %(body)s or the secretariat conducts its votes.")
            % {"body": meeting.body.code}
        )
    return meeting


def check_delegation_page(actor: Actor, *, conference: Conference | None) -> Delegation:
    """A delegation's voting page: for the members of a delegation of the conference."""
    _signed_in(actor)
    if conference is None:
        raise NotFound(_("No conference has been set up yet."))
    if not may_vote_for(actor, conference.pk):
        raise Forbidden(_("Only the delegations of the conference vote."))
    return _delegation_of(actor)


def check_election_setup(actor: Actor, *, conference: Conference | None) -> Conference:
    """The form that sets up an election: the secretariat's."""
    _manager(actor, _("Only the secretariat sets up elections."))
    if conference is None:
        raise NotFound(_("No conference has been set up yet."))
    return conference
