"""Changing a conference after its set-up, as the secretariat does on the site: the
conference itself, its bodies and their chairs, delegations and their credentials,
people and accounts. Each function writes in one transaction and refuses bad values
with a ``ValidationError`` keyed by the field, so that nothing is half-written.

What the set-up file can say, these functions can change; running the file again
changes it back to what the file says.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plenipot.accounts.models import Role, User
from plenipot.accounts.roles import actor_forget
from plenipot.accounts.services import user_create
from plenipot.conference import services as conference_services
from plenipot.conference.models import Body, Conference, Delegation, Organisation, Person
from plenipot.documents.models import Document, DocumentVersion, SubmissionDeadline


def _check(instance, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude))


# --- the conference ---------------------------------------------------------------------


@transaction.atomic
def conference_update(
    *,
    conference: Conference,
    name: str,
    short_name: str,
    city: str,
    country: str,
    start: datetime.date,
    end: datetime.date,
    languages: Iterable[str],
    time_zone: str,
    today: datetime.date | None,
    submission_deadline: datetime.datetime | None,
    names: dict[str, str] | None = None,
    city_names: dict[str, str] | None = None,
    country_names: dict[str, str] | None = None,
) -> Conference:
    """Change the conference's facts. A language its documents are written in cannot be
    dropped: their language versions would stand outside the conference's languages.
    The names in other languages: None keeps them, {} clears them."""
    languages = [code for code in dict.fromkeys(languages)]
    if not languages:
        raise ValidationError({"languages": _("Choose at least one official language.")})
    if end < start:
        raise ValidationError({"end": _("The conference cannot end before it starts.")})
    dropped = set(conference.language_codes) - set(languages)
    if dropped:
        in_use = sorted(
            set(
                DocumentVersion.objects.filter(
                    document__conference=conference, language__in=dropped
                ).values_list("language", flat=True)
            )
            | set(
                Document.objects.filter(
                    conference=conference, original_language__in=dropped
                ).values_list("original_language", flat=True)
            )
        )
        if in_use:
            raise ValidationError(
                {
                    "languages": _(
                        "Documents of the conference are written in %(codes)s: "
                        "these languages stay."
                    )
                    % {"codes": ", ".join(in_use)}
                }
            )
    if Conference.objects.filter(short_name=short_name).exclude(pk=conference.pk).exists():
        raise ValidationError(
            {"short_name": _("Another conference is called %(name)s.") % {"name": short_name}}
        )
    conference.name = name
    conference.short_name = short_name
    conference.city = city
    conference.country = country
    conference.start = start
    conference.end = end
    conference.languages = languages
    conference.time_zone = time_zone or None
    conference.today = today
    _set_names(conference, names=names, city_names=city_names, country_names=country_names)
    _check(conference)
    conference.save()
    row = SubmissionDeadline.objects.filter(conference=conference).first()
    if submission_deadline is None:
        if row is not None:
            row.delete()
    else:
        row = row or SubmissionDeadline(conference=conference)
        row.closes_at = submission_deadline
        row.save()
    return conference


def _set_names(instance, **names: dict[str, str] | None) -> None:
    """Set the names in other languages that are given; none stored as null, as the
    set-up file stores them."""
    for field, value in names.items():
        if value is not None:
            setattr(instance, field, value or None)


@transaction.atomic
def conference_set_names(
    *,
    conference: Conference,
    names: dict[str, str] | None,
    city_names: dict[str, str] | None,
    country_names: dict[str, str] | None,
) -> Conference:
    """Change the conference's name, city and country in its other languages; None keeps
    one as it is."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    _set_names(conference, names=names, city_names=city_names, country_names=country_names)
    conference.save(update_fields=["names", "city_names", "country_names"])
    return conference


# --- bodies -----------------------------------------------------------------------------


