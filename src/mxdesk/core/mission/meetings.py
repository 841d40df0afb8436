"""Meetings read and written: tables ``meetings``, ``meeting_clusters``, ``meeting_contacts``
and their rows in the notes search index.

Written against :class:`~mxdesk.core.notes.parts.OpenStore`; ``NotesStore`` delegates here one
method each. The functions taking a connection run inside the caller's open transaction (an
import's); the others open one of their own. A save that changes what the exported event shows
(:data:`~.records.CALENDAR_FIELDS`, the status as the .ics writes it) raises the meeting's
``sequence`` by one.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from mxdesk.core.i18n import _
from mxdesk.core.mission.records import (
    CALENDAR_FIELDS,
    MEETING_FIELDS,
    InvalidRecordError,
    Meeting,
    from_utc_text,
)
from mxdesk.core.notes.agenda_index import index_meetings
from mxdesk.core.notes.errors import StoreError
from mxdesk.core.notes.parts import OpenStore
from mxdesk.core.notes.records import now_utc
from mxdesk.core.notes.schema import unindex
from mxdesk.core.notes.stored_text import nfc

#: A meeting's row with its mission's home zone, in the order :func:`_make` reads it.
SELECT = ("SELECT m.id, m.uid, m.sequence, m.mission_id, m.title, m.starts_at, m.zone, "
          "m.duration_min, m.place, m.status, m.outcome, m.next_step, m.next_due, m.comment, "
          "m.created_at, m.updated_at, coalesce(s.home_zone, '') FROM meetings m "
          "LEFT JOIN missions s ON s.id = m.mission_id")
#: The widest a day's search runs around the day's UTC midnight: the zones of the world
#: are within UTC-12 and UTC+14.
_ZONES_SPAN = dt.timedelta(hours=14)


def _read(conn: sqlite3.Connection, where: str, params: Sequence[object],
          order: str = "m.starts_at, m.id") -> list[Meeting]:
    """Meetings whose rows *where* keeps, in *order*, with their clusters and contacts
    (three queries whatever their number)."""
    rows = conn.execute(f"{SELECT} WHERE {where} ORDER BY {order}",
                        list(params)).fetchall()
    if not rows:
        return []
    ids = [row[0] for row in rows]
    marks = ", ".join("?" * len(ids))
    clusters: dict[int, list[str]] = defaultdict(list)
    for meeting_id, cluster_id in conn.execute(
            "SELECT meeting_id, cluster_id FROM meeting_clusters "  # noqa: S608
            f"WHERE meeting_id IN ({marks}) ORDER BY meeting_id, position", ids):
        clusters[meeting_id].append(cluster_id)
    people: dict[int, list[str]] = defaultdict(list)
    for meeting_id, uid in conn.execute(
            "SELECT meeting_id, contact_uid FROM meeting_contacts "  # noqa: S608
            f"WHERE meeting_id IN ({marks}) ORDER BY meeting_id, position", ids):
        people[meeting_id].append(uid)
    return [_make(row, clusters.get(row[0], ()), people.get(row[0], ())) for row in rows]


def _make(row: Sequence[Any], clusters: Iterable[str], contacts: Iterable[str]) -> Meeting:
    """A meeting from its row (:data:`SELECT`)."""
    (mid, uid, sequence, mission_id, title, starts_at, zone, duration, place, status, outcome,
     next_step, next_due, comment, created, updated, home_zone) = row
    return Meeting(title=title, start=from_utc_text(starts_at), zone=zone,
                   duration_min=int(duration), place=place, status=status,
                   mission_id=mission_id, clusters=tuple(clusters), contacts=tuple(contacts),
                   outcome=outcome, next_step=next_step, next_due=next_due or None,
                   comment=comment, uid=uid, id=int(mid), sequence=int(sequence),
                   created_at=created, updated_at=updated, home_zone=home_zone)


def meeting(store: OpenStore, meeting_id: int) -> Meeting:
    """The meeting with *meeting_id*; raises :class:`StoreError` when there is none."""
    found = _read(store.conn, "m.id = ?", [meeting_id])
    if not found:
        raise StoreError(_("no meeting {id}").format(id=meeting_id))
    return found[0]


def meeting_by_uid(conn: sqlite3.Connection, uid: str) -> Meeting | None:
    """The meeting with *uid*, or None."""
    found = _read(conn, "m.uid = ?", [uid])
    return found[0] if found else None


def meetings(store: OpenStore, mission_id: int | None = None,
             day: dt.date | None = None, include_cancelled: bool = True) -> list[Meeting]:
    """Meetings in order of their start (then id): of the mission *mission_id* (every one
    when None), on *day* (the date in each meeting's own zone; every day when None)."""
    where, params = "1", list[object]()
    if mission_id is not None:
        where += " AND m.mission_id = ?"
        params.append(mission_id)
    if day is not None:
        midnight = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
        where += " AND m.starts_at >= ? AND m.starts_at < ?"
        params += [f"{midnight - _ZONES_SPAN:%Y-%m-%dT%H:%M:%SZ}",
                   f"{midnight + dt.timedelta(days=1) + _ZONES_SPAN:%Y-%m-%dT%H:%M:%SZ}"]
    if not include_cancelled:
        where += " AND m.status != 'cancelled'"
    found = _read(store.conn, where, params)
    return [m for m in found if day is None or m.start.date() == day]


def overdue(store: OpenStore, today: dt.date) -> list[Meeting]:
    """Meetings whose next step was due before *today* (the user's date), not cancelled,
    the longest overdue first (then by start)."""
    return _read(store.conn, "m.next_due != '' AND m.next_due < ? AND m.status != 'cancelled'",
                 [today.isoformat()], order="m.next_due, m.starts_at, m.id")


def _nfc_meeting(record: Meeting) -> Meeting:
    """*record* with its text in NFC."""
    return replace(record, title=nfc(record.title), place=nfc(record.place),
                   outcome=nfc(record.outcome), next_step=nfc(record.next_step),
                   comment=nfc(record.comment),
                   clusters=tuple(nfc(c) for c in record.clusters))


def write_meeting(conn: sqlite3.Connection, record: Meeting,
                  cluster_names: Mapping[str, str] | None = None,
                  keep_times: bool = False) -> int:
    """Inside an open transaction: insert *record* (no id, or an id no meeting has: an undo)
    or overwrite the meeting with its id, as given (its ``sequence`` too); returns its id.
    *cluster_names* (cluster id -> name) are kept beside the links for searching, a link
    keeps its earlier name where none is given. *keep_times* keeps the record's own
    ``created_at``/``updated_at`` (an import), else the change is stamped now. A uid another
    meeting holds raises :class:`sqlite3.IntegrityError` (the transaction rolls back)."""
    record = _nfc_meeting(record)
    now = now_utc()
    updated = (record.updated_at or now) if keep_times else now
    values = [record.uid, record.sequence, record.mission_id, record.title, record.starts_at,
              record.zone, record.duration_min, record.place, record.status.value,
              record.outcome, record.next_step,
              record.next_due.isoformat() if record.next_due else "", record.comment]
    exists = record.id is not None and conn.execute(
        "SELECT 1 FROM meetings WHERE id = ?", [record.id]).fetchone() is not None
    if exists:
        meeting_id = int(record.id or 0)
        conn.execute("UPDATE meetings SET uid = ?, sequence = ?, mission_id = ?, title = ?, "
                     "starts_at = ?, zone = ?, duration_min = ?, place = ?, status = ?, "
                     "outcome = ?, next_step = ?, next_due = ?, comment = ?, updated_at = ? "
                     "WHERE id = ?", [*values, updated, meeting_id])
    else:
        cur = conn.execute(
            "INSERT INTO meetings (id, uid, sequence, mission_id, title, starts_at, zone, "
            "duration_min, place, status, outcome, next_step, next_due, comment, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [record.id, *values, record.created_at or now, updated])
        meeting_id = int(cur.lastrowid or 0)
    known = dict(conn.execute("SELECT cluster_id, name FROM meeting_clusters "
                              "WHERE meeting_id = ?", [meeting_id]).fetchall())
    names = {**known, **{k: nfc(v) for k, v in (cluster_names or {}).items()}}
    conn.execute("DELETE FROM meeting_clusters WHERE meeting_id = ?", [meeting_id])
    conn.executemany("INSERT INTO meeting_clusters (meeting_id, cluster_id, position, name) "
                     "VALUES (?, ?, ?, ?)", [(meeting_id, c, n, names.get(c, ""))
                                             for n, c in enumerate(record.clusters)])
    conn.execute("DELETE FROM meeting_contacts WHERE meeting_id = ?", [meeting_id])
    conn.executemany("INSERT INTO meeting_contacts (meeting_id, contact_uid, position) "
                     "VALUES (?, ?, ?)", [(meeting_id, uid, n)
                                          for n, uid in enumerate(record.contacts)])
    index_meetings(conn, [meeting_id])
    return meeting_id


def _calendar_changed(before: Meeting, after: Meeting) -> bool:
    """Whether what an exported event shows differs: a field of
    :data:`~.records.CALENDAR_FIELDS` (the start compared as an instant), the status as the
    .ics writes it (``ical.STATUS_OUT``: confirmed and done are both CONFIRMED, so marking a
    meeting done, or writing its outcome, sends no update)."""
    # Imported here: ical imports this module to read the meetings it writes.
    from mxdesk.core.mission.ical import STATUS_OUT

    return STATUS_OUT[before.status] != STATUS_OUT[after.status] or any(
        getattr(before, f) != getattr(after, f) for f in CALENDAR_FIELDS - {"status"})


def _check_mission(conn: sqlite3.Connection, mission_id: int | None) -> None:
    """Raise :class:`InvalidRecordError` when *mission_id* names no mission."""
    if mission_id is not None and conn.execute(
            "SELECT 1 FROM missions WHERE id = ?", [mission_id]).fetchone() is None:
        raise InvalidRecordError("mission_id", f"there is no mission {mission_id}")


def save_meeting(store: OpenStore, record: Meeting,
                 cluster_names: Mapping[str, str] | None = None) -> Meeting:
    """Insert (no id) or overwrite (with id) *record* in a transaction of its own; returns it
    as stored. Overwriting raises the sequence by one when a calendar field changed.
    Raises :class:`InvalidRecordError` for a mission that is not there, :class:`StoreError`
    for an id with no meeting, else what ``NotesStore.transaction`` raises."""
    with store.transaction() as conn:
        _check_mission(conn, record.mission_id)
        if record.id is not None:
            found = _read(conn, "m.id = ?", [record.id])
            if not found:
                raise StoreError(_("no meeting {id}; nothing was changed").format(id=record.id))
            before = found[0]
            bump = 1 if _calendar_changed(before, record) else 0
            record = replace(record, uid=before.uid, sequence=before.sequence + bump,
                             created_at=before.created_at)
        meeting_id = write_meeting(conn, record, cluster_names)
    return meeting(store, meeting_id)


def update_meeting(store: OpenStore, meeting_id: int, changes: Mapping[str, object],
                   cluster_names: Mapping[str, str] | None = None) -> Meeting:
    """Change the fields in *changes* (names of :data:`MEETING_FIELDS` -> values) of the
    meeting *meeting_id*, as it is now; the sequence is raised by one when a calendar field
    changes. Raises :class:`InvalidRecordError` naming an unknown field or a bad value,
    :class:`StoreError` when the meeting is gone; nothing is changed then."""
    unknown = sorted(set(changes) - set(MEETING_FIELDS))
    if unknown:
        raise InvalidRecordError(unknown[0], "not a field of a meeting one can change")
    with store.transaction() as conn:
        found = _read(conn, "m.id = ?", [meeting_id])
        if not found:
            raise StoreError(_("no meeting {id}; nothing was changed").format(id=meeting_id))
        before = found[0]
        after = replace(before, **changes)  # type: ignore[arg-type]  # checked by the record
        _check_mission(conn, after.mission_id)
        bump = 1 if _calendar_changed(before, after) else 0
        write_meeting(conn, replace(after, sequence=before.sequence + bump), cluster_names)
    return meeting(store, meeting_id)


def delete_meeting(store: OpenStore, meeting_id: int) -> Meeting:
    """Delete a meeting; returns it (read before), for an undo. Raises :class:`StoreError`
    when there is none."""
    deleted = meeting(store, meeting_id)
    with store.transaction() as conn:
        conn.execute("DELETE FROM meetings WHERE id = ?", [meeting_id])
        unindex(conn, "meeting", meeting_id)
    return deleted


def cluster_names(conn: sqlite3.Connection, meeting_id: int) -> dict[str, str]:
    """The names kept beside a meeting's clusters (cluster id -> name; "" when none given)."""
    return dict(conn.execute("SELECT cluster_id, name FROM meeting_clusters "
                             "WHERE meeting_id = ?", [meeting_id]).fetchall())


def restore_meeting(store: OpenStore, record: Meeting,
                    names: Mapping[str, str] | None = None) -> Meeting:
    """Undo a delete: the same meeting under its own id, uid and sequence (its mission's link
    only if the mission is there). Raises :class:`StoreError` when it is there already."""
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM meetings WHERE id = ? OR uid = ?",
                        [record.id, record.uid]).fetchone() is not None:
            raise StoreError(_("the meeting “{title}” is already there; nothing was "
                               "changed").format(title=record.title))
        if record.mission_id is not None and conn.execute(
                "SELECT 1 FROM missions WHERE id = ?", [record.mission_id]).fetchone() is None:
            record = replace(record, mission_id=None)
        write_meeting(conn, record, names, keep_times=True)
    return meeting(store, int(record.id or 0))
