"""The user's notes in the window: typed, saved without a Save button, found, undone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QScrollArea,
    QTableView,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from mxdesk.core.directory import Directory
from mxdesk.core.notes import Contact, ContactPoint, Note, NotesStore, ShortlistItem, points
from mxdesk.core.notes.listing import Listing, NotesFilter
from mxdesk.ui.models import RecordIdRole, RecordKindRole
from mxdesk.ui.notes_models import PAGE_SIZE, ClusterNames, NotesTableModel, RecordListModel
from mxdesk.ui.notes_ui import ShortlistItemsModel
from mxdesk.ui.settings import MAX_POINT_SIZE, MIN_POINT_SIZE
from mxdesk.ui.window import MainWindow


def test_typing_a_contact_saves_it(qtbot: QtBot, window: MainWindow,
                                   store: NotesStore) -> None:
    window.navigate("cluster", "claugto")
    panel = window.notes_panel
    assert panel.cluster_id == "claugto"
    qtbot.mouseClick(panel.add_contact_button, Qt.MouseButton.LeftButton)
    name = panel.contact_editor.fields["name"]
    name.selectAll()
    # QTest can only type ASCII keys (accents are covered by the store's own tests).
    qtbot.keyClicks(name, "Ana Perez")
    qtbot.keyClicks(panel.contact_editor.points["emails"].rows[0].value, "ana@example.org")
    # No Save button: a pause in typing is enough.
    qtbot.waitUntil(lambda: [c.email for c in store.contacts()] == ["ana@example.org"],
                    timeout=3000)
    [contact] = store.contacts(cluster_id="claugto")
    assert contact.name == "Ana Perez"
    # Its cluster names the organisation; no copy of the name that a rename would leave old.
    assert (contact.organisation, contact.cluster_id) == ("", "claugto")
    assert panel.tabs.tabText(0) == "Contacts (1)"


def test_leaving_a_field_saves_at_once(qtbot: QtBot, window: MainWindow,
                                       store: NotesStore) -> None:
    window.navigate("cluster", "claut")
    panel = window.notes_panel
    panel.add_note()
    qtbot.keyClicks(panel.note_editor.text, "Met the board; send brochure")
    panel.note_editor.text.clearFocus()
    panel.contact_view.setFocus()
    QApplication.processEvents()
    assert [n.body for n in store.notes(cluster_id="claut")] == ["Met the board; send brochure"]


def test_closing_the_window_saves_what_was_typed(qtbot: QtBot, make_window: object,
                                                 store: NotesStore) -> None:
    window = make_window()  # type: ignore[operator]
    window.navigate("cluster", "claut")
    window.notes_panel.add_note()
    qtbot.keyClicks(window.notes_panel.note_editor.text, "typed just before quitting")
    window.close()
    assert [n.body for n in store.notes()] == ["typed just before quitting"]


def test_delete_and_ctrl_z(qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    store.save_contact(Contact("José Núñez", cluster_id="csoftmty", emails=points("j@example.org")))
    window.navigate("cluster", "csoftmty")
    panel = window.notes_panel
    assert panel.contact_list.rowCount() == 1
    panel.contact_view.setCurrentIndex(panel.contact_list.index(0, 0))
    qtbot.mouseClick(panel.delete_contact_button, Qt.MouseButton.LeftButton)
    assert store.contacts() == []
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    window.tab_pages["clusters"].table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [c.name for c in store.contacts()] == ["José Núñez"]
    assert panel.contact_list.rowCount() == 1
    assert not window.undo_action.isEnabled()


def test_star_adds_to_the_current_shortlist(qtbot: QtBot, window: MainWindow,
                                            store: NotesStore) -> None:
    window.navigate("cluster", "monterrey-aerocluster")
    star = window.notes_panel.star
    assert "☆" in star.text()
    qtbot.mouseClick(star, Qt.MouseButton.LeftButton)
    assert "★" in star.text()
    current = store.current_shortlist()
    assert current is not None
    assert [i.cluster_id for i in current.items] == ["monterrey-aerocluster"]
    choices = {c.key: c for c in window.exports.brochure_choices()}
    assert choices[f"shortlist-{current.id}"].cluster_ids == ("monterrey-aerocluster",)


def test_my_notes_tab_searches_and_filters(qtbot: QtBot, window: MainWindow,
                                           store: NotesStore) -> None:
    store.save_contact(Contact("Ana Pérez", cluster_id="claugto", tags=("automotive",)))
    store.save_contact(Contact("Bob Smith", cluster_id="claut"))
    store.save_note(Note("Reunión en Querétaro", cluster_id="aerocluster-queretaro"))
    shortlist = store.create_shortlist("Bajío")
    store.set_items(int(shortlist.id or 0), [ShortlistItem("claugto")])
    window.tabs.setCurrentWidget(window.my_notes)
    tab = window.my_notes
    assert tab.model.rowCount() == 3

    def titles() -> set[str]:
        return {tab.model.index(row, 1).data() for row in range(tab.model.rowCount())}

    qtbot.keyClicks(tab.search_field, "perez")
    qtbot.waitUntil(lambda: titles() == {"Ana Pérez"})
    tab.search_field.clear()
    qtbot.keyClicks(tab.search_field, "queretaro")
    qtbot.waitUntil(lambda: titles() == {"Reunión en Querétaro"})
    tab.search_field.clear()
    tab.reload()
    tab.tag_filter.setCurrentIndex(tab.tag_filter.findData("automotive"))
    tab.reload()
    assert titles() == {"Ana Pérez"}
    tab.tag_filter.setCurrentIndex(0)
    tab.shortlist_filter.setCurrentIndex(tab.shortlist_filter.findData(shortlist.id))
    tab.reload()
    assert titles() == {"Ana Pérez"}
    tab.shortlist_filter.setCurrentIndex(0)
    tab.cluster_filter.setCurrentIndex(tab.cluster_filter.findData("claut"))
    tab.reload()
    assert titles() == {"Bob Smith"}


def test_orphans_stay_visible_and_flagged(window: MainWindow, store: NotesStore) -> None:
    store.save_note(Note("From an older directory", cluster_id="cluster-that-left"))
    window.tabs.setCurrentWidget(window.my_notes)
    model = window.my_notes.model
    assert model.rowCount() == 1
    assert model.index(0, 2).data() == "cluster-that-left (no longer in the directory)"
    assert model.index(0, 2).data(Qt.ItemDataRole.ForegroundRole) is not None  # in red
    assert "no longer in the directory" in window.statusBar().currentMessage()


def test_search_everything_finds_a_contact(qtbot: QtBot, window: MainWindow,
                                           store: NotesStore) -> None:
    contact = store.save_contact(Contact("Ana Pérez", cluster_id="claugto"))
    window.open_search_everything()
    dialog = window.search_everything
    qtbot.keyClicks(dialog.field, "ana perez")
    dialog.update_results()
    groups = [dialog.results.item(r).text() for r in range(dialog.results.rowCount())]
    assert "Your contacts (1)" in groups
    index = dialog.view.currentIndex()
    assert (index.data(RecordKindRole), index.data(RecordIdRole)) == ("contact",
                                                                       str(contact.id))
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.my_notes
    assert window.my_notes.current == ("contact", str(contact.id))
    assert window.my_notes.contact_editor.fields["name"].text() == "Ana Pérez"


def test_import_shows_a_summary_first(qtbot: QtBot, window: MainWindow, store: NotesStore,
                                      tmp_path: Path) -> None:
    store.save_contact(Contact("Ana Pérez", emails=points("ana@example.org"), phones=points("1")))
    source = tmp_path / "in.csv"
    source.write_text("name,email,phone\nAna Pérez,ana@example.org,2\nNew Person,n@x.org,\n",
                      encoding="utf-8")
    shown: list[str] = []
    window.notes.prompts.open_path = lambda: source
    window.notes.prompts.confirm_import = lambda summary: shown.append(summary) or None
    window.notes.prompts.ask_import = lambda summary: shown.append(summary) or False
    window.import_notes_action.trigger()
    qtbot.waitUntil(lambda: bool(shown) and window.notes.current_import is not None
                    and not window.notes.current_import.running())
    assert shown[0].startswith("1 new contact will be added. ")
    assert "1 record differs" in shown[0]
    assert len(store.contacts()) == 1  # declined: nothing written
    window.notes.prompts.confirm_import = lambda summary: "skip"
    window.notes.prompts.ask_import = lambda summary: True
    window.import_notes_action.trigger()
    qtbot.waitUntil(lambda: len(store.contacts()) == 2)
    assert sorted(c.name for c in store.contacts()) == ["Ana Pérez", "New Person"]
    assert store.contacts()[0].phone == "1"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Imported 1 record")
    assert window.my_notes.model.rowCount() == 2 or not window.my_notes.isVisible()


def test_restore_from_backup(window: MainWindow, store: NotesStore) -> None:
    store.save_note(Note("kept in the backup"))
    backup = store.backup()
    store.save_note(Note("written after the backup"))
    window.notes.prompts.choose_backup = lambda found: found[0]  # the dialog's answer
    window.restore_action.trigger()
    assert "Restored the backup of" in window.statusBar().currentMessage()
    assert [n.body for n in store.notes()] == ["kept in the backup"]
    before = [b for b in store.backups() if b.reason == "before-restore"]
    assert len(before) == 1  # what was replaced is a backup of its own
    assert before[0].notes == 2
    assert backup.exists()


def test_models(qtmodeltester: ModelTester, directory: Directory, store: NotesStore) -> None:
    store.save_contact(Contact("Ana", cluster_id="claugto"))
    store.save_note(Note("Idea", cluster_id="gone"))
    notes = NotesTableModel(Listing(store), ClusterNames(directory))
    notes.set_filter(NotesFilter())
    qtmodeltester.check(notes)
    assert [notes.index(r, 1).data() for r in range(notes.rowCount())] == ["Ana", "Idea"]
    contacts = RecordListModel(Listing(store), "contact")
    contacts.set_cluster("claugto")
    qtmodeltester.check(contacts)
    items = ShortlistItemsModel(directory)
    items.set_items([ShortlistItem("claut", "first"), ShortlistItem("gone", "")])
    qtmodeltester.check(items)
    assert items.index(1, 0).data() == "gone (no longer in the directory)"


#: The offscreen platform cannot raise a popup or give it the keyboard (a QCompleter's list);
#: it says so, and the popup works all the same.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                            "This plugin does not support grabbing the keyboard")


@OFFSCREEN_POPUP
def test_a_note_can_be_about_a_contact(qtbot: QtBot, window: MainWindow,
                                       store: NotesStore) -> None:
    ana = store.save_contact(Contact("Ana Perez", role="Director", cluster_id="claugto"))
    store.save_contact(Contact("Ana Paula Ruiz", cluster_id="claut"))
    store.save_contact(Contact("Luis Gomez", cluster_id="claugto"))
    window.navigate("cluster", "claugto")
    panel = window.notes_panel
    qtbot.mouseClick(panel.add_note_button, Qt.MouseButton.LeftButton)
    about = panel.note_editor.about
    assert about.field.accessibleName() == "The contact this note is about"
    assert about.field.text() == ""  # nobody yet
    qtbot.mouseClick(about.field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(about.field, "an")
    qtbot.waitUntil(about.popup.isVisible)
    offered = [about.popup.model().index(r, 0).data()
               for r in range(about.popup.model().rowCount())]
    # Both Anas (a word of the name starts with "an"), the note's cluster's own first.
    assert offered == ["Ana Perez · Director — Cluster Automotriz de Guanajuato",
                       "Ana Paula Ruiz — Cluster Automotriz de Nuevo León"]
    qtbot.keyClick(about.popup, Qt.Key.Key_Down)
    qtbot.keyClick(about.popup, Qt.Key.Key_Return)
    [note] = store.notes(cluster_id="claugto")
    assert note.contact_uid == ana.uid
    assert about.field.text() == "Ana Perez"
    # A name one contact alone has, typed in full and left: that contact.
    about.field.selectAll()
    qtbot.keyClicks(about.field, "luis gomez")
    about.popup.hide()
    qtbot.keyClick(about.field, Qt.Key.Key_Return)
    assert store.notes()[0].contact_uid == store.contacts(cluster_id="claugto")[1].uid
    # Emptied: about nobody.
    about.field.selectAll()
    qtbot.keyClick(about.field, Qt.Key.Key_Delete)
    qtbot.keyClick(about.field, Qt.Key.Key_Return)
    assert store.notes()[0].contact_uid is None
    assert about.field.placeholderText().startswith("nobody in particular")


def test_backups_kept_setting(window: MainWindow, store: NotesStore) -> None:
    window.notes.prompts.ask_backups_kept = lambda current: 2  # the dialog's answer
    window.backups_kept_action.trigger()
    assert window.statusBar().currentMessage() == "The newest 2 backups will be kept"
    for n in range(4):
        store.save_note(Note(f"n{n}"))
        store.backup()
    assert len(store.backups()) == 2


def click_in_next_dialog(label: str, seen: list[str]) -> None:
    """Answer the next modal dialog as a user does: click its button named *label*."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, click)
            return
        seen.append(" ".join(label.text() for label in box.findChildren(QLabel)))
        for button in box.findChildren(QAbstractButton):
            if button.text() == label:
                button.click()
                return
        raise AssertionError(f"no button {label!r} in the dialog")

    QTimer.singleShot(0, click)


