"""The translation workflow: pre-translation, optimistic saving, checks, the gate."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from plenipot.translation import selectors, services
from plenipot.translation.models import Expression, MemorySegment


def test_a_source_text_has_a_pending_version_in_each_other_language(dt):
    assert sorted(dt.expressions.values_list("language", flat=True)) == ["ar", "es", "fr", "ru", "zh"]
    assert set(dt.expressions.values_list("status", flat=True)) == {"pending"}


def test_a_text_that_does_not_parse_is_refused(conference):
    from plenipot.engine.instrument import ParseError
    from plenipot.negotiation.models import Instrument

    instrument = Instrument.objects.create(conference=conference, number="1", title="t", text="x")
    with pytest.raises(ParseError):
        services.source_text_create(conference=conference, instrument=instrument, text="only a line")


def test_pretranslation_fills_unchanged_provisions_from_the_text_in_force(dt, translator):
    french = dt.expressions.get(language="fr")
    counts = services.expression_pretranslate(expression=french)
    french.refresh_from_db()
    assert french.status == "pre_translated"
    segments = french.segments
    assert segments["considering__a"]["origin"] == "in_force"
    assert segments["considering__a"]["text"].startswith("que les enfants")
    # The changed provision gets its fuzzy match, to be revised.
    assert segments["resolves__para_2"]["origin"] == "fuzzy"
    assert segments["resolves__para_2"]["text"].startswith("de faire rapport au Conseil")
    # The number line changed (Rev. Busan), so it is not taken from the text in force.
    assert segments.get("number", {}).get("origin") != "in_force"
    assert counts["in_force"] >= 5 and counts["fuzzy"] >= 1


def test_pretranslation_is_refused_to_a_delegate(dt, delegate):
    from plenipot.accounts.roles import actor_for
    from plenipot.core.errors import Forbidden
    from plenipot.translation.actions import check_expression_pretranslate

    french = dt.expressions.get(language="fr")
    with pytest.raises(Forbidden):
        check_expression_pretranslate(actor_for(delegate), expression_id=french.pk)
    french.refresh_from_db()
    assert french.status == "pending" and french.segments == {}


def test_a_stale_save_is_refused_with_the_current_text(dt, translator):
    french = dt.expressions.get(language="fr")
    services.expression_pretranslate(expression=french)
    french.refresh_from_db()
    revision = french.segments["resolves__para_2"]["revision"]
    result = services.expression_segment_save(
        expression=french, user=translator, eid="resolves__para_2",
        text="de faire rapport chaque année au Conseil sur les résultats de l'initiative,", revision=revision,
    )
    assert result.revision == revision + 1 and result.failures == []
    with pytest.raises(services.StaleSegment) as stale:
        services.expression_segment_save(
            expression=french, user=translator, eid="resolves__para_2", text="autre chose", revision=revision
        )
    assert stale.value.text.startswith("de faire rapport chaque année")
    french.refresh_from_db()
    assert french.segments["resolves__para_2"]["text"].startswith("de faire rapport chaque année")
    assert french.status == "in_translation"


def test_a_save_reports_the_checks_for_that_provision(dt, translator):
    french = dt.expressions.get(language="fr")
    result = services.expression_segment_save(
        expression=french, user=translator, eid="resolves__para_2",
        text="de faire rapport au Conseil sur les résultats,", revision=0,
    )
    assert result.failures == []
    result = services.expression_segment_save(
        expression=french, user=translator, eid="number", text="Résolution 197 (Rév. Busan, 2014)", revision=0
    )
    assert [f.check for f in result.failures] == ["numbers"]


REVISED_FR = {
    "number": "Résolution 179 (Rév. Busan, 2014)",
    "formula": "La Conférence de plénipotentiaires de l'Union internationale des télécommunications (Busan, 2014),",
    "resolves__para_2": "de faire rapport chaque année au Conseil sur les résultats de l'initiative,",
}


def _take_to_revision(expression, user):
    services.expression_pretranslate(expression=expression)
    expression.refresh_from_db()
    for eid, text in REVISED_FR.items():
        services.expression_segment_save(
            expression=expression, user=user, eid=eid, text=text,
            revision=expression.segments.get(eid, {}).get("revision", 0),
        )
        expression.refresh_from_db()
    while expression.status != "in_revision":
        expression = services.expression_advance(expression=expression, user=user)
    return expression


def test_a_translator_takes_a_dt_from_pending_to_final(dt, translator):
    french = dt.expressions.get(language="fr")
    assert french.status == "pending"
    french = _take_to_revision(french, translator)
    before = MemorySegment.objects.filter(target_language="fr").count()
    french = services.expression_advance(expression=french, user=translator)
    assert french.status == "final"
    assert MemorySegment.objects.filter(target_language="fr").count() > before
    with pytest.raises(ValidationError):
        services.expression_advance(expression=french, user=translator)


def test_final_is_refused_while_a_fuzzy_match_is_unrevised(dt, translator):
    french = dt.expressions.get(language="fr")
    services.expression_pretranslate(expression=french)
    french.status = "in_revision"
    french.save()
    with pytest.raises(ValidationError, match="resolves 2") as refused:
        services.expression_advance(expression=french, user=translator)
    assert "resolves__para_2" not in str(refused.value), "provisions named by label, not id"


def test_final_is_refused_when_a_bracket_is_dropped(conference, translator):
    from plenipot.negotiation.models import Instrument

    text = "Resolution 1 (Busan, 2014)\nT\n\nThe Conference (Busan, 2014),\n\nresolves\n1 to [BASE: act | EUR: decide] now.\n"
    instrument = Instrument.objects.create(conference=conference, number="1", title="T", text=text)
    source = services.source_text_create(conference=conference, instrument=instrument, text=text)
    french = source.expressions.get(language="fr")
    for eid, target in {
        "number": "Résolution 1 (Busan, 2014)", "title": "T", "formula": "La Conférence (Busan, 2014),",
        "resolves": "décide", "resolves__para_1": "d'agir maintenant.",
    }.items():
        services.expression_segment_save(expression=french, user=translator, eid=eid, text=target, revision=0)
    french.refresh_from_db()
    french.status = "in_revision"
    french.save()
    with pytest.raises(ValidationError) as refused:
        services.expression_advance(expression=french, user=translator)
    said = " ".join(refused.value.messages)
    assert said.startswith("resolves 1: brackets and alternatives differ") and "resolves__para_1" not in said


def test_the_gate_blocks_a_text_missing_a_language(dt, translator):
    document = dt.document
    failures = selectors.expressions_check(instrument_or_document=document)
    assert {f.language for f in failures} == {"ar", "zh", "fr", "ru", "es"}
    dt.expressions.filter(language="ru").delete()
    failures = selectors.expressions_check(instrument_or_document=document)
    assert any(f.language == "ru" and f.check == "missing" and f.eid == "" for f in failures)


def test_the_gate_knows_a_text_without_versions(instrument):
    failures = selectors.expressions_check(instrument_or_document=instrument)
    assert [f.check for f in failures] == ["missing"]


def test_the_gate_passes_when_all_six_are_final_and_agree(conference, translator):
    from plenipot.negotiation.models import Instrument

    text = "Resolution 2 (Busan, 2014)\nT 2014\n\nF 2014,\n\nresolves\n1 to act in 2015.\n"
    instrument = Instrument.objects.create(conference=conference, number="2", title="T", text=text)
    source = services.source_text_create(conference=conference, instrument=instrument, text=text)
    versions = {
        "fr": ["Résolution 2 (Busan, 2014)", "T 2014", "F 2014,", "décide", "d'agir en 2015."],
        "es": ["Resolución 2 (Busan, 2014)", "T 2014", "F 2014,", "resuelve", "actuar en 2015."],
        "ru": ["Резолюция 2 (Пусан, 2014 г.)", "Т 2014", "Ф 2014,", "решает", "действовать в 2015 году."],
        "ar": ["القرار 2 (بوسان، 2014)", "ع 2014", "ف 2014،", "يقرر", "أن يعمل في 2015."],
        "zh": ["第2号决议（2014年，釜山）", "标题 2014", "全权代表大会 2014，", "决议", "在2015年采取行动。"],
    }
    eids = ["number", "title", "formula", "resolves", "resolves__para_1"]
    for language, texts in versions.items():
        expression = source.expressions.get(language=language)
        services.expression_fill(expression=expression, texts=dict(zip(eids, texts, strict=True)), status="final", origin="human")
    assert selectors.expressions_check(instrument_or_document=instrument) == []
    french = source.expressions.get(language="fr")
    french.status = Expression.Status.IN_REVISION
    french.save()
    assert [f.check for f in selectors.expressions_check(instrument_or_document=instrument)] == ["status"]


def test_machine_translation_is_labelled_and_must_be_revised(dt, translator):
    class Echo:
        def translate(self, texts, *, source, target):
            return [f"[{target}] {text}".replace("[", "(").replace("]", ")") for text in texts]

    french = dt.expressions.get(language="fr")
    count = services.expression_machine_translate(expression=french, adapter=Echo())
    french.refresh_from_db()
    assert count == len(french.segments)
    assert {segment["origin"] for segment in french.segments.values()} == {"machine"}
    french.status = "in_revision"
    french.save()
    with pytest.raises(ValidationError, match="Not yet revised"):
        services.expression_advance(expression=french, user=translator)


def test_a_chair_waives_a_check_with_a_reason(dt, translator):
    from plenipot.accounts.services import user_create

    chair = user_create(username="com4-chair", password=None, role="chair")
    document = dt.document
    for expression in dt.expressions.exclude(language="fr"):
        expression.delete()
    french = dt.expressions.get(language="fr")
    french = _take_to_revision(french, translator)
    services.expression_advance(expression=french, user=translator)
    # Break a number in the final French text, as an editorial slip would.
    french.refresh_from_db()
    french.segments["number"]["text"] = "Résolution 197 (Rév. Busan, 2014)"
    french.save()
    failures = selectors.expressions_check(instrument_or_document=document)
    assert ("numbers", "fr", "number") in {(f.check, f.language, f.eid) for f in failures}
    from plenipot.accounts.roles import actor_for
    from plenipot.core.errors import Forbidden
    from plenipot.translation.actions import check_waiver_create

    with pytest.raises(Forbidden):
        check_waiver_create(
            actor_for(translator), source_id=dt.pk, check="numbers", language="fr", eid="number", reason="x"
        )
    with pytest.raises(ValidationError):
        services.check_waive(source=dt, user=chair, check="numbers", language="fr", eid="number", reason=" ")
    with pytest.raises(ValidationError):
        services.check_waive(source=dt, user=chair, check="missing", language="ru", eid="", reason="no time")
    waiver = services.check_waive(
        source=dt, user=chair, check="numbers", language="fr", eid="number", reason="Numbering follows the French edition."
    )
    assert waiver.waived_by == chair
    failures = selectors.expressions_check(instrument_or_document=document)
    assert ("numbers", "fr", "number") not in {(f.check, f.language, f.eid) for f in failures}
    assert {f.language for f in failures} == {"ar", "zh", "ru", "es"}


def test_a_document_with_a_text_gets_its_language_versions_pretranslated(conference, instrument, agreed, revised):
    import datetime

    from plenipot.documents.models import Document

    document = Document.objects.create(
        conference=conference, number="DT/9", kind="temporary", title="Revision of Resolution 179",
        date=datetime.date(2014, 10, 29), text=revised, instrument=instrument,
    )
    source = services.source_text_for_document(document=document)
    assert services.source_text_for_document(document=document) == source
    french = source.expressions.get(language="fr")
    assert french.status == "pre_translated"
    assert french.segments["considering__a"]["origin"] == "in_force"
    empty = Document.objects.create(
        conference=conference, number="DT/10", kind="temporary", title="No text", date=datetime.date(2014, 10, 29)
    )
    with pytest.raises(ValidationError):
        services.source_text_for_document(document=empty)


def test_the_memory_grows_with_new_rows_and_forgets_deleted_ones(conference, agreed):
    from plenipot.translation import selectors

    memory = selectors.memory_for(conference=conference, source_language="en", target_language="fr")
    size = len(memory)
    assert size > 5
    assert selectors.memory_for(conference=conference, source_language="en", target_language="fr") is memory
    MemorySegment.objects.create(
        conference=conference, source_language="en", target_language="fr", source="A new segment", target="Un nouveau segment", origin="csv"
    )
    grown = selectors.memory_for(conference=conference, source_language="en", target_language="fr")
    assert len(grown) == size + 1 and grown.exact("A new segment") is not None
    MemorySegment.objects.filter(source="A new segment").delete()
    MemorySegment.objects.create(
        conference=conference, source_language="en", target_language="fr", source="Another", target="Un autre", origin="csv"
    )
    rebuilt = selectors.memory_for(conference=conference, source_language="en", target_language="fr")
    assert rebuilt.exact("A new segment") is None and rebuilt.exact("Another") is not None


DRAFT = """Resolution 999 (Rev. Busan, 2014)
Example

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

