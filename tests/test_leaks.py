"""Crawl the demo as the public and as a delegate of another delegation, and look for
anything restricted: no title, number or text of a document the reader may not read may
appear on any page, feed or API answer reachable from the site.

The demo holds restricted documents on purpose (temporary documents of groups open to
delegations only, draft texts of limited distribution from several delegations,
administrative and information documents for participants); the test checks that it
still does, so that it cannot pass by having nothing to find.
"""

from __future__ import annotations

import html
import re
from collections import deque
from urllib.parse import urlencode, urljoin, urlsplit

import pytest

from plenipot.accounts.models import User
from plenipot.conference.models import Body
from plenipot.demo.loader import demo_load
from plenipot.documents.access import document_readable
from plenipot.documents.models import Document
from plenipot.negotiation.models import Draft, Instrument
from plenipot.negotiation.selectors import draft_watchable

pytestmark = pytest.mark.django_db

SKIP = ("/admin/", "/static/", "/media/", "/i18n/", "/accounts/logout/", "/api/v1/docs")
MAX_REQUESTS = 3000
HREF = re.compile(r'(?:href|src|action)="([^"#]*)"')
# The search box shows back what was typed; that echo is the reader's own words.
SEARCH_ECHO = re.compile(r'(<input[^>]*name="q"[^>]*value=")[^"]*"')


def _needles(document: Document) -> list[tuple[str, re.Pattern]]:
    """What would betray a document: its title, its text, its number as printed."""
    needles = [("title", re.compile(re.escape(document.title)))]
    escaped = html.escape(document.title)
    if escaped != document.title:
        needles.append(("title", re.compile(re.escape(escaped))))
    text = " ".join(document.text.split())[:60]
    if len(text) >= 20:
        needles.append(("text", re.compile(re.escape(text))))
        needles.append(("text", re.compile(re.escape(html.escape(text)))))
    if document.number and not document.number.isdigit():
        # "DL/1" but not "DL/12": the number as a whole word.
        needles.append(("number", re.compile(re.escape(document.number) + r"(?![\d.])")))
    return needles


def _seeds(conference, documents, restricted) -> list[str]:
    seeds = [
        "/", "/documents/", "/bodies/", "/delegations/", "/calendar/", "/changes/",
        "/feeds/documents.atom", "/feeds/meetings.ics",
        "/api/v1/conferences", f"/api/v1/conferences/{conference.short_name}",
        f"/api/v1/conferences/{conference.short_name}/documents?limit=500",
        f"/api/v1/conferences/{conference.short_name}/bodies?limit=500",
        f"/api/v1/conferences/{conference.short_name}/delegations?limit=500",
    ]
    for document in documents:
        seeds += [f"/documents/{document.pk}/", f"/api/v1/documents/{document.pk}"]
        seeds += [f"/documents/{document.pk}/files/{lang}/" for lang in ("en", "fr")]
    for code in Body.objects.filter(conference=conference).values_list("code", flat=True):
        seeds += [
            f"/bodies/{code}/",
            f"/api/v1/conferences/{conference.short_name}/bodies/{code}",
            f"/feeds/bodies/{code}/documents.atom",
            f"/feeds/bodies/{code}/meetings.ics",
        ]
    for number in Instrument.objects.filter(conference=conference).values_list(
        "number", flat=True
    ):
        seeds.append(f"/feeds/instruments/{number}/documents.atom")
    # Search for what is hidden, by words of its title, its text and its number.
    for document in restricted:
        for query in {
            " ".join(document.title.split()[:3]),
            " ".join(document.text.split()[:3]),
            document.number,
        }:
            if query.strip():
                seeds.append("/documents/?" + urlencode({"q": query}))
                seeds.append(
                    f"/api/v1/conferences/{conference.short_name}/documents?"
                    + urlencode({"q": query})
                )
    for day in sorted({d.date for d in documents}):
        seeds.append(f"/changes/?day={day.isoformat()}")
    seeds.append("/drafts/")
    seeds += [f"/drafts/{pk}/" for pk in Draft.objects.values_list("pk", flat=True)]
    return seeds


