"""Issue 18 in the window: a mission made from a shortlist, meetings added in two of Mexico's
zones with both times shown, an overlap flagged, a delete undone, a time changed (SEQUENCE
raised), Ctrl+K finding a meeting by its place, and overdue next steps told at start. Every
step through what a user touches: the buttons, the keys, the menus and the real dialogs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QMenu,
    QWidget,
)
from pytestqt.qtbot import QtBot

from mxdesk.core.mission.records import Meeting, Mission
from mxdesk.core.notes import NotesStore, ShortlistItem
from mxdesk.ui.agenda.meeting_dialog import MeetingDialog
from mxdesk.ui.agenda.mission_dialog import MissionDialog
from mxdesk.ui.agenda.model import MeetingIdRole, RowKindRole
from mxdesk.ui.agenda.tab import MissionTab
from mxdesk.ui.window import MainWindow
from tests.ui.test_i14_notes import answer_next_dialog, click, click_row, shortlists_page

DAY = dt.date(2026, 7, 14)


def menu_action(window: MainWindow, menu: str, text: str) -> QAction:
    """The action *text* of the menu bar's *menu*, found as a user finds it."""
    found = window.menus[menu]
    assert isinstance(found, QMenu)
    for action in found.actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no {text!r} in {menu}")


def type_date(qtbot: QtBot, field: QWidget, text: str) -> None:
    """Type a whole date or time over a date or time field's text, as a user who clicked it
    and pressed Ctrl+A (a day field's line edit is its ``edit``)."""
    edit = getattr(field, "edit", field)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)


def press(qtbot: QtBot, dialog: QWidget, which: QDialogButtonBox.StandardButton) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(which)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def answer_mission(qtbot: QtBot, name: str, first: str, last: str, home: str) -> list[str]:
    """Fill the next mission dialog and click OK; returns what it was offered (name)."""
    offered: list[str] = []

    def act(_app: QApplication) -> bool:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MissionDialog):
            return False
        offered.append(dialog.name.text())
        dialog.name.selectAll()
        qtbot.keyClicks(dialog.name, name)
        type_date(qtbot, dialog.start, first)
        type_date(qtbot, dialog.end, last)
        line = dialog.home.lineEdit()
        line.selectAll()
        qtbot.keyClicks(line, home)
        press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
        return True

    answer_next_dialog(act)
    return offered


def answer_meeting(qtbot: QtBot, fill: Callable[[MeetingDialog], None],
                   then: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Save,
                   seen: list[MeetingDialog] | None = None,
                   refused: list[str] | None = None) -> None:
    """When the meeting dialog opens, *fill* it as a user would, then click *then*; a
    refusal's message goes to *refused* and the dialog is cancelled."""
    def act(_app: QApplication) -> bool:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MeetingDialog):
            return False
        fill(dialog)
        if seen is not None:
            seen.append(dialog)
        press(qtbot, dialog, then)
        if dialog.isVisible():  # refused: the dialog stays; the test reads it, then leaves
            if refused is not None:
                refused.append(dialog.message.text())
                refused.append(",".join(f for f, w in dialog.field_widgets.items()
                                        if w.property("refused")))
            press(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)
        return True

    answer_next_dialog(act)


def meeting_fill(qtbot: QtBot, title: str, cluster: str, start: str, place: str = ""
                 ) -> Callable[[MeetingDialog], None]:
    def fill(dialog: MeetingDialog) -> None:
        qtbot.keyClicks(dialog.title, title)
        field = dialog.clusters.field.edit
        field.setFocus()
        qtbot.keyClicks(field, cluster)
        qtbot.keyClick(field, Qt.Key.Key_Return)
        type_date(qtbot, dialog.start, start)
        if place:
            qtbot.keyClicks(dialog.place, place)
    return fill


def rows(tab: MissionTab) -> list[list[str]]:
    """The agenda as shown: each row's cells (a day's row: its one cell)."""
    model = tab.model
    shown = []
    for day in range(model.rowCount()):
        head = model.index(day, 0)
        shown.append([head.data()])
        for row in range(model.rowCount(head)):
            shown.append([model.index(row, column, head).data() or ""
                          for column in range(model.columnCount())])
    return shown


