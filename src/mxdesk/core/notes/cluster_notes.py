"""Notes: the user's free text about a cluster, a contact, both or neither, read and written.

Table ``notes`` (a note points at its contact by the contact's row id, and is read with the
contact's uid) and a note's rows in the search index. The writes taking a connection run
inside the caller's open transaction; those taking the store open one of their own.
``NotesStore`` delegates here one method each.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Any

from mxdesk.core.i18n import _
from mxdesk.core.notes.errors import StoreError
from mxdesk.core.notes.parts import OpenStore
from mxdesk.core.notes.records import Note, now_utc
from mxdesk.core.notes.schema import index_record, note_label, unindex
from mxdesk.core.notes.stored_text import UnreadableError, nfc, read_each, read_one, undecodable

#: A note's row, with its contact's uid, in the order :func:`make_note` reads it.
SELECT = ("SELECT n.id, n.uid, n.body, n.cluster_id, c.uid, n.created_at, n.updated_at, "
          "n.version, n.shared FROM notes n LEFT JOIN contacts c ON c.id = n.contact_id")


def nfc_note(note: Note) -> Note:
    """*note* with its text and cluster id in NFC (itself when they already are)."""
    changed: dict[str, Any] = {name: nfc(value) for name in ("body", "cluster_id")
                               if (value := getattr(note, name)) and nfc(value) != value}
    return replace(note, **changed) if changed else note


def make_note(row: Any) -> Note:
    """A note from its row (:data:`SELECT`). Raises
    :class:`~.stored_text.UnreadableError` when its text is not UTF-8."""
    nid, uid, body, cluster_id, contact_uid, created, updated, version, shared = row
    if undecodable(*row):
        raise UnreadableError(f"note {nid}")
    return Note(body=str(body), cluster_id=cluster_id or None,
                contact_uid=contact_uid or None,
                uid=str(uid), id=int(nid),
                created_at=str(created), updated_at=str(updated), version=int(version),
                shared=bool(shared))


def note(store: OpenStore, note_id: int) -> Note:
    """The note with *note_id*. Raises :class:`StoreError` when there is none or its text
    cannot be read."""
    row = store.conn.execute(f"{SELECT} WHERE n.id = ?", [note_id]).fetchone()
    return read_one(store.unreadable, "note", note_id, make_note, row)


def notes(store: OpenStore, cluster_id: str | None = None, contact_uid: str | None = None,
          shortlist_id: int | None = None) -> list[Note]:
    """Notes kept by the filters given, last changed first; unreadable ones left out (and put
    in ``store.unreadable``)."""
    sql = f"{SELECT} WHERE 1"
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
    return read_each(store.unreadable, "note", store.conn.execute(sql, params).fetchall(),
                     make_note)


def shared_notes(store: OpenStore, contact_uid: str) -> list[Note]:
    """The notes about the contact with *contact_uid* that the user marked as shared, oldest
    first (by creation time, then id); [] when there are none or no such contact. Unreadable
    ones are left out (and put in ``store.unreadable``)."""
    rows = store.conn.execute(
        f"{SELECT} WHERE c.uid = ? AND n.shared = 1 ORDER BY n.created_at, n.id",
        [contact_uid]).fetchall()
    return read_each(store.unreadable, "note", rows, make_note)


def contact_id(conn: sqlite3.Connection, uid: str | None) -> int | None:
    """The row id of the contact with *uid* (what a note's ``contact_id`` holds), or None."""
    if not uid:
        return None
    row = conn.execute("SELECT id FROM contacts WHERE uid = ?", [uid]).fetchone()
    return int(row[0]) if row else None


def write_note(conn: sqlite3.Connection, record: Note) -> int:
    """Inside an open transaction: insert (no id) or overwrite (with id) *record*; returns
    its id. An overwrite raises its row version by one. Text is stored in NFC."""
    now = now_utc()
    record = nfc_note(record)
    linked = contact_id(conn, record.contact_uid)
    if record.id is None:
        cur = conn.execute(
            "INSERT INTO notes (uid, body, cluster_id, contact_id, created_at, updated_at, "
            "shared) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [record.uid, record.body, record.cluster_id, linked, record.created_at or now,
             record.updated_at or now, int(record.shared)])
        note_id = int(cur.lastrowid or 0)
    else:
        note_id = record.id
        conn.execute("UPDATE notes SET body = ?, cluster_id = ?, contact_id = ?, "
                     "shared = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                     [record.body, record.cluster_id, linked, int(record.shared), now,
                      note_id])
    index_record(conn, "note", note_id, note_label(record.body), "", record.body)
    return note_id


def save_note(store: OpenStore, record: Note) -> Note:
    """Insert or overwrite *record* in a transaction of its own; returns it as stored.
    Raises what ``NotesStore.transaction`` raises."""
    with store.transaction() as conn:
        note_id = write_note(conn, record)
    return note(store, note_id)


def delete_note(store: OpenStore, note_id: int) -> Note:
    """Delete a note; returns it (read before), for an undo. Raises :class:`StoreError` when
    there is no such note."""
    deleted = note(store, note_id)
    with store.transaction() as conn:
        conn.execute("DELETE FROM notes WHERE id = ?", [note_id])
        unindex(conn, "note", note_id)
    return deleted


def restore_note(store: OpenStore, record: Note) -> Note:
    """Store a deleted note again under its own id and uid. Raises :class:`StoreError` when it
    is already there (another window brought it back); nothing is changed then."""
    record = nfc_note(record)
    try:
        with store.transaction() as conn:
            conn.execute(
                "INSERT INTO notes (id, uid, body, cluster_id, contact_id, created_at, "
                "updated_at, version, shared) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [record.id, record.uid, record.body, record.cluster_id,
                 contact_id(conn, record.contact_uid), record.created_at,
                 record.updated_at, max(record.version, 1), int(record.shared)])
            index_record(conn, "note", int(record.id or 0), note_label(record.body), "",
                         record.body)
    except sqlite3.IntegrityError as exc:
        raise StoreError(_("the note “{title}” is already there (another window brought it "
                           "back); nothing was changed").format(title=record.title)) from exc
    return note(store, int(record.id or 0))
