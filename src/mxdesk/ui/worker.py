"""Work off the UI thread, so that typing never waits for SQLite, nor the window for an import.

:class:`QueryWorker`: one background thread with its own read-only connection runs the tables'
queries. Each tab is a *channel*: a new request on a channel replaces the one waiting there and
interrupts the one running (``sqlite3.Connection.interrupt``), so only the newest keystroke's
query finishes. Results come back through Qt signals, queued to the UI thread.

:class:`Task`: one long command (File ▸ Import) on a thread of its own, with progress, a question
for the window in the middle, and cancelling.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

from mxdesk.core import gcpause
from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _

log = logging.getLogger("mxdesk.search")

#: How often Python switches threads (default 5 ms): the query thread's results reach the
#: window a few switches sooner, which is most of a keystroke's latency on a small directory.
SWITCH_INTERVAL_S = 0.0005

#: A job runs on the worker's Directory and reports through ``emit(stage, payload)``.
Job = Callable[[Directory, Callable[[str, object], None], Callable[[], bool]], None]


class Readable(Protocol):
    """What a query thread reads through: a connection of its own, closed at the end."""

    @property
    def conn(self) -> sqlite3.Connection:
        """The thread's own connection (the worker interrupts it to drop a stale query)."""

    def close(self) -> None:
        """Close the connection, on the thread that opened it."""


class QueryWorker(QObject):
    """A thread that runs the newest job of each channel on its own connection.

    *opener* makes what the jobs read through, on the thread (the directory by default; the
    notes' lists pass :class:`mxdesk.core.notes.listing.Reader`); when it raises an
    :class:`MxdeskError`, every job is refused through :attr:`failed` with its message.
    A job that fails in any other way is told through :attr:`failed` too (a bug also goes to
    ``threading.excepthook``), and the thread goes on with the next job, on a new connection
    if the old one no longer answers.

    Signals:
        reported(str, int, str, object): (channel, generation, stage, payload) for every step
            a job reports, only while that job is its channel's newest.
        failed(str, int, str): (channel, generation, message) when a job failed for a reason
            the user should see (a query that was interrupted is not told).
    """

    reported = Signal(str, int, str, object)
    failed = Signal(str, int, str)

    def __init__(self, db_path: Path, parent: QObject | None = None,
                 opener: Callable[[Path], Readable] = Directory) -> None:
        super().__init__(parent)
        self._path = db_path
        self._opener = opener
        #: Why the thread could not open what it reads ("" while it could).
        self._broken = ""
        self._lock = threading.Condition()
        self._waiting: dict[str, tuple[int, Callable[..., None]]] = {}
        self._running: tuple[str, int] | None = None
        self._latest: dict[str, int] = {}
        self._stop = False
        self._reader: Any = None
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._thread = threading.Thread(target=self._loop, name="mxdesk-queries", daemon=True)
        self._thread.start()

    def submit(self, channel: str, generation: int, job: Callable[..., None]) -> None:
        """Run *job* as the newest of *channel*, dropping or interrupting older ones (or say
        at once, through :attr:`failed`, that it cannot run)."""
        if self._broken:
            self.failed.emit(channel, generation, self._broken)
            return
        with self._lock:
            self._latest[channel] = generation
            self._waiting[channel] = (generation, job)
            running = self._running
            if running is not None and running[0] == channel and running[1] < generation:
                self._interrupt()
            self._lock.notify()

    def is_current(self, channel: str, generation: int) -> bool:
        """Whether *generation* is the newest request of *channel* (an older job's results are
        dropped). Thread-safe."""
        with self._lock:
            return self._latest.get(channel) == generation

    def idle(self) -> bool:
        """Whether no job is waiting or running (tests wait for this). Thread-safe."""
        with self._lock:
            return not self._waiting and self._running is None

    def stop(self) -> None:
        """Stop the thread: interrupt the running query, drop those waiting, and wait for it at
        most 5 s (it is a daemon thread: one stuck longer dies with the program)."""
        with self._lock:
            self._stop = True
            self._interrupt()
            self._lock.notify()
        self._thread.join(timeout=5)

    def _interrupt(self) -> None:
        """Interrupt the running query, if the thread has a connection open (with the lock
        held: the thread swaps its connection under it)."""
        if self._reader is None:
            return
        # Closed under us (a job closed it): nothing runs on it to interrupt, and the thread
        # opens another before its next job.
        with contextlib.suppress(sqlite3.ProgrammingError):
            self._reader.conn.interrupt()

    def _loop(self) -> None:
        try:
            self._reader = self._opener(self._path)
        except MxdeskError as exc:
            log.error("query thread cannot open %s: %s", self._path, exc)
            with self._lock:
                self._broken = str(exc)
                waiting, self._waiting = self._waiting, {}
            for channel, (generation, _job) in waiting.items():
                self.failed.emit(channel, generation, self._broken)
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
                try:
                    self._run(channel, generation, job)
                finally:
                    with self._lock:
                        self._running = None
        finally:
            self._close()

    def _run(self, channel: str, generation: int, job: Callable[..., None]) -> None:
        """Run one job and tell how it ended; whatever it raises, the thread goes on with
        the next one (before, an error other than OperationalError ended the thread, and
        every later search waited for ever)."""

        def emit(stage: str, payload: Any) -> None:
            if self.is_current(channel, generation):
                self._emit(self.reported, channel, generation, stage, payload)

        def stale() -> bool:
            return not self.is_current(channel, generation)

        try:
            if self._reader is None:  # the last one was left unusable: open another
                self._reader = self._opener(self._path)
            job(self._reader, emit, stale)
            return
        except sqlite3.Error as exc:
            if "interrupt" in str(exc):
                return  # a newer request, or the window closing, stopped it: nobody to tell
            log.exception("query failed on %s", self._path)
            self._emit(self.failed, channel, generation, str(exc))
        except MxdeskError as exc:  # the core's words for a query that failed
            if "interrupt" in str(exc):
                return
            log.error("query failed on %s: %s", self._path, exc)
            self._emit(self.failed, channel, generation, str(exc))
        # Our bug: the excepthook shows it, the tab says its search did not run, and the
        # thread serves the next search (an exception left to end it went unseen after that).
        except Exception as exc:  # noqa: BLE001 - handed to the excepthook just below
            threading.excepthook(threading.ExceptHookArgs(
                (type(exc), exc, exc.__traceback__, threading.current_thread())))
            self._emit(self.failed, channel, generation,
                       _("an unexpected error ({name})").format(name=type(exc).__name__))
        if not self._usable():  # (a job closed it, say): the next job opens another
            self._close()

    def _emit(self, signal: SignalInstance, *args: object) -> None:
        """Send *signal* to the window's thread, unless the window has gone (then stop)."""
        try:
            signal.emit(*args)
        except RuntimeError:  # the window went away while this job ran
            self._stop = True

    def _usable(self) -> bool:
        """Whether the thread's connection still answers after a job's error."""
        if self._reader is None:  # opening another failed
            return False
        try:
            self._reader.conn.execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def _close(self) -> None:
        """Close the thread's connection (on the thread, which opened it); the next job
        opens another."""
        with self._lock:
            reader, self._reader = self._reader, None
        if reader is None:
            return
        try:
            reader.close()
        except sqlite3.Error:
            log.warning("closing the query thread's connection failed", exc_info=True)


