"""The main window, driven as a user drives it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QPalette, QStatusTipEvent
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot

from mxdesk import __version__
from mxdesk.core.directory import Directory
from mxdesk.ui.models import FacetValueRole, RecordIdRole
from mxdesk.ui.tab import BrowserTab
from mxdesk.ui.window import MainWindow


def shown_ids(tab: BrowserTab) -> set[str]:
    model = tab.model
    return {model.index(r, 0).data(RecordIdRole) for r in range(model.rowCount())}


def type_search(qtbot: QtBot, tab: BrowserTab, text: str) -> None:
    tab.search_field.clear()
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


def facet_count(tab: BrowserTab, title: str, value: str) -> int:
    text = facet_index(tab, title, value).data()
    return int(text.rsplit("(", 1)[1].rstrip(")"))


def test_tabs(window: MainWindow) -> None:
    titles = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    assert titles == ["Clusters", "Sectors", "Policies", "Cooperation", "My notes", "Mission"]
    assert window.statusBar().currentMessage() == "98 of 98 clusters"


def test_typing_queretaro_leaves_only_queretaro_clusters(
    qtbot: QtBot, window: MainWindow, directory: Directory,
) -> None:
    tab = window.tab_pages["clusters"]
    type_search(qtbot, tab, "queretaro")
    expected = {ref.id for ref in directory.clusters_in_state("queretaro")}
    assert shown_ids(tab) == expected
    assert window.statusBar().currentMessage() == f"{len(expected)} of 98 clusters"


def test_accents_acronyms_and_fts_syntax(qtbot: QtBot, window: MainWindow) -> None:
    tab = window.tab_pages["clusters"]
    type_search(qtbot, tab, "nuevo leon")
    assert {"claut", "csoftmty", "monterrey-aerocluster"} <= shown_ids(tab)
    type_search(qtbot, tab, "claugto")
    assert shown_ids(tab) == {"claugto"}
    type_search(qtbot, tab, 'NEAR( "AND (*')
    assert tab.model.rowCount() == 0


def test_empty_result_says_so_and_offers_to_clear(qtbot: QtBot, window: MainWindow) -> None:
    tab = window.tab_pages["clusters"]
    type_search(qtbot, tab, "zzzqqq")
    assert tab.model.rowCount() == 0
    assert window.statusBar().currentMessage() == "No clusters match — 0 of 98 clusters"
    assert tab.empty_bar.isVisible()
    qtbot.mouseClick(tab.clear_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 98
    assert tab.search_field.text() == ""
    assert not tab.empty_bar.isVisible()


def test_facet_click_filters_and_counts_follow(qtbot: QtBot, window: MainWindow) -> None:
    tab = window.tab_pages["clusters"]
    nuevo_leon_before = facet_count(tab, "State", "Nuevo León")
    aerospace = facet_index(tab, "Sector", "Aerospace")
    aerospace_count = facet_count(tab, "Sector", "Aerospace")
    # Tick the value with the keyboard, as a user does: select it, press Space.
    tab.facet_view.setFocus()
    tab.facet_view.setCurrentIndex(aerospace)
    qtbot.keyClick(tab.facet_view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: tab.model.matching == aerospace_count)
    assert all("Aerospace" in tab.model.index(r, 2).data() for r in range(tab.model.rowCount()))
    qtbot.waitUntil(lambda: facet_count(tab, "State", "Nuevo León") < nuevo_leon_before)
    assert window.statusBar().currentMessage() == f"{aerospace_count} of 98 clusters"
    # Counts follow the search too.
    type_search(qtbot, tab, "chihuahua")
    qtbot.waitUntil(lambda: tab.model.matching == 1)
    assert shown_ids(tab) == {"chihuahua-aerospace-cluster"}


def test_cross_link_navigates_and_back_returns(qtbot: QtBot, window: MainWindow) -> None:
    clusters = window.tab_pages["clusters"]
    window.navigate("cluster", "claugto")
    assert clusters.current == ("cluster", "claugto")
    assert "Cluster Automotriz de Guanajuato" in clusters.detail.toPlainText()
    html = clusters.detail.toHtml()
    assert "mxdesk://sector/automotive" in html
    clusters.detail.anchorClicked.emit(QUrl("mxdesk://sector/automotive"))
    sectors = window.tab_pages["sectors"]
    assert window.tabs.currentWidget() is sectors
    assert sectors.current == ("sector", "automotive")
    assert sectors.table.currentIndex().data(RecordIdRole) == "automotive"
    # The policies touching the sector are one more link away.
    assert "mxdesk://policy/automotive-decree" in sectors.detail.toHtml()
    sectors.detail.anchorClicked.emit(QUrl("mxdesk://policy/automotive-decree"))
    assert window.tabs.currentWidget() is window.tab_pages["policies"]
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentWidget() is sectors
    window.back_action.trigger()
    assert window.tabs.currentWidget() is clusters
    assert clusters.table.currentIndex().data(RecordIdRole) == "claugto"
    assert not window.back_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentWidget() is sectors


def test_state_link_filters_the_clusters_tab(window: MainWindow, directory: Directory) -> None:
    window.navigate("cluster", "claut")
    tab = window.tab_pages["clusters"]
    tab.detail.anchorClicked.emit(QUrl("mxdesk://state/nuevo-leon"))
    assert shown_ids(tab) == {ref.id for ref in directory.clusters_in_state("nuevo-leon")}
    assert "Clusters in Nuevo León" in tab.detail.toPlainText()
    window.named_actions["back"].trigger()
    assert tab.current == ("cluster", "claut")


def test_search_everything_finds_a_policy(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.search_everything
    qtbot.waitUntil(dialog.isVisible)
    # ("pro aereo" alone also finds the Baja California cluster whose facts name the plan.)
    qtbot.keyClicks(dialog.field, "pro aereo 2012")
    qtbot.waitUntil(lambda: dialog.results.rowCount() > 0)
    assert dialog.results.item(0).text().startswith("Policies")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    policies = window.tab_pages["policies"]
    assert not dialog.isVisible()
    assert window.tabs.currentWidget() is policies
    assert policies.current == ("policy", "pro-aereo")
    assert "110,000" in policies.detail.toPlainText()


def test_search_everything_groups_by_kind(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.search_everything
    dialog.start()
    qtbot.keyClicks(dialog.field, "aerospace")
    dialog.update_results()
    groups = [dialog.results.item(r).text().split(" (")[0]
              for r in range(dialog.results.rowCount())]
    # The sector named "Aerospace" first; then the kinds whose names hold the word, in the
    # usual order; the first row is the record the word names.
    assert groups[:3] == ["Sectors", "Clusters", "Policies"]
    assert dialog.results.item(0).child(0).text() == "Aerospace"
    qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_detail_pane_lays_out_a_cluster(window: MainWindow) -> None:
    window.navigate("cluster", "claugto")
    text = window.tab_pages["clusters"].detail.toPlainText()
    for expected in ("Also known as", "Guanajuato", "Automotive", "Silver label",
                     "expired (checked", "119", "Human Capital", "http://claugto.org/",
                     "Policies touching", "Sources", "Footnote 75"):
        assert expected in text
    assert text.index("Sources") > text.index("Key figures")


def test_ctrl_c_in_the_pane_copies_the_record(qtbot: QtBot, window: MainWindow) -> None:
    window.navigate("cluster", "claugto")
    pane = window.tab_pages["clusters"].detail
    pane.setFocus()
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(pane, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("CLAUGTO — Cluster Automotriz de Guanajuato")
    assert "Sources" in copied


def test_header_click_sorts_in_sql(qtbot: QtBot, window: MainWindow) -> None:
    tab = window.tab_pages["clusters"]
    header = tab.table.horizontalHeader()
    x = header.sectionViewportPosition(1) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))
    assert tab.model.browse.sort_column == 1
    first = tab.model.index(0, 1).data()
    assert first == "Aguascalientes"


def test_settings_are_remembered(qtbot: QtBot, make_window: object) -> None:
    win = make_window()  # type: ignore[operator]
    win.tabs.setCurrentWidget(win.tab_pages["policies"])
    win.tab_pages["clusters"].model.sort(1, Qt.SortOrder.DescendingOrder)
    win.tab_pages["clusters"].table.horizontalHeader().setSortIndicator(
        1, Qt.SortOrder.DescendingOrder)
    win.tab_pages["clusters"].table.horizontalHeader().resizeSection(0, 333)
    win.named_actions["zoom_in"].trigger()
    size = win.tabs.font().pointSizeF()
    win.close()
    again = make_window()  # type: ignore[operator]
    assert again.tabs.currentWidget() is again.tab_pages["policies"]
    clusters = again.tab_pages["clusters"]
    assert clusters.table.horizontalHeader().sectionSize(0) == 333
    assert clusters.model.browse.sort_column == 1
    assert clusters.model.browse.descending
    assert again.tabs.font().pointSizeF() == size


def test_text_size_and_dark_palette(qtbot: QtBot, window: MainWindow) -> None:
    before = window.tabs.font().pointSizeF()
    window.named_actions["zoom_in"].trigger()
    assert window.tabs.font().pointSizeF() == before + 1
    window.named_actions["zoom_out"].trigger()
    window.named_actions["zoom_out"].trigger()
    assert window.tabs.font().pointSizeF() == before - 1
    window.navigate("cluster", "claut")
    next(a for a in window.theme_actions.actions() if a.data() == "dark").trigger()
    pane = window.tab_pages["clusters"].detail
    qtbot.waitUntil(lambda: pane.palette().color(QPalette.ColorRole.Base).lightness() < 128)
    qtbot.waitUntil(lambda: "color: #e6e6e6" in pane.document().defaultStyleSheet())
    assert "Cluster Automotriz de Nuevo León" in pane.toPlainText()


def test_about(window: MainWindow, directory: Directory) -> None:
    text = window.about_text()
    info = directory.info()
    assert __version__ in text
    assert info.data_version in text
    assert info.build_date in text
    assert f"{info.counts['cluster']} clusters" in text
    assert f"{info.counts['source']} sources" in text
    assert "Preparatory Briefing on Mexico" in text


def test_accessible_names_and_tab_order(window: MainWindow) -> None:
    tab = window.tab_pages["clusters"]
    for widget in (tab.search_field, tab.facet_view, tab.table, tab.detail):
        assert widget.accessibleName()
    assert tab.search_field.nextInFocusChain() is tab.facet_view or \
        tab.facet_view in _focus_chain(tab.search_field, 6)


def _focus_chain(start: object, steps: int) -> list[object]:
    chain, widget = [], start
    for _ in range(steps):
        widget = widget.nextInFocusChain()  # type: ignore[attr-defined]
        chain.append(widget)
    return chain


def test_mouse_click_on_a_facet_box(qtbot: QtBot, window: MainWindow) -> None:
    tab = window.tab_pages["clusters"]
    index = facet_index(tab, "State", "Jalisco")
    view = tab.facet_view
    view.scrollTo(index)
    rect = view.visualRect(index)
    indicator = view.style().pixelMetric(view.style().PixelMetric.PM_IndicatorWidth)
    point = rect.topLeft() + QPoint(3 + indicator // 2, rect.height() // 2)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: tab.model.matching == 7)
    assert window.statusBar().currentMessage() == "7 of 98 clusters"


def test_hidden_tabs_are_made_when_first_shown(window: MainWindow) -> None:
    """Start-up builds the tab in front only; the others are made on the way in."""
    assert [page.name for page in window.tab_pages.made()] == ["clusters"]
    assert not isinstance(window.tabs.widget(1), BrowserTab)
    window.tabs.setCurrentIndex(1)
    sectors = window.tabs.currentWidget()
    assert isinstance(sectors, BrowserTab)
    assert sectors.name == "sectors"
    assert window.tabs.tabText(1) == "&Sectors"
    assert window.tabs.count() == 6
    assert window.current_tab() is sectors is window.tab_pages["sectors"]
    assert window.statusBar().currentMessage() == "46 of 46 sectors"
    # Asking for a tab by name makes it too, in its place, without bringing it to the front.
    policies = window.tab_pages["policies"]
    assert window.tabs.widget(2) is policies
    assert window.tabs.currentWidget() is sectors
    assert [page.name for page in window.tab_pages.made()] == ["clusters", "sectors",
                                                               "policies"]


def test_my_notes_is_made_when_first_shown(window: MainWindow) -> None:
    from mxdesk.core.notes import Contact
    from mxdesk.ui.notes_ui import MyNotesTab

    assert not isinstance(window.tabs.widget(4), MyNotesTab)
    # A contact saved before My notes was ever opened is listed when it is.
    window.store.save_contact(Contact(name="Ana Pérez", cluster_id="claugto"))
    window.tabs.setCurrentIndex(4)
    notes = window.tabs.currentWidget()
    assert isinstance(notes, MyNotesTab)
    assert notes is window.my_notes
    assert window.tabs.tabText(4) == "My &notes"
    assert window.statusBar().currentMessage() == notes.status
    assert [row[2] for row in notes.model.rows] == ["Ana Pérez"]


def test_notes_panel_is_made_for_the_first_cluster_shown(window: MainWindow) -> None:
    from PySide6.QtWidgets import QLabel

    from mxdesk.ui.notes_ui import ClusterNotesPanel

    splitter = window.tab_pages["clusters"].detail_splitter
    stand_in = splitter.widget(1)
    assert isinstance(stand_in, QLabel)
    assert "contacts and notes" in stand_in.text()
    window.navigate("cluster", "claugto")
    panel = splitter.widget(1)
    assert isinstance(panel, ClusterNotesPanel)
    assert panel is window.notes_panel
    assert panel.cluster_id == "claugto"
    assert panel.isEnabled()
    assert splitter.count() == 2


def test_mission_is_made_when_first_shown(window: MainWindow) -> None:
    from mxdesk.ui.agenda.tab import MissionTab

    assert window.missions.made_tab() is None
    assert not isinstance(window.tabs.widget(5), MissionTab)
    window.named_actions["tab6"].trigger()
    assert isinstance(window.tabs.currentWidget(), MissionTab)
    assert window.tabs.currentWidget() is window.missions.tab
    assert window.statusBar().currentMessage().startswith("No mission yet")


def test_the_count_comes_back_when_a_tip_or_a_notice_leaves_the_status_bar_empty(
        qtbot: QtBot, window: MainWindow) -> None:
    """Issue 19's second trial: after the pointer crossed a toolbar button (its status tip
    shown, then cleared) the status bar stayed empty until the next search."""
    tab = window.tab_pages["clusters"]
    qtbot.keyClicks(tab.search_field, "queretaro")
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "6 of 98 clusters")
    toolbar_button = next(
        w for w in window.findChildren(QToolButton)
        if w.defaultAction() is not None and w.defaultAction().statusTip() and w.isVisible())
    # What Qt does when the pointer enters the button and leaves it again.
    QApplication.sendEvent(toolbar_button, QStatusTipEvent(toolbar_button.defaultAction()
                                                           .statusTip()))
    assert window.statusBar().currentMessage() == toolbar_button.defaultAction().statusTip()
    QApplication.sendEvent(toolbar_button, QStatusTipEvent(""))
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "6 of 98 clusters")
    # A notice that times out.
    window.statusBar().showMessage("Saved", 50)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "6 of 98 clusters")
