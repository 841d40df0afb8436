"""Issue 20, the Mission part in Spanish: the day sheets and the report printed in Spanish from
an English process (``i18n.using``: headings, labels and the long date), the Mission tab built
in a Spanish window (its buttons, columns, day rows and the meeting dialog a click opens), and
the calendar import's plan with its plural forms right for one meeting and for two."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from mxdesk.core import i18n
from mxdesk.core.directory import Directory
from mxdesk.core.mission import Mission, ical
from mxdesk.core.notes import NotesStore
from mxdesk.export.agenda import write_day_sheets
from mxdesk.export.report import write_report_pdf
from mxdesk.ui.agenda.meeting_dialog import MeetingDialog
from mxdesk.ui.window import MainWindow
from tests.mission_fixture import REPORT_DAY, make_mission
from tests.pdftext import pdf_text
from tests.ui.test_mission_papers import mission_tab

MONDAY = dt.date(2026, 7, 13)


def test_a_day_sheet_in_spanish_from_an_english_process(
        qtbot: QtBot, store: NotesStore, directory: Directory, tmp_path: Path) -> None:
    mission = make_mission(store)
    with i18n.using("es"):
        write_day_sheets(store, directory, mission, tmp_path / "es.pdf", days=[MONDAY])
    text = pdf_text(tmp_path / "es.pdf")
    assert "Lunes 13 de julio de 2026" in text  # the heading: weekday and long date (CLDR)
    for spanish in ("día 1 de 3", "horas en la zona del lugar, hora de origen", "Dónde:",
                    "Con quién:", "Clúster:", "Realizada", "Notas"):
        assert spanish in text, spanish
    for english in ("Monday", "13 July", "Where:", "Who:", "day 1 of 3", "Made "):
        assert english not in text, english
    # The footer's day as Spanish writes a date (issue 20's trial: "Hecho el 2026-11-30").
    with i18n.using("es"):
        today = i18n.date(dt.date.today(), "medium")
    assert f"Elaborado el {today} con mxdesk" in " ".join(text.split())
    assert dt.date.today().isoformat() not in text
    [bookmark] = PdfReader(tmp_path / "es.pdf").outline
    assert bookmark.title == "Lunes 13 de julio de 2026"  # type: ignore[union-attr]
    # The process is still English: the same sheet again speaks English.
    write_day_sheets(store, directory, mission, tmp_path / "en.pdf", days=[MONDAY])
    english = pdf_text(tmp_path / "en.pdf")
    assert "Monday 13 July 2026" in english
    assert f"Made {dt.date.today().isoformat()} with mxdesk" in english
    assert "Where:" in english
    assert "Dónde:" not in english


def test_the_report_in_spanish(qtbot: QtBot, store: NotesStore, directory: Directory,
                               tmp_path: Path) -> None:
    mission = make_mission(store)
    with i18n.using("es"):
        write_report_pdf(store, directory, mission, tmp_path / "informe.pdf", REPORT_DAY)
    text = pdf_text(tmp_path / "informe.pdf")
    for spanish in ("Informe: Querétaro + Monterrey, July 2026", "Las reuniones",
                    "Reuniones realizadas", "Próximos pasos", "Contactos vistos",
                    "Por clúster",
                    "Del lunes 13 de julio de 2026 al miércoles 15 de julio de 2026",
                    "Reunión y resultado", "Fecha límite", "vencido"):
        assert spanish in text, spanish
    for english in ("Meetings held", "Next steps", "Contacts met", "By cluster", "Report:"):
        assert english not in text, english
    # The footer's day as Spanish writes a date (issue 20's trial: "Redactado el 2026-…").
    with i18n.using("es"):
        written = i18n.date(REPORT_DAY, "medium")
    assert f"Redactado el {written} con mxdesk" in " ".join(text.split())
    assert f"Redactado el {REPORT_DAY.isoformat()}" not in text


def test_the_mission_tab_of_a_spanish_window(qtbot: QtBot, store: NotesStore,
                                             make_window: Callable[[], MainWindow]) -> None:
    make_mission(store)
    i18n.set_language("es")
    window = make_window()
    tab = mission_tab(qtbot, window)
    tab.reload()
    buttons = [b.text() for b in (tab.new_mission_button, tab.rename_button,
                                  tab.delete_mission_button, tab.new_button, tab.edit_button,
                                  tab.delete_button, tab.step_done_button, tab.previous_button,
                                  tab.next_button, tab.cluster_button, tab.contact_button)]
    assert buttons == ["Nueva misión…", "Editar misión…", "Eliminar misión", "Nueva reunión",
                       "Editar…", "Eliminar", "Próximo paso &hecho", "◀ Día anterior",
                       "Día siguiente ▶", "Abrir clúste&r", "Abrir con&tacto"]
    assert tab.overdue_only.text() == "Solo próximos pasos vencidos"
    header = [tab.model.horizontalHeaderItem(c).text() for c in range(tab.model.columnCount())]
    assert header == ["Hora allá", "Origen", "Reunión", "Lugar", "Clústeres", "Contactos",
                      "Estado", "Revisiones"]
    first_day = tab.model.index(0, 0).data()
    assert first_day.startswith("lun 13 jul 2026 — ")
    assert "reuniones" in first_day
    assert tab.status.startswith("Querétaro + Monterrey, July 2026: 12 reuniones (1 cancelada) "
                                 "en 3 días")

    # New meeting, clicked: the meeting dialog opens in Spanish.
    seen: list[str] = []

    def look(dialog: MeetingDialog) -> bool:
        seen.append(dialog.windowTitle())
        seen.append(dialog.status.itemText(0))
        return False

    tab.prompts.edit_meeting = look
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert seen == ["Nueva reunión", "propuesta"]


def _calendar(events: int) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    for n in range(events):
        lines += ["BEGIN:VEVENT", f"UID:spanish-{n}@example", "DTSTAMP:20260701T120000Z",
                  f"DTSTART;TZID=America/Monterrey:2026071{4 + n}T100000",
                  f"DTEND;TZID=America/Monterrey:2026071{4 + n}T110000",
                  f"SUMMARY:Meeting {n}", "LOCATION:Monterrey", "STATUS:CONFIRMED",
                  "END:VEVENT"]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def test_the_import_plan_s_plurals_in_spanish_and_english(store: NotesStore) -> None:
    mission = store.create_mission(Mission("Monterrey", dt.date(2026, 7, 14),
                                           dt.date(2026, 7, 16), "Europe/Madrid"))
    said = {}
    for count in (1, 2):
        plan = ical.plan_ics(store, ical.parse_ics(_calendar(count), "b2b.ics"), mission)
        with i18n.using("es"):
            said["es", count] = plan.summary()
        said["en", count] = plan.summary()
    assert said["es", 1].startswith("Se agregará 1 reunión nueva a la misión “Monterrey”.")
    assert said["es", 2].startswith("Se agregarán 2 reuniones nuevas a la misión “Monterrey”.")
    assert said["en", 1].startswith("1 new meeting will be added to the mission “Monterrey”.")
    assert said["en", 2].startswith("2 new meetings will be added to the mission “Monterrey”.")

    # Once imported, the same file again: "already here", singular and plural.
    for count in (1, 2):
        calendar = ical.parse_ics(_calendar(count), "b2b.ics")
        ical.apply_ics(store, ical.plan_ics(store, calendar, mission))
        plan = ical.plan_ics(store, calendar, mission)
        with i18n.using("es"):
            again = plan.summary()
        expected = ("1 reunión ya está aquí sin cambios." if count == 1
                    else "2 reuniones ya están aquí sin cambios.")
        assert again == "Nada del calendario es nuevo para su agenda. " + expected


def _events(count: int, start: str, place: str) -> bytes:
    """A calendar of *count* events starting at *start* ("20260714T100000", floating, or
    with a "Z": in UTC) at *place*."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    for n in range(count):
        lines += ["BEGIN:VEVENT", f"UID:read-{n}@example", "DTSTAMP:20260701T120000Z",
                  f"DTSTART:{start}", f"SUMMARY:Reunión FEMIA {n}", f"LOCATION:{place}",
                  "END:VEVENT"]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


