"""Missions and meetings in mxdesk JSON (issue 18): written by :func:`to_json`, read back by
:func:`read_json`, compared by :func:`plan_import` and written by :func:`apply_plan`.

A record is matched by its uid. A meeting of the file replaces the one here only when it is
newer: a higher ``sequence``, or the same sequence and a later ``updated_at`` (as contacts and
notes, only when the user chose to merge); an older one is skipped and said so. A meeting
names its mission by the mission's uid and its contacts by theirs; a contact of the file that
the import matched to one here with another uid (same name and e-mail) is followed to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mxdesk.core import i18n
from mxdesk.core.exchange.common import ImportFileError, Tick, _handed_over
from mxdesk.core.i18n import _, ngettext
from mxdesk.core.mission import meetings as mt
from mxdesk.core.mission import missions as ms
from mxdesk.core.mission.records import InvalidRecordError, Meeting, Mission, from_utc_text
from mxdesk.core.notes import NotesStore, new_uid


@dataclass(frozen=True)
class IncomingMeeting:
    """A meeting read from a file, with what links it: its mission's uid (None: none) and the
    names the file gives its clusters (cluster id -> name)."""

    meeting: Meeting
    mission_uid: str | None = None
    cluster_names: dict[str, str] = field(default_factory=dict)


@dataclass
class AgendaPlan:
    """What an import does with the file's missions and meetings (part of ``ImportPlan``)."""

    new_missions: list[Mission] = field(default_factory=list)
    changed_missions: list[tuple[Mission, Mission]] = field(default_factory=list)
    same_missions: int = 0
    new_meetings: list[IncomingMeeting] = field(default_factory=list)
    #: (incoming, here): the file's is newer.
    changed_meetings: list[tuple[IncomingMeeting, Meeting]] = field(default_factory=list)
    same_meetings: int = 0
    #: Meetings of the file older than the one here: skipped.
    older_meetings: int = 0


# -- out -----------------------------------------------------------------------------------


def mission_data(record: Mission) -> dict[str, Any]:
    """A mission as mxdesk JSON: dates as ISO text, its clusters' ids in order."""
    return {"uid": record.uid, "name": record.name,
            "start_date": record.start_date.isoformat(),
            "end_date": record.end_date.isoformat(), "home_zone": record.home_zone,
            "clusters": list(record.clusters), "shortlist_uid": record.shortlist_uid,
            "comment": record.comment, "created_at": record.created_at,
            "updated_at": record.updated_at}


def meeting_data(record: Meeting, mission_uid: str | None,
                 cluster_names: dict[str, str]) -> dict[str, Any]:
    """A meeting as mxdesk JSON: ``starts_at`` in UTC (``…Z``) beside its IANA ``zone``."""
    return {"uid": record.uid, "sequence": record.sequence, "mission_uid": mission_uid,
            "title": record.title, "starts_at": record.starts_at, "zone": record.zone,
            "duration_min": record.duration_min, "place": record.place,
            "status": record.status.value,
            "clusters": [{"cluster_id": c, "name": cluster_names.get(c, "")}
                         for c in record.clusters],
            "contact_uids": list(record.contacts), "outcome": record.outcome,
            "next_step": record.next_step,
            "next_due": record.next_due.isoformat() if record.next_due else "",
            "comment": record.comment, "created_at": record.created_at,
            "updated_at": record.updated_at}


def agenda_data(store: NotesStore) -> dict[str, list[dict[str, Any]]]:
    """The store's missions and meetings as the JSON export's ``missions`` and ``meetings``."""
    found = store.missions()
    uids = {m.id: m.uid for m in found}
    return {"missions": [mission_data(m) for m in found],
            "meetings": [meeting_data(m, uids.get(m.mission_id),
                                      mt.cluster_names(store.conn, int(m.id or 0)))
                         for m in store.meetings()]}


# -- in ------------------------------------------------------------------------------------


def _str(item: dict[str, Any], key: str, where: str, default: str = "") -> str:
    value = item.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise ImportFileError(_("{where}: “{key}” must be text").format(where=where, key=key))
    return value


