"""Translation memory: exact and fuzzy lookup, sentence pairs, pre-translation."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plenipot.engine.translation_memory import (
    LanguageError,
    Origin,
    TranslationMemory,
    language_code,
    normalize,
    pretranslate,
    segment_pairs,
    sentences,
)


def memory() -> TranslationMemory:
    tm = TranslationMemory(source_language="en", target_language="fr")
    tm.add("to report to the Council on the progress made,", "de faire rapport au Conseil sur les progrès accomplis,")
    tm.add("to support the Child Online Protection initiative;", "d'appuyer l'initiative pour la protection en ligne des enfants;")
    tm.add("that children make up a large and growing share of Internet users;", "que les enfants représentent une part importante et croissante des internautes;")
    return tm


def test_exact_ignores_runs_of_white_space():
    tm = memory()
    hit = tm.exact("to report to the  Council on the progress made,\n")
    assert hit is not None and hit.exact
    assert hit.target.startswith("de faire rapport")


def test_exact_misses_a_changed_text():
    assert memory().exact("to report to the Council on the progress achieved,") is None


def test_fuzzy_finds_a_near_match_and_scores_it():
    found = memory().fuzzy("to report every year to the Council on the progress made,")
    assert found and found[0].target.startswith("de faire rapport")
    assert 60 <= found[0].score < 100


def test_fuzzy_below_cutoff_finds_nothing():
    assert memory().fuzzy("an entirely different sentence about radio spectrum") == []


def test_lookup_prefers_the_exact_match():
    tm = memory()
    tm.add("to report to the Council on the progress made", "(sans virgule)")
    found = tm.lookup("to report to the Council on the progress made,")
    assert len(found) == 1 and found[0].exact


def test_index_agrees_with_linear_scan_on_a_generated_memory():
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(400)]
    tm = TranslationMemory()
    for n in range(3000):
        tm.add(" ".join(rng.choices(vocabulary, k=12)), f"t{n}")
    for _ in range(30):
        entry = rng.randrange(len(tm))
        query = tm._sources[entry].split()
        query[rng.randrange(len(query))] = "changed"
        query = " ".join(query)
        indexed = tm.fuzzy(query, limit=1)
        scanned = tm.fuzzy_scan(query, limit=1)
        assert indexed and scanned
        assert indexed[0].score == scanned[0].score


@given(st.text(min_size=1, max_size=80))
@settings(max_examples=60, deadline=None)
def test_every_added_text_is_found_exactly(text):
    tm = TranslationMemory()
    tm.add("something else entirely", "x")
    tm.add(text, "target")
    hit = tm.exact(text)
    assert hit is not None and hit.target == "target"
    assert normalize(normalize(text)) == normalize(text)


def test_sentences_split_latin_and_chinese():
    assert sentences("One thing. Another thing.") == ["One thing.", "Another thing."]
    assert sentences("第一句。第二句。") == ["第一句。", "第二句。"]
    assert sentences("to report,") == ["to report,"]


def test_segment_pairs_add_sentences_when_counts_agree():
    pairs = segment_pairs(
        {"a": "First. Second.", "b": "Only one.", "c": "No translation."},
        {"a": "Premier. Second.", "b": "Un seul.", "c": ""},
    )
    assert ("First. Second.", "Premier. Second.") in pairs
    assert ("First.", "Premier.") in pairs and ("Second.", "Second.") in pairs
    assert ("Only one.", "Un seul.") in pairs
    assert all(source != "No translation." for source, _ in pairs)


def test_language_codes_are_folded_or_refused():
    assert language_code("fr-FR") == "fr"
    assert language_code("zh-Hans") == "zh"
    assert language_code("AR") == "ar"
    with pytest.raises(LanguageError, match="pt-BR"):
        language_code("pt-BR")


def test_pretranslate_uses_text_in_force_then_memory_then_fuzzy():
    tm = memory()
    source = [
        ("resolves__para_1", "to continue the initiative;"),
        ("resolves__para_2", "to support the Child Online Protection initiative;"),
        ("resolves__para_3", "to report every year to the Council on the progress made,"),
        ("resolves__para_4", "a sentence nobody has translated about orbital slots"),
    ]
    result = pretranslate(
        source,
        tm,
        in_force_source={"resolves__para_1": "to continue the initiative;"},
        in_force_target={"resolves__para_1": "de poursuivre l'initiative;"},
    )
    assert result["resolves__para_1"].origin is Origin.IN_FORCE
    assert result["resolves__para_1"].text == "de poursuivre l'initiative;"
    assert result["resolves__para_2"].origin is Origin.EXACT
    fuzzy = result["resolves__para_3"]
    assert fuzzy.origin is Origin.FUZZY and fuzzy.text.startswith("de faire rapport")
    inserted = "".join(op.text for op in fuzzy.source_diff if op.op == "insert")
    assert "every year" in inserted
    assert result["resolves__para_4"].origin is Origin.NONE


def test_pretranslate_does_not_reuse_a_changed_provision_in_force():
    result = pretranslate(
        [("considering__a", "that children are many;")],
        TranslationMemory(),
        in_force_source={"considering__a": "that children are few;"},
        in_force_target={"considering__a": "que les enfants sont peu nombreux;"},
    )
    assert result["considering__a"].origin is Origin.NONE
