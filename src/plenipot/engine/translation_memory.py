"""Translation memory: segments already translated, found again exactly or nearly.

Most of a revised resolution is text that was translated and agreed at the last
conference. The memory holds pairs of a source segment and its translation (a
provision, or one sentence of it) and answers two questions fast:

* **exact**: was this very text translated before? A hash map on the text with its
  runs of white space collapsed.
* **fuzzy**: which earlier segments are nearly the same? An inverted index from words
  to segments shortlists candidates by the words they share with the query, rarest
  words first (a word found in a third of the memory says little and costs much), and
  rapidfuzz scores only that shortlist. A linear scan would score every segment;
  ``benchmarks/translation_memory.py`` measures both in one run.

Pre-translation (:func:`pretranslate`) fills the provisions of a new text: a provision
unchanged from the text in force takes its agreed translation, marked as such; an
exact match from the memory comes next; otherwise the best fuzzy matches are offered
with a word diff of what changed in the source since the match was translated.

No Django, no I/O: the site builds a memory from its database rows and files.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz, process

from plenipot.engine.diff import DiffOp, diff_provision

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")

_SPACE = re.compile(r"\s+")
# Letters and digits with their marks; each CJK character counts as a word of its own.
_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_]+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|(?<=[。！？])")


class LanguageError(ValueError):
    """A language code that is not one of the six official languages."""


def language_code(code: str) -> str:
    """The two-letter official language for a code such as ``fr-FR``, ``zh-Hans``, ``AR``.

    Raises :class:`LanguageError` for anything else, so that a memory file in, say,
    Portuguese is refused instead of filed under a wrong language.
    """
    base = (code or "").strip().replace("_", "-").split("-")[0].lower()
    if base not in LANGUAGES:
        raise LanguageError(f"'{code}' is not one of the six official languages ({', '.join(LANGUAGES)})")
    return base


def normalize(text: str) -> str:
    """The text as the exact index keys it: NFC, white space collapsed, ends trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def words(text: str) -> list[str]:
    """Lower-case words of a text, for the inverted index."""
    return _WORD.findall(text.lower())


def sentences(text: str) -> list[str]:
    """A provision's sentences; a provision of one sentence gives a list of one."""
    parts = [part.strip() for part in _SENTENCE_END.split(text)]
    return [part for part in parts if part]


@dataclass(frozen=True)
class Match:
    """A memory entry found for a query, with its score (100 for an exact match)."""

    entry: int
    source: str
    target: str
    score: float
    origin: str = ""

    @property
    def exact(self) -> bool:
        return self.score >= 100.0


@dataclass
class TranslationMemory:
    """Source/target pairs for one language pair, indexed for exact and fuzzy lookup.

    ``shortlist`` is how many candidates the inverted index passes to rapidfuzz;
    ``budget`` is how many index entries a query may read, rarest words first.
    """

    source_language: str = "en"
    target_language: str = "fr"
    shortlist: int = 40
    budget: int = 20_000
    _sources: list[str] = field(default_factory=list, repr=False)
    _targets: list[str] = field(default_factory=list, repr=False)
    _origins: list[str] = field(default_factory=list, repr=False)
    _exact: dict[str, int] = field(default_factory=dict, repr=False)
    _postings: dict[str, array] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self._sources)

    def add(self, source: str, target: str, origin: str = "") -> int:
        """Add one pair; a later pair for the same source wins the exact lookup."""
        key = normalize(source)
        entry = len(self._sources)
        self._sources.append(key)
        self._targets.append(target)
        self._origins.append(origin)
        self._exact[key] = entry
        postings = self._postings
        for word in set(words(key)):
            posting = postings.get(word)
            if posting is None:
                posting = postings[word] = array("I")
            posting.append(entry)
        return entry

    def extend(self, pairs: Iterable[tuple[str, str]], origin: str = "") -> None:
        for source, target in pairs:
            self.add(source, target, origin)

    def _match(self, entry: int, score: float) -> Match:
        return Match(
            entry=entry,
            source=self._sources[entry],
            target=self._targets[entry],
            score=score,
            origin=self._origins[entry],
        )

    def exact(self, source: str) -> Match | None:
        entry = self._exact.get(normalize(source))
        return None if entry is None else self._match(entry, 100.0)

    def candidates(self, source: str) -> list[int]:
        """Entries sharing the most (rare) words with the query, best first."""
        query = set(words(source))
        if not query:
            return []
        postings = [self._postings[w] for w in query if w in self._postings]
        if not postings:
            return []
        postings.sort(key=len)
        # Rare words carry the match: read the rarest postings up to a budget of entries
        # (the rarest one always), so the work per query stays bounded as the memory grows.
        chosen: list[array] = []
        total = 0
        for posting in postings:
            if chosen and (total + len(posting) > self.budget or len(chosen) >= 12):
                break
            chosen.append(posting)
            total += len(posting)
        counts: Counter[int] = Counter()
        for posting in chosen:
            counts.update(posting)
        return [entry for entry, _ in counts.most_common(self.shortlist)]

    def fuzzy(self, source: str, *, limit: int = 3, cutoff: float = 60.0) -> list[Match]:
        """The best matches scoring at least ``cutoff`` (0–100), best first."""
        key = normalize(source)
        entries = self.candidates(key)
        if not entries:
            return []
        choices = {entry: self._sources[entry] for entry in entries}
        found = process.extract(
            key, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff
        )
        return [self._match(entry, round(score, 1)) for _, score, entry in found]

    def fuzzy_scan(self, source: str, *, limit: int = 3, cutoff: float = 60.0) -> list[Match]:
        """The same question answered by scoring every segment: the benchmark's baseline."""
        key = normalize(source)
        found = process.extract(
            key, self._sources, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff
        )
        return [self._match(entry, round(score, 1)) for _, score, entry in found]

    def lookup(self, source: str, *, limit: int = 3, cutoff: float = 60.0) -> list[Match]:
        """The exact match alone if there is one, else the fuzzy matches."""
        hit = self.exact(source)
        if hit is not None:
            return [hit]
        return self.fuzzy(source, limit=limit, cutoff=cutoff)


