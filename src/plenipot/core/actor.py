"""Who is acting: built once per request, WebSocket connection or command-line run.

The actor carries the facts every permission needs (role, delegation, the bodies the
person presides over) so that a predicate in an app's ``permissions.py`` decides without
a query of its own. ``accounts.roles.actor_for`` builds one from a user; ``SYSTEM`` acts
for the demo loader and the administrative commands, which run as whoever runs the site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plenipot.engine import access as policy


@dataclass(frozen=True)
class Actor:
    """Someone (or the site itself) doing something.

    ``presided`` holds the bodies the person chairs or vice-chairs, whatever their
    status; ``steers`` the conferences whose Steering Committee they preside over.
    """

    user: Any = None
    role: str | None = None
    person_id: int | None = None
    delegation_id: int | None = None
    delegation_conference_id: int | None = None
    presided: frozenset[int] = frozenset()
    steers: frozenset[int] = frozenset()
    reader: policy.Reader = policy.ANONYMOUS
    system: bool = False
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def signed_in(self) -> bool:
        return self.system or self.role is not None

    @property
    def user_id(self) -> int | None:
        return getattr(self.user, "pk", None)

    @property
    def is_secretariat(self) -> bool:
        return self.system or self.role == policy.SECRETARIAT

    @property
    def is_translator(self) -> bool:
        """Translators and the secretariat work on the language versions."""
        return self.system or self.role in (policy.TRANSLATOR, policy.SECRETARIAT)

    def presides(self, body_id: int | None) -> bool:
        """The chair or a vice-chair of that body."""
        return body_id is not None and body_id in self.presided

    def in_delegation_of(self, conference_id: int) -> bool:
        return self.delegation_id is not None and self.delegation_conference_id == conference_id


ANONYMOUS = Actor()
SYSTEM = Actor(role=policy.SECRETARIAT, system=True, reader=policy.Reader(role=policy.SECRETARIAT))
