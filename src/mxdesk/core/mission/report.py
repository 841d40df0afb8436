"""The report after a mission, built once as a :class:`Report` value and rendered twice
(:mod:`mxdesk.export.report`: PDF and XLSX), as :mod:`mxdesk.core.details` is for the views.

What it holds: the meetings held (status done) with their outcomes, the next steps by due
date with the overdue ones marked (due before *today*, of a meeting not cancelled: the rule
:meth:`NotesStore.overdue` tells at start), the contacts met (at meetings held), the counts
(held, cancelled, still to come, proposed and never confirmed, confirmed but not marked
done) and the same
counts per cluster. No Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mxdesk.core.i18n import _
from mxdesk.core.mission.paper import (
    ClusterLine,
    cluster_line,
    day_heading,
    gone_contact,
    mission_meetings,
    time_span,
)
from mxdesk.core.mission.records import Meeting, MeetingStatus, Mission

if TYPE_CHECKING:
    from mxdesk.core.directory import Directory
    from mxdesk.core.notes import NotesStore

__all__ = ["ClusterCount", "ContactMet", "Counts", "HeldMeeting", "NextStep", "Report",
           "report"]


@dataclass(frozen=True)
class HeldMeeting:
    """A meeting held: when ("10:00–11:00 CST" on *day*), what, where, with whom, and what
    came of it."""

    meeting: Meeting
    day: dt.date
    time: str
    clusters: tuple[ClusterLine, ...]
    people: tuple[str, ...]


@dataclass(frozen=True)
class NextStep:
    """A next step agreed at a meeting (held or not, cancelled ones left out): *due* None
    when no date was set; *overdue* when due before the report's day."""

    step: str
    due: dt.date | None
    overdue: bool
    meeting: Meeting
    clusters: tuple[ClusterLine, ...]


@dataclass(frozen=True)
class ContactMet:
    """A contact met at one or more meetings held: name, role, organisation, the clusters
    of those meetings (names), how many meetings, and the preferred e-mail and phone your
    notes have ("" when none)."""

    uid: str
    name: str
    role: str
    organisation: str
    clusters: tuple[str, ...]
    meetings: int
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Counts:
    """Meetings counted by where they ended: held (done), cancelled, still to come (proposed
    or confirmed, not started yet), proposed and never confirmed, confirmed but not marked
    done (those two of meetings already started)."""

    held: int = 0
    cancelled: int = 0
    never_confirmed: int = 0
    not_marked_done: int = 0
    to_come: int = 0

    @property
    def total(self) -> int:
        """Every meeting counted."""
        return (self.held + self.cancelled + self.never_confirmed + self.not_marked_done
                + self.to_come)

    def add(self, status: MeetingStatus, ahead: bool = False) -> Counts:
        """These counts with one meeting of *status* more; *ahead* when it has not started
        yet (a proposed or confirmed one is then still to come)."""
        field = {MeetingStatus.DONE: "held", MeetingStatus.CANCELLED: "cancelled",
                 MeetingStatus.PROPOSED: "never_confirmed",
                 MeetingStatus.CONFIRMED: "not_marked_done"}[status]
        if ahead and status in (MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED):
            field = "to_come"
        values = {"held": self.held, "cancelled": self.cancelled,
                  "never_confirmed": self.never_confirmed,
                  "not_marked_done": self.not_marked_done, "to_come": self.to_come}
        values[field] += 1
        return Counts(**values)


@dataclass(frozen=True)
class ClusterCount:
    """A cluster of the mission (or met at one of its meetings) and its meetings' counts."""

    cluster: ClusterLine
    counts: Counts


@dataclass(frozen=True)
class Report:
    """A mission's report on *today* (the user's date)."""

    mission: Mission
    today: dt.date
    held: tuple[HeldMeeting, ...]
    next_steps: tuple[NextStep, ...]
    contacts: tuple[ContactMet, ...]
    counts: Counts
    per_cluster: tuple[ClusterCount, ...]

    @property
    def title(self) -> str:
        """"Report: Querétaro + Monterrey" (in the current language)."""
        return _("Report: {mission}").format(mission=self.mission.name)

    @property
    def overdue(self) -> int:
        """How many next steps are overdue."""
        return sum(1 for s in self.next_steps if s.overdue)


