"""The notes commands without a window (issue 15): each is built with a plain parent widget and
prompts that answer as the user would, and every write reaches the views through the one
``changed`` signal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from mxdesk.core.directory import Directory
from mxdesk.core.notes import Contact, Note, NotesStore
from mxdesk.ui.notes.commands import NotesCommands, NotesPrompts
from mxdesk.ui.notes.guard import note_deletion


class Said:
    """What the commands told the user and the status bar, and the changes they announced."""

    def __init__(self, commands: NotesCommands) -> None:
        self.told: list[tuple[str, str]] = []
        self.messages: list[str] = []
        self.changed: list[object] = []
        commands.message.connect(lambda text, _ms: self.messages.append(text))
        commands.changed.connect(lambda origin: self.changed.append(origin))


@pytest.fixture
def made(qtbot: QtBot, store: NotesStore, directory: Directory
         ) -> tuple[NotesCommands, Said, dict[str, object]]:
    parent = QWidget()
    qtbot.addWidget(parent)
    answers: dict[str, object] = {}
    told: list[tuple[str, str]] = []
    prompts = NotesPrompts(
        save_path=lambda suggested: answers.get("save"),  # type: ignore[return-value,arg-type]
        open_path=lambda: answers.get("open"),  # type: ignore[return-value,arg-type]
        confirm_import=lambda summary: "merge",
        ask_import=lambda summary: True,
        tell=lambda title, text: told.append((title, text)),
        choose_backup=lambda found: found[0],
        ask_backups_kept=lambda current: answers.get("kept"))  # type: ignore[return-value,arg-type]
    flushed: list[bool] = []
    commands = NotesCommands(parent, store, directory, prompts,
                             flush=lambda: flushed.append(True), editors=list)
    said = Said(commands)
    said.told = told
    answers["flushed"] = flushed
    return commands, said, answers


def test_export_writes_the_chosen_format_after_a_flush(
        made: tuple[NotesCommands, Said, dict[str, object]], store: NotesStore,
        tmp_path: Path) -> None:
    commands, said, answers = made
    store.save_contact(Contact("Ana Pérez", cluster_id="claut"))
    answers["save"] = tmp_path / "mine.json"
    commands.export_notes()
    assert answers["flushed"] == [True]  # what an editor held was saved first
    data = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    assert [c["name"] for c in data["contacts"]] == ["Ana Pérez"]
    assert said.messages == [f"Wrote 1 record to {tmp_path / 'mine.json'} (JSON: everything)"]
    assert said.changed == []  # an export writes no notes


def test_export_to_an_unknown_suffix_is_refused_and_writes_nothing(
        made: tuple[NotesCommands, Said, dict[str, object]], tmp_path: Path) -> None:
    commands, said, answers = made
    answers["save"] = tmp_path / "mine.txt"
    commands.export_notes()
    assert not (tmp_path / "mine.txt").exists()
    assert said.told == [("Your notes were not exported",
                          "mine.txt: mxdesk writes notes as .json (everything), .csv or .vcf "
                          "(contacts); nothing was written.")]


def test_restore_announces_one_change_and_clears_undo(
        made: tuple[NotesCommands, Said, dict[str, object]], store: NotesStore) -> None:
    commands, said, _answers = made
    note = store.save_note(Note("kept"))
    store.backup()
    store.delete_note(int(note.id or 0))
    commands.deleted(note_deletion(store, note))
    assert commands.undo_action.isEnabled()
    said.changed.clear()
    said.messages.clear()
    assert commands.restore_notes()
    assert [n.body for n in store.notes()] == ["kept"]
    assert said.changed == [None]  # once, for every view, and no "Undone:" from the clear
    assert len(said.messages) == 1
    assert said.messages[0].startswith("Restored the backup of")
    assert not commands.undo_action.isEnabled()


def test_undo_of_a_delete_brings_it_back_and_every_view_follows(
        made: tuple[NotesCommands, Said, dict[str, object]], store: NotesStore) -> None:
    commands, said, _answers = made
    note = store.save_note(Note("Visit Apodaca"))
    store.delete_note(int(note.id or 0))
    commands.deleted(note_deletion(store, note))
    assert said.messages == ["Deleted: note “Visit Apodaca” — Ctrl+Z brings it back"]
    assert said.changed == [None]  # the other views follow the delete
    said.changed.clear()
    commands.undo_action.trigger()  # as Edit ▸ Undo and Ctrl+Z do
    assert [n.body for n in store.notes()] == ["Visit Apodaca"]
    assert said.changed == [None]
    assert said.messages[-1] == "Undone: delete of note “Visit Apodaca”"
    commands.redo_action.trigger()
    assert store.notes() == []
    assert said.messages[-1] == "Done again: delete of note “Visit Apodaca”"


def test_backups_kept_is_asked_and_a_cancel_changes_nothing(
        made: tuple[NotesCommands, Said, dict[str, object]], store: NotesStore) -> None:
    commands, said, answers = made
    answers["kept"] = None
    commands.ask_backups_kept()
    assert store.setting("backups_kept", "unset") == "unset"
    answers["kept"] = 0  # below the least: one is kept
    commands.ask_backups_kept()
    assert store.setting("backups_kept", "") == "1"
    assert said.messages == ["Only the newest backup will be kept"]
