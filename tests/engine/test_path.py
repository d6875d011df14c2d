"""The path state machine: the main line, the side exits and refused moves."""

import pytest

from plenipot.engine.path import (
    MAIN_LINE,
    MOVES,
    PathError,
    Stage,
    check_move,
    next_stage,
    number_on_adoption,
    progress,
)


def test_the_main_line_can_be_walked_with_next_stage():
    stage = Stage.PROPOSALS
    walked = [stage]
    while (following := next_stage(stage)) is not None:
        check_move(stage, following)
        stage = following
        walked.append(stage)
    assert walked == list(MAIN_LINE)


def test_a_body_may_output_a_dt_without_an_ad_hoc_group():
    check_move(Stage.IN_BODY, Stage.DT)


@pytest.mark.parametrize(
    ("here", "there", "words"),
    [
        (Stage.DT, Stage.FIRST_READING, "skips a stage"),
        (Stage.PROPOSALS, Stage.ADOPTED, "skips a stage"),
        (Stage.ADOPTED, Stage.DT, "cannot go back"),
        (Stage.WITHDRAWN, Stage.IN_BODY, "ended"),
        (Stage.FINAL_ACTS, Stage.WITHDRAWN, "ended"),
        (Stage.DT, Stage.DT, "already"),
        (Stage.ADOPTED, Stage.WITHDRAWN, "can only go to"),
    ],
)
def test_refused_moves_say_why(here, there, words):
    with pytest.raises(PathError, match=words):
        check_move(here, there)


def test_side_exits():
    for stage in MAIN_LINE[: MAIN_LINE.index(Stage.ADOPTED)]:
        check_move(stage, Stage.WITHDRAWN)
    check_move(Stage.AD_HOC, Stage.NO_CONSENSUS)
    check_move(Stage.FIRST_READING, Stage.REFERRED_BACK)
    check_move(Stage.REFERRED_BACK, Stage.IN_BODY)
    check_move(Stage.NO_CONSENSUS, Stage.AD_HOC)
    with pytest.raises(PathError):
        check_move(Stage.PROPOSALS, Stage.NO_CONSENSUS)


def test_every_stage_has_a_row_and_no_move_is_backwards_on_the_main_line():
    assert set(MOVES) == set(Stage)
    for here, targets in MOVES.items():
        for there in targets:
            if (
                here in MAIN_LINE
                and there in MAIN_LINE
                and (here, there)
                != (
                    Stage.DT,
                    Stage.AD_HOC,
                )
            ):
                assert MAIN_LINE.index(there) > MAIN_LINE.index(here)


def test_unknown_stage():
    with pytest.raises(PathError, match="unknown stage"):
        check_move("proposals", "limbo")


def test_progress():
    assert progress(Stage.PROPOSALS) == 0
    assert progress(Stage.FINAL_ACTS) == 1
    assert progress(Stage.WITHDRAWN) == 0


def test_numbering_on_adoption():
    tag = "Rev. Busan, 2014"
    assert number_on_adoption(current="101", in_force=True, revision_tag=tag, taken=[]) == (
        "101 (Rev. Busan, 2014)"
    )
    assert (
        number_on_adoption(
            current="COM5/2",
            in_force=False,
            revision_tag=tag,
            taken=["101", "200 (Rev. X)", "COM5/1"],
        )
        == "201"
    )
    with pytest.raises(PathError):
        number_on_adoption(current="COM5/2", in_force=True, revision_tag=tag, taken=[])


def test_every_pair_of_stages_is_either_allowed_or_refused_with_a_reason():
    for here in Stage:
        for there in Stage:
            if there in MOVES[here]:
                check_move(here, there)
            else:
                with pytest.raises(PathError) as refused:
                    check_move(here, there)
                assert here.value in str(refused.value) or there.value in str(refused.value)
