"""The gate's answer for a blue document: it stands in six languages only when all
five translations are final and agree; a language missing is named, and only that."""

from __future__ import annotations

import datetime

from plenipot.translation import selectors, services

TEXT = "Resolution 2 (Busan, 2014)\nT 2014\n\nF 2014,\n\nresolves\n1 to act in 2015.\n"
EIDS = ["number", "title", "formula", "resolves", "resolves__para_1"]
VERSIONS = {
    "fr": ["Résolution 2 (Busan, 2014)", "T 2014", "F 2014,", "décide", "d'agir en 2015."],
    "es": ["Resolución 2 (Busan, 2014)", "T 2014", "F 2014,", "resuelve", "actuar en 2015."],
    "ru": ["Резолюция 2 (Пусан, 2014 г.)", "Т 2014", "Ф 2014,", "решает", "действовать в 2015 году."],
    "ar": ["القرار 2 (بوسان، 2014)", "ع 2014", "ف 2014،", "يقرر", "أن يعمل في 2015."],
    "zh": ["第2号决议（2014年，釜山）", "标题 2014", "全权代表大会 2014，", "决议", "在2015年采取行动。"],
}


def test_a_blue_document_missing_russian_is_blocked_naming_russian(conference):
    from plenipot.documents.models import Document

    blue = Document.objects.create(
        conference=conference, number="B/1", series="B", kind="output", title="First reading",
        text=TEXT, date=datetime.date(2014, 11, 3),
    )
    source = services.source_text_for_document(document=blue)
    for language, texts in VERSIONS.items():
        services.expression_fill(
            expression=source.expressions.get(language=language),
            texts=dict(zip(EIDS, texts, strict=True)),
            status="final",
            origin="human",
        )
    assert selectors.expressions_check(instrument_or_document=blue) == []

    source.expressions.filter(language="ru").delete()
    [failure] = selectors.expressions_check(instrument_or_document=blue)
    assert (failure.check, failure.language, failure.eid) == ("missing", "ru", "")
    assert str(failure) == "[ru] there is no ru version"
    assert (failure.code, failure.params) == ("no_version", {"language": "ru"})

    # A Russian version that drops a provision is caught too, naming the provision.
    from plenipot.translation.models import Expression

    Expression.objects.create(
        source=source,
        language="ru",
        status="final",
        segments={
            eid: {"text": text, "origin": "human", "revision": 1}
            for eid, text in zip(EIDS[:-1], VERSIONS["ru"][:-1], strict=True)
        },
    )
    failures = selectors.expressions_check(instrument_or_document=blue)
    assert [(f.check, f.language, f.eid) for f in failures] == [("missing", "ru", "resolves__para_1")]
