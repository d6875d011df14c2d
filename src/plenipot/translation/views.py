"""Translator pages: the queue, the six-language overview of a text, the workspace."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plenipot.accounts.roles import actor_for
from plenipot.conference.models import Conference, Language
from plenipot.conference.selectors import conference_current
from plenipot.documents.access import access_document
from plenipot.translation import memory_files, permissions, selectors, services
from plenipot.translation.machine import LABEL as MACHINE_LABEL
from plenipot.translation.machine import MachineTranslationError, configured_adapter
from plenipot.translation.memory_files import MemoryFileError
from plenipot.translation.models import (
    Assignment,
    CheckWaiver,
    Expression,
    GlossaryTerm,
    SourceText,
)


def _expression(request: HttpRequest, expression_id: int) -> Expression:
    try:
        expression = selectors.expression_get(expression_id)
    except Expression.DoesNotExist:
        raise Http404 from None
    if not selectors.source_readable(request.user, expression.source):
        raise Http404
    return expression


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    expressions = [
        e for e in selectors.expression_queue(request.user) if selectors.source_readable(request.user, e.source)
    ]
    return render(
        request,
        "translation/queue.html",
        {"expressions": expressions, "may_translate": permissions.may_translate(actor_for(request.user))},
    )


@login_required
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(
        SourceText.objects.select_related("instrument", "document"), pk=source_id
    )
    if not selectors.source_readable(request.user, source):
        raise Http404
    if request.method == "POST":
        return _assign(request, source)
    target = source.instrument or source.document
    failures = services.expressions_check(instrument_or_document=target)
    may_assign = permissions.may_assign(actor_for(request.user))
    return render(
        request,
        "translation/source_detail.html",
        {
            "source": source,
            "expressions": source.expressions.prefetch_related("assignments__user"),
            "failures": failures,
            "may_assign": may_assign,
            "people": selectors.translators() if may_assign else [],
            "roles": Assignment.Role.choices,
        },
    )


def _assign(request: HttpRequest, source: SourceText) -> HttpResponse:
    expression = source.expressions.filter(language=request.POST.get("language", "")).first()
    person = get_user_model().objects.filter(pk=request.POST.get("user") or 0).first()
    deadline = (
        parse_datetime(request.POST.get("deadline", "")) if request.POST.get("deadline") else None
    )
    if deadline is not None and timezone.is_naive(deadline):
        deadline = timezone.make_aware(deadline)
    if expression is None or person is None:
        messages.error(request, _("Choose a language and a person."))
    else:
        try:
            services.assignment_create(
                expression=expression,
                user=person,
                role=request.POST.get("role", ""),
                deadline=deadline,
                assigned_by=request.user,
            )
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Assigned."))
    return redirect("translation-source", source_id=source.pk)


@login_required
def workspace(request: HttpRequest, expression_id: int) -> HttpResponse:
    expression = _expression(request, expression_id)
    return render(
        request,
        "translation/workspace.html",
        {
            "expression": expression,
            "rows": selectors.workspace_rows(expression),
            "editable": expression.status != Expression.Status.FINAL
            and permissions.may_translate(actor_for(request.user)),
            "machine_available": configured_adapter() is not None,
            "machine_label": MACHINE_LABEL,
            "source_language": expression.source.language,
        },
    )


@login_required
@require_POST
def segment_save(request: HttpRequest, expression_id: int, eid: str) -> JsonResponse:
    """Save one provision; 409 with the current text when the save is stale."""
    expression = _expression(request, expression_id)
    try:
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        return JsonResponse({"error": _("The revision is missing.")}, status=400)
    try:
        result = services.expression_segment_save(
            expression=expression,
            user=request.user,
            eid=eid,
            text=request.POST.get("text", ""),
            revision=revision,
        )
    except services.StaleSegment as stale:
        return JsonResponse(
            {
                "error": _(
                    "Someone else saved this provision first. Their text is shown; yours is kept in the box."
                ),
                "text": stale.text,
                "revision": stale.revision,
            },
            status=409,
        )
    except PermissionDenied as exc:
        return JsonResponse({"error": str(exc)}, status=403)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    return JsonResponse(
        {"revision": result.revision, "failures": [failure.message for failure in result.failures]}
    )


@login_required
@require_POST
def advance(request: HttpRequest, expression_id: int) -> HttpResponse:
    expression = _expression(request, expression_id)
    try:
        expression = services.expression_advance(expression=expression, user=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(
            request, _("Not moved on: %(reasons)s") % {"reasons": "; ".join(exc.messages)}
        )
    else:
        messages.success(
            request, _("Now: %(status)s.") % {"status": expression.get_status_display()}
        )
    return redirect("translation-workspace", expression_id=expression.pk)


@login_required
@require_POST
def pretranslate(request: HttpRequest, expression_id: int) -> HttpResponse:
    expression = _expression(request, expression_id)
    try:
        counts = services.expression_pretranslate(expression=expression, user=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "Pre-translated: %(in_force)s from the text in force, %(exact)s exact and %(fuzzy)s fuzzy matches."
            )
            % {
                "in_force": counts.get("in_force", 0),
                "exact": counts.get("exact", 0),
                "fuzzy": counts.get("fuzzy", 0),
            },
        )
    return redirect("translation-workspace", expression_id=expression.pk)


@login_required
@require_POST
def machine(request: HttpRequest, expression_id: int) -> HttpResponse:
    expression = _expression(request, expression_id)
    adapter = configured_adapter()
    if adapter is None:
        messages.error(request, _("Machine translation is not configured."))
    else:
        try:
            count = services.expression_machine_translate(
                expression=expression, adapter=adapter, user=request.user
            )
        except (PermissionDenied, MachineTranslationError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("%(count)s provisions filled by %(label)s.")
                % {"count": count, "label": MACHINE_LABEL},
            )
    return redirect("translation-workspace", expression_id=expression.pk)


@login_required
def memory_import(request: HttpRequest) -> HttpResponse:
    if not permissions.may_translate(actor_for(request.user)):
        raise PermissionDenied

    if request.method == "POST":
        upload = request.FILES.get("file")
        conference = conference_current()
        if upload is None or conference is None:
            messages.error(request, _("Choose a TMX or CSV file."))
        else:
            kind = "csv" if upload.name.lower().endswith(".csv") else "tmx"
            data = upload.read(memory_files.MAX_BYTES + 1)
            try:
                count = services.memory_import(
                    conference=conference, data=data, kind=kind, reference=upload.name
                )
            except MemoryFileError as exc:
                messages.error(request, _("The file was refused: %(reason)s") % {"reason": exc})
            else:
                messages.success(request, _("%(count)s segments imported.") % {"count": count})
        return redirect("translation-memory-import")
    return render(request, "translation/memory_import.html")


# --- the glossary -----------------------------------------------------------------------


def _glossary_conference(request: HttpRequest):
    """The conference named by `conference` (its short name) in the query or the form,
    else the current one; 404 when there is none such."""
    short_name = (request.POST.get("conference") or request.GET.get("conference") or "")[:40]
    if short_name:
        conference = Conference.objects.filter(short_name=short_name).first()
    else:
        conference = conference_current()
    if conference is None:
        raise Http404
    return conference


def _to_glossary(conference) -> HttpResponse:
    return redirect(
        f"{reverse('translation-glossary')}?{urlencode({'conference': conference.short_name})}"
    )


def _glossary_forms(request: HttpRequest) -> dict[str, str]:
    return {code: request.POST.get(f"form_{code}", "") for code in services.LANGUAGES}


def glossary(request: HttpRequest) -> HttpResponse:
    """The conference's terms in six languages, searchable by anyone; the secretariat
    adds terms here and imports them from a CSV file."""
    conference = _glossary_conference(request)
    may_edit = permissions.may_edit_glossary(actor_for(request.user))
    form_values: dict[str, str] = {}
    note = ""
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form_values, note = _glossary_forms(request), request.POST.get("note", "")
        try:
            term = services.glossary_term_save(
                conference=conference, user=request.user, forms=form_values, note=note
            )
        except ValidationError as exc:
            errors, status = exc.messages, 400
        else:
            messages.success(request, _("Added: %(term)s.") % {"term": term})
            return _to_glossary(conference)
    elif request.method != "GET":
        return HttpResponse(status=405)
    search = request.GET.get("q", "")[:100]
    return render(
        request,
        "translation/glossary.html",
        {
            "conference": conference,
            "conferences": Conference.objects.order_by("-start", "-pk").only("short_name"),
            "terms": selectors.glossary_terms(conference, search=search),
            "search": search,
            "may_edit": may_edit,
            "term_languages": _language_columns(),
            "form_values": form_values,
            "note": note,
            "errors": errors,
        },
        status=status,
    )


def _language_columns() -> list[tuple[str, str]]:
    names = dict(Language.choices)
    return [(code, names[code]) for code in services.LANGUAGES]


def _glossary_term(term_id: int):
    return get_object_or_404(GlossaryTerm.objects.select_related("conference"), pk=term_id)


@login_required
def glossary_term(request: HttpRequest, term_id: int) -> HttpResponse:
    """Change one term (the secretariat)."""
    if not permissions.may_edit_glossary(actor_for(request.user)):
        raise PermissionDenied
    term = _glossary_term(term_id)
    conference = term.conference
    form_values = {code: "; ".join(term.forms.get(code) or []) for code in services.LANGUAGES}
    note, errors, status = term.note, [], 200
    if request.method == "POST":
        form_values, note = _glossary_forms(request), request.POST.get("note", "")
        try:
            services.glossary_term_save(
                conference=conference, user=request.user, forms=form_values, note=note, term=term
            )
        except ValidationError as exc:
            errors, status = exc.messages, 400
        else:
            messages.success(request, _("Saved: %(term)s.") % {"term": term})
            return _to_glossary(conference)
    return render(
        request,
        "translation/glossary_term.html",
        {
            "term": term,
            "term_languages": _language_columns(),
            "form_values": form_values,
            "note": note,
            "errors": errors,
        },
        status=status,
    )


@login_required
@require_POST
def glossary_term_delete(request: HttpRequest, term_id: int) -> HttpResponse:
    if not permissions.may_edit_glossary(actor_for(request.user)):
        raise PermissionDenied
    term = _glossary_term(term_id)
    label, conference = str(term), term.conference
    services.glossary_term_delete(term=term, user=request.user)
    messages.success(request, _("Deleted: %(term)s.") % {"term": label})
    return _to_glossary(conference)


@login_required
@require_POST
def glossary_import(request: HttpRequest) -> HttpResponse:
    if not permissions.may_edit_glossary(actor_for(request.user)):
        raise PermissionDenied
    conference = _glossary_conference(request)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a CSV file."))
        return _to_glossary(conference)
    data = upload.read(services.GLOSSARY_MAX_BYTES + 1)
    try:
        result = services.glossary_import(conference=conference, user=request.user, data=data)
    except ValidationError as exc:
        messages.error(
            request,
            _("The file was refused, nothing was changed: %(reason)s")
            % {"reason": " ".join(exc.messages)},
        )
    else:
        messages.success(
            request,
            _("Glossary imported: %(created)s terms added, %(updated)s replaced.")
            % {"created": result.created, "updated": result.updated},
        )
    return _to_glossary(conference)


def glossary_export(request: HttpRequest) -> HttpResponse:
    conference = _glossary_conference(request)
    response = HttpResponse(
        services.glossary_csv(selectors.glossary_terms(conference)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="glossary-{conference.short_name}.csv"'
    return response


# --- checks and waivers -------------------------------------------------------------------


def _source(request: HttpRequest, source_id: int) -> SourceText:
    source = (
        SourceText.objects.select_related("instrument", "document", "conference")
        .filter(pk=source_id)
        .first()
    )
    if source is None or not selectors.source_readable(request.user, source):
        raise Http404
    return source


@login_required
def checks(request: HttpRequest, source_id: int) -> HttpResponse:
    """The checks that fail for a text, per language and provision; a chair or the
    secretariat waives one with a reason, and withdraws a waiver."""
    source = _source(request, source_id)
    may_waive = permissions.may_waive(actor_for(request.user))
    if request.method == "POST":
        if not may_waive:
            raise PermissionDenied
        return _waive(request, source)
    return render(
        request,
        "translation/checks.html",
        {
            "source": source,
            "rows": selectors.check_rows(source),
            "waivers": selectors.waivers_of(source),
            "may_waive": may_waive,
        },
    )


def _waive(request: HttpRequest, source: SourceText) -> HttpResponse:
    check = request.POST.get("check", "")
    language = request.POST.get("language", "")
    eid = request.POST.get("eid", "")
    failing = {
        (row.failure.check, row.failure.language, row.failure.eid)
        for row in selectors.check_rows(source)
    }
    if (check, language, eid) not in failing:
        messages.error(request, _("This check does not fail any more: there is nothing to waive."))
    else:
        try:
            services.check_waive(
                source=source,
                user=request.user,
                check=check,
                language=language,
                eid=eid,
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Waived, with the reason on record."))
    return redirect("translation-checks", source_id=source.pk)


@login_required
@require_POST
def waiver_withdraw(request: HttpRequest, waiver_id: int) -> HttpResponse:
    waiver = CheckWaiver.objects.select_related("source__document").filter(pk=waiver_id).first()
    if waiver is None or not selectors.source_readable(request.user, waiver.source):
        raise Http404
    if not permissions.may_waive(actor_for(request.user)):
        raise PermissionDenied
    try:
        services.check_waiver_withdraw(waiver=waiver, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Waiver withdrawn: the check counts again."))
    return redirect("translation-checks", source_id=waiver.source_id)


# --- a final language version as a file -----------------------------------------------------


def expression_download(request: HttpRequest, source_id: int, language: str) -> HttpResponse:
    """A final language version as a text file, to whoever may read the text."""
    source = (
        SourceText.objects.select_related("instrument", "document").filter(pk=source_id).first()
    )
    if source is None or not selectors.source_readable(request.user, source):
        raise Http404
    expression = source.expressions.filter(
        language=language, status=Expression.Status.FINAL
    ).first()
    if expression is None:
        raise Http404
    target = source.instrument or source.document
    symbol = getattr(target, "symbol", "") or getattr(target, "number", "") or str(source.pk)
    name = "".join(c if c.isalnum() or c in "-_." else "-" for c in str(symbol)).strip("-")
    response = HttpResponse(
        selectors.expression_as_text(expression), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}-{language}.txt"'
    return response



# --- sending a document for translation ---------------------------------------------------


@login_required
@require_POST
def document_start(request: HttpRequest, document_id: int) -> HttpResponse:
    """The secretariat sends a document's text for translation: a language version per
    official language, pre-translated from the text in force and the memory."""
    document = access_document(request.user, document_id)
    if not permissions.may_assign(actor_for(request.user)):
        raise PermissionDenied
    try:
        source = services.source_text_for_document(document=document)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("document-detail", pk=document.pk)
    messages.success(
        request, _("Sent for translation: each language version is pre-translated.")
    )
    return redirect("translation-source", source_id=source.pk)
