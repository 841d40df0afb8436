"""Charts of one unit on a page drawn to one scale (issue 19, second trial): Automotive's
2020 goal of 5 million vehicles is drawn longer than 2016's 3.47 million produced, though
the two stay in separate charts (their years differ); a unit one chart alone uses keeps its
own scale."""

from __future__ import annotations

import re

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from mxdesk.ui.detail import DetailPane
from mxdesk.ui.window import MainWindow
from tests.ui.test_charts_pane import _image, _open_sectors_tab
from tests.ui.test_i14_tabs import click_row


def _charts_by_heading(pane: DetailPane) -> dict[str, QImage]:
    """Each chart's image in the pane, by its heading (the start of its alternative text)."""
    out = {}
    for name, alt in re.findall(r'<img src="drawing:(chart-\d+)"[^>]*?alt="([^"]*)"',
                                pane.toHtml()):
        out[alt.partition(": ")[0].replace("&quot;", '"')] = _image(pane, name)
    return out


def _longest_bar(image: QImage) -> int:
    """The longest run of the bars' blue on any pixel row (a hatched bar's outline
    counts): from its first blue pixel to its last."""
    longest = 0
    for y in range(image.height()):
        blue = [x for x in range(image.width())
                if (c := image.pixelColor(x, y)).alpha() > 120
                and c.blue() > c.red() + 60 and c.saturation() > 90]
        if blue:
            longest = max(longest, blue[-1] - blue[0])
    return longest


def test_the_automotive_goal_is_drawn_longer_than_the_production(qtbot: QtBot,
                                                                 window: MainWindow) -> None:
    window.resize(1366, 768)
    _open_sectors_tab(qtbot, window)
    tab = window.tab_pages["sectors"]
    click_row(qtbot, tab, "automotive")
    qtbot.waitUntil(lambda: tab.current == ("sector", "automotive"))
    charts = _charts_by_heading(tab.detail)
    produced = charts["Vehicles produced and exported — million vehicles, 2016"]
    goal = charts["Government goal — million vehicles, 2020"]
    # 5 against 3.47: the goal's bar about 5 / 3.47 times the production's.
    ratio = _longest_bar(goal) / _longest_bar(produced)
    assert 1.3 < ratio < 1.6, ratio
    # The plants (the only chart counted in plants) still run to their own largest.
    plants = charts["Light-vehicle and heavy-vehicle production plants — plants, "
                    "year not stated"]
    assert _longest_bar(plants) > 0.9 * _longest_bar(goal)
