"""What a notes file holds, counted: contacts, notes, shortlists, missions and meetings
(issue 18: a file holding only a mission is not empty)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mxdesk.core.mission import Meeting, Mission
from mxdesk.core.notes import Contact, NotesCounts, NotesStore
from mxdesk.core.notes.backups import contents
from tests.test_cli import mxdesk


def a_mission(store: NotesStore, meetings: int = 2) -> Mission:
    trip = store.create_mission(Mission("Monterrey", dt.date(2026, 7, 13), dt.date(2026, 7, 15),
                                        "Europe/Madrid"))
    for n in range(meetings):
        store.save_meeting(Meeting(f"Visit {n}", dt.datetime(2026, 7, 14, 9 + n),
                                   "America/Monterrey", mission_id=trip.id))
    return trip


def test_counts_say_missions_and_meetings(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "notes.db") as store:
        store.save_contact(Contact("Ana Pérez"))
        a_mission(store)
        counts = store.counts()
        assert counts == NotesCounts(contacts=1, notes=0, shortlists=0, missions=1, meetings=2)
        assert counts.describe() == "1 contact, 0 notes, 0 shortlists, 1 mission and 2 meetings"
        contacts, notes, shortlists = counts[:3]  # the three of before, first
        assert (contacts, notes, shortlists) == (1, 0, 0)
        backup = store.backup()
    found = contents(backup)
    assert found is not None
    assert found[1] == counts


def test_a_file_holding_only_a_mission_is_backed_up(tmp_path: Path) -> None:
    """An automatic backup is made when the file changed and holds something: a mission and
    its meetings are something."""
    with NotesStore(tmp_path / "notes.db") as store:
        assert store.backup_if_due() is None  # nothing to keep yet
        a_mission(store, meetings=1)
        made = store.backup_if_due()
        assert made is not None
        [info] = store.backups()
        assert (info.missions, info.meetings) == (1, 1)


def test_the_command_line_says_missions_and_meetings() -> None:
    from mxdesk.core.notes import default_path

    with NotesStore(default_path()) as store:
        a_mission(store)
    backup = mxdesk("notes", "backup")
    assert backup.returncode == 0, backup.stderr
    assert backup.stdout.startswith("Backed up 0 contacts, 0 notes, 0 shortlists, 1 mission and "
                                    "2 meetings to ")
    listed = mxdesk("notes", "backups")
    assert "0 shortlists, 1 mission and 2 meetings" in listed.stdout
    checked = mxdesk("selftest")
    assert "0 shortlists, 1 mission and 2 meetings, integrity ok" in checked.stdout, \
        checked.stdout + checked.stderr
