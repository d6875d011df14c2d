"""A drafting room's history runs to thousands of revisions by the last weekend: its page
shows one page of them, in a fixed number of queries, whatever the length of the log."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plenipot.demo.scale import long_log_grow
from plenipot.negotiation.selectors import HISTORY_PAGE

pytestmark = pytest.mark.django_db


def _get(client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _numbers(page: str) -> list[int]:
    return [int(n) for n in re.findall(r"<tr>\s*<td>(\d+)</td>", page)]


def test_the_history_shows_one_page_of_a_long_log(client, room):
    path = f"/drafts/{room.draft.pk}/history/"
    client.force_login(room.delegate)
    long_log_grow(draft=room.draft, target=20, pen=room.chair)
    client.get(path)
    short_queries, short = _get(client, path)
    assert _numbers(short) == list(range(1, 21))
    assert 'rel="prev"' not in short and 'rel="next"' not in short

    long_log_grow(draft=room.draft, target=2 * HISTORY_PAGE + 50, pen=room.chair)
    head = 2 * HISTORY_PAGE + 50
    long_queries, long = _get(client, path)
    assert long_queries == short_queries
    # The latest page, the two latest revisions compared.
    assert _numbers(long) == list(range(head - HISTORY_PAGE + 1, head + 1))
    assert f'name="from" type="number" min="0" max="{head}" value="{head - 1}"' in long
    assert f"Revisions {head - HISTORY_PAGE + 1} to {head} of {head}" in long

    # Earlier pages, down to the first, which is full.
    earlier = re.search(r'href="\?([^"]*)" rel="prev"', long).group(1).replace("&amp;", "&")
    queries, page = _get(client, f"{path}?{earlier}")
    assert _numbers(page) == list(range(head - 2 * HISTORY_PAGE + 1, head - HISTORY_PAGE + 1))
    assert queries == short_queries
    _queries, first = _get(client, f"{path}?upto=3")
    assert _numbers(first) == list(range(1, HISTORY_PAGE + 1))
    assert 'rel="prev"' not in first and 'rel="next"' in first
    # A number out of range is the nearest page, never an error.
    assert _numbers(_get(client, f"{path}?upto=99999")[1])[-1] == head
    assert _get(client, f"{path}?upto=x")[0] == short_queries

    # Twice the log, the same page: as many queries, about as many bytes.
    long_log_grow(draft=room.draft, target=2 * head, pen=room.chair)
    longer_queries, longer = _get(client, path)
    assert longer_queries == short_queries
    assert len(longer) < 1.1 * len(long)
