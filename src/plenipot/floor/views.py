"""The floor's pages: a meeting's list of speakers (the chair's controls, a delegation's
place), the piece of it that live pages fetch again when it changes, the room display,
and the record of interventions."""

from __future__ import annotations

import csv
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from plenipot.accounts.roles import actor_for
from plenipot.core.actor import Actor
from plenipot.core.errors import ActionError, InvalidInput, NotFound
from plenipot.core.pages import page_refusal
from plenipot.elections.selectors import announced_results, meeting_under_way
from plenipot.floor import actions, selectors
from plenipot.floor.models import FloorRequest
from plenipot.floor.permissions import may_ask_floor, may_chair_floor
from plenipot.meetings.models import Meeting
from plenipot.meetings.rooms import room_labels


def _item_param(request: HttpRequest) -> int | None:
    value = request.GET.get("item", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _context(request: HttpRequest, meeting: Meeting) -> dict:
    actor = actor_for(request.user)
    item = selectors.item_chosen(meeting, _item_param(request))
    state = selectors.floor_state(meeting, item)
    chair = may_chair_floor(actor, meeting.body_id)
    delegate = may_ask_floor(actor, meeting.conference_id)
    return {
        "meeting": meeting,
        "items": selectors.agenda_items(meeting),
        "item": item,
        "state": state,
        "chair": chair,
        "delegate": delegate,
        "mine": state.place_of(actor.delegation_id) if delegate else [],
        "my_delegation": actor.delegation_id if delegate else None,
        "kinds": FloorRequest.Kind.choices,
        "now": timezone.now(),
        "seconds": state.seconds_spoken(),
        "socket": f"/ws/floor/meetings/{meeting.pk}/",
    }


def _room_labels(meeting: Meeting) -> dict[str, str]:
    """The room's name in the reader's language, for the pages that show it (not the
    live pieces)."""
    return room_labels(meeting.conference) if meeting.room else {}


@require_GET
def floor_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.access_meeting(request.user, pk)
    context = _context(request, meeting)
    context["room_labels"] = _room_labels(meeting)
    return render(request, "floor/meeting.html", context)


@require_GET
def floor_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The list alone, for a page that heard it changed."""
    meeting = selectors.access_meeting(request.user, pk)
    return render(request, "floor/_panel.html", _context(request, meeting))


@require_GET
def floor_display(request: HttpRequest, pk: int) -> HttpResponse:
    """The room's screen: the text as the pen edits it, the speakers and the clock, and
    the result of a vote or ballot when it is announced. No controls."""
    meeting = selectors.access_meeting(request.user, pk)
    context = _context(request, meeting)
    draft = context["state"].draft
    context["draft_data"] = selectors.display_text(request.user, draft)
    context["room_labels"] = _room_labels(meeting)
    context["results"] = announced_results(meeting.pk)
    context["under_way"] = meeting_under_way(meeting.pk)
    return render(request, "floor/display.html", context)


@require_GET
def floor_display_panel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.access_meeting(request.user, pk)
    context = _context(request, meeting)
    context["results"] = announced_results(meeting.pk)
    context["under_way"] = meeting_under_way(meeting.pk)
    return render(request, "floor/_display_panel.html", context)


@require_GET
def floor_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Who spoke, on what, for how long: the record of the meeting's interventions."""
    meeting = selectors.access_meeting(request.user, pk)
    rows = selectors.meeting_record(meeting)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="interventions-{meeting.pk}.csv"'
        writer = csv.writer(response)
        writer.writerow(["item", "delegation", "kind", "provision", "started_at", "seconds"])
        for row in rows:
            writer.writerow(
                [row["item"].position, row["delegation"], row["kind"], row["provision"],
                 row["started_at"].isoformat(), row["seconds"]]
            )  # fmt: skip
        return response
    context = {"meeting": meeting, "rows": rows, "room_labels": _room_labels(meeting)}
    return render(request, "floor/record.html", context)


def _flag(value: str) -> bool:
    return value in ("1", "true", "on", "yes")


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("Give a whole number.")) from None


# What each button of the page does: the action, and its input read from the form.
VERBS: dict[str, Callable[[Actor, int, int, int | None, dict], object]] = {
    "ask": lambda actor, m, i, r, form: actions.check_floor_ask(
        actor, meeting_id=m, item_id=i,
        data={"kind": form.get("kind", "speaker"), "provision": form.get("provision", ""),
              "away": _flag(form.get("away", ""))},
    ),
    "withdraw": lambda actor, m, i, r, form: actions.check_floor_withdraw(
        actor, meeting_id=m, item_id=i, request_id=r
    ),
    "away": lambda actor, m, i, r, form: actions.check_floor_away(
        actor, meeting_id=m, item_id=i, request_id=r, data={"away": _flag(form.get("away", ""))}
    ),
    "move": lambda actor, m, i, r, form: actions.check_floor_move(
        actor, meeting_id=m, item_id=i, request_id=r, data={"place": _int(form.get("place"))}
    ),
    "give": lambda actor, m, i, r, form: actions.check_floor_give(
        actor, meeting_id=m, item_id=i, data={"request": r}
    ),
    "end": lambda actor, m, i, r, form: actions.check_floor_end(actor, meeting_id=m, item_id=i),
    "clock": lambda actor, m, i, r, form: actions.check_floor_clock(
        actor, meeting_id=m, item_id=i, data={"running": _flag(form.get("running", ""))}
    ),
    "close": lambda actor, m, i, r, form: actions.check_speakers_list_set(
        actor, meeting_id=m, item_id=i, data={"closed": True}
    ),
    "reopen": lambda actor, m, i, r, form: actions.check_speakers_list_set(
        actor, meeting_id=m, item_id=i, data={"closed": False}
    ),
    "time": lambda actor, m, i, r, form: actions.check_speakers_list_set(
        actor, meeting_id=m, item_id=i, data={"speaking_time": _int(form.get("seconds"))}
    ),
}  # fmt: skip


@require_POST
def floor_act(
    request: HttpRequest, pk: int, item: int, verb: str, request_id: int | None = None
) -> HttpResponse:
    back = reverse("floor-meeting", args=[pk]) + f"?item={item}"
    handler = VERBS.get(verb)
    if handler is None:
        return page_refusal(request, NotFound(_("There is no such action.")), back)
    try:
        handler(actor_for(request.user), pk, item, request_id, request.POST)
    except ActionError as exc:
        if request.headers.get("X-Requested-With") == "fetch":
            return HttpResponse(
                exc.detail, status=exc.status, content_type="text/plain; charset=utf-8"
            )
        return page_refusal(request, exc, back)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect(back)
