"""Issue 14 in the notes: shortlist buttons that act when clicked (and only when they can),
names with '&' in labels, the star that never moves the split, dates typed as the user's
language writes them (or picked from a calendar) and never dropped, counts in words, and an
import that asks only what it needs to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCalendarWidget,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QTableView,
)
from pytestqt.qtbot import QtBot

from mxdesk.core.notes import Contact, Note, NotesStore, ShortlistItem, points
from mxdesk.core.notes.drafts import Draft, write_drafts
from mxdesk.ui.notes_import import NotesImport, ask_to_import
from mxdesk.ui.window import MainWindow
from tests.faults import write_lock

# -- helpers ----------------------------------------------------------------------------------


def answer_next_dialog(act: Callable[[QApplication], bool]) -> None:
    """When the next modal dialog shows, *act* on it as a user would (it returns False until
    it has found what it waits for)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)

    def attempt() -> None:
        if not act(app):
            QTimer.singleShot(20, attempt)

    QTimer.singleShot(0, attempt)


def type_in_next_input_dialog(text: str) -> None:
    """Answer the next QInputDialog by typing *text* in its field and clicking OK."""
    def act(_app: QApplication) -> bool:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QInputDialog):
            return False
        field = box.findChild(QLineEdit)
        assert field is not None
        field.selectAll()
        field.insert(text)
        buttons = box.findChild(QDialogButtonBox)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok) if buttons else None
        if ok is None:  # (its text is Qt's: "OK", "Aceptar")
            raise AssertionError("no OK button")
        ok.click()
        return True

    answer_next_dialog(act)


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible(), button.text()
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_row(qtbot: QtBot, view: QListView | QTableView, row: int) -> None:
    """Click the row of a list or table, as a user picks it."""
    index = view.model().index(row, 0)
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def shortlists_page(qtbot: QtBot, window: MainWindow) -> None:
    """My notes ▸ Shortlists, by clicking the tabs."""
    tab_bar = window.tabs.tabBar()
    index = window.tabs.indexOf(window.my_notes)
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(index).center())
    inner = window.my_notes.inner.tabBar()
    qtbot.mouseClick(inner, Qt.MouseButton.LeftButton, pos=inner.tabRect(1).center())
    assert window.my_notes.inner.currentIndex() == 1


@pytest.fixture
def locale() -> Iterator[Callable[[str], None]]:
    """Set the default locale (as the user's language sets it); put back afterwards."""
    before = QLocale()

    def set_locale(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield set_locale
    QLocale.setDefault(before)


# -- item 1: every shortlist button acts when clicked ----------------------------------------


def test_every_shortlist_button_acts_when_clicked(qtbot: QtBot, window: MainWindow,
                                                  store: NotesStore) -> None:
    """New…, Rename…, Star adds here, Move up/down, Remove, Export brochure… and Delete, each
    clicked (New… once failed on every click: clicked(bool) arrived as the name)."""
    exported: list[str] = []
    window.run_brochure_dialog = (  # type: ignore[method-assign]
        lambda choices: exported.append(choices[0].key) or None)  # type: ignore[func-returns-value]
    shortlists_page(qtbot, window)
    tab = window.my_notes

    type_in_next_input_dialog("Bajio mission")
    click(qtbot, tab.new_list_button)
    assert [s.name for s in store.shortlists()] == ["Bajio mission"]
    type_in_next_input_dialog("Second list")
    click(qtbot, tab.new_list_button)
    assert sorted(s.name for s in store.shortlists()) == ["Bajio mission", "Second list"]
    second = next(s for s in store.shortlists() if s.name == "Second list")
    assert tab._chosen_shortlist_id() == second.id

    type_in_next_input_dialog("Monterrey mission")
    click(qtbot, tab.rename_list_button)
    assert store.shortlist(int(second.id or 0)).name == "Monterrey mission"
    # The Contacts page's shortlist filter offers the new name at once.
    offered = [tab.shortlist_filter.itemText(i) for i in range(tab.shortlist_filter.count())]
    assert any("Monterrey mission" in text for text in offered), offered
    assert not any("Second list" in text for text in offered), offered

    click(qtbot, tab.current_list_button)
    current = store.current_shortlist()
    assert current is not None
    assert current.id == second.id

    store.set_items(int(second.id or 0), [ShortlistItem("claut"), ShortlistItem("claugto"),
                                          ShortlistItem("csoftmty")])
    tab.refresh()
    click_row(qtbot, tab.items_view, 0)
    click(qtbot, tab.down_button)
    assert [i.cluster_id for i in store.shortlist(int(second.id or 0)).items] == [
        "claugto", "claut", "csoftmty"]
    click(qtbot, tab.up_button)
    assert [i.cluster_id for i in store.shortlist(int(second.id or 0)).items] == [
        "claut", "claugto", "csoftmty"]
    click_row(qtbot, tab.items_view, 2)
    click(qtbot, tab.remove_item_button)
    assert [i.cluster_id for i in store.shortlist(int(second.id or 0)).items] == [
        "claut", "claugto"]

    click(qtbot, tab.brochure_button)
    assert exported == [f"shortlist-{second.id}"]

    click(qtbot, tab.delete_list_button)
    assert [s.name for s in store.shortlists()] == ["Bajio mission"]


def test_new_shortlist_cancelled_creates_nothing(qtbot: QtBot, window: MainWindow,
                                                 store: NotesStore) -> None:
    shortlists_page(qtbot, window)

    def cancel(_app: QApplication) -> bool:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QInputDialog):
            return False
        box.reject()
        return True

    answer_next_dialog(cancel)
    click(qtbot, window.my_notes.new_list_button)
    assert store.shortlists() == []


