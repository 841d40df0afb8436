"""Trial 18's findings in the Mission tab's dialogs and notices, done as the user did them:
the overdue notice that never recounted, the Due date that opened on January 2000, the zone
line that widened the form, typed dates and times that lost digits, the meeting's notes, and
the status bar's words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from mxdesk.core.mission.records import Meeting, Mission
from mxdesk.core.notes import NotesStore
from mxdesk.ui.agenda.model import MeetingIdRole, RowKindRole
from mxdesk.ui.window import MainWindow
from tests.ui.test_agenda import rows
from tests.ui.test_i14_notes import click


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
    assert notice is not None and notice.isVisible()
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
