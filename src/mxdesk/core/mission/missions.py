"""Missions read and written: tables ``missions`` and ``mission_clusters``, and their rows in
the notes search index.

Written against :class:`~mxdesk.core.notes.parts.OpenStore`; ``NotesStore`` delegates here one
method each. Deleting a mission deletes its meetings with it, and :func:`restore_mission`
(an undo) brings both back under their own ids and uids.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from mxdesk.core.i18n import _
from mxdesk.core.mission import meetings as mt
from mxdesk.core.mission.records import MISSION_FIELDS, InvalidRecordError, Meeting, Mission
from mxdesk.core.notes.agenda_index import index_missions
from mxdesk.core.notes.errors import StoreError
from mxdesk.core.notes.parts import OpenStore
from mxdesk.core.notes.records import now_utc
from mxdesk.core.notes.schema import unindex
from mxdesk.core.notes.shortlists import shortlist
from mxdesk.core.notes.stored_text import nfc


@dataclass(frozen=True)
class DeletedMission:
    """What :func:`delete_mission` took away, for an undo: the mission, its meetings, and the
    names kept beside each meeting's clusters (meeting id -> cluster id -> name)."""

    mission: Mission
    meetings: tuple[Meeting, ...] = ()
    cluster_names: Mapping[int, Mapping[str, str]] | None = None


def _read(conn: sqlite3.Connection, where: str, params: Sequence[object]) -> list[Mission]:
    """Missions whose rows *where* keeps, first day first (then name), with their clusters."""
    clusters: dict[int, list[str]] = defaultdict(list)
    for mission_id, cluster_id in conn.execute(
            "SELECT mission_id, cluster_id FROM mission_clusters WHERE mission_id IN "  # noqa: S608
            f"(SELECT id FROM missions WHERE {where}) ORDER BY mission_id, position",
            list(params)):
        clusters[mission_id].append(cluster_id)
    return [Mission(name=name, start_date=dt.date.fromisoformat(start),
                    end_date=dt.date.fromisoformat(end), home_zone=home,
                    clusters=tuple(clusters.get(mid, ())), shortlist_uid=shortlist_uid,
                    comment=comment, uid=uid, id=int(mid), created_at=created,
                    updated_at=updated)
            for mid, uid, name, start, end, home, shortlist_uid, comment, created, updated
            in conn.execute(
                "SELECT id, uid, name, start_date, end_date, home_zone, shortlist_uid, "  # noqa: S608
                f"comment, created_at, updated_at FROM missions WHERE {where} "
                "ORDER BY start_date, name COLLATE NOCASE, id", list(params)).fetchall()]


def missions(store: OpenStore) -> list[Mission]:
    """Every mission, the first to start first (then by name)."""
    return _read(store.conn, "1", [])


def mission(store: OpenStore, mission_id: int) -> Mission:
    """The mission with *mission_id*; raises :class:`StoreError` when there is none."""
    found = _read(store.conn, "id = ?", [mission_id])
    if not found:
        raise StoreError(_("no mission {id}").format(id=mission_id))
    return found[0]


def mission_by_uid(conn: sqlite3.Connection, uid: str) -> Mission | None:
    """The mission with *uid*, or None."""
    found = _read(conn, "uid = ?", [uid])
    return found[0] if found else None


