"""Named saved views in the notes file (core/saved_views.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from mxdesk.core.browse import View
from mxdesk.core.notes import NotesStore
from mxdesk.core.saved_views import (
    KEY,
    SavedView,
    SavedViewError,
    delete_view,
    find_view,
    rename_view,
    save_view,
    saved_views,
)

AERO = View("aero", (("State", ("Nuevo León", "Querétaro")),), 3, True)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[NotesStore]:
    opened = NotesStore(tmp_path / "notes.db")
    yield opened
    opened.close()


def test_saved_views_come_back_by_name(store: NotesStore, tmp_path: Path) -> None:
    save_view(store, "  Aero   Bajío ", "clusters", AERO)
    save_view(store, "all policies", "policies", View())
    # Another connection (another window, the command line) reads the same.
    with NotesStore(tmp_path / "notes.db") as other:
        assert saved_views(other) == [SavedView("Aero Bajío", "clusters", AERO),
                                      SavedView("all policies", "policies", View())]
        assert find_view(other, "aero bajio").view == AERO


def test_a_taken_name_is_refused_unless_replaced(store: NotesStore) -> None:
    save_view(store, "Aero", "clusters", AERO)
    with pytest.raises(SavedViewError, match="already saved"):
        save_view(store, "AERO", "clusters", View())
    assert find_view(store, "aero").view == AERO
    save_view(store, "Aero", "sectors", View("x"), replace=True)
    assert saved_views(store) == [SavedView("Aero", "sectors", View("x"))]


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_bad_name_changes_nothing(store: NotesStore, name: str) -> None:
    before = store.changes()
    with pytest.raises(SavedViewError):
        save_view(store, name, "clusters", AERO)
    assert saved_views(store) == []
    assert store.changes() == before


def test_rename_and_delete(store: NotesStore) -> None:
    save_view(store, "Aero", "clusters", AERO)
    save_view(store, "Food", "clusters", View("food"))
    with pytest.raises(SavedViewError, match="already saved"):
        rename_view(store, "aero", "food")
    rename_view(store, "aero", "Aerospace north")
    rename_view(store, "food", "FOOD")  # a change of case alone
    assert [v.name for v in saved_views(store)] == ["Aerospace north", "FOOD"]
    delete_view(store, "aerospace NORTH")
    assert [v.name for v in saved_views(store)] == ["FOOD"]
    with pytest.raises(SavedViewError, match="no saved view"):
        delete_view(store, "aero")


def test_a_view_this_version_cannot_open_is_kept(store: NotesStore) -> None:
    """A view of a tab a later mxdesk has is left out of the list, never lost by a save."""
    later = {"name": "Companies", "tab": "companies", "text": "", "selected": {}}
    store.set_setting(KEY, json.dumps([later]))
    assert saved_views(store) == []
    save_view(store, "Aero", "clusters", AERO)
    assert later in json.loads(store.setting(KEY))


def test_a_damaged_list_is_not_overwritten(store: NotesStore) -> None:
    store.set_setting(KEY, "{not json")
    assert saved_views(store) == []
    with pytest.raises(SavedViewError, match="cannot be read"):
        save_view(store, "Aero", "clusters", AERO)
    assert store.setting(KEY) == "{not json"


def test_the_sort_is_kept_by_column_name(store: NotesStore) -> None:
    save_view(store, "By label", "clusters", AERO)
    assert json.loads(store.setting(KEY))[0]["sort"] == "label"
