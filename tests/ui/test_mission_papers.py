"""Issue 18's journeys through the Mission menu, as a user clicks them: the calendar exported
twice (read back with icalendar: UIDs stable, SEQUENCE raised after an edit in the meeting
dialog, a meeting cancelled in the dialog sent as CANCELLED), a calendar imported (its plan
shown in the real confirm dialog, then applied; a malformed one named and refused), the day
sheets printed (pypdf, pdftoppm), the report as PDF and Excel (pypdf, openpyxl), and the
mission's brochure opening with its agenda. Files are asked for through the window's
injected prompts (``window.mission_papers.prompts``), as the other exports' tests do."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import icalendar
import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from mxdesk.core.notes import NotesStore
from mxdesk.ui.agenda.meeting_dialog import MeetingDialog
from mxdesk.ui.agenda.tab import MissionTab
from mxdesk.ui.export import BrochureDialog
from mxdesk.ui.window import MainWindow
from tests.mission_fixture import make_mission
from tests.pdftext import pdf_text
from tests.ui.test_agenda import (
    answer_meeting,
    back_in,
    menu_action,
    rows,
    select_meeting,
    type_date,
)
from tests.ui.test_i14_notes import answer_next_dialog

B2B = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//B2B Matchmaking//EN
X-WR-CALNAME:B2B Monterrey
BEGIN:VTIMEZONE
TZID:Matchmaking Time
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:-0500
TZOFFSETTO:-0500
TZNAME:MMT
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:b2b-1@matchmaking.example
DTSTAMP:20260701T120000Z
DTSTART;TZID=America/Monterrey:20260715T160000
DTEND;TZID=America/Monterrey:20260715T163000
SUMMARY:B2B: aerospace supplier
LOCATION:Cintermex, Monterrey
END:VEVENT
BEGIN:VEVENT
UID:b2b-2@matchmaking.example
DTSTAMP:20260701T120000Z
DTSTART;TZID=Matchmaking Time:20260715T180000
DTEND;TZID=Matchmaking Time:20260715T183000
SUMMARY:B2B: software partner (online)
LOCATION:Online
END:VEVENT
BEGIN:VEVENT
UID:b2b-3@matchmaking.example
DTSTAMP:20260701T120000Z
DTSTART;VALUE=DATE:20260716
SUMMARY:Fair day
END:VEVENT
END:VCALENDAR
"""


def mission_tab(qtbot: QtBot, window: MainWindow) -> MissionTab:
    """The Mission tab, by clicking its tab."""
    bar = window.tabs.tabBar()
    index = window.tabs.indexOf(window.missions.tab)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert window.tabs.currentWidget() is window.missions.tab
    return window.missions.tab


def save_to(window: MainWindow, folder: Path) -> list[str]:
    """Answer the Save dialogs with *folder*/<the name offered>; returns the names offered."""
    offered: list[str] = []

    def save(suggested: str) -> Path:
        offered.append(suggested)
        return folder / suggested

    window.mission_papers.prompts.save_path = save
    return offered


