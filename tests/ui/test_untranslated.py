"""No text left in English where the user reads Spanish, and none never marked for translation
(issue 20's "done when"): the whole window, every tab with a record shown, the map, the About
box and the brochure dialog, and the papers — a fact sheet, a brochure, the day sheets and the
mission report — each walked in the pseudo-locale and in Spanish (tests/untranslated.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from mxdesk.core import i18n
from mxdesk.core.directory import Directory
from mxdesk.core.notes import NotesStore
from mxdesk.ui import language
from mxdesk.ui.export import BrochureDialog
from mxdesk.ui.window import MainWindow
from tests.conftest import COMMITTED_DB
from tests.mission_fixture import REPORT_DAY, make_mission
from tests.pdftext import pdf_text
from tests.ui.test_i14_notes import click_row
from tests.ui.test_journeys import in_next_dialog
from tests.untranslated import data_words, english_left, unmarked, window_texts

LANGUAGES = [i18n.PSEUDO, i18n.SPANISH]


@pytest.fixture(autouse=True)
def _english_again() -> Iterator[None]:
    before = QLocale()
    yield
    language.apply("en")
    QLocale.setDefault(before)


def check(lang: str, texts: list[str], allowed: set[str]) -> None:
    found = unmarked(texts, allowed) if lang == i18n.PSEUDO else english_left(texts, allowed)
    what = "never marked for translation" if lang == i18n.PSEUDO else "left in English"
    assert not found, f"{len(found)} texts {what}:\n" + "\n".join(found[:80])


def allowed(store: NotesStore) -> set[str]:
    """The words that stay as they are: the directory's names and the user's own data."""
    return data_words(COMMITTED_DB, store.path)


def visit_everything(qtbot: QtBot, window: MainWindow) -> list[str]:
    """Each tab in front in turn, the first row of each browsing tab shown, the map shown:
    every text seen on the way."""
    texts: list[str] = []
    bar = window.tabs.tabBar()
    for index in range(window.tabs.count()):
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
        page = window.tabs.currentWidget()
        tab = next((t for t in window.tab_pages.made() if t is page), None)
        if tab is not None and tab.model.rowCount():
            click_row(qtbot, tab.table, 0)
            qtbot.waitUntil(lambda tab=tab: tab.current is not None, timeout=3000)
            if tab.table_or_map is not None:
                texts += window_texts(window)
                tab.table_or_map.map_button.click()
        texts += window_texts(window)
        texts.append(window.statusBar().currentMessage())
    texts.append(window.about_text())
    return texts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_window_in(lang: str, qtbot: QtBot, make_window: object,
                       store: NotesStore) -> None:
    make_mission(store)
    language.apply(lang)
    window: MainWindow = make_window()  # type: ignore[operator]
    window.resize(1366, 768)
    texts = visit_everything(qtbot, window)
    seen: list[QWidget] = []

    def look(dialog: QWidget) -> None:
        texts.extend(window_texts(dialog))
        dialog.reject()  # type: ignore[attr-defined]

    in_next_dialog(BrochureDialog, look, seen)
    window.named_actions["export_brochure"].trigger()
    assert seen, "the brochure dialog did not open"
    check(lang, texts, allowed(store))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_papers_in(lang: str, directory: Directory, store: NotesStore,
                       tmp_path: Path) -> None:
    from mxdesk.core import sheets
    from mxdesk.core.selections import whole_directory
    from mxdesk.export.agenda import write_day_sheets
    from mxdesk.export.pdf import export_pdf
    from mxdesk.export.report import write_report_pdf

    mission = make_mission(store)
    texts: list[str] = []
    with i18n.using(lang):
        sheet = tmp_path / "sheet.pdf"
        export_pdf(sheets.single_sheet(directory, "claut", store=store), sheet)
        texts.append(pdf_text(sheet))
        chosen = whole_directory(directory)
        brochure = tmp_path / "brochure.pdf"
        small = type(chosen)(**{**chosen.__dict__,
                                "cluster_ids": chosen.cluster_ids[:3]})
        export_pdf(sheets.brochure_of(directory, small, store=store), brochure)
        texts.append(pdf_text(brochure))
        days = tmp_path / "days.pdf"
        write_day_sheets(store, directory, mission, days)
        texts.append(pdf_text(days))
        report = tmp_path / "report.pdf"
        write_report_pdf(store, directory, mission, report, today=REPORT_DAY)
        texts.append(pdf_text(report))
    check(lang, texts,
          allowed(store))
