"""The daily digest on the demo: new documents, decisions and draft revisions, each only
as far as the reader may see them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from plenipot.accounts.models import Follow, User
from plenipot.conference import clock
from plenipot.demo.loader import demo_load
from plenipot.negotiation.models import Draft
from plenipot.portal.digest import digest_for, digest_text

pytestmark = pytest.mark.django_db


def test_digest_shows_drafts_and_documents_only_to_those_who_may_see_them():
    conference = demo_load().conference
    draft = (
        Draft.objects.select_related("body")
        .filter(revisions__isnull=False, body__openness="delegations")
        .first()
    )
    if draft is None:
        pytest.skip("the demo has no draft with revisions")
    delegate = User.objects.get(username="delegate1")
    observer = User.objects.create(username="watcher", email="w@example.org", role="observer")
    # The demo runs on its conference's clock: its revisions are dated on its day.
    since = clock.today(conference) - datetime.timedelta(days=1)
    now = clock.now(conference)
    for user in (delegate, observer):
        Follow.objects.create(user=user, body=draft.body)
        if draft.instrument_id:
            Follow.objects.create(user=user, instrument_id=draft.instrument_id)
    own = digest_for(user=User.objects.get(pk=delegate.pk), since=since, now=now)
    assert [news.draft for news in own.drafts] == [draft]
    assert own.drafts[0].revisions >= 1
    text = digest_text(own, base_url="http://site")
    assert f"http://site/drafts/{draft.pk}/" in text
    # The observer follows the same things but the group is closed to observers.
    other = digest_for(user=User.objects.get(pk=observer.pk), since=since, now=now)
    assert draft.body.openness == "delegations"
    assert other.drafts == []
    text = digest_text(other, base_url="http://site")
    assert draft.title not in text or draft.title in (draft.instrument.title if draft.instrument else "")
    for document in other.documents:
        assert document.body_id != draft.body_id


def test_digest_lists_decisions_of_followed_bodies_without_agenda_titles():
    from plenipot.tracker.models import Decision

    demo_load()
    decision = (
        Decision.objects.select_related("agenda_item__meeting__body")
        .filter(agenda_item__meeting__openness="public")
        .first()
    )
    if decision is None:
        pytest.skip("the demo has no decision in a public meeting")
    body = decision.agenda_item.meeting.body
    observer = User.objects.create(username="reader", email="r@example.org", role="observer")
    Follow.objects.create(user=observer, body=body)
    digest = digest_for(
        user=User.objects.get(pk=observer.pk),
        since=datetime.date(2000, 1, 1),
        now=timezone.now(),
    )
    assert decision in digest.decisions
    text = digest_text(digest, base_url="")
    section = text.split("Decisions:", 1)[1].split("\n\n", 1)[0]
    assert decision.get_outcome_display() in section
    assert decision.agenda_item.title not in section


def test_changes_page_lists_the_days_decisions_in_open_meetings(client):
    from plenipot.tracker.models import Decision

    demo_load()
    decision = (
        Decision.objects.select_related("agenda_item__meeting")
        .filter(agenda_item__meeting__openness="public")
        .first()
    )
    if decision is None:
        pytest.skip("the demo has no decision in a public meeting")
    day = timezone.localdate(decision.decided_at)
    response = client.get("/changes/", {"day": day.isoformat()})
    assert decision in response.context["decisions"]
    closed = Decision.objects.filter(
        agenda_item__meeting__openness="delegations", decided_at__date=day
    )
    for hidden in closed:
        assert hidden not in response.context["decisions"]
