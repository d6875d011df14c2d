"""What the set-up pages read: the accounts, the people who may preside, the
participants who have no delegation yet."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from plenipot.accounts.models import User
from plenipot.conference.models import Conference, Delegation, Organisation, Person


def account_list(*, conference: Conference) -> QuerySet[User]:
    """Every account, with the person behind it and their delegation: those of this
    conference's delegations and those of none (the secretariat, translators …)."""
    return (
        User.objects.select_related("person__delegation__organisation")
        .filter(
            Q(person__delegation__conference=conference)
            | Q(person__delegation__isnull=True)
            | Q(person__isnull=True)
        )
        .order_by("username")
    )


def delegation_people(*, conference: Conference) -> QuerySet[Person]:
    """The people of the conference's delegations, who may chair its bodies."""
    return (
        Person.objects.filter(delegation__conference=conference)
        .select_related("delegation__organisation")
        .order_by("delegation__organisation__name", "family_name", "given_name")
    )


def delegation_choices(*, conference: Conference) -> list[tuple[str, str]]:
    return [
        (d.organisation.iso3 or d.organisation.symbol, str(d.organisation))
        for d in Delegation.objects.filter(conference=conference).select_related("organisation")
    ]


def organisations_without_delegation(*, conference: Conference) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(
            kind__in=(Organisation.Kind.MEMBER_STATE, Organisation.Kind.REGIONAL)
        )
        .exclude(delegations__conference=conference)
        .order_by("name")
    )
