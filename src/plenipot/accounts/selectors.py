"""Reading accounts: how a user's role is derived."""

from __future__ import annotations

from plenipot.accounts.models import Role, User


def user_role(*, user: User) -> Role | None:
    """The role a user plays, or None for an anonymous visitor.

    An explicit role on the account wins; otherwise staff are secretariat, a person who
    chairs an active body is a chair, a member of a delegation is a delegate, and any
    other signed-in user is an observer.
    """
    if not user.is_authenticated:
        return None
    if user.role:
        return Role(user.role)
    if user.is_staff or user.is_superuser:
        return Role.SECRETARIAT
    person = getattr(user, "person", None)
    if person is None:
        return Role.OBSERVER
    if person.chaired_bodies.filter(status="active").exists():
        return Role.CHAIR
    if person.delegation_id is not None:
        return Role.DELEGATE
    return Role.OBSERVER


def user_follows(*, user: User, body=None, instrument=None) -> bool:
    """Whether a signed-in user follows this body or this instrument. One query."""
    from plenipot.accounts.models import Follow

    if not user.is_authenticated or (body is None) == (instrument is None):
        return False
    target = {"body": body} if body is not None else {"instrument": instrument}
    return Follow.objects.filter(user=user, **target).exists()
