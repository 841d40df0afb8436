"""Write the README's screenshots: the real app on a virtual X screen (Xvfb).

    python docs/screenshots/make.py            # needs Debian's xvfb (apt-get install xvfb)

Starts Xvfb when no $DISPLAY is set, opens mxdesk with a scratch settings folder, shows a
record in each tab and saves the window as PNG files beside this script: at 1366×768 (the
smallest laptop screen we support), once at 1920×1080, and once at 150% scale (high DPI).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SIZE = (1366, 768)
LARGE = (1920, 1080)


def _start_xvfb() -> subprocess.Popen[bytes] | None:
    if os.environ.get("DISPLAY"):
        return None
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        sys.exit("Xvfb is not installed: apt-get install xvfb")
    for number in range(90, 110):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():  # noqa: S108 - X's socket folder
            break
    proc = subprocess.Popen([xvfb, f":{number}", "-screen", "0",
                             f"{LARGE[0]}x{LARGE[1]}x24", "-nolisten", "tcp"])
    os.environ["DISPLAY"] = f":{number}"
    time.sleep(1.0)
    return proc


def main() -> int:
    if "--spanish" in sys.argv:  # only the Spanish window's and papers' pictures (issue 20)
        spanish_pages()
        xvfb = _start_xvfb()
        try:
            return shots(hidpi=False, only_spanish=True)
        finally:
            if xvfb is not None:
                xvfb.terminate()
    if "--hidpi" in sys.argv:
        return shots(hidpi=True, only_maps="--maps" in sys.argv)
    if "--maps" in sys.argv:  # only the map's and the charts' pictures (issue 19)
        map_pages()
        xvfb = _start_xvfb()
        try:
            shots(hidpi=False, only_maps=True)
            env = dict(os.environ, QT_SCALE_FACTOR="1.5")
            subprocess.run([sys.executable, __file__, "--hidpi", "--maps"], env=env, check=True)
        finally:
            if xvfb is not None:
                xvfb.terminate()
        return 0
    if "--mission" in sys.argv:  # only the Mission tab's pictures (issue 18)
        xvfb = _start_xvfb()
        try:
            return shots(hidpi=False, only_mission=True)
        finally:
            if xvfb is not None:
                xvfb.terminate()
    pdf_pages()
    mission_pages()
    spanish_pages()
    xvfb = _start_xvfb()
    try:
        shots(hidpi=False)
        # High DPI: the same window at 150%, in a fresh process (the scale is read at start).
        env = dict(os.environ, QT_SCALE_FACTOR="1.5")
        subprocess.run([sys.executable, __file__, "--hidpi"], env=env, check=True)
        # The map's and the charts' pictures (issue 19): a window of their own.
        subprocess.run([sys.executable, __file__, "--maps"], check=True)
        # The Spanish window (issue 20): a window of its own, made in Spanish.
        subprocess.run([sys.executable, __file__, "--spanish"], check=True)
    finally:
        if xvfb is not None:
            xvfb.terminate()
    return 0


def _poppler(tool: str) -> str:
    """The path of one of poppler's tools (pdftoppm, pdftotext), or exit saying how to get it."""
    found = shutil.which(tool)
    if found is None:
        sys.exit(f"{tool} is not installed: apt-get install poppler-utils")
    return found


def _render(pdftoppm: str, pages: tuple[tuple[Path, int, str], ...]) -> None:
    """Each (PDF, page from 1, picture name) as a PNG beside this script, at 70 dpi."""
    for pdf, page, name in pages:
        subprocess.run([pdftoppm, "-png", "-r", "70", "-f", str(page), "-l", str(page),
                        "-singlefile", str(pdf), str(HERE / name)], check=True)
        print(f"wrote {HERE / name}.png")


