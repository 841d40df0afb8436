"""What a mission's papers say about its meetings, before any typesetting: the day sheets
(each meeting with its times in the place's zone and at home, place, who, which clusters with
one line of context from the directory, status and flags) and the brochure's agenda (one line
a meeting). No Qt: :mod:`mxdesk.export.agenda` lays these out, as :mod:`mxdesk.core.sheets`
is laid out by :mod:`mxdesk.export.html`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mxdesk.core.errors import MxdeskError, NotFoundError
from mxdesk.core.i18n import _
from mxdesk.core.mission.checks import StateOf
from mxdesk.core.mission.day_rows import directory_states, meeting_flags
from mxdesk.core.mission.records import Meeting, Mission
from mxdesk.core.mission.wording import STATUS_WORDS, dated, status_word
from mxdesk.core.mission.wording import day_heading as day_heading

if TYPE_CHECKING:
    from mxdesk.core.directory import Directory
    from mxdesk.core.notes import NotesStore

__all__ = ["STATUS_WORDS", "AgendaDay", "AgendaLine", "ClusterLine", "DaySheet",
           "SheetMeeting", "agenda", "cluster_line", "day_heading", "day_sheets",
           "gone_contact", "mission_meetings", "person_line", "person_reach", "time_span",
           "zone_abbreviation"]


def zone_abbreviation(when: dt.datetime) -> str:
    """The zone's abbreviation at *when* (aware): "CST", "PDT", "CEST"; "UTC+4" where the
    zone data has only a number ("+04"). Raises ValueError for a naive datetime."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{when.isoformat()} has no time zone")
    name = when.tzname() or ""
    if name and name[0] not in "+-":
        return name
    offset = when.utcoffset()
    assert offset is not None
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def time_span(start: dt.datetime, end: dt.datetime) -> str:
    """"10:00–11:00 CST" (*start* and *end* aware, in one zone; the abbreviation *start*'s)."""
    return f"{start:%H:%M}–{end:%H:%M} {zone_abbreviation(start)}"


def _home_text(meeting: Meeting, home_zone: str) -> str:
    """The meeting's times at home: "17:00–18:00 CEST", with the home day's name before them
    when it is not the place's ("Wed 02:00–03:00 CEST")."""
    start = meeting.at_home(home_zone)
    end = meeting.end.astimezone(start.tzinfo)
    shown = time_span(start, end)
    return shown if start.date() == meeting.start.date() else f"{dated(start, '%a')} {shown}"


@dataclass(frozen=True)
class ClusterLine:
    """A cluster met, as paper names it: its name and one line of context from the
    directory (its state and sectors: "Nuevo León · Automotive, Auto parts")."""

    id: str
    name: str
    context: str


def cluster_line(directory: Directory, cluster_id: str) -> ClusterLine:
    """*cluster_id* as :class:`ClusterLine`; an id the directory no longer has is named as
    it is, its context saying so (notes outlive releases). Raises :class:`DirectoryError`
    when the directory cannot be read."""
    try:
        cluster = directory.cluster(cluster_id)
    except NotFoundError:
        return ClusterLine(cluster_id, cluster_id, _("not in this directory"))
    parts = [cluster.state.name] if cluster.state else []
    if cluster.sectors:
        parts.append(", ".join(s.name for s in cluster.sectors))
    name = f"{cluster.name} ({cluster.acronym})" if cluster.acronym else cluster.name
    return ClusterLine(cluster.id, name, " · ".join(parts))


def person_line(store: NotesStore, uid: str) -> str:
    """A contact as "Álvaro Ibáñez, Director of Innovation, Clúster Automotriz": name, role
    and organisation, those not given left out; "(a contact no longer in your notes)" for
    a uid no contact has. Raises :class:`StoreError` when the file cannot be read."""
    contact = store.contact_by_uid(uid)
    if contact is None:
        return gone_contact()
    return ", ".join(x for x in (contact.name, contact.role, contact.organisation) if x)


def gone_contact() -> str:
    """What paper says for a contact no longer in the notes, in the current language."""
    return _("(a contact no longer in your notes)")


def person_reach(store: NotesStore, uid: str) -> str:
    """How to reach a contact, from your notes: "jose@claut.example · +52 81 5555 0101" (the
    preferred e-mail and phone, those not known left out; "" when neither is, or no contact
    has the uid). Raises :class:`StoreError` when the file cannot be read."""
    contact = store.contact_by_uid(uid)
    if contact is None:
        return ""
    return " · ".join(x for x in (contact.email, contact.phone) if x)


@dataclass(frozen=True)
class SheetMeeting:
    """One meeting as a day sheet prints it. *local* is "10:00–11:00 CST" in the place's
    zone, *home* the same at home ("17:00–18:00 CEST"), *flags* the day's warnings about it
    ("Overlaps “Board of CLAUT” by 30 min"); *reach* how to reach each of *people*
    (:func:`person_reach`, "" when not known), in the same order."""

    meeting: Meeting
    local: str
    home: str
    status: str
    clusters: tuple[ClusterLine, ...]
    people: tuple[str, ...]
    flags: tuple[str, ...]
    reach: tuple[str, ...] = ()


