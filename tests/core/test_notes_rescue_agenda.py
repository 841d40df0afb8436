"""Rescuing a damaged notes file's missions, meetings and contacts' name parts (issue 18, "Never
lost"): a file written by the store, damaged as test_notes_rescue damages files (a trashed
page, text that is not UTF-8), rescued, then imported into a fresh store."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

from mxdesk.core import exchange
from mxdesk.core.mission import Meeting, Mission
from mxdesk.core.notes import Contact, NameParts, NotesStore, points
from mxdesk.core.notes.rescue import rescue_export
from tests.core.test_notes_rescue import page_of, trash

MTY = "America/Monterrey"
QRO = "America/Mexico_City"


def fill(store: NotesStore, extra_meetings: int = 0) -> tuple[Mission, list[Meeting]]:
    """A mission in two zones with three meetings (one cancelled, one of no mission), a
    contact with a name's parts; *extra_meetings* more, with long comments, to make the
    meetings' table span many pages."""
    ana = store.save_contact(Contact("José María Gutiérrez Ibáñez",
                                     emails=points("jm@example.org"),
                                     name_parts=NameParts("Gutiérrez Ibáñez", "José María",
                                                          prefix="Ing.")))
    trip = store.create_mission(Mission("Querétaro + Monterrey", dt.date(2026, 7, 13),
                                        dt.date(2026, 7, 15), "Europe/Madrid",
                                        ("claut", "claugto"), comment="First trip"))
    held = [
        store.save_meeting(Meeting("Board of CLAUT", dt.datetime(2026, 7, 14, 10), MTY, 60,
                                   "Parque Fundidora", mission_id=trip.id, clusters=("claut",),
                                   contacts=(ana.uid,), next_step="Send the deck",
                                   next_due=dt.date(2026, 7, 20)),
                           {"claut": "Clúster Automotriz de Nuevo León"}),
        store.save_meeting(Meeting("Lunch", dt.datetime(2026, 7, 13, 14), QRO, 90,
                                   "Querétaro", status="cancelled", mission_id=trip.id)),
        store.save_meeting(Meeting("Call home", dt.datetime(2026, 7, 15, 9), "Europe/Madrid")),
    ]
    held[0] = store.update_meeting(int(held[0].id or 0), {"duration_min": 45})  # sequence 1
    for n in range(extra_meetings):
        held.append(store.save_meeting(Meeting(
            f"Visit {n}", dt.datetime(2026, 7, 14, 8) + dt.timedelta(minutes=n), QRO, 30,
            mission_id=trip.id, comment="Bring the brochure and the samples. " * 12)))
    return trip, sorted(held, key=lambda m: (m.start, m.id or 0))


def when(meeting: Meeting) -> tuple[str, int, str, str, int, str]:
    """What must come back of a meeting: uid, sequence, zone, time, length, status."""
    return (meeting.uid, meeting.sequence, meeting.zone, meeting.starts_at,
            meeting.duration_min, meeting.status.value)


def import_into(tmp_path: Path, rescued: Path) -> NotesStore:
    target = NotesStore(tmp_path / "fresh" / "notes.db")
    plan = exchange.plan_import(target, exchange.read_file(rescued))
    exchange.apply_plan(target, plan, merge=True)
    return target


def sans_time(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "exported_at"}


def test_rescue_of_a_sound_file_writes_what_the_export_writes(tmp_path: Path) -> None:
    """Missions, their clusters, meetings with their clusters and contacts, and the name's
    parts: the rescued file is the store's own export, key for key."""
    source = tmp_path / "notes" / "notes.db"
    with NotesStore(source) as store:
        trip, held = fill(store)
        exported = json.loads(exchange.to_json(store))
    rescued = tmp_path / "rescued.json"
    report = rescue_export(source, rescued)
    assert (report.contacts, report.missions, report.meetings, report.problems) == (1, 1, 3, ())
    data = json.loads(rescued.read_text(encoding="utf-8"))
    assert sans_time(data) == sans_time(exported)
    assert data["contacts"][0]["name_parts"] == {
        "family": "Gutiérrez Ibáñez", "given": "José María", "additional": "",
        "prefix": "Ing.", "suffix": ""}
    with import_into(tmp_path, rescued) as target:
        [back] = target.missions()
        assert replace(back, id=trip.id) == trip
        got = target.meetings()
        assert [when(m) for m in got] == [when(m) for m in held]
        assert [m.mission_id for m in got] == [back.id, back.id, None]
        assert got[1].contacts == (target.contacts()[0].uid,)
        assert target.contacts()[0].name_parts.family == "Gutiérrez Ibáñez"


