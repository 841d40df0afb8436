"""The missions and meetings of a damaged notes file (schema 6), rescued into the JSON export.

:func:`rescue_agenda` is :func:`~mxdesk.core.notes.rescue.rescue_export`'s part for the five
tables of issue 18: it gets their rows as the rescue read them (whole, or row by row where a
table is damaged, the rows lost already said) and gives the missions and meetings in the shapes
``mxdesk notes export`` writes (:func:`mxdesk.core.exchange.agenda.mission_data` and
``meeting_data``), so that ``mxdesk notes import`` takes them back.

Whatever the import would refuse (and with it the whole file) is mended and said so, or, when
nothing sound is left to mend it from, left out and said so: a mission with no name is
"Mission 3"; a time zone that is not IANA's becomes the mission's home zone or
America/Mexico_City; a meeting's start that is not a time leaves the meeting out (its place in
the day cannot be guessed). A meeting whose mission could not be read is exported on its own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from mxdesk.core.i18n import _
from mxdesk.core.mission.records import (
    InvalidRecordError,
    Meeting,
    MeetingStatus,
    Mission,
    from_utc_text,
    utc_text,
)
from mxdesk.core.notes import rescue_text as rt
from mxdesk.core.notes.records import new_uid
from mxdesk.core.notes.rescue_text import Row
from mxdesk.core.notes.stored_text import record_name
from mxdesk.core.zones import DEFAULT_ZONE, zone_names

#: The columns the rescue reads of the agenda's tables (schema 6), in the order below.
AGENDA_COLUMNS = {
    "missions": ("uid", "name", "start_date", "end_date", "home_zone", "shortlist_uid",
                 "comment", "created_at", "updated_at"),
    "mission_clusters": ("mission_id", "cluster_id", "position"),
    "meetings": ("uid", "sequence", "mission_id", "title", "starts_at", "zone", "duration_min",
                 "place", "status", "outcome", "next_step", "next_due", "comment",
                 "created_at", "updated_at"),
    "meeting_clusters": ("meeting_id", "cluster_id", "position", "name"),
    "meeting_contacts": ("meeting_id", "contact_uid", "position"),
}
#: A file holding any of these is of schema 6 or later: a missing one is then damage.
AGENDA_TABLES = frozenset(AGENDA_COLUMNS)

Data = dict[str, Any]


def _date(value: str) -> dt.date | None:
    """*value* as the import reads a date (``YYYY-MM-DD`` whole), or None."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _mended(kind: str, record_id: object) -> str:
    """What a problem says of a record whose text had to be mended: "mission 3: its text …"."""
    return _("{record}: {problem}").format(record=record_name(kind, record_id),
                                           problem=_(rt.MENDED))


def _children(rows: list[Row], kind: str, problems: list[str]) -> dict[int, list[list[str]]]:
    """The rows of a child table (parent id, text…, position[, text]) by their parent's id,
    in position order (then rowid), each as its texts; a row whose parent id is not a number
    or whose first text is empty is left out (it links nothing)."""
    found: dict[int, list[tuple[int, int, list[str]]]] = defaultdict(list)
    for rowid, parent, first, position, *rest in rows:
        texts = [rt.text(first), *(rt.text(v) for v in rest)]
        parent_id = rt.row_id(parent)
        if parent_id is None or not texts[0].strip():
            continue
        if rt.mended(texts):
            problems.append(_mended(kind, parent_id))
        order = rt.row_id(position)
        found[parent_id].append((order if order is not None else 1 << 62, rowid,
                                 [str(t).strip() if n == 0 else str(t)
                                  for n, t in enumerate(texts)]))
    return {key: [texts for _order, _rowid, texts in sorted(listed, key=lambda i: i[:2])]
            for key, listed in found.items()}


