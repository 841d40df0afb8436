"""Checks on a day's meetings, before they bite: overlaps, two places too close together, and
the free periods between them. Two meetings in different cities (read from the place's text,
else the first cluster's state: :func:`meeting_place`) need :data:`CITY_TRAVEL_MIN` between
them, whatever the cities: no distances are kept here, "another city" is the rule. Pure
functions over :class:`~.records.Meeting` records (no store, no Qt); times are compared as
instants, whatever zone each meeting is in.

Cancelled meetings are left out of every check: they take no time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise

from mxdesk.core.mission.records import Meeting
from mxdesk.core.text import fold
from mxdesk.core.zones import Place, place_of, state_place

__all__ = ["CITY_TRAVEL_MIN", "DEFAULT_TRAVEL_MIN", "ONLINE_WORDS", "Gap", "Overlap", "StateOf",
           "TooClose", "gaps", "is_online", "meeting_place", "overlaps", "same_place",
           "too_close"]

#: Minutes to allow between two meetings in different places, unless told otherwise.
DEFAULT_TRAVEL_MIN = 30
#: Minutes to allow between two meetings in different cities (a flight or a long drive with
#: its check-in and taxis), unless told otherwise.
CITY_TRAVEL_MIN = 180
#: Words (folded: no accents, lower case) that, as whole words of a place's text, say the
#: meeting is held online: no journey to it or from it.
ONLINE_WORDS = frozenset({"video", "call", "videollamada", "online", "en linea", "zoom",
                          "teams", "meet", "webex", "virtual", "remote", "phone", "telefono"})
#: A cluster id -> the directory's id of its state (None when unknown).
StateOf = Callable[[str], "str | None"]


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
    *minutes* from the end of *first* to the start of *second* (0 or more), *needed* asked;
    *cities* the names of the two cities when they are in different ones, else None."""

    first: Meeting
    second: Meeting
    minutes: int
    needed: int
    cities: tuple[str, str] | None = None


@dataclass(frozen=True)
class Gap:
    """A free period of at least the minutes asked: from *start* to *end* (aware, in the zone
    of the meeting before it, or of the one after it for the first), *minutes* long; when a
    journey shortened it, *travel_min* the minutes allowed for it and *travel_from* the city
    it leaves (else 0 and "")."""

    start: dt.datetime
    end: dt.datetime
    minutes: int
    travel_min: int = 0
    travel_from: str = ""


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


def is_online(place_text: str) -> bool:
    """Whether a place's text says the meeting is held online ("Video call", "Zoom",
    "videollamada, Tijuana", "en línea"): one of :data:`ONLINE_WORDS` as whole words,
    accents, case and punctuation aside."""
    words = fold(place_text or "").split()
    return any(w in ONLINE_WORDS for w in words) \
        or any(f"{a} {b}" in ONLINE_WORDS for a, b in pairwise(words))


def meeting_place(meeting: Meeting, state_of: StateOf | None = None) -> Place | None:
    """Where *meeting* is held: the city or state its place's text names
    (:func:`~mxdesk.core.zones.place_of`), else the state of its first cluster (*state_of*
    maps a cluster id to its state id), else None (not known)."""
    state = state_of(meeting.clusters[0]) if state_of and meeting.clusters else None
    return place_of(meeting.place, state) or state_place(state)


def _city(place: Place) -> str:
    """A place's city as a flag says it, its state's name when its city is not known."""
    return place.city or place.name


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


def too_close(meetings: Iterable[Meeting], travel_min: int = DEFAULT_TRAVEL_MIN,
              city_travel_min: int = CITY_TRAVEL_MIN, state_of: StateOf | None = None
              ) -> list[TooClose]:
    """Consecutive meetings (not cancelled, not overlapping: :func:`overlaps` says those)
    with too little time between the end of one and the start of the next: less than
    *city_travel_min* minutes when they are in different cities (:func:`meeting_place`,
    *state_of* giving a cluster's state), else less than *travel_min* when their places
    differ (:func:`same_place`). Raises ValueError when either minutes is below 0."""
    for name, value in (("travel_min", travel_min), ("city_travel_min", city_travel_min)):
        if value < 0:
            raise ValueError(f"{name}: {value} is below 0")
    held = [m for m in _held(meetings) if not is_online(m.place)]  # online: no journey
    found: list[TooClose] = []
    for first, second in pairwise(held):
        between = _minutes(second.start - first.end)
        if between < 0:
            continue
        here, there = meeting_place(first, state_of), meeting_place(second, state_of)
        if here is not None and there is not None and here.other_city(there):
            if between < city_travel_min:
                found.append(TooClose(first, second, between, city_travel_min,
                                      (_city(here), _city(there))))
        elif between < travel_min and not same_place(first.place, second.place):
            found.append(TooClose(first, second, between, travel_min))
    return found


def gaps(meetings: Iterable[Meeting], at_least_min: int,
         day_start: dt.datetime | None = None, day_end: dt.datetime | None = None,
         city_travel_min: int = CITY_TRAVEL_MIN, state_of: StateOf | None = None) -> list[Gap]:
    """Free periods of *at_least_min* minutes or more between meetings (not cancelled), and
    before the first from *day_start* and after the last until *day_end* (aware datetimes)
    when given. Between two meetings in different cities (:func:`meeting_place`; a meeting
    held online, :func:`is_online`, is left out of this: one goes nowhere for it) the first
    *city_travel_min* minutes after the first are the journey, not free: what is left is
    free from the arrival, the gap saying so (:attr:`Gap.travel_min`). Raises ValueError
    when *at_least_min* ≤ 0, *city_travel_min* < 0 or a bound is naive."""
    if city_travel_min < 0:
        raise ValueError(f"city_travel_min: {city_travel_min} is below 0")
    if at_least_min <= 0:
        raise ValueError(f"at_least_min: {at_least_min} is not above 0")
    for name, bound in (("day_start", day_start), ("day_end", day_end)):
        if bound is not None and bound.tzinfo is None:
            raise ValueError(f"{name}: {bound} has no time zone")
    held = _held(meetings)
    found: list[Gap] = []
    busy_until = day_start  # the end of the meetings so far (or the day's start)
    before: Meeting | None = None  # the last meeting one went to (not one held online)
    for meeting in held:
        free_from = busy_until
        travel, leaving = 0, ""
        online = is_online(meeting.place)
        if before is not None and busy_until is not None and not online:
            here, there = meeting_place(before, state_of), meeting_place(meeting, state_of)
            if here is not None and here.other_city(there):  # free once arrived
                arrival = before.end + dt.timedelta(minutes=city_travel_min)
                if arrival > busy_until:
                    travel, leaving = city_travel_min, _city(here)
                free_from = max(busy_until, arrival).astimezone(meeting.start.tzinfo)
        if free_from is not None and _minutes(meeting.start - free_from) >= at_least_min:
            start = free_from.astimezone(meeting.start.tzinfo) if free_from is day_start \
                else free_from
            found.append(Gap(start, meeting.start, _minutes(meeting.start - free_from),
                             travel, leaving))
        if busy_until is None or meeting.end > busy_until:
            busy_until = meeting.end
        if not online:
            before = meeting
    free_from = busy_until
    if day_end is not None and free_from is not None \
            and _minutes(day_end - free_from) >= at_least_min:
        found.append(Gap(free_from, day_end.astimezone(free_from.tzinfo),
                         _minutes(day_end - free_from)))
    return found
