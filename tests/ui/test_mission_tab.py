"""The Mission tab finished (issue 18): a mission's days and home zone edited (not only its
name), Ctrl+F and Ctrl+L leaving the hidden Clusters tab alone, a next step marked done from
the overdue view (and undone), the contacts picker of the meeting dialog, and My notes' "Add
meeting…" on a contact — each through the button, key or menu a user touches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from mxdesk.core.mission.records import Meeting, Mission
from mxdesk.core.notes import Contact, NotesStore
from mxdesk.ui.agenda.meeting_dialog import MeetingDialog
from mxdesk.ui.agenda.views import NOT_IN_MISSION
from mxdesk.ui.window import MainWindow
from tests.ui.test_agenda import (
    DAY,
    answer_meeting,
    answer_mission,
    back_in,
    menu_action,
    rows,
    select_meeting,
)
from tests.ui.test_contact_cluster import open_in_my_notes
from tests.ui.test_i14_notes import click
from tests.ui.test_mission_papers import mission_tab
from tests.ui.test_notes_ui import OFFSCREEN_POPUP


def test_edit_mission_changes_its_days_and_home_zone(qtbot: QtBot, window: MainWindow,
                                                     store: NotesStore) -> None:
    made = store.create_mission(Mission("North", DAY, DAY, "Europe/Madrid"))
    tab = mission_tab(qtbot, window)
    assert tab.rename_button.text() == "Edit mission…"
    offered = answer_mission(qtbot, "North, longer", "20260713", "20260717", "Europe/Berlin")
    click(qtbot, tab.rename_button)
    back_in(qtbot, window)
    assert offered == ["North"]
    edited = store.mission(int(made.id or 0))
    assert (edited.name, edited.start_date, edited.end_date, edited.home_zone) == (
        "North, longer", dt.date(2026, 7, 13), dt.date(2026, 7, 17), "Europe/Berlin")
    assert edited.uid == made.uid
    assert tab.chooser.currentText() == "North, longer"
    assert "home Europe/Berlin (CEST)" in tab.about.text()
    assert len([r for r in rows(tab) if len(r) == 1 and "2026" in r[0]]) == 5
    # And from the Mission menu: a bad zone is marked in the dialog, nothing is changed.
    said: list[str] = []

    def bad(_app: QApplication) -> bool:
        from mxdesk.ui.agenda.mission_dialog import MissionDialog

        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MissionDialog):
            return False
        line = dialog.home.lineEdit()
        line.selectAll()
        qtbot.keyClicks(line, "Mars/Olympus")
        dialog.accept()
        said.append(dialog.message.text())
        dialog.reject()
        return True

    from tests.ui.test_i14_notes import answer_next_dialog

    answer_next_dialog(bad)
    menu_action(window, "Mission", "Edit mission…").trigger()
    assert said
    assert said[0].startswith("Home time zone:")
    assert store.mission(int(made.id or 0)).home_zone == "Europe/Berlin"


def test_find_and_clear_leave_the_hidden_clusters_tab_alone(qtbot: QtBot,
                                                           window: MainWindow) -> None:
    clusters = window.tab_pages["clusters"]
    qtbot.keyClicks(clusters.search_field, "aero")
    listed = clusters.model.rowCount()
    find, clear = window.named_actions["find"], window.named_actions["clear"]
    tip = find.toolTip()
    tab = mission_tab(qtbot, window)
    tab.view.setFocus()
    assert not find.isEnabled()
    assert not clear.isEnabled()
    assert find.toolTip() == clear.statusTip() == NOT_IN_MISSION
    qtbot.keyClick(tab.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(tab.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is tab
    assert not clusters.search_field.hasFocus()
    window.tabs.setCurrentWidget(clusters)
    assert clusters.search_field.text() == "aero"  # not cleared behind the user's back
    assert clusters.model.rowCount() == listed
    assert find.isEnabled()
    assert clear.isEnabled()
    assert find.toolTip() == tip


@pytest.fixture
def overdue(store: NotesStore) -> Callable[[], Meeting]:
    """A mission a month ago with one next step three days overdue."""
    today = dt.date.today()
    mission = store.create_mission(Mission("Spring trip", today - dt.timedelta(days=30),
                                           today - dt.timedelta(days=28), "Europe/Madrid"))
    made = store.save_meeting(Meeting(
        "CLAUT follow-up", dt.datetime.combine(mission.start_date, dt.time(10)),
        "America/Monterrey", mission_id=mission.id, outcome="Catalogue asked for.",
        next_step="Send the catalogue", next_due=today - dt.timedelta(days=3)))
    return lambda: store.meeting(int(made.id or 0))


def test_a_next_step_marked_done_from_the_overdue_view(
        qtbot: QtBot, make_window: Callable[[], MainWindow], store: NotesStore,
        overdue: Callable[[], Meeting]) -> None:
    window = make_window()
    before = overdue()
    assert window.missions.notice is not None
    click(qtbot, window.missions.notice.show_button)
    tab = window.missions.tab
    assert tab.overdue_only.isChecked()
    select_meeting(qtbot, tab, "CLAUT follow-up")
    assert tab.step_done_button.isEnabled()
    click(qtbot, tab.step_done_button)
    after = overdue()
    today = dt.date.today().isoformat()
    assert (after.next_step, after.next_due) == ("", None)
    assert after.outcome == f"Catalogue asked for.\n\nDone {today}: Send the catalogue"
    assert store.overdue(dt.date.today()) == []
    assert [r for r in rows(tab) if len(r) > 2] == []  # gone from the overdue view
    # Edit ▸ Undo puts it back as it was.
    menu_action(window, "Edit", "Undo next step done of “CLAUT follow-up”").trigger()
    back = overdue()
    assert (back.outcome, back.next_step, back.next_due) == (
        before.outcome, before.next_step, before.next_due)
    assert [r[2] for r in rows(tab) if len(r) > 2] == ["CLAUT follow-up"]


def test_a_meeting_without_a_next_step_has_nothing_to_mark(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    mission = store.create_mission(Mission("North", DAY, DAY, "Europe/Madrid"))
    store.save_meeting(Meeting("CLAUT", dt.datetime.combine(DAY, dt.time(9)),
                               "America/Monterrey", mission_id=mission.id))
    tab = mission_tab(qtbot, window)
    select_meeting(qtbot, tab, "CLAUT")
    assert not tab.step_done_button.isEnabled()


@OFFSCREEN_POPUP
def test_the_contacts_met_chosen_in_the_meeting_dialog(qtbot: QtBot, window: MainWindow,
                                                       store: NotesStore) -> None:
    store.create_mission(Mission("North", DAY, DAY, "Europe/Madrid"))
    nuria = store.save_contact(Contact("Nuria Peña Muñoz", role="Gerente de Proyectos",
                                       cluster_id="cluster-automotriz-queretaro"))
    store.save_contact(Contact("Luis Gómez", cluster_id="claut"))
    tab = mission_tab(qtbot, window)
    offered: list[str] = []

    def choose(dialog: MeetingDialog) -> None:
        qtbot.keyClicks(dialog.title, "Battery recycling")
        picker = dialog.contacts.picker
        qtbot.mouseClick(picker.field, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(picker.field, "nuria pena")  # without accents
        qtbot.waitUntil(picker.popup.isVisible)
        offered.extend(picker.popup.model().index(r, 0).data()
                       for r in range(picker.popup.model().rowCount()))
        qtbot.keyClick(picker.popup, Qt.Key.Key_Down)
        qtbot.keyClick(picker.popup, Qt.Key.Key_Return)
        offered.append(picker.field.text())  # emptied, for the next one

    answer_meeting(qtbot, choose)
    click(qtbot, tab.new_button)
    assert offered == ["Nuria Peña Muñoz · Gerente de Proyectos — Cluster Automotriz de "
                       "Querétaro", ""]
    [made] = store.meetings()
    assert made.contacts == (nuria.uid,)
    select_meeting(qtbot, tab, "Battery recycling")
    assert tab.contact_button.isEnabled()


def test_my_notes_add_meeting_on_a_contact(qtbot: QtBot, window: MainWindow,
                                           store: NotesStore) -> None:
    store.create_mission(Mission("North", DAY, DAY, "Europe/Madrid"))
    jose = store.save_contact(Contact("José Ángel Garza", cluster_id="claut"))
    open_in_my_notes(qtbot, window, jose)
    button = window.my_notes.add_meeting_button
    seen: list[tuple[str, list[str], str]] = []

    def check(dialog: MeetingDialog) -> None:
        seen.append((dialog.zone.zone(), list(dialog.contacts.chosen()),
                     ",".join(dialog.clusters.chosen())))
        qtbot.keyClicks(dialog.title, "CLAUT board")

    answer_meeting(qtbot, check)
    click(qtbot, button)
    # The contact and their cluster, in the cluster's zone (Monterrey).
    assert seen == [("America/Monterrey", [jose.uid], "claut")]
    [made] = store.meetings()
    assert (made.title, made.contacts, made.clusters) == ("CLAUT board", (jose.uid,),
                                                          ("claut",))
    assert window.tabs.currentWidget() is window.missions.tab
