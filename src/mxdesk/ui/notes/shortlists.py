"""The shortlists page's item model: a shortlist's clusters in order, with a remark each.

The page itself is built by :class:`~mxdesk.ui.notes.my_notes.MyNotesTab`, which holds both
of its pages in one class (see that module)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.notes import (
    ShortlistItem,
)
from mxdesk.ui.messages import plain_tip
from mxdesk.ui.notes.models import (
    ItemIdRole,
    ListTableModel,
)

_Index = QModelIndex | QPersistentModelIndex


class ShortlistItemsModel(ListTableModel):
    """A shortlist's clusters in order, with an editable remark each."""

    HEADERS = ("Cluster", "State", "Remark")
    remarkEdited = Signal()

    def __init__(self, directory: Directory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.directory = directory
        self.items: list[ShortlistItem] = []

    def entries(self) -> Sequence[object]:
        return self.items

    def set_items(self, items: list[ShortlistItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def _describe(self, cluster_id: str) -> tuple[str, str]:
        try:
            cluster = self.directory.cluster(cluster_id)
        except MxdeskError:
            return f"{cluster_id} (no longer in the directory)", ""
        return cluster.name, cluster.state.name if cluster.state else ""

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == 2 else base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            name, state = self._describe(item.cluster_id)
            return (name, state, item.remark)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            name, state = self._describe(item.cluster_id)
            return plain_tip((name, state, item.remark)[index.column()])
        if role == ItemIdRole:
            return item.cluster_id
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != 2 or not index.isValid():
            return False
        self.items[index.row()] = replace(self.items[index.row()], remark=str(value))
        self.dataChanged.emit(index, index)
        self.remarkEdited.emit()
        return True
