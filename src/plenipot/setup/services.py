"""Applying a set-up plan: what is missing is created, what differs is changed, and what
the file does not name is left alone; all of it in one transaction, so that a refusal
half-way leaves the database as it was.

Running the same file twice changes nothing the second time, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from plenipot.accounts.models import User
from plenipot.accounts.services import user_create
from plenipot.conference.models import Body, Conference, Delegation, Organisation, Person
from plenipot.documents.models import SubmissionDeadline
from plenipot.negotiation.models import Instrument
from plenipot.negotiation.selectors import instrument_uses
from plenipot.planning.models import Room
from plenipot.setup.reading import AccountPlan, BodyPlan, Plan, Where


@dataclass(frozen=True)
class NewAccount:
    username: str
    role: str
    link: str


@dataclass
class SetupOutcome:
    conference: Conference
    created: bool
    changes: list[str] = field(default_factory=list)
    new_accounts: list[NewAccount] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def password_link(user: User, base_url: str) -> str:
    """A link to set the account's first password (Django's password-reset page); it
    stops working once a password is set, or after ``PASSWORD_RESET_TIMEOUT``."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("password_reset_confirm", args=[uid, token])


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "message_dict"):
            return " ".join(
                f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
                for name, messages in exc.message_dict.items()
            )
        return " ".join(exc.messages)
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _changed(instance, values: dict) -> list[str]:
    """Set the fields that differ; their names, as the pages print them."""
    names = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            names.append(str(instance._meta.get_field(name).verbose_name))
    return names