def read_agenda(path: Path, data: dict[str, Any], line_of: Callable[[str, int], str],
                tick: Tick) -> tuple[list[Mission], list[IncomingMeeting]]:
    """The missions and meetings of an mxdesk JSON file's *data*. Raises
    :class:`ImportFileError` naming the record, its line and the field at fault."""
    for key in ("missions", "meetings"):
        if not isinstance(data.get(key, []), list):
            raise ImportFileError(_("{file}: “{key}” must be a list").format(file=path.name,
                                                                            key=key))
    missions: list[Mission] = []
    for n, item in enumerate(_handed_over(data.get("missions", []), tick)):
        where = _("{file} {line} (mission {number})").format(
            file=path.name, line=line_of('missions', n), number=n + 1).replace("  ", " ")
        if not isinstance(item, dict):
            raise ImportFileError(_("{where}: a mission must be an object").format(where=where))
        clusters = item.get("clusters", [])
        if not isinstance(clusters, list) or not all(isinstance(c, str) for c in clusters):
            raise ImportFileError(_("{where}: “clusters” must be a list of cluster "
                                    "ids").format(where=where))
        try:
            missions.append(Mission(
                # Dates as text: the record reads them, and names the field when it cannot.
                name=_str(item, "name", where),
                start_date=_str(item, "start_date", where),  # type: ignore[arg-type]
                end_date=_str(item, "end_date", where),  # type: ignore[arg-type]
                home_zone=_str(item, "home_zone", where), clusters=tuple(clusters),
                shortlist_uid=_str(item, "shortlist_uid", where) or None,
                comment=_str(item, "comment", where),
                uid=_str(item, "uid", where).strip() or new_uid(),
                created_at=_str(item, "created_at", where),
                updated_at=_str(item, "updated_at", where)))
        except InvalidRecordError as exc:
            raise ImportFileError(_("{where}: {problem}").format(where=where, problem=exc)) \
                from exc
    meetings: list[IncomingMeeting] = []
    for n, item in enumerate(_handed_over(data.get("meetings", []), tick)):
        where = _("{file} {line} (meeting {number})").format(
            file=path.name, line=line_of('meetings', n), number=n + 1).replace("  ", " ")
        meetings.append(_meeting_from(item, where))
    return missions, meetings


def _meeting_from(item: object, where: str) -> IncomingMeeting:
    """One meeting of the file; raises :class:`ImportFileError` naming *where* and the field."""
    if not isinstance(item, dict):
        raise ImportFileError(_("{where}: a meeting must be an object").format(where=where))
    clusters = item.get("clusters", [])
    if not isinstance(clusters, list) or not all(
            isinstance(c, dict) and isinstance(c.get("cluster_id"), str) for c in clusters):
        raise ImportFileError(_("{where}: “clusters” must be a list of "
                                "{{\"cluster_id\": …}}").format(where=where))
    contacts = item.get("contact_uids", [])
    if not isinstance(contacts, list) or not all(isinstance(c, str) for c in contacts):
        raise ImportFileError(_("{where}: “contact_uids” must be a list of uids").format(
            where=where))
    for key in ("sequence", "duration_min"):
        if not isinstance(item.get(key, 0), int) or isinstance(item.get(key), bool):
            raise ImportFileError(_("{where}: “{key}” must be a whole number").format(
                where=where, key=key))
    try:
        start = from_utc_text(_str(item, "starts_at", where))
    except ValueError as exc:
        raise ImportFileError(_("{where}: starts_at: “{value}” is not a UTC time "
                                "(YYYY-MM-DDTHH:MM:SSZ)").format(
                                    where=where, value=item.get('starts_at'))) from exc
    try:
        record = Meeting(
            title=_str(item, "title", where), start=start, zone=_str(item, "zone", where),
            duration_min=item.get("duration_min", 60), place=_str(item, "place", where),
            status=_str(item, "status", where, "proposed"),  # type: ignore[arg-type]
            clusters=tuple(c["cluster_id"] for c in clusters), contacts=tuple(contacts),
            outcome=_str(item, "outcome", where), next_step=_str(item, "next_step", where),
            next_due=_str(item, "next_due", where) or None,  # type: ignore[arg-type]
            comment=_str(item, "comment", where),
            uid=_str(item, "uid", where).strip() or new_uid(),
            sequence=item.get("sequence", 0), created_at=_str(item, "created_at", where),
            updated_at=_str(item, "updated_at", where))
    except InvalidRecordError as exc:
        raise ImportFileError(_("{where}: {problem}").format(where=where, problem=exc)) \
            from exc
    names = {c["cluster_id"]: c["name"] for c in clusters if isinstance(c.get("name"), str)}
    return IncomingMeeting(record, _str(item, "mission_uid", where) or None, names)


