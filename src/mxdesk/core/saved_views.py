"""Named saved views: a tab's search, ticked facet values and sort kept under a name the user
gave ("Aerospace in the Bajío"), listed in the window's Go menu and usable by ``mxdesk search
--view NAME``.

Kept in the user's notes file (its ``settings`` table, key ``saved_views``, one JSON list), not
in the window's ``settings.ini``: a saved view is something the user made, like a shortlist,
so it is backed up with the notes, follows the notes file to another computer, survives a
restore of the notes (which keeps the settings rows it does not restore), and the command line
reads it without Qt. Its sort is kept by the column's name (``state``), not its place, and its
ticks by the facet's title and value, so a later release that adds a column or renames a value
still opens it (a value no longer there shows ticked with a count of 0, as the facets do).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mxdesk.core.browse import View
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _
from mxdesk.core.notes import NotesStore
from mxdesk.core.tables import TAB_SPECS
from mxdesk.core.text import fold

log = logging.getLogger("mxdesk.notes")

#: The notes file's settings key holding the views.
KEY = "saved_views"
#: A view's name is at most this many characters.
MAX_NAME = 80


class SavedViewError(MxdeskError):
    """A view cannot be saved, renamed, deleted or found (the message says why); nothing was
    changed."""


@dataclass(frozen=True)
class SavedView:
    """A view saved under a name: the tab it belongs to (``"clusters"``, ``"sectors"``,
    ``"policies"``, ``"cooperation"``) and its search, ticks and sort."""

    name: str
    tab: str
    view: View
    #: The names (``Column.name``) of the columns shown when it was saved, in order; empty
    #: for a view saved before views kept them (the tab's columns then stay as they are).
    columns: tuple[str, ...] = ()


def _to_json(saved: SavedView) -> dict[str, Any]:
    spec = TAB_SPECS[saved.tab]
    column = spec.columns[min(max(saved.view.sort_column, 0), len(spec.columns) - 1)]
    return {"name": saved.name, "tab": saved.tab, "text": saved.view.text,
            "selected": {title: list(values) for title, values in saved.view.selected},
            "sort": column.name, "descending": saved.view.descending,
            "columns": list(saved.columns)}


def _from_json(item: Any) -> SavedView | None:
    """One stored view, or None (logged) when it is not one this mxdesk can open."""
    try:
        tab = str(item["tab"])
        spec = TAB_SPECS[tab]
        names = [c.name for c in spec.columns]
        sort = names.index(item["sort"]) if item.get("sort") in names else 0
        selected = tuple(sorted((str(title), tuple(sorted(str(v) for v in values)))
                                for title, values in dict(item.get("selected") or {}).items()
                                if values))
        view = View(str(item.get("text") or ""), selected, sort, bool(item.get("descending")))
        columns = tuple(str(c) for c in item.get("columns") or () if str(c) in names)
        name = str(item["name"]).strip()
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        log.warning("a saved view cannot be read and is left out: %r (%s)", item, exc)
        return None
    return SavedView(name, tab, view, columns) if name else None


def _items(store: NotesStore, strict: bool) -> list[Any]:
    """The stored list as JSON items; a value that is no JSON list raises (*strict*) or reads
    as empty (logged)."""
    try:
        items = json.loads(store.setting(KEY, "[]"))
        if not isinstance(items, list):
            raise TypeError("not a list")
    except (ValueError, TypeError) as exc:
        if strict:  # writing now would lose what the user saved: refuse instead
            raise SavedViewError(_("the saved views in your notes file cannot be read "
                                   "({reason}); nothing was changed").format(reason=exc)
                                 ) from exc
        log.warning("the saved views cannot be read: %s", exc)
        return []
    return items


def saved_views(store: NotesStore) -> list[SavedView]:
    """Every saved view, by name (case and accents ignored); views this mxdesk cannot open
    (hand-edited, or of a tab it does not have) are left out and logged, never raised."""
    views = [v for v in map(_from_json, _items(store, strict=False)) if v is not None]
    return sorted(views, key=lambda v: (fold(v.name), v.name))


def find_view(store: NotesStore, name: str) -> SavedView:
    """The view saved as *name* (case and accents ignored).

    Raises:
        SavedViewError: no view has that name (the message lists those there are).
    """
    views = saved_views(store)
    for saved in views:
        if fold(saved.name) == fold(name):
            return saved
    if not views:
        raise SavedViewError(_("no saved view is called {name}; saved views: none yet (Go ▸ "
                               "Save this view… in the window)").format(name=repr(name)))
    raise SavedViewError(_("no saved view is called {name}; saved views: {names}").format(
        name=repr(name), names=", ".join(v.name for v in views)))


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise SavedViewError(_("a saved view needs a name"))
    if len(cleaned) > MAX_NAME:
        raise SavedViewError(_("a view's name is at most {n} characters").format(n=MAX_NAME))
    return cleaned


def _write(store: NotesStore, change: Any) -> None:
    """Read the views inside one write transaction, let *change* edit the list, store it:
    another window's save between the read and the write cannot be lost, and a stored view
    this mxdesk cannot open (a later version's) is kept as it was."""
    with store.transaction() as conn:
        items = _items(store, strict=True)
        parsed = [(item, _from_json(item)) for item in items]
        views = [v for _item, v in parsed if v is not None]
        change(views)
        kept = [item for item, v in parsed if v is None]
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) "
                     "DO UPDATE SET value = excluded.value",
                     [KEY, json.dumps([_to_json(v) for v in views] + kept,
                                      ensure_ascii=False)])


