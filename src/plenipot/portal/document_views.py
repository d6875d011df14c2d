"""Public pages of documents: the list and search, one document, its files, and what
changed on a day. Every page reads through the access policy (`portal.documents`)."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plenipot.accounts.roles import actor_for, reader_for
from plenipot.conference import clock
from plenipot.conference.models import Body, Language
from plenipot.core.errors import ActionError, Invalid, InvalidInput
from plenipot.core.pages import CSRF_PLACEHOLDER, page_refusal
from plenipot.documents.access import decisions_of, document_facts
from plenipot.documents.actions import (
    ISSUED_SERIES,
    check_document_file_add,
    check_document_issue,
    check_document_publish,
)
from plenipot.documents.files import upload_limits
from plenipot.documents.models import Document
from plenipot.documents.permissions import may_add_language_file, may_issue_document
from plenipot.planning import selectors as planning_selectors
from plenipot.portal import documents as selectors
from plenipot.portal.views import _conference


def _options(pairs, selected: str) -> str:
    """<option> elements for a filter, escaped; a few hundred of them cost a tenth of a
    millisecond here and several milliseconds as a template loop."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, mark_safe(" selected") if value == selected else "", label)
         for value, label in pairs),
    )


def _results(request: HttpRequest, conference, filters) -> tuple[int, str, dict]:
    """The filter form, the rows and the pager, rendered; status 400 with a message for
    a search that cannot run."""
    page = selectors.document_page(user=request.user, conference=conference, filters=filters)
    context = {
        "conference": conference,
        "filters": filters,
        "page": page,
        "rows": [(d, page.snippets.get(d.pk, "")) for d in page.documents],
        "kinds": Document.Kind.choices,
        "language_choices": Language.choices,
        "body_options": _options(
            ((b.code, b.code) for b in Body.objects.filter(conference=conference)
             .order_by("position", "code").only("code")),
            filters.body,
        ),
        "source_options": _options(
            ((o.symbol, o.name) for o in selectors.document_sources_choices(conference=conference)),
            filters.source,
        ),
        "previous_query": filters.as_query(page=page.page - 1) if page.page > 1 else None,
        "next_query": filters.as_query(page=page.page + 1) if page.has_next else None,
    }
    html = render_to_string("portal/_document_results.html", context, request=request)
    return (400 if page.message else 200), html, context


def _public_page_key(request: HttpRequest) -> str | None:
    """The cache key of the whole page for an anonymous reader without a session or
    pending messages (who all see the same page at the same address), else None.

    One read: the counter also moves when a conference is added or changed (portal
    migration 0004), so the current conference need not be read to find the page."""
    if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0 or request.user.is_authenticated:
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return None
    generation = selectors.public_generation()
    raw = f"{generation}|{get_language()}|{request.get_full_path()}"
    return "portal:documents:" + hashlib.sha256(raw.encode()).hexdigest()


def _with_token(request: HttpRequest, status: int, page: str) -> HttpResponse:
    return HttpResponse(page.replace(CSRF_PLACEHOLDER, get_token(request)), status=status)


@require_safe
def document_list(request: HttpRequest) -> HttpResponse:
    """The documents the reader may read, filtered and searched.

    For the anonymous public, who all see the same thing, the whole page is cached (for
    `PUBLIC_PAGE_CACHE_SECONDS`) under a key that changes with everything the page shows
    (`selectors.public_generation`); only the CSRF token of the language form is put in
    afresh for each reader."""
    key = _public_page_key(request)
    if key is not None:
        cached = cache.get(key)
        if cached is not None:
            return _with_token(request, *cached)
    conference = _conference()
    filters = selectors.document_filters(request.GET)
    status, html, context = _results(request, conference, filters)
    context["results"] = mark_safe(html)  # rendered from our own template, escaped there
    if key is None:
        return render(request, "portal/document_list.html", context, status=status)
    context["csrf_token"] = CSRF_PLACEHOLDER
    page = render_to_string("portal/document_list.html", context, request=request)
    cache.set(key, (status, page), settings.PUBLIC_PAGE_CACHE_SECONDS)
    return _with_token(request, status, page)


@require_safe
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference()
    document = selectors.document_detail(user=request.user, document_id=pk)
    if document.conference_id != conference.pk:
        raise Http404("document")
    reader = reader_for(request.user)
    facts = document_facts(document)
    decisions = decisions_of(document.conference_id)
    context = {
        "conference": conference,
        "document": document,
        "may_publish": decisions.source_may_publish
        and bool(reader.organisations & facts.sources)
        and facts.registered,
        "published": facts.published_by_source,
        "may_add_file": may_add_language_file(
            actor_for(request.user), series=document.series, sources=facts.sources
        )
        and facts.registered,
        "conference_languages": _language_names(conference),
    }
    return render(request, "portal/document_detail.html", context)


@login_required
@require_POST
def document_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """A source publishes its own document, or takes the publication back."""
    document = selectors.document_detail(user=request.user, document_id=pk)
    back = reverse("document-detail", args=[document.pk])
    try:
        check_document_publish(
            actor_for(request.user), document=document, published=request.POST.get("publish") == "1"
        )
    except ActionError as exc:
        return page_refusal(request, exc, back)
    messages.success(request, _("The publication of this document is updated."))
    return redirect(back)


