"""The project's own promises: layers, lint, types, and the README/CI contract."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def test_import_contracts_hold() -> None:
    """mxdesk.core never imports Qt; layers only import downwards (import-linter)."""
    result = subprocess.run([_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = subprocess.run([_tool("ruff"), "check", "src", "tests"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_quick_start_matches_ci() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```(?:sh|bash)?\n(.*?)\n```", quick, re.DOTALL)
    assert len(commands) == 2, "the Quick start has exactly two commands"
    assert all("\n" not in c.strip() for c in commands), "each is one line"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].strip() in ci.splitlines()


def test_every_test_named_in_the_reliability_record_exists() -> None:
    """docs/reliability.md names the test behind each promise: a renamed or deleted test must
    not leave a promise that nothing holds."""
    record = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\b(test_[a-z0-9_]+)\b", record))
    defined = {match for path in (ROOT / "tests").rglob("test_*.py")
               for match in re.findall(r"^def (test_[a-z0-9_]+)",
                                       path.read_text(encoding="utf-8"), re.MULTILINE)}
    defined |= {path.stem for path in (ROOT / "tests").rglob("test_*.py")}  # module names
    prefixes = {name for name in named if name.endswith("_")}
    assert named - prefixes - defined == set()
    assert all(any(d.startswith(p) for d in defined) for p in prefixes)
    assert len(named) > 40


def test_the_linters_are_pinned_to_exact_versions() -> None:
    """A release of ruff, mypy or import-linter must not turn a newcomer's first run red."""
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    test_extra = project.split("test = [", 1)[1].split("]", 1)[0]
    for tool in ("ruff", "mypy", "import-linter"):
        assert re.search(rf'"{tool}==[0-9][0-9.]*"', test_extra), f"{tool} is not pinned"


def _debian_package(soname: str) -> str:
    """Debian's package for a shared library, by its naming policy: libxcb-cursor.so.0 ->
    libxcb-cursor0, libxkbcommon-x11.so.0 -> libxkbcommon-x11-0, libX11-xcb.so.1 ->
    libx11-xcb1 (a hyphen before the version when the name ends in a digit)."""
    name, version = soname.split(".so.", 1)
    version = version.split(".")[0]
    name = name.lower()
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's xcb plugin")
def test_the_readme_names_every_x11_library_the_window_needs() -> None:
    """The README's apt-get line for showing the window names each X11 library that Qt's xcb
    platform plugin links to (a newcomer once met a missing one with no hint)."""
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    linked = subprocess.run(["ldd", str(qt / "plugins" / "platforms" / "libqxcb.so"),
                             str(qt / "lib" / "libQt6XcbQpa.so.6")],
                            capture_output=True, text=True, check=False).stdout
    sonames = set(re.findall(r"^\s*((?:libxcb|libX11-xcb|libxkbcommon)[\w-]*\.so\.\d+)", linked,
                             re.MULTILINE))
    assert "libxcb-cursor.so.0" in sonames  # (the plugin was found and read)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\blib[\w.+-]+", readme.split("## Quick start", 1)[1]
                           .split("\n## ", 1)[0]))
    missing = sorted(p for p in map(_debian_package, sonames)
                     if p not in named and p != "libxcb1")
    assert not missing, f"README's apt-get lines miss {missing}"
