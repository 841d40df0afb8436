"""Trial 18's findings in the Mission tab's dialogs and notices, done as the user did them:
the overdue notice that never recounted, the Due date that opened on January 2000, the zone
line that widened the form, typed dates and times that lost digits, the meeting's notes, and
the status bar's words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from mxdesk.core.directory import Directory
from mxdesk.core.mission.records import Meeting, MeetingStatus, Mission
from mxdesk.core.notes import NotesStore, ShortlistItem
from mxdesk.ui.agenda.meeting_dialog import MeetingDialog
from mxdesk.ui.agenda.mission_dialog import MissionAnswer, MissionDialog
from mxdesk.ui.agenda.model import MeetingIdRole, RowKindRole
from mxdesk.ui.agenda.tab import MissionTab
from mxdesk.ui.window import MainWindow
from tests.ui.test_agenda import answer_meeting, back_in, planned, press, rows, type_date
from tests.ui.test_i14_notes import click, click_row, shortlists_page

__all__ = ["planned"]  # the fixture, used here as in test_agenda.py
MARCH = dt.date(2027, 3, 16)


def undo(window: MainWindow) -> None:
    """Edit ▸ Undo…, triggered as the menu does."""
    found = [a for a in window.menus["Edit"].actions()
             if a.text().replace("&", "").startswith("Undo")]
    assert found, "no Undo in Edit"
    found[0].trigger()


def _overdue(store: NotesStore) -> Mission:
    today = dt.date.today()
    mission = store.create_mission(Mission("Spring trip", today - dt.timedelta(days=30),
                                           today - dt.timedelta(days=28), "Europe/Madrid"))
    store.save_meeting(Meeting("CLAUT follow-up", dt.datetime.combine(
        mission.start_date, dt.time(10)), "America/Monterrey", mission_id=mission.id,
        next_step="Send the catalogue", next_due=today - dt.timedelta(days=3)))
    return mission


def test_overdue_notice_recounts_as_next_steps_are_done_and_undone(
        qtbot: QtBot, make_window: Callable[[], MainWindow], store: NotesStore) -> None:
    _overdue(store)
    window = make_window()
    notice = window.missions.notice
    assert notice is not None
    assert notice.isVisible()
    assert notice.label.text() == "⚑ 1 next step overdue"
    click(qtbot, notice.show_button)
    tab = window.missions.tab
    found = tab._find(lambda i: i.data(MeetingIdRole) is not None)
    assert found is not None
    tab.view.setCurrentIndex(found)
    click(qtbot, tab.step_done_button)
    # Done: the notice goes (it said "1 overdue" until mxdesk started again), and the
    # empty list says why it is empty.
    assert not notice.isVisible()
    assert rows(tab) == [["No next step is overdue"]]
    assert tab.model.index(0, 0).data(RowKindRole) == "empty"
    undo(window)
    assert notice.isVisible()
    assert notice.label.text() == "⚑ 1 next step overdue"
    click(qtbot, notice.dismiss_button)
    assert not notice.isVisible()
    undo(window)  # nothing left to undo: stays dismissed
    assert not notice.isVisible()


def test_overdue_notice_appears_when_a_step_falls_overdue(
        qtbot: QtBot, make_window: Callable[[], MainWindow], store: NotesStore) -> None:
    window = make_window()
    assert window.missions.notice is None
    _overdue(store)
    window.notes.changed.emit(None)  # as an import or another view's write says it
    notice = window.missions.notice
    assert notice is not None
    assert notice.label.text() == "⚑ 1 next step overdue"


def test_mission_days_typed_whole_over_a_selection_keep_the_span(qtbot: QtBot) -> None:
    dialog = MissionDialog("New mission", MissionAnswer(
        "Bajío", dt.date(2026, 12, 7), dt.date(2026, 12, 9), "Europe/Madrid"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    # Ctrl+A then the whole date, as the trial's user typed it (it gave 2026-03-16).
    type_date(qtbot, dialog.start, "2027-03-16")
    qtbot.keyClick(dialog.start.edit, Qt.Key.Key_Tab)  # on to Last day
    # The First day passed the Last day: the three days move along, not collapse to one.
    assert dialog.end.edit.text() == "2027-03-18"
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.result() == MissionDialog.DialogCode.Accepted
    assert (dialog.answer.start_date, dialog.answer.end_date) == (MARCH,
                                                                 dt.date(2027, 3, 18))


def test_mission_day_that_is_no_date_is_refused(qtbot: QtBot) -> None:
    dialog = MissionDialog("New mission", MissionAnswer(
        "Bajío", dt.date(2026, 12, 7), dt.date(2026, 12, 9), "Europe/Madrid"))
    qtbot.addWidget(dialog)
    dialog.show()
    type_date(qtbot, dialog.end, "2027-13-45")
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.isVisible()
    assert dialog.end.edit.property("refused")
    assert dialog.message.text().startswith("Last day: “2027-13-45” is not a date")


def _mission(store: NotesStore) -> Mission:
    return store.create_mission(Mission("Querétaro–Monterrey", MARCH,
                                        MARCH + dt.timedelta(days=2), "Europe/Madrid"))


@pytest.mark.qt_log_ignore("This plugin does not support raise",
                           "This plugin does not support grabbing the keyboard")
def test_typed_time_notes_and_due_date_are_saved(
        qtbot: QtBot, store: NotesStore, directory: Directory) -> None:
    mission = _mission(store)
    dialog = MeetingDialog(store, directory, mission, day=MARCH + dt.timedelta(days=1))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.title, "Aerocluster visit")
    type_date(qtbot, dialog.start, "08:30")  # Ctrl+A then 08:30 (it gave 00:30)
    # The Due field is blank ("none"), and its calendar opens on the meeting's month
    # (it opened on January 2000).
    assert dialog.next_due.edit.text() == ""
    assert dialog.next_due.edit.placeholderText() == "none"
    click(qtbot, dialog.next_due.button)
    calendar = dialog.next_due.calendar
    assert calendar is not None
    assert calendar.isVisible()
    assert (calendar.yearShown(), calendar.monthShown()) == (2027, 3)
    assert calendar.selectedDate().toString("yyyy-MM-dd") == "2027-03-17"
    qtbot.keyClick(calendar, Qt.Key.Key_Escape)
    qtbot.keyClicks(dialog.next_step, "Send the catalogue")
    # A due date before the meeting: marked, said, nothing saved.
    type_date(qtbot, dialog.next_due, "2026-11-27")
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Save)
    assert dialog.isVisible()
    assert store.meetings() == []
    assert dialog.next_due.edit.property("refused")
    assert dialog.message.text() == ("Next step due: 2026-11-27 is before the meeting "
                                     "(2027-03-17): a next step is due after it. "
                                     "Nothing was saved.")
    type_date(qtbot, dialog.next_due, "2027-03-26")
    dialog.comment.setFocus()
    qtbot.keyClicks(dialog.comment, "Matchmaking with Lucia Ramirez Ochoa")
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Save)
    assert not dialog.isVisible()
    [saved] = store.meetings()
    assert saved.start.replace(tzinfo=None) == dt.datetime(2027, 3, 17, 8, 30)
    assert saved.next_due == dt.date(2027, 3, 26)
    assert saved.comment == "Matchmaking with Lucia Ramirez Ochoa"
    # Opened again: the notes are there to read and change; a blanked Due is none.
    again = MeetingDialog(store, directory, mission, saved)
    qtbot.addWidget(again)
    again.show()
    assert again.comment.toPlainText() == "Matchmaking with Lucia Ramirez Ochoa"
    assert again.next_due.edit.text() == "2027-03-26"
    again.next_due.edit.setFocus()
    qtbot.keyClick(again.next_due.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(again.next_due.edit, Qt.Key.Key_Delete)
    press(qtbot, again, QDialogButtonBox.StandardButton.Save)
    assert store.meeting(int(saved.id or 0)).next_due is None


def test_a_long_zone_line_wraps_and_moves_nothing(
        qtbot: QtBot, store: NotesStore, directory: Directory) -> None:
    dialog = MeetingDialog(store, directory, _mission(store), day=MARCH)
    qtbot.addWidget(dialog)
    dialog.resize(900, 560)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = (dialog.date.geometry(), dialog.clusters.list.width(), dialog.width())
    combo = dialog.zone.combo
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo, "America/Monterrey")
    QApplication.processEvents()
    assert "Coahuila, Durango, Nuevo León, Tamaulipas (most)" in dialog.zone.note.text()
    assert (dialog.date.geometry(), dialog.clusters.list.width(), dialog.width()) == before
    assert dialog.zone.note.wordWrap()


def test_status_counts_cancelled_and_a_new_meeting_stays_selected(
        qtbot: QtBot, window: MainWindow, store: NotesStore, planned: MissionTab) -> None:
    [mission] = store.missions()
    for hour in (9, 11):
        store.save_meeting(Meeting(f"At {hour}", dt.datetime.combine(
            mission.start_date, dt.time(hour)), "America/Mexico_City", mission_id=mission.id))
    store.save_meeting(Meeting("Called off", dt.datetime.combine(
        mission.start_date, dt.time(14)), "America/Mexico_City", mission_id=mission.id,
        status=MeetingStatus.CANCELLED))
    planned.reload()
    assert planned.status == "Aero mission: 3 meetings (1 cancelled) over 3 days"
    # A new meeting on the first day (selected: its last row) is selected once saved.
    found = planned._find(lambda i: i.data(RowKindRole) == "meeting"
                          and i.data(MeetingIdRole) is not None)
    assert found is not None
    planned.view.setCurrentIndex(found)
    answer_meeting(qtbot, lambda d: qtbot.keyClicks(d.title, "Late call"))
    click(qtbot, planned.new_button)
    qtbot.waitUntil(lambda: len(store.meetings()) == 4)
    back_in(qtbot, window)
    [late] = [m for m in store.meetings() if m.title == "Late call"]
    assert planned.current_meeting_id() == late.id
    assert planned.status == "Aero mission: 4 meetings (1 cancelled) over 3 days"


def test_shortlists_page_status_describes_the_shortlists(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    made = store.create_shortlist("Bajío")
    store.set_items(int(made.id or 0), [ShortlistItem("aerocluster-queretaro"),
                                        ShortlistItem("baja-cluster-aeroespacial")])
    store.create_shortlist("Norte")
    window.my_notes.refresh()
    shortlists_page(qtbot, window)
    click_row(qtbot, window.my_notes.shortlist_view, 0)
    assert window.my_notes.status == "2 shortlists · “Bajío”: 2 clusters"
    assert "contacts and notes" not in window.my_notes.status
    click_row(qtbot, window.my_notes.shortlist_view, 1)
    assert window.my_notes.status == "2 shortlists · “Norte”: 0 clusters"
    inner = window.my_notes.inner.tabBar()
    qtbot.mouseClick(inner, Qt.MouseButton.LeftButton, pos=inner.tabRect(0).center())
    assert "contacts and notes" in window.my_notes.status


def test_import_plan_names_no_command_line_option(qtbot: QtBot, tmp_path: Path,
                                                 store: NotesStore,
                                                 directory: Directory) -> None:
    """A UTC event with no place's zone: the plan (shown in the window's import dialog too)
    says why its zone was chosen without pointing a window user at --zone."""
    from mxdesk.core.mission import ical

    path = tmp_path / "platform.ics"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
                    "BEGIN:VEVENT\r\nUID:b2b-2@platform\r\nDTSTAMP:20261130T120000Z\r\n"
                    "DTSTART:20270316T220000Z\r\nDTEND:20270316T230000Z\r\n"
                    "SUMMARY:Video call\r\nLOCATION:Online\r\n"
                    "DESCRIPTION:Matchmaking meeting with Lucia\r\n"
                    "END:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    mission = _mission(store)
    plan = ical.plan_ics(store, ical.read_ics(path), mission)
    text = plan.summary()
    assert "times in UTC: shown in America/Mexico_City" in text
    assert "no zone could be told from their place; each meeting's zone can be changed" in text
    assert "--zone" not in text
    # Imported, its DESCRIPTION is the meeting's notes, in the dialog to read and edit.
    ical.apply_ics(store, plan)
    [call] = store.meetings()
    dialog = MeetingDialog(store, directory, mission, call)
    qtbot.addWidget(dialog)
    assert dialog.comment.toPlainText() == "Matchmaking meeting with Lucia"


def test_a_meeting_longer_than_a_day_keeps_its_length_when_edited(
        qtbot: QtBot, store: NotesStore, directory: Directory) -> None:
    """An all-day event over two days from a shared calendar (issue 21) is a meeting of
    1,980 minutes: editing its place in the dialog keeps that length (the field's usual
    maximum is a day)."""
    mission = _mission(store)
    long = store.save_meeting(Meeting("Feria Expo", dt.datetime(2027, 3, 17, 9),
                                      "America/Monterrey", 1980, mission_id=mission.id))
    dialog = MeetingDialog(store, directory, mission, long)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.duration.value() == 1980
    dialog.place.setFocus()
    qtbot.keyClicks(dialog.place, "Cintermex")
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Save)
    saved = store.meeting(int(long.id or 0))
    assert (saved.place, saved.duration_min) == ("Cintermex", 1980)
