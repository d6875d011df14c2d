"""Every use case of votes and elections refuses the wrong person, and bad input, alike
on the page and in the API: the same code, the same words, and nothing written."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from plenipot.elections.models import (
    BallotBox,
    Candidature,
    Participation,
    Proxy,
    Round,
    Teller,
    Vote,
    VoteBox,
    VotePresence,
)

pytestmark = pytest.mark.django_db

PAGE_STATUS = {
    "not_authenticated": 302, "forbidden": 403, "not_found": 404, "invalid": 302,
    "invalid_input": 302, "conflict": 302,
}  # fmt: skip


@pytest.fixture
def stage(api, assembly):
    """An open secret vote in the Plenary, an open vote in a committee meeting closed to
    the public, an open round of an election, a finished round of another, a proxy."""
    codes = assembly.codes()
    secret = api.ok(
        assembly.chair, "post", f"/meetings/{assembly.meeting.pk}/votes",
        {"question": "Shall the motion be adopted?", "method": "electronic", "secret": True},
    )  # fmt: skip
    closed_vote = api.ok(
        assembly.committee_chair, "post", f"/meetings/{assembly.committee_meeting.pk}/votes",
        {"question": "Shall the committee adopt the text?", "method": "electronic"},
    )  # fmt: skip
    election = api.election()
    api.tellers(election["id"])
    one = api.candidature(election["id"], "Ines Oyelaran", codes[30])
    api.candidature(election["id"], "Jun Park", codes[35])
    api.ok(
        assembly.secretariat, "post", "/conferences/PP-14/proxies",
        {"giver": codes[1], "holder": codes[2], "notice": "Letter"},
    )  # fmt: skip
    round_ = api.open_round(election["id"])
    other = api.election(title="Director, Telecommunication Standardization Bureau")
    api.tellers(other["id"])
    kept = api.candidature(other["id"], "Kofi Mensah", codes[28])
    done = api.open_round(other["id"])
    api.cast(codes[0], done["round"], [kept])
    api.ok(assembly.chair, "post", f"/election-rounds/{done['round']}/close")
    fresh = api.election(title="Deputy Secretary-General")
    return {
        "fresh": fresh["id"], "codes": codes, "vote": secret["vote"], "closed_vote": closed_vote["vote"],
        "election": election["id"], "round": round_["round"], "candidate": one,
        "done": done["round"], "other": other["id"], "kept": kept,
    }  # fmt: skip


@dataclass(frozen=True)
class Refusal:
    name: str
    who: Callable  # (assembly, stage) -> user or None
    code: str
    page: tuple[str, Callable, Callable] | None = None  # method, url(stage), data(stage)
    api: tuple[str, Callable, Callable] | None = None
    words: str = ""


def _del(index: int):
    return lambda a, s: a.users[s["codes"][index]]


def _chair(a, s):
    return a.chair


def _sec(a, s):
    return a.secretariat


def _nobody(a, s):
    return None


def _vote_url(name):
    return lambda s: reverse(name, args=[s["vote"]])


def _round_url(name, key="round"):
    return lambda s: reverse(name, args=[s[key]])


def _none(s):
    return {}


REFUSALS = [
    Refusal(
        "a visitor opens a vote",
        _nobody,
        "not_authenticated",
        page=("post", lambda s: None, lambda s: {"question": "Q?", "method": "electronic"}),
        api=("post", lambda s: None, lambda s: {"question": "Q?", "method": "electronic"}),
    ),
    Refusal(
        "a delegate opens a vote",
        _del(4),
        "forbidden",
        page=("post", lambda s: None, lambda s: {"question": "Q?", "method": "electronic"}),
        api=("post", lambda s: None, lambda s: {"question": "Q?", "method": "electronic"}),
        words="Only the chair of PL or the secretariat opens a vote in its meetings.",
    ),
    Refusal(
        "a committee's chair opens a vote in the Plenary",
        lambda a, s: a.committee_chair,
        "forbidden",
        page=("post", lambda s: None, lambda s: {"question": "Q?", "method": "electronic"}),
        api=("post", lambda s: None, lambda s: {"question": "Q?", "method": "electronic"}),
        words="Only the chair of PL or the secretariat opens a vote in its meetings.",
    ),
    Refusal(
        "an observer votes",
        lambda a, s: a.observer,
        "forbidden",
        page=("post", _vote_url("elections-vote-cast"), lambda s: {"choice": "yes"}),
        api=("post", lambda s: f"/votes/{s['vote']}/cast", lambda s: {"choice": "yes"}),
        words="Only the delegations of the conference vote.",
    ),
    Refusal(
        "a delegation whose credentials are pending votes",
        lambda a, s: a.pending_user,
        "forbidden",
        page=("post", _vote_url("elections-vote-cast"), lambda s: {"choice": "yes"}),
        api=("post", lambda s: f"/votes/{s['vote']}/cast", lambda s: {"choice": "yes"}),
        words="Only Member States whose credentials have been accepted vote.",
    ),
    Refusal(
        "a delegate closes a vote",
        _del(4),
        "forbidden",
        page=("post", _vote_url("elections-vote-close"), _none),
        api=("post", lambda s: f"/votes/{s['vote']}/close", _none),
        words="Only the chair of PL or the secretariat closes its votes.",
    ),
    Refusal(
        "the chair records a show of hands",
        _chair,
        "forbidden",
        page=(
            "post",
            _vote_url("elections-vote-hands"),
            lambda s: {"yes": 1, "no": 1, "abstain": 0},
        ),
        api=(
            "post",
            lambda s: f"/votes/{s['vote']}/show-of-hands",
            lambda s: {"yes": 1, "no": 1, "abstain": 0},
        ),
        words="Only the secretariat records a show of hands.",
    ),
    Refusal(
        "a delegate marks other delegations present",
        _del(4),
        "forbidden",
        page=(
            "post",
            _vote_url("elections-vote-presence"),
            lambda s: {"delegations": [s["codes"][7]]},
        ),
        api=(
            "post",
            lambda s: f"/votes/{s['vote']}/presence",
            lambda s: {"delegations": [s["codes"][7]]},
        ),
        words="Only the secretariat marks other delegations present.",
    ),
    Refusal(
        "an observer reads a vote of a meeting closed to the public",
        lambda a, s: a.observer,
        "not_found",
        page=("get", lambda s: reverse("elections-vote", args=[s["closed_vote"]]), _none),
        api=("get", lambda s: f"/votes/{s['closed_vote']}", _none),
    ),
    Refusal(
        "a delegate records a proxy",
        _del(4),
        "forbidden",
        page=(
            "post",
            lambda s: reverse("elections-proxies"),
            lambda s: {"giver": s["codes"][8], "holder": s["codes"][9]},
        ),
        api=(
            "post",
            lambda s: "/conferences/PP-14/proxies",
            lambda s: {"giver": s["codes"][8], "holder": s["codes"][9]},
        ),
        words="Only the secretariat records proxies.",
    ),
    Refusal(
        "the chair registers a candidature",
        _chair,
        "forbidden",
        page=(
            "post",
            lambda s: reverse("elections-candidatures", args=[s["other"]]),
            lambda s: {"name": "X", "nominated_by": s["codes"][3]},
        ),
        api=(
            "post",
            lambda s: f"/elections/{s['other']}/candidatures",
            lambda s: {"name": "X", "nominated_by": s["codes"][3]},
        ),
        words="Only the secretariat registers candidatures.",
    ),
    Refusal(
        "a delegate designates a teller",
        _del(4),
        "forbidden",
        page=(
            "post",
            lambda s: reverse("elections-tellers", args=[s["election"]]),
            lambda s: {"region": "A", "username": "del-arg"},
        ),
        api=(
            "post",
            lambda s: f"/elections/{s['election']}/tellers",
            lambda s: {"region": "A", "username": "del-arg"},
        ),
        words="Only the secretariat designates tellers.",
    ),
    Refusal(
        "a delegate opens a round",
        _del(4),
        "forbidden",
        page=(
            "post",
            lambda s: reverse("elections-round-open", args=[s["other"]]),
            lambda s: {"meeting": 1},
        ),
        api=("post", lambda s: f"/elections/{s['other']}/rounds", lambda s: {"meeting": 1}),
        words="Only the chair of PL or the secretariat opens a round.",
    ),
    Refusal(
        "a delegate closes a round",
        _del(4),
        "forbidden",
        page=("post", _round_url("elections-round-close"), _none),
        api=("post", lambda s: f"/election-rounds/{s['round']}/close", _none),
        words="Only the chair of PL or the secretariat closes a round.",
    ),
    Refusal(
        "a delegate reads the tally",
        _del(4),
        "forbidden",
        page=("get", _round_url("elections-tally", "done"), _none),
        api=("get", lambda s: f"/election-rounds/{s['done']}/tally", _none),
        words="Only the tellers and the chair see the tally before it is announced.",
    ),
    Refusal(
        "a delegate announces a round",
        _del(4),
        "forbidden",
        page=("post", _round_url("elections-round-announce", "done"), _none),
        api=("post", lambda s: f"/election-rounds/{s['done']}/announce", _none),
        words="Only the chair of PL or the secretariat announces a round.",
    ),
    Refusal(
        "a delegate types in a paper",
        _del(4),
        "forbidden",
        page=(
            "post",
            _round_url("elections-paper-enter", "done"),
            lambda s: {"marks": [s["kept"]]},
        ),
        api=(
            "post",
            lambda s: f"/election-rounds/{s['done']}/papers",
            lambda s: {"marks": [s["kept"]]},
        ),
        words="Only the tellers of this election type in the papers.",
    ),
    Refusal(
        "a teller casts a ballot",
        lambda a, s: a.tellers["A"],
        "forbidden",
        page=("post", _round_url("elections-ballot-cast"), lambda s: {"marks": [s["candidate"]]}),
        api=(
            "post",
            lambda s: f"/election-rounds/{s['round']}/ballots",
            lambda s: {"marks": [s["candidate"]]},
        ),
        words="Only the delegations of the conference vote.",
    ),
    Refusal(
        "a visitor casts a ballot",
        _nobody,
        "not_authenticated",
        page=("post", _round_url("elections-ballot-cast"), lambda s: {"marks": [s["candidate"]]}),
        api=(
            "post",
            lambda s: f"/election-rounds/{s['round']}/ballots",
            lambda s: {"marks": [s["candidate"]]},
        ),
    ),
    # Bad input and the wrong moment.
    Refusal(
        "a ballot marks a candidate who does not stand",
        _del(5),
        "invalid",
        page=("post", _round_url("elections-ballot-cast"), lambda s: {"marks": [s["kept"]]}),
        api=(
            "post",
            lambda s: f"/election-rounds/{s['round']}/ballots",
            lambda s: {"marks": [s["kept"]]},
        ),
    ),
    Refusal(
        "a ballot after the round closed",
        _del(5),
        "conflict",
        page=(
            "post",
            _round_url("elections-ballot-cast", "done"),
            lambda s: {"marks": [s["kept"]]},
        ),
        api=(
            "post",
            lambda s: f"/election-rounds/{s['done']}/ballots",
            lambda s: {"marks": [s["kept"]]},
        ),
        words="This round is closed.",
    ),
    Refusal(
        "the giver of a proxy votes itself",
        _del(1),
        "invalid",
        page=("post", _round_url("elections-ballot-cast"), lambda s: {"marks": [s["candidate"]]}),
        api=(
            "post",
            lambda s: f"/election-rounds/{s['round']}/ballots",
            lambda s: {"marks": [s["candidate"]]},
        ),
    ),
    Refusal(
        "a delegation without a proxy votes by proxy",
        _del(5),
        "invalid",
        page=("post", _vote_url("elections-vote-cast"), lambda s: {"choice": "no", "proxy": "1"}),
        api=(
            "post",
            lambda s: f"/votes/{s['vote']}/cast",
            lambda s: {"choice": "no", "proxy": True},
        ),
        words="Your delegation holds no proxy.",
    ),
    Refusal(
        "a delegation gives a second proxy",
        _sec,
        "conflict",
        page=(
            "post",
            lambda s: reverse("elections-proxies"),
            lambda s: {"giver": s["codes"][1], "holder": s["codes"][9]},
        ),
        api=(
            "post",
            lambda s: "/conferences/PP-14/proxies",
            lambda s: {"giver": s["codes"][1], "holder": s["codes"][9]},
        ),
    ),
    Refusal(
        "a delegation holds a second proxy",
        _sec,
        "conflict",
        page=(
            "post",
            lambda s: reverse("elections-proxies"),
            lambda s: {"giver": s["codes"][9], "holder": s["codes"][2]},
        ),
        api=(
            "post",
            lambda s: "/conferences/PP-14/proxies",
            lambda s: {"giver": s["codes"][9], "holder": s["codes"][2]},
        ),
    ),
    Refusal(
        "a proxy to a delegation that may not vote",
        _sec,
        "invalid",
        page=(
            "post",
            lambda s: reverse("elections-proxies"),
            lambda s: {"giver": s["codes"][9], "holder": s["pending"]},
        ),
        api=(
            "post",
            lambda s: "/conferences/PP-14/proxies",
            lambda s: {"giver": s["codes"][9], "holder": s["pending"]},
        ),
    ),
    Refusal(
        "a candidature after the deadline",
        _sec,
        "invalid",
        page=(
            "post",
            lambda s: reverse("elections-candidatures", args=[s["fresh"]]),
            lambda s: {
                "name": "Late",
                "nominated_by": s["codes"][3],
                "received_at": "2014-10-21T18:00:01+09:00",
            },
        ),
        api=(
            "post",
            lambda s: f"/elections/{s['fresh']}/candidatures",
            lambda s: {
                "name": "Late",
                "nominated_by": s["codes"][3],
                "received_at": "2014-10-21T18:00:01+09:00",
            },
        ),
    ),
    Refusal(
        "a secret vote by show of hands",
        _chair,
        "invalid",
        page=(
            "post",
            lambda s: None,
            lambda s: {"question": "Q?", "method": "show_of_hands", "secret": "on"},
        ),
        api=(
            "post",
            lambda s: None,
            lambda s: {"question": "Q?", "method": "show_of_hands", "secret": True},
        ),
        words="Only an electronic vote can be secret.",
    ),
    Refusal(
        "a second vote while one is under way",
        _chair,
        "conflict",
        page=("post", lambda s: None, lambda s: {"question": "Q?", "method": "electronic"}),
        api=("post", lambda s: None, lambda s: {"question": "Q?", "method": "electronic"}),
        words="A vote is already under way in this meeting: announce it first.",
    ),
]


def _snapshot():
    return (
        Vote.objects.count(), VotePresence.objects.count(), Proxy.objects.count(),
        Candidature.objects.count(), Teller.objects.count(), Round.objects.count(),
        Participation.objects.count(), sorted(len(b.papers) for b in BallotBox.objects.all()),
        sorted(len(b.papers) for b in VoteBox.objects.all()),
        sorted(Round.objects.values_list("status", flat=True)),
        sorted(Vote.objects.values_list("status", flat=True)),
    )  # fmt: skip


@pytest.mark.parametrize("refusal", REFUSALS, ids=[r.name for r in REFUSALS])
def test_page_and_api_refuse_alike(refusal, stage, assembly, api, client):
    stage = {**stage, "pending": assembly.pending.organisation.iso3}
    user = refusal.who(assembly, stage)
    before = _snapshot()
    details = set()
    method, url, data = refusal.api
    path = url(stage) or f"/meetings/{assembly.meeting.pk}/votes"
    answer = api.call(user, method, path, data(stage))
    body = answer.json()
    assert body["code"] == refusal.code, (answer.status_code, body)
    details.add(body["detail"])
    method, url, data = refusal.page
    address = url(stage) or reverse("elections-vote-open", args=[assembly.meeting.pk])
    client.force_login(user) if user else client.logout()
    answer = getattr(client, method)(address, data(stage))
    assert answer.status_code == PAGE_STATUS[refusal.code], (
        answer.status_code,
        answer.content[:300],
    )
    if refusal.code == "not_authenticated":
        assert "/accounts/login/" in answer["Location"]
    elif refusal.code == "forbidden":
        assert body["detail"] in html.unescape(answer.content.decode())
    elif answer.status_code == 302:
        shown = client.get(answer["Location"])
        assert body["detail"] in html.unescape(shown.content.decode())
    if refusal.words:
        assert details == {refusal.words}
    assert _snapshot() == before


def test_casting_twice_is_refused_and_keeps_one_paper(stage, assembly, api):
    code = stage["codes"][6]
    api.cast(code, stage["round"], [stage["candidate"]])
    body = api.refused(
        assembly.users[code], "post", f"/election-rounds/{stage['round']}/ballots",
        {"marks": []}, "conflict",
    )  # fmt: skip
    assert "has already voted in this round" in body["detail"]
    assert len(BallotBox.objects.get(round_id=stage["round"]).papers) == 1
    # Its proxy's holder still casts once more for the giver, then no more.
    holder = stage["codes"][2]
    api.cast(holder, stage["round"], [stage["candidate"]])
    api.cast(holder, stage["round"], [], proxy=True)
    api.refused(
        assembly.users[holder], "post", f"/election-rounds/{stage['round']}/ballots",
        {"marks": [], "proxy": True}, "conflict",
    )  # fmt: skip
    assert len(BallotBox.objects.get(round_id=stage["round"]).papers) == 3
    assert Participation.objects.filter(round_id=stage["round"], by_proxy=True).count() == 1


def test_the_same_answer_twice_in_a_vote(stage, assembly, api):
    code = stage["codes"][7]
    api.ok(assembly.users[code], "post", f"/votes/{stage['vote']}/cast", {"choice": "yes"})
    api.refused(
        assembly.users[code], "post", f"/votes/{stage['vote']}/cast", {"choice": "no"}, "conflict"
    )
    api.ok(assembly.chair, "post", f"/votes/{stage['vote']}/close")
    api.refused(
        assembly.users[stage["codes"][8]], "post", f"/votes/{stage['vote']}/cast",
        {"choice": "no"}, "conflict",
    )  # fmt: skip
    assert len(VoteBox.objects.get(vote_id=stage["vote"]).papers) == 1


def test_malformed_input_answers_422(stage, assembly, api):
    api.refused(
        assembly.users[stage["codes"][7]], "post", f"/votes/{stage['vote']}/cast",
        {"choice": "maybe"}, "invalid_input",
    )  # fmt: skip
    api.refused(
        assembly.secretariat, "post", "/conferences/PP-14/elections",
        {"title": "", "kind": "single", "candidature_deadline": "2014-10-21T18:00:00+09:00"},
        "invalid_input",
    )  # fmt: skip
