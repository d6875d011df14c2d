"""Who someone is at the conference: the one place roles are worked out.

Every "is this the secretariat?", "does this person chair that body?" asked anywhere in
the site is answered from the actor built here. The rules:

- an explicit role on the account wins;
- otherwise staff and superusers are the secretariat; a person who chairs an active body
  is a chair; a member of a delegation is a delegate; anyone else signed in observes;
- presiding over a body means being its chair or one of its vice-chairs;
- the Steering Committee of a conference is its body coded ``COM1`` (Committee 1, as
  every Plenipotentiary Conference numbers it).
"""

from __future__ import annotations

from django.db.models import Q

from plenipot.accounts.models import Role, User
from plenipot.conference.models import Body, Organisation
from plenipot.core.actor import ANONYMOUS, SYSTEM, Actor
from plenipot.engine import access as policy

ACTOR_CACHE = "_plenipot_actor"
READER_CACHE = "_plenipot_reader"
STEERING_COMMITTEE = "COM1"

__all__ = [
    "ACTOR_CACHE", "READER_CACHE", "STEERING_COMMITTEE", "SYSTEM",
    "actor_for", "actor_forget", "reader_for", "role_of",
]


def role_of(user: User | None) -> Role | None:
    """The role a user plays, or None for an anonymous visitor."""
    if user is None or not user.is_authenticated:
        return None
    if user.role:
        return Role(user.role)
    if user.is_staff or user.is_superuser:
        return Role.SECRETARIAT
    person = getattr(user, "person", None)
    if person is None:
        return Role.OBSERVER
    if person.chaired_bodies.filter(status=Body.Status.ACTIVE).exists():
        return Role.CHAIR
    if person.delegation_id is not None:
        return Role.DELEGATE
    return Role.OBSERVER


def reader_for(user) -> policy.Reader:
    """The access policy's view of a user (worked out with the actor, once per user
    object)."""
    if user is None or not user.is_authenticated:
        return policy.ANONYMOUS
    return actor_for(user).reader


def actor_for(user: User | None) -> Actor:
    """The actor for a user, worked out once per user object (once per request or
    connection; a socket that re-checks access calls ``actor_forget`` first).

    Three queries at most, whatever the user does: the person with the delegation, the
    regional groups of the delegation's state, and the bodies the person presides over.
    """
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, ACTOR_CACHE, None)
    if cached is not None:
        return cached
    role = role_of(user)
    person = getattr(user, "person", None)
    organisations: set[int] = set()
    chaired: set[int] = set()
    presided: set[int] = set()
    steers: set[int] = set()
    delegation_id = conference_id = None
    in_delegation = role == policy.DELEGATE
    if person is not None:
        delegation_id = person.delegation_id
        if delegation_id is not None:
            in_delegation = True
            delegation = person.delegation
            conference_id = delegation.conference_id
            organisations.add(delegation.organisation_id)
            organisations.update(
                Organisation.objects.filter(members=delegation.organisation_id).values_list(
                    "pk", flat=True
                )
            )
        rows = Body.objects.filter(Q(chair=person) | Q(vice_chairs=person)).values_list(
            "pk", "code", "conference_id", "chair_id"
        )
        for pk, code, conference, chair_id in rows.order_by().distinct():
            presided.add(pk)
            if chair_id == person.pk:
                chaired.add(pk)
            if code == STEERING_COMMITTEE:
                steers.add(conference)
    reader = policy.Reader(
        role=str(role) if role is not None else policy.OBSERVER,
        organisations=frozenset(organisations),
        chaired_bodies=frozenset(chaired),
        in_delegation=in_delegation,
    )
    actor = Actor(
        user=user,
        role=reader.role,
        person_id=getattr(person, "pk", None),
        delegation_id=delegation_id,
        delegation_conference_id=conference_id,
        presided=frozenset(presided),
        steers=frozenset(steers),
        reader=reader,
    )
    setattr(user, READER_CACHE, reader)
    setattr(user, ACTOR_CACHE, actor)
    return actor


def actor_forget(user: User | None) -> None:
    """Drop what was worked out for this user object, so that the next question reads
    the database again (roles, chairs and delegations change during a conference)."""
    for name in (ACTOR_CACHE, READER_CACHE):
        if user is not None and hasattr(user, name):
            delattr(user, name)


def actor_for_username(username: str) -> Actor | None:
    """The actor of an active account named on the command line (`--as USERNAME`), or
    None when there is none."""
    user = User.objects.filter(username=username, is_active=True).first()
    return actor_for(user) if user is not None else None
