"""The wheel carries everything mxdesk needs, and works installed outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_installs_and_passes_selftest_from_anywhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                    str(dist), str(ROOT)], check=True, capture_output=True, timeout=600)
    [wheel] = dist.glob("mxdesk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"mxdesk/_data/clusters.db", "mxdesk/_resources/mxdesk.svg", "mxdesk/cli.py",
            "mxdesk/core/directory.py"} <= names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    # The dependencies (PySide6, sqlite-utils, …) come from this interpreter's site-packages
    # to keep the test quick; mxdesk itself only from the wheel (the editable install of the
    # source tree is a .pth file there, which this path entry does not run).
    purelib = subprocess.run([str(python), "-c", "import sysconfig; "
                              "print(sysconfig.get_paths()['purelib'])"], check=True,
                             capture_output=True, text=True).stdout.strip()
    Path(purelib, "zz_mxdesk_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(QT_QPA_PLATFORM="offscreen", MXDESK_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([str(venv / "bin" / "mxdesk"), "selftest"], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "selftest passed" in result.stdout
    assert f"{purelib}/mxdesk/_data/clusters.db" in result.stdout
    assert str(ROOT) not in result.stdout
    version = subprocess.run([str(venv / "bin" / "mxdesk"), "--version"], cwd=elsewhere,
                             env=env, capture_output=True, text=True, check=True).stdout
    assert version.startswith("mxdesk 0.")
    assert "directory data 2026" in version
