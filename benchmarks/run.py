"""mxdesk's benchmarks: start-up, search, selection, PDFs and memory, each against its floor.

    python benchmarks/run.py                      the bundled directory and a 100,000-cluster one
    python benchmarks/run.py --clusters 20000     another size for the synthetic directory
    python benchmarks/run.py --json out.json      also write the figures as JSON
    python benchmarks/run.py --notes-only         the notes at 100,000 contacts instead:
                                                  notes_scale.py (store) and notes_ui.py (window)

The synthetic directory is made once with ``python -m mxdesk.core.synth`` and kept in the
system's temporary folder (same seed, same file). Every figure is measured in a fresh process
with Qt offscreen; the floors (a bare PySide6 window, the raw SQLite FTS5 query) are measured
in the same run on the same machine, so the ratios hold on any machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PROBE = HERE / "probe.py"
BUNDLED = ROOT / "data" / "clusters.db"
RUNS = 7


def _spawn(*args: str) -> tuple[float, dict[str, object]]:
    """Seconds from process start to READY (or to its end), and the JSON it printed (with
    ``complete_s``: seconds to COMPLETE, when the process printed it).

    ``startup DB`` starts the application itself (``python -m mxdesk --db DB``, which prints
    READY once its first frame has painted the Clusters table's rows, and COMPLETE once the
    full window has, see mxdesk.ui.app.StartupProbe); anything else runs
    benchmarks/probe.py."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               MXDESK_DATA_DIR=tempfile.mkdtemp(prefix="mxdesk-bench-"))
    # Measure as an installed application runs: with Python's bytecode cache (some CI and
    # sandbox environments turn it off, which adds ~100 ms of compiling to every start).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if args[0] == "startup":
        env["MXDESK_STARTUP_PROBE"] = "1"
        # As people start it: the installed `mxdesk` command when there is one.
        script = shutil.which("mxdesk", path=str(Path(sys.executable).parent))
        command = ([script] if script else [sys.executable, "-m", "mxdesk"]) + ["--db", args[1]]
    else:
        command = [sys.executable, str(PROBE), *args]
    started = time.perf_counter()
    # Its messages come through here too (one pipe, so neither can fill up and stall it).
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    ready = None
    data: dict[str, object] = {}
    for line in proc.stdout:
        if line.strip() == "READY" and ready is None:
            ready = time.perf_counter() - started
        elif line.strip() == "COMPLETE":
            data["complete_s"] = time.perf_counter() - started
        elif line.startswith("{"):
            data = {**json.loads(line), **data}
        elif "propagateSizeHints" not in line:  # (the offscreen platform, once per window)
            sys.stderr.write(line)
    proc.wait()
    if proc.returncode:
        sys.exit(f"probe {' '.join(args)} failed with status {proc.returncode}")
    return (ready if ready is not None else time.perf_counter() - started), data


def startups(dbs: list[Path | str | None]) -> list[tuple[float, float, float]]:
    """Median start-up seconds over RUNS to the first painted rows, the peak RSS of one
    run, and the median seconds to the full window's painted rows (0 for the probes), for
    each directory (None: the bare window; a string: that probe, e.g. "stand-in"). The runs
    take turns, so a busy moment on the machine weighs on the floor and on the app alike."""
    times: list[list[float]] = [[] for _ in dbs]
    complete: list[list[float]] = [[] for _ in dbs]
    rss = [0.0 for _ in dbs]
    for _ in range(RUNS):
        for n, db in enumerate(dbs):
            if isinstance(db, Path):
                seconds, data = _spawn("startup", str(db))
            else:
                seconds, data = _spawn(db or "bare")
            times[n].append(seconds)
            complete[n].append(float(data.get("complete_s", 0.0)))  # type: ignore[arg-type]
            rss[n] = float(data.get("rss_mb", 0.0))  # type: ignore[arg-type]
    return [(statistics.median(t), r, statistics.median(c))
            for t, r, c in zip(times, rss, complete, strict=True)]


