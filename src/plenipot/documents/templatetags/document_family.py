"""The family of a document on its page: the document it revises, adds to or corrects,
and its own revisions, addenda and corrigenda, as far as the reader may see them."""

from django import template

from plenipot.accounts.models import Role
from plenipot.documents.models import Document
from plenipot.documents.selectors import document_is_readable, document_readable_list

register = template.Library()


def relation_of(child: Document, parent: Document) -> str:
    """What a child is to its parent: revision, addendum or corrigendum."""
    if child.corrigendum != parent.corrigendum:
        return "corrigendum"
    if child.addendum != parent.addendum:
        return "addendum"
    return "revision"


def _is_secretariat(user) -> bool:
    """As `user_role(user=user) == Role.SECRETARIAT`, without looking up the person:
    only the account's role, or staff without one, make the secretariat."""
    if user is None or not user.is_authenticated:
        return False
    if user.role:
        return user.role == Role.SECRETARIAT
    return bool(user.is_staff or user.is_superuser)


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
    may_register = bool(document.number) and _is_secretariat(user)
    return {
        "parent": parent,
        "parent_relation": relation_of(document, parent) if parent is not None else "",
        "children": children,
        "may_register": may_register,
    }
