"""The benchmark's corpus: the same seed gives the same texts, and a tiny corpus
consolidates so that each source's text comes back from the draft."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from plenipot.engine.instrument import parse_instrument, print_instrument

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str, filename: str):
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / filename)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus():
    return _load("corpus", "corpus.py")  # the name consolidation.py imports


@pytest.fixture(scope="module")
def bench(corpus):
    return _load("benchmark_consolidation", "consolidation.py")


def test_same_seed_same_corpus(corpus):
    first = corpus.generate_corpus(seed=7, instruments=6, proposals=40)
    second = corpus.generate_corpus(seed=7, instruments=6, proposals=40)
    assert first == second
    assert first != corpus.generate_corpus(seed=8, instruments=6, proposals=40)


def test_corpus_has_the_requested_shape(corpus):
    generated = corpus.generate_corpus(seed=3, instruments=12, proposals=90)
    assert len(generated.instruments) == 12
    assert generated.proposal_count == 90
    spread = sorted(len(case.variants) for case in generated.instruments)
    assert spread[0] >= 1 and 20 <= spread[-1] <= 40  # one contested instrument
    for case in generated.instruments:
        sources = [variant.source for variant in case.variants]
        assert len(set(sources)) == len(sources)
        assert all(variant.text != case.base for variant in case.variants)


def test_every_text_parses_and_round_trips(corpus):
    generated = corpus.generate_corpus(seed=5, instruments=4, proposals=30)
    for case in generated.instruments:
        for text in [case.base] + [variant.text for variant in case.variants]:
            assert print_instrument(parse_instrument(text)) == text


def test_case_has_about_the_requested_size(corpus):
    case = corpus.generate_case(seed=1, words=2000, variants=9)
    assert 2000 <= case.base_words < 2200
    assert len(case.variants) == 9


def test_tiny_corpus_consolidates_and_gives_each_source_back(corpus, bench):
    generated = corpus.generate_corpus(seed=11, instruments=3, proposals=25)
    outcome = bench.Outcome()
    for case in generated.instruments:
        bench.consolidate_case(case, outcome)
    assert outcome.proposals > 0
    assert outcome.brackets > 0
    agreed, checked = bench.check_picks(generated.instruments)
    assert checked == 25
    assert agreed == checked