def _schema(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error:
        return -1


def synthetic(clusters: int) -> Path:
    """The synthetic directory, made once (and again when the schema changed since)."""
    from mxdesk.core.schema import DIRECTORY_SCHEMA_VERSION

    path = Path(tempfile.gettempdir()) / f"mxdesk-synth-{clusters}.db"
    if path.exists() and _schema(path) != DIRECTORY_SCHEMA_VERSION:
        path.unlink()
    if not path.exists():
        print(f"making a {clusters:,}-cluster directory in {path} (once)…", flush=True)
        subprocess.run([sys.executable, "-m", "mxdesk.core.synth", "--clusters", str(clusters),
                        "-o", str(path)], check=True, cwd=ROOT)
    return path


def budget(name: str, value: float, limit: float, unit: str) -> dict[str, object]:
    return {"figure": name, "value": round(value, 2), "budget": limit, "unit": unit,
            "ok": value <= limit}


def measure(label: str, db: Path, bare_s: float, start: tuple[float, float, float],
            large: bool) -> dict[str, object]:
    start_s, start_rss, complete_s = start
    _seconds, work = _spawn("work", str(db))
    w = {k: float(v) for k, v in work.items()}  # type: ignore[arg-type]
    floor = max(w["floor_p95_ms"], 0.01)
    checks = [
        budget("start-up / bare window", start_s / bare_s, 1.4 if large else 1.3, "×"),
        budget("longest event-loop stall while typing", w["longest_stall_ms"], 50, "ms"),
        budget("detail pane p95", w["select_p95_ms"], 20, "ms"),
        budget("one fact sheet", w["fact_sheet_ms"], 150, "ms"),
        budget(f"brochure of {int(w['brochure_clusters'])} clusters", w["brochure_s"], 30, "s"),
    ]
    if large:
        # The issue sets the floor's budget at 100,000 clusters; on the bundled directory
        # the floor is a fraction of a millisecond, and 2× of it means nothing.
        checks.insert(1, budget("search p95 / raw FTS5 p95", w["search_p95_ms"] / floor, 2.0,
                                "×"))
        checks.insert(2, budget("search p95", w["search_p95_ms"], 50, "ms"))
        checks.append(budget("peak RSS after a brochure", w["rss_after_brochure_mb"], 150,
                             "MB"))
    return {"label": label, "clusters": int(w["clusters"]), "startup_s": start_s,
            "startup_ratio": start_s / bare_s, "complete_s": complete_s,
            "startup_rss_mb": start_rss, **w, "budgets": checks}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clusters", type=int, nargs="+", default=[100_000],
                        help="sizes of the synthetic directories (several: start-up must stay "
                             "flat from the first to the last)")
    parser.add_argument("--synthetic", type=Path, nargs="+", metavar="FILE.db",
                        help="synthetic directories made beforehand, instead of --clusters")
    parser.add_argument("--json", type=Path, metavar="OUT.json")
    parser.add_argument("--skip-large", action="store_true", help="only the bundled directory")
    parser.add_argument("--notes-only", action="store_true",
                        help="the notes benchmarks (100,000 contacts) instead of the directory's")
    args = parser.parse_args()
    if args.notes_only:
        # Each runs its own three fresh processes beside its floor and prints its own table.
        here = Path(__file__).resolve().parent
        failed = 0
        for script in ("notes_scale.py", "notes_ui.py"):
            extra = ["--json", str(args.json.with_suffix(f".{script[:-3]}.json"))] \
                if args.json else []
            failed |= subprocess.run([sys.executable, str(here / script), *extra],
                                     check=False).returncode
        return 1 if failed else 0
    larges = [] if args.skip_large else (
        args.synthetic or [synthetic(n) for n in args.clusters])
    starts = startups(["stand-in", None, BUNDLED, *larges])
    (stand_in_s, stand_in_rss, _), (bare_s, bare_rss, _) = starts[0], starts[1]
    print(f"floor: bare PySide6 window {bare_s * 1000:.0f} ms, {bare_rss:.0f} MB")
    print(f"Qt-only stand-in for mxdesk's window: {stand_in_s * 1000:.0f} ms "
          f"({stand_in_s / bare_s:.2f}× the bare window), {stand_in_rss:.0f} MB")
    results = [measure("bundled", BUNDLED, bare_s, starts[2], large=False)]
    for db, start in zip(larges, starts[3:], strict=True):
        results.append(measure(db.name, db, bare_s, start, large=True))
    if len(results) > 2:  # start-up flat from the smallest synthetic directory to the largest
        results[-1]["budgets"].append(budget(  # type: ignore[attr-defined]
            f"start-up {results[-1]['clusters']:,} / {results[1]['clusters']:,} clusters",
            results[-1]["startup_s"] / results[1]["startup_s"], 1.1, "×"))  # type: ignore[operator]
    for r in results:
        print(f"\n{r['label']} ({r['clusters']:,} clusters)")
        print(f"  start-up {r['startup_s'] * 1000:.0f} ms (bare {bare_s * 1000:.0f} ms; full "
              f"window {r['complete_s'] * 1000:.0f} ms); "
              f"search p50 {r['search_p50_ms']:.1f} ms, p95 {r['search_p95_ms']:.1f} ms "
              f"(raw FTS5 p50 {r['floor_p50_ms']:.1f}, p95 {r['floor_p95_ms']:.1f}) over "
              f"{int(r['keystrokes'])} keystrokes; stall {r['longest_stall_ms']:.1f} ms; "
              f"detail p95 {r['select_p95_ms']:.1f} ms; fact sheet {r['fact_sheet_ms']:.0f} ms; "
              f"brochure {int(r['brochure_clusters'])} clusters {int(r['brochure_pages'])} "
              f"pages {r['brochure_s']:.1f} s; RSS open {r['rss_open_mb']:.0f} MB, after "
              f"brochure {r['rss_after_brochure_mb']:.0f} MB")
        for check in r["budgets"]:  # type: ignore[attr-defined]
            mark = "ok  " if check["ok"] else "OVER"
            print(f"  {mark} {check['figure']}: {check['value']} {check['unit']} "
                  f"(budget {check['budget']} {check['unit']})")
    if args.json:
        args.json.write_text(json.dumps({
            "machine": {"python": platform.python_version(), "platform": platform.platform(),
                        "cpus": os.cpu_count()},
            "bare_window_s": bare_s, "bare_window_rss_mb": bare_rss,
            "qt_stand_in_s": stand_in_s, "qt_stand_in_rss_mb": stand_in_rss, "results": results,
        }, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
