"""The order people expect of numbers written as text: Resolution 2 before 64 before 180.

Instrument numbers are strings ("2", "101", "COM5/2", "WGPL/6", "11A"), so a database or
`sorted` puts "180" before "2". `natural_key` compares the runs of digits in a string as
numbers and the rest as text, without case, so that lists of resolutions, decisions and
provisional names read in their numeric order.

Public API: :func:`natural_key`.
"""

from __future__ import annotations

import re

_RUNS = re.compile(r"(\d+)")

# A run is (0, number, "") or (1, 0, text): digits sort before letters at the same place,
# and two runs of different kinds are never compared on their values.
Run = tuple[int, int, str]


def natural_key(text: str) -> tuple[tuple[Run, ...], str]:
    """A sort key for `text` that orders its digit runs by value ("2" < "64" < "180",
    "COM5/2" < "COM5/10"); ties ("02" and "2", "a" and "A") fall back on the text, so
    that the order is total and does not depend on the order of the input."""
    runs: list[Run] = []
    for index, part in enumerate(_RUNS.split(text)):
        if not part:
            continue
        if index % 2:
            runs.append((0, int(part), ""))
        else:
            runs.append((1, 0, part.casefold()))
    return tuple(runs), text
