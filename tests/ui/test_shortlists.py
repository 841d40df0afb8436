"""The Shortlists page on its own, with no window: what its buttons write, and what it tells
the tab that hosts it (its signals, in their order)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from mxdesk.core.directory import Directory
from mxdesk.core.notes import NotesStore, ShortlistItem
from mxdesk.ui.notes.guard import Deletion
from mxdesk.ui.notes.models import ClusterNames
from mxdesk.ui.notes.shortlists import ShortlistsPage
from tests.ui.test_i14_notes import click, click_row, type_in_next_input_dialog


@pytest.fixture
def page(qtbot: QtBot, store: NotesStore, directory: Directory) -> ShortlistsPage:
    made = ShortlistsPage(store, directory, ClusterNames(directory))
    qtbot.addWidget(made)
    made.resize(1000, 500)
    made.show()
    made.set_read_only(store.read_only)
    made.show_shortlists()
    return made


def told(page: ShortlistsPage) -> list[tuple[object, ...]]:
    """Every signal the page emits from now on, as (name, *arguments), in order."""
    heard: list[tuple[object, ...]] = []
    for name in ("changed", "namesChanged", "deleted", "message", "refused",
                 "exportShortlist"):
        getattr(page, name).connect(lambda *args, name=name: heard.append((name, *args)))
    return heard


def test_each_button_writes_and_tells_its_host(qtbot: QtBot, page: ShortlistsPage,
                                              store: NotesStore) -> None:
    heard = told(page)
    type_in_next_input_dialog("Bajio mission")
    click(qtbot, page.new_list_button)
    made = store.current_shortlist()  # the first one made is the star's
    assert made is not None
    assert made.name == "Bajio mission"
    assert heard == [("namesChanged",), ("changed",)]

    store.set_items(int(made.id or 0), [ShortlistItem("claut", "first"),
                                        ShortlistItem("claugto")])
    page.show_shortlists()
    heard.clear()
    click_row(qtbot, page.items_view, 0)
    click(qtbot, page.down_button)
    assert [i.cluster_id for i in store.shortlist(int(made.id or 0)).items] == [
        "claugto", "claut"]
    assert heard == [("changed",)]

    heard.clear()
    click(qtbot, page.remove_item_button)  # the moved one is still chosen
    assert [i.cluster_id for i in store.shortlist(int(made.id or 0)).items] == ["claugto"]
    assert [name for name, *_ in heard] == ["changed", "deleted"]
    removal = heard[1][1]
    assert isinstance(removal, Deletion)
    removal.undo()
    assert list(store.shortlist(int(made.id or 0)).items) == [
        ShortlistItem("claugto"), ShortlistItem("claut", "first")]

    heard.clear()
    click(qtbot, page.brochure_button)
    assert heard == [("exportShortlist", made.id)]

    heard.clear()
    click(qtbot, page.delete_list_button)
    assert store.shortlists() == []
    assert [name for name, *_ in heard] == ["deleted", "namesChanged", "changed"]
    deletion = heard[0][1]
    assert isinstance(deletion, Deletion)
    assert deletion.what == "delete of shortlist “Bajio mission”"


def test_a_name_taken_is_told_and_nothing_changes(qtbot: QtBot, page: ShortlistsPage,
                                                 store: NotesStore) -> None:
    store.create_shortlist("Bajio mission")
    page.show_shortlists()
    heard = told(page)
    type_in_next_input_dialog("Bajio mission")
    click(qtbot, page.new_list_button)
    assert [name for name, *_ in heard] == ["message"]
    assert [s.name for s in store.shortlists()] == ["Bajio mission"]


def test_read_only_notes_leave_only_the_brochure(qtbot: QtBot, page: ShortlistsPage,
                                                store: NotesStore) -> None:
    shortlist = store.create_shortlist("Bajio mission")
    store.set_items(int(shortlist.id or 0), [ShortlistItem("claut"), ShortlistItem("claugto")])
    store.read_only = "the disk is full"
    page.set_read_only(store.read_only)
    page.show_shortlists()
    click_row(qtbot, page.items_view, 0)
    writers = (page.new_list_button, page.rename_list_button, page.delete_list_button,
               page.current_list_button, page.up_button, page.down_button,
               page.remove_item_button)
    assert [b.isEnabled() for b in writers] == [False] * len(writers)
    assert all("the disk is full" in b.toolTip() for b in writers)
    assert page.brochure_button.isEnabled()
    assert page.items_view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
