"""Taking a list away from the window (issue 17): File ▸ Export this list…, the header's
column chooser, and named saved views in the Go menu — each through what a user touches."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QCursor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from mxdesk.core.browse import BrowseQuery
from mxdesk.core.directory import Directory
from mxdesk.core.saved_views import saved_views
from mxdesk.ui.saved_views import ViewPrompts
from mxdesk.ui.tab import BrowserTab
from mxdesk.ui.table_export import TableFile
from mxdesk.ui.window import MainWindow
from tests.ui.test_i14_tabs import (
    OFFSCREEN_POPUP,
    click_facet,
    click_header,
    menu_answerer,
    menu_of,
)
from tests.ui.test_window import facet_count, facet_index, type_search


def shown_rows(tab: BrowserTab) -> list[list[object]]:
    """The table's rows as the view shows them, the hidden columns left out."""
    header = tab.table.horizontalHeader()
    columns = [c for c in range(tab.model.columnCount()) if not header.isSectionHidden(c)]
    return [[tab.model.index(r, c).data() for c in columns]
            for r in range(tab.model.rowCount())]


def header_menu(qtbot: QtBot, tab: BrowserTab, choice: str | None) -> list[tuple[str, bool]]:
    """Right-click the table's header (through the window system, as a mouse does), read the
    menu: (text, checked) of each item; click the item *choice* (None: Esc)."""
    seen: list[tuple[str, bool]] = []
    answer = menu_answerer(qtbot, choice, seen, checked=True)

    header = tab.table.horizontalHeader()
    qtbot.waitExposed(tab.window())
    point = header.viewport().mapTo(tab.window(), QPoint(40, header.height() // 2))
    qtbot.waitUntil(lambda: tab.window().childAt(point) is header.viewport())
    handle = tab.window().windowHandle()
    assert handle is not None
    # The pointer goes there first: Qt sends the menu's event to the widget the pointer was
    # last over (at the start, offscreen, the menu bar at 10, 10).
    QCursor.setPos(tab.window().mapToGlobal(point))
    QTest.mouseMove(handle, point)
    QTimer.singleShot(0, answer)
    QTest.mouseClick(handle, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.waitUntil(lambda: bool(seen))
    return seen


def menu_action(window: MainWindow, menu: str, text: str) -> QAction:
    found = [a for a in menu_of(window, menu).actions() if a.text() == text]
    assert found, [a.text() for a in menu_of(window, menu).actions()]
    return found[0]


@OFFSCREEN_POPUP
def test_the_list_leaves_as_shown_with_the_columns_chosen(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    tab = window.tab_pages["clusters"]
    type_search(qtbot, tab, "aeroespacial")
    click_facet(qtbot, tab, "State", "Querétaro")
    click_facet(qtbot, tab, "State", "Nuevo León")
    click_header(qtbot, tab.table, 1)  # State
    click_header(qtbot, tab.table, 1)  # … the other way
    qtbot.waitUntil(lambda: tab.model.browse.descending)
    items = header_menu(qtbot, tab, "Sectors")
    assert items == [("Name", True), ("State", True), ("Sectors", True),
                     ("Quality label", True), ("Region", False), ("Acronym", False),
                     ("Website", False), ("Label valid until", False),
                     ("Show the usual columns", False),
                     ("Export this &list as Excel or CSV…", False)]
    assert tab.table.horizontalHeader().isSectionHidden(2)
    asked: list[tuple[str, str]] = []
    target = tmp_path / "mission.xlsx"
    window.table_exports.ask_file = lambda name, sep: asked.append((name, sep)) or TableFile(
        target)
    menu_action(window, "File", "Export this &list as Excel or CSV…").trigger()
    assert asked == [("clusters-aeroespacial.xlsx", ";")]
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0] == ("Name", "State", "Quality label")
    assert [list(r) for r in rows[1:]] == [
        [v if v != "" else None for v in row] for row in shown_rows(tab)]
    assert {r[1] for r in rows[1:]} == {"Querétaro", "Nuevo León"}
    assert rows[1][1] == "Querétaro"  # State, descending
    assert window.statusBar().currentMessage() == f"Wrote {len(rows) - 1} clusters to {target}"

    # The header's own menu exports too; a CSV for European spreadsheets, ";" between cells.
    csv_target = tmp_path / "mission.csv"
    window.table_exports.ask_file = lambda _name, _sep: TableFile(csv_target, ";")
    header_menu(qtbot, tab, "Export this &list as Excel or CSV…")
    with csv_target.open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle, delimiter=";")) == [
            ["Name", "State", "Quality label"], *[[str(v) for v in r] for r in shown_rows(tab)]]
    assert window.window_settings.csv_separator == ";"
    assert window.window_settings.table_format == "csv"


def test_a_refused_file_is_told_and_nothing_written(qtbot: QtBot, window: MainWindow,
                                                    tmp_path: Path) -> None:
    told: list[tuple[str, str]] = []
    window.tell_user = lambda title, text: told.append((title, text))  # type: ignore[method-assign]
    before = set(tmp_path.iterdir())
    window.table_exports.ask_file = lambda _n, _s: TableFile(tmp_path / "none" / "x.xlsx")
    window.named_actions["export_list"].trigger()
    assert told
    assert told[0][0] == "The list was not exported"
    assert "does not exist" in told[0][1]
    assert set(tmp_path.iterdir()) == before


@OFFSCREEN_POPUP
def test_hidden_columns_are_remembered_per_tab(qtbot: QtBot, make_window: object) -> None:
    window = make_window()  # type: ignore[operator]
    clusters = window.tab_pages["clusters"]
    header_menu(qtbot, clusters, "Quality label")
    window.tabs.setCurrentWidget(window.tab_pages["sectors"])
    sectors = window.tab_pages["sectors"]
    header_menu(qtbot, sectors, "Industry")
    assert window.column_choosers["sectors"].shown() == [0, 1, 3, 4]
    window.close()

    again = make_window()  # type: ignore[operator]
    assert again.column_choosers["clusters"].shown() == [0, 1, 2]
    assert again.tab_pages["sectors"].table.horizontalHeader().isSectionHidden(2)
    # The header's menu of the window started again, its item triggered as the menu does.
    menu = again.column_choosers["clusters"].menu()
    items = {a.text(): a for a in menu.actions() if not a.isSeparator()}
    assert not items["Quality label"].isChecked()
    assert items["State"].isChecked()
    items["Show the usual columns"].trigger()
    menu.deleteLater()
    assert again.column_choosers["clusters"].shown() == [0, 1, 2, 3]


class Answers:
    """The saved views' prompts, answered as a user would in the dialogs."""

    def __init__(self) -> None:
        self.names: list[str | None] = []
        self.chosen: list[str | None] = []
        self.confirms: list[bool] = []
        self.asked: list[str] = []
        self.told: list[str] = []

    def prompts(self) -> ViewPrompts:
        def ask_name(_title: str, question: str, offered: str) -> str | None:
            self.asked.append(f"{question} [{offered}]")
            return self.names.pop(0)

        def choose(_title: str, names: list[str]) -> str | None:
            self.asked.append(", ".join(names))
            return self.chosen.pop(0)

        def confirm(_title: str, question: str) -> bool:
            self.asked.append(question)
            return self.confirms.pop(0)

        return ViewPrompts(ask_name, choose, confirm, lambda _t, text: self.told.append(text))


def test_a_saved_view_opens_with_its_search_ticks_sort_and_counts(
        qtbot: QtBot, window: MainWindow, directory: Directory) -> None:
    answers = Answers()
    window.saved_views.prompts = answers.prompts()
    tab = window.tab_pages["clusters"]
    type_search(qtbot, tab, "automotriz")
    click_facet(qtbot, tab, "Region", "Centro")
    click_header(qtbot, tab.table, 3)  # Quality label
    view = tab.view()
    listed = tab.listed_records()
    answers.names.append("Cars in the centre")
    tab.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert answers.asked[0].endswith("[automotriz; Region: Centro]")
    assert [v.name for v in saved_views(window.store)] == ["Cars in the centre"]
    assert window.named_actions["delete_view"].isEnabled()

    window.clear_filters()
    window.tabs.setCurrentWidget(window.tab_pages["policies"])
    qtbot.waitUntil(lambda: tab.model.browse.text == "")
    menu_action(window, "Go", "Cars in the centre (Clusters)").trigger()
    assert window.tabs.currentWidget() is tab
    assert tab.search_field.text() == "automotriz"
    assert tab.view() == view
    assert tab.listed_records() == listed
    header = tab.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        3, Qt.SortOrder.AscendingOrder)
    assert tab.facets.selected() == {"Region": {"Centro"}}
    # The facet counts are the view's: the search and the other ticks restrict them.
    expected = BrowseQuery(tab.spec, "automotriz", {"Region": {"Centro"}}).facet_counts(directory)
    states = dict(expected["State"])
    assert len(states) < 6
    qtbot.waitUntil(lambda: all(facet_count(tab, "State", s) == n for s, n in states.items()))
    assert window.statusBar().currentMessage() == "Showing the saved view “Cars in the centre”"


