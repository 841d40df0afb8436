"""The window's first frame: the Clusters table and its first rows, before anything else loads.

Issue 17: start-up is measured to the first painted frame that shows rows, and that frame is
the table and its rows; every other widget, module and query comes after it. So the window
starts as a :class:`WindowShell` — a plain ``QMainWindow`` made with PySide6, ``sqlite3`` and
the table's spec alone — that shows the first rows of the Clusters tab in name order, read
with one indexed query. Once that frame is painted, the application imports the rest and
turns the shell into the full window in place (:meth:`mxdesk.ui.window.MainWindow.complete`),
so no second window appears. :class:`FirstRowsPainted` tells when a table has painted rows.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Signal
from PySide6.QtGui import QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMainWindow, QTableView

from mxdesk.core.i18n import N_, _
from mxdesk.core.schema import DIRECTORY_SCHEMA_VERSION
from mxdesk.core.tables import CLUSTERS
from mxdesk.ui.messages import translated

#: Rows read for the first frame: more than a tall screen shows.
FIRST_ROWS = 60
#: The window's title (the full window sets the same).
TITLE = N_("Mexico cluster directory")


def first_rows(db: Path, limit: int = FIRST_ROWS) -> list[tuple[str, ...]] | None:
    """The first *limit* rows of the Clusters tab in name order, each as the table's cells
    (text); None when the file cannot give them (missing, damaged, another schema): the
    full window then opens and says why."""
    names = ", ".join(c.name for c in CLUSTERS.columns)
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != DIRECTORY_SCHEMA_VERSION:
            return None
        rows = conn.execute(
            f"SELECT {names} FROM ({CLUSTERS.base}) WHERE key IN "  # noqa: S608 - constants
            "(SELECT id FROM clusters ORDER BY sort_key LIMIT ?) ORDER BY sort_key",
            [limit]).fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return [tuple("" if cell is None else str(cell) for cell in row) for row in rows]


class FirstRowsPainted(QObject):
    """Watches a table's viewport for its first paint with rows in the model.

    Signals:
        done(): that paint was delivered (emitted from inside it: a queued connection runs
            after the viewport has drawn it).
    """

    done = Signal()

    def __init__(self, table: QTableView, parent: QObject) -> None:
        super().__init__(parent)
        self._table = table
        #: How many rows the model had at that paint (0 until then).
        self.rows = 0
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt: on the viewport's paint events, until one with a row at its top."""
        model = self._table.model()
        if (event.type() == QEvent.Type.Paint and not self.rows and model is not None
                and model.rowCount() and self._table.rowAt(0) >= 0):
            self.rows = model.rowCount()
            self._table.viewport().removeEventFilter(self)
            self.done.emit()
        return False


class WindowShell(QMainWindow):
    """The main window before its parts are made: the base of
    :class:`mxdesk.ui.window.MainWindow`, and the first frame the application shows."""

    #: The first frame's table, while it is shown (None after, or when there was none).
    first_table: QTableView | None = None

    def show_first_rows(self, db: Path, settings: QSettings) -> QTableView | None:
        """Make the first frame: the window at its remembered size and place, with the
        Clusters table's first rows as its only content. Returns the table, or None (and
        nothing is changed) when the rows cannot be read or the last run ended on another
        tab (the first frame would show a table the window then hides)."""
        last_tab = settings.value("window/tab")
        if last_tab not in (None, "", "clusters"):
            return None
        rows = first_rows(db)
        if not rows:
            return None
        geometry = settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QGuiApplication.primaryScreen()
            if screen is not None:  # as the full window sizes itself (restore_settings)
                available = screen.availableGeometry()
                self.resize(min(1400, available.width() - 40),
                            min(860, available.height() - 60))
        self.setWindowTitle(_(TITLE))
        model = QStandardItemModel(len(rows), len(CLUSTERS.columns), self)
        model.setHorizontalHeaderLabels([translated(c.title) for c in CLUSTERS.columns])
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                item = QStandardItem(cell)
                item.setEditable(False)
                model.setItem(r, c, item)
        table = QTableView(self)
        table.setModel(model)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setCentralWidget(table)
        self.first_table = table
        return table
