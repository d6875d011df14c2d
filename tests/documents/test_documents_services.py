import datetime

import pytest
from django.core.exceptions import ValidationError

from plenipot.documents import selectors
from plenipot.documents.services import document_create, proposal_create
from plenipot.negotiation.services import instrument_create


@pytest.fixture
def resolution(conference):
    return instrument_create(
        conference=conference, number="101", title="Internet Protocol-based networks",
        text="Resolution 101\nInternet Protocol-based networks\n",
    )


@pytest.fixture
def document(conference, states):
    return document_create(
        conference=conference, number="27", addendum=1, kind="input",
        title="Proposals for the work of the conference", date=datetime.date(2014, 9, 1),
        sources=[states["FRA"]],
    )


def test_document_symbol(document):
    assert str(document) == "Addendum 1 to Document 27"
    document.addendum = 0
    document.revision = 1
    assert document.symbol == "Document 27(Rev.1)"


def test_document_numbers_are_unique(conference, document):
    with pytest.raises(ValidationError):
        document_create(
            conference=conference, number="27", addendum=1, kind="input", title="Again",
            date=datetime.date(2014, 9, 2),
        )


def test_proposals_need_what_their_mark_needs(document, resolution, states):
    with pytest.raises(ValidationError):
        proposal_create(document=document, symbol="F/27A1/1", mark="MOD", instrument=resolution)
    with pytest.raises(ValidationError):
        proposal_create(document=document, symbol="F/27A1/1", mark="SUP", instrument=resolution)
    with pytest.raises(ValidationError):
        proposal_create(document=document, symbol="F/27A1/1", mark="ADD", anchor="resolves__para_1")
    made = proposal_create(
        document=document, symbol="F/27A1/1", mark="MOD", instrument=resolution,
        target="resolves__para_2", text="new words", reasons="Clearer.",
        sources=[states["FRA"]],
    )
    assert str(made) == "MOD F/27A1/1"
    listed = selectors.proposal_list(conference=document.conference, instrument_number="101")
    assert list(listed) == [made]
    with pytest.raises(ValidationError):
        proposal_create(
            document=document, symbol="F/27A1/1", mark="NOC", instrument=resolution,
            target="considering__a",
        )