def test_saving_a_taken_name_asks_and_rename_and_delete(qtbot: QtBot,
                                                        window: MainWindow) -> None:
    answers = Answers()
    window.saved_views.prompts = answers.prompts()
    tab = window.tab_pages["clusters"]
    save = menu_action(window, "Go", "&Save this view…")
    assert not window.named_actions["rename_view"].isEnabled()
    answers.names += ["Food", "food"]
    type_search(qtbot, tab, "food")
    save.trigger()
    type_search(qtbot, tab, "agro")
    answers.confirms.append(False)  # not replaced
    save.trigger()
    assert answers.asked[-1] == "A view called “Food” is already saved. Replace it with this one?"
    assert saved_views(window.store)[0].view.text == "food"

    answers.chosen.append("Food")
    answers.names.append("   ")  # an empty name: told, nothing changed
    menu_action(window, "Go", "Re&name a saved view…").trigger()
    assert answers.told == ["a saved view needs a name"]
    answers.chosen.append("Food")
    answers.names.append("Agrifood")
    menu_action(window, "Go", "Re&name a saved view…").trigger()
    assert [a.text() for a in window.saved_views.view_actions] == ["Agrifood (Clusters)"]

    answers.chosen.append("Agrifood")
    answers.confirms.append(True)
    menu_action(window, "Go", "&Delete a saved view…").trigger()
    assert saved_views(window.store) == []
    assert window.saved_views.view_actions == []
    assert not window.named_actions["delete_view"].isEnabled()


