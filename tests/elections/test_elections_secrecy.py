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
import html
import itertools
import json
import logging
import re
from collections import Counter

import pytest
from django.apps import apps
from django.db import connection, models
from django.urls import reverse

from plenipot.conference.models import Delegation, Organisation
from plenipot.elections.models import (
    BallotBox,
    Election,
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


def _scan_tables(hashes: set[str], receipts: set[str], voters: dict) -> tuple[int, int]:
    """Every row of every table, read raw: none may both hold a ballot and name a
    voter. Answers the tables read and the rows that hold a ballot."""
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
    return checked_tables, ballot_rows


def _scan_models(hashes: set[str], receipts: set[str], voters: dict) -> int:
    """Every instance of every model: none may both hold a ballot and name a voter.
    Answers the instances that hold a ballot."""
    seen = 0
    for model in apps.get_models(include_auto_created=True):
        fields = [f for f in model._meta.concrete_fields]
        for row in model._default_manager.all().values(*[f.attname for f in fields]):
            holds = _holds_a_ballot(row, hashes, receipts)
            seen += holds
            assert not (holds and _names_a_voter(row, voters)), (model.__name__, row)
    return seen


def test_no_row_of_any_table_ties_a_delegation_to_its_ballot(voted, assembly):
    hashes, receipts = _secrets(voted)
    assert len(hashes) == 2 * len(assembly.delegations)
    checked_tables, ballot_rows = _scan_tables(hashes, receipts, _voters(assembly))
    assert checked_tables >= 30
    # The two boxes hold the ballots: the test can see them, so it would see a leak.
    assert ballot_rows == 2


def test_no_model_instance_ties_a_delegation_to_its_ballot(voted, assembly):
    hashes, receipts = _secrets(voted)
    assert _scan_models(hashes, receipts, _voters(assembly)) == 2


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


# --- the same, with the elections held through the pages -------------------------------


class Pages:
    """The test client, used as a person uses the site: it reads a page and sends one
    of the forms the page shows, with the fields the form has. A form or a choice the
    page does not offer cannot be sent."""

    def __init__(self, client) -> None:
        self.client = client

    def get(self, user, name: str, *args):
        from lxml import html as lxml_html

        self.client.force_login(user) if user else self.client.logout()
        path = reverse(name, args=args)
        answer = self.client.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        return lxml_html.fromstring(answer.content.decode(), base_url=f"http://testserver{path}")

    def send(self, page, form, fields=None, marks=(), press=None):
        """Send `form` (its id, or the form itself) of `page` with `fields` filled in
        and the boxes of `marks` marked; `press` is a button's (name, value)."""
        if isinstance(form, str):
            form = page.get_element_by_id(form)
        for name, value in (fields or {}).items():
            assert name in form.inputs.keys(), (name, form.inputs.keys())
            form.inputs[name].value = value
        if marks:
            group = form.inputs["marks"]
            offered = set(group.value_options)
            for mark in marks:
                assert mark in offered, (mark, offered)
                if hasattr(group.value, "add"):
                    group.value.add(mark)
                else:
                    group.value = mark
        data: dict[str, list[str]] = {}
        for name, value in _form_values(form):
            data.setdefault(name, []).append(value)
        if press:
            data.setdefault(press[0], []).append(press[1])
        action = (form.action or page.base_url).removeprefix("http://testserver")
        answer = self.client.post(action, data)
        assert answer.status_code in (200, 302), (action, answer.status_code)
        if answer.status_code == 302:
            followed = self.client.get(answer["Location"])
            text = followed.content.decode()
            refused = re.findall(r'class="message-error">([^<]*)<', text)
            assert not refused, (action, refused)
        return answer

    def form_posting_to(self, page, path: str):
        forms = [f for f in page.forms if f.action.endswith(path)]
        assert len(forms) == 1, (path, [f.action for f in page.forms])
        return forms[0]


def _form_values(form) -> list[tuple[str, str]]:
    """What a browser sends for `form`: a box that is marked sends its value as written,
    even an empty one."""
    values = []
    for field in form.inputs:
        name = field.get("name")
        if not name or field.get("disabled") is not None:
            continue
        kind = (field.get("type") or "").lower()
        if field.tag == "input" and kind in ("submit", "button", "image", "reset", "file"):
            continue
        if field.tag == "input" and kind in ("checkbox", "radio"):
            if field.checked:
                values.append((name, field.get("value", "on")))
        elif field.tag == "select" and field.multiple:
            values.extend((name, value) for value in field.value)
        else:
            values.append((name, field.value or ""))
    return values


def _receipt(answer) -> str:
    from lxml import html as lxml_html

    return lxml_html.fromstring(answer.content.decode()).get_element_by_id("receipt").text.strip()


def _announced(pages, election_id: int, number: int) -> dict:
    """What the public election page shows of an announced round: its totals and, for
    each candidate, the votes and what became of it."""
    page = pages.get(None, "elections-election", election_id)
    section = page.get_element_by_id(f"round-{number}")
    totals = [int(x) for x in section.xpath('.//ul[@class="totals"]/li/strong/text()')]
    rows = {}
    for tr in section.xpath(".//table/tbody/tr"):
        cells = [" ".join(td.text_content().split()) for td in tr.xpath("./td")]
        name, votes, outcome = cells[-4], int(cells[-2]), cells[-1]
        rows[name] = (votes, outcome)
    return {"totals": totals, "rows": rows}


def _papers(counts: list[tuple[str | None, int]]) -> list[list[str]]:
    """Single-post papers: each candidate id (None: a blank paper) `n` times, in order."""
    return [[] if who is None else [who] for who, n in counts for _ in range(n)]


def _region_papers(total: int, counts: dict[str, int]) -> list[list[str]]:
    """Marks for one region laid round the `total` papers one after the other, so that
    no paper marks more than ceil(sum / total) candidates of the region."""
    papers: list[list[str]] = [[] for _ in range(total)]
    place = 0
    for candidate, n in counts.items():
        for _ in range(n):
            papers[place % total].append(candidate)
            place += 1
    return papers


def test_three_rounds_and_a_council_election_through_the_pages_tie_no_ballot_to_a_voter(
    client, assembly
):
    """A single post elected in the third round (a candidate withdrawing after the
    first) and the Council's seats in the five regions (a tie for a region's last seat
    going to a further round between the tied), with tellers, run through the pages of
    the secretariat, the chair, the tellers and each delegation; the results are those
    the counting rules give; then no row of any table ties a delegation to its
    ballot."""
    pages = Pages(client)
    codes = assembly.codes()
    assert len(codes) == 40
    giver, holder = codes[39], codes[0]
    page = pages.get(assembly.secretariat, "elections-proxies")
    pages.send(page, "proxy-form", {"giver": giver, "holder": holder, "notice": "Letter of 22 October"})
    casts: list[tuple[int, str]] = []  # (round id, receipt)

    def elect(title: str, kind: str, seats: dict[str, int] | None = None) -> Election:
        page = pages.get(assembly.secretariat, "elections-new")
        fields = {"title": title, "kind": kind, "mode": "electronic", "body": "PL",
                  "candidature_deadline": "2014-10-21T18:00+09:00"}  # fmt: skip
        fields |= {f"seats_{region}": str(n) for region, n in (seats or {}).items()}
        pages.send(page, "election-form", fields)
        election = Election.objects.get(title=title)
        for region, teller in assembly.tellers.items():
            page = pages.get(assembly.secretariat, "elections-tellers", election.pk)
            form = next(
                f for f in page.forms
                if "region" in f.inputs.keys() and f.inputs["region"].value == region
            )  # fmt: skip
            pages.send(page, form, {"username": teller.username})
        return election

    def register(election: Election, name: str, state: str) -> str:
        page = pages.get(assembly.secretariat, "elections-candidatures", election.pk)
        pages.send(page, "candidature-form",
                   {"name": name, "nominated_by": state, "received_at": "2014-10-20T12:00+09:00"})  # fmt: skip
        return str(election.candidatures.get(name=name).pk)

    def ballot(
        election: Election, papers: list[list[str]], offered: set[str], spoilt: dict | None = None
    ) -> Round:
        """Open a round, let every delegation cast its paper (the giver's through the
        holder of its proxy), close it, let each teller read the tally, announce it."""
        page = pages.get(assembly.chair, "elections-election", election.pk)
        pages.send(page, "round-open-form", {"meeting": str(assembly.meeting.pk)})
        round_ = election.rounds.get(status="open")
        for code, marks in zip(codes, papers, strict=True):
            proxy = code == giver
            page = pages.get(assembly.users[holder if proxy else code], "elections-round", round_.pk)
            form = page.get_element_by_id("proxy-ballot-form" if proxy else "ballot-form")
            # The paper offers the candidates standing, and only them.
            assert {v for v in form.inputs["marks"].value_options if v} == offered
            if spoilt and code in spoilt:
                # A paper the rules would spoil is refused, saying why; nothing is kept
                # and the delegation may still vote.
                box = BallotBox.objects.get(round=round_)
                answer = client.post(form.action, {"marks": spoilt[code][1]})
                text = html.unescape(client.get(answer["Location"]).content.decode())
                assert spoilt[code][0] in text
                assert BallotBox.objects.get(pk=box.pk).papers == box.papers
                assert not round_.participations.filter(delegation=assembly.delegations[code]).exists()
            answer = pages.send(page, form, marks=marks or ([""] if election.kind == "single" else []))
            casts.append((round_.pk, _receipt(answer)))
        page = pages.get(assembly.chair, "elections-round", round_.pk)
        pages.send(page, pages.form_posting_to(page, reverse("elections-round-close", args=[round_.pk])))
        for teller in assembly.tellers.values():
            tally = pages.get(teller, "elections-tally", round_.pk)
            shown = [int(x) for x in tally.xpath('//ul[@id="tally-totals"]/li/strong/text()')]
            assert shown[:2] == [40, 40]  # papers in the box, delegations that voted
        # The chair announces the count the tellers have read.
        page = pages.get(assembly.chair, "elections-tally", round_.pk)
        pages.send(page, pages.form_posting_to(page, reverse("elections-round-announce", args=[round_.pk])))
        round_.refresh_from_db()
        assert round_.status == "announced"
        return round_

    # The Deputy Secretary-General: four candidates, three rounds.
    dsg = elect("Deputy Secretary-General", "single")
    names = ["Amara Okafor", "Bruno Lacerda", "Chen Wei", "Dana Petrova"]
    nominating = [codes[25], codes[3], codes[33], codes[12]]
    a, b, c, d = (
        register(dsg, name, state) for name, state in zip(names, nominating, strict=True)
    )
    ballot(dsg, _papers([(a, 14), (b, 12), (c, 9), (d, 4), (None, 1)]), {a, b, c, d})
    one = _announced(pages, dsg.pk, 1)
    # 39 valid votes: the majority is 20, which nobody has; all stand again.
    assert one["totals"] == [40, 39, 1, 0, 20]
    assert one["rows"] == {
        "Amara Okafor": (14, "Stands in the next round"), "Bruno Lacerda": (12, "Stands in the next round"),
        "Chen Wei": (9, "Stands in the next round"), "Dana Petrova": (4, "Stands in the next round"),
    }  # fmt: skip
    # Dana Petrova withdraws: she is not on the next paper.
    page = pages.get(assembly.secretariat, "elections-candidatures", dsg.pk)
    pages.send(page, pages.form_posting_to(page, reverse("elections-candidature-withdraw", args=[dsg.pk, int(d)])))
    ballot(dsg, _papers([(a, 17), (b, 15), (c, 7), (None, 1)]), {a, b, c})
    two = _announced(pages, dsg.pk, 2)
    assert two["totals"] == [40, 39, 1, 0, 20]
    assert [v for v, _o in two["rows"].values()] == [17, 15, 7]
    ballot(dsg, _papers([(a, 22), (b, 16), (c, 2)]), {a, b, c})
    three = _announced(pages, dsg.pk, 3)
    # 40 valid votes: the majority is 21; Amara Okafor has 22.
    assert three["totals"] == [40, 40, 0, 0, 21]
    assert three["rows"]["Amara Okafor"] == (22, "Elected")
    assert three["rows"]["Bruno Lacerda"] == (16, "")
    dsg.refresh_from_db()
    assert dsg.status == "finished" and dsg.elected == [a]

    # The Council: seats in the five regions; a tie for the last seat of region B.
    seats = {"A": 2, "B": 2, "C": 1, "D": 2, "E": 2}
    council = elect("Member States of the Council", "seats_by_region", seats)
    pool = {}
    for region in seats:
        states = assembly.codes(region)[: 2 if region == "C" else 3]
        pool[region] = [
            register(council, assembly.delegations[code].organisation.name, code) for code in states
        ]
    votes = {
        "A": [30, 25, 20], "B": [28, 18, 18], "C": [22, 15], "D": [26, 24, 10], "E": [31, 27, 12],
    }  # fmt: skip
    papers: list[list[str]] = [[] for _ in codes]
    for region, counts in votes.items():
        for paper, marks in zip(papers, _region_papers(40, dict(zip(pool[region], counts, strict=True))), strict=True):
            paper.extend(marks)
    # A delegation first marks three candidates of region A, which has two seats:
    # the electronic paper refuses it.
    a1, a2, a3 = pool["A"]
    everyone = {key for keys in pool.values() for key in keys}
    spoilt = {codes[5]: ("Region A has 2 seats to fill: mark at most 2.", [a1, a2, a3])}
    ballot(council, papers, everyone, spoilt)
    first = _announced(pages, council.pk, 1)
    name = {key: council.candidatures.get(pk=int(key)).name for key in everyone}
    expected = {
        a1: (30, "Elected"), a2: (25, "Elected"), a3: (20, ""),
        pool["B"][0]: (28, "Elected"), pool["B"][1]: (18, "Stands in the next round"),
        pool["B"][2]: (18, "Stands in the next round"),
        pool["C"][0]: (22, "Elected"), pool["C"][1]: (15, ""),
        pool["D"][0]: (26, "Elected"), pool["D"][1]: (24, "Elected"), pool["D"][2]: (10, ""),
        pool["E"][0]: (31, "Elected"), pool["E"][1]: (27, "Elected"), pool["E"][2]: (12, ""),
    }  # fmt: skip
    assert first["rows"] == {name[key]: value for key, value in expected.items()}
    assert first["totals"][0] == 40
    tied = {pool["B"][1], pool["B"][2]}
    # The further round is for region B's last seat, between the tied candidates only.
    b2, b3 = pool["B"][1], pool["B"][2]
    ballot(council, _papers([(b2, 21), (b3, 17), (None, 2)]), tied)
    second = _announced(pages, council.pk, 2)
    assert second["rows"] == {name[b2]: (21, "Elected"), name[b3]: (17, "")}
    council.refresh_from_db()
    assert council.status == "finished"
    assert set(council.elected) == {a1, a2, pool["B"][0], b2, pool["C"][0], *pool["D"][:2], *pool["E"][:2]}

    # Five rounds, 40 papers each: no row of any table, no model instance, ties one
    # of them to the delegation that cast it.
    boxes = {box.round_id: box for box in BallotBox.objects.all()}
    assert len(boxes) == 5 and len(casts) == 200
    hashes = {_hash(boxes[round_id].key, receipt) for round_id, receipt in casts}
    receipts = {receipt for _round, receipt in casts}
    assert len(hashes) == 200
    voters = _voters(assembly)
    checked_tables, ballot_rows = _scan_tables(hashes, receipts, voters)
    assert checked_tables >= 30 and ballot_rows == 5
    assert _scan_models(hashes, receipts, voters) == 5
    for box in boxes.values():
        assert {paper["receipt"] for paper in box.papers} <= hashes
