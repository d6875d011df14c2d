"""Cross-language checks: each failure names the language, the check and the provision."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from plenipot.engine.crosscheck import (
    GlossaryTerm,
    align,
    bracket_shape,
    check_all,
    check_translation,
    numbers,
)
from plenipot.engine.instrument import parse_instrument

SOURCE = {
    "number": "Resolution 179 (Rev. Busan, 2014)",
    "considering__a": "that Member States [BASE: support | EUR: endorse] the work;",
    "resolves__para_1": "to report to the Council by 31 December 2015 in Document DT/12;",
}
FRENCH = {
    "number": "Résolution 179 (Rév. Busan, 2014)",
    "considering__a": "que les États Membres [BASE: appuient | EUR: approuvent] les travaux;",
    "resolves__para_1": "de faire rapport au Conseil avant le 31 décembre 2015 dans le Document DT/12;",
}
GLOSSARY = [
    GlossaryTerm({"en": ("Member States",), "fr": ("États Membres",), "ru": ("Государства-Члены", "Государствам-Членам")}),
    GlossaryTerm({"en": ("Council",), "fr": ("Conseil",)}),
]


def checks(failures):
    return {(f.check, f.eid) for f in failures}


def test_a_faithful_translation_passes():
    assert check_translation(SOURCE, FRENCH, language="fr", glossary=GLOSSARY) == []


def test_a_dropped_bracket_is_caught_and_names_the_provision():
    broken = dict(FRENCH, considering__a="que les États Membres appuient les travaux;")
    failures = check_translation(SOURCE, broken, language="fr")
    assert checks(failures) == {("brackets", "considering__a")}
    assert "considering__a" in str(failures[0]) and "[fr]" in str(failures[0])


def test_a_missing_provision_and_an_extra_one():
    broken = {k: v for k, v in FRENCH.items() if k != "resolves__para_1"}
    broken["resolves__para_9"] = "de trop;"
    assert checks(check_translation(SOURCE, broken, language="fr")) == {
        ("missing", "resolves__para_1"),
        ("numbering", "resolves__para_9"),
    }


def test_numbers_dates_and_symbols_must_agree():
    broken = dict(FRENCH, resolves__para_1="de faire rapport au Conseil avant le 30 décembre 2015 dans le Document DT/13;")
    failures = check_translation(SOURCE, broken, language="fr")
    messages = " ".join(f.message for f in failures if f.check == "numbers")
    assert "31" in messages and "DT/12" in messages


def test_numbers_read_arabic_digits_and_thousands_separators():
    assert numbers("٢٠١٤ و 1 000 000") == numbers("2014 and 1,000,000")
    assert numbers("Resolution 101") != numbers("Resolution 102")


def test_bracket_shape_keeps_nesting_and_ignores_escapes():
    assert bracket_shape("a [x | [y | z]] \\[not\\]") == "[|[|]]"


def test_glossary_term_missing_in_translation():
    broken = dict(FRENCH, resolves__para_1="de faire rapport à l'organe directeur avant le 31 décembre 2015 dans le Document DT/12;")
    failures = check_translation(SOURCE, broken, language="fr", glossary=GLOSSARY)
    assert checks(failures) == {("glossary", "resolves__para_1")}
    assert "Conseil" in failures[0].message


def test_glossary_accepts_any_listed_form():
    source = {"a": "to invite Member States"}
    assert check_translation(source, {"a": "предложить Государствам-Членам"}, language="ru", glossary=GLOSSARY) == []


def test_text_in_the_wrong_script_is_caught():
    failures = check_translation(SOURCE, FRENCH, language="ar")
    assert {f.check for f in failures} == {"script"}


def test_check_all_reports_an_absent_language():
    failures = check_all(SOURCE, {"fr": FRENCH}, languages=("en", "fr", "ru"))
    assert checks(failures) == {("missing", "")}
    assert failures[0].language == "ru"


ENGLISH_TEXT = """Resolution 1 (Busan, 2014)
A title

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

considering
a) that one;
b) that two,

resolves
1 to do this;
  a) first;
2 to do that.
"""

FRENCH_TEXT = """Résolution 1 (Busan, 2014)
Un titre

