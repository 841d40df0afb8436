"""Starting the GUI: the application object, the excepthook, the first window."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from mxdesk import __version__
from mxdesk.core import paths
from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
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
    window = MainWindow(directory, settings)
    window.show()
    status = app.exec()
    directory.close()
    return int(status)
