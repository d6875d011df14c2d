"""Elections through the API: a single post over three rounds, the Council over five
regions, paper ballots typed in by the tellers; each count is the engine's, and what
the tellers see is what the chair announces."""

from __future__ import annotations

import pytest

from plenipot.elections.models import Election, Round
from plenipot.elections.selectors import engine_election
from plenipot.engine import elections as counting

pytestmark = pytest.mark.django_db


def _deal(codes: list[str], shares: list[tuple[list[str], int]]) -> dict[str, list[str]]:
    """Give each delegation, in order, the marks of the share it falls in."""
    ballots, index = {}, 0
    for marks, how_many in shares:
        for code in codes[index : index + how_many]:
            ballots[code] = marks
        index += how_many
    assert index == len(codes)
    return ballots


def test_a_single_post_over_three_rounds(api, assembly):
    election = api.election()
    eid = election["id"]
    api.tellers(eid)
    codes = assembly.codes()
    ana = api.candidature(eid, "Ana Lindqvist", codes[9])
    bo = api.candidature(eid, "Bo Tanaka", codes[33])
    cy = api.candidature(eid, "Cyrille Mbeki", codes[25])
    # One delegation gives its proxy to another, which casts two ballots each round.
    giver, holder = codes[-1], codes[0]
    api.ok(
        assembly.secretariat, "post", "/conferences/PP-14/proxies",
        {"giver": giver, "holder": holder, "notice": "Letter of 19 October 2014"},
    )  # fmt: skip
    rounds = [
        [([ana], 14), ([bo], 12), ([cy], 10), ([], 4)],
        [([ana], 17), ([bo], 13), ([cy], 8), ([], 2)],
        [([ana], 22), ([bo], 11), ([cy], 5), ([], 2)],
    ]
    cast_rounds = []
    for number, shares in enumerate(rounds, start=1):
        opened = api.open_round(eid)
        assert opened["number"] == number and opened["status"] == "open"
        round_id = opened["round"]
        dealt = _deal(codes, shares)
        proxy_marks = dealt.pop(giver)  # cast by the holder of its proxy
        for code, marks in dealt.items():
            api.cast(code, round_id, marks)
        api.cast(holder, round_id, proxy_marks, proxy=True)
        papers = [*dealt.values(), proxy_marks]
        cast_rounds.append(papers)
        tally = api.close_and_tally(round_id)
        assert tally["ballots"] == len(codes)
        # The tellers see exactly what the engine counts from the papers cast.
        expected = counting.count_round(
            engine_election(Election.objects.get(pk=eid)),
            number=number,
            standing=opened_standing(round_id),
            ballots=papers,
        )
        assert tally["votes"] == dict(expected.votes)
        assert tally["valid"] == expected.valid and tally["blank"] == expected.blank
        announced = api.announce(round_id)
        assert announced["announced"] and announced["valid"] == tally["valid"]
    result = counting.count_election(engine_election(Election.objects.get(pk=eid)), cast_rounds)
    assert result.finished and result.elected == (ana,)
    first = result.rounds[0]
    assert (first.valid, first.blank, first.invalid, first.majority) == (36, 4, 0, 19)
    detail = api.ok(None, "get", f"/elections/{eid}")
    assert detail["status"] == "finished"
    assert [e["name"] for e in detail["elected"]] == ["Ana Lindqvist"]
    assert [r["number"] for r in detail["rounds"]] == [1, 2, 3]
    assert detail["rounds"][2]["candidates"][0]["name"] == "Ana Lindqvist"
    assert detail["rounds"][2]["candidates"][0]["elected"] is True
    # No round after the end.
    api.refused(
        assembly.chair, "post", f"/elections/{eid}/rounds", {"meeting": assembly.meeting.pk},
        "conflict",
    )  # fmt: skip


def opened_standing(round_id: int) -> list[str]:
    return list(Round.objects.get(pk=round_id).standing)


