"""Crawl the demo as the secretariat and as a delegate, and look for provision ids in what
people read: ``considering__b`` or ``resolves__para_2`` may stand in URLs, attributes and
the API, never in a page's visible text, where provisions are named as delegates name
them ("considering b)", "resolves 2").

The crawl starts from the pages where ids used to show (the drafting history, the
translator's workspace and checks, the chair's view, the document pages with proposals,
the submissions) and follows every link; the test checks that it reached them, so that
it cannot pass by having seen nothing.
"""

from __future__ import annotations

import html
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings

from plenipot.accounts.models import User
from plenipot.conference.models import Body
from plenipot.demo.loader import demo_load
from plenipot.negotiation.models import Draft
from plenipot.submissions.models import Upload
from plenipot.translation.models import Expression, SourceText
from provision_ids import PROVISION_ID

pytestmark = pytest.mark.django_db

SKIP = ("/admin/", "/static/", "/media/", "/i18n/", "/accounts/logout/", "/api/", "/feeds/")
FILES = (".pdf", ".docx", ".xml", ".ics", ".atom", ".zip", ".txt", ".csv", ".json")
HREF = re.compile(r'(?:href|action)="([^"#]*)"')
MAX_REQUESTS = 1500


def visible_text(page: str) -> str:
    """What a reader sees of a page: no scripts, styles or templates, no tags and so no
    attributes, the entities read."""
    page = re.sub(r"(?is)<(script|style|template)\b.*?</\1\s*>", " ", page)
    page = re.sub(r"(?s)<!--.*?-->", " ", page)
    page = re.sub(r"(?s)<[^>]*>", " ", page)
    return html.unescape(page)


def _seeds() -> list[str]:
    seeds = ["/", "/drafts/", "/changes/", "/translation/", "/submissions/", "/tracker/"]
    for pk in Draft.objects.values_list("pk", flat=True):
        seeds += [f"/drafts/{pk}/", f"/drafts/{pk}/history/", f"/drafts/{pk}/history/?from=0"]
    for pk in SourceText.objects.values_list("pk", flat=True):
        seeds += [f"/translation/texts/{pk}/", f"/translation/texts/{pk}/checks/"]
    seeds += [f"/translation/{pk}/" for pk in Expression.objects.values_list("pk", flat=True)]
    seeds += [f"/submissions/{pk}/" for pk in Upload.objects.values_list("pk", flat=True)]
    seeds += [f"/tracker/chair/{code}/" for code in Body.objects.values_list("code", flat=True)]
    return seeds


def crawl(client, username: str, language: str) -> tuple[set[str], list[str], str]:
    """Every page reachable as `username` in `language`: the pages read, the ids found
    in their visible text, and all that text (for the checks that labels are there)."""
    demo_load()
    client.force_login(User.objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    queue = deque(_seeds())
    seen = set(queue)
    read: set[str] = set()
    found: list[str] = []
    texts: list[str] = []
    while queue and len(read) < MAX_REQUESTS:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if response.status_code != 200 or response.streaming:
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        read.add(url)
        page = response.content.decode("utf-8", "replace")
        text = visible_text(page)
        texts.append(text)
        for match in PROVISION_ID.finditer(text):
            context = " ".join(text[max(0, match.start() - 60) : match.end() + 30].split())
            found.append(f"{url}: {match.group(0)} in «{context}»")
        for link in HREF.findall(page):
            parts = urlsplit(urljoin(url, html.unescape(link)))
            if parts.netloc or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target.startswith(SKIP) or parts.path.endswith(FILES) or target in seen:
                continue
            seen.add(target)
            queue.append(target)
    return read, found, "\n".join(texts)


def _reached(read: set[str], pattern: str) -> bool:
    return any(re.fullmatch(pattern, url) for url in read)


def test_the_secretariat_reads_no_provision_id(client):
    read, found, text = crawl(client, "secretariat", "en")
    assert not found, "\n".join(found[:30])
    # The crawl went where ids used to show, and found the provisions named there.
    for where in (
        r"/drafts/\d+/history/.*", r"/translation/\d+/", r"/translation/texts/\d+/",
        r"/translation/texts/\d+/checks/", r"/tracker/chair/[A-Z0-9-]+/", r"/documents/\d+/",
    ):  # fmt: skip
        assert _reached(read, where), f"the crawl never read a page like {where}"
    assert len(read) > 200
    for label in ("considering a)", "resolves 2", "the heading considering"):
        assert label in text, f"no page names a provision «{label}»"


def test_a_delegate_in_arabic_reads_no_provision_id(client):
    read, found, text = crawl(client, "delegate", "ar")
    assert not found, "\n".join(found[:30])
    assert _reached(read, r"/drafts/\d+/history/.*") and _reached(read, r"/documents/\d+/")
    assert _reached(read, r"/submissions/\d+/"), "the delegate's own submissions"
    assert len(read) > 100
    # The words of the text stay as the text writes them, whatever the page's language.
    assert "resolves 2" in text
