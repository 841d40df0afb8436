"""Issue 14, the browsing tabs: what the table, the details, the history and the menus show,
driven as a user drives them (clicks on the widgets, keys, the menus' actions)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from mxdesk.core.directory import Directory
from mxdesk.ui.models import FacetValueRole, RecordIdRole
from mxdesk.ui.tab import BrowserTab
from mxdesk.ui.window import MainWindow


def click_header(qtbot: QtBot, table: QTableView, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def row_of(tab: BrowserTab, record_id: str) -> int:
    for r in range(tab.model.rowCount()):
        if tab.model.index(r, 0).data(RecordIdRole) == record_id:
            return r
    raise AssertionError(f"{record_id} is not listed")


def click_row(qtbot: QtBot, tab: BrowserTab, record_id: str,
              button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    index = tab.model.index(row_of(tab, record_id), 0)
    tab.table.scrollTo(index)
    qtbot.mouseClick(tab.table.viewport(), button,
                     pos=tab.table.visualRect(index).center())


def type_search(qtbot: QtBot, tab: BrowserTab, text: str) -> None:
    tab.search_field.setFocus()
    tab.search_field.selectAll()
    qtbot.keyClick(tab.search_field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(tab.search_field, text)
    qtbot.waitUntil(lambda: tab.model.browse.text == text)


def facet_index(tab: BrowserTab, title: str, value: str) -> QModelIndex:
    facets = tab.facets
    for g in range(facets.rowCount()):
        group = facets.item(g)
        if group.text() != title:
            continue
        for r in range(group.rowCount()):
            if group.child(r).data(FacetValueRole) == value:
                return group.child(r).index()
    raise AssertionError(f"no facet {title}: {value}")


def _has_facet(tab: BrowserTab, title: str, value: str) -> bool:
    try:
        facet_index(tab, title, value)
    except AssertionError:
        return False
    return True


def click_facet(qtbot: QtBot, tab: BrowserTab, title: str, value: str) -> None:
    """A mouse click on the value's check box."""
    qtbot.waitUntil(lambda: _has_facet(tab, title, value))
    index = facet_index(tab, title, value)
    view = tab.facet_view
    view.scrollTo(index)
    rect = view.visualRect(index)
    indicator = view.style().pixelMetric(view.style().PixelMetric.PM_IndicatorWidth)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.topLeft() + QPoint(3 + indicator // 2, rect.height() // 2))


# -- 7. the quality label column says when the label expired --------------------------------


def test_quality_label_column_says_expired_as_the_details_do(
        qtbot: QtBot, window: MainWindow, directory: Directory) -> None:
    tab = window.tab_pages["clusters"]
    click_header(qtbot, tab.table, 3)  # Quality label: the labelled clusters first
    assert tab.model.browse.sort_column == 3
    today = dt.date.today()
    keys = tab.listed_records()
    labelled = [c for c in (directory.cluster(i) for _kind, i in keys)
                if c.label is not None]
    assert len(labelled) == 8
    for row, cluster in enumerate(labelled):
        assert cluster.label is not None
        shown = tab.model.index(row, 3).data()
        state = "valid until" if cluster.label.is_valid_on(today) else "expired"
        assert shown == f"{cluster.label.level} ({state} {cluster.label.valid_until.year})"
    # CLAUGTO's Silver label ran until 2019-05-03: the row and the details agree.
    click_row(qtbot, tab, "claugto")
    assert tab.model.index(row_of(tab, "claugto"), 3).data() == "Silver (expired 2019)"
    assert "valid until 2019-05-03 — expired" in tab.detail.toPlainText()


# -- 8. a record the search or the filters remove is no longer shown or acted on --------------


def test_a_cluster_the_search_removes_leaves_the_details_and_its_buttons(
        qtbot: QtBot, window: MainWindow) -> None:
    tab = window.tab_pages["clusters"]
    click_row(qtbot, tab, "claugto")
    panel = window.notes_panel
    assert "Cluster Automotriz de Guanajuato" in tab.detail.toPlainText()
    assert panel.star.isEnabled()
    assert panel.add_contact_button.isEnabled()
    assert window.export_sheet_action.isEnabled()

    type_search(qtbot, tab, "queretaro")
    assert "claugto" not in {i for _k, i in tab.listed_records()}
    assert tab.current is None
    assert tab.detail.toPlainText() == ""
    assert tab.detail.placeholderText().startswith("Select a row")
    assert not panel.star.isEnabled()
    assert not panel.add_contact_button.isEnabled()
    assert not window.export_sheet_action.isEnabled()
    assert not window.new_contact_action.isEnabled()
    qtbot.mouseClick(panel.star, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.add_contact_button, Qt.MouseButton.LeftButton)
    assert not window.store.is_starred("claugto")
    assert window.store.contacts() == []

    # A row of the new list: shown, and the buttons act on it.
    click_row(qtbot, tab, "aerocluster-queretaro")
    assert tab.current == ("cluster", "aerocluster-queretaro")
    assert panel.star.isEnabled()
    assert panel.cluster_id == "aerocluster-queretaro"
    assert window.export_sheet_action.isEnabled()


def test_a_record_a_ticked_facet_removes_is_no_longer_shown(
        qtbot: QtBot, window: MainWindow) -> None:
    window.tabs.setCurrentIndex(1)
    sectors = window.tab_pages["sectors"]
    click_row(qtbot, sectors, "automotive")
    assert sectors.current == ("sector", "automotive")
    click_facet(qtbot, sectors, "Type", "Theme")
    qtbot.waitUntil(lambda: "automotive" not in {i for _k, i in sectors.listed_records()})
    assert sectors.current is None
    assert sectors.detail.toPlainText() == ""
    # Unticked again: the list is whole, nothing is selected until a row is chosen.
    click_facet(qtbot, sectors, "Type", "Theme")
    qtbot.waitUntil(lambda: sectors.model.matching == sectors.model.total)
    assert sectors.current is None


def test_a_record_still_listed_stays_shown(qtbot: QtBot, window: MainWindow) -> None:
    tab = window.tab_pages["clusters"]
    click_row(qtbot, tab, "claugto")
    type_search(qtbot, tab, "guanajuato")
    assert tab.current == ("cluster", "claugto")
    assert tab.table.currentIndex().data(RecordIdRole) == "claugto"
    assert "Cluster Automotriz de Guanajuato" in tab.detail.toPlainText()
    assert window.notes_panel.star.isEnabled()


def test_with_searches_on_the_query_thread_too(qtbot: QtBot, make_window: object) -> None:
    window: MainWindow = make_window(background=True)  # type: ignore[operator]
    tab = window.tab_pages["clusters"]
    qtbot.waitUntil(lambda: tab.model.rowCount() == 98 and not tab.model.busy)
    click_row(qtbot, tab, "claugto")
    assert window.notes_panel.star.isEnabled()
    type_search(qtbot, tab, "queretaro")
    qtbot.waitUntil(lambda: tab.current is None)
    assert tab.detail.toPlainText() == ""
    assert not window.notes_panel.star.isEnabled()