def events(path: Path) -> dict[str, icalendar.Event]:
    """The VEVENTs of an .ics file by title, as icalendar reads them."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def answer_box(qtbot: QtBot, button: str, seen: list[str]) -> None:
    """When the next message box opens, note its title and text in *seen* and click the
    button *button*."""
    def act(_app: QApplication) -> bool:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return False
        seen.extend([box.windowTitle(), box.text()])
        [chosen] = [b for b in box.findChildren(QAbstractButton)
                    if b.text().replace("&", "") == button]
        qtbot.mouseClick(chosen, Qt.MouseButton.LeftButton)
        return True

    answer_next_dialog(act)


@pytest.fixture
def trip(qtbot: QtBot, window: MainWindow, store: NotesStore) -> MissionTab:
    """The three-day mission to Querétaro and Monterrey (tests/mission_fixture.py), shown."""
    make_mission(store)
    window.missions.tab.reload()
    return mission_tab(qtbot, window)


def test_the_calendar_exported_twice_updates_in_place(
        qtbot: QtBot, window: MainWindow, store: NotesStore, trip: MissionTab,
        tmp_path: Path) -> None:
    offered = save_to(window, tmp_path)
    menu_action(window, "Mission", "Export calendar (.ics)…").trigger()
    first = tmp_path / offered[0]
    assert offered == ["mxdesk-queretaro-monterrey-july-2026-calendar.ics"]
    assert window.statusBar().currentMessage() == (
        f"Wrote 12 meetings (1 cancelled) of “Querétaro + Monterrey, July 2026” to {first}")
    before = events(first)
    assert len(before) == 12
    assert {str(e["UID"]) for e in before.values()} == {m.uid for m in store.meetings()}
    assert str(before["Software cluster, quick coffee"]["STATUS"]) == "CANCELLED"
    assert str(before["CLAUT board"]["STATUS"]) == "CONFIRMED"
    assert before["CLAUT board"]["DTSTART"].dt.tzinfo.key == "America/Monterrey"
    assert window.window_settings.mission_folder == tmp_path  # the next dialog starts there

    # An hour later, in the meeting dialog; and the debrief cancelled there.
    select_meeting(qtbot, trip, "CLAUT board")

    def later(dialog: MeetingDialog) -> None:
        type_date(qtbot, dialog.start, "1600")

    answer_meeting(qtbot, later)
    qtbot.keyClick(trip.view, Qt.Key.Key_Return)
    back_in(qtbot, window)
    select_meeting(qtbot, trip, "Debrief with the delegation")

    def cancel(dialog: MeetingDialog) -> None:
        dialog.status.setFocus()
        qtbot.keyClicks(dialog.status, "cancelled")

    answer_meeting(qtbot, cancel)
    qtbot.mouseClick(trip.edit_button, Qt.MouseButton.LeftButton)
    back_in(qtbot, window)

    second = tmp_path / "again.ics"
    window.mission_papers.prompts.save_path = lambda _suggested: second
    trip.papers_button.menu().actions()[0].trigger()  # the tab's Calendar and papers ▸
    after = events(second)
    # The same events, by UID: a calendar that imported the first file updates them.
    assert {t: str(e["UID"]) for t, e in after.items()} == \
        {t: str(e["UID"]) for t, e in before.items()}
    assert (int(before["CLAUT board"]["SEQUENCE"]), int(after["CLAUT board"]["SEQUENCE"])) \
        == (0, 1)
    assert after["CLAUT board"]["DTSTART"].dt.hour == 16
    assert str(after["Debrief with the delegation"]["STATUS"]) == "CANCELLED"
    assert int(after["Debrief with the delegation"]["SEQUENCE"]) == 1
    assert int(after["Aerocluster tour"]["SEQUENCE"]) == 0  # untouched


def test_a_calendar_imported_after_its_plan_is_shown(
        qtbot: QtBot, window: MainWindow, store: NotesStore, trip: MissionTab,
        tmp_path: Path) -> None:
    source = tmp_path / "b2b.ics"
    source.write_text(B2B.replace("\n", "\r\n"), encoding="utf-8")
    window.mission_papers.prompts.open_path = lambda: source
    seen: list[str] = []
    answer_box(qtbot, "Import", seen)
    menu_action(window, "Mission", "Import calendar (.ics)…").trigger()
    assert seen == ["Import calendar", (
        "2 new meetings will be added to the mission “Querétaro + Monterrey, July 2026”.\n"
        "Skipped: “Fair day” (line 30): an all-day event, not a meeting (a meeting has a "
        "start time).\n1 event (“B2B: software partner (online)”) had a zone of the file's "
        "own: shown as Etc/GMT+5 (UTC-5).\n2 events without STATUS become confirmed.\n\n"
        "Nothing has been written yet.")]
    imported = {m.title: m for m in store.meetings() if m.uid.endswith("matchmaking.example")}
    assert sorted(imported) == ["B2B: aerospace supplier", "B2B: software partner (online)"]
    assert imported["B2B: aerospace supplier"].zone == "America/Monterrey"
    assert window.statusBar().currentMessage() == (
        "Imported b2b.ics into “Querétaro + Monterrey, July 2026”: 2 added, 0 updated")
    shown = {r[2]: r for r in rows(trip) if len(r) > 2}  # in the agenda at once
    assert shown["B2B: aerospace supplier"][:2] == ["16:00–16:30 CST", "00:00 (+1) CEST"]

    # The same file again: nothing new, said, nothing written.
    told: list[tuple[str, str]] = []
    window.tell_user = lambda title, text: told.append((title, text))  # type: ignore[method-assign]
    menu_action(window, "Mission", "Import calendar (.ics)…").trigger()
    assert told[0][0] == "Nothing to import"
    assert "2 meetings are already here unchanged." in told[0][1]
    assert len(store.meetings()) == 14


def test_cancel_in_the_confirm_dialog_writes_nothing(
        qtbot: QtBot, window: MainWindow, store: NotesStore, trip: MissionTab,
        tmp_path: Path) -> None:
    source = tmp_path / "b2b.ics"
    source.write_text(B2B, encoding="utf-8")
    window.mission_papers.prompts.open_path = lambda: source
    seen: list[str] = []
    answer_box(qtbot, "Cancel", seen)
    menu_action(window, "Mission", "Import calendar (.ics)…").trigger()
    assert seen[0] == "Import calendar"
    assert len(store.meetings()) == 12
    assert window.statusBar().currentMessage() == \
        "Nothing was imported: your agenda is as it was"


def test_a_malformed_calendar_is_named_and_changes_nothing(
        qtbot: QtBot, window: MainWindow, store: NotesStore, trip: MissionTab,
        tmp_path: Path) -> None:
    source = tmp_path / "broken.ics"
    source.write_text(B2B.replace("DTSTART;TZID=Matchmaking Time:20260715T180000",
                                  "DTSTART;TZID=Matchmaking Time:2026-07-15 noon"),
                      encoding="utf-8")
    window.mission_papers.prompts.open_path = lambda: source
    told: list[tuple[str, str]] = []
    window.tell_user = lambda title, text: told.append((title, text))  # type: ignore[method-assign]
    before = store.meetings()
    menu_action(window, "Mission", "Import calendar (.ics)…").trigger()
    assert told == [("Nothing was imported", "broken.ics line 25 (event “B2B: software "
                     "partner (online)”): DTSTART cannot be read (Wrong datetime format: "
                     "2026-07-15 noon); nothing was imported")]
    assert store.meetings() == before


def test_day_sheets_of_the_day_selected_then_of_every_day(
        qtbot: QtBot, window: MainWindow, store: NotesStore, trip: MissionTab,
        tmp_path: Path) -> None:
    window.window_settings.paper = "letter"
    offered = save_to(window, tmp_path)
    select_meeting(qtbot, trip, "CLAUT board")  # Tue 14 Jul
    seen: list[str] = []
    answer_box(qtbot, "Only Tue 14 Jul", seen)
    menu_action(window, "Mission", "Day sheets as PDF…").trigger()
    assert seen == ["Day sheets as PDF", "Print the day sheets of every day of the mission, "
                    "or only of Tue 14 Jul?"]
    one = tmp_path / offered[0]
    assert offered[0] == "mxdesk-queretaro-monterrey-july-2026-day-sheet-2026-07-14.pdf"
    reader = PdfReader(one)
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == \
        (612, 792)  # US Letter, the paper setting
    text = pdf_text(one)
    assert "CLAUT board" in text
    assert "Breakfast with Nuria Peña" in text
    assert "Welcome at the Aerocluster" not in text  # Mon 13 Jul
    assert window.statusBar().currentMessage().startswith(
        "Wrote the day sheet 2026-07-14 of “Querétaro + Monterrey, July 2026” to ")

    seen.clear()
    answer_box(qtbot, "Every day", seen)
    menu_action(window, "Mission", "Day sheets as PDF…").trigger()
    every = tmp_path / offered[1]
    text = pdf_text(every)
    for title in ("Welcome at the Aerocluster", "CLAUT board", "Debrief with the delegation"):
        assert title in text
    assert len(PdfReader(every).outline) == 3  # a bookmark a day
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(every),
                        str(tmp_path / "sheet")], check=True)
        [png] = tmp_path.glob("sheet*.png")
        assert png.stat().st_size > 5000  # a page drawn, not a blank one


def test_the_report_as_pdf_and_as_excel(qtbot: QtBot, window: MainWindow, store: NotesStore,
                                        trip: MissionTab, tmp_path: Path) -> None:
    offered = save_to(window, tmp_path)
    menu_action(window, "Mission", "Mission report as PDF…").trigger()
    menu_action(window, "Mission", "Mission report as Excel…").trigger()
    assert offered == ["mxdesk-queretaro-monterrey-july-2026-report.pdf",
                       "mxdesk-queretaro-monterrey-july-2026-report.xlsx"]
    text = pdf_text(tmp_path / offered[0])
    assert "Meetings held" in text
    assert "Send the MRO pilot outline" in text
    book = openpyxl.load_workbook(tmp_path / offered[1])
    assert book.sheetnames == ["Summary", "Meetings held", "Next steps", "Contacts met",
                               "By cluster"]
    steps = [row[2] for row in book["Next steps"].iter_rows(min_row=2, values_only=True)]
    assert "Draft the 2027 delegation letter" in steps
    assert window.statusBar().currentMessage().startswith(
        "Wrote the report of “Querétaro + Monterrey, July 2026” to ")


def test_a_file_not_written_is_told(qtbot: QtBot, window: MainWindow, store: NotesStore,
                                    trip: MissionTab, tmp_path: Path) -> None:
    told: list[tuple[str, str]] = []
    window.tell_user = lambda title, text: told.append((title, text))  # type: ignore[method-assign]
    window.mission_papers.prompts.save_path = lambda s: tmp_path / "no such folder" / s
    menu_action(window, "Mission", "Export calendar (.ics)…").trigger()
    assert told[0][0] == "The calendar was not written"
    assert "does not exist" in told[0][1]
    assert QApplication.overrideCursor() is None


def test_the_mission_brochure_opens_with_its_agenda(
        qtbot: QtBot, window: MainWindow, store: NotesStore, trip: MissionTab,
        tmp_path: Path) -> None:
    window.ask_path = lambda suggested: tmp_path / suggested  # type: ignore[method-assign]
    offered: list[str] = []

    def choose(choices: list) -> object:  # type: ignore[type-arg]
        offered.extend(c.text for c in choices)
        dialog = BrochureDialog(choices, "a4", window)
        answer = ("export", dialog.chosen(), "a4", False)
        dialog.deleteLater()
        return answer

    window.run_brochure_dialog = choose  # type: ignore[assignment]
    # File ▸ Export mission brochure with the Mission tab in front: the mission first.
    menu_action(window, "File", "Export mission brochure…").trigger()
    assert offered[0] == ("Your mission “Querétaro + Monterrey, July 2026”, opening with its "
                          "agenda (5 clusters)")
    written = window.exports.last_export
    assert written is not None
    text = pdf_text(written.path)
    assert "CLAUT board" in text  # the agenda
    assert "Cluster Automotriz de Nuevo León" in text  # a fact sheet
    # From the Mission menu in another tab too.
    offered.clear()
    window.tabs.setCurrentIndex(0)
    menu_action(window, "Mission", "Export mission brochure…").trigger()
    assert offered[0].startswith("Your mission “Querétaro + Monterrey")


def test_nothing_to_export_without_a_mission(qtbot: QtBot, window: MainWindow,
                                            store: NotesStore, tmp_path: Path) -> None:
    mission_tab(qtbot, window)
    asked = save_to(window, tmp_path)
    menu_action(window, "Mission", "Day sheets as PDF…").trigger()
    assert asked == []
    assert window.statusBar().currentMessage().startswith("No mission yet")


def test_the_tab_s_button_lists_the_menu_s_items(qtbot: QtBot, window: MainWindow,
                                                 trip: MissionTab) -> None:
    assert trip.papers_button.isVisible()
    assert [a.text().replace("&", "") for a in trip.papers_button.menu().actions()] == [
        "Export calendar (.ics)…", "Import calendar (.ics)…", "Day sheets as PDF…",
        "Mission report as PDF…", "Mission report as Excel…", "Export mission brochure…"]

