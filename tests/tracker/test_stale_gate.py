"""The Editorial Committee's gate refuses language versions made from an earlier text."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from plenipot.documents.services import document_create_temporary
from plenipot.tracker.models import PathEvent, TextPath
from plenipot.tracker.selectors import issue_gate_failures
from plenipot.tracker.services import path_advance

OLD = "1 to seek closer cooperation between ITU and other organizations;"
NEW = "1 to seek closer cooperation and coordination between ITU and other organizations;"
LANGUAGE_NAMES = ("Arabic", "Chinese", "French", "Russian", "Spanish")


def _at(day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2014, 10, day, hour, tzinfo=datetime.UTC)


def _with_dt(world, path, text: str, *, parent=None):
    """The path at the Editorial Committee with a DT carrying `text` as its current text."""
    dt = document_create_temporary(
        body=world["com5"], title="DT", author_user=None, text=text, parent=parent,
        instrument=world["resolution"],
    )
    PathEvent.objects.create(path=path, from_stage="ad_hoc", to_stage="dt", at=_at(24), document=dt)
    TextPath.objects.filter(pk=path.pk).update(stage="editorial", current_text=text)
    path.refresh_from_db()
    return dt


@pytest.fixture
def path(world):
    from plenipot.tracker.services import path_start

    return path_start(instrument=world["resolution"], at=_at(20, 8))


def _stale_sentences(provision="resolves 1"):
    return [
        f"Resolution 101, {name} version: {provision} was translated from an earlier text."
        for name in LANGUAGE_NAMES
    ]


def test_versions_of_the_text_in_force_do_not_pass_for_a_changed_dt(world, path, six_languages):
    six_languages(world["resolution"])
    _with_dt(world, path, world["resolution"].text.replace(OLD, NEW))
    assert issue_gate_failures(path=path) == _stale_sentences()
    with pytest.raises(ValidationError, match="was translated from an earlier text"):
        path_advance(path=path, to_stage="first_reading", moved_by=world["secretariat"])
    # Nothing half-written: no blue document, no move.
    assert not world["conference"].documents.filter(series="B").exists()
    path.refresh_from_db()
    assert path.stage == "editorial"


def test_added_and_deleted_provisions_are_named_too(world, path, six_languages):
    six_languages(world["resolution"])
    text = world["resolution"].text.replace(
        "b) that their growth raises questions of cost,\n",
        "b) that their growth raises questions of cost;\nc) that security matters,\n",
    ).replace("2 that ITU shall make full use of IP-based networks,\n", "")
    text = text.replace(OLD, OLD[:-1] + ",")
    _with_dt(world, path, text)
    failures = issue_gate_failures(path=path)
    french = [f for f in failures if "French" in f]
    assert french == [
        "Resolution 101, French version: considering b) was translated from an earlier text.",
        "Resolution 101, French version: considering c) was added to the text after this version was made.",
        "Resolution 101, French version: resolves 1 was translated from an earlier text.",
        "Resolution 101, French version: resolves 2 was deleted from the text after this version was made.",
    ]
    assert len(failures) == 4 * 5


def test_translators_bring_the_changed_provision_in_line(world, path, six_languages):
    """The DT is sent for translation: the unchanged provisions come from the text in
    force, the changed one is offered as a fuzzy match to revise; once a translator has
    saved it and the versions are final, the gate lets the text through."""
    from plenipot.translation import selectors, services
    from plenipot.translation.models import Expression

    six_languages(world["resolution"])
    dt = _with_dt(world, path, world["resolution"].text.replace(OLD, NEW))
    source = services.source_text_for_document(document=dt)
    failures = issue_gate_failures(path=path)
    assert not any("earlier text" in failure for failure in failures)
    assert "Resolution 101, French version: This language version is not final (Pre-translated)." in failures
    translator = get_user_model().objects.create_user(username="tr", password="x", role="translator")
    words = {"ar": "ترجمة", "zh": "译文", "fr": "traduction", "ru": "перевод", "es": "traducción"}
    for expression in source.expressions.all():
        segment = expression.segments.get("resolves__para_1") or {"revision": 0}
        assert segment.get("origin") != "in_force"
        assert expression.segments["resolves__para_2"]["origin"] == "in_force"
        services.expression_segment_save(
            expression=expression,
            user=translator,
            eid="resolves__para_1",
            text=words[expression.language],
            revision=segment["revision"],
        )
        for _step in range(2):  # in translation → in revision → final
            expression = services.expression_advance(expression=expression, user=translator)
        assert expression.status == Expression.Status.FINAL
    assert selectors.stale_failures(dt, path.current_text) == []
    assert issue_gate_failures(path=path) == []
    path_advance(path=path, to_stage="first_reading", moved_by=world["secretariat"])
    path.refresh_from_db()
    assert path.stage == "first_reading"


def test_a_dt_revision_makes_the_versions_of_the_dt_stale(world, path, six_languages):
    dt = _with_dt(world, path, world["resolution"].text)
    six_languages(dt)
    assert issue_gate_failures(path=path) == []
    TextPath.objects.filter(pk=path.pk).update(
        current_text=world["resolution"].text.replace(OLD, NEW)
    )
    path.refresh_from_db()
    assert issue_gate_failures(path=path) == _stale_sentences()


def test_a_chair_may_waive_a_stale_provision(world, path, six_languages, client):
    from plenipot.translation.services import check_waive

    source = six_languages(world["resolution"])
    _with_dt(world, path, world["resolution"].text.replace(OLD, NEW))
    # The checks page lists the stale provisions, so that a chair can waive them there.
    client.force_login(world["secretariat"])
    page = client.get(f"/translation/texts/{source.pk}/checks/").content.decode()
    assert page.count("was translated from an earlier text") == 5
    answer = client.get(f"/api/v1/translation/texts/{source.pk}").json()
    assert not answer["ready"]
    assert {(f["check"], f["language"], f["provision"]) for f in answer["failures"]} == {
        ("stale", language, "resolves__para_1") for language in ("ar", "zh", "fr", "ru", "es")
    }
    for language in ("ar", "zh", "fr", "ru"):
        check_waive(
            source=source,
            user=world["chair"],
            check="stale",
            language=language,
            eid="resolves__para_1",
            reason="An editorial change that leaves the translations correct.",
        )
    assert issue_gate_failures(path=path) == [_stale_sentences()[-1]]
    response = client.post(
        f"/translation/texts/{source.pk}/checks/",
        {
            "check": "stale",
            "language": "es",
            "eid": "resolves__para_1",
            "reason": "The Spanish text already reads so.",
        },
    )
    assert response.status_code == 302
    assert issue_gate_failures(path=path) == []
    assert client.get(f"/api/v1/translation/texts/{source.pk}").json()["ready"]
    path_advance(path=path, to_stage="first_reading", moved_by=world["secretariat"])
    path.refresh_from_db()
    assert path.stage == "first_reading"


def test_the_tracker_page_names_the_stale_provisions_and_the_dt_to_translate(
    world, path, six_languages, client
):
    six_languages(world["resolution"])
    dt = _with_dt(world, path, world["resolution"].text.replace(OLD, NEW))
    client.force_login(world["secretariat"])
    page = client.get("/tracker/resolution/101/").content.decode()
    assert "French version: resolves 1 was translated from an earlier text" in page
    assert "resolves__para_1" not in re.sub(r"<[^>]*>", "", page), "the provision is named, not its id"
    assert 'class="gate-to-translate"' in page and f'href="/documents/{dt.pk}/"' in page
    # Once the DT is sent for translation, the page points at its versions instead.
    from plenipot.translation.services import source_text_for_document

    source = source_text_for_document(document=dt)
    page = client.get("/tracker/resolution/101/").content.decode()
    assert "was translated from an earlier text" not in page
    assert 'class="gate-to-translate"' not in page
    assert f"/translation/texts/{source.pk}/" in page