def select_meeting(qtbot: QtBot, tab: MissionTab, title: str) -> None:
    """Click the agenda's row of the meeting *title*."""
    model = tab.model
    for day in range(model.rowCount()):
        head = model.index(day, 0)
        for row in range(model.rowCount(head)):
            index = model.index(row, 2, head)
            if index.data() == title:
                tab.view.scrollTo(index)
                qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton,
                                 pos=tab.view.visualRect(index).center())
                assert tab.current_meeting_id() == index.data(MeetingIdRole)
                return
    raise AssertionError(f"no meeting {title!r}")


@pytest.fixture
def planned(qtbot: QtBot, window: MainWindow, store: NotesStore) -> MissionTab:
    """A mission made from a shortlist through My notes ▸ Shortlists ▸ Make a mission…"""
    made = store.create_shortlist("Bajío and Baja")
    store.set_items(int(made.id or 0), [ShortlistItem("aerocluster-queretaro"),
                                        ShortlistItem("baja-cluster-aeroespacial")])
    shortlists_page(qtbot, window)
    click_row(qtbot, window.my_notes.shortlist_view, 0)
    offered = answer_mission(qtbot, "Aero mission", "20260714", "20260716", "Europe/Berlin")
    click(qtbot, window.my_notes.shortlists.mission_button)
    qtbot.waitUntil(lambda: bool(store.missions()))
    assert offered == ["Bajío and Baja"]  # the shortlist's name, to keep or change
    back_in(qtbot, window)
    return window.missions.tab


