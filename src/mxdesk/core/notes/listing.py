"""Lists of the user's contacts and notes read a page at a time, for views of any length.

Read-only queries over a :class:`NotesStore`'s connection: how many records a filter keeps,
the next page of them in list order (contacts by their folded name, notes newest first), one
row again after a save, and the contacts whose name starts with what was typed. A page is
found from the last row shown (keyset), never by counting rows from the top, so the page after
row 90,000 costs what the first does; a row is a few columns, never a whole record with its
tags and addresses.

The SQL is composed from this module's own constant fragments (hence the ``noqa: S608``); every
value a user typed or chose is a bound parameter, and typed text reaches FTS5 only through
:func:`mxdesk.core.search.fts_query`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol

from mxdesk.core.i18n import _
from mxdesk.core.notes.errors import StoreError
from mxdesk.core.notes.records import Contact, Note
from mxdesk.core.notes.schema import KIND_BITS, KIND_MASK, KINDS, MANY, PART_BITS, contact_sort_key
from mxdesk.core.search import fts_query

#: The two kinds of the user's own records (the directory's are core.records.Kind).
NotesKind = Literal["contact", "note"]
Kind = NotesKind  # its earlier name

#: What a note's row reads of its text: enough for its title (a first line of 80 characters
#: after blank lines), never a whole 10 MB note.
_NOTE_HEAD = "substr(ltrim(substr(n.body, 1, 4000), ' ' || char(9, 10, 13)), 1, 400)"


@dataclass(frozen=True)
class NotesFilter:
    """Which records a list shows: the kinds, and the filters the user set ("" / None: any)."""

    kinds: tuple[NotesKind, ...] = ("contact", "note")
    cluster_id: str | None = None
    #: With *cluster_id*: ids earlier releases gave that cluster (the directory's redirects),
    #: whose records are the cluster's too; the notes keep the id they were written with.
    earlier_cluster_ids: tuple[str, ...] = ()
    tag: str | None = None
    shortlist_id: int | None = None
    text: str = ""
    #: Clusters whose names hold *text*: their records are kept too (the list shows each
    #: record's cluster, so a user searches by it).
    text_cluster_ids: tuple[str, ...] = ()


class ListRow(NamedTuple):
    """One record as a list shows it. *key* is where it sorts: the next page starts after it.

    A named tuple: ``row.title`` or, as the window's tests read a row, ``row[2]``."""

    kind: NotesKind
    id: int
    title: str
    cluster_id: str | None
    updated_at: str
    key: tuple[str, int]

    @property
    def ref(self) -> tuple[NotesKind, int]:
        """(kind, id): the record this row shows."""
        return (self.kind, self.id)


@dataclass(frozen=True)
class ContactChoice:
    """A contact offered when a note is linked to one: enough to tell two Ana Pérez apart."""

    uid: str
    id: int
    name: str
    role: str
    organisation: str
    cluster_id: str | None


