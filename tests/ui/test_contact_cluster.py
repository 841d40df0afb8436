"""The contact form's Cluster field (issue 15): a contact imported without a cluster is put
at one by typing or choosing its name; a name no cluster or several clusters own is marked and
changes nothing, while the other fields are saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QListView, QTableView
from pytestqt.qtbot import QtBot

from mxdesk.core.notes import Contact, NotesStore
from mxdesk.ui.notes.editors import ContactEditor
from mxdesk.ui.window import MainWindow

# The names offered pop up as the field is typed in (offscreen, pop-ups cannot be raised).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                       "This plugin does not support grabbing the keyboard",
                                       "This plugin does not support propagateSizeHints")
RED = "#b3261e"


def click_row(qtbot: QtBot, view: QListView | QTableView, row: int) -> None:
    index = view.model().index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())


def type_text(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Type *text* key by key; a letter QTest cannot type ("ó") as the keyboard sends it."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(field, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(field, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                        char))


def retype(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Click into a field, select what it holds and type *text* over it."""
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        type_text(qtbot, field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Delete)


def open_in_my_notes(qtbot: QtBot, window: MainWindow, contact: Contact) -> ContactEditor:
    """My notes, by clicking its tab, and the contact's row."""
    tab_bar = window.tabs.tabBar()
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton,
                     pos=tab_bar.tabRect(window.tabs.indexOf(window.my_notes)).center())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    tab = window.my_notes
    titles = [tab.model.index(r, 1).data() for r in range(tab.model.rowCount())]
    click_row(qtbot, tab.table, titles.index(contact.name))
    editor = tab.contact_editor
    assert editor.fields["name"].text() == contact.name
    return editor


def imported(store: NotesStore) -> Contact:
    """A contact as a phone's vCard brings it: no cluster."""
    return store.save_contact(Contact("Ana Perez", organisation="Metalsa"))


def leave(qtbot: QtBot, editor: ContactEditor) -> None:
    qtbot.mouseClick(editor.fields["met_where"], Qt.MouseButton.LeftButton)


def shown_in_panel(qtbot: QtBot, window: MainWindow, cluster_id: str) -> list[str]:
    window.navigate("cluster", cluster_id)
    model = window.notes_panel.contact_list
    return [model.index(r, 0).data() for r in range(model.rowCount())]


@pytest.mark.parametrize("typed", ["Cluster Automotriz de Nuevo León", "claut",
                                   "cluster automotriz de nuevo leon"])
def test_a_cluster_typed_by_its_name_or_id_is_the_contacts(
        qtbot: QtBot, window: MainWindow, store: NotesStore, typed: str) -> None:
    ana = imported(store)
    editor = open_in_my_notes(qtbot, window, ana)
    field = editor.fields["cluster_id"]
    assert field.text() == ""
    retype(qtbot, field, typed)
    leave(qtbot, editor)
    assert store.contact(int(ana.id or 0)).cluster_id == "claut"
    assert field.text() == "Cluster Automotriz de Nuevo León"  # shown by its name
    assert not editor.cluster_field.message.isVisible()
    assert any("Ana Perez" in str(name) for name in shown_in_panel(qtbot, window, "claut"))


def test_a_cluster_chosen_from_the_names_offered(qtbot: QtBot, window: MainWindow,
                                                 store: NotesStore) -> None:
    """Part of the name, without accents, then Down and Enter in the list offered."""
    ana = imported(store)
    editor = open_in_my_notes(qtbot, window, ana)
    field = editor.fields["cluster_id"]
    retype(qtbot, field, "automotriz nuevo leon")
    popup = editor.cluster_field.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    offered = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert offered == ["Cluster Automotriz de Nuevo León"]
    editor.grab().save("/tmp/cluster_field_offered.png")
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert field.text() == "Cluster Automotriz de Nuevo León"
    assert store.contact(int(ana.id or 0)).cluster_id == "claut"
    assert window.my_notes.model.index(0, 2).data() == "Cluster Automotriz de Nuevo León"


@pytest.mark.parametrize(("typed", "said"), [
    ("CLAUT", "2 clusters are called “CLAUT”"),  # the acronym two clusters print
    ("Cluster de la Atlántida", "No cluster is called “Cluster de la Atlántida”"),
])
def test_a_name_of_no_one_cluster_is_marked_and_the_rest_is_saved(
        qtbot: QtBot, window: MainWindow, store: NotesStore, typed: str, said: str) -> None:
    ana = imported(store)
    editor = open_in_my_notes(qtbot, window, ana)
    field = editor.fields["cluster_id"]
    before = editor.cluster_field.message.geometry().height()
    retype(qtbot, field, typed)
    leave(qtbot, editor)
    qtbot.keyClicks(editor.fields["met_where"], "Apodaca")
    qtbot.mouseClick(editor.fields["role"], Qt.MouseButton.LeftButton)
    stored = store.contact(int(ana.id or 0))
    assert (stored.cluster_id, stored.met_where) == (None, "Apodaca")
    assert field.text() == typed  # never replaced
    message = editor.cluster_field.message
    assert message.isVisible()
    assert said in message.text()
    assert RED in field.styleSheet()
    assert message.geometry().height() == before  # one line, kept: nothing below moves
    assert not editor.notice.isVisible()
    editor.grab().save("/tmp/cluster_field.png")

    retype(qtbot, field, "claut")  # corrected: the mark goes, the cluster is saved
    assert not message.isVisible()
    leave(qtbot, editor)
    assert store.contact(int(ana.id or 0)).cluster_id == "claut"
    assert RED not in field.styleSheet()
    assert editor.refused() == []


def test_an_emptied_field_clears_the_cluster(qtbot: QtBot, window: MainWindow,
                                            store: NotesStore) -> None:
    ana = store.save_contact(Contact("Ana Perez", cluster_id="claut"))
    editor = open_in_my_notes(qtbot, window, ana)
    field = editor.fields["cluster_id"]
    assert field.text() == "Cluster Automotriz de Nuevo León"
    retype(qtbot, field, "")
    leave(qtbot, editor)
    assert store.contact(int(ana.id or 0)).cluster_id is None
    assert not editor.cluster_field.message.isVisible()
    assert "Ana Perez" not in shown_in_panel(qtbot, window, "claut")


def test_a_contact_moved_leaves_the_cluster_panel_and_keeps_its_typing(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    ana = store.save_contact(Contact("Ana Perez", cluster_id="claut"))
    luis = store.save_contact(Contact("Luis Gomez", cluster_id="claut"))
    window.navigate("cluster", "claut")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    panel = window.notes_panel
    editor = panel.contact_editor
    assert editor.fields["name"].text() == "Ana Perez"
    qtbot.mouseClick(editor.comment, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.comment, "Wants a visit")
    retype(qtbot, editor.fields["cluster_id"], "Cluster Automotriz de Guanajuato")
    qtbot.keyClick(editor.fields["cluster_id"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.contact_list.rowCount() == 1, timeout=2000)
    stored = store.contact(int(ana.id or 0))
    assert (stored.cluster_id, stored.comment) == ("claugto", "Wants a visit")
    assert editor.fields["name"].text() == "Luis Gomez"
    assert store.contact(int(luis.id or 0)).cluster_id == "claut"
    assert "Ana Perez" in str(shown_in_panel(qtbot, window, "claugto"))
