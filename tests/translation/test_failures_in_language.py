"""The cross-language checks said in the reader's language: on the workspace, on the
checks page, in the Editorial Committee's gate refusal and in the API, each failure is
worded in the interface language and names its provision by its label, never its id."""

from __future__ import annotations

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from plenipot.engine.crosscheck import check_translation
from plenipot.engine.instrument import flatten, parse_instrument
from plenipot.negotiation.labels import labels_of_text
from plenipot.translation.failures import failure_detail, failure_text

ENGLISH_TEXT = """Resolution 12 (Busan, 2014)
Telecommunication statistics

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

considering
a) that 3 regions report every year,

resolves
1 to report to the Council by 31 December 2015 in Document DT/12;
2 to invite Member States to take part.
"""
FRENCH_TEXT = """Résolution 12 (Busan, 2014)
Statistiques des télécommunications

La Conférence de plénipotentiaires de l'Union internationale des télécommunications (Busan, 2014),

considérant
a) que 3 régions font rapport chaque année,

décide
1 de faire rapport au Conseil avant le 31 décembre 2015 dans le Document DT/12;
2 d'inviter les États Membres à participer.
"""

#: Words of the English messages; none may be left on a page in another language.
ENGLISH = (
    "provision",
    "differ",
    "source",
    "translation",
    "missing",
    "has no text",
    "not written",
    "script",
    "There is no",
    "not final",
    "earlier text",
)
#: What the failures of the French version below say, in each interface language.
SAID = {
    "fr": ("les nombres diffèrent de l'original", "2016 ne figure pas dans l'original", "n'a pas de texte."),
    "ar": ("تختلف الأرقام عن الأصل", "2016 غير موجود في الأصل", "لا يوجد نص"),
}


