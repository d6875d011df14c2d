"""On PostgreSQL the search's GIN indexes take new rows at once: no pending list that
the planner would see and answer by computing every document's text vector."""

import datetime

import pytest
from django.db import connection

from plenipot.documents.models import Document, Proposal

pytestmark = pytest.mark.django_db

INDEXES = ("document_search_simple", "proposal_search_simple")


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's GIN indexes; SQLite's full-text index has no pending list")


def test_the_search_indexes_have_no_pending_list(postgresql):
    with connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [name])
            assert cursor.fetchone()[0] == ["fastupdate=off"], name


def test_documents_written_in_a_burst_are_in_the_index_at_once(postgresql, conference):
    documents = Document.objects.bulk_create(
        Document(
            conference=conference, number=str(n), sequence=n, kind="input",
            title=f"Proposals on confidence and security, number {n}",
            text="Strengthening the role of the Union in building confidence and security.",
            date=datetime.date(2014, 9, 5),
        )
        for n in range(1, 301)
    )
    Proposal.objects.bulk_create(
        Proposal(document=document, symbol=f"F/{document.number}/1", mark="NOC",
                 target="resolves__para_1", reasons="Security matters to every delegation.")
        for document in documents
    )
    with connection.cursor() as cursor:
        for name in INDEXES:
            # The number of pending pages it moves into the index: none were left.
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])
            assert cursor.fetchone()[0] == 0, name
