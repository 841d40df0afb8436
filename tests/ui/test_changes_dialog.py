"""Opening a newer directory with notes made on the previous one (issue 16): the window says
what changed, the user's records first, each a link that opens the record, and every note
stays attached, under the record it is now (tests/release_fixture.py makes both releases)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from mxdesk.core.directory import Directory
from mxdesk.core.notes import NotesStore
from mxdesk.ui.changes_dialog import TITLE, ChangesDialog
from mxdesk.ui.settings import WindowSettings
from mxdesk.ui.window import MainWindow
from tests.release_fixture import (
    MERGED,
    PREVIOUS_VERSION,
    RELEASE,
    REMOVED,
    RENAMED,
    everything,
    newer_release,
    notes_made_on,
    previous_release,
)
from tests.ui.test_i14_notes import click, click_row
from tests.ui.test_i14_tabs import click_link

MakeWindow = Callable[[str | None], MainWindow]


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    previous = previous_release(tmp_path_factory.mktemp("previous"))
    return previous, newer_release(tmp_path_factory.mktemp("newer"), previous)


@pytest.fixture
def newer(releases: tuple[Path, Path]) -> Iterator[Directory]:
    with Directory(releases[1]) as opened:
        yield opened


@pytest.fixture
def noted(tmp_path: Path, releases: tuple[Path, Path]) -> Iterator[NotesStore]:
    """A notes file made while release 2026.11.1 was the directory."""
    store = NotesStore(tmp_path / "notes.db")
    notes_made_on(store, releases[0])
    yield store
    store.close()


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path, newer: Directory,
                noted: NotesStore) -> MakeWindow:
    def make(last_opened: str | None, store: NotesStore | None = None) -> MainWindow:
        """A window on the newer directory whose settings remember *last_opened* (None:
        nothing remembered), with *store* (default: notes made on the previous release),
        shown as app.py shows it."""
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        if last_opened is not None:
            WindowSettings(settings).last_data_version = last_opened
        window = MainWindow(newer, settings, store or noted, background=False)
        window.ask_unsaved = lambda _text: "discard"  # type: ignore[method-assign]
        qtbot.addWidget(window)
        window.show()
        return window

    return make


def announced(window: MainWindow) -> ChangesDialog | None:
    """What app.py does once the window shows."""
    return window.what_changed.announce()


def help_item(window: MainWindow, text: str) -> None:
    """Trigger an item of the Help menu, as a click on it does."""
    for bar_item in window.menuBar().actions():
        menu = bar_item.menu()
        if isinstance(menu, QMenu) and bar_item.text() == "&Help":
            for action in menu.actions():
                if action.text().replace("&", "") == text:
                    action.trigger()
                    return
    raise AssertionError(f"no Help ▸ {text}")


def test_a_newer_directory_tells_what_changed_and_every_note_follows(
        qtbot: QtBot, make_window: MakeWindow, noted: NotesStore) -> None:
    before = everything(noted)
    window = make_window(PREVIOUS_VERSION)
    dialog = announced(window)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    # Non-blocking: the window still takes clicks.
    assert not dialog.isModal()
    assert QApplication.activeModalWidget() is None
    assert dialog.windowTitle() == TITLE
    assert f"from data version {PREVIOUS_VERSION} to {RELEASE}" in dialog.summary.text()
    assert "4 of the records you have notes or shortlists on changed" in dialog.summary.text()
    text = dialog.browser.toPlainText()
    # The user's records first: the removed, the merged, the renamed cluster and the one
    # whose label changed, before every other group.
    yours = text.index("Records you have notes or shortlists on (4)")
    assert yours < text.index("Removed (1)") < text.index("Figures changed")
    first = text[yours:text.index("Removed (1)")]
    for name in ("Cleantech Cluster Mexico", "Clúster Automotriz Estado de México",
                 "Monterry IT Cluster", "Consejo para el Desarrollo de la Industria"):
        assert name in first
    assert "Your notes on it stay in My notes" in first
    # A removed record is said to be removed, with no link.
    html = dialog.browser.toHtml()
    assert f"mxdesk://cluster/{REMOVED}" not in html

    # Clicking the merged record opens the record it is now, with the notes made on it.
    click_link(qtbot, dialog.browser, f"mxdesk://cluster/{MERGED[1]}")
    clusters = window.tab_pages["clusters"]
    qtbot.waitUntil(lambda: clusters.current == ("cluster", MERGED[1]))
    assert window.tabs.currentWidget() is clusters
    panel = window.notes_panel
    contacts = [panel.contact_list.index(r, 0).data() for r in range(panel.contact_list.rowCount())]
    notes = [panel.note_list.index(r, 0).data() for r in range(panel.note_list.rowCount())]
    assert sorted(contacts) == ["Ana Pérez · Director", "Jorge Díaz"]
    assert sorted(notes) == ["CLAUT: meeting on Tuesday", "Met CLAUT Edomex at the fair"]
    assert panel.star.isChecked()  # the shortlist holds the old id
    assert dialog.isVisible()  # it stays open for the next one

    # The renamed one: its new id, its contact and note.
    click_link(qtbot, dialog.browser, f"mxdesk://cluster/{RENAMED[1]}")
    qtbot.waitUntil(lambda: clusters.current == ("cluster", RENAMED[1]))
    assert [panel.contact_list.index(0, 0).data(), panel.note_list.index(0, 0).data()] == [
        "Luis Gómez", "Monterrey IT: ask about the label"]

    # My notes names the record each note is about now; only the removed one is an orphan.
    tab = window.my_notes
    tab_bar = window.tabs.tabBar()
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton,
                     pos=tab_bar.tabRect(window.tabs.indexOf(tab)).center())
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is tab)
    model = tab.model
    shown = {model.index(r, 1).data(): model.index(r, 2).data() for r in range(model.rowCount())}
    assert shown["Ana Pérez · Director"] == "Cluster Automotriz de Nuevo León"
    assert shown["Met CLAUT Edomex at the fair"] == "Cluster Automotriz de Nuevo León"
    assert shown["Luis Gómez"] == "Monterrey IT Cluster"
    assert shown["Marta Ruiz"] == f"{REMOVED} (no longer in the directory)"
    assert "notes on 1 cluster no longer in the directory" in tab.status
    names = [tab.cluster_filter.itemText(i) for i in range(1, tab.cluster_filter.count())]
    assert names.count("Cluster Automotriz de Nuevo León") == 1
    # "Show its cluster" on a note made on the merged id opens the record it is now.
    row = next(r for r in range(model.rowCount())
               if model.index(r, 1).data() == "Met CLAUT Edomex at the fair")
    click_row(qtbot, tab.table, row)
    click(qtbot, tab.open_cluster_button)
    qtbot.waitUntil(lambda: clusters.current == ("cluster", MERGED[1]))
    assert window.statusBar().currentMessage().startswith(f"{MERGED[0]} is now Cluster "
                                                          "Automotriz de Nuevo León (claut)")

    # Help ▸ What changed… shows the list again.
    dialog.close()
    qtbot.waitUntil(lambda: window.what_changed.dialog is None)
    help_item(window, "What changed in the directory…")
    again = window.what_changed.dialog
    assert again is not None
    qtbot.waitUntil(again.isVisible)
    assert again.browser.toPlainText() == text

    # Nothing lost, nothing rewritten: every contact, note and shortlist as it was made.
    window.close()
    assert everything(noted) == before
    assert noted.counts() == (5, 5, 1, 0, 0)


def test_the_first_start_only_remembers(make_window: MakeWindow, tmp_path: Path) -> None:
    with NotesStore(tmp_path / "empty.db") as empty:
        window = make_window(None, empty)
        assert announced(window) is None
    assert window.window_settings.last_data_version == RELEASE
    # And the next start with the same directory says nothing either.
    assert announced(window) is None


def test_notes_from_the_release_that_remembered_no_version_are_told(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """2026.11.1 did not remember the data version it opened: a user coming from it has
    notes but nothing remembered, and is told every change, their records first (the new-user
    trial of issue 16 found the dialog never came)."""
    window = make_window(None)
    dialog = announced(window)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert "Records you have notes or shortlists on (4)" in dialog.browser.toPlainText()
    assert window.window_settings.last_data_version == RELEASE
    dialog.close()
    assert announced(window) is None  # told once


@pytest.mark.parametrize("last_opened", [RELEASE, "2026.11.10", "synthetic-98-1"])
def test_the_same_or_an_older_directory_says_nothing(make_window: MakeWindow,
                                                     last_opened: str) -> None:
    window = make_window(last_opened)
    assert announced(window) is None
    assert window.what_changed.dialog is None
    assert window.window_settings.last_data_version == RELEASE


def test_told_once_then_help_shows_it_again(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(PREVIOUS_VERSION)
    dialog = announced(window)
    assert dialog is not None
    assert window.window_settings.last_data_version == RELEASE
    dialog.close()
    assert announced(window) is None  # the version is remembered
    help_item(window, "What changed in the directory…")
    assert window.what_changed.dialog is not None
    qtbot.waitUntil(window.what_changed.dialog.isVisible)


def test_the_star_takes_the_old_id_off_the_shortlist(qtbot: QtBot, make_window: MakeWindow,
                                                     noted: NotesStore) -> None:
    window = make_window(RELEASE)
    window.navigate("cluster", MERGED[1])
    panel = window.notes_panel
    assert panel.star.isChecked()
    qtbot.mouseClick(panel.star, Qt.MouseButton.LeftButton)
    assert not panel.star.isChecked()
    assert [i.cluster_id for i in noted.shortlists()[0].items] == [RENAMED[0], REMOVED]
    # Ctrl+Z puts it back, under the id it had.
    window.named_actions["undo"].trigger()
    assert [i.cluster_id for i in noted.shortlists()[0].items] == [MERGED[0], RENAMED[0],
                                                                    REMOVED]
