"""The access policy for bodies, meetings and their live channels.

`plenipot.engine.access` decides; this module asks it about a user and turns the same
rules into one filter for lists. Documents are in `documents.access`.

- `body_watchable(user, body)`: may this user follow the body's meetings and channels?
- `bodies_watchable(user, queryset)`: the part of a queryset of bodies they may follow.
- `meeting_watchable(user, meeting)`, `meetings_watchable(user, queryset)`: the same by
  the meeting's own openness.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from plenipot.accounts.roles import reader_for
from plenipot.conference.models import Body
from plenipot.engine import access as policy

# --- bodies and live channels -----------------------------------------------------------


def body_watchable(user, body: Body) -> bool:
    return policy.may_watch_body(reader_for(user), body_id=body.pk, openness=body.openness)


def bodies_watchable(user, queryset: QuerySet[Body]) -> QuerySet[Body]:
    """The bodies of `queryset` whose meetings and live channels this user may follow."""
    reader = reader_for(user)
    if reader.role in policy.STAFF_ROLES:
        return queryset
    openness = [
        value for value in policy.OPENNESSES
        if policy.reader_in_audience(reader, policy.body_audience(value))
    ]
    return queryset.filter(Q(openness__in=openness) | Q(pk__in=sorted(reader.chaired_bodies)))


def meetings_watchable(user, queryset):
    """The meetings of `queryset` this user may see in calendars and follow live: by the
    meeting's own openness, or because the user chairs its body."""
    reader = reader_for(user)
    if reader.role in policy.STAFF_ROLES:
        return queryset
    openness = [
        value for value in policy.OPENNESSES
        if policy.reader_in_audience(reader, policy.body_audience(value))
    ]
    return queryset.filter(
        Q(openness__in=openness) | Q(body_id__in=sorted(reader.chaired_bodies))
    )


def meeting_watchable(user, meeting) -> bool:
    return policy.may_watch_body(
        reader_for(user), body_id=meeting.body_id, openness=meeting.openness
    )
