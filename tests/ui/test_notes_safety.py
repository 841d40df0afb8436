"""Never lost, in the window: undo by Ctrl+Z wherever the cursor is, two writers, unsaved text at
quit, full disks, locks and read-only media, all through clicks and keys."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from mxdesk.core.directory import Directory
from mxdesk.core.notes import Contact, ContactPoint, Note, NotesStore, points
from mxdesk.core.notes.drafts import drafts_path, read_drafts
from mxdesk.ui import notes_ui
from mxdesk.ui.notes import autosave
from mxdesk.ui.window import MainWindow
from tests.faults import fill, full_tmpfs, read_only_bind, write_lock


class Told:
    """Stands in for the window's message boxes: records what the user was told."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def __call__(self, title: str, text: str) -> None:
        self.said.append((title, text))

    def text(self) -> str:
        return "\n".join(f"{t}: {x}" for t, x in self.said)


@pytest.fixture
def open_window(qtbot: QtBot, directory: Directory, tmp_path: Path) -> object:
    made: list[MainWindow] = []

    def make(store: NotesStore) -> MainWindow:
        settings = QSettings(str(tmp_path / f"settings{len(made)}.ini"),
                             QSettings.Format.IniFormat)
        window = MainWindow(directory, settings, store, background=False)
        window.tell_user = Told()  # type: ignore[assignment]
        window.notify_user = window.tell_user
        window.ask_unsaved = lambda _text: "discard"  # type: ignore[method-assign]
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    return make