class _Setter:
    def __init__(self, plan: Plan, base_url: str) -> None:
        self.plan = plan
        self.base_url = base_url
        self.changes: list[str] = []
        self.new_accounts: list[NewAccount] = []
        self.organisations: dict[str, Organisation] = {}
        self.delegations: dict[str, Delegation] = {}
        self.people: dict[str, Person] = {}
        self.bodies: dict[str, Body] = {}

    def save(self, instance, where: Where, *, update_fields=None, exclude=()) -> None:
        try:
            instance.full_clean(exclude=list(exclude))
            instance.save(update_fields=update_fields)
        except (ValidationError, IntegrityError) as exc:
            raise where.problem(_message(exc)) from None

    def run(self) -> SetupOutcome:
        created = self.conference()
        self.member_states()
        self.regional_organisations()
        self.delegations_()
        self.accounts()
        for plan in self.plan.bodies:
            self.body(plan)
        self.account_bodies()
        self.rooms()
        self.instruments()
        self.deadline()
        return SetupOutcome(self.conference_row, created, self.changes, self.new_accounts)

    def conference(self) -> bool:
        plan = self.plan.conference
        values = {
            "name": plan.name,
            "city": plan.city,
            "country": plan.country,
            # The names in other languages; none stored as null, as a new column holds.
            "names": plan.names or None,
            "city_names": plan.city_names or None,
            "country_names": plan.country_names or None,
            "start": plan.start,
            "end": plan.end,
            "languages": list(plan.languages),
            "time_zone": plan.time_zone or None,
            "today": plan.today,
        }
        conference = Conference.objects.filter(short_name=plan.short_name).first()
        self.conference_row = conference
        if conference is None:
            self.conference_row = Conference(short_name=plan.short_name, **values)
            self.save(self.conference_row, plan.where)
            self.changes.append(_("Conference %(name)s: created.") % {"name": plan.short_name})
            return True
        if conference.time_zone == "" and not plan.time_zone:
            values["time_zone"] = ""
        names = _changed(conference, values)
        if names:
            self.save(conference, plan.where)
            self.changes.append(
                _("Conference %(name)s: changed %(fields)s.")
                % {"name": plan.short_name, "fields": ", ".join(names)}
            )
        return False

    def member_states(self) -> None:
        codes = [state["iso3"] for state in self.plan.member_states]
        existing = {o.iso3: o for o in Organisation.objects.filter(iso3__in=codes)}
        new = [
            Organisation(
                kind=Organisation.Kind.MEMBER_STATE,
                name=state["name"],
                symbol=state["symbol"],
                iso2=state["iso2"],
                iso3=state["iso3"],
                itu_region=state["itu_region"],
            )
            for state in self.plan.member_states
            if state["iso3"] not in existing
        ]
        if new:
            taken = set(
                Organisation.objects.filter(symbol__in=[o.symbol for o in new]).values_list(
                    "symbol", flat=True
                )
            )
            if taken:
                raise Where(self.plan.file, None).problem(
                    _("These ITU symbols are already used by other organisations: %(symbols)s.")
                    % {"symbols": ", ".join(sorted(taken))}
                )
            Organisation.objects.bulk_create(new)
            self.changes.append(_("Member States added: %(count)d.") % {"count": len(new)})
        self.organisations = {
            o.iso3: o for o in Organisation.objects.filter(iso3__in=codes, kind="member_state")
        }

    def regional_organisations(self) -> None:
        for plan in self.plan.regional_organisations:
            organisation = Organisation.objects.filter(symbol=plan.symbol).first()
            members = {self.organisations[code].pk for code in plan.members}
            if organisation is None:
                organisation = Organisation(
                    kind=Organisation.Kind.REGIONAL,
                    name=plan.name,
                    acronym=plan.acronym,
                    symbol=plan.symbol,
                )
                self.save(organisation, plan.where)
                organisation.members.set(members)
                self.changes.append(
                    _("Regional organisation %(symbol)s: created.") % {"symbol": plan.symbol}
                )
                continue
            if organisation.kind != Organisation.Kind.REGIONAL:
                raise plan.where.problem(
                    _("%(symbol)s is the symbol of %(name)s, which is not a regional organisation.")
                    % {"symbol": plan.symbol, "name": organisation.local_name()}
                )
            names = _changed(organisation, {"name": plan.name, "acronym": plan.acronym})
            if names:
                self.save(organisation, plan.where)
            if set(organisation.members.values_list("pk", flat=True)) != members:
                organisation.members.set(members)
                names.append(str(Organisation._meta.get_field("members").verbose_name))
            if names:
                self.changes.append(
                    _("Regional organisation %(symbol)s: changed %(fields)s.")
                    % {"symbol": plan.symbol, "fields": ", ".join(names)}
                )

    def delegations_(self) -> None:
        conference = self.conference_row
        existing = {
            d.organisation.iso3: d
            for d in Delegation.objects.filter(conference=conference).select_related("organisation")
        }
        new = [
            Delegation(conference=conference, organisation=self.organisations[code])
            for code in self.plan.delegations
            if code not in existing
        ]
        if new:
            Delegation.objects.bulk_create(new)
            self.changes.append(_("Delegations added: %(count)d.") % {"count": len(new)})
        self.delegations = {
            d.organisation.iso3: d
            for d in Delegation.objects.filter(conference=conference).select_related("organisation")
        }

    def accounts(self) -> None:
        for plan in self.plan.accounts:
            user = User.objects.filter(username=plan.username).first()
            if user is None:
                try:
                    user = user_create(
                        username=plan.username, password=None, role=plan.role, email=plan.email
                    )
                except ValidationError as exc:
                    raise plan.where.problem(_message(exc)) from None
                self.new_accounts.append(NewAccount(plan.username, plan.role, ""))
                self.changes.append(_("Account %(user)s: created.") % {"user": plan.username})
                names = []
            else:
                names = _changed(user, {"email": plan.email, "role": plan.role})
                if names:
                    self.save(user, plan.where, exclude=["password"])
            names += self.person(plan, user)
            if names and not any(n.username == plan.username for n in self.new_accounts):
                self.changes.append(
                    _("Account %(user)s: changed %(fields)s.")
                    % {"user": plan.username, "fields": ", ".join(names)}
                )
        # Links are made last: a token depends on the account as saved.
        self.new_accounts = [
            NewAccount(
                account.username,
                account.role,
                password_link(User.objects.get(username=account.username), self.base_url),
            )
            for account in self.new_accounts
        ]

    def person(self, plan: AccountPlan, user: User) -> list[str]:
        delegation = self.delegations.get(plan.delegation) if plan.delegation else None
        role = plan.delegation_role or (Person.DelegationRole.DELEGATE if delegation else "")
        person = Person.objects.filter(user=user).first()
        given = plan.given_name or (person.given_name if person else plan.username)
        family = plan.family_name or (person.family_name if person else "")
        if person is None:
            person = Person(
                user=user,
                given_name=given,
                family_name=family,
                delegation=delegation,
                delegation_role=role,
            )
            self._one_head(person, plan)
            self.save(person, plan.where, exclude=["given_name", "family_name"])
            self.people[plan.username] = person
            return []
        values = {"given_name": given, "family_name": family, "delegation": delegation}
        if plan.delegation_role or delegation is None or person.delegation_id != delegation.pk:
            values["delegation_role"] = role
        names = _changed(person, values)
        if names:
            self._one_head(person, plan)
            self.save(person, plan.where, exclude=["given_name", "family_name"])
        self.people[plan.username] = person
        return names

    def _one_head(self, person: Person, plan: AccountPlan) -> None:
        if person.delegation_role != Person.DelegationRole.HEAD or person.delegation is None:
            return
        other = (
            Person.objects.filter(
                delegation=person.delegation, delegation_role=Person.DelegationRole.HEAD
            )
            .exclude(pk=person.pk)
            .first()
        )
        if other is not None:
            raise plan.where.problem(
                _("The delegation of %(state)s already has a head: %(person)s.")
                % {"state": person.delegation.organisation.local_name(), "person": other}
            )

    def _person_of(self, username: str, where: Where, *, vice: bool = False) -> Person:
        person = self.people.get(username)
        if person is None:
            person = Person.objects.filter(user__username=username).select_related("delegation").first()
        if person is None:
            message = (
                _("The vice-chair %(user)s is not an account of the accounts file.")
                if vice
                else _("The chair %(user)s is not an account of the accounts file.")
            )
            raise where.problem(message % {"user": username})
        if person.delegation_id and person.delegation.conference_id != self.conference_row.pk:
            raise where.problem(
                _("%(user)s is in a delegation to another conference.") % {"user": username}
            )
        return person

    def body(self, plan: BodyPlan) -> None:
        conference = self.conference_row
        parent = None
        if plan.parent:
            parent = self.bodies.get(plan.parent) or Body.objects.filter(
                conference=conference, code=plan.parent
            ).first()
            if parent is None:
                raise plan.where.problem(
                    _("The parent body %(code)s is neither above in the file nor in the conference.")
                    % {"code": plan.parent}
                )
        chair_name = plan.chair or next(
            (a.username for a in self.plan.accounts if a.body == plan.code), ""
        )
        chair = self._person_of(chair_name, plan.chair_where) if chair_name else None
        vice_chairs = [
            self._person_of(name, plan.where, vice=True) for name in plan.vice_chairs
        ]
        values = {
            "name": plan.name,
            "names": plan.names or None,
            "kind": plan.kind,
            "parent": parent,
            "chair": chair,
            "openness": plan.openness,
            "mandate": plan.mandate,
            "deadline": plan.deadline,
        }
        position = self.plan.bodies.index(plan)
        body = Body.objects.filter(conference=conference, code=plan.code).first()
        if body is None:
            body = Body(conference=conference, code=plan.code, position=position, **values)
            self.save(body, plan.where)
            body.vice_chairs.set(vice_chairs)
            self.bodies[plan.code] = body
            self.changes.append(_("Body %(code)s: created.") % {"code": plan.code})
            return
        names = _changed(body, values)
        if parent is not None and names:
            self._no_cycle(body, parent, plan)
        if names:
            self.save(body, plan.where)
        if set(body.vice_chairs.values_list("pk", flat=True)) != {p.pk for p in vice_chairs}:
            body.vice_chairs.set(vice_chairs)
            names.append(str(Body._meta.get_field("vice_chairs").verbose_name))
        self.bodies[plan.code] = body
        if names:
            self.changes.append(
                _("Body %(code)s: changed %(fields)s.")
                % {"code": plan.code, "fields": ", ".join(names)}
            )

    def _no_cycle(self, body: Body, parent: Body, plan: BodyPlan) -> None:
        seen = {body.pk}
        while parent is not None:
            if parent.pk in seen:
                raise plan.where.problem(
                    _("Body %(code)s would be its own ancestor.") % {"code": plan.code}
                )
            seen.add(parent.pk)
            parent = parent.parent

    def account_bodies(self) -> None:
        """An account whose row names a body that the file does not list: that body, as
        it is in the conference, gets it as its chair."""
        listed = {plan.code for plan in self.plan.bodies}
        for plan in self.plan.accounts:
            if not plan.body or plan.body in listed:
                continue
            body = Body.objects.filter(conference=self.conference_row, code=plan.body).first()
            if body is None:
                raise plan.where.problem(
                    _("There is no body %(code)s in the set-up file or the conference.")
                    % {"code": plan.body}
                )
            person = self._person_of(plan.username, plan.where)
            if body.chair_id != person.pk:
                body.chair = person
                self.save(body, plan.where, update_fields=["chair"])
                self.changes.append(
                    _("Body %(code)s: changed %(fields)s.")
                    % {"code": body.code, "fields": str(Body._meta.get_field("chair").verbose_name)}
                )

    def rooms(self) -> None:
        for plan in self.plan.rooms:
            room = Room.objects.filter(conference=self.conference_row, name=plan.name).first()
            values = {
                "names": plan.names or None,
                "capacity": plan.capacity,
                "interpretation": plan.interpretation,
                "position": plan.position,
            }
            if room is None:
                self.save(Room(conference=self.conference_row, name=plan.name, **values), plan.where)
                self.changes.append(_("Room %(name)s: created.") % {"name": plan.name})
                continue
            names = _changed(room, values)
            if names:
                self.save(room, plan.where)
                self.changes.append(
                    _("Room %(name)s: changed %(fields)s.")
                    % {"name": plan.name, "fields": ", ".join(names)}
                )

    def instruments(self) -> None:
        for plan in self.plan.instruments:
            instrument = Instrument.objects.filter(
                conference=self.conference_row, kind=plan.kind, number=plan.number
            ).first()
            values = {"title": plan.title, "titles": plan.titles or None, "text": plan.text}
            label = f"{Instrument.Kind(plan.kind).label} {plan.number}"
            if instrument is None:
                instrument = Instrument(
                    conference=self.conference_row,
                    kind=plan.kind,
                    number=plan.number,
                    status=Instrument.Status.IN_FORCE,
                    **values,
                )
                self.save(instrument, plan.where)
                self.changes.append(_("%(instrument)s: created.") % {"instrument": label})
                continue
            text_changes = instrument.text != plan.text
            names = _changed(instrument, values)
            if text_changes:
                # Proposals, rooms and translations are anchored on the text's provisions:
                # a text that something depends on is not changed under it.
                uses = instrument_uses(instrument)
                if uses:
                    raise plan.where.problem(
                        _("The text of %(instrument)s can no longer be replaced: %(uses)s depend on it.")
                        % {
                            "instrument": label,
                            "uses": ", ".join(f"{what} ({count})" for what, count in uses),
                        }
                    )
            if names:
                self.save(instrument, plan.where)
                self.changes.append(
                    _("%(instrument)s: changed %(fields)s.")
                    % {"instrument": label, "fields": ", ".join(names)}
                )

    def deadline(self) -> None:
        closes_at = self.plan.conference.submission_deadline
        if closes_at is None:
            return
        row = SubmissionDeadline.objects.filter(conference=self.conference_row).first()
        if row is not None and row.closes_at == closes_at:
            return
        if row is None:
            row = SubmissionDeadline(conference=self.conference_row, closes_at=closes_at)
        row.closes_at = closes_at
        self.save(row, self.plan.conference.where)
        self.changes.append(
            _("Submission deadline: %(moment)s.") % {"moment": closes_at.isoformat(" ", "minutes")}
        )


@transaction.atomic
def conference_set_up(*, plan: Plan, base_url: str) -> SetupOutcome:
    """Create or update the conference a plan describes. ``SetupError`` (with the line of
    the file) when the database refuses something; nothing is written then."""
    return _Setter(plan, base_url).run()