def back_in(qtbot: QtBot, window: MainWindow) -> None:
    """The window active again after a dialog closed, as the desktop makes it (the
    offscreen platform leaves no window active)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_a_mission_made_from_a_shortlist(qtbot: QtBot, window: MainWindow, store: NotesStore,
                                         planned: MissionTab) -> None:
    [mission] = store.missions()
    assert (mission.name, mission.start_date, mission.end_date, mission.home_zone) == (
        "Aero mission", DAY, dt.date(2026, 7, 16), "Europe/Berlin")
    assert mission.clusters == ("aerocluster-queretaro", "baja-cluster-aeroespacial")
    assert window.tabs.currentWidget() is planned
    assert planned.chooser.currentText().startswith("Aero mission")
    assert "home Europe/Berlin (CEST)" in planned.about.text()
    # Three days, each its heading, none planned yet.
    assert [r[0] for r in rows(planned) if len(r) == 1 and r[0].startswith(("Tue", "Wed",
                                                                           "Thu"))] == [
        "Tue 14 Jul 2026 — no meetings", "Wed 15 Jul 2026 — no meetings",
        "Thu 16 Jul 2026 — no meetings"]
    # Remembered in the notes: a new window shows it again.
    assert store.setting("current_mission") == mission.uid


def add_two(qtbot: QtBot, window: MainWindow, tab: MissionTab) -> None:
    """Two meetings on the first day, by Insert and by Ctrl+N: one in Querétaro (central
    time), one in Tijuana (Pacific time, with US daylight saving), overlapping."""
    tab.view.setFocus()
    answer_meeting(qtbot, meeting_fill(qtbot, "Aerocluster supplier day", "Aerocluster de "
                                       "Queretaro", "0900", "Parque Aeroespacial"))
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: len(tab.store.meetings()) == 1)
    back_in(qtbot, window)
    answer_meeting(qtbot, meeting_fill(qtbot, "Baja aerospace visit",
                                       "Baja Cluster Aeroespacial", "0830",
                                       "Parque Industrial Pacifico, Tijuana"))
    qtbot.keyClick(tab.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(tab.store.meetings()) == 2)
    back_in(qtbot, window)


def test_two_zones_both_times_and_an_overlap(qtbot: QtBot, window: MainWindow,
                                            store: NotesStore, planned: MissionTab) -> None:
    add_two(qtbot, window, planned)
    queretaro, tijuana = sorted(store.meetings(), key=lambda m: m.title)
    assert (queretaro.zone, tijuana.zone) == ("America/Mexico_City", "America/Tijuana")
    assert queretaro.clusters == ("aerocluster-queretaro",)
    shown = {r[2]: r for r in rows(planned) if len(r) > 2}
    # Querétaro 09:00 CST is 15:00 UTC, 17:00 in Berlin; Tijuana 08:30 PDT is 15:30 UTC.
    assert shown["Aerocluster supplier day"][:2] == ["09:00–10:00 CST", "17:00 CEST"]
    assert shown["Baja aerospace visit"][:2] == ["08:30–09:30 PDT", "17:30 CEST"]
    assert shown["Baja aerospace visit"][4] == "Baja Clúster Aeroespacial"
    # The overlap in words, with its glyph, on both; and in the day's heading.
    assert shown["Aerocluster supplier day"][7] == \
        "⚠ Overlaps “Baja aerospace visit” by 30 min"
    assert shown["Baja aerospace visit"][7] == \
        "⚠ Overlaps “Aerocluster supplier day” by 30 min"
    assert "Tue 14 Jul 2026 — 2 meetings · ⚠ 1 overlap" in [r[0] for r in rows(planned)]


def test_delete_then_undo_from_the_edit_menu(qtbot: QtBot, window: MainWindow,
                                            store: NotesStore, planned: MissionTab) -> None:
    add_two(qtbot, window, planned)
    select_meeting(qtbot, planned, "Baja aerospace visit")
    qtbot.keyClick(planned.view, Qt.Key.Key_Delete)
    assert [m.title for m in store.meetings()] == ["Aerocluster supplier day"]
    assert "Baja aerospace visit" not in [r[2] for r in rows(planned) if len(r) > 2]
    menu_action(window, "Edit", "Undo delete of meeting “Baja aerospace visit”").trigger()
    assert sorted(m.title for m in store.meetings()) == [
        "Aerocluster supplier day", "Baja aerospace visit"]
    assert "Baja aerospace visit" in [r[2] for r in rows(planned) if len(r) > 2]


def test_a_changed_time_raises_the_sequence(qtbot: QtBot, window: MainWindow,
                                           store: NotesStore, planned: MissionTab) -> None:
    add_two(qtbot, window, planned)
    select_meeting(qtbot, planned, "Baja aerospace visit")
    before = store.meeting(int(planned.current_meeting_id() or 0))
    assert before.sequence == 0

    def later(dialog: MeetingDialog) -> None:
        assert dialog.zone.zone() == "America/Tijuana"
        type_date(qtbot, dialog.start, "1100")

    answer_meeting(qtbot, later)
    qtbot.keyClick(planned.view, Qt.Key.Key_Return)
    after = store.meeting(int(before.id or 0))
    assert (after.start.hour, after.start.minute, after.sequence) == (11, 0, 1)
    assert after.uid == before.uid
    shown = {r[2]: r for r in rows(planned) if len(r) > 2}
    assert shown["Baja aerospace visit"][0] == "11:00–12:00 PDT"
    # No longer overlapping; but two hours from Querétaro to Tijuana are not enough.
    assert shown["Baja aerospace visit"][7] == \
        "↔ Only 120 min after “Aerocluster supplier day” in Querétaro (another city; allow 3 h)"


def test_bad_input_is_marked_and_nothing_saved(qtbot: QtBot, window: MainWindow,
                                              store: NotesStore, planned: MissionTab) -> None:
    said: list[str] = []
    answer_meeting(qtbot, lambda dialog: None, refused=said)  # no title
    planned.view.setFocus()
    qtbot.keyClick(planned.view, Qt.Key.Key_Insert)
    assert said == ["Title: a meeting needs a title. Nothing was saved.", "title"]

    def bad_zone(dialog: MeetingDialog) -> None:
        qtbot.keyClicks(dialog.title, "Somewhere")
        line = dialog.zone.combo.lineEdit()
        line.selectAll()
        qtbot.keyClicks(line, "UTC-6")

    said.clear()
    back_in(qtbot, window)
    answer_meeting(qtbot, bad_zone, refused=said)
    qtbot.keyClick(planned.view, Qt.Key.Key_Insert)
    assert said == ["Time zone: “UTC-6” is not an IANA time zone name (such as "
                    "America/Mexico_City or Europe/Madrid) Nothing was saved.", "zone"]
    assert store.meetings() == []


def test_ctrl_k_finds_a_meeting_by_its_place(qtbot: QtBot, window: MainWindow,
                                            store: NotesStore, planned: MissionTab) -> None:
    add_two(qtbot, window, planned)
    window.tabs.setCurrentIndex(0)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    box = window.search_everything
    qtbot.waitUntil(box.isVisible)
    # "industrial pacifico": "pacifico" alone also finds a sector by its Spanish text
    # ("Cuenca del Pacífico"): search reads both languages (issue 20).
    qtbot.keyClicks(box.field, "industrial pacifico")
    qtbot.waitUntil(lambda: "Your meetings (1)" in [
        box.results.item(r).text() for r in range(box.results.rowCount())])
    assert box.view.currentIndex().data() == "Baja aerospace visit"
    qtbot.keyClick(box.field, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is planned
    assert planned.current_meeting() is not None
    assert planned.current_meeting().title == "Baja aerospace visit"  # type: ignore[union-attr]


def test_overdue_next_steps_told_at_start(qtbot: QtBot, make_window: Callable[[], MainWindow],
                                         store: NotesStore) -> None:
    today = dt.date.today()
    mission = store.create_mission(Mission("Spring trip", today - dt.timedelta(days=30),
                                           today - dt.timedelta(days=28), "Europe/Madrid"))
    store.save_meeting(Meeting("CLAUT follow-up", dt.datetime.combine(
        mission.start_date, dt.time(10)), "America/Monterrey", mission_id=mission.id,
        next_step="Send the catalogue", next_due=today - dt.timedelta(days=3)))
    store.save_meeting(Meeting("Done already", dt.datetime.combine(
        mission.start_date, dt.time(12)), "America/Monterrey", mission_id=mission.id,
        next_step="Nothing", next_due=today + dt.timedelta(days=3)))
    window = make_window()
    notice = window.missions.notice
    assert notice is not None
    assert notice.isVisible()
    assert notice.label.text() == "⚑ 1 next step overdue"
    click(qtbot, notice.show_button)
    tab = window.missions.tab
    assert window.tabs.currentWidget() is tab
    assert tab.overdue_only.isChecked()
    titled = [r[2] for r in rows(tab) if len(r) > 2]
    assert titled == ["CLAUT follow-up"]
    assert any("⚑ Next step due" in r[7] for r in rows(tab) if len(r) > 2)
    click(qtbot, notice.dismiss_button)
    assert not notice.isVisible()


def test_add_meeting_from_a_cluster_s_row_menu_presets_its_zone(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    store.create_mission(Mission("North", DAY, DAY, "Europe/Madrid"))
    window.navigate("cluster", "claut")
    seen: list[str] = []

    def check(dialog: MeetingDialog) -> None:
        seen.append(dialog.zone.zone())
        qtbot.keyClicks(dialog.title, "CLAUT")

    answer_meeting(qtbot, check)
    from mxdesk.ui.row_menu import row_menu

    menu = row_menu(window, window.tab_pages["clusters"])
    [add] = [a for a in menu.actions() if a.text().replace("&", "") == "Add meeting…"]
    add.trigger()
    assert seen == ["America/Monterrey"]
    [made] = store.meetings()
    assert made.clusters == ("claut",)
    assert window.tabs.currentWidget() is window.missions.tab


def test_the_meeting_s_cluster_one_key_away(qtbot: QtBot, window: MainWindow,
                                           store: NotesStore, planned: MissionTab) -> None:
    add_two(qtbot, window, planned)
    select_meeting(qtbot, planned, "Aerocluster supplier day")
    click(qtbot, planned.cluster_button)
    assert window.tabs.currentWidget() is window.tab_pages["clusters"]
    assert window.tab_pages["clusters"].current == ("cluster", "aerocluster-queretaro")


def test_days_by_key(qtbot: QtBot, window: MainWindow, store: NotesStore,
                     planned: MissionTab) -> None:
    planned.view.setFocus()
    first = planned.current_day()
    qtbot.keyClick(planned.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert planned.current_day() == "2026-07-15" != first
    qtbot.keyClick(planned.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(planned.view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert planned.current_day() == "2026-07-15"
    assert planned.view.currentIndex().data(RowKindRole) == "empty"

