"""Votes on a question through the API: the quorum, abstentions that exceed half, a tie,
a roll-call from a drawn letter in French order, a secret vote with a proxy; and the
results as the command line exports them."""

from __future__ import annotations

import json

import pytest

from plenipot.cli import main
from plenipot.elections.models import Vote
from plenipot.engine import voting

pytestmark = pytest.mark.django_db


def _hands(api, assembly, present: list[str], yes: int, no: int, abstain: int, **extra) -> dict:
    vote = api.ok(
        assembly.chair, "post", f"/meetings/{assembly.meeting.pk}/votes",
        {"question": "Shall the proposal be adopted?", "method": "show_of_hands", **extra},
    )  # fmt: skip
    path = f"/votes/{vote['vote']}"
    api.ok(assembly.secretariat, "post", f"{path}/presence", {"delegations": present})
    api.ok(
        assembly.secretariat,
        "post",
        f"{path}/show-of-hands",
        {"yes": yes, "no": no, "abstain": abstain},
    )
    api.ok(assembly.chair, "post", f"{path}/close")
    return api.ok(assembly.chair, "post", f"{path}/announce")


def test_a_show_of_hands_follows_the_rules_of_the_conference(api, assembly):
    codes = assembly.codes()
    # 20 of the 40 present: no quorum (21 needed).
    result = _hands(api, assembly, codes[:20], 12, 5, 3)
    assert (result["outcome"], result["quorum"], result["present"]) == ("no_quorum", 21, 20)
    # Abstentions exceeding half of the votes cast postpone the question ...
    result = _hands(api, assembly, codes[:30], 6, 5, 12)
    assert result["outcome"] == "postponed"
    postponed = result["vote"]
    # ... and at the later vote they are not taken into account.
    result = _hands(api, assembly, codes[:30], 6, 5, 12, postponed_from=postponed)
    assert result["outcome"] == "adopted" and result["majority"] == 6
    # A tie rejects.
    result = _hands(api, assembly, codes[:30], 10, 10, 2)
    assert result["outcome"] == "rejected"
    assert "The votes were equal" in " ".join(result["reasons"])
    # More hands than delegations present is refused.
    vote = api.ok(
        assembly.chair, "post", f"/meetings/{assembly.meeting.pk}/votes",
        {"question": "Shall the meeting adjourn?", "method": "show_of_hands"},
    )  # fmt: skip
    api.ok(
        assembly.secretariat, "post", f"/votes/{vote['vote']}/presence", {"delegations": codes[:5]}
    )
    api.refused(
        assembly.secretariat, "post", f"/votes/{vote['vote']}/show-of-hands",
        {"yes": 4, "no": 2, "abstain": 0}, "invalid",
    )  # fmt: skip
    api.refused(assembly.chair, "post", f"/votes/{vote['vote']}/close", None, "invalid")


def test_a_roll_call_from_a_drawn_letter(api, assembly):
    vote = api.ok(
        assembly.chair, "post", f"/meetings/{assembly.meeting.pk}/votes",
        {"question": "Shall the amendment be adopted?", "method": "roll_call", "letter": "e"},
    )  # fmt: skip
    roll = api.ok(None, "get", f"/votes/{vote['vote']}/roll-call")
    assert roll["letter"] == "E"
    names = {row["delegation"]: row["name_fr"] for row in roll["order"]}
    assert [row["delegation"] for row in roll["order"]] == voting.roll_call_order(names, letter="E")
    assert voting.french_sort_key(roll["order"][0]["name_fr"]) >= "e"
    # A proxy answers for its giver when the giver is called.
    order = [row["delegation"] for row in roll["order"]]
    giver, holder = order[3], order[10]
    api.ok(
        assembly.secretariat,
        "post",
        "/conferences/PP-14/proxies",
        {"giver": giver, "holder": holder},
    )
    for index, code in enumerate(order):
        data = {"delegation": code, "choice": ["yes", "no", "yes", "abstain"][index % 4]}
        if code == giver:
            api.refused(
                assembly.secretariat, "post", f"/votes/{vote['vote']}/roll-call", data, "invalid"
            )
            data["proxy"] = True
        api.ok(assembly.secretariat, "post", f"/votes/{vote['vote']}/roll-call", data)
    roll = api.ok(None, "get", f"/votes/{vote['vote']}/roll-call")
    assert all(row["answer"] for row in roll["order"])
    assert [row["by_proxy"] for row in roll["order"]].count(True) == 1
    api.ok(assembly.chair, "post", f"/votes/{vote['vote']}/close")
    result = api.ok(assembly.chair, "post", f"/votes/{vote['vote']}/announce")
    assert (result["yes"], result["no"], result["abstain"]) == (20, 10, 10)
    assert result["outcome"] == "adopted"


