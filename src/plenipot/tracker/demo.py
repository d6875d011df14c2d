"""The demo's path of texts: meetings by hand, decisions and moves, from `path.json`.

Called by the demo loader once documents, proposals and accounts are in. Everything is
written through the services, so the demo obeys the same rules as a user: a malformed
step fails the load with a `DemoDataError` naming the instrument and the step.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from plenipot.conference.models import Body
from plenipot.documents.models import Document
from plenipot.documents.services import (
    document_allocate,
    document_create_temporary,
    document_issue,
)
from plenipot.engine import Mark, apply_proposals, parse_instrument, print_instrument
from plenipot.engine import Proposal as EngineProposal
from plenipot.meetings.models import AgendaItem, Meeting
from plenipot.meetings.services import agenda_item_add, meeting_close, meeting_schedule
from plenipot.tracker.services import decision_take, declaration_make, path_move, path_start
from plenipot.translation.demo import load_dt_versions

WHERE = "path.json"


def load_path_demo(loader: Any, data: dict, error: type[Exception]) -> None:
    """Load meetings, paths and declarations; `loader` is the demo loader's state."""
    if not data:
        return
    step = _Steps(loader, error)
    for item in data.get("meetings", []):
        step.meeting(item)
    for item in data.get("paths", []):
        step.path(item)
    for item in data.get("declarations", []):
        step.declaration(item)


