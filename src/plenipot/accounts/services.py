"""Changing accounts."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plenipot.accounts.access import body_watchable
from plenipot.accounts.models import (
    AccessDecisions,
    ApiToken,
    AuditEntry,
    Follow,
    Role,
    User,
)
from plenipot.conference.models import Conference
from plenipot.engine import access as policy


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


# --- API tokens -------------------------------------------------------------------------

TOKEN_PREFIX = "plp_"
# How stale `last_used_at` may get before a request writes it again.
TOKEN_TOUCH_INTERVAL = datetime.timedelta(minutes=5)


def _token_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def token_create(*, user: User) -> str:
    """A new API token for the user. Only its hash is kept: the key is shown once."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=_token_hash(key), prefix=key[:8])
    return key


def token_user(*, key: str) -> User | None:
    """The active user a token belongs to, or None for an unknown or revoked token."""
    if not key or len(key) > 200 or not key.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_token_hash(key), revoked=False, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def token_revoke_all(*, user: User) -> int:
    return ApiToken.objects.filter(user=user, revoked=False).update(revoked=True)


# --- access decisions -------------------------------------------------------------------


@transaction.atomic
def access_decisions_set(
    *,
    actor: User | None,
    conference: Conference,
    public_kinds: Iterable[str],
    source_may_publish: bool,
) -> AccessDecisions:
    """Change what the public may read; the change, before and after, is audited."""
    kinds = sorted(set(public_kinds))
    unknown = [kind for kind in kinds if kind not in policy.KINDS]
    if unknown:
        raise ValidationError(_("Unknown document kinds: %(kinds)s") % {"kinds": ", ".join(unknown)})
    decisions, _created = AccessDecisions.objects.select_for_update().get_or_create(
        conference=conference
    )
    before = {
        "public_kinds": sorted(decisions.public_kinds or []),
        "source_may_publish": decisions.source_may_publish,
    }
    after = {"public_kinds": kinds, "source_may_publish": bool(source_may_publish)}
    decisions.public_kinds = kinds
    decisions.source_may_publish = bool(source_may_publish)
    decisions.save()
    AuditEntry.objects.create(
        user=actor if actor is not None and actor.is_authenticated else None,
        action=AuditEntry.Action.DECISIONS_CHANGED,
        conference=conference,
        detail={"before": before, "after": after},
    )
    return decisions


# --- following --------------------------------------------------------------------------


@transaction.atomic
def follow_set(*, user: User, body=None, instrument=None, following: bool) -> bool:
    """Follow or stop following a body or an instrument; returns whether it is followed.

    A body whose meetings and channels the user may not follow cannot be followed."""
    if (body is None) == (instrument is None):
        raise ValidationError(_("Follow a body or an instrument."))
    target = {"body": body} if body is not None else {"instrument": instrument}
    if not following:
        Follow.objects.filter(user=user, **target).delete()
        return False
    if body is not None and not body_watchable(user, body):
        raise ValidationError(_("This body is not open to you."))
    Follow.objects.get_or_create(user=user, **target)
    return True
