"""How fast Plenipot consolidates a conference's proposals, against two yardsticks.

Run from the repository root:

    python benchmarks/consolidation.py            # the full corpus (several minutes)
    python benchmarks/consolidation.py --quick    # a tenth of the corpus, a smaller case

The corpus (see corpus.py) is generated first and is not timed. Then, on one core:

* ours: parse every base and every edited copy, derive the proposals from each copy,
  and consolidate each instrument's proposals into a bracketed draft; best of N runs.
  Peak memory comes from a separate run under tracemalloc, and from the process's
  maximum resident set size.
* baseline: difflib.SequenceMatcher over token lists on every pair of versions of each
  instrument (the base and all its edited copies), in this same process.
* collatex: CollateX (its default aligner, no near matching) collates ten versions of
  one 2,000-word instrument, the base and nine edited copies, in a child process with
  a time limit; ours consolidates the same ten versions.

Every figure is printed with its ratio to the baseline measured in this run, so the
figures compare across machines; the verdicts say plainly whether each target is met.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import itertools
import multiprocessing
import os
import platform
import re
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from corpus import Corpus, InstrumentCase, generate_case, generate_corpus

from plenipot.engine.consolidation import Draft, consolidate, pick
from plenipot.engine.instrument import parse_instrument, print_instrument
from plenipot.engine.proposals import derive_proposals

TARGET_SECONDS = 2.0
TARGET_COLLATEX_RATIO = 100.0
TARGET_MEGABYTES = 500.0

# The baseline's tokens: words, runs of spaces, and single other characters. It is a
# naive yardstick, so it uses its own tokenizer rather than the engine's.
_BASELINE_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


# --- ours ------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one consolidation run produced, to show it did the whole job."""

    proposals: int = 0
    brackets: int = 0


def consolidate_case(case: InstrumentCase, outcome: Outcome | None = None) -> Draft:
    """Parse the base and every edited copy, derive the proposals, consolidate them."""
    base = parse_instrument(case.base)
    proposals = []
    for variant in case.variants:
        edited = parse_instrument(variant.text)
        proposals.extend(derive_proposals(base, edited, source=variant.source))
    draft = consolidate(base, proposals)
    if outcome is not None:
        outcome.proposals += len(proposals)
        outcome.brackets += draft.brackets()
    return draft


def consolidate_all(cases: Sequence[InstrumentCase]) -> list[Draft]:
    # The drafts are kept, as a conference keeps them all, so memory counts them too.
    return [consolidate_case(case) for case in cases]


def time_stages(cases: Sequence[InstrumentCase], repeat: int) -> dict[str, float]:
    """The same work with a clock around each stage, to show where the time goes.

    The stages run interleaved, instrument by instrument, exactly as in the timed run
    (running each stage over the whole corpus would keep every parsed copy alive and
    let the garbage collector inflate the figures). The best of `repeat` runs by total.
    """
    best: dict[str, float] | None = None
    clock = time.perf_counter
    for _ in range(repeat):
        gc.collect()
        spent = {"parse": 0.0, "derive": 0.0, "consolidate": 0.0}
        drafts = []
        for case in cases:
            start = clock()
            base = parse_instrument(case.base)
            copies = [(v.source, parse_instrument(v.text)) for v in case.variants]
            parsed = clock()
            proposals = [
                p
                for source, edited in copies
                for p in derive_proposals(base, edited, source=source)
            ]
            derived = clock()
            drafts.append(consolidate(base, proposals))
            done = clock()
            spent["parse"] += parsed - start
            spent["derive"] += derived - parsed
            spent["consolidate"] += done - derived
        if best is None or sum(spent.values()) < sum(best.values()):
            best = spent
    assert best is not None
    return best


def check_picks(cases: Sequence[InstrumentCase]) -> tuple[int, int]:
    """Choosing a source's alternatives everywhere must give back its edited copy.

    Not timed: it shows the timed runs did real consolidation, not a shortcut.
    """
    checked = agreed = 0
    for case in cases:
        draft = consolidate_case(case)
        for variant in case.variants:
            checked += 1
            picked = print_instrument(pick(draft, variant.source))
            if picked == print_instrument(parse_instrument(variant.text)):
                agreed += 1
    return agreed, checked


# --- the naive baseline ----------------------------------------------------------------


def baseline_case(case: InstrumentCase) -> int:
    """SequenceMatcher on every pair of versions; returns the number of pairs."""
    versions = [_BASELINE_TOKEN.findall(case.base)]
    versions += [_BASELINE_TOKEN.findall(v.text) for v in case.variants]
    pairs = 0
    for a, b in itertools.combinations(versions, 2):
        difflib.SequenceMatcher(None, a, b).get_opcodes()
        pairs += 1
    return pairs


def baseline_all(cases: Sequence[InstrumentCase]) -> int:
    return sum(baseline_case(case) for case in cases)


