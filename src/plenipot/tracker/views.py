"""The tracker pages: every text's stage, one text's timeline, the chair's view, the Final Acts."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plenipot.accounts.roles import actor_for
from plenipot.conference import clock
from plenipot.conference import selectors as conference_selectors
from plenipot.conference.models import Body, Conference
from plenipot.core.errors import ActionError, NotFound
from plenipot.core.pages import CSRF_PLACEHOLDER, page_refusal
from plenipot.documents import selectors as documents_selectors
from plenipot.documents.access import document_readable
from plenipot.documents.actions import (
    check_document_register,
    check_document_return,
)
from plenipot.documents.models import Document
from plenipot.documents.permissions import may_register_document, may_return_document
from plenipot.documents.selectors import (
    document_readable_list,
)
from plenipot.engine.path import MOVES, Stage
from plenipot.meetings.models import AgendaItem, Meeting
from plenipot.meetings.selectors import meetings_visible
from plenipot.negotiation import selectors as negotiation_selectors
from plenipot.negotiation.models import Instrument
from plenipot.tracker import selectors
from plenipot.tracker.actions import (
    check_allocation_on_path,
    check_decision_take,
    check_text_move,
)
from plenipot.tracker.compilation import compilation_docx, compilation_pdf
from plenipot.tracker.forms import DecisionForm
from plenipot.tracker.models import PathEvent, StageChoice, TextPath
from plenipot.tracker.permissions import may_move_text, may_open_registry
from plenipot.translation.models import SourceText
from plenipot.translation.selectors import language_source, source_text_of


def _conference() -> Conference:
    conference = conference_selectors.conference_current()
    if conference is None:
        raise Http404(_("No conference has been set up yet."))
    return conference


def _public_page_key(request: HttpRequest) -> str | None:
    """The cache key of a tracker page for an anonymous reader without a session or
    pending messages (who all see the same page at the same address), else None.

    The key holds both counters (`selectors.tracker_generation`), which database
    triggers move on every change to what the page shows, so a cached page is never
    older than the data; one read finds it. The language and the time zone the times
    are shown in are part of the key."""
    if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0 or request.user.is_authenticated:
        return None
    if request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return None
    zone = timezone.get_current_timezone_name()
    raw = f"{selectors.tracker_generation()}|{get_language()}|{zone}|{request.get_full_path()}"
    return "tracker:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _with_token(request: HttpRequest, page: str) -> HttpResponse:
    return HttpResponse(page.replace(CSRF_PLACEHOLDER, get_token(request)))


def _render_public(request: HttpRequest, key: str | None, template: str, context: dict):
    """The page; for the anonymous public rendered once with a stand-in for the CSRF
    token of the language form, kept, and served with the reader's own token."""
    if key is None:
        return render(request, template, context)
    context["csrf_token"] = CSRF_PLACEHOLDER
    page = render_to_string(template, context, request=request)
    cache.set(key, page, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return _with_token(request, page)


def _cached(request: HttpRequest) -> tuple[str | None, HttpResponse | None]:
    key = _public_page_key(request)
    if key is not None:
        page = cache.get(key)
        if page is not None:
            return key, _with_token(request, page)
    return key, None


@require_safe
def tracker_list(request: HttpRequest) -> HttpResponse:
    """Every text and its stage. Cached whole for anonymous readers (`_public_page_key`)."""
    key, response = _cached(request)
    if response is not None:
        return response
    conference = _conference()
    stage = request.GET.get("stage") or None
    if stage not in StageChoice.values:
        stage = None
    paths = list(selectors.path_list(conference=conference))
    counts = {value: 0 for value in StageChoice.values}
    for path in paths:
        counts[path.stage] += 1
    labels = selectors.stage_labels()
    kinds = {value: str(label) for value, label in Instrument.Kind.choices}
    shown = []
    for path in paths:
        if stage is None or path.stage == stage:
            path.stage_label = labels.get(path.stage, path.stage)
            path.kind_label = kinds.get(path.instrument.kind, path.instrument.kind)
            shown.append(path)
    stages = [(value, labels[value], counts[value]) for value in StageChoice.values]
    return _render_public(
        request,
        key,
        "tracker/tracker_list.html",
        {
            "conference": conference,
            "paths": shown,
            "stages": stages,
            "stage": stage,
            "may_register": may_register_document(actor_for(request.user)),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def tracker_detail(request: HttpRequest, kind: str, number: str) -> HttpResponse:
    """One text's path. Cached whole for anonymous readers (`_public_page_key`)."""
    key, response = _cached(request)
    if response is not None:
        return response
    conference = _conference()
    try:
        path = selectors.path_get(conference=conference, kind=kind, number=number)
    except TextPath.DoesNotExist:
        raise Http404(_("This text is not on the tracker.")) from None
    if request.method == "POST":
        return _move(request, path)
    may_move = may_move_text(actor_for(request.user), selectors.path_bodies(path))
    timeline = _readable_timeline(request, path)
    labels = selectors.stage_labels()
    next_stages = [(s.value, labels[s.value]) for s in Stage if s in MOVES[Stage(path.stage)]]
    current = Stage(path.stage)
    line = selectors.stage_line()
    reached = {e for e in path.events.values_list("to_stage", flat=True)}
    context = {
        "conference": conference,
        "path": path,
        "stage_label": labels.get(path.stage, path.stage),
        "kind_label": path.instrument.get_kind_display(),
        "instrument": path.instrument,
        "timeline": timeline,
        "visible_meetings": _visible_meetings(request, timeline),
        "diff_html": selectors.path_diff_html(path=path),
        "line": [(value, label, value == current.value, value in reached) for value, label in line],
        "off_line": current.value not in {v for v, _l in line},
        "may_move": may_move,
        "next_stages": next_stages,
    }
    context.update(_issue_gate(path, current, request.user))
    if may_move:
        context["bodies"] = Body.objects.filter(conference=conference, status="active")
        context["documents"] = Document.objects.filter(
            conference=conference, series__in=["DT", "B", "R"]
        ).order_by("series", "sequence", "revision")
    return _render_public(request, key, "tracker/tracker_detail.html", context)


def _issue_gate(path: TextPath, current: Stage, user) -> dict:
    """For a text the Editorial Committee may send to a reading: what still keeps its
    blue (or pink) document from being issued, and where its language versions are.
    When those versions were made from an earlier text, the document on the path that
    carries the current text (its DT), if the reader may see it, to send for translation."""
    reading = {Stage.EDITORIAL: Stage.FIRST_READING, Stage.FIRST_READING: Stage.SECOND_READING}
    if current not in reading:
        return {}
    source = source_text_of(language_source(path=path))
    behind = selectors.language_versions_behind(path=path)
    to_translate = None
    if behind:
        carrying = (
            Document.objects.filter(path_events__path=path, text=path.current_text)
            .exclude(pk__in=SourceText.objects.exclude(document=None).values("document_id"))
            .order_by("-path_events__at", "-pk")
            .first()
        )
        if carrying is not None and document_readable(user, carrying):
            to_translate = carrying
    return {
        "all_six": len(path.conference.language_codes) == 6,
        "gate_reading": reading[current].value,
        "gate_failures": selectors.issue_gate_failures(path=path),
        "gate_source": source,
        "gate_behind": behind,
        "gate_to_translate": to_translate,
    }


def _readable_timeline(request: HttpRequest, path: TextPath) -> list:
    """The timeline without the documents this reader may not see; a step of the path
    stays, without naming its document. One query asks the policy about all of them."""
    entries = selectors.path_timeline(path=path, user=request.user)
    ids = {entry.document.pk for entry in entries if entry.document is not None}
    readable = set(
        document_readable_list(
            user=request.user, documents=Document.objects.filter(pk__in=ids)
        ).values_list("pk", flat=True)
    )
    shown = []
    for entry in entries:
        if entry.document is not None and entry.document.pk not in readable:
            if entry.kind != "event":
                continue
            entry = replace(entry, document=None)
        shown.append(entry)
    return shown


def _visible_meetings(request: HttpRequest, timeline: list) -> set[int]:
    """The timeline's meetings whose pages this reader may open (the others stay named,
    without a link)."""
    ids = {entry.meeting.pk for entry in timeline if entry.meeting is not None}
    visible = meetings_visible(user=request.user, meetings=Meeting.objects.filter(pk__in=ids))
    return set(visible.values_list("pk", flat=True))


def _move(request: HttpRequest, path: TextPath) -> HttpResponse:
    try:
        check_text_move(
            actor_for(request.user),
            path=path,
            to_stage=request.POST.get("to_stage", ""),
            body_code=request.POST.get("body") or None,
            document_symbol=request.POST.get("document") or None,
            note=request.POST.get("note", ""),
        )
    except ActionError as exc:
        return page_refusal(request, exc, request.path)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        path.refresh_from_db()
        messages.success(request, _("Moved to: %(stage)s") % {"stage": path.get_stage_display()})
    return redirect(request.path)


@require_POST
def decision_declare(request: HttpRequest, item_id: int) -> HttpResponse:
    """The chair declares a decision on an agenda item, from the meeting's page."""
    if not request.user.is_authenticated:  # who, before what: no form errors for a visitor
        return redirect_to_login(request.get_full_path())
    conference = _conference()
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__body", "instrument"),
        pk=item_id,
        meeting__conference=conference,
    )
    back = reverse("meeting-detail", args=[item.meeting_id])
    form = DecisionForm(request.POST, body=item.meeting.body)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{field}: {error}")
        return redirect(back)
    try:
        check_decision_take(
            actor_for(request.user),
            item=item,
            outcome=form.cleaned_data["outcome"],
            text=form.cleaned_data["text"],
            statements=form.statements(),
            referred_to=form.cleaned_data["referred_to"],
            referral=form.referral(),
            move_to=form.cleaned_data["move_to"] or None,
            votes=form.cleaned_data["votes"] or None,
        )
    except ActionError as exc:
        return page_refusal(request, exc, back)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The decision is recorded."))
    return redirect(back)


def _whole(value) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


@require_http_methods(["GET", "HEAD", "POST"])
def registry(request: HttpRequest) -> HttpResponse:
    """The secretariat's intake: the submissions waiting, newest first, late or on time,
    each registered (its number and symbol) or returned with a reason; then the
    registered documents to allocate to a body."""
    conference = _conference()
    actor = actor_for(request.user)
    # A form sent here is the action's to refuse, in the words every transport uses;
    # the page itself is for those who work at the desk.
    if request.method != "POST" and not may_open_registry(actor, conference.pk):
        raise Http404(_("This page is for the secretariat and the Steering Committee."))
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("register", "return"):
                document = Document.objects.filter(
                    conference=conference, pk=_whole(request.POST.get("document"))
                ).first()
            if action == "register":
                document = check_document_register(
                    actor, document=document, number=request.POST.get("number") or None
                )
                messages.success(
                    request, _("Registered as %(symbol)s.") % {"symbol": document.symbol}
                )
            elif action == "return":
                document = check_document_return(
                    actor, document=document, reason=request.POST.get("reason", "")
                )
                messages.success(
                    request,
                    _("Returned to its sources: %(title)s.") % {"title": document.title},
                )
            else:
                allocation = check_allocation_on_path(
                    actor,
                    conference=conference,
                    symbol=request.POST.get("symbol", ""),
                    body_code=request.POST.get("body", ""),
                    proposal_symbol=request.POST.get("proposal", ""),
                )
                what = allocation.proposal or allocation.document
                messages.success(
                    request,
                    _("%(what)s allocated to %(body)s.")
                    % {"what": what.symbol, "body": allocation.body.code},
                )
        except NotFound as exc:
            if action not in ("register", "return"):
                # A symbol typed at the desk that names no document the actor may read.
                messages.error(request, exc.detail)
            else:
                return page_refusal(request, exc, reverse("registry"))
        except ActionError as exc:
            return page_refusal(request, exc, reverse("registry"))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("registry")
    return render(
        request,
        "tracker/registry.html",
        {
            "conference": conference,
            "submitted": documents_selectors.submission_queue(conference=conference),
            "deadline": documents_selectors.submission_deadline(conference=conference),
            "unallocated": documents_selectors.documents_to_allocate(conference=conference),
            "may_register": may_register_document(actor),
            "may_return": may_return_document(actor),
            "bodies": Body.objects.filter(conference=conference, status=Body.Status.ACTIVE),
        },
    )


@require_safe
def body_agenda(request: HttpRequest, code: str) -> HttpResponse:
    """A body's agenda: what was allocated or referred to it, in order."""
    conference = _conference()
    body = Body.objects.filter(conference=conference, code=code).first()
    if body is None:
        raise Http404(_("No such body."))
    allocations = list(documents_selectors.body_agenda(body=body))
    readable = set(
        document_readable_list(
            user=request.user,
            documents=Document.objects.filter(pk__in={a.document_id for a in allocations}),
        ).values_list("pk", flat=True)
    )
    rows = [allocation for allocation in allocations if allocation.document_id in readable]
    return render(
        request,
        "tracker/body_agenda.html",
        {"conference": conference, "body": body, "allocations": rows},
    )


@require_safe
def chair_view(request: HttpRequest, code: str) -> HttpResponse:
    conference = _conference()
    body = Body.objects.filter(conference=conference, code=code).first()
    if body is None:
        raise Http404(_("No such body."))
    now = clock.now(conference)
    on = None
    try:
        on = datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        pass
    if on is not None and conference.start <= on <= conference.end:
        # The view as it stood at the start of that day.
        now = datetime.datetime.combine(on, datetime.time(), tzinfo=timezone.get_current_timezone())
    else:
        on = None
    view = selectors.chair_view(body=body, now=now)
    chart = selectors.burndown_chart(view.burndown, mark=on)
    return render(
        request,
        "tracker/chair_view.html",
        {"conference": conference, "body": body, "view": view, "chart": chart, "on": on},
    )


@require_safe
def final_acts_view(request: HttpRequest) -> HttpResponse:
    conference = _conference()
    acts = selectors.final_acts(conference=conference)
    for path in acts.instruments:
        # Each text's files per language, to those who may read its pink document.
        document = path.adopted_document
        if document is not None and not document_readable(request.user, document):
            path.adopted_document = None
    return render(request, "tracker/final_acts.html", {"conference": conference, "acts": acts})


@require_safe
def tracker_feed(request: HttpRequest, kind: str | None = None, number: str | None = None):
    """Atom: the latest steps of every text (or of one), newest first. A step names its
    document only to a reader who may see it; notes stay on the pages."""
    conference = _conference()
    events = PathEvent.objects.filter(path__conference=conference)
    link = reverse("tracker-list")
    title = _("The path of the texts, %(conference)s") % {"conference": conference.short_name}
    if kind is not None:
        try:
            path = selectors.path_get(conference=conference, kind=kind, number=number)
        except TextPath.DoesNotExist:
            raise Http404(_("This text is not on the tracker.")) from None
        events = events.filter(path=path)
        link = reverse("tracker-detail", args=[kind, number])
        title = _("The path of %(text)s") % {"text": selectors.instrument_label(path.instrument)}
    events = list(
        events.select_related("path__instrument", "body", "document").order_by("-at", "-pk")[:50]
    )
    ids = {e.document_id for e in events if e.document_id}
    readable = set(
        document_readable_list(
            user=request.user, documents=Document.objects.filter(pk__in=ids)
        ).values_list("pk", flat=True)
    )
    labels = dict(StageChoice.choices)
    feed = Atom1Feed(
        title=str(title),
        link=request.build_absolute_uri(link),
        description="",
        feed_url=request.build_absolute_uri(),
        feed_guid=request.build_absolute_uri(request.path),
        # RFC 4287 wants an author on the feed or on every entry: the conference.
        author_name=conference.local_name,
    )
    for event in events:
        instrument = event.path.instrument
        url = request.build_absolute_uri(
            reverse("tracker-detail", args=[instrument.kind, instrument.number])
        )
        parts = [str(labels.get(event.to_stage, event.to_stage))]
        if event.body_id:
            parts.append(event.body.code)
        if event.document_id in readable:
            parts.append(event.document.symbol)
        feed.add_item(
            title=f"{selectors.instrument_label(instrument)}: {parts[0]}",
            link=url,
            description=" · ".join(parts),
            unique_id=f"{url}#event-{event.pk}",
            pubdate=event.at,
            updateddate=event.at,
            categories=[event.to_stage],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


# --- the compilation of proposals -------------------------------------------------------


def _compiled(request: HttpRequest, kind: str, number: str):
    conference = _conference()
    instrument = Instrument.objects.filter(conference=conference, kind=kind, number=number).first()
    if instrument is None or (
        instrument.status != Instrument.Status.IN_FORCE and not request.user.is_authenticated
    ):
        raise Http404(_("There is no such text."))
    try:
        synopsis = negotiation_selectors.instrument_compilation(
            instrument=instrument, user=request.user
        )
    except ValueError as exc:  # a proposal that does not fit (the engine's ProposalError)
        return conference, instrument, None, str(exc)
    return conference, instrument, synopsis, ""


@require_safe
def compilation(request: HttpRequest, kind: str, number: str) -> HttpResponse:
    """The synoptic table of every proposal on an instrument that the reader may read."""
    conference, instrument, synopsis, error = _compiled(request, kind, number)
    return render(
        request,
        "tracker/compilation.html",
        {
            "conference": conference,
            "instrument": instrument,
            "label": selectors.instrument_label(instrument),
            "on_tracker": TextPath.objects.filter(instrument=instrument).exists(),
            "synopsis": synopsis,
            "proposal_count": sum(len(r.entries) for r in synopsis.rows) if synopsis else 0,
            "error": error,
        },
        status=200 if synopsis is not None else 409,
    )


@require_safe
def compilation_file(request: HttpRequest, kind: str, number: str, fmt: str) -> HttpResponse:
    if fmt not in ("docx", "pdf"):
        raise Http404
    conference, instrument, synopsis, _error = _compiled(request, kind, number)
    if synopsis is None:
        raise Http404(_("A proposal does not fit the text in force."))
    label = selectors.instrument_label(instrument)
    title = str(_("Compilation of the proposals on %(text)s") % {"text": label})
    if fmt == "docx":
        data = compilation_docx(title=title, conference=str(conference), synopsis=synopsis)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        data = compilation_pdf(
            title=title, conference=str(conference), synopsis=synopsis, language=get_language()
        )
        content_type = "application/pdf"
    response = HttpResponse(data, content_type=content_type)
    name = f"compilation-{instrument.kind}-{slugify(instrument.number) or 'text'}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