resolves  {resolves; operative}
1 to continue [BASE: this | ARB: the] work;  {resolves__para_1}
[ADD EUR] 2 to report to the Council.  {resolves__para_2_new}
"""


def test_a_bracketed_draft_is_translated_with_its_brackets(conference, translator):
    import datetime

    from plenipot.documents.models import Document

    document = Document.objects.create(
        conference=conference, number="DT/11", kind="temporary", title="Draft", date=datetime.date(2014, 10, 29), text=DRAFT
    )
    source = services.source_text_for_document(document=document)
    french = source.expressions.get(language="fr")
    texts = {
        "number": "Résolution 999 (Rév. Busan, 2014)",
        "title": "Exemple",
        "formula": "La Conférence de plénipotentiaires de l'Union internationale des télécommunications (Busan, 2014),",
        "resolves": "décide",
        "resolves__para_1": "de poursuivre [BASE: ces | ARB: les] travaux;",
        "resolves__para_2_new": "[ADD EUR] de faire rapport au Conseil.",
    }
    for eid, text in texts.items():
        result = services.expression_segment_save(
            expression=french, user=translator, eid=eid, text=text,
            revision=(french.segments.get(eid) or {}).get("revision", 0),
        )
        assert result.failures == [], eid
        french.refresh_from_db()
    result = services.expression_segment_save(
        expression=french, user=translator, eid="resolves__para_1", text="de poursuivre ces travaux;",
        revision=french.segments["resolves__para_1"]["revision"],
    )
    assert [f.check for f in result.failures] == ["brackets"]
