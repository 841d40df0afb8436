"""A mission's agenda as the window lists it: day by day, each meeting with its times (in the
place's zone and at home) and the checks' flags said in words, and the free periods between
meetings as rows of their own. No Qt: the Mission tab (ui/agenda/) shows what this says.

A flag is never a colour alone: each carries a glyph and a sentence (what, with which
meeting, by how much), so a screen reader, a grey-scale print and a colour-blind user read
the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from mxdesk.core.mission.checks import DEFAULT_TRAVEL_MIN, Gap, gaps, overlaps, too_close
from mxdesk.core.mission.records import Meeting, Mission

__all__ = ["DEFAULT_GAP_MIN", "GLYPHS", "AgendaDay", "AgendaRow", "Flag", "agenda_days",
           "clock", "duration_text", "home_time", "local_time"]

#: Free periods shorter than this (minutes) between two meetings are not listed.
DEFAULT_GAP_MIN = 60
#: The glyph each flag shows before its words (all in DejaVu Sans and Segoe UI).
GLYPHS = {"overlap": "⚠", "too_close": "↔", "overdue": "⚑"}


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
    """A day of the agenda (the date in each meeting's own zone) and its rows in order."""

    day: dt.date
    rows: tuple[AgendaRow, ...]

    @property
    def meetings(self) -> list[Meeting]:
        """The day's meetings, cancelled ones included, in order."""
        return [r.meeting for r in self.rows if r.meeting is not None]

    def summary(self) -> str:
        """What the day's heading says after the date: "3 meetings · 1 cancelled ·
        ⚠ 1 overlap · ↔ 1 too close"; "no meetings" for an empty day."""
        held = self.meetings
        if not held:
            return "no meetings"
        parts = [f"{len(held)} meeting{'s' if len(held) != 1 else ''}"]
        cancelled = sum(m.cancelled for m in held)
        if cancelled:
            parts.append(f"{cancelled} cancelled")
        for kind, word in (("overlap", "overlap"), ("too_close", "too close")):
            # Each pair flags both meetings: count the pairs.
            pairs = sum(f.kind == kind for r in self.rows for f in r.flags) // 2
            if pairs:
                parts.append(f"{GLYPHS[kind]} {pairs} {word}"
                             f"{'s' if pairs != 1 and kind == 'overlap' else ''}")
        return " · ".join(parts)


def clock(when: dt.datetime) -> str:
    """A time as the agenda shows it: 24-hour "09:30"."""
    return f"{when:%H:%M}"


def duration_text(minutes: int) -> str:
    """A length in words: "45 min", "2 h", "2 h 30 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


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


def _flags(held: list[Meeting], travel_min: int, today: dt.date | None
           ) -> dict[int, list[Flag]]:
    """Each meeting's flags, by the meeting's position in *held*."""
    place = {id(m): n for n, m in enumerate(held)}
    found: dict[int, list[Flag]] = {n: [] for n in range(len(held))}
    for o in overlaps(held):
        found[place[id(o.first)]].append(
            Flag("overlap", f"Overlaps “{o.second.title}” by {duration_text(o.minutes)}"))
        found[place[id(o.second)]].append(
            Flag("overlap", f"Overlaps “{o.first.title}” by {duration_text(o.minutes)}"))
    for t in too_close(held, travel_min):
        where = f" at {t.second.place}" if t.second.place else ""
        found[place[id(t.first)]].append(Flag(
            "too_close", f"Only {t.minutes} min to get to “{t.second.title}”{where} "
                         f"(allow {t.needed})"))
        where = f" at {t.first.place}" if t.first.place else ""
        found[place[id(t.second)]].append(Flag(
            "too_close", f"Only {t.minutes} min after “{t.first.title}”{where} "
                         f"(allow {t.needed})"))
    if today is not None:
        for n, m in enumerate(held):
            if m.next_due is not None and m.next_due < today and m.next_step \
                    and not m.cancelled:
                found[n].append(Flag("overdue", f"Next step due {m.next_due.isoformat()}: "
                                                f"{m.next_step}"))
    return found


def agenda_days(mission: Mission | None, meetings: Iterable[Meeting],
                gap_min: int = DEFAULT_GAP_MIN, travel_min: int = DEFAULT_TRAVEL_MIN,
                today: dt.date | None = None) -> list[AgendaDay]:
    """The agenda, day by day: every day of *mission* (none without one) and every day a
    meeting falls on (its date where it is held), first to last; under each, its meetings
    in order of start with their flags (overlaps, two places closer than *travel_min*
    minutes, and, given *today*, next steps overdue), and the free periods of *gap_min*
    minutes or more between them. Raises ValueError when *gap_min* ≤ 0 or *travel_min* < 0.
    """
    by_day: dict[dt.date, list[Meeting]] = {d: [] for d in (mission.days if mission else [])}
    for meeting in meetings:
        by_day.setdefault(meeting.start.date(), []).append(meeting)
    days = []
    for day in sorted(by_day):
        held = sorted(by_day[day], key=lambda m: (m.start.astimezone(dt.UTC), m.id or 0))
        flags = _flags(held, travel_min, today)
        free = {g.start.astimezone(dt.UTC): g for g in gaps(held, gap_min)}
        rows: list[AgendaRow] = []
        for n, meeting in enumerate(held):
            starts = meeting.start.astimezone(dt.UTC)
            for at in sorted(k for k in free if k < starts):
                rows.append(AgendaRow(gap=free.pop(at)))
            rows.append(AgendaRow(meeting=meeting, flags=tuple(flags[n])))
        rows += [AgendaRow(gap=free[at]) for at in sorted(free)]
        days.append(AgendaDay(day, tuple(rows)))
    return days
