"""Facet counts while typing (issue 17): the rows follow every keystroke, the counts come once
typing pauses, the whole list's counts are read from the file at open (no count over the
table), and a long list's counts stop at a cap the user is told about."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

import mxdesk.core.directory as directory_module
from mxdesk.core import facet_counts
from mxdesk.core.browse import BrowseQuery
from mxdesk.core.directory import Directory
from mxdesk.core.notes import NotesStore
from mxdesk.core.synth import main as synth
from mxdesk.ui.models import FACET_DELAY_MS
from mxdesk.ui.window import MainWindow


def _labels(window: MainWindow, title: str) -> list[str]:
    facets = window.tab_pages["clusters"].facets
    for g in range(facets.rowCount()):
        group = facets.item(g)
        if group.text() == title:
            return [group.child(r).text() for r in range(group.rowCount())]
    return []


def _tips(window: MainWindow, title: str) -> list[str]:
    facets = window.tab_pages["clusters"].facets
    for g in range(facets.rowCount()):
        group = facets.item(g)
        if group.text() == title:
            return [group.child(r).toolTip() for r in range(group.rowCount())]
    return []


def _open(qtbot: QtBot, db: Path, tmp_path: Path) -> tuple[MainWindow, NotesStore]:
    store = NotesStore(tmp_path / "notes.db")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Directory(db), settings, store, background=True)
    window.ask_unsaved = lambda _text: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(window)
    window.show()
    return window, store


def test_rows_follow_each_key_and_facet_counts_wait_for_the_pause(
        qtbot: QtBot, make_window: object, directory: Directory) -> None:
    window: MainWindow = make_window(background=True)  # type: ignore[operator]
    tab = window.tab_pages["clusters"]
    qtbot.waitUntil(lambda: window.worker is not None and window.worker.idle())
    counted: list[float] = []
    tab.model.facetsChanged.connect(lambda _counts: counted.append(time.monotonic()))
    qtbot.mouseClick(tab.search_field, Qt.MouseButton.LeftButton)
    typed = ""
    for key in "jalisco":
        typed += key
        qtbot.keyClicks(tab.search_field, key)
        # The rows follow this key at once: the table lists this text's matches...
        qtbot.waitUntil(lambda typed=typed: tab.model.browse.text == typed
                        and not tab.model.busy, timeout=2000)
        expected = BrowseQuery(tab.spec, typed).count(directory)
        assert tab.model.rowCount() == expected
    rows_shown = time.monotonic()
    # ...while no facet was counted during the typing (each key came well before the pause).
    assert counted == []
    qtbot.waitUntil(lambda: bool(counted), timeout=5000)
    assert counted[0] - rows_shown >= FACET_DELAY_MS / 1000 * 0.9
    exact = BrowseQuery(tab.spec, "jalisco").facet_counts(directory)
    wanted = [f"{v} ({n:,})" for v, n in exact["State"]]
    # The panel takes the counts in the next turn of the event loop (a tick being made in it
    # finishes first), so the labels follow the signal a moment later.
    qtbot.waitUntil(lambda: _labels(window, "State") == wanted, timeout=2000)
    assert _labels(window, "State")[0].startswith("Jalisco (")


def test_typing_again_before_the_pause_counts_nothing(qtbot: QtBot, make_window: object) -> None:
    window: MainWindow = make_window(background=True)  # type: ignore[operator]
    tab = window.tab_pages["clusters"]
    qtbot.waitUntil(lambda: window.worker is not None and window.worker.idle())
    counted: list[dict[str, object]] = []
    tab.model.facetsChanged.connect(counted.append)
    qtbot.keyClicks(tab.search_field, "aero")
    qtbot.waitUntil(lambda: tab.model.browse.text == "aero" and not tab.model.busy)
    qtbot.wait(FACET_DELAY_MS // 3)
    qtbot.keyClicks(tab.search_field, "espacial")
    qtbot.waitUntil(lambda: tab.model.browse.text == "aeroespacial" and not tab.model.busy)
    qtbot.waitUntil(lambda: bool(counted), timeout=5000)
    qtbot.wait(FACET_DELAY_MS * 2)
    # Counted once, for the text typed last (the first pause was too short).
    assert len(counted) == 1
    assert _labels(window, "Sector")[0].startswith("Aerospace (")


@pytest.fixture
def traced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQL statement run on any directory connection opened from now on."""
    statements: list[str] = []
    connect = sqlite3.connect

    def tracing(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)  # type: ignore[arg-type]
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(directory_module.sqlite3, "connect", tracing)
    return statements


def test_the_whole_lists_counts_show_at_open_without_counting_the_table(
        qtbot: QtBot, traced: list[str], tmp_path: Path, directory: Directory) -> None:
    window, store = _open(qtbot, directory.path, tmp_path)
    tab = window.tab_pages["clusters"]
    # Shown at once, from the file (the next turn of the event loop): no query thread.
    stored = BrowseQuery(tab.spec).facet_counts(directory)
    qtbot.waitUntil(lambda: _labels(window, "State") == [f"{v} ({n:,})"
                                                         for v, n in stored["State"]],
                    timeout=200)
    assert tab.model.total == directory.info().counts["cluster"]
    qtbot.wait(FACET_DELAY_MS * 2)
    assert window.worker is not None
    qtbot.waitUntil(window.worker.idle)
    counts = [s for s in traced if "count(" in s.lower() and "clusters" in s.lower()]
    assert counts == []
    assert any("facet_counts" in s for s in traced)
    assert any("row_counts" in s for s in traced)
    window.close()
    store.close()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "synth-3000.db"
    assert synth(["--clusters", "3000", "-o", str(path)]) == 0
    return path


def test_a_long_lists_counts_stop_at_the_cap_and_say_so(
        qtbot: QtBot, synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The cap and the rows counted, scaled down to a directory a test builds in seconds.
    monkeypatch.setattr(facet_counts, "CAP", 100)
    monkeypatch.setattr(facet_counts, "LIVE_ROWS", 600)
    window, store = _open(qtbot, synthetic, tmp_path)
    tab = window.tab_pages["clusters"]
    counted: list[object] = []
    tab.model.facetsChanged.connect(counted.append)
    qtbot.keyClicks(tab.search_field, "del")  # "del Bajío", "del Norte", "del Mueble"…
    qtbot.waitUntil(lambda: tab.model.browse.text == "del" and not tab.model.busy)
    assert 600 < tab.model.rowCount() < tab.model.total
    qtbot.waitUntil(lambda: bool(counted), timeout=5000)
    qtbot.waitUntil(lambda: any(label.endswith("(100+)") for label in _labels(window, "Region")))
    labels = _labels(window, "Quality label")
    assert labels[0] == "No label (100+)"
    assert all(label.endswith("+)") for label in labels)
    assert "No label: at least 100 in the current list" in _tips(window, "Quality label")[0]
    # Narrowed below the rows counted: exact again.
    counted.clear()
    qtbot.keyClicks(tab.search_field, " mueble jalisco")
    qtbot.waitUntil(lambda: tab.model.browse.text == "del mueble jalisco"
                    and not tab.model.busy)
    qtbot.waitUntil(lambda: bool(counted), timeout=5000)
    qtbot.waitUntil(lambda: _labels(window, "State")[:1] == [
        f"Jalisco ({tab.model.rowCount()})"])
    assert not any("+" in label for label in _labels(window, "Sector"))
    window.close()
    store.close()
