"""`plenipot follow` and `plenipot follows`, under the same rules as the pages."""

from __future__ import annotations

import pytest

from plenipot.accounts.models import Follow
from plenipot.accounts.services import user_create
from plenipot.cli import main
from plenipot.conference.services import body_create
from plenipot.negotiation.services import instrument_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def watcher(conference, plenary):
    body_create(
        conference=conference, code="AHG-X", name="Closed group", kind="ad_hoc",
        parent=plenary, openness="delegations",
    )
    instrument_create(conference=conference, number="130", title="Confidence and security")
    return user_create(username="watcher", password=None, role="observer")


def test_follow_list_and_stop(watcher, capsys):
    assert main(["follow", "watcher", "body", "PL"]) == 0
    assert main(["follow", "watcher", "instrument", "130", "--conference", "PP-14"]) == 0
    capsys.readouterr()
    assert main(["follows", "watcher"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[:2] for line in out] == [["body", "PL"], ["instrument", "130"]]
    assert main(["follow", "watcher", "body", "PL", "--stop"]) == 0
    assert Follow.objects.filter(user=watcher).count() == 1


def test_refusals_are_one_line_and_write_nothing(watcher, capsys):
    assert main(["follow", "watcher", "body", "AHG-X"]) == 2
    assert "There is no such body." in capsys.readouterr().err
    assert main(["follow", "nobody", "body", "PL"]) == 2
    assert main(["follow", "watcher", "instrument", "999"]) == 2
    assert main(["follow", "watcher", "body", "PL", "--conference", "XX-1"]) == 2
    assert not Follow.objects.exists()