def notes_with_a_backup_then(content: bytes) -> Path:
    """The user's notes file, backed up with one contact, then overwritten by *content*."""
    store = NotesStore()
    store.save_contact(Contact("Kept in a backup"))
    store.backup()
    path = store.path
    store.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(content)
    return path


def test_damaged_notes_at_start_offer_the_newest_backup(qapp: QApplication) -> None:
    from mxdesk.ui import app

    path = notes_with_a_backup_then(b"\0" * 8192)
    seen: list[str] = []
    click_in_next_dialog("Restore the newest backup", seen)
    reopened = app.open_notes()
    assert reopened is not None
    assert [c.name for c in reopened.contacts()] == ["Kept in a backup"]
    assert "moved it aside" in seen[0]
    assert list(path.parent.glob("notes.db.damaged-*"))
    reopened.close()


def test_empty_notes_beside_backups_ask_first(qapp: QApplication) -> None:
    from mxdesk.ui import app

    notes_with_a_backup_then(b"")
    seen: list[str] = []
    click_in_next_dialog("Start with empty notes", seen)
    reopened = app.open_notes()
    assert reopened is not None
    assert "has not started an empty notes file" in seen[0]
    assert "newest sound backup" in seen[0]
    assert reopened.contacts() == []  # the user chose it
    reopened.close()


