"""Reading an .ics file (a matchmaking platform's schedule, an Outlook, Google or Thunderbird
export) into :class:`CalendarEvent` records, with the line of every event and property.

icalendar parses the file (values, parameters, Windows zone names such as "Central Standard
Time (Mexico)", a file's own VTIMEZONE blocks). It is lenient: a line it cannot read is kept
aside in a component's ``errors``. This module adds what a user needs to fix a file: a scan
of its unfolded lines first, which refuses a file that is not text, not UTF-8, not a
calendar, or holds a line that is not ``NAME[;PARAM=…]:VALUE``, and names the line; then each
event's faults (no DTSTART, a date that is no date, an end before the start) name the event
(its SUMMARY, else its UID, else its ordinal) and the line. A fault anywhere refuses the whole
file: nothing is imported from a file that is partly wrong.

What a meeting cannot be is not a fault of the file and is skipped with a reason instead
(:attr:`CalendarEvent.skip`): an all-day event (a meeting has a start time), a repeating one
(RRULE/RDATE: a series is not one meeting; one occurrence of a series, RECURRENCE-ID, too),
one that lasts more than a day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from mxdesk.core import i18n
from mxdesk.core.exchange.common import MAX_IMPORT_BYTES, ImportFileError
from mxdesk.core.i18n import _, ngettext
from mxdesk.core.mission.records import MeetingStatus
from mxdesk.core.zones import zone_names

__all__ = ["CalendarEvent", "CalendarFile", "parse_ics", "read_ics"]

_NAME = r"[A-Za-z0-9-]+"
_PVALUE = r'(?:"[^"]*"|[^";:,]*)'
#: A content line (RFC 5545 §3.1): a name, parameters (values quoted or not), a colon.
_CONTENT_LINE = re.compile(rf"^{_NAME}(?:;{_NAME}={_PVALUE}(?:,{_PVALUE})*)*:")
#: An event longer than this is no meeting (a trade fair, a trip).
MAX_MEETING = dt.timedelta(hours=24)
#: VEVENT STATUS -> the meeting's status (an event without one: confirmed, as calendars
#: show it).
STATUS_IN = {"TENTATIVE": MeetingStatus.PROPOSED, "CONFIRMED": MeetingStatus.CONFIRMED,
             "CANCELLED": MeetingStatus.CANCELLED}
#: An event's properties a meeting keeps (DESCRIPTION as its notes), or that are the file's
#: own housekeeping (stamps, free/busy, privacy): read, never reported as left out. Any
#: other (ATTENDEE, ORGANIZER, URL, CATEGORIES, ATTACH…; X- ones aside, which are each
#: program's own) is said in the plan as not kept.
KEPT = frozenset({"UID", "SUMMARY", "DTSTART", "DTEND", "DURATION", "LOCATION", "DESCRIPTION",
                  "STATUS", "SEQUENCE", "LAST-MODIFIED", "DTSTAMP", "CREATED", "TRANSP",
                  "CLASS", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"})


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT as read. ``start``/``end`` are aware when the file gives a zone (TZID, UTC,
    a zone of its own), naive when the time is floating (no zone: the planner decides);
    ``zone`` is the IANA name when the file's zone is one (or a Windows name icalendar maps
    to one), else ""; ``zone_named`` the TZID as the file writes it. ``skip`` is why it
    cannot be a meeting ("" when it can); ``not_kept`` what it has that a meeting does not
    keep; ``status_given`` whether it has a STATUS."""

    ordinal: int
    line: int
    uid: str
    title: str
    start: dt.datetime | None
    end: dt.datetime | None
    zone: str = ""
    zone_named: str = ""
    place: str = ""
    description: str = ""
    status: MeetingStatus = MeetingStatus.CONFIRMED
    sequence: int = 0
    stamp: dt.datetime | None = None
    skip: str = ""
    #: What the event has that no meeting keeps: property names ("ATTENDEE", "URL") and
    #: "VALARM" for its alarms, in the file's order.
    not_kept: tuple[str, ...] = ()
    #: Whether the file gives a STATUS (without one, the meeting is confirmed).
    status_given: bool = True

    @property
    def floating(self) -> bool:
        """Whether the file gives its time without a zone."""
        return self.start is not None and self.start.tzinfo is None

    @property
    def named(self) -> str:
        """How messages name it: “title” (line N), or its UID, or its ordinal."""
        what = f"“{self.title}”" if self.title else (f"UID {self.uid}" if self.uid
                                                     else _("event {n}").format(n=self.ordinal))
        # Translators: an event named in the import's plan: “B2B” (line 12).
        return _("{event} (line {line})").format(event=what, line=self.line)


