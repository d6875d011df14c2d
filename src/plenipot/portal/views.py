"""The portal pages: thin views over the selectors."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from plenipot.accounts.roles import actor_for
from plenipot.conference import clock
from plenipot.conference import selectors as conference_selectors
from plenipot.conference.models import Body, Conference, ItuRegion
from plenipot.negotiation import selectors as negotiation_selectors
from plenipot.negotiation.permissions import may_open_draft
from plenipot.planning import selectors as planning_selectors
from plenipot.portal import selectors
from plenipot.portal.chart import Box, ChartLayout, ChartMetrics, ChartNode, layout_tree
from plenipot.portal.home import role_home


def _conference() -> Conference:
    conference = conference_selectors.conference_current()
    if conference is None:
        raise Http404(_("No conference has been set up yet."))
    return conference


def _overview(request: HttpRequest, conference: Conference) -> HttpResponse:
    context = {
        "conference": conference,
        "counts": selectors.conference_counts(conference=conference, user=request.user),
        "committees": selectors.body_committees(conference=conference),
        "deadlines": selectors.body_next_deadlines(
            conference=conference, today=clock.today(conference)
        ),
    }
    return render(request, "portal/home.html", context)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The conference at a glance for a visitor; for someone signed in, their own home:
    the delegate's day, the chair's desk, the translator's assignments, the
    secretariat's to-do list, or a reader's day."""
    conference = conference_selectors.conference_current()
    if conference is None:
        return render(request, "portal/empty.html", status=200)
    if not request.user.is_authenticated:
        return _overview(request, conference)
    kind, page = role_home(user=request.user, actor=actor_for(request.user), conference=conference)
    return render(
        request,
        f"portal/home_{kind}.html",
        {
            "conference": conference, "kind": kind, "home": page,
            "room_labels": planning_selectors.room_labels(conference),
        },
    )  # fmt: skip


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    """The conference at a glance, for everyone (a visitor's home page)."""
    return _overview(request, _conference())


# --- the body tree --------------------------------------------------------------------

CHART_METRICS = ChartMetrics(box_width=216, box_height=84, indent=22, max_columns=4)
# Characters per line of a body's name inside a box, at the chart's font size.
NAME_LINE_CHARS = 30
CODE_LINE_CHARS = 18


@dataclass(frozen=True)
class ChartBox:
    """A body placed in the chart, with what its box prints."""

    body: Body
    box: Box
    name_lines: tuple[str, ...]
    chair_country: str
    text_x: float
    text_anchor: str
    icon_x: float

    @property
    def code_is_long(self) -> bool:
        """Long codes get a smaller font so that they stay clear of the openness icon."""
        return len(self.body.code) > CODE_LINE_CHARS

    @property
    def icon_y(self) -> float:
        return self.box.y + 8

    @property
    def line_y(self) -> tuple[float, float, float, float]:
        top = self.box.y
        return (top + 20, top + 39, top + 55, top + 74)


def _name_lines(name: str) -> tuple[str, ...]:
    lines = textwrap.wrap(name, NAME_LINE_CHARS) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), NAME_LINE_CHARS, placeholder="…")]
    return tuple(lines)


def _chair_country(body: Body) -> str:
    chair = body.chair
    if chair is None or chair.delegation is None:
        return ""
    return chair.delegation.organisation.local_name()


def body_chart(bodies: list[Body], *, rtl: bool) -> tuple[ChartLayout, list[ChartBox]]:
    """Lay out the bodies and say what each box prints; mirrored for right-to-left."""
    layout = layout_tree(
        [ChartNode(body.pk, body.parent_id) for body in bodies], metrics=CHART_METRICS
    )
    if rtl:
        layout = layout.mirrored()
    by_pk = {body.pk: body for body in bodies}
    boxes = []
    for box in layout.boxes:
        body = by_pk[box.key]
        boxes.append(
            ChartBox(
                body=body,
                box=box,
                name_lines=_name_lines(body.local_name),
                chair_country=_chair_country(body),
                text_x=box.right - 12 if rtl else box.x + 12,
                text_anchor="end" if rtl else "start",
                icon_x=box.x + 8 if rtl else box.right - 24,
            )
        )
    return layout, boxes


@require_safe
def body_tree(request: HttpRequest) -> HttpResponse:
    conference = _conference()
    roots = conference_selectors.body_tree(conference=conference)
    bodies = [node.body for root in roots for node in root.walk()]
    layout, boxes = body_chart(bodies, rtl=get_language_bidi())
    context = {
        "conference": conference,
        "roots": roots,
        "layout": layout,
        "boxes": boxes,
        "kinds": Body.Kind.choices,
        "opennesses": Body.Openness.choices,
        "body_count": len(bodies),
    }
    return render(request, "portal/body_tree.html", context)


@require_safe
def body_detail(request: HttpRequest, code: str) -> HttpResponse:
    conference = _conference()
    body = selectors.body_page(conference=conference, code=code, user=request.user)
    actor = actor_for(request.user)
    may_open = body.status == Body.Status.ACTIVE and may_open_draft(actor, body.pk)
    context = {
        "conference": conference,
        "body": body,
        "ancestors": conference_selectors.body_ancestors(body=body),
        "drafts": list(negotiation_selectors.drafts_watchable(
            request.user, negotiation_selectors.drafts_of_body(body=body)
        )),
        "may_open_draft": may_open,
        "instruments": negotiation_selectors.instrument_list(conference=conference)
        if may_open
        else [],
        "delegations": conference_selectors.delegation_list(conference=conference)
        if may_open
        else [],
    }
    return render(request, "portal/body_detail.html", context)


# --- delegations ----------------------------------------------------------------------

DELEGATION_SORTS = {"name": _("Name"), "size": _("Size")}


@require_safe
def delegation_list(request: HttpRequest) -> HttpResponse:
    conference = _conference()
    region = request.GET.get("region", "")
    if region not in ItuRegion.values:
        region = ""
    sort = request.GET.get("sort", "name")
    if sort not in DELEGATION_SORTS:
        sort = "name"
    delegations = selectors.delegation_list(conference=conference, region=region, sort=sort)
    rows = [(delegation, selectors.delegation_key(delegation)) for delegation in delegations]
    context = {
        "conference": conference,
        "rows": rows,
        "regions": ItuRegion.choices,
        "region": region,
        "sorts": DELEGATION_SORTS.items(),
        "sort": sort,
        "total_people": sum(d.member_count for d in delegations),
    }
    return render(request, "portal/delegation_list.html", context)


@require_safe
def delegation_detail(request: HttpRequest, key: str) -> HttpResponse:
    conference = _conference()
    delegation = selectors.delegation_page(conference=conference, key=key)
    members = conference_selectors.delegation_members(delegation=delegation)
    context = {
        "conference": conference,
        "delegation": delegation,
        "members": members,
        "regional_organisations": list(delegation.organisation.regional_organisations.all()),
        "chaired": selectors.bodies_chaired_by(conference=conference, people=members),
    }
    return render(request, "portal/delegation_detail.html", context)
