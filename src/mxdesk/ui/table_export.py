"""File ▸ Export this list… (and the table header's menu): the list a tab shows — its search,
ticks, sort and the columns shown — written as CSV or XLSX by :mod:`mxdesk.core.table_export`.

It asks where to save, and with which separator a CSV is written, through one replaceable
callable (:attr:`TableExports.ask_file`), so tests answer it without a dialog. The CSV and
XLSX code loads with the first export."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QWidget

from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import N_, _, ngettext
from mxdesk.core.text import slug
from mxdesk.ui import tab_words

if TYPE_CHECKING:
    from mxdesk.core.table_export import Exported
    from mxdesk.ui.column_chooser import ColumnChooser
    from mxdesk.ui.settings import WindowSettings
    from mxdesk.ui.tab import BrowserTab

log = logging.getLogger("mxdesk.export")


@dataclass(frozen=True)
class TableFile:
    """Where to write a list, and a CSV's separator (";", "," or a tab; unused for XLSX)."""

    path: Path
    separator: str = ";"


#: Asks where to write a list: (suggested file name, the separator a CSV had last) -> the
#: answer, None when cancelled.
AskTableFile = Callable[[str, str], TableFile | None]

#: The Save dialog's kinds of file: (filter, suffix, separator).
FILE_KINDS: tuple[tuple[str, str, str], ...] = (
    (N_("Excel workbook (*.xlsx)"), ".xlsx", ""),
    (N_("CSV with ; between cells: Excel and LibreOffice in most of Europe (*.csv)"), ".csv",
     ";"),
    (N_("CSV with , between cells: Excel in the UK and Ireland, scripts (*.csv)"), ".csv",
     ","),
)


def ask_table_file(parent: QWidget | None, folder: Callable[[], Path]) -> AskTableFile:
    """The native Save dialog for a list, starting in *folder* (asked when it opens), with the
    kind of the suggested name (and, for a CSV, the separator used last) chosen. A name typed
    without ``.csv`` or ``.xlsx`` gets the suffix of the kind chosen."""

    def ask(suggested: str, separator: str) -> TableFile | None:
        kinds = [(_(f), s, sep) for f, s, sep in FILE_KINDS]
        suffix = Path(suggested).suffix.lower()
        default = next((f for f, s, sep in kinds
                        if s == suffix and (s == ".xlsx" or sep == separator)), kinds[0][0])
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            parent, _("Export this list"), str(folder() / suggested),
            ";;".join(f for f, _s, _sep in kinds), default)
        if not chosen:
            return None
        kind = next((k for k in kinds if k[0] == chosen_filter), kinds[0])
        path = Path(chosen)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_name(path.name + kind[1])
        return TableFile(path, kind[2] or separator)

    return ask


#: Why File ▸ Export this list… is greyed out in My notes.
NOT_IN_MY_NOTES = N_("Export this list works in the Clusters, Sectors, Policies and "
                     "Cooperation tabs; File ▸ Export my notes… writes your contacts and notes")


class TableExports(QObject):
    """The lists a window exports. :attr:`ask_file` asks where (tests replace it); what went
    wrong is told through *tell* (title, text), what was written in the status bar."""

    def __init__(self, window: QMainWindow, settings: WindowSettings,
                 current: Callable[[], BrowserTab | None],
                 chooser: Callable[[BrowserTab], ColumnChooser | None],
                 tell: Callable[[str, str], None], folder: Callable[[], Path]) -> None:
        """*current* gives the browsing tab in front (None while My notes is); *chooser* a
        tab's column chooser (None: every column is shown)."""
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._current = current
        self._chooser = chooser
        self._tell = tell
        #: Where to write and with which separator; replaced by tests. The dialog starts in
        #: the folder a list was last written to (issue 17's trial), else *folder*'s.
        self.ask_file: AskTableFile = ask_table_file(
            window, lambda: settings.list_folder or folder())
        #: The last file written (None until one is).
        self.last_export: Exported | None = None
        #: File ▸ Export this list…'s tool tip and status tip in the tabs that list a table.
        self._tips: tuple[str, str] | None = None

    def follow_tab(self, action: QAction, notes_in_front: bool) -> None:
        """Grey File ▸ Export this list… (*action*) out while My notes is in front, which
        lists no table, and say why in its tool tip and status tip (issue 17's trial: it
        was enabled there and only wrote a line in the status bar)."""
        if self._tips is None:
            self._tips = (action.toolTip(), action.statusTip())
        why = _(NOT_IN_MY_NOTES)
        tip, status = (why, why) if notes_in_front else self._tips
        action.setEnabled(not notes_in_front)
        action.setToolTip(tip)
        action.setStatusTip(status)

    def export_current(self) -> None:
        """File ▸ Export this list…: the tab in front's list."""
        tab = self._current()
        if tab is None:
            self._window.statusBar().showMessage(_(NOT_IN_MY_NOTES), 8000)
            return
        self.export_tab(tab)

    def suggested_name(self, tab: BrowserTab) -> str:
        """The file name offered: the tab's records and what narrows them, in the format
        used last ("clusters-queretaro.xlsx")."""
        words = re.sub(r"[^a-z0-9-]+", "", slug(tab.view().text))[:40].strip("-")
        stem = "-".join(part for part in (slug(tab.spec.plural), words) if part)
        return f"{stem}.{self._settings.table_format}"

    def export_tab(self, tab: BrowserTab) -> Exported | None:
        """Ask where, then write *tab*'s list with the columns it shows; returns what was
        written (None when cancelled or refused, which is told)."""
        chosen = self.ask_file(self.suggested_name(tab), self._settings.csv_separator)
        if chosen is None:
            return None
        # (The CSV and XLSX writers load with the first export, not at start-up.)
        from mxdesk.core.table_export import export_table, read_table

        chooser = self._chooser(tab)
        columns = chooser.shown() if chooser is not None else None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            table = read_table(tab.directory, tab.spec, tab.view(), columns)
            result = export_table(table, chosen.path, chosen.separator)
        except MxdeskError as exc:
            QApplication.restoreOverrideCursor()
            self._tell(_("The list was not exported"), str(exc))
            return None
        QApplication.restoreOverrideCursor()
        self._settings.table_format = result.format
        if result.format == "csv":
            self._settings.csv_separator = chosen.separator
        self.last_export = result
        self._settings.list_folder = result.path.parent  # the next Save dialog starts there
        # Translators: {rows} is how many records ("12 clusters"); the verb agrees with it.
        said = ngettext("Wrote {rows} to {path}", "Wrote {rows} to {path}", result.rows)
        self._window.statusBar().showMessage(said.format(
            rows=tab_words.how_many(tab.spec, result.rows), path=result.path), 10000)
        return result
