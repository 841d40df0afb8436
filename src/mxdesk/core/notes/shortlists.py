"""Shortlists: named lists of clusters, each with a remark, and the one the star adds to.

Tables ``shortlists`` and ``shortlist_items`` (a cluster at most once per shortlist, at
positions 0, 1, …), and the setting ``current_shortlist`` (the id of the one the star adds to).
Functions taking a connection run inside the caller's open transaction (File ▸ Import's
:func:`mxdesk.core.exchange.apply_plan`); the writes taking the store open one of their own.
``NotesStore`` delegates here one method each.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from mxdesk.core.i18n import _
from mxdesk.core.notes.errors import StoreError
from mxdesk.core.notes.parts import OpenStore
from mxdesk.core.notes.records import Shortlist, ShortlistItem, new_uid, now_utc
from mxdesk.core.notes.stored_text import nfc

log = logging.getLogger("mxdesk.notes")


def nfc_items(items: Iterable[ShortlistItem]) -> tuple[ShortlistItem, ...]:
    """*items* with their cluster ids and remarks in NFC."""
    return tuple(ShortlistItem(nfc(i.cluster_id), nfc(i.remark)) for i in items)


def _insert_items(conn: sqlite3.Connection, shortlist_id: int,
                  items: Iterable[ShortlistItem]) -> None:
    """A shortlist's clusters at positions 0, 1, …; a cluster already on it is skipped."""
    conn.executemany("INSERT OR IGNORE INTO shortlist_items (shortlist_id, cluster_id, position, "
                     "remark) VALUES (?, ?, ?, ?)",
                     [(shortlist_id, i.cluster_id, n, i.remark) for n, i in enumerate(items)])


def shortlists(store: OpenStore, shortlist_id: int | None = None) -> list[Shortlist]:
    """Every shortlist in name order (or only *shortlist_id*), in two queries."""
    where, params = ("WHERE id = ?", [shortlist_id]) if shortlist_id is not None else ("", [])
    items: dict[int, list[ShortlistItem]] = defaultdict(list)
    for sid, cluster_id, remark in store.conn.execute(
            "SELECT shortlist_id, cluster_id, remark FROM shortlist_items "  # noqa: S608
            f"WHERE shortlist_id IN (SELECT id FROM shortlists {where}) "
            "ORDER BY shortlist_id, position", params):
        items[sid].append(ShortlistItem(cluster_id, remark))
    return [Shortlist(name, tuple(items.get(sid, ())), uid, sid, created, updated)
            for sid, uid, name, created, updated in store.conn.execute(
                f"SELECT id, uid, name, created_at, updated_at FROM shortlists {where} "  # noqa: S608
                "ORDER BY name COLLATE NOCASE", params).fetchall()]


def shortlist(store: OpenStore, shortlist_id: int) -> Shortlist:
    """The shortlist with *shortlist_id*. Raises :class:`StoreError` when there is none."""
    found = shortlists(store, shortlist_id)
    if not found:
        raise StoreError(_("no shortlist {id}").format(id=shortlist_id))
    return found[0]


def _name(name: str) -> str:
    """A shortlist's name as stored: runs of white space made one space, NFC. Raises
    :class:`StoreError` when nothing is left."""
    name = nfc(" ".join(name.split()))
    if not name:
        raise StoreError(_("a shortlist needs a name"))
    return name


def create_shortlist(store: OpenStore, name: str, uid: str | None = None) -> Shortlist:
    """A new, empty shortlist called *name* (with *uid*, or a new one). Raises
    :class:`StoreError` when the name is blank or taken."""
    name = _name(name)
    now = now_utc()
    try:
        with store.transaction() as conn:
            cur = conn.execute("INSERT INTO shortlists (uid, name, created_at, updated_at) "
                               "VALUES (?, ?, ?, ?)", [uid or new_uid(), name, now, now])
    except sqlite3.IntegrityError as exc:
        raise StoreError(_("there is already a shortlist called “{name}”").format(
            name=name)) from exc
    return shortlist(store, int(cur.lastrowid or 0))


def rename_shortlist(store: OpenStore, shortlist_id: int, name: str) -> None:
    """Call a shortlist *name*. Raises :class:`StoreError` when the name is blank or taken."""
    name = _name(name)
    try:
        with store.transaction() as conn:
            conn.execute("UPDATE shortlists SET name = ?, updated_at = ? WHERE id = ?",
                         [name, now_utc(), shortlist_id])
    except sqlite3.IntegrityError as exc:
        raise StoreError(_("there is already a shortlist called “{name}”").format(
            name=name)) from exc


def delete_shortlist(store: OpenStore, shortlist_id: int) -> Shortlist:
    """Delete a shortlist (the star then adds to none until one is chosen); returns it, for
    an undo. Raises :class:`StoreError` when there is no such shortlist."""
    deleted = shortlist(store, shortlist_id)
    with store.transaction() as conn:
        conn.execute("DELETE FROM shortlists WHERE id = ?", [shortlist_id])
    if store.setting("current_shortlist") == str(shortlist_id):
        store.set_setting("current_shortlist", "")
    return deleted