def test_a_cluster_without_notes_after_one_with_them_shows_empty_editors(
        window: MainWindow, store: NotesStore) -> None:
    store.save_contact(Contact("Ana Perez", cluster_id="claugto"))
    store.save_note(Note("Call back in May", cluster_id="claugto"))
    panel = window.notes_panel
    window.navigate("cluster", "claugto")
    assert panel.contact_editor.fields["name"].text() == "Ana Perez"
    assert panel.contact_editor.fields["name"].isEnabled()
    assert panel.note_editor.text.toPlainText() == "Call back in May"
    for cluster_id in ("claut", "csoftmty"):  # the second time the editors are already empty
        window.navigate("cluster", cluster_id)
        assert panel.tabs.tabText(0) == "Contacts (0)"
        assert panel.tabs.tabText(1) == "Notes (0)"
        assert panel.contact_editor.contact is None
        assert panel.contact_editor.fields["name"].text() == ""
        assert not panel.contact_editor.fields["name"].isEnabled()
        assert panel.note_editor.note is None
        assert panel.note_editor.text.toPlainText() == ""
        assert not panel.note_editor.text.isEnabled()
    window.navigate("cluster", "claugto")
    assert panel.tabs.tabText(0) == "Contacts (1)"
    assert panel.contact_editor.fields["name"].text() == "Ana Perez"
    assert panel.note_editor.text.isEnabled()