def _texts(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\u2068", "").replace("\u2069", "")


def _plain(text: str) -> str:
    return text.replace("\u2068", "").replace("\u2069", "").casefold()


def _english_left(text: str) -> list[str]:
    return [word for word in ENGLISH if word.casefold() in text.casefold()]


def _ids_left(text: str) -> list[str]:
    return re.findall(r"\b[a-z]+__[a-z0-9_]+\b", text)


@pytest.fixture(autouse=True)
def language_left_as_found():
    """A page asked for in French or Arabic leaves that language active in the thread;
    the tests after these ones read English."""
    before = translation.get_language()
    yield
    if before:
        translation.activate(before)
    else:
        translation.deactivate()


@pytest.fixture
def french_with_failures(dt, agreed, revised):
    """The DT's French version, from the French text in force: "resolves 2" carries a
    year the source lacks, the item of "invites Member States" is left empty."""
    from plenipot.translation.services import expression_fill

    english = flatten(parse_instrument(revised))
    french = {eid: s["text"] for eid, s in agreed.expressions.get(language="fr").segments.items()}
    french["number"] = "Résolution 179 (Rév. Busan, 2014)"
    french["formula"] = french["formula"].replace("Guadalajara, 2010", "Busan, 2014")
    french["resolves__para_2"] = "de faire rapport chaque année en 2016 au Conseil sur les résultats de l'initiative,"
    french["invites_member_states__para_1"] = ""
    assert set(french) == {u.eid for u in english}
    expression = dt.expressions.get(language="fr")
    expression_fill(expression=expression, texts=french, status="in_translation", origin="human")
    return expression


@pytest.fixture
def chair(db):
    from plenipot.accounts.services import user_create

    return user_create(username="chair-ed", password=None, role="chair")


def _page(client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    return page


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_workspace_shows_each_failure_in_the_readers_language(client, translator, french_with_failures, language):
    client.force_login(translator)
    page = _page(client, reverse("translation-workspace", args=[french_with_failures.pk]), language)
    items = [_texts(li) for ul in re.findall(r'<ul class="ws-failures">(.*?)</ul>', page, re.S) for li in re.findall(r"<li>(.*?)</li>", ul, re.S)]
    said = " ".join(items)
    assert len(items) == 2, items
    for words in SAID[language]:
        assert words in said, (words, items)
    assert "resolves 2" in said and "invites Member States 1" in said  # the labels, in the text's words
    assert _english_left(said.replace("invites Member States", "")) == []
    assert _ids_left(said) == []


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_checks_page_shows_each_failure_in_the_readers_language(client, chair, french_with_failures, language):
    client.force_login(chair)
    page = _page(client, reverse("translation-checks", args=[french_with_failures.source_id]), language)
    rows = re.findall(r'<tr class="check-(?:failing|waived)">(.*?)</tr>', page, re.S)
    cells = [[_texts(td) for td in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in rows]
    french = [row for row in cells if row[0] == ("Français" if language == "fr" else "الفرنسية")]
    assert {row[1] for row in french} == {"resolves 2", "invites Member States 1", "—"}, french
    said = " ".join(row[3] for row in cells).casefold()
    for words in SAID[language]:
        assert words.casefold() in said, (words, said)
    assert _english_left(said.replace("invites Member States", "")) == []
    assert _ids_left(_texts(page)) == []
    # The check and the language are named in the reader's language too.
    check_names = {row[2] for row in cells}
    assert check_names.isdisjoint({"numbers", "missing", "status"}), check_names


def test_the_source_page_words_the_failures_in_french(client, translator, french_with_failures):
    client.force_login(translator)
    page = _page(client, reverse("translation-source", args=[french_with_failures.source_id]), "fr")
    failures = _texts(re.search(r'<ul class="check-failures">(.*?)</ul>', page, re.S).group(1))
    assert "resolves 2 : les nombres diffèrent de l'original (2016 ne figure pas dans l'original)" in failures
    assert "Cette version linguistique n'est pas définitive (En attente)." in failures or "n'est pas définitive" in failures
    assert _english_left(failures.replace("invites Member States", "")) == []
    assert _ids_left(failures) == []


def test_the_gate_refuses_in_french_naming_provisions_by_label(conference, instrument, agreed):
    """The Editorial Committee's refusal to issue a blue document, said in French."""
    from plenipot.accounts.services import user_create
    from plenipot.tracker.models import TextPath
    from plenipot.tracker.services import path_advance, path_start
    from plenipot.translation.services import expression_fill

    french = agreed.expressions.get(language="fr")
    texts = {eid: segment["text"] for eid, segment in french.segments.items()}
    texts["resolves__para_1"] = texts["resolves__para_1"] + " en 2015"
    expression_fill(expression=french, texts=texts, status="final", origin="human")
    path = path_start(instrument=instrument)
    TextPath.objects.filter(pk=path.pk).update(stage="editorial")
    path.refresh_from_db()
    secretariat = user_create(username="sec", password=None, role="secretariat")
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        path_advance(path=path, to_stage="first_reading", moved_by=secretariat)
    said = refused.value.messages
    assert "Résolution 179 (Français): resolves 1 : les nombres diffèrent de l'original (2015 ne figure pas dans l'original)" in said, said
    assert any("Cette version linguistique n'est pas définitive (En attente)" in line for line in said), said
    assert not any(_ids_left(line) or _english_left(line.replace("resolves", "")) for line in said), said
    path.refresh_from_db()
    assert path.stage == "editorial"  # nothing half-done


def test_the_api_gives_code_params_english_message_and_a_detail_in_the_callers_language(client, translator, french_with_failures):
    client.force_login(translator)
    url = f"/api/v1/translation/texts/{french_with_failures.source_id}"
    answer = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()
    [numbers] = [f for f in answer["failures"] if f["code"] == "numbers_differ"]
    assert numbers["params"] == {"eid": "resolves__para_2", "missing": [], "added": ["2016"]}
    assert numbers["provision"] == "resolves__para_2"
    assert numbers["message"] == "provision resolves__para_2: numbers differ from the source (not in the source 2016)"
    assert numbers["detail"] == "resolves 2 : les nombres diffèrent de l'original (2016 ne figure pas dans l'original)"


_CHANGE = st.sampled_from(["", " 7", " 2015", " [x]", " DT/9", " Привет мир", " 第二"])


@given(st.lists(st.tuples(st.integers(0, 20), _CHANGE), min_size=1, max_size=6), st.sampled_from(["fr", "ar", "zh_Hans", "es", "ru"]))
@settings(max_examples=60, deadline=None)
def test_a_failure_is_named_by_its_label_in_every_language(changes, language):
    """Whatever fails, in any interface language the sentence names the provision by its
    label and never by its id, and says none of the English message."""
    labels = labels_of_text(ENGLISH_TEXT)
    units = flatten(parse_instrument(ENGLISH_TEXT))
    source = {u.eid: u.text for u in units}
    french = dict(zip(source, (u.text for u in flatten(parse_instrument(FRENCH_TEXT))), strict=True))
    assert check_translation(source, french, language="fr") == []
    for n, change in changes:
        eid = units[n % len(units)].eid
        french[eid] = french[eid] + change if change else ""
    with translation.override(language):
        for failure in check_translation(source, french, language="fr"):
            said = failure_text(failure, labels)
            assert _plain(labels.text(failure.eid)) in _plain(said)
            assert failure.eid not in said or failure.eid in labels.text(failure.eid)
            assert "differ" not in said and "provision" not in said and "the source" not in said
            assert failure_detail(failure, labels)
