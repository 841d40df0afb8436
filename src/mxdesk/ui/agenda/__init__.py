"""The mission in the window (issue 18): the Mission tab's agenda, day by day, the meeting and
mission dialogs, and the overdue next steps told at start."""
