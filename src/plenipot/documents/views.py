"""The secretariat's action on a document's page: register a revision, an addendum or a
corrigendum of it, numbered after its siblings."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plenipot.accounts.models import Role
from plenipot.accounts.selectors import user_role
from plenipot.documents.models import Document
from plenipot.documents.selectors import document_is_readable
from plenipot.documents.services import document_create_child


@login_required
@require_POST
def register_child(request: HttpRequest, pk: int) -> HttpResponse:
    parent = Document.objects.filter(pk=pk).first()
    if parent is None or not document_is_readable(user=request.user, document=parent):
        raise Http404("document")
    if user_role(user=request.user) != Role.SECRETARIAT:
        raise PermissionDenied(_("The secretariat registers revisions, addenda and corrigenda."))
    date = None
    if request.POST.get("date"):
        try:
            date = datetime.date.fromisoformat(request.POST["date"])
        except ValueError:
            messages.error(request, _("The date is not a date (YYYY-MM-DD)."))
            return redirect("document-detail", pk=parent.pk)
    try:
        child = document_create_child(
            parent=parent,
            relation=request.POST.get("relation", ""),
            title=request.POST.get("title", "").strip()[:500],
            date=date,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("document-detail", pk=parent.pk)
    messages.success(request, _("Registered as %(symbol)s.") % {"symbol": child.symbol})
    return redirect("document-detail", pk=child.pk)