def crawl(client, user) -> tuple[int, list[str]]:
    conference = demo_load().conference
    documents = list(
        Document.objects.filter(conference=conference)
        .select_related("body", "release")
        .prefetch_related("sources")
    )
    reader = User.objects.get(pk=user.pk) if user is not None else None
    restricted = [d for d in documents if not document_readable(reader, d)]
    assert len(restricted) >= 3, "the demo must hold documents this reader may not read"
    needles = [(d, kind, pattern) for d in restricted for kind, pattern in _needles(d)]
    if user is not None:
        client.force_login(user)

    closed_drafts = {
        f"/drafts/{d.pk}/" for d in Draft.objects.select_related("body")
        if not draft_watchable(reader, d)
    }
    queue = deque(_seeds(conference, documents, restricted))
    seen: set[str] = set(queue)
    leaks: list[str] = []
    requests = 0
    while queue and requests < MAX_REQUESTS:
        url = queue.popleft()
        response = client.get(url)
        requests += 1
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if url in closed_drafts and response.status_code != 404:
            leaks.append(f"{url}: a closed draft answered {response.status_code}")
        if response.status_code != 200 or response.streaming:
            continue
        body = SEARCH_ECHO.sub(r'\1"', response.content.decode("utf-8", "replace"))
        for document, kind, pattern in needles:
            if pattern.search(body):
                leaks.append(f"{url}: {kind} of {document.number or document.pk}")
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in HREF.findall(body):
            link = html.unescape(link)
            absolute = urljoin(url, link)
            parts = urlsplit(absolute)
            if parts.netloc or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target.startswith(SKIP) or target in seen:
                continue
            seen.add(target)
            queue.append(target)
    return requests, leaks


def _subscribe(user, draft_id: int) -> bool:
    """Whether a WebSocket subscription to a draft's live channel is accepted."""
    from asgiref.sync import async_to_sync
    from asgiref.testing import ApplicationCommunicator

    from plenipot.negotiation.consumers import DraftConsumer

    async def attempt() -> bool:
        scope = {
            "type": "websocket", "path": f"/ws/drafts/{draft_id}/", "headers": [],
            "query_string": b"", "subprotocols": [], "user": user,
            "url_route": {"args": (), "kwargs": {"draft_id": draft_id}},
        }
        communicator = ApplicationCommunicator(DraftConsumer.as_asgi(), scope)
        await communicator.send_input({"type": "websocket.connect"})
        answer = await communicator.receive_output(timeout=10)
        connected = answer["type"] == "websocket.accept"
        await communicator.send_input({"type": "websocket.disconnect", "code": 1000})
        await communicator.wait(timeout=10)
        return connected

    return async_to_sync(attempt)()


@pytest.mark.django_db(transaction=True)
def test_live_channels_of_closed_drafts_refuse_outsiders():
    from django.contrib.auth.models import AnonymousUser

    demo_load()
    drafts = list(Draft.objects.select_related("body"))
    if not drafts:
        pytest.skip("the demo has no drafts")
    outsider = User.objects.get(username="delegate1")
    for draft in drafts:
        for user in (AnonymousUser(), User.objects.get(pk=outsider.pk)):
            expected = draft_watchable(user, draft)
            assert _subscribe(user, draft.pk) == expected, (draft, user)
    assert any(not draft_watchable(AnonymousUser(), d) for d in drafts), (
        "the demo must hold a draft closed to the public"
    )


def test_the_public_sees_nothing_restricted(client):
    requests, leaks = crawl(client, None)
    assert requests > 150
    assert not leaks, "\n".join(leaks[:30])


def test_a_delegate_of_another_delegation_sees_nothing_restricted(client):
    demo_load()
    # The Tuvalu delegate: others' limited drafts (Nigeria, the United States, CEPT) must
    # stay hidden, while the documents of groups open to delegations are theirs to read.
    user = User.objects.get(username="delegate1")
    requests, leaks = crawl(client, user)
    assert requests > 150
    assert not leaks, "\n".join(leaks[:30])
    dt1 = Document.objects.get(number="DT/1")
    assert document_readable(User.objects.get(pk=user.pk), dt1)


def test_a_delegate_reads_their_own_delegations_limited_draft(client):
    demo_load()
    own = User.objects.get(username="delegate")  # Nigeria
    other = User.objects.get(username="delegate1")  # Tuvalu
    dl1 = Document.objects.get(number="DL/1")
    client.force_login(own)
    assert client.get(f"/documents/{dl1.pk}/").status_code == 200
    client.force_login(other)
    assert client.get(f"/documents/{dl1.pk}/").status_code == 404