@pytest.mark.parametrize(("start", "place", "lang", "count", "said"), [
    # Issue 20's trial: "1 evento (…) tenía sin zona horaria: se leyeron en …".
    ("20260714T100000", "Ciudad de México", "es", 1,
     "1 evento (“Reunión FEMIA 0”) no tenía zona horaria: se leyó en America/Mexico_City, "
     "la zona que nombra su lugar."),
    ("20260714T100000", "Ciudad de México", "es", 2,
     "2 eventos (“Reunión FEMIA 0”, “Reunión FEMIA 1”) no tenían zona horaria: se leyeron "
     "en America/Mexico_City, la zona que nombra su lugar."),
    ("20260714T100000", "Ciudad de México", "en", 1,
     "1 event (“Reunión FEMIA 0”) had no time zone: read in America/Mexico_City, the zone "
     "their place names."),
    ("20260714T160000Z", "Table 4", "es", 1,
     "1 evento (“Reunión FEMIA 0”) tenía sus horas en UTC: se muestran en "
     "America/Mexico_City, la zona del centro de México, la predeterminada"),
    ("20260714T160000Z", "Table 4", "es", 2,
     "2 eventos (“Reunión FEMIA 0”, “Reunión FEMIA 1”) tenían sus horas en UTC: se "
     "muestran en America/Mexico_City, la zona del centro de México, la predeterminada"),
    ("20260714T160000Z", "Table 4", "en", 2,
     "2 events (“Reunión FEMIA 0”, “Reunión FEMIA 1”) had times in UTC: shown in "
     "America/Mexico_City, central Mexico's zone, the default"),
])
def test_how_times_were_read_one_sentence_in_the_count_s_grammar(
        store: NotesStore, start: str, place: str, lang: str, count: int, said: str) -> None:
    calendar = ical.parse_ics(_events(count, start, place), "femia.ics")
    with i18n.using(lang):
        plan = ical.plan_ics(store, calendar)
        summary = " ".join(plan.summary().split())
    assert said in summary


@pytest.mark.parametrize(("lang", "words"), [
    # Issue 20's trial: "Realiz|adas", "Cancelad|as", "Nunca confirmad|as" and "Vist|os".
    ("es", ("Realizadas", "Canceladas", "confirmar", "marcadas", "Vistos",
            "jose.garza@claut.example")),
    ("en", ("Held", "Cancelled", "confirmed", "marked", "Met", "jose.garza@claut.example")),
])
def test_the_report_s_column_headers_are_never_broken_inside_a_word(
        qtbot: QtBot, store: NotesStore, directory: Directory, tmp_path: Path, lang: str,
        words: tuple[str, ...]) -> None:
    mission = make_mission(store)
    path = tmp_path / "informe.pdf"
    with i18n.using(lang):
        write_report_pdf(store, directory, mission, path, REPORT_DAY)
        by_cluster = i18n._("By cluster")
    last = len(PdfReader(path).pages) - 1
    tokens = pdf_text(path, last).split()
    assert by_cluster.split()[0] in tokens
    for word in words:  # whole, as one word of the page's text
        assert word in tokens, word
