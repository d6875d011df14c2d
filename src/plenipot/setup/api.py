"""The set-up pages' changes through the API: the conference's names in its other
languages, bodies and their chairs, delegations and their credentials, and accounts. Secretariat only: anyone else is told no (403), an
anonymous caller is asked to sign in (401). A bad value is refused (400) with the field
named in `detail` and in `field`, and nothing is written."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema

from plenipot.accounts.roles import actor_for
from plenipot.conference import selectors as conference_selectors
from plenipot.conference.models import Body, Conference, Delegation
from plenipot.core.api_errors import ErrorOut
from plenipot.core.errors import NotFound
from plenipot.setup import actions, selectors

router = Router(tags=["set-up"])

CODE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"
ShortName = Annotated[str, Path(pattern=CODE, description='For example "RPM-27".')]
Code = Annotated[str, Path(pattern=CODE, description='For example "COM5".')]
Key = Annotated[
    str, Path(pattern=r"^[A-Za-z0-9]{1,10}$", description='ISO alpha-3 or symbol: "SEN", "AFCP".')
]
Username = Annotated[str, Path(pattern=r"^[\w.@+-]{1,150}$")]
REFUSALS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
OTHER_NAMES = (
    'By language code, for the conference\'s languages other than English: {"fr": "…"}. '
    "An empty text: none in that language (the given name is shown)."
)


def _names_field(what: str):
    return Field(None, description=f"{what} {OTHER_NAMES} Left out: unchanged; {{}}: none.")


class ConferenceNamesIn(Schema):
    names: dict[str, str] | None = _names_field("The conference's name.")
    city_names: dict[str, str] | None = _names_field("Its city.")
    country_names: dict[str, str] | None = _names_field("Its country.")


class ConferenceNamesOut(Schema):
    name: str
    names: dict[str, str]
    city: str
    city_names: dict[str, str]
    country: str
    country_names: dict[str, str]


class BodyIn(Schema):
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    kind: Body.Kind
    parent: str | None = Field(None, description="The code of the parent body.")
    openness: Body.Openness = Body.Openness.DELEGATIONS
    mandate: str = Field("", max_length=10000)
    deadline: datetime.date | None = None
    names: dict[str, str] | None = _names_field("The name.")


class ChairsIn(Schema):
    chair: str | None = Field(None, description="User name of the chair; null: none.")
    vice_chairs: list[str] = Field(default_factory=list, description="User names.")


class StatusIn(Schema):
    status: Body.Status


class SetBodyOut(Schema):
    code: str
    name: str
    names: dict[str, str]
    kind: str
    parent: str | None
    chair: str | None
    vice_chairs: list[str]
    openness: str
    mandate: str
    deadline: datetime.date | None
    status: str


class DelegationIn(Schema):
    organisation: str = Field(
        max_length=10, description="A Member State's ISO alpha-3 code or a regional symbol."
    )


class CredentialsIn(Schema):
    status: Delegation.Credentials


class SetDelegationOut(Schema):
    key: str
    name: str
    credentials_status: str


class AccountIn(Schema):
    username: str = Field(max_length=150)
    email: str = Field("", max_length=254)
    role: str = Field(description="secretariat, chair, delegate, translator or observer")
    delegation: str = Field("", max_length=10, description="ISO alpha-3 code or symbol.")
    delegation_role: str = Field("", description="head, delegate (the default) or adviser")
    given_name: str = Field("", max_length=100)
    family_name: str = Field("", max_length=100)
    body: str = Field("", max_length=40, description="The code of a body it chairs.")


class AccountChangeIn(Schema):
    email: str = Field("", max_length=254)
    role: str
    delegation: str = Field("", max_length=10)
    delegation_role: str = ""
    active: bool = True


class AccountOut(Schema):
    username: str
    email: str
    role: str
    active: bool
    delegation: str | None
    delegation_role: str


class NewAccountOut(Schema):
    username: str
    role: str
    link: str = Field(description="Where the holder sets the password; given only now.")


def _conference(request: HttpRequest, short_name: str) -> tuple:
    actor = actor_for(request.auth)
    actions.check_setup_open(actor)
    try:
        return actor, conference_selectors.conference_get(short_name=short_name)
    except Conference.DoesNotExist:
        raise NotFound(str(short_name)) from None


def _username(person) -> str | None:
    return person.user.username if person is not None and person.user_id else None


def _body_out(body: Body) -> dict:
    return {
        "code": body.code,
        "name": body.name,
        "names": body.names or {},
        "kind": body.kind,
        "parent": body.parent.code if body.parent_id else None,
        "chair": _username(body.chair) if body.chair_id else None,
        "vice_chairs": [n for n in (_username(p) for p in body.vice_chairs.all()) if n],
        "openness": body.openness,
        "mandate": body.mandate,
        "deadline": body.deadline,
        "status": body.status,
    }


def _account_out(user) -> dict:
    person = getattr(user, "person", None)
    delegation = person.delegation if person is not None and person.delegation_id else None
    return {
        "username": user.username,
        "email": user.email,
        "role": user.role,
        "active": user.is_active,
        "delegation": actions.delegation_key(delegation) if delegation else None,
        "delegation_role": person.delegation_role if person is not None else "",
    }


def _conference_names_out(conference: Conference) -> dict:
    return {
        "name": conference.name,
        "names": conference.names or {},
        "city": conference.city,
        "city_names": conference.city_names or {},
        "country": conference.country,
        "country_names": conference.country_names or {},
    }


@router.get(
    "/conferences/{short_name}/setup/names",
    response={200: ConferenceNamesOut, **REFUSALS},
    summary="The conference's name, city and country in every language",
)
def conference_names(request: HttpRequest, short_name: ShortName):
    """Secretariat only. The given (English) names and those in the other languages."""
    _actor, conference = _conference(request, short_name)
    return 200, _conference_names_out(conference)


@router.put(
    "/conferences/{short_name}/setup/names",
    response={200: ConferenceNamesOut, **REFUSALS},
    summary="Change the conference's name, city and country in its other languages",
)
def conference_names_change(
    request: HttpRequest, short_name: ShortName, payload: ConferenceNamesIn
):
    """Secretariat only. A language that is not one of the conference's other languages,
    a control character or a text longer than the given name may be is refused (400, the
    field named), and nothing is written."""
    actor, conference = _conference(request, short_name)
    conference = actions.check_conference_names(actor, conference=conference, **payload.dict())
    return 200, _conference_names_out(conference)


@router.get(
    "/conferences/{short_name}/setup/bodies/{code}",
    response={200: SetBodyOut, **REFUSALS},
    summary="A body as the set-up pages show it",
)
def body_read(request: HttpRequest, short_name: ShortName, code: Code):
    """Secretariat only. Its names in other languages with the rest."""
    _actor, conference = _conference(request, short_name)
    return 200, _body_out(actions.body_get(conference, code))


@router.post(
    "/conferences/{short_name}/setup/bodies",
    response={201: SetBodyOut, **REFUSALS},
    summary="Create a body",
)
def body_create(request: HttpRequest, short_name: ShortName, payload: BodyIn):
    """Secretariat only. Every body but the Plenary has a parent."""
    actor, conference = _conference(request, short_name)
    body = actions.check_body_create(actor, conference=conference, **payload.dict())
    return 201, _body_out(body)


@router.put(
    "/conferences/{short_name}/setup/bodies/{code}",
    response={200: SetBodyOut, **REFUSALS},
    summary="Change a body",
)
def body_change(request: HttpRequest, short_name: ShortName, code: Code, payload: BodyIn):
    """Secretariat only. Its code, name, kind, parent, openness, mandate and deadline, and
    its name in the conference's other languages (left out: unchanged)."""
    actor, conference = _conference(request, short_name)
    body = actions.check_body_change(actor, conference=conference, body_code=code, **payload.dict())
    return 200, _body_out(body)


