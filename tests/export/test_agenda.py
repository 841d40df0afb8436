"""The day sheets (PDF) and the agenda workbook (XLSX) of a mission, read back as a reader
would: pypdf and poppler for the PDF (text, pages, bookmarks, pictures), openpyxl and
LibreOffice for the workbook."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.mission import Meeting, MeetingStatus, Mission
from mxdesk.core.notes import NotesStore
from mxdesk.core.table_export import TableExportError
from mxdesk.export.agenda import write_agenda_xlsx, write_day_sheets
from mxdesk.export.pdf import ExportError
from tests.conftest import require_tool
from tests.mission_fixture import MTY, QRO
from tests.pdftext import pdf_text, text_runs


def outline(path: Path) -> list[tuple[str, int]]:
    reader = PdfReader(path)
    return [(item.title, reader.get_destination_page_number(item) + 1)
            for item in reader.outline]


def pngs(path: Path, out: Path) -> list[Path]:
    """The pages as poppler draws them at 60 dpi (what a person looks at)."""
    pdftoppm = require_tool("pdftoppm")
    subprocess.run([pdftoppm, "-r", "60", "-png", str(path), str(out / path.stem)],
                   check=True, capture_output=True)
    return sorted(out.glob(f"{path.stem}*.png"))


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_page_per_day_with_both_times_people_clusters_and_flags(
        store: NotesStore, directory: Directory, trip: Mission, tmp_path: Path,
        paper: str) -> None:
    result = write_day_sheets(store, directory, trip, tmp_path / "days.pdf", paper)
    days = ["Monday 13 July 2026", "Tuesday 14 July 2026", "Wednesday 15 July 2026"]
    # Monday's five meetings fill an A4 page; Letter is 18 mm shorter: Monday takes two.
    firsts = [1, 2, 3] if paper == "a4" else [1, 3, 4]
    assert result.pages == firsts[-1]
    assert result.bookmarks == tuple(zip(days, firsts, strict=True))
    assert outline(result.path) == list(zip(days, firsts, strict=True))
    width = float(PdfReader(result.path).pages[0].mediabox.width)
    assert round(width) == (595 if paper == "a4" else 612)
    for n, day in zip(firsts, days, strict=True):
        text = pdf_text(result.path, n - 1)
        assert [d for d in days if d in text] == [day]
    monday, tuesday, wednesday = (
        " ".join(pdf_text(result.path, p - 1) for p in range(first, end))
        for first, end in zip(firsts, [*firsts[1:], result.pages + 1], strict=True))
    # The place's time, its zone, and the home time (Madrid, summer) beside it.
    assert "09:00–10:00 CST" in monday
    assert "home 17:00–18:00 CEST" in monday
    # The call with Tijuana: Pacific daylight time there, 23:00 in Madrid.
    assert "14:00–14:45 PDT" in monday
    assert "home 23:00–23:45 CEST" in monday
    # A meeting after midnight at home says which day it is there.
    # … on the time's line (trial 18c §6), not on a line of its own after it.
    assert "Proposed Tue 01:00–02:00 CEST" in monday
    assert "Tue 01:00" in " ".join(run.text for run in text_runs(result.path)
                                  if run.page < firsts[1] - 1)
    assert "Álvaro Ibáñez, Director de Innovación, Aerocluster de Querétaro" in monday
    assert "Aerocluster de Querétaro — Querétaro · Aerospace" in monday
    assert "Only 10 min before “Lunch with the automotive cluster”" in monday
    assert "Cancelled" in tuesday
    assert "Software cluster, quick coffee" in tuesday
    assert "Overlaps “Supplier speed meetings” by 30 min" in wednesday
    assert "Overlaps “Aerocluster tour” by 30 min" in wednesday
    assert "Cluster Automotriz de Nuevo León (CLAUT) — Nuevo León · Automotive" in wednesday
    assert "Notes" in wednesday


def test_a_day_of_fourteen_meetings_breaks_between_meetings_with_the_heading_again(
        store: NotesStore, directory: Directory, trip: Mission, tmp_path: Path) -> None:
    for n in range(14):
        store.save_meeting(Meeting(
            f"Speed meeting {n + 1:02d}", dt.datetime(2026, 7, 14, 9) + dt.timedelta(
                minutes=35 * n), MTY, 30, "Cintermex, Monterrey", MeetingStatus.CONFIRMED,
            mission_id=trip.id, clusters=("claut",)))
    for paper in ("a4", "letter"):
        result = write_day_sheets(store, directory, trip, tmp_path / f"{paper}.pdf", paper,
                                  days=[dt.date(2026, 7, 14)])
        assert result.pages >= 3
        assert result.bookmarks == (("Tuesday 14 July 2026", 1),)
        texts = [pdf_text(result.path, n) for n in range(result.pages)]
        assert "(continued)" not in texts[0]
        for n, text in enumerate(texts[1:], 2):
            assert "Tuesday 14 July 2026 (continued) " in text
            assert f"page {n} of {result.pages}" in text
        # Each meeting whole on one page: its title, time and place together.
        for n in range(14):
            title = f"Speed meeting {n + 1:02d} · Confirmed"
            holding = [t for t in texts if title in t]
            assert len(holding) == 1, title
            start = (dt.datetime(2026, 7, 14, 9) + dt.timedelta(minutes=35 * n))
            assert f"{start:%H:%M}–" in holding[0]
        # Nothing drawn below the body's foot but the footer (7 pt).
        height = float(PdfReader(result.path).pages[0].mediabox.height)
        for run in text_runs(result.path):
            if run.size > 7.5:
                assert run.baseline < height - 20 / 25.4 * 72, run


def test_pages_look_right_as_pictures(store: NotesStore, directory: Directory, trip: Mission,
                                      tmp_path: Path) -> None:
    result = write_day_sheets(store, directory, trip, tmp_path / "days.pdf")
    pictures = pngs(result.path, tmp_path)
    assert len(pictures) == 3
    assert all(p.stat().st_size > 10_000 for p in pictures)


def test_days_asked_for_and_bad_input_change_nothing(
        store: NotesStore, directory: Directory, trip: Mission, tmp_path: Path) -> None:
    result = write_day_sheets(store, directory, trip, tmp_path / "one.pdf",
                              days=[dt.date(2026, 7, 15)])
    assert result.bookmarks == (("Wednesday 15 July 2026", 1),)
    target = tmp_path / "bad.pdf"
    with pytest.raises(MxdeskError, match="not a day of the mission"):
        write_day_sheets(store, directory, trip, target, days=[dt.date(2026, 8, 1)])
    with pytest.raises(MxdeskError, match="unknown paper size"):
        write_day_sheets(store, directory, trip, target, paper="a5")
    with pytest.raises(MxdeskError, match="not saved"):
        write_day_sheets(store, directory, replace(trip, id=None), target)
    with pytest.raises(ExportError, match="does not exist"):
        write_day_sheets(store, directory, trip, tmp_path / "nowhere" / "x.pdf")
    empty = store.create_mission(Mission("Empty", dt.date(2026, 9, 1), dt.date(2026, 9, 2),
                                         "Europe/Berlin"))
    with pytest.raises(MxdeskError, match="has no meetings"):
        write_day_sheets(store, directory, empty, target)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == ["one.pdf"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_the_agenda_workbook_has_real_dates_accents_and_no_formulas(
        store: NotesStore, directory: Directory, trip: Mission, tmp_path: Path) -> None:
    first = store.meetings(trip.id)[0]
    store.update_meeting(first.id, {"outcome": "=1+1 is not a formula"})
    path = write_agenda_xlsx(store, directory, trip, tmp_path / "agenda.xlsx")
    book = load_workbook(path)
    sheet = book["Agenda"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Day", "Start", "End", "Zone", "Home start", "Title", "Place",
                       "Clusters", "Contacts", "Status", "Outcome", "Next step", "Due")
    assert len(rows) == 13
    day, start, end, zone, home, title = rows[1][:6]
    assert day == dt.datetime(2026, 7, 13)  # an Excel date (openpyxl reads it as datetime)
    assert (start, end) == (dt.time(9, 0), dt.time(10, 0))
    assert zone == f"{QRO} (CST)"
    assert home == dt.datetime(2026, 7, 13, 17, 0)
    assert title == "Welcome at the Aerocluster"
    assert rows[1][8] == "Álvaro Ibáñez, Director de Innovación, Aerocluster de Querétaro"
    assert rows[1][10] == "=1+1 is not a formula"
    assert rows[1][12] == dt.datetime(2026, 7, 20)
    assert sheet["K2"].data_type == "s"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:M13"
    assert any(r[9] == "Cancelled" for r in rows[1:])
    tijuana = next(r for r in rows if r[5] == "Call with Tijuana medical devices")
    assert tijuana[3] == "America/Tijuana (PDT)"
    assert tijuana[4] == dt.datetime(2026, 7, 13, 23, 0)



def test_the_agenda_workbook_made_in_spanish_has_spanish_names_and_headers(
        store: NotesStore, directory: Directory, trip: Mission, tmp_path: Path) -> None:
    """A person reads the workbook: made under Spanish, its sheet and header row are Spanish
    (issue 20); the meetings' own text stays as the user wrote it."""
    from mxdesk.core import i18n

    with i18n.using("es"):
        path = write_agenda_xlsx(store, directory, trip, tmp_path / "agenda.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Agenda"]
    rows = list(book["Agenda"].iter_rows(values_only=True))
    assert rows[0] == ("Día", "Inicio", "Fin", "Zona", "Inicio (hora de origen)", "Título",
                       "Lugar", "Clústeres", "Contactos", "Estado", "Resultado",
                       "Próximo paso", "Fecha límite")
    assert rows[1][5] == "Welcome at the Aerocluster"
    assert any(r[9] == "Cancelada" for r in rows[1:])
    with i18n.using("es"), pytest.raises(TableExportError, match=r"debe terminar en \.xlsx"):
        write_agenda_xlsx(store, directory, trip, tmp_path / "agenda.csv")


