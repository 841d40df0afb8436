"""The export dialogs as a user meets them: the brochure dialog from the My notes tab's
shortlists, and the save dialog of File ▸ Export my notes…, answered by clicking their own
buttons and typing in them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFileSystemModel,
    QLineEdit,
    QProxyStyle,
    QStyle,
    QStyleHintReturn,
    QStyleOption,
    QWidget,
)
from pytestqt.qtbot import QtBot

from mxdesk.core.notes import NotesStore
from mxdesk.core.notes.records import Contact, ShortlistItem
from mxdesk.ui.export import BrochureDialog
from mxdesk.ui.window import MainWindow
from tests.pdftext import pdf_text

NAME = "Querétaro & Monterrey"
REMARKS = {
    "claut": "Meeting Tue 10 March 10:00, Apodaca\nAsk for Ing. <b>Pérez</b> & the board",
    "aerocluster-queretaro": "Visit Wed 11 March 9:30, Colón",
}


def shown(button: QAbstractButton) -> str:
    """The text the button shows, its mnemonic marks taken out as Qt draws them."""
    face = QAccessible.queryAccessibleInterface(button)
    assert face is not None
    return str(face.text(QAccessible.Text.Name))


def open_from_the_shortlist(qtbot: QtBot, window: MainWindow, store: NotesStore,
                            answer: Callable[[BrochureDialog], None]) -> None:
    """Make the shortlist, show it in My notes ▸ Shortlists, click "Export brochure…" and
    let *answer* act in the dialog that opens."""
    made = store.create_shortlist(NAME)
    store.set_items(int(made.id or 0), [ShortlistItem(cid, remark)
                                        for cid, remark in REMARKS.items()])
    window.tabs.setCurrentWidget(window.my_notes)
    tab = window.my_notes
    tab.refresh()
    tab.inner.setCurrentIndex(tab.inner.count() - 1)  # the Shortlists page
    answered: list[BrochureDialog] = []
    waited: list[object] = []

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, BrochureDialog):
            waited.append(dialog)
            if len(waited) < 300:  # 3 s, then the assertion below says what opened
                QTimer.singleShot(10, in_the_dialog)  # not open yet
            elif dialog is not None:
                dialog.close()
            return
        answered.append(dialog)
        try:
            answer(dialog)
        finally:
            # An answer that failed leaves the dialog open: exec() would never return.
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, in_the_dialog)
    qtbot.mouseClick(tab.brochure_button, Qt.MouseButton.LeftButton)
    assert answered, f"the brochure dialog did not open: {waited[-1:]}"


def test_an_ampersand_in_a_shortlist_name_shows_as_itself(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    seen: list[tuple[str, str]] = []

    def look_and_cancel(dialog: BrochureDialog) -> None:
        chosen = dialog.group.checkedButton()
        seen.append((chosen.text(), shown(chosen)))
        dialog.reject()

    window.ask_path = lambda _suggested: pytest.fail("cancelled: nothing is written")
    open_from_the_shortlist(qtbot, window, store, look_and_cancel)
    text, displayed = seen[0]
    # Qt reads a lone "&" as a mnemonic mark: doubled, it shows as one "&".
    assert "Querétaro && Monterrey" in text
    assert f"Your shortlist “{NAME}” (2 clusters)" == displayed


def test_a_brochure_of_a_shortlist_prints_its_remarks(
        qtbot: QtBot, window: MainWindow, store: NotesStore, tmp_path: Path) -> None:
    window.ask_path = lambda suggested: tmp_path / suggested
    offered: list[str] = []

    def export(dialog: BrochureDialog) -> None:
        offered.append(dialog.group.checkedButton().text())
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    open_from_the_shortlist(qtbot, window, store, export)
    assert "Querétaro && Monterrey" in offered[0]
    assert window.exports.last_export is not None
    text = pdf_text(window.exports.last_export.path)
    # Each remark stands under its cluster's name, as typed: markup and "&" are letters.
    assert ("Cluster Automotriz de Nuevo León Cluster organisation · CLAUT Your remark "
            "Meeting Tue 10 March 10:00, Apodaca Ask for Ing. <b>Pérez</b> & the board") in text
    assert "Your remark Visit Wed 11 March 9:30, Colón" in text
    # … and in the contents, under its cluster's line.
    # (Page 3 is Mexico at a glance, several pages long; CLAUT's label expired.)
    assert re.search(r"Cluster Automotriz de Nuevo León — Nuevo León · label expired \d+ "
                     r"Meeting Tue 10 March 10:00, Apodaca",
                     pdf_text(window.exports.last_export.path, 1))


class ButtonsOf(QProxyStyle):
    """The application's style, with another platform's order of dialog buttons."""

    def __init__(self, layout: QDialogButtonBox.ButtonLayout) -> None:
        super().__init__(QApplication.style().name())
        self.layout = layout

    def styleHint(self, hint: QStyle.StyleHint, option: QStyleOption | None = None,
                  widget: QWidget | None = None,
                  returned: QStyleHintReturn | None = None) -> int:
        """Qt: the chosen layout of dialog buttons; the rest as the base style says."""
        if hint == QStyle.StyleHint.SH_DialogButtonLayout:
            return self.layout.value
        return super().styleHint(hint, option, widget, returned)


_Layout = QDialogButtonBox.ButtonLayout


@pytest.mark.parametrize(("layout", "order"), [
    # Export and Print side by side, Cancel at the end (with ApplyRole, Print came after
    # Cancel: "Export PDF… / Cancel / Print…").
    (_Layout.WinLayout, ["Export PDF…", "Print…", "Cancel"]),
    (_Layout.KdeLayout, ["Print…", "Export PDF…", "Cancel"]),
    # Print on its own at the left, the default action last, after Cancel.
    (_Layout.MacLayout, ["Print…", "Cancel", "Export PDF…"]),
    (_Layout.GnomeLayout, ["Print…", "Cancel", "Export PDF…"]),
])
def test_the_brochure_dialog_s_buttons_are_where_each_platform_puts_them(
        qtbot: QtBot, window: MainWindow, store: NotesStore, layout: _Layout,
        order: list[str]) -> None:
    seen: list[list[str]] = []
    style = ButtonsOf(layout)

    def look_and_cancel(dialog: BrochureDialog) -> None:
        buttons = dialog.buttons.buttons()

        def placed() -> list[str]:
            return [shown(b) for b in sorted(buttons, key=lambda b: b.mapTo(dialog, b.rect()
                                                                          .topLeft()).x())]

        dialog.buttons.setStyle(style)
        try:
            qtbot.waitUntil(lambda: placed() == order, timeout=2000)
        finally:
            seen.append(placed())
            dialog.buttons.setStyle(None)  # the style is this test's: the dialog outlives it
        assert dialog.export_button.isDefault()
        [cancel] = [b for b in buttons if shown(b) == "Cancel"]
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

    window.ask_path = lambda _suggested: pytest.fail("cancelled: nothing is written")
    open_from_the_shortlist(qtbot, window, store, look_and_cancel)
    assert seen == [order]
    assert window.exports.last_export is None


@pytest.mark.parametrize(("typed", "kinds_down", "written", "starts"), [
    ("contacts.vcf", 0, "contacts.vcf", "BEGIN:VCARD"),
    ("contacts.csv", 0, "contacts.csv", '\ufeff"name";"role"'),
    ("everything.json", 0, "everything.json", "{"),
    ("contacts.vcf", 1, "contacts.vcf", "BEGIN:VCARD"),  # the name typed wins over the list
    ("no suffix", 0, "no suffix.json", "{"),  # the kind offered first
    ("contacts", 2, "contacts.vcf", "BEGIN:VCARD"),  # the kind chosen in the list
    ("Monterrey 10.03", 1, "Monterrey 10.03.csv", '\ufeff"name";"role"'),
])
def test_export_my_notes_writes_the_kind_chosen_or_typed(
        qtbot: QtBot, window: MainWindow, store: NotesStore, tmp_path: Path, typed: str,
        kinds_down: int, written: str, starts: str) -> None:
    """File ▸ Export my notes… offers JSON, CSV and vCard; what is typed or chosen is
    written (it was a PDF dialog: "contacts.vcf" wrote JSON to contacts.json)."""
    store.save_contact(Contact("Ana Pérez", cluster_id="claut"))
    out = tmp_path / "out"
    out.mkdir()
    offered = save_as(qtbot, out, typed, kinds_down)
    window.export_notes_action.trigger()
    assert [p.name for p in out.iterdir()] == [written]
    assert (out / written).read_text(encoding="utf-8").startswith(starts)
    assert [kind.split(" (")[0] for kind in offered[0]] == [
        "JSON: everything", "CSV: contacts, for spreadsheets",
        "vCard: contacts, for address books"]


def test_a_fact_sheet_is_saved_as_pdf(qtbot: QtBot, window: MainWindow,
                                      tmp_path: Path) -> None:
    """The same dialog for a PDF offers PDF only, and a name typed without ".pdf" gets it
    added (a dot in the name is part of the name)."""
    window.navigate("cluster", "claut")
    offered = save_as(qtbot, tmp_path, "Monterrey 10.03", 0)
    window.export_sheet_action.trigger()
    assert offered == [["PDF documents (*.pdf)"]]
    assert window.exports.last_export is not None
    assert window.exports.last_export.path == tmp_path / "Monterrey 10.03.pdf"
    assert "Cluster Automotriz de Nuevo León" in pdf_text(window.exports.last_export.path, 0)


def save_as(qtbot: QtBot, folder: Path, typed: str, kinds_down: int) -> list[list[str]]:
    """Answer the next "Save as" dialog as a user does: go to *folder*, pick the kind
    *kinds_down* steps down the list, type *typed* and click Save. Returns the kinds the
    dialog offered (filled in once it has been answered)."""
    offered: list[list[str]] = []

    def type_the_name() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, type_the_name)
            return
        offered.append(dialog.nameFilters())
        try:
            # The user goes to the folder, sees it listed, then types the name (typed before
            # the listing came, the name was checked against a folder not yet read: Save
            # stayed off).
            with qtbot.waitSignal(dialog.findChild(QFileSystemModel).directoryLoaded):
                dialog.setDirectory(str(folder))
            kinds = dialog.findChild(QComboBox, "fileTypeCombo")
            for _step in range(kinds_down):
                qtbot.keyClick(kinds, Qt.Key.Key_Down)
            name = dialog.findChild(QLineEdit, "fileNameEdit")
            name.clear()
            qtbot.keyClicks(name, typed)
            save = dialog.findChild(QDialogButtonBox).button(
                QDialogButtonBox.StandardButton.Save)
            qtbot.waitUntil(save.isEnabled)
            qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        finally:
            if dialog.isVisible():  # an answer that failed: exec() would never return
                dialog.reject()

    QTimer.singleShot(0, type_the_name)
    return offered