@router.put(
    "/conferences/{short_name}/setup/bodies/{code}/chairs",
    response={200: SetBodyOut, **REFUSALS},
    summary="Set a body's chair and vice-chairs",
)
def body_chairs(request: HttpRequest, short_name: ShortName, code: Code, payload: ChairsIn):
    """Secretariat only. People of the conference's delegations, by their user names."""
    actor, conference = _conference(request, short_name)
    body = actions.check_body_presiding(
        actor,
        conference=conference,
        body_code=code,
        chair=payload.chair,
        vice_chairs=payload.vice_chairs,
    )
    return 200, _body_out(body)


@router.put(
    "/conferences/{short_name}/setup/bodies/{code}/status",
    response={200: SetBodyOut, **REFUSALS},
    summary="Mark a body reported, dissolved or active",
)
def body_status(request: HttpRequest, short_name: ShortName, code: Code, payload: StatusIn):
    """Secretariat only. Its active groups are dissolved with it."""
    actor, conference = _conference(request, short_name)
    body = actions.check_body_status(
        actor, conference=conference, body_code=code, status=payload.status
    )
    return 200, _body_out(body)


def _delegation_out(delegation: Delegation) -> dict:
    return {
        "key": actions.delegation_key(delegation),
        "name": delegation.organisation.name,
        "credentials_status": delegation.credentials_status,
    }


