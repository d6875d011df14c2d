"""Translator pages: the queue, the six-language overview of a text, the workspace, the
glossary and the waivers. Each write is one call of an action (`actions.py`); its
refusal is answered by `core.pages.page_refusal`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plenipot.accounts.roles import actor_for
from plenipot.conference.models import Conference, Language
from plenipot.conference.selectors import conference_current
from plenipot.core.errors import ActionError, NotFound, NotSignedIn, as_action_error
from plenipot.core.pages import page_refusal
from plenipot.translation import actions, permissions, selectors
from plenipot.translation.failures import failure_text, source_labels
from plenipot.translation.machine import LABEL as MACHINE_LABEL
from plenipot.translation.machine import configured_adapter
from plenipot.translation.models import Assignment, Expression, SourceText


def _expression(request: HttpRequest, expression_id: int) -> Expression:
    try:
        return actions.access_expression_for_actor(actor_for(request.user), expression_id)
    except NotFound as exc:
        raise Http404(exc.detail) from None


def _source(request: HttpRequest, source_id: int) -> SourceText:
    try:
        return actions.access_source_for_actor(actor_for(request.user), source_id)
    except NotFound as exc:
        raise Http404(exc.detail) from None


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
    if request.method == "POST":
        return _assign(request, source_id)
    source = _source(request, source_id)
    target = source.instrument or source.document
    failures = selectors.expressions_check(instrument_or_document=target)
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


def _assign(request: HttpRequest, source_id: int) -> HttpResponse:
    back = reverse("translation-source", args=[source_id])
    try:
        actions.check_assignment_create(
            actor_for(request.user),
            source_id=source_id,
            language=request.POST.get("language", ""),
            user_id=request.POST.get("user"),
            role=request.POST.get("role", ""),
            deadline=request.POST.get("deadline", ""),
        )
    except ActionError as exc:
        return page_refusal(request, exc, back)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Assigned."))
    return redirect(back)


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
    try:
        result = actions.check_segment_save(
            actor_for(request.user),
            expression_id=expression_id,
            eid=eid,
            text=request.POST.get("text", ""),
            revision=request.POST.get("revision"),
        )
    except (NotFound, NotSignedIn) as exc:
        return page_refusal(request, exc, request.path)
    except ActionError as exc:
        # The workspace's script shows `error`; a stale save also gets the current text.
        return JsonResponse({"error": exc.detail, **exc.extra}, status=exc.status)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    labels = source_labels(_expression(request, expression_id).source)
    return JsonResponse(
        {
            "revision": result.revision,
            "failures": [failure_text(failure, labels) for failure in result.failures],
        }
    )


@login_required
@require_POST
def advance(request: HttpRequest, expression_id: int) -> HttpResponse:
    back = reverse("translation-workspace", args=[expression_id])
    try:
        expression = actions.check_expression_advance(
            actor_for(request.user), expression_id=expression_id
        )
    except ActionError as exc:
        return page_refusal(request, exc, back)
    except ValidationError as exc:
        messages.error(
            request, _("Not moved on: %(reasons)s") % {"reasons": "; ".join(exc.messages)}
        )
    else:
        messages.success(
            request, _("Now: %(status)s.") % {"status": expression.get_status_display()}
        )
    return redirect(back)


@login_required
@require_POST
def pretranslate(request: HttpRequest, expression_id: int) -> HttpResponse:
    back = reverse("translation-workspace", args=[expression_id])
    try:
        counts = actions.check_expression_pretranslate(
            actor_for(request.user), expression_id=expression_id
        )
    except ActionError as exc:
        return page_refusal(request, exc, back)
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
    return redirect(back)


@login_required
@require_POST
def machine(request: HttpRequest, expression_id: int) -> HttpResponse:
    back = reverse("translation-workspace", args=[expression_id])
    try:
        count = actions.check_expression_machine_translate(
            actor_for(request.user), expression_id=expression_id
        )
    except ActionError as exc:
        return page_refusal(request, exc, back)
    messages.success(
        request,
        _("%(count)s provisions filled by %(label)s.") % {"count": count, "label": MACHINE_LABEL},
    )
    return redirect(back)


@login_required
def memory_import(request: HttpRequest) -> HttpResponse:
    back = reverse("translation-memory-import")
    actor = actor_for(request.user)
    if request.method == "POST":
        upload = request.FILES.get("file")
        name = upload.name if upload is not None else ""
        try:
            count = actions.check_memory_import(
                actor,
                conference=conference_current(),
                data=upload,
                kind="csv" if name.lower().endswith(".csv") else "tmx",
                reference=name,
            )
        except ActionError as exc:
            return page_refusal(request, exc, back)
        messages.success(request, _("%(count)s segments imported.") % {"count": count})
        return redirect(back)
    try:
        actions.authorize_memory_import(actor)
    except ActionError as exc:
        return page_refusal(request, exc, back)
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


def _glossary_url(conference) -> str:
    return f"{reverse('translation-glossary')}?{urlencode({'conference': conference.short_name})}"


def _to_glossary(conference) -> HttpResponse:
    return redirect(_glossary_url(conference))


def _glossary_forms(request: HttpRequest, conference) -> dict[str, str]:
    return {
        code: request.POST.get(f"form_{code}", "")
        for code in selectors.languages_of(conference)
    }


def glossary(request: HttpRequest) -> HttpResponse:
    """The conference's terms in six languages, searchable by anyone; the secretariat
    adds terms here and imports them from a CSV file."""
    conference = _glossary_conference(request)
    actor = actor_for(request.user)
    may_edit = permissions.may_edit_glossary(actor)
    form_values: dict[str, str] = {}
    note = ""
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        form_values, note = _glossary_forms(request, conference), request.POST.get("note", "")
        try:
            term = actions.check_glossary_term_save(
                actor, conference=conference, forms=form_values, note=note
            )
        except ActionError as exc:
            return page_refusal(request, exc, _glossary_url(conference))
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
            "term_languages": _language_columns(conference),
            "form_values": form_values,
            "note": note,
            "errors": errors,
        },
        status=status,
    )


def _language_columns(conference) -> list[tuple[str, str]]:
    names = dict(Language.choices)
    return [(code, names[code]) for code in selectors.languages_of(conference)]


@login_required
def glossary_term(request: HttpRequest, term_id: int) -> HttpResponse:
    """Change one term (the secretariat)."""
    actor = actor_for(request.user)
    try:
        term = actions.glossary_term_for_editing(actor, term_id=term_id)
    except ActionError as exc:
        return page_refusal(request, exc, reverse("translation-glossary"))
    conference = term.conference
    form_values = {
        code: "; ".join(term.forms.get(code) or [])
        for code in selectors.languages_of(conference)
    }
    note, errors, status = term.note, [], 200
    if request.method == "POST":
        form_values, note = _glossary_forms(request, conference), request.POST.get("note", "")
        try:
            term = actions.check_glossary_term_save(
                actor, conference=conference, forms=form_values, note=note, term_id=term.pk
            )
        except ActionError as exc:
            return page_refusal(request, exc, _glossary_url(conference))
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
            "term_languages": _language_columns(conference),
            "form_values": form_values,
            "note": note,
            "errors": errors,
        },
        status=status,
    )


@login_required
@require_POST
def glossary_term_delete(request: HttpRequest, term_id: int) -> HttpResponse:
    try:
        term = actions.check_glossary_term_delete(actor_for(request.user), term_id=term_id)
    except ActionError as exc:
        return page_refusal(request, exc, reverse("translation-glossary"))
    messages.success(request, _("Deleted: %(term)s.") % {"term": term})
    return _to_glossary(term.conference)


@login_required
@require_POST
def glossary_import(request: HttpRequest) -> HttpResponse:
    conference = _glossary_conference(request)
    try:
        result = actions.check_glossary_import(
            actor_for(request.user), conference=conference, data=request.FILES.get("file")
        )
    except ActionError as exc:
        return page_refusal(request, exc, _glossary_url(conference))
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
        selectors.glossary_csv(
            selectors.glossary_terms(conference), selectors.languages_of(conference)
        ),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="glossary-{conference.short_name}.csv"'
    return response


# --- checks and waivers -------------------------------------------------------------------


@login_required
def checks(request: HttpRequest, source_id: int) -> HttpResponse:
    """The checks that fail for a text, per language and provision; a chair or the
    secretariat waives one with a reason, and withdraws a waiver."""
    if request.method == "POST":
        return _waive(request, source_id)
    source = _source(request, source_id)
    may_waive = permissions.may_waive(actor_for(request.user))
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


def _waive(request: HttpRequest, source_id: int) -> HttpResponse:
    back = reverse("translation-checks", args=[source_id])
    try:
        actions.check_waiver_create(
            actor_for(request.user),
            source_id=source_id,
            check=request.POST.get("check", ""),
            language=request.POST.get("language", ""),
            eid=request.POST.get("eid", ""),
            reason=request.POST.get("reason", ""),
        )
    except ActionError as exc:
        return page_refusal(request, exc, back)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Waived, with the reason on record."))
    return redirect(back)


@login_required
@require_POST
def waiver_withdraw(request: HttpRequest, waiver_id: int) -> HttpResponse:
    try:
        waiver = actions.check_waiver_withdraw(actor_for(request.user), waiver_id=waiver_id)
    except (ActionError, ValidationError) as exc:
        source_id = selectors.waiver_source_id(waiver_id)
        back = reverse("translation-checks", args=[source_id]) if source_id else "/"
        return page_refusal(request, as_action_error(exc), back)
    messages.success(request, _("Waiver withdrawn: the check counts again."))
    return redirect("translation-checks", source_id=waiver.source_id)


# --- a final language version as a file -----------------------------------------------------


def expression_download(request: HttpRequest, source_id: int, language: str) -> HttpResponse:
    """A final language version as a text file, to whoever may read the text."""
    source = _source(request, source_id)
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
    back = reverse("document-detail", args=[document_id])
    try:
        source = actions.check_document_translation_start(
            actor_for(request.user), document_id=document_id
        )
    except ActionError as exc:
        return page_refusal(request, exc, back)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(
        request, _("Sent for translation: each language version is pre-translated.")
    )
    return redirect("translation-source", source_id=source.pk)