class Task(QObject):
    """One long command (an import) on a thread of its own, so the window keeps painting.

    *work* runs on that thread and is given this task: it reports with :meth:`report` and
    :meth:`say`, asks the window a question with :meth:`ask` (the thread waits for the
    answer), and stops when :meth:`cancelled` says so. Everything reaches the window through
    signals queued to its thread. A SQLite connection belongs to the thread that opened it:
    *work* opens its own. *name* names the thread (in logs and tracebacks).

    Signals:
        progressed(int, int): (done, total) as the work goes; total 0: how much is not known
            yet. At most every ``REPORT_EVERY_S`` (50 ms), and at the end.
        said(str): what the work is doing now ("Reading in.csv…").
        asked(object): a question for the window; it calls :meth:`answer` (the thread waits
            meanwhile).
        finished(object): the work's result.
        failed(object): the exception the work ended with (an MxdeskError is the user's to
            read; anything else is a bug, which the window raises again on its own thread for
            the excepthook).
    """

    progressed = Signal(int, int)
    said = Signal(str)
    asked = Signal(object)
    finished = Signal(object)
    failed = Signal(object)

    #: Progress is reported at most this often (s): a report per record would flood the
    #: window's thread with 100,000 events.
    REPORT_EVERY_S = 0.05
    #: The work gives the window's thread the GIL this often (s), for this long, at each
    #: check. Work that releases the GIL for an instant many times a second (a SQLite
    #: statement per record) takes it straight back each time, and CPython's own forced
    #: switch never comes (take_gil asks for one only when no switch at all happened while
    #: it waited): without these pauses the window waited 100-300 ms for its turn.
    BREATHE_EVERY_S = 0.01
    BREATHE_S = 0.0005
    #: The window's thread marks that it is free to run this often (ms) while the work runs.
    HEARTBEAT_MS = 5
    #: When its mark is older than this (s), the window's thread is busy (painting the whole
    #: window, say: a dialog opened, and every row's text is asked of a Python model): the
    #: work then waits, at most :attr:`YIELD_AT_MOST_S`, for it to be free again. Without
    #: this each of those hundreds of calls waited its turn for the GIL, and the repaint that
    #: takes 15 ms took 70-170 ms while a file was read.
    MAIN_LATE_S = 0.008
    YIELD_AT_MOST_S = 0.1

    def __init__(self, work: Callable[[Task], object], name: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self._answered = threading.Event()
        self._answer: object = None
        self._last_report = 0.0
        self._last_breath = 0.0
        self._main_free = time.monotonic()
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(self.HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._beat)
        # No beat while the window asks its question: nothing runs on the work's thread then.
        self.asked.connect(self._heartbeat.stop)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        """Start the work's thread, and the window's heartbeat beside it (every
        ``HEARTBEAT_MS``)."""
        self._main_free = time.monotonic()
        self._heartbeat.start()
        self._thread.start()

    def _beat(self) -> None:
        """On the window's thread: it is free to run (its timers come round)."""
        self._main_free = time.monotonic()
        if not self._thread.is_alive():
            self._heartbeat.stop()

    def cancel(self) -> None:
        """Ask the work to stop (it does at its next check); a question waiting is answered
        with None."""
        self._cancel.set()
        self._answered.set()

    def cancelled(self) -> bool:
        """Whether the work should stop (the work calls this often: it is also where the
        work lets the window's thread run)."""
        self.breathe()
        return self._cancel.is_set()

    def breathe(self) -> None:
        """On the work's thread: let the window's thread run, if it has not for a while."""
        if threading.current_thread() is not self._thread:
            return
        now = time.monotonic()
        if now - self._main_free > self.MAIN_LATE_S:
            # The window's thread is busy: stand aside until it has come round again.
            seen, until = self._main_free, now + self.YIELD_AT_MOST_S
            while (self._main_free == seen and time.monotonic() < until
                   and not self._cancel.is_set()):
                time.sleep(0.001)
            self._last_breath = time.monotonic()
        elif now - self._last_breath >= self.BREATHE_EVERY_S:
            time.sleep(self.BREATHE_S)
            self._last_breath = time.monotonic()

    def running(self) -> bool:
        """Whether the work's thread is still running."""
        return self._thread.is_alive()

    def wait(self, timeout_s: float) -> bool:
        """Wait for the work to end; True when it has."""
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    # -- from the work's thread ----------------------------------------------------------

    def report(self, done: int, total: int) -> None:
        """On the work's thread: *done* of *total* records (total 0: not known yet). Sent on as
        :attr:`progressed` at most every ``REPORT_EVERY_S``, and always when done >= total;
        also lets the window's thread run (:meth:`breathe`)."""
        self.breathe()
        now = time.monotonic()
        if done >= total or now - self._last_report >= self.REPORT_EVERY_S:
            self._last_report = now
            self.progressed.emit(done, total)

    def say(self, text: str) -> None:
        """On the work's thread: tell the window what the work does now (:attr:`said`)."""
        self.said.emit(text)

    def ask(self, question: object) -> object:
        """Ask the window (see :attr:`asked`) and wait for its answer; None when cancelled."""
        self._answered.clear()
        if self.cancelled():
            return None
        self.asked.emit(question)
        self._answered.wait()
        return None if self.cancelled() else self._answer

    # -- from the window's thread --------------------------------------------------------

    def answer(self, value: object) -> None:
        """On the window's thread: the answer to the question :attr:`asked` put; the work's thread
        goes on with it."""
        self._answer = value
        self._main_free = time.monotonic()
        if self._thread.is_alive():
            self._heartbeat.start()
        self._answered.set()

    def _run(self) -> None:
        try:
            with gcpause.paused():
                result = self._work(self)
        # Bugs too: the window's thread raises them again, for the excepthook.
        except Exception as exc:  # noqa: BLE001 - every end is told to the window's thread
            self._emit(self.failed, exc)
            return
        self._emit(self.finished, result)

    def _emit(self, signal: SignalInstance, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the window went away while the work ran
            if isinstance(value, Exception) and not isinstance(value, MxdeskError):
                log.error("%s failed after its window closed", self._thread.name,
                          exc_info=value)
