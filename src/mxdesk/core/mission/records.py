"""Missions and meetings as plain frozen dataclasses, checked when made.

A :class:`Meeting`'s ``start`` is an aware datetime in the zone of the place (an IANA name,
``zone``); the store keeps it as UTC text beside the zone's name. A record that cannot be
right (a zone that is not IANA, a duration of zero, an end before its start, an unknown
status) is refused when made, with an :class:`InvalidRecordError` naming the field, so
nothing bad ever reaches the file.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _
from mxdesk.core.zones import ZoneError, zone

__all__ = [
    "CALENDAR_FIELDS",
    "MEETING_FIELDS",
    "MISSION_FIELDS",
    "InvalidRecordError",
    "Meeting",
    "MeetingStatus",
    "Mission",
    "from_utc_text",
    "utc_text",
]

#: The fields of a meeting a user edits.
MEETING_FIELDS = ("title", "start", "zone", "duration_min", "place", "status", "mission_id",
                  "clusters", "contacts", "outcome", "next_step", "next_due", "comment")
#: The fields a calendar shows: a change of one raises the meeting's SEQUENCE (RFC 5545
#: §3.8.7.4), so a calendar that imported it updates it in place. The comment (the meeting's
#: notes) opens the event's description; outcome and next step, written after the meeting,
#: raise nothing (the next export carries them, but no update is sent for them).
CALENDAR_FIELDS = frozenset({"title", "start", "zone", "duration_min", "place", "status",
                             "comment"})
#: The fields of a mission a user edits.
MISSION_FIELDS = ("name", "start_date", "end_date", "home_zone", "clusters", "shortlist_uid",
                  "comment")


def new_uid() -> str:
    """A new record's uid: a random UUID (version 4), as the notes' records have (not
    imported from them: this module is read while the notes package starts)."""
    return str(uuid.uuid4())


class InvalidRecordError(MxdeskError, ValueError):
    """A mission or meeting that cannot be right; *field* names the field at fault."""

    def __init__(self, field_name: str, message: str) -> None:
        self.field = field_name
        super().__init__(message if message.startswith(f"{field_name}:")
                         else f"{field_name}: {message}")


class MeetingStatus(StrEnum):
    """Where a meeting stands; the text is what the file and the exports hold."""

    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    DONE = "done"
    CANCELLED = "cancelled"


def _zone(name: object, field_name: str) -> Any:
    """The ZoneInfo of *name*; :class:`InvalidRecordError` naming *field_name* otherwise."""
    try:
        return zone(str(name) if isinstance(name, str) else repr(name), field_name)
    except ZoneError as exc:
        raise InvalidRecordError(field_name, str(exc)) from exc


def _date(value: object, field_name: str, optional: bool = False) -> dt.date | None:
    """*value* as a date (a date, or ISO text "2026-03-14"); None for ""/None when
    *optional*. Raises :class:`InvalidRecordError` naming *field_name*."""
    if value in (None, "") and optional:
        return None
    if isinstance(value, dt.datetime):
        raise InvalidRecordError(field_name, _("“{value}” is a time, not a date").format(
            value=value))
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidRecordError(field_name, _("“{value}” is not a date (YYYY-MM-DD)").format(
            value=value)) from exc


def utc_text(when: dt.datetime) -> str:
    """An aware datetime as the file stores it: UTC, ``YYYY-MM-DDTHH:MM:SSZ`` (sorts as
    text). Raises :class:`InvalidRecordError` for a naive one."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise InvalidRecordError("start", _("{when} has no time zone").format(
            when=when.isoformat()))
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_utc_text(text: str) -> dt.datetime:
    """The inverse of :func:`utc_text`: an aware datetime in UTC."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


@dataclass(frozen=True)
class Mission:
    """A trade mission: a name, its first and last days, the traveller's home zone (an IANA
    name: the home time is shown beside each meeting's), its clusters in order, and the
    uid of the shortlist it grew from (None when made otherwise)."""

    name: str
    start_date: dt.date
    end_date: dt.date
    home_zone: str
    clusters: tuple[str, ...] = ()
    shortlist_uid: str | None = None
    comment: str = ""
    uid: str = field(default_factory=new_uid)
    id: int | None = None
    created_at: str = ""
    updated_at: str = ""

    def __post_init__(self) -> None:
        name = " ".join(str(self.name or "").split())
        if not name:
            raise InvalidRecordError("name", _("a mission needs a name"))
        object.__setattr__(self, "name", name)
        start = _date(self.start_date, "start_date")
        end = _date(self.end_date, "end_date")
        assert start is not None
        assert end is not None
        if end < start:
            # Translators: {end} and {start} are ISO dates.
            raise InvalidRecordError("end_date", _("the mission ends ({end}) before it starts "
                                                   "({start})").format(end=end, start=start))
        object.__setattr__(self, "start_date", start)
        object.__setattr__(self, "end_date", end)
        _zone(self.home_zone, "home_zone")
        object.__setattr__(self, "clusters", tuple(dict.fromkeys(self.clusters)))

    @property
    def days(self) -> list[dt.date]:
        """Every day of the mission, first to last."""
        return [self.start_date + dt.timedelta(days=n)
                for n in range((self.end_date - self.start_date).days + 1)]


@dataclass(frozen=True)
class Meeting:
    """One meeting: what, when (``start``, aware, in the place's zone ``zone``), how long
    (``duration_min``, minutes > 0), where (free text), with which clusters (ids) and
    contacts (uids), where it stands (:class:`MeetingStatus`) and, after it, the outcome,
    the next step and its due date.

    ``start`` may be given naive: it is then the wall time in ``zone`` (a time that does
    not exist there, in the hour the clocks skip, is refused). ``sequence`` is iCalendar's
    SEQUENCE; ``home_zone`` is the zone of its mission's home, filled when read from the
    store ("" for a meeting of no mission), for :attr:`home_start`.
    """

    title: str
    start: dt.datetime
    zone: str
    duration_min: int = 60
    place: str = ""
    status: MeetingStatus = MeetingStatus.PROPOSED
    mission_id: int | None = None
    clusters: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    outcome: str = ""
    next_step: str = ""
    next_due: dt.date | None = None
    comment: str = ""
    uid: str = field(default_factory=new_uid)
    id: int | None = None
    sequence: int = 0
    created_at: str = ""
    updated_at: str = ""
    home_zone: str = ""

    def __post_init__(self) -> None:
        title = " ".join(str(self.title or "").split())
        if not title:
            raise InvalidRecordError("title", _("a meeting needs a title"))
        object.__setattr__(self, "title", title)
        tz = _zone(self.zone, "zone")
        start = self.start
        if not isinstance(start, dt.datetime):
            raise InvalidRecordError("start", _("“{value}” is not a date and time").format(
                value=start))
        if start.tzinfo is None:
            local = start.replace(tzinfo=tz)
            if local.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != start:
                raise InvalidRecordError("start", _(
                    "{when} does not exist in {zone} (the clocks skip that hour)").format(
                    when=f"{start:%Y-%m-%d %H:%M}", zone=self.zone))
            start = local
        object.__setattr__(self, "start", start.astimezone(tz))
        if isinstance(self.duration_min, bool) or not isinstance(self.duration_min, int) \
                or self.duration_min <= 0:
            raise InvalidRecordError("duration_min", _(
                "a meeting lasts a whole number of minutes above 0, not {value}").format(
                value=repr(self.duration_min)))
        try:
            object.__setattr__(self, "status", MeetingStatus(self.status))
        except ValueError as exc:
            # Translators: {statuses} are the file's own words (proposed, confirmed…): keep them.
            raise InvalidRecordError("status", _("“{status}” is not one of {statuses}").format(
                status=self.status, statuses=", ".join(s.value for s in MeetingStatus))) from exc
        object.__setattr__(self, "next_due", _date(self.next_due, "next_due", optional=True))
        if self.home_zone:
            _zone(self.home_zone, "home_zone")
        object.__setattr__(self, "clusters", tuple(dict.fromkeys(self.clusters)))
        object.__setattr__(self, "contacts", tuple(dict.fromkeys(self.contacts)))

    @property
    def end(self) -> dt.datetime:
        """When it ends, in the place's zone."""
        return (self.start.astimezone(dt.UTC)
                + dt.timedelta(minutes=self.duration_min)).astimezone(self.start.tzinfo)

    @property
    def starts_at(self) -> str:
        """The start as the file stores it (UTC text, :func:`utc_text`)."""
        return utc_text(self.start)

    @property
    def home_start(self) -> dt.datetime | None:
        """The start in the mission's home zone; None when the meeting has no home zone."""
        return self.start.astimezone(_zone(self.home_zone, "home_zone")) \
            if self.home_zone else None

    def at_home(self, home_zone: str) -> dt.datetime:
        """The start in *home_zone* (an IANA name; :class:`InvalidRecordError` otherwise)."""
        return self.start.astimezone(_zone(home_zone, "home_zone"))

    @property
    def cancelled(self) -> bool:
        """Whether the meeting was called off."""
        return self.status is MeetingStatus.CANCELLED
