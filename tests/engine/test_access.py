"""The access policy against a plain reference table, written out by hand."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from plenipot.engine import access as policy
from plenipot.engine.access import Decisions, DocumentFacts, Reader

# Who reads a document of each kind, by the openness of its body, when the conference
# has decided nothing and the source has published nothing. P: public, S: signed in,
# D: delegations, X: sources only.
BASE = {
    #              no body  public  participants  delegations
    "input":          ("D",   "D",    "D",          "D"),
    "temporary":      ("S",   "S",    "S",          "D"),
    "output":         ("S",   "S",    "S",          "D"),
    "administrative": ("S",   "S",    "S",          "D"),
    "information":    ("S",   "S",    "S",          "D"),
}
OPENNESS_COLUMN = {None: 0, "public": 1, "participants": 2, "delegations": 3}

# Which reader belongs to which audience.
READS = {
    #             P      S      D      X
    "anonymous": (True, False, False, False),
    "observer": (True, True, False, False),
    "delegate": (True, True, True, False),
    "chair": (True, True, True, False),
    "translator": (True, True, True, True),
    "secretariat": (True, True, True, True),
}
AUDIENCE_COLUMN = {"P": 0, "S": 1, "D": 2, "X": 3}


def reference_audience(document: DocumentFacts, decisions: Decisions) -> str:
    if not document.registered:
        return "X"
    if decisions.source_may_publish and document.published_by_source:
        return "P"
    if document.limited:
        return "X"
    if document.kind in decisions.public_kinds and document.body_openness != "delegations":
        return "P"
    return BASE[document.kind][OPENNESS_COLUMN[document.body_openness]]


def reference_may_read(
    reader_kind: str, reader: Reader, document: DocumentFacts, decisions: Decisions
) -> bool:
    if reader.organisations & document.sources:
        return True
    if not document.registered:
        return reader_kind == "secretariat"
    if document.body_id is not None and document.body_id in reader.chaired_bodies:
        return True
    return READS[reader_kind][AUDIENCE_COLUMN[reference_audience(document, decisions)]]


ORGS = st.frozensets(st.integers(1, 6), max_size=3)
BODY_IDS = st.integers(1, 4)


@st.composite
def documents(draw):
    openness = draw(st.sampled_from([None, *policy.OPENNESSES]))
    return DocumentFacts(
        kind=draw(st.sampled_from(policy.KINDS)),
        sources=draw(ORGS),
        body_id=None if openness is None else draw(BODY_IDS),
        body_openness=openness,
        published_by_source=draw(st.booleans()),
        limited=draw(st.booleans()),
        registered=draw(st.booleans()),
    )


@st.composite
def readers(draw):
    kind = draw(st.sampled_from(sorted(READS)))
    if kind == "anonymous":
        return kind, policy.ANONYMOUS
    in_delegation = kind in {"delegate", "chair"} or draw(st.booleans()) and kind != "observer"
    return kind, Reader(
        role=kind,
        organisations=draw(ORGS) if in_delegation else frozenset(),
        chaired_bodies=draw(st.frozensets(BODY_IDS, max_size=2)) if kind == "chair" else frozenset(),
        in_delegation=in_delegation,
    )


decisions_strategy = st.builds(
    Decisions,
    public_kinds=st.frozensets(st.sampled_from(policy.KINDS)),
    source_may_publish=st.booleans(),
)


@given(readers(), documents(), decisions_strategy)
def test_policy_matches_reference_table(reader, document, decisions):
    kind, reader = reader
    assert policy.may_read_document(reader, document, decisions) == reference_may_read(
        kind, reader, document, decisions
    )


@given(documents(), decisions_strategy)
def test_restricted_means_not_for_the_anonymous_public(document, decisions):
    assert policy.is_restricted(document, decisions) == (
        not policy.may_read_document(policy.ANONYMOUS, document, decisions)
    )


@given(readers(), documents(), decisions_strategy, st.sampled_from(policy.KINDS))
def test_opening_a_kind_never_takes_access_away(reader, document, decisions, kind):
    _, reader = reader
    wider = Decisions(
        public_kinds=decisions.public_kinds | {kind},
        source_may_publish=decisions.source_may_publish,
    )
    if policy.may_read_document(reader, document, decisions):
        assert policy.may_read_document(reader, document, wider)


def test_a_delegation_reads_its_own_limited_document_and_no_one_elses():
    decisions = Decisions(public_kinds=frozenset({"input", "output"}))
    document = DocumentFacts(kind="input", sources=frozenset({1}), limited=True)
    own = Reader(role="delegate", organisations=frozenset({1}), in_delegation=True)
    other = Reader(role="delegate", organisations=frozenset({2}), in_delegation=True)
    assert policy.may_read_document(own, document, decisions)
    assert not policy.may_read_document(other, document, decisions)
    assert not policy.may_read_document(policy.ANONYMOUS, document, decisions)


def test_a_closed_body_keeps_even_public_kinds_from_the_public():
    decisions = Decisions(public_kinds=frozenset({"temporary"}))
    document = DocumentFacts(kind="temporary", body_id=3, body_openness="delegations")
    assert not policy.may_read_document(policy.ANONYMOUS, document, decisions)
    observer = Reader(role="observer")
    assert not policy.may_read_document(observer, document, decisions)
    chair = Reader(role="chair", chaired_bodies=frozenset({3}))
    assert policy.may_read_document(chair, document, decisions)


def test_unknown_kind_is_denied_by_default():
    document = DocumentFacts(kind="mystery")
    observer = Reader(role="observer")
    delegate = Reader(role="delegate", in_delegation=True)
    for reader in (policy.ANONYMOUS, observer, delegate):
        assert not policy.may_read_document(reader, document, Decisions())


def test_publication_by_source_counts_only_if_the_conference_allows_it():
    document = DocumentFacts(kind="input", published_by_source=True)
    assert policy.may_read_document(policy.ANONYMOUS, document, Decisions())
    assert not policy.may_read_document(
        policy.ANONYMOUS, document, Decisions(source_may_publish=False)
    )


@given(readers(), st.integers(1, 4), st.sampled_from([None, *policy.OPENNESSES]))
def test_live_channels(reader, body_id, openness):
    kind, reader = reader
    expected = {
        "public": True,
        "participants": kind != "anonymous",
        "delegations": kind in {"delegate", "chair", "translator", "secretariat"}
        or reader.in_delegation,
        None: kind in {"delegate", "chair", "translator", "secretariat"} or reader.in_delegation,
    }[openness] or body_id in reader.chaired_bodies
    assert policy.may_watch_body(reader, body_id=body_id, openness=openness) == expected


def test_an_unregistered_submission_stays_with_its_sources_even_if_published():
    document = DocumentFacts(
        kind="input", sources=frozenset({1}), published_by_source=True, registered=False
    )
    decisions = Decisions(public_kinds=frozenset({"input"}))
    own = Reader(role="delegate", organisations=frozenset({1}), in_delegation=True)
    other = Reader(role="delegate", organisations=frozenset({2}), in_delegation=True)
    assert policy.may_read_document(own, document, decisions)
    assert not policy.may_read_document(other, document, decisions)
    assert not policy.may_read_document(policy.ANONYMOUS, document, decisions)


def test_an_unregistered_submission_is_read_by_the_secretariat_not_by_translators_or_chairs():
    document = DocumentFacts(kind="input", sources=frozenset({1}), body_id=3, registered=False)
    decisions = Decisions()
    assert policy.may_read_document(Reader(role="secretariat"), document, decisions)
    assert not policy.may_read_document(Reader(role="translator"), document, decisions)
    chair = Reader(role="chair", chaired_bodies=frozenset({3}), in_delegation=True)
    assert not policy.may_read_document(chair, document, decisions)
