"""The user's own notes, contacts and shortlists: a SQLite file that must never lose anything.

The file lives in the user's data folder (``notes.db``), separate from the read-only
directory. It runs in WAL mode with foreign keys on; its schema version is ``PRAGMA
user_version`` and every change of schema is one function in :data:`MIGRATIONS`. Records point
at directory records by their stable ids (slugs), so a newer clusters.db never orphans them:
a note whose cluster disappeared stays, and is flagged.

Every write is one short transaction, committed at once: a crash or a kill loses at most the
keystrokes of the last second, never a saved record.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mxdesk.core import paths
from mxdesk.core.errors import MxdeskError
from mxdesk.core.search import fts_query

log = logging.getLogger("mxdesk.notes")

STORE_NAME = "notes.db"
BACKUP_FOLDER = "backups"
#: Backups kept unless the user says otherwise (setting ``backups_kept``).
DEFAULT_BACKUPS_KEPT = 10
#: A backup is made at start when the notes changed, and at least this often.
BACKUP_EVERY = dt.timedelta(days=1)
#: How long a write waits for another mxdesk window's write to finish.
BUSY_TIMEOUT_MS = 5000


class StoreError(MxdeskError):
    """The notes file cannot be read or written (disk full, permissions, locked too long)."""


class CorruptStoreError(StoreError):
    """The notes file failed its integrity check and was moved aside (never deleted)."""

    def __init__(self, moved_to: Path, newest_backup: Path | None, detail: str) -> None:
        self.moved_to = moved_to
        self.newest_backup = newest_backup
        offer = (f"; the newest good backup is {newest_backup.name}" if newest_backup
                 else "; there is no backup to restore")
        super().__init__(f"the notes file was damaged ({detail}); it was moved to "
                         f"{moved_to}{offer}")


def _now() -> str:
    return dt.datetime.now(tz=dt.UTC).isoformat(timespec="seconds")


def new_uid() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Contact:
    """A person met: who, where, when, and how to reach them."""

    name: str
    role: str = ""
    organisation: str = ""
    cluster_id: str | None = None
    email: str = ""
    phone: str = ""
    met_where: str = ""
    met_on: str = ""
    tags: tuple[str, ...] = ()
    comment: str = ""
    uid: str = field(default_factory=new_uid)
    id: int | None = None
    created_at: str = ""
    updated_at: str = ""

    def exchange_key(self) -> tuple[str, str]:
        """What makes two contacts the same person across files: name and e-mail."""
        return (" ".join(self.name.casefold().split()), self.email.strip().casefold())

    def same_content(self, other: Contact) -> bool:
        fields = ("name", "role", "organisation", "cluster_id", "email", "phone", "met_where",
                  "met_on", "comment")
        return (all((getattr(self, f) or "") == (getattr(other, f) or "") for f in fields)
                and sorted(self.tags) == sorted(other.tags))


@dataclass(frozen=True)
class Note:
    """Free text, linked to a cluster, a contact, or neither."""

    body: str
    cluster_id: str | None = None
    contact_uid: str | None = None
    uid: str = field(default_factory=new_uid)
    id: int | None = None
    created_at: str = ""
    updated_at: str = ""

    @property
    def title(self) -> str:
        first = self.body.strip().splitlines()[0] if self.body.strip() else "(empty note)"
        return first[:80]


@dataclass(frozen=True)
class ShortlistItem:
    cluster_id: str
    remark: str = ""


@dataclass(frozen=True)
class Shortlist:
    """A named, ordered list of clusters ("Monterrey mission, March")."""

    name: str
    items: tuple[ShortlistItem, ...] = ()
    uid: str = field(default_factory=new_uid)
    id: int | None = None
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class NoteHit:
    """A search result in the user's own data."""

    kind: str  # "contact" or "note"
    id: int
    title: str
    snippet: str


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made: dt.datetime
    contacts: int
    notes: int
    shortlists: int
    #: The store's change count when the backup was taken.
    changes: int = -1


# -- schema and migrations -------------------------------------------------------------------


