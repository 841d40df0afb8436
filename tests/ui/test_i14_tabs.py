"""Issue 14, the browsing tabs: what the table, the details, the history and the menus show,
driven as a user drives them (clicks on the widgets, keys, the menus' actions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QGuiApplication,
    QPalette,
    QTextCursor,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QTableView, QTextBrowser, QToolBar
from pytestqt.qtbot import QtBot

from mxdesk.core.directory import Directory
from mxdesk.ui.models import FacetValueRole, RecordIdRole
from mxdesk.ui.tab import BrowserTab
from mxdesk.ui.window import MainWindow
from tests.ui.test_window import facet_index


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


def click_link(qtbot: QtBot, browser: QTextBrowser, href: str) -> None:
    """A mouse click on the middle of the first link to *href* in the pane."""
    document = browser.document()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + fragment.length() // 2)
                browser.setTextCursor(cursor)
                browser.ensureCursorVisible()
                point = browser.cursorRect(cursor).center()
                qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
                return
            it += 1
        block = block.next()
    raise AssertionError(f"no link to {href}")


def ticked(tab: BrowserTab) -> dict[str, set[str]]:
    """The facet values whose boxes are ticked, as the facet view shows them."""
    return tab.facets.selected()


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


# -- 9. Back and Forward bring back the search, the ticks and the sort -------------------------


def test_back_after_a_link_to_a_hidden_cluster_restores_the_view(
        qtbot: QtBot, window: MainWindow) -> None:
    tab = window.tab_pages["clusters"]
    click_facet(qtbot, tab, "State", "Guanajuato")
    qtbot.waitUntil(lambda: tab.model.browse.selected == {"State": {"Guanajuato"}})
    type_search(qtbot, tab, "auto")
    click_header(qtbot, tab.table, 0)  # name, Z to A
    assert tab.model.browse.descending
    click_row(qtbot, tab, "claugto")
    listed = tab.listed_records()
    assert ("cluster", "claut") not in listed

    # Nuevo León's automotive cluster, among "other clusters in the same sectors": hidden by
    # the ticked state, so going there clears the filters.
    click_link(qtbot, tab.detail, "mxdesk://cluster/claut")
    assert tab.current == ("cluster", "claut")
    assert tab.search_field.text() == ""
    assert tab.model.browse.selected == {}

    back = window.findChild(QToolBar, "navigation-toolbar").widgetForAction(window.back_action)
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert tab.current == ("cluster", "claugto")
    assert tab.search_field.text() == "auto"
    assert tab.model.browse.text == "auto"
    assert tab.model.browse.selected == {"State": {"Guanajuato"}}
    qtbot.waitUntil(lambda: ticked(tab) == {"State": {"Guanajuato"}})
    header = tab.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        0, Qt.SortOrder.DescendingOrder)
    assert tab.model.browse.descending
    assert tab.listed_records() == listed
    assert tab.table.currentIndex().data(RecordIdRole) == "claugto"
    assert "Cluster Automotriz de Guanajuato" in tab.detail.toPlainText()
    assert window.statusBar().currentMessage() == f"{len(listed)} of 98 clusters"
    # The record's buttons and actions act on it again.
    assert window.export_sheet_action.isEnabled()
    assert window.notes_panel.star.isEnabled()
    assert window.notes_panel.cluster_id == "claugto"

    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert tab.current == ("cluster", "claut")
    assert tab.search_field.text() == ""
    assert tab.model.browse.selected == {}
    assert tab.table.currentIndex().data(RecordIdRole) == "claut"


def test_back_restores_the_view_a_record_was_last_seen_in(
        qtbot: QtBot, window: MainWindow) -> None:
    """The search narrowed after the record was chosen (it stayed listed): Back brings the
    narrower view, as it was when the link was followed."""
    tab = window.tab_pages["clusters"]
    type_search(qtbot, tab, "automotriz")
    click_row(qtbot, tab, "claugto")
    type_search(qtbot, tab, "automotriz guanajuato")
    assert tab.current == ("cluster", "claugto")
    click_link(qtbot, tab.detail, "mxdesk://sector/automotive")
    assert window.tabs.currentWidget() is window.tab_pages["sectors"]
    # Back in the Clusters tab, the search is cleared (Ctrl+L); Back puts it as it was.
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    assert window.tabs.currentWidget() is tab
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert tab.search_field.text() == ""
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentWidget() is tab
    assert tab.search_field.text() == "automotriz guanajuato"
    assert tab.model.browse.selected == {}
    assert tab.current == ("cluster", "claugto")


# -- 12. title, View menu, placeholders, keys in the search field -----------------------------


def menu_of(window: MainWindow, title: str) -> QMenu:
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == title:
            menu = action.menu()
            assert isinstance(menu, QMenu)
            return menu
    raise AssertionError(f"no {title} menu")


def test_window_title_names_mxdesk_once(window: MainWindow) -> None:
    # On X11 and Windows, Qt appends the application's display name (app.py sets "mxdesk")
    # to the title: "mxdesk — Mexico cluster directory — mxdesk" said it twice.
    assert "mxdesk" not in window.windowTitle().lower()
    assert window.windowTitle() == "Mexico cluster directory"


def test_view_menu_names_the_tabs(qtbot: QtBot, window: MainWindow) -> None:
    actions = [a for a in menu_of(window, "View").actions() if not a.isSeparator()][:5]
    assert [a.text() for a in actions] == ["Clusters", "Sectors", "Policies", "Cooperation",
                                           "My notes"]
    assert [a.shortcut().toString() for a in actions] == [f"Ctrl+{n}" for n in range(1, 6)]
    actions[2].trigger()
    assert window.tabs.currentWidget() is window.tab_pages["policies"]
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.tab_pages["sectors"]


def test_each_tab_s_search_field_speaks_of_its_own_records(window: MainWindow) -> None:
    expected = {
        "clusters": "Search clusters: any name, acronym, state or sector (accents optional)",
        "sectors": "Search sectors and industries: any name, alias or industry "
                   "(accents optional)",
        "policies": "Search policies: any name, acronym, body, state or sector "
                    "(accents optional)",
        "cooperation": "Search programmes and partnerships: any name, acronym, field or "
                       "sector (accents optional)",
    }
    for name, text in expected.items():
        assert window.tab_pages[name].search_field.placeholderText() == text


def test_escape_clears_the_search_field(qtbot: QtBot, window: MainWindow) -> None:
    tab = window.tab_pages["clusters"]
    type_search(qtbot, tab, "queretaro")
    assert tab.model.matching == 6
    qtbot.keyClick(tab.search_field, Qt.Key.Key_Escape)
    assert tab.search_field.text() == ""
    qtbot.waitUntil(lambda: tab.model.matching == 98)
    assert tab.search_field.hasFocus()
    qtbot.keyClick(tab.search_field, Qt.Key.Key_Escape)  # empty already: nothing happens
    assert tab.model.matching == 98


def test_down_in_the_search_field_goes_to_the_results(qtbot: QtBot, window: MainWindow) -> None:
    tab = window.tab_pages["clusters"]
    type_search(qtbot, tab, "queretaro")
    qtbot.keyClick(tab.search_field, Qt.Key.Key_Down)
    assert tab.table.hasFocus()
    first = tab.model.index(0, 0).data(RecordIdRole)
    assert tab.table.currentIndex().data(RecordIdRole) == first
    assert tab.current == ("cluster", first)
    qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    assert tab.current == ("cluster", tab.model.index(1, 0).data(RecordIdRole))


# -- 12. a row's menu ------------------------------------------------------------------------


class _Browser(QObject):
    """Stands where the system's web browser would: QDesktopServices hands it the URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


