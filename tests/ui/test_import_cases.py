"""Every kind of contact file of tests/core/test_contact_files.py, through File ▸ Import.

The menu's action is triggered as a click on it does; the file dialog is answered through the
window's ``ask_open_path`` and the confirmation through ``confirm_import`` (tests never open a
native dialog); a refusal's message box is answered by clicking its OK button.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from mxdesk.core.notes import NotesStore
from mxdesk.ui.window import MainWindow
from tests.core.test_contact_files import CASES, KINDS, Kind, stored
from tests.ui.test_notes_ui import click_in_next_dialog


@pytest.mark.parametrize("kind", KINDS, ids=[k.id for k in KINDS])
def test_kind_through_file_import(kind: Kind, qtbot: QtBot, window: MainWindow,
                                  store: NotesStore, tmp_path: Path) -> None:
    path = kind.write(tmp_path)
    summaries: list[str] = []
    told: list[str] = []
    window.notes.prompts.open_path = lambda: path

    def confirm(summary: str) -> str:
        summaries.append(summary)
        return "skip"

    window.notes.prompts.confirm_import = confirm
    window.notes.prompts.ask_import = lambda summary: confirm(summary) == "skip"
    unexpected: list[str] = []

    def close_unexpected() -> None:
        # A dialog nobody answers (a crash report, a question) fails the test, never hangs it.
        box = QApplication.activeModalWidget()
        if isinstance(box, QDialog):
            unexpected.append(box.windowTitle())
            box.reject()

    guard = QTimer(window)  # dies with the window, so it never fires into another test
    guard.setSingleShot(True)
    guard.timeout.connect(close_unexpected)
    guard.start(20000)
    if kind.refused:
        click_in_next_dialog("OK", told)
    window.import_notes_action.trigger()
    if kind.refused:
        qtbot.waitUntil(lambda: bool(told), timeout=10000)
        assert re.search(kind.refused, told[0]), told[0]
        assert summaries == []  # refused before anything is offered
        assert store.contacts() == []
        return
    qtbot.waitUntil(lambda: len(store.contacts()) == len(kind.rows), timeout=10000)
    assert unexpected == []
    assert stored(store) == sorted(kind.rows)
    [summary] = summaries
    count = len(kind.rows)
    assert f"{count} new contact{'' if count == 1 else 's'}" in summary
    for said in kind.says:
        assert said in summary


def _import_through_menu(qtbot: QtBot, window: MainWindow, path: Path, button: str) -> str:
    """File ▸ Import of *path*, its question answered by clicking *button* in the real
    dialog; the question's text. Waits for the import to end."""
    seen: list[str] = []
    window.notes.prompts.open_path = lambda: path
    click_in_next_dialog(button, seen)
    window.import_notes_action.trigger()
    qtbot.waitUntil(lambda: bool(seen) and window.notes.current_import is not None
                    and not window.notes.current_import.running(), timeout=10000)
    [question] = seen
    return question.strip()  # (the labels' text: the icon's is empty)


def test_the_same_person_from_a_phone_is_merged_not_doubled(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    """vc05 (Raúl with his e-mail and phone) then vc05b (Raúl from a phone: the same number,
    no e-mail), as a new user imported them: one Raúl, shown as differing, merged on request."""
    first = _import_through_menu(qtbot, window, CASES / "vc05_missing_fn_only_n.vcf", "Import")
    assert first.startswith("3 new contacts will be added.")
    question = _import_through_menu(qtbot, window, CASES / "vc05b_v21_no_fn.vcf",
                                    "Import, merging what differs")
    assert "new contact" not in question
    assert "possible duplicate" not in question
    assert question.startswith("Nothing in the file is new to your notes. 1 record differs "
                               "from the one here (Raúl Domínguez); it will be skipped")
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Merged 1 record")
    assert stored(store) == [
        ("Beatriz Olmos", "", "", (), (), (), ""),
        ("Carmen Ruiz", "", "", ("carmen.ruiz@example.org",), (), (), ""),
        ("Raúl Domínguez", "", "", ("raul.dominguez@example.org",),
         ("+52 33 5555 0110 (cell)",), (), "")]


def test_a_namesake_is_offered_as_a_possible_duplicate(
        qtbot: QtBot, window: MainWindow, store: NotesStore, tmp_path: Path) -> None:
    """Another Raúl Domínguez (another address, no number in common): named in the question as
    a possible duplicate, and added as a contact of his own, never merged unasked."""
    _import_through_menu(qtbot, window, CASES / "vc05_missing_fn_only_n.vcf", "Import")
    other = tmp_path / "otro.vcf"
    other.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Dom\xc3\xadnguez;Ra\xc3\xbal;;;\r\n"
                      b"EMAIL:r.dominguez@example.net\r\nEND:VCARD\r\n")
    question = _import_through_menu(qtbot, window, other, "Import")
    assert question.startswith("1 new contact will be added. 1 new contact has the name of a "
                               "contact here and nothing else in common: “Raúl Domínguez” "
                               "(r.dominguez@example.net), possible duplicate of “Raúl "
                               "Domínguez” (raul.dominguez@example.org) here.")
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Imported 1 record")
    assert [(c.name, c.email) for c in store.contacts() if c.name == "Raúl Domínguez"] == [
        ("Raúl Domínguez", "raul.dominguez@example.org"),
        ("Raúl Domínguez", "r.dominguez@example.net")]


def test_google_s_system_groups_do_not_become_tags(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    _import_through_menu(qtbot, window, CASES / "vc03_google_multi_email_tel.vcf", "Import")
    qtbot.waitUntil(lambda: len(store.contacts()) == 1)
    assert store.contacts()[0].tags == ("Misión GDL",)


def test_the_import_question_names_what_it_adds(qtbot: QtBot, window: MainWindow,
                                                store: NotesStore) -> None:
    """File ▸ Import asks with the names it would add, as `notes import --dry-run` lists
    them (issue 17's trial §3: accents can be checked before anything is written)."""
    path = Path(__file__).parent.parent / "data" / "cases" / "vc02_android_qp_softbreak.vcf"
    asked: list[str] = []
    window.notes.prompts.open_path = lambda: path
    window.notes.prompts.ask_import = lambda summary: asked.append(summary) is None
    window.import_notes_action.trigger()
    qtbot.waitUntil(lambda: len(store.contacts()) == 1, timeout=10000)
    assert asked == ["1 new contact will be added.\n\nNew contacts (1):\n"
                     "  José María Gutiérrez Ibáñez\n\nNothing has been written yet."]
    [contact] = store.contacts()
    assert (contact.name_parts.family, contact.name_parts.given) == ("Gutiérrez Ibáñez",
                                                                     "José María")
