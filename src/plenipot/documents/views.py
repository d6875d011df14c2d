"""The secretariat's action on a document's page: register a revision, an addendum or a
corrigendum of it, numbered after its siblings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plenipot.accounts.roles import actor_for
from plenipot.core.errors import ActionError, as_action_error
from plenipot.core.pages import page_refusal
from plenipot.documents.actions import check_document_child_register
from plenipot.documents.models import Document


@login_required
@require_POST
def register_child(request: HttpRequest, pk: int) -> HttpResponse:
    parent = Document.objects.filter(pk=pk).first()
    try:
        child = check_document_child_register(
            actor_for(request.user),
            parent=parent,
            relation=request.POST.get("relation", ""),
            title=request.POST.get("title", ""),
            date=request.POST.get("date", ""),
        )
    except ValidationError as exc:
        exc = as_action_error(exc)
        return page_refusal(request, exc, reverse("document-detail", args=[pk]))
    except ActionError as exc:
        return page_refusal(request, exc, reverse("document-detail", args=[pk]))
    messages.success(request, _("Registered as %(symbol)s.") % {"symbol": child.symbol})
    return redirect("document-detail", pk=child.pk)
