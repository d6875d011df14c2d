"""The API of the path of a text."""

import datetime

from plenipot.meetings.services import agenda_item_add, meeting_schedule
from plenipot.tracker.services import decision_take, path_move, path_start


def _at(day, hour=10):
    return datetime.datetime(2014, 10, day, hour, tzinfo=datetime.UTC)


def test_paths_meetings_and_final_acts(client, world, django_assert_max_num_queries):
    path = path_start(instrument=world["resolution"], at=_at(20, 8))
    path_move(path=path, to_stage="allocated", moved_by=world["secretariat"], body=world["com5"])
    meeting = meeting_schedule(
        body=world["pl"],
        starts_at=_at(21, 9),
        ends_at=_at(21, 12),
        scheduled_by=world["secretariat"],
    )
    item = agenda_item_add(meeting=meeting, title="Opening", added_by=world["secretariat"])
    decision_take(
        agenda_item=item, outcome="consensus", decided_by=world["pl_chair"], text="Agreed."
    )

    listed = client.get("/api/v1/conferences/PP-14/paths").json()
    assert listed == [
        {
            "kind": "resolution",
            "number": "101",
            "title": "Internet Protocol-based networks",
            "stage": "allocated",
            "stage_label": "Allocated",
            "body": "COM5",
            "adopted_number": "",
        }
    ]
    assert client.get("/api/v1/conferences/PP-14/paths?stage=adopted").json() == []
    detail = client.get("/api/v1/conferences/PP-14/paths/resolution/101").json()
    assert [e["to_stage"] for e in detail["events"]] == ["proposals", "allocated"]
    assert client.get("/api/v1/conferences/PP-14/paths/resolution/999").status_code == 404

    with django_assert_max_num_queries(15):
        meetings = client.get("/api/v1/conferences/PP-14/meetings").json()
    assert [m["body"] for m in meetings] == ["PL"]
    one = client.get(f"/api/v1/conferences/PP-14/meetings/{meeting.pk}").json()
    assert one["decisions"][0]["outcome"] == "consensus"
    assert client.get("/api/v1/conferences/XX/meetings").status_code == 404

    acts = client.get("/api/v1/conferences/PP-14/final-acts").json()
    assert acts == {"instruments": [], "declarations": []}
