"""The drafting room's API: reads through the access policy, writes with 409 on conflict."""

from __future__ import annotations


def _apply(client, room, base, text, eid="title"):
    return client.post(
        f"/api/v1/drafts/{room.draft.pk}/operations",
        {"base": base, "op": {"op": "edit_text", "eid": eid, "segment": 0, "text": text}},
        content_type="application/json",
    )


def test_read_apply_conflict_history_diff_provenance_and_undo(client, room):
    client.force_login(room.chair)
    draft = client.get(f"/api/v1/drafts/{room.draft.pk}").json()
    assert draft["head"] == 0 and "title" in draft["provisions"]
    assert _apply(client, room, 0, "A new title").json() == {"number": 1}
    stale = _apply(client, room, 0, "Another title")
    assert stale.status_code == 409
    body = stale.json()
    assert body["head"] == 1 and body["provisions"]["title"]["segments"] == ["A new title"]
    assert _apply(client, room, 0, "that ICTs matter;", eid="considering__a").status_code == 200
    history = client.get(f"/api/v1/drafts/{room.draft.pk}/revisions").json()
    assert [r["number"] for r in history] == [1, 2]
    diff = client.get(f"/api/v1/drafts/{room.draft.pk}/diff?from=0&to=1").json()
    assert [d["eid"] for d in diff] == ["title"]
    provenance = client.get(f"/api/v1/drafts/{room.draft.pk}/provenance").json()
    title = next(p for p in provenance if p["eid"] == "title")
    assert title["pieces"][0]["words"][0] == ["A", "PEN/r1"]
    assert client.post(f"/api/v1/drafts/{room.draft.pk}/revisions/1/undo").status_code == 200
    assert client.get(f"/api/v1/drafts/{room.draft.pk}").json()["head"] == 3


def test_bad_operations_and_other_users(client, room):
    client.force_login(room.chair)
    bad = client.post(
        f"/api/v1/drafts/{room.draft.pk}/operations",
        {"base": 0, "op": {"op": "edit_text", "eid": "nowhere", "segment": 0, "text": "x"}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "nowhere" in bad.json()["detail"]
    client.force_login(room.delegate)
    assert client.get(f"/api/v1/drafts/{room.draft.pk}").status_code == 200
    assert _apply(client, room, 0, "Mine").status_code == 403
    client.logout()
    # The group is open to delegations only: the public does not see the draft at all.
    assert client.get(f"/api/v1/drafts/{room.draft.pk}").status_code == 404
    assert _apply(client, room, 0, "Mine").status_code == 401
    assert client.get("/api/v1/drafts/999999").status_code == 404


def test_an_edit_names_a_meeting_of_the_body(client, room):
    client.force_login(room.chair)
    url = f"/api/v1/drafts/{room.draft.pk}/operations"
    op = {"op": "edit_text", "eid": "title", "segment": 0, "text": "In a meeting"}
    response = client.post(
        url, {"base": 0, "op": op, "meeting": 12345}, content_type="application/json"
    )
    assert response.status_code == 400 and "meeting" in response.json()["detail"]


def test_the_list_and_history_do_not_grow_in_queries(client, room, django_assert_max_num_queries):
    client.force_login(room.chair)
    for n in range(5):
        _apply(client, room, n, f"Title {n}")
    with django_assert_max_num_queries(12):
        assert client.get("/drafts/").status_code == 200
    with django_assert_max_num_queries(12):
        assert len(client.get(f"/api/v1/drafts/{room.draft.pk}/revisions").json()) == 5


def test_suggestions_through_the_api(client, room):
    url = f"/api/v1/drafts/{room.draft.pk}/suggestions"
    client.force_login(room.delegate)
    sentence = "that information and communication technologies are critical to development;"
    start = sentence.index("critical")
    span = {"eid": "considering__a", "text": "vital", "segment": 0, "start": start,
            "end": start + len("critical")}  # fmt: skip
    made = client.post(url, span, content_type="application/json")
    assert made.status_code == 200 and made.json()["delegation"] == "F"
    outside = client.post(url, {**span, "end": 999}, content_type="application/json")
    assert outside.status_code == 400 and "outside the text" in outside.json()["detail"]
    whole = client.post(url, {"eid": "title", "text": "A title"}, content_type="application/json")
    assert whole.status_code == 200
    assert [s["text"] for s in client.get(url, {"status": "pending"}).json()] == ["vital", "A title"]
    # Only the pen accepts or declines.
    accept = f"{url}/{made.json()['id']}/accept"
    assert client.post(accept, {}, content_type="application/json").status_code == 403
    client.force_login(room.chair)
    bad_meeting = client.post(accept, {"meeting": 4242}, content_type="application/json")
    assert bad_meeting.status_code == 400 and "meeting" in bad_meeting.json()["detail"]
    assert client.post(accept, {}, content_type="application/json").json() == {"number": 1}
    assert client.post(accept, {}, content_type="application/json").status_code == 400
    declined = client.post(f"{url}/{whole.json()['id']}/decline")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert client.post(f"{url}/999999/decline").status_code == 404
    segments = client.get(f"/api/v1/drafts/{room.draft.pk}").json()["provisions"]["considering__a"]
    assert segments["segments"][1] == [
        {"text": "critical", "sources": ["BASE"]},
        {"text": "vital", "sources": ["F"]},
    ]
    client.logout()
    assert client.get(url).status_code == 404


def test_the_history_is_read_a_page_at_a_time(client, room):
    client.force_login(room.chair)
    for n in range(5):
        _apply(client, room, n, f"Title {n}")
    url = f"/api/v1/drafts/{room.draft.pk}/revisions"
    first = client.get(f"{url}?limit=2").json()
    assert [r["number"] for r in first] == [1, 2]
    following = client.get(f"{url}?after={first[-1]['number']}&limit=2").json()
    assert [r["number"] for r in following] == [3, 4]
    assert [r["number"] for r in client.get(f"{url}?after=4").json()] == [5]
    assert client.get(f"{url}?after=5").json() == []
    for bad in ("limit=0", "limit=1001", "after=-1", "after=x"):
        refused = client.get(f"{url}?{bad}")
        assert refused.status_code == 422, bad
        assert refused.json()["code"] == "invalid_input"
