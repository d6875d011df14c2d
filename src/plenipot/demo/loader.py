"""Load the demo conference from the data files beside this module.

The load runs in one transaction and happens once: if the conference named in
`conference.json` exists, nothing is written. Every problem in the files is raised as
`DemoDataError` naming the file and the item, so a broken demo is easy to mend.
"""

from __future__ import annotations

import datetime
import json
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from plenipot.accounts.models import AccessDecisions, DocumentRelease, Role, User
from plenipot.conference import itu
from plenipot.conference.models import Body, Conference, Delegation, Language, Organisation, Person
from plenipot.conference.services import body_create, conference_create
from plenipot.documents.models import Document, Proposal
from plenipot.documents.services import document_create, proposal_create
from plenipot.elections.demo import load_elections_demo
from plenipot.engine.instrument import parse_instrument
from plenipot.floor.demo import load_floor_demo
from plenipot.negotiation.demo import load_drafts_demo
from plenipot.negotiation.models import Instrument
from plenipot.planning.models import Room
from plenipot.submissions.demo import load_submissions_demo
from plenipot.tracker.demo import load_path_demo
from plenipot.translation.demo import load_translation_demo

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED = 2014


class DemoDataError(Exception):
    """A demo data file is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    display: str


@dataclass(frozen=True)
class LoadResult:
    conference: Conference
    created: bool
    accounts: tuple[DemoAccount, ...]


def demo_accounts(*, data_dir: Path = DATA_DIR) -> tuple[DemoAccount, ...]:
    """The demo accounts from `accounts.json` (empty if the file is absent)."""
    if not (data_dir / "accounts.json").exists():
        return ()
    return tuple(
        DemoAccount(
            username=_required(item, "username", "accounts.json"),
            password=_required(item, "password", "accounts.json"),
            role=_required(item, "role", "accounts.json"),
            display=item.get("display", ""),
        )
        for item in _read_json(data_dir, "accounts.json")
    )


def demo_is_loaded(*, data_dir: Path = DATA_DIR) -> bool:
    short_name = _required(_read_json(data_dir, "conference.json"), "short_name", "conference.json")
    return Conference.objects.filter(short_name=short_name).exists()


def demo_load(
    *, data_dir: Path = DATA_DIR, seed: int = SEED, today: datetime.date | None = None
) -> LoadResult:
    """Load the demo conference unless it is already there.

    The demo runs on its own conference clock (`conference.json`'s "today", or `today`),
    inside its conference, so that its deadlines, timetable and revisions make sense;
    `today` also resets the clock of a demo already loaded."""
    with transaction.atomic():
        info = _read_json(data_dir, "conference.json")
        short_name = _required(info, "short_name", "conference.json")
        existing = Conference.objects.filter(short_name=short_name).first()
        if existing is not None:
            if today is not None and existing.today != today:
                existing.today = today
                existing.save(update_fields=["today"])
            return LoadResult(
                conference=existing, created=False, accounts=demo_accounts(data_dir=data_dir)
            )
        loader = _Loader(data_dir=data_dir, rng=random.Random(seed))
        conference = loader.load(info, today=today)
    return LoadResult(conference=conference, created=True, accounts=demo_accounts(data_dir=data_dir))


def _read_json(data_dir: Path, name: str) -> Any:
    path = data_dir / name
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise DemoDataError(f"{name}: file not found in {data_dir}") from None
    except json.JSONDecodeError as exc:
        raise DemoDataError(f"{name}: not valid JSON (line {exc.lineno}: {exc.msg})") from None


def _required(item: dict, key: str, where: str) -> Any:
    if not isinstance(item, dict) or key not in item:
        raise DemoDataError(f"{where}: missing {key!r} in {item!r}")
    return item[key]


def _date(value: str | None, where: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DemoDataError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


class _Loader:
    def __init__(self, *, data_dir: Path, rng: random.Random) -> None:
        self.data_dir = data_dir
        self.rng = rng
        self.by_symbol: dict[str, Organisation] = {}
        self.by_iso3: dict[str, Organisation] = {}
        self.delegations: dict[str, Delegation] = {}
        self.people: dict[str, list[Person]] = {}
        self.busy: set[int] = set()  # people already given an office
        self.bodies: dict[str, Body] = {}
        self.instruments: dict[str, Instrument] = {}
        self.provisions: dict[str, set[str]] = {}

    def read(self, name: str) -> Any:
        return _read_json(self.data_dir, name)

    def optional(self, name: str) -> Any:
        return self.read(name) if (self.data_dir / name).exists() else []

    def shipped(self, name: str, default) -> Any:
        """A data file of the demo's folder, else the list shipped with Plenipot."""
        return self.read(name) if (self.data_dir / name).exists() else list(default())

    def load(self, info: dict, today: datetime.date | None = None) -> Conference:
        conference = conference_create(
            name=_required(info, "name", "conference.json"),
            short_name=info["short_name"],
            city=_required(info, "city", "conference.json"),
            country=_required(info, "country", "conference.json"),
            start=_date(_required(info, "start", "conference.json"), "conference.json"),
            end=_date(_required(info, "end", "conference.json"), "conference.json"),
            languages=info.get("languages", ["ar", "zh", "en", "fr", "ru", "es"]),
            names=_names(info, "names", "conference.json"),
            city_names=_names(info, "city_names", "conference.json"),
            country_names=_names(info, "country_names", "conference.json"),
        )
        conference.time_zone = info.get("time_zone") or None
        conference.today = today or _date(info.get("today"), "conference.json")
        conference.save(update_fields=["time_zone", "today"])
        self.conference = conference
        self.load_member_states()
        self.load_regional_organisations()
        self.load_other_organisations()
        self.load_delegations()
        self.load_bodies()
        self.load_resolutions()
        self.load_documents()
        self.load_proposals()
        self.load_accounts()
        self.load_access()
        self.load_translations()
        self.load_path()
        self.load_drafts()
        self.load_rooms()
        self.load_submissions()
        self.load_floor()
        self.load_elections()
        return conference

    # Organisations are shared between conferences: reuse those already there.

    def load_member_states(self) -> None:
        where = "member_states.json"
        existing = {o.iso3: o for o in Organisation.objects.filter(kind="member_state")}
        new = []
        for item in self.shipped(where, itu.member_states):
            iso3 = _required(item, "iso3", where)
            if iso3 in existing:
                continue
            region = _required(item, "itu_region", where)
            if region not in "ABCDE" or len(region) != 1:
                raise DemoDataError(f"{where}: {iso3} has an unknown ITU region {region!r}")
            new.append(
                Organisation(
                    kind=Organisation.Kind.MEMBER_STATE,
                    name=_required(item, "name", where),
                    symbol=_required(item, "symbol", where),
                    iso2=_required(item, "iso2", where),
                    iso3=iso3,
                    itu_region=region,
                )
            )
        Organisation.objects.bulk_create(new)
        for organisation in Organisation.objects.filter(kind="member_state"):
            self.by_iso3[organisation.iso3] = organisation
            self.by_symbol[organisation.symbol] = organisation

    def load_regional_organisations(self) -> None:
        where = "regional_organisations.json"
        for item in self.shipped(where, itu.regional_organisations):
            symbol = _required(item, "symbol", where)
            organisation, _created = Organisation.objects.get_or_create(
                kind=Organisation.Kind.REGIONAL,
                symbol=symbol,
                defaults={
                    "name": _required(item, "name", where),
                    "acronym": item.get("acronym", ""),
                },
            )
            members = []
            for iso3 in _required(item, "members", where):
                if iso3 not in self.by_iso3:
                    raise DemoDataError(f"{where}: {symbol} lists unknown Member State {iso3}")
                members.append(self.by_iso3[iso3])
            organisation.members.set(members)
            self.by_symbol[symbol] = organisation

    def load_other_organisations(self) -> None:
        where = "other_organisations.json"
        for item in self.optional(where):
            kind = _required(item, "kind", where)
            if kind not in ("sector_member", "academia", "observer"):
                raise DemoDataError(f"{where}: {item.get('name')!r} has unknown kind {kind!r}")
            organisation, _created = Organisation.objects.get_or_create(
                kind=kind,
                name=_required(item, "name", where),
                defaults={"acronym": item.get("acronym", ""), "symbol": item.get("symbol", "")},
            )
            if organisation.symbol:
                self.by_symbol[organisation.symbol] = organisation

    def load_delegations(self) -> None:
        where = "delegations.json"
        names = self.read("names.json")
        rows = self.read(where)
        delegations = []
        for item in rows:
            iso3 = _required(item, "iso3", where)
            if iso3 not in self.by_iso3:
                raise DemoDataError(f"{where}: unknown Member State {iso3}")
            status = item.get("credentials", "pending")
            if status not in Delegation.Credentials.values:
                raise DemoDataError(f"{where}: {iso3} has unknown credentials {status!r}")
            delegations.append(
                Delegation(
                    conference=self.conference,
                    organisation=self.by_iso3[iso3],
                    credentials_status=status,
                )
            )
        Delegation.objects.bulk_create(delegations)
        for delegation in Delegation.objects.filter(conference=self.conference).select_related(
            "organisation"
        ):
            self.delegations[delegation.organisation.iso3] = delegation

        people = []
        for item in rows:
            iso3 = item["iso3"]
            size = int(_required(item, "size", where))
            if size < 1:
                raise DemoDataError(f"{where}: {iso3} has size {size}; at least 1 expected")
            region = self.by_iso3[iso3].itu_region
            pool = _name_pool(names, iso3=iso3, region=region)
            if not pool or not pool.get("given") or not pool.get("family"):
                raise DemoDataError(f"names.json: no given and family names for region {region}")
            advisers_from = max(1, size - size // 3)
            taken: set[tuple[str, str]] = set()
            for index in range(size):
                if index == 0:
                    role = Person.DelegationRole.HEAD
                elif index < advisers_from:
                    role = Person.DelegationRole.DELEGATE
                else:
                    role = Person.DelegationRole.ADVISER
                for _attempt in range(20):
                    name = (self.rng.choice(pool["given"]), self.rng.choice(pool["family"]))
                    if name not in taken:
                        break
                taken.add(name)
                people.append(
                    Person(
                        given_name=name[0],
                        family_name=name[1],
                        delegation=self.delegations[iso3],
                        delegation_role=role,
                    )
                )
        Person.objects.bulk_create(people)
        order = {"head": 0, "delegate": 1, "adviser": 2}
        grouped: dict[str, list[Person]] = defaultdict(list)
        for person in Person.objects.filter(delegation__conference=self.conference).select_related(
            "delegation__organisation"
        ):
            grouped[person.delegation.organisation.iso3].append(person)
        for iso3, members in grouped.items():
            members.sort(key=lambda p: (order[p.delegation_role], p.pk))
            self.people[iso3] = members

    def officer(self, iso3: str, where: str, code: str) -> Person:
        """The delegation's head, or its first member without an office yet."""
        members = self.people.get(iso3)
        if not members:
            raise DemoDataError(f"{where}: {code} names {iso3}, which has no delegation")
        for person in members:
            if person.pk not in self.busy:
                self.busy.add(person.pk)
                return person
        return members[0]

    def load_bodies(self) -> None:
        where = "bodies.json"
        for position, item in enumerate(self.optional(where)):
            code = _required(item, "code", where)
            parent_code = item.get("parent")
            if parent_code and parent_code not in self.bodies:
                raise DemoDataError(f"{where}: {code} comes before its parent {parent_code}")
            kind = _required(item, "kind", where)
            if kind not in Body.Kind.values:
                raise DemoDataError(f"{where}: {code} has unknown kind {kind!r}")
            openness = item.get("openness") or Body.Openness.DELEGATIONS
            if openness not in Body.Openness.values:
                raise DemoDataError(f"{where}: {code} has unknown openness {openness!r}")
            status = item.get("status") or Body.Status.ACTIVE
            if status not in Body.Status.values:
                raise DemoDataError(f"{where}: {code} has unknown status {status!r}")
            chair = self.officer(item["chair"], where, code) if item.get("chair") else None
            vice_chairs = [self.officer(iso3, where, code) for iso3 in item.get("vice_chairs") or []]
            try:
                self.bodies[code] = body_create(
                    conference=self.conference,
                    code=code,
                    name=_required(item, "name", where),
                    names=_names(item, "names", f"{where}: {code}"),
                    kind=kind,
                    parent=self.bodies.get(parent_code) if parent_code else None,
                    chair=chair,
                    vice_chairs=vice_chairs,
                    mandate=item.get("mandate") or "",
                    deadline=_date(item.get("deadline"), f"{where}: {code}"),
                    openness=openness,
                    status=status,
                    position=position,
                )
            except Exception as exc:
                if isinstance(exc, DemoDataError):
                    raise
                raise DemoDataError(f"{where}: {code}: {_one_line(exc)}") from None

    def load_resolutions(self) -> None:
        folder = self.data_dir / "resolutions"
        if not folder.is_dir():
            return
        instruments = []
        titles = self.optional("resolution_titles.json") or {}
        for path in sorted(folder.glob("*.txt")):
            where = f"resolutions/{path.name}"
            text = path.read_text(encoding="utf-8").strip() + "\n"
            lines = [line.strip() for line in text.splitlines()]
            if len(lines) < 2 or not lines[0].lower().startswith("resolution"):
                raise DemoDataError(f"{where}: the first line must name the resolution")
            number = path.stem
            try:
                tree = parse_instrument(text)
            except Exception as exc:
                raise DemoDataError(f"{where}: {_one_line(exc)}") from None
            self.provisions[number] = set(tree.eids())
            instrument = Instrument(
                conference=self.conference,
                kind=Instrument.Kind.RESOLUTION,
                number=number,
                title=lines[1],
                titles=_names(titles, path.stem, "resolution_titles.json") or None,
                text=text,
                status=Instrument.Status.IN_FORCE,
            )
            try:
                instrument.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                raise DemoDataError(f"{where}: {_one_line(exc)}") from None
            instruments.append(instrument)
        Instrument.objects.bulk_create(instruments)
        for instrument in Instrument.objects.filter(conference=self.conference):
            self.instruments[instrument.number] = instrument

    def sources(self, symbols: Iterable[str], where: str, item: str) -> list[Organisation]:
        result = []
        for symbol in symbols:
            if symbol not in self.by_symbol:
                raise DemoDataError(f"{where}: {item} names unknown source {symbol!r}")
            result.append(self.by_symbol[symbol])
        return result

    def load_documents(self) -> None:
        where = "documents.json"
        self.documents: dict[tuple[str, int], Document] = {}
        for item in self.optional(where):
            number = str(_required(item, "number", where))
            addendum = int(item.get("addendum") or 0)
            label = f"document {number}" + (f" addendum {addendum}" if addendum else "")
            kind = item.get("kind") or Document.Kind.INPUT
            if kind not in Document.Kind.values:
                raise DemoDataError(f"{where}: {label} has unknown kind {kind!r}")
            body_code = item.get("body")
            if body_code and body_code not in self.bodies:
                raise DemoDataError(f"{where}: {label} is allocated to unknown body {body_code}")
            try:
                document = document_create(
                    conference=self.conference,
                    number=number,
                    addendum=addendum,
                    revision=int(item.get("revision") or 0),
                    kind=kind,
                    title=_required(item, "title", where),
                    original_language=item.get("language") or "en",
                    date=_date(_required(item, "date", where), f"{where}: {label}"),
                    body=self.bodies.get(body_code) if body_code else None,
                    sources=self.sources(item.get("sources") or [], where, label),
                )
            except ValidationError as exc:
                raise DemoDataError(f"{where}: {label}: {_one_line(exc)}") from None
            self.documents[(number, addendum)] = document

    def load_proposals(self) -> None:
        where = "proposals.json"
        for sequence, item in enumerate(self.optional(where), start=1):
            symbol = _required(item, "symbol", where)
            key = (str(_required(item, "document", where)), int(item.get("addendum") or 0))
            document = self.documents.get(key)
            if document is None:
                raise DemoDataError(f"{where}: {symbol} is in document {key[0]}, not listed")
            mark = _required(item, "mark", where)
            if mark not in Proposal.Mark.values:
                raise DemoDataError(f"{where}: {symbol} has unknown mark {mark!r}")
            number = item.get("instrument")
            instrument = None
            if number is not None:
                instrument = self.instruments.get(str(number))
                if instrument is None:
                    raise DemoDataError(f"{where}: {symbol} changes unknown Resolution {number}")
            target = item.get("target") or ""
            anchor = item.get("anchor") or ""
            known = self.provisions.get(str(number)) if number is not None else None
            if known:
                for label, eid in (("target", target), ("anchor", anchor)):
                    if eid and eid not in known:
                        raise DemoDataError(
                            f"{where}: {symbol} has unknown {label} {eid!r} "
                            f"in Resolution {number}"
                        )
            try:
                proposal_create(
                    document=document,
                    symbol=symbol,
                    mark=mark,
                    instrument=instrument,
                    target=target,
                    anchor=anchor,
                    text=item.get("text") or "",
                    reasons=item.get("reasons") or "",
                    sequence=sequence,
                    sources=self.sources(item.get("sources") or [], where, symbol),
                )
            except ValidationError as exc:
                raise DemoDataError(f"{where}: {symbol}: {_one_line(exc)}") from None

    def load_path(self) -> None:
        """Meetings by hand, decisions and each text's path, from `path.json`."""
        load_path_demo(self, self.optional("path.json") or {}, DemoDataError)

    def load_drafts(self) -> None:
        """The drafting room: drafts with a few revisions, from `drafts.json`."""
        load_drafts_demo(self, self.optional("drafts.json"), DemoDataError)

    def load_floor(self) -> None:
        """A list of speakers under way in today's meeting of the Working Group of the
        Plenary, on Resolution 133, from `floor.json`."""
        load_floor_demo(self, self.optional("floor.json") or {}, DemoDataError)

    def load_elections(self) -> None:
        """A finished election of the Secretary-General over three rounds, the Council
        over the five regions, a round still open, and proxies, from `elections.json`."""
        load_elections_demo(self, self.optional("elections.json") or {}, DemoDataError)

    def load_submissions(self) -> None:
        """A late submission waiting for the secretariat, a file not yet submitted."""
        load_submissions_demo(self, self.optional("submissions.json"), DemoDataError)

    def load_accounts(self) -> None:
        where = "accounts.json"
        for item in self.optional(where):
            username = _required(item, "username", where)
            role = _required(item, "role", where)
            if role not in Role.values:
                raise DemoDataError(f"{where}: {username} has unknown role {role!r}")
            if User.objects.filter(username=username).exists():
                continue
            user = User(
                username=username,
                role=role,
                display_name=item.get("display", ""),
                is_staff=role == Role.SECRETARIAT,
                is_superuser=role == Role.SECRETARIAT,
            )
            user.set_password(_required(item, "password", where))
            user.save()
            person = self.account_person(item, username, where)
            if person is not None:
                person.user = user
                person.save(update_fields=["user"])

    def load_translations(self) -> None:
        """Resolutions in six languages, the glossary and a DT waiting for translation."""
        load_translation_demo(self, DemoDataError)

    def load_access(self) -> None:
        """The conference's access decisions and the documents that test them: temporary
        documents of closed groups, limited distribution, a source's own publication."""
        where = "access.json"
        if not (self.data_dir / where).exists():
            return
        data = self.read(where)
        decisions = data.get("decisions") or {}
        AccessDecisions.objects.create(
            conference=self.conference,
            public_kinds=list(decisions.get("public_kinds") or []),
            source_may_publish=bool(decisions.get("source_may_publish", True)),
        )
        for item in data.get("documents") or []:
            number = str(_required(item, "number", where))
            body_code = item.get("body")
            if body_code and body_code not in self.bodies:
                raise DemoDataError(f"{where}: {number} is allocated to unknown body {body_code}")
            try:
                document = document_create(
                    conference=self.conference,
                    number=number,
                    kind=_required(item, "kind", where),
                    title=_required(item, "title", where),
                    original_language=item.get("language") or "en",
                    date=_date(_required(item, "date", where), f"{where}: {number}"),
                    body=self.bodies.get(body_code) if body_code else None,
                    sources=self.sources(item.get("sources") or [], where, number),
                    text=item.get("text") or "",
                )
            except ValidationError as exc:
                raise DemoDataError(f"{where}: {number}: {_one_line(exc)}") from None
            if item.get("limited") or item.get("published_by_source"):
                DocumentRelease.objects.create(
                    document=document,
                    limited=bool(item.get("limited")),
                    published_by_source=bool(item.get("published_by_source")),
                )

    def load_rooms(self) -> None:
        """The venue's meeting rooms for the planner, from `rooms.json`."""
        where = "rooms.json"
        rooms = []
        for position, item in enumerate(self.optional(where)):
            capacity = _required(item, "capacity", where)
            if not isinstance(capacity, int) or capacity < 1:
                raise DemoDataError(f"{where}: {item.get('name')!r} needs at least one seat")
            rooms.append(
                Room(
                    conference=self.conference,
                    name=_required(item, "name", where),
                    names=_names(item, "names", where) or None,
                    capacity=capacity,
                    interpretation=bool(item.get("interpretation", False)),
                    position=position,
                )
            )
        Room.objects.bulk_create(rooms)

    def account_person(self, item: dict, username: str, where: str) -> Person | None:
        """The person behind a demo account: the body's chair, or a delegation member."""
        body_code = item.get("body")
        if body_code:
            body = self.bodies.get(body_code)
            if body is None:
                raise DemoDataError(f"{where}: {username} names unknown body {body_code}")
            if body.chair is not None and body.chair.user_id is None:
                return body.chair
        iso3 = item.get("iso3")
        if iso3:
            members = self.people.get(iso3)
            if not members:
                raise DemoDataError(f"{where}: {username} names {iso3}, which has no delegation")
            # A "delegate" account is an ordinary delegate where the delegation has one;
            # in a one-person delegation it is the head.
            wanted = item.get("delegation_role") or (
                Person.DelegationRole.DELEGATE if item.get("role") == Role.DELEGATE else None
            )
            free = []
            for person in members:
                person.refresh_from_db(fields=["user"])
                if person.user_id is None:
                    free.append(person)
            for person in free:
                if wanted is None or person.delegation_role == wanted:
                    return person
            return free[0] if free else None
        return None


def _names(item: dict, key: str, where: str) -> dict[str, str]:
    """A name in other languages: {language code: text} over the six languages."""
    names = item.get(key) or {}
    if not isinstance(names, dict) or not all(
        code in Language.values and isinstance(text, str) and text.strip()
        for code, text in names.items()
    ):
        raise DemoDataError(f"{where}: {key} must map language codes (ar, zh, en, fr, ru, es) to text")
    return {code: text.strip() for code, text in names.items()}


def _name_pool(names: dict, *, iso3: str, region: str) -> dict | None:
    """The most specific pool of names for a country.

    A pool keyed by the country's ISO alpha-3 code wins; then a group of its region that
    lists the country among its members; then the region's own pool.
    """
    if names.get(iso3):
        return names[iso3]
    regional = names.get(region) or {}
    for group in regional.get("groups", ()):
        if iso3 in group.get("members", ()):
            return group
    return regional or None


def _one_line(exc: Exception) -> str:
    if hasattr(exc, "message_dict"):
        text = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    elif hasattr(exc, "messages"):
        text = " ".join(exc.messages)
    else:
        text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__
