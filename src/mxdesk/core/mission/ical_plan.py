"""An .ics file's events compared with the store (:func:`plan_ics`), said before anything is
written (:meth:`CalendarPlan.summary`), then written in one transaction (:func:`apply_ics`):
the plan-then-confirm shape of the notes import, whose :class:`AgendaPlan` and
``apply_agenda`` it reuses.

Matching is by UID. An event whose UID no meeting has is added; one whose meeting here shows
the same (title, start, length, place, status) is unchanged; one with a higher SEQUENCE, or
the same SEQUENCE and a later LAST-MODIFIED/DTSTAMP than the meeting's last change, updates
the meeting in place: the fields a calendar shows change, the user's own (outcome, next step,
clusters, contacts, comment) stay. An older one is skipped and said so. STATUS:CANCELLED (or
a file whose METHOD is CANCEL) marks the meeting cancelled; a meeting marked done stays done
when the file calls it confirmed.

Zones. A TZID that is an IANA name (or a Windows name icalendar maps to one) is the meeting's
zone. A time in UTC, or in a zone the file defines by itself, is an exact instant; it is shown
in the zone of the place when the LOCATION names a Mexican state, one of the cities the zone
database names (Monterrey, Tijuana, Cancún…) or a border town, else in the *default zone*
(the caller's, else the zone most of the mission's meetings are in, else central Mexico). A
floating time (no zone at all, as some matchmaking platforms write) is read as the wall time
of that same zone: the platform's event is in the place, and a traveller's home zone (the
mission's) would put every meeting hours off. Each such reading is said in the summary.

Dates. A meeting that joins (or, updated, stays in) the chosen mission on a day outside the
mission's first and last days (the day in the meeting's own zone) is imported all the same,
and the summary warns of it, naming the days: a platform's schedule for the week after, or a
mission whose dates were never set right, is seen before saying yes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace

from mxdesk.core import i18n
from mxdesk.core.errors import MxdeskError
from mxdesk.core.exchange.agenda import AgendaPlan, IncomingMeeting, apply_agenda
from mxdesk.core.exchange.common import ImportFileError
from mxdesk.core.i18n import _, ngettext
from mxdesk.core.mission.ical_in import CalendarEvent, CalendarFile
from mxdesk.core.mission.ical_said import change_line, kept_lines
from mxdesk.core.mission.records import (
    InvalidRecordError,
    Meeting,
    MeetingStatus,
    Mission,
    new_uid,
)
from mxdesk.core.mission.wording import dated
from mxdesk.core.notes import NotesStore
from mxdesk.core.text import fold
from mxdesk.core.zones import (
    BORDER_PLACES,
    DEFAULT_ZONE,
    STATE_ZONES,
    check_zone,
    guess_zone,
    state_zone,
)
from mxdesk.core.zones import zone as zone_info

__all__ = ["CalendarPlan", "apply_ics", "place_zone", "plan_ics"]

#: Minutes given to an event with neither DTEND nor DURATION (RFC 5545 would make it last no
#: time; a meeting cannot): said in the summary.
DEFAULT_MINUTES = 60
#: Updates the summary details one by one (the rest counted).
_SHOWN = 12
#: Mexico's zones by the city each is named after ("monterrey" -> America/Monterrey), taken
#: from the zone names themselves.
_CITY_ZONES = {fold(name.split("/")[-1].replace("_", " ")): name
               for name in {DEFAULT_ZONE, *STATE_ZONES.values(),
                            *(z for _s, z in BORDER_PLACES.values())}}


@dataclass
class CalendarPlan:
    """What importing a calendar would do; nothing is written until :func:`apply_ics`.

    ``mission`` is the mission new meetings join (None: a new one, ``new_mission``);
    ``agenda`` holds the meetings to add and to update (each update the whole meeting as it
    will be); ``skipped`` the events left out, each with its reason; ``older`` the events
    older than the meeting here; ``notices`` how times were read; ``kept`` where the
    events' fields go and what is not kept; ``zone_hint`` the CLI's hint on --zone;
    ``outside`` the meetings of ``mission`` (added or updated) on a day outside its dates, in
    order of their start: imported all the same, and warned of first in the summary."""

    source: str
    mission: Mission | None = None
    new_mission: Mission | None = None
    agenda: AgendaPlan = field(default_factory=AgendaPlan)
    skipped: list[str] = field(default_factory=list)
    older: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: Where the events' fields go and what is not kept (:func:`.ical_said.kept_lines`).
    kept: list[str] = field(default_factory=list)
    #: How a command line chooses the zone the file's unplaced times were read in ("" when
    #: every time was placed): the CLI prints it, the window (which has no --zone) does not.
    zone_hint: str = ""
    outside: list[Meeting] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether applying would write nothing."""
        return not (self.agenda.new_meetings or self.agenda.changed_meetings)

    def summary(self) -> str:
        """What a person reads before saying yes: the counts in words (only of what there
        is), the mission they go to, then each skipped event with its reason and how times
        were read, one per line."""
        agenda = self.agenda
        lines = []
        added, changed = len(agenda.new_meetings), len(agenda.changed_meetings)
        if added and self.new_mission:
            lines.append(ngettext(
                "{n} new meeting will be added to the new mission “{mission}”.",
                "{n} new meetings will be added to the new mission “{mission}”.", added).format(
                n=i18n.number(added), mission=self.new_mission.name))
        elif added and self.mission:
            lines.append(ngettext(
                "{n} new meeting will be added to the mission “{mission}”.",
                "{n} new meetings will be added to the mission “{mission}”.", added).format(
                n=i18n.number(added), mission=self.mission.name))
        elif added:
            lines.append(ngettext("{n} new meeting will be added to no mission.",
                                  "{n} new meetings will be added to no mission.", added)
                         .format(n=i18n.number(added)))
        if changed:
            lines.append(ngettext("{n} meeting will be updated in place.",
                                  "{n} meetings will be updated in place.", changed).format(
                n=i18n.number(changed)))
        if not (added or changed):
            lines.append(_("Nothing in the calendar is new to your agenda."))
        if agenda.same_meetings:
            n = agenda.same_meetings
            lines.append(ngettext("{n} meeting is already here unchanged.",
                                  "{n} meetings are already here unchanged.", n).format(
                n=i18n.number(n)))
        text = " ".join(lines)
        for new, before in agenda.changed_meetings[:_SHOWN]:
            text += "\n" + _("Updated: {change}").format(
                change=change_line(before, new.meeting))
        if changed > _SHOWN:
            text += "\n" + _("Updated: …and {n} more").format(n=i18n.number(changed - _SHOWN))
        if self.outside and self.mission is not None:
            text += f"\n{_outside_warning(self.mission, self.outside)}"
        for older in self.older:
            text += "\n" + _("Skipped, older than the meeting here: {why}").format(why=older)
        for skipped in self.skipped:
            text += "\n" + _("Skipped: {why}").format(why=skipped)
        for notice in (*self.notices, *self.kept):
            text += f"\n{notice}"
        return text