@router.post(
    "/conferences/{short_name}/setup/delegations",
    response={201: SetDelegationOut, **REFUSALS},
    summary="Add a delegation",
)
def delegation_add(request: HttpRequest, short_name: ShortName, payload: DelegationIn):
    """Secretariat only. Its credentials start pending."""
    actor, conference = _conference(request, short_name)
    delegation = actions.check_delegation_add(
        actor, conference=conference, organisation=payload.organisation
    )
    return 201, _delegation_out(delegation)


@router.put(
    "/conferences/{short_name}/setup/delegations/{key}/credentials",
    response={200: SetDelegationOut, **REFUSALS},
    summary="Record a delegation's credentials",
)
def credentials_record(
    request: HttpRequest, short_name: ShortName, key: Key, payload: CredentialsIn
):
    """Secretariat only: the Credentials Committee's finding (pending, accepted or
    rejected). A delegation votes once its credentials are accepted."""
    actor, conference = _conference(request, short_name)
    delegation = actions.check_credentials_record(
        actor, conference=conference, delegation=key, status=payload.status
    )
    return 200, _delegation_out(delegation)


@router.get(
    "/conferences/{short_name}/setup/accounts",
    response={200: list[AccountOut], **REFUSALS},
    summary="The accounts",
)
def account_list(request: HttpRequest, short_name: ShortName):
    """Secretariat only: the accounts of the conference's delegations and those of none."""
    _actor, conference = _conference(request, short_name)
    return 200, [_account_out(user) for user in selectors.account_list(conference=conference)]


@router.post(
    "/conferences/{short_name}/setup/accounts",
    response={201: NewAccountOut, **REFUSALS},
    summary="Create an account",
)
def account_create(request: HttpRequest, short_name: ShortName, payload: AccountIn):
    """Secretariat only. No password: `link` is where its holder sets one, given only in
    this answer."""
    actor, conference = _conference(request, short_name)
    values = payload.dict()
    new = actions.check_account_create(
        actor,
        conference=conference,
        base_url=request.build_absolute_uri("/"),
        **values,
    )
    return 201, {"username": new.username, "role": new.role, "link": new.link}


@router.put(
    "/conferences/{short_name}/setup/accounts/{username}",
    response={200: AccountOut, **REFUSALS},
    summary="Change or deactivate an account",
)
def account_change(
    request: HttpRequest, short_name: ShortName, username: Username, payload: AccountChangeIn
):
    """Secretariat only. `active: false` deactivates it: its holder can no longer sign in."""
    actor, conference = _conference(request, short_name)
    user = actions.check_account_change(
        actor, conference=conference, username=username, **payload.dict()
    )
    return 200, _account_out(user)
