"""The window's language as a user changes it (issue 20): View ▸ Language ▸ Español shows the
window again in Spanish, in the same place; Qt's own buttons follow; a brochure can be made in
the other language than the window's, and says which in its /Lang."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMenu,
    QTreeView,
)
from pytestqt.qtbot import QtBot

from mxdesk.core import i18n
from mxdesk.core.notes import NotesStore
from mxdesk.core.notes.records import ShortlistItem
from mxdesk.ui import language
from mxdesk.ui.export import BrochureDialog
from mxdesk.ui.settings import WindowSettings
from mxdesk.ui.window import MainWindow
from tests.ui.test_i14_notes import click_row
from tests.ui.test_journeys import in_next_dialog, listed, type_text


@pytest.fixture(autouse=True)
def _english_again() -> Iterator[None]:
    """Qt's catalogue and QLocale's default go back to English after each test."""
    before = QLocale()
    yield
    language.apply("en")
    QLocale.setDefault(before)


def language_action(window: MainWindow, key: str) -> QAction:
    """View ▸ Language ▸ the item for *key*, found in the menu as a user finds it."""
    view = window.menus["View"]
    submenu = next(a.menu() for a in view.actions()
                   if isinstance(a.menu(), QMenu) and a.menu().objectName() == "language-menu")
    return next(a for a in submenu.actions() if a.data() == key)


def switched(qtbot: QtBot, window: MainWindow, key: str) -> MainWindow:
    language_action(window, key).trigger()
    new = language.current_window()
    assert new is not None
    assert new is not window
    qtbot.addWidget(new)
    new.ask_unsaved = lambda _text: "discard"  # type: ignore[method-assign]
    return new


def test_espanol_shows_the_window_again_in_spanish_in_the_same_place(
        qtbot: QtBot, make_window: object, settings_path: Path) -> None:
    window: MainWindow = make_window()  # type: ignore[operator]
    language.set_current_window(window)
    clusters = window.tab_pages["clusters"]
    qtbot.mouseClick(clusters.search_field, Qt.MouseButton.LeftButton)
    type_text(qtbot, clusters.search_field, "aero")
    qtbot.waitUntil(lambda: "Aerocluster de Querétaro" in " ".join(listed(clusters)),
                    timeout=3000)
    rows = listed(clusters)
    click_row(qtbot, clusters.table, next(n for n, r in enumerate(rows)
                                          if r.startswith("Aerocluster de Querétaro")))
    qtbot.waitUntil(lambda: clusters.current is not None)
    shown = clusters.current
    clusters.table_or_map.map_button.click()  # the map in the table's place
    assert language_action(window, "system").isChecked()

    new = switched(qtbot, window, "es")

    assert i18n.language() == "es"
    again = new.tab_pages["clusters"]
    assert new.tabs.currentWidget() is again
    assert again.search_field.text() == "aero"
    assert again.current == shown
    assert again.table_or_map.showing_map()
    # The cluster shown can still be exported and printed, as before the switch.
    assert new.named_actions["export_sheet"].isEnabled()
    assert new.named_actions["print"].isEnabled()
    assert language_action(new, "es").isChecked()
    assert WindowSettings(new.settings).language == "es"
    view_titles = [a.menu().title() for a in new.menus["View"].actions()
                   if isinstance(a.menu(), QMenu)]
    assert "&Idioma" in view_titles
    assert new.statusBar().currentMessage() == "Idioma: Español"
    # Qt's own buttons speak Spanish too (its qtbase catalogue).
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") \
        == "Cancelar"
    assert QLocale().language() == QLocale.Language.Spanish

    back = switched(qtbot, new, "en")
    assert i18n.language() == "en"
    assert back.tab_pages["clusters"].search_field.text() == "aero"
    assert back.tab_pages["clusters"].current == shown
    assert "&Language" in [a.menu().title() for a in back.menus["View"].actions()
                           if isinstance(a.menu(), QMenu)]


def test_the_language_chosen_is_the_one_the_next_start_uses(
        qtbot: QtBot, make_window: object, settings_path: Path) -> None:
    window: MainWindow = make_window()  # type: ignore[operator]
    language.set_current_window(window)
    switched(qtbot, window, "es")
    from PySide6.QtCore import QSettings

    kept = WindowSettings(QSettings(str(settings_path), QSettings.Format.IniFormat))
    assert language.startup_language(kept) == "es"
    assert language.startup_language(kept, asked="en") == "en"  # mxdesk --lang en wins


def test_choosing_the_language_already_spoken_changes_nothing(
        qtbot: QtBot, make_window: object) -> None:
    window: MainWindow = make_window()  # type: ignore[operator]
    language.set_current_window(window)
    language_action(window, "en").trigger()
    assert language.current_window() is window
    assert WindowSettings(window.settings).language == "en"
    assert language_action(window, "en").isChecked()


def test_a_spanish_brochure_from_an_english_window(
        qtbot: QtBot, window: MainWindow, store: NotesStore, tmp_path: Path) -> None:
    made = store.create_shortlist("Bajío")
    store.set_items(int(made.id or 0), [ShortlistItem("claut", ""),
                                        ShortlistItem("aerocluster-queretaro", "")])
    target = tmp_path / "folleto.pdf"
    window.ask_path = lambda _suggested: target

    def answer(dialog: BrochureDialog) -> None:
        combo = dialog.language
        assert combo.currentData() == "en"  # the window's, the first time
        combo.setCurrentIndex(combo.findData("es"))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    in_next_dialog(BrochureDialog, answer)  # type: ignore[arg-type]
    window.named_actions["export_brochure"].trigger()
    qtbot.waitUntil(target.exists, timeout=60000)
    root = PdfReader(target).trailer["/Root"]
    assert root["/Lang"] == "es-MX"
    assert i18n.language() == "en"  # the window still speaks English
    assert window.statusBar().currentMessage().startswith("Wrote ")
    assert WindowSettings(window.settings).pdf_language == "es"  # offered again next time


def test_an_english_pdf_says_so(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    from mxdesk.core import sheets
    from mxdesk.export.pdf import export_pdf

    path = tmp_path / "sheet.pdf"
    export_pdf(sheets.single_sheet(window.directory, "claut"), path)
    assert PdfReader(path).trailer["/Root"]["/Lang"] == "en"
    assert PdfReader(path).outline  # the bookmarks are still there beside it


@pytest.mark.parametrize("mode", [QFileDialog.AcceptMode.AcceptSave,
                                  QFileDialog.AcceptMode.AcceptOpen])
def test_qt_s_file_dialog_speaks_mexican_spanish_throughout(
        qtbot: QtBot, tmp_path: Path, mode: QFileDialog.AcceptMode) -> None:
    # Issue 20's trial: "Look in:", "Files of type:" and "Folder" (Qt 6's words the qtbase
    # catalogue lacks) next to Spain's "Nombre de fichero".
    (tmp_path / "carpeta").mkdir()
    (tmp_path / "notas.pdf").write_bytes(b"%PDF-1.4\n")
    language.apply("es")
    dialog = QFileDialog(None, "Guardar", str(tmp_path), "PDF (*.pdf)")
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(mode)
    dialog.show()
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert labels == ["&Buscar en:", "&Nombre de archivo:", "Archivos de &tipo:"]
    view = dialog.findChild(QTreeView)
    model = view.model()
    qtbot.waitUntil(lambda: model.rowCount(view.rootIndex()) == 2)
    types = {model.index(row, 0, view.rootIndex()).data():
             model.index(row, 2, view.rootIndex()).data()
             for row in range(model.rowCount(view.rootIndex()))}
    assert types["carpeta"] == "Carpeta"
    headers = [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
               for c in range(4)]
    assert headers == ["Nombre", "Tamaño", "Tipo", "Última modificación"]
    buttons = {b.text() for b in dialog.findChildren(QAbstractButton) if b.text()}
    assert buttons == {"&Guardar" if mode == QFileDialog.AcceptMode.AcceptSave else "&Abrir",
                       "Cancelar"}
    words = " ".join([*labels, *map(str, types.values()), *headers, *buttons])
    for english in ("Look in", "Files of type", "Folder", "fichero"):
        assert english not in words, english

    # Back in English, Qt's own words again.
    language.apply("en")
    english = QFileDialog(None, "Save", str(tmp_path), "PDF (*.pdf)")
    qtbot.addWidget(english)
    english.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    assert [label.text() for label in english.findChildren(QLabel)] == [
        "&Look in:", "File &name:", "Files of &type:"]
