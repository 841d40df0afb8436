"""The Spanish window fits a 1366×768 screen (issue 20's trial: the Mission tab's status
label "Aún no hay misiones: …" in its top row made the window 1406 px wide, and it never
shrank back): every tab, shown as a user shows it, leaves the window's minimum width at or
under 1366 px."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from mxdesk.core import i18n
from mxdesk.core.notes import NotesStore
from mxdesk.ui.window import MainWindow
from tests.mission_fixture import make_mission

SCREEN_WIDTH = 1366


def _show_each_tab(qtbot: QtBot, window: MainWindow) -> dict[str, int]:
    """Click every tab in turn; the window's minimum width with each in front."""
    widths: dict[str, int] = {}
    bar = window.tabs.tabBar()
    for index in range(window.tabs.count()):
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
        qtbot.waitUntil(lambda i=index: window.tabs.currentIndex() == i)
        page = window.tabs.currentWidget()
        qtbot.waitUntil(lambda p=page: p.isVisible())
        widths[window.tabs.tabText(index)] = max(window.minimumSizeHint().width(),
                                                 page.minimumSizeHint().width())
    return widths


@pytest.mark.parametrize("mission", [False, True], ids=["no mission", "one mission"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_tab_fits_a_1366_screen(qtbot: QtBot, store: NotesStore,
                                      make_window: Callable[[], MainWindow], lang: str,
                                      mission: bool) -> None:
    if mission:
        make_mission(store)
    i18n.set_language(lang)
    window = make_window()
    window.resize(SCREEN_WIDTH, 768)
    widths = _show_each_tab(qtbot, window)
    assert len(widths) == 6
    too_wide = {name: width for name, width in widths.items() if width > SCREEN_WIDTH}
    assert not too_wide, too_wide
    tab = window.missions.tab
    window.tabs.setCurrentWidget(tab)
    assert tab.sizeHint().width() <= SCREEN_WIDTH
    assert window.width() <= SCREEN_WIDTH