def _days(first: dt.date, last: dt.date) -> str:
    """A mission's dates as a person writes them: "10–12 Mar 2026", "30 Mar – 2 Apr 2026",
    "14 Jul 2026" for one day."""
    if first == last:
        return f"{first.day} {dated(first, '%b %Y')}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {dated(last, '%b %Y')}"
    if first.year == last.year:
        return f"{first.day} {dated(first, '%b')} – {last.day} {dated(last, '%b %Y')}"
    return f"{first.day} {dated(first, '%b %Y')} – {last.day} {dated(last, '%b %Y')}"


def _outside_warning(mission: Mission, outside: list[Meeting]) -> str:
    """The summary's warning of meetings on days outside *mission*'s dates, the first five
    named by day (in the meeting's own zone) and title."""
    n = len(outside)
    named = ", ".join(f"{m.start.day} {dated(m.start, '%b')} “{m.title}”" for m in outside[:5])
    # Translators: {days} the mission's dates ("10–12 Mar 2026"), {meetings} the first five
    # meetings by day and title ("14 Mar “B2B”, …").
    return ngettext(
        "{n} meeting falls outside the mission's dates ({days}): {meetings}. It is imported "
        "all the same; change the mission's dates or the meeting if that is not right.",
        "{n} meetings fall outside the mission's dates ({days}): {meetings}. They are "
        "imported all the same; change the mission's dates or the meeting if that is not "
        "right.", n).format(n=i18n.number(n), days=_days(mission.start_date, mission.end_date),
                            meetings=named + ("…" if n > 5 else ""))