@dataclass(frozen=True)
class DaySheet:
    """A day of the mission: its date, its heading, and its meetings in order of start
    (the cancelled ones too, marked)."""

    day: dt.date
    heading: str
    meetings: tuple[SheetMeeting, ...]


def mission_meetings(store: NotesStore, mission: Mission) -> list[Meeting]:
    """The meetings of *mission* (as stored) in order of start. Raises :class:`MxdeskError`
    for a mission never stored, :class:`StoreError` when it is gone or unreadable."""
    if mission.id is None:
        raise MxdeskError(_("the mission “{name}” is not saved yet").format(name=mission.name))
    store.mission(mission.id)  # raises StoreError, naming it, when it was deleted
    return store.meetings(mission.id)


def _flags(meetings: Sequence[Meeting], state_of: StateOf | None) -> dict[int, list[str]]:
    """Each meeting's warnings (by its index in *meetings*), in the window's words
    (:func:`~.day_rows.meeting_flags`): overlaps and too little time to travel, on both
    meetings of a pair (*state_of* giving a cluster's state)."""
    found = meeting_flags(list(meetings), state_of=state_of)
    return {n: [f.text for f in said] for n, said in enumerate(found) if said}


def _days_wanted(mission: Mission, by_day: dict[dt.date, list[Meeting]],
                 days: Iterable[dt.date] | None) -> list[dt.date]:
    if days is None:
        return sorted(by_day)
    wanted = sorted(set(days))
    for day in wanted:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise MxdeskError(_("“{value}” is not a day (a date)").format(value=day))
        if day not in by_day and not mission.start_date <= day <= mission.end_date:
            raise MxdeskError(_("{day} is not a day of the mission “{name}” ({first} to "
                                "{last})").format(day=day, name=mission.name,
                                                  first=mission.start_date,
                                                  last=mission.end_date))
    return wanted


def day_sheets(store: NotesStore, directory: Directory, mission: Mission,
               days: Iterable[dt.date] | None = None) -> tuple[DaySheet, ...]:
    """The day sheets of *mission*: one per day that has meetings (*days* None), or per
    day of *days* (a day of the mission with none prints as empty). A meeting's day is its
    date in its place's zone. Raises :class:`MxdeskError` for a day outside the mission
    (and without meetings) or an unsaved mission, :class:`StoreError` when the notes
    cannot be read, :class:`DirectoryError` when the directory cannot."""
    by_day: dict[dt.date, list[Meeting]] = {}
    for meeting in mission_meetings(store, mission):
        by_day.setdefault(meeting.start.date(), []).append(meeting)
    clusters: dict[str, ClusterLine] = {}
    people: dict[str, str] = {}
    reach: dict[str, str] = {}
    made = []
    state_of = directory_states(directory)
    for day in _days_wanted(mission, by_day, days):
        meetings = sorted(by_day.get(day, []),
                          key=lambda m: (m.start.astimezone(dt.UTC), m.id or 0))
        flags = _flags(meetings, state_of)
        shown = []
        for n, m in enumerate(meetings):
            for cid in m.clusters:
                if cid not in clusters:
                    clusters[cid] = cluster_line(directory, cid)
            for uid in m.contacts:
                if uid not in people:
                    people[uid] = person_line(store, uid)
                    reach[uid] = person_reach(store, uid)
            shown.append(SheetMeeting(
                m, time_span(m.start, m.end), _home_text(m, mission.home_zone),
                status_word(m.status), tuple(clusters[c] for c in m.clusters),
                tuple(people[u] for u in m.contacts), tuple(flags.get(n, ())),
                tuple(reach[u] for u in m.contacts)))
        made.append(DaySheet(day, day_heading(day), tuple(shown)))
    return tuple(made)


@dataclass(frozen=True)
class AgendaLine:
    """A meeting in the brochure's agenda: *when* ("10:00–11:00 CST (17:00–18:00 CEST)")
    and *what* ("Board of CLAUT · Parque Fundidora · CLAUT · Confirmed")."""

    when: str
    what: str

    @property
    def text(self) -> str:
        """The whole line: when · what."""
        return f"{self.when} · {self.what}"


@dataclass(frozen=True)
class AgendaDay:
    """A day of the brochure's agenda: its heading and one line per meeting."""

    heading: str
    lines: tuple[AgendaLine, ...]


def agenda(store: NotesStore, directory: Directory, mission: Mission) -> tuple[AgendaDay, ...]:
    """The meetings of *mission* by day, one line each, for the brochure's first section.
    Raises as :func:`day_sheets`."""
    out = []
    for sheet in day_sheets(store, directory, mission):
        lines = []
        for m in sheet.meetings:
            names = ", ".join(c.name for c in m.clusters)
            parts = [m.meeting.title, m.meeting.place, names, m.status]
            lines.append(AgendaLine(f"{m.local} ({m.home})", " · ".join(p for p in parts if p)))
        out.append(AgendaDay(sheet.heading, tuple(lines)))
    return tuple(out)
