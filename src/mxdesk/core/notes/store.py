"""The notes file: opened only as far as it safely can be, written one short transaction at a
time, and merged field by field when two windows edit the same record.

:class:`NotesStore` is the one façade: it holds the connection, the transactions, the settings
and the read-only state; each other method delegates in one line to the part named for what it
does (:mod:`.opening`, :mod:`.contacts`, :mod:`.cluster_notes`, :mod:`.merging`, :mod:`.shortlists`,
:mod:`.search`, :mod:`.orphans`, :mod:`.backups`; missions: :mod:`mxdesk.core.mission.facade`),
each written against :class:`~mxdesk.core.notes.parts.OpenStore`: no part imports this module.

Over ~450 lines because it is the one façade: a method for each thing the store does, each
with the docstring that callers read, and a line delegating to its part.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from mxdesk.core.i18n import _, ngettext
from mxdesk.core.mission.facade import MissionMethods
from mxdesk.core.notes import backups as bk
from mxdesk.core.notes import cluster_notes, contacts, merging, opening, orphans, search, shortlists
from mxdesk.core.notes.backups import BACKUP_EVERY, BACKUP_FOLDER, DEFAULT_BACKUPS_KEPT
from mxdesk.core.notes.errors import ReadOnlyStoreError, write_error
from mxdesk.core.notes.opening import (
    DISK_FULL_BYTES,
    STORE_NAME,
    backup_dir,
    default_path,
    good_backups,
    leftovers,
    list_backups,
    restore_backup,
)
from mxdesk.core.notes.records import (
    Conflict,
    Contact,
    Note,
    NoteHit,
    NotesCounts,
    SaveResult,
    Shortlist,
    ShortlistItem,
)
from mxdesk.core.notes.schema import NOTES_SCHEMA_VERSION
from mxdesk.core.notes.stored_text import nfc, record_name

__all__ = [
    "BACKUP_EVERY", "BACKUP_FOLDER", "BUSY_TIMEOUT_MS", "DEFAULT_BACKUPS_KEPT",
    "DISK_FULL_BYTES", "STORE_NAME", "NotesStore", "backup_dir", "default_path", "good_backups",
    "leftovers", "list_backups", "nfc", "restore_backup",
]

#: How long opening or a write waits for another program's or window's lock to go.
BUSY_TIMEOUT_MS = 5000


class NotesStore(MissionMethods):
    """The user's notes file: open it, check it, migrate it, and read and write records.

    *allow_new* starts an empty file even where an earlier one left traces (the user chose
    to); otherwise :class:`RecoveryNeededError` says what is there. A store that cannot be
    written has ``read_only`` set to the reason; every write then raises
    :class:`ReadOnlyStoreError` and changes nothing. *busy_timeout_ms* is how long opening
    and each write wait for another writer's lock (ms).

    Raises :class:`StoreError` and its kinds: busy, unreadable, corrupt (moved aside),
    recovery needed, or a file from a newer mxdesk (left untouched). Every write below
    raises what :meth:`transaction` raises, with nothing written; a read raises what its
    docstring says, or :class:`sqlite3.Error` unchanged when the disk fails under it.
    """

    def __init__(self, path: Path | None = None, *, allow_new: bool = False,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS, upgrade_backup: bool = True) -> None:
        self.path = Path(path) if path else default_path()
        self.backup_dir = self.path.parent / BACKUP_FOLDER
        self.busy_timeout_ms = busy_timeout_ms
        #: Why the notes cannot be written here ("" when they can).
        self.read_only = ""
        #: True for :meth:`unavailable`'s empty stand-in: none of the user's notes are here.
        self.stand_in = False
        #: Records that could not be read (kind, id) -> why; filled as lists are read.
        self.unreadable: dict[tuple[str, int], str] = {}
        #: The file as opening found it, and where it is read from (it, or a private copy).
        self._file = opening.NotesFile(self.path, self.backup_dir, busy_timeout_ms)
        self.conn = opening.open_store(self, self._file, allow_new, upgrade_backup)

    @classmethod
    def unavailable(cls, path: Path | None, reason: str) -> NotesStore:
        """An empty, read-only stand-in for notes that cannot be opened at all (unreadable,
        from a newer mxdesk, no file on read-only media): the window still opens, shows no
        notes and refuses every write with *reason*. Nothing is written anywhere."""
        store = cls.__new__(cls)
        store.path = Path(path) if path else default_path()
        store.backup_dir = store.path.parent / BACKUP_FOLDER
        store.busy_timeout_ms = BUSY_TIMEOUT_MS
        store.unreadable = {}
        store.read_only = ""
        store.stand_in = True
        store._file = opening.NotesFile(store.path, store.backup_dir, BUSY_TIMEOUT_MS)
        store.conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        opening.migrate(store, store.conn, upgrade_backup=False)
        store.read_only = reason
        return store

    def unreadable_report(self) -> str:
        """One line on the records left out because they cannot be read ("" when none)."""
        if not self.unreadable:
            return ""
        names = ", ".join(record_name(kind, record_id)
                          for kind, record_id in sorted(self.unreadable))
        count = len(self.unreadable)
        return ngettext(
            "{n} record(s) could not be read and were left out: {records} (their text is not "
            "valid UTF-8); `mxdesk notes rescue` exports what can be read of them",
            "{n} record(s) could not be read and were left out: {records} (their text is not "
            "valid UTF-8); `mxdesk notes rescue` exports what can be read of them",
            count).format(n=count, records=names)

    def close(self) -> None:
        """Close the connection (and remove the private copy read in the file's place)."""
        self.conn.close()
        self._file.close()

    def __enter__(self) -> NotesStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def set_busy_timeout(self, ms: int) -> None:
        """How long a write waits for another writer's lock from now on (ms)."""
        self.busy_timeout_ms = ms
        self.conn.execute(f"PRAGMA busy_timeout = {int(ms)}")

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: it changes when another connection (another
        window, a command) commits to the file; a window polls it to follow their changes."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed when the block ends, rolled back on error.

        Raises :class:`ReadOnlyStoreError` on a read-only store, :class:`StoreBusyError` when
        another writer holds the file longer than the busy timeout, :class:`StoreError` on a
        full disk or another write failure; in every case nothing of the block was written.
        """
        if self.read_only:
            raise ReadOnlyStoreError(_("your notes are read-only here: {reason}; nothing was "
                                       "changed").format(reason=self.read_only))
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise write_error(exc, self.path) from exc
        try:
            yield self.conn
            if self.conn.execute("PRAGMA user_version").fetchone()[0] >= 2:
                self.conn.execute("UPDATE settings SET value = CAST(value AS INTEGER) + 1 "
                                  "WHERE key = 'changes'")
            self.conn.execute("COMMIT")
        except sqlite3.IntegrityError:
            self._rollback()
            raise
        except sqlite3.DatabaseError as exc:
            self._rollback()
            raise write_error(exc, self.path) from exc
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        # SQLite rolls back by itself on some errors (a full disk): only roll back what is open.
        if self.conn.in_transaction:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    # -- the file as a whole --------------------------------------------------------------

    def setting(self, key: str, default: str = "") -> str:
        """A value of the file's settings table (``backups_kept``, ``current_shortlist``, …),
        or *default* when it has none."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row and row[0] is not None else default

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting, in a transaction of its own (raises as :meth:`transaction`)."""
        with self.transaction() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) "
                         "DO UPDATE SET value = excluded.value", [key, value])

    def changes(self) -> int:
        """How many write transactions the file has committed (each backup records it)."""
        return int(self.setting("changes", "0") or 0)

    def counts(self) -> NotesCounts:
        """How many records the file holds: (contacts, notes, shortlists, missions,
        meetings), a :class:`NotesCounts`; ``describe()`` says them."""
        return bk.count_records(self.conn)

    def cluster_ids_in_use(self) -> set[str]:
        """Every cluster id a contact, a note or a shortlist holds."""
        return orphans.cluster_ids_in_use(self.conn)

    def orphans(self, known_cluster_ids: Iterable[str] | Callable[[set[str]], set[str]]
                ) -> set[str]:
        """Cluster ids the user's records point at that the directory no longer has.

        *known_cluster_ids* is every id the directory has, or a function that says which of
        the ids in use it has (cheaper with a large directory)."""
        return orphans.orphans(self.conn, known_cluster_ids)

    # -- contacts: contacts.py ------------------------------------------------------------

    def contact(self, contact_id: int) -> Contact:
        """The contact with *contact_id*; raises :class:`StoreError` when there is none or
        its text cannot be read."""
        return contacts.contact(self, contact_id)

    def contact_by_uid(self, uid: str) -> Contact | None:
        """The contact with *uid*, or None; raises :class:`StoreError` when its text cannot
        be read."""
        return contacts.contact_by_uid(self, uid)

    def contacts(self, cluster_id: str | None = None, tag: str | None = None,
                 shortlist_id: int | None = None) -> list[Contact]:
        """Contacts in name order, kept by the filters given (cluster, tag, shortlist); any that
        cannot be read are left out and listed in :attr:`unreadable`, never raised. Three
        queries whatever their number: the rows, then the tags, e-mails and phones of all."""
        return contacts.contacts(self, cluster_id, tag, shortlist_id)

    def write_contact(self, conn: sqlite3.Connection, contact: Contact) -> int:
        """Insert (no id) or overwrite (with id) a contact inside an open :meth:`transaction`;
        returns its id. An overwrite raises its row version by one. Text is stored in NFC. A
        uid another contact holds raises :class:`sqlite3.IntegrityError` (the block rolls back)."""
        return contacts.write_contact(conn, contact)

    def save_contact(self, contact: Contact) -> Contact:
        """Insert (no id) or overwrite (with id) a contact; returns it as stored. Editors use
        :meth:`update_contact`, which never reverts another window's edit. Raises as
        :meth:`transaction`, or :class:`sqlite3.IntegrityError` when its uid is taken."""
        return contacts.save_contact(self, contact)

    def update_contact(self, base: Contact, changes: Mapping[str, object],
                       kept: Mapping[str, str] | None = None) -> SaveResult:
        """Save the fields in *changes* (field name -> value), edited from *base* (the contact as
        the editor loaded it). A field another writer changed since *base* keeps their value and
        ours is kept as a note (a :class:`Conflict`); a contact deleted meanwhile is stored again.
        *kept* names, per field, the note an earlier conflict made: more typing updates it.
        Raises as :meth:`transaction`."""
        return merging.update(self, "contact", base, changes, kept)

    def delete_contact(self, contact_id: int) -> tuple[Contact, list[Note]]:
        """Delete a contact; returns it and the notes that pointed at it, for an undo. Raises
        :class:`StoreError` when there is no such contact, else as :meth:`transaction`."""
        return contacts.delete_contact(self, contact_id)

    def restore_contact(self, contact: Contact, linked: Sequence[Note] = ()) -> Contact:
        """Undo a delete: the same contact (same id and uid, which are never given to another
        record) and its links to notes; when another window brought it back already, only the
        links. Raises as :meth:`transaction`."""
        return contacts.restore_contact(self, contact, linked)

    def tags(self) -> list[tuple[str, int]]:
        """Every tag in use and how many contacts carry it: (tag, count), case-blind order."""
        return contacts.tags(self.conn)

    # -- notes: cluster_notes.py ----------------------------------------------------------

    def note(self, note_id: int) -> Note:
        """The note with *note_id*; raises :class:`StoreError` when there is none or its text
        cannot be read."""
        return cluster_notes.note(self, note_id)

    def notes(self, cluster_id: str | None = None, contact_uid: str | None = None,
              shortlist_id: int | None = None) -> list[Note]:
        """Notes, last changed first, kept by the filters given (cluster, contact uid, shortlist);
        any that cannot be read are left out and listed in :attr:`unreadable`, never raised."""
        return cluster_notes.notes(self, cluster_id, contact_uid, shortlist_id)

    def shared_notes(self, contact_uid: str) -> list[Note]:
        """The notes about the contact with *contact_uid* (its uid) that the user marked as
        shared with the delegation (``Note.shared``), oldest first: by creation time, then
        id. [] when there are none, or no such contact. A note that cannot be read is left
        out and listed in :attr:`unreadable`, never raised; raises :class:`sqlite3.Error`
        unchanged when the disk fails under it."""
        return cluster_notes.shared_notes(self, contact_uid)

    def write_note(self, conn: sqlite3.Connection, note: Note) -> int:
        """Insert or overwrite a note inside an open :meth:`transaction`; returns its id.
        Text is stored in NFC."""
        return cluster_notes.write_note(conn, note)

    def save_note(self, note: Note) -> Note:
        """Insert (no id) or overwrite (with id) a note; returns it as stored. Raises as
        :meth:`transaction`."""
        return cluster_notes.save_note(self, note)

    def update_note(self, base: Note, changes: Mapping[str, object],
                    kept: Mapping[str, str] | None = None) -> SaveResult:
        """As :meth:`update_contact` (raising as it does), for a note: ``body``,
        ``contact_uid``, ``shared``."""
        return merging.update(self, "note", base, changes, kept)

    def delete_note(self, note_id: int) -> Note:
        """Delete a note; returns it, for an undo. Raises :class:`StoreError` when there is no
        such note, else as :meth:`transaction`."""
        return cluster_notes.delete_note(self, note_id)

    def restore_note(self, note: Note) -> Note:
        """Undo a delete: the same note under its own id (never given to another note). Raises
        :class:`StoreError` when another window brought it back already, else as
        :meth:`transaction`."""
        return cluster_notes.restore_note(self, note)

    # -- saving a field at a time: merging.py ---------------------------------------------

    def merge_in(self, conn: sqlite3.Connection, kind: str, base: Contact | Note,
                 changes: Mapping[str, object], kept: Mapping[str, str] | None = None
                 ) -> tuple[int, list[Conflict], bool]:
        """Inside an open :meth:`transaction`: write the fields in *changes*, edited from
        *base*, into the record as it is now. A field changed since *base* by another writer
        keeps their value and ours is kept as a note; a record deleted meanwhile is stored
        again. Returns (the record's id, the conflicts, whether it was stored again)."""
        return merging.merge_in(conn, kind, base, changes, kept)

    def keep_conflict(self, conn: sqlite3.Connection, kind: str, current: Contact | Note,
                      name: str, theirs: object, ours: object,
                      renew: str | None = None) -> Conflict:
        """Inside an open :meth:`transaction`: keep both sides of a field two writers changed.
        The record keeps *theirs*; a new note beside it holds both texts, so neither is ever
        lost, whatever is typed into the record later."""
        return merging.keep_conflict(conn, kind, current, name, theirs, ours, renew)

    # -- shortlists: shortlists.py --------------------------------------------------------

    def shortlists(self, shortlist_id: int | None = None) -> list[Shortlist]:
        """Every shortlist in name order (or only *shortlist_id*), in two queries."""
        return shortlists.shortlists(self, shortlist_id)

    def shortlist(self, shortlist_id: int) -> Shortlist:
        """The shortlist with *shortlist_id*; raises :class:`StoreError` when there is none."""
        return shortlists.shortlist(self, shortlist_id)

    def create_shortlist(self, name: str, uid: str | None = None) -> Shortlist:
        """A new, empty shortlist; raises :class:`StoreError` when *name* is blank or taken."""
        return shortlists.create_shortlist(self, name, uid)

    def rename_shortlist(self, shortlist_id: int, name: str) -> None:
        """Rename a shortlist; raises :class:`StoreError` when *name* is blank or taken."""
        shortlists.rename_shortlist(self, shortlist_id, name)

    def delete_shortlist(self, shortlist_id: int) -> Shortlist:
        """Delete a shortlist; returns it, for an undo. Raises :class:`StoreError` when there is
        none, else as :meth:`transaction`."""
        return shortlists.delete_shortlist(self, shortlist_id)

    def restore_shortlist(self, shortlist: Shortlist) -> Shortlist:
        """Undo a delete; raises :class:`StoreError` when its name is taken meanwhile."""
        return shortlists.restore_shortlist(self, shortlist)

    def set_items(self, shortlist_id: int, items: Sequence[ShortlistItem]) -> None:
        """Replace a shortlist's clusters, in this order, with their remarks. Raises as
        :meth:`transaction`."""
        shortlists.set_items(self, shortlist_id, items)

    def write_shortlist(self, conn: sqlite3.Connection, shortlist: Shortlist) -> int:
        """Inside an open :meth:`transaction`: insert *shortlist* as given (its uid, name and
        clusters in order with their remarks; its own ``created_at``/``updated_at``, or now
        where it has none) under a new id, which is returned. Its id is ignored; a cluster
        listed twice is kept once, at its first place. The name is not made unique here:
        one already taken raises :class:`sqlite3.IntegrityError`, and the transaction rolls
        back."""
        return shortlists.write_shortlist(conn, shortlist)

    def merge_shortlist(self, conn: sqlite3.Connection, current: Shortlist,
                        incoming: Sequence[ShortlistItem]) -> None:
        """Inside an open :meth:`transaction`: the shortlist *current* (as read here, with
        its id) keeps its clusters in its order, and the clusters of *incoming* it lacks
        follow, in theirs; a remark here is never replaced. Its name, times and the other
        shortlists are left as they are. Database errors propagate (the transaction rolls
        back)."""
        shortlists.merge_shortlist(conn, current, incoming)

    def set_current_shortlist_uid(self, conn: sqlite3.Connection, uid: str) -> bool:
        """Inside an open :meth:`transaction`: make the shortlist with *uid* the one the star
        adds to. Returns False, and writes nothing, when there is no shortlist with *uid*."""
        return shortlists.set_current_shortlist_uid(conn, uid)

    def current_shortlist(self, create_name: str | None = None) -> Shortlist | None:
        """The shortlist the star adds to; made (as *create_name*) if there is none yet; None when
        there is none and *create_name* is None. Making one raises as :meth:`transaction`."""
        return shortlists.current_shortlist(self, create_name)

    def set_current_shortlist(self, shortlist_id: int) -> None:
        """Make *shortlist_id* the one the star adds to (:class:`StoreError` when gone)."""
        shortlists.set_current_shortlist(self, shortlist_id)

    def toggle_star(self, cluster_id: str, default_name: str = "My shortlist") -> bool:
        """Add the cluster to the current shortlist, or take it off; True when now on it. Raises as
        :meth:`transaction`."""
        return shortlists.toggle_star(self, cluster_id, default_name)

    def is_starred(self, cluster_id: str) -> bool:
        """Whether the cluster is on the shortlist the star adds to."""
        return shortlists.is_starred(self, cluster_id)

    # -- search: search.py ----------------------------------------------------------------

    def search(self, text: str, limit: int = 200) -> list[NoteHit]:
        """At most *limit* contacts and notes matching every word of *text*, accents and case
        ignored, best first; a record that cannot be read is left out (and listed in
        :attr:`unreadable`). Raises nothing for bad input: an FTS error is our bug, logged.

        The work per hit is bounded whatever the record's length: the index holds records in
        parts (:func:`mxdesk.core.notes.schema.index_record`), a hit's passage is cut from the
        first part that matches, and its name is kept in the index."""
        return search.search(self, text, limit)

    # -- backups: backups.py --------------------------------------------------------------

    def backup(self, reason: str = "manual", protect: Iterable[Path] = ()) -> Path:
        """Copy the store with VACUUM INTO: a consistent snapshot of what is committed, named by
        UTC time and schema; then keep the newest ``backups_kept`` (never one in *protect*).

        VACUUM INTO reads a snapshot and never waits for another connection's open write
        transaction (unlike ``Connection.backup``), and the busy timeout bounds any wait.
        Raises :class:`StoreError` (nothing is left behind) when the copy cannot be written.
        """
        return bk.backup(self, reason, protect)

    def backup_if_due(self, now: dt.datetime | None = None) -> Path | None:
        """At start and daily: back up when something changed since the last backup, or when
        the last backup is older than a day (``BACKUP_EVERY``); returns the copy, or None.
        Nothing on a read-only store. Raises :class:`StoreError` as :meth:`backup`."""
        return bk.backup_if_due(self, now)

    def backups(self) -> list[bk.BackupInfo]:
        """Backups, newest first (by UTC time), with their date, schema and what they hold."""
        return bk.read_backups(self.backup_dir)

    def good_backups(self) -> list[bk.BackupInfo]:
        """Backups this mxdesk can restore: sound and of a schema it reads; newest first."""
        return bk.good_backups(self.backup_dir, NOTES_SCHEMA_VERSION)

    def restore_from(self, backup: Path) -> Path:
        """Put a backup's records in place of the current ones, in the open file, so every
        window on it follows. The backup is copied and upgraded first and the current notes
        backed up (as ``before-restore``) before one transaction swaps the records. Returns the
        before-restore copy. Raises :class:`StoreError` when the backup is damaged or of a newer
        mxdesk, or the disk is full: everything is left as it was."""
        return bk.restore_from(self, backup, _upgrade)


def _upgrade(path: Path) -> None:
    """Open and close the notes file *path* as a store, so that it is migrated to this schema."""
    NotesStore(path, upgrade_backup=False).close()