def place_zone(place: str) -> str | None:
    """The IANA zone a meeting place's text names, or None: a border town or Bahía de Banderas
    (:func:`~mxdesk.core.zones.guess_zone`), a city a Mexican zone is named after
    ("Monterrey", "Tijuana", "Cancún"), or a state ("Querétaro", "Nuevo León", "MX-NLE")
    among the parts of the text between commas."""
    if not place.strip():
        return None
    border = guess_zone(None, place, fallback="UTC")
    if border != "UTC":
        return border
    words = f" {fold(place)} "
    for city, name in _CITY_ZONES.items():
        if f" {city} " in words:
            return name
    for part in place.replace(";", ",").split(","):
        found = state_zone(part)
        if found is not None:
            return found
    return None


def _default_zone(store: NotesStore, mission: Mission | None,
                  zone: str | None) -> tuple[str, str]:
    """The zone for times the file does not place, and why it, in words: *zone*, else the
    mission's usual one, else central Mexico's."""
    if zone:
        return check_zone(zone, "--zone"), _("the zone asked for")
    if mission is not None:
        held = Counter(m.zone for m in store.meetings(mission_id=mission.id))
        if held:
            return held.most_common(1)[0][0], _("the zone most of the mission's meetings "
                                                "are in")
    return DEFAULT_ZONE, _("central Mexico's zone, the default")


#: How an event's times were read, for the plan's lines (:func:`_said`): (how, zone, and
#: why that zone or the file's UTC offset); how is "floating" (no zone), "own" (a zone of
#: the file's own, shown as a fixed offset) or "utc". Kept whole, so that each line is one
#: sentence in the count's grammar ("1 evento … no tenía zona horaria: se leyó en …").
_Reading = tuple[str, str, str]


def _placed(event: CalendarEvent, fallback: str, floating_zone: str,
            fallback_why: str = "") -> tuple[dt.datetime, str, _Reading | None]:
    """The event's start (aware), its zone, and how its times were read, for the summary
    (:data:`_Reading`; None when the file named the zone). *floating_zone* is the zone the
    file says its floating times are in ("" when it says none)."""
    assert event.start is not None
    by_place = place_zone(event.place)
    if event.zone:
        if event.zone_named != event.zone and by_place \
                and event.start.astimezone(zone_info(by_place)).utcoffset() \
                == event.start.utcoffset():
            # A Windows zone names a region ("Central Standard Time (Mexico)" is
            # America/Mexico_City): the place's own zone, on the same clock, says more.
            return event.start.astimezone(zone_info(by_place)), by_place, None
        return event.start, event.zone, None
    chosen = by_place or (floating_zone if event.floating else "") or fallback
    why = (_("the zone their place names") if by_place
           else _("the calendar's own zone (X-WR-TIMEZONE)") if event.floating and floating_zone
           else _("{why} (no zone could be told from their place; each meeting's zone can be "
                  "changed)").format(why=fallback_why))
    if event.floating:
        start = Meeting("x", event.start, chosen).start  # refuses an hour the clocks skip
        return start, chosen, ("floating", chosen, why)
    offset = event.start.utcoffset()
    start = event.start.astimezone(dt.UTC)
    if offset and start.astimezone(zone_info(chosen)).utcoffset() != offset:
        hours = offset.total_seconds() / 3600
        if hours.is_integer():
            # Etc/GMT+6 is UTC-6 (POSIX signs): a fixed offset, still an IANA name.
            etc = f"Etc/GMT{'+' if hours < 0 else '-'}{abs(int(hours))}"
            return start, etc, ("own", etc, f"UTC{hours:+.0f}")
    return start, chosen, None if by_place or offset else ("utc", chosen, why)