def _mission(rowid: int, values: list[Any], clusters: list[str],
             problems: list[str]) -> Data | None:
    """One mission's row as the export writes it, mended; None when its dates are both lost."""
    texts = [rt.text(v) for v in values]
    if rt.mended(texts):
        problems.append(_mended("mission", rowid))
    uid, name, start, end, home_zone, shortlist_uid, comment, created, updated = (
        str(t) for t in texts)
    if not uid.strip():
        uid = new_uid()
        problems.append(_("mission {id}: it had no uid; it was given a new one").format(
            id=rowid))
    name = " ".join(name.split())
    if not name:
        name = _("Mission {id}").format(id=rowid)
        problems.append(_("mission {id}: it had no name; it is exported as “{name}”").format(
            id=rowid, name=name))
    first, last = _date(start), _date(end)
    if first is None and last is None:
        problems.append(_("mission {id} (“{name}”): its dates “{start}” and “{end}” are not "
                          "dates (YYYY-MM-DD); it was left out, its meetings are exported "
                          "without it").format(id=rowid, name=name, start=start, end=end))
        return None
    if first is None or last is None:
        known = first or last
        problems.append(
            (_("mission {id} (“{name}”): its first day “{value}” is not a date; it is "
               "exported as a one-day mission on {date}") if first is None else
             _("mission {id} (“{name}”): its last day “{value}” is not a date; it is "
               "exported as a one-day mission on {date}")).format(
                id=rowid, name=name, value=start if first is None else end, date=known))
        first = last = known
    assert first is not None
    assert last is not None
    if last < first:
        problems.append(_("mission {id} (“{name}”): it ended ({last}) before it started "
                          "({first}); the two dates were swapped").format(
                              id=rowid, name=name, last=last, first=first))
        first, last = last, first
    if home_zone not in zone_names():
        problems.append(_("mission {id} (“{name}”): its home time zone “{zone}” is not an "
                          "IANA time zone; it is exported as {fallback}").format(
                              id=rowid, name=name, zone=home_zone, fallback=DEFAULT_ZONE))
        home_zone = DEFAULT_ZONE
    return {"uid": uid.strip(), "name": name, "start_date": first.isoformat(),
            "end_date": last.isoformat(), "home_zone": home_zone,
            "clusters": list(dict.fromkeys(clusters)),
            "shortlist_uid": shortlist_uid.strip() or None, "comment": comment,
            "created_at": created, "updated_at": updated}


def _meeting(rowid: int, values: list[Any], missions: dict[int, Data],
             clusters: list[list[str]], contacts: list[str], problems: list[str]) -> Data | None:
    """One meeting's row as the export writes it, mended; None when its start is lost."""
    sequence, mission_id, duration = (rt.row_id(values[n]) for n in (1, 2, 6))
    texts = [rt.text(v) for n, v in enumerate(values) if n not in (1, 2, 6)]
    if rt.mended(texts):
        problems.append(_mended("meeting", rowid))
    (uid, title, starts_at, zone, place, status, outcome, next_step, next_due, comment,
     created, updated) = (str(t) for t in texts)
    title = " ".join(title.split())
    if not title:
        title = _("(no title)")
        problems.append(_("meeting {id}: it had no title; it is exported as “{title}”").format(
            id=rowid, title=title))
    try:
        start = from_utc_text(starts_at.strip())
    except ValueError:
        problems.append(_("meeting {id} (“{title}”): its start “{value}” is not a time; it was "
                          "left out").format(id=rowid, title=title, value=starts_at))
        return None
    if not uid.strip():
        uid = new_uid()
        problems.append(_("meeting {id} (“{title}”): it had no uid; it was given a new "
                          "one").format(id=rowid, title=title))
    mission = missions.get(mission_id) if mission_id is not None else None
    if values[2] is not None and mission is None:
        problems.append(_("meeting {id} (“{title}”): its mission ({mission}) could not be "
                          "read; the meeting is exported without it").format(
                              id=rowid, title=title, mission=values[2]))
    if zone not in zone_names():
        fallback = mission["home_zone"] if mission else DEFAULT_ZONE
        problems.append(_("meeting {id} (“{title}”): its time zone “{zone}” is not an IANA "
                          "time zone; it is exported as {fallback} (the time itself is kept, "
                          "in UTC)").format(id=rowid, title=title, zone=zone,
                                            fallback=fallback))
        zone = fallback
    if duration is None or duration <= 0:
        problems.append(_("meeting {id} (“{title}”): its length “{value}” is not a number of "
                          "minutes; it is exported as {minutes}").format(
                              id=rowid, title=title, value=values[6], minutes=60))
        duration = 60
    if sequence is None or sequence < 0:
        problems.append(_("meeting {id} (“{title}”): its sequence “{value}” is not a number; "
                          "it is exported as {number}").format(
                              id=rowid, title=title, value=values[1], number=0))
        sequence = 0
    if status not in {s.value for s in MeetingStatus}:
        # Translators: {statuses} and {fallback} are the file's own words (proposed,
        # confirmed…), which stay in English.
        problems.append(_("meeting {id} (“{title}”): its status “{status}” is not one of "
                          "{statuses}; it is exported as {fallback}").format(
                              id=rowid, title=title, status=status,
                              statuses=", ".join(s.value for s in MeetingStatus),
                              fallback=MeetingStatus.PROPOSED.value))
        status = MeetingStatus.PROPOSED.value
    if next_due.strip() and _date(next_due) is None:
        comment = "\n".join(x for x in (comment, _("Next step due: {date}").format(
            date=next_due)) if x)
        problems.append(_("meeting {id} (“{title}”): its next step's due date “{date}” is not "
                          "a date (YYYY-MM-DD); it was moved to the comment").format(
                              id=rowid, title=title, date=next_due))
        next_due = ""
    return {"uid": uid.strip(), "sequence": sequence,
            "mission_uid": mission["uid"] if mission else None, "title": title,
            "starts_at": utc_text(start), "zone": zone, "duration_min": duration,
            "place": place, "status": status,
            "clusters": [{"cluster_id": c[0], "name": c[1]} for c in clusters],
            "contact_uids": list(dict.fromkeys(contacts)), "outcome": outcome,
            "next_step": next_step, "next_due": next_due.strip(), "comment": comment,
            "created_at": created, "updated_at": updated}