def pdf_pages() -> None:
    """A fact sheet and a brochure's first pages, rendered by poppler's pdftoppm."""
    pdftoppm = _poppler("pdftoppm")
    with tempfile.TemporaryDirectory() as tmp:
        sheet, brochure = Path(tmp) / "sheet.pdf", Path(tmp) / "brochure.pdf"
        mxdesk = [sys.executable, "-m", "mxdesk", "export-pdf"]
        subprocess.run([*mxdesk, "--cluster", "IT@Baja", "-o", str(sheet)], check=True)
        subprocess.run([*mxdesk, "--sector", "aerospace", "-o", str(brochure)], check=True)
        pages = ((sheet, 1, "pdf-fact-sheet"), (brochure, 1, "pdf-cover"),
                 (brochure, 2, "pdf-contents"), (brochure, 3, "pdf-brochure-sheet"))
        _render(pdftoppm, pages)


def _page_titled(pdf: Path, title: str) -> int:
    """The first page (from 1) of *pdf* whose first line after the running head is *title*:
    a brochure's sector page."""
    pdftotext = _poppler("pdftotext")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for number, page in enumerate(text.split("\f"), start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if len(lines) > 1 and lines[1] == title:
            return number
    sys.exit(f"no page titled {title!r} in {pdf}")


def spanish_pages() -> None:
    """A fact sheet and a brochure's cover and sector page made in Spanish (issue 20)."""
    pdftoppm = _poppler("pdftoppm")
    with tempfile.TemporaryDirectory() as tmp:
        sheet, brochure = Path(tmp) / "ficha.pdf", Path(tmp) / "folleto.pdf"
        mxdesk = [sys.executable, "-m", "mxdesk", "--lang", "es", "export-pdf"]
        subprocess.run([*mxdesk, "--cluster", "claut", "-o", str(sheet)], check=True)
        subprocess.run([*mxdesk, "--sector", "automotive", "-o", str(brochure)], check=True)
        pages = ((sheet, 1, "es-pdf-fact-sheet"), (brochure, 1, "es-pdf-cover"),
                 (brochure, _page_titled(brochure, "Automotriz"), "es-pdf-sector"))
        _render(pdftoppm, pages)


def map_pages() -> None:
    """The map on paper (issue 19): a brochure's "Clusters by state" page, found by its
    title, and ``mxdesk export-map``'s PNG for a slide."""
    pdftoppm, pdftotext = _poppler("pdftoppm"), _poppler("pdftotext")
    with tempfile.TemporaryDirectory() as tmp:
        brochure = Path(tmp) / "brochure.pdf"
        mxdesk = [sys.executable, "-m", "mxdesk"]
        subprocess.run([*mxdesk, "export-pdf", "--all", "-o", str(brochure)], check=True)
        page = 1
        while True:
            text = subprocess.run([pdftotext, "-f", str(page), "-l", str(page), str(brochure),
                                   "-"], capture_output=True, text=True, check=True).stdout
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            if "Clusters by state" in lines[:4]:
                break
            if page > 30:
                sys.exit("no Clusters by state page in the first 30 pages")
            page += 1
        subprocess.run([pdftoppm, "-png", "-r", "70", "-f", str(page), "-l", str(page),
                        "-singlefile", str(brochure), str(HERE / "pdf-clusters-by-state")],
                       check=True)
        print(f"wrote {HERE / 'pdf-clusters-by-state'}.png (page {page})")
        subprocess.run([*mxdesk, "export-map", "--sector", "automotive", "-o",
                        str(HERE / "export-map-automotive.png")], check=True)


#: Writes the test suite's three-day Querétaro + Monterrey mission's day sheets, report and
#: brochure into the folder given (run from the checkout, where ``tests`` is importable).
_MISSION_PAPERS = """
import sys
from pathlib import Path
from mxdesk.core.directory import Directory
from mxdesk.core.notes import NotesStore
from mxdesk.core.paths import bundled_database
from mxdesk.core import selections, sheets
from mxdesk.export.agenda import write_day_sheets
from mxdesk.export.pdf import export_pdf
from mxdesk.export.report import write_report_pdf
from tests.mission_fixture import REPORT_DAY, make_mission
out = Path(sys.argv[1])
store = NotesStore(out / "notes.db")
directory = Directory(bundled_database())
trip = make_mission(store)
write_day_sheets(store, directory, trip, out / "days.pdf")
write_report_pdf(store, directory, trip, out / "report.pdf", REPORT_DAY)
export_pdf(sheets.brochure_of(directory, selections.of_mission(store, directory, trip),
                              REPORT_DAY), out / "brochure.pdf")
store.close()
"""


def mission_pages() -> None:
    """A mission's first day sheet, its report's first page and its brochure's agenda."""
    pdftoppm = _poppler("pdftoppm")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, MXDESK_DATA_DIR=tmp)
        subprocess.run([sys.executable, "-c", _MISSION_PAPERS, tmp], cwd=ROOT, env=env,
                       check=True)
        pages = (("days.pdf", 1, "pdf-day-sheet"), ("report.pdf", 1, "pdf-report"),
                 ("brochure.pdf", 3, "pdf-brochure-agenda"))
        for pdf, page, name in pages:
            subprocess.run([pdftoppm, "-png", "-r", "70", "-f", str(page), "-l", str(page),
                            "-singlefile", str(Path(tmp) / pdf), str(HERE / name)],
                           check=True)
            print(f"wrote {HERE / name}.png")


