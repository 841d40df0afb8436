"""Starting the GUI: the application object, the excepthook, the first window."""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEvent, QLockFile, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QMessageBox

from mxdesk import __version__
from mxdesk.core import paths
from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.logs import log_path, setup_logging
from mxdesk.core.notes import (
    BackupInfo,
    CorruptStoreError,
    NotesStore,
    RecoveryNeededError,
    StoreBusyError,
    StoreError,
    default_path,
    good_backups,
    restore_backup,
)
from mxdesk.core.notes.backups import contents
from mxdesk.ui.messages import tell
from mxdesk.ui.window import MainWindow, open_settings, window_icon

log = logging.getLogger("mxdesk.ui")

#: How long after the window shows "What changed" is worked out (ms): after its first rows
#: (~250 ms from the start, docs/performance.md), so they are not delayed by it.
ANNOUNCE_DELAY_MS = 400
#: How long after the window shows the start's backup is made (ms): after the first paint and
#: the first rows (start-up to the first rows takes ~250 ms, docs/performance.md).
STARTUP_BACKUP_DELAY_MS = 1500


def excepthook(kind: type[BaseException], value: BaseException,
               tb: TracebackType | None) -> None:
    """Our bugs: the traceback goes to the rotating log, the user gets a dialog naming it, and
    the window keeps running (every note was already saved when it was typed)."""
    text = "".join(traceback.format_exception(kind, value, tb))
    log.error("unexpected error:\n%s", text)
    path = log_path()
    where = (f"The details were written to:\n{path}" if path.exists()
             else "The details could not be written to a log file.")
    box = QMessageBox(QMessageBox.Icon.Critical, "mxdesk: unexpected error",
                      f"Something went wrong inside mxdesk: {value!r}\n\n{where}\n\n"
                      "Your notes are safe: each was saved when you typed it. You can go on "
                      "working; please report this with the file above.")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


Hook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


class _ThreadErrors(QObject):
    """Carries an exception raised on another thread to the window's thread (the signal is
    queued there), where *hook* shows it.

    Signals:
        raised(object): (type, value, traceback) of the exception, as ``sys.excepthook``
            takes them.
    """

    raised = Signal(object)

    def __init__(self, hook: Hook) -> None:
        super().__init__()
        self.raised.connect(lambda raised: hook(*raised))


