"""File ▸ Export my notes…, answered in its real Save dialog as a user answers it: a name typed
in the name field, a type picked in the type list, the Save button clicked. Each file written is
read back with an independent reader (vobject, csv, json).

Before, the action opened the PDF dialog ("Export as PDF", PDF only): ``contacts.vcf`` typed
there became contacts.pdf, then contacts.json with every note and shortlist in it, and nothing
was said."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import vobject
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from mxdesk.core.notes import Contact, Note, NotesStore, points
from mxdesk.ui.window import MainWindow


def answer_save_dialog(qtbot: QtBot, typed: str | None, picked: str | None,
                       seen: dict[str, object]) -> Callable[[], None]:
    """A timer's check: when the Save dialog is up, type *typed* into its name field, pick
    the type whose text starts with *picked*, and click Save (or press Cancel when *typed* is
    None)."""

    def answer() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, QFileDialog) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(50, answer)
            return
        seen["title"] = dialog.windowTitle()
        types = dialog.findChild(QComboBox, "fileTypeCombo")
        assert types is not None
        seen["types"] = [types.itemText(n) for n in range(types.count())]
        buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
        assert buttons is not None
        if typed is None:
            qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Cancel),
                             Qt.MouseButton.LeftButton)
            return
        if picked is not None:
            index = next(n for n in range(types.count())
                         if types.itemText(n).startswith(picked))
            types.setCurrentIndex(index)  # as a choice in its popup list does
            types.activated.emit(index)
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        name.selectAll()
        qtbot.keyClicks(name, typed)
        qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)

    return answer


@pytest.fixture
def notes(store: NotesStore) -> NotesStore:
    ana = store.save_contact(Contact(
        "Ana Pérez & Hijos", organisation="CLAUT", cluster_id="claut",
        emails=points("ana@claut.mx", "ana.perez@gmail.com"), phones=points("+52 81 1234 5678")))
    store.save_contact(Contact("Luis Gómez", emails=points("luis@example.mx")))
    store.save_note(Note("Agenda for Monterrey", cluster_id="claut", contact_uid=ana.uid))
    return store


def export(qtbot: QtBot, window: MainWindow, folder: Path, typed: str | None,
           picked: str | None = None) -> dict[str, object]:
    folder.mkdir()
    window._documents = folder
    seen: dict[str, object] = {}
    QTimer.singleShot(0, answer_save_dialog(qtbot, typed, picked, seen))
    window.export_notes_action.trigger()
    return seen


def test_a_vcf_name_typed_writes_a_vcard_of_the_contacts(
        qtbot: QtBot, window: MainWindow, notes: NotesStore, tmp_path: Path) -> None:
    out = tmp_path / "out"
    seen = export(qtbot, window, out, "contacts.vcf")
    assert seen["title"] == "Export my notes"
    assert [t.split(" (")[0] for t in seen["types"]] == [  # type: ignore[attr-defined]
        "Everything: contacts, notes and shortlists", "Contacts as vCard, for address books "
        "and phones", "Contacts as CSV, for spreadsheets"]
    assert sorted(p.name for p in out.iterdir()) == ["contacts.vcf"]
    cards = list(vobject.readComponents((out / "contacts.vcf").read_text(encoding="utf-8")))
    assert sorted(c.fn.value for c in cards) == ["Ana Pérez & Hijos", "Luis Gómez"]
    ana = next(c for c in cards if c.fn.value.startswith("Ana"))
    assert [e.value for e in ana.contents["email"]] == ["ana@claut.mx", "ana.perez@gmail.com"]
    assert window.statusBar().currentMessage() == (
        f"Wrote 2 records to {out / 'contacts.vcf'} (contacts only (vCard))")


def test_a_bare_name_with_csv_picked_writes_a_csv(
        qtbot: QtBot, window: MainWindow, notes: NotesStore, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(qtbot, window, out, "people", picked="Contacts as CSV")
    assert sorted(p.name for p in out.iterdir()) == ["people.csv"]
    with (out / "people.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["name"] for r in rows) == ["Ana Pérez & Hijos", "Luis Gómez"]


def test_the_suggested_name_writes_everything_as_json(
        qtbot: QtBot, window: MainWindow, notes: NotesStore, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(qtbot, window, out, "mxdesk-notes.json")
    data = json.loads((out / "mxdesk-notes.json").read_text(encoding="utf-8"))
    assert len(data["contacts"]) == 2
    assert [n["body"] for n in data["notes"]] == ["Agenda for Monterrey"]


def test_a_name_of_another_kind_gets_the_picked_type_s_suffix(
        qtbot: QtBot, window: MainWindow, notes: NotesStore, tmp_path: Path) -> None:
    out = tmp_path / "out"
    """``notes.txt`` with vCard picked is written as notes.txt.vcf: never a file of one kind
    under another kind's name."""
    export(qtbot, window, out, "notes.txt", picked="Contacts as vCard")
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt.vcf"]
    assert len(list(vobject.readComponents(
        (out / "notes.txt.vcf").read_text(encoding="utf-8")))) == 2


def test_cancel_writes_nothing(qtbot: QtBot, window: MainWindow, notes: NotesStore,
                               tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(qtbot, window, out, None)
    assert list(out.iterdir()) == []
