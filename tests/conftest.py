"""Shared fixtures: the committed directory database and a fresh build of it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# Must be set before Qt is imported anywhere: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The suite speaks English unless a test asks for another language (issue 20): a developer
# whose system locale is Spanish must see the same results as CI. Subprocesses inherit it.
os.environ["MXDESK_LANG"] = "en"

import pytest

from mxdesk.core import paths
from mxdesk.core.build import build
from mxdesk.core.directory import Directory

ROOT = paths.SOURCE_TREE
COMMITTED_DB = ROOT / "data" / "clusters.db"


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory: pytest.TempPathFactory,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real user's data folder."""
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path_factory.mktemp("userdata")))
    monkeypatch.delenv(paths.DB_ENV, raising=False)


@pytest.fixture(autouse=True)
def _english_unless_asked() -> Iterator[None]:
    """Each test starts in English and leaves the process in English."""
    from mxdesk.core import i18n

    i18n.set_language(i18n.ENGLISH)
    yield
    i18n.set_language(i18n.ENGLISH)


@pytest.fixture(scope="session")
def fresh_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/source built anew into a temporary file."""
    out = tmp_path_factory.mktemp("build") / "clusters.db"
    build(paths.source_dir(), out)
    return out


@pytest.fixture(scope="session")
def directory() -> Iterator[Directory]:
    """The committed data/clusters.db, opened read-only as the app opens it."""
    with Directory(COMMITTED_DB) as opened:
        yield opened


def fuzz_examples(default: int) -> int:
    """How many examples a fuzz test generates: *default* in the suite, more on request
    (``MXDESK_FUZZ_SCALE=50 pytest -k fuzz`` for a long run)."""
    return default * max(1, int(os.environ.get("MXDESK_FUZZ_SCALE", "1")))


def require_tool(name: str) -> str:
    """The path of a command-line tool a test needs. Under CI (which installs it in
    .ci/run) its absence fails the test; on a developer's machine it skips, saying why."""
    import shutil

    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed (.ci/run installs it with apt-get)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found
