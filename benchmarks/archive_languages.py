"""How long `plenipot archive` takes, and how it grows with languages and with the conference.

Loads the demo into a fresh data folder (and, with `--scales`, grows it: `plenipot demo
--scale N`), then writes its archive with one language and with all six, timing each
`plenipot archive` as a process of its own. The baseline, measured in the same run, is
one language at the first scale; every row is also given per page written, which stays
flat when the cost grows no faster than the archive.

    python benchmarks/archive_languages.py                 # the demo: English, then all six
    python benchmarks/archive_languages.py --scales 1 3    # and the demo grown three times
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PLENIPOT_DATA_DIR"] = str(data_dir)
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    return env


def _plenipot(*arguments: str, env: dict[str, str], check=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plenipot", *arguments],
        env=env, capture_output=True, text=True, check=check,
    )  # fmt: skip


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _loads() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f}/{five:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="*", default=[1])
    parser.add_argument(
        "--languages",
        nargs="*",
        default=["en", "all"],
        help="runs per scale: a language code, or 'all' for the six (default: en all)",
    )
    args = parser.parse_args(argv)
    print(
        f"# archive, {os.cpu_count()} cores, load {_loads()}; baseline: the first row; "
        "seconds as the archive counts them (the command's start-up left out)"
    )
    print(
        f"{'scale':>5} {'languages':>9} {'seconds':>8} {'pages':>6} {'files':>6} {'MB':>6}"
        f" {'ms/page':>8} {'/base':>6} {'per page /base':>14} {'load 1/5':>9}"
    )
    base = None
    with tempfile.TemporaryDirectory(prefix="plenipot-archive-") as top:
        data = Path(top) / "data"
        env = _env(data)
        _plenipot("demo", "--no-serve", env=env)
        for scale in args.scales:
            if scale > 1:
                _plenipot("demo", "--no-serve", "--scale", str(scale), env=env)
            for choice in args.languages:
                dest = Path(top) / f"archive-{scale}-{choice}"
                languages = [] if choice == "all" else ["--language", choice]
                out = _plenipot("archive", str(dest), *languages, env=env, check=False)
                found = re.search(r": (\d+) pages, (\d+) files \(([\d.]+) s\)", out.stdout)
                if found is None:
                    raise SystemExit(f"the archive failed: {out.stderr[-2000:]}")
                pages, files, seconds = int(found[1]), int(found[2]), float(found[3])
                per_page = seconds * 1000 / max(1, pages)
                base = base or (seconds, per_page)
                print(
                    f"{scale:>5} {'6' if choice == 'all' else choice:>9} {seconds:>8.1f}"
                    f" {pages:>6} {files:>6} {_size(dest) / 2**20:>6.1f} {per_page:>8.1f}"
                    f" {seconds / base[0]:>6.2f} {per_page / base[1]:>14.2f} {_loads():>9}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
