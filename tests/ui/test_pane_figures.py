"""The detail pane's figures table never breaks a word (issue 19, second trial): at
1366×768, Sectors ▸ ICT's value column was so narrow that "Telecommunications" broke into
"Telecommunicati" / "ons". Each line of every cell ends at a space, a hyphen or the cell's
end, as the pane's own text layout (QTextLayout) lays it out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument, QTextTable
from PySide6.QtWidgets import QToolBar
from pytestqt.qtbot import QtBot

from mxdesk.ui.window import MainWindow
from tests.ui.test_charts_pane import _open_sectors_tab
from tests.ui.test_i14_tabs import click_row


def broken_words(document: QTextDocument) -> list[str]:
    """Words a table cell's lines break inside: "Telecommunicati|ons"."""
    found = []
    frames = [document.rootFrame()]
    while frames:
        frame = frames.pop()
        frames += frame.childFrames()
        if not isinstance(frame, QTextTable):
            continue
        for row in range(frame.rows()):
            for column in range(frame.columns()):
                cell = frame.cellAt(row, column)
                block = cell.firstCursorPosition().block()
                while block.isValid() and block.position() <= cell.lastPosition():
                    text, layout = block.text(), block.layout()
                    for n in range(layout.lineCount() - 1):
                        line = layout.lineAt(n)
                        end = line.textStart() + line.textLength()
                        if 0 < end < len(text) and text[end - 1].isalnum() \
                                and text[end].isalnum():
                            start = text.rfind(" ", 0, end) + 1
                            stop = text.find(" ", end)
                            found.append(text[start:end] + "|"
                                         + text[end:stop if stop > 0 else None])
                    block = block.next()
    return found


@pytest.mark.parametrize("sector", ["ict", "automotive", "industry-4-0"])
def test_no_word_of_the_figures_table_breaks(qtbot: QtBot, window: MainWindow,
                                            sector: str) -> None:
    window.resize(1366, 768)
    _open_sectors_tab(qtbot, window)
    tab = window.tab_pages["sectors"]
    click_row(qtbot, tab, sector)
    qtbot.waitUntil(lambda: tab.current == ("sector", sector))
    pane = tab.detail
    assert 380 < pane.width() < 560  # the pane as a 1366-pixel-wide window shows it
    assert "Telecommunications" in pane.toPlainText() or sector != "ict"
    assert broken_words(pane.document()) == []


def test_no_word_of_mexico_at_a_glance_breaks(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1366, 768)
    toolbar = window.findChild(QToolBar, "navigation-toolbar")
    assert toolbar is not None
    qtbot.mouseClick(toolbar.widgetForAction(window.named_actions["glance"]),
                     Qt.MouseButton.LeftButton)
    pane = window.tab_pages["clusters"].detail
    qtbot.waitUntil(lambda: "Mexico" in pane.toPlainText())
    assert broken_words(pane.document()) == []
