"""What the parts of the notes store may use of it: the :class:`OpenStore` protocol.

:class:`~mxdesk.core.notes.store.NotesStore` is the one façade; each table family's reads and
writes live in a part named for it (:mod:`.contacts`, :mod:`.cluster_notes`, :mod:`.shortlists`,
:mod:`.search`, :mod:`.orphans`, :mod:`.merging`, :mod:`.backups`, :mod:`.opening`), written
against this protocol so that no part imports store.py and the façade's methods each delegate
in one line.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from mxdesk.core.notes.records import NotesCounts


class OpenStore(Protocol):
    """An open notes file as its parts see it (a :class:`NotesStore` is one).

    Attributes:
        path: the notes file.
        backup_dir: the folder its backups go to.
        read_only: why it cannot be written here ("" when it can).
        conn: the one connection, in autocommit mode; writes go through :meth:`transaction`.
        unreadable: records left out because their text is not UTF-8: (kind, id) -> why.
    """

    path: Path
    backup_dir: Path
    read_only: str
    conn: sqlite3.Connection
    unreadable: dict[tuple[str, int], str]

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One write transaction (see ``NotesStore.transaction``, which says what it raises)."""
        ...

    def setting(self, key: str, default: str = "") -> str:
        """A value of the file's settings table, or *default*."""
        ...

    def set_setting(self, key: str, value: str) -> None:
        """Store a value in the file's settings table, in a transaction of its own."""
        ...

    def changes(self) -> int:
        """How many write transactions the file has committed (schema 2 on)."""
        ...

    def counts(self) -> NotesCounts:
        """How many contacts, notes, shortlists, missions and meetings the file holds."""
        ...
