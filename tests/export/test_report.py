"""The report after a mission: its content (one Report value), its PDF read back with pypdf
and poppler, its workbook with openpyxl; and the mission's brochure, which opens with the
agenda."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from mxdesk.core import selections, sheets
from mxdesk.core.directory import Directory
from mxdesk.core.mission import Mission
from mxdesk.core.mission.report import report
from mxdesk.core.notes import NotesStore
from mxdesk.export.pdf import export_pdf
from mxdesk.export.report import write_report_pdf, write_report_xlsx
from tests.conftest import require_tool
from tests.mission_fixture import REPORT_DAY
from tests.pdftext import pdf_text


def test_the_report_counts_orders_and_marks(store: NotesStore, directory: Directory,
                                             trip: Mission) -> None:
    made = report(store, directory, trip, REPORT_DAY)
    c = made.counts
    assert (c.held, c.cancelled, c.never_confirmed, c.not_marked_done, c.total) == \
        (8, 1, 1, 2, 12)
    assert [m.meeting.title for m in made.held][:2] == ["Welcome at the Aerocluster",
                                                        "Plant visit: aerostructures"]
    assert [(s.step, s.due, s.overdue) for s in made.next_steps] == [
        ("Introduce our recycling SME", dt.date(2026, 7, 17), True),
        ("Send the MRO pilot outline", dt.date(2026, 7, 20), True),
        ("Draft the 2027 delegation letter", dt.date(2026, 7, 22), True),
        ("Ask for the supplier list", dt.date(2026, 7, 31), False),
        ("Share the tour photos", dt.date(2026, 8, 5), False)]
    assert made.overdue == 3
    # The same rule the window tells at start.
    assert {m.next_step for m in store.overdue(REPORT_DAY)} == \
        {s.step for s in made.next_steps if s.overdue}
    people = {p.name: p for p in made.contacts}
    assert set(people) == {"Álvaro Ibáñez", "Nuria Peña Muñoz", "José Ángel Garza",
                           "Mónica Treviño"}
    assert people["José Ángel Garza"].organisation == "CLAUT"
    assert people["José Ángel Garza"].meetings == 2
    assert people["Mónica Treviño"].clusters == ("Monterrey Aerocluster",
                                                 "Cluster Automotriz de Nuevo León (CLAUT)")
    by_cluster = {x.cluster.id: x.counts for x in made.per_cluster}
    assert by_cluster["csoftmty"].cancelled == 1
    assert by_cluster["cluster-automotriz-queretaro"].never_confirmed == 1
    assert by_cluster["claut"].held == 2
    with pytest.raises(TypeError, match="not a date"):
        report(store, directory, trip, dt.datetime(2026, 7, 24))  # type: ignore[arg-type]


def test_the_report_pdf_reads_back(store: NotesStore, directory: Directory, trip: Mission,
                                   tmp_path: Path) -> None:
    result = write_report_pdf(store, directory, trip, tmp_path / "report.pdf", REPORT_DAY)
    assert [title for title, _page in result.bookmarks] == [
        "Summary, next steps, meetings held", "Contacts and clusters"]
    reader = PdfReader(result.path)
    assert [item.title for item in reader.outline] == [t for t, _ in result.bookmarks]
    first = pdf_text(result.path, 0)
    assert "Report: Querétaro + Monterrey, July 2026" in first
    assert re.search(r"2026-07-17 · .{0,80}overdue", first)  # a narrow column: two lines
    assert first.index("Introduce our recycling SME") < first.index("Share the tour photos")
    whole = pdf_text(result.path)
    for name in ("Álvaro Ibáñez", "Nuria Peña", "José Ángel", "Mónica Treviño"):
        assert name in whole  # (a narrow column may put a surname on the next line)
    assert "Two members want a joint MRO pilot." in whole
    pdftoppm = require_tool("pdftoppm")
    subprocess.run([pdftoppm, "-r", "60", "-png", str(result.path), str(tmp_path / "r")],
                   check=True)
    assert len(list(tmp_path.glob("r*.png"))) == result.pages


def test_the_report_workbook_reads_back(store: NotesStore, directory: Directory,
                                        trip: Mission, tmp_path: Path) -> None:
    path = write_report_xlsx(store, directory, trip, tmp_path / "report.xlsx", REPORT_DAY)
    book = load_workbook(path)
    assert book.sheetnames == ["Summary", "Meetings held", "Next steps", "Contacts met",
                               "By cluster"]
    summary = dict(book["Summary"].iter_rows(min_row=2, values_only=True))
    # Real dates, not text (trial 18 §9).
    assert (summary["First day"], summary["Last day"], summary["Written on"]) == (
        dt.datetime(2026, 7, 13), dt.datetime(2026, 7, 15), dt.datetime(2026, 7, 24))
    assert book["Summary"]["B3"].number_format == "yyyy-mm-dd"
    assert summary["Held (done)"] == 8
    assert summary["Next steps overdue"] == 3
    steps = list(book["Next steps"].iter_rows(min_row=2, values_only=True))
    assert steps[0][:3] == (dt.datetime(2026, 7, 17), "overdue", "Introduce our recycling SME")
    assert steps[-1][1] is None
    contacts = {r[0]: r for r in book["Contacts met"].iter_rows(min_row=2, values_only=True)}
    assert contacts["Álvaro Ibáñez"][1:5] == ("Director de Innovación",
                                              "Aerocluster de Querétaro", None, None)
    assert contacts["José Ángel Garza"][3:5] == ("jose.garza@claut.example",
                                                 "+52 81 5555 0101")  # text, not a number
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)



def test_the_report_workbook_made_in_spanish_has_spanish_sheets_and_headers(
        store: NotesStore, directory: Directory, trip: Mission, tmp_path: Path) -> None:
    """Made under Spanish, the report workbook's sheet names, header rows and the Summary's
    labels are Spanish; the dates stay real dates (issue 20)."""
    from mxdesk.core import i18n

    with i18n.using("es"):
        path = write_report_xlsx(store, directory, trip, tmp_path / "report.xlsx", REPORT_DAY)
    book = load_workbook(path)
    assert book.sheetnames == ["Resumen", "Reuniones realizadas", "Próximos pasos",
                               "Contactos vistos", "Por clúster"]
    head = {name: next(book[name].iter_rows(max_row=1, values_only=True))
            for name in book.sheetnames}
    assert head["Resumen"] == ("Concepto", "Valor")
    assert head["Reuniones realizadas"][:5] == ("Día", "Inicio", "Fin", "Zona", "Título")
    assert head["Próximos pasos"] == ("Fecha límite", "Vencido", "Próximo paso", "Reunión",
                                      "Día de la reunión", "Clústeres")
    assert head["Contactos vistos"] == ("Nombre", "Cargo", "Organización",
                                        "Correo electrónico", "Teléfono", "Clústeres",
                                        "Reuniones")
    assert head["Por clúster"][:3] == ("Clúster", "Contexto", "Realizadas")
    summary = dict(book["Resumen"].iter_rows(min_row=2, values_only=True))
    assert summary["Misión"] == trip.name
    assert (summary["Primer día"], summary["Redactado el"]) == (
        dt.datetime(2026, 7, 13), dt.datetime(2026, 7, 24))
    assert summary["Próximos pasos vencidos"] == 3
    steps = list(book["Próximos pasos"].iter_rows(min_row=2, values_only=True))
    assert steps[0][1] == "vencido"


def test_the_mission_brochure_opens_with_the_agenda(store: NotesStore, directory: Directory,
                                                    trip: Mission, tmp_path: Path) -> None:
    chosen = selections.of_mission(store, directory, trip)
    assert chosen.key == f"mission-{trip.id}"
    assert chosen.title == trip.name
    assert chosen.cluster_ids == ("aerocluster-queretaro", "cluster-automotriz-queretaro",
                                  "claut", "monterrey-aerocluster", "csoftmty")
    assert [day.heading for day in chosen.agenda] == [
        "Monday 13 July 2026", "Tuesday 14 July 2026", "Wednesday 15 July 2026"]
    assert chosen.agenda[0].lines[0].text.startswith(
        "09:00–10:00 CST (17:00–18:00 CEST) · Welcome at the Aerocluster")
    result = export_pdf(sheets.brochure_of(directory, chosen, dt.date(2026, 7, 1)),
                        tmp_path / "brochure.pdf")
    titles = [t for t, _ in result.bookmarks]
    assert titles[:4] == ["Cover", "Contents", "Agenda", "Mexico at a glance"]
    assert titles.index("Agenda") < titles.index("Aerocluster de Querétaro")
    agenda_page = dict(result.bookmarks)["Agenda"]
    text = pdf_text(result.path, agenda_page - 1)
    assert "Call with Tijuana medical devices" in text
    assert "14:00–14:45 PDT (23:00–23:45" in text
    assert "Agenda" in pdf_text(result.path, 1)  # listed in the contents


def test_the_report_s_first_page_is_full_and_contacts_read_on_one_line(
        store: NotesStore, directory: Directory, trip: Mission, tmp_path: Path) -> None:
    """Trial 18 §9: page 1 held only the counts and next steps, and "Contacts met" wrapped
    names over three lines with no e-mail or phone. Now the meetings held follow on page 1,
    and each contact's name is one line, with the e-mail and phone your notes have."""
    result = write_report_pdf(store, directory, trip, tmp_path / "report.pdf", REPORT_DAY)
    first = pdf_text(result.path, 0)
    assert "Meetings held" in first
    assert "Welcome at the Aerocluster" in first
    contacts_page = dict(result.bookmarks)["Contacts and clusters"]
    lines = pdf_text(result.path, contacts_page - 1).splitlines()
    for name in ("Álvaro Ibáñez", "Nuria Peña Muñoz", "José Ángel Garza", "Mónica Treviño"):
        assert any(name in line for line in lines), name  # the whole name on one line
    page = " ".join(lines)
    assert "jose.garza@claut.example" in page
    assert "+52 81 5555 0101" in page


def test_a_report_written_before_the_trip_counts_meetings_still_to_come(
        store: NotesStore, directory: Directory, trip: Mission) -> None:
    """Trial 18c §4: before the trip nothing is "never confirmed": it is still to come."""
    before = report(store, directory, trip, trip.start_date - dt.timedelta(days=30))
    after = report(store, directory, trip, REPORT_DAY)
    assert before.counts.never_confirmed == before.counts.not_marked_done == 0
    assert before.counts.to_come == after.counts.never_confirmed \
        + after.counts.not_marked_done + after.counts.held - before.counts.held
    assert before.counts.total == after.counts.total
    # An injected now: just after the last meeting started, none is still to come.
    last = max(m.start for m in store.meetings(trip.id) if not m.cancelled)
    later = report(store, directory, trip, last.date(), now=last + dt.timedelta(minutes=1))
    assert later.counts == after.counts
