"""My notes' Shortlists page: the user's shortlists (make, rename, delete, the one the ☆ star
adds to) and the chosen one's clusters in order, each with a remark (reorder, remove, export
its brochure); and the model of those clusters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core import i18n
from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import N_, _, ngettext
from mxdesk.core.notes import (
    NotesStore,
    Shortlist,
    ShortlistItem,
)
from mxdesk.ui.messages import plain_tip
from mxdesk.ui.notes._common import _attempt, _list_with_buttons, _on_click
from mxdesk.ui.notes.guard import Deletion, shortlist_removal
from mxdesk.ui.notes.models import (
    ClusterNames,
    ItemIdRole,
    ListTableModel,
)

_Index = QModelIndex | QPersistentModelIndex


class ShortlistItemsModel(ListTableModel):
    """A shortlist's clusters in order, with an editable remark each: three columns
    (Cluster, State, Remark), one row per :class:`ShortlistItem` of :attr:`items`. A cluster
    the directory no longer has shows its id and says so.

    Signals:
        remarkEdited(): the user edited a remark in place (:attr:`items` already holds it).
    """

    HEADERS = (N_("Cluster"), N_("State"), N_("Remark"))
    remarkEdited = Signal()

    def __init__(self, directory: Directory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.directory = directory
        self.items: list[ShortlistItem] = []

    def entries(self) -> Sequence[object]:
        """The rows: the shortlist's items, in their order."""
        return self.items

    def set_items(self, items: list[ShortlistItem]) -> None:
        """Show *items* (a shortlist's clusters with their remarks, in order)."""
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def _describe(self, cluster_id: str) -> tuple[str, str]:
        try:
            cluster = self.directory.cluster(cluster_id)
        except MxdeskError:
            return _("{cluster} (no longer in the directory)").format(cluster=cluster_id), ""
        return cluster.name, cluster.state.name if cluster.state else ""

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Qt's flags; the Remark column (2) is editable in place."""
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == 2 else base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt's data: the cluster's name, its state and the remark of each row."""
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
        """A remark edited in place: kept in :attr:`items`, then ``remarkEdited``; other
        columns are not editable (False)."""
        if role != Qt.ItemDataRole.EditRole or index.column() != 2 or not index.isValid():
            return False
        self.items[index.row()] = replace(self.items[index.row()], remark=str(value))
        self.dataChanged.emit(index, index)
        self.remarkEdited.emit()
        return True


class ShortlistsPage(QWidget):
    """My notes' second page: the user's shortlists on the left (New…, Rename…, Delete, Star
    adds here), the chosen one's clusters on the right in their order, each with a remark the
    user edits in place (Move up, Move down, Remove, Export brochure…).

    Made and hosted by :class:`~mxdesk.ui.notes.my_notes.MyNotesTab`, which passes on its
    signals, tells it when the notes are read-only (:meth:`set_read_only`) and has it read them
    again (:meth:`show_shortlists`). Every write goes straight to *store*.

    Signals:
        changed(): a shortlist was written (made, renamed, deleted, made the star's, reordered,
            a cluster removed, a remark edited).
        namesChanged(): a shortlist was made, renamed or deleted, so lists of the shortlists
            kept elsewhere (My notes' filter) must follow; emitted just before ``changed``.
        deleted(object): a :class:`~mxdesk.ui.notes.guard.Deletion` that Edit ▸ Undo can take
            back: a shortlist deleted, or a cluster removed from one.
        message(str): a name refused for a new or renamed shortlist (empty, already used).
        refused(str): a write the notes file refused (read-only, disk full, busy).
        exportShortlist(int): the user asked for the brochure of the shortlist with this id.
        missionWanted(int): Make a mission… from the shortlist with this id (issue 18).
    """

    changed = Signal()
    namesChanged = Signal()
    deleted = Signal(object)
    message = Signal(str)
    refused = Signal(str)
    exportShortlist = Signal(int)
    missionWanted = Signal(int)

    def __init__(self, store: NotesStore, directory: Directory, cluster_names: ClusterNames,
                 parent: QWidget | None = None) -> None:
        """*cluster_names* names the cluster an Undo of Remove puts back; *directory* names
        the clusters listed. Nothing is read until :meth:`show_shortlists`."""
        super().__init__(parent)
        self.store = store
        self.cluster_names = cluster_names
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self._build_shortlists(layout)
        self._build_items(layout, directory)
        self._connect_signals()

    def _build_shortlists(self, layout: QHBoxLayout) -> None:
        """The list of shortlists and its buttons (left, 2 parts of 5 of the width)."""
        self.shortlist_model = QStandardItemModel(self)
        self.shortlist_view, made, column = _list_with_buttons(
            self, _("Your shortlists"), self.shortlist_model,
            [(_("New…"), ""), (_("Rename…"), ""), (_("Delete"), ""),
             (_("Star adds here"), _("Make this the shortlist the ☆ star adds to"))])
        (self.new_list_button, self.rename_list_button, self.delete_list_button,
         self.current_list_button) = made
        layout.addLayout(column, 2)

    def _build_items(self, layout: QHBoxLayout, directory: Directory) -> None:
        """The chosen shortlist's clusters and their buttons (right, 3 parts of 5)."""
        column = QVBoxLayout()
        self.items_model = ShortlistItemsModel(directory, self)
        self.items_view = QTableView(self)
        self.items_view.setModel(self.items_model)
        self.items_view.setAccessibleName(_("Clusters on the shortlist"))
        self.items_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items_view.verticalHeader().hide()
        self.items_view.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        self.items_view.horizontalHeader().resizeSection(0, 320)
        self.items_view.horizontalHeader().resizeSection(1, 130)
        self.items_view.setWordWrap(False)
        self.items_view.setToolTip(_("Double-click a remark to edit it"))
        column.addWidget(self.items_view, 1)
        row = QHBoxLayout()
        self.up_button = QPushButton(_("Move up"), self)
        self.down_button = QPushButton(_("Move down"), self)
        self.remove_item_button = QPushButton(_("Remove"), self)
        self.brochure_button = QPushButton(_("Export brochure…"), self)
        self.brochure_button.setToolTip(_("A PDF brochure of this shortlist, in its order"))
        self.mission_button = QPushButton(_("Make a mission…"), self)
        self.mission_button.setToolTip(_("Make a mission from this shortlist: its clusters, "
                                         "your dates and home time zone"))
        for button in (self.up_button, self.down_button, self.remove_item_button,
                       self.brochure_button, self.mission_button):
            row.addWidget(button)
        column.addLayout(row)
        layout.addLayout(column, 3)

    def _connect_signals(self) -> None:
        self.shortlist_view.selectionModel().currentChanged.connect(
            lambda *_a: self._show_items())
        self.items_view.selectionModel().currentRowChanged.connect(
            lambda *_a: self._enable_item_buttons())
        # New… asks for the name (clicked(bool)'s False is no name: see _on_click).
        _on_click(self.new_list_button, self.new_shortlist)
        _on_click(self.rename_list_button, self.rename_shortlist)
        _on_click(self.delete_list_button, self.delete_shortlist)
        _on_click(self.current_list_button, self.make_current)
        _on_click(self.up_button, lambda: self._move(-1))
        _on_click(self.down_button, lambda: self._move(1))
        _on_click(self.remove_item_button, self._remove_item)
        _on_click(self.brochure_button, self._brochure)
        _on_click(self.mission_button, self._mission)
        self.items_model.remarkEdited.connect(self._store_items)

    def set_read_only(self, reason: str) -> None:
        """With a *reason* (why the notes can't be written here), every button that writes is
        disabled and says why, and remarks can't be edited; with "", they all can act."""
        for button in (self.new_list_button, self.rename_list_button, self.delete_list_button,
                       self.current_list_button, self.up_button, self.down_button,
                       self.remove_item_button):
            button.setEnabled(not reason)
            if reason:
                button.setToolTip(plain_tip(
                    _("Your notes are read-only here: {reason}").format(reason=reason)))
        self._show_items()  # the shortlist's buttons: only those that can act
        if reason:
            self.items_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

    def _attempt(self, action: Callable[[], Any]) -> Any:
        return _attempt(self.refused, action)

    def show_shortlists(self, select_id: int | None = None) -> None:
        """Read the shortlists again and list them (the star's marked ★); the one with id
        *select_id* is chosen, else the one chosen before, else the first."""
        chosen = select_id if select_id is not None else self.chosen_id()
        current = self.store.current_shortlist()
        self.shortlist_model.clear()
        for s in self.store.shortlists():
            star = " ★" if current and current.id == s.id else ""
            item = QStandardItem(f"{s.name} ({i18n.number(len(s.items))}){star}")
            item.setEditable(False)
            item.setData(s.id, ItemIdRole)
            self.shortlist_model.appendRow(item)
        for row in range(self.shortlist_model.rowCount()):
            if chosen is None or self.shortlist_model.item(row).data(ItemIdRole) == chosen:
                self.shortlist_view.setCurrentIndex(self.shortlist_model.index(row, 0))
                break
        self._show_items()

    def status_text(self) -> str:
        """The status line while this page is in front: how many shortlists, and the chosen
        one's clusters ("2 shortlists · “Bajío” (current): 5 clusters")."""
        count = self.shortlist_model.rowCount()
        if not count:
            return _("No shortlist yet: New… makes one, or ☆ on a cluster adds it to one")
        lists = ngettext("{n} shortlist", "{n} shortlists", count).format(n=i18n.number(count))
        try:  # (the list may still show one just deleted, until it is read again)
            shortlist = self._chosen_shortlist()
            current = self.store.current_shortlist()
        except MxdeskError:
            return lists
        if shortlist is None:
            return lists
        clusters = len(shortlist.items)
        if current is not None and current.id == shortlist.id:
            return ngettext("{lists} · “{name}” (current): {n} cluster",
                            "{lists} · “{name}” (current): {n} clusters", clusters).format(
                lists=lists, name=shortlist.name, n=i18n.number(clusters))
        return ngettext("{lists} · “{name}”: {n} cluster", "{lists} · “{name}”: {n} clusters",
                        clusters).format(lists=lists, name=shortlist.name,
                                         n=i18n.number(clusters))

    def chosen_id(self) -> int | None:
        """The id of the shortlist chosen in the list (None: the list is empty)."""
        index = self.shortlist_view.currentIndex()
        return int(index.data(ItemIdRole)) if index.isValid() else None

    def _chosen_shortlist(self) -> Shortlist | None:
        chosen = self.chosen_id()
        return self.store.shortlist(chosen) if chosen is not None else None

    def _show_items(self) -> None:
        shortlist = self._chosen_shortlist()
        self.items_model.set_items(list(shortlist.items) if shortlist else [])
        writable = not self.store.read_only
        for button in (self.rename_list_button, self.delete_list_button,
                       self.current_list_button):
            button.setEnabled(shortlist is not None and writable)
        self.brochure_button.setEnabled(shortlist is not None)
        self.mission_button.setEnabled(shortlist is not None and writable)
        self._enable_item_buttons()

    def _enable_item_buttons(self) -> None:
        """Move up, Move down and Remove only when they can act on the cluster chosen."""
        row = self.items_view.currentIndex().row()
        count = self.items_model.rowCount()
        chosen = 0 <= row < count and not self.store.read_only
        self.up_button.setEnabled(chosen and row > 0)
        self.down_button.setEnabled(chosen and row < count - 1)
        self.remove_item_button.setEnabled(chosen)

    def new_shortlist(self, name: str | None = None) -> None:
        """Make a shortlist called *name* (None: ask for it) and choose it; the first one
        made becomes the star's. A name refused goes to ``message``."""
        if name is None:
            name, ok = QInputDialog.getText(self, _("New shortlist"), _("Name:"))
            if not ok:
                return
        try:
            created = self.store.create_shortlist(name)
        except MxdeskError as exc:
            self.message.emit(str(exc))
            return
        if self.store.current_shortlist() is None:
            self._attempt(lambda: self.store.set_current_shortlist(int(created.id or 0)))
        self.show_shortlists(created.id)
        self.namesChanged.emit()
        self.changed.emit()

    def rename_shortlist(self) -> None:
        """Ask for a new name for the chosen shortlist; a name refused goes to ``message``."""
        shortlist = self._chosen_shortlist()
        if shortlist is None:
            return
        name, ok = QInputDialog.getText(self, _("Rename shortlist"), _("Name:"),
                                        text=shortlist.name)
        if ok:
            try:
                self.store.rename_shortlist(int(shortlist.id or 0), name)
            except MxdeskError as exc:
                self.message.emit(str(exc))
                return
            self.show_shortlists(shortlist.id)
            self.namesChanged.emit()
            self.changed.emit()

    def delete_shortlist(self) -> None:
        """Delete the chosen shortlist; ``deleted`` carries its undo."""
        shortlist = self._chosen_shortlist()
        if shortlist is None:
            return
        removed = self._attempt(lambda: self.store.delete_shortlist(int(shortlist.id or 0)))
        if removed is None:
            return
        self.deleted.emit(Deletion(_("delete of shortlist “{name}”").format(name=removed.name),
                                   lambda: self.store.restore_shortlist(removed),
                                   lambda: self.store.delete_shortlist(int(removed.id or 0)),
                                   _("shortlist “{name}”").format(name=removed.name)))
        self.show_shortlists()
        self.namesChanged.emit()
        self.changed.emit()

    def make_current(self) -> None:
        """Make the chosen shortlist the one the ☆ star adds clusters to."""
        shortlist = self._chosen_shortlist()
        if shortlist is not None:
            self._attempt(lambda: self.store.set_current_shortlist(int(shortlist.id or 0)))
            self.show_shortlists(shortlist.id)
            self.changed.emit()

    def _store_items(self) -> None:
        shortlist = self._chosen_shortlist()
        if shortlist is not None:
            self._attempt(lambda: self.store.set_items(int(shortlist.id or 0),
                                                       self.items_model.items))
            self.changed.emit()

    def _move(self, step: int) -> None:
        row = self.items_view.currentIndex().row()
        items = self.items_model.items
        target = row + step
        if not 0 <= row < len(items) or not 0 <= target < len(items):
            return
        items[row], items[target] = items[target], items[row]
        self.items_model.set_items(items)
        self._store_items()
        self.items_view.selectRow(target)

    def _remove_item(self) -> None:
        row = self.items_view.currentIndex().row()
        shortlist = self._chosen_shortlist()
        items = self.items_model.items
        if shortlist is not None and 0 <= row < len(items):
            removed = items[row]
            del items[row]
            self.items_model.set_items(items)
            self._store_items()
            self.deleted.emit(shortlist_removal(self.store, shortlist,
                                                self.cluster_names(removed.cluster_id)[0],
                                                removed))
            self.show_shortlists(self.chosen_id())

    def _brochure(self) -> None:
        chosen = self.chosen_id()
        if chosen is not None:
            self.exportShortlist.emit(chosen)

    def _mission(self) -> None:
        chosen = self.chosen_id()
        if chosen is not None:
            self.missionWanted.emit(chosen)
