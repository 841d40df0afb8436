"""Missions and meetings in the notes JSON export and import (issue 18): a round trip through
real files and through `mxdesk notes export/import`; by uid, the newer version wins."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from mxdesk.core import exchange
from mxdesk.core.mission import Meeting, Mission
from mxdesk.core.notes import Contact, NotesStore, points

MTY = "America/Monterrey"


def fill(store: NotesStore) -> tuple[Mission, list[Meeting], Contact]:
    ana = store.save_contact(Contact("Ana Pérez", emails=points("ana@example.org")))
    trip = store.create_mission(Mission("Querétaro + Monterrey", dt.date(2026, 7, 13),
                                        dt.date(2026, 7, 15), "Europe/Madrid",
                                        ("claut", "claugto"), comment="First trip"))
    held = [
        store.save_meeting(Meeting("Board of CLAUT", dt.datetime(2026, 7, 14, 10), MTY, 60,
                                   "Parque Fundidora", mission_id=trip.id, clusters=("claut",),
                                   contacts=(ana.uid,), next_step="Send the deck",
                                   next_due=dt.date(2026, 7, 20)),
                           {"claut": "Clúster Automotriz de Nuevo León"}),
        store.save_meeting(Meeting("Lunch", dt.datetime(2026, 7, 13, 14), "America/Mexico_City",
                                   90, "Querétaro", status="cancelled", mission_id=trip.id)),
        store.save_meeting(Meeting("Call home", dt.datetime(2026, 7, 15, 9), "Europe/Madrid")),
    ]
    held[0] = store.update_meeting(int(held[0].id or 0), {"duration_min": 45})
    return trip, sorted(held, key=lambda m: m.start), ana


def import_file(store: NotesStore, path: Path, merge: bool = True) -> exchange.ImportPlan:
    plan = exchange.plan_import(store, exchange.read_file(path))
    exchange.apply_plan(store, plan, merge=merge)
    return plan


def test_json_round_trip_keeps_missions_and_meetings(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "a" / "notes.db") as source:
        trip, held, _ana = fill(source)
        out = tmp_path / "notes.json"
        assert exchange.export_notes(source, out) == 1 + 0 + 0 + 1 + 3
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["version"] == exchange.FORMAT_VERSION == 2
    first = next(m for m in data["meetings"] if m["title"] == "Board of CLAUT")
    assert first["starts_at"] == "2026-07-14T16:00:00Z"
    assert first["zone"] == MTY
    assert first["sequence"] == 1
    assert first["mission_uid"] == trip.uid
    assert first["clusters"] == [{"cluster_id": "claut",
                                  "name": "Clúster Automotriz de Nuevo León"}]
    with NotesStore(tmp_path / "b" / "notes.db") as target:
        plan = import_file(target, out)
        assert "1 new contact, 1 new mission and 3 new meetings will be added." in \
            plan.summary(merge=True)
        [got] = target.missions()
        assert replace(got, id=trip.id) == trip
        back = target.meetings()
        assert [replace(m, id=None, mission_id=None, contacts=()) for m in back] == [
            replace(m, id=None, mission_id=None, contacts=()) for m in held]
        assert [m.mission_id for m in back] == [got.id, got.id, None]
        assert back[1].contacts == (target.contacts()[0].uid,)
        assert [h.title for h in target.search("automotriz")] == ["Board of CLAUT"]
        again = import_file(target, out)  # a second time: nothing new
        assert again.empty
        assert "5 records are already here unchanged" in again.summary(merge=True)


def test_the_newer_version_of_a_meeting_wins_and_an_older_one_is_skipped(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "a" / "notes.db") as source:
        _trip, held, _ana = fill(source)
        older = tmp_path / "older.json"
        exchange.export_notes(source, older)
        board = source.update_meeting(int(held[1].id or 0), {"place": "Torre Ciudadana"})
        newer = tmp_path / "newer.json"
        exchange.export_notes(source, newer)
    with NotesStore(tmp_path / "b" / "notes.db") as target:
        import_file(target, older)
        kept_out = import_file(target, newer, merge=False)
        assert kept_out.agenda.changed_meetings
        assert target.meetings()[1].place == "Parque Fundidora"  # not merged unasked
        plan = import_file(target, newer)
        assert "differs from the one here" in plan.summary(merge=True)
        moved = target.meetings()[1]
        assert (moved.place, moved.sequence, moved.uid) == ("Torre Ciudadana", 2, board.uid)
        skipped = import_file(target, older)
        assert skipped.agenda.older_meetings == 1
        assert "1 meeting in the file is older than its version here and will be skipped." \
            in skipped.summary(merge=True)
        assert target.meetings()[1].place == "Torre Ciudadana"


def test_a_contact_matched_under_another_uid_keeps_its_meetings(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "a" / "notes.db") as source:
        fill(source)
        out = tmp_path / "notes.json"
        exchange.export_notes(source, out)
    with NotesStore(tmp_path / "b" / "notes.db") as target:
        here = target.save_contact(Contact("ANA PEREZ", emails=points("ana@example.org")))
        import_file(target, out)
        assert [c.uid for c in target.contacts()] == [here.uid]
        assert target.meetings()[1].contacts == (here.uid,)


@pytest.mark.parametrize(("meeting", "says"), [
    ({"zone": "CST"}, "zone: “CST” is not an IANA time zone"),
    ({"duration_min": 0}, "duration_min: a meeting lasts"),
    ({"status": "postponed"}, "status: “postponed” is not one of"),
    ({"starts_at": "tomorrow"}, "starts_at: “tomorrow” is not a UTC time"),
    ({"clusters": ["claut"]}, "“clusters” must be a list"),
])
def test_a_bad_meeting_names_its_line_and_field_and_nothing_is_imported(
        tmp_path: Path, meeting: dict[str, object], says: str) -> None:
    good = {"uid": "m1", "title": "Visit", "starts_at": "2026-07-14T16:00:00Z", "zone": MTY,
            "duration_min": 60}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "mxdesk-notes", "version": 2,
                                "contacts": [{"name": "Ana"}],
                                "meetings": [good, {**good, "uid": "m2", **meeting}]},
                               indent=1), encoding="utf-8")
    with pytest.raises(exchange.ImportFileError) as caught:
        exchange.read_file(path)
    assert f"bad.json line 17 (meeting 2): {says}" in str(caught.value)
    with NotesStore(tmp_path / "notes.db") as store:
        assert store.contacts() == []
        assert store.meetings() == []


def test_mxdesk_notes_export_and_import_carry_the_agenda(tmp_path: Path) -> None:
    """The command line, as a user runs it: export from one notes folder, import into another."""
    with NotesStore(tmp_path / "a" / "notes.db") as source:
        fill(source)

    def mxdesk(folder: str, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "MXDESK_DATA_DIR": str(tmp_path / folder)}
        return subprocess.run([sys.executable, "-m", "mxdesk", *args], capture_output=True,
                              text=True, timeout=120, check=False, env=env)

    out = tmp_path / "trip.json"
    done = mxdesk("a", "notes", "export", str(out))
    assert done.returncode == 0, done.stderr
    done = mxdesk("b", "notes", "import", str(out))
    assert done.returncode == 0, done.stderr
    assert "1 new mission and 3 new meetings" in done.stdout
    with NotesStore(tmp_path / "b" / "notes.db") as target:
        assert [m.title for m in target.meetings()] == ["Lunch", "Board of CLAUT", "Call home"]
