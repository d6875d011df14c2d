"""Pages of votes and elections: the chair's control of a meeting's votes, the
delegation's voting page, the ballot, the secretariat's proxies, candidatures and
tellers, the tellers' tally, and the public results and candidatures.

Each page calls one action (or a selector) and turns a refusal into the site's answer
(`core.pages.page_refusal`). The page that casts a ballot answers with the receipt
itself, never through a redirect and a message kept in the session: the receipt is
shown once, to the one who cast it, and is not stored.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plenipot.accounts.roles import actor_for
from plenipot.conference.models import Delegation, ItuRegion
from plenipot.conference.selectors import conference_current
from plenipot.core.actor import Actor
from plenipot.core.errors import ActionError, NotFound
from plenipot.core.pages import page_refusal
from plenipot.elections import actions, selectors
from plenipot.elections.models import Election, Round, Vote
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
from plenipot.engine.voting import french_sort_key
from plenipot.meetings.models import Meeting


def _run(request: HttpRequest, back: str, call: Callable[[Actor], HttpResponse]) -> HttpResponse:
    """Run one action for the signed-in user; a refusal becomes the page's answer."""
    try:
        return call(actor_for(request.user))
    except ActionError as exc:
        return page_refusal(request, exc, back)


def _post(request: HttpRequest, *names: str) -> dict:
    return {name: request.POST.get(name, "") for name in names}