def test_the_council_over_five_regions(api, assembly):
    seats = {"A": 3, "B": 2, "C": 2, "D": 3, "E": 3}
    election = api.election(
        title="Member States of the Council", kind="seats_by_region", seats=seats
    )
    eid = election["id"]
    api.tellers(eid)
    candidates: dict[str, list[str]] = {}
    for region, number in seats.items():
        states = assembly.codes(region)
        candidates[region] = [
            api.candidature(eid, assembly.delegations[code].organisation.name, code)
            for code in states[: number + 2]
        ]
    codes = assembly.codes()
    # Each region: the first candidates by a clear order, except region B where the
    # second and third tie for the last seat (a further round for B alone).
    papers = []
    for index, code in enumerate(codes):
        marks = []
        for region, number in seats.items():
            pool = candidates[region]
            if region == "B":
                marks += [pool[0], pool[1] if index % 2 else pool[2]]
            else:
                marks += pool[:number] if index % 5 else pool[1 : number + 1]
        papers.append((code, marks))
    first_code, first_marks = papers[0]
    over = candidates["A"][:4] + [m for m in first_marks if m not in candidates["A"]]
    round1 = api.open_round(eid)
    for code, marks in papers[1:]:
        api.cast(code, round1["round"], marks)
    # An electronic ballot cannot over-mark a region: the site refuses it.
    body = api.refused(
        assembly.users[first_code], "post", f"/election-rounds/{round1['round']}/ballots",
        {"marks": over}, "invalid",
    )  # fmt: skip
    assert "Region A" in body["detail"]
    api.cast(first_code, round1["round"], first_marks)
    tally = api.close_and_tally(round1["round"])
    ballots = [m for _code, m in papers]
    expected = counting.count_round(
        engine_election(Election.objects.get(pk=eid)),
        number=1,
        standing=opened_standing(round1["round"]),
        ballots=ballots,
    )
    assert tally["elected"] == list(expected.elected)
    assert tally["next_round"] == list(expected.next_round)
    assert set(tally["next_round"]) == {candidates["B"][1], candidates["B"][2]}
    assert len(tally["elected"]) == sum(seats.values()) - 1
    api.announce(round1["round"])
    round2 = api.open_round(eid)
    assert round2["number"] == 2
    assert opened_standing(round2["round"]) == [candidates["B"][1], candidates["B"][2]]
    # Region B has one seat left: two marks are refused.
    api.refused(
        assembly.users[codes[0]], "post", f"/election-rounds/{round2['round']}/ballots",
        {"marks": [candidates["B"][1], candidates["B"][2]]}, "invalid",
    )  # fmt: skip
    for index, code in enumerate(codes):
        api.cast(code, round2["round"], [candidates["B"][2 if index % 3 else 1]])
    tally2 = api.close_and_tally(round2["round"])
    assert tally2["elected"] == [candidates["B"][2]]
    final = api.announce(round2["round"])
    assert final["finished"] is True
    detail = api.ok(None, "get", f"/elections/{eid}")
    assert detail["status"] == "finished"
    elected = detail["elected"]
    assert len(elected) == sum(seats.values())
    for region, number in seats.items():
        assert sum(1 for e in elected if e["region"] == region) == number


def test_paper_ballots_typed_in_by_the_tellers(api, assembly):
    election = api.election(title="Director, Radiocommunication Bureau", mode="analog")
    eid = election["id"]
    api.tellers(eid)
    codes = assembly.codes()
    one = api.candidature(eid, "Dana Okafor", codes[1])
    two = api.candidature(eid, "Eli Marchetti", codes[12])
    opened = api.open_round(eid)
    round_id = opened["round"]
    # Nobody casts electronically in a paper election.
    api.refused(
        assembly.users[codes[0]], "post", f"/election-rounds/{round_id}/ballots",
        {"marks": [one]}, "invalid",
    )  # fmt: skip
    # The papers are typed in once the box is closed, by the tellers only.
    api.refused(
        assembly.tellers["A"], "post", f"/election-rounds/{round_id}/papers", {"marks": [one]},
        "conflict",
    )  # fmt: skip
    api.ok(assembly.chair, "post", f"/election-rounds/{round_id}/close")
    api.refused(
        assembly.users[codes[0]], "post", f"/election-rounds/{round_id}/papers",
        {"marks": [one]}, "forbidden",
    )  # fmt: skip
    papers = [[one]] * 20 + [[two]] * 15 + [[]] * 3 + [[one, two]] * 2
    for index, marks in enumerate(papers):
        teller = assembly.tellers["ABCDE"[index % 5]]
        api.ok(teller, "post", f"/election-rounds/{round_id}/papers", {"marks": marks})
    tally = api.ok(assembly.tellers["C"], "get", f"/election-rounds/{round_id}/tally")
    assert (tally["ballots"], tally["valid"], tally["blank"], tally["invalid"]) == (40, 35, 3, 2)
    assert tally["majority"] == 18 and tally["elected"] == [one]
    announced = api.announce(round_id)
    assert announced["candidates"][0]["votes"] == 20
