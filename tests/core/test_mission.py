"""Missions and meetings in the notes file (issue 18): made, changed, found, checked, migrated,
backed up, deleted and brought back."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from mxdesk.core.mission import (
    Gap,
    InvalidRecordError,
    Meeting,
    MeetingStatus,
    Mission,
    gaps,
    overlaps,
    too_close,
)
from mxdesk.core.notes import (
    NOTES_SCHEMA_VERSION,
    Contact,
    NotesStore,
    ShortlistItem,
    StoreError,
)

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "notes_schema5.db"
MTY = "America/Monterrey"
QRO = "America/Mexico_City"


@pytest.fixture
def store(tmp_path: Path) -> NotesStore:
    opened = NotesStore(tmp_path / "notes.db")
    yield opened  # type: ignore[misc]
    opened.close()


def mission(store: NotesStore) -> Mission:
    return store.create_mission(Mission("Querétaro + Monterrey", dt.date(2026, 7, 13),
                                        dt.date(2026, 7, 15), "Europe/Madrid"))


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 7, day, hour, minute)


# -- records ---------------------------------------------------------------------------------


def test_a_meeting_is_stored_in_utc_and_shown_in_its_zone_and_at_home(store: NotesStore) -> None:
    trip = mission(store)
    saved = store.save_meeting(Meeting("Board of CLAUT", at(14, 10), MTY, 60, "Parque Fundidora",
                                       mission_id=trip.id, clusters=("claut",)))
    assert saved.start.isoformat() == "2026-07-14T10:00:00-06:00"
    assert saved.end.isoformat() == "2026-07-14T11:00:00-06:00"
    assert saved.home_start is not None
    assert saved.home_start.isoformat() == "2026-07-14T18:00:00+02:00"
    row = store.conn.execute("SELECT starts_at, zone FROM meetings").fetchone()
    assert row == ("2026-07-14T16:00:00Z", MTY)
    tijuana = Meeting("Tijuana", at(14, 10), "America/Tijuana")
    cancun = Meeting("Cancún", at(14, 10), "America/Cancun")
    assert tijuana.start.utcoffset() == dt.timedelta(hours=-7)
    assert cancun.start.utcoffset() == dt.timedelta(hours=-5)
    assert tijuana.at_home("Europe/Madrid").strftime("%H:%M") == "19:00"


@pytest.mark.parametrize(("fields", "field"), [
    ({"zone": "CST"}, "zone"),
    ({"zone": "UTC-6"}, "zone"),
    ({"duration_min": 0}, "duration_min"),
    ({"duration_min": -30}, "duration_min"),
    ({"duration_min": 1.5}, "duration_min"),
    ({"status": "maybe"}, "status"),
    ({"title": "  "}, "title"),
    ({"next_due": "next week"}, "next_due"),
    ({"start": dt.datetime(2026, 3, 8, 2, 30), "zone": "America/Tijuana"}, "start"),  # skipped
])
def test_bad_meetings_are_refused_naming_the_field(store: NotesStore, fields: dict[str, object],
                                                    field: str) -> None:
    good = {"title": "Visit", "start": at(14, 10), "zone": MTY}
    with pytest.raises(InvalidRecordError, match=f"^{field}: ") as caught:
        Meeting(**{**good, **fields})  # type: ignore[arg-type]
    assert caught.value.field == field
    saved = store.save_meeting(Meeting(**good))  # type: ignore[arg-type]
    with pytest.raises(InvalidRecordError, match=f"^{field}: "):
        store.update_meeting(int(saved.id or 0), fields)
    assert store.meetings() == [saved]  # nothing changed


@pytest.mark.parametrize(("fields", "field"), [
    ({"home_zone": "Madrid"}, "home_zone"),
    ({"end_date": dt.date(2026, 7, 12)}, "end_date"),
    ({"name": ""}, "name"),
    ({"start_date": "13/07/2026"}, "start_date"),
])
def test_bad_missions_are_refused_naming_the_field(store: NotesStore, fields: dict[str, object],
                                                    field: str) -> None:
    trip = mission(store)
    with pytest.raises(InvalidRecordError, match=f"^{field}: "):
        Mission(**{"name": "x", "start_date": dt.date(2026, 7, 13),  # type: ignore[arg-type]
                   "end_date": dt.date(2026, 7, 15), "home_zone": "Europe/Madrid", **fields})
    with pytest.raises(InvalidRecordError, match=f"^{field}: "):
        store.update_mission(int(trip.id or 0), fields)
    assert store.missions() == [trip]


# -- the store's API -------------------------------------------------------------------------


def test_a_mission_from_a_shortlist_takes_its_clusters_in_order(store: NotesStore) -> None:
    listed = store.create_shortlist("Monterrey, July")
    store.set_items(int(listed.id or 0), [ShortlistItem("csoftmty"), ShortlistItem("claut")])
    made = store.mission_from_shortlist(int(listed.id or 0), "Monterrey mission",
                                        dt.date(2026, 7, 13), dt.date(2026, 7, 15),
                                        "Europe/Berlin")
    assert made.clusters == ("csoftmty", "claut")
    assert made.shortlist_uid == listed.uid
    assert [m.name for m in store.missions()] == ["Monterrey mission"]
    assert store.rename_mission(int(made.id or 0), " Monterrey   trip ").name == "Monterrey trip"
    with pytest.raises(StoreError, match="no shortlist"):
        store.mission_from_shortlist(999, "x", dt.date(2026, 7, 13), dt.date(2026, 7, 13), QRO)


def test_sequence_rises_only_when_a_calendar_field_changes(store: NotesStore) -> None:
    saved = store.save_meeting(Meeting("Visit", at(14, 10), MTY, place="CLAUT"))
    meeting_id = int(saved.id or 0)
    assert saved.sequence == 0
    for changes, sequence in [({"outcome": "Joint call agreed"}, 0),
                              ({"next_step": "Send the deck", "next_due": "2026-07-20"}, 0),
                              ({"comment": "bring cards"}, 1),  # the notes: in the event
                              ({"start": at(14, 11)}, 2), ({"duration_min": 90}, 3),
                              ({"place": "Torre Ciudadana"}, 4), ({"title": "Board visit"}, 5),
                              ({"status": MeetingStatus.CONFIRMED}, 6),
                              ({"status": "confirmed"}, 6)]:
        assert store.update_meeting(meeting_id, changes).sequence == sequence, changes
    again = store.save_meeting(replace(store.meeting(meeting_id), zone=QRO))
    assert again.sequence == 7
    assert again.next_due == dt.date(2026, 7, 20)


def test_meetings_of_a_mission_and_of_a_day_in_order(store: NotesStore) -> None:
    trip = mission(store)
    late = store.save_meeting(Meeting("Late", at(14, 16), QRO, mission_id=trip.id))
    early = store.save_meeting(Meeting("Early", at(14, 9), MTY, mission_id=trip.id))
    # 23:30 in Monterrey on the 14th is already the 15th in UTC: it belongs to the 14th.
    night = store.save_meeting(Meeting("Dinner", at(14, 23, 30), MTY, mission_id=trip.id))
    other = store.save_meeting(Meeting("Alone", at(15, 9), MTY))
    assert store.meetings(mission_id=trip.id) == [early, late, night]
    assert store.meetings(day=dt.date(2026, 7, 14)) == [early, late, night]
    assert store.meetings(day=dt.date(2026, 7, 15)) == [other]
    store.update_meeting(int(late.id or 0), {"status": "cancelled"})
    assert [m.title for m in store.meetings(trip.id, include_cancelled=False)] == [
        "Early", "Dinner"]
    with pytest.raises(InvalidRecordError, match="mission_id: there is no mission 99"):
        store.save_meeting(Meeting("Lost", at(14, 9), MTY, mission_id=99))


def test_overdue_next_steps(store: NotesStore) -> None:
    old = store.save_meeting(Meeting("A", at(14, 9), MTY, next_step="Call", next_due="2026-07-20"))
    store.save_meeting(Meeting("B", at(14, 10), MTY, next_step="Mail", next_due="2026-07-25"))
    store.save_meeting(Meeting("C", at(14, 11), MTY, status="cancelled", next_step="x",
                               next_due="2026-07-01"))
    store.save_meeting(Meeting("D", at(14, 12), MTY))
    assert store.overdue(dt.date(2026, 7, 20)) == []
    assert store.overdue(dt.date(2026, 7, 21)) == [old]
    assert [m.title for m in store.overdue(dt.date(2026, 8, 1))] == ["A", "B"]


def test_deleting_a_mission_takes_its_meetings_and_undo_brings_all_back(store: NotesStore) -> None:
    trip = mission(store)
    ana = store.save_contact(Contact("Ana Pérez"))
    held = [store.save_meeting(Meeting(f"M{n}", at(14, 9 + n), MTY, mission_id=trip.id,
                                       clusters=("claut",), contacts=(ana.uid,)),
                               {"claut": "Clúster Automotriz de Nuevo León"})
            for n in range(3)]
    held[0] = store.update_meeting(int(held[0].id or 0), {"place": "Fundidora"})
    alone = store.save_meeting(Meeting("Alone", at(15, 9), MTY))
    deleted = store.delete_mission(int(trip.id or 0))
    assert store.missions() == []
    assert store.meetings() == [alone]
    assert [h.kind for h in store.search("automotriz")] == []
    restored = store.restore_mission(deleted)
    assert restored == trip
    assert store.meetings(mission_id=trip.id) == held  # ids, uids and sequences
    assert sorted(h.title for h in store.search("automotriz")) == ["M0", "M1", "M2"]
    with pytest.raises(StoreError, match="already there"):
        store.restore_mission(deleted)
    gone = store.delete_meeting(int(alone.id or 0))
    assert store.restore_meeting(gone) == alone


def test_search_finds_meetings_by_title_place_cluster_and_contact(store: NotesStore) -> None:
    trip = mission(store)
    ana = store.save_contact(Contact("Jürgen Groß"))
    saved = store.save_meeting(
        Meeting("Supplier day", at(14, 10), MTY, place="Parque Fundidora", mission_id=trip.id,
                clusters=("claut",), contacts=(ana.uid,)),
        {"claut": "Clúster Automotriz de Nuevo León"})
    for query in ("supplier", "fundidora", "automotriz nuevo leon", "claut", "gross"):
        found = [(h.kind, h.id) for h in store.search(query) if h.kind == "meeting"]
        assert found == [("meeting", saved.id)], query
    assert [(h.kind, h.title) for h in store.search("queretaro")] == [
        ("mission", "Querétaro + Monterrey")]
    store.update_meeting(int(saved.id or 0), {"clusters": ("claut", "csoftmty")})
    assert [h.id for h in store.search("automotriz")] == [saved.id]  # names kept


# -- checks on a day -------------------------------------------------------------------------


def test_overlaps_travel_and_gaps_across_zones() -> None:
    # 10:00-11:00 in Querétaro is 10:00-11:00 Monterrey time too (both UTC-6 in July).
    a = Meeting("A", at(14, 9), QRO, 60, place="Querétaro, CLAUGTO", id=1)
    b = Meeting("B", at(14, 9, 30), QRO, 60, place="Querétaro, CLAUGTO", id=2)
    c = Meeting("C", at(14, 10, 45), MTY, 45, place="Monterrey, CLAUT", id=3)
    d = Meeting("D", at(14, 14), MTY, 60, place="monterrey claut", id=4)
    e = Meeting("E", at(14, 12), MTY, 60, place="Elsewhere", status="cancelled", id=5)
    [overlap] = overlaps([d, c, b, a, e])
    assert (overlap.first.title, overlap.second.title, overlap.minutes) == ("A", "B", 30)
    # Querétaro to Monterrey is another city: three hours, not thirty minutes.
    [close] = too_close([a, b, c, d, e])
    assert (close.first.title, close.second.title, close.minutes, close.needed,
            close.cities) == ("B", "C", 15, 180, ("Querétaro", "Monterrey"))
    assert too_close([a, b, c, d], travel_min=10, city_travel_min=10) == []
    assert gaps([a, b, c, d, e], 60) == [Gap(c.end, d.start, 150)]
    morning = dt.datetime(2026, 7, 14, 8, tzinfo=dt.timezone(dt.timedelta(hours=-6)))
    evening = dt.datetime(2026, 7, 14, 18, tzinfo=dt.timezone(dt.timedelta(hours=-6)))
    found = gaps([a, d], 60, morning, evening)
    # From Querétaro (ends 10:00) to Monterrey (14:00): free from 13:00, once arrived.
    assert [(g.start.strftime("%H:%M"), g.end.strftime("%H:%M"), g.minutes) for g in found] \
        == [("08:00", "09:00", 60), ("13:00", "14:00", 60), ("15:00", "18:00", 180)]
    with pytest.raises(ValueError, match="at_least_min"):
        gaps([a], 0)
    with pytest.raises(ValueError, match="travel_min"):
        too_close([a], -1)
    with pytest.raises(ValueError, match="city_travel_min"):
        too_close([a], 30, -1)


# -- migration and backups -------------------------------------------------------------------


def test_a_schema_5_file_made_by_the_previous_code_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    shutil.copy(FIXTURE, path)
    before = sqlite3.connect(path)
    assert before.execute("PRAGMA user_version").fetchone()[0] == 5
    tables = {t: before.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
              for t in ("contacts", "contact_tags", "contact_points", "notes", "shortlists",
                        "shortlist_items")}
    before.close()
    with NotesStore(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == NOTES_SCHEMA_VERSION
        # Schema 6 adds the name's five parts to contacts, empty: nothing was known; schema 7
        # whether a note is shared: none is.
        added = {"contacts": ("",) * 5, "notes": (0,)}
        for table, rows in tables.items():
            now = store.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            extra = len(added.get(table, ()))
            assert [r[:len(r) - extra] for r in now] == rows, table
            assert {r[len(r) - extra:] for r in now} <= {added.get(table, ())}, table
        assert store.counts() == (2, 2, 1, 0, 0)
        assert store.current_shortlist().uid == "s-1"  # type: ignore[union-attr]
        for query, kind in [("perez", "contact"), ("gross", "contact"), ("queretaro", "note"),
                            ("monterrey", "note"), ("hot", "contact")]:
            assert kind in [h.kind for h in store.search(query)], query
        assert store.missions() == []
        assert store.meetings() == []
        assert [b for b in store.backups() if "before-upgrade-v5" in b.path.name]
        ana = store.contact_by_uid("c-ana")
        assert ana is not None
        made = store.save_meeting(Meeting("Follow-up", at(14, 10), QRO, contacts=(ana.uid,)))
        assert [h.id for h in store.search("ana") if h.kind == "meeting"] == [made.id]
        indexes = {r[0] for r in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'meetings'")}
        assert {"meetings_by_mission", "meetings_by_next_due"} <= indexes


def test_a_restored_backup_brings_the_meetings_back(store: NotesStore) -> None:
    trip = mission(store)
    saved = store.save_meeting(Meeting("Board", at(14, 10), MTY, mission_id=trip.id,
                                       clusters=("claut",)), {"claut": "CLAUT"})
    copy = store.backup()
    store.delete_mission(int(trip.id or 0))
    assert store.meetings() == []
    store.restore_from(copy)
    assert store.missions() == [trip]
    assert store.meetings() == [saved]
    assert [h.id for h in store.search("board")] == [saved.id]