def _reading_line(reading: _Reading, count: int, names: str) -> str:
    """One line of the plan: how *count* events (*names*, their titles) had their times
    read, a whole sentence in the count's grammar."""
    how, zone, why = reading
    n = i18n.number(count)
    if how == "floating":
        # Translators: {names} the events' titles, {zone} an IANA zone name, {why} a reason
        # ("the zone their place names").
        return ngettext("{n} event ({names}) had no time zone: read in {zone}, {why}.",
                        "{n} events ({names}) had no time zone: read in {zone}, {why}.",
                        count).format(n=n, names=names, zone=zone, why=why)
    if how == "own":
        # Translators: {names} the events' titles, {zone} "Etc/GMT+6", {offset} "UTC-6".
        return ngettext("{n} event ({names}) had a zone of the file's own: shown as {zone} "
                        "({offset}).",
                        "{n} events ({names}) had a zone of the file's own: shown as {zone} "
                        "({offset}).", count).format(n=n, names=names, zone=zone, offset=why)
    # Translators: {names} the events' titles, {zone} an IANA zone name, {why} a reason
    # ("central Mexico's zone, the default").
    return ngettext("{n} event ({names}) had times in UTC: shown in {zone}, {why}.",
                    "{n} events ({names}) had times in UTC: shown in {zone}, {why}.",
                    count).format(n=n, names=names, zone=zone, why=why)


def _said(how: dict[_Reading, list[CalendarEvent]]) -> list[str]:
    """One line per way times were read: how many events, the first few named."""
    lines = []
    for reading, events in how.items():
        names = ", ".join(f"“{e.title}”" for e in events[:3]) + ("…" if len(events) > 3 else "")
        lines.append(_reading_line(reading, len(events), names))
    return lines