def _due_key(step: NextStep) -> tuple[int, dt.date, dt.datetime]:
    return (step.due is None, step.due or dt.date.max, step.meeting.start.astimezone(dt.UTC))


def report(store: NotesStore, directory: Directory, mission: Mission,
           today: dt.date, now: dt.datetime | None = None) -> Report:
    """The report of *mission* as it stands on *today*: a meeting proposed or confirmed that
    has not started by *now* (aware; without it, one on *today* or later) is still to come,
    not "never confirmed" nor "not marked done". Raises :class:`MxdeskError` for an
    unsaved mission, TypeError when *today* is not a date, :class:`StoreError` when the
    notes cannot be read, :class:`DirectoryError` when the directory cannot."""
    if not isinstance(today, dt.date) or isinstance(today, dt.datetime):
        raise TypeError(f"today: {today!r} is not a date")
    meetings = mission_meetings(store, mission)
    lines: dict[str, ClusterLine] = {}

    def clusters_of(m: Meeting) -> tuple[ClusterLine, ...]:
        for cid in m.clusters:
            if cid not in lines:
                lines[cid] = cluster_line(directory, cid)
        return tuple(lines[c] for c in m.clusters)

    counts = Counts()
    per_cluster: dict[str, Counts] = {cid: Counts() for cid in mission.clusters}
    held: list[HeldMeeting] = []
    steps: list[NextStep] = []
    met: dict[str, tuple[list[str], int]] = {}
    for m in meetings:
        ahead = m.start > now if now is not None else m.start.date() >= today
        counts = counts.add(m.status, ahead)
        for cid in m.clusters:
            per_cluster[cid] = per_cluster.get(cid, Counts()).add(m.status, ahead)
        names = tuple(c.name for c in clusters_of(m))
        if m.status is MeetingStatus.DONE:
            people = []
            for uid in m.contacts:
                known, times = met.get(uid, ([], 0))
                met[uid] = ([*known, *(n for n in names if n not in known)], times + 1)
                contact = store.contact_by_uid(uid)
                people.append(contact.name if contact else gone_contact())
            held.append(HeldMeeting(m, m.start.date(), time_span(m.start, m.end),
                                    clusters_of(m), tuple(people)))
        if m.next_step.strip() and not m.cancelled:
            steps.append(NextStep(m.next_step.strip(), m.next_due,
                                  m.next_due is not None and m.next_due < today, m,
                                  clusters_of(m)))
    contacts = []
    for uid, (cluster_names, times) in met.items():
        contact = store.contact_by_uid(uid)
        if contact is None:
            contacts.append(ContactMet(uid, gone_contact(), "", "",
                                       tuple(cluster_names), times))
        else:
            contacts.append(ContactMet(uid, contact.name, contact.role, contact.organisation,
                                       tuple(cluster_names), times, contact.email,
                                       contact.phone))
    contacts.sort(key=lambda c: (c.organisation.casefold(), c.name.casefold()))
    return Report(mission, today, tuple(held), tuple(sorted(steps, key=_due_key)),
                  tuple(contacts), counts,
                  tuple(ClusterCount(clusters_of_id(directory, lines, cid), c)
                        for cid, c in per_cluster.items()))


def clusters_of_id(directory: Directory, lines: dict[str, ClusterLine],
                   cluster_id: str) -> ClusterLine:
    """*cluster_id*'s line, read once into *lines* (:func:`cluster_line`)."""
    if cluster_id not in lines:
        lines[cluster_id] = cluster_line(directory, cluster_id)
    return lines[cluster_id]


def held_heading(meeting: HeldMeeting) -> str:
    """"Tuesday 14 July 2026, 10:00–11:00 CST": a held meeting's day and time."""
    # Translators: a held meeting's day ("Tuesday 14 July 2026") and time ("10:00–11:00 CST").
    return _("{day}, {time}").format(day=day_heading(meeting.day), time=meeting.time)
