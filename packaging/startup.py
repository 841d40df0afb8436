"""Start-up of the frozen bundle against the same app run from its virtual environment.

    python packaging/startup.py [--runs 7]     (after packaging/build.sh)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_start(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MXDESK_STARTUP_PROBE="1",
                   MXDESK_DATA_DIR=tempfile.mkdtemp(prefix="mxdesk-start-"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                text=True, env=env)
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == "READY":
                times.append(time.perf_counter() - started)
                break
        proc.wait(timeout=60)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    bundle = ROOT / "dist" / "mxdesk" / "mxdesk"
    venv = shutil.which("mxdesk")
    if not bundle.exists() or venv is None:
        raise SystemExit("build the bundle first (bash packaging/build.sh) and run this from "
                         "the project's virtual environment")
    frozen = median_start([str(bundle)], args.runs)
    plain = median_start([venv], args.runs)
    print(f"bundle {frozen * 1000:.0f} ms, virtual environment {plain * 1000:.0f} ms, "
          f"ratio {frozen / plain:.2f} (budget 1.2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
