"""A mission's meetings as an iCalendar file (RFC 5545), written with the icalendar library.

Export (:func:`export_ics`): one VCALENDAR (``METHOD:PUBLISH``, ``X-WR-CALNAME`` the mission's
name) holding one VEVENT per meeting, cancelled ones included as ``STATUS:CANCELLED``. Each
VEVENT keeps the meeting's ``uid`` as its UID and its ``sequence`` as SEQUENCE (raised by the
store whenever a field a calendar shows changes), so that a calendar that imported an earlier
export updates the event in place instead of adding a second one. DTSTART and DTEND carry the
meeting's IANA zone as TZID, and the calendar holds the VTIMEZONE of each zone used, made by
icalendar from the zone database (``Calendar.add_missing_timezones``): no offset is written
by hand.

Import lives beside it: :mod:`.ical_in` reads a file (with line numbers for every error) and
:mod:`.ical_plan` compares it with the store and writes it; their public names are re-exported
here.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import icalendar

from mxdesk import __version__
from mxdesk.core import paths
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _, pgettext
from mxdesk.core.mission import meetings as mt
from mxdesk.core.mission.ical_in import CalendarEvent, CalendarFile, parse_ics, read_ics
from mxdesk.core.mission.ical_plan import CalendarPlan, apply_ics, plan_ics
from mxdesk.core.mission.records import Meeting, MeetingStatus, Mission, from_utc_text
from mxdesk.core.mission.wording import dated
from mxdesk.core.notes.parts import OpenStore

__all__ = ["PRODID", "STATUS_OUT", "CalendarEvent", "CalendarFile", "CalendarPlan",
           "IcsWriteError", "apply_ics", "calendar_of", "export_ics", "parse_ics", "plan_ics",
           "read_ics", "to_ics"]

#: Who made the file (RFC 5545 §3.7.3).
PRODID = f"-//mxdesk//mxdesk {__version__}//EN"
#: A meeting's status as a VEVENT's STATUS (RFC 5545 §3.8.1.11 knows TENTATIVE, CONFIRMED and
#: CANCELLED for events): a meeting held is one that was confirmed.
STATUS_OUT: dict[MeetingStatus, str] = {
    MeetingStatus.PROPOSED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.DONE: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


class IcsWriteError(MxdeskError):
    """An .ics file cannot be written (no such folder, no room, no right); nothing was."""


def _stamp(text: str, default: dt.datetime) -> dt.datetime:
    """A record's ``created_at``/``updated_at`` (ISO text, UTC) as an aware datetime; *default*
    when empty or unreadable (a record made before times were kept)."""
    try:
        return from_utc_text(text) if text else default
    except ValueError:
        return default


def _description(store: OpenStore, meeting: Meeting, home_zone: str) -> str:
    """What the event says beneath its title: the meeting's notes (its comment, as written:
    what a matchmaking platform's description said comes back out), then the clusters met (by
    name), the people (name, role, organisation), the start at home, the next step and its due
    date as lines of ``Label: text``; empty parts left out (issue 18's second trial: the notes
    never reached the traveller's calendar)."""
    names = mt.cluster_names(store.conn, int(meeting.id or 0))
    clusters = "; ".join(names.get(c) or c for c in meeting.clusters)
    people = []
    for uid in meeting.contacts:
        row = store.conn.execute("SELECT name, role, organisation FROM contacts WHERE uid = ?",
                                 [uid]).fetchone()
        if row is not None:
            people.append(", ".join(part for part in row if part))
    home = ""
    if home_zone and home_zone != meeting.zone:
        at_home = meeting.at_home(home_zone)
        home = f"{dated(at_home, '%a %d %b %H:%M')} {at_home.tzname()} ({home_zone})"
    # The labels are for the person reading the event in a calendar: in their language.
    due = " " + _("(due {day})").format(day=meeting.next_due.isoformat()) \
        if meeting.next_due else ""
    lines = [(pgettext("calendar event", "Clusters"), clusters),
             (pgettext("calendar event", "With"), "; ".join(people)),
             (pgettext("calendar event", "At home"), home),
             (pgettext("calendar event", "Next step"),
              f"{meeting.next_step}{due}" if meeting.next_step else "")]
    labelled = "\n".join(f"{label}: {text}" for label, text in lines if text)
    return "\n\n".join(part for part in (meeting.comment.strip(), labelled) if part)


def _event(store: OpenStore, meeting: Meeting, home_zone: str,
           now: dt.datetime) -> icalendar.Event:
    """One meeting as a VEVENT."""
    event = icalendar.Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", now)
    event.add("created", _stamp(meeting.created_at, now))
    event.add("last-modified", _stamp(meeting.updated_at, now))
    # Aware datetimes in a ZoneInfo: icalendar writes them with TZID=<the IANA name>.
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.end)
    event.add("summary", meeting.title)
    if meeting.place:
        event.add("location", meeting.place)
    description = _description(store, meeting, home_zone)
    if description:
        event.add("description", description)
    if meeting.comment.strip():
        # The notes alone, so that an import by mxdesk keeps them as they were, not the
        # whole description made from the other fields (other programs ignore X- lines).
        # (VALUE=TEXT: so a reader unescapes it as text, as it does DESCRIPTION.)
        event.add("x-mxdesk-notes", icalendar.vText(meeting.comment),
                  parameters={"VALUE": "TEXT"})
    event.add("status", STATUS_OUT[meeting.status])
    return event


def calendar_of(store: OpenStore, mission: Mission,
                now: dt.datetime | None = None) -> icalendar.Calendar:
    """The mission's meetings (cancelled ones too) as a VCALENDAR, in order of start.

    *now* (aware; default: the current time) is every event's DTSTAMP. The VTIMEZONE of each
    zone used covers the years of the meetings (from the zone database, by icalendar)."""
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", mission.name)
    # mxdesk's own: an import into another mxdesk makes the same mission (uid, home zone).
    cal.add("x-mxdesk-mission-uid", mission.uid)
    cal.add("x-mxdesk-home-zone", mission.home_zone)
    held = mt.meetings(store, mission_id=mission.id)
    for meeting in held:
        cal.add_component(_event(store, meeting, mission.home_zone, now))
    if held:
        first = min(m.start for m in held).date().replace(month=1, day=1)
        last = max(m.end for m in held).date().replace(month=12, day=31)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal


def to_ics(store: OpenStore, mission: Mission, now: dt.datetime | None = None) -> bytes:
    """The mission as the bytes of an .ics file (UTF-8, CRLF lines folded at 75 octets)."""
    return calendar_of(store, mission, now).to_ical()


def export_ics(store: OpenStore, mission: Mission, path: Path,
               now: dt.datetime | None = None) -> int:
    """Write the mission's calendar to *path* (.ics), whole or not at all (a temporary file
    beside it, renamed into place); returns the number of meetings written (cancelled ones
    included). Raises :class:`IcsWriteError` when the folder is missing or the file cannot
    be written; an earlier file at *path* is then left as it was."""
    path = Path(path)
    data = to_ics(store, mission, now)
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise IcsWriteError(_("cannot write {path}: the folder {folder} does not exist").format(
            path=path, folder=folder))
    if path.is_dir():
        raise IcsWriteError(_("cannot write {path}: it is a folder").format(path=path))
    name = ""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
        # mkstemp makes a private file (0600); a calendar is an ordinary file the user shares.
        os.fchmod(handle, paths.shared_file_mode())
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(name).replace(path)
    except OSError as exc:
        if name:
            Path(name).unlink(missing_ok=True)
        raise IcsWriteError(_("cannot write {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from exc
    return len(mt.meetings(store, mission_id=mission.id))
