"""Trial 18's findings §1 and §3 in the window: a city typed as the place sets its zone
(Tijuana, Mexicali, Cancún - typed without accents, as Qt's test keys must be), and
Querétaro then Monterrey an hour later is flagged as too close (another city), with the hour
not offered as free. Through the real buttons, keys and the meeting dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from mxdesk.core.notes import NotesStore
from mxdesk.ui.agenda.meeting_dialog import MeetingDialog
from mxdesk.ui.agenda.tab import MissionTab
from mxdesk.ui.window import MainWindow
from tests.ui.test_agenda import answer_meeting, back_in, planned, rows, type_date

__all__ = ["planned"]  # the fixture, used by name


def typed_place(qtbot: QtBot, title: str, start: str, place: str, cluster: str = ""
                ) -> tuple[list[str], object]:
    """A fill for the meeting dialog: title, (a cluster,) start, place typed; it records
    the zone the dialog shows once the place is typed."""
    zones: list[str] = []

    def fill(dialog: MeetingDialog) -> None:
        qtbot.keyClicks(dialog.title, title)
        if cluster:
            field = dialog.clusters.field.edit
            field.setFocus()
            qtbot.keyClicks(field, cluster)
            qtbot.keyClick(field, Qt.Key.Key_Return)
        type_date(qtbot, dialog.start, start)
        dialog.place.setFocus()
        qtbot.keyClicks(dialog.place, place)
        qtbot.keyClick(dialog.place, Qt.Key.Key_Tab)
        zones.append(dialog.zone.zone())
    return zones, fill


def add(qtbot: QtBot, window: MainWindow, tab: MissionTab, fill: object,
        then: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Save) -> None:
    count = len(tab.store.meetings())
    tab.view.setFocus()
    answer_meeting(qtbot, fill, then)  # type: ignore[arg-type]
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert)
    if then == QDialogButtonBox.StandardButton.Save:
        qtbot.waitUntil(lambda: len(tab.store.meetings()) == count + 1)
    back_in(qtbot, window)


def test_a_city_typed_as_the_place_sets_its_zone(qtbot: QtBot, window: MainWindow,
                                                 store: NotesStore, planned: MissionTab
                                                 ) -> None:
    seen = {}
    for place, zone in [("Tijuana", "America/Tijuana"), ("Tijuana, B.C.", "America/Tijuana"),
                        ("Mexicali", "America/Tijuana"), ("Cancun", "America/Cancun"),
                        ("Hermosillo", "America/Hermosillo"),
                        ("Nogales, Son.", "America/Hermosillo"),
                        ("Ciudad Juarez", "America/Ciudad_Juarez")]:
        zones, fill = typed_place(qtbot, f"Call in {place}", "0900", place)
        add(qtbot, window, planned, fill, QDialogButtonBox.StandardButton.Cancel)
        seen[place] = zones[0]
        assert seen[place] == zone, place
    # Saved as shown: the PDT time of Tijuana, an hour before Querétaro's clock in July.
    zones, fill = typed_place(qtbot, "Video call", "0830", "Tijuana")
    add(qtbot, window, planned, fill)
    [saved] = store.meetings()
    assert saved.zone == "America/Tijuana"
    assert saved.clusters == ()
    assert {r[2]: r for r in rows(planned) if len(r) > 2}["Video call"][0] == \
        "08:30–09:30 PDT"


def test_queretaro_then_monterrey_an_hour_later_is_too_close(
        qtbot: QtBot, window: MainWindow, store: NotesStore, planned: MissionTab) -> None:
    # The first meeting's place names no city: its cluster's state (Querétaro) says where.
    _z, first = typed_place(qtbot, "Supplier day", "0900", "Parque Aeroespacial",
                            "Aerocluster de Queretaro")
    add(qtbot, window, planned, first)
    zones, second = typed_place(qtbot, "Aerocluster board", "1100", "Apodaca, Monterrey")
    add(qtbot, window, planned, second)
    assert zones == ["America/Monterrey"]
    shown = rows(planned)
    meetings = {r[2]: r for r in shown if len(r) > 2}
    assert meetings["Supplier day"][7] == \
        "↔ Only 60 min before “Aerocluster board” in Monterrey (another city; allow 3 h)"
    assert meetings["Aerocluster board"][7] == \
        "↔ Only 60 min after “Supplier day” in Querétaro (another city; allow 3 h)"
    assert "Tue 14 Jul 2026 — 2 meetings · ↔ 1 too close" in [r[0] for r in shown]
    # The hour between is the journey, not free time.
    assert not [r for r in shown if r[0].startswith("free")]
    # Within one city (Apodaca is Monterrey's): the half-hour rule, as before.
    _z, third = typed_place(qtbot, "Plant tour", "1215", "PIIT Apodaca")
    add(qtbot, window, planned, third)
    meetings = {r[2]: r for r in rows(planned) if len(r) > 2}
    assert meetings["Plant tour"][7] == \
        "↔ Only 15 min after “Aerocluster board” at Apodaca, Monterrey (allow 30 min)"
