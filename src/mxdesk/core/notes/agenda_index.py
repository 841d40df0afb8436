"""Missions and meetings in the notes search index (schema 6, issue 18): what of each is
searched, written with :func:`mxdesk.core.notes.schema.index_record` under the kinds
``mission`` and ``meeting``. The SQL is composed from this module's constant fragments and
bound parameters only.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable

from mxdesk.core.notes.schema import index_record


def mission_text(comment: str, cluster_ids: Iterable[str]) -> str:
    """What of a mission is searched besides its name: its clusters' ids and its comment."""
    return " · ".join(f for f in (*cluster_ids, comment) if f and f.strip())


def meeting_text(place: str, clusters: Iterable[str], contacts: Iterable[str], outcome: str,
                 next_step: str, comment: str) -> str:
    """What of a meeting is searched besides its title, as its hits show it: the place, the
    clusters (names as given when linked, and ids), the contacts met (names), the outcome,
    the next step and the comment."""
    fields = [place, *clusters, *contacts, outcome, next_step, comment]
    return " · ".join(f for f in fields if f and f.strip())


def index_missions(conn: sqlite3.Connection, mission_ids: Iterable[int] | None = None) -> None:
    """(Re)index missions: *mission_ids*, or every one."""
    where, params = _ids_where("id", mission_ids)
    clusters: dict[int, list[str]] = defaultdict(list)
    for mission_id, cluster_id in conn.execute(
            f"SELECT mission_id, cluster_id FROM mission_clusters WHERE mission_id IN "  # noqa: S608
            f"(SELECT id FROM missions {where}) ORDER BY mission_id, position", params):
        clusters[mission_id].append(cluster_id)
    for mission_id, name, comment in conn.execute(
            f"SELECT id, name, comment FROM missions {where}", params).fetchall():  # noqa: S608
        index_record(conn, "mission", mission_id, name, name,
                     mission_text(comment, clusters.get(mission_id, ())))


def index_meetings(conn: sqlite3.Connection, meeting_ids: Iterable[int] | None = None) -> None:
    """(Re)index meetings: *meeting_ids*, or every one; a contact met is searched by its
    name as the contacts table has it now."""
    where, params = _ids_where("id", meeting_ids)
    clusters: dict[int, list[str]] = defaultdict(list)
    for meeting_id, cluster_id, name in conn.execute(
            "SELECT meeting_id, cluster_id, name FROM meeting_clusters WHERE meeting_id IN "  # noqa: S608
            f"(SELECT id FROM meetings {where}) ORDER BY meeting_id, position", params):
        clusters[meeting_id] += [name, cluster_id] if name else [cluster_id]
    people: dict[int, list[str]] = defaultdict(list)
    for meeting_id, name in conn.execute(
            "SELECT m.meeting_id, c.name FROM meeting_contacts m JOIN contacts c "  # noqa: S608
            "ON c.uid = m.contact_uid WHERE m.meeting_id IN "
            f"(SELECT id FROM meetings {where}) ORDER BY m.meeting_id, m.position", params):
        people[meeting_id].append(name)
    for meeting_id, title, place, outcome, next_step, comment in conn.execute(
            "SELECT id, title, place, outcome, next_step, comment FROM meetings "  # noqa: S608
            f"{where}", params).fetchall():
        index_record(conn, "meeting", meeting_id, title, title, meeting_text(
            place, clusters.get(meeting_id, ()), people.get(meeting_id, ()), outcome,
            next_step, comment))


def index_meetings_with(conn: sqlite3.Connection, contact_uid: str) -> None:
    """Reindex the meetings that name the contact *contact_uid* (a meeting is searched by its
    contacts' names as they are now): after the contact is renamed, deleted or restored. One
    indexed look-up when no meeting names it."""
    ids = [int(r[0]) for r in conn.execute(
        "SELECT meeting_id FROM meeting_contacts WHERE contact_uid = ?", [contact_uid])]
    if ids:
        index_meetings(conn, ids)


def _ids_where(column: str, ids: Iterable[int] | None) -> tuple[str, list[int]]:
    """A WHERE clause keeping rows whose *column* is one of *ids* ("" for all), and its
    parameters (bound, never composed)."""
    if ids is None:
        return "", []
    wanted = [int(i) for i in ids]
    return f"WHERE {column} IN ({', '.join('?' * len(wanted)) or 'NULL'})", wanted
