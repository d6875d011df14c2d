"""`plenipot setup FILE.toml`: a conference from its set-up file, created or updated, a
second run changing nothing, a bad file refused with its lines and nothing written."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from plenipot.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "conference"

pytestmark = pytest.mark.django_db




def _run(capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["setup", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_example_sets_up_a_two_language_conference_and_a_second_run_changes_nothing(
    example, capsys
):
    from plenipot.accounts.models import User
    from plenipot.conference.models import Body, Conference, Delegation, Organisation
    from plenipot.documents.selectors import submission_deadline
    from plenipot.negotiation.models import Instrument
    from plenipot.planning.models import Room

    code, out, err = _run(capsys, example, "--base-url", "https://rpm.example.org")
    assert code == 0, err
    conference = Conference.objects.get(short_name="RPM-27")
    assert conference.language_codes == ("en", "fr")
    assert conference.time_zone == "Africa/Dakar"
    assert Organisation.objects.filter(kind="member_state").count() == 193
    assert Organisation.objects.get(symbol="AFCP").members.filter(iso3="SEN").exists()
    assert Delegation.objects.filter(conference=conference).count() == 9
    com5 = Body.objects.get(conference=conference, code="COM5")
    assert com5.chair.user.username == "chair.com5" and com5.parent.code == "PL"
    assert Body.objects.get(code="COM5-AHG-130").kind == "ad_hoc"
    assert list(Room.objects.filter(conference=conference).values_list("name", "capacity")) == [
        ("Salle Gorée", 400),
        ("Salle Saloum", 60),
    ]
    # Resolution 130 comes from Akoma Ntoso, with its provision ids.
    r130 = Instrument.objects.get(conference=conference, number="130")
    assert r130.title.startswith("Strengthening the role of ITU")
    assert "resolves__para_2__point_a" not in r130.text  # the text, not the ids, is stored
    deadline = submission_deadline(conference=conference)
    assert deadline.date() == datetime.date(2027, 2, 15)
    # Every new account gets a link to set its password, and no password.
    egypt = User.objects.get(username="delegate.egy")
    assert not egypt.has_usable_password()
    assert egypt.person.given_name == "ليلى" and egypt.person.delegation.organisation.iso3 == "EGY"
    assert "https://rpm.example.org/accounts/reset/" in out
    assert out.count("/accounts/reset/") == 9

    code, again, err = _run(capsys, example)
    assert code == 0, err
    assert again.strip() == "Nothing to change: RPM-27 is as conference.toml says."
    assert "/accounts/reset/" not in again


def test_a_changed_file_changes_only_what_differs(example, capsys):
    from plenipot.planning.models import Room

    assert _run(capsys, example)[0] == 0
    text = example.read_text(encoding="utf-8")
    example.write_text(
        text.replace("capacity = 60", "capacity = 80").replace(
            'name = "Committee 5 – Policy and Legal Matters"',
            'name = "Комитет 5 – политические и правовые вопросы"',
        ),
        encoding="utf-8",
    )
    code, out, err = _run(capsys, example)
    assert code == 0, err
    assert out.splitlines() == ["Body COM5: changed name.", "Room Salle Saloum: changed seats."]
    assert Room.objects.get(name="Salle Saloum").capacity == 80


def test_a_malformed_file_is_refused_with_its_lines_and_nothing_is_written(example, capsys):
    from plenipot.conference.models import Conference, Organisation

    text = example.read_text(encoding="utf-8")
    text = text.replace('languages = ["fr", "en"]', 'languages = ["fr", "de"]')
    text = text.replace("capacity = 60", "capacity = 0")
    text = text.replace('city = "Dakar"', 'city = "Dakar"\ncolour = "blue"')
    example.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    code, out, err = _run(capsys, example)
    assert code == 2 and out == ""
    assert err.startswith("plenipot: error: conference.toml is refused; nothing was written.")
    expected = {
        lines.index('languages = ["fr", "de"]') + 1: "de is not an official language",
        lines.index("capacity = 0") + 1: "capacity must be a number of seats",
        lines.index('colour = "blue"') + 1: "Unknown key conference.colour",
    }
    for line, words in expected.items():
        assert f"conference.toml, line {line}: {words}" in err, err
    assert not Conference.objects.exists()
    assert not Organisation.objects.exists()


def test_a_toml_syntax_error_names_its_line(example, capsys):
    example.write_text('[conference]\nname = "Совещание\n', encoding="utf-8")
    code, _out, err = _run(capsys, example)
    assert code == 2
    assert "conference.toml, line 2: not valid TOML" in err


def test_a_refusal_found_while_writing_leaves_nothing_written(example, capsys):
    """An unknown chair is found only when the bodies are written, after the conference,
    its delegations and accounts: the one transaction takes all of them back."""
    from plenipot.accounts.models import User
    from plenipot.conference.models import Conference

    text = example.read_text(encoding="utf-8").replace('chair = "chair.com4"', 'chair = "张伟"')
    example.write_text(text, encoding="utf-8")
    code, _out, err = _run(capsys, example)
    assert code == 2
    line = text.splitlines().index('chair = "张伟"') + 1
    assert f"conference.toml, line {line}: The chair 张伟 is not an account" in err
    assert not Conference.objects.exists() and not User.objects.exists()


def test_the_accounts_file_is_checked_line_by_line(example, capsys):
    accounts = example.parent / "accounts.csv"
    rows = accounts.read_text(encoding="utf-8").splitlines()
    rows.append("zhang.wei,zhang@example.org,delegate,XYZ,,伟,张,")
    rows.append("li.na,li@example.org,chairman,CHN,,娜,李,")
    accounts.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, _out, err = _run(capsys, example)
    assert code == 2
    assert f"accounts.csv, line {len(rows) - 1}: XYZ is not one of the conference's Member States." in err
    assert f"accounts.csv, line {len(rows)}: chairman is not a role" in err


def test_a_list_of_member_states_and_one_language(tmp_path, capsys):
    """A meeting of a few states in Russian only: nothing to translate, so the Editorial
    Committee's gate does not wait for translations."""
    from plenipot.conference.models import Conference, Organisation
    from plenipot.negotiation.models import Instrument
    from plenipot.translation.selectors import text_failures

    (tmp_path / "r1.txt").write_text(
        (EXAMPLE.parent / "resolution-101.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    path = tmp_path / "rcc.toml"
    path.write_text(
        """member_states = ["RUS", "KAZ", "ARM"]
delegations = "all"

[conference]
name = "Совещание РСС"
short_name = "RCC-27"
city = "Алматы"
country = "Казахстан"
start = 2027-06-01
end = 2027-06-02
languages = ["ru"]

[[bodies]]
code = "PL"
name = "Пленарное заседание"

[[instruments]]
number = "101"
file = "r1.txt"
""",
        encoding="utf-8",
    )
    code, _out, err = _run(capsys, path)
    assert code == 0, err
    conference = Conference.objects.get(short_name="RCC-27")
    assert conference.language_codes == ("ru",)
    assert sorted(Organisation.objects.values_list("iso3", flat=True)) == ["ARM", "KAZ", "RUS"]
    assert conference.delegations.count() == 3
    assert text_failures(Instrument.objects.get(conference=conference)) == []


def test_check_reads_without_writing(example, capsys):
    from plenipot.conference.models import Conference

    code, out, err = _run(capsys, example, "--check")
    assert code == 0, err
    assert out.strip() == "conference.toml is valid: RPM-27."
    assert not Conference.objects.exists()
