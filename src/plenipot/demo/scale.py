"""A conference N times the demo, to measure how the site's cost grows with the work.

`demo_scale(factor=N)` loads the demo conference if it is not there, then adds to the
same conference N − 1 more slices of work the size of the demo's. Slice 0 is the demo
itself; slice k (1 ≤ k < N) holds:

- the demo's groups again (every body below a committee or below the Working Group of
  the Plenary), coded ``<code>.<k>`` under the same committees, with chairs and
  vice-chairs from the same delegations — through `body_create`;
- the demo's resolutions again, numbered 1000·k + n ("Resolution 1101"), the number line
  of their text and of their translations renumbered to match;
- the demo's input documents and its documents of every other kind (DT, DL, ADM, INF,
  output) numbered 1000·k + n, with the same kinds, sources, bodies, languages, dates and
  releases, and the proposals in them ("RCC/1014A1/1") on the slice's resolutions;
- the paths of the slice's texts, replayed step by step through the tracker's services:
  allocations, DTs with their translations, decisions with statements, blue and pink
  documents, declarations. The demo's meetings of the Plenary, the committees and the
  Working Group of the Plenary are shared: each slice adds its texts to their agendas
  (`agenda_item_add`), as a committee takes many texts in one meeting. The groups'
  meetings are the slice's own (`meeting_schedule`), at the demo's times, in the demo's
  room when it is free, else in the venue's first free room, else without a room, as the
  service refuses a room that is taken;
- the resolutions in force in six languages, and a DT waiting for translation with its
  pre-translation — through the translation services;
- the demo's drafting rooms, consolidated and edited through the negotiation services.

What a conference has once stays once: the delegations and their access decisions, the
glossary, the rooms, the list of speakers and the late submission of the demo.

Every slice, the demo's included, also gets:

- its main-series documents (input, output, ADM, INF, blue, pink) in every language of
  the conference, each version with its text and a small PDF file; DT and DL documents
  in their original language;
- 100 accounts: 90 delegates, each a new member of a delegation, and 10 observers; each
  follows three bodies and two resolutions.

One drafting room, the demo's first (Resolution 101 in the ad hoc group on Internet
matters), gets a long log: 10,000 revisions at 30 times the demo, in proportion below
(`revisions` to choose). The log mixes what a pen does all day: brackets put on words
with a delegation's wording, further wordings added to them, a wording chosen, statuses
set, footnotes added.

Shortcuts, and why they are safe:

- Documents, proposals, their sources and releases are written with `bulk_create`
  rather than one service call each: they are the demo's own rows, which
  `document_create` and `proposal_create` checked when the demo was loaded, with new
  numbers that cannot clash (each slice has its own thousand); the database's triggers
  (the search index, the public pages' counters) run on bulk inserts as on any other.
- Language versions and accounts are written with `bulk_create` too: one version per
  document and language of the conference (the one constraint on them), each file a
  PDF that `language_file_check` accepts; usernames that `user_create` would accept.
- The accounts share one password hash, computed once ("plenipot-demo", as the demo's
  accounts): hashing three thousand passwords with Argon2 would take minutes, and the
  same encoded hash checks the same password for every account.
- The long log is computed in memory with the engine and the same selectors the
  drafting room's service uses (`_record`), then written with `bulk_create`: numbered
  without gaps, each revision's operation applying to the text left by the one before,
  with its inverse, its live event, a checkpoint every `CHECKPOINT_EVERY` revisions, and
  the room's text, word origins and head as the service leaves them. A test builds the
  same log both ways and compares every column. Its times run one second apart after
  the room's last revision.
- Each slice is written in one transaction, and a slice already there is not written
  again: `demo_scale(factor=30)` after `factor=10` adds slices 10 to 29 only.
"""

from __future__ import annotations

import datetime
import json
import random
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from plenipot.accounts.models import DocumentRelease, Follow, Role, User
from plenipot.conference.models import Body, Conference, Delegation, Organisation, Person
from plenipot.demo.loader import (
    DATA_DIR,
    SEED,
    DemoDataError,
    _date,
    _Loader,
    _name_pool,
    _read_json,
    demo_load,
)
from plenipot.documents.models import Document, DocumentVersion, Proposal
from plenipot.engine import drafting
from plenipot.engine.symbols import parse_key
from plenipot.meetings.models import Meeting
from plenipot.meetings.services import agenda_item_add
from plenipot.negotiation.models import Draft, Instrument, Revision
from plenipot.negotiation.selectors import (
    CHECKPOINT_EVERY,
    draft_labels,
    draft_numbers,
    provision_event,
)
from plenipot.planning.models import Room
from plenipot.tracker.demo import _Steps, _when