#: The examples' words for the Spanish pictures (issue 20): a Spanish user's own data.
SPANISH_EXAMPLES = {
    "(example) Querétaro and Monterrey": "(ejemplo) Querétaro y Monterrey",
    "(example) Aerocluster supplier day": "(ejemplo) Día de proveedores del Aerocluster",
    "(example) Call with Baja Clúster Aeroespacial": "(ejemplo) Llamada con Baja Clúster "
                                                     "Aeroespacial",
    "Tijuana (video call)": "Tijuana (videollamada)",
    "(example) Lunch with Vórtice TI": "(ejemplo) Comida con Vórtice TI",
    "Send our members' list": "Enviar la lista de nuestros miembros",
    "(example) BioTQ lab visit": "(ejemplo) Visita al laboratorio de BioTQ",
    "(example) Automotive cluster dinner": "(ejemplo) Cena con el clúster automotriz",
    "(example) CLAUT board": "(ejemplo) Consejo de CLAUT",
    "Example Contact": "Contacto de Ejemplo",
    "(example) Cluster manager": "(ejemplo) Gerente del clúster",
    "(example) León": "(ejemplo) León",
    "An example contact, made by docs/screenshots/make.py.":
        "Un contacto de ejemplo, creado por docs/screenshots/make.py.",
    "(example) Supplier day: send our members' list by Friday.":
        "(ejemplo) Día de proveedores: enviar la lista de miembros antes del viernes.",
    "(example) Bajío mission": "(ejemplo) Misión Bajío",
    "example": "ejemplo", "automotive": "automotriz",
}


def _said(text: str) -> str:
    """An example's *text* in the pictures' language (Spanish for --spanish)."""
    return SPANISH_EXAMPLES.get(text, text) if "--spanish" in sys.argv else text


