"""Reading uploads and the texts that can be exported."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.safestring import mark_safe

from plenipot.accounts.roles import actor_for
from plenipot.documents.access import access_document
from plenipot.documents.models import Document
from plenipot.engine.diff import diff_provision, ops_to_html
from plenipot.engine.instrument import ParseError, parse_instrument
from plenipot.negotiation.models import Instrument
from plenipot.submissions.models import Upload


def upload_list(*, user) -> QuerySet[Upload]:
    """The uploads of the user's delegation (the user's own, outside a delegation),
    newest first."""
    if not user.is_authenticated:
        return Upload.objects.none()
    actor = actor_for(user)
    mine = Q(uploaded_by=user)
    if actor.delegation_id is not None:
        mine |= Q(uploaded_by__person__delegation_id=actor.delegation_id)
    return Upload.objects.filter(mine).select_related("instrument", "document")


def upload_get(*, user, pk: int) -> Upload:
    """One of the delegation's uploads; anyone else's is absent (404)."""
    try:
        return upload_list(user=user).get(pk=pk)
    except Upload.DoesNotExist:
        raise Http404 from None


def instrument_exportable(*, user, pk: int) -> Instrument:
    """An instrument in force is a public text; a draft needs a signed-in user."""
    instrument = Instrument.objects.filter(pk=pk).first()
    if instrument is None:
        raise Http404
    if instrument.status != Instrument.Status.IN_FORCE and not user.is_authenticated:
        raise Http404
    return instrument


_DRAFT_LINE = re.compile(r"\{[^{}]+\}\s*$", re.MULTILINE)


def text_kind(text: str) -> str:
    """``draft`` for a bracketed draft (lines ending with ``{id}``), else ``instrument``."""
    return "draft" if len(_DRAFT_LINE.findall(text)) >= 3 else "instrument"


def document_exportable(*, user, pk: int) -> tuple[Document, str]:
    """A document the user may read, with the text to export: its own or its instrument's."""
    document = access_document(user, pk)
    text = document.text or (document.instrument.text if document.instrument_id else "")
    if not text.strip():
        raise Http404
    return document, text


def rows_with_changes(*, upload: Upload, rows: list[dict]) -> list[dict]:
    """Each proposal row with ``current`` (the provision's text in force) and
    ``change`` (HTML, escaped: the word diff a MOD makes, or the text an ADD adds)."""
    try:
        base = parse_instrument(upload.instrument.text)
    except ParseError:
        return rows
    out = []
    for row in rows:
        current = base.text_of(row.get("target", "")) or ""
        if row.get("mark") in ("MOD", "(MOD)") and current:
            change = ops_to_html(diff_provision(current, row.get("text", "")))
        elif row.get("mark") in ("ADD", "ADD*"):
            change = ops_to_html(diff_provision("", row.get("text", "")))
        elif row.get("mark") in ("SUP", "SUP*") and current:
            change = ops_to_html(diff_provision(current, ""))
        else:
            change = ops_to_html(diff_provision(current, current))
        out.append(row | {"current": current, "change": mark_safe(change)})  # noqa: S308 - escaped
    return out
