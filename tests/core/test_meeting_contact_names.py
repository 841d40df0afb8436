"""A meeting is found by the names of the contacts met as they are now (issue 18, part A's
note): renaming, deleting and restoring a contact update its meetings' search rows at once,
not at the meeting's next save."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mxdesk.core import exchange
from mxdesk.core.mission import Meeting
from mxdesk.core.notes import Contact, NotesStore, points


def meetings_found(store: NotesStore, query: str) -> list[str]:
    """The titles of the meetings Ctrl+K's search of the notes finds for *query*."""
    return [hit.title for hit in store.search(query) if hit.kind == "meeting"]


def test_a_renamed_contact_s_meetings_are_found_by_the_new_name(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "notes.db") as store:
        ana = store.save_contact(Contact("Ana Pérez", role="Directora"))
        store.save_meeting(Meeting("Board of CLAUT", dt.datetime(2026, 7, 14, 10),
                                   "America/Monterrey", contacts=(ana.uid,)))
        assert meetings_found(store, "pérez") == ["Board of CLAUT"]
        store.update_contact(ana, {"name": "Ana Quintanilla"})
        assert meetings_found(store, "quintanilla") == ["Board of CLAUT"]
        assert meetings_found(store, "pérez") == []
        renamed = store.contact(int(ana.id or 0))
        deleted, linked = store.delete_contact(int(ana.id or 0))
        assert meetings_found(store, "quintanilla") == []  # the name is gone with the contact
        store.restore_contact(deleted, linked)  # Ctrl+Z
        assert meetings_found(store, "quintanilla") == ["Board of CLAUT"]
        assert renamed.uid == deleted.uid


def test_a_contact_renamed_by_an_import_renames_its_meetings_hits(tmp_path: Path) -> None:
    """An import that merges a newer version of the contact (same uid) updates the meetings
    that name it too."""
    with NotesStore(tmp_path / "notes.db") as store:
        ana = store.save_contact(Contact("Ana Pérez", emails=points("ana@example.org")))
        store.save_meeting(Meeting("Board of CLAUT", dt.datetime(2026, 7, 14, 10),
                                   "America/Monterrey", contacts=(ana.uid,)))
        source = tmp_path / "renamed.json"
        data = exchange.to_json(store).replace('"Ana Pérez"', '"Ana Treviño"').replace(
            ana.updated_at, "2099-01-01T00:00:00+00:00")
        source.write_text(data, encoding="utf-8")
        plan = exchange.plan_import(store, exchange.read_file(source))
        exchange.apply_plan(store, plan, merge=True)
        assert store.contacts()[0].name == "Ana Treviño"
        assert meetings_found(store, "treviño") == ["Board of CLAUT"]
        assert meetings_found(store, "pérez") == []