def test_every_contact_and_note_button_acts_when_clicked(qtbot: QtBot, window: MainWindow,
                                                        store: NotesStore) -> None:
    """The cluster panel's and My notes' buttons, each clicked as a user does."""
    window.navigate("cluster", "claut")
    panel = window.notes_panel
    click(qtbot, panel.add_contact_button)
    assert [c.name for c in store.contacts()] == ["New contact"]
    click(qtbot, panel.delete_contact_button)
    assert store.contacts() == []
    panel.tabs.setCurrentIndex(1)
    click(qtbot, panel.add_note_button)
    assert len(store.notes()) == 1
    click(qtbot, panel.delete_note_button)
    assert store.notes() == []

    opened: list[str] = []
    tab = window.my_notes
    tab.openCluster.connect(opened.append)
    tab_bar = window.tabs.tabBar()
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton,
                     pos=tab_bar.tabRect(window.tabs.indexOf(tab)).center())
    tab.cluster_filter.setCurrentIndex(0)
    click(qtbot, tab.new_contact_button)
    assert [c.name for c in store.contacts()] == ["New contact"]
    click(qtbot, tab.new_note_button)
    assert len(store.notes()) == 1
    click(qtbot, tab.delete_button)
    assert store.notes() == []
    store.save_contact(Contact("Ana Perez", cluster_id="claugto"))
    tab.refresh()
    qtbot.keyClicks(tab.search_field, "ana")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    click_row(qtbot, tab.table, 0)
    window.tabs.setCurrentWidget(tab)
    click(qtbot, tab.open_cluster_button)
    assert opened == ["claugto"]
    window.tabs.setCurrentWidget(tab)
    tab.search_field.setText("nobody here")
    qtbot.waitUntil(tab.clear_button.isVisible)
    click(qtbot, tab.clear_button)
    assert tab.search_field.text() == ""


# -- item 12: Move up / Move down / Remove only when they can act ------------------------------


def test_item_buttons_are_enabled_only_when_they_can_act(qtbot: QtBot, window: MainWindow,
                                                         store: NotesStore) -> None:
    shortlists_page(qtbot, window)
    tab = window.my_notes
    moves = (tab.up_button, tab.down_button, tab.remove_item_button)

    def enabled() -> tuple[bool, ...]:
        return tuple(b.isEnabled() for b in moves)

    assert enabled() == (False, False, False)  # no shortlist at all
    type_in_next_input_dialog("Empty")
    click(qtbot, tab.new_list_button)
    assert enabled() == (False, False, False)  # a shortlist with nothing on it
    shortlist = store.create_shortlist("Three")
    store.set_items(int(shortlist.id or 0), [ShortlistItem("claut"), ShortlistItem("claugto"),
                                             ShortlistItem("csoftmty")])
    tab.refresh()
    click_row(qtbot, tab.shortlist_view, 1)
    assert tab._chosen_shortlist_id() == shortlist.id
    assert tab.items_model.rowCount() == 3
    assert enabled() == (False, False, False)  # nothing chosen on it yet
    click_row(qtbot, tab.items_view, 0)
    assert enabled() == (False, True, True)  # the first cannot go up
    click_row(qtbot, tab.items_view, 1)
    assert enabled() == (True, True, True)
    click_row(qtbot, tab.items_view, 2)
    assert enabled() == (True, False, True)  # the last cannot go down
    click(qtbot, tab.up_button)
    assert enabled() == (True, True, True)  # it follows the item it moved
    click(qtbot, tab.up_button)
    assert enabled() == (False, True, True)
    click(qtbot, tab.remove_item_button)
    assert tab.items_model.rowCount() == 2
    assert enabled() == (False, False, False)  # the removed one was chosen: nothing is now
    click_row(qtbot, tab.shortlist_view, 0)
    assert enabled() == (False, False, False)