def _index(views: list[SavedView], name: str) -> int | None:
    return next((n for n, v in enumerate(views) if fold(v.name) == fold(name)), None)


def save_view(store: NotesStore, name: str, tab: str, view: View,
              replace: bool = False, columns: Sequence[str] = ()) -> SavedView:
    """Save *view* of *tab* as *name* (spaces trimmed and single), with the *columns* shown
    (``Column.name`` each, in order); with *replace*, over a view of the same name. Returns
    what was saved.

    Raises:
        SavedViewError: an empty or over-long name, an unknown tab, or the name taken (and
            not *replace*); nothing was changed.
        StoreError: the notes file cannot be written (read-only, busy, full disk).
    """
    cleaned = _clean_name(name)
    if tab not in TAB_SPECS:
        raise SavedViewError(_("no tab {tab} to save a view of").format(tab=repr(tab)))
    names = {c.name for c in TAB_SPECS[tab].columns}
    saved = SavedView(cleaned, tab, view, tuple(c for c in columns if c in names))

    def change(views: list[SavedView]) -> None:
        at = _index(views, cleaned)
        if at is not None and not replace:
            raise SavedViewError(_("a view called “{name}” is already saved").format(
                name=views[at].name))
        if at is None:
            views.append(saved)
        else:
            views[at] = saved

    _write(store, change)
    return saved


def rename_view(store: NotesStore, old: str, new: str) -> None:
    """Call the view *old* by the name *new* (a change of case alone is allowed).

    Raises:
        SavedViewError: *old* is not saved, *new* is empty, over-long or another view's name.
        StoreError: the notes file cannot be written.
    """
    cleaned = _clean_name(new)

    def change(views: list[SavedView]) -> None:
        at = _index(views, old)
        if at is None:
            raise SavedViewError(_("no saved view is called {name}").format(name=repr(old)))
        other = _index(views, cleaned)
        if other is not None and other != at:
            raise SavedViewError(_("a view called “{name}” is already saved").format(
                name=views[other].name))
        views[at] = SavedView(cleaned, views[at].tab, views[at].view)

    _write(store, change)


def delete_view(store: NotesStore, name: str) -> None:
    """Forget the view saved as *name*.

    Raises:
        SavedViewError: no view has that name.
        StoreError: the notes file cannot be written.
    """
    def change(views: list[SavedView]) -> None:
        at = _index(views, name)
        if at is None:
            raise SavedViewError(_("no saved view is called {name}").format(name=repr(name)))
        del views[at]

    _write(store, change)
