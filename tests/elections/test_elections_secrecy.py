"""The secrecy of the ballot, read off the database itself.

Delegations cast ballots in an election round and answers in a secret vote (one by
proxy); then every table is read, through every model of every app and through a raw
``SELECT *`` of every table the database has, and no row may hold both something that
names a delegation that voted and something of a ballot (its receipt's hash, its marks
or its answer). The papers in a box are not in the order they were cast, and nothing
the request log writes carries a mark, an answer or a receipt.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import logging
from collections import Counter

import pytest
from django.apps import apps
from django.db import connection, models

from plenipot.conference.models import Delegation, Organisation
from plenipot.elections.models import (
    BallotBox,
    Participation,
    Round,
    Vote,
    VoteBox,
    VoteParticipation,
)
from plenipot.elections.services import _put_in

pytestmark = pytest.mark.django_db(transaction=False)

DELEGATION_COLUMNS = ("delegation_id", "giver_id", "holder_id")


def _hash(key: str, token: str) -> str:
    return hmac.new(bytes.fromhex(key), token.encode(), hashlib.sha256).hexdigest()


class Lines(logging.Handler):
    """Keeps what the request log writes."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def request_log():
    logger = logging.getLogger("plenipot.requests")
    handler = Lines()
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.fixture
def voted(api, assembly, request_log):
    """A round of a Council-like election and a secret vote, each cast by every
    delegation (one of them through the holder of its proxy), with the request log
    kept."""
    seats = {"A": 2, "B": 2, "C": 2, "D": 2, "E": 2}
    election = api.election(title="Council", kind="seats_by_region", seats=seats)
    eid = election["id"]
    api.tellers(eid)
    pool = {
        region: [
            api.candidature(eid, assembly.delegations[code].organisation.name, code)
            for code in assembly.codes(region)[:4]
        ]
        for region in seats
    }
    codes = assembly.codes()
    giver, holder = codes[-1], codes[0]
    api.ok(
        assembly.secretariat, "post", "/conferences/PP-14/proxies",
        {"giver": giver, "holder": holder, "notice": "Letter"},
    )  # fmt: skip
    opened = api.open_round(eid)
    round_id = opened["round"]
    vote = api.ok(
        assembly.chair, "post", f"/meetings/{assembly.meeting.pk}/votes",
        {"question": "Shall the motion be adopted?", "method": "electronic", "secret": True},
    )  # fmt: skip
    cast = []  # (delegation code, marks, receipt) in the order of casting
    answers = []
    choices = ["yes", "no", "abstain"]
    for index, code in enumerate(codes):
        marks = [pool[r][(index + k) % 4] for k, r in enumerate(seats)][: 1 + index % 5]
        by_proxy = code == giver
        caster = holder if by_proxy else code
        cast.append((code, sorted(marks), api.cast(caster, round_id, marks, proxy=by_proxy)))
        choice = choices[index % 3]
        answer = api.ok(
            assembly.users[caster], "post", f"/votes/{vote['vote']}/cast",
            {"choice": choice, "proxy": by_proxy},
        )  # fmt: skip
        answers.append((code, choice, answer["receipt"]))
    return {
        "round": Round.objects.get(pk=round_id),
        "vote": Vote.objects.get(pk=vote["vote"]),
        "cast": cast,
        "answers": answers,
        "log": list(request_log),
    }


def _secrets(voted) -> tuple[set[str], set[str]]:
    """The receipt hashes of the ballots and answers cast, and the receipts themselves."""
    box = BallotBox.objects.get(round=voted["round"])
    vote_box = VoteBox.objects.get(vote=voted["vote"])
    hashes = {_hash(box.key, r) for _c, _m, r in voted["cast"]}
    hashes |= {_hash(vote_box.key, r) for _c, _ch, r in voted["answers"]}
    receipts = {r for _c, _m, r in voted["cast"]} | {r for _c, _ch, r in voted["answers"]}
    return hashes, receipts


def _voters(assembly) -> dict[str, set]:
    """Everything that names a delegation that voted: its row, its state's row, its
    delegates' accounts, and their codes and names as text."""
    delegations = list(assembly.delegations.values())
    return {
        "delegation": {d.pk for d in delegations},
        "organisation": {d.organisation_id for d in delegations},
        "user": {u.pk for u in assembly.users.values()},
        "text": {d.organisation.iso3 for d in delegations}
        | {d.organisation.name for d in delegations}
        | {u.username for u in assembly.users.values()},
    }


def _names_a_voter(columns: dict, voters: dict) -> bool:
    for name, value in columns.items():
        if value is None:
            continue
        if name.endswith(DELEGATION_COLUMNS) and value in voters["delegation"]:
            return True
        if (
            name.endswith(("organisation_id", "nominated_by_id"))
            and value in voters["organisation"]
        ):
            return True
        if name.endswith("user_id") and value in voters["user"]:
            return True
        if isinstance(value, str) and any(text in value for text in voters["text"]):
            return True
    return False


