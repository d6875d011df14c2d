"""How fast the translation memory answers, against a linear scan in the same run.

Run from the repository root:

    python benchmarks/translation_memory.py             # 1,000,000 segments
    python benchmarks/translation_memory.py --segments 100000 --queries 200

A memory of generated English segments is built first (generation and indexing are
timed but are not the figure). Then, on one core:

* exact lookup: queries that are segments of the memory, verbatim;
* fuzzy lookup: segments of the memory with one to three words replaced, inserted or
  deleted, and some sentences the memory has never seen; the index (an inverted index
  from words to segments, rarest words first, then rapidfuzz on a shortlist) against a
  linear scan that scores every segment with the same scorer (rapidfuzz's
  `process.extract`, which is C code: a fair and fast baseline);
* agreement: on the queries given to both, how often the index finds a match as good
  as the scan's best;
* pre-translation of a revised resolution of about 5,000 words: most provisions
  unchanged, some amended, some new.

The segments are sentences of words drawn from a Zipf-like vocabulary of 30,000 words,
8 to 40 words long, like provisions of resolutions; targets are short labels because
their text plays no part in the lookup.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import platform
import random
import resource
import statistics
import sys
import time

from plenipot.engine.translation_memory import TranslationMemory, pretranslate

TARGET_FUZZY_P95_MS = 20.0
TARGET_PRETRANSLATE_S = 2.0


def vocabulary(rng: random.Random, size: int) -> tuple[list[str], list[float]]:
    """Words and their cumulative Zipf-like weights."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = set()
    while len(words) < size:
        words.add("".join(rng.choices(letters, k=rng.randint(2, 11))))
    ordered = sorted(words)
    rng.shuffle(ordered)
    weights = list(itertools.accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(size)))
    return ordered, weights


def sentence(rng: random.Random, words: list[str], weights: list[float]) -> str:
    text = " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(8, 40)))
    return text[0].upper() + text[1:] + rng.choice([";", ",", "."])


def amend(rng: random.Random, text: str, words: list[str], weights: list[float]) -> str:
    tokens = text.split()
    for _ in range(rng.randint(1, 3)):
        where = rng.randrange(len(tokens))
        action = rng.random()
        new = rng.choices(words, cum_weights=weights, k=1)[0]
        if action < 0.5:
            tokens[where] = new
        elif action < 0.8:
            tokens.insert(where, new)
        elif len(tokens) > 4:
            del tokens[where]
    return " ".join(tokens)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(function, queries: list[str]) -> tuple[list[float], list]:
    times, results = [], []
    for query in queries:
        start = time.perf_counter()
        results.append(function(query))
        times.append((time.perf_counter() - start) * 1000)
    return times, results


