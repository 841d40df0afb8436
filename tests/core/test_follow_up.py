"""A next step marked done (core/mission/follow_up.py): kept, dated, in the outcome; gone from
the next steps, the overdue ones and the report's list; put back whole by the undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mxdesk.core.mission import InvalidRecordError, Meeting, Mission
from mxdesk.core.mission.follow_up import step_done, step_undone
from mxdesk.core.notes import NotesStore

DAY = dt.date(2026, 7, 21)


@pytest.mark.parametrize(("outcome", "step", "kept"), [
    ("Two members want a pilot.", "Send the  pilot\noutline",
     "Two members want a pilot.\n\nDone 2026-07-21: Send the pilot outline"),
    ("", "Send the outline", "Done 2026-07-21: Send the outline"),
    ("Held.\n\n", "Call back", "Held.\n\nDone 2026-07-21: Call back"),
])
def test_the_step_is_kept_in_the_outcome(outcome: str, step: str, kept: str) -> None:
    meeting = Meeting("CLAUT", dt.datetime(2026, 7, 14, 9), "America/Monterrey",
                      outcome=outcome, next_step=step, next_due=dt.date(2026, 7, 18))
    assert step_done(meeting, DAY) == {"outcome": kept, "next_step": "", "next_due": None}
    assert step_undone(meeting) == {"outcome": outcome, "next_step": step,
                                    "next_due": dt.date(2026, 7, 18)}


def test_no_step_no_change() -> None:
    with pytest.raises(InvalidRecordError, match="next_step: this meeting has no next step"):
        step_done(Meeting("CLAUT", dt.datetime(2026, 7, 14, 9), "America/Monterrey",
                          next_step="  "), DAY)


def test_done_then_undone_in_the_store(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "notes.db") as store:
        trip = store.create_mission(Mission("North", dt.date(2026, 7, 14),
                                            dt.date(2026, 7, 14), "Europe/Madrid"))
        made = store.save_meeting(Meeting(
            "CLAUT", dt.datetime(2026, 7, 14, 9), "America/Monterrey", mission_id=trip.id,
            outcome="Held.", next_step="Send the catalogue", next_due=dt.date(2026, 7, 18)))
        assert [m.title for m in store.overdue(DAY)] == ["CLAUT"]
        done = store.update_meeting(int(made.id or 0), step_done(made, DAY))
        assert store.overdue(DAY) == []
        assert done.outcome == "Held.\n\nDone 2026-07-21: Send the catalogue"
        back = store.update_meeting(int(made.id or 0), step_undone(made))
        assert (back.outcome, back.next_step, back.next_due) == (
            "Held.", "Send the catalogue", dt.date(2026, 7, 18))
