"""The first frame at start (issue 17): the Clusters table and its first rows, painted before
the window's other parts exist, then the same window completed in place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from mxdesk.core.browse import BrowseQuery
from mxdesk.core.directory import Directory
from mxdesk.core.notes import NotesStore
from mxdesk.core.tables import CLUSTERS
from mxdesk.ui.first_frame import FIRST_ROWS, FirstRowsPainted, WindowShell, first_rows
from mxdesk.ui.window import MainWindow


def test_the_first_frame_paints_the_first_rows_then_becomes_the_window(
        qtbot: QtBot, directory: Directory, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    shell = WindowShell()
    qtbot.addWidget(shell)
    table = shell.show_first_rows(directory.path, settings)
    assert table is not None
    painted = FirstRowsPainted(table, shell)
    shell.show()
    qtbot.waitUntil(lambda: painted.rows > 0)
    # The first rows in name order, as the full window's table lists them.
    expected = BrowseQuery(CLUSTERS).rows(directory, 0, FIRST_ROWS)
    names = [table.model().index(r, 0).data() for r in range(table.model().rowCount())]
    assert names == [row.cells[0] for row in expected]
    assert table.rowAt(0) == 0

    store = NotesStore(tmp_path / "notes.db")
    window = MainWindow.complete(shell, directory, settings, store)
    window.ask_unsaved = lambda _text: "discard"  # type: ignore[method-assign]
    assert window is shell  # the same window, completed in place
    assert window.centralWidget() is window.tabs
    assert window.first_table is None
    tab = window.tab_pages["clusters"]
    qtbot.mouseClick(tab.search_field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.search_field, "jalisco")
    qtbot.waitUntil(lambda: tab.model.browse.text == "jalisco" and not tab.model.busy)
    assert tab.model.rowCount() == BrowseQuery(tab.spec, "jalisco").count(directory)
    window.close()  # its own closeEvent runs: the settings are written
    assert settings.value("window/tab") == "clusters"
    store.close()


def test_no_first_frame_when_the_last_run_ended_on_another_tab(
        qtbot: QtBot, directory: Directory, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/tab", "sectors")
    shell = WindowShell()
    qtbot.addWidget(shell)
    assert shell.show_first_rows(directory.path, settings) is None
    assert shell.centralWidget() is None


def test_a_file_that_cannot_give_rows_gives_no_first_frame(tmp_path: Path) -> None:
    bad = tmp_path / "clusters.db"
    bad.write_bytes(b"not a database" * 100)
    assert first_rows(bad) is None
    assert first_rows(tmp_path / "missing.db") is None
