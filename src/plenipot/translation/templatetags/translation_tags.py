"""Template helpers of the six languages: a dictionary lookup, and the language
versions of a document for the document page."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from plenipot.accounts.roles import actor_for
from plenipot.translation import failures, permissions, selectors

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


@register.filter
def failure_text(failure, labels=None) -> str:
    """A failed cross-language check as a sentence in the reader's language, naming its
    provision by its label in `labels`: ``{{ failure|failure_text:labels }}``."""
    return failures.failure_text(failure, labels)


@register.filter
def failure_detail(failure, labels=None) -> str:
    """The same without the provision it begins with, for a table that shows it apart."""
    return failures.failure_detail(failure, labels)


@register.filter
def check_name(check: str) -> str:
    """A cross-language check ("numbers", "brackets") by its name in the reader's language."""
    return failures.check_name(check)


@register.filter
def language_name(code: str) -> str:
    """An official language by its name in the reader's language; empty for none."""
    return failures.language_name(code) if code else ""
