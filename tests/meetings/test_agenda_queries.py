"""A meeting's page reads its agenda's documents through the access policy in a fixed
number of queries, however many texts the meeting takes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plenipot.documents.services import document_create
from plenipot.meetings.services import agenda_item_add, meeting_schedule

pytestmark = pytest.mark.django_db


def _add_items(world, meeting, count: int, start: int) -> None:
    for n in range(start, start + count):
        public = document_create(
            conference=world["conference"], number=str(100 + n), kind="input",
            title=f"Proposals on the agenda, number {n}", date=datetime.date(2014, 9, 5),
            sources=[world["fra"].organisation], body=world["com5"],
        )
        limited = document_create(
            conference=world["conference"], number=f"DL/{n}", kind="temporary",
            title=f"Fallback wording kept to its authors, number {n}",
            date=datetime.date(2014, 10, 21), sources=[world["fra"].organisation],
            body=world["com5"],
        )
        for document in (public, limited):
            agenda_item_add(
                meeting=meeting, title=f"Item {document.number}", added_by=world["secretariat"],
                document=document,
            )


def _count(client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("reader", ["public", "delegate", "chair"])
def test_the_meeting_page_runs_the_same_queries_for_ten_times_the_agenda(client, world, reader):
    meeting = meeting_schedule(
        body=world["com5"],
        starts_at=datetime.datetime(2014, 10, 22, 9, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2014, 10, 22, 12, tzinfo=datetime.UTC),
        scheduled_by=world["secretariat"], openness="public",
    )
    if reader != "public":
        client.force_login(world[reader])
    path = f"/meetings/{meeting.pk}/"
    _add_items(world, meeting, 1, 1)
    client.get(path)  # the per-process caches (content types, translations)
    few, page = _count(client, path)
    assert "Item 101" in page and "Item DL/1" in page
    _add_items(world, meeting, 10, 2)
    many, page = _count(client, path)
    assert "Item 111" in page and "Item DL/11" in page
    assert many == few, f"{few} queries with 2 items, {many} with 22"
    # The chair declares a decision on any item: the form is under each one.
    forms = page.count('action="/tracker/decide/')
    assert forms == (22 if reader == "chair" else 0)
    if reader == "chair":
        assert page.count('name="delegation_0"') == 22


def test_the_agenda_reads_only_what_the_reader_may_read(world):
    from plenipot.documents.selectors import document_is_readable, documents_readable_ids

    meeting = meeting_schedule(
        body=world["com5"],
        starts_at=datetime.datetime(2014, 10, 22, 9, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2014, 10, 22, 12, tzinfo=datetime.UTC),
        scheduled_by=world["secretariat"],
    )
    _add_items(world, meeting, 2, 1)
    documents = [item.document for item in meeting.items.all()] + [None]
    for user in (None, world["delegate"], world["chair"], world["secretariat"]):
        from django.contrib.auth.models import AnonymousUser

        reader = user or AnonymousUser()
        expected = {
            d.pk for d in documents if d is not None and document_is_readable(user=reader, document=d)
        }
        assert documents_readable_ids(user=reader, documents=documents) == expected
    assert len(documents_readable_ids(user=world["delegate"], documents=documents)) == 2
