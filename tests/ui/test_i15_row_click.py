"""Clicking the row that is already current shows its record again (issue 15, found by a new
user): after a state's page (a link in a cluster's details), a click on the cluster's own
row, still the table's current row, once did nothing."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from mxdesk.ui.window import MainWindow
from tests.ui.test_i14_tabs import click_link, click_row


def test_a_click_on_the_current_row_shows_it_again(qtbot: QtBot, window: MainWindow) -> None:
    window.navigate("cluster", "claut")
    tab = window.tab_pages["clusters"]
    assert tab.current == ("cluster", "claut")
    click_link(qtbot, tab.detail, "mxdesk://state/nuevo-leon")
    assert tab.current == ("state", "nuevo-leon")
    click_row(qtbot, tab, "claut")
    assert tab.current == ("cluster", "claut")
    assert "Cluster Automotriz de Nuevo León" in tab.detail.toPlainText()
    assert window.notes_panel.cluster_id == "claut"
