"""Trial 18 §7, as the user did it: a matchmaking platform's .ics imported through Mission ▸
Import calendar (.ics)…, its plan read in the real confirm dialog: the DESCRIPTION (the
partner's name) goes to the meeting's notes and is said to, what is not kept (guests,
organiser, link, alarms) is listed, events without STATUS are said to become confirmed, the
GUI is not told of the command line's --zone; then the platform's update, whose plan says
what changes ("14:00 → 15:00 CST, place …")."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from mxdesk.core.notes import NotesStore
from mxdesk.ui.agenda.tab import MissionTab
from mxdesk.ui.window import MainWindow
from tests.ui.test_agenda import menu_action
from tests.ui.test_mission_papers import answer_box, trip  # noqa: F401 (a fixture)

PLATFORM = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//B2B platform//EN
BEGIN:VEVENT
UID:b2b-1@platform.example
DTSTAMP:20260701T080000Z
DTSTART;TZID=America/Mexico_City:20260714T140000
DTEND;TZID=America/Mexico_City:20260714T143000
SUMMARY:B2B: Componentes
LOCATION:Mesa 4, Querétaro
DESCRIPTION:Matchmaking meeting with Lucía Ramírez Ochoa
ATTENDEE;CN=Lucía Ramírez:mailto:lucia@example.mx
ORGANIZER:mailto:b2b@platform.example
URL:https://platform.example/m/1
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER:-PT15M
DESCRIPTION:Reminder
END:VALARM
END:VEVENT
BEGIN:VEVENT
UID:b2b-2@platform.example
DTSTAMP:20260701T080000Z
DTSTART:20260714T220000Z
DTEND:20260714T223000Z
SUMMARY:Online call
LOCATION:Online
END:VEVENT
END:VCALENDAR
"""
#: The platform's update: the meeting an hour later at another table.
MOVED = (PLATFORM.replace("20260714T140000", "20260714T150000")
         .replace("20260714T143000", "20260714T153000").replace("Mesa 4", "Mesa 9")
         .replace("DTSTAMP:20260701T080000Z\nDTSTART;TZID",
                  "DTSTAMP:20260702T080000Z\nSEQUENCE:1\nDTSTART;TZID"))


def test_the_plan_says_what_is_kept_where_and_what_an_update_changes(
        qtbot: QtBot, window: MainWindow, store: NotesStore, trip: MissionTab,  # noqa: F811
        tmp_path: Path) -> None:
    source = tmp_path / "platform.ics"
    source.write_text(PLATFORM.replace("\n", "\r\n"), encoding="utf-8")
    window.mission_papers.prompts.open_path = lambda: source
    seen: list[str] = []
    answer_box(qtbot, "Import", seen)
    menu_action(window, "Mission", "Import calendar (.ics)…").trigger()
    text = seen[1]
    assert ("The DESCRIPTION of 1 event (“B2B: Componentes”) goes to its meeting's notes "
            "(the meeting's comment: searched, and printed on the day sheets).") in text
    assert ("Not kept: ATTENDEE (guests, 1 event), ORGANIZER (organiser, 1 event), URL "
            "(link, 1 event), VALARM (alarms, 1 event).") in text
    assert "2 events without STATUS become confirmed." in text
    assert ("1 event (“Online call”) had times in UTC: shown in America/Mexico_City, the zone "
            "most of the mission's meetings are in (no zone could be told from their "
            "place; each meeting's zone can be changed).") in text
    assert "--zone" not in text
    [b2b] = [m for m in store.meetings() if m.uid == "b2b-1@platform.example"]
    assert b2b.comment == "Matchmaking meeting with Lucía Ramírez Ochoa"

    source.write_text(MOVED, encoding="utf-8")
    seen.clear()
    answer_box(qtbot, "Import", seen)
    menu_action(window, "Mission", "Import calendar (.ics)…").trigger()
    assert seen[1].startswith(
        "1 meeting will be updated in place. 1 meeting is already here unchanged.\n"
        "Updated: “B2B: Componentes” 14:00 → 15:00 CST, place “Mesa 4, Querétaro” → "
        "“Mesa 9, Querétaro”\n")
    assert "Not kept: the DESCRIPTION" not in seen[1]  # the same text as the notes here
    assert "--zone" not in seen[1]
    [b2b] = [m for m in store.meetings() if m.uid == "b2b-1@platform.example"]
    assert (b2b.start.hour, b2b.place) == (15, "Mesa 9, Querétaro")
