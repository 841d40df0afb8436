"""The main window, driven as a user drives it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from mxdesk.core.directory import Directory
from mxdesk.ui.app import MainWindow
from mxdesk.ui.models import ClusterTableModel, RecordIdRole


@pytest.fixture
def window(qtbot: QtBot, directory: Directory) -> Iterator[MainWindow]:
    win = MainWindow(directory)
    qtbot.addWidget(win)
    win.show()
    return win


def _shown_ids(win: MainWindow) -> set[str]:
    model = win.model
    return {model.index(row, 0).data(RecordIdRole) for row in range(model.rowCount())}


def test_model(qtmodeltester: ModelTester, directory: Directory) -> None:
    model = ClusterTableModel(directory)
    qtmodeltester.check(model)
    model.set_ids(["claugto", "claut"])
    qtmodeltester.check(model)


def test_typing_queretaro_filters_to_queretaro(
    qtbot: QtBot, window: MainWindow, directory: Directory,
) -> None:
    total = window.model.rowCount()
    in_state = {ref.id for ref in directory.clusters_in_state("queretaro")}
    qtbot.keyClicks(window.search_field, "queretaro")
    qtbot.waitUntil(lambda: window.model.rowCount() < total)
    assert in_state <= _shown_ids(window)
    assert window.statusBar().currentMessage() == (
        f"{window.model.rowCount()} of {total} clusters")


def test_no_match_says_so(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.search_field, "zzzqqq")
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)
    assert window.statusBar().currentMessage().startswith("No clusters match")


def test_selecting_a_cluster_shows_its_profile(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.search_field, "CLAUGTO")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    window.table.selectRow(0)
    assert "Cluster Automotriz de Guanajuato" in window.detail.toPlainText()
    assert window.model.index(0, 1).data(Qt.ItemDataRole.DisplayRole) == "Guanajuato"