def _when(value: str, error: type[Exception], where: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise error(f"{WHERE}: {where}: {value!r} is not a date and time") from None
    if moment.tzinfo is None:
        raise error(f"{WHERE}: {where}: {value!r} needs a UTC offset, e.g. +09:00")
    return moment


class _Steps:
    def __init__(self, loader: Any, error: type[Exception]) -> None:
        self.loader = loader
        self.error = error
        self.conference = loader.conference
        self.meetings: dict[str, Meeting] = {}
        self.items: dict[tuple[str, str], AgendaItem] = {}
        User = get_user_model()
        self.secretariat = User.objects.filter(role="secretariat").order_by("pk").first()
        if self.secretariat is None:
            self.secretariat = User.objects.create(
                username="demo-secretariat", role="secretariat", display_name="Secretariat"
            )
            self.secretariat.set_unusable_password()
            self.secretariat.save()

    def fail(self, where: str, exc: Exception | str) -> Exception:
        if isinstance(exc, ValidationError):
            exc = " ".join(exc.messages)
        return self.error(f"{WHERE}: {where}: {exc}")

    def body(self, code: str, where: str) -> Body:
        body = self.loader.bodies.get(code)
        if body is None:
            raise self.fail(where, f"unknown body {code!r}")
        return body

    def chair_user(self, body: Body, where: str):
        """The chair's account; chairs without one get an account that cannot log in."""
        chair = body.chair
        if chair is None:
            raise self.fail(where, f"{body.code} has no chair to declare its decisions")
        chair.refresh_from_db(fields=["user"])
        if chair.user_id is None:
            User = get_user_model()
            user = User(username=f"chair-{body.code.lower()}", display_name=chair.full_name)
            user.set_unusable_password()
            user.save()
            chair.user = user
            chair.save(update_fields=["user"])
        return chair.user

    def document(self, key: str, where: str) -> Document:
        number, _sep, addendum = key.partition("A")
        found = self.loader.documents.get((number, int(addendum or 0)))
        if found is None:
            raise self.fail(where, f"unknown document {key!r}")
        return found

    def meeting(self, item: dict) -> None:
        key = item["key"]
        body = self.body(item["body"], key)
        try:
            meeting = meeting_schedule(
                body=body,
                starts_at=_when(item["start"], self.error, key),
                ends_at=_when(item["end"], self.error, key),
                scheduled_by=self.secretariat,
                room=item.get("room", ""),
                openness=item.get("openness"),
                webcast_url=item.get("webcast", ""),
            )
            for entry in item.get("items", []):
                instrument = None
                if entry.get("instrument"):
                    instrument = self.loader.instruments.get(str(entry["instrument"]))
                    if instrument is None:
                        raise self.fail(key, f"unknown instrument {entry['instrument']!r}")
                agenda = agenda_item_add(
                    meeting=meeting,
                    title=entry.get("title", ""),
                    added_by=self.secretariat,
                    document=self.document(entry["document"], key)
                    if entry.get("document")
                    else None,
                    instrument=instrument,
                )
                self.items[(key, entry.get("key") or str(entry.get("instrument")))] = agenda
            if item.get("status") == "held":
                meeting_close(
                    meeting=meeting, closed_by=self.secretariat, summary=item.get("summary", "")
                )
        except ValidationError as exc:
            raise self.fail(key, exc) from None
        self.meetings[key] = meeting

    def path(self, item: dict) -> None:
        number = str(item["instrument"])
        instrument = self.loader.instruments.get(number)
        if instrument is None:
            raise self.fail(number, "unknown instrument")
        start = _when(item.get("start", "2014-10-20T09:00+09:00"), self.error, number)
        path = path_start(instrument=instrument, started_by=self.secretariat, at=start)
        for index, step in enumerate(item.get("steps", []), start=1):
            where = f"Resolution {number}, step {index}"
            at = _when(step["at"], self.error, where)
            try:
                if "decision" in step:
                    self.decision(path, step["decision"], at, where, number)
                else:
                    self.move(path, step, at, where, instrument)
            except ValidationError as exc:
                raise self.fail(where, exc) from None
            path.refresh_from_db()

    def move(self, path, step: dict, at, where: str, instrument) -> None:
        body = self.body(step["body"], where) if step.get("body") else None
        document = None
        to = step["to"]
        if to == "dt":
            document = self.dt(path, step.get("dt") or {}, at, where, instrument)
        elif to in ("first_reading", "second_reading"):
            document = document_issue(
                conference=self.conference,
                series="B" if to == "first_reading" else "R",
                title=f"Resolution {instrument.number} – {instrument.title}",
                text=path.current_text,
                instrument=instrument,
                body=path.body,
                date=at.date(),
            )
        path_move(
            path=path,
            to_stage=to,
            moved_by=self.secretariat,
            note=step.get("note", ""),
            body=body,
            document=document,
            at=at,
        )
        if to == "allocated" and body is not None:
            self.allocate(instrument, body)

    def allocate(self, instrument, body: Body) -> None:
        """The Steering Committee's allocation: each proposal on the text goes on the
        body's agenda (a document with proposals on several texts goes to several)."""
        proposals = instrument.proposals.filter(
            document__status=Document.Status.REGISTERED
        ).select_related("document")
        for proposal in proposals:
            document_allocate(
                document=proposal.document,
                body=body,
                allocated_by=self.secretariat,
                proposal=proposal,
            )

    def dt(self, path, spec: dict, at, where: str, instrument) -> Document:
        symbols = spec.get("apply", [])
        proposals = []
        for proposal in instrument.proposals.filter(symbol__in=symbols).prefetch_related("sources"):
            proposals.append(
                EngineProposal(
                    sources=tuple(s.symbol or s.name for s in proposal.sources.all()) or ("?",),
                    symbol=proposal.symbol,
                    mark=Mark(proposal.mark),
                    target=proposal.target,
                    text=proposal.text,
                )
            )
        if len(proposals) != len(symbols):
            raise self.fail(
                where, f"some proposals to apply are not on Resolution {instrument.number}"
            )
        try:
            text = print_instrument(apply_proposals(parse_instrument(path.current_text), proposals))
        except ValueError as exc:
            raise self.fail(where, exc) from None
        title = spec.get("title") or f"Draft revision of Resolution {instrument.number}"
        document = document_create_temporary(
            body=path.body, title=title, author_user=None, text=text, instrument=instrument, at=at
        )
        for revision in range(int(spec.get("revisions", 0))):
            document = document_create_temporary(
                body=path.body,
                title=title,
                author_user=None,
                text=text,
                parent=document,
                instrument=instrument,
                at=at + datetime.timedelta(hours=revision + 1),
            )

        load_dt_versions(self.loader, document, self.error)
        return document

    def decision(self, path, spec: dict, at, where: str, number: str) -> None:
        key = (spec["meeting"], spec.get("item") or number)
        agenda = self.items.get(key)
        if agenda is None:
            raise self.fail(where, f"no agenda item {key[1]!r} in meeting {key[0]!r}")
        body = agenda.meeting.body
        statements = []
        for iso3, kind, text in spec.get("statements", []):
            delegation = self.loader.delegations.get(iso3)
            if delegation is None:
                raise self.fail(where, f"{iso3} has no delegation")
            statements.append((delegation, kind, text))
        document = None
        move_to = spec.get("move_to")
        if move_to in ("first_reading", "second_reading"):
            document = document_issue(
                conference=self.conference,
                series="B" if move_to == "first_reading" else "R",
                title=f"Resolution {number} – {path.instrument.title}",
                text=path.current_text,
                instrument=path.instrument,
                body=path.body,
                date=at.date(),
            )
        decision_take(
            agenda_item=agenda,
            outcome=spec["outcome"],
            decided_by=self.chair_user(body, where),
            text=spec.get("text", ""),
            statements=statements,
            referred_to=self.body(spec["referred_to"], where) if spec.get("referred_to") else None,
            move_to=move_to,
            document=document,
            at=at,
        )

    def declaration(self, item: dict) -> None:
        delegations = []
        for iso3 in item["delegations"]:
            delegation = self.loader.delegations.get(iso3)
            if delegation is None:
                raise self.fail("declarations", f"{iso3} has no delegation")
            delegations.append(delegation)
        try:
            declaration_make(
                conference=self.conference,
                delegations=delegations,
                text=item["text"],
                made_by=self.secretariat,
                at=_when(item.get("at", "2014-11-07T12:00+09:00"), self.error, "declarations"),
            )
        except ValidationError as exc:
            raise self.fail("declarations", exc) from None