def test_rescue_of_a_trashed_missions_table_keeps_the_meetings(tmp_path: Path) -> None:
    source = tmp_path / "notes.db"
    with NotesStore(source) as store:
        _trip, held = fill(store)
    root, page_size = page_of(source, "missions")
    trash(source, root, page_size)
    rescued = tmp_path / "rescued.json"
    report = rescue_export(source, rescued)
    assert (report.missions, report.meetings) == (0, 3)
    assert "missions: rows from 1 on could not be read" in report.problems
    assert 'meeting 1 (“Board of CLAUT”): its mission (1) could not be read; the meeting ' \
        "is exported without it" in report.problems
    with import_into(tmp_path, rescued) as target:
        assert target.missions() == []
        got = target.meetings()
        assert [when(m) for m in got] == [when(m) for m in held]
        assert {m.mission_id for m in got} == {None}
        assert got[1].clusters == ("claut",)


def test_rescue_of_a_trashed_leaf_of_meetings_keeps_the_others(tmp_path: Path) -> None:
    """Many meetings, one leaf of their table trashed: the rows lost are named, every other
    meeting comes back with its uid, sequence, zone and time."""
    source = tmp_path / "notes.db"
    with NotesStore(source) as store:
        _trip, held = fill(store, extra_meetings=120)
        ids = {m.uid: int(m.id or 0) for m in held}
    root, page_size = page_of(source, "meetings")
    data = source.read_bytes()
    page = data[(root - 1) * page_size:root * page_size]
    assert page[0] == 0x05  # an interior page: the table spans many leaves
    first_cell = int.from_bytes(page[12:14], "big")
    leaf = int.from_bytes(page[first_cell:first_cell + 4], "big")
    last_lost = 0  # the cell's key (a varint): the largest rowid of that leaf
    for byte in page[first_cell + 4:first_cell + 13]:
        last_lost = (last_lost << 7) | (byte & 0x7F)
        if byte < 0x80:
            break
    assert 1 < last_lost < 120
    trash(source, leaf, page_size)
    rescued = tmp_path / "rescued.json"
    report = rescue_export(source, rescued)
    assert f"meetings: rows 1–{last_lost} could not be read" in report.problems
    kept = [m for m in held if ids[m.uid] > last_lost]
    assert report.meetings == len(kept) == 123 - last_lost
    with import_into(tmp_path, rescued) as target:
        got = target.meetings()
        assert [when(m) for m in got] == [when(m) for m in kept]
        [trip] = target.missions()  # its own table is sound: the meetings keep their link
        assert trip.name == "Querétaro + Monterrey"
        assert {m.mission_id for m in got if m.title.startswith("Visit")} == {trip.id}


def test_rescue_mends_a_meeting_the_import_would_refuse(tmp_path: Path) -> None:
    """Text that is not UTF-8, a zone that is not IANA's, an unknown status, a due date that
    is not a date: mended and said, so the import takes the whole file."""
    source = tmp_path / "notes.db"
    with NotesStore(source) as store:
        _trip, held = fill(store)
    conn = sqlite3.connect(source, isolation_level=None)
    # "Café \xff con leche": 0xff is never valid in UTF-8. The CHECK on status is SQLite's,
    # so the damage is written with the checks off, as a stray writer could.
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("UPDATE meetings SET title = CAST(x'436166c3a920ff20636f6e206c65636865' "
                 "AS TEXT), zone = 'CST', status = 'maybe', next_due = 'soon' WHERE id = 1")
    conn.execute("UPDATE missions SET home_zone = 'GMT+1', name = '  ' WHERE id = 1")
    conn.execute("UPDATE contacts SET given_names = CAST(x'4a6f73e9' AS TEXT) WHERE id = 1")
    conn.close()
    rescued = tmp_path / "rescued.json"
    report = rescue_export(source, rescued)
    board = "meeting 1 (“Café \ufffd con leche”)"
    assert report.problems == (
        "contact 1: its text was not valid UTF-8; unreadable bytes replaced by �",
        "mission 1: it had no name; it is exported as “Mission 1”",
        "mission 1 (“Mission 1”): its home time zone “GMT+1” is not an IANA time zone; it is "
        "exported as America/Mexico_City",
        "meeting 1: its text was not valid UTF-8; unreadable bytes replaced by �",
        f"{board}: its time zone “CST” is not an IANA time zone; it is exported as "
        "America/Mexico_City (the time itself is kept, in UTC)",
        f"{board}: its status “maybe” is not one of proposed, confirmed, done, cancelled; it "
        "is exported as proposed",
        f"{board}: its next step's due date “soon” is not a date (YYYY-MM-DD); it was moved "
        "to the comment")
    with import_into(tmp_path, rescued) as target:
        got = {m.uid: m for m in target.meetings()}
        mended = got[held[1].uid]
        assert (mended.title, mended.zone, mended.status.value, mended.next_due) == (
            "Café \ufffd con leche", QRO, "proposed", None)
        assert mended.starts_at == held[1].starts_at  # the time itself is kept
        assert mended.comment == "Next step due: soon"
        assert [when(got[m.uid])[:2] for m in held] == [when(m)[:2] for m in held]
        assert target.missions()[0].name == "Mission 1"
        assert target.contacts()[0].name_parts.given == "Jos\ufffd"


