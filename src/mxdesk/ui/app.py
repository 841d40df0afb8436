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
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QLockFile, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QMessageBox,
    QWidget,
)

from mxdesk import __version__
from mxdesk.core import paths
from mxdesk.core.i18n import _
from mxdesk.ui.first_frame import FirstRowsPainted, WindowShell

# Everything else loads after the first frame is painted (issue 17): the directory, the notes,
# the log file's handler and the window's parts are imported where they are used.
if TYPE_CHECKING:
    from mxdesk.core.notes import BackupInfo, CorruptStoreError, NotesStore, RecoveryNeededError
    from mxdesk.ui.window import MainWindow

log = logging.getLogger("mxdesk.ui")

#: How long after the window shows "What changed" is worked out (ms): after its first rows
#: (~250 ms from the start, docs/performance.md), so they are not delayed by it.
ANNOUNCE_DELAY_MS = 400
#: How long after the window shows the start's backup is made (ms): after the first paint and
#: the first rows (start-up to the first rows takes ~250 ms, docs/performance.md).
STARTUP_BACKUP_DELAY_MS = 1500


def tell(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> None:
    """:func:`mxdesk.ui.messages.tell`, loaded when first needed (after the first frame)."""
    from mxdesk.ui.messages import tell as told

    told(parent, icon, title, text)


def excepthook(kind: type[BaseException], value: BaseException,
               tb: TracebackType | None) -> None:
    """Our bugs: the traceback goes to the rotating log, the user gets a dialog naming it, and
    the window keeps running (every note was already saved when it was typed)."""
    from mxdesk.core.logs import log_path

    text = "".join(traceback.format_exception(kind, value, tb))
    log.error("unexpected error:\n%s", text)
    path = log_path()
    where = (_("The details were written to:\n{path}").format(path=path) if path.exists()
             else _("The details could not be written to a log file."))
    box = QMessageBox(QMessageBox.Icon.Critical, _("mxdesk: unexpected error"),
                      _("Something went wrong inside mxdesk: {error}\n\n{where}\n\n"
                        "Your notes are safe: each was saved when you typed it. You can go on "
                        "working; please report this with the file above.").format(
                          error=repr(value), where=where))
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


def _no_display() -> bool:
    """Linux with no display server to reach and no platform chosen: Qt would abort."""
    env = os.environ
    return (sys.platform.startswith("linux") and QApplication.instance() is None
            and not env.get("QT_QPA_PLATFORM")
            and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"))


def run_gui(db_path: Path | None, lang: str | None = None) -> int:
    """Start the application; return its exit status.

    The first frame comes first: the window's Clusters table with its first rows
    (ui/first_frame.py), painted before the directory, the notes, the log file and the
    window's other parts are loaded; then the same window is completed in place.

    *lang* ("en", "es": ``mxdesk --lang``) overrides the language chosen in the window and
    the system's (ui/language.py).

    Returns 1 with one line on stderr, not Qt's abort, when Linux has no display to open
    the window on (no $DISPLAY nor $WAYLAND_DISPLAY, and no $QT_QPA_PLATFORM chosen)."""
    if _no_display():
        print(_("mxdesk: no display to open the window on ($DISPLAY and $WAYLAND_DISPLAY are "
                "not set); the commands work without one: mxdesk --help"), file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QApplication.setApplicationName("mxdesk")
    QApplication.setApplicationDisplayName("mxdesk")
    QApplication.setApplicationVersion(__version__)
    # Wayland docks match the window to the installed .desktop file by this name.
    QApplication.setDesktopFileName("io.github.mxdesk.Mxdesk")
    from mxdesk.ui import language
    from mxdesk.ui.settings import WindowSettings, open_settings

    # Before the first frame: its column titles are in the language too.
    language.apply(language.startup_language(WindowSettings(open_settings()), lang))
    sys.excepthook = excepthook
    thread_errors = install_thread_excepthook()  # noqa: F841 - kept alive while the app runs
    probe = StartupProbe() if os.environ.get("MXDESK_STARTUP_PROBE") else None
    shell = _first_frame(db_path or paths.bundled_database(), probe)

    from mxdesk.core.directory import Directory
    from mxdesk.core.errors import MxdeskError
    from mxdesk.core.logs import setup_logging
    from mxdesk.ui.window import MainWindow, window_icon

    QApplication.setWindowIcon(window_icon())
    setup_logging()
    try:
        directory = Directory(db_path or paths.bundled_database())
        settings = open_settings()
    except MxdeskError as exc:
        shell.close()
        tell(None, QMessageBox.Icon.Critical, _("mxdesk cannot start"),
             _("The directory cannot be opened.\n\n{error}").format(error=exc))
        return 1
    store = open_notes()
    if store is None:
        shell.close()
        directory.close()
        return 1
    lock = QLockFile(str(paths.user_data_dir() / "mxdesk.lock"))
    # A lock that cannot even be made (a read-only folder) says nothing about other windows.
    if not lock.tryLock(200) and lock.error() == QLockFile.LockError.LockFailedError:
        tell(
            None, QMessageBox.Icon.Information, _("mxdesk is already open"),
            _("Another mxdesk window is open on this computer. You can use both: what you type "
              "is saved as you pause or leave a field, each window shows what the other saved "
              "within a second, and when both change the same text, both texts are kept."))
    window = MainWindow.complete(shell, directory, settings, store)
    if not lock.isLocked():
        # The first window may close first: this one then holds the lock, so a third is told.
        retake = QTimer(app)  # (the window may be made again in another language)
        retake.setInterval(5000)

        def take_over() -> None:
            if lock.tryLock(0):
                retake.stop()

        retake.timeout.connect(take_over)
        retake.start()
    language.set_current_window(window)
    window.show()
    window.show_read_only()
    restored = window.guard.save_drafts()
    if restored:
        tell(window, QMessageBox.Icon.Information, _("Your unsaved text"), restored)
    # A newer directory than the one opened last: what changed, once the window shows its first
    # rows (reading the change list, and the code that shows it, wait until then).
    QTimer.singleShot(ANNOUNCE_DELAY_MS, lambda: window.what_changed.announce())
    if probe is not None:
        probe.complete(app, window)  # packaging/startup.py measures start-up with it
    # The start's backup (when the notes changed since the last one) waits until the window
    # has painted and shows its rows: a large notes file takes a while to copy.
    QTimer.singleShot(STARTUP_BACKUP_DELAY_MS, window.notes.backup_if_due)
    # Daily backups for windows left open for days (a trade mission week).
    timer = QTimer(app)
    timer.setInterval(60 * 60 * 1000)
    timer.timeout.connect(lambda: _backup_if_due(language.current_window()))
    timer.start()
    status = app.exec()
    store.close()
    directory.close()
    lock.unlock()
    return int(status)


def _backup_if_due(window: MainWindow | None) -> None:
    if window is not None:
        window.notes.backup_if_due()


def _first_frame(db: Path, probe: StartupProbe | None) -> WindowShell:
    """Show the window's first frame (the Clusters table and its first rows) and wait until
    it is painted (at most 2 s); the shell, to be completed. With nothing to show first (no
    rows could be read, another tab in front last time), the shell stays hidden and the full
    window is the first frame."""
    from mxdesk.ui.settings import open_settings

    shell = WindowShell()
    table = shell.show_first_rows(db, open_settings())
    if table is None:
        return shell
    theme = open_settings().value("view/theme")
    if theme in ("light", "dark"):  # the colours of the last run from the first frame on
        from mxdesk.ui import theme as themes

        themes.apply(str(theme))
    painted = FirstRowsPainted(table, shell)
    loop = QEventLoop()
    painted.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    QTimer.singleShot(2000, loop.quit)
    shell.show()
    loop.exec()
    if probe is not None and painted.rows:
        probe.first_frame(painted.rows, table)
    return shell


class StartupProbe:
    """For start-up measurements (``MXDESK_STARTUP_PROBE=1``: benchmarks/run.py,
    packaging/startup.py): prints ``READY`` and a JSON line when the first painted frame
    shows rows, then ``COMPLETE`` and a JSON line when the full window's Clusters table has
    painted its rows, and quits. Before issue 17 READY came as soon as the model had rows,
    before anything was painted, and start-up was measured short of what a user sees."""

    def __init__(self) -> None:
        self._ready = False

    def first_frame(self, rows: int, table: QAbstractItemView) -> None:
        """The first frame's table painted *rows* rows: print READY."""
        self._ready = True
        print("READY", flush=True)
        print(json.dumps({"rss_mb": _peak_rss_mb(), "painted_rows": rows, "frame": "first",
                          "viewport": [table.viewport().width(), table.viewport().height()],
                          # What was loaded before the first frame: nothing else of ours.
                          "modules": sorted(m for m in sys.modules if m.startswith("mxdesk"))}),
              flush=True)

    def complete(self, app: QCoreApplication, window: MainWindow) -> None:
        """Wait for the full window's Clusters table to paint its rows; print READY then if
        the first frame did not, and COMPLETE; close and quit."""
        table = window.tab_pages["clusters"].table
        painted = FirstRowsPainted(table, window)

        def done() -> None:
            data = {"rss_mb": _peak_rss_mb(), "painted_rows": painted.rows,
                    "frame": "window",
                    "viewport": [table.viewport().width(), table.viewport().height()]}
            if not self._ready:
                print("READY", flush=True)
                print(json.dumps(data), flush=True)
            print("COMPLETE", flush=True)
            print(json.dumps(data), flush=True)
            window.close()
            app.quit()

        painted.done.connect(done, Qt.ConnectionType.QueuedConnection)
        table.viewport().update()


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
    return f"{info.local_time}: {info.counts.describe()}"


def _recover(exc: RecoveryNeededError | CorruptStoreError) -> str:
    """Offer what can bring the notes back; returns what the user chose: "backup",
    "recovered", "empty", or "quit"."""
    from mxdesk.core.notes import CorruptStoreError, RecoveryNeededError, good_backups
    from mxdesk.core.notes.backups import contents

    infos = {b.path: b for b in good_backups()}
    backup = infos.get(exc.newest_backup) if exc.newest_backup else None
    recovered = exc.recovered if isinstance(exc, RecoveryNeededError) else None
    if isinstance(exc, CorruptStoreError):
        text = _("Your notes file was damaged, so mxdesk moved it aside (it is not deleted):\n"
                 "{path}").format(path=exc.moved_to) + "\n\n"
    else:
        names = "\n".join(f"  {p.name}" for p in exc.leftovers)
        text = _("Your notes file {path} is missing or empty, but these are there:\n{names}"
                 "\n\nmxdesk has not started an empty notes file.").format(
                     path=exc.path, names=names) + "\n\n"
    buttons = []
    rebuilt = contents(recovered) if recovered is not None else None
    if rebuilt is not None:
        text += _("The notes could be rebuilt from the journal left behind: {what}.").format(
            what=rebuilt[1].describe()) + "\n"
        buttons.append(("recovered", _("Use the rebuilt notes")))
    if backup is not None:
        text += _("The newest sound backup is from {when}.").format(
            when=_describe(backup)) + "\n"
        buttons.append(("backup", _("Restore the newest backup")))
    if not buttons:
        text += _("There is no backup to restore.") + "\n"
    buttons += [("empty", _("Start with empty notes")), ("quit", _("Quit"))]
    return _choose(_("Your notes need your decision"), text.rstrip(), buttons)


def open_notes() -> NotesStore | None:
    """Open the user's notes, asking the user whenever something stands in the way.

    Damage (only what SQLite reports corrupt) is moved aside and the newest sound backup
    offered; a missing or empty file beside traces of an earlier one is never started empty
    without asking; a lock is waited for and can be retried; a file or folder that cannot be
    written opens read-only; notes that cannot be read at all leave the directory usable with
    no notes, saying why. None means the user chose to quit."""
    from mxdesk.core.errors import MxdeskError
    from mxdesk.core.notes import (
        CorruptStoreError,
        NotesStore,
        RecoveryNeededError,
        StoreBusyError,
        StoreError,
        default_path,
        restore_backup,
    )

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
                tell(None, QMessageBox.Icon.Critical, _("Your notes were not restored"),
                     _("{error}\n\nNothing was changed.").format(error=again))
        except StoreBusyError as exc:
            choice = _choose(_("Your notes file is in use"), str(exc),
                             [("retry", _("Try again")), ("open", _("Open without my notes")),
                              ("quit", _("Quit"))])
            if choice == "quit":
                return None
            if choice == "open":
                return NotesStore.unavailable(path, str(exc))
        except StoreError as exc:
            log.error("%s", exc)
            if _choose(_("mxdesk cannot open your notes"),
                       _("{error}\n\nYou can still browse the directory; your notes will not be "
                         "shown or changed until this is solved.").format(error=exc),
                       [("open", _("Open without my notes")), ("quit", _("Quit"))]) == "quit":
                return None
            return NotesStore.unavailable(path, str(exc))
    return None
