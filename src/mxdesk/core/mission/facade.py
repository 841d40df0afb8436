"""``NotesStore``'s methods for missions and meetings, one line each, as a mixin it inherits:
store.py stays the size it was, and each method delegates to the part named for it
(:mod:`.missions`, :mod:`.meetings`). Every write raises what ``NotesStore.transaction``
raises (read-only, busy, disk full), with nothing written, besides what its docstring says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import cast

from mxdesk.core.mission import meetings as mt
from mxdesk.core.mission import missions as ms
from mxdesk.core.mission.records import Meeting, Mission
from mxdesk.core.notes.parts import OpenStore


class MissionMethods:
    """Missions and meetings of an open notes file (mixed into ``NotesStore``)."""

    def _open(self) -> OpenStore:
        """This store as its parts see it."""
        return cast("OpenStore", self)

    # -- missions: missions.py --------------------------------------------------------------

    def missions(self) -> list[Mission]:
        """Every mission, the first to start first (then by name)."""
        return ms.missions(self._open())

    def mission(self, mission_id: int) -> Mission:
        """The mission with *mission_id*; raises :class:`StoreError` when there is none."""
        return ms.mission(self._open(), mission_id)

    def create_mission(self, mission: Mission) -> Mission:
        """Store a new mission; returns it as stored (:class:`StoreError`: uid taken)."""
        return ms.create_mission(self._open(), mission)

    def mission_from_shortlist(self, shortlist_id: int, name: str, start_date: dt.date,
                               end_date: dt.date, home_zone: str) -> Mission:
        """A new mission with the shortlist's clusters in its order, linked to it by uid.
        Raises :class:`StoreError` (no such shortlist) or :class:`InvalidRecordError` (a
        blank name, an end before the start, a zone that is not IANA)."""
        return ms.mission_from_shortlist(self._open(), shortlist_id, name, start_date,
                                         end_date, home_zone)

    def rename_mission(self, mission_id: int, name: str) -> Mission:
        """Rename a mission; :class:`InvalidRecordError` for a blank name."""
        return ms.rename_mission(self._open(), mission_id, name)

    def update_mission(self, mission_id: int, changes: Mapping[str, object]) -> Mission:
        """Change some fields of a mission (``MISSION_FIELDS``); :class:`InvalidRecordError`
        names a bad field or value, :class:`StoreError` a mission that is gone."""
        return ms.update_mission(self._open(), mission_id, changes)

    def delete_mission(self, mission_id: int) -> ms.DeletedMission:
        """Delete a mission and its meetings; returns them, for an undo (:class:`StoreError`
        when there is no such mission)."""
        return ms.delete_mission(self._open(), mission_id)

    def restore_mission(self, deleted: ms.DeletedMission) -> Mission:
        """Undo a delete: the mission and its meetings, under their own ids and uids
        (:class:`StoreError` when it is back already)."""
        return ms.restore_mission(self._open(), deleted)

    # -- meetings: meetings.py --------------------------------------------------------------

    def meeting(self, meeting_id: int) -> Meeting:
        """The meeting with *meeting_id*; raises :class:`StoreError` when there is none."""
        return mt.meeting(self._open(), meeting_id)

    def meetings(self, mission_id: int | None = None, day: dt.date | None = None,
                 include_cancelled: bool = True) -> list[Meeting]:
        """Meetings in order of start: of a mission, on a day (in each meeting's zone)."""
        return mt.meetings(self._open(), mission_id, day, include_cancelled)

    def save_meeting(self, meeting: Meeting,
                     cluster_names: Mapping[str, str] | None = None) -> Meeting:
        """Insert (no id) or overwrite (with id) a meeting; returns it as stored, its
        sequence raised when a calendar field changed. *cluster_names* (id -> name) are
        kept for searching. Raises :class:`InvalidRecordError` (no such mission) or
        :class:`StoreError` (no meeting with its id)."""
        return mt.save_meeting(self._open(), meeting, cluster_names)

    def update_meeting(self, meeting_id: int, changes: Mapping[str, object],
                       cluster_names: Mapping[str, str] | None = None) -> Meeting:
        """Change some fields (``MEETING_FIELDS``) of a meeting as it is now; the sequence is
        raised when a calendar field changes. :class:`InvalidRecordError` names a bad
        field or value; :class:`StoreError` when the meeting is gone."""
        return mt.update_meeting(self._open(), meeting_id, changes, cluster_names)

    def delete_meeting(self, meeting_id: int) -> Meeting:
        """Delete a meeting; returns it, for an undo (:class:`StoreError`: none)."""
        return mt.delete_meeting(self._open(), meeting_id)

    def restore_meeting(self, meeting: Meeting) -> Meeting:
        """Undo a delete: the same meeting under its own id, uid and sequence
        (:class:`StoreError` when it is there already)."""
        return mt.restore_meeting(self._open(), meeting)

    def overdue(self, today: dt.date) -> list[Meeting]:
        """Meetings (not cancelled) whose next step was due before *today*, oldest first."""
        return mt.overdue(self._open(), today)
