"""Reading the conference: participants, delegations and the tree of bodies."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from plenipot.conference.models import Body, Conference, Delegation, Organisation, Person


def conference_current() -> Conference | None:
    """The conference the site shows by default: the latest one."""
    return Conference.objects.order_by("-start", "-pk").first()


def conference_get(*, short_name: str) -> Conference:
    return Conference.objects.get(short_name=short_name)


def organisation_list(
    *, kind: str | None = None, itu_region: str | None = None, search: str | None = None
) -> QuerySet[Organisation]:
    organisations = Organisation.objects.all()
    if kind:
        organisations = organisations.filter(kind=kind)
    if itu_region:
        organisations = organisations.filter(itu_region=itu_region)
    if search:
        organisations = organisations.filter(name__icontains=search) | organisations.filter(
            symbol__iexact=search
        )
    return organisations.order_by("name")


def delegation_list(
    *, conference: Conference, credentials_status: str | None = None
) -> QuerySet[Delegation]:
    """Delegations with their organisation and their size (`member_count`)."""
    delegations = (
        Delegation.objects.filter(conference=conference)
        .select_related("organisation")
        .annotate(member_count=Count("members"))
    )
    if credentials_status:
        delegations = delegations.filter(credentials_status=credentials_status)
    return delegations.order_by("organisation__name")


def delegation_members(*, delegation: Delegation) -> QuerySet[Person]:
    """Head first, then delegates, then advisers."""
    order = {"head": 0, "delegate": 1, "adviser": 2}
    members = list(delegation.members.select_related("user"))
    members.sort(key=lambda p: (order.get(p.delegation_role, 3), p.family_name, p.given_name))
    return members


def delegation_head(*, delegation: Delegation) -> Person | None:
    return delegation.members.filter(delegation_role=Person.DelegationRole.HEAD).first()


def body_list(*, conference: Conference) -> QuerySet[Body]:
    """Bodies with chair, chair's delegation, parent and vice-chairs loaded up front."""
    return (
        Body.objects.filter(conference=conference)
        .select_related("parent", "chair__delegation__organisation")
        .prefetch_related(
            Prefetch(
                "vice_chairs",
                queryset=Person.objects.select_related("delegation__organisation"),
            )
        )
        .order_by("position", "code")
    )


@dataclass
class BodyNode:
    """A body with its children, for drawing the tree."""

    body: Body
    depth: int
    children: list[BodyNode] = field(default_factory=list)

    def walk(self):
        """This node and all below it, parents before children."""
        yield self
        for child in self.children:
            yield from child.walk()


def body_tree(*, conference: Conference) -> list[BodyNode]:
    """The bodies of a conference as a forest of nodes (usually one root: the Plenary).

    Two queries whatever the size of the tree: the bodies (with chairs) and the
    vice-chairs. Siblings keep the order of `position`, then `code`.
    """
    bodies = list(body_list(conference=conference))
    nodes: dict[int, BodyNode] = {body.pk: BodyNode(body=body, depth=0) for body in bodies}
    roots: list[BodyNode] = []
    for body in bodies:
        node = nodes[body.pk]
        parent = nodes.get(body.parent_id) if body.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)

    def set_depth(node: BodyNode, depth: int) -> None:
        node.depth = depth
        for child in node.children:
            set_depth(child, depth + 1)

    for root in roots:
        set_depth(root, 0)
    return roots


def body_get(*, conference: Conference, code: str) -> Body:
    return body_list(conference=conference).get(code=code)


def body_ancestors(*, body: Body) -> list[Body]:
    """From the root down to the body's parent."""
    chain: list[Body] = []
    seen = {body.pk}
    parent = body.parent
    while parent is not None and parent.pk not in seen:
        chain.append(parent)
        seen.add(parent.pk)
        parent = parent.parent
    chain.reverse()
    return chain
