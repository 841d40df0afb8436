"""Where mxdesk writes what went wrong: a small rotating log in the user's data folder."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from mxdesk.core import paths

LOG_NAME = "mxdesk.log"
#: A log that can never fill a disk: 1 MB, and three older files.
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
_FORMAT = "%(asctime)s %(name)s %(levelname)s: %(message)s"


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A log file that stops, silently, when it can no longer be written (a disk that filled,
    media made read-only): logging's default prints a traceback on the terminal each time."""

    def handleError(self, record: logging.LogRecord) -> None:
        logging.getLogger("mxdesk").removeHandler(self)
        self.close()


def log_path() -> Path:
    """Where the log file is: ``<user data folder>/logs/<LOG_NAME>`` (the folder may not
    exist yet)."""
    return paths.user_data_dir() / "logs" / LOG_NAME


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send the "mxdesk" loggers to the rotating file; None when it cannot be written
    (a read-only data folder must not stop the program)."""
    path = log_path()
    root = logging.getLogger("mxdesk")
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            if Path(handler.baseFilename) == path:
                return path
            root.removeHandler(handler)
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Opened now, not at the first message: a folder that cannot be written is found
        # here, where it is quietly skipped, not later with a traceback on the terminal.
        with path.open("a", encoding="utf-8"):
            pass
        handler = _QuietFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                                    encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.setLevel(level)
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    return path


def close_logging() -> None:
    """Close the file handlers (tests relocate the data folder between runs)."""
    root = logging.getLogger("mxdesk")
    for handler in list(root.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
