"""The Clusters tab's map (issue 19), as a user meets it: the switch above the table, a click
on a state that filters the table, the keyboard, the tool tip, the screen reader's text, and
the dark colours."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QColor, QPalette
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from mxdesk.core.browse import BrowseQuery
from mxdesk.core.directory import Directory
from mxdesk.core.tables import CLUSTERS
from mxdesk.export.statemap import contrast_ratio
from mxdesk.ui.about import about_text
from mxdesk.ui.map_view import ClusterMap, TableOrMap
from mxdesk.ui.models import RecordIdRole
from mxdesk.ui.window import MainWindow


def _switch(window: MainWindow) -> TableOrMap:
    switch = window.tab_pages["clusters"].table_or_map
    assert switch is not None
    return switch


def _listed(window: MainWindow) -> list[str]:
    model = window.tab_pages["clusters"].model
    return [model.index(r, 0).data(RecordIdRole) for r in range(model.rowCount())]


def _expected(directory: Directory, text: str, states: set[str]) -> list[str]:
    selected = {"State": states} if states else {}
    return [i for _kind, i in BrowseQuery(CLUSTERS, text, selected).ordered_keys(directory)]


def _shown_map(qtbot: QtBot, window: MainWindow) -> ClusterMap:
    switch = _switch(window)
    qtbot.mouseClick(switch.map_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: switch.map.isVisible() and switch.map.geometry_now() is not None)
    return switch.map


def _point_of(cluster_map: ClusterMap, state_id: str) -> QPoint:
    geometry = cluster_map.geometry_now()
    assert geometry is not None
    point = geometry.label_point(state_id)
    assert geometry.state_at(point) == state_id
    return point.toPoint()


def test_a_click_on_jalisco_lists_exactly_its_clusters_and_a_second_click_all_again(
        qtbot: QtBot, window: MainWindow, directory: Directory) -> None:
    tab = window.tab_pages["clusters"]
    qtbot.keyClicks(tab.search_field, "a")
    qtbot.waitUntil(lambda: _listed(window) == _expected(directory, "a", set()))
    cluster_map = _shown_map(qtbot, window)
    assert not tab.table.isVisible()
    qtbot.mouseClick(cluster_map, Qt.MouseButton.LeftButton, pos=_point_of(cluster_map, "jalisco"))
    jalisco = _expected(directory, "a", {"Jalisco"})
    assert jalisco  # the search leaves some clusters in Jalisco
    qtbot.waitUntil(lambda: _listed(window) == jalisco)
    assert tab.facets.selected() == {"State": {"Jalisco"}}
    qtbot.waitUntil(lambda: "Jalisco" in cluster_map.accessibleDescription())
    # Clicking the ticked state unticks it.
    qtbot.mouseClick(cluster_map, Qt.MouseButton.LeftButton, pos=_point_of(cluster_map, "jalisco"))
    qtbot.waitUntil(lambda: _listed(window) == _expected(directory, "a", set()))
    assert tab.facets.selected() == {}
    qtbot.mouseClick(_switch(window).table_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.table.isVisible() and not cluster_map.isVisible())


def test_the_view_menu_shows_the_map_and_the_table_again(
        qtbot: QtBot, window: MainWindow) -> None:
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    item = next(a for a in view.actions() if a.text() == "Clusters on a &map")
    assert isinstance(item, QAction)
    assert item.shortcut().toString() == "Ctrl+M"
    window.tabs.setCurrentIndex(1)
    item.trigger()
    switch = _switch(window)
    assert window.tabs.currentWidget() is window.tab_pages["clusters"]
    qtbot.waitUntil(lambda: switch.map.isVisible() and switch.map.hasFocus())
    assert switch.map_button.isChecked()
    assert switch.tiles_box.isVisible()
    item.trigger()
    qtbot.waitUntil(lambda: window.tab_pages["clusters"].table.isVisible())


def test_arrows_move_between_states_and_space_ticks_the_focused_one(
        qtbot: QtBot, window: MainWindow, directory: Directory) -> None:
    cluster_map = _shown_map(qtbot, window)
    cluster_map.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(cluster_map.hasFocus)
    geometry = cluster_map.geometry_now()
    assert geometry is not None
    order = geometry.states_in_reading_order()
    assert cluster_map.focused_state() == order[0] == "baja-california"
    qtbot.keyClick(cluster_map, Qt.Key.Key_Right)
    qtbot.keyClick(cluster_map, Qt.Key.Key_Right)
    assert cluster_map.focused_state() == order[2]
    qtbot.keyClick(cluster_map, Qt.Key.Key_Left)
    assert cluster_map.focused_state() == order[1]
    name = directory.mexico_map().state(order[1]).name
    assert cluster_map.accessibleDescription().startswith(f"{name}: ")
    qtbot.keyClick(cluster_map, Qt.Key.Key_Space)
    tab = window.tab_pages["clusters"]
    qtbot.waitUntil(lambda: _listed(window) == _expected(directory, "", {name}))
    assert tab.facets.selected() == {"State": {name}}


def test_the_screen_reader_gets_every_count(qtbot: QtBot, window: MainWindow,
                                            directory: Directory) -> None:
    cluster_map = _shown_map(qtbot, window)
    rows = dict(BrowseQuery(CLUSTERS).facet_counts(directory)["State"])
    text = cluster_map.accessibleDescription()
    assert f"Jalisco: {rows['Jalisco']}" in text
    assert f"Nuevo León: {rows['Nuevo León']}" in text
    assert f"no state given: {rows['State not stated']}" in text
    assert cluster_map.accessibleName() == "Map of clusters by state"


# The tool tip's window cannot be raised on the offscreen platform: nothing to do with ours.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_hovering_a_state_tells_its_name_count_and_sectors(
        qtbot: QtBot, window: MainWindow, directory: Directory) -> None:
    cluster_map = _shown_map(qtbot, window)
    qtbot.mouseMove(cluster_map, _point_of(cluster_map, "nuevo-leon"))
    qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
    counts = dict(BrowseQuery(CLUSTERS).facet_counts(directory)["State"])
    sectors = BrowseQuery(CLUSTERS, "", {"State": {"Nuevo León"}}).facet_counts(directory)["Sector"]
    top = max(sectors, key=lambda row: row[1])[0]
    tip = QToolTip.text()
    assert tip.startswith(f"Nuevo León: {counts['Nuevo León']} clusters; sectors: ")
    assert top in tip
    QToolTip.hideText()


def test_the_tile_grid_box_draws_squares_that_click_like_the_states(
        qtbot: QtBot, window: MainWindow, directory: Directory) -> None:
    cluster_map = _shown_map(qtbot, window)
    qtbot.mouseClick(_switch(window).tiles_box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (g := cluster_map.geometry_now()) is not None and g.tiles)
    qtbot.mouseClick(cluster_map, Qt.MouseButton.LeftButton, pos=_point_of(cluster_map, "puebla"))
    qtbot.waitUntil(lambda: _listed(window) == _expected(directory, "", {"Puebla"}))


def test_in_dark_colours_the_map_is_dark_and_its_numbers_contrast_with_their_fill(
        qtbot: QtBot, window: MainWindow) -> None:
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    colours = next(a.menu() for a in view.actions() if a.text() == "&Colours")
    next(a for a in colours.actions() if a.text() == "&Dark").trigger()
    cluster_map = _shown_map(qtbot, window)
    qtbot.waitUntil(lambda: cluster_map.palette().color(QPalette.ColorRole.Window).lightness()
                    < 128)
    image = cluster_map.grab().toImage()
    ratio = image.devicePixelRatio()
    assert image.pixelColor(3, 3).lightnessF() < 0.3  # the background follows the theme
    geometry = cluster_map.geometry_now()
    assert geometry is not None
    for state_id in ("nuevo-leon", "sonora", "durango"):  # the darkest step, the lowest, none
        centre = geometry.label_point(state_id)
        pixels = Counter(image.pixelColor(round((centre.x() + dx) * ratio),
                                          round((centre.y() + dy) * ratio)).name()
                         for dx in range(-8, 9) for dy in range(-6, 7))
        fill = QColor(pixels.most_common(1)[0][0])
        assert max(contrast_ratio(QColor(c), fill) for c in pixels) >= 4.5, state_id


def test_about_names_the_maps_source_and_licence(directory: Directory) -> None:
    text = about_text(directory)
    assert "@svg-maps/mexico" in text
    assert "CC BY 4.0" in text


def test_a_point_outside_mexico_is_no_state(qtbot: QtBot, window: MainWindow) -> None:
    cluster_map = _shown_map(qtbot, window)
    geometry = cluster_map.geometry_now()
    assert geometry is not None
    assert geometry.state_at(QPointF(2, 2)) is None
    qtbot.mouseClick(cluster_map, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert window.tab_pages["clusters"].facets.selected() == {}


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_hover_counts_the_state_s_sectors_on_the_query_thread_not_the_window_s(
        qtbot: QtBot, make_window: Callable[..., MainWindow], directory: Directory,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """On 100,000 clusters the count of a state's sectors takes longer than a frame: the
    tool tip comes at once ("counting…") and is filled in when the query thread is done."""
    window = make_window(background=True)
    cluster_map = _shown_map(qtbot, window)
    sectors = BrowseQuery(CLUSTERS, "", {"State": {"Nuevo León"}}).facet_counts(directory)["Sector"]
    top = max(sectors, key=lambda row: row[1])[0]
    counted_on: list[str] = []
    facet_counts = BrowseQuery.facet_counts

    def spy(self: BrowseQuery, directory: Directory) -> object:
        if self.selected.get("State") == {"Nuevo León"}:
            counted_on.append(threading.current_thread().name)
        return facet_counts(self, directory)
    monkeypatch.setattr(BrowseQuery, "facet_counts", spy)
    qtbot.mouseMove(cluster_map, QPoint(2, 2))  # from elsewhere (a test before may end there)
    qtbot.mouseMove(cluster_map, _point_of(cluster_map, "nuevo-leon"))
    qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
    qtbot.waitUntil(lambda: top in QToolTip.text(), timeout=5000)
    assert QToolTip.text().startswith("Nuevo León: ")
    assert counted_on
    assert threading.main_thread().name not in counted_on
    QToolTip.hideText()


def test_no_state_is_marked_until_the_user_points_or_moves_to_one(
        qtbot: QtBot, window: MainWindow, directory: Directory) -> None:
    """Switched to the map (View ▸ Clusters on a map), no state is outlined; a click ticks
    Jalisco and a second unticks it, leaving it unmarked (no ring for a click); an arrow key
    then rings a state (the keyboard's focus), and Tab away removes the ring."""
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    item = next(a for a in view.actions() if a.text() == "Clusters on a &map")
    item.trigger()
    cluster_map = _switch(window).map
    qtbot.waitUntil(lambda: cluster_map.hasFocus() and cluster_map.geometry_now() is not None)
    figures = cluster_map.figures()
    assert figures.highlighted is None
    assert figures.focused is None
    assert not figures.selected
    tab = window.tab_pages["clusters"]
    for ticked in ({"State": {"Jalisco"}}, {}):
        qtbot.mouseClick(cluster_map, Qt.MouseButton.LeftButton,
                         pos=_point_of(cluster_map, "jalisco"))
        qtbot.waitUntil(lambda ticked=ticked: tab.facets.selected() == ticked)
        assert cluster_map.figures().focused is None
    assert not cluster_map.figures().selected
    qtbot.keyClick(cluster_map, Qt.Key.Key_Right)
    assert cluster_map.figures().focused == cluster_map.focused_state() is not None
    qtbot.keyClick(cluster_map, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not cluster_map.hasFocus())
    assert cluster_map.figures().focused is None


def test_the_caption_names_the_search_run_and_the_ticks(qtbot: QtBot,
                                                        window: MainWindow) -> None:
    """"queretero" is searched as "Querétaro" (the bar says so): the map's caption names
    what was searched, then the ticked sector."""
    from tests.ui.test_journeys import tick
    from tests.ui.test_spelling import type_in_tab

    tab = type_in_tab(qtbot, window, "queretero")
    qtbot.waitUntil(lambda: tab.model.browse.text == "Querétaro")
    cluster_map = _shown_map(qtbot, window)
    assert cluster_map.figures().caption == "Clusters by state · search “Querétaro”"
    tick(qtbot, tab, "Sector", "Automotive")
    qtbot.waitUntil(lambda: tab.facets.selected() == {"Sector": {"Automotive"}})
    assert cluster_map.figures().caption == ("Clusters by state · search “Querétaro” · "
                                             "Sector: Automotive")


def test_tab_from_the_search_field_reaches_the_map_through_visible_stops(
        qtbot: QtBot, window: MainWindow) -> None:
    """Click in the search box, then Tab: each press lands on a widget the user sees (the
    facets, the Table/Map switch, the tile grid box), and the map comes within five."""
    from tests.ui.test_journeys import start

    start(qtbot, window)
    cluster_map = _shown_map(qtbot, window)
    tab = window.tab_pages["clusters"]
    switch = _switch(window)
    qtbot.mouseClick(tab.search_field, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(tab.search_field.hasFocus)
    seen = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        assert widget is not None
        assert widget.isVisible()
        seen.append(widget)
        if widget is cluster_map:
            break
    assert seen[0] is tab.facet_view
    assert seen[-1] is cluster_map, [type(w).__name__ for w in seen]
    assert all(w in (tab.facet_view, switch.table_button, switch.map_button,
                     switch.tiles_box, cluster_map) for w in seen), seen


def test_view_clusters_on_a_map_is_ticked_while_the_map_is_shown(
        qtbot: QtBot, window: MainWindow) -> None:
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    item = next(a for a in view.actions() if a.text() == "Clusters on a &map")
    assert item.isCheckable()
    assert not item.isChecked()
    item.trigger()
    switch = _switch(window)
    qtbot.waitUntil(switch.map.isVisible)
    assert item.isChecked()
    qtbot.mouseClick(switch.table_button, Qt.MouseButton.LeftButton)
    assert not item.isChecked()
    qtbot.mouseClick(switch.map_button, Qt.MouseButton.LeftButton)
    assert item.isChecked()
    item.trigger()
    qtbot.waitUntil(lambda: window.tab_pages["clusters"].table.isVisible())
    assert not item.isChecked()


def test_the_outlines_are_read_when_the_map_is_first_shown_not_at_start_up(
        qtbot: QtBot, make_window: Callable[..., MainWindow],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The Clusters tab opens as a table: the 32 outlines (a few milliseconds to parse) are
    not on the way to the first frame."""
    read: list[str] = []
    original = Directory.mexico_map

    def counted(self: Directory) -> object:
        read.append("map")
        return original(self)

    monkeypatch.setattr(Directory, "mexico_map", counted)
    window = make_window()
    qtbot.wait(400)  # the first counts, the facet panel, the detail pane: all done
    assert read == []
    _shown_map(qtbot, window)
    assert read


def test_on_a_narrow_pane_the_tile_grid_s_legend_covers_no_tile_and_no_text_is_clipped(
        qtbot: QtBot, window: MainWindow) -> None:
    """The second trial widened the detail pane by its splitter (a map about 380 px wide):
    the tile grid's legend ran under the tiles ("13–14" under VER) and the caption's and
    "No state given"'s descenders were cut. Dragged the same way, the legend's rect
    intersects no tile and every text is given at least its font's height."""
    from PySide6.QtGui import QFontMetricsF

    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    cluster_map = _shown_map(qtbot, window)
    qtbot.mouseClick(_switch(window).tiles_box, Qt.MouseButton.LeftButton)
    splitter = window.tab_pages["clusters"].splitter
    handle = splitter.handle(2)
    at = QPoint(handle.width() // 2, handle.height() // 2)
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=at)
    for step in range(1, 41):  # drag the detail pane's edge to the left
        qtbot.mouseMove(handle, at - QPoint(10 * step, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=at - QPoint(400, 0))
    qtbot.waitUntil(lambda: cluster_map.width() < 420)
    cluster_map.repaint()
    geometry = cluster_map.geometry_now()
    assert geometry is not None
    assert geometry.tiles
    assert 300 < geometry.rect.width() < 420, geometry.rect
    legend = geometry.legend_rect
    assert legend is not None
    assert legend.height() > 0
    for state_id in geometry.states_in_reading_order():
        tile = geometry.main_shape(state_id).boundingRect()
        assert not tile.intersects(legend), (state_id, tile, legend)
    assert len(geometry.texts) > 60  # codes, numbers, caption, legend, unplaced, credit
    for rect, font in geometry.texts:
        assert rect.height() >= QFontMetricsF(font).height() - 0.01, (rect, font.pixelSize())
    assert geometry.rect.contains(legend)