def _shown(text: object) -> str:
    """Stored text as a list shows it: bytes that were not UTF-8 (read as lone surrogates,
    which no widget can show) become "?". Opening the record says what is wrong with it."""
    text = str(text or "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def _matching(kind: NotesKind, text: str) -> tuple[str, list[object]] | None:
    """A SELECT of the ids of *kind*'s records in which every word of *text* starts a word
    (accents and case ignored), from the search index; None when *text* has no word.

    A record is indexed in parts (:func:`mxdesk.core.notes.schema.index_record`): a record
    matches when one part has every word, or, for a record of several parts, when each word
    is in one of them."""
    query = fts_query(text)
    if not query:
        return None
    kind_bit = KINDS.index(kind)
    sql = (f"SELECT rowid >> {PART_BITS + KIND_BITS} FROM search WHERE search MATCH ? "  # noqa: S608
           f"AND (rowid >> {PART_BITS}) & {KIND_MASK} = {kind_bit}")
    params: list[object] = [f"{{title body}} : ({query})"]
    words = query.split(" AND ")  # fts_query joins one group per word typed
    if len(words) > 1:
        each = " INTERSECT ".join(f"SELECT rowid >> {PART_BITS} AS record FROM search "  # noqa: S608
                                  "WHERE search MATCH ?" for _ in words)
        sql += (f" UNION SELECT record >> {KIND_BITS} FROM ({each}) "  # noqa: S608
                f"WHERE record & {KIND_MASK} = {kind_bit}")
        params += [f"{{parts}} : {MANY} AND {{title body}} : ({word})" for word in words]
    return sql, params


class Connected(Protocol):
    """A notes store, or a :class:`Reader`: anything with a connection to the notes file."""

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection lists and counts are read through."""


class Reader:
    """A read-only connection of its own to a notes file, for a thread that lists records
    while the window's thread writes (a SQLite connection belongs to the thread that opened
    it; the file's WAL lets both go on at once). Raises :class:`StoreError` when the file
    cannot be opened."""

    def __init__(self, path: Path) -> None:
        try:
            self.conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                        check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(_("cannot read the notes file {path}: {reason}").format(
                path=path, reason=exc)) from exc
        # Text that is not UTF-8 is listed (with "?"), never a failed page.
        self.conn.text_factory = lambda raw: raw.decode("utf-8", "surrogateescape")

    def close(self) -> None:
        """Close the connection, on the thread that opened it."""
        self.conn.close()


class Listing:
    """Paged, counted and name-prefix queries over one connection to the notes (the caller's
    thread: a SQLite connection is used by the thread that reads it)."""

    def __init__(self, store: Connected | None) -> None:
        #: None: a listing of nothing (a model shown from rows given to it).
        self.store = store

    @property
    def _conn(self) -> sqlite3.Connection:
        assert self.store is not None, "a listing without a store lists nothing"
        return self.store.conn

    # -- where a filter keeps rows --------------------------------------------------------

    def _where(self, kind: NotesKind, keep: NotesFilter) -> tuple[str, list[object]] | None:
        """The WHERE clause of *kind*'s rows that *keep* keeps (alias c or n), or None when
        it keeps none of them."""
        if kind not in keep.kinds or (kind == "note" and keep.tag):
            return None
        alias = "c" if kind == "contact" else "n"
        clauses: list[str] = []
        params: list[object] = []
        if keep.cluster_id is not None:
            ids = [keep.cluster_id, *keep.earlier_cluster_ids]
            clauses.append(f"{alias}.cluster_id IN ({','.join('?' * len(ids))})")
            params += ids
        if keep.tag and kind == "contact":
            clauses.append("c.id IN (SELECT contact_id FROM contact_tags WHERE tag = ?)")
            params.append(keep.tag)
        if keep.shortlist_id is not None:
            clauses.append(f"{alias}.cluster_id IN (SELECT cluster_id FROM shortlist_items "  # noqa: S608
                           "WHERE shortlist_id = ?)")
            params.append(keep.shortlist_id)
        if keep.text.strip():
            matching = _matching(kind, keep.text)
            if matching is None:
                return None
            if keep.text_cluster_ids:
                marks = ",".join("?" * len(keep.text_cluster_ids))
                clauses.append(f"({alias}.id IN ({matching[0]}) OR {alias}.cluster_id IN "
                               f"({marks}))")
                params += [*matching[1], *keep.text_cluster_ids]
            else:
                clauses.append(f"{alias}.id IN ({matching[0]})")
                params += matching[1]
        return " AND ".join(clauses) or "1", params

    def count(self, keep: NotesFilter, kind: NotesKind) -> int:
        """How many of *kind*'s records *keep* keeps."""
        where = self._where(kind, keep)
        if where is None:
            return 0
        table = "contacts c" if kind == "contact" else "notes n"
        sql, params = where
        query = f"SELECT count(*) FROM {table} WHERE {sql}"  # noqa: S608
        return int(self._conn.execute(query, params).fetchone()[0])

    def keeps(self, keep: NotesFilter, kind: NotesKind, record_id: int) -> bool:
        """Whether *keep* keeps this record."""
        where = self._where(kind, keep)
        if where is None:
            return False
        table, alias = ("contacts c", "c") if kind == "contact" else ("notes n", "n")
        sql, params = where
        query = f"SELECT 1 FROM {table} WHERE {sql} AND {alias}.id = ?"  # noqa: S608
        return self._conn.execute(query, [*params, record_id]).fetchone() is not None

    # -- pages ----------------------------------------------------------------------------

    def page(self, keep: NotesFilter, kind: NotesKind, after: tuple[str, int] | None,
             limit: int) -> list[ListRow]:
        """Up to *limit* of *kind*'s rows that *keep* keeps, in list order, after the row
        whose key is *after* (from the first when None)."""
        where = self._where(kind, keep)
        if where is None or limit <= 0:
            return []
        sql, params = where
        if kind == "contact":
            if after is not None:
                sql += " AND (c.sort_key, c.id) > (?, ?)"
                params = [*params, after[0], after[1]]
            query = ("SELECT c.id, c.name, c.role, c.cluster_id, c.updated_at, c.sort_key "  # noqa: S608
                     f"FROM contacts c WHERE {sql} ORDER BY c.sort_key, c.id LIMIT ?")
            rows = self._conn.execute(query, [*params, limit]).fetchall()
            return [self._contact_row(r) for r in rows]
        if after is not None:
            sql += " AND (n.updated_at < ? OR (n.updated_at = ? AND n.id < ?))"
            params = [*params, after[0], after[0], after[1]]
        query = (f"SELECT n.id, {_NOTE_HEAD}, n.cluster_id, n.updated_at FROM notes n "  # noqa: S608
                 f"WHERE {sql} ORDER BY n.updated_at DESC, n.id DESC LIMIT ?")
        rows = self._conn.execute(query, [*params, limit]).fetchall()
        return [self._note_row(r) for r in rows]

    @staticmethod
    def _contact_row(row: Any) -> ListRow:
        contact_id, name, role, cluster_id, updated, sort_key = row
        return ListRow("contact", int(contact_id), Contact(_shown(name), _shown(role),
                                                           uid="").title,
                       str(cluster_id) if cluster_id else None, str(updated),
                       (str(sort_key), int(contact_id)))

    @staticmethod
    def _note_row(row: Any) -> ListRow:
        note_id, head, cluster_id, updated = row
        return ListRow("note", int(note_id), Note(_shown(head), uid="").title,
                       str(cluster_id) if cluster_id else None, str(updated),
                       (str(updated), int(note_id)))

    def row(self, kind: NotesKind, record_id: int) -> ListRow | None:
        """One record's row as it is now (None when it is gone)."""
        if kind == "contact":
            found = self._conn.execute(
                "SELECT id, name, role, cluster_id, updated_at, sort_key FROM contacts "
                "WHERE id = ?",
                [record_id]).fetchone()
            return self._contact_row(found) if found else None
        found = self._conn.execute(
            f"SELECT n.id, {_NOTE_HEAD}, n.cluster_id, n.updated_at FROM notes n "  # noqa: S608
            "WHERE n.id = ?", [record_id]).fetchone()
        return self._note_row(found) if found else None

    @staticmethod
    def row_of(record: Contact | Note) -> ListRow:
        """A record's row from the record itself (after a save: no query)."""
        record_id = int(record.id or 0)
        if isinstance(record, Contact):
            return ListRow("contact", record_id, record.title, record.cluster_id,
                           record.updated_at, (contact_sort_key(record.name), record_id))
        return ListRow("note", record_id, record.title, record.cluster_id, record.updated_at,
                       (record.updated_at, record_id))

    # -- choosing a contact by name -------------------------------------------------------

    def contact_choices(self, typed: str, cluster_id: str | None = None,
                        limit: int = 50) -> list[ContactChoice]:
        """Contacts whose name, or a word of it, starts with *typed* (case ignored), the
        cluster's own first, then by name; at most *limit*. Empty *typed*: the first ones."""
        params: list[object] = []
        where = "1"
        if typed.strip():
            words = fts_query(typed)
            if not words:
                return []
            # Each word typed starts a word of the name, accents and case ignored.
            where = (f"id IN (SELECT rowid >> {PART_BITS + KIND_BITS} FROM search "  # noqa: S608
                     f"WHERE search MATCH ? AND (rowid >> {PART_BITS}) & {KIND_MASK} = "
                     f"{KINDS.index('contact')})")
            params.append(f"{{title}} : ({words})")
        query = ("SELECT uid, id, name, role, organisation, cluster_id FROM contacts "  # noqa: S608
                 f"WHERE {where} ORDER BY (cluster_id IS ?) DESC, sort_key, id "
                 "LIMIT ?")
        rows = self._conn.execute(query, [*params, cluster_id, limit]).fetchall()
        return [ContactChoice(str(uid), int(cid), _shown(name), _shown(role), _shown(org),
                              str(cluster) if cluster else None)
                for uid, cid, name, role, org, cluster in rows]

    def contact_choice(self, uid: str | None) -> ContactChoice | None:
        """The contact with this uid, as a choice (None when there is none)."""
        if not uid:
            return None
        row = self._conn.execute("SELECT uid, id, name, role, organisation, cluster_id "
                                 "FROM contacts WHERE uid = ?", [uid]).fetchone()
        if row is None:
            return None
        found_uid, cid, name, role, org, cluster = row
        return ContactChoice(str(found_uid), int(cid), _shown(name), _shown(role), _shown(org),
                             str(cluster) if cluster else None)
