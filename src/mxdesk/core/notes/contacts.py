"""Contacts: read and written with their tags, e-mail addresses and phone numbers.

Tables ``contacts``, ``contact_tags`` and ``contact_points``, and a contact's rows in the search
index. The writes taking a connection run inside the caller's open transaction (an import, a
merge); those taking the store open one of their own. ``NotesStore`` delegates here one method
each.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from mxdesk.core import gcpause
from mxdesk.core.i18n import _
from mxdesk.core.notes import cluster_notes
from mxdesk.core.notes.agenda_index import index_meetings_with
from mxdesk.core.notes.parts import OpenStore
from mxdesk.core.notes.records import Contact, ContactPoint, NameParts, Note, now_utc
from mxdesk.core.notes.schema import contact_sort_key, contact_text, index_record, unindex
from mxdesk.core.notes.stored_text import (
    Undecodable,
    UnreadableError,
    nfc,
    nfc_points,
    read_each,
    read_one,
    undecodable,
)

#: The columns of a contact's row, in the order :func:`make_contact` reads them.
COLUMNS = ("id, uid, name, role, organisation, cluster_id, email, phone, "
           "met_where, met_on, comment, created_at, updated_at, version, "
           "family_name, given_names, additional_names, name_prefix, name_suffix")
#: The name's parts' columns, in :class:`NameParts`' order.
NAME_COLUMNS = ("family_name", "given_names", "additional_names", "name_prefix",
                "name_suffix")

_TEXTS = ("name", "role", "organisation", "cluster_id", "met_where", "met_on", "comment")


def nfc_contact(contact: Contact) -> Contact:
    """*contact* with every text in NFC (itself when all of it already is)."""
    changed: dict[str, Any] = {}
    for name in _TEXTS:
        value = getattr(contact, name)
        if value and nfc(value) != value:
            changed[name] = nfc(value)
    for name in ("emails", "phones"):
        found = nfc_points(getattr(contact, name))
        if found != getattr(contact, name):
            changed[name] = found
    tags = tuple(nfc(t) for t in contact.tags)
    if tags != contact.tags:
        changed["tags"] = tags
    parts = NameParts(*(nfc(p.strip()) for p in contact.name_parts.as_tuple()))
    if parts != contact.name_parts:
        changed["name_parts"] = parts
    return replace(contact, **changed) if changed else contact


def make_contact(row: Any, tag_list: Sequence[str], point_rows: Sequence[Any],
                 check: bool = True) -> Contact:
    """A contact from its row (:data:`COLUMNS`), its tags in order, and its (kind, value,
    types) rows; *check* False when none of them can hold text that is not UTF-8.

    Raises :class:`~.stored_text.UnreadableError` when one of them does."""
    (cid, uid, name, role, org, cluster_id, _email, _phone, where, on, comment, created,
     updated, version, *parts) = row
    tags = tuple(tag_list)
    emails: list[ContactPoint] = []
    phones: list[ContactPoint] = []
    for kind, value, types in point_rows:
        (emails if kind == "email" else phones).append(
            ContactPoint(value, tuple(t for t in types.split(",") if t) if types else ()))
    if check and (undecodable(*row, *tags)
                  or any(undecodable(*point) for point in point_rows)):
        raise UnreadableError(f"contact {cid}")
    return Contact(name=str(name), role=str(role), organisation=str(org),
                   cluster_id=cluster_id or None, emails=tuple(emails),
                   phones=tuple(phones), met_where=str(where),
                   met_on=str(on), tags=tags, comment=str(comment), uid=str(uid),
                   id=int(cid), created_at=str(created),
                   updated_at=str(updated), version=int(version),
                   name_parts=NameParts(*map(str, parts)))


def from_row(conn: sqlite3.Connection, row: Any) -> Contact:
    """The contact of *row* (:data:`COLUMNS`), its tags and points read with *conn*.

    Raises :class:`~.stored_text.UnreadableError` when its text is not UTF-8."""
    cid = row[0]
    tags = [t for (t,) in conn.execute(
        "SELECT tag FROM contact_tags WHERE contact_id = ? ORDER BY tag", [cid])]
    found = conn.execute("SELECT kind, value, types FROM contact_points WHERE "
                         "contact_id = ? ORDER BY kind, position", [cid]).fetchall()
    return make_contact(row, tags, found)


def contact(store: OpenStore, contact_id: int) -> Contact:
    """The contact with *contact_id*. Raises :class:`StoreError` when there is none or its
    text cannot be read."""
    row = store.conn.execute(f"SELECT {COLUMNS} FROM contacts WHERE id = ?",  # noqa: S608
                             [contact_id]).fetchone()
    return read_one(store.unreadable, "contact", contact_id,
                    lambda found: from_row(store.conn, found), row)


def contact_by_uid(store: OpenStore, uid: str) -> Contact | None:
    """The contact with *uid*, or None. Raises :class:`StoreError` when its text cannot be
    read."""
    row = store.conn.execute(f"SELECT {COLUMNS} FROM contacts WHERE uid = ?",  # noqa: S608
                             [uid]).fetchone()
    return read_one(store.unreadable, "contact", int(row[0]),
                    lambda found: from_row(store.conn, found), row) if row else None


def contacts(store: OpenStore, cluster_id: str | None = None, tag: str | None = None,
             shortlist_id: int | None = None) -> list[Contact]:
    """Contacts in name order, kept by the filters given; unreadable ones left out (and put
    in ``store.unreadable``). Three queries whatever the number of contacts: the rows, then
    the tags and the e-mails and phones of all of them."""
    where = "WHERE 1"
    params: list[object] = []
    if cluster_id is not None:
        where += " AND cluster_id = ?"
        params.append(cluster_id)
    if tag:
        where += " AND id IN (SELECT contact_id FROM contact_tags WHERE tag = ?)"
        params.append(nfc(tag))
    if shortlist_id is not None:
        where += (" AND cluster_id IN (SELECT cluster_id FROM shortlist_items WHERE "
                  "shortlist_id = ?)")
        params.append(shortlist_id)
    with gcpause.paused():
        return _contacts(store, where, params)


def _contacts(store: OpenStore, where: str, params: list[object]) -> list[Contact]:
    # *where* is made of constant fragments (see contacts); values are bound parameters.
    conn = store.conn
    seen_before = Undecodable.seen
    rows = conn.execute(f"SELECT {COLUMNS} FROM contacts {where} "  # noqa: S608
                        "ORDER BY sort_key, id", params).fetchall()
    of = ("" if not params
          else f" WHERE contact_id IN (SELECT id FROM contacts {where})")  # noqa: S608
    tags: dict[int, list[str]] = defaultdict(list)
    for contact_id, tag_text in conn.execute(
            f"SELECT contact_id, tag FROM contact_tags{of} ORDER BY contact_id, tag",  # noqa: S608
            params):
        tags[contact_id].append(tag_text)
    found: dict[int, list[Any]] = defaultdict(list)
    for contact_id, *point in conn.execute(
            f"SELECT contact_id, kind, value, types FROM contact_points{of} "  # noqa: S608
            "ORDER BY contact_id, kind, position", params):
        found[contact_id].append(point)
    check = Undecodable.seen != seen_before  # else every value read was UTF-8
    return read_each(store.unreadable, "contact", rows, lambda row: make_contact(
        row, tags.get(row[0], ()), found.get(row[0], ()), check))


def insert_points(conn: sqlite3.Connection, contact_id: int, contact: Contact) -> None:
    """A contact's e-mail addresses and phone numbers, in order, blanks dropped."""
    rows = []
    for kind, found in (("email", contact.emails), ("phone", contact.phones)):
        kept = [p for p in found if p.value.strip()]
        rows += [(contact_id, kind, n, p.value.strip(), ",".join(p.types))
                 for n, p in enumerate(kept)]
    conn.executemany("INSERT INTO contact_points (contact_id, kind, position, value, types) "
                     "VALUES (?, ?, ?, ?, ?)", rows)


