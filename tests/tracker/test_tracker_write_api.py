"""Writing through the API: moves, decisions, votes and declarations, with the same
services and policy as the pages; every refusal a 4xx naming the reason."""

import datetime

import pytest

from plenipot.accounts.services import token_create
from plenipot.meetings.services import agenda_item_add, meeting_schedule
from plenipot.tracker.models import Decision, Declaration, TextPath
from plenipot.tracker.services import path_start

API = "/api/v1/conferences/PP-14"


def _at(day, hour=10):
    return datetime.datetime(2014, 10, day, hour, tzinfo=datetime.UTC)


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


@pytest.fixture
def item(world):
    meeting = meeting_schedule(
        body=world["com5"], starts_at=_at(21, 9), ends_at=_at(21, 12), scheduled_by=world["chair"]
    )
    path_start(instrument=world["resolution"], at=_at(20, 8))
    return agenda_item_add(
        meeting=meeting,
        title="",
        added_by=world["chair"],
        document=world["doc27"],
        instrument=world["resolution"],
    )


def _post(client, url, payload, user=None):
    headers = _auth(user) if user is not None else {}
    return client.post(url, payload, content_type="application/json", **headers)


def test_moving_a_text(client, world, item):
    url = f"{API}/paths/resolution/101/moves"
    anonymous = _post(client, url, {"to_stage": "allocated", "body": "COM5"})
    assert anonymous.status_code == 401 and "bearer token" in anonymous.json()["detail"]
    refused = _post(client, url, {"to_stage": "allocated", "body": "COM5"}, world["delegate"])
    assert refused.status_code == 403
    assert "secretariat or the chair" in refused.json()["detail"]

    skipped = _post(client, url, {"to_stage": "adopted"}, world["secretariat"])
    assert skipped.status_code == 400 and "skips a stage" in skipped.json()["detail"]
    no_body = _post(client, url, {"to_stage": "allocated"}, world["secretariat"])
    assert no_body.status_code == 400 and "Name the body" in no_body.json()["detail"]
    unknown = _post(client, url, {"to_stage": "allocated", "body": "NOPE"}, world["secretariat"])
    assert unknown.status_code == 400 and "no body NOPE" in unknown.json()["detail"]
    assert TextPath.objects.get().stage == "proposals"

    moved = _post(client, url, {"to_stage": "allocated", "body": "COM5"}, world["secretariat"])
    assert moved.status_code == 200, moved.json()
    assert moved.json()["stage"] == "allocated" and moved.json()["body"] == "COM5"
    # The chair of the body handling it moves it on.
    moved = _post(client, url, {"to_stage": "in_body", "note": "Introduced."}, world["chair"])
    assert moved.status_code == 200 and moved.json()["stage"] == "in_body"
    bad_symbol = _post(
        client, url, {"to_stage": "dt", "document": "DT/12-X"}, world["secretariat"]
    )
    assert bad_symbol.status_code == 400 and "language suffix" in bad_symbol.json()["detail"]
    missing = _post(client, url, {"to_stage": "dt", "document": "DT/99"}, world["secretariat"])
    # A document that does not exist answers like one the caller may not read: 404.
    assert missing.status_code == 404 and missing.json() == {
        "code": "not_found", "detail": "There is no document DT/99."
    }
    assert _post(client, f"{API}/paths/resolution/999/moves", {"to_stage": "allocated"},
                 world["secretariat"]).status_code == 404


def test_the_gate_answers_through_the_api(client, world, item):
    path = TextPath.objects.get()
    path.stage = "editorial"
    path.save()
    answer = _post(
        client, f"{API}/paths/resolution/101/moves", {"to_stage": "first_reading"},
        world["secretariat"],
    )
    assert answer.status_code == 400
    assert "There are no language versions of this text" in answer.json()["detail"]
    assert not world["conference"].documents.filter(series="B").exists()


def test_recording_a_decision(client, world, item):
    url = f"{API}/meetings/{item.meeting_id}/items/{item.position}/decisions"
    payload = {
        "outcome": "with_statements",
        "text": "Approved.",
        "statements": [{"delegation": "FRA", "kind": "reservation", "text": "France reserves."}],
    }
    # An anonymous write is refused before the meeting is even looked up.
    assert _post(client, url, payload).status_code == 401
    refused = _post(client, url, payload, world["pl_chair"])
    assert refused.status_code == 403 and "Only the chair of COM5" in refused.json()["detail"]
    consensus = _post(
        client, url, {**payload, "outcome": "consensus",
                      "statements": [{"delegation": "FRA", "kind": "objection"}]},
        world["chair"],
    )
    assert consensus.status_code == 400 and "objection" in consensus.json()["detail"]
    nobody = _post(
        client, url, {**payload, "statements": [{"delegation": "ITA", "kind": "statement"}]},
        world["chair"],
    )
    assert nobody.status_code == 400 and "ITA has no delegation" in nobody.json()["detail"]
    assert not Decision.objects.exists()

    done = _post(client, url, payload, world["chair"])
    assert done.status_code == 201, done.json()
    assert done.json()["statements"] == [
        {"delegation": "France", "kind": "reservation", "text": "France reserves."}
    ]
    TextPath.objects.update(stage="in_body", body=world["com5"])
    referral = _post(
        client, url,
        {"outcome": "referred", "referral": {"code": "COM5-AHG-9", "name": "AHG 9",
                                             "mandate": "Consolidate."}},
        world["chair"],
    )
    assert referral.status_code == 201, referral.json()
    assert referral.json()["referred_to"] == "COM5-AHG-9"
    assert TextPath.objects.get().stage == "ad_hoc"
    skipped = _post(client, url, {"outcome": "consensus", "move_to": "adopted"}, world["chair"])
    assert skipped.status_code == 400 and "skips a stage" in skipped.json()["detail"]
    assert Decision.objects.count() == 2
    assert _post(client, f"{API}/meetings/{item.meeting_id}/items/99/decisions", payload,
                 world["chair"]).status_code == 404


