"""Changing the conference: participants, delegations, people and bodies."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plenipot.conference.models import Body, Conference, Delegation, Organisation, Person


@transaction.atomic
def conference_create(
    *,
    name: str,
    short_name: str,
    city: str,
    country: str,
    start: datetime.date,
    end: datetime.date,
    languages: Iterable[str] = ("ar", "zh", "en", "fr", "ru", "es"),
    names: dict[str, str] | None = None,
    city_names: dict[str, str] | None = None,
    country_names: dict[str, str] | None = None,
) -> Conference:
    conference = Conference(
        name=name,
        short_name=short_name,
        city=city,
        country=country,
        names=names or None,
        city_names=city_names or None,
        country_names=country_names or None,
        start=start,
        end=end,
        languages=list(languages),
    )
    conference.full_clean()
    if conference.end < conference.start:
        raise ValidationError({"end": _("The conference cannot end before it starts.")})
    conference.save()
    return conference


@transaction.atomic
def organisation_create(
    *,
    kind: str,
    name: str,
    acronym: str = "",
    symbol: str = "",
    iso2: str = "",
    iso3: str = "",
    itu_region: str = "",
    members: Iterable[Organisation] = (),
) -> Organisation:
    organisation = Organisation(
        kind=kind,
        name=name,
        acronym=acronym,
        symbol=symbol,
        iso2=iso2.upper(),
        iso3=iso3.upper(),
        itu_region=itu_region,
    )
    organisation.full_clean()
    organisation.save()
    members = list(members)
    if members:
        organisation_set_members(organisation=organisation, members=members)
    return organisation


@transaction.atomic
def organisation_set_members(
    *, organisation: Organisation, members: Iterable[Organisation]
) -> Organisation:
    """Set the Member States of a regional organisation."""
    members = list(members)
    if organisation.kind != Organisation.Kind.REGIONAL:
        raise ValidationError(_("Only a regional organisation has members."))
    not_states = [m.name for m in members if m.kind != Organisation.Kind.MEMBER_STATE]
    if not_states:
        raise ValidationError(
            _("Only Member States can be members: %(names)s") % {"names": ", ".join(not_states)}
        )
    organisation.members.set(members)
    return organisation


@transaction.atomic
def delegation_create(
    *,
    conference: Conference,
    organisation: Organisation,
    credentials_status: str = Delegation.Credentials.PENDING,
) -> Delegation:
    delegation = Delegation(
        conference=conference, organisation=organisation, credentials_status=credentials_status
    )
    delegation.full_clean()
    delegation.save()
    return delegation


@transaction.atomic
def delegation_set_credentials(*, delegation: Delegation, status: str) -> Delegation:
    if status not in Delegation.Credentials.values:
        raise ValidationError(_("Unknown credentials status: %(status)s") % {"status": status})
    delegation.credentials_status = status
    delegation.save(update_fields=["credentials_status"])
    return delegation


@transaction.atomic
def person_create(
    *,
    given_name: str,
    family_name: str,
    delegation: Delegation | None = None,
    delegation_role: str = "",
    user=None,
) -> Person:
    if delegation is not None and not delegation_role:
        delegation_role = Person.DelegationRole.DELEGATE
    if delegation is None and delegation_role:
        raise ValidationError(_("A role in a delegation needs a delegation."))
    if (
        delegation is not None
        and delegation_role == Person.DelegationRole.HEAD
        and delegation.members.filter(delegation_role=Person.DelegationRole.HEAD).exists()
    ):
        raise ValidationError(_("This delegation already has a head."))
    person = Person(
        given_name=given_name,
        family_name=family_name,
        delegation=delegation,
        delegation_role=delegation_role,
        user=user,
    )
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def body_create(
    *,
    conference: Conference,
    code: str,
    name: str,
    kind: str,
    parent: Body | None = None,
    chair: Person | None = None,
    vice_chairs: Iterable[Person] = (),
    mandate: str = "",
    deadline: datetime.date | None = None,
    openness: str = Body.Openness.DELEGATIONS,
    status: str = Body.Status.ACTIVE,
    position: int | None = None,
    names: dict[str, str] | None = None,
) -> Body:
    """Create a body; every body but the Plenary is created by a parent body."""
    if parent is not None and parent.conference_id != conference.pk:
        raise ValidationError(_("The parent body belongs to another conference."))
    if kind == Body.Kind.PLENARY and parent is not None:
        raise ValidationError(_("The Plenary has no parent body."))
    if kind != Body.Kind.PLENARY and parent is None:
        raise ValidationError(_("Only the Plenary stands without a parent body."))
    people = [p for p in [chair, *vice_chairs] if p is not None]
    for person in people:
        if person.delegation_id and person.delegation.conference_id != conference.pk:
            raise ValidationError(
                _("%(person)s is in a delegation to another conference.") % {"person": person}
            )
    if position is None:
        position = Body.objects.filter(conference=conference).count()
    body = Body(
        conference=conference,
        parent=parent,
        code=code,
        name=name,
        names=names or None,
        kind=kind,
        chair=chair,
        mandate=mandate,
        deadline=deadline,
        openness=openness,
        status=status,
        position=position,
    )
    body.full_clean()
    body.save()
    vice_chairs = list(vice_chairs)
    if vice_chairs:
        body.vice_chairs.set(vice_chairs)
    return body


@transaction.atomic
def body_set_status(*, body: Body, status: str) -> Body:
    """Mark a body as reported or dissolved; its active children end with it."""
    if status not in Body.Status.values:
        raise ValidationError(_("Unknown status: %(status)s") % {"status": status})
    body.status = status
    body.save(update_fields=["status"])
    if status != Body.Status.ACTIVE:
        for child in body.children.filter(status=Body.Status.ACTIVE):
            body_set_status(body=child, status=Body.Status.DISSOLVED)
    return body