def _script(conn: sqlite3.Connection, sql: str) -> None:
    """Run several statements inside the caller's transaction (``executescript`` would
    commit it first)."""
    for statement in sql.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1(conn: sqlite3.Connection) -> None:
    """The first schema: contacts, notes, shortlists, settings."""
    _script(conn, """
        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',
            organisation TEXT NOT NULL DEFAULT '',
            cluster_id TEXT,
            email TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            met_where TEXT NOT NULL DEFAULT '',
            met_on TEXT NOT NULL DEFAULT '',
            comment TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE contact_tags (
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (contact_id, tag)
        );
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            body TEXT NOT NULL,
            cluster_id TEXT,
            contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE shortlists (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE shortlist_items (
            shortlist_id INTEGER NOT NULL REFERENCES shortlists(id) ON DELETE CASCADE,
            cluster_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            remark TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (shortlist_id, cluster_id)
        );
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
        CREATE INDEX contacts_cluster ON contacts(cluster_id);
        CREATE INDEX notes_cluster ON notes(cluster_id);
        CREATE INDEX notes_contact ON notes(contact_id);
    """)


def _v2(conn: sqlite3.Connection) -> None:
    """Version 2: an accent-free full-text index over contacts and notes, and a change count
    so backups are only made when something changed."""
    _script(conn, """
        CREATE VIRTUAL TABLE search USING fts5(
            kind UNINDEXED, item_id UNINDEXED, title, body,
            tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
        INSERT OR IGNORE INTO settings (key, value) VALUES ('changes', '0');
    """)
    for (contact_id,) in conn.execute("SELECT id FROM contacts").fetchall():
        _index_contact(conn, contact_id)
    for (note_id,) in conn.execute("SELECT id FROM notes").fetchall():
        _index_note(conn, note_id)


#: Migration n takes a file at schema version n-1 to version n. Never edit a released one.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2)
SCHEMA_VERSION = len(MIGRATIONS)


def _index_contact(conn: sqlite3.Connection, contact_id: int) -> None:
    conn.execute("DELETE FROM search WHERE kind = 'contact' AND item_id = ?", [contact_id])
    row = conn.execute("SELECT name, role, organisation, email, phone, met_where, comment "
                       "FROM contacts WHERE id = ?", [contact_id]).fetchone()
    if row is None:
        return
    tags = [t for (t,) in conn.execute("SELECT tag FROM contact_tags WHERE contact_id = ?",
                                       [contact_id])]
    conn.execute("INSERT INTO search (kind, item_id, title, body) VALUES ('contact', ?, ?, ?)",
                 [contact_id, row[0], " · ".join([*row[1:], *tags])])


def _index_note(conn: sqlite3.Connection, note_id: int) -> None:
    conn.execute("DELETE FROM search WHERE kind = 'note' AND item_id = ?", [note_id])
    row = conn.execute("SELECT body FROM notes WHERE id = ?", [note_id]).fetchone()
    if row is not None:
        conn.execute("INSERT INTO search (kind, item_id, title, body) VALUES ('note', ?, '', ?)",
                     [note_id, row[0]])


# -- the store --------------------------------------------------------------------------------


def default_path() -> Path:
    return paths.user_data_dir() / STORE_NAME


