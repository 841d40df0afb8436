"""Starting the GUI: the application object, the excepthook, the first window."""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLockFile, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from mxdesk import __version__
from mxdesk.core import paths
from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.logs import log_path, setup_logging
from mxdesk.core.notes import CorruptStoreError, NotesStore, list_backups, restore_backup
from mxdesk.ui.messages import ask, tell
from mxdesk.ui.window import MainWindow, open_settings, window_icon

log = logging.getLogger("mxdesk.ui")


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
    if not lock.tryLock(200):
        tell(
            None, QMessageBox.Icon.Information, "mxdesk is already open",
            "Another mxdesk window is open on this computer. You can use both: every note is "
            "saved the moment you type it and the notes file stays consistent, but a note "
            "typed in one window shows in the other only after you switch tabs or reopen it.")
    window = MainWindow(directory, settings, store)
    window.show()
    if os.environ.get("MXDESK_STARTUP_PROBE"):
        _quit_when_ready(app, window)  # packaging/startup.py measures start-up with it
    window.backup_if_due()
    # Daily backups for windows left open for days (a trade mission week).
    timer = QTimer(window)
    timer.setInterval(60 * 60 * 1000)
    timer.timeout.connect(window.backup_if_due)
    timer.start()
    status = app.exec()
    store.close()
    directory.close()
    lock.unlock()
    return int(status)


def _quit_when_ready(app: QCoreApplication, window: MainWindow) -> None:
    """Print READY and quit once the first rows show (for start-up measurements)."""
    tab = window.tab_pages["clusters"]

    def check() -> None:
        if tab.model.rowCount() and not tab.model.busy:
            print("READY", flush=True)
            print(json.dumps({"rss_mb": _peak_rss_mb()}), flush=True)
            window.close()
            app.quit()
        else:
            QTimer.singleShot(1, check)

    QTimer.singleShot(0, check)


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


def open_notes() -> NotesStore | None:
    """Open the user's notes; a damaged file is moved aside and the newest backup offered."""
    try:
        return NotesStore()
    except CorruptStoreError as exc:
        log.error("%s", exc)
        if exc.newest_backup is not None:
            info = next((b for b in list_backups() if b.path == exc.newest_backup), None)
            detail = (f" from {info.made:%Y-%m-%d %H:%M} ({info.contacts} contacts, "
                      f"{info.notes} notes, {info.shortlists} shortlists)" if info else "")
            if ask(None, "Your notes file was damaged",
                   f"mxdesk found your notes file damaged and moved it aside (not deleted) to:\n"
                   f"{exc.moved_to}\n\nRestore the newest good backup{detail}?",
                   default_yes=True):
                restore_backup(exc.newest_backup)
        else:
            tell(None, QMessageBox.Icon.Warning, "Your notes file was damaged",
                                f"mxdesk found your notes file damaged and moved it aside (not "
                                f"deleted) to:\n{exc.moved_to}\n\nThere is no backup yet: "
                                "mxdesk starts with an empty notes file.")
        try:
            return NotesStore()
        except MxdeskError as again:
            tell(None, QMessageBox.Icon.Critical, "mxdesk cannot open your notes", str(again))
            return None
    except MxdeskError as exc:
        tell(None, QMessageBox.Icon.Critical, "mxdesk cannot open your notes",
                             f"{exc}\n\nNothing was changed.")
        return None