# --- collatex --------------------------------------------------------------------------


def _collatex_child(case: InstrumentCase, conn: multiprocessing.connection.Connection) -> None:
    from collatex import Collation, collate

    collation = Collation()
    collation.add_plain_witness("BASE", case.base)
    for variant in case.variants:
        collation.add_plain_witness(variant.source, variant.text)
    start = time.perf_counter()
    table = collate(collation, output="table")  # the alignment table, nothing printed
    elapsed = time.perf_counter() - start
    assert table.rows  # the table was built
    conn.send((elapsed, max_rss_bytes()))
    conn.close()


def time_collatex(case: InstrumentCase, timeout: float) -> tuple[float | None, int]:
    """Seconds CollateX takes on the case (one run), or None past the time limit, and
    the child's maximum resident set (which counts what it shares with this process).

    It runs in a child process that inherits this process's one-core affinity, so that
    a run past the limit can be stopped.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_collatex_child, args=(case, sender))
    child.start()
    sender.close()
    if receiver.poll(timeout):
        elapsed, rss = receiver.recv()
        child.join()
        return elapsed, rss
    child.terminate()
    child.join()
    return None, 0


# --- measuring -------------------------------------------------------------------------


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times), times


def once(run: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def traced_peak(run: Callable[[], object]) -> float:
    """Peak bytes allocated by Python during `run`, above what was live before."""
    gc.collect()
    tracemalloc.start()
    try:
        run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def max_rss_bytes() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def pin_to_one_core(requested: int | None) -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this system)"
    available = sorted(os.sched_getaffinity(0))
    cpu = requested if requested is not None else available[-1]
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu} of {len(available)} available"


# --- printing --------------------------------------------------------------------------


def seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.1f} ms"


def megabytes(value: float) -> str:
    return f"{value / 1e6:.1f} MB" if value < 1e7 else f"{value / 1e6:.0f} MB"


def ratio(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}x"
    if value >= 10:
        return f"{value:.1f}x"
    return f"{value:.3g}x"


def verdict(met: bool) -> str:
    return "MET" if met else "MISSED"


def describe(corpus: Corpus) -> list[str]:
    spread = sorted(len(case.variants) for case in corpus.instruments)
    base_words = corpus.base_words
    proposal_words = corpus.proposal_words
    return [
        f"corpus: seed {corpus.seed}, {len(corpus.instruments)} instruments, "
        f"{corpus.proposal_count:,} proposals (edited copies); proposals per instrument: "
        f"min {spread[0]}, median {statistics.median(spread):g}, max {spread[-1]}",
        f"words (as wc -w counts): bases {base_words:,} + proposals' new text "
        f"{proposal_words:,} = {base_words + proposal_words:,}; "
        f"the edited copies read in full hold {corpus.copy_words:,}",
    ]


# --- the run ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2014, help="corpus seed (default 2014)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a tenth of the corpus and a 400-word CollateX case; targets are not judged",
    )
    parser.add_argument("--repeat", type=int, help="runs of ours to take the best of")
    parser.add_argument("--cpu", type=int, help="the CPU to pin to (default: the last one)")
    parser.add_argument(
        "--collatex-timeout",
        type=float,
        help="seconds before CollateX is stopped (default 1800, 300 with --quick)",
    )
    parser.add_argument("--skip-collatex", action="store_true", help="leave CollateX out")
    args = parser.parse_args(argv)

    if args.quick:
        instruments, proposals, case_words, repeat, timeout = 20, 150, 400, 3, 300.0
    else:
        instruments, proposals, case_words, repeat, timeout = 200, 1500, 2000, 5, 1800.0
    repeat = args.repeat or repeat
    timeout = args.collatex_timeout or timeout

    pinning = pin_to_one_core(args.cpu)
    print(f"Plenipot consolidation benchmark, {time.strftime('%Y-%m-%d %H:%M')}")
    print(
        f"python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} cores, {pinning}, load average {_load()}"
    )
    if args.quick:
        print("QUICK run: smaller corpus and case; the verdicts below are not the targets'.")

    corpus = generate_corpus(seed=args.seed, instruments=instruments, proposals=proposals)
    case = generate_case(seed=args.seed, words=case_words, variants=9)
    for line in describe(corpus):
        print(line)
    print(
        f"collation case: one instrument of {case.base_words:,} words "
        f"and {len(case.variants)} edited copies"
    )
    print()
    rss_before = max_rss_bytes()

    # Ours, on the whole corpus and on the collation case.
    outcome = Outcome()
    for item in corpus.instruments:
        consolidate_case(item, outcome)
    ours_corpus, ours_runs = best_of(repeat, lambda: consolidate_all(corpus.instruments))
    ours_case, _ = best_of(max(repeat, 20), lambda: consolidate_case(case))
    rss_after = max_rss_bytes()
    stages = time_stages(corpus.instruments, repeat)
    peak = traced_peak(lambda: consolidate_all(corpus.instruments))
    agreed, checked = check_picks(corpus.instruments)
    print(
        f"ours: {outcome.proposals:,} provision-level proposals derived, "
        f"{outcome.brackets:,} brackets in the drafts; "
        f"runs {', '.join(seconds(t) for t in ours_runs)}"
    )
    print(
        "ours by stage: " + ", ".join(f"{name} {seconds(value)}" for name, value in stages.items())
    )
    print(f"check: picking each source gives back its edited copy for {agreed}/{checked}")

    # The naive baseline, once: it is slow, and its spread does not change the verdicts.
    pairs = sum((len(item.variants) + 1) * len(item.variants) // 2 for item in corpus.instruments)
    print(f"baseline: difflib on {pairs:,} pairs of versions ...", flush=True)
    base_corpus = once(lambda: baseline_all(corpus.instruments))
    base_case = min(once(lambda: baseline_case(case)) for _ in range(3))

    collatex_time: float | None = None
    collatex_rss = 0
    if not args.skip_collatex:
        print(f"collatex: one run, stopped after {timeout:.0f} s ...", flush=True)
        collatex_time, collatex_rss = time_collatex(case, timeout)

    print(f"load average after the runs: {_load()} (other work on the machine slows every row)")
    print()
    rows = [
        ("corpus", "baseline: difflib, every pair", base_corpus, base_corpus),
        (
            "corpus",
            f"ours: parse + derive + consolidate, best of {repeat}",
            ours_corpus,
            base_corpus,
        ),
        ("case", "baseline: difflib, every pair (45 pairs)", base_case, base_case),
        ("case", "ours: parse + derive + consolidate", ours_case, base_case),
    ]
    print(f"{'':8}{'what':58}{'time':>12}{'/ baseline':>14}")
    for scope, what, value, reference in rows:
        print(f"{scope:8}{what:58}{seconds(value):>12}{ratio(value / reference):>14}")
    if collatex_time is not None:
        print(
            f"{'case':8}{'collatex: default aligner, table output, one run':58}"
            f"{seconds(collatex_time):>12}{ratio(collatex_time / base_case):>14}"
        )
    elif not args.skip_collatex:
        print(
            f"{'case':8}{'collatex: stopped at the time limit':58}"
            f"{'> ' + seconds(timeout):>12}{'> ' + ratio(timeout / base_case):>14}"
        )
    print(
        f"{'memory':8}{'ours: peak traced by tracemalloc (corpus excluded)':58}"
        f"{megabytes(peak):>12}"
    )
    print(
        f"{'memory':8}{'process: max resident set after ours (corpus included)':58}"
        f"{megabytes(rss_after):>12}"
    )
    print(f"{'':8}{'(max resident set before ours ran: ' + megabytes(rss_before) + ')'}")
    if collatex_time is not None:
        print(
            f"{'memory':8}{'collatex: child max resident set (shares the above)':58}"
            f"{megabytes(collatex_rss):>12}"
        )
    print()
    print(f"ratio baseline / ours, corpus: {ratio(base_corpus / ours_corpus)}")
    print(f"ratio baseline / ours, case: {ratio(base_case / ours_case)}")
    if collatex_time is not None:
        print(f"ratio collatex / ours, case: {ratio(collatex_time / ours_case)}")
    elif not args.skip_collatex:
        print(f"ratio collatex / ours, case: more than {ratio(timeout / ours_case)} (lower bound)")
    print()

    label = "quick, not the target" if args.quick else "target"
    print(
        f"{verdict(ours_corpus <= TARGET_SECONDS)}: corpus in at most {TARGET_SECONDS:g} s "
        f"on one core ({label}): {seconds(ours_corpus)}"
    )
    if collatex_time is not None:
        collatex_ratio = collatex_time / ours_case
        print(
            f"{verdict(collatex_ratio >= TARGET_COLLATEX_RATIO)}: at least "
            f"{TARGET_COLLATEX_RATIO:g}x faster than collatex ({label}): {ratio(collatex_ratio)}"
        )
    elif not args.skip_collatex:
        bound = timeout / ours_case
        state = "MET" if bound >= TARGET_COLLATEX_RATIO else "UNDECIDED"
        print(
            f"{state}: at least {TARGET_COLLATEX_RATIO:g}x faster than collatex ({label}): "
            f"more than {ratio(bound)} (collatex stopped at the time limit)"
        )
    memory = max(rss_after, peak)
    print(
        f"{verdict(memory <= TARGET_MEGABYTES * 1e6)}: peak memory at most "
        f"{TARGET_MEGABYTES:g} MB ({label}): {megabytes(memory)}"
    )
    print(
        f"{verdict(agreed == checked)}: every source's text comes back from the drafts "
        f"({agreed}/{checked})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
