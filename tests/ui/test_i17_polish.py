"""Issue 17's last rough edges in the window (the new user's trial, /work/notes): each test
does what the user did — the header's menu, the File menu, typing, clicking the bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QStandardItem
from pytestqt.qtbot import QtBot

from mxdesk.core.saved_views import save_view
from mxdesk.ui.models import RecordIdRole
from mxdesk.ui.tab import BrowserTab
from mxdesk.ui.window import MainWindow
from tests.ui.test_i14_tabs import OFFSCREEN_POPUP, click_facet, menu_of
from tests.ui.test_spelling import type_in_tab
from tests.ui.test_take_away import Answers, header_menu, menu_action
from tests.ui.test_window import facet_index

# -- no row current that nobody chose ------------------------------------------------------


@OFFSCREEN_POPUP
def test_the_header_menu_selects_no_row(qtbot: QtBot, window: MainWindow) -> None:
    """Closing the header's menu, or hiding a column from it, showed the first row in the
    detail pane though no row was clicked (the trial's §6)."""
    tab = window.tab_pages["clusters"]
    tab.table.setFocus()  # where a click on the header leaves the focus
    header_menu(qtbot, tab, None)  # Esc
    header_menu(qtbot, tab, "Sectors")  # hidden
    qtbot.waitUntil(lambda: tab.table.horizontalHeader().isSectionHidden(2))
    qtbot.wait(50)
    assert tab.current is None
    assert not tab.table.currentIndex().isValid()
    assert tab.table.selectionModel().selectedRows() == []
    assert tab.detail.toPlainText() == ""  # the placeholder: "Select a row …"
    # The keyboard still reaches the rows: ↓ in the table chooses the first one.
    qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: tab.current is not None)
    assert tab.current is not None
    assert tab.current.id == tab.model.index(0, 0).data(RecordIdRole)
    assert tab.table.selectionModel().isRowSelected(0)


# -- File ▸ Export this list… in My notes -------------------------------------------------


def click_tab(qtbot: QtBot, window: MainWindow, title: str) -> None:
    bar = window.tabs.tabBar()
    at = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(at).center())
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == at)


def test_export_this_list_is_greyed_out_in_my_notes_and_says_why(
        qtbot: QtBot, window: MainWindow) -> None:
    """It was enabled there, and only wrote a line in the status bar (the trial's §9)."""
    export = menu_action(window, "File", "Export this &list as Excel or CSV…")
    assert export.isEnabled()
    usual = export.toolTip()
    click_tab(qtbot, window, "My notes")
    assert not export.isEnabled()
    assert export.toolTip() == export.statusTip() == (
        "Export this list works in the Clusters, Sectors, Policies and Cooperation tabs; "
        "File ▸ Export my notes… writes your contacts and notes")
    assert menu_of(window, "File").toolTipsVisible()  # shown on the greyed item
    click_tab(qtbot, window, "Policies")
    assert export.isEnabled()
    assert export.toolTip() == usual


# -- the facet counts of the previous search, drawn as such --------------------------------


def facet_item(tab: BrowserTab, title: str, value: str) -> QStandardItem:
    return tab.facets.itemFromIndex(facet_index(tab, title, value))


def test_counts_not_yet_counted_are_greyed_and_ticks_still_work(
        qtbot: QtBot, make_window: object) -> None:
    """The facet panel showed the previous search's counts as if they were the new one's
    for FACET_DELAY_MS plus the counting (the trial's §5; ui/models.py)."""
    window = make_window(background=True)  # type: ignore[operator]
    tab = window.tab_pages["clusters"]
    placeholder = tab.facet_view.palette().color(QPalette.ColorRole.PlaceholderText)
    qtbot.waitUntil(lambda: tab.facets.rowCount() > 0)
    before = facet_item(tab, "State", "Querétaro").text()
    assert facet_item(tab, "State", "Querétaro").data(Qt.ItemDataRole.ForegroundRole) is None

    qtbot.keyClicks(tab.search_field, "aero")
    qtbot.waitUntil(lambda: tab.model.browse.text == "aero" and not tab.model.busy)
    # The rows are shown; the counts are still the whole list's: greyed, "Counting…".
    item = facet_item(tab, "State", "Querétaro")
    assert item.text() == before
    assert item.data(Qt.ItemDataRole.ForegroundRole).color() == placeholder
    assert "Counting…" in item.data(Qt.ItemDataRole.ToolTipRole)
    assert item.isEnabled()
    assert item.isCheckable()
    # Then the search's own counts, drawn as usual.
    qtbot.waitUntil(lambda: facet_item(tab, "State", "Querétaro").text() != before,
                    timeout=5_000)
    item = facet_item(tab, "State", "Querétaro")
    assert item.data(Qt.ItemDataRole.ForegroundRole) is None
    assert "Querétaro: 1 in the current list" in item.data(Qt.ItemDataRole.ToolTipRole)
    assert not tab.facets.stale

    # A tick while greyed counts: the list narrows, and the counts come back normal.
    tab.search_field.selectAll()
    qtbot.keyClicks(tab.search_field, "cluster")
    qtbot.waitUntil(lambda: tab.model.browse.text == "cluster" and tab.facets.stale)
    click_facet(qtbot, tab, "State", "Querétaro")
    qtbot.waitUntil(lambda: tab.model.browse.selected == {"State": {"Querétaro"}})
    qtbot.waitUntil(lambda: not tab.facets.stale, timeout=5_000)
    assert facet_item(tab, "State", "Querétaro").checkState() == Qt.CheckState.Checked
    qtbot.waitUntil(lambda: {tab.model.index(r, 1).data()
                             for r in range(tab.model.rowCount())} == {"Querétaro"})


# -- the words of a saved view ---------------------------------------------------------------


def test_a_saved_views_name_is_offered_and_told_without_nested_quotes(
        qtbot: QtBot, window: MainWindow) -> None:
    """The status bar said: Showing the saved view "“Monterrey”; Sector: ICT" (§8)."""
    answers = Answers()
    window.saved_views.prompts = answers.prompts()
    tab = window.tab_pages["clusters"]
    type_in_tab(qtbot, window, "monterey")  # corrected: the name offered says Monterrey
    qtbot.waitUntil(lambda: tab.model.browse.text == "Monterrey")
    click_facet(qtbot, tab, "Sector", "ICT")
    qtbot.waitUntil(lambda: tab.model.browse.selected == {"Sector": {"ICT"}})
    answers.names.append(None)  # Cancel: only the offered name is read
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert answers.asked[-1].endswith("[Monterrey; Sector: ICT]")
    answers.names.append("Monterrey; Sector: ICT")  # OK, as offered
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    # A name saved by the earlier release, quotes and all.
    save_view(window.store, "“Monterrey”; Sector: ICT (old)", "clusters", tab.view())
    window.clear_filters()
    menu_action(window, "Go", "Monterrey; Sector: ICT (Clusters)").trigger()
    assert window.statusBar().currentMessage() == (
        "Showing the saved view “Monterrey; Sector: ICT”")
    window.saved_views.rebuild()
    menu_action(window, "Go", "“Monterrey”; Sector: ICT (old) (Clusters)").trigger()
    assert window.statusBar().currentMessage() == (
        "Showing the saved view “Monterrey”; Sector: ICT (old)")
