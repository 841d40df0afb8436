"""Issue 15, what a new user found in the notes: buttons that were on and did nothing when
clicked (Show its cluster for a contact on no cluster, Delete on an empty list), and the
cluster panel asking to choose in a list it did not show when no cluster was shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from mxdesk.core.directory import Directory
from mxdesk.core.notes import Contact, NotesStore
from mxdesk.ui.messages import plain_tip
from mxdesk.ui.notes.cluster_panel import ClusterNotesPanel
from mxdesk.ui.notes.my_notes import MyNotesTab
from mxdesk.ui.window import MainWindow
from tests.faults import read_only_bind
from tests.ui.test_contact_cluster import leave, retype
from tests.ui.test_i14_notes import click
from tests.ui.test_i14_notes import click_row as click_list_row
from tests.ui.test_i14_tabs import click_link, click_row, type_search

# The Cluster field offers names in a pop-up as it is typed in (offscreen, pop-ups cannot be
# raised).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                       "This plugin does not support grabbing the keyboard",
                                       "This plugin does not support propagateSizeHints")

START = "Select a cluster to keep your contacts and notes on it."


def my_notes(qtbot: QtBot, window: MainWindow) -> MyNotesTab:
    """My notes, by clicking its tab."""
    tab_bar = window.tabs.tabBar()
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton,
                     pos=tab_bar.tabRect(window.tabs.indexOf(window.my_notes)).center())
    return window.my_notes


def row_titled(tab: MyNotesTab, title: str) -> int:
    titles = [tab.model.index(r, 1).data() for r in range(tab.model.rowCount())]
    return titles.index(title)


def said_below_details(window: MainWindow) -> list[str]:
    """The lines of text the user sees below the cluster's details."""
    below = window.tab_pages["clusters"].detail_splitter.widget(1)
    assert isinstance(below, QWidget)
    return [label.text() for label in below.findChildren(QLabel) if label.isVisible()] + (
        [below.text()] if isinstance(below, QLabel) and below.isVisible() else [])


# -- 2. Show its cluster and Delete, only when they can act --------------------------------