def mission_example(store: object) -> None:
    """A clearly marked example mission (three days, Querétaro, Monterrey and a call with
    Tijuana), with an overlap, too little time between two places, a free afternoon, a
    cancelled meeting and a next step overdue, so the picture shows every flag."""
    import datetime as dt

    from mxdesk.core.mission.records import Meeting, MeetingStatus, Mission

    made = store.create_mission(Mission(  # type: ignore[attr-defined]
        _said("(example) Querétaro and Monterrey"), dt.date(2026, 3, 10), dt.date(2026, 3, 12),
        "Europe/Madrid", clusters=("aerocluster-queretaro", "claut")))
    day = dt.date(2026, 3, 10)
    for title, hour, minute, zone, place, clusters, more in (
            ("(example) Aerocluster supplier day", 9, 0, "America/Mexico_City",
             "Parque Aeroespacial, Colón", ("aerocluster-queretaro",), {}),
            ("(example) Call with Baja Clúster Aeroespacial", 8, 30, "America/Tijuana",
             "Tijuana (video call)", ("baja-cluster-aeroespacial",), {}),
            ("(example) Lunch with Vórtice TI", 14, 0, "America/Mexico_City",
             "Centro, Querétaro", ("cluster-vortice-ti",),
             {"next_step": _said("Send our members' list"), "next_due": dt.date(2026, 3, 13)}),
            ("(example) BioTQ lab visit", 15, 10, "America/Mexico_City",
             "Juriquilla, Querétaro", ("cluster-biotq",), {}),
            ("(example) Automotive cluster dinner", 19, 30, "America/Mexico_City",
             "Querétaro", ("cluster-automotriz-queretaro",),
             {"status": MeetingStatus.CANCELLED})):
        store.save_meeting(Meeting(  # type: ignore[attr-defined]
            _said(title), dt.datetime.combine(day, dt.time(hour, minute)), zone,
            place=_said(place),
            mission_id=made.id, clusters=clusters, **more))
    store.save_meeting(Meeting(  # type: ignore[attr-defined]
        _said("(example) CLAUT board"), dt.datetime(2026, 3, 11, 10, 0), "America/Monterrey",
        duration_min=90, place="Apodaca, Nuevo León", mission_id=made.id,
        clusters=("claut",), status=MeetingStatus.CONFIRMED))


