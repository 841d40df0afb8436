"""A tab's column chooser: a right click on its table's header lists the columns with
checkmarks; unticking one hides it. The hidden columns are remembered per tab in the settings
file (``tab-<name>/hidden_columns``, by column name, so a later release's new column shows),
and an export of the list (ui/table_export.py) writes the columns shown."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from mxdesk.core.i18n import _
from mxdesk.ui.messages import label, translated

if TYPE_CHECKING:
    from mxdesk.ui.tab import BrowserTab

log = logging.getLogger("mxdesk.ui")


class ColumnChooser(QObject):
    """The header menu of *tab*'s table and the columns it shows.

    *extra* gives the actions the menu ends with (the window's "Export this list…"), asked
    each time the menu opens. The first column (the names) is always shown: a list of values
    without the records they belong to reads as nothing.

    Signals:
        columnsChanged(): a column was hidden or shown.
    """

    columnsChanged = Signal()

    def __init__(self, tab: BrowserTab, settings: QSettings,
                 extra: Callable[[], Sequence[QAction]] = lambda: ()) -> None:
        super().__init__(tab)
        self.tab = tab
        self._settings = settings
        self._extra = extra
        header = tab.table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._menu_requested)
        header.setToolTip(_("Right-click to choose the columns"))
        self.restore()

    @property
    def _key(self) -> str:
        return f"tab-{self.tab.name}/hidden_columns"

    @property
    def _added_key(self) -> str:
        """Where the columns a user added (those not shown at first) are remembered."""
        return f"tab-{self.tab.name}/added_columns"

    def shown(self) -> list[int]:
        """The indexes (into the tab's ``spec.columns``) of the columns shown, in order."""
        header = self.tab.table.horizontalHeader()
        return [c for c in range(len(self.tab.spec.columns)) if not header.isSectionHidden(c)]

    def set_shown(self, column: int, shown: bool) -> None:
        """Show or hide *column* (an index into the tab's ``spec.columns``; the first one is
        always shown), remember it, and fit the widths to the table again."""
        if column == 0 or not 0 <= column < len(self.tab.spec.columns):
            return
        header = self.tab.table.horizontalHeader()
        if header.isSectionHidden(column) != shown:
            return
        header.setSectionHidden(column, not shown)
        self.save()
        self.tab.columns.fit()
        self.columnsChanged.emit()

    def shown_names(self) -> tuple[str, ...]:
        """The names (``Column.name``) of the columns shown, in order: what a saved view
        keeps."""
        return tuple(self.tab.spec.columns[c].name for c in self.shown())

    def show_names(self, names: Sequence[str]) -> None:
        """Show exactly the columns named (the first always), as a saved view had them;
        nothing changes for an empty *names*."""
        if not names:
            return
        wanted = set(names)
        for n, column in enumerate(self.tab.spec.columns):
            if n:
                self.set_shown(n, column.name in wanted)

    def show_usual(self) -> None:
        """Show the columns shown at first again, and take away those added."""
        for n, column in enumerate(self.tab.spec.columns):
            if n:
                self.set_shown(n, column.shown)

    def _usual(self) -> bool:
        shown = set(self.shown())
        return all((n in shown) == c.shown for n, c in enumerate(self.tab.spec.columns) if n)

    def menu(self) -> QMenu:
        """The header's menu: a checkable item per column (those shown at first, then the
        ones a user may add), "Show the usual columns", then the *extra* actions. The caller
        shows it and deletes it after."""
        menu = QMenu(self.tab)
        shown = set(self.shown())
        added = False
        for n, column in enumerate(self.tab.spec.columns):
            if not column.shown and not added:
                menu.addSection(_("More columns"))
                added = True
            title = translated(column.title)
            action = menu.addAction(label(title))
            action.setCheckable(True)
            action.setChecked(n in shown)
            if n == 0:
                action.setEnabled(False)
                action.setStatusTip(_("The names are always shown"))
            else:
                action.setStatusTip(_("Show or hide the column “{column}”").format(
                    column=title))
                action.toggled.connect(lambda on, c=n: self.set_shown(c, on))
        menu.addSeparator()
        usual = menu.addAction(_("Show the usual columns"))
        usual.setEnabled(not self._usual())
        usual.triggered.connect(lambda _checked=False: self.show_usual())
        extra = list(self._extra())
        if extra:
            menu.addSeparator()
            menu.addActions(extra)
        return menu

    def _menu_requested(self, pos: QPoint) -> None:
        header = self.tab.table.horizontalHeader()
        menu = self.menu()
        menu.exec(header.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def save(self) -> None:
        """Write the hidden columns' names to the settings file now."""
        header = self.tab.table.horizontalHeader()
        hidden = [c.name for n, c in enumerate(self.tab.spec.columns)
                  if n and c.shown and header.isSectionHidden(n)]
        added = [c.name for n, c in enumerate(self.tab.spec.columns)
                 if not c.shown and not header.isSectionHidden(n)]
        # A list of one would come back as a plain string from an INI file: keep it a string.
        self._settings.setValue(self._key, ",".join(hidden))
        self._settings.setValue(self._added_key, ",".join(added))
        self._settings.sync()

    def restore(self) -> None:
        """Hide the columns the settings file names (a name this table has not is ignored;
        a header state put back earlier is overruled, the first column always shown)."""
        def names(key: str) -> set[str]:
            value = self._settings.value(key, "")
            return set(value.split(",")) if isinstance(value, str) else set()

        hidden, added = names(self._key), names(self._added_key)
        header = self.tab.table.horizontalHeader()
        for n, column in enumerate(self.tab.spec.columns):
            wanted = column.name in added if not column.shown else column.name not in hidden
            header.setSectionHidden(n, bool(n) and not wanted)
        self.tab.columns.fit()