def test_libreoffice_reads_the_agenda_workbook(store: NotesStore, directory: Directory,
                                                 trip: Mission, tmp_path: Path) -> None:
    soffice = require_tool("soffice")
    path = write_agenda_xlsx(store, directory, trip, tmp_path / "agenda.xlsx")
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir",
         str(tmp_path / "lo"), str(path)], capture_output=True, text=True, timeout=180,
        check=False)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "lo" / "agenda.csv").read_text(encoding="utf-8")
    assert "Álvaro Ibáñez" in text
    assert "2026-07-13" in text
    assert "Welcome at the Aerocluster" in text


def test_a_workbook_not_written_leaves_nothing(store: NotesStore, directory: Directory,
                                                trip: Mission, tmp_path: Path) -> None:
    with pytest.raises(TableExportError, match=r"must end in \.xlsx"):
        write_agenda_xlsx(store, directory, trip, tmp_path / "agenda.csv")
    with pytest.raises(TableExportError, match="does not exist"):
        write_agenda_xlsx(store, directory, trip, tmp_path / "no" / "agenda.xlsx")
    assert list(tmp_path.glob("*agenda*")) == []


def _inked_rows(path: Path, out: Path) -> list[tuple[int, list[bool]]]:
    """Each page drawn by poppler in grey at 40 dpi: its height in pixels and, per pixel
    row, whether anything is drawn on it (a pixel darker than light grey)."""
    pdftoppm = require_tool("pdftoppm")
    subprocess.run([pdftoppm, "-r", "40", "-gray", str(path), str(out / "grey")], check=True,
                   capture_output=True)
    pages = []
    for picture in sorted(out.glob("grey*.pgm")):
        data = picture.read_bytes()
        magic, width, height, _depth, pixels = data.split(maxsplit=4)
        assert magic == b"P5"
        w, h = int(width), int(height)
        pages.append((h, [min(pixels[r * w:(r + 1) * w]) < 200 for r in range(h)]))
    return pages


