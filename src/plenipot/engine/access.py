"""The access policy: who may read a document or follow a live channel.

One pure function decides, so that every read path (pages, API, search, feeds,
calendars, files, WebSocket subscriptions) gives the same answer. The site layer turns
its models into the plain facts below and, for lists, into one database filter that
`tests/engine/test_access.py` and the site tests hold equal to this module.

The decision comes in two steps.

1. A document's *audience* is the widest group that may read it, from its kind, the
   openness of the body it is allocated to, whether it is registered yet, whether it
   is of limited distribution,
   whether its source published it, and the conference's decisions.
2. A reader may read it when they belong to that audience, or when they have a reason
   of their own: the secretariat and translators handle every document, a delegation
   reads what it (or a regional group it belongs to) submitted, and a chair reads what
   is allocated to their body.

Anything not allowed is denied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

# Document kinds, as stored by the site.
INPUT = "input"
TEMPORARY = "temporary"
OUTPUT = "output"
ADMINISTRATIVE = "administrative"
INFORMATION = "information"
KINDS = (INPUT, TEMPORARY, OUTPUT, ADMINISTRATIVE, INFORMATION)

# Body openness, as stored by the site; None for a document allocated to no body.
OPEN_PUBLIC = "public"
OPEN_PARTICIPANTS = "participants"
OPEN_DELEGATIONS = "delegations"
OPENNESSES = (OPEN_PUBLIC, OPEN_PARTICIPANTS, OPEN_DELEGATIONS)

# Reader roles, as the accounts app names them; None is the anonymous public.
SECRETARIAT = "secretariat"
CHAIR = "chair"
DELEGATE = "delegate"
TRANSLATOR = "translator"
OBSERVER = "observer"
ROLES = (SECRETARIAT, CHAIR, DELEGATE, TRANSLATOR, OBSERVER)

# Roles whose work is every document of the conference.
STAFF_ROLES = frozenset({SECRETARIAT, TRANSLATOR})


class Audience(IntEnum):
    """Who may read, from the widest group to the narrowest."""

    PUBLIC = 0  # anyone, without an account
    PARTICIPANTS = 1  # anyone signed in
    DELEGATIONS = 2  # members of a delegation, chairs and staff
    SOURCE = 3  # only the sources, the chair of the body and staff


# What a document of each kind is open to before the conference decides anything.
KIND_AUDIENCE = {
    INPUT: Audience.DELEGATIONS,
    TEMPORARY: Audience.PARTICIPANTS,
    OUTPUT: Audience.PARTICIPANTS,
    ADMINISTRATIVE: Audience.PARTICIPANTS,
    INFORMATION: Audience.PARTICIPANTS,
}


@dataclass(frozen=True)
class Decisions:
    """The conference's decisions on what the public may read.

    `public_kinds`: kinds of document the public reads (e.g. all input and output
    documents), except those of bodies open to delegations only.
    `source_may_publish`: whether a source's choice to publish its own document makes
    it public.
    """

    public_kinds: frozenset[str] = frozenset()
    source_may_publish: bool = True


@dataclass(frozen=True)
class DocumentFacts:
    kind: str
    sources: frozenset[int] = frozenset()
    body_id: int | None = None
    body_openness: str | None = None
    published_by_source: bool = False
    limited: bool = False
    registered: bool = True


@dataclass(frozen=True)
class Reader:
    """Someone reading: their role (None when anonymous), the organisations they speak
    for (their delegation's, and the regional groups it belongs to), and the bodies
    they chair."""

    role: str | None = None
    organisations: frozenset[int] = frozenset()
    chaired_bodies: frozenset[int] = frozenset()
    in_delegation: bool = False

    @property
    def signed_in(self) -> bool:
        return self.role is not None


ANONYMOUS = Reader()


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    audience: Audience
    reasons: tuple[str, ...] = field(default=())


def document_audience(document: DocumentFacts, decisions: Decisions) -> Audience:
    """The widest group that may read the document.

    A submission the secretariat has not registered yet stays with its sources.
    """
    if not document.registered:
        return Audience.SOURCE
    if document.published_by_source and decisions.source_may_publish:
        return Audience.PUBLIC
    if document.limited:
        return Audience.SOURCE
    closed = document.body_openness == OPEN_DELEGATIONS
    if document.kind in decisions.public_kinds and not closed:
        return Audience.PUBLIC
    audience = KIND_AUDIENCE.get(document.kind, Audience.SOURCE)
    if closed:
        audience = max(audience, Audience.DELEGATIONS)
    return audience


def reader_in_audience(reader: Reader, audience: Audience) -> bool:
    if reader.role in STAFF_ROLES:
        return True
    if audience == Audience.PUBLIC:
        return True
    if audience == Audience.PARTICIPANTS:
        return reader.signed_in
    if audience == Audience.DELEGATIONS:
        return reader.in_delegation or reader.role == CHAIR
    return False


def document_verdict(reader: Reader, document: DocumentFacts, decisions: Decisions) -> Verdict:
    """Whether the reader may read the document, with the grounds for a yes.

    A submission the secretariat has not registered yet is read by its sources and by
    the secretariat, which registers it; nobody else, translators and chairs included,
    has a reason to read a document the conference has not received yet."""
    audience = document_audience(document, decisions)
    if not document.registered:
        reasons = []
        if reader.role == SECRETARIAT:
            reasons.append("staff")
        if reader.organisations & document.sources:
            reasons.append("source")
        return Verdict(allowed=bool(reasons), audience=audience, reasons=tuple(reasons))
    reasons = []
    if reader.role in STAFF_ROLES:
        reasons.append("staff")
    if reader.organisations & document.sources:
        reasons.append("source")
    if document.body_id is not None and document.body_id in reader.chaired_bodies:
        reasons.append("chair")
    if reader_in_audience(reader, audience):
        reasons.append("audience")
    return Verdict(allowed=bool(reasons), audience=audience, reasons=tuple(reasons))


def may_read_document(reader: Reader, document: DocumentFacts, decisions: Decisions) -> bool:
    return document_verdict(reader, document, decisions).allowed


def is_restricted(document: DocumentFacts, decisions: Decisions) -> bool:
    """A document the anonymous public may not read; reading one is audited."""
    return document_audience(document, decisions) != Audience.PUBLIC


def body_audience(openness: str | None) -> Audience:
    """Who may follow a body's meetings and live channels."""
    if openness == OPEN_PUBLIC:
        return Audience.PUBLIC
    if openness == OPEN_PARTICIPANTS:
        return Audience.PARTICIPANTS
    return Audience.DELEGATIONS


def may_watch_body(reader: Reader, *, body_id: int, openness: str | None) -> bool:
    """Whether the reader may follow a body's live channel (its drafts, its meetings)."""
    if body_id in reader.chaired_bodies:
        return True
    return reader_in_audience(reader, body_audience(openness))
