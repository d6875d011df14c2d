"""What a reader follows, one entry point for the page, the API and the command line."""

from __future__ import annotations

from django.utils.translation import gettext as _

from plenipot.accounts.access import body_watchable
from plenipot.accounts.models import Follow
from plenipot.accounts.services import follow_set
from plenipot.conference.models import Body, Conference
from plenipot.core.actor import Actor
from plenipot.core.errors import Invalid, NotFound, NotSignedIn
from plenipot.negotiation.models import Instrument

FOLLOWABLE = ("body", "instrument")


def check_follow_set(
    actor: Actor, *, conference: Conference | None, what: str, key: str, following: bool
) -> bool:
    """Follow, or stop following, a body or an instrument; returns whether it is followed.

    A body the actor may not follow is answered like one that does not exist, except to
    someone who still follows it from before and asks to stop: the digest must be easy
    to leave."""
    if not actor.signed_in or actor.user is None:
        raise NotSignedIn(_("Sign in first."))
    if what not in FOLLOWABLE:
        raise Invalid(_("Follow a body or an instrument."))
    if conference is None:
        raise NotFound(_("There is no such conference."))
    user = actor.user
    if what == "body":
        body = Body.objects.filter(conference=conference, code=key).first()
        visible = body is not None and (
            body_watchable(user, body)
            or (not following and Follow.objects.filter(user=user, body=body).exists())
        )
        if not visible:
            raise NotFound(_("There is no such body."))
        return follow_set(user=user, following=following, body=body)
    instrument = Instrument.objects.filter(conference=conference, number=key).first()
    if instrument is None:
        raise NotFound(_("There is no such instrument."))
    return follow_set(user=user, following=following, instrument=instrument)
