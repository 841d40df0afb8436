"""Help ▸ About says what the user's notes hold, missions and meetings too (issue 18)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QApplication, QMessageBox

from mxdesk.core.mission import Meeting, Mission
from mxdesk.core.notes import Contact, NotesStore
from mxdesk.ui.window import MainWindow
from tests.ui.test_agenda import menu_action
from tests.ui.test_i14_notes import answer_next_dialog


def test_the_about_box_counts_missions_and_meetings(window: MainWindow,
                                                    store: NotesStore) -> None:
    store.save_contact(Contact("Ana Pérez"))
    trip = store.create_mission(Mission("Monterrey", dt.date(2026, 7, 13),
                                        dt.date(2026, 7, 15), "Europe/Madrid"))
    store.save_meeting(Meeting("CLAUT", dt.datetime(2026, 7, 14, 10), "America/Monterrey",
                               mission_id=trip.id))
    seen: list[str] = []

    def read_and_close(_app: QApplication) -> bool:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return False
        seen.append(box.text())
        box.accept()
        return True

    answer_next_dialog(read_and_close)
    menu_action(window, "Help", "About mxdesk").trigger()
    [text] = seen
    assert ("<b>Your notes:</b> 1 contact, 0 notes, 0 shortlists, 1 mission and 1 meeting "
            f"in {store.path}.") in text
