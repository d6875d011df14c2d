"""The Atom feeds keep RFC 4287's rules, and the pages that have a feed say so in their
head (`<link rel="alternate">`), so that a feed reader finds it from the page."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from plenipot.accounts.models import AccessDecisions
from plenipot.documents.services import document_create
from plenipot.negotiation.services import instrument_create
from plenipot.tracker.services import path_move, path_start

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 3339 date-time, as RFC 4287 section 3.3 requires of atom:updated.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def atom_problems(data: bytes) -> list[str]:
    """What breaks RFC 4287 in a feed document (the MUSTs of sections 3 and 4.1)."""
    problems: list[str] = []
    feed = ET.fromstring(data)
    if feed.tag != f"{ATOM}feed":
        return [f"the root is {feed.tag}, not atom:feed"]

    def one(parent, name, where):
        found = parent.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} atom:{name}, exactly one is required")
        return found[0] if found else None

    def check_common(element, where):
        identifier = one(element, "id", where)
        if identifier is not None and not urlsplit((identifier.text or "").strip()).scheme:
            problems.append(f"{where}: atom:id {identifier.text!r} is not an absolute IRI")
        title = one(element, "title", where)
        if title is not None and not (title.text or "").strip():
            problems.append(f"{where}: an empty atom:title")
        updated = one(element, "updated", where)
        if updated is not None and not RFC3339.match((updated.text or "").strip()):
            problems.append(f"{where}: atom:updated {updated.text!r} is not an RFC 3339 date")
        for author in element.findall(f"{ATOM}author"):
            if len(author.findall(f"{ATOM}name")) != 1:
                problems.append(f"{where}: an atom:author without exactly one atom:name")
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in element.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if len(alternates) != len(set(alternates)):
            problems.append(f"{where}: two alternate links of the same type and language")
        return alternates

    check_common(feed, "feed")
    entries = feed.findall(f"{ATOM}entry")
    feed_author = bool(feed.findall(f"{ATOM}author"))
    ids = []
    for number, entry in enumerate(entries, 1):
        where = f"entry {number}"
        alternates = check_common(entry, where)
        if not feed_author and not entry.findall(f"{ATOM}author"):
            problems.append(f"{where}: no atom:author, and the feed has none")
        if entry.find(f"{ATOM}content") is None and not alternates:
            problems.append(f"{where}: no atom:content and no alternate link")
        if len(entry.findall(f"{ATOM}summary")) > 1:
            problems.append(f"{where}: more than one atom:summary")
        ids.extend((i.text or "").strip() for i in entry.findall(f"{ATOM}id"))
    if len(ids) != len(set(ids)):
        problems.append("two entries share an atom:id")
    return problems


def test_the_checker_finds_what_the_rfc_forbids():
    bare = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        b"<id>urn:x</id><updated>2014-10-20T10:00:00Z</updated>"
        b"<entry><title>e</title><id>urn:y</id><updated>yesterday</updated></entry></feed>"
    )
    problems = atom_problems(bare)
    assert "entry 1: no atom:author, and the feed has none" in problems
    assert "entry 1: no atom:content and no alternate link" in problems
    assert any("RFC 3339" in p for p in problems)


@pytest.fixture
def feeds(conference, plenary, states):
    AccessDecisions.objects.create(conference=conference, public_kinds=["input", "output"])
    day = datetime.date(2014, 10, 22)
    resolution = instrument_create(conference=conference, number="130", title="Security")
    document_create(
        conference=conference, number="27", kind="input", date=day, body=plenary,
        title="Proposals of France", sources=[states["FRA"]], instrument=resolution,
    )
    document_create(
        conference=conference, number="28", kind="input", date=day, body=plenary,
        title="A document of no named source",
    )
    secretariat = get_user_model().objects.create_user(username="sec", role="secretariat")
    path = path_start(instrument=resolution, started_by=secretariat)
    path_move(path=path, to_stage="allocated", moved_by=secretariat, body=plenary)
    return {"resolution": resolution}


FEEDS = [
    "/feeds/documents.atom",
    "/feeds/bodies/PL/documents.atom",
    "/feeds/instruments/130/documents.atom",
    "/tracker/feed/",
    "/tracker/resolution/130/feed/",
]


@pytest.mark.parametrize("path", FEEDS)
def test_every_feed_keeps_rfc_4287(client, feeds, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert atom_problems(response.content) == []
    assert ET.fromstring(response.content).findall(f"{ATOM}entry"), "the feed has entries"


def test_the_feeds_name_their_authors(client, feeds, conference):
    feed = ET.fromstring(client.get("/feeds/documents.atom").content)
    assert feed.find(f"{ATOM}author/{ATOM}name").text == conference.name
    authors = {
        entry.find(f"{ATOM}title").text: [n.text for n in entry.findall(f"{ATOM}author/{ATOM}name")]
        for entry in feed.findall(f"{ATOM}entry")
    }
    assert authors["Document 27: Proposals of France"] == ["France"]
    assert authors["Document 28: A document of no named source"] == []


def test_two_feeds_have_two_ids(client, feeds):
    ids = {
        ET.fromstring(client.get(path).content).find(f"{ATOM}id").text for path in FEEDS
    }
    assert len(ids) == len(FEEDS)


class _Alternates(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate":
            self.links.append(attrs)


def _alternates(html: str, kind: str) -> list[str]:
    parser = _Alternates()
    parser.feed(html[: html.index("</head>")])
    return [link["href"] for link in parser.links if link.get("type") == kind]


@pytest.mark.parametrize(
    "page, feed",
    [
        ("/", "/feeds/documents.atom"),
        ("/", "/tracker/feed/"),
        ("/documents/", "/feeds/documents.atom"),
        ("/bodies/PL/", "/feeds/bodies/PL/documents.atom"),
        ("/tracker/", "/tracker/feed/"),
        ("/tracker/resolution/130/", "/tracker/resolution/130/feed/"),
        ("/changes/", "/feeds/documents.atom"),
    ],
)
def test_a_page_with_a_feed_names_it_in_its_head(client, feeds, page, feed):
    found = _alternates(client.get(page).content.decode(), "application/atom+xml")
    assert feed in found
    assert atom_problems(client.get(feed).content) == []


@pytest.mark.parametrize("page", ["/", "/calendar/", "/bodies/PL/"])
def test_calendar_pages_name_their_icalendar_feed(client, feeds, page):
    found = _alternates(client.get(page).content.decode(), "text/calendar")
    assert found
    response = client.get(found[0])
    assert response.status_code == 200
    assert response.content.startswith(b"BEGIN:VCALENDAR")
