"""Translator pages: the queue, the six-language overview of a text, the workspace."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plenipot.translation import memory_files, selectors, services
from plenipot.translation.machine import LABEL as MACHINE_LABEL
from plenipot.translation.machine import MachineTranslationError, configured_adapter
from plenipot.translation.memory_files import MemoryFileError
from plenipot.translation.models import Assignment, Expression, SourceText


def _readable(user, source: SourceText) -> bool:
    """Documents ask the access policy; translators see what they translate."""
    if source.document_id is None:
        return True
    try:
        from plenipot.accounts.access import document_readable
    except ImportError:  # the access policy is not installed in this tree
        return services.may_translate(user)
    return services.may_translate(user) or document_readable(user, source.document)


def _expression(request: HttpRequest, expression_id: int) -> Expression:
    try:
        expression = selectors.expression_get(expression_id)
    except Expression.DoesNotExist:
        raise Http404 from None
    if not _readable(request.user, expression.source):
        raise Http404
    return expression


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    expressions = [
        e for e in selectors.expression_queue(request.user) if _readable(request.user, e.source)
    ]
    return render(
        request,
        "translation/queue.html",
        {"expressions": expressions, "may_translate": services.may_translate(request.user)},
    )


@login_required
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(
        SourceText.objects.select_related("instrument", "document"), pk=source_id
    )
    if not _readable(request.user, source):
        raise Http404
    if request.method == "POST":
        return _assign(request, source)
    target = source.instrument or source.document
    failures = services.expressions_check(instrument_or_document=target)
    may_assign = request.user.is_staff or getattr(request.user, "role", "") == "secretariat"
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
    from django.contrib.auth import get_user_model
    from django.utils.dateparse import parse_datetime

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
            and services.may_translate(request.user),
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
    if not services.may_translate(request.user):
        raise PermissionDenied
    from plenipot.conference.selectors import conference_current

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
