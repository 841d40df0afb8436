"""Moved to :mod:`mxdesk.ui.notes.importing`; this old path keeps imports (and tests'
monkeypatching) working."""

from mxdesk.ui._moved import keep_old_path
from mxdesk.ui.notes import importing
from mxdesk.ui.notes.importing import (
    RELEASE_SLICE,
    SHOW_AFTER_MS,
    STOP_WAIT_S,
    NotesImport,
    _import,
    _let_go,
    ask_to_import,
    log,
    records,
)

__all__ = [
    "RELEASE_SLICE",
    "SHOW_AFTER_MS",
    "STOP_WAIT_S",
    "NotesImport",
    "_import",
    "_let_go",
    "ask_to_import",
    "log",
    "records",
]

keep_old_path(__name__, importing)
