"""Sharing a note with the delegation (issue 21): the note editor's box, ticked with the mouse,
saves at once; it can be ticked only on a note about a contact, and its tool tip says why
not on a note about a cluster alone; the box and its tips read Spanish."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QAbstractItemView, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from mxdesk.core import i18n
from mxdesk.core.notes import Contact, Note, NotesStore
from mxdesk.ui.window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                       "This plugin does not support grabbing the keyboard",
                                       "This plugin does not support propagateSizeHints")


def _tip(widget: QWidget) -> str:
    """A widget's tool tip as the user reads it (the tip is rich text)."""
    return QTextDocumentFragment.fromHtml(widget.toolTip()).toPlainText()


def _click_tab(qtbot: QtBot, tabs: QTabWidget, index: int) -> None:
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def _click_row(qtbot: QtBot, view: QAbstractItemView, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.currentIndex().row() == row


def _notes_of_claugto(qtbot: QtBot, window: MainWindow, store: NotesStore,
                      shared: bool = False) -> tuple[Contact, Note, Note]:
    ana = store.save_contact(Contact("Ana Perez", role="Director", cluster_id="claugto"))
    about_ana = store.save_note(Note("Ana will send the supplier list", cluster_id="claugto",
                                     contact_uid=ana.uid, shared=shared,
                                     created_at="2026-03-01T10:00:00Z",
                                     updated_at="2026-03-01T10:00:00Z"))
    cluster_only = store.save_note(Note("The cluster's board meets in June",
                                        cluster_id="claugto",
                                        created_at="2026-03-02T10:00:00Z",
                                        updated_at="2026-03-02T10:00:00Z"))
    window.navigate("cluster", "claugto")
    panel = window.notes_panel
    _click_tab(qtbot, panel.tabs, 1)
    assert [panel.note_list.index(r, 0).data() for r in range(panel.note_list.rowCount())] == [
        "The cluster's board meets in June", "Ana will send the supplier list"]
    return ana, about_ana, cluster_only


def test_ticking_the_box_shares_a_note_about_a_contact(qtbot: QtBot, window: MainWindow,
                                                       store: NotesStore) -> None:
    ana, about_ana, cluster_only = _notes_of_claugto(qtbot, window, store)
    panel = window.notes_panel
    box = panel.note_editor.shared
    assert box.text() == "Shared with the delegation"
    # A note about the cluster alone: the box is off, and its tip says why.
    _click_row(qtbot, panel.note_view, 0)
    assert panel.note_editor.note == cluster_only
    assert not box.isEnabled()
    assert not box.isChecked()
    assert "Only a note about a contact can be shared" in _tip(box)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert not store.note(int(cluster_only.id or 0)).shared
    # The note about Ana: a click ticks the box and the note is shared at once.
    _click_row(qtbot, panel.note_view, 1)
    assert panel.note_editor.note == about_ana
    assert box.isEnabled()
    assert not box.isChecked()
    assert "travels with that contact to the mission's shared address book" in _tip(box)
    assert "Your other notes stay on this computer" in _tip(box)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert box.isChecked()
    assert store.note(int(about_ana.id or 0)).shared
    assert [n.uid for n in store.shared_notes(ana.uid)] == [about_ana.uid]
    # Shown again after another note: still ticked, as stored.
    _click_row(qtbot, panel.note_view, 0)
    assert not box.isChecked()
    row = next(r for r in range(panel.note_list.rowCount())
               if panel.note_list.index(r, 0).data() == "Ana will send the supplier list")
    _click_row(qtbot, panel.note_view, row)
    assert box.isChecked()
    # A second click takes it back: private again.
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert not box.isChecked()
    assert not store.note(int(about_ana.id or 0)).shared
    assert store.shared_notes(ana.uid) == []


def test_a_note_no_longer_about_a_contact_is_no_longer_shared(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    ana, about_ana, _cluster_only = _notes_of_claugto(qtbot, window, store, shared=True)
    panel = window.notes_panel
    _click_row(qtbot, panel.note_view, 1)
    assert panel.note_editor.note == about_ana
    box = panel.note_editor.shared
    assert box.isChecked()
    assert box.isEnabled()
    about = panel.note_editor.about
    qtbot.mouseClick(about.field, Qt.MouseButton.LeftButton)
    about.field.selectAll()
    qtbot.keyClick(about.field, Qt.Key.Key_Delete)
    qtbot.keyClick(about.field, Qt.Key.Key_Return)
    note = store.note(int(about_ana.id or 0))
    assert (note.contact_uid, note.shared) == (None, False)
    assert not box.isChecked()
    assert not box.isEnabled()
    assert store.shared_notes(ana.uid) == []


def test_the_box_is_off_while_the_notes_are_read_only(qtbot: QtBot, window: MainWindow,
                                                      store: NotesStore) -> None:
    _ana, about_ana, _cluster_only = _notes_of_claugto(qtbot, window, store)
    panel = window.notes_panel
    _click_row(qtbot, panel.note_view, 1)
    editor = panel.note_editor
    editor.set_read_only("the disk is read-only")
    assert not editor.shared.isEnabled()
    assert "Read-only: the disk is read-only" in _tip(editor.shared)
    editor.set_read_only("")
    assert editor.shared.isEnabled()
    assert not store.note(int(about_ana.id or 0)).shared


def test_the_box_reads_spanish(qtbot: QtBot, make_window: object, store: NotesStore) -> None:
    i18n.set_language("es")
    window: MainWindow = make_window()  # type: ignore[operator]
    store.save_contact(Contact("Ana Perez", cluster_id="claugto"))
    ana = store.contacts()[0]
    store.save_note(Note("Sobre Ana", cluster_id="claugto", contact_uid=ana.uid))
    store.save_note(Note("Sobre el clúster", cluster_id="claugto"))
    window.navigate("cluster", "claugto")
    panel = window.notes_panel
    _click_tab(qtbot, panel.tabs, 1)
    box = panel.note_editor.shared
    assert box.text() == "Compartida con la delegación"
    assert box.accessibleName() == "Compartir esta nota con la delegación"
    _click_row(qtbot, panel.note_view, 0)  # about the cluster alone
    assert not box.isEnabled()
    assert "Solo una nota sobre un contacto puede compartirse" in _tip(box)
    _click_row(qtbot, panel.note_view, 1)  # about Ana
    assert box.isEnabled()
    assert "libreta de direcciones compartida de la misión" in _tip(box)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert [n.body for n in store.shared_notes(ana.uid)] == ["Sobre Ana"]