# -- item 4: names with '&' in labels, and the star that never moves the split -----------------


def test_the_star_shows_a_shortlist_name_with_an_ampersand(qtbot: QtBot, window: MainWindow,
                                                           store: NotesStore) -> None:
    shortlist = store.create_shortlist("Querétaro & Monterrey")
    store.set_current_shortlist(int(shortlist.id or 0))
    window.resize(1600, 900)
    window.navigate("cluster", "claut")
    star = window.notes_panel.star
    qtbot.waitUntil(lambda: star.text() == "☆ Add to the shortlist “Querétaro && Monterrey”")
    click(qtbot, star)
    assert "Querétaro && Monterrey" in star.text()
    assert "★" in star.text()


def test_a_longer_shortlist_name_never_moves_the_split(qtbot: QtBot, window: MainWindow,
                                                       store: NotesStore) -> None:
    shortlist = store.create_shortlist("Bajío")
    store.set_current_shortlist(int(shortlist.id or 0))
    window.resize(1100, 700)
    window.navigate("cluster", "claut")
    clusters = window.tab_pages["clusters"]
    qtbot.waitUntil(lambda: window.notes_panel.star.isVisible())
    QApplication.processEvents()
    before = (clusters.splitter.sizes(), clusters.detail_splitter.sizes())
    assert window.notes_panel.star.text() == "☆ Add to the shortlist “Bajío”"
    shortlists_page(qtbot, window)
    tab = window.my_notes
    type_in_next_input_dialog("Querétaro, Guanajuato, Aguascalientes, Jalisco and Nuevo León "
                              "mission, March 2027, second week, with the automotive clusters")
    click(qtbot, tab.rename_list_button)
    window.tabs.setCurrentWidget(clusters)
    QApplication.processEvents()
    star = window.notes_panel.star
    assert (clusters.splitter.sizes(), clusters.detail_splitter.sizes()) == before
    assert star.text().startswith("☆ Add to the shortlist “Querétaro, Guanajuato")
    assert "…" in star.text()  # cut to the room the panel has...
    assert star.width() <= window.notes_panel.width()
    assert "with the automotive clusters”" in star.toolTip()  # ... and whole in its tool tip
    window.notes_panel.grab().save("/tmp/notes_panel_long_star.png")


# -- item 5: the meeting's date ---------------------------------------------------------------


def _open_contact(qtbot: QtBot, window: MainWindow, store: NotesStore,
                  met_on: str = "2026-03-10") -> tuple[Contact, Contact]:
    """Two contacts at CLAUT, the first shown in the cluster's panel, its window active."""
    ana = store.save_contact(Contact("Ana Perez", cluster_id="claut", met_on=met_on))
    luis = store.save_contact(Contact("Luis Gomez", cluster_id="claut"))
    window.navigate("cluster", "claut")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    assert window.notes_panel.contact_editor.fields["name"].text() == "Ana Perez"
    return ana, luis


