"""What a calendar import's plan says beyond its counts (issue 18's trial): where an event's
fields go and which are not kept (:func:`kept_lines`), and what each update changes
(:func:`change_line`: "“B2B: Componentes” 14:00 → 15:00 CST, place “Table 3” → “Table 5”").
Read by :meth:`~mxdesk.core.mission.ical_plan.CalendarPlan.summary`; no store, no Qt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from mxdesk.core import i18n
from mxdesk.core.i18n import N_, _, ngettext
from mxdesk.core.mission.ical_in import CalendarEvent
from mxdesk.core.mission.paper import zone_abbreviation
from mxdesk.core.mission.records import Meeting
from mxdesk.core.mission.wording import dated, status_word

__all__ = ["NOT_KEPT_WORDS", "change_line", "kept_lines"]

#: What a left-out property is, in words, for the "Not kept:" line.
NOT_KEPT_WORDS = {"ATTENDEE": N_("guests"), "ORGANIZER": N_("organiser"), "URL": N_("link"),
                  "VALARM": N_("alarms"), "CATEGORIES": N_("categories"),
                  "ATTACH": N_("attachments"), "CONTACT": N_("contact"),
                  "COMMENT": N_("comment"), "GEO": N_("map position"),
                  "RESOURCES": N_("resources"), "PRIORITY": N_("priority"),
                  "CONFERENCE": N_("video call")}


def _events(events: Sequence[CalendarEvent]) -> str:
    """“A”, “B”, “C”… (the first three named) for a line about *events*."""
    return ", ".join(f"“{e.title or e.uid}”" for e in events[:3]) + (
        "…" if len(events) > 3 else "")


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
        n = len(described)
        lines.append(ngettext(
            "The DESCRIPTION of {n} event ({events}) goes to its meeting's notes (the "
            "meeting's comment: searched, and printed on the day sheets).",
            "The DESCRIPTION of {n} events ({events}) goes to their meetings' notes (the "
            "meeting's comment: searched, and printed on the day sheets).", n).format(
            n=i18n.number(n), events=_events(described)))
    differs = [e for e, here in updated if e.description and e.description != here.comment]
    if differs:
        n = len(differs)
        lines.append(ngettext(
            "Not kept: the DESCRIPTION of {n} updated event ({events}): the notes of the "
            "meeting here stay as they are.",
            "Not kept: the DESCRIPTION of {n} updated events ({events}): the notes of the "
            "meeting here stay as they are.", n).format(n=i18n.number(n),
                                                          events=_events(differs)))
    unsaid = [e for e in (*added, *(e for e, _m in updated)) if not e.status_given]
    if unsaid:
        lines.append(ngettext("{n} event without STATUS becomes confirmed.",
                              "{n} events without STATUS become confirmed.", len(unsaid))
                     .format(n=i18n.number(len(unsaid))))
    found: dict[str, int] = {}
    for event in (*added, *(e for e, _m in updated)):
        for name in event.not_kept:
            found[name] = found.get(name, 0) + 1
    if found:
        parts = []
        for name, n in found.items():
            events = ngettext("{n} event", "{n} events", n).format(n=i18n.number(n))
            word = _(NOT_KEPT_WORDS[name]) + ", " if name in NOT_KEPT_WORDS else ""
            parts.append(f"{name} ({word}{events})")
        lines.append(_("Not kept: {properties}.").format(properties=", ".join(parts)))
    return lines


def _when(at: dt.datetime, other: dt.datetime, zone_too: bool) -> str:
    """*at* as "14:00", with its day when *other* is on another day, its zone when asked."""
    text = f"{at:%H:%M}"
    if at.date() != other.date():
        text = f"{dated(at, '%a')} {at.day} {dated(at, '%b')} {text}"
    if zone_too:
        text += f" {zone_abbreviation(at)}"
    return text


def _quoted(text: str) -> str:
    return f"“{text}”" if text else _("none")


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
        parts.append(_("{before} → {after} min").format(before=before.duration_min,
                                                         after=after.duration_min))
    if before.place != after.place:
        parts.append(_("place {before} → {after}").format(before=_quoted(before.place),
                                                           after=_quoted(after.place)))
    if before.status != after.status:
        parts.append(f"{status_word(before.status, lower=True)} → "
                     f"{status_word(after.status, lower=True)}")
    return head + (" " + ", ".join(parts) if parts else "")
