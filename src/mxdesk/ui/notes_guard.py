"""Moved to :mod:`mxdesk.ui.notes.guard`; this old path keeps imports (and tests'
monkeypatching) working."""

from mxdesk.ui.notes.commands import DeleteCommand
from mxdesk.ui.notes.guard import (
    WATCH_MS,
    Deletion,
    NotesGuard,
    ask_unsaved,
    contact_deletion,
    counted,
    describe_save,
    log,
    note_deletion,
    shortlist_removal,
)

__all__ = [
    "WATCH_MS",
    "DeleteCommand",
    "Deletion",
    "NotesGuard",
    "ask_unsaved",
    "contact_deletion",
    "counted",
    "describe_save",
    "log",
    "note_deletion",
    "shortlist_removal",
]

