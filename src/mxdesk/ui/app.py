"""The mxdesk window: the clusters of the directory, searchable as you type."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mxdesk import __version__
from mxdesk.core import paths
from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.profile import text_profile
from mxdesk.core.search import matching_ids
from mxdesk.ui.models import ClusterTableModel, RecordIdRole

log = logging.getLogger("mxdesk.ui")

SEARCH_DELAY_MS = 150


class MainWindow(QMainWindow):
    """Clusters in a table beside the selected cluster's profile, with a search field."""

    def __init__(self, directory: Directory) -> None:
        super().__init__()
        self.directory = directory
        self.setWindowTitle("mxdesk — Mexico cluster directory")
        self.search_field = QLineEdit(self)
        self.search_field.setPlaceholderText("Search clusters: name, acronym, state, sector…")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName("Search clusters")
        self.model = ClusterTableModel(directory, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Clusters")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.detail = QTextBrowser(self)
        self.detail.setAccessibleName("Cluster details")
        self.detail.setPlaceholderText("Select a cluster to read everything the directory "
                                       "knows about it, with its sources.")
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([640, 420])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.search_field)
        layout.addWidget(splitter)
        self.setCentralWidget(central)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_search)
        self.search_field.textChanged.connect(self._timer.start)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self._update_status()
        self.resize(1100, 700)

    def apply_search(self) -> None:
        text = self.search_field.text()
        self.model.set_ids(matching_ids(self.directory, text, "cluster") if text.strip()
                           else None)
        self._update_status()

    def _update_status(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        if self.search_field.text().strip() and not shown:
            self.statusBar().showMessage(f"No clusters match — 0 of {total} clusters")
        else:
            self.statusBar().showMessage(f"{shown} of {total} clusters")

    def _show_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        cluster_id = indexes[0].data(RecordIdRole)
        record = self.directory.cluster(cluster_id)
        self.detail.setPlainText(text_profile(self.directory, record))


def run_gui(db_path: Path | None) -> int:
    """Start the application; return its exit status."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QApplication.setApplicationName("mxdesk")
    QApplication.setApplicationVersion(__version__)
    QApplication.setWindowIcon(QIcon(str(paths.resource("mxdesk.svg"))))
    try:
        directory = Directory(db_path or paths.bundled_database())
    except MxdeskError as exc:
        QMessageBox.critical(None, "mxdesk cannot start",
                             f"The directory database cannot be opened.\n\n{exc}")
        return 1
    window = MainWindow(directory)
    window.show()
    status = app.exec()
    directory.close()
    return status
