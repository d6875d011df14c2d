"""The pages of votes and elections, driven through Django's test client: each
person's page shows what they may do, and does it through the same actions as the
API."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from plenipot.elections.models import Election, Round, Vote

pytestmark = pytest.mark.django_db


def _page(client, user, name, *args, status=200):
    client.force_login(user) if user else client.logout()
    answer = client.get(reverse(name, args=args))
    assert answer.status_code == status, (name, answer.status_code)
    return html.unescape(answer.content.decode())


def _post(client, user, name, *args, data=None):
    client.force_login(user)
    return client.post(reverse(name, args=args), data or {})


def test_a_secret_electronic_vote_with_a_proxy_through_the_pages(client, assembly):
    meeting = assembly.meeting
    # The chair's control opens the vote.
    text = _page(client, assembly.chair, "elections-meeting-control", meeting.pk)
    assert "Put a question to the vote" in text
    answer = _post(
        client, assembly.chair, "elections-vote-open", meeting.pk,
        data={"question": "Shall the Conference adopt the draft resolution?", "method": "electronic",
              "secret": "on"},
    )  # fmt: skip
    vote = Vote.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "elections-vote", args=[vote.pk]
    )
    codes = assembly.codes()
    giver, holder = codes[5], codes[6]
    _post(
        client, assembly.secretariat, "elections-proxies",
        data={"giver": giver, "holder": holder, "notice": "Letter of 20 October"},
    )  # fmt: skip
    # The holder sees its own buttons and the proxy's.
    text = _page(client, assembly.users[holder], "elections-vote", vote.pk)
    assert 'id="cast-form"' in text and 'id="proxy-cast-form"' in text
    # The giver is told that its proxy votes for it.
    text = _page(client, assembly.users[giver], "elections-vote", vote.pk)
    assert "gave its proxy" in text and 'id="cast-form"' not in text
    choices = ["yes"] * 18 + ["no"] * 14 + ["abstain"] * 6
    receipts = []
    voters = [c for c in codes if c != giver][: len(choices)]
    for code, choice in zip(voters, choices, strict=True):
        answer = _post(
            client, assembly.users[code], "elections-vote-cast", vote.pk, data={"choice": choice}
        )
        assert answer.status_code == 200
        receipts.append(re.search(r'id="receipt">([^<]+)<', answer.content.decode()).group(1))
    answer = _post(
        client, assembly.users[holder], "elections-vote-cast", vote.pk,
        data={"choice": "yes", "proxy": "1"},
    )  # fmt: skip
    assert answer.status_code == 200
    # Casting twice is refused with a message, and nothing changes.
    again = _post(
        client, assembly.users[voters[0]], "elections-vote-cast", vote.pk, data={"choice": "no"}
    )
    assert again.status_code == 302
    text = _page(client, assembly.users[voters[0]], "elections-vote", vote.pk)
    assert "has already voted" in text and 'id="voted"' in text
    # The result is not shown before it is announced.
    _post(client, assembly.chair, "elections-vote-close", vote.pk)
    public = _page(client, None, "elections-meeting-results", meeting.pk)
    assert "not yet announced" in public and "Adopted" not in public
    _post(client, assembly.chair, "elections-vote-announce", vote.pk)
    public = _page(client, None, "elections-meeting-results", meeting.pk)
    assert "Adopted" in public
    vote.refresh_from_db()
    assert (vote.yes, vote.no, vote.abstain) == (19, 14, 6)
    assert vote.present == 39  # 38 in the room and the giver represented by its proxy
    # A receipt shows its paper, as cast, to whoever holds it.
    client.logout()
    answer = client.post(reverse("elections-receipt"), {"receipt": receipts[20]})
    text = html.unescape(answer.content.decode())
    assert "This ballot is in the box" in text and "<strong>No</strong>" in text
    answer = client.post(reverse("elections-receipt"), {"receipt": receipts[20][:-3] + "xyz"})
    assert "No ballot box holds a paper with this receipt." in html.unescape(
        answer.content.decode()
    )


def test_a_roll_call_through_the_pages(client, assembly):
    meeting = assembly.meeting
    _post(
        client, assembly.chair, "elections-vote-open", meeting.pk,
        data={"question": "Shall the amendment of Brazil be adopted?", "method": "roll_call",
              "letter": "M"},
    )  # fmt: skip
    vote = Vote.objects.get()
    text = _page(client, assembly.secretariat, "elections-vote", vote.pk)
    rows = re.findall(r'<tr id="roll-([A-Z]{3})">', text)
    assert len(rows) == 40
    from plenipot.elections.selectors import french_name

    names = [french_name(assembly.delegations[code].organisation) for code in rows]
    assert names[0][0] >= "M"  # the roll starts at the letter drawn
    # Everyone answers in the order called; the secretariat records each answer.
    for index, code in enumerate(rows):
        choice = "yes" if index % 3 else "no"
        answer = _post(
            client, assembly.secretariat, "elections-vote-roll-call", vote.pk,
            data={"delegation": code, "choice": choice},
        )  # fmt: skip
        assert answer.status_code == 302
    # A delegation cannot answer a roll-call from its phone.
    answer = _post(
        client, assembly.users[rows[0]], "elections-vote-cast", vote.pk, data={"choice": "no"}
    )
    assert answer.status_code == 302
    _post(client, assembly.chair, "elections-vote-close", vote.pk)
    _post(client, assembly.chair, "elections-vote-announce", vote.pk)
    vote.refresh_from_db()
    assert (vote.yes, vote.no, vote.abstain, vote.outcome) == (26, 14, 0, "adopted")
    text = _page(client, None, "elections-vote", vote.pk)
    assert "Adopted" in text and text.count('class="answer-yes"') == 26


def _roll_row(text: str, code: str) -> str:
    found = re.search(rf'<tr id="roll-{code}">(.*?)</tr>', text, re.S)
    assert found, code
    return found.group(1)


def test_the_roll_call_offers_by_proxy_only_where_a_proxy_answers(client, assembly):
    """The "by proxy" box is on the row of the one delegation that gave its proxy, and
    names the holder; the holder's row says whose proxy it holds; every other row has
    none. Names are in the reader's language. A forged "by proxy" answer for a
    delegation that gave no proxy is refused with the reason, and nothing is recorded."""
    from plenipot.elections.models import VoteCast

    meeting = assembly.meeting
    _post(
        client, assembly.chair, "elections-vote-open", meeting.pk,
        data={"question": "Shall the amendment of Kenya be adopted?", "method": "roll_call",
              "letter": "A"},
    )  # fmt: skip
    vote = Vote.objects.get()
    codes = assembly.codes()
    giver, holder, other = codes[2], codes[9], codes[15]
    names = {code: assembly.delegations[code].organisation for code in (giver, holder, other)}
    _post(
        client, assembly.secretariat, "elections-proxies",
        data={"giver": giver, "holder": holder, "notice": "Letter of 22 October"},
    )  # fmt: skip
    text = _page(client, assembly.secretariat, "elections-vote", vote.pk)
    assert text.count('name="proxy"') == 1
    assert f"by proxy: {names[holder].name} answers" in _roll_row(text, giver)
    assert 'name="proxy"' in _roll_row(text, giver)
    assert f"proxy for {names[giver].name}" in _roll_row(text, holder)
    assert 'name="proxy"' not in _roll_row(text, holder)
    assert "proxy" not in _roll_row(text, other)
    # The public reads the roll without the proxies, which are the delegations' business.
    public = _page(client, None, "elections-vote", vote.pk)
    assert "proxy for" not in public and "answers" not in _roll_row(public, giver)

    # In French, the states and the holder are named in French.
    client.force_login(assembly.secretariat)
    answer = client.get(
        reverse("elections-vote", args=[vote.pk]), HTTP_ACCEPT_LANGUAGE="fr", follow=True
    )
    french = html.unescape(answer.content.decode())
    assert answer.wsgi_request.LANGUAGE_CODE == "fr"
    assert names[holder].local_name("fr") != names[holder].name
    assert names[holder].local_name("fr") in _roll_row(french, giver)
    assert names[giver].local_name("fr") in _roll_row(french, holder)
    client.cookies.pop("django_language", None)

    # A forged "by proxy" answer for a delegation that gave none: refused, and said why.
    answer = client.post(
        reverse("elections-vote-roll-call", args=[vote.pk]),
        {"delegation": other, "choice": "yes", "proxy": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert f"{names[other].name} has given no proxy." in html.unescape(answer.content.decode())
    assert not VoteCast.objects.filter(vote=vote).exists()
    # The giver's answer without the box is refused too: its proxy answers for it.
    answer = client.post(
        reverse("elections-vote-roll-call", args=[vote.pk]),
        {"delegation": giver, "choice": "yes"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    refusal = f"{names[giver].name} gave its proxy to {names[holder].name}, which answers for it."
    assert refusal in html.unescape(answer.content.decode())
    assert not VoteCast.objects.filter(vote=vote).exists()
    # With the box, the holder's answer for the giver is recorded, by proxy.
    _post(
        client, assembly.secretariat, "elections-vote-roll-call", vote.pk,
        data={"delegation": giver, "choice": "no", "proxy": "1"},
    )  # fmt: skip
    cast = VoteCast.objects.get(vote=vote)
    assert (cast.delegation.organisation.iso3, cast.choice, cast.by_proxy) == (giver, "no", True)
    text = _page(client, assembly.secretariat, "elections-vote", vote.pk)
    assert "(by proxy)" in _roll_row(text, giver) and 'name="proxy"' not in text


def test_an_election_through_the_pages(client, assembly):
    _post(
        client, assembly.secretariat, "elections-new",
        data={"title": "Deputy Secretary-General", "kind": "single", "mode": "electronic",
              "candidature_deadline": "2014-10-21T18:00+09:00", "body": "PL"},
    )  # fmt: skip
    election = Election.objects.get()
    codes = assembly.codes()
    for name, code in (("Farah Idris", codes[30]), ("Goran Velic", codes[18])):
        _post(
            client, assembly.secretariat, "elections-candidatures", election.pk,
            data={"name": name, "nominated_by": code, "received_at": "2014-10-21T09:00+09:00"},
        )  # fmt: skip
    late = _post(
        client, assembly.secretariat, "elections-candidatures", election.pk,
        data={"name": "Hana Late", "nominated_by": codes[2], "received_at": "2014-10-21T18:01+09:00"},
    )  # fmt: skip
    assert late.status_code == 302
    text = _page(client, assembly.secretariat, "elections-candidatures", election.pk)
    assert "received after the deadline" in text and "Hana Late" not in text
    for region, user in assembly.tellers.items():
        _post(client, assembly.secretariat, "elections-tellers", election.pk,
              data={"region": region, "username": user.username})  # fmt: skip
    public = _page(client, None, "elections-election", election.pk)
    assert "Farah Idris" in public and "Goran Velic" in public
    _post(
        client,
        assembly.chair,
        "elections-round-open",
        election.pk,
        data={"meeting": assembly.meeting.pk},
    )
    round_ = Round.objects.get()
    farah, goran = (str(c.pk) for c in election.candidatures.order_by("name"))
    text = _page(client, assembly.users[codes[0]], "elections-round", round_.pk)
    assert 'id="ballot-form"' in text
    for index, code in enumerate(codes):
        marks = [farah] if index < 25 else ([goran] if index < 38 else [])
        answer = _post(
            client, assembly.users[code], "elections-ballot-cast", round_.pk, data={"marks": marks}
        )
        assert answer.status_code == 200 and b'id="receipt"' in answer.content
    # The tally is the tellers' and the chair's, once the round is closed.
    _page(client, assembly.tellers["B"], "elections-tally", round_.pk, status=302)
    _post(client, assembly.chair, "elections-round-close", round_.pk)
    _page(client, assembly.users[codes[0]], "elections-tally", round_.pk, status=403)
    text = _page(client, assembly.tellers["B"], "elections-tally", round_.pk)
    assert 'id="tally-ballots">40<' in text and "Elected" in text
    public = _page(client, None, "elections-election", election.pk)
    assert "Elected" not in public
    _post(client, assembly.chair, "elections-round-announce", round_.pk)
    public = _page(client, None, "elections-election", election.pk)
    assert 'id="elected"' in public and "Farah Idris" in public
    election.refresh_from_db()
    assert election.status == "finished" and election.elected == [farah]


def test_the_delegation_page_lists_what_is_under_way(client, assembly, api):
    code = assembly.codes()[3]
    text = _page(client, assembly.users[code], "elections-delegation")
    assert 'id="no-votes"' in text and 'id="no-rounds"' in text
    api.ok(
        assembly.chair, "post", f"/meetings/{assembly.meeting.pk}/votes",
        {"question": "Shall the meeting adjourn?", "method": "electronic"},
    )  # fmt: skip
    text = _page(client, assembly.users[code], "elections-delegation")
    assert "Shall the meeting adjourn?" in text
    # Observers and visitors have no delegation page.
    _page(client, assembly.observer, "elections-delegation", status=403)
    _page(client, None, "elections-delegation", status=302)