def _as_mission(data: Data) -> object:
    """The record the import makes of a mission's *data* (raises as it would)."""
    return Mission(name=data["name"], start_date=data["start_date"], end_date=data["end_date"],
                   home_zone=data["home_zone"], clusters=tuple(data["clusters"]))


def _as_meeting(data: Data) -> object:
    """The record the import makes of a meeting's *data* (raises as it would)."""
    return Meeting(title=data["title"], start=from_utc_text(data["starts_at"]),
                   zone=data["zone"], duration_min=data["duration_min"],
                   status=data["status"], next_due=data["next_due"] or None)


def _sound(kind: str, rowid: int, data: Data, make: Callable[[Data], object],
           problems: list[str]) -> bool:
    """Whether the record *make* builds from *data* is one the import takes; when not, it is
    said (the import would refuse the whole file for it)."""
    try:
        make(data)
    except (InvalidRecordError, ValueError, TypeError) as exc:
        # Translators: {record} is "mission 3" or "meeting 7"; {reason} why it is refused.
        problems.append(_("{record} (“{name}”): {reason}; it was left out").format(
            record=record_name(kind, rowid), name=data.get("name") or data.get("title"),
            reason=exc))
        return False
    return True


def rescue_agenda(read: Callable[[str], list[Row]],
                  problems: list[str]) -> tuple[list[Data], list[Data]]:
    """The missions and meetings of a notes file of schema 6 or later, as the JSON export's
    ``"missions"`` and ``"meetings"`` (in the store's order: missions by first day, name, id;
    meetings by start, id).

    *read* gives a table's rows as (rowid, columns of :data:`AGENDA_COLUMNS`…), saying in
    *problems* what of it could not be read; this appends one sentence per record it had to
    mend or leave out ("meeting 7 (“Visita”): its status “maybe” is not one of …").
    Raises nothing for a bad value: only *read*'s own errors.
    """
    mission_clusters = _children(read("mission_clusters"), "mission", problems)
    found: list[tuple[tuple[str, str, int], int, Data]] = []
    for rowid, *values in read("missions"):
        clusters = [c[0] for c in mission_clusters.get(rowid, [])]
        data = _mission(rowid, values, clusters, problems)
        if data is not None and _sound("mission", rowid, data, _as_mission, problems):
            found.append(((data["start_date"], data["name"].casefold(), rowid), rowid, data))
    found.sort(key=lambda f: f[0])
    missions = {rowid: data for _key, rowid, data in found}
    meeting_clusters = _children(read("meeting_clusters"), "meeting", problems)
    people = _children(read("meeting_contacts"), "meeting", problems)
    meetings: list[tuple[tuple[str, int], Data]] = []
    for rowid, *values in read("meetings"):
        data = _meeting(rowid, values, missions, meeting_clusters.get(rowid, []),
                        [p[0] for p in people.get(rowid, [])], problems)
        if data is not None and _sound("meeting", rowid, data, _as_meeting, problems):
            meetings.append(((data["starts_at"], rowid), data))
    return ([data for _key, _rowid, data in found],
            [data for _key, data in sorted(meetings, key=lambda m: m[0])])