def test_the_room_to_write_fills_each_page_and_people_show_how_to_reach_them(
        store: NotesStore, directory: Directory, trip: Mission, tmp_path: Path) -> None:
    """Trial 18 §8: three ruled lines a meeting left 40-55 % of each page blank, and no e-mail
    or phone was printed. Now the page's spare room is ruled under its meetings, and a
    contact's e-mail and phone (from your notes) stand beside the name."""
    result = write_day_sheets(store, directory, trip, tmp_path / "days.pdf")
    for height, inked in _inked_rows(result.path, tmp_path):
        body = [r for r in range(height) if inked[r] and r < height * 0.92]  # the footer aside
        # Nothing left blank under the last thing drawn but a meeting's height (< 12 %).
        assert max(body) > height * 0.80, (height, max(body))
    text = " ".join(pdf_text(result.path, n) for n in range(result.pages))
    assert "José Ángel Garza, Director General, CLAUT — jose.garza@claut.example · +52 81 5555 " \
           "0101" in " ".join(text.split())
    assert "Notes: From the B2B platform: board room, 2nd floor; bring the deck." in \
        " ".join(text.split())
    # A person with neither: the name alone.
    assert "Nuria Peña Muñoz, Gerente de Proyectos, Cluster Automotriz de Querétaro —" not in \
        " ".join(text.split())
