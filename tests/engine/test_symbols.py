"""Document symbols: every form the conference prints, and the malformed ones."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plenipot.engine.symbols import (
    Series,
    Symbol,
    SymbolError,
    format_symbol,
    parse_key,
    parse_symbol,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Document 64-E", Symbol(Series.MAIN, 64, language="en")),
        ("Addendum 1 to Document 27-E", Symbol(Series.MAIN, 27, addendum=1, language="en")),
        ("Document 64(Rev.1)-F", Symbol(Series.MAIN, 64, revision=1, language="fr")),
        ("Corrigendum 1 to Document 64-S", Symbol(Series.MAIN, 64, corrigendum=1, language="es")),
        ("DT/12(Rev.2)", Symbol(Series.DT, 12, revision=2)),
        ("ADM/54", Symbol(Series.ADM, 54)),
        ("INF/3", Symbol(Series.INF, 3)),
        ("DL/7", Symbol(Series.DL, 7)),
        ("B.9", Symbol(Series.BLUE, 9)),
        ("R.4", Symbol(Series.PINK, 4)),
        ("Document 27", Symbol(Series.MAIN, 27)),
        ("Document DT/12-E", Symbol(Series.DT, 12, language="en")),
    ],
)
def test_parse_and_print(text, expected):
    assert parse_symbol(text) == expected
    assert parse_symbol(format_symbol(expected)) == expected
    assert format_symbol(expected).replace("Document DT", "DT") == text.replace("Document DT", "DT")


def test_lenient_spacing_and_case():
    assert parse_symbol("  document  64 ( rev. 1 ) - f ") == Symbol(
        Series.MAIN, 64, revision=1, language="fr"
    )
    assert parse_symbol("dt / 12") == Symbol(Series.DT, 12)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Document",
        "Document 64-X",
        "Document 0",
        "XX/4",
        "DT/",
        "B9x",
        "Addendum 0 to Document 2",
        "Addendum 1 to",
        "Document 64(Rev.)",
        "64-EE",
    ],
)
def test_malformed_symbols_are_refused_with_a_reason(text):
    with pytest.raises(SymbolError) as caught:
        parse_symbol(text)
    assert str(caught.value)


def test_parent_links():
    assert parse_symbol("Addendum 1 to Document 27-E").parent == Symbol(Series.MAIN, 27)
    assert parse_symbol("DT/12(Rev.2)").parent == Symbol(Series.DT, 12, revision=1)
    assert parse_symbol("DT/12").parent is None


def test_keys():
    assert parse_symbol("DT/12(Rev.2)").key == "DT/12"
    assert parse_key("B.9") == (Series.BLUE, 9)
    with pytest.raises(SymbolError):
        parse_key("Document 64-E")


def test_addendum_and_corrigendum_together_are_refused():
    with pytest.raises(SymbolError):
        Symbol(Series.MAIN, 3, addendum=1, corrigendum=1)


@given(
    series=st.sampled_from(list(Series)),
    number=st.integers(1, 9999),
    revision=st.integers(0, 9),
    part=st.sampled_from(["", "add", "corr"]),
    count=st.integers(1, 9),
    language=st.sampled_from([None, "ar", "zh", "en", "fr", "ru", "es"]),
)
def test_round_trip(series, number, revision, part, count, language):
    symbol = Symbol(
        series,
        number,
        revision=revision,
        addendum=count if part == "add" else 0,
        corrigendum=count if part == "corr" else 0,
        language=language,
    )
    assert parse_symbol(format_symbol(symbol)) == symbol