def index_contact(conn: sqlite3.Connection, contact_id: int, contact: Contact) -> None:
    """Index a contact as :func:`write_contact` stored it (blanks dropped, values trimmed)."""
    name = contact.name.strip() or _("(no name)")
    values = [p.value.strip() for p in (*contact.emails, *contact.phones) if p.value.strip()]
    tags = sorted({t.strip() for t in contact.tags if t.strip()})
    index_record(conn, "contact", contact_id, name, name, contact_text(
        contact.role, contact.organisation, contact.met_where, values, tags, contact.comment))


def write_contact(conn: sqlite3.Connection, contact: Contact) -> int:
    """Inside an open transaction: insert (no id) or overwrite (with id) *contact*; returns
    its id. An overwrite raises its row version by one. Text is stored in NFC."""
    now = now_utc()
    contact = nfc_contact(contact)
    name = contact.name.strip() or _("(no name)")
    values = [name, contact_sort_key(name), contact.role, contact.organisation,
              contact.cluster_id, contact.email.strip(), contact.phone.strip(),
              contact.met_where, contact.met_on, contact.comment,
              *contact.name_parts.as_tuple()]
    if contact.id is None:
        cur = conn.execute(
            "INSERT INTO contacts (uid, name, sort_key, role, organisation, cluster_id, "
            "email, phone, met_where, met_on, comment, family_name, given_names, "
            "additional_names, name_prefix, name_suffix, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [contact.uid, *values, contact.created_at or now, contact.updated_at or now])
        contact_id = int(cur.lastrowid or 0)
    else:
        contact_id = contact.id
        before = conn.execute("SELECT name, uid FROM contacts WHERE id = ?",
                              [contact_id]).fetchone()
        conn.execute(
            "UPDATE contacts SET name = ?, sort_key = ?, role = ?, organisation = ?, "
            "cluster_id = ?, email = ?, phone = ?, met_where = ?, met_on = ?, comment = ?, "
            "family_name = ?, given_names = ?, additional_names = ?, name_prefix = ?, "
            "name_suffix = ?, updated_at = ?, version = version + 1 WHERE id = ?",
            [*values, now, contact_id])
    conn.execute("DELETE FROM contact_tags WHERE contact_id = ?", [contact_id])
    conn.executemany("INSERT OR IGNORE INTO contact_tags (contact_id, tag) VALUES (?, ?)",
                     [(contact_id, t.strip()) for t in contact.tags if t.strip()])
    conn.execute("DELETE FROM contact_points WHERE contact_id = ?", [contact_id])
    insert_points(conn, contact_id, contact)
    index_contact(conn, contact_id, contact)
    if contact.id is None:
        index_meetings_with(conn, contact.uid)  # a contact back under a uid meetings name
    elif before is not None and before[0] != name:
        index_meetings_with(conn, str(before[1]))  # renamed: its meetings are found anew
    return contact_id


def save_contact(store: OpenStore, record: Contact) -> Contact:
    """Insert or overwrite *record* in a transaction of its own; returns it as stored.
    Raises what ``NotesStore.transaction`` raises."""
    with store.transaction() as conn:
        contact_id = write_contact(conn, record)
    return contact(store, contact_id)


def delete_contact(store: OpenStore, contact_id: int) -> tuple[Contact, list[Note]]:
    """Delete a contact; returns it and the notes that pointed at it (read before), for an
    undo. Raises :class:`StoreError` when there is no such contact."""
    deleted = contact(store, contact_id)
    linked = cluster_notes.notes(store, contact_uid=deleted.uid)
    with store.transaction() as conn:
        conn.execute("DELETE FROM contacts WHERE id = ?", [contact_id])
        unindex(conn, "contact", contact_id)
        index_meetings_with(conn, deleted.uid)  # no longer found by a name that is gone
    return deleted, linked


def restore_contact(store: OpenStore, record: Contact, linked: Sequence[Note] = ()) -> Contact:
    """Store a deleted contact again under its own id and uid, and link *linked* notes back
    to it. When it is already back (another window), only the links are given back and the
    contact as stored now is returned."""
    record = nfc_contact(record)
    try:
        with store.transaction() as conn:
            conn.execute(
                "INSERT INTO contacts (id, uid, name, sort_key, role, organisation, "
                "cluster_id, email, phone, met_where, met_on, comment, created_at, "
                "updated_at, version, family_name, given_names, additional_names, "
                "name_prefix, name_suffix) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [record.id, record.uid, record.name, contact_sort_key(record.name),
                 record.role, record.organisation,
                 record.cluster_id, record.email, record.phone, record.met_where,
                 record.met_on, record.comment, record.created_at, record.updated_at,
                 max(record.version, 1), *record.name_parts.as_tuple()])
            conn.executemany("INSERT OR IGNORE INTO contact_tags (contact_id, tag) "
                             "VALUES (?, ?)", [(record.id, t) for t in record.tags])
            insert_points(conn, int(record.id or 0), record)
            conn.executemany("UPDATE notes SET contact_id = ? WHERE uid = ?",
                             [(record.id, n.uid) for n in linked])
            index_contact(conn, int(record.id or 0), record)
            index_meetings_with(conn, record.uid)
    except sqlite3.IntegrityError:
        # Already back: another window stored it again (typing into it after the delete)
        # or undid the delete. Give its notes their link back; nothing else changes.
        again = contact_by_uid(store, record.uid)
        if again is None:
            raise
        with store.transaction() as conn:
            conn.executemany("UPDATE notes SET contact_id = ? WHERE uid = ?",
                             [(again.id, n.uid) for n in linked])
        return again
    return contact(store, int(record.id or 0))


def tags(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every tag in use and how many contacts carry it, (tag, count), in case-blind order."""
    return [(str(t), int(n)) for t, n in conn.execute(
        "SELECT tag, count(*) FROM contact_tags GROUP BY tag ORDER BY tag COLLATE NOCASE")]
