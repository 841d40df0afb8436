"""The search's matches marked in the table, as a user types: every visible match, the
selected row's too, never a count, and nothing left of the search before."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from mxdesk.ui.window import MainWindow

MARK = QColor("#ffe066").rgb()


def marked_in(image: QImage, left: int, top: int, width: int, height: int) -> int:
    """How many pixels of the mark's colour lie in the rectangle."""
    return sum(1 for y in range(top, min(top + height, image.height()))
               for x in range(left, min(left + width, image.width()))
               if image.pixel(x, y) == MARK)


def type_search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    tab = window.tab_pages["clusters"]
    tab.search_field.selectAll()
    qtbot.keyClicks(tab.search_field, text)
    qtbot.waitUntil(lambda: tab.model.browse.text == text and not tab.model.busy
                    and tab.model.rowCount() > 0)


def test_matches_are_marked_where_they_are_and_follow_the_search(
        qtbot: QtBot, window: MainWindow) -> None:
    tab = window.tab_pages["clusters"]
    table = tab.table
    window.resize(1366, 768)
    type_search(qtbot, window, "quere")
    state = next(c for c in range(tab.model.columnCount())
                 if tab.model.headerData(c, Qt.Orientation.Horizontal) == "State")
    x, width = table.columnViewportPosition(state), table.columnWidth(state)
    height = table.rowHeight(0)
    image = table.viewport().grab().toImage()
    # Each listed row shows "Querétaro" as its state: its first five letters are marked, at
    # the left of the cell, and nothing in the cell's right half (where "taro" ends).
    rows = min(tab.model.rowCount(), table.viewport().height() // height)
    for row in range(rows):
        top = table.rowViewportPosition(row)
        assert tab.model.data(tab.model.index(row, state)) == "Querétaro"
        assert marked_in(image, x, top, width // 3, height) > 50, f"row {row} not marked"
        assert marked_in(image, x + width // 2, top, width - width // 2, height) == 0
    # The row the user clicks is drawn selected, its match still marked.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x + width // 2, table.rowViewportPosition(1) + height // 2))
    qtbot.waitUntil(lambda: table.currentIndex().row() == 1)
    image = table.viewport().grab().toImage()
    assert marked_in(image, x, table.rowViewportPosition(1), width // 3, height) > 50
    # A new search: the State column's marks are gone (they were for "quere").
    type_search(qtbot, window, "aeroespacial")
    image = table.viewport().grab().toImage()
    assert marked_in(image, x, 0, width, table.viewport().height()) == 0
    name_x = table.columnViewportPosition(0)
    assert marked_in(image, name_x, 0, table.columnWidth(0), table.viewport().height()) > 100
