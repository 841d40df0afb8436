"""Go ▸ Save this view…, the saved views listed in the Go menu (each opens its tab with its
search, ticks and sort, the facet counts following them), Rename and Delete a saved view.

The views are kept in the notes file (:mod:`mxdesk.core.saved_views` says why). What it asks
goes through :class:`ViewPrompts`, so tests answer without a dialog."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QWidget

from mxdesk.core import saved_views
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _
from mxdesk.core.tables import TAB_SPECS
from mxdesk.ui import tab_words
from mxdesk.ui.messages import ask, label

if TYPE_CHECKING:
    from mxdesk.core.notes import NotesStore
    from mxdesk.ui.column_chooser import ColumnChooser
    from mxdesk.ui.tab import BrowserTab

log = logging.getLogger("mxdesk.ui")


@dataclass(frozen=True)
class ViewPrompts:
    """How saved views ask the user.

    Attributes:
        ask_name: (title, question, the name offered) -> the name typed, None when cancelled.
        choose: (title, the views' names) -> the one chosen, None when cancelled.
        confirm: (title, question) -> True for Yes.
        tell: (title, text) -> None: a warning the user must read.
    """

    ask_name: Callable[[str, str, str], str | None]
    choose: Callable[[str, list[str]], str | None]
    confirm: Callable[[str, str], bool]
    tell: Callable[[str, str], None]


def dialog_prompts(parent: QWidget, tell: Callable[[str, str], None]) -> ViewPrompts:
    """The real dialogs (Qt's input dialogs and a Yes/No box), warning through *tell*."""

    def ask_name(title: str, question: str, offered: str) -> str | None:
        text, ok = QInputDialog.getText(parent, title, question, QLineEdit.EchoMode.Normal,
                                        offered)
        return text if ok else None

    def choose(title: str, names: list[str]) -> str | None:
        name, ok = QInputDialog.getItem(parent, title, _("Saved view:"), names, 0, False)
        return name if ok else None

    return ViewPrompts(ask_name, choose, lambda title, text: ask(parent, title, text), tell)


class SavedViewsMenu(QObject):
    """The saved views of a window: the Go menu lists them after its own items, each action
    opening one; :meth:`save_current`, :meth:`rename`, :meth:`delete` are the menu's
    commands.

    Signals:
        message(str, int): a line for the status bar, and for how long (ms).
    """

    message = Signal(str, int)

    def __init__(self, parent: QWidget, store: NotesStore, menu: QMenu,
                 current: Callable[[], BrowserTab | None],
                 open_tab: Callable[[str], BrowserTab], prompts: ViewPrompts,
                 commands: tuple[QAction, ...] = (),
                 columns: Callable[[str], ColumnChooser | None] = lambda _tab: None) -> None:
        """*menu* is the Go menu; *current* gives the browsing tab in front (None while My
        notes is); *open_tab* brings a tab to the front by name and gives it; *commands* are
        the Rename and Delete actions, enabled while a view is saved; *columns* gives a tab's
        column chooser by its name (a view keeps the columns shown)."""
        super().__init__(parent)
        self._columns = columns
        self.store = store
        self.menu = menu
        self.prompts = prompts
        self._current = current
        self._open_tab = open_tab
        self._commands = commands
        self._heading = menu.addSeparator()
        #: The actions listing the views, in the menu's order (by name).
        self.view_actions: list[QAction] = []
        # Another window may have saved one: the list is read again as the menu opens.
        menu.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        """List the saved views in the menu again, as the notes file holds them now."""
        for action in self.view_actions:
            self.menu.removeAction(action)
            action.deleteLater()
        views = saved_views.saved_views(self.store)
        self.view_actions = []
        for saved in views:
            spec = TAB_SPECS[saved.tab]
            # Translators: a saved view in the Go menu: its name and its tab's list.
            action = QAction(label(_("{name} ({things})").format(
                name=saved.name, things=tab_words.table_name(spec))), self.menu)
            action.setStatusTip(_("Open the saved view “{name}” in its tab").format(
                name=saved.name))
            action.setData(saved.name)
            action.triggered.connect(lambda _checked=False, n=saved.name: self.open(n))
            self.menu.addAction(action)
            self.view_actions.append(action)
        self._heading.setVisible(bool(views))
        for command in self._commands:
            command.setEnabled(bool(views))

    def open(self, name: str) -> BrowserTab | None:
        """Bring the view's tab to the front showing the view's search, ticks and sort (its
        facet counts follow them); a view no longer saved is told, and nothing changes."""
        try:
            saved = saved_views.find_view(self.store, name)
        except MxdeskError as exc:
            self.prompts.tell(_("Saved view"), str(exc))
            self.rebuild()
            return None
        tab = self._open_tab(saved.tab)
        tab.set_view(saved.view)
        chooser = self._columns(saved.tab)
        if chooser is not None:
            chooser.show_names(saved.columns)
        # A name with quotes of its own (one offered by an earlier release, "“Monterrey”;
        # Sector: ICT") is not quoted again (issue 17's trial: nested quotes).
        quoted = saved.name if set(saved.name) & set("“”\"«»") else f"“{saved.name}”"
        # Translators: {name} comes with its quotes (“Monterrey”).
        self.message.emit(_("Showing the saved view {name}").format(name=quoted), 6000)
        return tab

    def save_current(self) -> None:
        """Go ▸ Save this view…: the tab in front's search, ticks and sort under a name asked
        for (offered: what narrows the list); a name already saved is replaced only after
        asking."""
        tab = self._current()
        if tab is None:
            self.message.emit(_("Saved views keep a search of the Clusters, Sectors, "
                                "Policies or Cooperation tab"), 8000)
            return
        # The summary without its quotes: "Monterrey; Sector: ICT" (the status bar quotes it).
        offered = (tab.filter_summary().replace("“", "").replace("”", "")
                   if tab.has_filters() else tab_words.table_name(tab.spec))
        name = self.prompts.ask_name(_("Save this view"), _("Name of this view (its search, "
                                     "ticked filters and sort):"), offered)
        if name is None:
            return
        replace = False
        try:
            existing = saved_views.find_view(self.store, name)
        except MxdeskError:
            existing = None
        if existing is not None:
            if not self.prompts.confirm(_("Save this view"),
                                        _("A view called “{name}” is already saved. Replace "
                                          "it with this one?").format(name=existing.name)):
                return
            replace = True
        try:
            chooser = self._columns(tab.name)
            shown = chooser.shown_names() if chooser is not None else ()
            saved = saved_views.save_view(self.store, name, tab.name, tab.view(), replace,
                                          shown)
        except MxdeskError as exc:
            self.prompts.tell(_("The view was not saved"), str(exc))
            return
        self.rebuild()
        self.message.emit(_("Saved the view “{name}” (Go menu)").format(name=saved.name), 6000)

    def _choose(self, title: str) -> str | None:
        names = [v.name for v in saved_views.saved_views(self.store)]
        if not names:
            self.message.emit(_("No view is saved yet (Go ▸ Save this view…)"), 6000)
            return None
        return self.prompts.choose(title, names)

    def rename(self) -> None:
        """Go ▸ Rename a saved view…: choose one, type its new name."""
        old = self._choose(_("Rename a saved view"))
        if old is None:
            return
        new = self.prompts.ask_name(_("Rename a saved view"),
                                    _("New name for “{name}”:").format(name=old), old)
        if new is None:
            return
        try:
            saved_views.rename_view(self.store, old, new)
        except MxdeskError as exc:
            self.prompts.tell(_("The view was not renamed"), str(exc))
            return
        self.rebuild()
        self.message.emit(_("Renamed the view “{name}”").format(name=old), 6000)

    def delete(self) -> None:
        """Go ▸ Delete a saved view…: choose one, confirm."""
        name = self._choose(_("Delete a saved view"))
        if name is None or not self.prompts.confirm(
                _("Delete a saved view"), _("Delete the saved view “{name}”? The records and "
                                            "your notes are not touched.").format(name=name)):
            return
        try:
            saved_views.delete_view(self.store, name)
        except MxdeskError as exc:
            self.prompts.tell(_("The view was not deleted"), str(exc))
            return
        self.rebuild()
        self.message.emit(_("Deleted the view “{name}”").format(name=name), 6000)