class NotesStore:
    """The user's notes file: open it, check it, migrate it, and read and write records."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else default_path()
        self.backup_dir = self.path.parent / BACKUP_FOLDER
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the data folder {self.path.parent}: "
                             f"{exc.strerror}") from exc
        self._check_integrity()
        self.conn = self._connect()
        try:
            self._migrate()
        except Exception:
            self.conn.close()
            raise

    # -- opening ------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            # isolation_level=None: we open and commit every transaction ourselves.
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the notes file {self.path}: {exc}") from exc
        return conn

    def _check_integrity(self) -> None:
        """Move a damaged file aside (with its WAL) and say where the newest backup is."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        detail = ""
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            try:
                result = conn.execute("PRAGMA integrity_check").fetchall()
                if result != [("ok",)]:
                    detail = "; ".join(str(r[0]) for r in result[:3])
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            detail = str(exc)
        if not detail:
            return
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        moved = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{self.path}{suffix}")
            if part.exists():
                part.replace(Path(f"{moved}{suffix}"))
        log.error("notes file %s failed its check (%s); moved to %s", self.path, detail, moved)
        good = self.good_backups()
        raise CorruptStoreError(moved, good[0].path if good else None, detail)

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"the notes file {self.path} was written by a newer mxdesk "
                             f"(schema {version}, this one knows {SCHEMA_VERSION}); it was "
                             "left untouched: install the newer mxdesk to use it")
        if version < SCHEMA_VERSION and version > 0:
            # Before changing a file written by an older version, keep a copy of it.
            self.backup(reason=f"before-upgrade-v{version}")
        for number in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction() as conn:
                MIGRATIONS[number - 1](conn)
                conn.execute(f"PRAGMA user_version = {number}")
            log.info("notes file %s migrated to schema %d", self.path, number)

    def close(self) -> None:
        self.conn.close()

    def reopen(self) -> None:
        """Open the file again (after a restore put another one in its place)."""
        self.conn.close()
        self._check_integrity()
        self.conn = self._connect()
        self._migrate()

    def __enter__(self) -> NotesStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed when the block ends, rolled back on error."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"the notes file is busy (another mxdesk window is writing); "
                             f"nothing was changed: {exc}") from exc
        try:
            yield self.conn
            if self.conn.execute("PRAGMA user_version").fetchone()[0] >= 2:
                self.conn.execute("UPDATE settings SET value = CAST(value AS INTEGER) + 1 "
                                  "WHERE key = 'changes'")
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._rollback()
            raise StoreError(f"could not save to {self.path}: {exc}; nothing of this change "
                             "was written, everything saved before is intact") from exc
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        # SQLite rolls back by itself on some errors (a full disk): only roll back what is open.
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    # -- settings -------------------------------------------------------------------------

    def setting(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row and row[0] is not None else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) "
                         "DO UPDATE SET value = excluded.value", [key, value])

    def changes(self) -> int:
        return int(self.setting("changes", "0") or 0)

    # -- contacts -------------------------------------------------------------------------

    def _contact(self, row: Any) -> Contact:
        (cid, uid, name, role, org, cluster_id, email, phone, where, on, comment, created,
         updated) = row
        tags = tuple(t for (t,) in self.conn.execute(
            "SELECT tag FROM contact_tags WHERE contact_id = ? ORDER BY tag", [cid]))
        return Contact(name=str(name), role=str(role), organisation=str(org),
                       cluster_id=cluster_id or None,
                       email=str(email), phone=str(phone), met_where=str(where),
                       met_on=str(on), tags=tags, comment=str(comment), uid=str(uid),
                       id=int(cid), created_at=str(created),
                       updated_at=str(updated))

    _CONTACT_COLUMNS = ("id, uid, name, role, organisation, cluster_id, email, phone, "
                        "met_where, met_on, comment, created_at, updated_at")

    def contact(self, contact_id: int) -> Contact:
        row = self.conn.execute(f"SELECT {self._CONTACT_COLUMNS} FROM contacts WHERE id = ?",  # noqa: S608
                                [contact_id]).fetchone()
        if row is None:
            raise StoreError(f"no contact {contact_id}")
        return self._contact(row)

    def contact_by_uid(self, uid: str) -> Contact | None:
        row = self.conn.execute(f"SELECT {self._CONTACT_COLUMNS} FROM contacts WHERE uid = ?",  # noqa: S608
                                [uid]).fetchone()
        return self._contact(row) if row else None

    def contacts(self, cluster_id: str | None = None, tag: str | None = None,
                 shortlist_id: int | None = None) -> list[Contact]:
        sql = f"SELECT {self._CONTACT_COLUMNS} FROM contacts c WHERE 1"  # noqa: S608
        params: list[object] = []
        if cluster_id is not None:
            sql += " AND cluster_id = ?"
            params.append(cluster_id)
        if tag:
            sql += " AND id IN (SELECT contact_id FROM contact_tags WHERE tag = ?)"
            params.append(tag)
        if shortlist_id is not None:
            sql += " AND cluster_id IN (SELECT cluster_id FROM shortlist_items WHERE " \
                   "shortlist_id = ?)"
            params.append(shortlist_id)
        sql += " ORDER BY name COLLATE NOCASE, id"
        return [self._contact(row) for row in self.conn.execute(sql, params).fetchall()]

    def write_contact(self, conn: sqlite3.Connection, contact: Contact) -> int:
        """Insert or update a contact inside an open :meth:`transaction`; returns its id."""
        now = _now()
        values = [contact.name.strip() or "(no name)", contact.role, contact.organisation,
                  contact.cluster_id, contact.email.strip(), contact.phone.strip(),
                  contact.met_where, contact.met_on, contact.comment]
        if contact.id is None:
            cur = conn.execute(
                "INSERT INTO contacts (uid, name, role, organisation, cluster_id, email, phone, "
                "met_where, met_on, comment, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [contact.uid, *values, contact.created_at or now, contact.updated_at or now])
            contact_id = int(cur.lastrowid or 0)
        else:
            contact_id = contact.id
            conn.execute(
                "UPDATE contacts SET name = ?, role = ?, organisation = ?, cluster_id = ?, "
                "email = ?, phone = ?, met_where = ?, met_on = ?, comment = ?, updated_at = ? "
                "WHERE id = ?", [*values, now, contact_id])
        conn.execute("DELETE FROM contact_tags WHERE contact_id = ?", [contact_id])
        conn.executemany("INSERT OR IGNORE INTO contact_tags (contact_id, tag) VALUES (?, ?)",
                         [(contact_id, t.strip()) for t in contact.tags if t.strip()])
        _index_contact(conn, contact_id)
        return contact_id

    def save_contact(self, contact: Contact) -> Contact:
        """Insert (no id) or update (with id) a contact; returns it as stored."""
        with self.transaction() as conn:
            contact_id = self.write_contact(conn, contact)
        return self.contact(contact_id)

    def delete_contact(self, contact_id: int) -> tuple[Contact, list[Note]]:
        """Delete a contact; returns it and the notes that pointed at it, for an undo."""
        contact = self.contact(contact_id)
        linked = [n for n in self.notes() if n.contact_uid == contact.uid]
        with self.transaction() as conn:
            conn.execute("DELETE FROM contacts WHERE id = ?", [contact_id])
            conn.execute("DELETE FROM search WHERE kind = 'contact' AND item_id = ?",
                         [contact_id])
        return contact, linked

    def restore_contact(self, contact: Contact, linked: Sequence[Note] = ()) -> Contact:
        """Undo a delete: the same contact (same id and uid) and its links to notes."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO contacts (id, uid, name, role, organisation, cluster_id, email, "
                "phone, met_where, met_on, comment, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [contact.id, contact.uid, contact.name, contact.role, contact.organisation,
                 contact.cluster_id, contact.email, contact.phone, contact.met_where,
                 contact.met_on, contact.comment, contact.created_at, contact.updated_at])
            conn.executemany("INSERT OR IGNORE INTO contact_tags (contact_id, tag) "
                             "VALUES (?, ?)", [(contact.id, t) for t in contact.tags])
            conn.executemany("UPDATE notes SET contact_id = ? WHERE uid = ?",
                             [(contact.id, n.uid) for n in linked])
            _index_contact(conn, int(contact.id or 0))
        return self.contact(int(contact.id or 0))

    def tags(self) -> list[tuple[str, int]]:
        return [(str(t), int(n)) for t, n in self.conn.execute(
            "SELECT tag, count(*) FROM contact_tags GROUP BY tag ORDER BY tag COLLATE NOCASE")]

    # -- notes ----------------------------------------------------------------------------

    _NOTE_SQL = ("SELECT n.id, n.uid, n.body, n.cluster_id, c.uid, n.created_at, n.updated_at "
                 "FROM notes n LEFT JOIN contacts c ON c.id = n.contact_id")

    @staticmethod
    def _note(row: Any) -> Note:
        nid, uid, body, cluster_id, contact_uid, created, updated = row
        return Note(body=str(body), cluster_id=cluster_id or None,
                    contact_uid=contact_uid or None,
                    uid=str(uid), id=int(nid),
                    created_at=str(created), updated_at=str(updated))

    def note(self, note_id: int) -> Note:
        row = self.conn.execute(f"{self._NOTE_SQL} WHERE n.id = ?", [note_id]).fetchone()
        if row is None:
            raise StoreError(f"no note {note_id}")
        return self._note(row)

    def notes(self, cluster_id: str | None = None, contact_uid: str | None = None,
              shortlist_id: int | None = None) -> list[Note]:
        sql = f"{self._NOTE_SQL} WHERE 1"
        params: list[object] = []
        if cluster_id is not None:
            sql += " AND n.cluster_id = ?"
            params.append(cluster_id)
        if contact_uid is not None:
            sql += " AND c.uid = ?"
            params.append(contact_uid)
        if shortlist_id is not None:
            sql += " AND n.cluster_id IN (SELECT cluster_id FROM shortlist_items WHERE " \
                   "shortlist_id = ?)"
            params.append(shortlist_id)
        sql += " ORDER BY n.updated_at DESC, n.id DESC"
        return [self._note(row) for row in self.conn.execute(sql, params).fetchall()]

    def _contact_id(self, conn: sqlite3.Connection, uid: str | None) -> int | None:
        if not uid:
            return None
        row = conn.execute("SELECT id FROM contacts WHERE uid = ?", [uid]).fetchone()
        return int(row[0]) if row else None

    def write_note(self, conn: sqlite3.Connection, note: Note) -> int:
        """Insert or update a note inside an open :meth:`transaction`; returns its id."""
        now = _now()
        contact_id = self._contact_id(conn, note.contact_uid)
        if note.id is None:
            cur = conn.execute(
                "INSERT INTO notes (uid, body, cluster_id, contact_id, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [note.uid, note.body, note.cluster_id, contact_id, note.created_at or now,
                 note.updated_at or now])
            note_id = int(cur.lastrowid or 0)
        else:
            note_id = note.id
            conn.execute("UPDATE notes SET body = ?, cluster_id = ?, contact_id = ?, "
                         "updated_at = ? WHERE id = ?",
                         [note.body, note.cluster_id, contact_id, now, note_id])
        _index_note(conn, note_id)
        return note_id

    def save_note(self, note: Note) -> Note:
        with self.transaction() as conn:
            note_id = self.write_note(conn, note)
        return self.note(note_id)

    def delete_note(self, note_id: int) -> Note:
        note = self.note(note_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM notes WHERE id = ?", [note_id])
            conn.execute("DELETE FROM search WHERE kind = 'note' AND item_id = ?", [note_id])
        return note

    def restore_note(self, note: Note) -> Note:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO notes (id, uid, body, cluster_id, contact_id, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [note.id, note.uid, note.body, note.cluster_id,
                 self._contact_id(conn, note.contact_uid), note.created_at, note.updated_at])
            _index_note(conn, int(note.id or 0))
        return self.note(int(note.id or 0))

    # -- shortlists -----------------------------------------------------------------------

    def shortlists(self) -> list[Shortlist]:
        out = []
        for sid, uid, name, created, updated in self.conn.execute(
                "SELECT id, uid, name, created_at, updated_at FROM shortlists "
                "ORDER BY name COLLATE NOCASE"):
            items = tuple(ShortlistItem(c, r) for c, r in self.conn.execute(
                "SELECT cluster_id, remark FROM shortlist_items WHERE shortlist_id = ? "
                "ORDER BY position", [sid]))
            out.append(Shortlist(name, items, uid, sid, created, updated))
        return out

    def shortlist(self, shortlist_id: int) -> Shortlist:
        for s in self.shortlists():
            if s.id == shortlist_id:
                return s
        raise StoreError(f"no shortlist {shortlist_id}")

    def create_shortlist(self, name: str, uid: str | None = None) -> Shortlist:
        name = " ".join(name.split())
        if not name:
            raise StoreError("a shortlist needs a name")
        now = _now()
        try:
            with self.transaction() as conn:
                cur = conn.execute("INSERT INTO shortlists (uid, name, created_at, updated_at) "
                                   "VALUES (?, ?, ?, ?)", [uid or new_uid(), name, now, now])
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"there is already a shortlist called “{name}”") from exc
        return self.shortlist(int(cur.lastrowid or 0))

    def rename_shortlist(self, shortlist_id: int, name: str) -> None:
        name = " ".join(name.split())
        if not name:
            raise StoreError("a shortlist needs a name")
        try:
            with self.transaction() as conn:
                conn.execute("UPDATE shortlists SET name = ?, updated_at = ? WHERE id = ?",
                             [name, _now(), shortlist_id])
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"there is already a shortlist called “{name}”") from exc

    def delete_shortlist(self, shortlist_id: int) -> Shortlist:
        shortlist = self.shortlist(shortlist_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM shortlists WHERE id = ?", [shortlist_id])
        if self.setting("current_shortlist") == str(shortlist_id):
            self.set_setting("current_shortlist", "")
        return shortlist

    def restore_shortlist(self, shortlist: Shortlist) -> Shortlist:
        with self.transaction() as conn:
            conn.execute("INSERT INTO shortlists (id, uid, name, created_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?)", [shortlist.id, shortlist.uid, shortlist.name,
                                                   shortlist.created_at, shortlist.updated_at])
            conn.executemany(
                "INSERT INTO shortlist_items (shortlist_id, cluster_id, position, remark) "
                "VALUES (?, ?, ?, ?)",
                [(shortlist.id, item.cluster_id, n, item.remark)
                 for n, item in enumerate(shortlist.items)])
        return self.shortlist(int(shortlist.id or 0))

    def set_items(self, shortlist_id: int, items: Sequence[ShortlistItem]) -> None:
        """Replace a shortlist's clusters, in this order, with their remarks."""
        unique = list({item.cluster_id: item for item in items}.values())
        with self.transaction() as conn:
            conn.execute("DELETE FROM shortlist_items WHERE shortlist_id = ?", [shortlist_id])
            conn.executemany(
                "INSERT INTO shortlist_items (shortlist_id, cluster_id, position, remark) "
                "VALUES (?, ?, ?, ?)",
                [(shortlist_id, item.cluster_id, n, item.remark)
                 for n, item in enumerate(unique)])
            conn.execute("UPDATE shortlists SET updated_at = ? WHERE id = ?",
                         [_now(), shortlist_id])

    def current_shortlist(self, create_name: str | None = None) -> Shortlist | None:
        """The shortlist the star adds to; made (as *create_name*) if there is none yet."""
        current = self.setting("current_shortlist")
        if current:
            try:
                return self.shortlist(int(current))
            except (StoreError, ValueError):
                log.warning("current shortlist %r is gone", current)
        if create_name is None:
            return None
        existing = self.shortlists()
        chosen = existing[0] if existing else self.create_shortlist(create_name)
        self.set_setting("current_shortlist", str(chosen.id))
        return chosen

    def set_current_shortlist(self, shortlist_id: int) -> None:
        self.shortlist(shortlist_id)
        self.set_setting("current_shortlist", str(shortlist_id))

    def toggle_star(self, cluster_id: str, default_name: str = "My shortlist") -> bool:
        """Add the cluster to the current shortlist, or take it off; True when now on it."""
        shortlist = self.current_shortlist(create_name=default_name)
        assert shortlist is not None
        assert shortlist.id is not None
        items = list(shortlist.items)
        if any(i.cluster_id == cluster_id for i in items):
            self.set_items(shortlist.id, [i for i in items if i.cluster_id != cluster_id])
            return False
        self.set_items(shortlist.id, [*items, ShortlistItem(cluster_id)])
        return True

    def is_starred(self, cluster_id: str) -> bool:
        shortlist = self.current_shortlist()
        return bool(shortlist and any(i.cluster_id == cluster_id for i in shortlist.items))

    # -- search and checks ----------------------------------------------------------------

    def search(self, text: str, limit: int = 200) -> list[NoteHit]:
        """Contacts and notes matching every word of *text*, accents and case ignored."""
        query = fts_query(text)
        if not query:
            return []
        rows = self.conn.execute(
            "SELECT kind, item_id, title, snippet(search, 3, '[', ']', '…', 8) FROM search "
            "WHERE search MATCH ? ORDER BY bm25(search, 0, 0, 5.0, 1.0) LIMIT ?",
            [query, limit]).fetchall()
        hits = []
        for kind, item_id, title, snippet in rows:
            if kind == "note":
                title = self.note(int(item_id)).title
            hits.append(NoteHit(str(kind), int(item_id), str(title), str(snippet)))
        return hits

    def cluster_ids_in_use(self) -> set[str]:
        return {str(c) for (c,) in self.conn.execute(
            "SELECT cluster_id FROM contacts WHERE cluster_id IS NOT NULL UNION "
            "SELECT cluster_id FROM notes WHERE cluster_id IS NOT NULL UNION "
            "SELECT cluster_id FROM shortlist_items")}

    def orphans(self, known_cluster_ids: Iterable[str] | Callable[[set[str]], set[str]]
                ) -> set[str]:
        """Cluster ids the user's records point at that the directory no longer has.

        *known_cluster_ids* is every id the directory has, or a function that says which of
        the ids in use it has (cheaper with a large directory)."""
        in_use = self.cluster_ids_in_use()
        known = (known_cluster_ids(in_use) if callable(known_cluster_ids)
                 else set(known_cluster_ids))
        return in_use - known

    def counts(self) -> tuple[int, int, int]:
        contacts, notes, shortlists = self.conn.execute(
            "SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM notes), "
            "(SELECT count(*) FROM shortlists)").fetchone()
        return int(contacts), int(notes), int(shortlists)

    # -- backups --------------------------------------------------------------------------

    def backup(self, reason: str = "manual") -> Path:
        """Copy the store with VACUUM INTO: a consistent snapshot of what is committed.

        VACUUM INTO reads a snapshot and never waits for another connection's open write
        transaction (unlike ``Connection.backup``), and the busy timeout bounds any wait.
        """
        self.backup_dir.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = self.backup_dir / f"notes-{stamp}-{reason}.db"
        partial = target.with_suffix(".partial")
        try:
            self.conn.execute("VACUUM INTO ?", [str(partial)])
            partial.replace(target)
        except (sqlite3.DatabaseError, OSError) as exc:
            partial.unlink(missing_ok=True)
            raise StoreError(f"could not back up the notes to {self.backup_dir}: {exc}") from exc
        self._prune()
        log.info("backed up %s to %s", self.path, target)
        return target

    def _prune(self) -> None:
        keep = int(self.setting("backups_kept", str(DEFAULT_BACKUPS_KEPT)) or DEFAULT_BACKUPS_KEPT)
        backups = sorted(self.backup_dir.glob("notes-*.db"), key=lambda p: p.name, reverse=True)
        for old in backups[max(keep, 1):]:
            old.unlink(missing_ok=True)

    def backup_if_due(self, now: dt.datetime | None = None) -> Path | None:
        """At start and daily: back up when something changed since the last backup, or when
        the last backup is older than a day."""
        latest = self.backups()
        # Each backup holds the change count it was taken at: no write is needed to know.
        changed = not latest or latest[0].changes != self.changes()
        stale = not latest or (now or dt.datetime.now()) - latest[0].made > BACKUP_EVERY
        if (changed and self.counts() != (0, 0, 0)) or (stale and latest):
            return self.backup(reason="auto")
        return None

    def backups(self) -> list[BackupInfo]:
        """Backups, newest first, with their date and what they hold."""
        out = []
        for path in sorted(self.backup_dir.glob("notes-*.db"), key=lambda p: p.name,
                           reverse=True):
            info = _backup_info(path)
            if info is not None:
                out.append(info)
        return out

    def good_backups(self) -> list[BackupInfo]:
        return [b for b in self.backups() if _is_sound(b.path)]


def _backup_info(path: Path) -> BackupInfo | None:
    try:
        stamp = "-".join(path.stem.split("-")[1:3])
        made = dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S")
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            counts = conn.execute("SELECT (SELECT count(*) FROM contacts), "
                                  "(SELECT count(*) FROM notes), "
                                  "(SELECT count(*) FROM shortlists)").fetchone()
            row = conn.execute("SELECT value FROM settings WHERE key = 'changes'").fetchone()
        finally:
            conn.close()
    except (ValueError, sqlite3.DatabaseError):
        return None
    return BackupInfo(path, made, int(counts[0]), int(counts[1]), int(counts[2]),
                      int(row[0]) if row else -1)


def _is_sound(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def backup_dir(store_path: Path | None = None) -> Path:
    return (store_path or default_path()).parent / BACKUP_FOLDER


def list_backups(store_path: Path | None = None) -> list[BackupInfo]:
    """Backups of a store that may not open (for recovery), newest first."""
    folder = backup_dir(store_path)
    infos = (_backup_info(p) for p in sorted(folder.glob("notes-*.db"), key=lambda p: p.name,
                                             reverse=True))
    return [i for i in infos if i is not None]


def restore_backup(backup: Path, store_path: Path | None = None) -> Path | None:
    """Put a backup in place of the store. The current file is moved aside, never deleted;
    returns where it went (None when there was none). Close every store first."""
    target = store_path or default_path()
    if not _is_sound(backup):
        raise StoreError(f"the backup {backup.name} is damaged too; choose another")
    moved = None
    if target.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        moved = target.with_name(f"{target.name}.before-restore-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{target}{suffix}")
            if part.exists():
                part.replace(Path(f"{moved}{suffix}"))
    partial = target.with_name(target.name + ".restoring")
    partial.write_bytes(backup.read_bytes())
    partial.replace(target)
    return moved