@dataclass
class CalendarFile:
    """What an .ics file holds: its events in order, its name (X-WR-CALNAME, "" when none),
    its METHOD ("" when none), what reading it left out (to-dos, journal entries), the zone
    its floating times are meant in (Google's X-WR-TIMEZONE, when an IANA name), and, in a
    file mxdesk wrote, its mission's uid and home zone (X-MXDESK-MISSION-UID,
    X-MXDESK-HOME-ZONE)."""

    source: str
    events: list[CalendarEvent] = field(default_factory=list)
    name: str = ""
    method: str = ""
    notices: list[str] = field(default_factory=list)
    floating_zone: str = ""
    mission_uid: str = ""
    home_zone: str = ""


@dataclass
class _Scanned:
    """Where an event is: its BEGIN line and the first line of each of its properties."""

    line: int
    props: dict[str, int] = field(default_factory=dict)


def _decode(data: bytes, source: str) -> str:
    """The file's text; raises :class:`ImportFileError` for an empty file, a binary one, or
    text that is not UTF-8 (RFC 5545's one encoding), naming the line."""
    if not data.strip():
        raise ImportFileError(_("{file}: the file is empty; nothing was imported").format(
            file=source))
    if b"\0" in data[:8192]:
        raise ImportFileError(_("{file}: this is not a calendar (.ics) file but binary data; "
                                "nothing was imported").format(file=source))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ImportFileError(_("{file} line {line}: the text is not UTF-8 (byte {byte}); save "
                                "the calendar as UTF-8 and import it again; nothing was "
                                "imported").format(file=source, line=line,
                                                   byte=f"0x{data[exc.start]:02x}")) from exc


def _event_name(rest: list[tuple[int, str]], ordinal: int) -> str:
    """How a message names the event whose remaining lines are *rest*: “its SUMMARY”, else
    UID …, else its ordinal."""
    found: dict[str, str] = {}
    for _number, line in rest:
        name, _sep, value = line.partition(":")
        name = name.split(";", 1)[0].upper()
        if name == "END" and value.strip().upper() == "VEVENT":
            break
        found.setdefault(name, value.strip())
    return (f"“{found['SUMMARY']}”" if found.get("SUMMARY")
            else f"UID {found['UID']}" if found.get("UID") else str(ordinal))


def _scan(text: str, source: str) -> list[_Scanned]:
    """Check the file's unfolded lines and say where each VEVENT and its properties are.
    Raises :class:`ImportFileError` naming the line of a line that is not a content line,
    a BEGIN without its END, or a file that does not start with BEGIN:VCALENDAR."""
    logical: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and logical:
            logical[-1] = (logical[-1][0], logical[-1][1] + raw[1:])
        elif raw.strip():
            logical.append((number, raw))
    if not logical or logical[0][1].strip().upper() != "BEGIN:VCALENDAR":
        first = logical[0][0] if logical else 1
        raise ImportFileError(_("{file} line {line}: this is not a calendar (.ics) file: it "
                                "does not start with BEGIN:VCALENDAR; nothing was "
                                "imported").format(file=source, line=first))
    events: list[_Scanned] = []
    stack: list[tuple[str, int]] = []
    for at, (number, line) in enumerate(logical):
        if not _CONTENT_LINE.match(line):
            if stack and stack[-1][0] == "VEVENT":
                # Translators: {event} is “its title”, UID …, or its number (3).
                message = _("{file} line {line}: “{text}” is not an iCalendar line (NAME:VALUE) "
                            "in event {event} (from line {begun}); nothing was imported")
            elif stack:
                # Translators: {block} is the file's own word (VCALENDAR, VTIMEZONE…).
                message = _("{file} line {line}: “{text}” is not an iCalendar line (NAME:VALUE) "
                            "in {block} of line {begun}; nothing was imported")
            else:
                message = _("{file} line {line}: “{text}” is not an iCalendar line "
                            "(NAME:VALUE); nothing was imported")
            raise ImportFileError(message.format(
                file=source, line=number, text=line[:60], block=stack[-1][0] if stack else "",
                begun=stack[-1][1] if stack else "",
                event=_event_name(logical[at + 1:], len(events)) if stack else ""))
        name, _sep, value = line.partition(":")
        name = name.split(";", 1)[0].upper()
        value = value.strip().upper()
        if name == "BEGIN":
            stack.append((value, number))
            if value == "VEVENT":
                events.append(_Scanned(number))
        elif name == "END":
            if not stack or stack[-1][0] != value:
                raise ImportFileError(
                    (_("{file} line {line}: END:{value} where END:{expected} was expected; "
                       "nothing was imported") if stack else
                     _("{file} line {line}: END:{value} where nothing was expected; nothing "
                       "was imported")).format(file=source, line=number, value=value,
                                               expected=stack[-1][0] if stack else ""))
            stack.pop()
        elif stack and stack[-1][0] == "VEVENT":
            events[-1].props.setdefault(name, number)
    if stack:
        kind, begun = stack[-1]
        raise ImportFileError(_("{file} line {line}: BEGIN:{block} is never ended (END:{block} "
                                "missing); nothing was imported").format(
                                    file=source, line=begun, block=kind))
    return events