#: A menu pops up: the offscreen platform cannot raise it or grab the keyboard for it.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                            "This plugin does not support grabbing the keyboard")


def menu_answerer(qtbot: QtBot, choice: str | None, seen: list[tuple[str, bool]],
                  checked: bool = False) -> Callable[[], None]:
    """What answers a pop-up menu once it opens: notes each item's (text, enabled) — or
    (text, checked) with *checked* — into *seen*, then clicks the item *choice* (None: Esc).
    Call it with QTimer.singleShot(0, …) before the click that opens the menu."""

    def answer(tries: int = 0) -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            if tries < 200:
                QTimer.singleShot(10, lambda: answer(tries + 1))
            return
        items = [a for a in menu.actions() if not a.isSeparator()]
        seen.extend((a.text(), a.isChecked() if checked else a.isEnabled()) for a in items)
        wanted = [a for a in items if a.text() == choice]
        if wanted:
            qtbot.mouseClick(menu, Qt.MouseButton.LeftButton,
                             pos=menu.actionGeometry(wanted[0]).center())
        else:
            qtbot.keyClick(menu, Qt.Key.Key_Escape)

    return answer


def right_click_and_choose(qtbot: QtBot, tab: BrowserTab, record_id: str,
                           choice: str | None) -> list[tuple[str, bool]]:
    """Right-click a row (through the window system, as a mouse does), read the menu that
    opens and click its item *choice* (None: Esc). Returns the menu's (text, enabled)."""
    seen: list[tuple[str, bool]] = []
    answer = menu_answerer(qtbot, choice, seen)

    index = tab.model.index(row_of(tab, record_id), 0)
    tab.table.scrollTo(index)
    point = tab.table.viewport().mapTo(tab.window(), tab.table.visualRect(index).center())
    handle = tab.window().windowHandle()
    assert handle is not None
    QTimer.singleShot(0, answer)
    QTest.mouseClick(handle, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.waitUntil(lambda: bool(seen))
    return seen


@OFFSCREEN_POPUP
def test_row_menu_of_a_cluster(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    shortlist = window.store.create_shortlist("Querétaro & Monterrey")
    assert shortlist.id is not None
    window.store.set_current_shortlist(shortlist.id)
    tab = window.tab_pages["clusters"]
    add = "Add to the shortlist “Querétaro && Monterrey”"  # '&' doubled: shown as one
    items = right_click_and_choose(qtbot, tab, "claugto", add)
    assert tab.current == ("cluster", "claugto")
    assert items == [
        ("&Copy record as text", True), ("Open website (http://claugto.org/)", True),
        (add, True), ("&Add meeting…", True),  # (issue 18: a meeting with this cluster)
        ("Export &fact sheet as PDF…", True), ("&Print fact sheet…", True)]
    assert window.store.is_starred("claugto")
    assert window.notes_panel.star.isChecked()

    take_off = "Take off the shortlist “Querétaro && Monterrey”"
    right_click_and_choose(qtbot, tab, "claugto", take_off)
    assert not window.store.is_starred("claugto")

    QGuiApplication.clipboard().clear()
    right_click_and_choose(qtbot, tab, "claut", "&Copy record as text")
    assert tab.current == ("cluster", "claut")
    assert QGuiApplication.clipboard().text().startswith("CLAUT — ")

    browser = _Browser()
    QDesktopServices.setUrlHandler("http", browser, "open")
    try:
        right_click_and_choose(qtbot, tab, "claugto", "Open website (http://claugto.org/)")
    finally:
        QDesktopServices.unsetUrlHandler("http")
    assert browser.opened == ["http://claugto.org/"]

    window.ask_path = lambda suggested: tmp_path / suggested  # type: ignore[method-assign]
    right_click_and_choose(qtbot, tab, "claugto", "Export &fact sheet as PDF…")
    assert window.exports.last_export is not None
    assert window.exports.last_export.path.is_file()
    assert window.exports.last_export.path.name == "mxdesk-fact-sheet-claugto.pdf"
    assert window.exports.last_export.bookmarks == (("Cluster Automotriz de Guanajuato", 1),)


@OFFSCREEN_POPUP
def test_row_menu_of_a_sector_and_of_several_clusters(
        qtbot: QtBot, window: MainWindow) -> None:
    window.tabs.setCurrentIndex(1)
    sectors = window.tab_pages["sectors"]
    items = right_click_and_choose(qtbot, sectors, "aerospace", None)
    assert sectors.current == ("sector", "aerospace")
    assert items == [("&Copy record as text", True), ("Open website", False)]

    window.tabs.setCurrentIndex(0)
    clusters = window.tab_pages["clusters"]
    click_row(qtbot, clusters, "claugto")
    index = clusters.model.index(row_of(clusters, "claut"), 0)
    qtbot.mouseClick(clusters.table.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier,
                     clusters.table.visualRect(index).center())
    items = right_click_and_choose(qtbot, clusters, "claugto", None)
    # The rows stay selected; the one clicked is shown, and a brochure can be made of both.
    assert clusters.current == ("cluster", "claugto")
    assert {i for _k, i in clusters.selected_records()} == {"claugto", "claut"}
    assert ("Export mission &brochure…", True) in items


# -- 12. facet check boxes in dark colours ----------------------------------------------------


def _luminance(color: QColor) -> float:
    """WCAG 2 relative luminance."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def _contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("colours", ["&Dark", "&Light"])
def test_facet_check_boxes_stand_out(qtbot: QtBot, window: MainWindow, colours: str) -> None:
    """The box of an unticked value must show against its row (WCAG 1.4.11 asks 3:1 of a
    control's outline); Fusion drew it in the window colour darkened, lost on dark rows."""
    theme_menu = next(a.menu() for a in menu_of(window, "View").actions()
                      if a.text() == "&Colours")
    assert isinstance(theme_menu, QMenu)
    next(a for a in theme_menu.actions() if a.text() == colours).trigger()
    tab = window.tab_pages["clusters"]
    qtbot.waitUntil(lambda: _has_facet(tab, "State", "Jalisco"))
    view = tab.facet_view
    base = QPalette.ColorRole.Base
    qtbot.waitUntil(lambda: view.palette().color(base) == QApplication.palette().color(base))
    assert (view.palette().color(base).lightness() < 128) == (colours == "&Dark")
    index = facet_index(tab, "State", "Jalisco")
    view.scrollTo(index)
    image = view.viewport().grab().toImage()
    rect = view.visualRect(index)
    y = rect.center().y()
    background = image.pixelColor(rect.right() - 2, y)
    indicator = view.style().pixelMetric(view.style().PixelMetric.PM_IndicatorWidth)
    box = [image.pixelColor(x, y) for x in range(rect.left(), rect.left() + indicator + 8)]
    assert max(_contrast(c, background) for c in box) >= 3.0


# -- 4. '&' in labels -------------------------------------------------------------------------


def test_facet_values_keep_their_ampersand(qtbot: QtBot) -> None:
    """Facet boxes are items of a tree view, which draws '&' as written (a mnemonic is only
    read in buttons, actions, radio and check box widgets): doubled, it would show '&&'."""
    from mxdesk.ui.models import FacetModel

    facets = FacetModel()
    facets.set_counts({"Sector": [("Food & beverage", 3)]}, {"Sector": {"Food & beverage"}})
    item = facets.item(0).child(0)
    assert item.text() == "Food & beverage (3)"
    assert item.data(FacetValueRole) == "Food & beverage"
    assert facets.selected() == {"Sector": {"Food & beverage"}}


def test_search_everything_shows_typed_text_as_text(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.search_everything
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.field, "<b>zzqx</b>")
    qtbot.waitUntil(lambda: dialog.hint.text() == "Nothing matches “<b>zzqx</b>”.")
    # Drawn as typed, tags and all (as rich text it showed a bold "zzqx").
    metrics = dialog.hint.fontMetrics()
    assert dialog.hint.sizeHint().width() >= metrics.horizontalAdvance(dialog.hint.text())
    qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)


@OFFSCREEN_POPUP
def test_menu_key_opens_the_current_row_s_menu(qtbot: QtBot, window: MainWindow) -> None:
    tab = window.tab_pages["clusters"]
    click_row(qtbot, tab, "claugto")
    tab.table.setFocus()
    seen: list[str] = []

    def answer(tries: int = 0) -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            if tries < 200:
                QTimer.singleShot(10, lambda: answer(tries + 1))
            return
        seen.append(next(a.text() for a in menu.actions() if a.text().startswith("Open")))
        qtbot.keyClick(menu, Qt.Key.Key_Escape)

    QTimer.singleShot(0, answer)
    # What X11 sends the focused table for the Menu key (the offscreen platform cannot make
    # it from the key): a keyboard context menu event, its position the pointer's, here on
    # another row.
    other = tab.table.visualRect(tab.model.index(0, 0)).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, other,
                              tab.table.viewport().mapToGlobal(other))
    QApplication.sendEvent(tab.table, event)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == ["Open website (http://claugto.org/)"]
    assert tab.current == ("cluster", "claugto")


# -- triggered(bool) and clicked(bool) reach slots with optional parameters -------------------


def test_menu_and_toolbar_reach_slots_with_optional_parameters(
        qtbot: QtBot, window: MainWindow) -> None:
    """triggered(bool) would arrive as restore_notes' chooser or export_brochure's preferred
    choice (False): the window's actions call them with none."""
    window.store.backup()
    shown: list[str] = []

    def cancel_the_dialog(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            if tries < 200:
                QTimer.singleShot(10, lambda: cancel_the_dialog(tries + 1))
            return
        shown.append(dialog.windowTitle())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, cancel_the_dialog)
    restore = next(a for a in menu_of(window, "File").actions()
                   if a.text() == "Restore my notes from a backup…")
    restore.trigger()  # as the File menu does
    assert shown == ["Restore your notes from a backup"]

    offered: list[list[str]] = []

    def choose(choices: list[Any]) -> None:
        offered.append([c.key for c in choices])

    window.run_brochure_dialog = choose  # type: ignore[assignment]
    toolbar = window.findChild(QToolBar, "navigation-toolbar")
    button = toolbar.widgetForAction(window.export_brochure_action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert offered == [["all"]]
