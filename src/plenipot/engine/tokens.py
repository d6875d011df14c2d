"""Tokenizer: split provision text into words, numbers, punctuation and spaces.

The word diff, the consolidation and the similarity of new provisions all work on
tokens, so the tokenizer decides what a reader sees as one change. Its contract:

* ``detokenize(tokenize(text)) == text`` for every string. Nothing is normalised,
  dropped or inserted: a run of spaces, a tab or a line break is a token of its own.
* A word (letters, digits and the combining marks that belong to them) is one token,
  in any alphabetic script: Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari …
  Arabic words keep their vowel marks; ``Secretary-General`` is three tokens.
* Chinese characters and Japanese kana are one token each. These scripts do not put
  spaces between words, so a character is the smallest unit a reader can name; a
  diff then marks only the characters that changed. Because spaces are tokens too,
  Chinese text round-trips without any space being added between characters.
* Every other character (punctuation, symbols) is a token of its own.
"""

from __future__ import annotations

import re

# Ideographs, kana and their iteration marks: one token per character.
_CJK = (
    "\u3005-\u3007"  # 々 〆 〇
    "\u3040-\u30ff"  # hiragana, katakana
    "\u31f0-\u31ff"  # katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
    "\uff66-\uff9f"  # half-width katakana
    "\U00020000-\U0003134f"  # extensions B to G
)

# Combining marks that Python's \w does not count as word characters but that are
# part of a word in the scripts the conference uses (Arabic harakat, accents …).
_MARKS = (
    "\u0300-\u036f"  # combining diacritics
    "\u0483-\u0489"  # Cyrillic
    "\u0591-\u05c7"  # Hebrew
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"  # Arabic
    "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963"  # Devanagari
    "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"  # Thai
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"  # other combining blocks
)

_TOKEN = re.compile(
    rf"\s+"
    rf"|[{_CJK}]"
    rf"|(?:(?![{_CJK}])[^\W_]|[{_MARKS}])+"
    rf"|.",
    re.DOTALL,
)


def tokenize(text: str) -> list[str]:
    """Split ``text`` into tokens whose concatenation is exactly ``text``."""
    return _TOKEN.findall(text)


def detokenize(tokens: list[str] | tuple[str, ...]) -> str:
    """Join tokens back into text. Tokens carry their own spaces, so this is a plain join."""
    return "".join(tokens)


def is_space(token: str) -> bool:
    """Whether ``token`` is a run of whitespace."""
    return token.isspace()
