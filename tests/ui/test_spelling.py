"""Misspelt searches in the window (issue 17): typed in a tab, in Ctrl+K and in My notes, as
a user types them; the bar says what was searched instead, and its "Search instead for …"
is clicked to get the search as typed back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from mxdesk.core.notes import Contact, Note, NotesStore
from mxdesk.ui.models import RecordIdRole, RecordKindRole
from mxdesk.ui.search_everything import SearchEverything
from mxdesk.ui.tab import BrowserTab
from mxdesk.ui.window import MainWindow

#: The issue's typos: (typed, what the bar says is searched, a cluster the tab must list).
TYPOS = [
    ("queretero", "Querétaro", "cluster-automotriz-queretaro"),
    ("monterey", "Monterrey", "monterrey-aerocluster"),
    ("aeroespace", "Aerospace", "chihuahua-aerospace-cluster"),
    ("chihuaha", "Chihuahua", "chihuahua-it-cluster"),
    ("automotrix", "Automotriz", "cluster-automotriz-puebla"),
    ("nuevo lein", "Nuevo León", "cluster-biotecnologico-nuevo-leon"),
]
#: The same typos in Ctrl+K, which also lists states and sectors: (typed, kind, id).
EVERYWHERE = [
    ("queretero", "state", "queretaro"),
    ("monterey", "cluster", "monterrey-aerocluster"),
    ("aeroespace", "sector", "aerospace"),
    ("chihuaha", "state", "chihuahua"),
    ("automotrix", "cluster", "cluster-automotriz-puebla"),
    ("nuevo lein", "state", "nuevo-leon"),
]


def listed(tab: BrowserTab) -> set[str]:
    model = tab.model
    return {model.index(r, 0).data(RecordIdRole) for r in range(model.rowCount())}


def type_in_tab(qtbot: QtBot, window: MainWindow, typed: str) -> BrowserTab:
    """Ctrl+F in the Clusters tab, then the keys of *typed*."""
    tab = window.tab_pages["clusters"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(tab.search_field.hasFocus)
    qtbot.keyClicks(tab.search_field, typed)
    return tab


@pytest.mark.parametrize(("typed", "searched", "cluster"), TYPOS)
def test_a_typo_typed_in_a_tab_finds_the_intended_cluster(
        qtbot: QtBot, window: MainWindow, typed: str, searched: str, cluster: str) -> None:
    tab = type_in_tab(qtbot, window, typed)
    # (The cluster may be listed on the way: "queret" finds Querétaro as typed.)
    qtbot.waitUntil(lambda: tab.model.browse.text == searched)
    qtbot.waitUntil(lambda: cluster in listed(tab))
    assert tab.spelling.isVisible()
    assert tab.spelling.label.text() == f"Showing results for {searched}"
    assert tab.spelling.button.text() == f"Search instead for {typed}"
    assert tab.search_field.text() == typed  # what the user typed stays as typed
    assert not tab.empty_bar.isVisible()


def test_search_instead_gives_the_search_as_typed_back(qtbot: QtBot, window: MainWindow
                                                       ) -> None:
    tab = type_in_tab(qtbot, window, "queretero")
    qtbot.waitUntil(lambda: tab.model.browse.text == "Querétaro")
    assert "cluster-automotriz-queretaro" in listed(tab)
    qtbot.mouseClick(tab.spelling.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)
    assert tab.model.browse.text == "queretero"
    assert tab.empty_bar.isVisible()  # "No clusters match the search and filters."
    # The bar stays, with the way back to the correction (issue 17's trial, §8).
    assert tab.spelling.isVisible()
    assert tab.spelling.label.text() == "Searched for queretero as typed"
    assert tab.spelling.button.text() == "Show results for Querétaro"
    qtbot.mouseClick(tab.spelling.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.browse.text == "Querétaro")
    assert "cluster-automotriz-queretaro" in listed(tab)
    assert tab.spelling.label.text() == "Showing results for Querétaro"
    assert not tab.empty_bar.isVisible()
    assert tab.search_field.text() == "queretero"
    qtbot.mouseClick(tab.spelling.button, Qt.MouseButton.LeftButton)  # as typed again
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)
    # A key more is another search: corrected again.
    qtbot.keyClick(tab.search_field, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: tab.spelling.button.text() == "Search instead for quereteros")
    assert tab.spelling.label.text() == "Showing results for Querétaro"


@pytest.mark.parametrize("typed", ["queretaro", "queret", "nuevo leon", "monterrey", "aero"])
def test_a_word_that_matches_is_never_corrected_in_a_tab(qtbot: QtBot, window: MainWindow,
                                                         typed: str) -> None:
    tab = type_in_tab(qtbot, window, typed)
    qtbot.waitUntil(lambda: tab.model.browse.text == typed)
    assert tab.model.rowCount() > 0
    assert not tab.spelling.isVisible()


def test_two_words_in_a_tab_correct_only_the_one_that_matches_nothing(
        qtbot: QtBot, window: MainWindow) -> None:
    tab = type_in_tab(qtbot, window, "automotriz nuevo lein")
    qtbot.waitUntil(lambda: tab.model.browse.text == "automotriz Nuevo León")
    assert "claut" in listed(tab)
    assert tab.spelling.label.text() == "Showing results for automotriz Nuevo León"


def test_the_tab_corrects_with_searches_on_the_query_thread(qtbot: QtBot,
                                                            make_window: object) -> None:
    window = make_window(background=True)  # type: ignore[operator]
    tab = type_in_tab(qtbot, window, "chihuaha")
    qtbot.waitUntil(lambda: tab.model.browse.text == "Chihuahua")
    qtbot.waitUntil(lambda: "chihuahua-it-cluster" in listed(tab), timeout=10_000)
    assert tab.spelling.isVisible()


# -- Ctrl+K ------------------------------------------------------------------------------------


@pytest.fixture
def dialog(qtbot: QtBot, window: MainWindow) -> Iterator[SearchEverything]:
    """Ctrl+K pressed in the window; Esc closes the box after the test."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_K,
                   Qt.KeyboardModifier.ControlModifier)
    box = window.search_everything
    qtbot.waitUntil(box.isVisible)
    yield box
    if box.isVisible():
        qtbot.keyClick(box.field, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not box.isVisible())