def _retype(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Click into a field, select what it holds and type *text* over it."""
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Delete)


@pytest.mark.parametrize(("language", "typed", "stored", "shown"), [
    ("en_GB", "10/03/2027", "2027-03-10", "10/03/2027"),
    ("en_GB", "1/3/27", "2027-03-01", "01/03/2027"),
    ("de_DE", "10.03.2027", "2027-03-10", "10.03.2027"),
    ("de_DE", "10.3.27", "2027-03-10", "10.03.2027"),
    ("en_US", "3/10/2027", "2027-03-10", "3/10/2027"),
    ("en_US", "3/10/27", "2027-03-10", "3/10/2027"),
    ("de_DE", "2027-03-10", "2027-03-10", "10.03.2027"),  # ISO, whatever the language
    ("en_US", "2027-03-10", "2027-03-10", "3/10/2027"),
])
def test_met_on_is_typed_as_the_language_writes_dates(
        qtbot: QtBot, locale: Callable[[str], None], make_window: Callable[[], MainWindow],
        store: NotesStore, language: str, typed: str, stored: str, shown: str) -> None:
    """Day or month first as the user's language has it ("10/03/2027" is 10 March in
    Britain); the notes keep ISO dates, the field shows the language's own way."""
    locale(language)
    window = make_window()
    ana, _luis = _open_contact(qtbot, window, store)
    editor = window.notes_panel.contact_editor
    _retype(qtbot, editor.fields["met_on"], typed)
    qtbot.mouseClick(editor.fields["met_where"], Qt.MouseButton.LeftButton)  # leaves it
    assert store.contact(int(ana.id or 0)).met_on == stored
    assert not editor.date_field.message.isVisible()
    click_row(qtbot, window.notes_panel.contact_view, 1)
    click_row(qtbot, window.notes_panel.contact_view, 0)
    assert editor.fields["met_on"].text() == shown


