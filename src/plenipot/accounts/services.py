"""Changing accounts."""

from __future__ import annotations

from django.db import transaction

from plenipot.accounts.models import Role, User


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: Role | str = "",
    display_name: str = "",
    email: str = "",
    is_staff: bool = False,
) -> User:
    """Create a login; without a password the account cannot sign in until one is set."""
    user = User(
        username=username,
        role=str(role),
        display_name=display_name,
        email=email,
        is_staff=is_staff,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user
