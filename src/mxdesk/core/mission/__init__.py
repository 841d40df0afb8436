"""Missions and their meetings (issue 18), kept in the notes file: no Qt.

Modules: :mod:`.records` (``Mission``, ``Meeting``, ``MeetingStatus``, the checks a record
passes when made), :mod:`.missions` and :mod:`.meetings` (reading and writing them, written
against :class:`~mxdesk.core.notes.parts.OpenStore`; ``NotesStore`` delegates to them one
method each), :mod:`.checks` (a day's overlaps, places too close together, free periods).
The zones of Mexico's states and border cities are :mod:`mxdesk.core.zones`'s.

The tables (notes schema 6) are described in :func:`mxdesk.core.notes.schema._v6`.
"""

from mxdesk.core.mission.checks import (
    DEFAULT_TRAVEL_MIN,
    Gap,
    Overlap,
    TooClose,
    gaps,
    overlaps,
    too_close,
)
from mxdesk.core.mission.missions import DeletedMission
from mxdesk.core.mission.records import (
    CALENDAR_FIELDS,
    MEETING_FIELDS,
    MISSION_FIELDS,
    InvalidRecordError,
    Meeting,
    MeetingStatus,
    Mission,
)

__all__ = [
    "CALENDAR_FIELDS", "DEFAULT_TRAVEL_MIN", "MEETING_FIELDS", "MISSION_FIELDS",
    "DeletedMission", "Gap", "InvalidRecordError", "Meeting", "MeetingStatus", "Mission",
    "Overlap", "TooClose", "gaps", "overlaps", "too_close",
]
