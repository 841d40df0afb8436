"""The notes in Spanish (issue 20): the My notes tab's buttons and status line, an import's
question and status line through File ▸ Import with a real file, and an import refused, all
read Spanish when the language is Spanish before the window is made; the counts take the
singular for 1 and the plural for 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
from pytestqt.qtbot import QtBot

from mxdesk.core import i18n
from mxdesk.core.notes import Contact, NotesStore
from mxdesk.ui.notes.shortlists import ShortlistsPage
from mxdesk.ui.window import MainWindow
from tests.ui.test_i14_notes import click, type_in_next_input_dialog
from tests.ui.test_i15_notes_buttons import my_notes
from tests.ui.test_import_cases import _import_through_menu
from tests.ui.test_shortlists import page, told

__all__ = ["page"]  # the Shortlists page on its own (a fixture of test_shortlists)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                       "This plugin does not support grabbing the keyboard",
                                       "This plugin does not support propagateSizeHints")


def _card(name: str, email: str) -> bytes:
    family, given = name.split(" ", 1)[1], name.split(" ", 1)[0]
    return (f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{family};{given};;;\r\nFN:{name}\r\n"
            f"EMAIL:{email}\r\nEND:VCARD\r\n").encode()


@pytest.fixture
def spanish() -> str:
    return i18n.set_language("es")


def test_the_notes_tab_reads_spanish(qtbot: QtBot, spanish: str, make_window: object,
                                     store: NotesStore) -> None:
    store.save_contact(Contact("Ana Pérez"))
    window: MainWindow = make_window()  # type: ignore[operator]
    tab = my_notes(qtbot, window)
    assert [tab.inner.tabText(n) for n in range(tab.inner.count())] == [
        "Contactos y notas", "Listas cortas"]
    assert [b.text() for b in (tab.new_contact_button, tab.new_note_button, tab.delete_button,
                               tab.open_cluster_button, tab.add_meeting_button)] == [
        "Nuevo contacto", "Nueva nota", "Eliminar", "Ver su clúster", "Agregar reunión…"]
    assert tab.search_field.placeholderText() == (
        "Buscar en sus contactos y notas (acentos opcionales)")
    assert [tab.model.headerData(n, _horizontal()) for n in range(4)] == [
        "Tipo", "Nombre o nota", "Clúster", "Modificado"]
    assert tab.status == "1 de 1 contactos y notas"
    assert tab.model.index(0, 0).data() == "Contacto"
    # A click on New contact: the new contact is named in Spanish, the form's labels too.
    qtbot.mouseClick(tab.new_contact_button, _left())
    qtbot.waitUntil(lambda: tab.current is not None and tab.current[0] == "contact")
    assert tab.contact_editor.fields["name"].text() == "Nuevo contacto"
    assert tab.contact_editor.points["emails"].add_button.text() == "+ Agregar correo electrónico"
    assert tab.contact_editor.fields["met_on"].accessibleName() == "Cuándo se conoció al contacto"
    assert "AAAA-MM-DD" in tab.contact_editor.fields["met_on"].placeholderText()
    # The Shortlists page: its buttons and the status line's plural.
    assert [b.text() for b in (tab.new_list_button, tab.rename_list_button,
                               tab.delete_list_button, tab.up_button, tab.down_button,
                               tab.remove_item_button, tab.brochure_button)] == [
        "Nueva…", "Renombrar…", "Eliminar", "Subir", "Bajar", "Quitar", "Exportar folleto…"]


def test_an_import_asks_and_tells_in_spanish_with_plurals(
        qtbot: QtBot, spanish: str, make_window: object, store: NotesStore,
        tmp_path: Path) -> None:
    window: MainWindow = make_window()  # type: ignore[operator]
    two = tmp_path / "dos.vcf"
    two.write_bytes(_card("Ana Pérez", "ana@example.org")
                    + _card("Luis Gómez", "luis@example.org"))
    question = _import_through_menu(qtbot, window, two, "Importar")
    assert question.startswith("Se agregarán 2 contactos nuevos.\n\nContactos nuevos (2):\n"
                               "  Ana Pérez\n  Luis Gómez"), question
    assert question.endswith("Todavía no se ha guardado nada.")
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Se importaron 2 registros")
    one = tmp_path / "uno.vcf"
    one.write_bytes(_card("Ana Pérez", "ana.perez@example.net"))
    question = _import_through_menu(qtbot, window, one, "Importar")
    assert question.startswith(
        "Se agregará 1 contacto nuevo. 1 contacto nuevo tiene el nombre de un contacto de "
        "aquí y nada más en común: “Ana Pérez” (ana.perez@example.net), posible duplicado de "
        "“Ana Pérez” (ana@example.org) aquí. Se agregará como nuevo; si es la misma persona, "
        "elimine uno de los dos después de la importación."), question
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Se importó 1 registro")
    # The same two again, one changed: the question offers the merge, in Spanish.
    again = tmp_path / "otra_vez.vcf"
    again.write_bytes(two.read_bytes().replace(b"luis@example.org", b"luis@example.org\r\n"
                                               b"TITLE:Director"))
    question = _import_through_menu(qtbot, window, again,
                                    "Importar, combinando lo que difiere")
    assert question.startswith(
        "Nada del archivo es nuevo para sus notas. 1 registro ya está aquí sin cambios y se "
        "omitirá. 1 registro difiere del que hay aquí (Luis Gómez); se omitirá y se quedará "
        "como está."), question
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Se combinó 1 registro")


def test_a_file_that_cannot_be_imported_is_told_in_spanish(
        qtbot: QtBot, spanish: str, make_window: object, store: NotesStore,
        tmp_path: Path) -> None:
    window: MainWindow = make_window()  # type: ignore[operator]
    path = tmp_path / "contactos.xyz"
    path.write_text("nada", encoding="utf-8")
    told: list[tuple[str, str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, answer)
            return
        told.append((box.windowTitle(),
                     " ".join(label.text() for label in box.findChildren(QLabel)).strip()))
        box.findChildren(QAbstractButton)[0].click()  # its only button (OK)

    window.notes.prompts.open_path = lambda: path
    QTimer.singleShot(0, answer)
    window.import_notes_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert told == [("No se importó nada",
                     "contactos.xyz: formato desconocido .xyz; use .json, .csv, .vcf, .txt")]
    assert store.contacts() == []


def _refused(qtbot: QtBot, window: MainWindow, path: Path) -> tuple[str, str]:
    """File ▸ Import of *path*, refused: the message box's title and text (its OK clicked)."""
    told: list[tuple[str, str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, answer)
            return
        told.append((box.windowTitle(),
                     " ".join(label.text() for label in box.findChildren(QLabel)).strip()))
        box.findChildren(QAbstractButton)[0].click()

    window.notes.prompts.open_path = lambda: path
    QTimer.singleShot(0, answer)
    window.import_notes_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    return told[0]


def test_a_csv_with_a_bad_line_is_refused_in_spanish_naming_the_line(
        qtbot: QtBot, spanish: str, make_window: object, store: NotesStore,
        tmp_path: Path) -> None:
    window: MainWindow = make_window()  # type: ignore[operator]
    path = tmp_path / "contactos.csv"
    path.write_text("name;email\nAna Pérez;ana@example.org\n;\nLuis Gómez;luis@example.org;x\n",
                    encoding="utf-8")
    title, text = _refused(qtbot, window, path)
    assert title == "No se importó nada"
    assert text == ("contactos.csv, línea 4: más campos que columnas (3 campos, 2 columnas; "
                    "leído como separado por punto y coma, UTF-8)"), text
    # A quote never closed: the line where it opens, in Spanish.
    path.write_text('name,email\nAna Pérez,ana@example.org\n"Luis Gómez,luis@example.org\n',
                    encoding="utf-8")
    title, text = _refused(qtbot, window, path)
    assert text == ("contactos.csv, línea 3: unas comillas abiertas aquí nunca se cierran; no "
                    "se importó nada (leído como separado por comas, UTF-8)"), text
    assert store.contacts() == []


def test_what_a_vcard_held_that_is_not_kept_is_said_in_spanish(
        qtbot: QtBot, spanish: str, make_window: object, store: NotesStore,
        tmp_path: Path) -> None:
    window: MainWindow = make_window()  # type: ignore[operator]
    path = tmp_path / "tarjetas.vcf"
    path.write_bytes(_card("Ana Pérez", "ana@example.org").replace(
        b"END:VCARD", b"BDAY:1980-02-01\r\nADR:;;Av. Juarez 1;Leon;;;\r\nX-FOO:1\r\nEND:VCARD")
        + _card("Luis Gómez", "luis@example.org").replace(
        b"END:VCARD", b"ADR:;;Calle 2;Celaya;;;\r\nEND:VCARD"))
    question = _import_through_menu(qtbot, window, path, "Importar")
    assert "2 tarjetas tenían direcciones postales, que mxdesk no conserva." in question
    assert "1 tarjeta tenía cumpleaños, que mxdesk no conserva." in question
    assert "1 tarjeta tenía otros campos que mxdesk no conserva (X-FOO)." in question
    assert "does not keep" not in question
    assert sorted(c.name for c in store.contacts()) == ["Ana Pérez", "Luis Gómez"]


def test_a_shortlist_name_taken_is_refused_in_spanish(qtbot: QtBot, spanish: str,
                                                      page: ShortlistsPage,
                                                      store: NotesStore) -> None:
    store.create_shortlist("Misión Bajío")
    page.show_shortlists()
    heard = told(page)
    type_in_next_input_dialog("Misión Bajío")
    click(qtbot, page.new_list_button)
    assert heard == [("message", "ya existe una lista corta llamada “Misión Bajío”")]
    heard.clear()
    type_in_next_input_dialog("   ")
    click(qtbot, page.new_list_button)
    assert heard == [("message", "una lista corta necesita un nombre")]
    assert [s.name for s in store.shortlists()] == ["Misión Bajío"]


def _horizontal():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def _left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