def restore_shortlist(store: OpenStore, record: Shortlist) -> Shortlist:
    """Store a deleted shortlist again under its own id and uid, with its clusters. Raises
    :class:`StoreError` when one of its name is already there; nothing is changed then."""
    record = replace(record, name=nfc(record.name), items=nfc_items(record.items))
    try:
        with store.transaction() as conn:
            conn.execute("INSERT INTO shortlists (id, uid, name, created_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?)",
                         [record.id, record.uid, record.name,
                          record.created_at, record.updated_at])
            conn.executemany(
                "INSERT INTO shortlist_items (shortlist_id, cluster_id, position, remark) "
                "VALUES (?, ?, ?, ?)",
                [(record.id, item.cluster_id, n, item.remark)
                 for n, item in enumerate(record.items)])
    except sqlite3.IntegrityError as exc:
        raise StoreError(_("a shortlist called “{name}” is already there; nothing was "
                           "changed").format(name=record.name)) from exc
    return shortlist(store, int(record.id or 0))


def set_items(store: OpenStore, shortlist_id: int, items: Sequence[ShortlistItem]) -> None:
    """Replace a shortlist's clusters, in this order, with their remarks (a cluster listed
    twice keeps its last remark, at its first place)."""
    unique = list({item.cluster_id: item for item in nfc_items(items)}.values())
    with store.transaction() as conn:
        conn.execute("DELETE FROM shortlist_items WHERE shortlist_id = ?", [shortlist_id])
        conn.executemany(
            "INSERT INTO shortlist_items (shortlist_id, cluster_id, position, remark) "
            "VALUES (?, ?, ?, ?)",
            [(shortlist_id, item.cluster_id, n, item.remark)
             for n, item in enumerate(unique)])
        conn.execute("UPDATE shortlists SET updated_at = ? WHERE id = ?",
                     [now_utc(), shortlist_id])


def write_shortlist(conn: sqlite3.Connection, record: Shortlist) -> int:
    """Inside an open transaction: insert *record* under a new id, which is returned (see
    ``NotesStore.write_shortlist``). Raises :class:`sqlite3.IntegrityError` when its name is
    taken."""
    now = now_utc()
    cur = conn.execute("INSERT INTO shortlists (uid, name, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?)", [record.uid, record.name,
                                              record.created_at or now,
                                              record.updated_at or now])
    shortlist_id = int(cur.lastrowid or 0)
    _insert_items(conn, shortlist_id, record.items)
    return shortlist_id


def merge_shortlist(conn: sqlite3.Connection, current: Shortlist,
                    incoming: Sequence[ShortlistItem]) -> None:
    """Inside an open transaction: *current* keeps its clusters in its order, and those of
    *incoming* it lacks follow (see ``NotesStore.merge_shortlist``)."""
    known = {i.cluster_id for i in current.items}
    items = [*current.items, *(i for i in incoming if i.cluster_id not in known)]
    shortlist_id = int(current.id or 0)
    conn.execute("DELETE FROM shortlist_items WHERE shortlist_id = ?", [shortlist_id])
    _insert_items(conn, shortlist_id, items)


def set_current_shortlist_uid(conn: sqlite3.Connection, uid: str) -> bool:
    """Inside an open transaction: make the shortlist with *uid* the one the star adds to.
    Returns False, and writes nothing, when there is none."""
    row = conn.execute("SELECT id FROM shortlists WHERE uid = ?", [uid]).fetchone()
    if row is None:
        return False
    conn.execute("INSERT INTO settings (key, value) VALUES ('current_shortlist', ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [str(row[0])])
    return True


def current_shortlist(store: OpenStore, create_name: str | None = None) -> Shortlist | None:
    """The shortlist the star adds to; else the first by name, or one made as *create_name*
    (chosen from then on); None when there is none and *create_name* is None."""
    current = store.setting("current_shortlist")
    if current:
        try:
            return shortlist(store, int(current))
        except (StoreError, ValueError):
            log.warning("current shortlist %r is gone", current)
    if create_name is None:
        return None
    existing = shortlists(store)
    chosen = existing[0] if existing else create_shortlist(store, create_name)
    store.set_setting("current_shortlist", str(chosen.id))
    return chosen


def set_current_shortlist(store: OpenStore, shortlist_id: int) -> None:
    """Make *shortlist_id* the one the star adds to. Raises :class:`StoreError` when there is
    no such shortlist."""
    shortlist(store, shortlist_id)
    store.set_setting("current_shortlist", str(shortlist_id))


def toggle_star(store: OpenStore, cluster_id: str, default_name: str = "My shortlist") -> bool:
    """Add the cluster to the current shortlist (made as *default_name* when there is none),
    or take it off; True when it is now on it."""
    chosen = current_shortlist(store, create_name=default_name)
    assert chosen is not None
    assert chosen.id is not None
    items = list(chosen.items)
    if any(i.cluster_id == cluster_id for i in items):
        set_items(store, chosen.id, [i for i in items if i.cluster_id != cluster_id])
        return False
    set_items(store, chosen.id, [*items, ShortlistItem(cluster_id)])
    return True


def is_starred(store: OpenStore, cluster_id: str) -> bool:
    """Whether the cluster is on the shortlist the star adds to."""
    chosen = current_shortlist(store)
    return bool(chosen and any(i.cluster_id == cluster_id for i in chosen.items))