def segment_pairs(source: Mapping[str, str], target: Mapping[str, str]) -> list[tuple[str, str]]:
    """Memory pairs from two aligned language versions of one text.

    Every provision is a pair; when both sides have the same number of sentences
    (more than one), each sentence is a pair as well.
    """
    pairs: list[tuple[str, str]] = []
    for eid, text in source.items():
        translated = target.get(eid, "")
        if not text.strip() or not translated.strip():
            continue
        pairs.append((text, translated))
        left, right = sentences(text), sentences(translated)
        if len(left) > 1 and len(left) == len(right):
            pairs.extend(zip(left, right, strict=True))
    return pairs


class Origin(StrEnum):
    """Where a pre-translated provision's text came from."""

    IN_FORCE = "in_force"  # unchanged from the text in force: its agreed translation
    EXACT = "exact"  # the same source text found in the memory
    FUZZY = "fuzzy"  # a near match, to be revised by a translator
    MACHINE = "machine"  # machine translation — not revised
    NONE = "none"  # nothing found
    HUMAN = "human"  # typed or revised by a person


@dataclass(frozen=True)
class Suggestion:
    """What pre-translation proposes for one provision."""

    eid: str
    origin: Origin
    text: str = ""
    score: float = 0.0
    matches: tuple[Match, ...] = ()
    # For a fuzzy match: what changed in the source since the match was translated.
    source_diff: tuple[DiffOp, ...] = ()


def pretranslate(
    source: Sequence[tuple[str, str]],
    memory: TranslationMemory,
    *,
    in_force_source: Mapping[str, str] | None = None,
    in_force_target: Mapping[str, str] | None = None,
    limit: int = 3,
    cutoff: float = 60.0,
) -> dict[str, Suggestion]:
    """Suggest a translation for each ``(eid, text)`` of a new source text.

    A provision whose text equals the text in force under the same id takes the
    agreed translation of that provision. Otherwise an exact memory match is taken
    as it is, and fuzzy matches are offered (the best one's target as a starting
    text) with the word diff from the matched source to the new source.
    """
    in_force_source = in_force_source or {}
    in_force_target = in_force_target or {}
    out: dict[str, Suggestion] = {}
    for eid, text in source:
        agreed = in_force_target.get(eid)
        if agreed and normalize(in_force_source.get(eid, "")) == normalize(text):
            out[eid] = Suggestion(eid, Origin.IN_FORCE, agreed, 100.0)
            continue
        hit = memory.exact(text)
        if hit is not None:
            out[eid] = Suggestion(eid, Origin.EXACT, hit.target, 100.0, (hit,))
            continue
        found = memory.fuzzy(text, limit=limit, cutoff=cutoff)
        if found:
            best = found[0]
            out[eid] = Suggestion(
                eid,
                Origin.FUZZY,
                best.target,
                best.score,
                tuple(found),
                diff_provision(best.source, normalize(text)),
            )
            continue
        out[eid] = Suggestion(eid, Origin.NONE)
    return out
