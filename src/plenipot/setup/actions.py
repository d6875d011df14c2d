"""Setting a conference up from a file, and changing it afterwards on the site: one
entry point per use case for every transport."""

from __future__ import annotations

import datetime
import re
import zoneinfo
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plenipot.accounts.models import Role, User
from plenipot.conference import clock
from plenipot.conference.models import Body, Conference, Delegation, Language, Organisation, Person
from plenipot.conference.selectors import conference_current
from plenipot.core.actor import Actor
from plenipot.core.errors import Forbidden, Invalid, NotFound, NotSignedIn
from plenipot.planning.forms import GIVEN_LANGUAGE, names_checked, other_languages
from plenipot.setup import editing, services
from plenipot.setup.permissions import may_set_up_conference
from plenipot.setup.reading import Plan


def check_conference_setup(actor: Actor, *, plan: Plan, base_url: str) -> services.SetupOutcome:
    """Create or update the conference a checked set-up file describes."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    if not may_set_up_conference(actor):
        raise Forbidden(_("Only the secretariat sets a conference up."))
    return services.conference_set_up(plan=plan, base_url=base_url)


# --- changing the conference on the site ------------------------------------------------
#
# Each action checks `may_set_up_conference`, looks up what it names within the
# conference, and calls one function of `editing`, which writes in one transaction. A bad
# value is refused with `Invalid`, whose detail names the field in the reader's words and
# whose `field` says which one, so that a page shows it beside the field.

SHORT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
BODY_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
USERNAME = re.compile(r"[\w.@+-]+")

LABELS = {
    "name": gettext_lazy("name"),
    "names": gettext_lazy("name in other languages"),
    "city_names": gettext_lazy("city in other languages"),
    "country_names": gettext_lazy("country in other languages"),
    "short_name": gettext_lazy("short name"),
    "city": gettext_lazy("city"),
    "country": gettext_lazy("country"),
    "start": gettext_lazy("first day"),
    "end": gettext_lazy("last day"),
    "languages": gettext_lazy("official languages"),
    "time_zone": gettext_lazy("time zone"),
    "today": gettext_lazy("conference clock"),
    "submission_deadline": gettext_lazy("submission deadline"),
    "code": gettext_lazy("code"),
    "kind": gettext_lazy("kind"),
    "parent": gettext_lazy("parent body"),
    "openness": gettext_lazy("openness"),
    "mandate": gettext_lazy("mandate"),
    "deadline": gettext_lazy("deadline to report"),
    "chair": gettext_lazy("chair"),
    "vice_chairs": gettext_lazy("vice-chairs"),
    "status": gettext_lazy("status"),
    "organisation": gettext_lazy("organisation"),
    "credentials_status": gettext_lazy("credentials"),
    "given_name": gettext_lazy("given name"),
    "family_name": gettext_lazy("family name"),
    "delegation_role": gettext_lazy("role in the delegation"),
    "delegation": gettext_lazy("delegation"),
    "username": gettext_lazy("user name"),
    "email": gettext_lazy("e-mail address"),
    "role": gettext_lazy("role"),
    "body": gettext_lazy("body chaired"),
    "active": gettext_lazy("active"),
}


def _refused(field: str, message: str) -> Invalid:
    return Invalid(
        _("%(field)s: %(message)s")
        % {"field": capfirst(str(LABELS.get(field, field))), "message": message},
        field=field,
        message=message,
    )


def _invalid(exc: ValidationError) -> Invalid:
    """The first field a ValidationError names, in the reader's words."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            if field == "__all__":
                return Invalid(" ".join(errors))
            return _refused(field, " ".join(errors))
    return Invalid(" ".join(exc.messages))


def _open(actor: Actor) -> None:
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    if not may_set_up_conference(actor):
        raise Forbidden(_("Only the secretariat changes how the conference is set up."))


def _write(function, **values):
    try:
        return function(**values)
    except ValidationError as exc:
        raise _invalid(exc) from None


def _text(field: str, value: str | None, *, required: bool = True, limit: int = 200) -> str:
    value = (value or "").strip()
    if required and not value:
        raise _refused(field, _("This field is required."))
    if len(value) > limit:
        raise _refused(field, _("At most %(limit)d characters, please.") % {"limit": limit})
    return value


