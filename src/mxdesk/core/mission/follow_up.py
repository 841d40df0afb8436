"""A meeting's next step marked done: the smallest honest model, with no new column. The step
leaves the next steps (and the overdue ones) and is kept, dated, in the meeting's outcome,
where the report and the calendar show what was done."""

from __future__ import annotations

import datetime as dt

from mxdesk.core.i18n import N_, _
from mxdesk.core.mission.records import InvalidRecordError, Meeting

#: How the outcome records a step done: "Done 2026-07-21: Send the MRO pilot outline".
#: Written into the outcome in the language the user works in (the outcome is theirs).
# Translators: written into a meeting's outcome when its next step is marked done; {day} is
# an ISO date (2026-07-21), {step} the user's own words.
DONE_LINE = N_("Done {day}: {step}")


def step_done(meeting: Meeting, day: dt.date) -> dict[str, object]:
    """The changes (field name -> value, for ``NotesStore.update_meeting``) that mark
    *meeting*'s next step done on *day*: the step and its due date emptied, and a line
    ``Done YYYY-MM-DD: <step>`` added at the end of the outcome (after a blank line when
    the outcome has text). Raises :class:`InvalidRecordError` (field ``next_step``) when
    the meeting has no next step."""
    step = " ".join(meeting.next_step.split())
    if not step:
        raise InvalidRecordError("next_step", "this meeting has no next step to mark done")
    line = _(DONE_LINE).format(day=day.isoformat(), step=step)
    outcome = meeting.outcome.rstrip()
    return {"outcome": f"{outcome}\n\n{line}" if outcome else line, "next_step": "",
            "next_due": None}


def step_undone(meeting: Meeting) -> dict[str, object]:
    """The changes that put back the next step, due date and outcome *meeting* (as it was
    before :func:`step_done`) had: for an undo."""
    return {"outcome": meeting.outcome, "next_step": meeting.next_step,
            "next_due": meeting.next_due}