def _text(event: icalendar.Event, name: str) -> str:
    """A text property, its lines joined as the file has them ("" when absent)."""
    value = event.get(name)
    return str(value).strip() if value is not None else ""


def _when(event: icalendar.Event, name: str, fault: str) -> dt.date | dt.datetime | None:
    """The value of DTSTART/DTEND (a date, or a datetime aware or floating), None when absent.
    Raises :class:`ImportFileError` with *fault* for one that is no date."""
    if name not in event:
        return None
    try:
        value = event.decoded(name)
    except (ValueError, TypeError, KeyError) as exc:
        raise ImportFileError(_("{where}: {property} “{value}” is not a date and time").format(
            where=fault, property=name, value=event[name])) from exc
    if not isinstance(value, dt.date):
        raise ImportFileError(_("{where}: {property} is not a date and time").format(
            where=fault, property=name))
    return value


def _event(event: icalendar.Event, ordinal: int, where: _Scanned, source: str,
           cancel_all: bool) -> CalendarEvent:
    """One VEVENT read; raises :class:`ImportFileError` naming it and its line."""
    uid, title = _text(event, "UID"), " ".join(_text(event, "SUMMARY").split())
    label = f"“{title}”" if title else f"UID {uid}" if uid else ""

    def fault(prop: str | None = None) -> str:
        line = where.props.get(prop or "", where.line)
        # Translators: where a fault is: "meetings.ics line 12 (event “B2B”)".
        return (_("{file} line {line} (event {event})").format(file=source, line=line,
                                                              event=label) if label else
                _("{file} line {line} (event {n})").format(file=source, line=line, n=ordinal))

    for prop, message in event.errors:
        raise ImportFileError(
            (_("{where}: {property} cannot be read ({reason}); nothing was imported") if prop
             else _("{where}: a line cannot be read ({reason}); nothing was imported")).format(
                where=fault(prop), property=prop, reason=message))
    start = _when(event, "DTSTART", fault("DTSTART"))
    if start is None:
        raise ImportFileError(_("{where}: the event has no DTSTART (start); nothing was "
                                "imported").format(where=fault()))
    end = _when(event, "DTEND", fault("DTEND"))
    if end is None and "DURATION" in event:
        try:
            length = event.decoded("DURATION")
        except (ValueError, TypeError) as exc:
            raise ImportFileError(_("{where}: DURATION is not a duration").format(
                where=fault("DURATION"))) from exc
        end = start + length if isinstance(length, dt.timedelta) else None
    skip = ""
    if not isinstance(start, dt.datetime):
        skip = _("an all-day event, not a meeting (a meeting has a start time)")
    elif end is not None and not isinstance(end, dt.datetime):
        raise ImportFileError(_("{where}: DTEND is a date while DTSTART is a time; nothing was "
                                "imported").format(where=fault("DTEND")))
    elif end is not None and (start.tzinfo is None) != (end.tzinfo is None):
        raise ImportFileError(_("{where}: DTEND has a time zone and DTSTART none, or the other "
                                "way round; nothing was imported").format(where=fault("DTEND")))
    elif end is not None and end <= start:
        raise ImportFileError(_("{where}: the event ends ({end}) before it starts ({start}); "
                                "nothing was imported").format(where=fault("DTEND"), end=end,
                                                               start=start))
    elif end is not None and end - start > MAX_MEETING:
        skip = _("lasts more than a day, not a meeting")
    if any(p in event for p in ("RRULE", "RDATE")):
        skip = _("repeats (RRULE), and a series is not one meeting: add its meetings one by "
                 "one")
    elif "RECURRENCE-ID" in event:
        skip = _("one occurrence of a repeating event, which is not imported")
    try:
        sequence = int(event.get("SEQUENCE", 0))
    except (ValueError, TypeError) as exc:
        raise ImportFileError(_("{where}: SEQUENCE is not a whole number").format(
            where=fault("SEQUENCE"))) from exc
    stamps = [event.decoded(p) for p in ("LAST-MODIFIED", "DTSTAMP") if p in event]
    stamp = next((s for s in stamps if isinstance(s, dt.datetime) and s.tzinfo), None)
    status_text = _text(event, "STATUS").upper()
    status = STATUS_IN.get(status_text, MeetingStatus.CONFIRMED)
    if cancel_all:
        status = MeetingStatus.CANCELLED
    zone, named = "", ""
    if isinstance(start, dt.datetime) and start.tzinfo is not None:
        named = str(event["DTSTART"].params.get("TZID", ""))
        known = _known_zone(named)
        if known and not isinstance(start.tzinfo, ZoneInfo):
            # A Windows name ("Central Standard Time (Mexico)") with the file's own VTIMEZONE:
            # Outlook may still write the rules before Mexico's 2022 law (summer time), an
            # hour off. The wall time in the zone database's zone is what the sender meant.
            start = start.replace(tzinfo=ZoneInfo(known))
            end = end.replace(tzinfo=ZoneInfo(known)) if isinstance(end, dt.datetime) \
                and _known_zone(str(event["DTEND"].params.get("TZID", ""))) == known else end
        if isinstance(start.tzinfo, ZoneInfo) and start.tzinfo.key not in ("UTC", "Etc/UTC"):
            zone = start.tzinfo.key
    return CalendarEvent(
        ordinal=ordinal, line=where.line, uid=uid, title=title, zone_named=named,
        start=start if isinstance(start, dt.datetime) else None,
        end=end if isinstance(end, dt.datetime) else None, zone=zone,
        place=" ".join(_text(event, "LOCATION").split()),
        # A file mxdesk wrote carries the meeting's notes alone (X-MXDESK-NOTES); its
        # DESCRIPTION also lists the clusters, people and next step, kept in their own fields.
        description=_text(event, "X-MXDESK-NOTES") if "X-MXDESK-NOTES" in event
        else _text(event, "DESCRIPTION"), status=status, sequence=max(sequence, 0),
        stamp=stamp, skip=skip, not_kept=_not_kept(event), status_given="STATUS" in event)