def _minutes(event: CalendarEvent, notices: list[str]) -> int:
    """The event's length in whole minutes (seconds rounded up); 60 when it has no end."""
    if event.end is None or event.start is None:
        notices.append(_("{event} has no end: {minutes} minutes assumed.").format(
            event=event.named, minutes=DEFAULT_MINUTES))
        return DEFAULT_MINUTES
    seconds = (event.end.astimezone(dt.UTC) - event.start.astimezone(dt.UTC)).total_seconds() \
        if event.start.tzinfo else (event.end - event.start).total_seconds()
    return max(1, -int(-seconds // 60))


def _calendar_same(a: Meeting, b: Meeting) -> bool:
    """Whether two versions show the same in a calendar (the start as an instant)."""
    return (a.title, a.start, a.duration_min, a.place, a.status) == (
        b.title, b.start, b.duration_min, b.place, b.status)


def _newer(event: CalendarEvent, here: Meeting) -> bool:
    """Whether the file's version is later: a higher SEQUENCE, or the same one changed
    after the meeting here was (LAST-MODIFIED, else DTSTAMP)."""
    if event.sequence != here.sequence:
        return event.sequence > here.sequence
    if event.stamp is None or not here.updated_at:
        return False
    return event.stamp > dt.datetime.fromisoformat(here.updated_at.replace("Z", "+00:00"))


def _older_reason(event: CalendarEvent, here: Meeting) -> str:
    """Why an event is older than the meeting here, in the terms :func:`_newer` used: a lower
    SEQUENCE, or the same SEQUENCE with a LAST-MODIFIED/DTSTAMP no later than the meeting's
    last change (issue 18's second trial: "its SEQUENCE is 0, the meeting's here 0" did not
    say that the time stamp decided)."""
    if event.sequence != here.sequence:
        return _("{event}: its SEQUENCE is {sequence}, the meeting's here {here}.").format(
            event=event.named, sequence=event.sequence, here=here.sequence)
    if event.stamp is None:
        return _("{event}: the same SEQUENCE ({sequence}) as the meeting here, and no "
                 "LAST-MODIFIED or DTSTAMP to tell which is newer.").format(
            event=event.named, sequence=event.sequence)
    changed = here.updated_at[:16].replace("T", " ") if here.updated_at else "?"
    # Translators: {stamped} and {changed} are "2026-07-14 09:30" (UTC).
    return _("{event}: the same SEQUENCE ({sequence}) as the meeting here, and it was stamped "
             "{stamped} UTC, not after the meeting here last changed ({changed} UTC).").format(
        event=event.named, sequence=event.sequence,
        stamped=f"{event.stamp.astimezone(dt.UTC):%Y-%m-%d %H:%M}", changed=changed)


def _new_mission(calendar: CalendarFile, starts: list[dt.datetime], zone: str) -> Mission:
    """A mission for a calendar imported while there is none: named after the calendar (or
    its file), over the days of its meetings, with *zone* as its home until the user says."""
    name = calendar.name or calendar.source.rsplit(".", 1)[0] or _("Imported calendar")
    days = [s.date() for s in starts] or [dt.date.today()]
    return Mission(name, min(days), max(days), calendar.home_zone or zone,
                   uid=calendar.mission_uid or new_uid())


def plan_ics(store: NotesStore, calendar: CalendarFile, mission: Mission | None = None,
             zone: str | None = None) -> CalendarPlan:
    """Compare *calendar*'s events with the store's meetings by UID.

    New meetings join *mission*; when None, the mission the file was exported from
    (X-MXDESK-MISSION-UID) or that the calendar's name (X-WR-CALNAME) names, else the only
    mission, else a new one (named after the calendar, over its days)
    when there is none. *zone* (an IANA name) places times the file does not (see the
    module's docstring). Raises :class:`~mxdesk.core.errors.MxdeskError` when several
    missions could take the meetings and none is named, and
    :class:`~mxdesk.core.zones.ZoneError` for a *zone* that is not IANA."""
    plan = CalendarPlan(calendar.source, notices=list(calendar.notices))
    if mission is None:
        missions = store.missions()
        named = ([m for m in missions if m.uid == calendar.mission_uid]
                 or [m for m in missions
                     if calendar.name and fold(m.name) == fold(calendar.name)])
        if named or len(missions) == 1:
            mission = (named or missions)[0]
        elif missions:
            raise MxdeskError(_("{file}: which mission are these meetings for? Name it with "
                                "--mission ({missions}); nothing was imported").format(
                                    file=calendar.source,
                                    missions=", ".join(f"“{m.name}”" for m in missions)))
    plan.mission = mission
    fallback, fallback_why = _default_zone(store, mission, zone)
    here = {m.uid: m for m in store.meetings()}
    seen: dict[str, CalendarEvent] = {}
    how: dict[_Reading, list[CalendarEvent]] = {}
    incoming: list[tuple[CalendarEvent, Meeting]] = []
    for event in calendar.events:
        if event.skip:
            plan.skipped.append(_("{event}: {why}.").format(event=event.named, why=event.skip))
            continue
        uid = event.uid or new_uid()
        if event.uid and event.uid in seen:
            plan.skipped.append(_("{event}: the UID of {first} again; the first is kept.")
                                .format(event=event.named, first=seen[event.uid].named))
            continue
        seen[uid] = event
        try:
            start, chosen, notice = _placed(event, fallback, calendar.floating_zone,
                                            fallback_why)
            meeting = Meeting(
                title=event.title or _("Untitled meeting"), start=start, zone=chosen,
                duration_min=_minutes(event, plan.notices), place=event.place,
                status=event.status, comment=event.description, uid=uid,
                sequence=event.sequence)
        except InvalidRecordError as exc:
            raise ImportFileError(_("{file}: event {event}: {problem}; nothing was "
                                    "imported").format(file=calendar.source,
                                                       event=event.named, problem=exc)) from exc
        if notice is not None:
            how.setdefault(notice, []).append(event)
        incoming.append((event, meeting))
    plan.notices += _said(how)
    if not zone and any(fallback_why in why for _how, _zone, why in how):
        plan.zone_hint = _("To read them in another zone, import again with --zone ZONE (an "
                           "IANA name, e.g. America/Tijuana).")
    if mission is None and any(m.uid not in here for _e, m in incoming):
        plan.new_mission = _new_mission(calendar, [m.start for _e, m in incoming], fallback)
        plan.agenda.new_missions.append(plan.new_mission)
        made = plan.new_mission
        # Translators: {first} and {last} are ISO dates, {zone} an IANA zone name.
        plan.notices.append(_("There is no mission yet: “{mission}” will be made ({first} to "
                              "{last}, home zone {zone}: change it in the mission if it is not "
                              "yours).").format(mission=made.name, first=made.start_date,
                                                last=made.end_date, zone=made.home_zone))
    owner = plan.new_mission or mission
    mission_uid = owner.uid if owner is not None else None
    for event, meeting in incoming:
        before = here.get(meeting.uid)
        if before is None:
            plan.agenda.new_meetings.append(IncomingMeeting(meeting, mission_uid))
            continue
        status = before.status if (before.status is MeetingStatus.DONE
                                   and meeting.status is MeetingStatus.CONFIRMED) \
            else meeting.status
        after = replace(before, title=meeting.title, start=meeting.start,
                        zone=meeting.zone if event.zone else before.zone,
                        duration_min=meeting.duration_min, place=meeting.place, status=status,
                        sequence=max(meeting.sequence, before.sequence), updated_at="")
        if _calendar_same(after, before):
            plan.agenda.same_meetings += 1
        elif _newer(event, before):
            held_by = store.mission(before.mission_id).uid if before.mission_id else None
            plan.agenda.changed_meetings.append((IncomingMeeting(after, held_by), before))
        else:
            plan.agenda.older_meetings += 1
            plan.older.append(_older_reason(event, before))
    plan.kept = _kept(plan, incoming, here)
    if mission is not None:
        joining = [*(new.meeting for new in plan.agenda.new_meetings),
                   *(new.meeting for new, old in plan.agenda.changed_meetings
                     if old.mission_id == mission.id)]
        plan.outside = sorted((m for m in joining
                               if not mission.start_date <= m.start.date() <= mission.end_date),
                              key=lambda m: m.start)
    return plan


def _kept(plan: CalendarPlan, incoming: list[tuple[CalendarEvent, Meeting]],
          here: dict[str, Meeting]) -> list[str]:
    """The plan's lines on where fields go and what is not kept, of the events it adds or
    updates (:func:`.ical_said.kept_lines`)."""
    adding = {n.meeting.uid for n in plan.agenda.new_meetings}
    updating = {n.meeting.uid for n, _old in plan.agenda.changed_meetings}
    return kept_lines([e for e, m in incoming if m.uid in adding],
                      [(e, here[m.uid]) for e, m in incoming if m.uid in updating])


def apply_ics(store: NotesStore, plan: CalendarPlan) -> tuple[int, int]:
    """Write the plan in one transaction, the notes backed up first (``before-import``, so
    File ▸ Restore takes it back); returns (meetings added, meetings updated; a new mission
    is not counted). Raises what ``NotesStore.transaction`` raises (read-only, disk full),
    with nothing written."""
    if plan.empty:
        return 0, 0
    store.backup(reason="before-import")
    with store.transaction() as conn:
        added, merged = apply_agenda(store, conn, plan.agenda, True, {}, lambda: None)
    return added - len(plan.agenda.new_missions), merged