def test_a_secret_electronic_vote_with_a_proxy(api, assembly):
    codes = assembly.codes()
    giver, holder = codes[12], codes[13]
    api.ok(
        assembly.secretariat,
        "post",
        "/conferences/PP-14/proxies",
        {"giver": giver, "holder": holder},
    )
    vote = api.ok(
        assembly.chair, "post", f"/meetings/{assembly.meeting.pk}/votes",
        {"question": "Shall the draft decision be adopted?", "method": "electronic", "secret": True},
    )  # fmt: skip
    path = f"/votes/{vote['vote']}"
    receipts = {}
    for index, code in enumerate(c for c in codes if c != giver):
        choice = "no" if index % 3 == 0 else "yes"
        receipts[code] = (
            choice,
            api.ok(assembly.users[code], "post", f"{path}/cast", {"choice": choice})["receipt"],
        )
    proxy = api.ok(
        assembly.users[holder], "post", f"{path}/cast", {"choice": "abstain", "proxy": True}
    )
    assert proxy["receipt"].startswith(f"V{vote['vote']}.")
    # Before the announcement the public sees no totals.
    assert api.ok(None, "get", path).get("yes") is None
    api.ok(assembly.chair, "post", f"{path}/close")
    result = api.ok(assembly.chair, "post", f"{path}/announce")
    assert (result["yes"], result["no"], result["abstain"]) == (26, 13, 1)
    assert result["present"] == 40 and result["outcome"] == "adopted"
    # Each receipt shows its answer, as cast; the proxy's too.
    for _code, (choice, receipt) in list(receipts.items())[:5]:
        checked = api.ok(assembly.observer, "post", "/ballot-receipts", {"receipt": receipt})
        assert checked["choice"] == choice and checked["counted"] is True
    checked = api.ok(assembly.observer, "post", "/ballot-receipts", {"receipt": proxy["receipt"]})
    assert checked["choice"] == "abstain"
    api.refused(
        assembly.observer, "post", "/ballot-receipts", {"receipt": "V1.forged"}, "not_found"
    )
    # The vote's page and the API never list who answered what in a secret vote.
    assert not Vote.objects.get(pk=vote["vote"]).casts.exists()


def test_the_command_line_exports_the_results(api, assembly, capsys):
    election = api.election()
    api.tellers(election["id"])
    one = api.candidature(election["id"], "Nadia Petrova", assembly.codes()[20])
    opened = api.open_round(election["id"])
    for code in assembly.codes()[:7]:
        api.cast(code, opened["round"], [one])
    api.close_and_tally(opened["round"])
    api.announce(opened["round"])
    capsys.readouterr()
    assert main(["ballots", "results", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["title"] == "Secretary-General"
    assert data[0]["rounds"][0]["candidates"][0]["votes"] == 7
    assert data[0]["elected"][0]["name"] == "Nadia Petrova"
    assert main(["ballots", "results", str(election["id"])]) == 0
    text = capsys.readouterr().out
    assert "Round 1: 7 ballots, 7 valid" in text and "Elected: Nadia Petrova" in text
    assert main(["ballots", "results", "--meeting", str(assembly.committee_meeting.pk)]) == 2
    assert "There is no such meeting." in capsys.readouterr().err
