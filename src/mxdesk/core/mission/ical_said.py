"""What a calendar import's plan says beyond its counts (issue 18's trial): where an event's
fields go and which are not kept (:func:`kept_lines`), and what each update changes
(:func:`change_line`: "“B2B: Componentes” 14:00 → 15:00 CST, place “Table 3” → “Table 5”").
Read by :meth:`~mxdesk.core.mission.ical_plan.CalendarPlan.summary`; no store, no Qt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from mxdesk.core.mission.ical_in import CalendarEvent
from mxdesk.core.mission.paper import zone_abbreviation
from mxdesk.core.mission.records import Meeting

__all__ = ["NOT_KEPT_WORDS", "change_line", "kept_lines"]

#: What a left-out property is, in words, for the "Not kept:" line.
NOT_KEPT_WORDS = {"ATTENDEE": "guests", "ORGANIZER": "organiser", "URL": "link",
                  "VALARM": "alarms", "CATEGORIES": "categories", "ATTACH": "attachments",
                  "CONTACT": "contact", "COMMENT": "comment", "GEO": "map position",
                  "RESOURCES": "resources", "PRIORITY": "priority",
                  "CONFERENCE": "video call"}


def _events(events: Sequence[CalendarEvent]) -> str:
    """“A”, “B”, “C”… (the first three named) for a line about *events*."""
    return ", ".join(f"“{e.title or e.uid}”" for e in events[:3]) + (
        "…" if len(events) > 3 else "")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def kept_lines(added: Sequence[CalendarEvent], updated: Sequence[tuple[CalendarEvent, Meeting]]
               ) -> list[str]:
    """Lines for the plan about what is kept where: the DESCRIPTION of new meetings' events
    going to their notes, the DESCRIPTION of updated ones not (the notes here stay), the
    events without STATUS becoming confirmed, and one "Not kept:" line for every other
    property left out, with how many events had it. *added* are the events of meetings to
    add; *updated* pairs each event of a meeting to update with that meeting as it is."""
    lines = []
    described = [e for e in added if e.description]
    if described:
        whose = "its meeting's" if len(described) == 1 else "their meetings'"
        lines.append(f"The DESCRIPTION of {_count(len(described), 'event')} "
                     f"({_events(described)}) goes to {whose} notes "
                     "(the meeting's comment: searched, and printed on the day sheets).")
    differs = [e for e, here in updated if e.description and e.description != here.comment]
    if differs:
        lines.append(f"Not kept: the DESCRIPTION of {_count(len(differs), 'updated event')} "
                     f"({_events(differs)}): the notes of the meeting here stay as they are.")
    unsaid = [e for e in (*added, *(e for e, _m in updated)) if not e.status_given]
    if unsaid:
        lines.append(f"{_count(len(unsaid), 'event')} without STATUS "
                     f"{'becomes' if len(unsaid) == 1 else 'become'} confirmed.")
    found: dict[str, int] = {}
    for event in (*added, *(e for e, _m in updated)):
        for name in event.not_kept:
            found[name] = found.get(name, 0) + 1
    if found:
        parts = [f"{name} ({NOT_KEPT_WORDS[name] + ', ' if name in NOT_KEPT_WORDS else ''}"
                 f"{_count(n, 'event')})" for name, n in found.items()]
        lines.append(f"Not kept: {', '.join(parts)}.")
    return lines


def _when(at: dt.datetime, other: dt.datetime, zone_too: bool) -> str:
    """*at* as "14:00", with its day when *other* is on another day, its zone when asked."""
    text = f"{at:%H:%M}"
    if at.date() != other.date():
        text = f"{at:%a} {at.day} {at:%b} {text}"
    if zone_too:
        text += f" {zone_abbreviation(at)}"
    return text


def _quoted(text: str) -> str:
    return f"“{text}”" if text else "none"


def change_line(before: Meeting, after: Meeting) -> str:
    """What an update changes, in one line: the title first (the new one, “old” → “new”
    when it changes), then the start ("14:00 → 15:00 CST", the day too when it moves to
    another, each zone when they differ), the length ("60 → 90 min"), the place and the
    status ("confirmed → cancelled"); only what changes. Both meetings aware; raises
    nothing."""
    head = (f"“{before.title}” → “{after.title}”" if before.title != after.title
            else f"“{after.title}”")
    parts = []
    if before.start != after.start or before.zone != after.zone:
        old = before.start.astimezone(after.start.tzinfo) if before.zone != after.zone \
            and zone_abbreviation(before.start) == zone_abbreviation(after.start) \
            else before.start
        zones_differ = zone_abbreviation(old) != zone_abbreviation(after.start)
        parts.append(f"{_when(old, after.start, zones_differ)} → "
                     f"{_when(after.start, old, zones_differ)}"
                     + ("" if zones_differ else f" {zone_abbreviation(after.start)}"))
    if before.duration_min != after.duration_min:
        parts.append(f"{before.duration_min} → {after.duration_min} min")
    if before.place != after.place:
        parts.append(f"place {_quoted(before.place)} → {_quoted(after.place)}")
    if before.status != after.status:
        parts.append(f"{before.status.value} → {after.status.value}")
    return head + (" " + ", ".join(parts) if parts else "")
