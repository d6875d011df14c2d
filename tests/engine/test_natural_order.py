"""Instrument numbers sort as numbers: Resolution 2, 64, 180; COM5/2 before COM5/10."""

from __future__ import annotations

from itertools import permutations

from hypothesis import given
from hypothesis import strategies as st

from plenipot.engine.natural_order import natural_key

numbers = st.integers(min_value=0, max_value=10**12)
prefixes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ/-. ", max_size=6)
labels = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabc/-. ", max_size=12)


def test_resolution_numbers_in_numeric_order():
    assert sorted(["180", "2", "64", "101", "11", "COM5/10", "COM5/2", "WGPL/6"], key=natural_key) == [
        "2", "11", "64", "101", "180", "COM5/2", "COM5/10", "WGPL/6",
    ]


def test_a_letter_after_a_number_comes_after_the_number_alone():
    assert sorted(["11A", "12", "11"], key=natural_key) == ["11", "11A", "12"]


@given(numbers, numbers)
def test_numbers_compare_by_value(a, b):
    assert (natural_key(str(a)) < natural_key(str(b))) == (a < b)


@given(prefixes, numbers, numbers)
def test_the_same_prefix_then_numbers_compare_by_value(prefix, a, b):
    assert (natural_key(f"{prefix}{a}") < natural_key(f"{prefix}{b}")) == (a < b)


@given(st.lists(labels, max_size=20), st.randoms())
def test_the_order_does_not_depend_on_the_order_given(items, rng):
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert sorted(items, key=natural_key) == sorted(shuffled, key=natural_key)


@given(labels, labels)
def test_equal_keys_only_for_equal_texts(a, b):
    assert (natural_key(a) == natural_key(b)) == (a == b)


def test_leading_zeros_and_case_still_give_a_total_order():
    for items in permutations(["2", "02", "a1", "A1"]):
        assert sorted(items, key=natural_key) == ["02", "2", "A1", "a1"]
