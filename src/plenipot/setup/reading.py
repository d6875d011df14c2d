"""Reading a conference's set-up file (docs/setup.md): TOML, with the accounts in CSV and
the texts in force in plain text, Word or Akoma Ntoso.

Everything that can be checked without the database is checked here, and every problem
is reported with the file and the line it is on, all of them at once; nothing is written
until the whole file has been read. What needs the database (an account or a body that
already exists) is checked when the plan is applied, in the same transaction as the
writes (`setup.services`).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import tomllib
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from plenipot.accounts.models import Role
from plenipot.conference import itu
from plenipot.conference.models import Body, Language, Person
from plenipot.engine.instrument import ParseError
from plenipot.formats.safety import DEFAULT_LIMITS, FormatError, check_size, check_text
from plenipot.formats.texts_in_force import read_text_in_force
from plenipot.negotiation.models import Instrument

TOP_KEYS = (
    "conference", "member_states", "regional_organisations", "delegations", "accounts",
    "bodies", "rooms", "instruments",
)  # fmt: skip
CONFERENCE_KEYS = (
    "name", "short_name", "city", "country", "start", "end", "languages", "time_zone",
    "submission_deadline", "today", "names", "city_names", "country_names",
)  # fmt: skip
CONFERENCE_REQUIRED = ("name", "short_name", "city", "country", "start", "end")
REGIONAL_KEYS = ("symbol", "acronym", "name", "members")
BODY_KEYS = (
    "code", "name", "names", "kind", "parent", "openness", "chair", "vice_chairs", "mandate",
    "deadline",
)  # fmt: skip
ROOM_KEYS = ("name", "names", "capacity", "interpretation")
INSTRUMENT_KEYS = ("kind", "number", "title", "titles", "file")
ACCOUNT_COLUMNS = (
    "username", "email", "role", "delegation", "body", "given_name", "family_name",
    "delegation_role",
)  # fmt: skip
ACCOUNT_REQUIRED = ("username", "role")
TEXT_SUFFIXES = (".txt", ".docx", ".xml", ".akn")
MAX_NAME = 200


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return _("%(file)s, line %(line)d: %(message)s") % {
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }


class SetupError(Exception):
    """The file is refused; every problem found, in the order of the lines."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Where:
    """A line of a file, for a problem found later, when the plan is applied."""

    file: str
    line: int | None

    def problem(self, message: str) -> SetupError:
        return SetupError([Problem(self.file, self.line, message)])


@dataclass(frozen=True)
class ConferencePlan:
    name: str
    short_name: str
    city: str
    country: str
    start: datetime.date
    end: datetime.date
    languages: tuple[str, ...]
    time_zone: str
    submission_deadline: datetime.datetime | None
    today: datetime.date | None
    where: Where
    names: dict[str, str] = field(default_factory=dict)
    city_names: dict[str, str] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RegionalPlan:
    symbol: str
    acronym: str
    name: str
    members: tuple[str, ...]
    where: Where


@dataclass(frozen=True)
class BodyPlan:
    code: str
    name: str
    kind: str
    parent: str
    openness: str
    chair: str
    vice_chairs: tuple[str, ...]
    mandate: str
    deadline: datetime.date | None
    where: Where
    chair_where: Where
    names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RoomPlan:
    name: str
    capacity: int
    interpretation: bool
    position: int
    where: Where
    names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class InstrumentPlan:
    kind: str
    number: str
    title: str
    text: str
    where: Where
    titles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AccountPlan:
    username: str
    email: str
    role: str
    delegation: str
    body: str
    given_name: str
    family_name: str
    delegation_role: str
    where: Where


@dataclass(frozen=True)
class Plan:
    """What a set-up file asks for, checked as far as it can be without the database."""

    file: str
    conference: ConferencePlan
    member_states: tuple[dict, ...]
    regional_organisations: tuple[RegionalPlan, ...]
    delegations: tuple[str, ...]
    bodies: tuple[BodyPlan, ...]
    rooms: tuple[RoomPlan, ...]
    instruments: tuple[InstrumentPlan, ...]
    accounts: tuple[AccountPlan, ...]


# --- where a key is in the file -----------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")