def _choice(field: str, value: str | None, choices: Iterable[str], *, required: bool = True) -> str:
    value = (value or "").strip()
    if not value and not required:
        return ""
    if value not in choices:
        raise _refused(
            field,
            _("%(value)s is not one of: %(choices)s.")
            % {"value": value or "—", "choices": ", ".join(choices)},
        )
    return value


def _names(field: str, value, languages: Iterable[str], *, limit: int) -> dict[str, str] | None:
    """A name in the conference's other languages, checked; None: not given (unchanged),
    {}: none (the given name is shown in every language)."""
    if value is None:
        return None
    try:
        return names_checked(value, languages=languages, limit=limit)
    except ValidationError as exc:
        raise _refused(field, " ".join(exc.messages)) from None


def check_setup_open(actor: Actor) -> None:
    """The set-up pages open to the secretariat only."""
    _open(actor)


def setup_conference(actor: Actor) -> Conference:
    """The conference the set-up pages change: the site's current one."""
    _open(actor)
    conference = conference_current()
    if conference is None:
        raise NotFound(_("No conference has been set up yet."))
    return conference


def check_conference_change(
    actor: Actor,
    *,
    conference: Conference,
    name: str,
    short_name: str,
    city: str,
    country: str,
    start: datetime.date,
    end: datetime.date,
    languages: Iterable[str],
    time_zone: str = "",
    today: datetime.date | None = None,
    submission_deadline: datetime.datetime | None = None,
    names: dict[str, str] | None = None,
    city_names: dict[str, str] | None = None,
    country_names: dict[str, str] | None = None,
) -> Conference:
    """Change the conference's facts. The names in other languages: None keeps them."""
    _open(actor)
    short_name = _text("short_name", short_name, limit=30)
    if not SHORT_NAME.fullmatch(short_name):
        raise _refused("short_name", _("Letters, digits, -, _ and . only (for example PP-26)."))
    languages = [_choice("languages", code, Language.values) for code in languages]
    time_zone = (time_zone or "").strip()
    if time_zone:
        try:
            zoneinfo.ZoneInfo(time_zone)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            raise _refused(
                "time_zone",
                _("%(zone)s is not a time zone (for example Asia/Seoul).") % {"zone": time_zone},
            ) from None
    if submission_deadline is not None and submission_deadline.tzinfo is None:
        zone = zoneinfo.ZoneInfo(time_zone) if time_zone else clock.zone_of(None)
        submission_deadline = submission_deadline.replace(tzinfo=zone)
    # A language being dropped may keep its names (they come back with it).
    others = [
        code
        for code in Language.values
        if code != GIVEN_LANGUAGE and (code in languages or code in conference.language_codes)
    ]
    return _write(
        editing.conference_update,
        conference=conference,
        name=_text("name", name),
        short_name=short_name,
        city=_text("city", city, limit=100),
        country=_text("country", country, limit=100),
        start=start,
        end=end,
        languages=languages,
        time_zone=time_zone,
        today=today,
        submission_deadline=submission_deadline,
        names=_names("names", names, others, limit=200),
        city_names=_names("city_names", city_names, others, limit=100),
        country_names=_names("country_names", country_names, others, limit=100),
    )


def check_conference_names(
    actor: Actor,
    *,
    conference: Conference,
    names: dict[str, str] | None = None,
    city_names: dict[str, str] | None = None,
    country_names: dict[str, str] | None = None,
) -> Conference:
    """Change the conference's name, city and country in its other languages only; None
    keeps one as it is."""
    _open(actor)
    others = other_languages(conference)
    return _write(
        editing.conference_set_names,
        conference=conference,
        names=_names("names", names, others, limit=200),
        city_names=_names("city_names", city_names, others, limit=100),
        country_names=_names("country_names", country_names, others, limit=100),
    )


def body_get(conference: Conference, code: str) -> Body:
    """A body of the conference by its code; NotFound when there is none."""
    return _body(conference, code)


def _body(conference: Conference, code: str) -> Body:
    body = Body.objects.filter(conference=conference, code=(code or "").strip()).first()
    if body is None:
        raise NotFound(_("There is no body %(code)s.") % {"code": code})
    return body