@pytest.mark.parametrize("tab_name", ["sectors", "policies", "cooperation"])
def test_every_tab_exports_its_own_columns(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                           tab_name: str) -> None:
    tab = window.tab_pages[tab_name]
    window.tabs.setCurrentWidget(tab)
    target = tmp_path / "list.xlsx"
    window.table_exports.ask_file = lambda _n, _s: TableFile(target)
    window.named_actions["export_list"].trigger()
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0] == tuple(c.title for c in tab.spec.columns if c.shown)
    assert len(rows) - 1 == tab.model.rowCount()


@OFFSCREEN_POPUP
def test_a_column_added_from_the_header_is_exported_and_remembered(
        qtbot: QtBot, make_window: object, tmp_path: Path) -> None:
    """Issue 17's trial: a mission list taken away had no websites; the header's menu now
    offers columns a user may add (read back with openpyxl)."""
    window = make_window()  # type: ignore[operator]
    tab = window.tab_pages["clusters"]
    type_search(qtbot, tab, "claut")
    header_menu(qtbot, tab, "Website")
    assert window.column_choosers["clusters"].shown() == [0, 1, 2, 3, 6]
    target = tmp_path / "claut.xlsx"
    window.table_exports.ask_file = lambda _name, _sep: TableFile(target)
    menu_action(window, "File", "Export this &list as Excel or CSV…").trigger()
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0] == ("Name", "State", "Sectors", "Quality label", "Website")
    assert ("Cluster Automotriz de Nuevo León", "Nuevo León", "Automotive, Transportation",
            "Gold (expired 2019)", "www.claut.com.mx/home") in rows
    window.close()
    again = make_window()  # type: ignore[operator]
    assert again.column_choosers["clusters"].shown() == [0, 1, 2, 3, 6]



