"""Exporting and printing from the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QProgressDialog
from pytestqt.qtbot import QtBot

from mxdesk.core import sheets
from mxdesk.core.directory import Directory
from mxdesk.export.pdf import Progress
from mxdesk.ui.export import Choice, export_with_progress, render_to_printer
from mxdesk.ui.window import MainWindow
from tests.pdftext import pdf_text


def test_ctrl_e_exports_the_shown_cluster(qtbot: QtBot, window: MainWindow,
                                          tmp_path: Path) -> None:
    asked: list[str] = []

    def ask(suggested: str) -> Path:
        asked.append(suggested)
        return tmp_path / suggested

    window.ask_path = ask
    assert not window.export_sheet_action.isEnabled()
    window.navigate("cluster", "csoftmty")
    assert window.export_sheet_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["mxdesk-fact-sheet-csoftmty.pdf"]
    written = tmp_path / asked[0]
    assert "Consejo para el Desarrollo de la Industria de Software de Nuevo León" in \
        pdf_text(written, 0)
    assert window.statusBar().currentMessage().startswith(f"Wrote {written}")


def test_export_cancelled_at_the_file_dialog(window: MainWindow) -> None:
    window.ask_path = lambda _suggested: None
    window.navigate("cluster", "claut")
    window.named_actions["export_sheet"].trigger()
    assert window.exports.last_export is None


def test_brochure_of_the_current_list(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                      directory: Directory) -> None:
    tab = window.tab_pages["clusters"]
    tab.search_field.setText("queretaro")
    tab.search_now()
    offered: list[list[Choice]] = []

    def choose(choices: list[Choice]) -> tuple[str, Choice, str, bool]:
        offered.append(choices)
        return "export", next(c for c in choices if c.key == "list"), "letter", False

    window.run_brochure_dialog = choose
    window.ask_path = lambda suggested: tmp_path / suggested
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    keys = [c.key for c in offered[0]]
    assert keys == ["list", "all"]
    assert window.exports.last_export is not None
    reader = PdfReader(window.exports.last_export.path)
    titles = [item.title for item in reader.outline]
    expected = [ref.name for ref in directory.clusters_in_state("queretaro")]
    # Cover, contents, Mexico at a glance, the clusters by state (issue 19), the clusters.
    assert titles[3] == "Clusters by state"
    assert titles[4:4 + len(expected)] == expected
    assert round(float(reader.pages[0].mediabox.width)) == 612
    assert window.settings.value("export/paper") == "letter"


def test_brochure_choices_follow_what_is_shown(window: MainWindow) -> None:
    window.navigate("sector", "aerospace")
    window.navigate("state", "jalisco")
    clusters = window.tab_pages["clusters"]
    clusters.table.selectAll()
    keys = {c.key: c for c in window.exports.brochure_choices()}
    assert set(keys) == {"selected", "state", "list", "sector", "all"}
    assert len(keys["state"].cluster_ids) == 7
    assert len(keys["selected"].cluster_ids) == 7
    assert len(keys["sector"].cluster_ids) == 6


def test_print_uses_the_same_layout(window: MainWindow, directory: Directory,
                                    tmp_path: Path) -> None:
    """What the print preview paints: the same pages, here on a PDF printer."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    render_to_printer(printer, sheets.single_sheet(directory, "claugto"), "a4")
    text = pdf_text(tmp_path / "printed.pdf", 0)
    assert "Cluster Automotriz de Guanajuato" in text
    assert "Page 1 of 1" in text


@pytest.mark.parametrize("gathered", [True, False], ids=["brochure", "gathered-in-dialog"])
def test_cancel_in_the_progress_dialog_writes_nothing(window: MainWindow, directory: Directory,
                                                      tmp_path: Path, gathered: bool) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "all.pdf"
    ids, label = sheets.all_clusters(directory)
    stages: list[str] = []

    def make(progress: Progress) -> sheets.Brochure:
        def spy(stage: str, done: int, total: int) -> bool:
            stages.append(stage)
            return progress(stage, done, total)

        return sheets.brochure(directory, ids, "All", label, progress=spy)

    content = sheets.brochure(directory, ids, "All", label) if gathered else make

    def press_cancel() -> None:
        for dialog in window.findChildren(QProgressDialog):
            dialog.cancel()

    # The export keeps the event loop turning between pages, so the press arrives mid-way.
    QTimer.singleShot(0, press_cancel)
    assert export_with_progress(window, content, target, "a4") is None
    assert list(out.iterdir()) == []
    if not gathered:  # cancelled while the fact sheets were gathered, before any layout
        assert set(stages) == {"content"}
        assert len(stages) < len(ids)
