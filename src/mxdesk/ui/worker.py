"""Queries off the UI thread, so that typing never waits for SQLite.

One background thread with its own read-only connection runs the tables' queries. Each tab is
a *channel*: a new request on a channel replaces the one waiting there and interrupts the one
running (``sqlite3.Connection.interrupt``), so only the newest keystroke's query finishes.
Results come back through Qt signals, queued to the UI thread.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError

log = logging.getLogger("mxdesk.search")

#: How often Python switches threads (default 5 ms): the query thread's results reach the
#: window a few switches sooner, which is most of a keystroke's latency on a small directory.
SWITCH_INTERVAL_S = 0.0005

#: A job runs on the worker's Directory and reports through ``emit(stage, payload)``.
Job = Callable[[Directory, Callable[[str, object], None], Callable[[], bool]], None]


class QueryWorker(QObject):
    """A thread that runs the newest job of each channel on its own connection."""

    #: (channel, generation, stage, payload) for every step a job reports
    reported = Signal(str, int, str, object)
    #: (channel, generation, message) when a job failed for a reason the user should see
    failed = Signal(str, int, str)

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = db_path
        self._lock = threading.Condition()
        self._waiting: dict[str, tuple[int, Job]] = {}
        self._running: tuple[str, int] | None = None
        self._latest: dict[str, int] = {}
        self._stop = False
        self._directory: Directory | None = None
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._thread = threading.Thread(target=self._loop, name="mxdesk-queries", daemon=True)
        self._thread.start()

    def submit(self, channel: str, generation: int, job: Job) -> None:
        """Run *job* as the newest of *channel*, dropping or interrupting older ones."""
        with self._lock:
            self._latest[channel] = generation
            self._waiting[channel] = (generation, job)
            running = self._running
            if running is not None and running[0] == channel and running[1] < generation \
                    and self._directory is not None:
                self._directory.conn.interrupt()
            self._lock.notify()

    def is_current(self, channel: str, generation: int) -> bool:
        with self._lock:
            return self._latest.get(channel) == generation

    def idle(self) -> bool:
        with self._lock:
            return not self._waiting and self._running is None

    def stop(self) -> None:
        with self._lock:
            self._stop = True
            if self._directory is not None:
                self._directory.conn.interrupt()
            self._lock.notify()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        try:
            self._directory = Directory(self._path)
        except MxdeskError as exc:
            log.error("query thread cannot open %s: %s", self._path, exc)
            return
        try:
            while True:
                with self._lock:
                    while not self._waiting and not self._stop:
                        self._lock.wait()
                    if self._stop:
                        return
                    channel = next(iter(self._waiting))
                    generation, job = self._waiting.pop(channel)
                    self._running = (channel, generation)
                self._run(channel, generation, job)
                with self._lock:
                    self._running = None
        finally:
            self._directory.close()

    def _run(self, channel: str, generation: int, job: Job) -> None:
        assert self._directory is not None

        def emit(stage: str, payload: Any) -> None:
            if self.is_current(channel, generation):
                try:
                    self.reported.emit(channel, generation, stage, payload)
                except RuntimeError:  # the window went away while this job ran
                    self._stop = True

        def stale() -> bool:
            return not self.is_current(channel, generation)

        try:
            job(self._directory, emit, stale)
        except sqlite3.OperationalError as exc:
            if "interrupt" not in str(exc):
                log.exception("query failed")
                self.failed.emit(channel, generation, str(exc))
        except MxdeskError as exc:
            if "interrupt" not in str(exc):
                self.failed.emit(channel, generation, str(exc))