def test_ctrl_z_in_a_new_contacts_name_brings_the_deleted_one_back(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    deleted = store.save_contact(Contact("José Núñez", cluster_id="csoftmty"))
    window.navigate("cluster", "csoftmty")
    panel = window.notes_panel
    panel.contact_view.setCurrentIndex(panel.contact_list.index(0, 0))
    qtbot.mouseClick(panel.delete_contact_button, Qt.MouseButton.LeftButton)
    assert window.undo_action.text() == "&Undo delete of contact “José Núñez”"
    qtbot.mouseClick(panel.add_contact_button, Qt.MouseButton.LeftButton)
    name = panel.contact_editor.fields["name"]
    assert QApplication.focusWidget() is name
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    back = store.contact(int(deleted.id or 0))
    assert back.name == "José Núñez"
    assert sorted(c.name for c in store.contacts()) == ["José Núñez", "New contact"]
    assert panel.contact_list.rowCount() == 2
    # Typing in the field is undone by the field first, as in every editor.
    name.selectAll()
    qtbot.keyClicks(name, "Ana")
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert name.text() == "New contact"
    # Redo deletes again; the menu's own action undoes again.
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert [c.name for c in store.contacts()] == ["New contact"]
    window.undo_action.trigger()
    assert sorted(c.name for c in store.contacts()) == ["José Núñez", "New contact"]


def test_undo_of_a_note_deleted_in_my_notes(qtbot: QtBot, window: MainWindow,
                                            store: NotesStore) -> None:
    note = store.save_note(Note("Visit Apodaca & Monterrey"))
    window.tabs.setCurrentWidget(window.my_notes)
    tab = window.my_notes
    tab.select("note", str(note.id))
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert store.notes() == []
    # A user's "&" is shown as "&", not taken as a keyboard mnemonic.
    assert window.undo_action.text() == "&Undo delete of note “Visit Apodaca && Monterrey”"
    qtbot.mouseClick(tab.new_note_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(tab.note_editor.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.note(int(note.id or 0)).body == "Visit Apodaca & Monterrey"


def test_another_writers_fields_are_kept_and_shown(qtbot: QtBot, window: MainWindow,
                                                   store: NotesStore) -> None:
    ana = store.save_contact(Contact("Ana Perez", cluster_id="claugto"))
    window.navigate("cluster", "claugto")
    editor = window.notes_panel.contact_editor
    assert editor.fields["name"].text() == "Ana Perez"
    with NotesStore(store.path) as other:  # another window, or `notes import --merge`
        other.update_contact(ana, {"phones": points("+52 477 1"), "comment": "merged"})
    qtbot.keyClicks(editor.fields["role"], "Director")
    editor.fields["role"].clearFocus()
    window.notes_panel.contact_view.setFocus()
    qtbot.waitUntil(lambda: store.contact(int(ana.id or 0)).role == "Director", timeout=3000)
    stored = store.contact(int(ana.id or 0))
    assert (stored.phone, stored.comment) == ("+52 477 1", "merged")  # not reverted
    assert editor.points["phones"].points() == points("+52 477 1")  # and now shown here
    assert editor.comment.toPlainText() == "merged"


def test_a_change_in_another_window_shows_without_typing(qtbot: QtBot, window: MainWindow,
                                                         store: NotesStore) -> None:
    ana = store.save_contact(Contact("Ana Perez", cluster_id="claugto"))
    window.navigate("cluster", "claugto")
    with NotesStore(store.path) as other:
        other.update_contact(ana, {"phones": points("+52 1")})
        other.save_contact(Contact("Luis Gómez", cluster_id="claugto"))
    qtbot.waitUntil(lambda: window.notes_panel.contact_list.rowCount() == 2, timeout=3000)
    assert window.notes_panel.contact_editor.points["phones"].points() == points("+52 1")


def test_the_same_field_typed_in_two_windows_keeps_both(
        qtbot: QtBot, open_window: object, tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    first_store, second_store = NotesStore(path), NotesStore(path)
    first_store.save_note(Note("Agenda", cluster_id="claut"))
    first = open_window(first_store)  # type: ignore[operator]
    second = open_window(second_store)  # type: ignore[operator]
    for window in (first, second):
        window.navigate("cluster", "claut")
        window.notes_panel.tabs.setCurrentIndex(1)
    for window in (first, second):
        window.notes_panel.note_editor.text.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(first.notes_panel.note_editor.text, " from Madrid")
    first.notes_panel.note_editor.flush()
    qtbot.keyClicks(second.notes_panel.note_editor.text, " from Mexico City")
    second.notes_panel.note_editor.flush()
    bodies = sorted(n.body for n in second_store.notes())
    assert "Agenda from Madrid" in bodies
    assert any("Agenda from Mexico City" in b and b.startswith("Conflicting copy")
               for b in bodies)
    assert "Edited in two places" in second.tell_user.text()
    first.close()
    second.close()
    first_store.close()
    second_store.close()


def test_unsaved_text_survives_a_lock_and_quit(qtbot: QtBot, open_window: object,
                                               tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    store = NotesStore(path, busy_timeout_ms=200)
    store.save_note(Note("Agenda", cluster_id="claut"))
    window = open_window(store)  # type: ignore[operator]
    window.navigate("cluster", "claut")
    window.notes_panel.tabs.setCurrentIndex(1)
    editor = window.notes_panel.note_editor
    asked: list[str] = []
    window.ask_unsaved = lambda text: asked.append(text) or "keep"
    editor.text.moveCursor(QTextCursor.MoveOperation.End)
    with write_lock(path):
        qtbot.keyClicks(editor.text, ": call Ana")
        assert not editor.flush()
        assert editor.notice.isVisible()
        assert "busy" in editor.notice.text()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        assert not window.isVisible()
    assert "could not be saved" in asked[0]
    [draft] = read_drafts(path)
    assert draft.changes == {"body": "Agenda: call Ana"}
    store.close()
    again = NotesStore(path)
    later = open_window(again)  # type: ignore[operator]
    told = later.guard.save_drafts()  # as the app does at start
    assert "Saved 1 change" in told
    assert [n.body for n in again.notes()] == ["Agenda: call Ana"]
    assert not drafts_path(path).exists()
    again.close()


def test_a_full_disk_is_retried_and_quit_waits(qtbot: QtBot, open_window: object,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(autosave, "RETRY_MS", 300)  # (where the editors read it)
    with full_tmpfs(16384) as disk:
        store = NotesStore(disk / "notes.db")
        store.save_note(Note("Agenda", cluster_id="claut"))
        window = open_window(store)  # type: ignore[operator]
        window.navigate("cluster", "claut")
        window.notes_panel.tabs.setCurrentIndex(1)
        editor = window.notes_panel.note_editor
        editor.text.moveCursor(QTextCursor.MoveOperation.End)
        filler = fill(disk)
        qtbot.keyClicks(editor.text, " x")
        assert not editor.flush()
        assert "disk is full" in editor.notice.text()
        window.ask_unsaved = lambda _text: "keep"
        window.close()  # the draft cannot be written on a full disk either
        assert window.isVisible()
        assert "could not be kept" in window.tell_user.text()
        filler.unlink()  # space comes back: the retry saves with no key pressed
        qtbot.waitUntil(lambda: store.notes()[0].body.startswith("Agenda x"), timeout=5000)
        assert not editor.notice.isVisible()
        window.close()
        assert not window.isVisible()
        store.close()


def test_a_write_refused_by_a_lock_is_said_not_a_crash(
        qtbot: QtBot, open_window: object, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    crashes: list[object] = []
    monkeypatch.setattr(sys, "excepthook", lambda *a: crashes.append(a))
    store = NotesStore(tmp_path / "notes.db", busy_timeout_ms=200)
    window = open_window(store)  # type: ignore[operator]
    window.navigate("cluster", "claut")
    with write_lock(store.path):
        qtbot.mouseClick(window.notes_panel.add_contact_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(window.notes_panel.star, Qt.MouseButton.LeftButton)
    assert crashes == []
    assert "busy" in window.tell_user.text()
    assert "another mxdesk window" not in window.tell_user.said[0][1].split("(")[0]
    assert store.contacts() == []
    store.close()


def test_read_only_notes_open_in_the_window(qtbot: QtBot, open_window: object,
                                            tmp_path: Path) -> None:
    data = tmp_path / "stick"
    data.mkdir()
    with NotesStore(data / "notes.db") as writable:
        writable.save_contact(Contact("Ana Perez", cluster_id="claugto"))
    with read_only_bind(data) as mounted:
        store = NotesStore(mounted / "notes.db")
        window = open_window(store)  # type: ignore[operator]
        window.show_read_only()
        window.navigate("cluster", "claugto")
        panel = window.notes_panel
        assert panel.contact_editor.fields["name"].text() == "Ana Perez"
        assert panel.contact_editor.fields["name"].isReadOnly()
        assert not panel.add_contact_button.isEnabled()
        assert not window.new_contact_action.isEnabled()
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
        assert len(store.contacts()) == 1
        window.close()
        store.close()


def test_restore_in_one_window_reaches_the_other(qtbot: QtBot, open_window: object,
                                                 tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    first_store, second_store = NotesStore(path), NotesStore(path)
    first_store.save_note(Note("in the backup", cluster_id="claut"))
    first_store.backup()
    first_store.save_note(Note("after it", cluster_id="claut"))
    first = open_window(first_store)  # type: ignore[operator]
    second = open_window(second_store)  # type: ignore[operator]
    second.navigate("cluster", "claut")
    assert second.notes_panel.note_list.rowCount() == 2
    first.notes.prompts.choose_backup = lambda found: found[0]  # the dialog's answer
    first.restore_action.trigger()
    qtbot.waitUntil(lambda: second.notes_panel.note_list.rowCount() == 1, timeout=3000)
    qtbot.mouseClick(second.notes_panel.add_note_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(second.notes_panel.note_editor.text, "after the restore")
    second.notes_panel.note_editor.flush()
    assert {n.body for n in first_store.notes()} == {"in the backup", "after the restore"}
    for window in (first, second):
        window.close()
    first_store.close()
    second_store.close()


def test_the_window_starts_on_a_read_only_folder(tmp_path: Path) -> None:
    """The real start-up, in its own process, on read-only media: no traceback, no dialog."""
    data = tmp_path / "stick"
    data.mkdir()
    with NotesStore(data / "notes.db") as writable:
        writable.save_contact(Contact("Ana Perez"))
    with read_only_bind(data) as mounted:
        result = subprocess.run(
            [sys.executable, "-m", "mxdesk"], capture_output=True, text=True, timeout=120,
            env={**os.environ, "MXDESK_DATA_DIR": str(mounted), "MXDESK_STARTUP_PROBE": "1",
                 "QT_QPA_PLATFORM": "offscreen"}, check=False)
    assert result.returncode == 0, result.stderr
    assert "READY" in result.stdout
    assert "Traceback" not in result.stderr
    assert "Logging error" not in result.stderr


def _click_row(qtbot: QtBot, view: object, row: int) -> None:
    """Click a row of a list view as a user does."""
    index = view.model().index(row, 0)  # type: ignore[attr-defined]
    rect = view.visualRect(index)  # type: ignore[attr-defined]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,  # type: ignore[attr-defined]
                     pos=rect.center())


def two_contacts(open_window: object, path: Path) -> tuple[NotesStore, MainWindow, object]:
    """Notes at *path* with Ana Perez and Luis Gomez at CLAUT, in a window showing them."""
    store = NotesStore(path)
    store.save_contact(Contact("Ana Perez", cluster_id="claut"))
    store.save_contact(Contact("Luis Gomez", cluster_id="claut"))
    window = open_window(store)  # type: ignore[operator]
    window.navigate("cluster", "claut")
    return store, window, window.notes_panel


def test_typing_left_behind_while_saves_fail_is_kept(
        qtbot: QtBot, open_window: object, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Type into one contact while the file is locked, click another: the typing is kept,
    retried, and saved when the lock goes (before: dropped without a word)."""
    monkeypatch.setattr(autosave, "RETRY_MS", 300)  # (where the editors read it)
    path = tmp_path / "notes.db"
    store, _window, panel = two_contacts(open_window, path)
    editor = panel.contact_editor
    assert editor.fields["name"].text() == "Ana Perez"
    with write_lock(path):
        qtbot.keyClicks(editor.fields["role"], "Director")
        _click_row(qtbot, panel.contact_view, 1)
        assert editor.fields["name"].text() == "Luis Gomez"
        assert [d.title for d in editor.unsaved()] == ["Ana Perez"]
        assert "Ana Perez" in editor.notice.text()
        assert store.contacts()[0].role == ""
    qtbot.waitUntil(lambda: store.contacts()[0].role == "Director", timeout=5000)
    assert editor.unsaved() == []
    assert not editor.notice.isVisible()
    store.close()


def test_pending_typing_is_offered_at_quit(qtbot: QtBot, open_window: object,
                                           tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    store, window, panel = two_contacts(open_window, path)
    window.ask_unsaved = lambda _text: "keep"
    with write_lock(path):
        qtbot.keyClicks(panel.contact_editor.points["phones"].rows[0].value, "+52 1")
        _click_row(qtbot, panel.contact_view, 1)
        window.close()
        assert not window.isVisible()
    [draft] = read_drafts(path)
    assert (draft.base.name, draft.changes) == (
        "Ana Perez", {"phones": (ContactPoint("+52 1", ("cell",)),)})  # a new row: mobile
    store.close()


def test_an_invalid_date_does_not_hold_back_the_other_fields(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    ana = store.save_contact(Contact("Ana Perez", cluster_id="claut", met_on="2026-03-10"))
    store.save_contact(Contact("Luis Gomez", cluster_id="claut"))
    window.navigate("cluster", "claut")
    editor = window.notes_panel.contact_editor
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.mouseClick(editor.fields["met_on"], Qt.MouseButton.LeftButton)
    editor.fields["met_on"].selectAll()
    qtbot.keyClicks(editor.fields["met_on"], "15/03/2025")
    qtbot.mouseClick(editor.fields["met_where"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.fields["met_where"], "Apodaca")
    qtbot.mouseClick(editor.points["phones"].rows[0].value,  # leaves the field
                     Qt.MouseButton.LeftButton)
    stored = store.contact(int(ana.id or 0))
    assert (stored.met_where, stored.met_on) == ("Apodaca", "2026-03-10")
    # Said at the field, in its own line (a notice above the fields moved the form).
    assert editor.date_field.message.isVisible()
    assert editor.date_field.message.text().startswith("Not a date")
    assert editor.fields["met_on"].text() == "15/03/2025"  # still there, not replaced


def test_restore_from_the_file_menu(qtbot: QtBot, window: MainWindow,
                                    store: NotesStore) -> None:
    """File ▸ Restore as the menu runs it (it crashed on every click: triggered(bool) arrived
    as the chooser), answering its two dialogs by clicking."""
    from tests.ui.test_notes_ui import click_in_next_dialog

    store.save_note(Note("in the backup"))
    store.backup()
    store.save_note(Note("after it"))
    seen: list[str] = []
    click_in_next_dialog("Restore…", seen)

    def then_confirm() -> None:
        click_in_next_dialog("&Yes", seen)

    window.notes.undo_stack.indexChanged.connect(lambda _i: None)
    from PySide6.QtCore import QTimer

    QTimer.singleShot(200, then_confirm)
    window.restore_action.trigger()
    assert [n.body for n in store.notes()] == ["in the backup"]
    assert "Restored the backup" in window.statusBar().currentMessage()


def test_going_back_to_a_contact_shows_its_waiting_typing(
        qtbot: QtBot, open_window: object, tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    store, _window, panel = two_contacts(open_window, path)
    editor = panel.contact_editor
    with write_lock(path):
        qtbot.keyClicks(editor.comment, "typed while locked")
        _click_row(qtbot, panel.contact_view, 1)
        _click_row(qtbot, panel.contact_view, 0)
        assert editor.fields["name"].text() == "Ana Perez"
        assert editor.comment.toPlainText() == "typed while locked"  # not hidden
    editor.flush(retrying=True)
    assert store.contacts()[0].comment == "typed while locked"
    assert editor.unsaved() == []
    store.close()


def test_an_invalid_date_left_behind_is_said(qtbot: QtBot, window: MainWindow,
                                             store: NotesStore) -> None:
    store.save_contact(Contact("Ana Perez", cluster_id="claut"))
    store.save_contact(Contact("Luis Gomez", cluster_id="claut"))
    told: list[str] = []
    window.notify_user = lambda _title, text: told.append(text)  # type: ignore[method-assign]
    window.navigate("cluster", "claut")
    panel = window.notes_panel
    qtbot.keyClicks(panel.contact_editor.fields["met_on"], "15/03/2025")
    _click_row(qtbot, panel.contact_view, 1)
    assert any("“15/03/2025” is not a date" in t and "Ana Perez" in t for t in told)


def click_into_the_comment(qtbot: QtBot, window: MainWindow) -> notes_ui.ContactEditor:
    """Show CLAUT's first contact in the active window and click at the end of its comment,
    as a user does before typing there."""
    window.navigate("cluster", "claut")
    editor = window.notes_panel.contact_editor
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.mouseClick(editor.comment.viewport(), Qt.MouseButton.LeftButton)
    editor.comment.moveCursor(QTextCursor.MoveOperation.End)
    return editor


def test_the_field_being_typed_in_is_not_swapped(qtbot: QtBot, window: MainWindow,
                                                 store: NotesStore) -> None:
    ana = store.save_contact(Contact("Ana Perez", cluster_id="claut", comment="start"))
    editor = click_into_the_comment(qtbot, window)
    qtbot.keyClicks(editor.comment, " the quick brown fox")
    with NotesStore(store.path) as other:
        other.update_contact(ana, {"comment": "OTHER WRITER TEXT"})
    window.guard.check()  # the poll that runs each second
    assert QApplication.focusWidget() is editor.comment  # the cursor stays where it was
    qtbot.keyClicks(editor.comment, " jumps")
    assert editor.comment.toPlainText() == "start the quick brown fox jumps"
    [kept] = [n for n in store.notes() if n.body.startswith("Conflicting edit")]
    assert "OTHER WRITER TEXT" in kept.body
    assert "start the quick brown fox" in kept.body


def test_redo_after_an_undo_that_found_the_contact_again(
        qtbot: QtBot, open_window: object, tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    store = NotesStore(path)
    diego = store.save_contact(Contact("Diego Mora", cluster_id="claut"))
    window = open_window(store)  # type: ignore[operator]
    window.navigate("cluster", "claut")
    panel = window.notes_panel
    panel.contact_view.setCurrentIndex(panel.contact_list.index(0, 0))
    qtbot.mouseClick(panel.delete_contact_button, Qt.MouseButton.LeftButton)
    with NotesStore(path) as other:  # another window typed into it: stored again
        other.update_contact(diego, {"comment": "typed elsewhere"})
    window.undo_action.trigger()
    window.redo_action.trigger()
    assert store.contacts() == []
    assert window.tell_user.said == []
    window.undo_action.trigger()
    assert [c.comment for c in store.contacts()] == ["typed elsewhere"]
    store.close()


def test_unstarring_a_cluster_with_a_remark_can_be_undone(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    from mxdesk.core.notes import ShortlistItem

    shortlist = store.create_shortlist("Bajío mission")
    store.set_current_shortlist(int(shortlist.id or 0))
    store.set_items(int(shortlist.id or 0), [ShortlistItem("claugto", "visit day 2, ask MRO"),
                                             ShortlistItem("claut", "")])
    window.navigate("cluster", "claugto")
    qtbot.mouseClick(window.notes_panel.star, Qt.MouseButton.LeftButton)
    assert [i.cluster_id for i in store.shortlist(int(shortlist.id or 0)).items] == ["claut"]
    assert "removal of “Cluster Automotriz de Guanajuato”" in window.undo_action.text()
    window.undo_action.trigger()
    assert store.shortlist(int(shortlist.id or 0)).items == (
        ShortlistItem("claugto", "visit day 2, ask MRO"), ShortlistItem("claut", ""))
    assert window.statusBar().currentMessage().startswith("Undone: removal")
    window.tabs.setCurrentWidget(window.my_notes)
    tab = window.my_notes
    tab.inner.setCurrentIndex(1)
    tab.items_view.selectRow(0)
    qtbot.mouseClick(tab.remove_item_button, Qt.MouseButton.LeftButton)
    assert [i.cluster_id for i in store.shortlist(int(shortlist.id or 0)).items] == ["claut"]
    window.undo_action.trigger()
    assert store.shortlist(int(shortlist.id or 0)).items[0].remark == "visit day 2, ask MRO"


def test_typing_on_after_a_conflict_never_overwrites_the_other_text(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    ana = store.save_contact(Contact("Ana Perez", cluster_id="claut", comment="EDIT1"))
    editor = click_into_the_comment(qtbot, window)
    with NotesStore(store.path) as other:
        other.update_contact(ana, {"comment": "EDIT1 A-side"})
    qtbot.keyClicks(editor.comment, " B-side")
    editor.flush()
    qtbot.keyClicks(editor.comment, " more")
    editor.flush()
    assert store.contact(int(ana.id or 0)).comment == "EDIT1 A-side"  # never overwritten
    [kept] = [n for n in store.notes() if n.body.startswith("Conflicting edit")]
    assert "EDIT1 B-side more" in kept.body  # the same note followed the typing
    assert "EDIT1 A-side" in kept.body
    qtbot.mouseClick(editor.points["phones"].rows[0].value,  # leaves the field
                     Qt.MouseButton.LeftButton)
    assert editor.comment.toPlainText() == "EDIT1 A-side"
