"""The portal benchmark's arithmetic: percentiles, throughput and the verdicts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "portal_load.py"
spec = importlib.util.spec_from_file_location("portal_load", SCRIPT)
portal_load = importlib.util.module_from_spec(spec)
sys.modules["portal_load"] = portal_load  # dataclasses look their module up by name
spec.loader.exec_module(portal_load)


def result(page, users, think, latencies, seconds=10.0):
    r = portal_load.Result(page=page, users=users, think=think)
    r.latencies = list(latencies)
    r.seconds = seconds
    return r


def test_percentiles_and_throughput():
    r = result("list", 50, True, [i / 1000 for i in range(1, 101)])
    assert r.percentile(50) == 50.0
    assert r.percentile(95) == 95.0
    assert r.percentile(99) == 99.0
    assert r.throughput == 10.0
    assert portal_load.Result("x", 1, True).throughput == 0.0


def test_verdicts_say_met_and_not_met():
    fast = [0.01] * 100
    slow = [0.5] * 100
    results = [
        result("bare", 32, False, fast * 10),
        result("list", 32, False, fast * 6),
        result("search", 32, False, fast * 2),
        result("tracker", 32, False, fast * 5),
        result("list", 200, True, fast),
        result("search", 200, True, slow),
        result("tracker", 200, True, fast),
    ]
    lines = "\n".join(portal_load.verdicts(results))
    assert "throughput >= 0.5 x bare view: MET (0.60)" in lines
    assert "200 users, list: MET" in lines
    assert "200 users, search: NOT MET (500.0 ms)" in lines


def test_urls_stay_on_the_pages_measured():
    import random

    rng = random.Random(1)
    facts = {"pages": 400, "tracker": "/tracker/"}
    assert portal_load.url_for("list", rng, facts).startswith("/documents/?page=")
    assert portal_load.url_for("search", rng, facts).startswith("/documents/?q=")
    assert portal_load.url_for("tracker", rng, facts) == "/tracker/"
    assert portal_load.url_for("bare", rng, facts) == "/bench/bare/"