@require_safe
def document_file(request: HttpRequest, pk: int, language: str) -> FileResponse:
    """A language version's file, only to those who may read the document."""
    document = selectors.document_detail(user=request.user, document_id=pk)
    version = next(
        (v for v in document.version_rows if v.language == language and v.file), None
    )
    if version is None:
        raise Http404("file")
    try:
        handle = version.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("file") from None
    name = version.file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)


@require_safe
def changes(request: HttpRequest) -> HttpResponse:
    """What changed on one day: the documents that appeared, and the meetings held."""
    conference = _conference()
    days = selectors.document_days(user=request.user, conference=conference)
    try:
        day = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = days[0] if days else clock.today(conference)
    earlier = next((d for d in days if d < day), None)
    later = next((d for d in reversed(days) if d > day), None)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    meetings = [
        m
        for m in selectors.meetings(user=request.user, conference=conference, since=start)
        if timezone.localdate(m.starts_at) == day
    ]
    context = {
        "conference": conference,
        "day": day,
        "earlier": earlier,
        "later": later,
        "documents": selectors.documents_of_day(
            user=request.user, conference=conference, day=day
        ),
        "meetings": meetings,
        "decisions": selectors.decisions_of_day(
            user=request.user, conference=conference, day=day
        ),
        "room_labels": planning_selectors.room_labels(conference),
    }
    return render(request, "portal/changes.html", context)


@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    """The meetings the reader may see, by day, with their webcast links."""
    conference = _conference()
    rows = selectors.meetings(user=request.user, conference=conference)
    by_day: dict[datetime.date, list] = {}
    for meeting in rows:
        by_day.setdefault(timezone.localdate(meeting.starts_at), []).append(meeting)
    context = {
        "conference": conference,
        "days": sorted(by_day.items()),
        "room_labels": planning_selectors.room_labels(conference),
    }
    return render(request, "portal/calendar.html", context)


# --- issuing a document and adding language files --------------------------------------


def _language_names(conference) -> list[tuple[str, str]]:
    names = dict(Language.choices)
    return [(code, names[code]) for code in conference.language_codes]


def _file(request: HttpRequest, field: str) -> tuple[str, bytes] | None:
    upload = request.FILES.get(field)
    if upload is None:
        return None
    # One byte over the cap is enough for the checks to refuse a file too large.
    return upload.name, upload.read(upload_limits().max_file_bytes + 1)


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest) -> HttpResponse:
    """Issue a document of any series (INF, ADM, DL, B, R) with a file per language:
    the secretariat; a delegation, its own information documents."""
    conference = _conference()
    actor = actor_for(request.user)
    series = [
        (value, label)
        for value, label in Document.SeriesChoice.choices
        if value in ISSUED_SERIES and may_issue_document(actor, conference.pk, value)
    ]
    if not series:
        raise PermissionDenied(
            _("The secretariat issues documents; a delegation issues its own information documents.")
        )
    errors: list[str] = []
    if request.method == "POST":
        files = {}
        for code in conference.language_codes:
            found = _file(request, f"file_{code}")
            if found is not None:
                files[code] = found
        try:
            document = check_document_issue(
                actor,
                conference=conference,
                series=request.POST.get("series", ""),
                title=request.POST.get("title", ""),
                body_code=request.POST.get("body", ""),
                original_language=request.POST.get("original_language", ""),
                files=files,
            )
        except (Invalid, InvalidInput) as exc:
            errors.append(exc.detail)
        except ActionError as exc:
            return page_refusal(request, exc, reverse("document-new"))
        else:
            messages.success(request, _("Issued as %(symbol)s.") % {"symbol": document.symbol})
            return redirect("document-detail", pk=document.pk)
    return render(
        request,
        "portal/document_new.html",
        {
            "conference": conference,
            "series": series,
            "conference_languages": _language_names(conference),
            "bodies": Body.objects.filter(conference=conference).order_by("position", "code"),
            "errors": errors,
            "values": request.POST if request.method == "POST" else {},
            "default_language": "en"
            if "en" in conference.language_codes
            else conference.language_codes[0],
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def document_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add or replace the file of one language version, from the document's page."""
    back = reverse("document-detail", args=[pk])
    document = Document.objects.filter(pk=pk).first()
    found = _file(request, "file")
    try:
        if found is None:
            raise Invalid(_("Choose a Word (.docx) or PDF file."))
        version = check_document_file_add(
            actor_for(request.user),
            document=document,
            language=request.POST.get("language", ""),
            filename=found[0],
            data=found[1],
        )
    except (Invalid, InvalidInput) as exc:
        messages.error(request, exc.detail)
        return redirect(back)
    except ActionError as exc:
        return page_refusal(request, exc, back)
    messages.success(
        request,
        _("The %(language)s file of %(symbol)s is saved.")
        % {"language": version.get_language_display(), "symbol": document.symbol},
    )
    return redirect(back)
