"""The window as the app runs it: searches on the query thread, newest keystroke wins."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from mxdesk.core.directory import Directory
from mxdesk.ui import models
from mxdesk.ui.models import RecordIdRole
from mxdesk.ui.window import MainWindow


@pytest.fixture(autouse=True)
def _every_page_on_the_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled directory is small enough to read its first pages on the UI thread;
    these tests are about the query thread, so send everything there."""
    monkeypatch.setattr(models, "SMALL_TABLE", 0)


def shown(window: MainWindow) -> set[str]:
    model = window.tab_pages["clusters"].model
    return {model.index(r, 0).data(RecordIdRole) for r in range(model.rowCount())}


def test_typing_filters_off_the_ui_thread(qtbot: QtBot, make_window: Callable[..., MainWindow],
                                          directory: Directory) -> None:
    window = make_window(background=True)
    tab = window.tab_pages["clusters"]
    assert window.worker is not None
    qtbot.waitUntil(lambda: tab.model.matching == 98 and tab.facets.rowCount() == 4)
    for letter in "queretaro":  # letter by letter, each keystroke a new search
        tab.search_field.insert(letter)
    tab.search_now()
    expected = {r.id for r in directory.clusters_in_state("queretaro")}
    qtbot.waitUntil(lambda: not tab.model.busy and shown(window) == expected)
    assert window.statusBar().currentMessage() == f"{len(expected)} of 98 clusters"
    # The facet counts follow, from the same search.
    qtbot.waitUntil(lambda: tab.facets.item(0).rowCount() == 1)
    assert tab.facets.item(0).child(0).text() == f"Querétaro ({len(expected)})"


def test_navigation_waits_for_the_search(qtbot: QtBot, make_window: Callable[..., MainWindow],
                                         directory: Directory) -> None:
    window = make_window(background=True)
    tab = window.tab_pages["clusters"]
    tab.search_field.setText("aero")
    tab.search_now()
    window.navigate("cluster", "claugto")  # not in the "aero" list: the filters are cleared
    qtbot.waitUntil(lambda: not tab.model.busy
                    and tab.table.currentIndex().data(RecordIdRole) == "claugto")
    assert tab.model.matching == 98


def test_closing_stops_the_query_thread(make_window: Callable[..., MainWindow]) -> None:
    window = make_window(background=True)
    worker = window.worker
    assert worker is not None
    window.close()
    assert not worker._thread.is_alive()


def test_a_small_table_answers_each_keystroke_at_once(
        qtbot: QtBot, make_window: Callable[..., MainWindow], directory: Directory,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "SMALL_TABLE", 5_000)
    window = make_window(background=True)
    tab = window.tab_pages["clusters"]
    tab.search_field.setText("queretaro")
    tab.search_now()  # no event loop turn: the page is there when the call returns
    assert not tab.model.busy
    assert shown(window) == {r.id for r in directory.clusters_in_state("queretaro")}
    # The facet counts still come from the query thread.
    qtbot.waitUntil(lambda: tab.facets.rowCount() == 4 and tab.facets.item(0).rowCount() == 1)