class _Lines:
    """The line of each table and key of a TOML file, by their path: ``("conference",
    "start")``, ``("bodies", 2, "parent")``. tomllib keeps no positions."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.keys: dict[tuple, int] = {}
        table: tuple = ()
        counts: Counter[str] = Counter()
        in_string = False
        for number, raw in enumerate(self.lines, start=1):
            if raw.count('"""') % 2 or raw.count("'''") % 2:
                in_string = not in_string
                if in_string:
                    self._key(raw, table, number)
                continue
            if in_string:
                continue
            header = _HEADER.match(raw)
            if header:
                name = header.group(2).strip('"')
                if header.group(1) == "[[":
                    table = (name, counts[name])
                    counts[name] += 1
                else:
                    table = (name,)
                self.keys.setdefault(table, number)
                continue
            self._key(raw, table, number)

    def _key(self, raw: str, table: tuple, number: int) -> None:
        key = _KEY.match(raw)
        if key:
            self.keys.setdefault((*table, key.group(1).strip('"')), number)

    def line(self, *path: Any, value: str | None = None) -> int | None:
        """The line of the most precise part of `path` found; with `value`, the first line
        from there on that holds it (an item of a list spread over several lines)."""
        for length in range(len(path), 0, -1):
            found = self.keys.get(tuple(path[:length]))
            if found is None:
                continue
            if value is not None and length == len(path):
                quoted = (f'"{value}"', f"'{value}'")
                for offset, text in enumerate(self.lines[found - 1 : found + 400]):
                    if any(q in text for q in quoted):
                        return found + offset
            return found
        return None


# --- the reader ---------------------------------------------------------------------------


