"""The demo shows texts at every stage, with meetings across the conference days."""

import pytest

from plenipot.demo.loader import demo_load
from plenipot.meetings.models import Meeting
from plenipot.tracker.models import Decision, TextPath


@pytest.fixture
def demo(db):
    return demo_load()


def test_the_demo_path(demo):
    """One load of the demo, three looks at it (the load is the slow part)."""
    _texts_at_every_stage(demo)
    _resolution_179_walks_from_document_27(demo)
    _texts_waiting_for_their_languages(demo)
    _meetings_by_hand_across_the_conference_days(demo)


def _texts_at_every_stage(demo):
    stages = dict(
        TextPath.objects.filter(conference=demo.conference).values_list(
            "instrument__number", "stage"
        )
    )
    assert stages["179"] == "final_acts"
    assert stages["136"] == "second_reading" and stages["139"] == "first_reading"
    assert stages["174"] == "withdrawn"
    assert stages["102"] == "no_consensus"
    assert list(stages.values()).count("ad_hoc") >= 2
    main_line = {
        "proposals",
        "allocated",
        "in_body",
        "ad_hoc",
        "dt",
        "approved",
        "editorial",
        "first_reading",
        "second_reading",
        "final_acts",
    }
    assert main_line <= set(stages.values())
    adopted = TextPath.objects.get(conference=demo.conference, instrument__number="179")
    assert adopted.adopted_number == "179 (Rev. Busan, 2014)"


def _resolution_179_walks_from_document_27(demo):
    path = TextPath.objects.get(conference=demo.conference, instrument__number="179")
    events = list(path.events.select_related("document", "body"))
    assert [e.to_stage for e in events] == [
        "proposals",
        "allocated",
        "in_body",
        "ad_hoc",
        "dt",
        "approved",
        "editorial",
        "first_reading",
        "second_reading",
        "adopted",
        "final_acts",
    ]
    by_stage = {e.to_stage: e for e in events}
    assert by_stage["ad_hoc"].body.code == "WGPL-CG-179"
    assert by_stage["dt"].document.series == "DT"
    assert by_stage["first_reading"].document.series == "B"
    assert by_stage["second_reading"].document.series == "R"
    referral = Decision.objects.get(path=path, outcome="referred")
    assert referral.agenda_item.document.symbol == "Addendum 6 to Document 27"


def _texts_waiting_for_their_languages(demo):
    """Texts with no language versions stop at the Editorial Committee: the gate names
    what is missing; the texts in six languages pass it."""
    from plenipot.tracker.selectors import issue_gate_failures

    waiting = TextPath.objects.get(conference=demo.conference, instrument__number="101")
    assert waiting.stage == "editorial"
    assert issue_gate_failures(path=waiting) == [
        "Resolution 101: There are no language versions of this text."
    ]
    ready = TextPath.objects.get(conference=demo.conference, instrument__number="139")
    assert issue_gate_failures(path=ready) == []
    # 136, 139 and 179 passed the gate with versions of their DTs' texts, not of the
    # texts in force their DTs changed, and without a waiver.
    from plenipot.tracker.selectors import language_versions_behind
    from plenipot.translation.models import CheckWaiver
    from plenipot.translation.selectors import language_source

    for number in ("136", "139", "179"):
        path = TextPath.objects.get(conference=demo.conference, instrument__number=number)
        assert path.current_text != path.text_in_force
        source = language_source(path=path)
        assert getattr(source, "series", "") == "DT", number
        assert source.source_text.expressions.filter(status="final").count() == 5
        if number != "179":  # 179's adopted text carries its new number
            assert language_versions_behind(path=path) == []
    assert not CheckWaiver.objects.filter(source__conference=demo.conference).exists()


def _meetings_by_hand_across_the_conference_days(demo):
    meetings = Meeting.objects.filter(conference=demo.conference)
    days = {m.starts_at.date() for m in meetings}
    assert len(days) >= 12
    assert meetings.filter(status="held").exists() and meetings.filter(status="planned").exists()
    assert meetings.filter(body__kind="ad_hoc").exists()
    # The bodies' decisions marked what they considered; deferred and untouched items stay open.
    from plenipot.documents.models import Allocation

    wgpl = Allocation.objects.filter(body__code="WGPL", body__conference=demo.conference)
    assert wgpl.filter(considered=True).exists() and wgpl.filter(considered=False).exists()
