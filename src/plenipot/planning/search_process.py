"""The planner with its second neighbourhood search in a process of its own.

The engine's planner is a pure library: with two workers it runs a second search beside
its own when it is given something that runs one (`SecondSearch`), and keeps the better
timetable. This module runs that search in a new Python process, so that the two
searches do not take turns in one interpreter: the request goes to the child in a
temporary JSON file, the child runs `python -m plenipot.planning.search_process FILE`
at a lower priority and prints its answer as JSON.

A plain child process rather than `multiprocessing`, which would import the caller's
main script again in the child. Nothing here imports Django, so `plenipot schedule`
and the site's background thread use it alike.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace

from plenipot.engine.planner import (
    DEFAULT_TIME_LIMIT,
    Assignment,
    PlanResult,
    Problem,
    SearchAnswer,
    SearchRequest,
    plan,
    run_search,
    search_answer_from_dict,
    search_answer_to_dict,
    search_request_from_dict,
    search_request_to_dict,
)

# Seconds a new process takes to start and read the problem, set aside for it.
STARTUP = 3.0


def plan_with_second_process(
    problem: Problem,
    *,
    current: Sequence[Assignment] | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = 2,
    seed: int = 0,
) -> PlanResult:
    """`plan`, with the second search of two workers run in a process of its own."""
    return plan(
        problem,
        current=current,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        second_search=SearchProcess(),
    )


class SearchProcess:
    """Runs a second search in a new Python process (a `SecondSearch`)."""

    where = "a second process"

    def start(self, request: SearchRequest) -> RunningSearch | None:
        """Start the child; None when the time left would not pay for starting it, or
        when it cannot start."""
        seconds = request.seconds - STARTUP
        if seconds < 2 * STARTUP:
            return None
        payload = json.dumps(search_request_to_dict(replace(request, seconds=seconds)))
        path = None
        try:
            with tempfile.NamedTemporaryFile(
                "w", suffix=".json", prefix="plenipot-search-", delete=False
            ) as handle:
                path = handle.name
                handle.write(payload)
            child = subprocess.Popen(
                [sys.executable, "-m", "plenipot.planning.search_process", path],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
        except OSError:
            if path is not None:
                with contextlib.suppress(OSError):
                    os.unlink(path)
            return None
        return RunningSearch(child, path)


class RunningSearch:
    """A child process searching; its answer is read once, and its file then removed."""

    def __init__(self, child: subprocess.Popen, path: str) -> None:
        self.child = child
        self.path = path

    def answer(self, deadline: float) -> SearchAnswer | None:
        """The child's answer, or None if it failed or is late (it is then killed)."""
        try:
            output, _ = self.child.communicate(timeout=max(0.5, deadline - time.monotonic()))
            if self.child.returncode != 0:
                return None
            return search_answer_from_dict(json.loads(output))
        except (subprocess.TimeoutExpired, ValueError, KeyError, TypeError, OSError):
            if self.child.poll() is None:
                self.child.kill()
                self.child.communicate()
            return None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(self.path)


def main(argv: Sequence[str] | None = None) -> int:
    """The child: read the request from the JSON file named on the command line, search
    at a lower priority, and print the answer as JSON."""
    args = sys.argv[1:] if argv is None else list(argv)
    if hasattr(os, "nice"):
        os.nice(10)  # never slow the bound or the planner's own search down
    with open(args[0], encoding="utf-8") as handle:
        request = search_request_from_dict(json.load(handle))
    json.dump(search_answer_to_dict(run_search(request)), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
