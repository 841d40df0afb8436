"""Issue 17's last rough edges in the window (the new user's trial, /work/notes): each test
does what the user did — the header's menu, the File menu, typing, clicking the bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from mxdesk.ui.models import RecordIdRole
from mxdesk.ui.window import MainWindow
from tests.ui.test_i14_tabs import OFFSCREEN_POPUP, menu_of
from tests.ui.test_take_away import header_menu, menu_action

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
    at = [i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == title][0]
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
