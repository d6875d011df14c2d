from hypothesis import given, settings
from hypothesis import strategies as st

from plenipot.engine.tokens import detokenize, tokenize


def test_words_numbers_punctuation_and_spaces_are_separate_tokens():
    assert tokenize("resolves, in 2014:  to act") == [
        "resolves", ",", " ", "in", " ", "2014", ":", "  ", "to", " ", "act",
    ]  # fmt: skip


def test_chinese_and_japanese_are_split_per_character():
    assert tokenize("国际电联（ITU）") == ["国", "际", "电", "联", "（", "ITU", "）"]
    assert tokenize("テキストです。") == ["テ", "キ", "ス", "ト", "で", "す", "。"]


def test_arabic_and_cyrillic_are_split_by_word_with_their_marks():
    assert tokenize("قرار مُحَمَّد") == ["قرار", " ", "مُحَمَّد"]
    assert tokenize("Союз электросвязи") == ["Союз", " ", "электросвязи"]


def test_chinese_spacing_round_trips_without_added_spaces():
    text = "国际电信联盟 是 联合国的专门机构。"
    assert detokenize(tokenize(text)) == text


@settings(max_examples=500)
@given(st.text())
def test_detokenize_gives_back_any_text(text):
    assert detokenize(tokenize(text)) == text


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from("ab 国际é\u0301\n\t,.")))
def test_no_token_is_empty_and_spaces_stay_whole(text):
    tokens = tokenize(text)
    assert all(tokens)
    assert all(not (t.isspace() and u.isspace()) for t, u in zip(tokens, tokens[1:], strict=False))
