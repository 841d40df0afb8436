"""A browsing tab's table (mxdesk/ui/tab.py) at the text sizes people choose: on a laptop
screen at the largest size, the names keep a readable share of the table and no column
collapses to "C…". The size is changed with View ▸ Larger text as the menu does, rows are
clicked, and the window is closed and opened again as a user restarts it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from mxdesk.ui.columns import NAME_CHARS, NAME_SHARE, OTHER_CHARS
from mxdesk.ui.settings import MAX_POINT_SIZE
from mxdesk.ui.tab import BrowserTab
from mxdesk.ui.window import MainWindow
from tests.ui.test_i14_notes import click_row


def largest_text(window: MainWindow) -> None:
    while window.appearance.point_size < MAX_POINT_SIZE:
        window.named_actions["zoom_in"].trigger()


def shown_chars(tab: BrowserTab, row: int, column: int) -> int:
    """How many characters of a cell show before its "…"."""
    table = tab.table
    text = str(table.model().index(row, column).data() or "")
    room = table.horizontalHeader().sectionSize(column) - 8  # (the cell's margins)
    shown = table.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room)
    return len(shown.removesuffix("…"))


def widths(tab: BrowserTab) -> list[int]:
    """The widths of the columns shown (those a user may add start hidden)."""
    header = tab.table.horizontalHeader()
    return [header.sectionSize(c) for c in range(header.count())
            if not header.isSectionHidden(c)]


def readable(tab: BrowserTab) -> bool:
    """The names are the widest column, with their share of the table, and every other
    column shows some characters of its values."""
    table = tab.table
    metrics = table.fontMetrics()
    room = table.viewport().width()
    name, *others = widths(tab)
    share = min(NAME_CHARS * metrics.averageCharWidth(), int(NAME_SHARE * room))
    least = OTHER_CHARS * metrics.averageCharWidth() + 12
    return (name >= share - 1 and name >= max(others)
            and all(w >= least for w in others))


@pytest.mark.parametrize("how", ["changed", "restarted at that size"])
def test_at_the_largest_text_the_names_keep_their_share(
        qtbot: QtBot, make_window: Callable[[], MainWindow], how: str) -> None:
    window = make_window()
    window.resize(1366, 768)
    largest_text(window)
    if how != "changed":
        window.close()  # (it keeps the text size and the columns, as at quit)
        window = make_window()
        window.resize(1366, 768)
        assert window.appearance.point_size == MAX_POINT_SIZE
    tab = window.tab_pages["clusters"]
    click_row(qtbot, tab.table, 0)
    qtbot.waitUntil(lambda: tab.current is not None)
    qtbot.waitUntil(lambda: readable(tab), timeout=3000)
    # What was "A…" and "C…": the start of each name, and of each state, reads.
    assert all(shown_chars(tab, row, 0) >= 7 for row in range(10)), widths(tab)
    assert all(shown_chars(tab, row, 1) >= 4 for row in range(10)
               if tab.table.model().index(row, 1).data()), widths(tab)


def test_normal_text_again_gives_the_columns_back(
        qtbot: QtBot, make_window: Callable[[], MainWindow]) -> None:
    window = make_window()
    window.resize(1366, 768)
    tab = window.tab_pages["clusters"]
    header = tab.table.horizontalHeader()
    qtbot.waitUntil(lambda: tab.table.viewport().width() > 500)
    normal = widths(tab)
    largest_text(window)
    qtbot.waitUntil(lambda: readable(tab) and widths(tab) != normal, timeout=3000)
    window.named_actions["zoom_reset"].trigger()
    qtbot.waitUntil(lambda: widths(tab) == normal, timeout=3000)
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    assert widths(tab)[0] == max(widths(tab))
