"""Reading accounts. A user's role is worked out in `accounts.roles`."""

from __future__ import annotations

from plenipot.accounts.models import Follow, User


def user_follows(*, user: User, body=None, instrument=None) -> bool:
    """Whether a signed-in user follows this body or this instrument. One query."""
    if not user.is_authenticated or (body is None) == (instrument is None):
        return False
    target = {"body": body} if body is not None else {"instrument": instrument}
    return Follow.objects.filter(user=user, **target).exists()