def test_rescue_of_a_file_before_missions_writes_empty_lists(tmp_path: Path) -> None:
    from tests.core.test_notes_rescue import make_notes_file

    source = tmp_path / "notes.db"
    make_notes_file(source, version=5)
    report = rescue_export(source, tmp_path / "rescued.json")
    assert (report.missions, report.meetings, report.problems) == (0, 0, ())
    data = json.loads((tmp_path / "rescued.json").read_text(encoding="utf-8"))
    assert (data["missions"], data["meetings"]) == ([], [])
    assert "name_parts" not in data["contacts"][0]


def test_notes_rescue_on_the_command_line_counts_missions_and_meetings(tmp_path: Path) -> None:
    from tests.test_cli import mxdesk

    source = tmp_path / "notes.db"
    with NotesStore(source) as store:
        fill(store)
    out = tmp_path / "rescued.json"
    done = mxdesk("notes", "rescue", str(source), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (f"Wrote 1 contact, 0 notes, 0 shortlists, 1 mission and "
                                   f"3 meetings to {out}")
    assert len(json.loads(out.read_text(encoding="utf-8"))["meetings"]) == 3


def test_rescue_says_its_mendings_in_spanish(tmp_path: Path) -> None:
    """Under Spanish the rescue's sentences, the name it gives a mission with none and the
    line it adds to a comment are Spanish; the file's own words (statuses, zones) are not."""
    from mxdesk.core import i18n

    source = tmp_path / "notes.db"
    with NotesStore(source) as store:
        _trip, held = fill(store)
    conn = sqlite3.connect(source, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("UPDATE meetings SET title = 'Comida', zone = 'CST', status = 'maybe', "
                 "next_due = 'pronto', duration_min = 0 WHERE id = 1")
    conn.execute("UPDATE missions SET home_zone = 'GMT+1', name = '  ', "
                 "start_date = 'julio' WHERE id = 1")
    conn.close()
    rescued = tmp_path / "rescued.json"
    with i18n.using("es"):
        report = rescue_export(source, rescued)
    comida = "reunión 1 (“Comida”)"
    assert report.problems == (
        "misión 1: no tenía nombre; se exporta como “Misión 1”",
        "misión 1 (“Misión 1”): su primer día “julio” no es una fecha; se exporta como una "
        "misión de un día, el 2026-07-15",
        "misión 1 (“Misión 1”): su zona horaria de origen “GMT+1” no es una zona horaria "
        "IANA; se exporta como America/Mexico_City",
        f"{comida}: su zona horaria “CST” no es una zona horaria IANA; se exporta como "
        "America/Mexico_City (la hora misma se conserva, en UTC)",
        f"{comida}: su duración “0” no es un número de minutos; se exporta como 60",
        f"{comida}: su estado “maybe” no es uno de proposed, confirmed, done, cancelled; se "
        "exporta como proposed",
        f"{comida}: la fecha límite de su próximo paso “pronto” no es una fecha (AAAA-MM-DD); "
        "se pasó al comentario")
    data = json.loads(rescued.read_text(encoding="utf-8"))
    assert data["missions"][0]["name"] == "Misión 1"
    mended = next(m for m in data["meetings"] if m["uid"] == held[1].uid)
    assert mended["comment"] == "Fecha límite del próximo paso: pronto"