def install_thread_excepthook(hook: Hook = excepthook) -> _ThreadErrors:
    """A bug on a background thread (a query thread, an import's worker) is logged and shown
    as the window's own bugs are, on the window's thread; Python's default only printed it to
    a terminal nobody reads, and the thread ended unseen. Call on the window's thread; keep
    the returned object alive."""
    bridge = _ThreadErrors(hook)

    def on_thread(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        value = args.exc_value if args.exc_value is not None else args.exc_type()
        log.error("unexpected error on thread %s", name, exc_info=value)
        bridge.raised.emit((args.exc_type, value, args.exc_traceback))

    threading.excepthook = on_thread
    return bridge


def run_gui(db_path: Path | None) -> int:
    """Start the application; return its exit status."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QApplication.setApplicationName("mxdesk")
    QApplication.setApplicationDisplayName("mxdesk")
    QApplication.setApplicationVersion(__version__)
    # Wayland docks match the window to the installed .desktop file by this name.
    QApplication.setDesktopFileName("io.github.mxdesk.Mxdesk")
    QApplication.setWindowIcon(window_icon())
    setup_logging()
    sys.excepthook = excepthook
    thread_errors = install_thread_excepthook()  # noqa: F841 - kept alive while the app runs
    try:
        directory = Directory(db_path or paths.bundled_database())
        settings = open_settings()
    except MxdeskError as exc:
        tell(None, QMessageBox.Icon.Critical, "mxdesk cannot start",
                             f"The directory cannot be opened.\n\n{exc}")
        return 1
    store = open_notes()
    if store is None:
        directory.close()
        return 1
    lock = QLockFile(str(paths.user_data_dir() / "mxdesk.lock"))
    # A lock that cannot even be made (a read-only folder) says nothing about other windows.
    if not lock.tryLock(200) and lock.error() == QLockFile.LockError.LockFailedError:
        tell(
            None, QMessageBox.Icon.Information, "mxdesk is already open",
            "Another mxdesk window is open on this computer. You can use both: what you type "
            "is saved as you pause or leave a field, each window shows what the other saved "
            "within a second, and when both change the same text, both texts are kept.")
    window = MainWindow(directory, settings, store)
    if not lock.isLocked():
        # The first window may close first: this one then holds the lock, so a third is told.
        retake = QTimer(window)
        retake.setInterval(5000)

        def take_over() -> None:
            if lock.tryLock(0):
                retake.stop()

        retake.timeout.connect(take_over)
        retake.start()
    window.show()
    window.show_read_only()
    restored = window.guard.save_drafts()
    if restored:
        tell(window, QMessageBox.Icon.Information, "Your unsaved text", restored)
    # A newer directory than the one opened last: what changed, once the window shows its first
    # rows (reading the change list, and the code that shows it, wait until then).
    QTimer.singleShot(ANNOUNCE_DELAY_MS, lambda: window.what_changed.announce())
    if os.environ.get("MXDESK_STARTUP_PROBE"):
        _quit_when_ready(app, window)  # packaging/startup.py measures start-up with it
    # The start's backup (when the notes changed since the last one) waits until the window
    # has painted and shows its rows: a large notes file takes a while to copy.
    QTimer.singleShot(STARTUP_BACKUP_DELAY_MS, window.notes.backup_if_due)
    # Daily backups for windows left open for days (a trade mission week).
    timer = QTimer(window)
    timer.setInterval(60 * 60 * 1000)
    timer.timeout.connect(window.notes.backup_if_due)
    timer.start()
    status = app.exec()
    store.close()
    directory.close()
    lock.unlock()
    return int(status)


def _quit_when_ready(app: QCoreApplication, window: MainWindow) -> None:
    """Print READY and quit once the Clusters table has painted its first rows: a paint event
    of the table's viewport with rows in the model, seen after the widget painted it (for
    start-up measurements: packaging/startup.py, benchmarks/run.py). Before issue 17 it
    quit as soon as the model had rows, before anything was painted, and start-up was
    measured short of what a user sees. The JSON line after READY says what was painted."""
    table = window.tab_pages["clusters"].table
    painted = FirstRowsPainted(table, window)

    def ready() -> None:
        print("READY", flush=True)
        print(json.dumps({"rss_mb": _peak_rss_mb(), "painted_rows": painted.rows,
                          "viewport": [table.viewport().width(), table.viewport().height()]}),
              flush=True)
        window.close()
        app.quit()

    painted.done.connect(ready, Qt.ConnectionType.QueuedConnection)


class FirstRowsPainted(QObject):
    """Watches a table's viewport for its first paint with rows in the model.

    Signals:
        done(): that paint was delivered (emitted from inside it: a queued connection runs
            after the viewport has drawn it).
    """

    done = Signal()

    def __init__(self, table: QAbstractItemView, parent: QObject) -> None:
        super().__init__(parent)
        self._table = table
        #: How many rows the model had at that paint (0 until then).
        self.rows = 0
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt: on the viewport's paint events, until one with visible rows."""
        model = self._table.model()
        if (event.type() == QEvent.Type.Paint and not self.rows and model is not None
                and model.rowCount() and self._table.rowAt(0) >= 0):
            self.rows = model.rowCount()
            self._table.viewport().removeEventFilter(self)
            self.done.emit()
        return False