La Conférence de plénipotentiaires de l'Union internationale des télécommunications (Busan, 2014),

considérant
a) que l'un;
b) que l'autre,

décide
1 de faire ceci;
  a) d'abord;
2 de faire cela.
"""


def test_align_maps_translated_lines_onto_source_ids():
    texts, failures = align(parse_instrument(ENGLISH_TEXT), parse_instrument(FRENCH_TEXT), language="fr")
    assert failures == []
    assert texts["considering"] == "considérant"
    assert texts["resolves__para_1__point_a"] == "d'abord;"


def test_align_names_the_first_misplaced_provision():
    moved = FRENCH_TEXT.replace("  a) d'abord;\n2 de faire cela.", "2 d'abord;\n3 de faire cela.")
    _, failures = align(parse_instrument(ENGLISH_TEXT), parse_instrument(moved), language="fr")
    assert [(f.check, f.eid) for f in failures] == [("numbering", "resolves__para_1__point_a")]


def test_alternatives_keep_their_sources():
    from plenipot.engine.crosscheck import bracket_sources

    source = {"a": "to [BASE: act | ARB, EUR: decide | USA (no text)] now;", "b": "[ADD EUR] to report."}
    assert bracket_sources(source["a"]) == ["BASE", "ARB, EUR", "USA"]
    assert bracket_sources(source["b"]) == ["EUR"]
    good = {"a": "d'[BASE: agir | ARB, EUR: décider | USA (no text)] maintenant;", "b": "[ADD EUR] de faire rapport."}
    assert check_translation(source, good, language="fr") == []
    swapped = dict(good, a="d'[BASE: agir | ARB: décider | USA (no text)] maintenant;")
    failures = check_translation(source, swapped, language="fr")
    assert [(f.check, f.eid) for f in failures] == [("brackets", "a")]
    assert "ARB, EUR" in failures[0].message

_TEXT = st.text(alphabet=st.sampled_from("abcdefghij ABC0123456789.,;:/[]|-"), min_size=1, max_size=60)


@given(st.dictionaries(st.from_regex(r"[a-z]{1,8}(__[a-z0-9]{1,4})?", fullmatch=True), _TEXT, min_size=1, max_size=8))
@settings(max_examples=80, deadline=None)
def test_a_text_checked_against_itself_passes(texts):
    texts = {eid: text for eid, text in texts.items() if text.strip()}
    assert check_translation(texts, texts, language="fr") == []


@given(st.integers(min_value=1000, max_value=10**9), st.sampled_from([" ", "\u00a0", "\u202f", ",", "."]))
@settings(max_examples=60, deadline=None)
def test_numbers_read_any_thousands_separator(value, separator):
    grouped = f"{value:,}".replace(",", separator)
    assert numbers(f"about {grouped} people") == numbers(f"about {value} people")


# --- the reason of each failure, as a code and its params ------------------------------


def _one(failures):
    [failure] = failures
    return failure.code, dict(failure.params)


def test_each_check_fills_its_code_and_params():
    fr = "fr"
    assert _one(check_translation(SOURCE, dict(FRENCH, considering__a=""), language=fr)) == (
        "no_text", {"eid": "considering__a", "language": "fr"}
    )
    assert _one(check_translation(SOURCE, dict(FRENCH, considering__a="que les États Membres [appuient] les travaux;"), language=fr)) == (
        "brackets_differ",
        {"eid": "considering__a", "source_brackets": 1, "source_bars": 1, "brackets": 1, "bars": 0},
    )
    assert _one(check_translation(SOURCE, dict(FRENCH, considering__a="que les États Membres [BASE: appuient | ARB: approuvent] les travaux;"), language=fr)) == (
        "sources_differ", {"eid": "considering__a", "source_sources": ("BASE", "EUR"), "sources": ("BASE", "ARB")}
    )
    assert _one(check_translation(SOURCE, dict(FRENCH, resolves__para_1="de faire rapport au Conseil avant le 30 décembre 2015 et 2016 dans le Document DT/12;"), language=fr)) == (
        "numbers_differ", {"eid": "resolves__para_1", "missing": ("31",), "added": ("2016", "30")}
    )
    assert _one(check_translation(SOURCE, dict(FRENCH, resolves__para_1="de faire rapport au Conseil avant le 31 décembre 2015 dans le Document;"), language=fr)) == (
        "symbols_differ", {"eid": "resolves__para_1", "missing": ("DT/12",)}
    )
    assert _one(check_translation(SOURCE, dict(FRENCH, resolves__para_1="de faire rapport à l'organe avant le 31 décembre 2015 dans le Document DT/12;"), language=fr, glossary=GLOSSARY)) == (
        "glossary_term",
        {"eid": "resolves__para_1", "source_term": "Council", "expected_term": "Conseil", "source_language": "en", "language": "fr"},
    )
    assert _one(check_translation({"a": "one"}, {"a": "один"}, language="zh")) == (
        "wrong_script", {"eid": "a", "language": "zh"}
    )
    assert _one(check_translation({"a": "one"}, {"a": "un", "b": "deux"}, language=fr)) == (
        "not_in_source", {"eid": "b"}
    )
    assert _one(check_all(SOURCE, {"fr": FRENCH}, languages=("en", "fr", "es"))) == (
        "no_version", {"language": "es"}
    )


def test_alignment_fills_its_code_and_params():
    english, french = parse_instrument(ENGLISH_TEXT), parse_instrument(FRENCH_TEXT)
    short = parse_instrument(FRENCH_TEXT.replace("2 de faire cela.\n", ""))
    assert _one(align(english, short, language="fr")[1]) == (
        "translation_ends", {"eid": "resolves__para_2", "lines": 9, "source_lines": 10}
    )
    longer = parse_instrument(FRENCH_TEXT + "3 et encore.\n")
    assert _one(align(english, longer, language="fr")[1]) == (
        "extra_lines", {"eid": "resolves__para_2", "count": 1}
    )
    moved = parse_instrument(FRENCH_TEXT.replace("  a) d'abord;\n2 de faire cela.", "2 d'abord;\n3 de faire cela."))
    assert _one(align(english, moved, language="fr")[1]) == (
        "kind_differs",
        {"eid": "resolves__para_1__point_a", "source_kind": "operative_item", "source_level": 2, "kind": "operative_item", "level": 1},
    )
    assert align(english, french, language="fr")[1] == []


_CHANGES = st.sampled_from(["", "[", "]", " | ", "7", "12", "DT/4", "ADM/5", "Привет", "بيان", "Council"])


@given(
    st.dictionaries(st.from_regex(r"[a-z]{1,8}(__[a-z0-9]{1,4})?", fullmatch=True), _TEXT, min_size=1, max_size=6),
    st.lists(st.tuples(st.integers(0, 5), _CHANGES), max_size=6),
    st.sampled_from(["fr", "ru", "ar", "zh", "es"]),
    st.booleans(),
)
@settings(max_examples=150, deadline=None)
def test_every_failure_carries_a_code_whose_message_names_its_provision(texts, changes, language, drop):
    """Whatever fails, the failure has a known code, its params name the provision it is
    about, and the English message is made from them and names that provision."""
    from plenipot.engine.crosscheck import CODES, english

    source = {eid: text for eid, text in texts.items() if text.strip()}
    translation = dict(source)
    eids = sorted(source)
    for n, change in changes:
        if eids:
            eid = eids[n % len(eids)]
            translation[eid] = (translation[eid] + " " + change) if change else ""
    if drop and eids:
        translation.pop(eids[0])
        translation["extra__x"] = "de trop"
    glossary = [GlossaryTerm({"en": ("Council",), language: ("Conseil",)})]
    failures = check_all(source, {language: translation}, languages=("en", language), glossary=glossary)
    for failure in failures:
        assert failure.code in CODES
        assert failure.message == english(failure.code, failure.params)
        assert failure.language == language
        if failure.eid:
            assert failure.params["eid"] == failure.eid
            assert f"provision {failure.eid}" in failure.message
        for value in failure.params.values():
            assert isinstance(value, (str, int, tuple))
    # The source itself, filed under another language, fails on its script alone.
    same = check_all(source, {language: source}, languages=("en", language))
    assert {failure.code for failure in same} <= {"wrong_script"}