def found(box: SearchEverything) -> set[tuple[str, str]]:
    results = box.results
    return {(group.child(r).data(RecordKindRole), group.child(r).data(RecordIdRole))
            for g in range(results.rowCount()) for group in [results.item(g)]
            for r in range(group.rowCount())}


@pytest.mark.parametrize(("typed", "kind", "record_id"), EVERYWHERE)
def test_a_typo_typed_in_ctrl_k_finds_the_intended_record(
        qtbot: QtBot, dialog: SearchEverything, typed: str, kind: str, record_id: str) -> None:
    qtbot.keyClicks(dialog.field, typed)
    qtbot.waitUntil(dialog.spelling.isVisible)
    qtbot.waitUntil(lambda: (kind, record_id) in found(dialog))
    assert dialog.spelling.label.text().startswith("Showing results for ")
    assert "found" in dialog.hint.text()


def test_search_instead_in_ctrl_k(qtbot: QtBot, window: MainWindow,
                                  dialog: SearchEverything) -> None:
    qtbot.keyClicks(dialog.field, "chihuaha")
    qtbot.waitUntil(dialog.spelling.isVisible)
    qtbot.waitUntil(lambda: ("state", "chihuahua") in found(dialog))
    assert dialog.spelling.label.text() == "Showing results for Chihuahua"
    qtbot.mouseClick(dialog.spelling.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.hint.text() == "Nothing matches “chihuaha”.")
    assert found(dialog) == set()
    assert dialog.spelling.label.text() == "Searched for chihuaha as typed"
    qtbot.mouseClick(dialog.spelling.button, Qt.MouseButton.LeftButton)  # the way back
    qtbot.waitUntil(lambda: ("state", "chihuahua") in found(dialog))
    assert dialog.spelling.label.text() == "Showing results for Chihuahua"
    # Enter still opens what is chosen, never the button.
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # The corrected word names the state: it comes first (core/hit_order.py) and opens.
    assert window.tabs.currentWidget().current == ("state", "chihuahua")