def test_recording_a_vote(client, world, item):
    url = f"{API}/meetings/{item.meeting_id}/items/{item.position}/votes"
    pending = _post(
        client, url,
        {"votes": [{"delegation": "FRA", "vote": "yes"}, {"delegation": "BRA", "vote": "no"}]},
        world["chair"],
    )
    assert pending.status_code == 400
    assert "credentials are accepted: Brazil" in pending.json()["detail"]
    twice = _post(
        client, url,
        {"votes": [{"delegation": "FRA", "vote": "yes"}, {"delegation": "fra", "vote": "no"}]},
        world["chair"],
    )
    assert twice.status_code == 400 and "FRA votes only once" in twice.json()["detail"]
    assert not Decision.objects.exists()
    vote = _post(
        client, url,
        {"text": "Put to the vote.",
         "votes": [{"delegation": "FRA", "vote": "yes"}, {"delegation": "SEN", "vote": "abstain"}]},
        world["chair"],
    )
    assert vote.status_code == 201, vote.json()
    assert (vote.json()["votes_yes"], vote.json()["votes_abstain"]) == (1, 1)
    assert vote.json()["vote_carried"] is True


def test_recording_a_declaration(client, world):
    url = f"{API}/declarations"
    payload = {"delegations": ["FRA", "SEN"], "text": "France and Senegal reserve the right."}
    assert _post(client, url, payload).status_code == 401
    refused = _post(client, url, payload, world["chair"])
    assert refused.status_code == 403 and "secretariat records" in refused.json()["detail"]
    unknown = _post(client, url, {**payload, "delegations": ["ITA"]}, world["secretariat"])
    assert unknown.status_code == 400 and "ITA" in unknown.json()["detail"]
    made = _post(client, url, payload, world["secretariat"])
    assert made.status_code == 201
    assert made.json() == {
        "number": 1,
        "delegations": ["France", "Senegal"],
        "text": "France and Senegal reserve the right.",
    }
    assert Declaration.objects.count() == 1
    bad_token = client.post(url, payload, content_type="application/json",
                            HTTP_AUTHORIZATION="Bearer nope")
    assert bad_token.status_code == 401


def test_registering_an_addendum(client, world):
    url = f"{API}/documents/children"
    payload = {"parent": "Addendum 1 to Document 27", "relation": "addendum"}
    assert _post(client, url, payload).status_code == 401
    assert _post(client, url, payload, world["chair"]).status_code == 403
    bad = _post(client, url, {**payload, "parent": "Document 27-X"}, world["secretariat"])
    assert bad.status_code == 400 and "language suffix" in bad.json()["detail"]
    made = _post(client, url, {**payload, "date": "2014-10-22"}, world["secretariat"])
    assert made.status_code == 201, made.json()
    assert made.json() == {
        "symbol": "Addendum 2 to Document 27",
        "parent": "Addendum 1 to Document 27",
        "title": "European Common Proposals",
        "date": "2014-10-22",
    }
    revision = _post(client, url, {**payload, "relation": "revision"}, world["secretariat"])
    assert revision.json()["symbol"] == "Addendum 1 to Document 27(Rev.1)"


def test_a_document_the_writer_may_not_read_is_refused_as_one_that_does_not_exist(
    client, world, item
):
    """The refusal names the symbol the same way whether the document is missing or
    only hidden from the writer, so the answer does not tell which."""
    import datetime

    from plenipot.conference.services import body_create
    from plenipot.documents.access import document_readable
    from plenipot.documents.services import document_create

    closed = body_create(
        conference=world["conference"], code="CLOSED", name="Closed group", kind="ad_hoc",
        parent=world["pl"], openness="delegations",
    )  # fmt: skip
    hidden = document_create(
        conference=world["conference"], number="DL/3", kind="temporary", title="Hidden",
        date=datetime.date(2014, 10, 21), body=closed,
    )  # fmt: skip
    assert not document_readable(world["chair"], hidden)
    url = f"{API}/meetings/{item.meeting_id}/items/{item.position}/decisions"
    answers = [
        _post(client, url, {"outcome": "consensus", "document": typed}, world["chair"]).json()
        for typed in ("dl/3-e", "dl/4-e")
    ]
    assert [a["detail"] for a in answers] == ["DL/3 is not registered.", "DL/4 is not registered."]
    assert not Decision.objects.exists()
