"""The demo's elections: a Secretary-General elected in the third round, the Council's
48 seats filled region by region after a tie, a round still open, and proxies; every
count the engine's, recounted here from the boxes."""

from __future__ import annotations

import pytest

from plenipot.elections.models import BallotBox, Election, Participation, Proxy, Round
from plenipot.elections.selectors import engine_election, round_papers
from plenipot.engine import elections as counting

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from plenipot.demo.loader import demo_load

    return demo_load()


def test_the_demo_holds_finished_elections_and_proxies(demo):
    sg = Election.objects.get(title="Secretary-General")
    assert sg.status == "finished"
    rounds = list(sg.rounds.order_by("number"))
    assert [r.number for r in rounds] == [1, 2, 3]
    assert all(r.status == "announced" for r in rounds)
    elected = sg.candidatures.get(pk=int(sg.elected[0]))
    assert elected.name == "Aïcha Rahmani" and elected.nominated_by.iso3 == "MAR"
    # Some 160 delegations voted in each round; the count is the engine's.
    recount = counting.count_election(engine_election(sg), [round_papers(r) for r in rounds])
    assert recount.elected == tuple(sg.elected)
    for result, round_ in zip(recount.rounds, rounds, strict=True):
        assert 150 <= result.ballots <= 170
        assert result.ballots == Participation.objects.filter(round=round_).count()
        assert round_.result["votes"] == dict(result.votes)

    council = Election.objects.get(title="Member States of the Council")
    assert council.status == "finished" and len(council.elected) == 48
    by_region = {}
    for candidature in council.candidatures.filter(pk__in=[int(k) for k in council.elected]):
        by_region[candidature.region] = by_region.get(candidature.region, 0) + 1
    assert by_region == {"A": 9, "B": 8, "C": 5, "D": 13, "E": 13}
    second = council.rounds.get(number=2)
    assert len(second.standing) == 2  # the tie for region C's last seat

    open_round = Round.objects.get(status="open")
    assert open_round.election.title == "Director, Telecommunication Development Bureau"
    assert 0 < len(BallotBox.objects.get(round=open_round).papers) < 100
    assert Proxy.objects.filter(withdrawn_at__isnull=True).count() == 3
    # A proxy's holder cast the giver's ballot in every finished round.
    for round_ in rounds:
        assert Participation.objects.filter(round=round_, by_proxy=True).count() == 3


def test_the_elected_are_listed_with_their_state_in_the_reader_s_language(demo, client):
    sg = Election.objects.get(title="Secretary-General")
    client.cookies["django_language"] = "ar"
    page = client.get(f"/elections/{sg.pk}/").content.decode()
    client.cookies["django_language"] = "en"
    elected = page[page.index('id="elected"') :]
    elected = elected[: elected.index("</section>")]
    assert "<bdi>Aïcha Rahmani</bdi>" in elected
    assert "المغرب" in elected and "Morocco" not in elected
