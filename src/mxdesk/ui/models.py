"""Item models: adapters that present mxdesk.core records to Qt views."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from mxdesk.core.directory import Directory

RecordIdRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class ClusterTableModel(QAbstractTableModel):
    """Clusters as rows (name, state, sectors, label), in the order the caller asks for."""

    HEADERS = ("Name", "State", "Sectors", "Quality label")

    def __init__(self, directory: Directory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._directory = directory
        self._rows: list[tuple[str, str, str, str, str]] = []
        self._all = self._load()
        self.set_ids(None)

    def _load(self) -> dict[str, tuple[str, str, str, str, str]]:
        rows = self._directory.conn.execute(
            "SELECT c.id, c.name, coalesce(s.name, ''), "
            "coalesce((SELECT group_concat(x.name, ', ') FROM cluster_sectors l "
            "  JOIN sectors x ON x.id = l.sector_id WHERE l.cluster_id = c.id), ''), "
            "coalesce(c.label_level, '') "
            "FROM clusters c LEFT JOIN states s ON s.id = c.state_id "
            "ORDER BY c.name COLLATE NOCASE").fetchall()
        return {row[0]: tuple(row) for row in rows}

    @property
    def total(self) -> int:
        return len(self._all)

    def set_ids(self, ids: list[str] | None) -> None:
        """Show these clusters in this order, or all of them for ``None``."""
        self.beginResetModel()
        if ids is None:
            self._rows = list(self._all.values())
        else:
            self._rows = [self._all[i] for i in ids if i in self._all]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[index.column() + 1]
        if role == RecordIdRole:
            return row[0]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None
