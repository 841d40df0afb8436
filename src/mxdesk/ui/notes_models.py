"""Moved to :mod:`mxdesk.ui.notes.models`; this old path keeps imports (and tests'
monkeypatching) working."""

from mxdesk.ui.notes.models import (
    _ORPHAN,
    LIST_CHANNEL,
    PAGE_SIZE,
    ClusterName,
    ClusterNames,
    ItemIdRole,
    ItemKindRole,
    ListTableModel,
    NotesTableModel,
    RecordListModel,
    _Index,
    _Paged,
    _Rows,
    log,
)

__all__ = [
    "LIST_CHANNEL",
    "PAGE_SIZE",
    "_ORPHAN",
    "ClusterName",
    "ClusterNames",
    "ItemIdRole",
    "ItemKindRole",
    "ListTableModel",
    "NotesTableModel",
    "RecordListModel",
    "_Index",
    "_Paged",
    "_Rows",
    "log",
]

