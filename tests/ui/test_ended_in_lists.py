"""Records past their end say so in the lists, not only in their details (issue 16): a label
past its date reads "(expired YEAR)" in the Clusters tab, a policy whose last year is past
reads "(ended)" in the Policies tab's Years column."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from mxdesk.ui.window import MainWindow
from tests.ui.test_i14_tabs import row_of


def _cell(window: MainWindow, tab: str, record_id: str, heading: str) -> str:
    page = window.tab_pages[tab]
    columns = [page.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(page.model.columnCount())]
    return str(page.model.index(row_of(page, record_id), columns.index(heading)).data())


def test_ended_policies_and_expired_labels_say_so_in_their_lists(
        qtbot: QtBot, window: MainWindow) -> None:
    window.tabs.setCurrentIndex(2)  # the Policies tab, as Ctrl+3 shows it
    policies = window.tab_pages["policies"]
    qtbot.waitUntil(lambda: policies.model.rowCount() > 0)
    assert dt.date.today().year > 2020  # (Pro-Aéreo 2012–2020 ended in 2020)
    assert _cell(window, "policies", "pro-aereo", "Years") == "2012–2020 (ended)"
    window.tabs.setCurrentIndex(0)
    assert _cell(window, "clusters", "claut", "Quality label") == "Gold (expired 2019)"
