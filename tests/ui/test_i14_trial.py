"""Issue 14's new-user trial, from a fresh clone under Xvfb: what confused it, each a test that
types and clicks as it did (and failed before the fix)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QLocale, Qt
from pytestqt.qtbot import QtBot

from mxdesk.core.notes import Contact, Note, NotesStore
from mxdesk.ui.window import MainWindow
from tests.ui.test_i14_notes import _open_contact, _retype, click_row


@pytest.fixture
def c_locale() -> Iterator[None]:
    """A system whose language is C (containers, ssh sessions: LANG=C.UTF-8)."""
    before = QLocale()
    QLocale.setDefault(QLocale.c())
    yield
    QLocale.setDefault(before)


def test_under_the_c_locale_the_date_hint_says_each_way_once(
        qtbot: QtBot, c_locale: None, make_window: Callable[[], MainWindow],
        store: NotesStore) -> None:
    window = make_window()
    ana, _luis = _open_contact(qtbot, window, store)
    editor = window.notes_panel.contact_editor
    field = editor.fields["met_on"]
    assert field.placeholderText() == "YYYY-MM-DD"  # was "YYYY-MM-DD or YYYY-MM-DD"
    _retype(qtbot, field, "10/03/2027")
    qtbot.mouseClick(editor.fields["met_where"], Qt.MouseButton.LeftButton)
    message = editor.date_field.message.text()
    assert message.count("YYYY-MM-DD") == 1, message
    assert store.contact(int(ana.id or 0)).met_on == "2026-03-10"  # not changed, not lost
    assert field.text() == "10/03/2027"


def test_the_date_message_coming_and_going_never_moves_the_form(
        qtbot: QtBot, make_window: Callable[[], MainWindow], store: NotesStore) -> None:
    window = make_window()
    _open_contact(qtbot, window, store)
    editor = window.notes_panel.contact_editor
    tabs = window.notes_panel.tabs.tabBar()
    comment_at = editor.comment.mapTo(window, editor.comment.rect().topLeft())
    _retype(qtbot, editor.fields["met_on"], "32/13/2027")
    qtbot.mouseClick(editor.fields["met_where"], Qt.MouseButton.LeftButton)
    assert editor.date_field.message.isVisible()
    assert editor.comment.mapTo(window, editor.comment.rect().topLeft()) == comment_at
    _retype(qtbot, editor.fields["met_on"], "2027-03-10")
    qtbot.mouseClick(editor.fields["met_where"], Qt.MouseButton.LeftButton)
    assert not editor.date_field.message.isVisible()
    assert editor.comment.mapTo(window, editor.comment.rect().topLeft()) == comment_at
    assert tabs.isVisible()


def test_the_delete_key_on_a_list_deletes_and_ctrl_z_brings_it_back(
        qtbot: QtBot, make_window: Callable[[], MainWindow], store: NotesStore) -> None:
    window = make_window()
    _open_contact(qtbot, window, store)
    panel = window.notes_panel
    click_row(qtbot, panel.contact_view, 1)
    qtbot.waitUntil(lambda: panel.contact_editor.fields["name"].text() == "Luis Gomez")
    qtbot.keyClick(panel.contact_view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: [c.name for c in store.contacts()] == ["Ana Perez"])
    qtbot.keyClick(panel.contact_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: sorted(c.name for c in store.contacts())
                    == ["Ana Perez", "Luis Gomez"])
    # The same in My notes' list.
    store.save_note(Note("Send the members' list", cluster_id="claut"))
    window.tabs.setCurrentWidget(window.my_notes)
    notes = window.my_notes
    notes.refresh()
    qtbot.waitUntil(lambda: notes.model.rowCount() == 3)
    row = next(r for r in range(notes.model.rowCount())
               if "members" in str(notes.model.index(r, 1).data()))
    click_row(qtbot, notes.table, row)
    qtbot.keyClick(notes.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: store.notes() == [])
    assert Contact  # (the contacts stay)
    assert len(store.contacts()) == 2