def _holds_a_ballot(columns: dict, hashes: set[str], receipts: set[str]) -> bool:
    for name, value in columns.items():
        if name in ("papers", "marks", "choice") and value not in (None, "", "[]", []):
            return True
        text = value if isinstance(value, str) else json.dumps(value, default=str)
        if any(h in text for h in hashes) or any(r in text for r in receipts):
            return True
    return False


def test_no_row_of_any_table_ties_a_delegation_to_its_ballot(voted, assembly):
    hashes, receipts = _secrets(voted)
    voters = _voters(assembly)
    assert len(hashes) == 2 * len(assembly.delegations)
    checked_tables = 0
    ballot_rows = 0
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            names = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                columns = dict(zip(names, row, strict=True))
                holds = _holds_a_ballot(columns, hashes, receipts)
                ballot_rows += holds
                assert not (holds and _names_a_voter(columns, voters)), (table, columns)
            checked_tables += 1
    assert checked_tables >= 30
    # The two boxes hold the ballots: the test can see them, so it would see a leak.
    assert ballot_rows == 2


def test_no_model_instance_ties_a_delegation_to_its_ballot(voted, assembly):
    hashes, receipts = _secrets(voted)
    voters = _voters(assembly)
    seen = 0
    for model in apps.get_models(include_auto_created=True):
        fields = [f for f in model._meta.concrete_fields]
        for row in model._default_manager.all().values(*[f.attname for f in fields]):
            holds = _holds_a_ballot(row, hashes, receipts)
            seen += holds
            assert not (holds and _names_a_voter(row, voters)), (model.__name__, row)
    assert seen == 2


def test_the_participation_tables_hold_no_time_and_no_ballot():
    for model in (Participation, VoteParticipation):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateField | models.TimeField), field
            if field.is_relation:
                assert field.related_model in (Round, Vote, Delegation), field
        assert {f.name for f in model._meta.concrete_fields} == {
            "id", model._meta.get_field("round" if model is Participation else "vote").name,
            "delegation", "by_proxy",
        }  # fmt: skip
    for model in (BallotBox, VoteBox):
        assert not any(
            f.is_relation and f.related_model in (Delegation, Organisation)
            for f in model._meta.concrete_fields
        )
        assert not any(isinstance(f, models.DateField) for f in model._meta.concrete_fields)


def test_the_box_is_not_in_the_order_of_casting(voted):
    """The box's papers are in an order unrelated to the order of casting: its rank
    correlation with the casting order is small (with 40 papers a random order gives
    |rho| above 0.6 about once in five thousand runs)."""
    for box, cast in (
        (BallotBox.objects.get(round=voted["round"]), voted["cast"]),
        (VoteBox.objects.get(vote=voted["vote"]), voted["answers"]),
    ):
        position = {paper["receipt"]: index for index, paper in enumerate(box.papers)}
        order = [position[_hash(box.key, receipt)] for _code, _what, receipt in cast]
        n = len(order)
        assert sorted(order) == list(range(n))
        assert order != list(range(n)) and order != list(range(n))[::-1]
        rho = 1 - 6 * sum((i - o) ** 2 for i, o in enumerate(order)) / (n * (n * n - 1))
        assert abs(rho) < 0.6, rho


def test_each_place_in_the_box_is_as_likely():
    """Putting papers in one by one at random places gives every order of the box the
    same chance: 4 papers, 24 orders, 4800 boxes, a chi-squared test at 0.1 %."""
    counts = Counter()
    for _ in range(4800):
        box: list = []
        for paper in range(4):
            _put_in(box, paper)
        counts[tuple(box)] += 1
    assert set(counts) == set(itertools.permutations(range(4)))
    chi2 = sum((c - 200) ** 2 / 200 for c in counts.values())
    assert chi2 < 49.7  # the 99.9th percentile with 23 degrees of freedom


def test_what_a_box_says_is_what_was_cast(voted):
    box = BallotBox.objects.get(round=voted["round"])
    vote_box = VoteBox.objects.get(vote=voted["vote"])
    # A paper holds its marks (or answer) and its receipt's hash, and nothing else.
    assert all(set(paper) == {"marks", "receipt"} for paper in box.papers)
    assert all(set(paper) == {"choice", "receipt"} for paper in vote_box.papers)
    by_hash = {paper["receipt"]: paper["marks"] for paper in box.papers}
    for _code, marks, receipt in voted["cast"]:
        assert by_hash[_hash(box.key, receipt)] == marks


def test_the_request_log_carries_no_ballot(voted):
    hashes, receipts = _secrets(voted)
    lines = voted["log"]
    casts = [json.loads(line) for line in lines if line.startswith("{") and "ballots" in line]
    assert len(casts) == len(voted["cast"])
    for entry in casts:
        assert entry["method"] == "POST"
        assert entry["path"] == f"/api/v1/election-rounds/{voted['round'].pk}/ballots"
    marks = {m for _c, ms, _r in voted["cast"] for m in ms}
    for line in lines:
        assert not any(r in line for r in receipts)
        assert not any(h in line for h in hashes)
        assert '"marks"' not in line and '"choice"' not in line
        assert not any(f'"{m}"' in line for m in marks)