# -- plan and apply ------------------------------------------------------------------------


def _newer(incoming: Meeting, here: Meeting) -> bool:
    """Whether the file's meeting is the later version: sequence, then time of change."""
    return (incoming.sequence, incoming.updated_at) > (here.sequence, here.updated_at)


def _same_meeting(a: Meeting, b: Meeting) -> bool:
    """Whether two versions of a meeting hold the same fields (ids and times aside)."""
    keys = ("title", "start", "zone", "duration_min", "place", "status", "clusters",
            "contacts", "outcome", "next_step", "next_due", "comment")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def plan_agenda(store: NotesStore, missions: Sequence[Mission],
                meetings: Sequence[IncomingMeeting], tick: Tick) -> AgendaPlan:
    """Compare the file's missions and meetings with the store's, by uid."""
    plan = AgendaPlan()
    here_missions = {m.uid: m for m in store.missions()}
    for record in missions:
        tick()
        here = here_missions.get(record.uid)
        if here is None:
            plan.new_missions.append(record)
        elif mission_data(replace(record, created_at="", updated_at="")) == mission_data(
                replace(here, created_at="", updated_at="")):
            plan.same_missions += 1
        elif record.updated_at > here.updated_at:
            plan.changed_missions.append((record, here))
        else:
            plan.same_missions += 1
    here_meetings = {m.uid: m for m in store.meetings()}
    for incoming in meetings:
        tick()
        here_meeting = here_meetings.get(incoming.meeting.uid)
        if here_meeting is None:
            plan.new_meetings.append(incoming)
        elif _same_meeting(incoming.meeting, here_meeting):
            plan.same_meetings += 1
        elif _newer(incoming.meeting, here_meeting):
            plan.changed_meetings.append((incoming, here_meeting))
        else:
            plan.older_meetings += 1
    return plan


def older_notice(plan: AgendaPlan) -> str:
    """The summary's line on meetings skipped as older than those here ("" when none)."""
    n = plan.older_meetings
    return ngettext("{n} meeting in the file is older than its version here and will be "
                    "skipped.",
                    "{n} meetings in the file are older than their version here and will be "
                    "skipped.", n).format(n=i18n.number(n)) if n else ""


def apply_agenda(store: NotesStore, conn: sqlite3.Connection, plan: AgendaPlan, merge: bool,
                 contact_uids: dict[str, str], step: Callable[[], None]) -> tuple[int, int]:
    """Inside the import's transaction: write the plan's missions, then its meetings (linked
    to their missions by uid, their contacts followed through *contact_uids*); returns
    (added, merged). *step* is called before each record."""
    added = merged = 0
    for record in plan.new_missions:
        step()
        ms.write_mission(conn, replace(record, id=None), keep_times=True)
        added += 1
    if merge:
        for record, here in plan.changed_missions:
            step()
            ms.write_mission(conn, replace(record, id=here.id), keep_times=True)
            merged += 1

    def linked(incoming: IncomingMeeting, here_id: int | None) -> Meeting:
        row = conn.execute("SELECT id FROM missions WHERE uid = ?",
                           [incoming.mission_uid]).fetchone() if incoming.mission_uid else None
        people = tuple(contact_uids.get(uid, uid) for uid in incoming.meeting.contacts)
        return replace(incoming.meeting, id=here_id, mission_id=row[0] if row else None,
                       contacts=people)

    for incoming in plan.new_meetings:
        step()
        mt.write_meeting(conn, linked(incoming, None), incoming.cluster_names,
                         keep_times=True)
        added += 1
    if merge:
        for incoming, here_meeting in plan.changed_meetings:
            step()
            mt.write_meeting(conn, replace(linked(incoming, here_meeting.id),
                                           created_at=here_meeting.created_at),
                             incoming.cluster_names, keep_times=True)
            merged += 1
    return added, merged

