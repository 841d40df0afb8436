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
from tests.core.test_contact_files import KINDS, Kind, stored
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
