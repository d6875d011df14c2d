"""A helper for the tracker tests: give a text its six language versions, final."""

import pytest

_WORD = {"ar": "ترجمة", "zh": "译文", "fr": "traduction", "ru": "перевод", "es": "traducción"}


def give_six_languages(target, *, text=None, skip=()):
    """Language versions of `target` (an instrument or a document) in the five other
    languages, final, each provision a word in the language's script with the source's
    numbers and symbols; languages in `skip` have no version at all."""
    from plenipot.engine.crosscheck import numbers, symbols
    from plenipot.translation import selectors, services

    source = services.source_text_create(
        conference=target.conference,
        text=text if text is not None else target.text,
        **{target._meta.model_name: target},
    )
    units = selectors.source_units(source)
    glossary = selectors.glossary_for(target.conference)
    for expression in source.expressions.all():
        if expression.language in skip:
            expression.delete()
            continue
        texts = {}
        for eid, original in units:
            extras = list(numbers(original).elements()) + list(symbols(original).elements())
            language = expression.language
            extras += [t.label(language) for t in glossary if t.found("en", original)]
            texts[eid] = " ".join([_WORD[expression.language], *extras])
        services.expression_fill(expression=expression, texts=texts, status="final", origin="human")
    return source


@pytest.fixture
def six_languages():
    return give_six_languages
