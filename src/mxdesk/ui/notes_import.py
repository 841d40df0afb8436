"""Moved to :mod:`mxdesk.ui.notes.importing`; this old path keeps imports (and tests'
monkeypatching) working."""

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

