"""Trial 18b's rough edges in the Mission tab, done as the user did them: a meeting typed
outside the mission's days (§2: a warning under When, and a day row of its own), a meeting
not yet held marked done (§4: refused), and the too-close flag seen on the earlier meeting
too, with every flag in the Checks cell's tool tip (§5)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from mxdesk.core.mission.records import Meeting, MeetingStatus
from mxdesk.core.notes import NotesStore
from mxdesk.ui.agenda.meeting_dialog import MeetingDialog, span_text
from mxdesk.ui.agenda.tab import MissionTab
from mxdesk.ui.window import MainWindow
from tests.ui.test_agenda import answer_meeting, back_in, planned, rows, type_date
from tests.ui.test_i18_zones import add, typed_place

__all__ = ["planned"]  # the fixture, used by name
#: The clock in these tests: before the mission (14–16 Jul 2026).
BEFORE = dt.datetime(2026, 7, 1, 8, tzinfo=dt.UTC)


def test_span_text() -> None:
    assert span_text(dt.date(2027, 3, 16), dt.date(2027, 3, 18)) == "Tue 16–Thu 18 Mar 2027"
    assert span_text(dt.date(2027, 3, 29), dt.date(2027, 4, 1)) == "Mon 29 Mar–Thu 1 Apr 2027"
    assert span_text(dt.date(2026, 12, 30), dt.date(2027, 1, 1)) == \
        "Wed 30 Dec 2026–Fri 1 Jan 2027"
    assert span_text(dt.date(2027, 3, 16), dt.date(2027, 3, 16)) == "Tue 16 Mar 2027"


def test_a_date_outside_the_mission_is_warned_kept_and_listed_on_its_own_day(
        qtbot: QtBot, window: MainWindow, store: NotesStore, planned: MissionTab) -> None:
    seen: list[tuple[bool, str]] = []

    def fill(dialog: MeetingDialog) -> None:
        qtbot.keyClicks(dialog.title, "Past visit")
        seen.append((dialog.outside.isVisible(), dialog.outside.text()))  # the 14th: inside
        type_date(qtbot, dialog.date, "2026-11-20")
        seen.append((dialog.outside.isVisible(), dialog.outside.text()))
        type_date(qtbot, dialog.date, "2026-07-15")
        seen.append((dialog.outside.isVisible(), dialog.outside.text()))
        type_date(qtbot, dialog.date, "2026-11-20")
        type_date(qtbot, dialog.start, "10:00")

    add(qtbot, window, planned, fill)
    assert seen == [
        (False, ""),
        (True, "⚠ Outside the mission's days (Tue 14–Thu 16 Jul 2026): it is kept, and "
               "listed on its own day"),
        (False, ""),
    ]
    [saved] = store.meetings()
    assert saved.start.date() == dt.date(2026, 11, 20)
    # Listed, on a day row of its own after the mission's days.
    heads = [r[0] for r in rows(planned) if len(r) == 1]
    # (The third trial: only the day sheets said so; the window's heading says it too.)
    assert heads[-1] == "Fri 20 Nov 2026 (outside the mission's dates) — 1 meeting"
    assert heads[:3] == ["Tue 14 Jul 2026 — no meetings", "Wed 15 Jul 2026 — no meetings",
                         "Thu 16 Jul 2026 — no meetings"]
    assert "Past visit" in [r[2] for r in rows(planned) if len(r) > 2]
    # A day before the mission is listed first.
    store.save_meeting(Meeting("Prep call", dt.datetime(2026, 7, 10, 9), "Europe/Madrid",
                               mission_id=saved.mission_id))
    planned.show_agenda()
    assert next(r[0] for r in rows(planned) if len(r) == 1) \
        == "Fri 10 Jul 2026 (outside the mission's dates) — 1 meeting"


def _choose_status(qtbot: QtBot, dialog: MeetingDialog, status: str) -> None:
    dialog.status.setFocus()
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a new type-ahead search
    qtbot.keyClicks(dialog.status, status)
    assert dialog.status.currentData() == status


def test_a_meeting_not_started_yet_cannot_be_done(
        qtbot: QtBot, window: MainWindow, store: NotesStore, planned: MissionTab) -> None:
    planned.now = lambda: BEFORE
    refused: list[str] = []

    def fill(dialog: MeetingDialog) -> None:
        qtbot.keyClicks(dialog.title, "Cluster visit")
        type_date(qtbot, dialog.start, "10:30")
        _choose_status(qtbot, dialog, "done")

    planned.view.setFocus()
    answer_meeting(qtbot, fill, refused=refused)
    qtbot.keyClick(planned.view, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: bool(refused))
    back_in(qtbot, window)
    assert store.meetings() == []
    assert refused[0] == ("Status: the meeting has not started yet (Tue 14 Jul 2026 10:30 "
                          "CST): "
                          "it can be done only once it has started; leave it proposed or "
                          "confirmed until then. Nothing was saved.")
    # Once it has started (the clock moved on), done is taken.
    planned.now = lambda: dt.datetime(2026, 7, 14, 17, tzinfo=dt.UTC)  # 11:00 CST
    add(qtbot, window, planned, fill)
    [saved] = store.meetings()
    assert saved.status is MeetingStatus.DONE


def test_refused_done_marks_the_status_and_the_dialog_keeps_the_input(
        qtbot: QtBot, store: NotesStore, planned: MissionTab) -> None:
    [mission] = store.missions()
    dialog = MeetingDialog(store, planned.directory, mission, now=lambda: BEFORE)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.title, "Cluster visit")
    _choose_status(qtbot, dialog, "done")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.status.property("refused")
    assert dialog.message.text().endswith("Nothing was saved.")
    assert dialog.title.text() == "Cluster visit"
    assert store.meetings() == []
    _choose_status(qtbot, dialog, "confirmed")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert store.meetings()[0].status is MeetingStatus.CONFIRMED


def test_too_close_is_on_both_meetings_and_the_tip_says_every_flag(
        qtbot: QtBot, window: MainWindow, store: NotesStore, planned: MissionTab) -> None:
    # Trial 18b: Querétaro 10:00 and 10:30 overlap; Monterrey at 12:30 is too close.
    for title, start in (("Aerocluster supplier day", "1000"), ("Visita Cluster", "1030")):
        _z, fill = typed_place(qtbot, title, start, "Queretaro")
        add(qtbot, window, planned, fill)
    _z, fill = typed_place(qtbot, "CLAUT", "1230", "Monterrey")
    add(qtbot, window, planned, fill)
    model = planned.model
    head = model.index(0, 0)
    checks = {model.index(r, 2, head).data(): model.index(r, 7, head)
              for r in range(model.rowCount(head))}
    visit = checks["Visita Cluster"]
    # Two flags: the cell says so first (the column cuts the rest), the tip has both.
    assert visit.data().startswith("2 checks: ⚠ Overlaps “Aerocluster supplier day”")
    tip = visit.data(Qt.ItemDataRole.ToolTipRole)
    assert "⚠ Overlaps “Aerocluster supplier day” by 30 min\n" in tip
    assert ("↔ Only 60 min before “CLAUT” in Monterrey (another city; allow 3 h)"
            in tip)
    assert checks["CLAUT"].data() == \
        "↔ Only 60 min after “Visita Cluster” in Querétaro (another city; allow 3 h)"
    assert checks["CLAUT"].data(Qt.ItemDataRole.ToolTipRole).count("↔") == 1
    assert rows(planned)[0][0] == "Tue 14 Jul 2026 — 3 meetings · ⚠ 1 overlap · ↔ 1 too close"