@OFFSCREEN_POPUP
def test_a_saved_view_keeps_its_columns_in_the_window_and_the_command_line(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """Issue 17's trial: the window's export of a view had 3 columns, `mxdesk search --view`
    all 4; a view now keeps the columns shown (here Quality label hidden, Website added)."""
    answers = Answers()
    window.saved_views.prompts = answers.prompts()
    tab = window.tab_pages["clusters"]
    type_search(qtbot, tab, "automotriz")
    header_menu(qtbot, tab, "Quality label")
    header_menu(qtbot, tab, "Website")
    answers.names.append("Car clusters")
    menu_action(window, "Go", "&Save this view…").trigger()
    assert saved_views(window.store)[0].columns == ("name", "state", "sectors", "website")

    window.column_choosers["clusters"].show_usual()
    menu_action(window, "Go", "Car clusters (Clusters)").trigger()
    assert window.column_choosers["clusters"].shown() == [0, 1, 2, 6]

    # The command line reads the same view from the same notes file (its folder as the
    # user's data folder).
    folder = window.store.path.parent
    out = tmp_path / "cars.csv"
    result = subprocess.run(
        [sys.executable, "-m", "mxdesk", "search", "", "--view", "Car clusters", "--csv",
         str(out)], capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "MXDESK_DATA_DIR": str(folder)})
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle, delimiter=";"))
    assert header == ["Name", "State", "Sectors", "Website"]


def test_the_next_export_starts_in_the_folder_written_to(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """Issue 17's trial: the Save dialog never remembered the last folder."""
    folder = tmp_path / "mission"
    folder.mkdir()
    window.table_exports.ask_file = lambda _name, _sep: TableFile(folder / "list.csv", ";")
    window.tabs.setCurrentWidget(window.tab_pages["clusters"])
    menu_action(window, "File", "Export this &list as Excel or CSV…").trigger()
    assert (folder / "list.csv").exists()
    assert window.window_settings.list_folder == folder


def test_ticking_a_value_leaves_the_others_where_they_were(qtbot: QtBot,
                                                           window: MainWindow) -> None:
    """Issue 17's trial: ticking Automotive shrank the State list above it, so the next click
    where Aerospace had been ticked another sector. Values now stay in place (a value the
    tick leaves empty is kept, greyed, at 0) until the search changes."""
    tab = window.tab_pages["clusters"]
    qtbot.waitUntil(lambda: facet_count(tab, "Sector", "Aerospace") > 0)
    view = tab.facet_view
    before = view.visualRect(facet_index(tab, "Sector", "Aerospace")).top()
    states = facet_count(tab, "State", "Jalisco")
    click_facet(qtbot, tab, "Sector", "Automotive")
    # The counts follow the tick (Jalisco has no automotive cluster) …
    qtbot.waitUntil(lambda: facet_count(tab, "State", "Jalisco") == 0, timeout=3000)
    assert states > 0
    assert not facet_index(tab, "State", "Jalisco").flags() & Qt.ItemFlag.ItemIsEnabled
    # … and the next value is where it was: a click there ticks Aerospace.
    assert view.visualRect(facet_index(tab, "Sector", "Aerospace")).top() == before
    click_facet(qtbot, tab, "Sector", "Aerospace")
    qtbot.waitUntil(lambda: tab.facets.selected() == {"Sector": {"Automotive", "Aerospace"}})
