"""Mexico at a glance and the companies in the window (issue 16): the toolbar button and Go ▸
Mexico at a glance, a company opened from its sector's page, Back and Forward, Search
everything, and the About box's key list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar
from pytestqt.qtbot import QtBot

from mxdesk.ui import about
from mxdesk.ui.history import Place
from mxdesk.ui.window import MainWindow
from tests.ui.test_i14_tabs import click_link


def _menu_action(window: MainWindow, menu_title: str, text: str) -> QAction:
    """The item *text* of the menu bar's menu *menu_title*, as a user finds it there."""
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu) and top.text().replace("&", "") == menu_title:
            for action in menu.actions():
                if action.text().replace("&", "") == text:
                    return action
    raise AssertionError(f"no {menu_title} ▸ {text}")


def _assert_country_shown(window: MainWindow) -> None:
    clusters = window.tab_pages["clusters"]
    assert window.tabs.currentWidget() is clusters
    assert clusters.current == ("country", "mexico")
    text = clusters.detail.toPlainText()
    for expected in ("Mexico at a glance", "Economy", "Trade with the EU",
                     "46th (of 140 countries)", "€137.3 billion", "Conclusions of the briefing",
                     "Sources", "Footnote 4"):
        assert expected in text, expected
    # The topics in the order they first come, the conclusions last, then the sources.
    assert (text.index("Economy") < text.index("Trade with the EU")
            < text.index("Conclusions of the briefing") < text.rindex("Sources"))
    assert window.history.current is not None
    assert (window.history.current.kind, window.history.current.id) == ("country", "mexico")


def test_the_toolbar_button_shows_mexico_at_a_glance(qtbot: QtBot, window: MainWindow) -> None:
    window.navigate("policy", "pro-aereo")
    toolbar = window.findChild(QToolBar, "navigation-toolbar")
    button = toolbar.widgetForAction(window.named_actions["glance"])
    assert button is not None
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    _assert_country_shown(window)
    # Back returns to the policy, Forward to the country page.
    qtbot.mouseClick(toolbar.widgetForAction(window.back_action), Qt.MouseButton.LeftButton)
    assert window.tab_pages["policies"].current == ("policy", "pro-aereo")
    assert window.tabs.currentWidget() is window.tab_pages["policies"]
    qtbot.mouseClick(toolbar.widgetForAction(window.forward_action), Qt.MouseButton.LeftButton)
    _assert_country_shown(window)


def test_go_menu_and_its_key_show_the_country(qtbot: QtBot, window: MainWindow) -> None:
    window.tabs.setCurrentWidget(window.tab_pages["sectors"])
    _menu_action(window, "Go", "Mexico at a glance").trigger()
    _assert_country_shown(window)
    window.navigate("cluster", "claut")
    qtbot.keyClick(window, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    _assert_country_shown(window)
    assert [(p.kind, p.id) for p in window.history.places] == [
        ("country", "mexico"), ("cluster", "claut"), ("country", "mexico")]


def test_the_country_page_leaves_the_clusters_list_as_it_was(qtbot: QtBot,
                                                             window: MainWindow) -> None:
    clusters = window.tab_pages["clusters"]
    qtbot.keyClicks(clusters.search_field, "auto")
    clusters.search_now()
    listed = clusters.listed_records()
    window.show_country()
    assert clusters.current == ("country", "mexico")
    assert clusters.search_field.text() == "auto"
    assert clusters.listed_records() == listed
    assert clusters.table.selectionModel().selectedRows() == []
    # Nothing acts on a cluster that is not shown: no fact sheet, no contact for it.
    assert not window.export_sheet_action.isEnabled()
    assert not window.new_contact_action.isEnabled()


def test_a_company_opens_from_its_sectors_page_and_back_returns(qtbot: QtBot,
                                                                 window: MainWindow) -> None:
    window.navigate("sector", "automotive")
    sectors = window.tab_pages["sectors"]
    assert "BMW" in sectors.detail.toPlainText()
    click_link(qtbot, sectors.detail, "mxdesk://company/bmw")
    assert window.tabs.currentWidget() is sectors
    assert sectors.current == ("company", "bmw")
    text = sectors.detail.toPlainText()
    for expected in ("BMW", "Company", "Origin", "not stated in the briefing", "Automotive",
                     "Other companies in these sectors", "Audi", "2.3 Sectoral strengths"):
        assert expected in text, expected
    # A company is no row of the Sectors tab: no row is selected, the list stays whole.
    assert sectors.table.selectionModel().selectedRows() == []
    window.named_actions["back"].trigger()
    assert sectors.current == ("sector", "automotive")
    window.named_actions["forward"].trigger()
    assert sectors.current == ("company", "bmw")
    # From the company to its sector, and from a company's state to the state's page.
    click_link(qtbot, sectors.detail, "mxdesk://sector/automotive")
    assert sectors.current == ("sector", "automotive")
    window.navigate("company", "bombardier")
    click_link(qtbot, sectors.detail, "mxdesk://state/queretaro")
    clusters = window.tab_pages["clusters"]
    assert clusters.current == ("state", "queretaro")
    text = clusters.detail.toPlainText()
    assert "Bombardier" in text
    assert "https://icluster-queretaro.spribo.com/clusters" in text
    assert [(p.kind, p.id) for p in window.history.places][-3:] == [
        ("sector", "automotive"), ("company", "bombardier"), ("state", "queretaro")]
    assert isinstance(window.history.current, Place)


def test_search_everything_finds_a_company_and_the_country(qtbot: QtBot,
                                                           window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.search_everything
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.field, "bmw")
    qtbot.waitUntil(lambda: dialog.results.rowCount() > 0)
    groups = [dialog.results.item(r).text() for r in range(dialog.results.rowCount())]
    assert groups == ["Companies (1)"]
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    sectors = window.tab_pages["sectors"]
    assert window.tabs.currentWidget() is sectors
    assert sectors.current == ("company", "bmw")
    # The country is found by what its page says (Edit ▸ Search everything this time).
    _menu_action(window, "Edit", "Search everything…").trigger()
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.field, "doing business")
    dialog.update_results()
    groups = [dialog.results.item(r).text() for r in range(dialog.results.rowCount())]
    assert groups == ["Country (1)"]
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    _assert_country_shown(window)
    window.named_actions["back"].trigger()
    assert window.tabs.currentWidget() is sectors
    assert sectors.current == ("company", "bmw")


def test_the_about_box_lists_the_key(window: MainWindow) -> None:
    assert "Alt+Home Mexico at a glance" in about.key_list()
    assert "40 companies" in window.about_text()
