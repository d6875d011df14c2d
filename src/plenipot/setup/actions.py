"""Setting a conference up from a file: one entry point for every transport."""

from __future__ import annotations

from django.utils.translation import gettext as _

from plenipot.core.actor import Actor
from plenipot.core.errors import Forbidden, NotSignedIn
from plenipot.setup import services
from plenipot.setup.permissions import may_set_up_conference
from plenipot.setup.reading import Plan


def check_conference_setup(actor: Actor, *, plan: Plan, base_url: str) -> services.SetupOutcome:
    """Create or update the conference a checked set-up file describes."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    if not may_set_up_conference(actor):
        raise Forbidden(_("Only the secretariat sets a conference up."))
    return services.conference_set_up(plan=plan, base_url=base_url)
