"""The family of a document on its page: the document it revises, adds to or corrects,
and its own revisions, addenda and corrigenda, as far as the reader may see them."""

from django import template

from plenipot.accounts.roles import actor_for
from plenipot.documents.models import Document
from plenipot.documents.permissions import may_register_child
from plenipot.documents.selectors import document_is_readable, document_readable_list

register = template.Library()


def relation_of(child: Document, parent: Document) -> str:
    """What a child is to its parent: revision, addendum or corrigendum."""
    if child.corrigendum != parent.corrigendum:
        return "corrigendum"
    if child.addendum != parent.addendum:
        return "addendum"
    return "revision"


@register.simple_tag(takes_context=True)
def document_family(context, document: Document) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    parent = document.parent if document.parent_id else None
    if parent is not None and not document_is_readable(user=user, document=parent):
        parent = None
    children = list(
        document_readable_list(
            user=user, documents=Document.objects.filter(parent=document)
        ).order_by("revision", "addendum", "corrigendum", "pk")
    )
    for child in children:
        child.relation = relation_of(child, document)
    may_register = bool(document.number) and may_register_child(actor_for(user))
    return {
        "parent": parent,
        "parent_relation": relation_of(document, parent) if parent is not None else "",
        "children": children,
        "may_register": may_register,
    }