def _not_kept(event: icalendar.Event) -> tuple[str, ...]:
    """The names of *event*'s properties no meeting keeps (:data:`KEPT` and X- ones aside),
    then "VALARM" when it has alarms; each once, in the file's order."""
    names = [str(name).upper() for name in event]
    found = [n for n in names if n not in KEPT and not n.startswith("X-")]
    if any(c.name == "VALARM" for c in event.subcomponents):
        found.append("VALARM")
    return tuple(dict.fromkeys(found))


def _known_zone(tzid: str) -> str:
    """The IANA zone a TZID names: itself when it is one, else the zone of a Windows name
    (icalendar's table of them), else ""."""
    tzid = tzid.strip().strip('"')
    if tzid in zone_names():
        return tzid
    return WINDOWS_TO_OLSON.get(tzid, "") if WINDOWS_TO_OLSON.get(tzid, "") in zone_names() \
        else ""


def _iana(value: object) -> str:
    """*value* when it is an IANA zone name, else "" (a zone the file names is a hint)."""
    text = str(value or "").strip()
    return text if text in zone_names() else ""


def parse_ics(data: bytes, source: str) -> CalendarFile:
    """The events of an .ics file's *data*; *source* names the file in messages. Raises
    :class:`ImportFileError` naming the line (and the event) of the first fault."""
    text = _decode(data, source)
    scanned = _scan(text, source)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as exc:
        raise ImportFileError(_("{file}: this is not a calendar icalendar can read ({reason}); "
                                "nothing was imported").format(file=source, reason=exc)) from exc
    method = str(calendar.get("METHOD", "")).strip().upper()
    found = CalendarFile(source, name=" ".join(str(calendar.get("X-WR-CALNAME", "")).split()),
                         method=method,
                         floating_zone=_iana(calendar.get("X-WR-TIMEZONE")),
                         mission_uid=str(calendar.get("X-MXDESK-MISSION-UID", "")).strip(),
                         home_zone=_iana(calendar.get("X-MXDESK-HOME-ZONE")))
    events = [e for e in calendar.walk("VEVENT") if isinstance(e, icalendar.Event)]
    if len(events) != len(scanned):  # pragma: no cover - the scan and the parser disagree
        raise ImportFileError(_("{file}: the events could not be told apart; nothing was "
                                "imported").format(file=source))
    for n, (event, where) in enumerate(zip(events, scanned, strict=True), start=1):
        found.events.append(_event(event, n, where, source, cancel_all=method == "CANCEL"))
    others = [c.name for c in calendar.walk() if c.name in ("VTODO", "VJOURNAL")]
    if others:
        found.notices.append(ngettext(
            "{n} to-do or journal entry left out: only events become meetings.",
            "{n} to-do or journal entries left out: only events become meetings.",
            len(others)).format(n=i18n.number(len(others))))
    return found


def read_ics(path: Path) -> CalendarFile:
    """The events of the .ics file at *path*. Raises :class:`ImportFileError` when it cannot
    be read, is larger than the import limit, or is malformed (the message names the event
    and the line); nothing is changed anywhere."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise ImportFileError(_("{file}: the file is larger than {size} MB; no calendar "
                                    "is; nothing was imported").format(
                                        file=path.name, size=MAX_IMPORT_BYTES // 2**20))
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(_("cannot read {path}: {error}").format(
            path=path, error=exc.strerror or exc)) from exc
    return parse_ics(data, path.name)