def _optional_int(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def _own_state(actor: Actor, conference_id: int) -> dict:
    """The actor's delegation, whether it may vote, and its proxies."""
    if not may_vote_for(actor, conference_id):
        return {"delegation": None}
    own = Delegation.objects.select_related("organisation").get(pk=actor.delegation_id)
    return {
        "delegation": own,
        "entitled": selectors.delegation_entitled(own),
        "held": selectors.proxy_held(own.pk),
        "given": selectors.proxy_given(own.pk),
    }


# --- the list and the delegation's page ------------------------------------------------------


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    conference = conference_current()
    actor = actor_for(request.user)
    return render(
        request,
        "elections/home.html",
        {
            "conference": conference,
            "elections": selectors.elections_watchable(request.user, conference),
            "delegate": conference is not None and may_vote_for(actor, conference.pk),
            "manage": may_manage_elections(actor),
            "proxies": conference is not None and may_record_proxies(actor),
        },
    )


@require_safe
def delegation_page(request: HttpRequest) -> HttpResponse:
    """What a delegation has to vote on now, from a phone or a laptop."""
    conference = conference_current()

    def call(actor: Actor) -> HttpResponse:
        delegation = actions.check_delegation_page(actor, conference=conference)
        agenda = selectors.delegation_agenda(delegation=delegation, user=request.user)
        response = render(
            request, "elections/delegation.html", {"conference": conference, **agenda}
        )
        add_never_cache_headers(response)
        return response

    return _run(request, reverse("elections-home"), call)


# --- votes on a question ------------------------------------------------------------------------


@require_safe
def meeting_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The votes and rounds of a meeting and their announced results: whoever may
    follow the meeting."""
    meeting = selectors.meeting_get(request.user, pk)
    if meeting is None:
        return page_refusal(request, NotFound(_("There is no such meeting.")), "/")
    actor = actor_for(request.user)
    return render(
        request,
        "elections/meeting_results.html",
        {
            "meeting": meeting,
            "conference": meeting.conference,
            "votes": [selectors.vote_result_data(v) for v in selectors.meeting_votes(meeting)],
            "rounds": [selectors.round_result_data(r) for r in selectors.meeting_rounds(meeting)],
            "conduct": may_conduct(actor, meeting.body_id),
        },
    )


@require_safe
def meeting_control(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair's vote control: put a question to the vote; close and announce."""

    def call(actor: Actor) -> HttpResponse:
        meeting = actions.check_meeting_control(actor, meeting_id=pk)
        votes = selectors.meeting_votes(meeting)
        elections = [
            {
                "election": election,
                "current": selectors.election_current_round(election),
                "rounds": selectors.election_rounds(election),
            }
            for election in Election.objects.filter(body=meeting.body).order_by("position", "pk")
        ]
        return render(
            request,
            "elections/meeting_control.html",
            {
                "meeting": meeting,
                "conference": meeting.conference,
                "votes": [(v, selectors.vote_result_data(v)) for v in votes],
                "open_vote": selectors.vote_open_in(meeting),
                "items": list(meeting.items.all()),
                "methods": Vote.Method.choices,
                "elections": elections,
            },
        )

    return _run(request, reverse("elections-home"), call)


@require_POST
def vote_open(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("elections-meeting-control", args=[pk])

    def call(actor: Actor) -> HttpResponse:
        data = _post(request, "question", "method", "letter")
        data["secret"] = request.POST.get("secret") == "on"
        data["agenda_item"] = _optional_int(request.POST.get("agenda_item", ""))
        data["postponed_from"] = _optional_int(request.POST.get("postponed_from", ""))
        vote = actions.check_vote_open(actor, meeting_id=pk, data=data)
        messages.success(request, _("The vote is open."))
        return redirect("elections-vote", vote.pk)

    return _run(request, back, call)


def _roll_rows(vote: Vote, conference_id: int, *, proxies: bool) -> list[dict]:
    """The roll in its order, each state named in the reader's language, and, for those
    who may see them (`proxies`), the proxies in force. A delegation that gave its proxy
    is answered for, when it is called, by the delegation holding it: only its row has
    the "by proxy" box, naming the holder; the holder's row says whose proxy it holds."""
    states = {
        d.organisation.iso3: d.organisation for d in selectors.entitled_delegations(conference_id)
    }
    holders, givers = {}, {}
    for proxy in selectors.proxies_in_force(conference_id) if proxies else ():
        holders[proxy.giver.organisation.iso3] = proxy.holder.organisation
        givers[proxy.holder.organisation.iso3] = proxy.giver.organisation
    rows = []
    for row in selectors.roll_call_rows(vote):
        code = row["delegation"]
        state = states.get(code)
        rows.append(
            {
                **row,
                "name": state.local_name() if state else row["name"],
                "holder": holders.get(code),
                "holds": givers.get(code),
            }
        )
    return rows


@require_safe
def vote_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A vote: the delegation's buttons, the secretariat's records, the chair's
    controls, and the result once announced."""

    def call(actor: Actor) -> HttpResponse:
        vote = actions.access_vote(actor, pk)
        conference_id = vote.meeting.conference_id
        own = _own_state(actor, conference_id)
        delegation = own.get("delegation")
        held = own.get("held")
        record = may_record(actor)
        context = {
            "vote": vote,
            "meeting": vote.meeting,
            "result": selectors.vote_result_data(vote),
            "conduct": may_conduct(actor, vote.meeting.body_id),
            "record": record,
            **own,
            "voted": selectors.vote_has_voted(vote, getattr(delegation, "pk", None)),
            "present": selectors.vote_is_present(vote, getattr(delegation, "pk", None)),
            "proxy_voted": held is not None and selectors.vote_has_voted(vote, held.giver_id),
            "choices": [("yes", _("Yes")), ("no", _("No")), ("abstain", _("Abstain"))],
            "present_count": selectors.vote_present_count(vote),
        }
        if vote.method == Vote.Method.ROLL_CALL:
            context["roll"] = _roll_rows(vote, conference_id, proxies=may_see_proxies(actor))
        elif not vote.secret and vote.status != Vote.Status.OPEN:
            context["answers"] = selectors.vote_answers(vote)
        if record and vote.status == Vote.Status.OPEN:
            marked = set(vote.presences.values_list("delegation_id", flat=True))
            context["roster"] = [
                (d, d.pk in marked)
                for d in selectors.entitled_delegations(conference_id).order_by(
                    "organisation__name"
                )
            ]
        response = render(request, "elections/vote.html", context)
        add_never_cache_headers(response)
        return response

    return _run(request, reverse("elections-home"), call)


@require_POST
def vote_cast(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("elections-vote", args=[pk])

    def call(actor: Actor) -> HttpResponse:
        data = {"choice": request.POST.get("choice", ""), "proxy": request.POST.get("proxy") == "1"}
        receipt = actions.check_vote_cast(actor, vote_id=pk, data=data)
        if receipt is None:
            messages.success(request, _("Your delegation's vote was recorded."))
            return redirect(back)
        vote = actions.access_vote(actor, pk)
        response = render(
            request,
            "elections/receipt_given.html",
            {"receipt": receipt, "back": back, "what": vote.question, "meeting": vote.meeting},
        )
        add_never_cache_headers(response)
        return response

    return _run(request, back, call)


@require_POST
def vote_presence(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("elections-vote", args=[pk])

    def call(actor: Actor) -> HttpResponse:
        codes = request.POST.getlist("delegations")
        added = actions.check_vote_presence(actor, vote_id=pk, data={"delegations": codes})
        if codes:
            messages.success(request, _("%(n)s delegations marked present.") % {"n": added})
        else:
            messages.success(request, _("Your delegation is marked present."))
        return redirect(back)

    return _run(request, back, call)


@require_POST
def vote_hands(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("elections-vote", args=[pk])

    def call(actor: Actor) -> HttpResponse:
        data = {
            name: _optional_int(request.POST.get(name, "")) for name in ("yes", "no", "abstain")
        }
        actions.check_vote_hands(actor, vote_id=pk, data=data)
        messages.success(request, _("The count of the show of hands is recorded."))
        return redirect(back)

    return _run(request, back, call)


@require_POST
def vote_roll_call(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("elections-vote", args=[pk])

    def call(actor: Actor) -> HttpResponse:
        data = _post(request, "delegation", "choice")
        data["proxy"] = request.POST.get("proxy") == "1"
        cast = actions.check_vote_roll_call_answer(actor, vote_id=pk, data=data)
        # Back at the row just answered: the next Tab reaches the next row called.
        return redirect(f"{back}#roll-{cast.delegation.organisation.iso3}")

    return _run(request, back, call)


@require_POST
def vote_close(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("elections-vote", args=[pk])

    def call(actor: Actor) -> HttpResponse:
        actions.check_vote_close(actor, vote_id=pk)
        messages.success(request, _("The vote is closed and counted: announce its result."))
        return redirect(back)

    return _run(request, back, call)


@require_POST
def vote_announce(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("elections-vote", args=[pk])

    def call(actor: Actor) -> HttpResponse:
        actions.check_vote_announce(actor, vote_id=pk)
        return redirect(back)

    return _run(request, back, call)


# --- proxies ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def proxies(request: HttpRequest) -> HttpResponse:
    conference = conference_current()
    back = reverse("elections-proxies")

    def call(actor: Actor) -> HttpResponse:
        if request.method == "POST":
            actions.check_proxy_register(
                actor, conference=conference, data=_post(request, "giver", "holder", "notice")
            )
            messages.success(request, _("The proxy is recorded."))
            return redirect(back)
        rows = actions.check_proxies_read(actor, conference=conference)
        return render(
            request,
            "elections/proxies.html",
            {
                "conference": conference,
                "proxies": rows,
                "record": may_record_proxies(actor),
                "delegations": selectors.entitled_delegations(conference).order_by(
                    "organisation__name"
                ),
            },
        )

    return _run(request, back, call)


@require_POST
def proxy_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("elections-proxies")

    def call(actor: Actor) -> HttpResponse:
        actions.check_proxy_withdraw(actor, proxy_id=pk)
        messages.success(request, _("The proxy is withdrawn."))
        return redirect(back)

    return _run(request, back, call)


# --- elections ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def election_new(request: HttpRequest) -> HttpResponse:
    conference = conference_current()
    back = reverse("elections-new")

    def call(actor: Actor) -> HttpResponse:
        actions.check_election_setup(actor, conference=conference)
        if request.method == "POST":
            data = _post(request, "title", "kind", "mode", "candidature_deadline", "body")
            seats = {}
            for region in ItuRegion.values:
                number = _optional_int(request.POST.get(f"seats_{region}", ""))
                if number:
                    seats[region] = number
            data["seats"] = seats
            election = actions.check_election_create(actor, conference=conference, data=data)
            messages.success(request, _("The election is set up: register its candidatures."))
            return redirect("elections-candidatures", election.pk)
        return render(
            request,
            "elections/election_new.html",
            {
                "conference": conference,
                "bodies": conference.bodies.filter(kind="plenary") or conference.bodies.all(),
                "regions": ItuRegion.choices,
                "kinds": Election.Kind.choices,
                "modes": Election.Mode.choices,
            },
        )

    return _run(request, back, call)


def _election_context(actor: Actor, election: Election) -> dict:
    tellers = selectors.teller_user_ids(election)
    rounds = selectors.election_rounds(election)
    candidatures = selectors.candidatures(election)
    states = {str(c.pk): c.nominated_by for c in candidatures}
    return {
        "election": election,
        "conference": election.conference,
        "candidatures": candidatures,
        "rounds": [(r, selectors.round_result_data(r)) for r in rounds],
        "current": selectors.election_current_round(election),
        # The nominating states in the reader's language (the API keeps the stored names).
        "elected": [
            {**row, "nominated_by": states[row["id"]].local_name()}
            for row in selectors.election_elected(election)
        ],
        "conduct": may_conduct(actor, election.body_id),
        "manage": may_manage_elections(actor),
        "teller": may_count(actor, tellers),
        "see_tally": may_see_tally(actor, election.body_id, tellers),
    }


@require_safe
def election_page(request: HttpRequest, pk: int) -> HttpResponse:
    """An election: its published candidatures, its rounds and who was elected."""

    def call(actor: Actor) -> HttpResponse:
        election = actions.access_election(actor, pk)
        context = _election_context(actor, election)
        if context["conduct"] and election.status != Election.Status.FINISHED:
            context["meetings"] = list(
                Meeting.objects.filter(body=election.body)
                .exclude(status=Meeting.Status.CANCELLED)
                .order_by("starts_at")
            )
        return render(request, "elections/election.html", context)

    return _run(request, reverse("elections-home"), call)


@require_http_methods(["GET", "HEAD", "POST"])
def candidatures(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat registers candidatures received before the deadline."""
    back = reverse("elections-candidatures", args=[pk])

    def call(actor: Actor) -> HttpResponse:
        if request.method == "POST":
            data = _post(request, "name", "nominated_by")
            data["region"] = request.POST.get("region") or None
            received = request.POST.get("received_at", "").strip()
            if received:
                data["received_at"] = received
            actions.check_candidature_register(actor, election_id=pk, data=data)
            messages.success(request, _("The candidature is registered."))
            # At the form again, for the next one: the next Tab reaches its first field.
            return redirect(f"{back}#register-heading")
        election = actions.check_election_manage(actor, election_id=pk)
        return render(
            request,
            "elections/candidatures.html",
            {
                **_election_context(actor, election),
                "regions": ItuRegion.choices,
            },
        )

    return _run(request, back, call)


@require_POST
def candidature_withdraw(request: HttpRequest, pk: int, candidature: int) -> HttpResponse:
    back = reverse("elections-candidatures", args=[pk])

    def call(actor: Actor) -> HttpResponse:
        actions.check_candidature_withdraw(actor, election_id=pk, candidature_id=candidature)
        messages.success(request, _("The withdrawal is recorded."))
        return redirect(f"{back}#candidature-list")

    return _run(request, back, call)


@require_http_methods(["GET", "HEAD", "POST"])
def tellers(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("elections-tellers", args=[pk])

    def call(actor: Actor) -> HttpResponse:
        if request.method == "POST":
            actions.check_teller_designate(
                actor, election_id=pk, data=_post(request, "region", "username")
            )
            messages.success(request, _("The teller is designated."))
            return redirect(back)
        election = actions.check_election_manage(actor, election_id=pk)
        current = {t.region: t for t in election.tellers.select_related("user")}
        return render(
            request,
            "elections/tellers.html",
            {
                "election": election,
                "conference": election.conference,
                "rows": [(value, label, current.get(value)) for value, label in ItuRegion.choices],
            },
        )

    return _run(request, back, call)


@require_POST
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("elections-election", args=[pk])

    def call(actor: Actor) -> HttpResponse:
        meeting = _optional_int(request.POST.get("meeting", ""))
        round_ = actions.check_round_open(actor, election_id=pk, data={"meeting": meeting})
        messages.success(request, _("Round %(n)s is open.") % {"n": round_.number})
        return redirect(back)

    return _run(request, back, call)


def _ballot_rows(round_: Round) -> list[dict]:
    """The candidates on the round's paper, by region, each region in the French
    alphabetical order of the names, as the Union prints its ballot papers."""
    standing = set(round_.standing)
    rows = [
        {"id": str(c.pk), "name": c.name, "state": c.nominated_by.local_name(), "region": c.region}
        for c in selectors.candidatures(round_.election)
        if str(c.pk) in standing
    ]
    rows.sort(key=lambda row: (row["region"], french_sort_key(row["name"])))
    return rows


def _seats_open(round_: Round) -> list[tuple[str, int, list[dict]]]:
    """For seats by region: each region on the paper, its open seats and its
    candidates."""
    election = round_.election
    rows = _ballot_rows(round_)
    already = selectors.round_context(round_)["already_elected"]
    regions = []
    for region in ItuRegion.values:
        candidates = [row for row in rows if row["region"] == region]
        if candidates:
            open_seats = election.seats.get(region, 0) - len(already.get(region, ()))
            regions.append((region, open_seats, candidates))
    return regions


@require_safe
def round_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The ballot paper of an open round, for the delegation; the round's state for
    everyone."""

    def call(actor: Actor) -> HttpResponse:
        round_ = actions.access_round(actor, pk)
        election = round_.election
        own = _own_state(actor, election.conference_id)
        delegation = own.get("delegation")
        held = own.get("held")
        tellers_ids = selectors.teller_user_ids(election)
        response = render(
            request,
            "elections/round.html",
            {
                "round": round_,
                "election": election,
                "result": selectors.round_result_data(round_),
                **own,
                "voted": selectors.round_has_voted(round_, getattr(delegation, "pk", None)),
                "proxy_voted": held is not None
                and selectors.round_has_voted(round_, held.giver_id),
                "rows": _ballot_rows(round_),
                "regions": _seats_open(round_)
                if election.kind == Election.Kind.SEATS_BY_REGION
                else [],
                "conduct": may_conduct(actor, election.body_id),
                "see_tally": may_see_tally(actor, election.body_id, tellers_ids),
                "participations": selectors.round_participation_count(round_),
            },
        )
        add_never_cache_headers(response)
        return response

    return _run(request, reverse("elections-home"), call)


@require_POST
def ballot_cast(request: HttpRequest, pk: int) -> HttpResponse:
    """Cast a ballot: the answer is the receipt, shown once."""
    back = reverse("elections-round", args=[pk])

    def call(actor: Actor) -> HttpResponse:
        marks = [mark for mark in request.POST.getlist("marks") if mark]
        data = {"marks": marks, "proxy": request.POST.get("proxy") == "1"}
        receipt = actions.check_ballot_cast(actor, round_id=pk, data=data)
        round_ = actions.access_round(actor, pk)
        response = render(
            request,
            "elections/receipt_given.html",
            {
                "receipt": receipt,
                "back": back,
                "what": f"{round_.election.title} — " + _("round %(n)s") % {"n": round_.number},
                "meeting": round_.meeting,
            },
        )
        add_never_cache_headers(response)
        return response

    return _run(request, back, call)


@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("elections-round", args=[pk])

    def call(actor: Actor) -> HttpResponse:
        actions.check_round_close(actor, round_id=pk)
        messages.success(request, _("The round is closed: the tellers count."))
        return redirect(back)

    return _run(request, back, call)


@require_safe
def tally(request: HttpRequest, pk: int) -> HttpResponse:
    """The tellers' page: the count of a closed round before it is announced, and, for
    paper ballots, the form to type in each paper."""

    def call(actor: Actor) -> HttpResponse:
        data = actions.check_round_tally(actor, round_id=pk)
        round_ = actions.access_round(actor, pk)
        election = round_.election
        response = render(
            request,
            "elections/tally.html",
            {
                "round": round_,
                "election": election,
                "tally": data,
                "rows": selectors.round_rows(round_, data),
                "conduct": may_conduct(actor, election.body_id),
                "count": may_count(actor, selectors.teller_user_ids(election)),
                "ballot_rows": _ballot_rows(round_),
                "participations": selectors.round_participation_count(round_),
            },
        )
        add_never_cache_headers(response)
        return response

    return _run(request, reverse("elections-round", args=[pk]), call)


@require_POST
def paper_enter(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("elections-tally", args=[pk])

    def call(actor: Actor) -> HttpResponse:
        marks = [mark for mark in request.POST.getlist("marks") if mark]
        count = actions.check_paper_enter(actor, round_id=pk, data={"marks": marks})
        messages.success(request, _("Paper %(n)s is in.") % {"n": count})
        # At the paper form again: the next Tab reaches the first mark of the next paper.
        return redirect(f"{back}#paper-heading")

    return _run(request, back, call)


@require_POST
def round_announce(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("elections-round", args=[pk])

    def call(actor: Actor) -> HttpResponse:
        round_ = actions.check_round_announce(actor, round_id=pk)
        return redirect("elections-election", round_.election_id)

    return _run(request, back, call)


# --- receipts -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def receipt(request: HttpRequest) -> HttpResponse:
    """Anyone holding a receipt checks it here: the form posts it, so that it never
    appears in an address."""
    found = None
    refused = ""
    if request.method == "POST":
        try:
            found = actions.check_receipt(
                actor_for(request.user), data={"receipt": request.POST.get("receipt", "")}
            )
        except ActionError as exc:
            refused = exc.detail
    response = render(request, "elections/receipt.html", {"found": found, "refused": refused})
    add_never_cache_headers(response)
    return response