def test_show_its_cluster_is_off_for_a_contact_on_no_cluster(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    """It was on, and clicking it did nothing; it says why it is off, and comes on when the
    contact is put at a cluster."""
    store.save_contact(Contact("Ana Perez", cluster_id="claugto"))
    tab = my_notes(qtbot, window)
    button = tab.open_cluster_button
    assert not button.isEnabled()  # nothing chosen yet
    assert button.toolTip() == plain_tip("Select a contact or a note to show its cluster")

    click(qtbot, tab.new_contact_button)  # a contact made here, with no cluster filtered
    assert tab.contact_editor.fields["name"].text() == "New contact"
    assert store.contact(int(tab.current[1])).cluster_id is None  # type: ignore[index]
    assert not button.isEnabled()
    assert button.toolTip() == plain_tip("This contact is on no cluster: choose one in its "
                                         "Cluster field")
    tab.grab().save("/tmp/i15_show_its_cluster_off.png")

    click_list_row(qtbot, tab.table, row_titled(tab, "Ana Perez"))  # one on a cluster
    assert button.isEnabled()
    assert button.toolTip() == plain_tip(
        "Show Cluster Automotriz de Guanajuato in the Clusters tab")
    click_list_row(qtbot, tab.table, row_titled(tab, "New contact"))
    assert not button.isEnabled()

    # Put at a cluster in its form: the button follows the saved contact.
    retype(qtbot, tab.contact_editor.fields["cluster_id"], "claut")
    leave(qtbot, tab.contact_editor)
    assert button.isEnabled()
    click(qtbot, button)
    assert window.tabs.currentWidget() is window.tab_pages["clusters"]
    assert window.shown_cluster() == "claut"


def test_delete_in_my_notes_is_off_with_nothing_chosen(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    store.save_contact(Contact("Ana Perez", cluster_id="claugto"))
    tab = my_notes(qtbot, window)
    assert tab.model.rowCount() == 1
    assert not tab.delete_button.isEnabled()
    click_list_row(qtbot, tab.table, 0)
    assert tab.delete_button.isEnabled()
    click(qtbot, tab.delete_button)
    assert store.contacts() == []
    assert not tab.delete_button.isEnabled()  # the one chosen is gone


def test_delete_in_the_cluster_panel_is_off_on_an_empty_list(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    """"Contacts (0)" with Delete on, doing nothing when clicked."""
    clusters = window.tab_pages["clusters"]
    click_row(qtbot, clusters, "claut")
    panel = window.notes_panel
    assert panel.tabs.tabText(0) == "Contacts (0)"
    assert not panel.delete_contact_button.isEnabled()
    assert not panel.delete_note_button.isEnabled()
    panel.grab().save("/tmp/i15_panel_delete_off.png")

    click(qtbot, panel.add_contact_button)
    assert panel.tabs.tabText(0) == "Contacts (1)"
    assert panel.delete_contact_button.isEnabled()
    assert not panel.delete_note_button.isEnabled()  # the notes' list is still empty
    click(qtbot, panel.delete_contact_button)
    assert store.contacts() == []
    assert panel.tabs.tabText(0) == "Contacts (0)"
    assert not panel.delete_contact_button.isEnabled()

    tab_bar = panel.tabs.tabBar()
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(1).center())
    click(qtbot, panel.add_note_button)
    assert panel.delete_note_button.isEnabled()
    assert not panel.delete_contact_button.isEnabled()


def test_delete_stays_off_on_read_only_notes(qtbot: QtBot, directory: Directory,
                                             tmp_path: Path) -> None:
    """Choosing a record does not turn Delete on where the notes cannot be written."""
    data = tmp_path / "stick"
    data.mkdir()
    with NotesStore(data / "notes.db") as writable:
        writable.save_contact(Contact("Ana Perez", cluster_id="claut"))
    with read_only_bind(data) as mounted:
        store = NotesStore(mounted / "notes.db")
        assert store.read_only
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(directory, settings, store, background=False)
        qtbot.addWidget(window)
        window.show()
        click_row(qtbot, window.tab_pages["clusters"], "claut")
        panel = window.notes_panel
        assert panel.contact_view.currentIndex().isValid()
        assert not panel.delete_contact_button.isEnabled()
        tab = my_notes(qtbot, window)
        click_list_row(qtbot, tab.table, 0)
        assert tab.current is not None
        assert not tab.delete_button.isEnabled()
        assert tab.open_cluster_button.isEnabled()  # reading is allowed
        window.close()
        store.close()


# -- 3. No cluster shown: the panel says to select one -------------------------------------


def _shows_the_cluster_s_notes(panel: ClusterNotesPanel) -> bool:
    return panel.isEnabled() and panel.tabs.isVisible() and panel.star.isVisible()


def test_a_state_s_page_says_to_select_a_cluster(qtbot: QtBot, window: MainWindow) -> None:
    """After a state's link, the disabled panel said "Choose one in the list, or click 'Add
    contact'", of a list it did not show."""
    clusters = window.tab_pages["clusters"]
    assert said_below_details(window) == [START]  # at the start
    click_row(qtbot, clusters, "claut")
    panel = window.notes_panel
    assert _shows_the_cluster_s_notes(panel)
    click_link(qtbot, clusters.detail, "mxdesk://state/nuevo-leon")
    assert clusters.current == ("state", "nuevo-leon")
    assert said_below_details(window) == [START]
    assert not panel.tabs.isVisible()
    assert not panel.star.isVisible()
    window.grab().save("/tmp/i15_state_page.png")
    click_row(qtbot, clusters, "csoftmty")  # a cluster again: its lists are back
    assert clusters.current == ("cluster", "csoftmty")
    assert _shows_the_cluster_s_notes(panel)
    assert not panel.no_cluster_label.isVisible()


def test_a_search_that_leaves_no_cluster_says_to_select_one(qtbot: QtBot,
                                                           window: MainWindow) -> None:
    clusters = window.tab_pages["clusters"]
    click_row(qtbot, clusters, "claut")
    panel = window.notes_panel
    type_search(qtbot, clusters, "zzqx")
    qtbot.waitUntil(lambda: clusters.model.rowCount() == 0)
    assert clusters.current is None
    assert said_below_details(window) == [START]
    assert not panel.tabs.isVisible()
