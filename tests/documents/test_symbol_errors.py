"""A document symbol that cannot be read is refused in the reader's language, with what
is wrong: the engine gives each fault a code and its figures, the documents app words
them in six languages."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from plenipot.documents.symbol_errors import WORDS, symbol_error_text
from plenipot.engine.symbols import Series, Symbol, SymbolError, parse_key, parse_symbol

FAULTS = [
    (lambda: parse_symbol("  "), "empty"),
    (lambda: parse_symbol("Document twelve"), "unreadable"),
    (lambda: parse_symbol("Document 0"), "number"),
    (lambda: Symbol(series=Series.MAIN, number=3, revision=-1), "negative"),
    (lambda: Symbol(series=Series.MAIN, number=3, addendum=1, corrigendum=1), "both"),
    (lambda: Symbol(series=Series.MAIN, number=3, language="de"), "language"),
    (lambda: parse_symbol("Document 64-G"), "suffix"),
    (lambda: parse_symbol("Addendum 0 to Document 27"), "part_number"),
    (lambda: parse_key("Document 27-E"), "full_symbol"),
]


def _fault(make) -> SymbolError:
    with pytest.raises(SymbolError) as caught:
        make()
    return caught.value


@pytest.mark.parametrize(("make", "code"), FAULTS, ids=[code for _make, code in FAULTS])
def test_each_fault_has_its_code_and_is_worded_in_every_language(make, code):
    error = _fault(make)
    assert error.code == code
    english = symbol_error_text(error)
    assert english and english != str(error)  # worded here, not the engine's words
    for language in ("ar", "zh-hans", "es", "fr", "ru"):
        with translation.override(language):
            worded = symbol_error_text(error)
        assert worded and worded != english, (language, code)
        for value in error.params.values():
            assert str(value) in worded, (language, code)


@given(st.text(max_size=40))
def test_whatever_is_typed_either_reads_or_is_refused_with_a_known_code(text):
    try:
        parse_symbol(text)
    except SymbolError as error:
        assert error.code in WORDS
        assert symbol_error_text(error)


def test_the_registry_refuses_a_malformed_symbol_in_arabic(client, world):
    client.force_login(world["secretariat"])
    client.cookies["django_language"] = "ar"
    page = client.post(
        "/tracker/registry/",
        {"action": "allocate", "symbol": "Document <b>twelve</b>", "body": "COM5"},
        follow=True,
    ).content.decode()
    assert "ليس رمز وثيقة" in page
    assert "&lt;b&gt;twelve&lt;/b&gt;" in page and "<b>twelve</b>" not in page
    client.cookies["django_language"] = "en"


def test_a_symbol_read_for_a_meeting_s_agenda_is_refused_in_french(world):
    from django.core.exceptions import ValidationError

    from plenipot.documents.selectors import document_by_symbol

    with translation.override("fr"):
        with pytest.raises(ValidationError) as unreadable:
            document_by_symbol(conference=world["conference"], text="Document douze")
        with pytest.raises(ValidationError) as absent:
            document_by_symbol(conference=world["conference"], text="Document 999")
    assert "n'est pas une cote de document" in unreadable.value.messages[0]
    assert absent.value.messages == ["Document 999 n'est pas enregistré."]


def test_every_worded_fault_is_one_the_engine_raises_above():
    assert {code for _make, code in FAULTS} == set(WORDS)
