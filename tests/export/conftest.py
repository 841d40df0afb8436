"""The export tests share pytest-qt's QApplication (and its orderly shutdown) with the rest;
the mission papers' tests share a notes file holding the three-day mission
(tests/mission_fixture.py)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from mxdesk.core.mission import Mission
from mxdesk.core.notes import NotesStore
from tests.mission_fixture import make_mission


@pytest.fixture(scope="session", autouse=True)
def _application(qapp: QApplication) -> QApplication:
    return qapp


@pytest.fixture
def store(tmp_path: Path) -> Iterator[NotesStore]:
    """A notes file of its own in the test's folder."""
    opened = NotesStore(tmp_path / "notes.db")
    yield opened
    opened.close()


@pytest.fixture
def trip(store: NotesStore) -> Mission:
    """The three-day Querétaro + Monterrey mission of tests/mission_fixture.py, in *store*."""
    return make_mission(store)
