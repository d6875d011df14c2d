"""Submission, registration, numbering, revisions, DTs, blue and pink series, allocation."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from plenipot.conference.services import (
    body_create,
    delegation_create,
    organisation_create,
    person_create,
)
from plenipot.documents.models import Document
from plenipot.documents.selectors import body_agenda, submission_deadline
from plenipot.documents.services import (
    document_allocate,
    document_create,
    document_create_child,
    document_create_temporary,
    document_issue,
    document_register,
    document_submit,
    document_version_add,
    proposal_create,
)
from plenipot.negotiation.services import instrument_create

BEFORE = datetime.datetime(2014, 9, 1, 12, tzinfo=datetime.UTC)
AFTER = datetime.datetime(2014, 10, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def people(conference, states):
    User = get_user_model()
    secretariat = User.objects.create_user(username="sec", password="x", role="secretariat")
    delegation = delegation_create(conference=conference, organisation=states["FRA"])
    delegate = User.objects.create_user(username="fra", password="x")
    person_create(given_name="Anne", family_name="Martin", delegation=delegation, user=delegate)
    stranger = User.objects.create_user(username="obs", password="x", role="observer")
    return {"secretariat": secretariat, "delegate": delegate, "stranger": stranger}


@pytest.fixture
def plenary(conference):
    pl = body_create(conference=conference, code="PL", name="Plenary", kind="plenary")
    com5 = body_create(
        conference=conference, code="COM5", name="Committee 5", kind="committee", parent=pl
    )
    return {"PL": pl, "COM5": com5}


def test_deadline_defaults_to_four_weeks_before_the_opening(conference):
    assert submission_deadline(conference=conference) == datetime.datetime(
        2014, 9, 22, tzinfo=datetime.UTC
    )


def test_submit_then_register_gives_the_next_free_number(conference, people, states):
    document_create(
        conference=conference,
        number="27",
        kind="input",
        title="Earlier",
        date=datetime.date(2014, 9, 1),
    )
    submitted = document_submit(
        conference=conference,
        submitted_by=people["delegate"],
        title="Proposals of France",
        now=BEFORE,
    )
    assert submitted.status == Document.Status.SUBMITTED
    assert list(submitted.sources.all()) == [states["FRA"]]
    assert "Unregistered" in submitted.symbol
    registered = document_register(document=submitted, registered_by=people["secretariat"])
    assert registered.number == "28"
    assert registered.symbol == "Document 28"
    assert registered.symbol_in("fr") == "Document 28-F"


def test_a_submission_after_the_deadline_is_received_as_late(conference, people):
    from plenipot.documents.selectors import (
        document_is_late,
        submission_deadline,
        submission_queue,
    )
    from plenipot.documents.services import document_return

    late = document_submit(
        conference=conference, submitted_by=people["delegate"], title="Late", now=AFTER
    )
    on_time = document_submit(
        conference=conference, submitted_by=people["delegate"], title="On time", now=BEFORE
    )
    deadline = submission_deadline(conference=conference)
    assert document_is_late(late, deadline) and not document_is_late(on_time, deadline)
    queue = submission_queue(conference=conference)
    assert [(d.title, d.late) for d in queue] == [("Late", True), ("On time", False)]
    # Returned with the reason, it leaves the queue; registering it is no longer possible.
    document_return(document=late, returned_by=people["secretariat"], reason="Too late.")
    assert [d.title for d in submission_queue(conference=conference)] == ["On time"]
    late.refresh_from_db()
    assert late.status == "returned" and late.returned.reason == "Too late."
    with pytest.raises(ValidationError, match="awaiting registration"):
        document_register(document=late, registered_by=people["secretariat"])


def test_only_delegations_submit_and_only_for_themselves(conference, people, states):
    with pytest.raises(ValidationError, match="Only a delegation"):
        document_submit(
            conference=conference, submitted_by=people["stranger"], title="X", now=BEFORE
        )
    with pytest.raises(ValidationError, match="on behalf"):
        document_submit(
            conference=conference,
            submitted_by=people["delegate"],
            title="X",
            sources=[states["SEN"]],
            now=BEFORE,
        )
    cept = organisation_create(kind="regional", name="CEPT", symbol="EUR", members=[states["FRA"]])
    common = document_submit(
        conference=conference,
        submitted_by=people["delegate"],
        title="ECP",
        sources=[cept],
        now=BEFORE,
    )
    assert list(common.sources.all()) == [cept]


def test_registration_refuses_a_duplicate_or_malformed_number(conference, people):
    document_create(
        conference=conference, number="27", kind="input", title="A", date=datetime.date(2014, 9, 1)
    )
    submitted = document_submit(
        conference=conference, submitted_by=people["delegate"], title="B", now=BEFORE
    )
    with pytest.raises(ValidationError, match="already exists"):
        document_register(document=submitted, registered_by=people["secretariat"], number="27")
    with pytest.raises(ValidationError, match="Malformed"):
        document_register(document=submitted, registered_by=people["secretariat"], number="27x")
    with pytest.raises(ValidationError, match="secretariat"):
        document_register(document=submitted, registered_by=people["delegate"])
    submitted.refresh_from_db()
    assert submitted.status == Document.Status.SUBMITTED and submitted.number == ""


def test_create_refuses_malformed_and_duplicate_numbers(conference):
    with pytest.raises(ValidationError, match="Malformed"):
        document_create(
            conference=conference,
            number="Q/1",
            kind="input",
            title="A",
            date=datetime.date(2014, 9, 1),
        )
    document_create(
        conference=conference, number="64", kind="input", title="A", date=datetime.date(2014, 9, 1)
    )
    with pytest.raises(ValidationError, match="Document 64 already exists"):
        document_create(
            conference=conference,
            number="64",
            kind="input",
            title="B",
            date=datetime.date(2014, 9, 1),
        )


def test_revisions_addenda_and_corrigenda_link_to_their_parent(conference):
    doc = document_create(
        conference=conference, number="64", kind="input", title="A", date=datetime.date(2014, 9, 1)
    )
    rev = document_create_child(parent=doc, relation="revision")
    add1 = document_create_child(parent=doc, relation="addendum")
    add2 = document_create_child(parent=doc, relation="addendum")
    corr = document_create_child(parent=doc, relation="corrigendum")
    assert [str(d) for d in (rev, add1, add2, corr)] == [
        "Document 64(Rev.1)",
        "Addendum 1 to Document 64",
        "Addendum 2 to Document 64",
        "Corrigendum 1 to Document 64",
    ]
    assert {d.parent_id for d in (rev, add1, add2, corr)} == {doc.pk}
    with pytest.raises(ValidationError):
        document_create_child(parent=doc, relation="appendix")


def test_temporary_documents_and_their_revisions(conference, plenary, people):
    dt1 = document_create_temporary(
        body=plenary["COM5"], title="Draft", author_user=people["delegate"], text="a"
    )
    dt2 = document_create_temporary(body=plenary["COM5"], title="Other", author_user=None, text="b")
    rev1 = document_create_temporary(
        body=plenary["COM5"], title="Draft", author_user=None, text="c", parent=dt1
    )
    rev2 = document_create_temporary(
        body=plenary["COM5"], title="Draft", author_user=None, text="d", parent=rev1
    )
    assert [str(d) for d in (dt1, dt2, rev1, rev2)] == [
        "DT/1",
        "DT/2",
        "DT/1(Rev.1)",
        "DT/1(Rev.2)",
    ]
    assert rev2.parent == rev1 and rev2.source_body == plenary["COM5"]


def test_blue_and_pink_series(conference):
    b1 = document_issue(conference=conference, series="B", title="First series")
    b2 = document_issue(conference=conference, series="B", title="Second series")
    r1 = document_issue(conference=conference, series="R", title="First series")
    assert (str(b1), str(b2), str(r1)) == ("B.1", "B.2", "R.1")
    assert b1.kind == Document.Kind.OUTPUT
    with pytest.raises(ValueError):
        document_issue(conference=conference, series="X", title="?")


def test_language_versions(conference):
    doc = document_create(
        conference=conference, number="3", kind="input", title="A", date=datetime.date(2014, 9, 1)
    )
    document_version_add(document=doc, language="fr", text="Texte")
    with pytest.raises(ValidationError):
        document_version_add(document=doc, language="fr", text="Encore")


def test_allocation_builds_the_agenda(conference, plenary, people):
    doc = document_create(
        conference=conference, number="27", kind="input", title="A", date=datetime.date(2014, 9, 1)
    )
    with pytest.raises(ValidationError, match="Steering"):
        document_allocate(document=doc, body=plenary["COM5"], allocated_by=people["delegate"])
    document_allocate(document=doc, body=plenary["COM5"], allocated_by=people["secretariat"])
    with pytest.raises(ValidationError, match="already on the agenda"):
        document_allocate(document=doc, body=plenary["COM5"], allocated_by=people["secretariat"])
    doc.refresh_from_db()
    assert doc.body == plenary["COM5"]
    assert [a.document for a in body_agenda(body=plenary["COM5"])] == [doc]


def test_a_proposal_on_a_missing_provision_is_refused(conference):
    resolution = instrument_create(
        conference=conference,
        number="101",
        title="IP-based networks",
        text="Resolution 101\nIP-based networks\n\nThe Conference,\n\nresolves\n1 to act;\n2 to report,\n",
    )
    doc = document_create(
        conference=conference, number="27", kind="input", title="A", date=datetime.date(2014, 9, 1)
    )
    proposal_create(
        document=doc,
        symbol="F/27/1",
        mark="MOD",
        instrument=resolution,
        target="resolves__para_2",
        text="x",
    )
    with pytest.raises(ValidationError, match="resolves__para_9 is not a provision"):
        proposal_create(
            document=doc,
            symbol="F/27/2",
            mark="SUP",
            instrument=resolution,
            target="resolves__para_9",
        )
    assert doc.proposals.count() == 1