def shots(hidpi: bool, only_mission: bool = False, only_maps: bool = False,
          only_spanish: bool = False) -> int:
    os.environ["MXDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="mxdesk-shots-")
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from mxdesk.core import paths
    from mxdesk.core.directory import Directory
    from mxdesk.core.notes import Contact, ContactPoint, Note, NotesStore
    from mxdesk.ui.window import MainWindow, open_settings, window_icon

    app = QApplication(sys.argv[:1])
    app.setApplicationName("mxdesk")
    app.setWindowIcon(window_icon())
    if only_spanish:
        from mxdesk.ui import language

        language.apply("es")
    store = NotesStore()
    if not hidpi:
        # Clearly marked examples, so the pictures show the notes panes filled in.
        example = store.save_contact(Contact(
            _said("Example Contact"), role=_said("(example) Cluster manager"),
            organisation="CLAUGTO",
            cluster_id="claugto",
            emails=(ContactPoint("contact@example.org", ("work",)),
                    ContactPoint("contact@home.example", ("home",))),
            phones=(ContactPoint("+52 000 000 0000", ("cell",)),),
            met_where=_said("(example) León"),
            met_on="2026-03-14", tags=(_said("example"), _said("automotive")),
            comment=_said("An example contact, made by docs/screenshots/make.py.")))
        store.save_note(Note(_said("(example) Supplier day: send our members' list by Friday."),
                             cluster_id="claugto", contact_uid=example.uid))
        store.create_shortlist(_said("(example) Bajío mission"))
        store.toggle_star("claugto")
        store.toggle_star("aerocluster-queretaro")
        mission_example(store)
    window = MainWindow(Directory(paths.bundled_database()), open_settings(), store)
    window.setGeometry(0, 0, *SIZE)
    window.show()
    window.move(0, 0)

    def settle() -> None:
        # Past the pause after which a search's facet counts come (ui/models.py,
        # FACET_DELAY_MS), so the pictures show the counts of the list they show.
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)

    def shoot(name: str) -> None:
        settle()
        screen = QGuiApplication.primaryScreen()
        screen.grabWindow(window.winId()).save(str(HERE / name))
        print(f"wrote {HERE / name}")

    def run_hidpi() -> None:
        window.resize(1280, 700)
        if not only_maps:
            window.navigate("cluster", "claut")
            shoot("hidpi-150.png")
        window.map_action.trigger()
        shoot("map-150.png")
        window.close()
        app.quit()

    def show_charts(tab_name: str, heading: str = "Key figures") -> None:
        """Scroll the tab's detail pane to the *heading* its first charts follow."""
        pane = window.tab_pages[tab_name].detail
        settle()
        found = pane.document().find(heading)
        if not found.isNull():
            pane.verticalScrollBar().setValue(int(pane.cursorRect(found).top()
                                                  + pane.verticalScrollBar().value() - 8))

    def run_maps() -> None:
        """The map and the charts (issue 19), light and dark, at 1366×768 and 1920×1080."""
        clusters = window.tab_pages["clusters"]
        window.map_action.trigger()
        shoot("map.png")
        clusters.search_field.setText("aero")
        clusters.search_now()
        clusters.table_or_map.tiles_box.click()
        shoot("map-tiles.png")
        clusters.table_or_map.tiles_box.click()
        clusters.clear_filters()
        window.appearance.set_theme("dark")
        shoot("map-dark.png")
        window.appearance.set_theme("system")
        window.resize(*LARGE)
        shoot("map-1080p.png")
        window.resize(*SIZE)
        window.map_action.trigger()
        window.navigate("sector", "industry-4-0")
        show_charts("sectors")
        shoot("charts.png")
        window.appearance.set_theme("dark")
        window.navigate("country", "mexico")
        show_charts("clusters", "Trade with the EU")
        shoot("charts-dark.png")
        window.appearance.set_theme("system")
        window.close()
        app.quit()

    def run() -> None:
        clusters = window.tab_pages["clusters"]
        clusters.search_field.setText("queretaro")
        clusters.search_now()
        window.navigate("cluster", "aerocluster-queretaro")
        shoot("clusters.png")
        clusters.clear_filters()
        window.map_action.trigger()  # the clusters by state on the map (issue 19)
        shoot("map.png")
        window.map_action.trigger()
        window.navigate("cluster", "claugto")
        shoot("cluster-detail.png")
        window.navigate("sector", "aerospace")
        shoot("sectors.png")
        window.navigate("policy", "pro-aereo")
        shoot("policies.png")
        window.navigate("programme", "gemex")
        shoot("cooperation.png")
        window.navigate("cluster", "claugto")
        clusters.detail_splitter.setSizes([330, 400])
        shoot("notes-panel.png")
        window.tabs.setCurrentWidget(window.my_notes)
        window.my_notes.table.selectRow(0)
        shoot("my-notes.png")
        window.my_notes.inner.setCurrentIndex(1)
        shoot("shortlists.png")
        window.my_notes.inner.setCurrentIndex(0)
        window.open_search_everything()
        window.search_everything.field.setText("energia")
        window.search_everything.update_results()
        shoot("search-everything.png")
        window.search_everything.reject()
        window.appearance.set_theme("dark")
        window.navigate("cluster", "it-baja")
        shoot("dark.png")
        window.appearance.set_theme("system")
        window.resize(*LARGE)
        window.navigate("policy", "special-programme-renewable-energy")
        shoot("policies-1080p.png")
        window.resize(*SIZE)
        mission()
        journeys()
        window.close()
        app.quit()

    def journeys() -> None:
        """The end of each journey of tests/ui/test_journeys.py, for a person to look at."""
        from mxdesk.core import exchange
        from mxdesk.core.notes import ShortlistItem

        # Prepare: a shortlist in its order, with the remark the brochure prints.
        current = store.current_shortlist()
        assert current is not None
        store.set_items(int(current.id or 0), [
            ShortlistItem("claugto", "(example) Meeting Tue 10 March 10:00, Silao"),
            ShortlistItem("aerocluster-queretaro", ""),
            ShortlistItem("claut", "(example) Visit Wed 11 March 9:30, Apodaca")])
        window.tabs.setCurrentWidget(window.my_notes)
        window.my_notes.refresh()
        window.my_notes.inner.setCurrentIndex(1)
        shoot("journey-prepare.png")
        # Meet: the contact form open on a person met at the cluster.
        window.navigate("cluster", "claugto")
        panel = window.notes_panel
        panel.contact_view.setCurrentIndex(panel.contact_list.index(0, 0))
        shoot("journey-meet.png")
        # Follow up: a phone's vCard imported, found by Ctrl+K typed without accents.
        incoming = exchange.read_file(ROOT / "tests" / "data" / "cases"
                                      / "vc02_android_qp_softbreak.vcf")
        exchange.apply_plan(store, exchange.plan_import(store, incoming), merge=False)
        window.open_search_everything()
        window.search_everything.field.setText("jose maria gutierrez")
        window.search_everything.update_results()
        shoot("journey-follow-up.png")
        window.search_everything.reject()

    def mission() -> None:
        """The Mission tab (issue 18), and a meeting open in its dialog."""
        from mxdesk.ui.agenda.meeting_dialog import MeetingDialog

        tab = window.missions.tab
        window.tabs.setCurrentWidget(tab)
        tab.view.setFocus()
        shoot("mission.png")
        meeting = store.meetings()[0]
        dialog = MeetingDialog(store, window.directory, tab.mission, meeting, parent=window)
        dialog.show()
        settle()
        screen = QGuiApplication.primaryScreen()
        screen.grabWindow(0).copy(0, 0, *SIZE).save(str(HERE / "meeting-dialog.png"))
        print(f"wrote {HERE / 'meeting-dialog.png'}")
        dialog.reject()
        # The Mission menu open over the tab: the calendar and papers.
        menu = window.menus["Mission"]
        bar = window.menuBar()
        menu.popup(bar.mapToGlobal(bar.actionGeometry(menu.menuAction()).bottomLeft()))
        settle()
        screen.grabWindow(0).copy(0, 0, *SIZE).save(str(HERE / "mission-menu.png"))
        print(f"wrote {HERE / 'mission-menu.png'}")
        menu.hide()
        # Import calendar…: a matchmaking platform's file, its plan in the confirm dialog
        # (then cancelled: the example mission stays as it is).
        papers = window.mission_papers
        papers.prompts.open_path = lambda: ROOT / "tests" / "data" / "ics" / \
            "matchmaking_floating.ics"

        def answer() -> None:
            settle()
            screen.grabWindow(0).copy(0, 0, *SIZE).save(str(HERE / "calendar-import.png"))
            print(f"wrote {HERE / 'calendar-import.png'}")
            box = QApplication.activeModalWidget()
            if box is not None:
                box.close()

        QTimer.singleShot(300, answer)
        papers.import_calendar()

    def run_mission() -> None:
        mission()
        window.close()
        app.quit()

    def run_spanish() -> None:
        clusters = window.tab_pages["clusters"]
        clusters.search_field.setText("automotriz")
        clusters.search_now()
        window.navigate("cluster", "claut")
        shoot("es-clusters.png")
        window.navigate("sector", "automotive")
        show_charts("sectors", "Cifras clave")
        shoot("es-sector.png")
        clusters.clear_filters()
        window.tabs.setCurrentWidget(clusters)
        window.map_action.trigger()
        shoot("es-map.png")
        window.map_action.trigger()
        window.tabs.setCurrentWidget(window.my_notes)
        window.my_notes.table.selectRow(0)
        shoot("es-my-notes.png")
        window.tabs.setCurrentWidget(window.missions.tab)
        shoot("es-mission.png")
        window.close()
        app.quit()

    QTimer.singleShot(300, run_hidpi if hidpi else run_mission if only_mission
                      else run_maps if only_maps else run_spanish if only_spanish else run)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
