"""Background work that fails reaches the user, and no query thread outlives its window
(issue 15: `QueryWorker.failed` was connected to nothing)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from mxdesk.core.browse import Browse
from mxdesk.ui.window import MainWindow


def _query_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "mxdesk-queries" and t.is_alive()]


def test_a_search_that_fails_on_the_query_thread_is_told(
        qtbot: QtBot, make_window: Callable[..., MainWindow],
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(background=True)
    tab = window.tab_pages["clusters"]
    qtbot.waitUntil(lambda: window.worker is not None and window.worker.idle())

    prepare = Browse.prepare

    def broken(self: Browse, directory: object) -> None:
        # Only on the query thread (a small table's first page is read on the window's).
        if threading.current_thread().name == "mxdesk-queries":
            raise sqlite3.OperationalError("disk I/O error")
        prepare(self, directory)  # type: ignore[arg-type]

    monkeypatch.setattr(Browse, "prepare", broken)
    qtbot.mouseClick(tab.search_field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.search_field, "zzq")
    qtbot.keyClick(tab.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage()
                    == "The search could not run: disk I/O error", timeout=5000)


def test_no_query_thread_outlives_its_window(
        qtbot: QtBot, make_window: Callable[..., MainWindow]) -> None:
    before = set(_query_threads())
    window = make_window(background=True)
    qtbot.waitUntil(lambda: len(set(_query_threads()) - before) >= 1)
    window.close()
    qtbot.waitUntil(lambda: not (set(_query_threads()) - before), timeout=5000)


def test_a_bug_on_a_background_thread_reaches_the_window_s_thread(qtbot: QtBot) -> None:
    """Python's default printed it to a terminal nobody reads; the thread ended unseen."""
    from mxdesk.ui.app import install_thread_excepthook

    shown: list[tuple[str, str]] = []
    before = threading.excepthook
    bridge = install_thread_excepthook(
        lambda kind, value, _tb: shown.append((threading.current_thread().name, repr(value))))
    try:
        def bug() -> None:
            raise RuntimeError("a bug in a worker")

        thread = threading.Thread(target=bug, name="mxdesk-test-worker")
        thread.start()
        thread.join(5)
        qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    finally:
        threading.excepthook = before
    assert shown == [("MainThread", "RuntimeError('a bug in a worker')")]
    assert bridge is not None