def test_a_journal_left_alone_is_offered_rebuilt_at_start(qapp: QApplication) -> None:
    """notes.db gone, its -wal left: the window offers the notes rebuilt from the journal."""
    from mxdesk.core.notes import default_path
    from mxdesk.ui import app
    from tests.faults import killed_mid_session

    path = default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    killed_mid_session(path, 150, "Person")
    path.unlink()
    seen: list[str] = []
    click_in_next_dialog("Use the rebuilt notes", seen)
    reopened = app.open_notes()
    assert reopened is not None
    assert "rebuilt from the journal left behind: 150 contacts" in seen[0]
    assert len(reopened.contacts()) == 150
    reopened.close()


def test_addresses_and_phones_are_rows_each_with_its_type(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    """Type into the rows, add one with its button, choose its type with the keyboard, make it
    the preferred one, remove another: each change is in the store as the user made it."""
    ana = store.save_contact(Contact("Ana Perez", cluster_id="claugto", emails=(
        ContactPoint("ana@work.example", ("work",)),)))
    window.navigate("cluster", "claugto")
    editor = window.notes_panel.contact_editor
    emails, phones = editor.points["emails"], editor.points["phones"]
    assert [r.value.text() for r in emails.rows] == ["ana@work.example"]
    assert emails.rows[0].kind.currentText() == "work"
    assert emails.rows[0].value.accessibleName() == "E-mail address 1 (preferred)"
    assert emails.add_button.accessibleName() == "Add an e-mail address"
    assert [r.value.text() for r in phones.rows] == [""]  # one empty row to type into
    assert not phones.rows[0].remove.isEnabled()

    def stored() -> Contact:
        return store.contact(int(ana.id or 0))

    qtbot.mouseClick(emails.add_button, Qt.MouseButton.LeftButton)
    second = emails.rows[1]
    assert QApplication.focusWidget() is second.value
    assert second.remove.accessibleName() == "Remove e-mail address 2"
    qtbot.keyClicks(second.value, "ana@home.example")
    qtbot.keyClicks(second.kind, "h")  # the type, from the keyboard: "home"
    assert second.kind.currentText() == "home"
    assert stored().emails == (ContactPoint("ana@work.example", ("work",)),
                               ContactPoint("ana@home.example", ("home",)))
    qtbot.mouseClick(second.prefer, Qt.MouseButton.LeftButton)
    assert stored().email == "ana@home.example"  # the first is the preferred one
    assert [r.value.text() for r in emails.rows] == ["ana@home.example", "ana@work.example"]
    assert emails.rows[0].value.accessibleName() == "E-mail address 1 (preferred)"
    qtbot.mouseClick(emails.rows[1].remove, Qt.MouseButton.LeftButton)
    assert stored().emails == (ContactPoint("ana@home.example", ("home",)),)
    # A phone typed into the empty row is a mobile unless another type is chosen.
    qtbot.mouseClick(phones.rows[0].value, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(phones.rows[0].value, "+52 477 100 2000")
    qtbot.mouseClick(editor.fields["role"], Qt.MouseButton.LeftButton)  # leaves the field
    assert stored().phones == (ContactPoint("+52 477 100 2000", ("cell",)),)
    assert phones.rows[0].kind.currentText() == "mobile"


def test_only_the_rows_type_boxes_show_in_the_contact_form(
        qtbot: QtBot, store: NotesStore, directory: Directory) -> None:
    """Every drop-down the form will show is a row's type box: nothing left over (a box that
    measured the types once sat over the "Name" label until an event loop deleted it, so a
    window shown before its loop ran, as docs/screenshots/make.py does, showed it)."""
    from mxdesk.ui.notes_ui import ContactEditor

    editor = ContactEditor(store, ClusterNames(directory))
    qtbot.addWidget(editor)
    boxes = {r.kind for rows in editor.points.values() for r in rows.rows}
    assert len(boxes) == 2  # one empty row each, to type into
    assert {box for box in editor.findChildren(QComboBox) if not box.isHidden()} == boxes


def test_the_type_boxes_of_e_mails_and_phones_line_up(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    """"work" and "home" boxes of e-mail addresses were narrower than the "mobile" ones of
    phone numbers, so the two lists' boxes started at different places; at every text size
    (View ▸ Smaller text to the smallest, then Larger text step by step to the largest) they
    are one column."""
    store.save_contact(Contact(
        "Lucía Fernández", cluster_id="claugto",
        emails=(ContactPoint("lucia.fernandez@example.org", ("work",)),
                ContactPoint("lucia.f@example.net", ("home",))),
        phones=(ContactPoint("+52 55 5555 0142", ("cell",)),
                ContactPoint("+52 55 5555 0100", ("work",)))))
    window.resize(1366, 768)
    window.navigate("cluster", "claugto")
    editor = window.notes_panel.contact_editor
    qtbot.waitUntil(editor.isVisible)
    boxes = [r.kind for rows in editor.points.values() for r in rows.rows]
    assert [b.currentText() for b in boxes] == ["work", "home", "mobile", "work"]

    def edges() -> set[tuple[int, int]]:
        return {(b.geometry().left(), b.geometry().right()) for b in boxes}

    qtbot.waitUntil(lambda: len(edges()) == 1)
    while window.appearance.point_size > MIN_POINT_SIZE:
        window.named_actions["zoom_out"].trigger()
    while True:
        size = window.appearance.point_size
        # (laid out again for the size: as wide as the box asks to be)
        qtbot.waitUntil(lambda: len(edges()) == 1
                        and boxes[0].font().pointSizeF() == window.appearance.point_size
                        and boxes[0].width() == boxes[0].sizeHint().width())
        [(left, right)] = edges()
        widest = max(boxes[0].fontMetrics().horizontalAdvance(t) for t in ("mobile", "other"))
        assert right - left > widest, size  # each type whole
        if size >= MAX_POINT_SIZE:
            break
        window.named_actions["zoom_in"].trigger()


def test_a_type_the_file_brought_is_kept_until_changed(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    ana = store.save_contact(Contact("Ana Perez", cluster_id="claugto", phones=(
        ContactPoint("+52 1", ("home", "fax")), ContactPoint("+52 2", ("work", "voice")))))
    window.navigate("cluster", "claugto")
    phones = window.notes_panel.contact_editor.points["phones"]
    assert [r.kind.currentText() for r in phones.rows] == ["home, fax", "work"]
    phones.rows[1].value.end(False)
    qtbot.keyClicks(phones.rows[1].value, "0")
    window.notes_panel.contact_editor.flush()
    assert store.contact(int(ana.id or 0)).phones == (
        ContactPoint("+52 1", ("home", "fax")), ContactPoint("+52 20", ("work", "voice")))
    qtbot.keyClicks(phones.rows[0].kind, "m")  # "mobile"
    assert store.contact(int(ana.id or 0)).phones[0] == ContactPoint("+52 1", ("cell",))


def test_addresses_changed_in_two_places_keep_both_lists(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    """The conflict check compares the whole list: this window's typing and another's new
    address are both kept, never one written over the other."""
    ana = store.save_contact(Contact("Ana Perez", cluster_id="claut",
                                     emails=(ContactPoint("a@x.org", ("work",)),)))
    window.navigate("cluster", "claut")
    editor = window.notes_panel.contact_editor
    first = editor.points["emails"].rows[0].value
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    first.end(False)
    with NotesStore(store.path) as other:
        other.update_contact(ana, {"emails": (ContactPoint("a@x.org", ("work",)),
                                              ContactPoint("b@y.org", ("home",)))})
    qtbot.keyClicks(first, ".mx")
    editor.flush()
    assert [p.value for p in store.contact(int(ana.id or 0)).emails] == ["a@x.org", "b@y.org"]
    [kept] = [n for n in store.notes() if n.body.startswith("Conflicting edit")]
    assert "a@x.org.mx" in kept.body
    assert "b@y.org" in kept.body


def test_address_rows_are_read_only_with_the_notes(qtbot: QtBot, window: MainWindow,
                                                   store: NotesStore) -> None:
    store.save_contact(Contact("Ana Perez", cluster_id="claut",
                               emails=(ContactPoint("a@x.org", ("work",)),)))
    window.navigate("cluster", "claut")
    emails = window.notes_panel.contact_editor.points["emails"]
    window.notes_panel.contact_editor.set_read_only("the disk is full")
    row = emails.rows[0]
    assert row.value.isReadOnly()
    assert not row.kind.isEnabled()
    assert not row.remove.isVisible()
    assert not emails.add_button.isVisible()


def test_a_contact_whose_name_is_not_utf8_is_listed_and_said_when_opened(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    """Listed with "?" for the bad bytes (not left out, not a crash); opening it says what is
    wrong and how to rescue it."""
    bad = store.save_contact(Contact("Placeholder", cluster_id="claut"))
    store.conn.execute("UPDATE contacts SET name = CAST(X'416E61FF' AS TEXT) WHERE id = ?",
                       [bad.id])
    told: list[str] = []
    window.tell_user = lambda _title, text: told.append(text)  # type: ignore[method-assign]
    window.tabs.setCurrentWidget(window.my_notes)
    tab = window.my_notes
    assert tab.model.index(0, 1).data() == "Ana?"
    tab.table.selectRow(0)
    assert told
    assert "not valid UTF-8" in told[0]


def test_lists_read_a_page_at_a_time(qtbot: QtBot, qtmodeltester: ModelTester,
                                     directory: Directory, store: NotesStore) -> None:
    """Scrolled to its end, a list reads its next page (announced to the view), in name
    order across pages; a record far down is put in front when gone to."""
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO contacts (uid, name, cluster_id, created_at, updated_at) "
            "VALUES (?, ?, 'claut', '2026-01-01', '2026-01-01')",
            [(f"uid-{n}", f"Person {n:04d}") for n in range(PAGE_SIZE * 2 + 50)])
    model = NotesTableModel(Listing(store), ClusterNames(directory))
    model.set_filter(NotesFilter())
    assert model.rowCount() == PAGE_SIZE
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > PAGE_SIZE)
    assert inserted[0] == (PAGE_SIZE, 2 * PAGE_SIZE - 1)
    names = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert names == sorted(names)
    assert model.bring("contact", PAGE_SIZE * 2 + 50) == 0  # the last, in front
    assert model.index(0, 1).data() == f"Person {PAGE_SIZE * 2 + 49:04d}"
    qtmodeltester.check(model)
    assert model.matching == PAGE_SIZE * 2 + 50


def test_my_notes_status_line_follows_search_filters_and_new_records(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    store.save_contact(Contact("Ana Pérez", cluster_id="claugto"))
    store.save_contact(Contact("Bob Smith", cluster_id="claut"))
    store.save_note(Note("Reunión en Querétaro", cluster_id="claut"))
    window.tabs.setCurrentWidget(window.my_notes)
    tab = window.my_notes

    def status() -> str:
        return window.statusBar().currentMessage()

    assert status() == "3 of 3 contacts and notes"
    qtbot.keyClicks(tab.search_field, "perez")
    qtbot.waitUntil(lambda: status() == "1 of 3 contacts and notes")
    tab.search_field.clear()
    qtbot.waitUntil(lambda: status() == "3 of 3 contacts and notes")
    combo = tab.cluster_filter
    combo.setFocus()
    # The user picks "claut" from the box: the keyboard's way to a choice (activated).
    while combo.currentData() != "claut":
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert status() == "2 of 3 contacts and notes"
    qtbot.mouseClick(tab.new_note_button, Qt.MouseButton.LeftButton)
    assert status() == "3 of 4 contacts and notes"
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert status().startswith("Deleted: note")  # said first, for a while (Ctrl+Z)
    assert tab.status == "2 of 3 contacts and notes"


def test_clear_search_and_filters_clears_my_notes(qtbot: QtBot, window: MainWindow,
                                                  store: NotesStore) -> None:
    store.save_contact(Contact("Ana Pérez", cluster_id="claugto"))
    store.save_contact(Contact("Bob Smith", cluster_id="claut"))
    window.tabs.setCurrentWidget(window.my_notes)
    tab = window.my_notes
    combo = tab.cluster_filter
    combo.setFocus()
    while combo.currentData() != "claut":
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClicks(tab.search_field, "perez")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)
    qtbot.waitUntil(lambda: not tab.empty_bar.isHidden())
    assert tab.empty_hint.text() == "No contacts or notes match the search and filters."
    assert window.statusBar().currentMessage().startswith("No contacts or notes match")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert tab.search_field.text() == ""
    assert combo.currentData() is None
    assert tab.model.rowCount() == 2
    assert tab.empty_bar.isHidden()
    assert window.statusBar().currentMessage() == "2 of 2 contacts and notes"
    # The toolbar's button does the same, and so does the hint's own.
    qtbot.keyClicks(tab.search_field, "zzz")
    qtbot.waitUntil(lambda: not tab.empty_bar.isHidden())
    qtbot.mouseClick(tab.clear_button, Qt.MouseButton.LeftButton)
    assert tab.search_field.text() == ""
    assert tab.model.rowCount() == 2
    qtbot.keyClicks(tab.search_field, "zzz")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)
    window.clear_action.trigger()
    assert tab.search_field.text() == ""
    assert tab.model.rowCount() == 2


def test_reading_an_import_shows_progress_at_once_and_cancel_abandons_it(
        qtbot: QtBot, window: MainWindow, store: NotesStore, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A large file takes seconds to read and compare: the busy dialog shows soon after the
    file is chosen (not after Qt's default 4 s), and its Cancel drops the import."""
    import threading

    from PySide6.QtWidgets import QPushButton

    from mxdesk.core import exchange

    source = tmp_path / "big.csv"
    source.write_text("name,email\nNew Person,n@x.org\n", encoding="utf-8")
    release = threading.Event()
    read_file = exchange.read_file

    def slow_read(path: Path, tick: exchange.Tick | None = None) -> object:
        release.wait(20)  # as a file of 100,000 contacts takes seconds
        return read_file(path, tick)

    monkeypatch.setattr(exchange, "read_file", slow_read)
    asked: list[str] = []
    window.notes.prompts.open_path = lambda: source
    window.notes.prompts.confirm_import = lambda summary: asked.append(summary) or "skip"
    window.notes.prompts.ask_import = lambda summary: asked.append(summary) or True
    window.import_notes_action.trigger()
    job = window.notes.current_import
    assert job is not None
    qtbot.waitUntil(lambda: job.progress is not None and job.progress.isVisible(), timeout=1500)
    assert job.progress is not None
    assert job.progress.labelText() == "Reading big.csv…"
    assert job.progress.maximum() == 0  # busy: no count while reading
    qtbot.mouseClick(job.progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not job.running() and job.task is None)
    assert asked == []
    assert store.contacts() == []
    assert window.statusBar().currentMessage() == (
        "Import cancelled: your notes are as they were")


@pytest.mark.parametrize(("rows", "said"), [
    (1, "Imported 1 record"),
    (1234, "Imported 1,234 records"),
])
def test_import_messages_count_in_words(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                        rows: int, said: str) -> None:
    source = tmp_path / "in.csv"
    source.write_text("name,email\n" + "".join(f"Person {n},p{n}@x.org\n" for n in range(rows)),
                      encoding="utf-8")
    window.notes.prompts.open_path = lambda: source
    window.notes.prompts.confirm_import = lambda summary: "skip"
    window.notes.prompts.ask_import = lambda summary: True
    window.import_notes_action.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Imported"),
                    timeout=20_000)
    assert window.statusBar().currentMessage() == said


@pytest.mark.parametrize(("contacts", "group", "hint"), [
    (3, "Your contacts (3)", "3 found."),
    (205, "Your contacts (200+)", "200+ found."),
])
def test_search_everything_never_says_its_limit_is_the_count(
        qtbot: QtBot, window: MainWindow, store: NotesStore, contacts: int, group: str,
        hint: str) -> None:
    for n in range(contacts):
        store.save_contact(Contact(f"Grosskopf {n:03d}"))
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.search_everything
    qtbot.keyClicks(dialog.field, "grosskopf")
    qtbot.waitUntil(lambda: "found" in dialog.hint.text())
    groups = [dialog.results.item(r).text() for r in range(dialog.results.rowCount())]
    assert groups == [group]
    assert dialog.hint.text().startswith(hint)
    if contacts > 12:
        last = dialog.results.item(0).child(12)
        assert last.text() == "… 188+ more: refine the search"


def test_the_add_buttons_show_when_tab_reaches_them(qtbot: QtBot, window: MainWindow,
                                                    store: NotesStore) -> None:
    """"+ Add e-mail address" is flat (no frame) until Tab gives it the focus: then it is
    drawn raised, and flat again when Tab moves on."""
    store.save_contact(Contact("Ana Perez", cluster_id="claugto"))
    window.navigate("cluster", "claugto")
    window.activateWindow()
    editor = window.notes_panel.contact_editor
    for points_editor in (editor.points["emails"], editor.points["phones"]):
        button = points_editor.add_button
        points_editor.rows[-1].prefer.setFocus()
        unfocused = button.grab().toImage()
        assert button.isFlat()
        for _ in range(3):  # past the row's Remove, when it can be pressed
            if not button.hasFocus():
                qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert button.hasFocus()
        assert not button.isFlat()
        assert button.grab().toImage() != unfocused
        qtbot.keyClick(button, Qt.Key.Key_Tab)
        assert button.isFlat()


def test_at_the_largest_text_the_contact_form_grows_whole_and_is_never_cut_off(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    """A new user at 24 pt on a laptop: the preferred address's ★ stayed at the small size (a
    style sheet fixed its font), and the form's right edge (the − buttons) was cut off with
    no way to scroll to it."""
    contact = store.save_contact(Contact(
        "Lucía Fernández", role="Directora de vinculación internacional",
        emails=(ContactPoint("lucia.fernandez@example.org", ("work",)),
                ContactPoint("lucia.f@example.net", ("home",)))))
    window.resize(1366, 768)
    window.show()
    window.navigate("contact", str(contact.id))
    editor = window.my_notes.contact_editor
    qtbot.waitUntil(editor.isVisible)
    while window.appearance.point_size < MAX_POINT_SIZE:
        window.named_actions["zoom_in"].trigger()
    rows = editor.points["emails"].rows
    qtbot.waitUntil(lambda: rows[0].value.font().pointSizeF() == MAX_POINT_SIZE)
    for row in rows:  # the ★ and the ☆ grow with the text, as the field beside them does
        assert row.prefer.font().pointSizeF() == MAX_POINT_SIZE
        assert row.remove.font().pointSizeF() == MAX_POINT_SIZE
    assert rows[0].prefer.palette().buttonText().color().name() == "#b8860b"  # still gold
    scroll = editor.findChild(QScrollArea)
    assert scroll is not None
    qtbot.waitUntil(lambda: scroll.widget().width() >= scroll.widget().minimumSizeHint().width())
    if scroll.widget().width() > scroll.viewport().width():  # wider than its room: it scrolls
        assert scroll.horizontalScrollBar().isVisible()
        assert scroll.horizontalScrollBar().maximum() > 0
