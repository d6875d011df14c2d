"""The drafting-room pages: who sees them and what they carry."""

from __future__ import annotations

import json


def test_the_room_page_carries_the_draft_and_the_pen_flag(client, room):
    client.force_login(room.chair)
    response = client.get(f"/drafts/{room.draft.pk}/")
    assert response.status_code == 200
    data = json.loads(response.context["room"] and json.dumps(response.context["room"]))
    assert data["pen"] is True
    assert data["snapshot"]["head"] == 0
    assert b"negotiation/drafting.js" in response.content


def test_watchers_and_strangers(client, room):
    client.force_login(room.delegate)
    response = client.get(f"/drafts/{room.draft.pk}/")
    assert response.status_code == 200 and response.context["room"]["pen"] is False
    client.logout()
    assert client.get(f"/drafts/{room.draft.pk}/").status_code == 404
    assert room.draft.title.encode() not in client.get("/drafts/").content
    client.force_login(room.delegate)
    assert room.draft.title.encode() in client.get("/drafts/").content


def test_the_history_page_lists_revisions_and_compares_two(client, room):
    from plenipot.negotiation.services import operation_apply

    op = {"op": "edit_text", "eid": "title", "segment": 0, "text": "Example of a compared text"}
    operation_apply(draft_id=room.draft.pk, user=room.chair, operation=op, base=0, description="d1")
    client.force_login(room.delegate)
    response = client.get(f"/drafts/{room.draft.pk}/history/?from=0&to=1")
    assert response.status_code == 200
    assert [c["eid"] for c in response.context["changes"]] == ["title"]
    assert b"compared" in response.content and b"d1" in response.content
    assert client.get(f"/drafts/{room.draft.pk}/history/?from=x&to=99").status_code == 200
    client.logout()
    assert client.get(f"/drafts/{room.draft.pk}/history/").status_code == 404


def test_the_pen_picks_among_its_body_s_meetings(client, room, plenary):
    import datetime

    from django.utils import timezone

    from plenipot.meetings.models import Meeting

    now = timezone.now()

    def meeting(body, number, hours, status="planned"):
        return Meeting.objects.create(
            conference=body.conference, body=body, number=number, openness=body.openness,
            starts_at=now + datetime.timedelta(hours=hours),
            ends_at=now + datetime.timedelta(hours=hours + 2), status=status,
        )  # fmt: skip

    earlier, current = meeting(room.body, 1, -26), meeting(room.body, 2, -1)
    meeting(room.body, 3, 24, status="cancelled")
    meeting(plenary, 7, -1)
    client.force_login(room.chair)
    response = client.get(f"/drafts/{room.draft.pk}/")
    assert [m.pk for m in response.context["meetings"]] == [earlier.pk, current.pk]
    assert f'<option value="{current.pk}" selected>'.encode() in response.content
    assert f'<option value="{earlier.pk}">'.encode() in response.content
    client.force_login(room.delegate)
    assert b'id="meeting"' not in client.get(f"/drafts/{room.draft.pk}/").content
