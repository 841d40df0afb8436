"""The notes file's schema: one function per version, and the search index kept beside it.

Migration n takes a file at ``PRAGMA user_version`` n-1 to version n. Never edit a released
one: a user's file may be at any earlier version, and tests/core/test_notes.py migrates a file
made by each.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


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
        index_contact(conn, contact_id)
    for (note_id,) in conn.execute("SELECT id FROM notes").fetchall():
        index_note(conn, note_id)


def _v3(conn: sqlite3.Connection) -> None:
    """Version 3: ids are never used twice (AUTOINCREMENT), so undoing a delete puts the record
    back under its own id whatever was made since; contacts and notes carry a row version, so a
    save that started from an older one is merged field by field instead of reverting another
    window's edit. The tables are rebuilt as SQLite's ALTER TABLE guide says (foreign keys
    are off while this runs; the caller checks them afterwards)."""
    _script(conn, """
        CREATE TABLE contacts_v3 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
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
            updated_at TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1
        );
        INSERT INTO contacts_v3 (id, uid, name, role, organisation, cluster_id, email, phone,
                                 met_where, met_on, comment, created_at, updated_at)
            SELECT id, uid, name, role, organisation, cluster_id, email, phone, met_where,
                   met_on, comment, created_at, updated_at FROM contacts;
        DROP TABLE contacts;
        ALTER TABLE contacts_v3 RENAME TO contacts;
        CREATE INDEX contacts_cluster ON contacts(cluster_id);

        CREATE TABLE notes_v3 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            body TEXT NOT NULL,
            cluster_id TEXT,
            contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1
        );
        INSERT INTO notes_v3 (id, uid, body, cluster_id, contact_id, created_at, updated_at)
            SELECT id, uid, body, cluster_id, contact_id, created_at, updated_at FROM notes;
        DROP TABLE notes;
        ALTER TABLE notes_v3 RENAME TO notes;
        CREATE INDEX notes_cluster ON notes(cluster_id);
        CREATE INDEX notes_contact ON notes(contact_id);

        CREATE TABLE shortlists_v3 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        INSERT INTO shortlists_v3 SELECT id, uid, name, created_at, updated_at FROM shortlists;
        DROP TABLE shortlists;
        ALTER TABLE shortlists_v3 RENAME TO shortlists
    """)


def _v4(conn: sqlite3.Connection) -> None:
    """Version 4: a contact has any number of e-mail addresses and phone numbers, each with
    its vCard TYPE values (comma-separated, lower case), in the order given (the first is the
    preferred one). The contacts table's own email and phone columns keep the preferred value
    of each, so a reader of an older version (or `mxdesk notes rescue`) still finds it."""
    _script(conn, """
        CREATE TABLE contact_points (
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
            position INTEGER NOT NULL,
            value TEXT NOT NULL,
            types TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (contact_id, kind, position)
        );
        INSERT INTO contact_points (contact_id, kind, position, value)
            SELECT id, 'email', 0, trim(email) FROM contacts WHERE trim(email) != '';
        INSERT INTO contact_points (contact_id, kind, position, value)
            SELECT id, 'phone', 0, trim(phone) FROM contacts WHERE trim(phone) != ''
    """)


#: Migration n takes a file at schema version n-1 to version n. Never edit a released one.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2, _v3, _v4)
SCHEMA_VERSION = len(MIGRATIONS)
#: Migrations that rebuild tables must run with foreign keys off (they are checked after).
REBUILDS = frozenset({3})


def index_contact(conn: sqlite3.Connection, contact_id: int) -> None:
    conn.execute("DELETE FROM search WHERE kind = 'contact' AND item_id = ?", [contact_id])
    row = conn.execute("SELECT name, role, organisation, email, phone, met_where, comment "
                       "FROM contacts WHERE id = ?", [contact_id]).fetchone()
    if row is None:
        return
    tags = [t for (t,) in conn.execute("SELECT tag FROM contact_tags WHERE contact_id = ?",
                                       [contact_id])]
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'contact_points'").fetchone():
        more = [v for (v,) in conn.execute(
            "SELECT value FROM contact_points WHERE contact_id = ? AND position > 0",
            [contact_id])]
        tags = [*more, *tags]
    conn.execute("INSERT INTO search (kind, item_id, title, body) VALUES ('contact', ?, ?, ?)",
                 [contact_id, row[0], " · ".join([*row[1:], *tags])])


def index_note(conn: sqlite3.Connection, note_id: int) -> None:
    conn.execute("DELETE FROM search WHERE kind = 'note' AND item_id = ?", [note_id])
    row = conn.execute("SELECT body FROM notes WHERE id = ?", [note_id]).fetchone()
    if row is not None:
        conn.execute("INSERT INTO search (kind, item_id, title, body) VALUES ('note', ?, '', ?)",
                     [note_id, row[0]])
