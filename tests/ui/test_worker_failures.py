"""Background work that fails reaches the user, and no query thread outlives its window
(issue 15: `QueryWorker.failed` was connected to nothing)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from mxdesk.core.browse import CLUSTERS, Browse
from mxdesk.core.build import build_from
from mxdesk.core.directory import Directory
from mxdesk.core.notes import NotesStore
from mxdesk.core.synth import synthetic_sources
from mxdesk.ui.models import SMALL_TABLE, RecordIdRole
from mxdesk.ui.tab import BrowserTab
from mxdesk.ui.window import MainWindow
from mxdesk.ui.worker import QueryWorker


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
    # A search of a small table reads its rows on the window's thread; the thread's part is
    # its facet counts, once typing pauses (issue 17).
    live = Browse.live_facet_counts

    def broken_counts(self: Browse, directory: object, *args: object) -> object:
        if threading.current_thread().name == "mxdesk-queries":
            raise sqlite3.OperationalError("disk I/O error")
        return live(self, directory, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Browse, "live_facet_counts", broken_counts)
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


# -- a query thread that meets an error it did not expect goes on serving -----------------

#: Synthetic clusters: more than models.SMALL_TABLE rows, so every search runs on the query
#: thread, as a large directory's do (the real threshold, not a patched one).
_LARGE = 5_500


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    path = tmp_path_factory.mktemp("large") / "synthetic.db"
    build_from(synthetic_sources(_LARGE), path)
    with Directory(path) as opened:
        yield opened


@pytest.fixture
def large_window(qtbot: QtBot, large: Directory, tmp_path: Path) -> Iterator[MainWindow]:
    store = NotesStore(tmp_path / "notes.db")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(large, settings, store, background=True)
    qtbot.addWidget(window)
    window.show()
    assert window.worker is not None
    assert window.tab_pages["clusters"].model.total > SMALL_TABLE
    qtbot.waitUntil(window.worker.idle)
    yield window
    window.close()
    store.close()


def _on_query_thread(fault: Callable[[Browse, Directory], None],
                     monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Make every search's first step on the query thread call *fault* while the returned
    switch is on; the window's own reads are left alone."""
    on = [True]
    prepare = Browse.prepare

    def faulty(self: Browse, directory: Directory) -> None:
        if on[0] and threading.current_thread().name == "mxdesk-queries":
            fault(self, directory)
        prepare(self, directory)

    monkeypatch.setattr(Browse, "prepare", faulty)
    return on


def _search(qtbot: QtBot, tab: BrowserTab, text: str) -> None:
    """What a user does: click the field, select what is there, type over it."""
    qtbot.mouseClick(tab.search_field, Qt.MouseButton.LeftButton)
    qtbot.keyClick(tab.search_field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(tab.search_field, text)


def _searches_again(qtbot: QtBot, window: MainWindow, large: Directory, text: str) -> None:
    """A search for *text* finishes, with the rows and the status a healthy thread gives."""
    tab = window.tab_pages["clusters"]
    _search(qtbot, tab, text)
    expected = [i for _k, i in Browse(CLUSTERS, text=text).ordered_keys(large)]
    qtbot.waitUntil(lambda: tab.model.browse.text == text and not tab.model.busy,
                    timeout=10_000)
    assert tab.model.matching == len(expected) > 0
    assert [tab.model.index(r, 0).data(RecordIdRole) for r in range(3)] == expected[:3]
    qtbot.waitUntil(lambda: window.statusBar().currentMessage()
                    == f"{len(expected):,} of {tab.model.total:,} clusters")


def _closes_cleanly(qtbot: QtBot, window: MainWindow) -> None:
    """close() raises nothing, and the window's query thread ends with it."""
    assert window.worker is not None
    thread = window.worker._thread
    assert thread.is_alive()
    assert window.close()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=5000)


@pytest.mark.parametrize("error", [
    sqlite3.DatabaseError("database disk image is malformed"),
    sqlite3.OperationalError("disk I/O error"),
    sqlite3.IntegrityError("a constraint failed"),
])
def test_any_sqlite_error_is_told_and_the_next_search_runs(
        qtbot: QtBot, large: Directory, large_window: MainWindow,
        monkeypatch: pytest.MonkeyPatch, error: sqlite3.Error) -> None:
    """Only OperationalError was caught: a DatabaseError killed the thread, every later
    search stayed busy for ever, and closing the window raised ProgrammingError."""
    def fail(_browse: Browse, _directory: Directory) -> None:
        raise error

    fault = _on_query_thread(fail, monkeypatch)
    _search(qtbot, large_window.tab_pages["clusters"], "aero")
    qtbot.waitUntil(lambda: large_window.statusBar().currentMessage()
                    == f"The search could not run: {error}", timeout=10_000)
    fault[0] = False
    _searches_again(qtbot, large_window, large, "energy")
    _closes_cleanly(qtbot, large_window)


def test_a_connection_left_unusable_is_opened_again(
        qtbot: QtBot, large: Directory, large_window: MainWindow,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A job that leaves the thread's connection closed: the search fails with why, the next
    one runs on a new connection, and stop() does not trip over the closed one."""
    def close(_browse: Browse, directory: Directory) -> None:
        directory.conn.close()

    fault = _on_query_thread(close, monkeypatch)
    _search(qtbot, large_window.tab_pages["clusters"], "aero")
    qtbot.waitUntil(lambda: large_window.statusBar().currentMessage().endswith(
        "Cannot operate on a closed database."), timeout=10_000)
    assert large_window.statusBar().currentMessage().startswith("The search could not run: ")
    fault[0] = False
    _searches_again(qtbot, large_window, large, "energy")
    _closes_cleanly(qtbot, large_window)


def test_a_bug_in_a_search_reaches_the_excepthook_and_the_thread_goes_on(
        qtbot: QtBot, large: Directory, large_window: MainWindow,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from mxdesk.ui.app import install_thread_excepthook

    shown: list[str] = []
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    bridge = install_thread_excepthook(lambda _kind, value, _tb: shown.append(repr(value)))

    def bug(_browse: Browse, _directory: Directory) -> None:
        raise KeyError("a bug in a query")

    fault = _on_query_thread(bug, monkeypatch)
    _search(qtbot, large_window.tab_pages["clusters"], "aero")
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert set(shown) == {"KeyError('a bug in a query')"}
    qtbot.waitUntil(lambda: large_window.statusBar().currentMessage()
                    == "The search could not run: an unexpected error (KeyError)")
    fault[0] = False
    _searches_again(qtbot, large_window, large, "energy")
    _closes_cleanly(qtbot, large_window)
    assert bridge is not None


def test_stop_does_not_trip_over_a_closed_connection(qtbot: QtBot, directory: Directory) -> None:
    """stop() interrupted the thread's connection even when it was closed, and raised
    ProgrammingError from the window's closeEvent; a newer search did the same."""
    worker = QueryWorker(directory.path)
    done: list[str] = []

    def close(reading: Directory, _emit: object, _stale: object) -> None:
        reading.conn.close()  # and ends without a word: nothing checks it before the next job
        done.append("closed")

    worker.submit("clusters", 1, close)
    qtbot.waitUntil(worker.idle)
    assert done == ["closed"]
    worker.stop()
    assert not worker._thread.is_alive()
