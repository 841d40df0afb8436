"""File ▸ Export my notes…, answered in its real Save dialog as a user answers it (the folder
chosen, a kind picked with the keys, a name typed, Save clicked: tests/ui/test_brochure_dialog's
``save_as``); each file is read back with an independent reader (vobject, csv, json) and the
status line says what the file holds.

Before, the action opened the PDF dialog ("Export as PDF", PDF only): ``contacts.vcf`` typed
there became contacts.pdf, then contacts.json with every note and shortlist in it, and nothing
was said."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import vobject
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from mxdesk.core.notes import Contact, Note, NotesStore, points
from mxdesk.ui.window import MainWindow
from tests.ui.test_brochure_dialog import save_as


@pytest.fixture
def notes(store: NotesStore) -> NotesStore:
    ana = store.save_contact(Contact(
        "Ana Pérez & Hijos", organisation="CLAUT", cluster_id="claut",
        emails=points("ana@claut.mx", "ana.perez@gmail.com"), phones=points("+52 81 1234 5678")))
    store.save_contact(Contact("Luis Gómez", emails=points("luis@example.mx")))
    store.save_note(Note("Agenda for Monterrey", cluster_id="claut", contact_uid=ana.uid))
    return store


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def exporting(window: MainWindow) -> MainWindow:
    """The window with its real Save dialog (the fixture's window is given no ask_path)."""
    return window


def test_a_vcf_name_typed_writes_a_vcard_of_the_contacts(
        qtbot: QtBot, exporting: MainWindow, notes: NotesStore, out: Path) -> None:
    save_as(qtbot, out, "contacts.vcf", 0)
    exporting.export_notes_action.trigger()
    assert sorted(p.name for p in out.iterdir()) == ["contacts.vcf"]
    cards = list(vobject.readComponents((out / "contacts.vcf").read_text(encoding="utf-8")))
    assert sorted(c.fn.value for c in cards) == ["Ana Pérez & Hijos", "Luis Gómez"]
    ana = next(c for c in cards if c.fn.value.startswith("Ana"))
    assert [e.value for e in ana.contents["email"]] == ["ana@claut.mx", "ana.perez@gmail.com"]
    assert exporting.statusBar().currentMessage() == (
        f"Wrote 2 records to {out / 'contacts.vcf'} (vCard: contacts, for address books)")


def test_a_bare_name_with_csv_picked_writes_a_csv(
        qtbot: QtBot, exporting: MainWindow, notes: NotesStore, out: Path) -> None:
    save_as(qtbot, out, "people", 1)
    exporting.export_notes_action.trigger()
    assert sorted(p.name for p in out.iterdir()) == ["people.csv"]
    with (out / "people.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert sorted(r["name"] for r in rows) == ["Ana Pérez & Hijos", "Luis Gómez"]


def test_the_suggested_kind_writes_everything_as_json(
        qtbot: QtBot, exporting: MainWindow, notes: NotesStore, out: Path) -> None:
    save_as(qtbot, out, "mission", 0)
    exporting.export_notes_action.trigger()
    data = json.loads((out / "mission.json").read_text(encoding="utf-8"))
    assert len(data["contacts"]) == 2
    assert [n["body"] for n in data["notes"]] == ["Agenda for Monterrey"]


def test_cancel_writes_nothing(qtbot: QtBot, exporting: MainWindow, notes: NotesStore,
                               out: Path) -> None:
    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, cancel)
            return
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, cancel)
    exporting.export_notes_action.trigger()
    assert list(out.iterdir()) == []
