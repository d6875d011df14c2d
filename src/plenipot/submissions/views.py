"""Upload and review pages for a delegation, and the export downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from plenipot.accounts.roles import actor_for
from plenipot.conference import clock
from plenipot.conference.selectors import conference_current
from plenipot.core.errors import ActionError, Forbidden, Invalid, NotFound, NotSignedIn
from plenipot.core.pages import page_refusal
from plenipot.documents.selectors import submission_deadline
from plenipot.formats.common import DocumentHeader
from plenipot.formats.safety import FormatError
from plenipot.negotiation.models import Instrument
from plenipot.negotiation.selectors import instrument_list
from plenipot.submissions import selectors
from plenipot.submissions.actions import (
    check_upload_create,
    check_upload_submit,
    check_upload_update,
)
from plenipot.submissions.exports import (
    FORMATS,
    export_instruments,
    export_revision,
    export_text,
)
from plenipot.submissions.uploads import SizeCapHandler, upload_limits
from plenipot.tracker.selectors import final_acts


@csrf_exempt  # the handler must be set before the CSRF check reads the body
@login_required
@require_http_methods(["GET", "POST"])
def upload_list(request: HttpRequest) -> HttpResponse:
    limit = upload_limits().max_file_bytes
    cap = SizeCapHandler(request, cap=limit)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if request.method == "POST" and declared > limit + 64 * 1024:
        # Far over the cap: refused without reading the body, so nothing else is done.
        return _upload_page(request, [_too_large(upload_limits())])
    request.upload_handlers.insert(0, cap)
    return _upload_list(request, cap)


def _deadline(conference) -> dict:
    """When submissions close, and whether they have: shown on the submission pages."""
    deadline = submission_deadline(conference=conference)
    return {"deadline": deadline, "deadline_passed": clock.now(conference) > deadline}


def _upload_page(request: HttpRequest, errors: list[str]) -> HttpResponse:
    conference = conference_current()
    if conference is None:
        raise Http404
    instruments = instrument_list(conference=conference)
    return render(
        request,
        "submissions/upload_list.html",
        {
            "uploads": selectors.upload_list(user=request.user),
            "instruments": instruments,
            "errors": errors,
            **_deadline(conference),
        },
        status=400 if errors else 200,
    )


@csrf_protect
def _upload_list(request: HttpRequest, cap: SizeCapHandler) -> HttpResponse:
    conference = conference_current()
    if conference is None:
        raise Http404
    instruments = Instrument.objects.filter(conference=conference)
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        instrument = instruments.filter(pk=request.POST.get("instrument") or 0).first()
        limits = upload_limits()
        if cap.exceeded or (upload is not None and upload.size > limits.max_file_bytes):
            errors.append(_too_large(limits))
        elif upload is None:
            errors.append(_("Choose a Word file (.docx) to upload."))
        else:
            try:
                created = check_upload_create(
                    actor_for(request.user),
                    conference=conference,
                    instrument=instrument,
                    filename=upload.name,
                    data=upload.read(),
                    title=request.POST.get("title", ""),
                )
            except (Invalid, Forbidden) as exc:
                errors.append(exc.detail)
            else:
                return redirect("submission-review", pk=created.pk)
    return _upload_page(request, errors)


def _too_large(limits) -> str:
    return _("The file is larger than %(cap).0f MB, the most that is accepted.") % {
        "cap": limits.max_file_bytes / 1024 / 1024
    }


def _rows_from_post(request: HttpRequest, count: int) -> list[dict]:
    rows = []
    for i in range(count):
        if request.POST.get(f"remove-{i}"):
            continue
        symbol = request.POST.get(f"symbol-{i}", "").strip()
        if not symbol:
            continue
        rows.append(
            {
                "symbol": symbol,
                "mark": request.POST.get(f"mark-{i}", "").strip(),
                "target": request.POST.get(f"target-{i}", "").strip(),
                "text": " ".join(request.POST.get(f"text-{i}", "").split()),
                "reasons": " ".join(request.POST.get(f"reasons-{i}", "").split()),
                "kind": request.POST.get(f"kind-{i}", ""),
                "depth": request.POST.get(f"depth-{i}", "0") or "0",
                "eid": request.POST.get(f"eid-{i}", ""),
                "author": request.POST.get(f"author-{i}", ""),
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def upload_review(request: HttpRequest, pk: int) -> HttpResponse:
    upload = selectors.upload_get(user=request.user, pk=pk)
    errors: list[str] = []
    rows = upload.proposals
    if request.method == "POST":
        rows = _rows_from_post(request, int(request.POST.get("count", "0") or 0))
        try:
            check_upload_update(actor_for(request.user), upload_id=upload.pk, rows=rows)
        except (NotSignedIn, NotFound) as exc:
            return page_refusal(request, exc, reverse("submission-list"))
        except ActionError as exc:
            errors.append(exc.detail)
        else:
            messages.success(request, _("The proposals were saved."))
            return redirect("submission-review", pk=upload.pk)
    return render(
        request,
        "submissions/upload_review.html",
        {
            "upload": upload,
            "rows": selectors.rows_with_changes(upload=upload, rows=rows),
            "count": len(rows) + 1,  # one empty row to add a proposal
            "marks": ["ADD", "ADD*", "MOD", "(MOD)", "SUP", "SUP*", "NOC"],
            "errors": errors,
            "steps": selectors.upload_steps(upload),
            "may_change": selectors.upload_may_change(user=request.user, upload=upload),
            **_deadline(upload.conference),
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def upload_submit(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("submission-review", args=[pk])
    try:
        document = check_upload_submit(actor_for(request.user), upload_id=pk)
    except (NotSignedIn, NotFound) as exc:
        return page_refusal(request, exc, back)
    except ActionError as exc:
        messages.error(request, exc.detail)
        return redirect(back)
    deadline = submission_deadline(conference=document.conference)
    if document.submitted_at and document.submitted_at > deadline:
        messages.warning(
            request,
            _(
                "Submitted after the deadline: the secretariat has received it as late and "
                "will accept or return it."
            ),
        )
    else:
        messages.success(
            request,
            _("Submitted as %(document)s; the secretariat will register it.")
            % {"document": document.symbol},
        )
    return redirect(back)


def _download(text: str, fmt: str, header: DocumentHeader, name: str, date: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    return _file(lambda: export_text(text, selectors.text_kind(text), fmt, header, date), fmt, name)


def _file(make, fmt: str, name: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    content_type, extension = FORMATS[fmt]
    try:
        data = make()
    except FormatError:
        raise Http404 from None
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if fmt in ("html", "pdf") else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{slugify(name) or "text"}.{extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    if fmt == "html":
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def export_instrument(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    instrument = selectors.instrument_exportable(user=request.user, pk=pk)
    header = DocumentHeader(title=instrument.title, conference=str(instrument.conference))
    date = str(instrument.conference.end)
    return _download(instrument.text, fmt, header, instrument.number, date)


def export_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    document, text = selectors.document_exportable(user=request.user, pk=pk)
    sources = ", ".join(str(s) for s in document.sources.all())
    if not sources and document.source_body_id:
        sources = str(document.source_body)
    header = DocumentHeader(
        symbol=document.symbol_in(document.original_language),
        date=str(document.date),
        original_language=document.original_language,
        body=str(document.body) if document.body_id else "",
        source=sources,
        title=document.title,
        conference=str(document.conference),
        language=document.original_language,
    )
    marks = request.GET.get("marks", "")
    if marks in ("tracked", "itu") and document.instrument_id:
        return _file(
            lambda: export_revision(document.instrument.text, text, fmt, header, marks),
            fmt,
            f"{document.symbol}-{marks}",
        )
    return _download(text, fmt, header, str(document.symbol), str(document.date))


def export_final_acts(request: HttpRequest, fmt: str) -> HttpResponse:
    """The adopted instruments of the current conference in one file."""
    conference = conference_current()
    if conference is None:
        raise Http404
    acts = final_acts(conference=conference)
    texts = [path.current_text for path in acts.instruments if path.current_text.strip()]
    if not texts:
        raise Http404
    header = DocumentHeader(
        title=_("Final Acts of the %(conference)s") % {"conference": conference},
        conference=str(conference),
    )
    return _file(lambda: export_instruments(texts, fmt, header), fmt, f"final-acts-{conference}")