def _peak_rss_mb() -> float:
    """The process's peak resident memory in MB (Linux; 0 elsewhere), for the benchmarks."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _choose(title: str, text: str, buttons: list[tuple[str, str]],
            icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> str:
    """A plain-text question with one button per (key, label); returns the key clicked (the
    last one's on Escape)."""
    box = QMessageBox(icon, title, text[:1].upper() + text[1:],
                      QMessageBox.StandardButton.NoButton)
    box.setTextFormat(Qt.TextFormat.PlainText)
    made: list[tuple[QAbstractButton, str]] = []
    for n, (key, label) in enumerate(buttons):
        role = (QMessageBox.ButtonRole.AcceptRole if n == 0
                else QMessageBox.ButtonRole.RejectRole if n == len(buttons) - 1
                else QMessageBox.ButtonRole.ActionRole)
        button = box.addButton(label, role)
        made.append((button, key))
        if n == 0:
            box.setDefaultButton(button)
    box.setEscapeButton(made[-1][0])
    box.exec()
    clicked = box.clickedButton()
    return next((key for button, key in made if button is clicked), buttons[-1][0])


def _describe(info: BackupInfo | None) -> str:
    if info is None:
        return ""
    return (f"{info.local_time}: {info.contacts} contacts, {info.notes} notes, "
            f"{info.shortlists} shortlists")


def _recover(exc: RecoveryNeededError | CorruptStoreError) -> str:
    """Offer what can bring the notes back; returns what the user chose: "backup",
    "recovered", "empty", or "quit"."""
    infos = {b.path: b for b in good_backups()}
    backup = infos.get(exc.newest_backup) if exc.newest_backup else None
    recovered = exc.recovered if isinstance(exc, RecoveryNeededError) else None
    if isinstance(exc, CorruptStoreError):
        text = (f"Your notes file was damaged, so mxdesk moved it aside (it is not deleted):\n"
                f"{exc.moved_to}\n\n")
    else:
        names = "\n".join(f"  {p.name}" for p in exc.leftovers)
        text = (f"Your notes file {exc.path} is missing or empty, but these are there:\n{names}"
                "\n\nmxdesk has not started an empty notes file.\n\n")
    buttons = []
    rebuilt = contents(recovered) if recovered is not None else None
    if rebuilt is not None:
        _schema, contacts, notes, lists, _changes = rebuilt
        text += (f"The notes could be rebuilt from the journal left behind: {contacts} contacts, "
                 f"{notes} notes, {lists} shortlists.\n")
        buttons.append(("recovered", "Use the rebuilt notes"))
    if backup is not None:
        text += f"The newest sound backup is from {_describe(backup)}.\n"
        buttons.append(("backup", "Restore the newest backup"))
    if not buttons:
        text += "There is no backup to restore.\n"
    buttons += [("empty", "Start with empty notes"), ("quit", "Quit")]
    return _choose("Your notes need your decision", text.rstrip(), buttons)


def open_notes() -> NotesStore | None:
    """Open the user's notes, asking the user whenever something stands in the way.

    Damage (only what SQLite reports corrupt) is moved aside and the newest sound backup
    offered; a missing or empty file beside traces of an earlier one is never started empty
    without asking; a lock is waited for and can be retried; a file or folder that cannot be
    written opens read-only; notes that cannot be read at all leave the directory usable with
    no notes, saying why. None means the user chose to quit."""
    path = default_path()
    allow_new = False
    for _attempt in range(10):
        try:
            return NotesStore(path, allow_new=allow_new)
        except (CorruptStoreError, RecoveryNeededError) as exc:
            log.error("%s", exc)
            choice = _recover(exc)
            try:
                if choice == "backup" and exc.newest_backup is not None:
                    restore_backup(exc.newest_backup, path)
                elif choice == "recovered" and isinstance(exc, RecoveryNeededError) \
                        and exc.recovered is not None:
                    restore_backup(exc.recovered, path)
                elif choice == "empty":
                    allow_new = True
                elif choice == "quit":
                    return None
            except MxdeskError as again:
                tell(None, QMessageBox.Icon.Critical, "Your notes were not restored",
                     f"{again}\n\nNothing was changed.")
        except StoreBusyError as exc:
            choice = _choose("Your notes file is in use", str(exc),
                             [("retry", "Try again"), ("open", "Open without my notes"),
                              ("quit", "Quit")])
            if choice == "quit":
                return None
            if choice == "open":
                return NotesStore.unavailable(path, str(exc))
        except StoreError as exc:
            log.error("%s", exc)
            if _choose("mxdesk cannot open your notes",
                       f"{exc}\n\nYou can still browse the directory; your notes will not be "
                       "shown or changed until this is solved.",
                       [("open", "Open without my notes"), ("quit", "Quit")]) == "quit":
                return None
            return NotesStore.unavailable(path, str(exc))
    return None
