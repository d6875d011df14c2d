"""Names in the conference's languages from the set-up file: `names`, `city_names`,
`country_names` and `titles` beside the given name, shown to a reader of that language,
and refused with their line when a language is not the conference's."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from plenipot.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "conference"

pytestmark = pytest.mark.django_db




def _run(capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["setup", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_examples_french_names_are_stored_and_shown_to_a_french_reader(example, capsys, client):
    from plenipot.conference.models import Body, Conference
    from plenipot.negotiation.models import Instrument

    code, _, err = _run(capsys, example)
    assert code == 0, err
    conference = Conference.objects.get(short_name="RPM-27")
    assert conference.names == {
        "fr": "Réunion préparatoire régionale pour la Conférence de plénipotentiaires"
    }
    assert conference.country_names == {"fr": "Sénégal"} and conference.city_names is None
    com5 = Body.objects.get(conference=conference, code="COM5")
    assert com5.names == {"fr": "Commission 5 – Politique et questions juridiques"}
    r101 = Instrument.objects.get(conference=conference, number="101")
    assert r101.titles == {"fr": "Réseaux fondés sur le protocole Internet"}

    client.cookies["django_language"] = "fr"
    html = client.get(reverse("body-detail", args=["COM5"])).content.decode()
    assert "Commission 5 – Politique et questions juridiques" in html
    assert "<bdi>PL</bdi></a> <bdi>Plénière</bdi>" in html  # created by the Plenary
    client.cookies["django_language"] = "en"
    html = client.get(reverse("body-detail", args=["COM5"])).content.decode()
    assert "Committee 5 – Policy and Legal Matters" in html

    # A second run changes nothing; a changed name is a change.
    code, again, err = _run(capsys, example)
    assert code == 0 and again.strip().startswith("Nothing to change"), again + err
    text = example.read_text(encoding="utf-8").replace(
        'names = { fr = "Plénière" }', 'names = { fr = "Séance plénière" }'
    )
    example.write_text(text, encoding="utf-8")
    code, out, err = _run(capsys, example)
    assert code == 0, err
    assert "Body PL: changed name in other languages." in out
    assert Body.objects.get(conference=conference, code="PL").names == {"fr": "Séance plénière"}


def test_a_name_in_a_language_the_conference_does_not_use_is_refused_with_its_line(
    example, capsys
):
    from plenipot.conference.models import Conference

    text = example.read_text(encoding="utf-8")
    text = text.replace(
        'names = { fr = "Commission de direction" }',
        'names = { fr = "Commission de direction", ar = "لجنة التوجيه" }',
    ).replace('name = "Salle Saloum"', 'name = "Salle Saloum"\nnames = "Saloum"')
    example.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    arabic = next(i for i, line in enumerate(lines, 1) if "لجنة التوجيه" in line)
    saloum = lines.index('names = "Saloum"') + 1

    code, _, err = _run(capsys, example)
    assert code == 2, err
    assert (
        f"conference.toml, line {arabic}: bodies.names: ar is not one of the conference's "
        "languages (fr, en)." in err
    ), err
    assert f"conference.toml, line {saloum}: rooms.names must be a table of language codes" in err
    assert not Conference.objects.filter(short_name="RPM-27").exists()


def test_an_akoma_ntoso_text_in_french_gives_its_french_title(example, capsys):
    """An AKN file states its language: its title is the title in that language."""
    from plenipot.negotiation.models import Instrument

    folder = example.parent
    xml = (folder / "texts" / "resolution-130.xml").read_text(encoding="utf-8")
    assert 'language="eng"' in xml
    (folder / "texts" / "resolution-130-fr.xml").write_text(
        xml.replace('language="eng"', 'language="fra"'), encoding="utf-8"
    )
    text = example.read_text(encoding="utf-8").replace(
        'file = "texts/resolution-130.xml"',
        'file = "texts/resolution-130-fr.xml"\ntitle = "Strengthening the role of ITU"',
    )
    example.write_text(text, encoding="utf-8")
    code, _, err = _run(capsys, example)
    assert code == 0, err
    r130 = Instrument.objects.get(number="130")
    assert r130.title == "Strengthening the role of ITU"
    assert set(r130.titles) == {"fr"} and r130.titles["fr"].startswith("Strengthening the role")
