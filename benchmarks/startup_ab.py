"""Start-up of two versions, or two languages, side by side (issue 20).

    python benchmarks/startup_ab.py OLD_CHECKOUT NEW_CHECKOUT     # e.g. a `git worktree` of
                                                                # the commit before a change
    python benchmarks/startup_ab.py --lang en es                 # this checkout in two languages

Each round starts the window once from each side, alternately (so that the machine's load
falls on both alike), and times it from the process start to READY: the first frame painted
with its rows, as ``benchmarks/run.py`` reads it (``MXDESK_STARTUP_PROBE``). Each side starts
with a fresh, empty data folder. Prints the median and minimum over the rounds, in ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ready_ms(source: Path, lang: str) -> float:
    """Milliseconds from starting ``python -m mxdesk`` (from *source*'s src/) to READY."""
    env = dict(os.environ, MXDESK_DATA_DIR=tempfile.mkdtemp(), MXDESK_STARTUP_PROBE="1",
               QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PYTHONPATH=str(source / "src"), MXDESK_LANG=lang)
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mxdesk"], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == "READY":
                return (time.perf_counter() - started) * 1000
        raise SystemExit(f"{source}: the window never said READY")
    finally:
        proc.kill()
        proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sides", nargs=2, help="two checkouts, or two languages with --lang")
    parser.add_argument("--lang", action="store_true", help="the sides are languages")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    sides = [(side, ROOT, side) if args.lang else (side, Path(side), "en") for side in args.sides]
    times: dict[str, list[float]] = {name: [] for name, _source, _lang in sides}
    for _round in range(args.rounds):
        for name, source, lang in sides:
            times[name].append(ready_ms(source, lang))
    for name, values in times.items():
        print(f"{name}: median {statistics.median(values):.1f} ms, min {min(values):.1f} ms, "
              f"{[round(v) for v in values]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