def _parent(conference: Conference, code: str | None) -> Body | None:
    code = (code or "").strip()
    if not code:
        return None
    parent = Body.objects.filter(conference=conference, code=code).first()
    if parent is None:
        raise _refused("parent", _("There is no body %(code)s.") % {"code": code})
    return parent


def _body_values(conference: Conference, values: dict) -> dict:
    code = _text("code", values.get("code"), limit=40)
    if not BODY_CODE.fullmatch(code):
        raise _refused("code", _("Letters, digits, -, _ and . only (for example COM5-AHG-130)."))
    return {
        "code": code,
        "name": _text("name", values.get("name")),
        "kind": _choice("kind", values.get("kind"), Body.Kind.values),
        "parent": _parent(conference, values.get("parent")),
        "openness": _choice("openness", values.get("openness"), Body.Openness.values),
        "mandate": _text("mandate", values.get("mandate"), required=False, limit=10000),
        "deadline": values.get("deadline"),
        "names": _names("names", values.get("names"), other_languages(conference), limit=200),
    }


def check_body_create(actor: Actor, *, conference: Conference, **values) -> Body:
    """Values: code, name, kind, parent (a code), openness, mandate, deadline, names
    (in the conference's other languages)."""
    _open(actor)
    return _write(editing.body_create, conference=conference, **_body_values(conference, values))


def check_body_change(actor: Actor, *, conference: Conference, body_code: str, **values) -> Body:
    _open(actor)
    body = _body(conference, body_code)
    return _write(editing.body_update, body=body, **_body_values(conference, values))


def _person(conference: Conference, who: int | str, field: str) -> Person:
    """A person of the conference's delegations, by id (the pages) or by the user name
    of their account (the API and the set-up file)."""
    people = Person.objects.select_related("delegation__organisation").filter(
        delegation__conference=conference
    )
    if isinstance(who, int):
        person = people.filter(pk=who).first()
    else:
        person = people.filter(user__username=str(who).strip()).first()
    if person is None:
        raise _refused(field, _("Choose a person of a delegation to this conference."))
    return person


def check_body_presiding(
    actor: Actor,
    *,
    conference: Conference,
    body_code: str,
    chair: int | str | None,
    vice_chairs: Iterable[int | str] = (),
) -> Body:
    """Set a body's chair and vice-chairs: people of the conference's delegations, by id
    or by user name; no chair: None."""
    _open(actor)
    body = _body(conference, body_code)
    return _write(
        editing.body_set_presiding,
        body=body,
        chair=_person(conference, chair, "chair") if chair not in (None, "") else None,
        vice_chairs=[_person(conference, pk, "vice_chairs") for pk in dict.fromkeys(vice_chairs)],
    )


def check_body_status(actor: Actor, *, conference: Conference, body_code: str, status: str) -> Body:
    """Mark a body reported or dissolved (its active groups are dissolved with it), or
    active again."""
    _open(actor)
    body = _body(conference, body_code)
    return _write(
        editing.body_set_status,
        body=body,
        status=_choice("status", status, Body.Status.values),
    )


def delegation_key(delegation: Delegation) -> str:
    """How pages, the API and commands name a delegation: its ISO alpha-3 code, or the
    symbol of a regional organisation."""
    return delegation.organisation.iso3 or delegation.organisation.symbol


def _delegation(conference: Conference, key: str | None, field: str = "delegation") -> Delegation:
    key = (key or "").strip()
    found = (
        Delegation.objects.select_related("organisation")
        .filter(conference=conference)
        .filter(Q(organisation__iso3__iexact=key) | Q(organisation__symbol__iexact=key))
        .first()
        if key
        else None
    )
    if found is None:
        raise _refused(field, _("There is no delegation %(key)s.") % {"key": key or "—"})
    return found


