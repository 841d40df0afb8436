"""Checks on a day's meetings, before they bite: overlaps, two places too close together, and
the free periods between them. Pure functions over :class:`~.records.Meeting` records (no
store, no Qt); times are compared as instants, whatever zone each meeting is in.

Cancelled meetings are left out of every check: they take no time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from mxdesk.core.mission.records import Meeting
from mxdesk.core.text import fold

__all__ = ["DEFAULT_TRAVEL_MIN", "Gap", "Overlap", "TooClose", "gaps", "overlaps",
           "same_place", "too_close"]

#: Minutes to allow between two meetings in different places, unless told otherwise.
DEFAULT_TRAVEL_MIN = 30


@dataclass(frozen=True)
class Overlap:
    """Two meetings that share time: *first* starts no later than *second*; *minutes* of
    them overlap."""

    first: Meeting
    second: Meeting
    minutes: int


@dataclass(frozen=True)
class TooClose:
    """Two meetings in different places with less than the travel time between them:
    *minutes* from the end of *first* to the start of *second* (0 or more), *needed* asked."""

    first: Meeting
    second: Meeting
    minutes: int
    needed: int


@dataclass(frozen=True)
class Gap:
    """A free period of at least the minutes asked: from *start* to *end* (aware, in the zone
    of the meeting before it, or of the one after it for the first), *minutes* long."""

    start: dt.datetime
    end: dt.datetime
    minutes: int


def _held(meetings: Iterable[Meeting]) -> list[Meeting]:
    """The meetings not cancelled, in order of their start (then their end, then id)."""
    return sorted((m for m in meetings if not m.cancelled),
                  key=lambda m: (m.start.astimezone(dt.UTC), m.end.astimezone(dt.UTC),
                                 m.id or 0))


def _minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 60)


def same_place(a: str, b: str) -> bool:
    """Whether two places' texts name one place: equal once folded (accents, case and
    punctuation aside), or either empty (a place not given is no reason to travel)."""
    fa, fb = fold(a), fold(b)
    return not fa or not fb or fa == fb


def overlaps(meetings: Iterable[Meeting]) -> list[Overlap]:
    """Every pair of meetings (not cancelled) whose times overlap, in order of start; a
    meeting that ends when the next starts does not overlap it."""
    held = _held(meetings)
    found: list[Overlap] = []
    for n, first in enumerate(held):
        for second in held[n + 1:]:
            if second.start >= first.end:
                break
            shared = min(first.end, second.end) - second.start
            found.append(Overlap(first, second, _minutes(shared)))
    return found


def too_close(meetings: Iterable[Meeting], travel_min: int = DEFAULT_TRAVEL_MIN
              ) -> list[TooClose]:
    """Consecutive meetings (not cancelled, not overlapping: :func:`overlaps` says those) in
    different places (:func:`same_place`) with less than *travel_min* minutes between the
    end of one and the start of the next. Raises ValueError when *travel_min* < 0."""
    if travel_min < 0:
        raise ValueError(f"travel_min: {travel_min} is below 0")
    held = _held(meetings)
    found: list[TooClose] = []
    for first, second in pairwise(held):
        between = _minutes(second.start - first.end)
        if 0 <= between < travel_min and not same_place(first.place, second.place):
            found.append(TooClose(first, second, between, travel_min))
    return found


def gaps(meetings: Iterable[Meeting], at_least_min: int,
         day_start: dt.datetime | None = None, day_end: dt.datetime | None = None) -> list[Gap]:
    """Free periods of *at_least_min* minutes or more between meetings (not cancelled), and
    before the first from *day_start* and after the last until *day_end* (aware datetimes)
    when given. Raises ValueError when *at_least_min* ≤ 0 or a bound is naive."""
    if at_least_min <= 0:
        raise ValueError(f"at_least_min: {at_least_min} is not above 0")
    for name, bound in (("day_start", day_start), ("day_end", day_end)):
        if bound is not None and bound.tzinfo is None:
            raise ValueError(f"{name}: {bound} has no time zone")
    held = _held(meetings)
    found: list[Gap] = []
    free_from = day_start
    for meeting in held:
        if free_from is not None and _minutes(meeting.start - free_from) >= at_least_min:
            start = free_from.astimezone(meeting.start.tzinfo) if free_from is day_start \
                else free_from
            found.append(Gap(start, meeting.start, _minutes(meeting.start - free_from)))
        if free_from is None or meeting.end > free_from:
            free_from = meeting.end
    if day_end is not None and free_from is not None \
            and _minutes(day_end - free_from) >= at_least_min:
        found.append(Gap(free_from, day_end.astimezone(free_from.tzinfo),
                         _minutes(day_end - free_from)))
    return found
