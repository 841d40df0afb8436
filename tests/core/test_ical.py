"""A mission's meetings to .ics and back (issue 18): real files, read back with icalendar and
with vobject (an independent reader that builds each zone from the file's own VTIMEZONE);
imports of real-world-shaped files (Outlook, Google, Thunderbird, a matchmaking platform) and
of malformed ones, which change nothing and name the event and the line."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from mxdesk.core.exchange import ImportFileError
from mxdesk.core.mission import Meeting, MeetingStatus, Mission, ical
from mxdesk.core.mission.ical_plan import place_zone
from mxdesk.core.notes import Contact, NotesStore, points

DATA = Path(__file__).resolve().parents[1] / "data" / "ics"
MTY, TIJ, CDMX = "America/Monterrey", "America/Tijuana", "America/Mexico_City"
UTC = dt.UTC


def fill(store: NotesStore) -> tuple[Mission, dict[str, Meeting]]:
    """A July mission: Monterrey, Tijuana (US summer time), a cancelled lunch in Querétaro."""
    ana = store.save_contact(Contact("Ana Pérez", role="Director", organisation="CLAUT",
                                     emails=points("ana@example.org")))
    trip = store.create_mission(Mission("Querétaro + Monterrey", dt.date(2026, 7, 13),
                                        dt.date(2026, 7, 15), "Europe/Madrid"))
    held = {
        "board": store.save_meeting(
            Meeting("Board of CLAUT", dt.datetime(2026, 7, 14, 10), MTY, 60, "Parque Fundidora",
                    status="confirmed", mission_id=trip.id, clusters=("claut",),
                    contacts=(ana.uid,), next_step="Send the deck",
                    next_due=dt.date(2026, 7, 20)),
            {"claut": "Clúster Automotriz de Nuevo León"}),
        "visit": store.save_meeting(
            Meeting("Medical devices visit", dt.datetime(2026, 7, 15, 9), TIJ, 90, "Tijuana",
                    mission_id=trip.id)),
        "lunch": store.save_meeting(
            Meeting("Lunch", dt.datetime(2026, 7, 13, 14), "America/Mexico_City", 90,
                    "Querétaro", status="cancelled", mission_id=trip.id)),
    }
    return trip, held


def events_by_uid(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_export_read_back_by_two_readers(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "notes.db") as store:
        trip, held = fill(store)
        first = tmp_path / "first.ics"
        assert ical.export_ics(store, trip, first) == 3
        board = store.update_meeting(int(held["board"].id or 0),
                                     {"start": dt.datetime(2026, 7, 14, 11, 30)})
        assert board.sequence == held["board"].sequence + 1
        second = tmp_path / "second.ics"
        ical.export_ics(store, trip, second)
    one, two = events_by_uid(first.read_bytes()), events_by_uid(second.read_bytes())
    # The same meetings under the same UIDs: a calendar updates them in place.
    assert set(one) == set(two) == {m.uid for m in held.values()}
    cal = icalendar.Calendar.from_ical(second.read_bytes())
    assert str(cal["PRODID"]).startswith("-//mxdesk//mxdesk ")
    assert (str(cal["VERSION"]), str(cal["METHOD"]), str(cal["X-WR-CALNAME"])) == (
        "2.0", "PUBLISH", "Querétaro + Monterrey")
    assert {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")} == {MTY, TIJ, CDMX}
    uid = held["board"].uid
    assert int(two[uid]["SEQUENCE"]) == int(one[uid]["SEQUENCE"]) + 1
    assert two[uid]["DTSTART"].params["TZID"] == MTY
    assert two[uid].decoded("DTSTART").astimezone(UTC) == dt.datetime(2026, 7, 14, 17, 30,
                                                                      tzinfo=UTC)
    assert str(two[uid]["STATUS"]) == "CONFIRMED"
    assert str(two[uid]["LOCATION"]) == "Parque Fundidora"
    text = str(two[uid]["DESCRIPTION"])
    assert "Clúster Automotriz de Nuevo León" in text
    assert "Ana Pérez, Director, CLAUT" in text
    assert "Send the deck (due 2026-07-20)" in text
    assert "19:30 CEST" in text  # the home time, Madrid in summer
    lunch = two[held["lunch"].uid]
    assert str(lunch["STATUS"]) == "CANCELLED"
    assert str(two[held["visit"].uid]["STATUS"]) == "TENTATIVE"
    # vobject builds each zone from the file's VTIMEZONE, not from the zone database: the
    # instants are right only if the VTIMEZONEs are.
    parsed = vobject.readOne(second.read_text(encoding="utf-8"))
    got = {e.uid.value: e for e in parsed.vevent_list}
    visit = got[held["visit"].uid]
    assert visit.dtstart.params["X-VOBJ-ORIGINAL-TZID"] == [TIJ]
    assert visit.dtstart.value.astimezone(UTC) == dt.datetime(2026, 7, 15, 16, tzinfo=UTC)
    assert visit.dtstart.value.utcoffset() == dt.timedelta(hours=-7)  # PDT
    assert visit.dtend.value.astimezone(UTC) == dt.datetime(2026, 7, 15, 17, 30, tzinfo=UTC)
    board_read = got[uid]
    assert board_read.dtstart.value.astimezone(UTC) == dt.datetime(2026, 7, 14, 17, 30,
                                                                   tzinfo=UTC)
    assert board_read.dtstart.value.utcoffset() == dt.timedelta(hours=-6)  # CST, no DST
    assert board_read.sequence.value == "1"
    assert got[held["lunch"].uid].status.value == "CANCELLED"


def test_export_is_atomic_and_refuses_a_missing_folder(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "notes.db") as store:
        trip, _held = fill(store)
        with pytest.raises(ical.IcsWriteError, match="does not exist"):
            ical.export_ics(store, trip, tmp_path / "nowhere" / "trip.ics")
        target = tmp_path / "trip.ics"
        target.write_text("earlier", encoding="utf-8")
        ical.export_ics(store, trip, target)
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_round_trip_into_a_fresh_store(tmp_path: Path) -> None:
    out = tmp_path / "trip.ics"
    with NotesStore(tmp_path / "a" / "notes.db") as source:
        trip, _held = fill(source)
        ical.export_ics(source, trip, out)
        before = source.meetings(mission_id=trip.id)
    with NotesStore(tmp_path / "b" / "notes.db") as target:
        plan = ical.plan_ics(target, ical.read_ics(out))
        assert plan.new_mission is not None
        assert (plan.new_mission.uid, plan.new_mission.home_zone) == (trip.uid,
                                                                      "Europe/Madrid")
        assert ical.apply_ics(target, plan) == (3, 0)
        [made] = target.missions()
        after = target.meetings(mission_id=made.id)
    keys = ("uid", "sequence", "title", "start", "zone", "duration_min", "place", "status")
    assert [[getattr(m, k) for k in keys] for m in after] == [
        [getattr(m, k) for k in keys] for m in before]
    assert [m.start.tzinfo for m in after] == [ZoneInfo(m.zone) for m in before]


def test_import_twice_then_an_update_in_place(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "notes.db") as store:
        trip = store.create_mission(Mission("Automotive week", dt.date(2026, 7, 13),
                                            dt.date(2026, 7, 16), "Europe/Berlin"))
        plan = ical.plan_ics(store, ical.read_ics(DATA / "matchmaking_floating.ics"))
        assert plan.mission == trip  # the only mission
        assert plan.summary().startswith(
            "2 new meetings will be added to the mission “Automotive week”.")
        # Floating times, read in the zone the place names (Monterrey), never at home.
        assert ("2 events (“B2B meeting: Clúster Automotriz de Nuevo León”, “B2B meeting: "
                "Parts supplier”) had no time zone: read in America/Monterrey, the zone their "
                "place names.") in plan.summary()
        assert ical.apply_ics(store, plan) == (2, 0)
        first = store.meetings()
        assert [(m.start.astimezone(UTC), m.zone, m.status) for m in first] == [
            (dt.datetime(2026, 7, 14, 15, 30, tzinfo=UTC), MTY, MeetingStatus.CONFIRMED),
            (dt.datetime(2026, 7, 14, 16, 15, tzinfo=UTC), MTY, MeetingStatus.PROPOSED)]
        store.update_meeting(int(first[0].id or 0), {"next_step": "Send samples",
                                                     "clusters": ("claut",)})
        again = ical.plan_ics(store, ical.read_ics(DATA / "matchmaking_floating.ics"))
        assert again.empty
        assert "2 meetings are already here unchanged" in again.summary()
        assert ical.apply_ics(store, again) == (0, 0)
        update = ical.plan_ics(store, ical.read_ics(DATA / "matchmaking_update.ics"))
        assert "2 meetings will be updated in place" in update.summary()
        assert ical.apply_ics(store, update) == (0, 2)
        now = store.meetings()
    assert len(now) == 2
    moved = next(m for m in now if m.uid == "meeting-104233@matchmaking.example")
    assert (moved.id, moved.sequence, moved.place) == (first[0].id, 1, "Table 3, Cintermex, "
                                                                       "Monterrey")
    assert moved.start == dt.datetime(2026, 7, 14, 11, tzinfo=ZoneInfo(MTY))
    assert (moved.next_step, moved.clusters) == ("Send samples", ("claut",))  # the user's own
    cancelled = next(m for m in now if m.uid == "meeting-104240@matchmaking.example")
    assert cancelled.status is MeetingStatus.CANCELLED


def test_an_older_version_is_skipped_and_said(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "notes.db") as store:
        store.create_mission(Mission("Trip", dt.date(2026, 7, 13), dt.date(2026, 7, 16),
                                     "Europe/Berlin"))
        ical.apply_ics(store, ical.plan_ics(store, ical.read_ics(DATA / "matchmaking_update.ics")))
        plan = ical.plan_ics(store, ical.read_ics(DATA / "matchmaking_floating.ics"))
        assert plan.empty
        assert plan.agenda.older_meetings == 2
        assert ("Skipped, older than the meeting here: “B2B meeting: Parts supplier” (line 18):"
                " its SEQUENCE is 0, the meeting's here 1.") in plan.summary()


def test_the_same_sequence_stamped_earlier_is_skipped_saying_the_stamp_decided(
        tmp_path: Path) -> None:
    """Issue 18's second trial: a platform's file re-imported after the meeting was edited
    here was skipped as "its SEQUENCE is 0, the meeting's here 0", which did not say why."""
    with NotesStore(tmp_path / "notes.db") as store:
        store.create_mission(Mission("Trip", dt.date(2026, 7, 13), dt.date(2026, 7, 16),
                                     "Europe/Berlin"))
        first = DATA / "matchmaking_floating.ics"
        ical.apply_ics(store, ical.plan_ics(store, ical.read_ics(first)))
        # The platform moves a meeting but keeps SEQUENCE 0 and its old DTSTAMP.
        moved = tmp_path / "moved.ics"
        moved.write_bytes(first.read_bytes().replace(b"DTSTART:20260714T093000",
                                                     b"DTSTART:20260714T091500"))
        text = ical.plan_ics(store, ical.read_ics(moved)).summary()
    assert "Skipped, older than the meeting here:" in text
    assert "the same SEQUENCE (0) as the meeting here, and it was stamped " in text
    assert "UTC, not after the meeting here last changed (" in text


def test_outlook_windows_zones_and_the_old_summer_time(tmp_path: Path) -> None:
    """Outlook names zones the Windows way and may still write Mexico's summer time, gone since
    2022: the wall time is read in the zone database's zone (Monterrey: the place's)."""
    with NotesStore(tmp_path / "notes.db") as store:
        plan = ical.plan_ics(store, ical.read_ics(DATA / "outlook_windows_zone.ics"))
        ical.apply_ics(store, plan)
        board, visit = store.meetings()
    assert (board.zone, board.start.astimezone(UTC)) == (
        MTY, dt.datetime(2026, 7, 14, 16, tzinfo=UTC))
    assert board.title == "Automotive cluster board"
    assert board.place == "Torre Ciudadana, Monterrey"
    assert board.comment.startswith("Agenda: supplier development programme, next round")
    assert (visit.zone, visit.start.astimezone(UTC)) == (TIJ, dt.datetime(2026, 7, 15, 16,
                                                                          tzinfo=UTC))


def test_google_utc_all_day_and_repeating_events(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "notes.db") as store:
        plan = ical.plan_ics(store, ical.read_ics(DATA / "google_utc.ics"))
        text = plan.summary()
        assert "1 new meeting will be added to the new mission “Mexico July”." in text
        assert ("Skipped: “Mission to Mexico” (line 21): an all-day event, not a meeting (a "
                "meeting has a start time).") in text
        assert "Skipped: “Team call” (line 33): repeats (RRULE)" in text
        ical.apply_ics(store, plan)
        [visit] = store.meetings()
    # UTC is an exact instant, shown in the zone the place names (Querétaro: central time).
    assert visit.start == dt.datetime(2026, 7, 14, 9, tzinfo=ZoneInfo(CDMX))
    assert (visit.zone, visit.sequence, visit.status) == (CDMX, 1, MeetingStatus.CONFIRMED)


def test_thunderbird_to_do_left_out(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "notes.db") as store:
        plan = ical.plan_ics(store, ical.read_ics(DATA / "thunderbird.ics"))
        assert "1 to-do or journal entry left out" in plan.summary()
        ical.apply_ics(store, plan)
        [lunch] = store.meetings()
    assert (lunch.zone, lunch.duration_min, lunch.status) == (CDMX, 90,
                                                              MeetingStatus.PROPOSED)


def test_several_missions_and_none_named_is_refused(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "notes.db") as store:
        for name in ("One", "Two"):
            store.create_mission(Mission(name, dt.date(2026, 7, 1), dt.date(2026, 7, 2), CDMX))
        with pytest.raises(Exception, match="which mission are these meetings for"):
            ical.plan_ics(store, ical.read_ics(DATA / "thunderbird.ics"))
        two = store.missions()[1]
        plan = ical.plan_ics(store, ical.read_ics(DATA / "thunderbird.ics"), two)
        ical.apply_ics(store, plan)
        assert [m.mission_id for m in store.meetings()] == [two.id]


@pytest.mark.parametrize(("name", "message"), [
    ("bad_line.ics", "bad_line.ics line 16: “Lunch at noon with the board” is not an "
                     "iCalendar line (NAME:VALUE) in event “Second meeting” (from line 12)"),
    ("missing_dtstart.ics", "missing_dtstart.ics line 12 (event “Second meeting”): the event "
                            "has no DTSTART"),
    ("bad_date.ics", "bad_date.ics line 15 (event “Second meeting”): DTSTART cannot be read"),
    ("end_before_start.ics", "end_before_start.ics line 16 (event “Second meeting”): the event "
                             "ends"),
    ("unended.ics", "unended.ics line 16: END:VCALENDAR where END:VEVENT was expected"),
    ("not_a_calendar.ics", "not_a_calendar.ics line 1: this is not a calendar (.ics) file"),
    ("empty.ics", "empty.ics: the file is empty"),
    ("binary.ics", "binary.ics: this is not a calendar (.ics) file but binary data"),
    ("latin1.ics", "latin1.ics line 8: the text is not UTF-8 (byte 0xf3)"),
])
def test_a_malformed_file_names_the_event_and_line_and_changes_nothing(
        tmp_path: Path, name: str, message: str) -> None:
    with NotesStore(tmp_path / "notes.db") as store:
        trip, _held = fill(store)
        before = store.meetings()
        source = tmp_path / name
        shutil.copy(DATA / name, source)
        with pytest.raises(ImportFileError) as caught:
            ical.plan_ics(store, ical.read_ics(source))
        assert str(caught.value).startswith(message)
        assert "nothing was imported" in str(caught.value)
        assert store.meetings() == before
        assert store.missions() == [trip]



@pytest.mark.parametrize(("name", "message"), [
    ("bad_line.ics", "bad_line.ics, línea 16: “Lunch at noon with the board” no es una línea "
                     "de iCalendar (NOMBRE:VALOR) en el evento “Second meeting” (desde la "
                     "línea 12); no se importó nada"),
    ("missing_dtstart.ics", "missing_dtstart.ics, línea 12 (evento “Second meeting”): el "
                            "evento no tiene DTSTART (inicio); no se importó nada"),
    ("unended.ics", "unended.ics, línea 16: END:VCALENDAR donde se esperaba END:VEVENT; no se "
                    "importó nada"),
    ("empty.ics", "empty.ics: el archivo está vacío; no se importó nada"),
])
def test_a_malformed_file_is_said_in_spanish(tmp_path: Path, name: str, message: str) -> None:
    """The file's faults are said in the current language (issue 20); the file's own words
    (END:VEVENT, DTSTART, the event's title) stay as written."""
    from mxdesk.core import i18n

    source = tmp_path / name
    shutil.copy(DATA / name, source)
    with i18n.using("es"), pytest.raises(ImportFileError) as caught:
        ical.read_ics(source)
    assert str(caught.value) == message


def test_a_time_the_clocks_skip_is_refused_naming_the_event(tmp_path: Path) -> None:
    text = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\n"
            b"UID:a@x\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:20260308T023000\r\n"
            b"SUMMARY:Too early\r\nLOCATION:Tijuana\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    with NotesStore(tmp_path / "notes.db") as store:
        with pytest.raises(ImportFileError, match=r"“Too early” \(line 4\): start: "
                                                  r"2026-03-08 02:30 does not exist"):
            ical.plan_ics(store, ical.parse_ics(text, "dst.ics"))
        assert store.meetings() == []


@pytest.mark.parametrize(("place", "zone"), [
    ("Parque Fundidora, Monterrey", MTY), ("Tijuana", TIJ), ("Cancún centro", "America/Cancun"),
    ("Reynosa, Tamaulipas", "America/Matamoros"), ("Hotel, Querétaro", CDMX),
    ("Sala 3, Nuevo León", MTY), ("Table 12", None), ("", None),
])
def test_place_zone(place: str, zone: str | None) -> None:
    assert place_zone(place) == zone


def test_a_done_meeting_stays_done(tmp_path: Path) -> None:
    out = tmp_path / "trip.ics"
    with NotesStore(tmp_path / "notes.db") as store:
        trip, held = fill(store)
        ical.export_ics(store, trip, out)
        store.update_meeting(int(held["board"].id or 0), {"status": "done",
                                                          "outcome": "Signed"})
        plan = ical.plan_ics(store, ical.read_ics(out))
        assert plan.empty  # the file (CONFIRMED, an older SEQUENCE) says nothing new
        board = store.meeting(int(held["board"].id or 0))
    assert (board.status, board.outcome) == (MeetingStatus.DONE, "Signed")
    assert replace(board, status=MeetingStatus.CONFIRMED, outcome="").title == "Board of CLAUT"


def test_a_zone_of_the_files_own_and_the_zone_asked_for(tmp_path: Path) -> None:
    """A VTIMEZONE with a name of its own ("Customized Time Zone", as Outlook writes for a zone
    it cannot name) is an exact instant: shown in the zone asked for when its clock agrees,
    else as the fixed offset it is (Etc/GMT+6)."""
    text = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VTIMEZONE\r\n"
            b"TZID:Customized Time Zone\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
            b"TZOFFSETFROM:-0600\r\nTZOFFSETTO:-0600\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
            b"BEGIN:VEVENT\r\nUID:c@x\r\nDTSTAMP:20260601T000000Z\r\n"
            b"DTSTART;TZID=Customized Time Zone:20260714T100000\r\n"
            b"DTEND;TZID=Customized Time Zone:20260714T103000\r\nSUMMARY:Call\r\n"
            b"LOCATION:Table 4\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    instant = dt.datetime(2026, 7, 14, 16, tzinfo=UTC)
    with NotesStore(tmp_path / "notes.db") as store:
        agrees = ical.plan_ics(store, ical.parse_ics(text, "c.ics"), zone=MTY)
        [new] = agrees.agenda.new_meetings
        assert (new.meeting.zone, new.meeting.start, new.meeting.duration_min) == (MTY, instant,
                                                                                   30)
        other = ical.plan_ics(store, ical.parse_ics(text, "c.ics"), zone=TIJ)
        [new] = other.agenda.new_meetings
        assert (new.meeting.zone, new.meeting.start) == ("Etc/GMT+6", instant)
        assert ("1 event (“Call”) had a zone of the file's own: shown as Etc/GMT+6 (UTC-6)."
                in other.summary())
        with pytest.raises(Exception, match="--zone: “Mars/Olympus” is not an IANA time zone"):
            ical.plan_ics(store, ical.parse_ics(text, "c.ics"), zone="Mars/Olympus")


def test_meetings_outside_the_mission_s_dates_are_warned_of_and_imported(
        tmp_path: Path) -> None:
    """A schedule for July imported into a mission of 10–12 March: the plan says which
    meetings fall outside the mission's dates, and imports them all the same."""
    calendar = tmp_path / "platform.ics"
    march = ("BEGIN:VEVENT\r\nUID:meeting-1@platform.example\r\nDTSTAMP:20260301T080000Z\r\n"
             "DTSTART;TZID=America/Monterrey:20260311T090000\r\nDURATION:PT30M\r\n"
             "SUMMARY:Inside the dates\r\nLOCATION:Monterrey\r\nEND:VEVENT\r\n")
    calendar.write_bytes((DATA / "matchmaking_floating.ics").read_bytes().replace(
        b"END:VCALENDAR", march.encode() + b"END:VCALENDAR"))
    with NotesStore(tmp_path / "notes.db") as store:
        trip = store.create_mission(Mission("Spring week", dt.date(2026, 3, 10),
                                            dt.date(2026, 3, 12), "Europe/Berlin"))
        plan = ical.plan_ics(store, ical.read_ics(calendar))
        assert plan.mission == trip
        assert [m.title for m in plan.outside] == ["B2B meeting: Clúster Automotriz de Nuevo "
                                                   "León", "B2B meeting: Parts supplier"]
        assert ("2 meetings fall outside the mission's dates (10–12 Mar 2026): 14 Jul “B2B "
                "meeting: Clúster Automotriz de Nuevo León”, 14 Jul “B2B meeting: Parts "
                "supplier”. They are imported all the same") in plan.summary()
        assert ical.apply_ics(store, plan) == (3, 0)
        assert [m.mission_id for m in store.meetings()] == [trip.id] * 3
        # Imported again, unchanged: nothing new joins, nothing is warned of.
        again = ical.plan_ics(store, ical.read_ics(calendar))
        assert (again.outside, "outside" in again.summary()) == ([], False)