def check_delegation_add(actor: Actor, *, conference: Conference, organisation: str) -> Delegation:
    """A delegation for a Member State (its ISO alpha-3 code) or a regional organisation
    (its symbol)."""
    _open(actor)
    key = (organisation or "").strip()
    found = (
        Organisation.objects.filter(
            Q(iso3__iexact=key) | Q(symbol__iexact=key),
            kind__in=(Organisation.Kind.MEMBER_STATE, Organisation.Kind.REGIONAL),
        ).first()
        if key
        else None
    )
    if found is None:
        raise _refused(
            "organisation",
            _("%(key)s is neither a Member State's ISO code nor a regional organisation's symbol.")
            % {"key": key or "—"},
        )
    return _write(editing.delegation_add, conference=conference, organisation=found)


def check_credentials_record(
    actor: Actor, *, conference: Conference, delegation: str, status: str
) -> Delegation:
    """The Credentials Committee's finding on a delegation's credentials."""
    _open(actor)
    found = _delegation(conference, delegation)
    return _write(
        editing.delegation_record_credentials,
        delegation=found,
        status=_choice("credentials_status", status, Delegation.Credentials.values),
    )


def check_person_add(
    actor: Actor,
    *,
    conference: Conference,
    delegation: str,
    given_name: str,
    family_name: str,
    delegation_role: str,
) -> Person:
    _open(actor)
    found = _delegation(conference, delegation)
    return _write(
        editing.person_add,
        delegation=found,
        given_name=_text("given_name", given_name, limit=100),
        family_name=_text("family_name", family_name, required=False, limit=100),
        delegation_role=_choice("delegation_role", delegation_role, Person.DelegationRole.values),
    )


def _account_values(conference: Conference, values: dict) -> editing.AccountValues:
    key = (values.get("delegation") or "").strip()
    return editing.AccountValues(
        role=_choice("role", values.get("role"), Role.values),
        delegation=_delegation(conference, key) if key else None,
        delegation_role=_choice(
            "delegation_role",
            values.get("delegation_role"),
            Person.DelegationRole.values,
            required=False,
        ),
        given_name=_text("given_name", values.get("given_name"), required=False, limit=100),
        family_name=_text("family_name", values.get("family_name"), required=False, limit=100),
    )


def _email(value: str | None) -> str:
    value = (value or "").strip()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise _refused(
                "email", _("%(value)s is not an e-mail address.") % {"value": value}
            ) from None
    return value


def check_account_create(
    actor: Actor, *, conference: Conference, username: str, base_url: str, **values
) -> services.NewAccount:
    """A new account, without a password: the answer holds the link, shown once, where
    its holder sets one. Values: email, role, delegation (a key), delegation_role,
    given_name, family_name, body (the code of a body it chairs)."""
    _open(actor)
    username = _text("username", username, limit=150)
    if not USERNAME.fullmatch(username):
        raise _refused("username", _("Letters, digits and . @ + - _ only, without spaces."))
    body_code = (values.get("body") or "").strip()
    chairs = None
    if body_code:
        chairs = Body.objects.filter(conference=conference, code=body_code).first()
        if chairs is None:
            raise _refused("body", _("There is no body %(code)s.") % {"code": body_code})
    user = _write(
        editing.account_create,
        username=username,
        email=_email(values.get("email")),
        values=_account_values(conference, values),
        chairs=chairs,
    )
    return services.NewAccount(user.username, user.role, services.password_link(user, base_url))


def delegation_get(conference: Conference, key: str) -> Delegation:
    """A delegation of the conference by its key; NotFound when there is none."""
    try:
        return _delegation(conference, key)
    except Invalid:
        raise NotFound(_("There is no delegation %(key)s.") % {"key": key}) from None


def account_get(conference: Conference, username: str) -> User:
    user = User.objects.filter(username=(username or "").strip()).first()
    if user is None:
        raise NotFound(_("There is no account %(user)s.") % {"user": username})
    return user


def check_account_change(
    actor: Actor, *, conference: Conference, username: str, active: bool = True, **values
) -> User:
    """Change an account's role, e-mail address and delegation, or deactivate it. The
    secretariat does not deactivate its own account (someone must stay to undo it)."""
    _open(actor)
    user = account_get(conference, username)
    if not active and user.pk == actor.user_id:
        raise _refused("active", _("You cannot deactivate your own account."))
    return _write(
        editing.account_update,
        user=user,
        email=_email(values.get("email")),
        values=_account_values(conference, values),
        active=active,
    )
