"""Starting the GUI: the application object, the excepthook, the first window."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLockFile, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from mxdesk import __version__
from mxdesk.core import paths
from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.notes import CorruptStoreError, NotesStore, list_backups, restore_backup
from mxdesk.ui.window import MainWindow, open_settings, window_icon

log = logging.getLogger("mxdesk.ui")


def _excepthook(kind: type[BaseException], value: BaseException,
                tb: TracebackType | None) -> None:
    """Our bugs: log the traceback to crash.log and tell the user, instead of dying silently."""
    report = paths.user_data_dir() / "crash.log"
    text = "".join(traceback.format_exception(kind, value, tb))
    log.error("unexpected error:\n%s", text)
    try:
        report.parent.mkdir(parents=True, exist_ok=True)
        with report.open("a", encoding="utf-8") as handle:
            handle.write(text + "\n")
        where = f"The details were written to {report}."
    except OSError:
        where = ""
    QMessageBox.critical(None, "mxdesk: unexpected error",
                         f"Something went wrong inside mxdesk: {value!r}\n\n{where}\n"
                         "Your notes are safe. Please report this with the file above.")


def run_gui(db_path: Path | None) -> int:
    """Start the application; return its exit status."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QApplication.setApplicationName("mxdesk")
    QApplication.setApplicationDisplayName("mxdesk")
    QApplication.setApplicationVersion(__version__)
    QApplication.setWindowIcon(window_icon())
    sys.excepthook = _excepthook
    try:
        directory = Directory(db_path or paths.bundled_database())
        settings = open_settings()
    except MxdeskError as exc:
        QMessageBox.critical(None, "mxdesk cannot start",
                             f"The directory cannot be opened.\n\n{exc}")
        return 1
    store = open_notes()
    if store is None:
        directory.close()
        return 1
    lock = QLockFile(str(paths.user_data_dir() / "mxdesk.lock"))
    if not lock.tryLock(200):
        QMessageBox.information(
            None, "mxdesk is already open",
            "Another mxdesk window is open on this computer. You can use both: every note is "
            "saved the moment you type it and the notes file stays consistent, but a note "
            "typed in one window shows in the other only after you switch tabs or reopen it.")
    window = MainWindow(directory, settings, store)
    window.show()
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
            answer = QMessageBox.question(
                None, "Your notes file was damaged",
                f"mxdesk found your notes file damaged and moved it aside (not deleted) to:\n"
                f"{exc.moved_to}\n\nRestore the newest good backup{detail}?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes)
            if answer == QMessageBox.StandardButton.Yes:
                restore_backup(exc.newest_backup)
        else:
            QMessageBox.warning(None, "Your notes file was damaged",
                                f"mxdesk found your notes file damaged and moved it aside (not "
                                f"deleted) to:\n{exc.moved_to}\n\nThere is no backup yet: "
                                "mxdesk starts with an empty notes file.")
        try:
            return NotesStore()
        except MxdeskError as again:
            QMessageBox.critical(None, "mxdesk cannot open your notes", str(again))
            return None
    except MxdeskError as exc:
        QMessageBox.critical(None, "mxdesk cannot open your notes",
                             f"{exc}\n\nNothing was changed.")
        return None