def write_mission(conn: sqlite3.Connection, record: Mission, keep_times: bool = False) -> int:
    """Inside an open transaction: insert *record* (no id, or an id no mission has: an undo)
    or overwrite the mission with its id; returns its id. *keep_times* keeps the record's
    own times (an import), else the change is stamped now. A uid another mission holds
    raises :class:`sqlite3.IntegrityError` (the transaction rolls back)."""
    now = now_utc()
    updated = (record.updated_at or now) if keep_times else now
    values = [record.uid, nfc(record.name), record.start_date.isoformat(),
              record.end_date.isoformat(), record.home_zone, record.shortlist_uid,
              nfc(record.comment)]
    exists = record.id is not None and conn.execute(
        "SELECT 1 FROM missions WHERE id = ?", [record.id]).fetchone() is not None
    if exists:
        mission_id = int(record.id or 0)
        conn.execute("UPDATE missions SET uid = ?, name = ?, start_date = ?, end_date = ?, "
                     "home_zone = ?, shortlist_uid = ?, comment = ?, updated_at = ? "
                     "WHERE id = ?", [*values, updated, mission_id])
    else:
        cur = conn.execute("INSERT INTO missions (id, uid, name, start_date, end_date, "
                           "home_zone, shortlist_uid, comment, created_at, updated_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [record.id, *values, record.created_at or now, updated])
        mission_id = int(cur.lastrowid or 0)
    conn.execute("DELETE FROM mission_clusters WHERE mission_id = ?", [mission_id])
    conn.executemany("INSERT INTO mission_clusters (mission_id, cluster_id, position) "
                     "VALUES (?, ?, ?)", [(mission_id, nfc(c), n)
                                          for n, c in enumerate(record.clusters)])
    index_missions(conn, [mission_id])
    return mission_id


def create_mission(store: OpenStore, record: Mission) -> Mission:
    """Store a new mission (its id is ignored); returns it as stored. Raises what
    ``NotesStore.transaction`` raises, or :class:`StoreError` when its uid is taken."""
    try:
        with store.transaction() as conn:
            mission_id = write_mission(conn, replace(record, id=None))
    except sqlite3.IntegrityError as exc:
        raise StoreError(_("a mission with the uid {uid} is already here; nothing was "
                           "changed").format(uid=record.uid)) from exc
    return mission(store, mission_id)


def mission_from_shortlist(store: OpenStore, shortlist_id: int, name: str,
                           start_date: dt.date, end_date: dt.date, home_zone: str) -> Mission:
    """A new mission holding the shortlist's clusters in its order, linked to it by uid.
    Raises :class:`StoreError` when the shortlist is gone, :class:`InvalidRecordError` for
    a blank name, an end before the start or a home zone that is not IANA; nothing is
    written then."""
    source = shortlist(store, shortlist_id)
    return create_mission(store, Mission(
        name=name, start_date=start_date, end_date=end_date, home_zone=home_zone,
        clusters=tuple(i.cluster_id for i in source.items), shortlist_uid=source.uid))


def update_mission(store: OpenStore, mission_id: int, changes: Mapping[str, object]) -> Mission:
    """Change the fields in *changes* (names of :data:`MISSION_FIELDS` -> values) of the
    mission as it is now. Raises :class:`InvalidRecordError` for an unknown field or a bad
    value, :class:`StoreError` when the mission is gone; nothing is changed then."""
    unknown = sorted(set(changes) - set(MISSION_FIELDS))
    if unknown:
        raise InvalidRecordError(unknown[0], "not a field of a mission one can change")
    with store.transaction() as conn:
        found = _read(conn, "id = ?", [mission_id])
        if not found:
            raise StoreError(_("no mission {id}; nothing was changed").format(id=mission_id))
        write_mission(conn, replace(found[0], **changes))  # type: ignore[arg-type]
        # The home zone is read with each meeting: nothing else of them changes.
    return mission(store, mission_id)


def rename_mission(store: OpenStore, mission_id: int, name: str) -> Mission:
    """Call the mission *name*; raises as :func:`update_mission` (a blank name: the field
    ``name``)."""
    return update_mission(store, mission_id, {"name": name})


def delete_mission(store: OpenStore, mission_id: int) -> DeletedMission:
    """Delete a mission and its meetings, in one transaction; returns them for an undo.
    Raises :class:`StoreError` when there is no such mission."""
    deleted = mission(store, mission_id)
    held = mt.meetings(store, mission_id=mission_id)
    names = {int(m.id or 0): mt.cluster_names(store.conn, int(m.id or 0)) for m in held}
    with store.transaction() as conn:
        for record in held:
            conn.execute("DELETE FROM meetings WHERE id = ?", [record.id])
            unindex(conn, "meeting", int(record.id or 0))
        conn.execute("DELETE FROM missions WHERE id = ?", [mission_id])
        unindex(conn, "mission", mission_id)
    return DeletedMission(deleted, tuple(held), names)


def restore_mission(store: OpenStore, deleted: DeletedMission) -> Mission:
    """Undo :func:`delete_mission`: the mission and its meetings under their own ids, uids and
    sequences, in one transaction. Raises :class:`StoreError` when the mission is there
    already (another window brought it back); nothing is changed then."""
    record = deleted.mission
    names = deleted.cluster_names or {}
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM missions WHERE id = ? OR uid = ?",
                        [record.id, record.uid]).fetchone() is not None:
            raise StoreError(_("the mission “{name}” is already there; nothing was "
                               "changed").format(name=record.name))
        write_mission(conn, record, keep_times=True)
        for held in deleted.meetings:
            if conn.execute("SELECT 1 FROM meetings WHERE id = ? OR uid = ?",
                            [held.id, held.uid]).fetchone() is None:
                mt.write_meeting(conn, held, names.get(int(held.id or 0)), keep_times=True)
    return mission(store, int(record.id or 0))