def test_ctrl_k_offers_only_a_correction_that_finds_something(
        qtbot: QtBot, store: NotesStore, dialog: SearchEverything) -> None:
    """Issue 17's second trial: "jurgen grob" was shown as "jurgen grow" above an empty list
    while Jürgen Groß was among the contacts."""
    store.save_contact(Contact(name="Jürgen Groß", organisation="Automotive Cluster Bayern"))
    qtbot.keyClicks(dialog.field, "jurgen grob")
    qtbot.waitUntil(lambda: any(kind == "contact" for kind, _id in found(dialog)))
    assert dialog.spelling.label.text() == "Showing results for Jürgen Groß"
    dialog.field.clear()
    qtbot.keyClicks(dialog.field, "puebla aeroespace")  # nothing found either way
    qtbot.waitUntil(lambda: dialog.hint.text() == "Nothing matches “puebla aeroespace”.")
    assert not dialog.spelling.isVisible()


# -- My notes ----------------------------------------------------------------------------------


def test_my_notes_corrects_a_typo_and_searches_instead(qtbot: QtBot, window: MainWindow,
                                                       store: NotesStore) -> None:
    store.save_note(Note("Reunión en Querétaro", cluster_id="aerocluster-queretaro"))
    store.save_note(Note("Visited the Tlaquepaque potters"))
    window.tabs.setCurrentWidget(window.my_notes)
    tab = window.my_notes

    def titles() -> set[str]:
        return {tab.model.index(row, 1).data() for row in range(tab.model.rowCount())}

    qtbot.keyClicks(tab.search_field, "queretero")
    qtbot.waitUntil(lambda: titles() == {"Reunión en Querétaro"})
    assert tab.spelling.label.text() == "Showing results for Querétaro"
    qtbot.mouseClick(tab.spelling.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: titles() == set())
    assert tab.spelling.label.text() == "Searched for queretero as typed"
    assert tab.spelling.button.text() == "Show results for Querétaro"
    qtbot.mouseClick(tab.spelling.button, Qt.MouseButton.LeftButton)  # the way back
    qtbot.waitUntil(lambda: titles() == {"Reunión en Querétaro"})
    assert tab.spelling.label.text() == "Showing results for Querétaro"
    tab.search_field.clear()
    qtbot.keyClicks(tab.search_field, "tlaquepake")  # a word only the notes have
    qtbot.waitUntil(lambda: titles() == {"Visited the Tlaquepaque potters"})
    assert tab.spelling.label.text() == "Showing results for Tlaquepaque"


def test_my_notes_finds_by_cluster_and_offers_no_correction_that_finds_nothing(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    """Issue 17's trial: "monterrey" missed a note filed on Monterrey Aerocluster (the list
    shows its cluster), and "guanajato" was offered as "Guanajuato", which no note holds."""
    store.save_note(Note("Visit the hangar on Tuesday", cluster_id="monterrey-aerocluster"))
    store.save_note(Note("Reunión en Querétaro", cluster_id="aerocluster-queretaro"))
    window.tabs.setCurrentWidget(window.my_notes)
    tab = window.my_notes

    def titles() -> set[str]:
        return {tab.model.index(row, 1).data() for row in range(tab.model.rowCount())}

    qtbot.keyClicks(tab.search_field, "monterrey")
    qtbot.waitUntil(lambda: titles() == {"Visit the hangar on Tuesday"})
    tab.search_field.clear()
    qtbot.keyClicks(tab.search_field, "guanajato")
    qtbot.waitUntil(lambda: titles() == set())
    assert not tab.spelling.isVisible()