def test_a_date_that_cannot_be_saved_stays_marked_and_the_rest_is_saved(
        qtbot: QtBot, locale: Callable[[str], None], make_window: Callable[[], MainWindow],
        store: NotesStore) -> None:
    """"31/02/2027" is no day: it stays in the field, marked, with a word beside it — after
    leaving the field, and after going to another contact and back — until it is corrected;
    the other fields are saved meanwhile."""
    locale("en_GB")
    window = make_window()
    told: list[str] = []
    window.notify_user = lambda _title, text: told.append(text)  # type: ignore[method-assign]
    ana, _luis = _open_contact(qtbot, window, store)
    panel = window.notes_panel
    editor = panel.contact_editor
    met_on = editor.fields["met_on"]
    _retype(qtbot, met_on, "31/02/2027")
    qtbot.mouseClick(editor.fields["met_where"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.fields["met_where"], "Apodaca")
    qtbot.mouseClick(editor.fields["role"], Qt.MouseButton.LeftButton)
    assert (store.contact(int(ana.id or 0)).met_where,
            store.contact(int(ana.id or 0)).met_on) == ("Apodaca", "2026-03-10")
    assert met_on.text() == "31/02/2027"
    message = editor.date_field.message
    assert message.isVisible()
    assert "Not a date" in message.text()
    assert "DD/MM/YYYY" in message.text()
    assert "#b3261e" in met_on.styleSheet()  # the red border
    editor.grab().save("/tmp/notes_editor_bad_date.png")

    click_row(qtbot, panel.contact_view, 1)  # another contact...
    assert editor.fields["name"].text() == "Luis Gomez"
    assert met_on.text() == ""
    assert not message.isVisible()
    assert "#b3261e" not in met_on.styleSheet()
    assert any("“31/02/2027”" in t and "Ana Perez" in t for t in told)
    click_row(qtbot, panel.contact_view, 0)  # ... and back: the typing is there, marked
    assert editor.fields["name"].text() == "Ana Perez"
    assert met_on.text() == "31/02/2027"
    assert message.isVisible()
    assert "#b3261e" in met_on.styleSheet()
    assert store.contact(int(ana.id or 0)).met_on == "2026-03-10"

    _retype(qtbot, met_on, "28/02/2027")
    assert not message.isVisible()  # fixed: the mark goes as it is typed
    qtbot.mouseClick(editor.fields["met_where"], Qt.MouseButton.LeftButton)
    assert store.contact(int(ana.id or 0)).met_on == "2027-02-28"
    assert "#b3261e" not in met_on.styleSheet()
    assert editor.refused() == []


def test_a_bad_date_is_not_replaced_by_another_windows_date(
        qtbot: QtBot, locale: Callable[[str], None], make_window: Callable[[], MainWindow],
        store: NotesStore) -> None:
    locale("en_GB")
    window = make_window()
    ana, _luis = _open_contact(qtbot, window, store)
    editor = window.notes_panel.contact_editor
    _retype(qtbot, editor.fields["met_on"], "31/02/2027")
    qtbot.mouseClick(editor.fields["met_where"], Qt.MouseButton.LeftButton)
    with NotesStore(store.path) as other:  # another window saves a date and a role
        other.update_contact(ana, {"met_on": "2026-04-01", "role": "Director"})
    qtbot.keyClicks(editor.fields["met_where"], "Apodaca")
    qtbot.mouseClick(editor.fields["tags"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.fields["role"].text() == "Director", timeout=3000)
    stored = store.contact(int(ana.id or 0))
    assert (stored.met_where, stored.met_on) == ("Apodaca", "2026-04-01")
    assert editor.fields["met_on"].text() == "31/02/2027"  # still there to be corrected
    assert editor.date_field.message.isVisible()


def test_a_bad_date_is_asked_about_at_quit(qtbot: QtBot, locale: Callable[[str], None],
                                           make_window: Callable[[], MainWindow],
                                           store: NotesStore) -> None:
    locale("en_GB")
    window = make_window()
    window.notify_user = lambda _title, _text: None  # type: ignore[method-assign]
    _open_contact(qtbot, window, store)
    editor = window.notes_panel.contact_editor
    _retype(qtbot, editor.fields["met_on"], "next week")
    click_row(qtbot, window.notes_panel.contact_view, 1)
    asked: list[str] = []
    window.ask_unsaved = lambda text: asked.append(text) or "cancel"  # type: ignore[func-returns-value,method-assign]
    window.close()
    assert window.isVisible()  # cancelled: the typing is still there to correct
    [question] = asked
    assert "“next week”" in question
    assert "Ana Perez" in question
    window.ask_unsaved = lambda _text: "discard"  # type: ignore[method-assign]


def test_an_empty_date_is_saved_empty(qtbot: QtBot, window: MainWindow,
                                      store: NotesStore) -> None:
    ana, _luis = _open_contact(qtbot, window, store)
    editor = window.notes_panel.contact_editor
    _retype(qtbot, editor.fields["met_on"], "")
    qtbot.mouseClick(editor.fields["met_where"], Qt.MouseButton.LeftButton)
    assert store.contact(int(ana.id or 0)).met_on == ""
    assert not editor.date_field.message.isVisible()


@pytest.mark.qt_log_ignore("This plugin does not support raise",  # (offscreen and pop-ups)
                           "This plugin does not support grabbing the keyboard")
def test_the_date_is_picked_from_a_calendar(qtbot: QtBot, locale: Callable[[str], None],
                                            make_window: Callable[[], MainWindow],
                                            store: NotesStore) -> None:
    locale("en_GB")
    window = make_window()
    ana, luis = _open_contact(qtbot, window, store)
    editor = window.notes_panel.contact_editor
    field = editor.date_field
    click(qtbot, field.button)
    calendar = field.calendar
    assert isinstance(calendar, QCalendarWidget)
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate() == QDate(2026, 3, 10)  # the date the field holds
    window.grab().save("/tmp/notes_editor_calendar_window.png")
    calendar.window().grab().save("/tmp/notes_editor_calendar.png")
    focus = QApplication.focusWidget()
    assert focus is not None
    assert calendar.isAncestorOf(focus)
    qtbot.keyClick(focus, Qt.Key.Key_Right)
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    assert not calendar.isVisible()
    assert editor.fields["met_on"].text() == "11/03/2026"
    assert store.contact(int(ana.id or 0)).met_on == "2026-03-11"  # saved at once

    click_row(qtbot, window.notes_panel.contact_view, 1)  # Luis: no date; the calendar
    click(qtbot, field.button)                            # opens at today
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate() == QDate.currentDate()
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, Qt.Key.Key_Escape)  # nothing chosen, nothing changed
    assert not calendar.isVisible()
    assert store.contact(int(luis.id or 0)).met_on == ""
    assert editor.fields["met_on"].text() == ""

    qtbot.mouseClick(editor.fields["met_on"], Qt.MouseButton.LeftButton)  # and by keys
    qtbot.keyClick(editor.fields["met_on"], Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(calendar.isVisible)
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    assert store.contact(int(luis.id or 0)).met_on == dt.date.today().isoformat()


def test_a_new_contact_is_met_today(qtbot: QtBot, locale: Callable[[str], None],
                                    make_window: Callable[[], MainWindow],
                                    store: NotesStore) -> None:
    locale("de_DE")
    window = make_window()
    window.navigate("cluster", "claut")
    panel = window.notes_panel
    click(qtbot, panel.add_contact_button)
    today = dt.date.today()
    assert panel.contact_editor.fields["met_on"].text() == f"{today:%d.%m.%Y}"
    panel.contact_editor.grab().save("/tmp/notes_editor.png")


# -- item 12: counts in words -----------------------------------------------------------------


def test_the_restore_list_counts_in_words(qtbot: QtBot, window: MainWindow,
                                          store: NotesStore) -> None:
    store.save_contact(Contact("Ana Perez"))
    store.save_note(Note("one note"))
    store.create_shortlist("one list")
    store.backup()
    seen: list[str] = []

    def read_and_cancel(_app: QApplication) -> bool:
        box = QApplication.activeModalWidget()
        if box is None:
            return False
        view = box.findChild(QListView)
        assert view is not None
        seen.append(view.model().index(0, 0).data())
        box.reject()
        return True

    answer_next_dialog(read_and_cancel)
    window.restore_action.trigger()
    [line] = seen
    assert "1 contact, 1 note, 1 shortlist" in line


def test_the_restore_question_counts_in_words(qtbot: QtBot, window: MainWindow,
                                              store: NotesStore) -> None:
    store.save_contact(Contact("Ana Perez"))
    store.backup()
    seen: list[str] = []

    def choose(_app: QApplication) -> bool:
        box = QApplication.activeModalWidget()
        if box is None or box.findChild(QListView) is None:
            return False
        for button in box.findChildren(QAbstractButton):
            if button.text() == "Restore…":
                button.click()
                return True
        raise AssertionError("no Restore… button")

    def answer_no(_app: QApplication) -> bool:
        box = QApplication.activeModalWidget()
        if box is None or box.findChild(QListView) is not None:
            return False
        seen.append(" ".join(label.text() for label in box.findChildren(QLabel)))
        for button in box.findChildren(QAbstractButton):
            if button.text().replace("&", "") == "No":
                button.click()
                return True
        raise AssertionError("no No button")

    answer_next_dialog(choose)
    QTimer.singleShot(50, lambda: answer_next_dialog(answer_no))
    window.restore_action.trigger()
    [text] = seen
    assert "1 contact, 0 notes, 0 shortlists, 0 missions and 0 meetings" in text


def test_drafts_saved_at_start_are_counted_in_words(qtbot: QtBot, window: MainWindow,
                                                    store: NotesStore) -> None:
    ana = store.save_contact(Contact("Ana Perez"))
    write_drafts(store.path, [Draft("contact", ana, {"role": "Director"})])
    with write_lock(store.path):
        told = window.guard.save_drafts()  # as the app does at start
    assert told.startswith("1 unsaved change from your last session is kept in")
    told = window.guard.save_drafts()
    assert told.startswith("Saved 1 change you typed in your last session")
    assert store.contact(int(ana.id or 0)).role == "Director"


# -- item 12: an import asks only what it needs to --------------------------------------------


def _contacts_file(tmp_path: Path, names: list[str]) -> Path:
    path = tmp_path / "contacts.csv"
    path.write_text("name,email\n" + "".join(f"{name},{name.lower().replace(' ', '.')}"
                                             "@example.org\n" for name in names),
                    encoding="utf-8")
    return path


def _run_import(qtbot: QtBot, window: MainWindow, store: NotesStore, path: Path,
                confirm: Callable[[str], str | None],
                ask_import: Callable[[str], bool] | None) -> list[str]:
    """Import *path* as File ▸ Import does, off the window's thread; what the status bar
    says at the end."""
    ended: list[str] = []
    job = NotesImport(window, store, confirm, ask_import)
    job.ended.connect(lambda message, _changed: ended.append(message))
    job.start(path)
    qtbot.waitUntil(lambda: bool(ended), timeout=10000)
    return ended


def _no_merge_question(summary: str) -> str | None:
    raise AssertionError(f"asked to merge or keep with nothing differing: {summary}")


def test_an_import_with_nothing_differing_asks_only_to_import(
        qtbot: QtBot, window: MainWindow, store: NotesStore, tmp_path: Path) -> None:
    """New records only: no "merge or keep mine" question (nothing differs), just Import or
    Cancel, answered here in the real dialog."""
    path = _contacts_file(tmp_path, ["Ana Perez"])
    seen: list[str] = []

    def press(name: str) -> Callable[[QApplication], bool]:
        def act(_app: QApplication) -> bool:
            box = QApplication.activeModalWidget()
            if box is None:
                return False
            seen.append(" ".join(label.text() for label in box.findChildren(QLabel)))
            buttons = {b.text().replace("&", ""): b for b in box.findChildren(QAbstractButton)}
            assert sorted(buttons) == ["Cancel", "Import"]
            buttons[name].click()
            return True
        return act

    answer_next_dialog(press("Cancel"))
    _run_import(qtbot, window, store, path, _no_merge_question,
                lambda text: ask_to_import(window, text))
    assert store.contacts() == []
    [asked] = seen
    assert "1 new contact will be added." in asked
    assert "merg" not in asked
    assert "differ" not in asked

    answer_next_dialog(press("Import"))
    ended = _run_import(qtbot, window, store, path, _no_merge_question,
                        lambda text: ask_to_import(window, text))
    assert [c.name for c in store.contacts()] == ["Ana Perez"]
    assert ended == ["Imported 1 record"]


def test_an_import_asks_merge_or_keep_only_when_records_differ(
        qtbot: QtBot, window: MainWindow, store: NotesStore, tmp_path: Path) -> None:
    store.save_contact(Contact("Ana Perez", role="Director",
                               emails=points("ana.perez@example.org")))
    path = tmp_path / "contacts.csv"
    path.write_text("name,email,role\nAna Perez,ana.perez@example.org,CEO\n"
                    "Luis Gomez,luis@example.org,\n", encoding="utf-8")
    asked: list[str] = []

    def no_plain_question(text: str) -> bool:
        raise AssertionError(f"no merge choice offered: {text}")

    _run_import(qtbot, window, store, path,
                lambda text: asked.append(text) or "skip",  # type: ignore[func-returns-value]
                no_plain_question)
    [summary] = asked
    assert summary.startswith("1 new contact will be added. ")
    assert "1 record differs from the one here (Ana Perez)" in summary
    assert sorted(c.name for c in store.contacts()) == ["Ana Perez", "Luis Gomez"]


def test_an_import_with_nothing_new_says_so(qtbot: QtBot, window: MainWindow,
                                            store: NotesStore, tmp_path: Path) -> None:
    store.save_contact(Contact("Ana Perez", emails=points("ana.perez@example.org")))
    path = _contacts_file(tmp_path, ["Ana Perez"])
    seen: list[str] = []

    def ok(_app: QApplication) -> bool:
        box = QApplication.activeModalWidget()
        if box is None:
            return False
        seen.append(box.windowTitle() + ": " + " ".join(
            label.text() for label in box.findChildren(QLabel)))
        buttons = box.findChild(QDialogButtonBox)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok) if buttons else None
        if ok is None:  # (its text is Qt's: "OK", "Aceptar")
            raise AssertionError("no OK button")
        ok.click()
        return True

    answer_next_dialog(ok)

    def never(text: str) -> bool:
        raise AssertionError(f"asked with nothing to import: {text}")

    ended = _run_import(qtbot, window, store, path, _no_merge_question, never)
    [said] = seen
    assert said.startswith("Nothing to import: ")
    assert ("Nothing in the file is new to your notes. 1 record is already here unchanged "
            "and will be skipped.") in said
    # ... and the status bar says so (it went on showing an earlier import's word).
    assert ended == ["Nothing was imported: your notes are as they were"]


def test_an_import_counts_with_thousands_separated(qtbot: QtBot, window: MainWindow,
                                                   store: NotesStore, tmp_path: Path) -> None:
    path = _contacts_file(tmp_path, [f"Person {n}" for n in range(1234)])
    asked: list[str] = []
    _run_import(qtbot, window, store, path, _no_merge_question,
                lambda text: asked.append(text) or False)  # type: ignore[func-returns-value]
    [summary] = asked
    assert summary.startswith("1,234 new contacts will be added.")


def test_file_import_with_nothing_differing_asks_only_to_import(
        qtbot: QtBot, window: MainWindow, store: NotesStore, tmp_path: Path) -> None:
    """File ▸ Import as the menu runs it, its question answered in the real dialog."""
    window.notes.prompts.open_path = lambda: _contacts_file(tmp_path, ["Ana Perez"])
    offered: list[list[str]] = []

    def cancel(_app: QApplication) -> bool:
        box = QApplication.activeModalWidget()
        if box is None:
            return False
        offered.append(sorted(b.text().replace("&", "")
                              for b in box.findChildren(QAbstractButton)))
        box.reject()
        return True

    answer_next_dialog(cancel)
    window.import_notes_action.trigger()
    qtbot.waitUntil(lambda: bool(offered) and window.notes.current_import is not None
                    and not window.notes.current_import.running(), timeout=10000)
    assert offered == [["Cancel", "Import"]]
