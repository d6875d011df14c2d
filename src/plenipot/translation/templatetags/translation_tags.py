"""Template helpers of the six languages: a dictionary lookup, and the language
versions of a document for the document page."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from plenipot.accounts.roles import actor_for
from plenipot.translation import permissions, selectors

register = template.Library()


@register.filter
def dictget(mapping, key):
    """``mapping[key]``, or an empty string when it has no such key."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def eid_breaks(eid: str):
    """A provision id that may wrap after each underscore."""
    return mark_safe(escape(eid).replace("_", "_<wbr>"))  # escaped just above


@register.inclusion_tag("translation/_document_language_rows.html", takes_context=True)
def document_languages(context, document):
    """The six languages of `document`: its file or text, and its translation's state."""
    user = context.get("user")
    rows = selectors.document_languages(document)
    return {
        "document": document,
        "rows": rows,
        "source_id": next((r.expression.source_id for r in rows if r.expression), None),
        "may_translate": user is not None and permissions.may_translate(actor_for(user)),
        "signed_in": user is not None and user.is_authenticated,
        "may_start": user is not None and permissions.may_assign(actor_for(user)),
        "csrf_token": context.get("csrf_token"),
    }
