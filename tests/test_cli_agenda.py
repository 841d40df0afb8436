"""``mxdesk agenda list|import|export`` run as a user runs them: a separate process, with a
real terminal (a pseudo-terminal) where the command asks y/N; the day sheets, the agenda
workbook and ``mxdesk report`` read back with pypdf and openpyxl."""

from __future__ import annotations

import datetime as dt
import os
import pty
import subprocess
import sys
from pathlib import Path

import icalendar

from mxdesk.core.mission import Meeting, Mission
from mxdesk.core.notes import NotesStore, default_path

DATA = Path(__file__).resolve().parent / "data" / "ics"
MTY = "America/Monterrey"


def mxdesk(*args: str, stdin: int | None = subprocess.DEVNULL
           ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mxdesk", *args], capture_output=True,
                          text=True, timeout=60, check=False, encoding="utf-8", stdin=stdin)


def at_a_terminal(answer: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run mxdesk with a pseudo-terminal as standard input, typing *answer* and Enter."""
    controller, terminal = pty.openpty()
    try:
        with subprocess.Popen([sys.executable, "-m", "mxdesk", *args], stdin=terminal,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              encoding="utf-8") as running:
            os.write(controller, f"{answer}\n".encode())
            out, err = running.communicate(timeout=60)
            return subprocess.CompletedProcess(running.args, running.returncode, out, err)
    finally:
        os.close(controller)
        os.close(terminal)


def make_mission(name: str = "Querétaro + Monterrey") -> Mission:
    with NotesStore(default_path()) as store:
        trip = store.create_mission(Mission(name, dt.date(2026, 7, 13), dt.date(2026, 7, 15),
                                            "Europe/Madrid"))
        store.save_meeting(Meeting("Board of CLAUT", dt.datetime(2026, 7, 14, 10), MTY, 60,
                                   "Parque Fundidora", "confirmed", mission_id=trip.id,
                                   clusters=("claut",)),
                           {"claut": "Clúster Automotriz de Nuevo León"})
        store.save_meeting(Meeting("Coffee with a supplier", dt.datetime(2026, 7, 14, 10, 30),
                                   MTY, 30, "Cintermex", mission_id=trip.id))
        store.save_meeting(Meeting("Plant tour", dt.datetime(2026, 7, 14, 11, 10), MTY, 60,
                                   "Apodaca", mission_id=trip.id))
        store.save_meeting(Meeting("Lunch", dt.datetime(2026, 7, 13, 14), "America/Mexico_City",
                                   90, "Querétaro", "cancelled", mission_id=trip.id))
    return trip


def meetings() -> list[Meeting]:
    with NotesStore(default_path()) as store:
        return store.meetings()


def test_agenda_list_shows_both_times_and_flags_overlaps() -> None:
    make_mission()
    done = mxdesk("agenda", "list")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Querétaro + Monterrey: 13 Jul 2026 to 15 Jul 2026, home time Europe/Madrid"
    assert lines[1].split() == ["Day", "Time", "Zone", "Home", "(Europe/Madrid)", "Title",
                                "Place", "Clusters", "Status", "Flags"]
    lunch, board, coffee = lines[2:5]
    assert lunch.startswith("Mon 13 Jul 2026  14:00–15:30  CST   22:00 CEST")
    assert "Lunch" in lunch
    assert lunch.rstrip().endswith("cancelled")  # a cancelled meeting is flagged for nothing
    assert board.startswith("Tue 14 Jul 2026  10:00–11:00  CST   18:00 CEST")
    assert "Clúster Automotriz de Nuevo León" in board
    assert board.endswith("⚠ Overlaps “Coffee with a supplier” by 30 min")
    assert coffee.startswith(" " * 17 + "10:30–11:00")
    assert "⚠ Overlaps “Board of CLAUT” by 30 min" in coffee
    # Too close: both meetings flagged, in the window's words (trial 18c §3).
    assert "↔ Only 10 min before" in coffee
    assert "↔ Only 10 min after “Coffee with a supplier”" in lines[5]
    day = mxdesk("agenda", "list", "--mission", "quere", "--day", "2026-07-13")
    assert day.returncode == 0, day.stderr
    assert "Lunch" in day.stdout
    assert "Board of CLAUT" not in day.stdout


def test_agenda_export_twice_keeps_uids_and_raises_sequence(tmp_path: Path) -> None:
    trip = make_mission()
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    done = mxdesk("agenda", "export", str(first))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Wrote 4 meetings of “{trip.name}” to {first}\n"
    with NotesStore(default_path()) as store:
        board = next(m for m in store.meetings() if m.title == "Board of CLAUT")
        store.update_meeting(int(board.id or 0), {"duration_min": 45})
    assert mxdesk("agenda", "export", str(second), "--mission", "querétaro").returncode == 0
    one, two = (
        {str(e["UID"]): e for e in icalendar.Calendar.from_ical(p.read_bytes()).walk("VEVENT")}
        for p in (first, second))
    assert set(one) == set(two)
    assert len(one) == 4
    assert (int(one[board.uid]["SEQUENCE"]), int(two[board.uid]["SEQUENCE"])) == (0, 1)
    assert two[board.uid].decoded("DTEND") - two[board.uid].decoded("DTSTART") == \
        dt.timedelta(minutes=45)


def test_agenda_import_asks_first(tmp_path: Path) -> None:
    make_mission()
    before = meetings()
    source = str(DATA / "matchmaking_floating.ics")
    unasked = mxdesk("agenda", "import", source)
    assert unasked.returncode == 1
    assert "2 new meetings will be added to the mission “Querétaro + Monterrey”." in \
        unasked.stdout
    assert unasked.stderr == ("mxdesk: nothing was imported: add --yes to import without "
                              "being asked (standard input is not a terminal)\n")
    dry = mxdesk("agenda", "import", source, "--dry-run")
    assert (dry.returncode, dry.stdout.splitlines()[-1]) == (0, "Nothing was written.")
    said_no = at_a_terminal("n", "agenda", "import", source)
    assert said_no.returncode == 0, said_no.stderr
    assert said_no.stdout.endswith("Import these meetings? [y/N] Nothing was imported.\n")
    assert meetings() == before
    said_yes = at_a_terminal("y", "agenda", "import", source)
    assert said_yes.returncode == 0, said_yes.stderr
    assert said_yes.stdout.endswith("Imported: 2 added, 0 updated.\n")
    assert len(meetings()) == len(before) + 2
    again = mxdesk("agenda", "import", source, "--yes")
    assert again.returncode == 0
    assert again.stdout.splitlines()[-1] == "Nothing to import."
    update = mxdesk("agenda", "import", str(DATA / "matchmaking_update.ics"), "--yes")
    assert "2 meetings will be updated in place" in update.stdout
    assert update.stdout.endswith("Imported: 0 added, 2 updated.\n")
    assert len(meetings()) == len(before) + 2


def test_agenda_import_of_a_malformed_file_changes_nothing() -> None:
    make_mission()
    before = meetings()
    bad = mxdesk("agenda", "import", str(DATA / "bad_date.ics"), "--yes")
    assert bad.returncode == 1
    assert bad.stderr.startswith("mxdesk: bad_date.ics line 15 (event “Second meeting”): "
                                 "DTSTART cannot be read")
    assert bad.stderr.count("\n") == 1
    assert bad.stdout == ""
    assert meetings() == before


def test_agenda_user_errors() -> None:
    make_mission("Querétaro + Monterrey")
    make_mission("Querétaro again")
    ambiguous = mxdesk("agenda", "list", "--mission", "quer")
    assert ambiguous.returncode == 1
    assert ambiguous.stderr.startswith("mxdesk: 'quer' is ambiguous")
    assert "Querétaro again" in ambiguous.stderr
    which = mxdesk("agenda", "export", "x.ics")
    assert which.returncode == 1
    assert which.stderr.startswith("mxdesk: which mission? Name it with --mission")
    unknown = mxdesk("agenda", "export", "x.doc", "--mission", "querétaro again")
    assert (unknown.returncode, unknown.stderr) == (
        1, "mxdesk: x.doc: unknown format .doc; use .ics, .pdf, .xlsx\n")
    missing = mxdesk("agenda", "list", "--mission", "Oaxaca")
    assert missing.returncode == 1
    assert missing.stderr.startswith("mxdesk: no mission called 'Oaxaca' (missions: ")
    report = mxdesk("report", "-o", "report.txt")
    assert (report.returncode, report.stderr) == (
        1, "mxdesk: report.txt: unknown format .txt; use .pdf, .xlsx\n")
    bad_day = mxdesk("agenda", "list", "--day", "14/07/2026")
    assert bad_day.returncode == 2
    assert "is not a date (YYYY-MM-DD)" in bad_day.stderr


def test_agenda_list_without_notes_makes_none() -> None:
    done = mxdesk("agenda", "list")
    assert (done.returncode, done.stdout) == (0, "You have no missions yet.\n")
    assert not default_path().exists()


def test_paper_from_the_command_line(tmp_path: Path) -> None:
    """agenda export FILE.pdf / FILE.xlsx and report -o FILE.pdf / FILE.xlsx write files an
    independent reader opens, with the mission's meetings in them."""
    import openpyxl
    from pypdf import PdfReader

    make_mission()
    sheets, table = tmp_path / "days.pdf", tmp_path / "agenda.xlsx"
    report_pdf, report_xlsx = tmp_path / "report.pdf", tmp_path / "report.xlsx"
    for args, path in ((("agenda", "export", str(sheets), "--mission", "quer"), sheets),
                       (("agenda", "export", str(table)), table),
                       (("report", "--mission", "Querétaro + Monterrey", "-o", str(report_pdf)),
                        report_pdf),
                       (("report", "--mission", "queretaro", "-o", str(report_xlsx)),
                        report_xlsx)):
        done = mxdesk(*args)
        assert done.returncode == 0, done.stderr
        assert path.stat().st_size > 0
        assert str(path.name) in done.stdout + done.stderr
    # (pypdf reads the spaces of Qt's PDFs as tabs: words are compared, not the spacing.)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(sheets).pages).split())
    assert "Board of CLAUT" in text
    assert "Parque Fundidora" in text
    assert "Monday 13 July 2026" in text or "13 July 2026" in text
    cells = [c.value for row in openpyxl.load_workbook(table).active.iter_rows() for c in row]
    assert "Coffee with a supplier" in cells
    assert "Cintermex" in cells
    first_page = PdfReader(report_pdf).pages[0].extract_text()
    assert "Querétaro + Monterrey" in " ".join(first_page.split())
    assert len(openpyxl.load_workbook(report_xlsx).sheetnames) >= 2
    # A format the command does not write: a clear message, nothing written.
    bad = mxdesk("report", "--mission", "quer", "-o", str(tmp_path / "report.docx"))
    assert bad.returncode != 0
    assert "report.docx" in bad.stderr + bad.stdout
    assert not (tmp_path / "report.docx").exists()


def test_export_pdf_of_a_mission_opens_with_its_agenda(tmp_path: Path) -> None:
    """``mxdesk export-pdf --mission NAME``: the brochure of the mission's clusters (those its
    meetings name), with its agenda first, as the window's Export mission brochure makes it."""
    from tests.pdftext import pdf_text

    make_mission()
    out = tmp_path / "trip.pdf"
    done = mxdesk("export-pdf", "--mission", "queretaro", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Wrote {out}: {_pages(out)} pages, 1 cluster\n"
    text = pdf_text(out)
    assert "Board of CLAUT" in text
    assert "Cluster Automotriz de Nuevo León" in text
    # A name that names no mission, and one with no cluster: one line, nothing written.
    done = mxdesk("export-pdf", "--mission", "Oaxaca", "-o", str(tmp_path / "x.pdf"))
    assert (done.returncode, done.stderr) == (
        1, "mxdesk: no mission called 'Oaxaca' (missions: “Querétaro + Monterrey”)\n")
    with NotesStore(default_path()) as store:
        store.create_mission(Mission("Empty", dt.date(2026, 9, 1), dt.date(2026, 9, 2),
                                     "Europe/Madrid"))
    done = mxdesk("export-pdf", "--mission", "Empty", "-o", str(tmp_path / "x.pdf"))
    assert (done.returncode, done.stderr) == (
        1, "mxdesk: the mission “Empty” names no cluster of the directory; nothing was "
           "written\n")
    assert not (tmp_path / "x.pdf").exists()
    done = mxdesk("export-pdf", "--mission", "Empty", "--all", "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 2
    assert "--mission and --all do not go together" in done.stderr


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def test_agenda_import_hints_at_zone_only_on_the_command_line(tmp_path: Path) -> None:
    """A UTC event whose place names no zone is shown in the mission's usual zone: the
    command line adds how to choose another (--zone), which the window's plan never says."""
    make_mission()
    source = tmp_path / "online.ics"
    source.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\n"
                      "UID:call@x\r\nDTSTAMP:20260701T000000Z\r\nDTSTART:20260714T220000Z\r\n"
                      "DTEND:20260714T223000Z\r\nSUMMARY:Online call\r\nLOCATION:Online\r\n"
                      "END:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    dry = mxdesk("agenda", "import", str(source), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[-3:] == [
        "1 event without STATUS becomes confirmed.",
        "To read them in another zone, import again with --zone ZONE (an IANA name, e.g. "
        "America/Tijuana).",
        "Nothing was written."]
    chosen = mxdesk("agenda", "import", str(source), "--dry-run", "--zone", "America/Tijuana")
    assert "shown in America/Tijuana, the zone asked for" in chosen.stdout
    assert "--zone" not in chosen.stdout


def test_marking_done_with_an_outcome_sends_no_update(tmp_path: Path) -> None:
    """Trial 18 §10: confirmed -> done with an outcome and a next step is the same event
    (STATUS:CONFIRMED both): SEQUENCE stays; cancelling it is an update."""
    make_mission()
    first, second, third = (tmp_path / f"{n}.ics" for n in ("first", "second", "third"))
    assert mxdesk("agenda", "export", str(first)).returncode == 0
    with NotesStore(default_path()) as store:
        board = next(m for m in store.meetings() if m.title == "Board of CLAUT")
        store.update_meeting(int(board.id or 0), {
            "status": "done", "outcome": "Joint call agreed", "next_step": "Send the NDA",
            "next_due": dt.date(2026, 7, 20)})
    assert mxdesk("agenda", "export", str(second)).returncode == 0
    with NotesStore(default_path()) as store:
        store.update_meeting(int(board.id or 0), {"status": "cancelled"})
    assert mxdesk("agenda", "export", str(third)).returncode == 0
    one, two, three = (
        {str(e["UID"]): e for e in icalendar.Calendar.from_ical(p.read_bytes()).walk("VEVENT")}
        for p in (first, second, third))
    assert [(int(c[board.uid]["SEQUENCE"]), str(c[board.uid]["STATUS"]))
            for c in (one, two, three)] == [(0, "CONFIRMED"), (0, "CONFIRMED"),
                                            (1, "CANCELLED")]


def test_agenda_list_flags_another_city_and_an_overdue_next_step() -> None:
    """Trial 18 §3 and §11: Querétaro 09:00-10:00, then Apodaca, Monterrey at 11:00 is too
    close (another city: 3 h); the Flags column shows an overdue next step as the window's
    Checks column does."""
    with NotesStore(default_path()) as store:
        trip = store.create_mission(Mission("Bajío", dt.date(2027, 3, 16),
                                            dt.date(2027, 3, 18), "Europe/Madrid"))
        store.save_meeting(Meeting(
            "Supplier day", dt.datetime(2027, 3, 17, 9), "America/Mexico_City", 60,
            "Parque Industrial Querétaro, Santa Rosa Jáuregui", "confirmed",
            mission_id=trip.id, next_step="Send the NDA", next_due=dt.date(2020, 1, 10)))
        store.save_meeting(Meeting("Aerocluster board", dt.datetime(2027, 3, 17, 11), MTY, 60,
                                   "Apodaca, Monterrey", mission_id=trip.id))
    done = mxdesk("agenda", "list")
    assert done.returncode == 0, done.stderr
    empty, supplier, board = done.stdout.splitlines()[2:5]
    # The empty first day of the mission is listed, as the window lists it (trial 18c §3).
    assert empty.split() == ["Tue", "16", "Mar", "2027", "no", "meetings"]
    assert supplier.endswith("⚑ Next step due 2020-01-10: Send the NDA")
    assert "↔ Only 60 min before “Aerocluster board” in Monterrey (another city; allow 3 h)" \
        in supplier
    assert board.endswith("↔ Only 60 min after “Supplier day” in Querétaro "
                          "(another city; allow 3 h)")


def test_agenda_list_reads_a_cluster_s_state_when_the_place_names_no_city() -> None:
    with NotesStore(default_path()) as store:
        trip = store.create_mission(Mission("Norte", dt.date(2027, 3, 16),
                                            dt.date(2027, 3, 16), "Europe/Madrid"))
        store.save_meeting(Meeting("Board of CLAUT", dt.datetime(2027, 3, 16, 9), MTY, 60,
                                   "Parque Fundidora", mission_id=trip.id,
                                   clusters=("claut",)))
        store.save_meeting(Meeting("Aerocluster", dt.datetime(2027, 3, 16, 11),
                                   "America/Mexico_City", 60, "Parque Aeroespacial",
                                   mission_id=trip.id, clusters=("aerocluster-queretaro",)))
    done = mxdesk("agenda", "list")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[3].endswith(
        "↔ Only 60 min after “Board of CLAUT” in Nuevo León (another city; allow 3 h)")


def test_a_meetings_notes_travel_in_the_calendar_and_come_back(tmp_path: Path) -> None:
    """Issue 18's second trial: the partner named in an imported event's description went to
    the meeting's notes, and the next export dropped it. The notes open the event's
    DESCRIPTION (another calendar shows them), a change of them raises SEQUENCE, and mxdesk
    reads them back as they were (X-MXDESK-NOTES), not the whole description."""
    make_mission()
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    with NotesStore(default_path()) as store:
        board = next(m for m in store.meetings() if m.title == "Board of CLAUT")
        store.update_meeting(int(board.id or 0), {"comment": "Rocío Sánchez, Safran México"})
    assert mxdesk("agenda", "export", str(first)).returncode == 0
    with NotesStore(default_path()) as store:
        store.update_meeting(int(board.id or 0),
                             {"comment": "Rocío Sánchez, Safran México\nBring samples"})
    assert mxdesk("agenda", "export", str(second)).returncode == 0
    one, two = ({str(e["UID"]): e for e in
                 icalendar.Calendar.from_ical(p.read_bytes()).walk("VEVENT")}
                for p in (first, second))
    assert str(one[board.uid]["DESCRIPTION"]).startswith("Rocío Sánchez, Safran México\n\n")
    assert "Clusters: Clúster Automotriz de Nuevo León" in str(two[board.uid]["DESCRIPTION"])
    assert (int(one[board.uid]["SEQUENCE"]), int(two[board.uid]["SEQUENCE"])) == (1, 2)
    # Into another folder's notes: the notes come back alone.
    other = tmp_path / "other"
    done = subprocess.run([sys.executable, "-m", "mxdesk", "agenda", "import", str(second),
                           "--yes"], capture_output=True, text=True, timeout=60,
                          encoding="utf-8", env={**os.environ, "MXDESK_DATA_DIR": str(other)},
                          check=False)
    assert done.returncode == 0, done.stderr
    with NotesStore(other / "notes.db") as store:
        [copy] = [m for m in store.meetings() if m.uid == board.uid]
    assert copy.comment == "Rocío Sánchez, Safran México\nBring samples"
