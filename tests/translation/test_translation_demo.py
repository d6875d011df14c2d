"""The demo in six languages: three resolutions final in all six, a DT pre-translated,
and a translator who can take its French version from pending to final."""

from __future__ import annotations

import pytest

from plenipot.demo.loader import DemoDataError, demo_load
from plenipot.translation import selectors
from plenipot.translation.models import Expression, SourceText


@pytest.fixture
def demo(db):
    return demo_load().conference


def test_three_resolutions_stand_in_six_languages(demo):
    from plenipot.negotiation.models import Instrument

    for number in ("136", "139", "179"):
        instrument = Instrument.objects.get(conference=demo, number=number)
        assert selectors.expressions_check(instrument_or_document=instrument) == []
    arabic = SourceText.objects.get(instrument__number="179").expressions.get(language="ar")
    assert arabic.segments["instructs_the_secretary_general"]["text"] == "يكلف الأمين العام"


def test_the_dt_waits_with_its_pretranslation_done(demo):
    source = SourceText.objects.get(
        document__isnull=False, conference=demo, expressions__assignments__isnull=False
    )
    assert source.document.number.startswith("DT/")
    french = source.expressions.get(language="fr")
    assert french.status == Expression.Status.PRE_TRANSLATED
    origins = {eid: segment["origin"] for eid, segment in french.segments.items()}
    assert origins["considering__a"] == "in_force"
    assert origins["instructs_the_secretary_general__para_2"] == "fuzzy"
    assert french.assignments.get().user.username == "translator"
    # The gate refuses the DT: no language is final yet.
    failures = selectors.expressions_check(instrument_or_document=source.document)
    assert {f.language for f in failures} == {"ar", "zh", "fr", "ru", "es"}


def test_the_demo_translator_takes_the_dt_to_final_in_french(demo, client):
    from plenipot.accounts.models import User

    translator = User.objects.get(username="translator")
    source = SourceText.objects.get(
        document__isnull=False, conference=demo, expressions__assignments__isnull=False
    )
    french = source.expressions.get(language="fr")
    client.force_login(translator)
    page = client.get(f"/translation/{french.pk}/")
    assert page.status_code == 200
    texts = {
        "number": "Résolution 179 (Rév. Busan, 2014)",
        "formula": "La Conférence de plénipotentiaires de l'Union internationale des télécommunications (Busan, 2014),",
        "considering__b": "que les enfants en ligne peuvent être exposés à des contenus et à des comportements préjudiciables;",
        "considering__c": "que les enfants handicapés appellent une attention particulière à cet égard,",
        "instructs_the_secretary_general__para_2": "de faire rapport chaque année au Conseil sur les résultats de l'initiative,",
        "instructs_the_director_of_the_telecommunication_development_bureau__para_1": "d'aider les États Membres, en particulier les pays en développement, à élaborer des stratégies nationales de protection en ligne des enfants;",
    }
    for eid, segment in french.segments.items():
        if segment["origin"] in ("fuzzy", "none") and eid not in texts:
            pytest.fail(f"{eid} would need a translation: {segment}")
    for eid, text in texts.items():
        revision = (french.segments.get(eid) or {}).get("revision", 0)
        answer = client.post(f"/translation/{french.pk}/segments/{eid}/", {"text": text, "revision": revision})
        assert answer.status_code == 200, answer.content
        assert answer.json()["failures"] == []
    for _ in range(3):
        client.post(f"/translation/{french.pk}/advance/")
    french.refresh_from_db()
    assert french.status == Expression.Status.FINAL
    failures = selectors.expressions_check(instrument_or_document=source.document)
    assert "fr" not in {f.language for f in failures}


def test_a_translation_that_does_not_align_stops_the_load(db, tmp_path):
    import shutil

    from plenipot.demo.loader import DATA_DIR

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "translations" / "179.fr.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("b) les travaux menés par d'autres organisations pour la protection des enfants,\n", ""), encoding="utf-8")
    with pytest.raises(DemoDataError, match="179.fr.txt.*recognizing__b"):
        demo_load(data_dir=data)
