"""A mission's agenda as the window lists it: day by day, each meeting with its times (in the
place's zone and at home) and the checks' flags said in words, and the free periods between
meetings as rows of their own. No Qt: the Mission tab (ui/agenda/) shows what this says.

A flag is never a colour alone: each carries a glyph and a sentence (what, with which
meeting, by how much), so a screen reader, a grey-scale print and a colour-blind user read
the same thing.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mxdesk.core import i18n
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import N_, _, ngettext
from mxdesk.core.mission.checks import (
    CITY_TRAVEL_MIN,
    DEFAULT_TRAVEL_MIN,
    Gap,
    StateOf,
    TooClose,
    gaps,
    overlaps,
    too_close,
)
from mxdesk.core.mission.records import Meeting, Mission

if TYPE_CHECKING:
    from mxdesk.core.directory import Directory

__all__ = ["DEFAULT_GAP_MIN", "GLYPHS", "OUTSIDE_WORDS", "AgendaDay", "AgendaRow", "Flag",
           "agenda_days", "clock", "directory_states", "duration_text", "gap_text", "home_time",
           "local_time", "meeting_flags", "overdue_flag"]

#: Free periods shorter than this (minutes) between two meetings are not listed.
DEFAULT_GAP_MIN = 60
#: The glyph each flag shows before its words (all in DejaVu Sans and Segoe UI).
GLYPHS = {"overlap": "⚠", "too_close": "↔", "overdue": "⚑"}
#: What a day outside the mission's dates is said to be (as the day sheets say it; marked,
#: translated where shown: ``_(OUTSIDE_WORDS)``).
OUTSIDE_WORDS = N_("outside the mission's dates")


@dataclass(frozen=True)
class Flag:
    """One thing a check found about a meeting: *kind* ("overlap", "too_close",
    "overdue"), its glyph, and *text*, a sentence that says it without the glyph."""

    kind: str
    text: str

    @property
    def glyph(self) -> str:
        """The glyph shown before the words (:data:`GLYPHS`)."""
        return GLYPHS[self.kind]

    def __str__(self) -> str:
        return f"{self.glyph} {self.text}"


@dataclass(frozen=True)
class AgendaRow:
    """A row under a day: a meeting with its flags, or a free period (*gap*)."""

    meeting: Meeting | None = None
    flags: tuple[Flag, ...] = ()
    gap: Gap | None = None


@dataclass(frozen=True)
class AgendaDay:
    """A day of the agenda (the date in each meeting's own zone) and its rows in order;
    *outside* when a mission was given and the day is not one of its days."""

    day: dt.date
    rows: tuple[AgendaRow, ...]
    outside: bool = False

    @property
    def meetings(self) -> list[Meeting]:
        """The day's meetings, cancelled ones included, in order."""
        return [r.meeting for r in self.rows if r.meeting is not None]

    def summary(self) -> str:
        """What the day's heading says after the date: "3 meetings · 1 cancelled ·
        ⚠ 1 overlap · ↔ 1 too close"; "no meetings" for an empty day (in the current
        language)."""
        held = self.meetings
        if not held:
            return _("no meetings")
        parts = [ngettext("{n} meeting", "{n} meetings", len(held)).format(
            n=i18n.number(len(held)))]
        cancelled = sum(m.cancelled for m in held)
        if cancelled:
            # Translators: meetings cancelled, in a day's heading ("3 meetings · 1 cancelled").
            parts.append(ngettext("{n} cancelled", "{n} cancelled", cancelled).format(
                n=i18n.number(cancelled)))
        # Each pair flags both meetings: count the pairs.
        pairs = sum(f.kind == "overlap" for r in self.rows for f in r.flags) // 2
        if pairs:
            parts.append(f"{GLYPHS['overlap']} " + ngettext(
                "{n} overlap", "{n} overlaps", pairs).format(n=i18n.number(pairs)))
        pairs = sum(f.kind == "too_close" for r in self.rows for f in r.flags) // 2
        if pairs:
            # Translators: pairs of meetings with too little time to travel between them.
            parts.append(f"{GLYPHS['too_close']} " + ngettext(
                "{n} too close", "{n} too close", pairs).format(n=i18n.number(pairs)))
        return " · ".join(parts)


def clock(when: dt.datetime) -> str:
    """A time as the agenda shows it: 24-hour "09:30"."""
    return f"{when:%H:%M}"


def duration_text(minutes: int) -> str:
    """A length in words: "45 min", "2 h", "2 h 30 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("{minutes} min").format(minutes=rest)
    if not rest:
        return _("{hours} h").format(hours=hours)
    return _("{hours} h {minutes} min").format(hours=hours, minutes=rest)


def gap_text(gap: Gap) -> str:
    """A free period as the agenda says it: "free 13:00–15:00 CST (2 h)", and when a
    journey shortened it, "free 13:00–15:00 CST (2 h, after 3 h to get from Monterrey)"."""
    end = gap.end
    start = gap.start.astimezone(end.tzinfo)
    times = f"{clock(start)}–{clock(end)} {end.tzname() or ''}".rstrip()
    if gap.travel_min:
        # Translators: a free period between meetings shortened by a journey: {times}
        # "13:00–15:00 CST", {length} "2 h", {travel} "3 h", {city} "Monterrey".
        return _("free {times} ({length}, after {travel} to get from {city})").format(
            times=times, length=duration_text(gap.minutes),
            travel=duration_text(gap.travel_min), city=gap.travel_from)
    # Translators: a free period between meetings: {times} "13:00–15:00 CST", {length} "2 h".
    return _("free {times} ({length})").format(times=times, length=duration_text(gap.minutes))


def local_time(meeting: Meeting) -> str:
    """The meeting's time where it is held, with the zone's abbreviation:
    "09:00–10:00 CST" (the end's day said when it is another: "23:30–00:30 (+1) CST")."""
    end = meeting.end
    more = f" (+{(end.date() - meeting.start.date()).days})" \
        if end.date() != meeting.start.date() else ""
    return f"{clock(meeting.start)}–{clock(end)}{more} {meeting.start.tzname() or ''}".strip()


def home_time(meeting: Meeting, home_zone: str) -> str:
    """The start in the home zone, with its abbreviation, and the day when it is not the
    meeting's own: "16:00 CET", "01:30 (+1) CET". "" without a home zone."""
    if not home_zone:
        return ""
    home = meeting.at_home(home_zone)
    shift = (home.date() - meeting.start.date()).days
    more = f" ({shift:+d})" if shift else ""
    return f"{clock(home)}{more} {home.tzname() or ''}".strip()


def directory_states(directory: Directory) -> StateOf:
    """A cluster id -> its state's id in *directory*, read once per cluster (None for a
    cluster the directory does not have, or cannot read)."""
    @functools.cache
    def state_of(cluster_id: str) -> str | None:
        try:
            found = directory.cluster(cluster_id).state
        except MxdeskError:
            return None
        return found.id if found else None
    return state_of


def _too_close_flags(t: TooClose) -> tuple[Flag, Flag]:
    """What a pair too close says on the first meeting and on the second: each names the
    other meeting (as an overlap does), so leaving the first late is seen on it too."""
    allow = duration_text(t.needed)
    if t.cities is not None:
        # Translators: {minutes} between two meetings in different cities; {title} the
        # other meeting's title, {city} its city, {allow} the time to allow ("3 h").
        return (Flag("too_close", _("Only {minutes} min before “{title}” in {city} (another "
                                    "city; allow {allow})").format(
                    minutes=t.minutes, title=t.second.title, city=t.cities[1], allow=allow)),
                Flag("too_close", _("Only {minutes} min after “{title}” in {city} (another "
                                    "city; allow {allow})").format(
                    minutes=t.minutes, title=t.first.title, city=t.cities[0], allow=allow)))
    if t.second.place:
        first = _("Only {minutes} min before “{title}” at {place} (allow {allow})").format(
            minutes=t.minutes, title=t.second.title, place=t.second.place, allow=allow)
    else:
        first = _("Only {minutes} min before “{title}” (allow {allow})").format(
            minutes=t.minutes, title=t.second.title, allow=allow)
    if t.first.place:
        second = _("Only {minutes} min after “{title}” at {place} (allow {allow})").format(
            minutes=t.minutes, title=t.first.title, place=t.first.place, allow=allow)
    else:
        second = _("Only {minutes} min after “{title}” (allow {allow})").format(
            minutes=t.minutes, title=t.first.title, allow=allow)
    return Flag("too_close", first), Flag("too_close", second)


def overdue_flag(meeting: Meeting, today: dt.date | None) -> Flag | None:
    """The ⚑ flag of a next step due before *today* (not for a cancelled meeting), or None."""
    if today is None or meeting.next_due is None or not meeting.next_step \
            or meeting.next_due >= today or meeting.cancelled:
        return None
    # Translators: {due} is an ISO date (2026-07-14), {step} the user's own words.
    return Flag("overdue", _("Next step due {due}: {step}").format(
        due=meeting.next_due.isoformat(), step=meeting.next_step))


def meeting_flags(held: list[Meeting], travel_min: int = DEFAULT_TRAVEL_MIN,
                  today: dt.date | None = None, state_of: StateOf | None = None,
                  city_travel_min: int = CITY_TRAVEL_MIN) -> list[list[Flag]]:
    """Each meeting's flags, in the order of *held* (one day's meetings): overlaps, too
    little time to travel (:func:`~.checks.too_close`; *state_of* maps a cluster id to its
    state id) and, given *today*, next steps overdue. Raises ValueError for minutes < 0."""
    place = {id(m): n for n, m in enumerate(held)}
    found: list[list[Flag]] = [[] for _m in held]
    for o in overlaps(held):
        by = duration_text(o.minutes)
        found[place[id(o.first)]].append(Flag("overlap", _("Overlaps “{title}” by {length}")
                                              .format(title=o.second.title, length=by)))
        found[place[id(o.second)]].append(Flag("overlap", _("Overlaps “{title}” by {length}")
                                               .format(title=o.first.title, length=by)))
    for t in too_close(held, travel_min, city_travel_min, state_of):
        on_first, on_second = _too_close_flags(t)
        found[place[id(t.first)]].append(on_first)
        found[place[id(t.second)]].append(on_second)
    for n, m in enumerate(held):
        late = overdue_flag(m, today)
        if late is not None:
            found[n].append(late)
    return found


def agenda_days(mission: Mission | None, meetings: Iterable[Meeting],
                gap_min: int = DEFAULT_GAP_MIN, travel_min: int = DEFAULT_TRAVEL_MIN,
                today: dt.date | None = None, state_of: StateOf | None = None,
                city_travel_min: int = CITY_TRAVEL_MIN) -> list[AgendaDay]:
    """The agenda, day by day: every day of *mission* (none without one) and every day a
    meeting falls on (its date where it is held), first to last; under each, its meetings
    in order of start with their flags (:func:`meeting_flags`: overlaps, two places closer
    than *travel_min* minutes, two cities closer than *city_travel_min*, and, given *today*,
    next steps overdue), and the free periods of *gap_min* minutes or more between them (the
    journey between two cities is not free). *state_of* maps a cluster id to its state id
    (a meeting whose place names no city is in its first cluster's state); a day not of
    *mission* is marked :attr:`AgendaDay.outside`. Raises
    ValueError when *gap_min* ≤ 0 or *travel_min* or *city_travel_min* < 0."""
    mission_days = set(mission.days) if mission else set()
    by_day: dict[dt.date, list[Meeting]] = {d: [] for d in mission_days}
    for meeting in meetings:
        by_day.setdefault(meeting.start.date(), []).append(meeting)
    days = []
    for day in sorted(by_day):
        held = sorted(by_day[day], key=lambda m: (m.start.astimezone(dt.UTC), m.id or 0))
        flags = meeting_flags(held, travel_min, today, state_of, city_travel_min)
        free = {g.start.astimezone(dt.UTC): g for g in gaps(
            held, gap_min, city_travel_min=city_travel_min, state_of=state_of)}
        rows: list[AgendaRow] = []
        for n, meeting in enumerate(held):
            starts = meeting.start.astimezone(dt.UTC)
            for at in sorted(k for k in free if k < starts):
                rows.append(AgendaRow(gap=free.pop(at)))
            rows.append(AgendaRow(meeting=meeting, flags=tuple(flags[n])))
        rows += [AgendaRow(gap=free[at]) for at in sorted(free)]
        outside = mission is not None and day not in mission_days
        days.append(AgendaDay(day, tuple(rows), outside))
    return days