def _no_cycle(body: Body, parent: Body | None) -> None:
    seen = {body.pk}
    while parent is not None:
        if parent.pk in seen:
            raise ValidationError(
                {"parent": _("A body cannot be placed under itself or under one of its groups.")}
            )
        seen.add(parent.pk)
        parent = parent.parent


def _code_free(conference: Conference, code: str, body: Body | None = None) -> None:
    others = Body.objects.filter(conference=conference, code__iexact=code)
    if body is not None:
        others = others.exclude(pk=body.pk)
    if others.exists():
        raise ValidationError(
            {"code": _("There is already a body with the code %(code)s.") % {"code": code}}
        )


@transaction.atomic
def body_create(
    *,
    conference: Conference,
    code: str,
    name: str,
    kind: str,
    parent: Body | None,
    openness: str,
    mandate: str,
    deadline: datetime.date | None,
    names: dict[str, str] | None = None,
) -> Body:
    _code_free(conference, code)
    try:
        return conference_services.body_create(
            conference=conference,
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            openness=openness,
            mandate=mandate,
            deadline=deadline,
            names=names or None,
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise
        raise ValidationError({"parent": exc.messages}) from None


@transaction.atomic
def body_update(
    *,
    body: Body,
    code: str,
    name: str,
    kind: str,
    parent: Body | None,
    openness: str,
    mandate: str,
    deadline: datetime.date | None,
    names: dict[str, str] | None = None,
) -> Body:
    """Change a body; its names in other languages: None keeps them, {} clears them."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    if parent is not None and parent.conference_id != body.conference_id:
        raise ValidationError({"parent": _("The parent body belongs to another conference.")})
    if kind == Body.Kind.PLENARY and parent is not None:
        raise ValidationError({"parent": _("The Plenary has no parent body.")})
    if kind != Body.Kind.PLENARY and parent is None:
        raise ValidationError({"parent": _("Only the Plenary stands without a parent body.")})
    _no_cycle(body, parent)
    _code_free(body.conference, code, body)
    body.code = code
    body.name = name
    body.kind = kind
    body.parent = parent
    body.openness = openness
    body.mandate = mandate
    body.deadline = deadline
    _set_names(body, names=names)
    _check(body)
    body.save()
    return body


@transaction.atomic
def body_set_presiding(*, body: Body, chair: Person | None, vice_chairs: Iterable[Person]) -> Body:
    """Set a body's chair and vice-chairs: people of the conference's delegations."""
    vice_chairs = list(vice_chairs)
    for field, people in (("chair", [chair] if chair else []), ("vice_chairs", vice_chairs)):
        for person in people:
            if (
                person.delegation_id is None
                or person.delegation.conference_id != body.conference_id
            ):
                raise ValidationError(
                    {
                        field: _("%(person)s is not in a delegation to this conference.")
                        % {"person": person}
                    }
                )
    if chair is not None and chair.pk in {p.pk for p in vice_chairs}:
        raise ValidationError(
            {"vice_chairs": _("%(person)s is the chair, not a vice-chair.") % {"person": chair}}
        )
    body.chair = chair
    body.save(update_fields=["chair"])
    body.vice_chairs.set(vice_chairs)
    for person in [chair, *vice_chairs]:
        if person is not None and person.user_id:
            actor_forget(person.user)
    return body


@transaction.atomic
def body_set_status(*, body: Body, status: str) -> Body:
    if status not in Body.Status.values:
        raise ValidationError({"status": _("Unknown status: %(status)s") % {"status": status}})
    return conference_services.body_set_status(body=body, status=status)


# --- delegations and people -------------------------------------------------------------


@transaction.atomic
def delegation_add(*, conference: Conference, organisation: Organisation) -> Delegation:
    if organisation.kind not in (Organisation.Kind.MEMBER_STATE, Organisation.Kind.REGIONAL):
        raise ValidationError(
            {
                "organisation": _(
                    "A delegation is sent by a Member State or a regional organisation."
                )
            }
        )
    if Delegation.objects.filter(conference=conference, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("%(name)s already has a delegation here.") % {"name": organisation}}
        )
    return conference_services.delegation_create(conference=conference, organisation=organisation)


@transaction.atomic
def delegation_record_credentials(*, delegation: Delegation, status: str) -> Delegation:
    """The Credentials Committee's finding on a delegation's credentials."""
    if status not in Delegation.Credentials.values:
        raise ValidationError(
            {"credentials_status": _("Unknown credentials status: %(status)s") % {"status": status}}
        )
    return conference_services.delegation_set_credentials(delegation=delegation, status=status)


def _one_head(delegation: Delegation | None, role: str, person: Person | None = None) -> None:
    if delegation is None or role != Person.DelegationRole.HEAD:
        return
    heads = delegation.members.filter(delegation_role=Person.DelegationRole.HEAD)
    if person is not None:
        heads = heads.exclude(pk=person.pk)
    head = heads.first()
    if head is not None:
        raise ValidationError(
            {
                "delegation_role": _("The delegation of %(state)s already has a head: %(person)s.")
                % {"state": delegation.organisation, "person": head}
            }
        )


@transaction.atomic
def person_add(
    *, delegation: Delegation, given_name: str, family_name: str, delegation_role: str
) -> Person:
    """A member of a delegation without an account (an account can be made later)."""
    if delegation_role not in Person.DelegationRole.values:
        raise ValidationError({"delegation_role": _("Choose a role in the delegation.")})
    _one_head(delegation, delegation_role)
    person = Person(
        given_name=given_name,
        family_name=family_name,
        delegation=delegation,
        delegation_role=delegation_role,
    )
    _check(person)
    person.save()
    return person


# --- accounts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountValues:
    """What the secretariat says about an account; ``delegation`` None: none."""

    role: str
    delegation: Delegation | None
    delegation_role: str
    given_name: str
    family_name: str


def _person_values(person: Person, values: AccountValues) -> None:
    role = values.delegation_role if values.delegation is not None else ""
    if values.delegation is not None and not role:
        role = Person.DelegationRole.DELEGATE
    if values.delegation is None and values.delegation_role:
        raise ValidationError({"delegation": _("A role in a delegation needs a delegation.")})
    if values.role == Role.DELEGATE and values.delegation is None:
        raise ValidationError({"delegation": _("A delegate belongs to a delegation.")})
    _one_head(values.delegation, role, person if person.pk else None)
    person.delegation = values.delegation
    person.delegation_role = role
    person.given_name = values.given_name or person.given_name
    person.family_name = values.family_name or person.family_name


@transaction.atomic
def account_create(
    *, username: str, email: str, values: AccountValues, chairs: Body | None = None
) -> User:
    """A new account without a password (its holder sets one with a link), the person
    behind it, and the body it chairs, if any."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("There is already an account %(user)s.") % {"user": username}}
        )
    if values.role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    user = user_create(username=username, password=None, role=values.role, email=email)
    person = Person(user=user, given_name=values.given_name or username, family_name="")
    _person_values(person, values)
    _check(person, exclude=["family_name"])
    person.save()
    if chairs is not None:
        if person.delegation_id is None or chairs.conference_id != person.delegation.conference_id:
            raise ValidationError(
                {"body": _("A chair is a member of a delegation to the body's conference.")}
            )
        chairs.chair = person
        chairs.save(update_fields=["chair"])
    return user


@transaction.atomic
def account_update(*, user: User, email: str, values: AccountValues, active: bool) -> User:
    """Change an account's role, e-mail and delegation, or deactivate it (its holder can
    no longer sign in; what they did stays theirs)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if values.role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    user.role = values.role
    user.email = email
    user.is_active = active
    _check(user, exclude=["password"])
    user.save()
    person = Person.objects.select_for_update().filter(user=user).first() or Person(
        user=user, given_name=user.username, family_name=""
    )
    _person_values(person, values)
    _check(person, exclude=["family_name"])
    person.save()
    actor_forget(user)
    return user