class _Reader:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.file = path.name
        self.at = _Lines(text)
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = tuple(Language.values)

    def where(self, *path: Any, value: str | None = None) -> Where:
        return Where(self.file, self.at.line(*path, value=value))

    def refuse(self, message: str, *path: Any, value: str | None = None, file: str = "", line=None):
        if file:
            self.problems.append(Problem(file, line, message))
        else:
            self.problems.append(Problem(self.file, self.at.line(*path, value=value), message))

    # values

    def text(self, table: dict, key: str, path: tuple, *, required=False, limit=MAX_NAME) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.refuse(_("%(key)s is missing.") % {"key": _dotted(path, key)}, *path)
            return ""
        if isinstance(value, int) and not isinstance(value, bool) and key in ("number", "code"):
            value = str(value)
        if not isinstance(value, str):
            self.refuse(
                _("%(key)s must be text in quotes.") % {"key": _dotted(path, key)}, *path, key
            )
            return ""
        value = value.strip()
        if required and not value:
            self.refuse(_("%(key)s is empty.") % {"key": _dotted(path, key)}, *path, key)
        elif len(value) > limit:
            self.refuse(
                _("%(key)s is longer than %(limit)d characters.")
                % {"key": _dotted(path, key), "limit": limit},
                *path,
                key,
            )
            return ""
        try:
            check_text(value, _dotted(path, key))
        except FormatError as exc:
            self.refuse(str(exc), *path, key)
            return ""
        return value

    def names(self, table: dict, key: str, path: tuple, *, limit=MAX_NAME) -> dict[str, str]:
        """A name in other languages: an inline table of the conference's language codes
        to text, ``names = { fr = "Commission 5", zh = "第5委员会" }``."""
        value = table.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.refuse(
                _('%(key)s must be a table of language codes to names, for example '
                  '{ fr = "…", es = "…" }.') % {"key": _dotted(path, key)},
                *path,
                key,
            )  # fmt: skip
            return {}
        names: dict[str, str] = {}
        for code in value:
            if code not in self.languages:
                self.refuse(
                    _("%(key)s: %(code)s is not one of the conference's languages (%(known)s).")
                    % {"key": _dotted(path, key), "code": code, "known": ", ".join(self.languages)},
                    *path,
                    key,
                )
                continue
            text = self.text(value, code, (*path, key), required=True, limit=limit)
            if text:
                names[code] = text
        return names

    def day(self, table: dict, key: str, path: tuple, *, required=False) -> datetime.date | None:
        value = table.get(key)
        if value is None:
            if required:
                self.refuse(_("%(key)s is missing.") % {"key": _dotted(path, key)}, *path)
            return None
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value.strip())
            except ValueError:
                value = None
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            self.refuse(
                _("%(key)s must be a day, written 2027-05-11.") % {"key": _dotted(path, key)},
                *path,
                key,
            )
            return None
        return value

    def unknown(self, table: dict, known: tuple[str, ...], path: tuple) -> None:
        for key in table:
            if key not in known:
                self.refuse(
                    _("Unknown key %(key)s; the keys here are: %(known)s.")
                    % {"key": _dotted(path, key), "known": ", ".join(known)},
                    *path,
                    key,
                )

    def tables(self, data: dict, key: str) -> list[dict]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.refuse(
                _("%(key)s must be a list of tables, each written [[%(key)s]].") % {"key": key},
                key,
            )
            return []
        return value

    # the file

    def read(self, data: dict) -> Plan | None:
        self.unknown(data, TOP_KEYS, ())
        conference = self.conference(data)
        states = self.member_states(data)
        codes = {state["iso3"] for state in states}
        regional = self.regional(data, codes)
        accounts = self.accounts(data, codes)
        delegations = self.delegations(data, codes, accounts)
        bodies = self.bodies(data, accounts)
        rooms = self.rooms(data)
        instruments = self.instruments(data)
        if self.problems or conference is None:
            raise SetupError(self.problems)
        return Plan(
            file=self.file,
            conference=conference,
            member_states=tuple(states),
            regional_organisations=tuple(regional),
            delegations=tuple(delegations),
            bodies=tuple(bodies),
            rooms=tuple(rooms),
            instruments=tuple(instruments),
            accounts=tuple(accounts),
        )

    def conference(self, data: dict) -> ConferencePlan | None:
        table = data.get("conference")
        if not isinstance(table, dict):
            self.refuse(_("The file needs a [conference] table."), "conference", file=self.file, line=1)
            return None
        path = ("conference",)
        self.unknown(table, CONFERENCE_KEYS, path)
        values = {key: self.text(table, key, path, required=True) for key in ("name", "city", "country")}
        short_name = self.text(table, "short_name", path, required=True, limit=30)
        if short_name and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", short_name):
            self.refuse(
                _("conference.short_name %(name)s may hold only letters, digits, '-', '_' and '.'.")
                % {"name": short_name},
                *path,
                "short_name",
            )
        start = self.day(table, "start", path, required=True)
        end = self.day(table, "end", path, required=True)
        if start and end and end < start:
            self.refuse(_("The conference cannot end before it starts."), *path, "end")
        languages = self.official_languages(table, path)
        self.languages = languages
        names = {
            "names": self.names(table, "names", path),
            "city_names": self.names(table, "city_names", path, limit=100),
            "country_names": self.names(table, "country_names", path, limit=100),
        }
        time_zone = self.text(table, "time_zone", path, limit=64)
        if time_zone:
            try:
                zone = zoneinfo.ZoneInfo(time_zone)
            except (ValueError, zoneinfo.ZoneInfoNotFoundError):
                self.refuse(
                    _("%(zone)s is not a time zone (for example Europe/Zurich or Asia/Seoul).")
                    % {"zone": time_zone},
                    *path,
                    "time_zone",
                )
                zone = datetime.UTC
        else:
            zone = datetime.UTC
        deadline = self.deadline(table, path, zone)
        today = self.day(table, "today", path)
        return ConferencePlan(
            short_name=short_name,
            start=start or datetime.date.min,
            end=end or datetime.date.min,
            languages=languages,
            time_zone=time_zone,
            submission_deadline=deadline,
            today=today,
            where=self.where(*path),
            **values,
            **names,
        )

    def official_languages(self, table: dict, path: tuple) -> tuple[str, ...]:
        value = table.get("languages", list(Language.values))
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            self.refuse(
                _("conference.languages must list one or more of ar, zh, en, fr, ru, es."),
                *path,
                "languages",
            )
            return tuple(Language.values)
        languages: list[str] = []
        for code in value:
            if not isinstance(code, str) or code not in Language.values:
                self.refuse(
                    _("%(code)s is not an official language; the codes are ar, zh, en, fr, ru, es.")
                    % {"code": code},
                    *path,
                    "languages",
                )
            elif code in languages:
                self.refuse(
                    _("%(code)s is listed twice in conference.languages.") % {"code": code},
                    *path,
                    "languages",
                )
            else:
                languages.append(code)
        return tuple(languages)

    def deadline(self, table: dict, path: tuple, zone) -> datetime.datetime | None:
        value = table.get("submission_deadline")
        if value is None:
            return None
        if isinstance(value, str):
            try:
                value = datetime.datetime.fromisoformat(value.strip())
            except ValueError:
                value = None
        if isinstance(value, datetime.datetime):
            return value if value.tzinfo else value.replace(tzinfo=zone)
        if isinstance(value, datetime.date):
            # A day: submissions close at the end of it where the conference meets.
            return datetime.datetime.combine(value, datetime.time(23, 59), tzinfo=zone)
        self.refuse(
            _("conference.submission_deadline must be a day (2027-04-12) or a moment "
              "(2027-04-12T23:59:00+02:00)."),
            *path,
            "submission_deadline",
        )  # fmt: skip
        return None

    def member_states(self, data: dict) -> list[dict]:
        value = data.get("member_states", "itu")
        shipped = {state["iso3"]: state for state in itu.member_states()}
        if value == "itu":
            return list(shipped.values())
        if not isinstance(value, list) or not value:
            self.refuse(
                _('member_states must be "itu" (the 193) or a list of ISO 3166 alpha-3 codes.'),
                "member_states",
            )
            return []
        states = []
        for code in value:
            if not isinstance(code, str) or code.upper() not in shipped:
                self.refuse(
                    _("%(code)s is not the ISO 3166 alpha-3 code of an ITU Member State.")
                    % {"code": code},
                    "member_states",
                    value=str(code),
                )
            elif shipped[code.upper()] not in states:
                states.append(shipped[code.upper()])
        return states

    def regional(self, data: dict, states: set[str]) -> list[RegionalPlan]:
        value = data.get("regional_organisations", [])
        if value == "itu":
            items = [dict(item) for item in itu.regional_organisations()]
            plans = []
            for item in items:
                members = tuple(code for code in item["members"] if code in states)
                plans.append(
                    RegionalPlan(
                        item["symbol"], item.get("acronym", ""), item["name"], members,
                        self.where("regional_organisations"),
                    )
                )  # fmt: skip
            return plans
        plans = []
        symbols: set[str] = set()
        for index, item in enumerate(self.tables(data, "regional_organisations")):
            path = ("regional_organisations", index)
            self.unknown(item, REGIONAL_KEYS, path)
            symbol = self.text(item, "symbol", path, required=True, limit=10)
            name = self.text(item, "name", path, required=True)
            acronym = self.text(item, "acronym", path, limit=30)
            if symbol in symbols:
                self.refuse(_("%(symbol)s is given twice.") % {"symbol": symbol}, *path, "symbol")
            symbols.add(symbol)
            members = item.get("members", [])
            if not isinstance(members, list):
                self.refuse(_("members must be a list of ISO 3166 alpha-3 codes."), *path, "members")
                members = []
            for code in members:
                if not isinstance(code, str) or code.upper() not in states:
                    self.refuse(
                        _("%(code)s is not one of the conference's Member States.") % {"code": code},
                        *path,
                        "members",
                        value=str(code),
                    )
            plans.append(
                RegionalPlan(
                    symbol, acronym, name,
                    tuple(c.upper() for c in members if isinstance(c, str) and c.upper() in states),
                    self.where(*path),
                )
            )  # fmt: skip
        return plans

    def delegations(self, data: dict, states: set[str], accounts: list[AccountPlan]) -> list[str]:
        value = data.get("delegations", [])
        codes: list[str] = []
        if value == "all":
            codes = sorted(states)
        elif isinstance(value, list):
            for code in value:
                if not isinstance(code, str) or code.upper() not in states:
                    self.refuse(
                        _("%(code)s is not one of the conference's Member States.") % {"code": code},
                        "delegations",
                        value=str(code),
                    )
                else:
                    codes.append(code.upper())
        else:
            self.refuse(
                _('delegations must be "all" or a list of ISO 3166 alpha-3 codes.'), "delegations"
            )
        for account in accounts:
            if account.delegation and account.delegation not in codes:
                codes.append(account.delegation)
        return codes

    def bodies(self, data: dict, accounts: list[AccountPlan]) -> list[BodyPlan]:
        plans: list[BodyPlan] = []
        codes: set[str] = set()
        for index, item in enumerate(self.tables(data, "bodies")):
            path = ("bodies", index)
            self.unknown(item, BODY_KEYS, path)
            code = self.text(item, "code", path, required=True, limit=40)
            name = self.text(item, "name", path, required=True)
            parent = self.text(item, "parent", path, limit=40)
            if code in codes:
                self.refuse(_("Body %(code)s is given twice.") % {"code": code}, *path, "code")
            if parent and parent == code:
                self.refuse(_("Body %(code)s cannot be its own parent.") % {"code": code}, *path, "parent")
            codes.add(code)
            kind = self.text(item, "kind", path) or (Body.Kind.COMMITTEE if parent else Body.Kind.PLENARY)
            if kind not in Body.Kind.values:
                self.refuse(
                    _("%(value)s is not a kind of body; the kinds are: %(known)s.")
                    % {"value": kind, "known": ", ".join(Body.Kind.values)},
                    *path,
                    "kind",
                )
            elif kind == Body.Kind.PLENARY and parent:
                self.refuse(_("The Plenary has no parent body."), *path, "parent")
            elif kind != Body.Kind.PLENARY and not parent:
                self.refuse(
                    _("Only the Plenary stands without a parent body: give %(code)s a parent.")
                    % {"code": code},
                    *path,
                )
            openness = self.text(item, "openness", path) or Body.Openness.DELEGATIONS
            if openness not in Body.Openness.values:
                self.refuse(
                    _("%(value)s is not an openness; it is one of: %(known)s.")
                    % {"value": openness, "known": ", ".join(Body.Openness.values)},
                    *path,
                    "openness",
                )
            chair = self.text(item, "chair", path, limit=150)
            vice_chairs = item.get("vice_chairs", [])
            if not isinstance(vice_chairs, list) or not all(isinstance(v, str) for v in vice_chairs):
                self.refuse(_("vice_chairs must be a list of user names."), *path, "vice_chairs")
                vice_chairs = []
            plans.append(
                BodyPlan(
                    code=code,
                    name=name,
                    kind=kind,
                    parent=parent,
                    openness=openness,
                    chair=chair,
                    vice_chairs=tuple(v.strip() for v in vice_chairs),
                    mandate=self.text(item, "mandate", path, limit=5000),
                    deadline=self.day(item, "deadline", path),
                    where=self.where(*path),
                    chair_where=self.where(*path, "chair"),
                    names=self.names(item, "names", path),
                )
            )
        # The accounts file names the body an account chairs; the two must agree.
        by_code = {plan.code: plan for plan in plans}
        for account in accounts:
            plan = by_code.get(account.body)
            if plan is not None and plan.chair and plan.chair != account.username:
                self.refuse(
                    _("%(user)s is named chair of %(body)s, which the set-up file gives to %(chair)s.")
                    % {"user": account.username, "body": account.body, "chair": plan.chair},
                    file=account.where.file,
                    line=account.where.line,
                )
        return plans

    def rooms(self, data: dict) -> list[RoomPlan]:
        plans = []
        names: set[str] = set()
        for index, item in enumerate(self.tables(data, "rooms")):
            path = ("rooms", index)
            self.unknown(item, ROOM_KEYS, path)
            name = self.text(item, "name", path, required=True, limit=100)
            if name in names:
                self.refuse(_("Room %(name)s is given twice.") % {"name": name}, *path, "name")
            names.add(name)
            capacity = item.get("capacity")
            if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
                self.refuse(_("capacity must be a number of seats, 1 or more."), *path, "capacity")
                capacity = 1
            interpretation = item.get("interpretation", False)
            if not isinstance(interpretation, bool):
                self.refuse(_("interpretation must be true or false."), *path, "interpretation")
                interpretation = False
            plans.append(
                RoomPlan(
                    name, capacity, interpretation, index, self.where(*path),
                    names=self.names(item, "names", path, limit=100),
                )
            )  # fmt: skip
        return plans

    def instruments(self, data: dict) -> list[InstrumentPlan]:
        plans = []
        seen: set[tuple[str, str]] = set()
        for index, item in enumerate(self.tables(data, "instruments")):
            path = ("instruments", index)
            self.unknown(item, INSTRUMENT_KEYS, path)
            kind = self.text(item, "kind", path) or Instrument.Kind.RESOLUTION
            if kind not in Instrument.Kind.values:
                self.refuse(
                    _("%(value)s is not a kind of instrument; it is one of: %(known)s.")
                    % {"value": kind, "known": ", ".join(Instrument.Kind.values)},
                    *path,
                    "kind",
                )
            number = self.text(item, "number", path, required=True, limit=20)
            if (kind, number) in seen:
                self.refuse(
                    _("%(kind)s %(number)s is given twice.") % {"kind": kind, "number": number},
                    *path,
                    "number",
                )
            seen.add((kind, number))
            name = self.text(item, "file", path, required=True, limit=500)
            text, title, read_titles = (
                self.instrument_file(name, path, kind, number) if name else ("", "", {})
            )
            given_title = self.text(item, "title", path, limit=500)
            # An Akoma Ntoso file states its language: its title is the one in that
            # language, unless the set-up file gives another.
            titles = {
                **{code: text for code, text in read_titles.items() if code in self.languages},
                **self.names(item, "titles", path, limit=500),
            }
            title = given_title or title
            plans.append(
                InstrumentPlan(
                    kind, number, title, text, self.where(*path),
                    titles={code: words for code, words in titles.items() if words != title},
                )
            )  # fmt: skip
        return plans

    def instrument_file(
        self, name: str, path: tuple, kind: str = "", number: str = ""
    ) -> tuple[str, str, dict[str, str]]:
        """The text in force in the engine's plain-text format, and its title: read as
        the site reads an imported text (`formats.texts_in_force`), and naming the
        instrument the file is given for (`kind`, `number`) when its number line names
        one."""
        file = (self.path.parent / name).resolve()
        if file.suffix.lower() not in TEXT_SUFFIXES:
            self.refuse(
                _("%(file)s: a text in force is a .txt, .docx or Akoma Ntoso .xml file.")
                % {"file": name},
                *path,
                "file",
            )
            return "", "", {}
        try:
            data = file.read_bytes()
            read = read_text_in_force(file.name, data, limits=DEFAULT_LIMITS)
        except OSError as exc:
            self.refuse(
                _("%(file)s cannot be read: %(reason)s")
                % {"file": name, "reason": exc.strerror or exc},
                *path,
                "file",
            )
            return "", "", {}
        except (FormatError, ParseError, ValueError) as exc:
            reason = exc.say(_) if isinstance(exc, FormatError) else str(exc)
            self.refuse(
                _("%(file)s: %(reason)s") % {"file": name, "reason": _first_line(reason)},
                *path,
                "file",
            )
            return "", "", {}
        if (read.kind and kind and read.kind != kind) or (
            read.number and number and read.number != number
        ):
            self.refuse(
                _("%(file)s holds %(named)s, not %(given)s.")
                % {
                    "file": name,
                    "named": read.instrument.number[:80],
                    "given": f"{Instrument.Kind(kind).label if kind in Instrument.Kind.values else kind} {number}",
                },
                *path,
                "number",
            )
            return "", "", {}
        return read.text, read.instrument.title, read.titles

    def accounts(self, data: dict, states: set[str]) -> list[AccountPlan]:
        name = data.get("accounts")
        if name is None:
            return []
        if not isinstance(name, str) or not name.strip():
            self.refuse(_("accounts must name a CSV file."), "accounts")
            return []
        file = (self.path.parent / name).resolve()
        try:
            raw = file.read_bytes()
            check_size(len(raw), DEFAULT_LIMITS)
            text = check_text(raw.decode("utf-8-sig"), name)
        except OSError as exc:
            self.refuse(
                _("%(file)s cannot be read: %(reason)s")
                % {"file": name, "reason": exc.strerror or exc},
                "accounts",
            )
            return []
        except UnicodeDecodeError:
            self.refuse(_("%(file)s is not UTF-8 text.") % {"file": name}, "accounts")
            return []
        except FormatError as exc:
            self.refuse(str(exc), "accounts")
            return []
        return self.account_rows(file.name, text, states)

    def account_rows(self, file: str, text: str, states: set[str]) -> list[AccountPlan]:
        reader = csv.reader(io.StringIO(text))
        header = [cell.strip().lower() for cell in next(reader, [])]
        missing = [column for column in ACCOUNT_REQUIRED if column not in header]
        unknown = [column for column in header if column not in ACCOUNT_COLUMNS]
        if missing or unknown or len(set(header)) != len(header):
            self.refuse(
                _("The first line names the columns: %(columns)s (username and role required).")
                % {"columns": ", ".join(ACCOUNT_COLUMNS)},
                file=file,
                line=1,
            )
            return []
        plans: list[AccountPlan] = []
        usernames: set[str] = set()
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                self.refuse(
                    _("%(count)d columns where the first line names %(expected)d.")
                    % {"count": len(row), "expected": len(header)},
                    file=file,
                    line=line,
                )
                continue
            values = {column: cell.strip() for column, cell in zip(header, row, strict=True)}
            plan = self.account(values, file, line, states)
            if plan is None:
                continue
            if plan.username in usernames:
                self.refuse(
                    _("%(user)s is listed twice.") % {"user": plan.username}, file=file, line=line
                )
                continue
            usernames.add(plan.username)
            plans.append(plan)
        return plans

    def account(self, values: dict, file: str, line: int, states: set[str]) -> AccountPlan | None:
        problems = len(self.problems)
        username = values.get("username", "")
        if not username or len(username) > 150 or not re.fullmatch(r"[\w.@+-]+", username):
            self.refuse(
                _("%(user)s is not a user name (letters, digits and @ . + - _, at most 150).")
                % {"user": username},
                file=file,
                line=line,
            )
        role = values.get("role", "")
        if role not in Role.values:
            self.refuse(
                _("%(role)s is not a role; the roles are: %(known)s.")
                % {"role": role, "known": ", ".join(Role.values)},
                file=file,
                line=line,
            )
        delegation = values.get("delegation", "").upper()
        if delegation and delegation not in states:
            self.refuse(
                _("%(code)s is not one of the conference's Member States.") % {"code": delegation},
                file=file,
                line=line,
            )
        if role == Role.DELEGATE and not delegation:
            self.refuse(
                _("A delegate belongs to a delegation: give its ISO 3166 alpha-3 code."),
                file=file,
                line=line,
            )
        delegation_role = values.get("delegation_role", "")
        if delegation_role and delegation_role not in Person.DelegationRole.values:
            self.refuse(
                _("%(value)s is not a role in a delegation; it is one of: %(known)s.")
                % {"value": delegation_role, "known": ", ".join(Person.DelegationRole.values)},
                file=file,
                line=line,
            )
        if delegation_role and not delegation:
            self.refuse(_("A role in a delegation needs a delegation."), file=file, line=line)
        for column in ("email", "given_name", "family_name", "body"):
            try:
                check_text(values.get(column, ""), column)
            except FormatError as exc:
                self.refuse(str(exc), file=file, line=line)
        if len(self.problems) > problems:
            return None
        return AccountPlan(
            username=username,
            email=values.get("email", ""),
            role=role,
            delegation=delegation,
            body=values.get("body", ""),
            given_name=values.get("given_name", "")[:100],
            family_name=values.get("family_name", "")[:100],
            delegation_role=delegation_role,
            where=Where(file, line),
        )


def _dotted(path: tuple, key: str) -> str:
    names = [str(part) for part in path if isinstance(part, str)]
    return ".".join([*names, key])


def _first_line(exc: Exception | str) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


_AT_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")


def read_plan(path: Path) -> Plan:
    """Read and check a set-up file; ``SetupError`` lists every problem with its line."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SetupError([Problem(name, None, _("cannot be read: %(reason)s") % {"reason": exc.strerror or exc})]) from None
    try:
        text = raw.decode("utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise SetupError([Problem(name, None, _("is not UTF-8 text."))]) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _AT_LINE.search(message)
        line = int(found.group(1)) if found else None
        message = _AT_LINE.sub("", message) if found else message
        raise SetupError([Problem(name, line, _("not valid TOML: %(reason)s") % {"reason": message})]) from None
    return _Reader(path, text).read(data)


__all__ = [
    "AccountPlan", "BodyPlan", "ConferencePlan", "InstrumentPlan", "Plan", "Problem",
    "RegionalPlan", "RoomPlan", "SetupError", "Where", "read_plan",
]  # fmt: skip

