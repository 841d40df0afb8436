"""Issue 16 §3: the detail pane and the About box say what the figures describe."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from mxdesk.ui.window import MainWindow
from tests.core.test_dating import SENTENCE


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_pane_ends_with_the_sentence_and_marks_a_missing_year(
        qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    pane = window.tabs.currentWidget().detail
    shown = _words(pane.toPlainText())
    assert shown.endswith(SENTENCE)
    assert "around 2% (year not stated)" in shown
    window.navigate("cluster", "claut")
    assert _words(window.tabs.currentWidget().detail.toPlainText()).endswith(SENTENCE)


def test_the_pane_says_a_summary_figure_was_printed_in_april_2018(
        qtbot: QtBot, window: MainWindow) -> None:
    """Issue 17: a figure of the i4.0 summary (dated April 2018) with no year of its own."""
    window.navigate("state", "nuevo-leon")
    shown = _words(window.tabs.currentWidget().detail.toPlainText())
    assert "i4.0 competitiveness clusters in the state (of 35)" in shown
    assert "6 clusters (as printed in April 2018)" in shown


def test_about_says_what_the_figures_describe_beside_the_data_version(
        window: MainWindow) -> None:
    text = window.about_text()
    assert "Data</b> version" in text
    assert SENTENCE.replace('"', "&quot;").replace("'", "&#x27;") in text
