"""The path of a text: moves, decisions, referrals, votes, numbering and the Final Acts."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from plenipot.conference.models import Body
from plenipot.documents.models import Allocation
from plenipot.documents.services import document_create_temporary, document_issue
from plenipot.meetings.services import agenda_item_add, meeting_schedule
from plenipot.negotiation.services import instrument_create
from plenipot.tracker.models import Decision, PathEvent, TextPath
from plenipot.tracker.selectors import (
    burndown_chart,
    chair_view,
    final_acts,
    issue_gate_failures,
    path_diff_html,
    path_timeline,
)
from plenipot.tracker.services import (
    decision_take,
    declaration_make,
    path_advance,
    path_move,
    path_start,
)


def _at(day, hour=10):
    return datetime.datetime(2014, 10, day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def item(world):
    meeting = meeting_schedule(
        body=world["com5"], starts_at=_at(21, 9), ends_at=_at(21, 12), scheduled_by=world["chair"]
    )
    return agenda_item_add(
        meeting=meeting,
        title="",
        added_by=world["chair"],
        document=world["doc27"],
        instrument=world["resolution"],
    )


@pytest.fixture
def path(world):
    path = path_start(instrument=world["resolution"], at=_at(20, 8))
    path_move(
        path=path,
        to_stage="allocated",
        moved_by=world["secretariat"],
        body=world["com5"],
        at=_at(20, 9),
    )
    path_move(path=path, to_stage="in_body", moved_by=world["chair"], at=_at(21, 9))
    return path


def test_a_skipped_stage_is_refused_with_the_reason_and_nothing_written(world, path):
    before = PathEvent.objects.count()
    with pytest.raises(ValidationError, match="skips a stage"):
        path_move(path=path, to_stage="approved", moved_by=world["chair"])
    path.refresh_from_db()
    assert path.stage == "in_body" and PathEvent.objects.count() == before


def test_only_the_secretariat_or_a_presiding_chair_moves_a_text(world, path):
    with pytest.raises(ValidationError, match="Only the secretariat"):
        path_move(path=path, to_stage="withdrawn", moved_by=world["delegate"])


def test_referral_creates_an_ad_hoc_group_and_moves_the_text(world, path, item):
    decision = decision_take(
        agenda_item=item,
        outcome="referred",
        decided_by=world["chair"],
        text="Referred to an ad hoc group.",
        referral={
            "code": "COM5-AHG-101",
            "name": "Ad hoc group on Resolution 101",
            "mandate": "Consolidate the proposals on Resolution 101.",
            "deadline": datetime.date(2014, 10, 28),
        },
        at=_at(21, 11),
    )
    group = decision.referred_to
    assert group.kind == Body.Kind.AD_HOC and group.parent == world["com5"]
    assert Allocation.objects.filter(body=group, document=world["doc27"]).exists()
    path.refresh_from_db()
    assert path.stage == "ad_hoc" and path.body == group


def test_a_decision_by_someone_who_does_not_chair_is_refused(world, item):
    with pytest.raises(ValidationError, match="Only the chair of COM5"):
        decision_take(agenda_item=item, outcome="consensus", decided_by=world["pl_chair"])
    assert not Decision.objects.exists()


def test_objections_are_not_consensus(world, item):
    with pytest.raises(ValidationError, match="not consensus"):
        decision_take(
            agenda_item=item,
            outcome="consensus",
            decided_by=world["chair"],
            statements=[(world["fra"], "objection", "We object.")],
        )
    decision = decision_take(
        agenda_item=item,
        outcome="with_statements",
        decided_by=world["chair"],
        statements=[(world["fra"], "reservation", "France reserves its position.")],
    )
    assert decision.statements.get().kind == "reservation"


def test_votes_count_accepted_delegations_and_a_majority_of_those_voting(world, item):
    with pytest.raises(ValidationError, match="credentials"):
        decision_take(
            agenda_item=item,
            outcome="vote",
            decided_by=world["chair"],
            votes={world["fra"]: "yes", world["bra"]: "no"},
        )
    assert not Decision.objects.exists()
    decision = decision_take(
        agenda_item=item,
        outcome="vote",
        decided_by=world["chair"],
        votes={world["fra"]: "yes", world["sen"]: "abstain"},
    )
    assert (decision.votes_yes, decision.votes_no, decision.votes_abstain) == (1, 0, 1)
    assert decision.vote_carried is True


def test_the_whole_path_to_the_final_acts(world, path, item, six_languages):
    decision_take(
        agenda_item=item,
        outcome="referred",
        decided_by=world["chair"],
        referral={"code": "COM5-AHG-101", "name": "AHG 101", "mandate": "Consolidate."},
        at=_at(21, 11),
    )
    path.refresh_from_db()
    new_text = world["resolution"].text.replace(
        "to seek closer cooperation", "to seek closer cooperation and coordination"
    )
    dt = document_create_temporary(
        body=path.body, title="Draft revision of Resolution 101", author_user=None, text=new_text
    )
    ahg_chair = world["chair"]  # the COM5 chair presides over its group's parent
    path_move(path=path, to_stage="dt", moved_by=ahg_chair, document=dt, at=_at(24))
    meeting = meeting_schedule(
        body=world["com5"], starts_at=_at(27, 9), ends_at=_at(27, 12), scheduled_by=world["chair"]
    )
    approve = agenda_item_add(
        meeting=meeting,
        title="",
        added_by=world["chair"],
        document=dt,
        instrument=world["resolution"],
    )
    decision_take(
        agenda_item=approve,
        outcome="with_statements",
        decided_by=world["chair"],
        move_to="approved",
        statements=[(world["fra"], "reservation", "France reserves its position on resolves 1.")],
        at=_at(27, 11),
    )
    path_move(path=path, to_stage="editorial", moved_by=world["secretariat"], at=_at(28))
    six_languages(dt)
    with pytest.raises(ValidationError, match="series"):
        path_move(path=path, to_stage="first_reading", moved_by=world["secretariat"])
    blue = document_issue(conference=world["conference"], series="B", title="B.1", text=new_text)
    path_move(
        path=path, to_stage="first_reading", moved_by=world["pl_chair"], document=blue, at=_at(29)
    )
    pink = document_issue(conference=world["conference"], series="R", title="R.1", text=new_text)
    path_move(
        path=path, to_stage="second_reading", moved_by=world["pl_chair"], document=pink, at=_at(30)
    )
    path_move(path=path, to_stage="adopted", moved_by=world["pl_chair"], at=_at(31))
    path.refresh_from_db()
    assert path.adopted_number == "101 (Rev. Busan, 2014)"
    path_move(path=path, to_stage="final_acts", moved_by=world["secretariat"], at=_at(31, 18))

    stages = list(path.events.values_list("to_stage", flat=True))
    assert stages == [
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
    timeline = path_timeline(path=path, user=world["secretariat"])
    kinds = {entry.kind for entry in timeline}
    assert {"event", "document", "decision"} <= kinds
    # The DT is named on the step that it carried, not listed a second time.
    assert [e.document.symbol for e in timeline if e.stage == "dt"] == ["DT/1"]
    assert not any(entry.title == "DT/1" for entry in timeline)
    assert path.current_text.startswith("Resolution 101 (Rev. Busan, 2014)\n")
    diff = path_diff_html(path=path)
    assert "cooperation <ins>and coordination </ins>between" in diff

    declaration_make(
        conference=world["conference"],
        delegations=[world["sen"]],
        text="Senegal declares.",
        made_by=world["secretariat"],
    )
    acts = final_acts(conference=world["conference"])
    assert [p.adopted_number for p in acts.instruments] == ["101 (Rev. Busan, 2014)"]
    assert [d.number for d in acts.declarations] == [1]
    assert [r.delegation for r in acts.reservations] == [world["fra"]]

    view = chair_view(body=world["com5"], now=_at(28))
    assert view.open_proposals == []
    counts = dict(view.burndown)
    assert counts[datetime.date(2014, 10, 26)] == 2 and counts[datetime.date(2014, 10, 27)] == 0
    chart = burndown_chart(view.burndown)
    assert chart.max_value == 2 and len(chart.bars) == len(view.burndown)


def test_a_new_resolution_takes_the_next_free_number(world):
    new = instrument_create(
        conference=world["conference"], number="COM5/2", title="A new resolution", status="draft"
    )
    path = path_start(instrument=new)
    path = TextPath.objects.get(pk=path.pk)
    path.stage = "second_reading"
    path.save()
    path_move(path=path, to_stage="adopted", moved_by=world["secretariat"])
    path.refresh_from_db()
    assert path.adopted_number == "102"


def _at_editorial(path):
    path = TextPath.objects.get(pk=path.pk)
    path.stage = "editorial"
    path.save()
    return path


def test_the_gate_refuses_a_blue_document_while_a_language_is_missing(world, path, six_languages):
    from plenipot.translation.models import Expression
    from plenipot.translation.services import expression_fill

    path = _at_editorial(path)
    resolution = world["resolution"]
    source = six_languages(resolution, skip=("ru",))
    failures = issue_gate_failures(path=path)
    assert failures == ["Resolution 101, Russian version: This language version is missing."]
    blue = document_issue(conference=world["conference"], series="B", title="B", text="x")
    with pytest.raises(ValidationError, match="Russian version"):
        path_move(
            path=path, to_stage="first_reading", moved_by=world["secretariat"], document=blue
        )
    path.refresh_from_db()
    assert path.stage == "editorial"
    assert not path.events.filter(to_stage="first_reading").exists()

    # The Russian version arrives, still a draft: the gate names its status.
    russian = Expression.objects.create(source=source, language="ru")
    assert "Russian version: This language version is not final" in issue_gate_failures(
        path=path
    )[0]
    french = source.expressions.get(language="fr")
    texts = {eid: segment["text"] for eid, segment in french.segments.items()}
    expression_fill(
        expression=russian,
        texts={eid: "перевод " + text.split(" ", 1)[1] if " " in text else "перевод"
               for eid, text in texts.items()},
        status="final",
        origin="human",
    )
    assert issue_gate_failures(path=path) == []
    path_move(path=path, to_stage="first_reading", moved_by=world["secretariat"], document=blue)
    path.refresh_from_db()
    assert path.stage == "first_reading"


def test_a_check_a_chair_waived_no_longer_blocks_the_text(world, path, six_languages):
    from plenipot.translation.services import check_waive, expression_fill

    path = _at_editorial(path)
    source = six_languages(world["resolution"])
    arabic = source.expressions.get(language="ar")
    # Named, not taken first: PostgreSQL keeps a JSON object's keys in its own order.
    eid = "number"
    assert eid in arabic.segments
    texts = {key: segment["text"] for key, segment in arabic.segments.items()}
    texts[eid] = "Latin letters in the Arabic version " + texts[eid]
    expression_fill(expression=arabic, texts=texts, status="final", origin="human")
    failures = issue_gate_failures(path=path)
    assert len(failures) == 1
    assert failures[0].startswith("Resolution 101, Arabic version: The number is not written")
    with pytest.raises(ValidationError, match="The number is not written in the script"):
        path_advance(path=path, to_stage="first_reading", moved_by=world["secretariat"])
    # Nothing half-written: no blue document was issued for the refused move.
    assert not world["conference"].documents.filter(series="B").exists()
    check_waive(
        source=source,
        user=world["secretariat"],
        check="script",
        language="ar",
        eid=eid,
        reason="A proper name kept in Latin letters.",
    )
    assert issue_gate_failures(path=path) == []
    path_advance(path=path, to_stage="first_reading", moved_by=world["secretariat"])
    path.refresh_from_db()
    assert path.stage == "first_reading"


def test_the_gate_checks_the_dt_on_the_path_before_the_instrument(world, path, six_languages):
    path = _at_editorial(path)
    six_languages(world["resolution"])
    assert issue_gate_failures(path=path) == []
    dt = document_create_temporary(
        body=world["com5"], title="DT", author_user=None, text=world["resolution"].text
    )
    PathEvent.objects.create(path=path, from_stage="ad_hoc", to_stage="dt", at=_at(24), document=dt)
    six_languages(dt, skip=("zh",))
    assert issue_gate_failures(path=path) == [
        "Resolution 101, Chinese version: This language version is missing."
    ]


def test_a_text_with_no_language_versions_cannot_be_issued(world, path):
    path = _at_editorial(path)
    assert issue_gate_failures(path=path) == [
        "Resolution 101: There are no language versions of this text."
    ]


def test_a_decision_marks_the_items_allocations_considered(world, item):
    from plenipot.documents.models import Proposal

    proposal = Proposal.objects.filter(document=world["doc27"]).first()
    whole = Allocation.objects.create(body=world["com5"], document=world["doc27"])
    one = Allocation.objects.create(
        body=world["com5"], document=world["doc27"], proposal=proposal
    )
    elsewhere = Allocation.objects.create(body=world["pl"], document=world["doc27"])
    decision_take(agenda_item=item, outcome="deferred", decided_by=world["chair"])
    assert not Allocation.objects.filter(considered=True).exists()
    decision_take(agenda_item=item, outcome="consensus", decided_by=world["chair"])
    for allocation in (whole, one, elsewhere):
        allocation.refresh_from_db()
    assert whole.considered and one.considered
    assert not elsewhere.considered


def test_a_plenary_decision_issues_the_blue_document_once_the_gate_opens(
    world, path, six_languages
):
    path = _at_editorial(path)
    meeting = meeting_schedule(
        body=world["pl"], starts_at=_at(30, 9), ends_at=_at(30, 12), scheduled_by=world["secretariat"]
    )
    reading = agenda_item_add(
        meeting=meeting, title="", added_by=world["secretariat"], instrument=world["resolution"]
    )
    with pytest.raises(ValidationError, match="no language versions"):
        decision_take(
            agenda_item=reading, outcome="consensus", decided_by=world["pl_chair"],
            move_to="first_reading", at=_at(30, 10),
        )
    assert not Decision.objects.exists()
    six_languages(world["resolution"])
    decision_take(
        agenda_item=reading, outcome="consensus", decided_by=world["pl_chair"],
        move_to="first_reading", at=_at(30, 10),
    )
    event = path.events.get(to_stage="first_reading")
    assert event.document.symbol == "B.1" and str(event.document.date) == "2014-10-30"
    assert event.decision.outcome == "consensus"


def test_a_referral_straight_from_the_allocation_records_the_body_taking_it_up(world, item):
    path = path_start(instrument=world["resolution"], at=_at(20, 8))
    path_move(path=path, to_stage="allocated", moved_by=world["secretariat"], body=world["com5"])
    decision_take(
        agenda_item=item,
        outcome="referred",
        decided_by=world["chair"],
        referral={"code": "COM5-AHG-7", "name": "AHG 7", "mandate": "Consolidate."},
    )
    stages = list(path.events.values_list("to_stage", flat=True))
    assert stages == ["proposals", "allocated", "in_body", "ad_hoc"]
    assert path.events.get(to_stage="in_body").note.startswith("Taken up at COM5")


def test_the_provisions_changed_since_the_language_versions_were_made(world, path, six_languages):
    from plenipot.tracker.selectors import language_versions_behind

    path = _at_editorial(path)
    assert language_versions_behind(path=path) == []  # no versions at all: the gate says so
    six_languages(world["resolution"])
    assert language_versions_behind(path=path) == []
    TextPath.objects.filter(pk=path.pk).update(
        current_text=world["resolution"].text.replace(
            "to seek closer cooperation", "to seek closer cooperation and coordination"
        )
    )
    path.refresh_from_db()
    assert language_versions_behind(path=path) == ["resolves__para_1"]


def test_the_plenary_adopts_an_agreed_text_only(world, path):
    """A drafting room's text reaches the Plenary in the draft format. With a bracket
    still open it cannot be adopted (and nothing moves); agreed, it is adopted as the
    instrument it stands for, so the Final Acts print no bracket and no provision id."""
    from plenipot.engine.consolidation import consolidate
    from plenipot.engine.draftformat import print_draft
    from plenipot.engine.instrument import parse_instrument

    base = parse_instrument(world["resolution"].text)
    agreed = print_draft(consolidate(base, []))
    assert "to seek closer cooperation" in agreed
    bracketed = agreed.replace(
        "to seek closer cooperation", "to seek [BASE: closer | USA: more] cooperation", 1
    )
    TextPath.objects.filter(pk=path.pk).update(stage="second_reading", current_text=bracketed)
    with pytest.raises(ValidationError, match="1 bracket open"):
        path_move(path=path, to_stage="adopted", moved_by=world["secretariat"])
    path.refresh_from_db()
    assert (path.stage, path.adopted_number, path.current_text) == (
        "second_reading", "", bracketed
    )
    TextPath.objects.filter(pk=path.pk).update(current_text=agreed)
    path_move(path=path, to_stage="adopted", moved_by=world["secretariat"])
    path.refresh_from_db()
    assert path.stage == "adopted" and "{" not in path.current_text
    assert path.current_text.splitlines()[0] == f"Resolution {path.adopted_number}"
    assert parse_instrument(path.current_text).operative == base.operative
