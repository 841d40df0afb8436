"""The notes file's schema: one function per version, and the search index kept beside it.

Migration n takes a file at ``PRAGMA user_version`` n-1 to version n. Never edit a released
one: a user's file may be at any earlier version, and tests/core/test_notes.py migrates a file
made by each.

Over ~450 lines because the migrations stay in one place, each as released (seven, with the
index's layout they rely on); what the index holds of missions and meetings is in
:mod:`.agenda_index`.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable

from mxdesk.core.notes.errors import StoreError
from mxdesk.core.notes.records import Note
from mxdesk.core.text import fold, index_text

log = logging.getLogger("mxdesk.notes")


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


def _v5(conn: sqlite3.Connection) -> None:
    """Version 5: the search index is rebuilt (:func:`rebuild_index`). It holds text folded
    by :func:`mxdesk.core.text.index_text` under the ``ascii`` tokenizer, which does not fold
    again, so the index and the query (:func:`mxdesk.core.search.fts_query`) fold alike; and
    it holds each record in parts of about :data:`PART_CHARS` characters, under rowids made
    from the record's kind, id and part, so a record's rows are found and deleted by a rowid
    range, and a hit's passage is cut from its part alone, whatever the record's length.
    Contacts get a ``sort_key``, their name folded as the directory folds its own
    (:func:`contact_sort_key`), so "Álvaro" sorts among the A's and "Łukasz" beside "Luis"
    rather than after "Zoë". Lists read their pages in the order of two new indexes (contacts
    by sort key, notes newest first), so a page among 100,000 contacts is read from the index,
    not sorted."""
    conn.create_function("fold", 1, contact_sort_key, deterministic=True)
    _script(conn, """
        DROP TABLE search;
        CREATE VIRTUAL TABLE search USING fts5(
            title, body, parts, start UNINDEXED, label UNINDEXED, text UNINDEXED,
            tokenize = 'ascii', prefix = '1 2 3');
        ALTER TABLE contacts ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
        UPDATE contacts SET sort_key = fold(name);
        CREATE INDEX contacts_by_sort_key ON contacts(sort_key, id);
        CREATE INDEX notes_by_change ON notes(updated_at DESC, id DESC)
    """)
    rebuild_index(conn)


def contact_sort_key(name: object) -> str:
    """Where a contact with this name sorts: the name folded by :func:`mxdesk.core.text.fold`
    (accents, case and punctuation ignored), as the directory's own sort keys are. A name
    read from bytes that were not UTF-8 (lone surrogates) gets a key that can be stored."""
    key = fold(name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name or ""))
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        return key.encode("utf-8", "replace").decode("utf-8")
    return key


def _v6(conn: sqlite3.Connection) -> None:
    """Version 6 (issue 18): missions and their meetings; a contact's name's structure.

    A mission (a shortlist grown up: name, dates, the traveller's home zone, its clusters in
    order, the uid of the shortlist it grew from) holds meetings; a meeting may stand alone
    (an imported calendar's), so its mission link is set to NULL when the mission goes. A
    meeting's start is stored in UTC (ISO 8601, ``YYYY-MM-DDTHH:MM:SSZ``, which sorts as
    text) with the IANA name of the place's zone, so a change of a zone's rules never moves
    a meeting that is already stored. ``sequence`` is iCalendar's SEQUENCE: raised when a
    field a calendar shows changes. Contacts met are held by their uid, not their row id:
    the uid is what an export, an import and an undo keep (row ids differ from file to
    file), and a contact deleted then restored comes back under it.

    A contact keeps its name's structure as its file gave it (issue 17's trial: a vCard's
    ``N:Gutiérrez Ibáñez;José María`` came back as ``N:Ibáñez;José María Gutiérrez``):
    vCard N's five components in five columns, empty when nothing is known (a contact typed
    in the window). Five columns, not one text of them: the five are what vCard N, Outlook's
    and Google's CSV columns and mxdesk JSON each hold, so nothing is packed or parsed again,
    and a list may one day sort by family name with an index.

    The search index now has four kinds, in two bits of its rowids
    (:data:`KIND_BITS`), so it is built anew (:func:`rebuild_index`)."""
    _script(conn, """
        CREATE TABLE missions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            home_zone TEXT NOT NULL,
            shortlist_uid TEXT,
            comment TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (end_date >= start_date)
        );
        CREATE TABLE mission_clusters (
            mission_id INTEGER NOT NULL REFERENCES missions(id) ON DELETE CASCADE,
            cluster_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (mission_id, cluster_id)
        );
        CREATE TABLE meetings (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            sequence INTEGER NOT NULL DEFAULT 0,
            mission_id INTEGER REFERENCES missions(id) ON DELETE SET NULL,
            title TEXT NOT NULL,
            starts_at TEXT NOT NULL,
            zone TEXT NOT NULL,
            duration_min INTEGER NOT NULL CHECK (duration_min > 0),
            place TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'proposed'
                CHECK (status IN ('proposed', 'confirmed', 'done', 'cancelled')),
            outcome TEXT NOT NULL DEFAULT '',
            next_step TEXT NOT NULL DEFAULT '',
            next_due TEXT NOT NULL DEFAULT '',
            comment TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE meeting_clusters (
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            cluster_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (meeting_id, cluster_id)
        );
        CREATE TABLE meeting_contacts (
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            contact_uid TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (meeting_id, contact_uid)
        );
        CREATE INDEX meetings_by_mission ON meetings(mission_id, starts_at);
        CREATE INDEX meetings_by_start ON meetings(starts_at);
        CREATE INDEX meetings_by_next_due ON meetings(next_due) WHERE next_due != '';
        CREATE INDEX meeting_clusters_cluster ON meeting_clusters(cluster_id);
        CREATE INDEX meeting_contacts_contact ON meeting_contacts(contact_uid);
        CREATE INDEX mission_clusters_cluster ON mission_clusters(cluster_id);
        ALTER TABLE contacts ADD COLUMN family_name TEXT NOT NULL DEFAULT '';
        ALTER TABLE contacts ADD COLUMN given_names TEXT NOT NULL DEFAULT '';
        ALTER TABLE contacts ADD COLUMN additional_names TEXT NOT NULL DEFAULT '';
        ALTER TABLE contacts ADD COLUMN name_prefix TEXT NOT NULL DEFAULT '';
        ALTER TABLE contacts ADD COLUMN name_suffix TEXT NOT NULL DEFAULT ''
    """)
    # A file that migration 5 indexed a moment ago (in this run, by this code) is in the
    # layout of four kinds already: a second rebuild would only need the room twice.
    if conn.execute("SELECT value FROM settings WHERE key = 'index_layout'").fetchone() \
            != (INDEX_LAYOUT,):
        rebuild_index(conn)


def _v7(conn: sqlite3.Connection) -> None:
    """Version 7 (issue 21): a note may be shared. ``shared`` is 1 for a note the user marked
    as shared with the delegation (a note about a contact travels with that contact to the
    mission's shared address book), 0 for every other; every note a file held before is 0:
    notes stay private unless the user marks one. A column with a default, so no table is
    rebuilt and a rescue by an older mxdesk, which reads the columns it knows, reads on."""
    conn.execute("ALTER TABLE notes ADD COLUMN shared INTEGER NOT NULL DEFAULT 0")


#: Migration n takes a file at schema version n-1 to version n. Never edit a released one.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2, _v3, _v4, _v5, _v6,
                                                                 _v7)
#: The schema this mxdesk writes (``PRAGMA user_version`` of a notes file it made or upgraded):
#: one per migration. Named apart from the directory's schema version (:mod:`mxdesk.core.schema`).
NOTES_SCHEMA_VERSION = len(MIGRATIONS)
#: Migrations that rebuild tables must run with foreign keys off (they are checked after).
REBUILDS = frozenset({3})


# -- the index of schemas 2 to 4 (only migration 2 writes it) --------------------------------


def index_contact(conn: sqlite3.Connection, contact_id: int) -> None:
    """Index one contact as schemas 2 to 4 did (its name as the title; role, organisation,
    addresses, tags and comment as the body); only migration 2 calls it."""
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
    """Index one note as schemas 2 to 4 did (its text as the body); only migration 2 calls it."""
    conn.execute("DELETE FROM search WHERE kind = 'note' AND item_id = ?", [note_id])
    row = conn.execute("SELECT body FROM notes WHERE id = ?", [note_id]).fetchone()
    if row is not None:
        conn.execute("INSERT INTO search (kind, item_id, title, body) VALUES ('note', ?, '', ?)",
                     [note_id, row[0]])


# -- the search index of schema 5 -------------------------------------------------------------

#: A record is indexed in parts of about this many characters, each cut at white space...
PART_CHARS = 2000
#: ... or where it is, in text that has no white space for this long.
MAX_PART_CHARS = 4000
#: A search rowid is ``((record id << KIND_BITS | kind) << PART_BITS) + part``: a record's
#: rows are one rowid range, and it has at most ``2 ** PART_BITS`` parts (longer ones are
#: made longer). Schema 5 had one kind bit (contacts and notes); schema 6 has two.
PART_BITS = 20
KINDS = ("contact", "note", "mission", "meeting")
KIND_BITS = 2
#: ``rowid >> PART_BITS & KIND_MASK`` is a row's kind (its index in :data:`KINDS`).
KIND_MASK = (1 << KIND_BITS) - 1
#: The layout of the index's rowids this code writes (kinds, kind bits, part bits).
INDEX_LAYOUT = f"{'+'.join(KINDS)}/{KIND_BITS}/{PART_BITS}"
#: The largest record id the index can hold in a 63-bit rowid.
MAX_RECORD_ID = (1 << (63 - KIND_BITS - PART_BITS)) - 1
#: Column ``parts`` holds this word in every part of a record indexed in more than one part,
#: so the records whose words may be in different parts are found among few rows.
MANY = "many"
_WHITE = re.compile(r"\s")


def record_rowids(kind: str, record_id: int) -> tuple[int, int]:
    """The rowid of a record's first part, and the first rowid after its last possible one.
    Raises :class:`StoreError` when *record_id* is outside 1..``MAX_RECORD_ID``."""
    if not 0 < record_id <= MAX_RECORD_ID:
        raise StoreError(f"{kind} {record_id}: the id is out of the range the search index "
                         "can hold; nothing was changed")
    first = ((record_id << KIND_BITS) | KINDS.index(kind)) << PART_BITS
    return first, first + (1 << PART_BITS)


def record_of(rowid: int) -> tuple[str, int]:
    """The (kind, record id) a search rowid belongs to."""
    record = rowid >> PART_BITS
    return KINDS[record & KIND_MASK], record >> KIND_BITS


def split_parts(text: str) -> list[tuple[int, str]]:
    """*text* as consecutive (start offset, part) pairs of about :data:`PART_CHARS`
    characters, each cut before white space where there is some; ``[]`` for no text."""
    size = max(PART_CHARS, -(-len(text) // (1 << PART_BITS)))
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        cut = _WHITE.search(text, start + size, start + max(MAX_PART_CHARS, size))
        end = cut.start() if cut else start + size
        while end > start + 1 and unicodedata.combining(text[end]):
            end -= 1  # never part a letter from its accent
        out.append((start, text[start:end]))
        start = end
    if start < len(text):
        out.append((start, text[start:]))
    return out


def _readable(*texts: str) -> bool:
    """False for text read from bytes that are not UTF-8 (the store reads those as lone
    surrogates, which cannot be written back)."""
    try:
        for text in texts:
            text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def unindex(conn: sqlite3.Connection, kind: str, record_id: int) -> None:
    """Take a record out of the search index: its rows are one rowid range, found in
    O(log n) whatever the index's size.

    Each row is deleted by its rowid: FTS5 writes its pending changes out to a new segment
    before every statement that may change several rows (``fts5SavepointMethod``), so a
    ``DELETE … WHERE rowid >= ? AND rowid < ?`` per record made an import of 20,000 contacts
    several times slower, and more so the longer it ran."""
    first, after = record_rowids(kind, record_id)
    rows = conn.execute("SELECT rowid FROM search WHERE rowid >= ? AND rowid < ?",
                        [first, after]).fetchall()
    conn.executemany("DELETE FROM search WHERE rowid = ?", rows)


def index_record(conn: sqlite3.Connection, kind: str, record_id: int, label: str, title: str,
                 text: str) -> None:
    """Put a record into the search index in place of what it held of it: *label* is how a
    hit is named, *title* is searched with more weight, *text* in parts."""
    unindex(conn, kind, record_id)
    if not _readable(label, title, text):
        # Damaged text (only a migration meets it): left out of searches as it is of lists.
        log.warning("%s %s is not in the search index: its text is not valid UTF-8", kind,
                    record_id)
        return
    first, _after = record_rowids(kind, record_id)
    parts = split_parts(text) or [(0, "")]
    many = MANY if len(parts) > 1 else ""
    conn.executemany(
        "INSERT INTO search (rowid, title, body, parts, start, label, text) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(first + n, index_text(title) if n == 0 else "", index_text(part), many, start,
          label if n == 0 else "", part) for n, (start, part) in enumerate(parts)])


def contact_text(role: str, organisation: str, met_where: str, points: Iterable[str],
                 tags: Iterable[str], comment: str) -> str:
    """What of a contact is searched besides its name, as its hits show it."""
    fields = [role, organisation, met_where, *points, *tags, comment]
    return " · ".join(f for f in fields if f and f.strip())


def note_label(body: str) -> str:
    """How a note's hits are named: its title (its first line)."""
    return Note(body).title


def rebuild_index(conn: sqlite3.Connection) -> None:
    """Index every contact, note, mission and meeting anew (missions and meetings when the
    file has them: schema 6 on), reading each table once; the setting ``index_layout``
    records that the index is in :data:`INDEX_LAYOUT`."""
    conn.execute("DELETE FROM search")
    conn.execute("INSERT INTO settings (key, value) VALUES ('index_layout', ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [INDEX_LAYOUT])
    tags: dict[int, list[str]] = defaultdict(list)
    for contact_id, tag in conn.execute("SELECT contact_id, tag FROM contact_tags "
                                        "ORDER BY contact_id, tag"):
        tags[contact_id].append(tag)
    points: dict[int, list[str]] = defaultdict(list)
    for contact_id, value in conn.execute("SELECT contact_id, value FROM contact_points "
                                          "ORDER BY contact_id, kind, position"):
        points[contact_id].append(value)
    for contact_id, name, role, organisation, met_where, comment in conn.execute(
            "SELECT id, name, role, organisation, met_where, comment FROM contacts"):
        index_record(conn, "contact", contact_id, name, name, contact_text(
            role, organisation, met_where, points.get(contact_id, ()),
            tags.get(contact_id, ()), comment))
    for note_id, body in conn.execute("SELECT id, body FROM notes"):
        index_record(conn, "note", note_id, note_label(body), "", body)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meetings'").fetchone():
        # Imported here: agenda_index builds on this module's index_record.
        from mxdesk.core.notes.agenda_index import index_meetings, index_missions

        index_missions(conn)
        index_meetings(conn)