#: Revisions of the long log at 30 times the demo; in proportion at other factors.
LONG_LOG_AT_30 = 10_000
ACCOUNTS_PER_SLICE = 100
OBSERVERS_PER_SLICE = 10
PASSWORD = "plenipot-demo"
#: A slice's numbers: documents and resolutions 1000·k + n.
NUMBERS_PER_SLICE = 1000
#: The bodies every slice shares; the others are copied.
SHARED_KINDS = (Body.Kind.PLENARY, Body.Kind.COMMITTEE)
SHARED_CODES = ("WGPL",)
#: Series whose documents are issued in every language of the conference.
ALL_LANGUAGES_SERIES = ("main", "ADM", "INF", "B", "R")


@dataclass(frozen=True)
class ScaleResult:
    """What `demo_scale` did: the slices it wrote now (0: the demo's own versions and
    accounts), the revisions it added to the long log, its time, and what the conference
    holds after it."""

    conference: Conference
    factor: int
    slices_built: tuple[int, ...]
    revisions_added: int
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)


def long_log_size(factor: int) -> int:
    """The long log's revisions at a factor: 10,000 at 30, in proportion elsewhere."""
    return round(LONG_LOG_AT_30 * factor / 30)


def demo_scale(
    *,
    factor: int,
    revisions: int | None = None,
    seed: int = SEED,
    today: datetime.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> ScaleResult:
    """Grow the demo conference to `factor` times the demo (see the module's docstring).

    `revisions` is the long log's length (default `long_log_size(factor)`); the log only
    grows. `progress` is told what was built, one line at a time."""
    if factor < 1:
        raise ValueError("the factor is 1 or more")
    say = progress or (lambda line: None)
    started = time.perf_counter()
    conference = demo_load(today=today).conference
    built = []
    with tempfile.TemporaryDirectory(prefix="plenipot-scale-") as folder:
        for k in range(factor):
            if _slice_built(k):
                continue
            moment = time.perf_counter()
            with transaction.atomic():
                after = Document.objects.aggregate(top=Max("pk"))["top"] if k else 0
                if k:
                    _SliceLoader(
                        conference=conference, k=k, folder=Path(folder) / str(k), seed=seed
                    ).load()
                _extras(conference=conference, k=k, after=after or 0, seed=seed)
            built.append(k)
            say(f"slice {k + 1} of {factor} in {time.perf_counter() - moment:.1f} s")
    target = long_log_size(factor) if revisions is None else revisions
    added = 0
    draft = long_log_draft(conference)
    if draft is not None and target > draft.head:
        moment = time.perf_counter()
        added = long_log_grow(draft=draft, target=target, seed=seed)
        say(f"{added} revisions in {time.perf_counter() - moment:.1f} s")
    return ScaleResult(
        conference=conference,
        factor=factor,
        slices_built=tuple(built),
        revisions_added=added,
        seconds=time.perf_counter() - started,
        counts=scale_counts(conference),
    )


def scale_counts(conference: Conference) -> dict[str, int]:
    """What the conference holds, for the record of a run."""
    return {
        "documents": Document.objects.filter(conference=conference).count(),
        "language versions": DocumentVersion.objects.filter(
            document__conference=conference
        ).count(),
        "proposals": Proposal.objects.filter(document__conference=conference).count(),
        "resolutions": Instrument.objects.filter(conference=conference).count(),
        "bodies": Body.objects.filter(conference=conference).count(),
        "meetings": Meeting.objects.filter(conference=conference).count(),
        "drafting rooms": Draft.objects.filter(body__conference=conference).count(),
        "revisions": Revision.objects.filter(draft__body__conference=conference).count(),
        "people": Person.objects.filter(delegation__conference=conference).count(),
        "accounts": User.objects.count(),
        "follows": Follow.objects.count(),
    }


def _username(k: int, n: int) -> str:
    return f"scale-{k}-{n:03d}"


def _slice_built(k: int) -> bool:
    # The slice's accounts are written last, in the slice's transaction.
    return User.objects.filter(username=_username(k, ACCOUNTS_PER_SLICE - 1)).exists()


# --- a slice: the demo's data, renumbered ------------------------------------------------


class _Renumber:
    """How slice k names what the demo names."""

    def __init__(self, k: int, shared_codes: set[str], instruments: set[str]) -> None:
        self.k = k
        self.offset = NUMBERS_PER_SLICE * k
        self.shared_codes = shared_codes
        self.instruments = instruments
        mention = r"(Resolutions?) (\d+(?:(?:, | and )\d+)*)"
        self._mention = re.compile(mention)

    def code(self, code: str | None) -> str | None:
        if not code or code in self.shared_codes:
            return code
        return f"{code}.{self.k}"

    def instrument(self, number: str | int | None) -> str | None:
        if number is None:
            return None
        number = str(number)
        return str(self.offset + int(number)) if number.isdigit() else f"{number}.{self.k}"

    def document(self, number: str | int) -> str:
        """27 → 1027, DT/1 → DT/1001."""
        series, sep, n = str(number).rpartition("/")
        return f"{series}{sep}{self.offset + int(n)}"

    def document_key(self, key: str) -> str:
        """27A1 → 1027A1: a document and its addendum, as path.json names them."""
        number, sep, addendum = key.partition("A")
        return f"{self.document(number)}{sep}{addendum}"

    def proposal(self, symbol: str) -> str:
        """RCC/14A1/1 → RCC/1014A1/1."""
        source, document, sequence = symbol.split("/")
        return f"{source}/{self.document_key(document)}/{sequence}"

    def words(self, text: str) -> str:
        """"Resolutions 101 and 102" → "Resolutions 1101 and 1102"."""

        def numbers(match: re.Match) -> str:
            renamed = re.sub(
                r"\d+",
                lambda n: self.instrument(n.group()) if n.group() in self.instruments else n.group(),
                match.group(2),
            )
            return f"{match.group(1)} {renamed}"

        return self._mention.sub(numbers, text)

    def name(self, name: str) -> str:
        renamed = self.words(name)
        return renamed if renamed != name else f"{name} ({self.k})"

    def number_line(self, text: str, number: str) -> str:
        """The text with the number on its first line changed to the slice's."""
        first, newline, rest = text.partition("\n")
        first = re.sub(
            rf"(?<!\d){re.escape(number)}(?!\d)", self.instrument(number), first, count=1
        )
        return first + newline + rest


class _SliceLoader(_Loader):
    """The demo loader's steps, run on a renumbered copy of the demo's data folder."""

    def __init__(self, *, conference: Conference, k: int, folder: Path, seed: int) -> None:
        super().__init__(data_dir=folder, rng=random.Random(seed + k))
        self.conference = conference
        self.k = k
        source = DATA_DIR
        for organisation in Organisation.objects.all():
            if organisation.kind == Organisation.Kind.MEMBER_STATE:
                self.by_iso3[organisation.iso3] = organisation
            if organisation.symbol:
                self.by_symbol[organisation.symbol] = organisation
        for delegation in Delegation.objects.filter(conference=conference).select_related(
            "organisation"
        ):
            self.delegations[delegation.organisation.iso3] = delegation
        order = {"head": 0, "delegate": 1, "adviser": 2}
        for person in Person.objects.filter(delegation__conference=conference).select_related(
            "delegation__organisation"
        ):
            self.people.setdefault(person.delegation.organisation.iso3, []).append(person)
        for members in self.people.values():
            members.sort(key=lambda p: (order[p.delegation_role], p.pk))
        bodies = _read_json(source, "bodies.json")
        shared = {
            item["code"]
            for item in bodies
            if item["kind"] in SHARED_KINDS or item["code"] in SHARED_CODES
        }
        for body in Body.objects.filter(conference=conference, code__in=shared):
            self.bodies[body.code] = body
        numbers = {path.stem for path in (source / "resolutions").glob("*.txt")}
        self.renumber = _Renumber(k, shared, numbers)
        _write_slice_folder(source, folder, self.renumber, bodies)

    def load(self, info: dict | None = None, today: datetime.date | None = None) -> Conference:
        self.load_bodies()
        self.load_resolutions()
        self.load_documents()
        self.load_proposals()
        self.load_access()
        self.load_translations()
        self.load_path()
        self.load_drafts()
        return self.conference

    def load_documents(self) -> None:
        """The input documents, in bulk (see the module's docstring)."""
        where = "documents.json"
        rows, sources = [], []
        for item in self.optional(where):
            document = _document_row(self, item, where)
            rows.append(document)
            sources.append(self.sources(item.get("sources") or [], where, document.number))
        self.documents = {}
        for document in _bulk_documents(rows, sources):
            self.documents[(document.number, document.addendum)] = document

    def load_proposals(self) -> None:
        """The proposals, in bulk, on the slice's resolutions."""
        where = "proposals.json"
        rows, sources = [], []
        for sequence, item in enumerate(self.optional(where), start=1):
            key = (str(item["document"]), int(item.get("addendum") or 0))
            document = self.documents.get(key)
            instrument = self.instruments.get(str(item["instrument"])) if item.get(
                "instrument"
            ) is not None else None
            if document is None or (item.get("instrument") is not None and instrument is None):
                raise DemoDataError(f"{where}: {item['symbol']}: unknown document or resolution")
            rows.append(
                Proposal(
                    document=document,
                    symbol=item["symbol"],
                    mark=item["mark"],
                    instrument=instrument,
                    target=item.get("target") or "",
                    anchor=item.get("anchor") or "",
                    text=item.get("text") or "",
                    reasons=item.get("reasons") or "",
                    sequence=sequence,
                )
            )
            sources.append(self.sources(item.get("sources") or [], where, item["symbol"]))
        created = Proposal.objects.bulk_create(rows)
        through = Proposal.sources.through
        through.objects.bulk_create(
            [
                through(proposal_id=proposal.pk, organisation_id=organisation.pk)
                for proposal, organisations in zip(created, sources, strict=True)
                for organisation in organisations
            ]
        )

    def load_access(self) -> None:
        """The documents of the other kinds, with their releases; the conference's access
        decisions are the demo's."""
        where = "access.json"
        data = self.read(where)
        rows, sources, releases = [], [], []
        for item in data.get("documents") or []:
            document = _document_row(self, item, where)
            document.text = item.get("text") or ""
            rows.append(document)
            sources.append(self.sources(item.get("sources") or [], where, document.number))
            releases.append(item)
        created = _bulk_documents(rows, sources)
        DocumentRelease.objects.bulk_create(
            [
                DocumentRelease(
                    document=document,
                    limited=bool(item.get("limited")),
                    published_by_source=bool(item.get("published_by_source")),
                )
                for document, item in zip(created, releases, strict=True)
                if item.get("limited") or item.get("published_by_source")
            ]
        )

    def load_path(self) -> None:
        data = self.optional("path.json") or {}
        steps = _SliceSteps(self, DemoDataError)
        for item in data.get("meetings", []):
            steps.meeting(item)
        for item in data.get("paths", []):
            steps.path(item)
        for item in data.get("declarations", []):
            steps.declaration(item)


def _document_row(loader: _SliceLoader, item: dict, where: str) -> Document:
    number = str(item["number"])
    series, sequence = parse_key(number)
    body_code = item.get("body")
    if body_code and body_code not in loader.bodies:
        raise DemoDataError(f"{where}: {number} is allocated to unknown body {body_code}")
    return Document(
        conference=loader.conference,
        number=number,
        series=series.value,
        sequence=sequence,
        addendum=int(item.get("addendum") or 0),
        revision=int(item.get("revision") or 0),
        kind=item.get("kind") or Document.Kind.INPUT,
        title=item["title"],
        original_language=item.get("language") or "en",
        date=_date(item["date"], f"{where}: {number}"),
        body=loader.bodies.get(body_code) if body_code else None,
    )


def _bulk_documents(rows: list[Document], sources: list[list[Organisation]]) -> list[Document]:
    created = Document.objects.bulk_create(rows)
    through = Document.sources.through
    through.objects.bulk_create(
        [
            through(document_id=document.pk, organisation_id=organisation.pk)
            for document, organisations in zip(created, sources, strict=True)
            for organisation in organisations
        ]
    )
    return created


class _SliceSteps(_Steps):
    """The demo's path steps, with the shared bodies' meetings shared."""

    def meeting(self, item: dict) -> None:
        key = item["key"]
        body = self.body(item["body"], key)
        start = _when(item["start"], self.error, key)
        if body.code in self.loader.renumber.shared_codes:
            meeting = Meeting.objects.filter(body=body, starts_at=start).first()
            if meeting is None:
                raise self.fail(key, "the demo's meeting is missing")
            for entry in item.get("items", []):
                if not entry.get("instrument"):
                    continue  # the opening, the signing: once per conference
                number = str(entry["instrument"])
                agenda = agenda_item_add(
                    meeting=meeting,
                    title=entry.get("title", ""),
                    added_by=self.secretariat,
                    document=self.document(entry["document"], key)
                    if entry.get("document")
                    else None,
                    instrument=self.loader.instruments[number],
                )
                self.items[(key, entry.get("key") or number)] = agenda
            self.meetings[key] = meeting
            return
        end = _when(item["end"], self.error, key)
        super().meeting({**item, "room": _free_room(self.conference, item.get("room"), start, end)})


def _free_room(
    conference: Conference, wanted: str | None, start: datetime.datetime, end: datetime.datetime
) -> str:
    """The room asked for if it is free, else the venue's first free room (small rooms
    first: groups meet in them), else none."""
    taken = set(
        Meeting.objects.filter(conference=conference, starts_at__lt=end, ends_at__gt=start)
        .exclude(status=Meeting.Status.CANCELLED)
        .values_list("room", flat=True)
    )
    if wanted and wanted not in taken:
        return wanted
    for name in Room.objects.filter(conference=conference).order_by("capacity", "position").values_list(
        "name", flat=True
    ):
        if name not in taken:
            return name
    return ""


def _write_slice_folder(source: Path, folder: Path, renumber: _Renumber, bodies: list) -> None:
    """The demo's data folder as slice k names things, for the loader's steps to read."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "resolutions").mkdir(parents=True)
    (folder / "translations").mkdir()

    def write(name: str, data: Any) -> None:
        with open(folder / name, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)

    def read(name: str) -> Any:
        return _read_json(source, name)

    for path in sorted((source / "resolutions").glob("*.txt")):
        number = path.stem
        text = path.read_text(encoding="utf-8")
        target = folder / "resolutions" / f"{renumber.instrument(number)}.txt"
        target.write_text(renumber.number_line(text, number), encoding="utf-8")
    for path in sorted((source / "translations").glob("*.txt")):
        number, _dot, rest = path.name.partition(".")
        text = path.read_text(encoding="utf-8")
        target = folder / "translations" / f"{renumber.instrument(number)}.{rest}"
        target.write_text(renumber.number_line(text, number), encoding="utf-8")

    write(
        "bodies.json",
        [
            {
                **item,
                "code": renumber.code(item["code"]),
                "parent": renumber.code(item.get("parent")),
                "name": renumber.name(item["name"]),
                "mandate": renumber.words(item.get("mandate") or ""),
            }
            for item in bodies
            if item["code"] not in renumber.shared_codes
        ],
    )
    write(
        "documents.json",
        [
            {
                **item,
                "number": renumber.document(item["number"]),
                "title": renumber.words(item["title"]),
                "body": renumber.code(item.get("body")),
            }
            for item in read("documents.json")
        ],
    )
    write(
        "proposals.json",
        [
            {
                **item,
                "symbol": renumber.proposal(item["symbol"]),
                "document": renumber.document(item["document"]),
                "instrument": renumber.instrument(item.get("instrument")),
            }
            for item in read("proposals.json")
        ],
    )
    access = read("access.json")
    write(
        "access.json",
        {
            "documents": [
                {
                    **item,
                    "number": renumber.document(item["number"]),
                    "title": renumber.words(item["title"]),
                    "body": renumber.code(item.get("body")),
                }
                for item in access.get("documents") or []
            ]
        },
    )
    translations = read("translations.json")
    write(
        "translations.json",
        {
            "in_force": [renumber.instrument(n) for n in translations.get("in_force") or []],
            "waiting": [
                {
                    **item,
                    "body": renumber.code(item["body"]),
                    "title": renumber.words(item["title"]),
                    "revises": renumber.instrument(item["revises"]),
                    "text": "translations/"
                    + renumber.instrument(Path(item["text"]).name.partition(".")[0])
                    + "."
                    + Path(item["text"]).name.partition(".")[2],
                }
                for item in translations.get("waiting") or []
            ],
            "dts": {
                renumber.instrument(number): provisions
                for number, provisions in (translations.get("dts") or {}).items()
            },
        },
    )
    path = read("path.json")
    write(
        "path.json",
        {
            "meetings": [
                {
                    **item,
                    "body": renumber.code(item["body"]),
                    "items": [
                        {
                            **entry,
                            "instrument": renumber.instrument(entry.get("instrument")),
                            "document": renumber.document_key(entry["document"])
                            if entry.get("document")
                            else None,
                        }
                        for entry in item.get("items", [])
                    ],
                }
                for item in path.get("meetings", [])
            ],
            "paths": [
                {
                    **item,
                    "instrument": renumber.instrument(item["instrument"]),
                    "steps": [_path_step(step, renumber) for step in item.get("steps", [])],
                }
                for item in path.get("paths", [])
            ],
            "declarations": path.get("declarations", []),
        },
    )
    write(
        "drafts.json",
        [
            {
                **item,
                "body": renumber.code(item["body"]),
                "instrument": renumber.instrument(item["instrument"]),
                "title": renumber.words(item.get("title", "")),
            }
            for item in read("drafts.json")
        ],
    )


def _path_step(step: dict, renumber: _Renumber) -> dict:
    step = {**step, "body": renumber.code(step.get("body"))}
    if "note" in step:
        step["note"] = renumber.words(step["note"])
    if "dt" in step:
        dt = step["dt"]
        step["dt"] = {
            **dt,
            "title": renumber.words(dt.get("title", "")),
            "apply": [renumber.proposal(symbol) for symbol in dt.get("apply", [])],
        }
    if "decision" in step:
        decision = step["decision"]
        step["decision"] = {
            **decision,
            "text": renumber.words(decision.get("text", "")),
            "referred_to": renumber.code(decision.get("referred_to")),
            "item": renumber.instrument(decision["item"]) if decision.get("item") else None,
        }
    return step


# --- on every slice: language versions and accounts -----------------------------------------


def _extras(*, conference: Conference, k: int, after: int, seed: int) -> None:
    """Language versions for the documents written since document `after`, and the
    slice's accounts."""
    rng = random.Random(seed * 31 + k)
    documents = (
        Document.objects.filter(conference=conference, pk__gt=after, versions__isnull=True)
        .exclude(number="")
        .order_by("pk")
    )
    _language_versions(conference, documents)
    _accounts(conference, k, rng)


def _language_versions(conference: Conference, documents: Iterable[Document]) -> None:
    rows = []
    for document in documents:
        if document.series in ALL_LANGUAGES_SERIES:
            languages = conference.language_codes
        else:
            languages = (document.original_language,)
        for language in languages:
            symbol = document.symbol_in(language)
            name = f"documents/{slugify(symbol) or 'document'}-{language}.pdf"
            if not default_storage.exists(name):
                name = default_storage.save(name, ContentFile(_pdf(symbol)))
            version = DocumentVersion(
                document=document, language=language, text=f"{symbol}\n{document.title}"
            )
            version.file.name = name
            rows.append(version)
    DocumentVersion.objects.bulk_create(rows, batch_size=500)


def _pdf(line: str) -> bytes:
    """A one-page PDF that prints one line (ASCII; the symbol of a language version)."""
    text = line.encode("ascii", "replace").replace(b"\\", b"\\\\")
    text = text.replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 18 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


_PASSWORD_HASH: dict[str, str] = {}


def _password_hash() -> str:
    if PASSWORD not in _PASSWORD_HASH:
        _PASSWORD_HASH[PASSWORD] = make_password(PASSWORD)
    return _PASSWORD_HASH[PASSWORD]


def _accounts(conference: Conference, k: int, rng: random.Random) -> None:
    """Delegates and observers with accounts, each following bodies and resolutions."""
    names = _read_json(DATA_DIR, "names.json")
    delegations = list(
        Delegation.objects.filter(conference=conference).select_related("organisation").order_by(
            "pk"
        )
    )
    low, high = NUMBERS_PER_SLICE * k, NUMBERS_PER_SLICE * (k + 1)
    suffix = f".{k}"
    bodies = [
        b
        for b in Body.objects.filter(conference=conference).order_by("pk")
        if (b.code.endswith(suffix) if k else "." not in b.code)
    ]
    instruments = [
        i
        for i in Instrument.objects.filter(conference=conference).order_by("pk")
        if i.number.isdigit() and low <= int(i.number) < high
    ]
    encoded = _password_hash()
    users, people = [], []
    for n in range(ACCOUNTS_PER_SLICE):
        observer = n >= ACCOUNTS_PER_SLICE - OBSERVERS_PER_SLICE
        user = User(
            username=_username(k, n),
            password=encoded,
            role=Role.OBSERVER if observer else Role.DELEGATE,
        )
        if not observer:
            delegation = delegations[(k * ACCOUNTS_PER_SLICE + n) % len(delegations)]
            pool = _name_pool(
                names,
                iso3=delegation.organisation.iso3,
                region=delegation.organisation.itu_region,
            ) or {"given": ["Alex"], "family": ["Morgan"]}
            given, family = rng.choice(pool["given"]), rng.choice(pool["family"])
            user.first_name, user.last_name = given, family
            user.display_name = f"{given} {family}"
            people.append(
                Person(
                    given_name=given,
                    family_name=family,
                    delegation=delegation,
                    delegation_role=Person.DelegationRole.DELEGATE,
                )
            )
        else:
            user.display_name = f"Observer {k}-{n:03d}"
        users.append(user)
    # The last account marks the slice as built (_slice_built): written last.
    created = User.objects.bulk_create(users)
    delegates = [u for u in created if u.role == Role.DELEGATE]
    for person, user in zip(people, delegates, strict=True):
        person.user = user
    Person.objects.bulk_create(people)
    follows = []
    for user in created:
        for body in rng.sample(bodies, min(3, len(bodies))):
            follows.append(Follow(user=user, body=body))
        for instrument in rng.sample(instruments, min(2, len(instruments))):
            follows.append(Follow(user=user, instrument=instrument))
    Follow.objects.bulk_create(follows)


# --- the long log -------------------------------------------------------------------------


def long_log_draft(conference: Conference) -> Draft | None:
    """The drafting room that gets the long log: the demo's first."""
    return (
        Draft.objects.filter(body__conference=conference, body__code__in=_demo_draft_bodies())
        .select_related("body__conference")
        .order_by("pk")
        .first()
    )


def _demo_draft_bodies() -> list[str]:
    return [item["body"] for item in _read_json(DATA_DIR, "drafts.json")[:1]]


SOURCES = ("EUR", "ARB", "USA", "RCC", "AFCP", "IAP", "ACP", "B", "J", "CHN", "IND", "F")
WORDINGS = (
    "all Member States",
    "Member States and Sector Members",
    "relevant stakeholders",
    "in accordance with national law",
    "within existing resources",
    "as appropriate",
    "taking into account the needs of developing countries",
    "in close collaboration with the other Sectors",
)
DESCRIPTIONS = (
    "Wording put in brackets at the request of a delegation.",
    "A further wording from the floor.",
    "The group agrees on one wording.",
    "Agreed, subject to confirmation by capitals.",
    "Reopened at the request of a delegation.",
    "A note for the record.",
)


def long_log_operations(
    text: drafting.NegotiatingText, rng: random.Random
) -> tuple[drafting.Operation, str]:
    """The pen's next operation on `text`, and its description: chosen so that it
    applies (a bracket on agreed words, a wording added to or chosen in a bracket, a
    status, a footnote), and so that the text stays about the same length."""
    candidates = [
        p for p in text.draft.provisions if p.kind.value.endswith("item") and p.segments
    ]
    provision = rng.choice(candidates)
    eid = provision.eid
    brackets = [k for k, s in enumerate(provision.segments) if not isinstance(s, str)]
    if brackets:
        segment = brackets[0]
        bracket = provision.segments[segment]
        taken = {s for a in bracket.alternatives for s in a.sources}
        free = [s for s in SOURCES if s not in taken]
        if len(bracket.alternatives) < 3 and free and rng.random() < 0.5:
            wording = rng.choice([w for w in WORDINGS if w not in {a.text for a in bracket.alternatives}])
            return drafting.AddAlternative(eid, segment, rng.choice(free), wording), DESCRIPTIONS[1]
        # Mostly the wording that was there: the text does not drift far.
        choice = 0 if rng.random() < 0.75 else rng.randrange(len(bracket.alternatives))
        return drafting.ChooseAlternative(eid, segment, choice), DESCRIPTIONS[2]
    roll = rng.random()
    status = text.status(eid)
    if roll < 0.15 and not provision.sponsors:
        if status is drafting.Status.OPEN:
            return drafting.SetStatus(eid, "agreed_ad_referendum"), DESCRIPTIONS[3]
        return drafting.SetStatus(eid, "open"), DESCRIPTIONS[4]
    if roll < 0.18 and len(text.footnotes.get(eid, ())) < 2:
        return drafting.AddFootnote(eid, rng.choice(DESCRIPTIONS[:2])), DESCRIPTIONS[5]
    pieces = [
        (k, s) for k, s in enumerate(provision.segments) if isinstance(s, str) and len(s.split()) > 3
    ]
    if not pieces or status is not drafting.Status.OPEN:
        if len(text.footnotes.get(eid, ())) < 2:
            return drafting.AddFootnote(eid, DESCRIPTIONS[5]), DESCRIPTIONS[5]
        return drafting.SetStatus(eid, "open"), DESCRIPTIONS[4]
    segment, piece = rng.choice(pieces)
    starts = [m.start() for m in re.finditer(r"\S+", piece)]
    ends = [m.end() for m in re.finditer(r"\S+", piece)]
    first = rng.randrange(len(starts) - 1)
    last = min(len(ends) - 1, first + rng.randrange(3))
    wording = rng.choice(WORDINGS)
    if piece[starts[first] : ends[last]] == wording:
        wording = ""
    return (
        drafting.BracketSpan(eid, segment, starts[first], ends[last], rng.choice(SOURCES), wording),
        DESCRIPTIONS[0],
    )


def long_log_grow(*, draft: Draft, target: int, seed: int = SEED, pen: User | None = None) -> int:
    """Append revisions to `draft` until its head is `target`, made by `pen` (the demo's
    secretariat account by default); the number added."""
    with transaction.atomic():
        draft = Draft.objects.select_for_update().select_related("body__conference").get(
            pk=draft.pk
        )
        pen = pen or User.objects.get(username="secretariat")
        last = (
            Revision.objects.filter(draft=draft).aggregate(top=Max("created_at"))["top"]
            or timezone.now()
        )
        rng = random.Random(seed * 7919 + draft.head)
        text = drafting.text_from_dict(draft.state)
        provenance = draft.provenance
        rows = []
        for number in range(draft.head + 1, target + 1):
            operation, description = long_log_operations(text, rng)
            at = last + datetime.timedelta(seconds=number - draft.head)
            row, text, provenance = revision_row(
                draft=draft,
                text=text,
                provenance=provenance,
                operation=operation,
                number=number,
                user=pen,
                description=description,
                at=at,
            )
            rows.append(row)
            if len(rows) >= 1000:
                _revisions_write(rows)
                rows = []
        _revisions_write(rows)
        added = target - draft.head
        draft.state = drafting.text_to_dict(text)
        draft.provenance = provenance
        draft.head = target
        draft.save(update_fields=["state", "provenance", "head"])
    return added


def _revisions_write(rows: list[Revision]) -> None:
    times = [row.created_at for row in rows]
    created = Revision.objects.bulk_create(rows)
    # `created_at` is set on insert (auto_now_add); the log's own times go in after.
    for row, at in zip(created, times, strict=True):
        row.created_at = at
    Revision.objects.bulk_update(created, ["created_at"], batch_size=500)


def revision_row(
    *,
    draft: Draft,
    text: drafting.NegotiatingText,
    provenance: dict,
    operation: drafting.Operation,
    number: int,
    user,
    description: str,
    at: datetime.datetime,
) -> tuple[Revision, drafting.NegotiatingText, dict]:
    """The revision the drafting room's service writes for `operation` made at the head
    (negotiation.services._record), and the text and word origins after it."""
    after = drafting.apply(text, operation)
    credit = operation.credit()
    origin = f"{credit}/r{number}"
    provenance = drafting.carry_provenance(text, after, provenance, operation.eids(), origin)
    event = {
        "type": "revision",
        "draft": draft.pk,
        "number": number,
        "base": number - 1,
        "author": str(user),
        "credit": credit,
        "description": description,
        "undoes": None,
        "eids": list(operation.eids()),
        "provisions": {eid: provision_event(after, provenance, eid) for eid in operation.eids()},
        "order": [p.eid for p in after.draft.provisions],
        "numbers": draft_numbers(after),
    }
    labels = draft_labels(after)
    if labels != draft_labels(text):
        event["labels"] = labels
    event["time"] = at.isoformat()
    state = drafting.text_to_dict(after)
    row = Revision(
        draft=draft,
        number=number,
        base=number - 1,
        operation=drafting.operation_to_dict(operation),
        inverse=drafting.operation_to_dict(drafting.inverse(text, operation)),
        eids=list(operation.eids()),
        credit=credit,
        undoes=None,
        author=user,
        meeting=None,
        description=description[:500],
        event=event,
        checkpoint=state if number % CHECKPOINT_EVERY == 0 else None,
        created_at=at,
    )
    return row, after, provenance