def line(name: str, times: list[float]) -> str:
    return f"  {name:<34} p50 {percentile(times, 0.5):9.3f} ms   p95 {percentile(times, 0.95):9.3f} ms   (n={len(times)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=500, help="lookups through the index")
    parser.add_argument("--scan-queries", type=int, default=20, help="lookups by linear scan")
    parser.add_argument("--seed", type=int, default=2014)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    print(f"Python {platform.python_version()} on {platform.machine()}, one core")
    words, weights = vocabulary(rng, 30_000)

    start = time.perf_counter()
    sources = [sentence(rng, words, weights) for _ in range(args.segments)]
    print(f"generated {len(sources):,} segments in {time.perf_counter() - start:.1f} s "
          f"({sum(len(s.split()) for s in sources[:10000]) / 10000:.1f} words on average)")

    memory = TranslationMemory(source_language="en", target_language="fr")
    gc.disable()
    start = time.perf_counter()
    for n, text in enumerate(sources):
        memory.add(text, f"t{n}")
    built = time.perf_counter() - start
    gc.enable()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"indexed in {built:.1f} s ({len(memory._postings):,} words in the index); peak memory {rss:,.0f} MB")

    exact_queries = [sources[rng.randrange(len(sources))] for _ in range(args.queries)]
    fuzzy_queries = [
        amend(rng, sources[rng.randrange(len(sources))], words, weights)
        if rng.random() < 0.8
        else sentence(rng, words, weights)
        for _ in range(args.queries)
    ]

    print("\nlookup latency")
    exact_times, exact_results = timed(memory.exact, exact_queries)
    print(line("exact (hash map)", exact_times))
    fuzzy_times, fuzzy_results = timed(lambda q: memory.fuzzy(q, limit=3), fuzzy_queries)
    print(line("fuzzy (inverted index + rapidfuzz)", fuzzy_times))
    scan_queries = fuzzy_queries[: args.scan_queries]
    scan_times, scan_results = timed(lambda q: memory.fuzzy_scan(q, limit=3), scan_queries)
    print(line("fuzzy by linear scan", scan_times))
    exact_scan_times, _ = timed(lambda q: memory.fuzzy_scan(q, limit=1, cutoff=100), exact_queries[:10])
    print(line("exact by linear scan", exact_scan_times))

    found_exact = sum(1 for r in exact_results if r is not None)
    agree = sum(
        1
        for indexed, scanned in zip(fuzzy_results[: len(scan_results)], scan_results, strict=True)
        if (not scanned and not indexed) or (indexed and scanned and indexed[0].score >= scanned[0].score)
    )
    with_match = sum(1 for r in fuzzy_results if r)
    print(f"\nexact queries found: {found_exact}/{len(exact_results)}")
    print(f"fuzzy queries with a match ≥ 60: {with_match}/{len(fuzzy_results)}")
    print(f"index as good as the scan's best match: {agree}/{len(scan_results)}")
    fuzzy_p95, scan_p95 = percentile(fuzzy_times, 0.95), percentile(scan_times, 0.95)
    print(f"scan / index at p95: {scan_p95 / fuzzy_p95:,.0f}x; at p50: "
          f"{percentile(scan_times, 0.5) / percentile(fuzzy_times, 0.5):,.0f}x")

    # A revised resolution of about 5,000 words: 60 % unchanged, 30 % amended, 10 % new.
    provisions, total = [], 0
    while total < 5000:
        roll = rng.random()
        base = sources[rng.randrange(len(sources))]
        text = base if roll < 0.6 else amend(rng, base, words, weights) if roll < 0.9 else sentence(rng, words, weights)
        provisions.append((f"p{len(provisions)}", text))
        total += len(text.split())
    start = time.perf_counter()
    suggestions = pretranslate(provisions, memory)
    pretranslate_s = time.perf_counter() - start
    origins: dict[str, int] = {}
    for suggestion in suggestions.values():
        origins[suggestion.origin.value] = origins.get(suggestion.origin.value, 0) + 1
    projected_scan = len(provisions) * statistics.mean(scan_times) / 1000
    print(f"\npre-translation of a revised resolution: {total:,} words, {len(provisions)} provisions")
    print(f"  through the index        {pretranslate_s:7.2f} s   ({', '.join(f'{k} {v}' for k, v in sorted(origins.items()))})")
    print(f"  by linear scan (projected from the scan's mean per provision) {projected_scan:7.1f} s")

    print("\nverdicts")
    ok_fuzzy = fuzzy_p95 <= TARGET_FUZZY_P95_MS
    ok_pre = pretranslate_s <= TARGET_PRETRANSLATE_S
    print(f"  fuzzy lookup p95 {fuzzy_p95:.2f} ms against a target of {TARGET_FUZZY_P95_MS:.0f} ms: {'met' if ok_fuzzy else 'NOT met'}")
    print(f"  pre-translation {pretranslate_s:.2f} s against a target of {TARGET_PRETRANSLATE_S:.0f} s: {'met' if ok_pre else 'NOT met'}")
    return 0 if ok_fuzzy and ok_pre else 1


if __name__ == "__main__":
    sys.exit(main())
