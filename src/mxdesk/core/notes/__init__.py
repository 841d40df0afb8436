"""The user's own notes, contacts and shortlists: a SQLite file that must never lose anything.

The file lives in the user's data folder (``notes.db``), separate from the read-only
directory. It runs in WAL mode with foreign keys on; its schema version is ``PRAGMA
user_version`` and every change of schema is one function in :data:`MIGRATIONS`. Records point
at directory records by their stable ids (slugs), so a newer clusters.db never orphans them.

Every write is one short transaction, committed at once: a crash or a kill loses at most the
keystrokes of the last second, never a saved record. docs/reliability.md lists what the store
promises, kind of fault by kind, with the test that holds each promise.

Modules: :mod:`.records` (the dataclasses), :mod:`.schema` (migrations and the search index),
:mod:`.store` (``NotesStore``, the one façade: transactions, settings, read-only state), and
the parts it delegates to, each named for what it does: :mod:`.opening` (checking, opening and
migrating the file; recovery at start), :mod:`.contacts`, :mod:`.cluster_notes` (notes),
:mod:`.merging` (saving a field at a time, conflicts), :mod:`.shortlists`, :mod:`.search`,
:mod:`.orphans`, :mod:`.backups`; with :mod:`.parts` (what a part may use of the store) and
:mod:`.stored_text` (NFC, text that is not UTF-8). Beside them: :mod:`.listing` (lists read a
page at a time), :mod:`.drafts` (text that could not be saved), :mod:`.wal` and :mod:`.rescue`
(reading what a damaged file still holds).
"""

from mxdesk.core.notes.backups import BackupInfo
from mxdesk.core.notes.errors import (
    CorruptStoreError,
    DiskFullError,
    ReadOnlyStoreError,
    RecoveryNeededError,
    StoreBusyError,
    StoreError,
    UnreadableStoreError,
)
from mxdesk.core.notes.records import (
    Conflict,
    Contact,
    ContactPoint,
    NameParts,
    Note,
    NoteHit,
    NotesCounts,
    SaveResult,
    Shortlist,
    ShortlistItem,
    format_points,
    new_uid,
    parse_points,
    points,
)
from mxdesk.core.notes.schema import MIGRATIONS, NOTES_SCHEMA_VERSION
from mxdesk.core.notes.store import (
    BACKUP_EVERY,
    BACKUP_FOLDER,
    DEFAULT_BACKUPS_KEPT,
    STORE_NAME,
    NotesStore,
    backup_dir,
    default_path,
    good_backups,
    leftovers,
    list_backups,
    restore_backup,
)

__all__ = [
    "BACKUP_EVERY", "BACKUP_FOLDER", "DEFAULT_BACKUPS_KEPT", "MIGRATIONS", "NOTES_SCHEMA_VERSION",
    "STORE_NAME", "BackupInfo", "Conflict", "Contact", "ContactPoint",
    "CorruptStoreError", "DiskFullError", "NameParts", "Note", "NoteHit", "NotesCounts",
    "NotesStore",
    "ReadOnlyStoreError",
    "RecoveryNeededError", "SaveResult", "Shortlist", "ShortlistItem", "StoreBusyError",
    "StoreError", "UnreadableStoreError", "backup_dir", "default_path", "format_points",
    "good_backups", "leftovers", "list_backups", "new_uid", "parse_points", "points",
    "restore_backup",
]
