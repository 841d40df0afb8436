"""Item models over the user's contacts and notes that read a page at a time.

Thin adapters over :class:`mxdesk.core.notes.listing.Listing`: a view asks for more rows as it
scrolls (``canFetchMore``/``fetchMore``), counts come from SQL, and a save changes the one row
it touched. With 100,000 contacts a list costs one page and two counts, not 100,000 records.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import N_, _
from mxdesk.core.notes.listing import Connected, Listing, ListRow, NotesFilter, NotesKind
from mxdesk.ui.messages import plain_tip
from mxdesk.ui.worker import QueryWorker

log = logging.getLogger("mxdesk.notes")

ItemIdRole = Qt.ItemDataRole.UserRole + 11  # a row's record id (int)
ItemKindRole = Qt.ItemDataRole.UserRole + 12  # a row's kind: "contact" or "note"
#: Rows read per page: a few screenfuls.
PAGE_SIZE = 200
#: The query thread's channel for My notes' list.
LIST_CHANNEL = "notes"
_Index = QModelIndex | QPersistentModelIndex
_ORPHAN = QColor("#b3261e")
#: What the Kind column says of each kind of record.
KIND_NAMES = {"contact": N_("Contact"), "note": N_("Note")}

#: A cluster's id -> (its name as shown, whether the directory no longer has it).
ClusterName = Callable[[str | None], tuple[str, bool]]


class ClusterNames:
    """Cluster names for the lists, each read once: (name, False), or (the id and why, True)
    for a cluster the directory no longer has. An id of an earlier release that was merged
    or renamed (the directory's redirects) is named as the record it is now, and is no
    orphan; one that was removed is."""

    def __init__(self, directory: Directory) -> None:
        self.directory = directory
        #: id -> (name as shown, whether it is an orphan, the cluster id it is now).
        self._known: dict[str, tuple[str, bool, str]] = {}

    def _read(self, cluster_id: str) -> tuple[str, bool, str]:
        found = self._known.get(cluster_id)
        if found is None:
            try:
                ref, _moved = self.directory.follow("cluster", cluster_id)
                found = (ref.name, False, ref.id if ref.kind == "cluster" else cluster_id)
            except MxdeskError:
                found = (_("{cluster} (no longer in the directory)").format(cluster=cluster_id),
                         True, cluster_id)
            self._known[cluster_id] = found
        return found

    def __call__(self, cluster_id: str | None) -> tuple[str, bool]:
        if not cluster_id:
            return "", False
        name, orphan, _now = self._read(cluster_id)
        return name, orphan

    def current_id(self, cluster_id: str) -> str:
        """The cluster *cluster_id* is now: itself, or the cluster an id of an earlier
        release was merged into or renamed to (read once, as the names are)."""
        return self._read(cluster_id)[2]

    def earlier_ids(self, cluster_id: str | None) -> tuple[str, ...]:
        """The ids of earlier releases that lead to *cluster_id* (the user's records may
        still name one); empty for None, or when the directory cannot say."""
        if not cluster_id:
            return ()
        try:
            return self.directory.redirected_to("cluster", cluster_id)
        except MxdeskError:
            return ()


class _Rows:
    """The rows of one filter read so far, in list order, and where the next page starts.

    Plain Python: the models below present it. A row put in front (a record just made or
    gone to) is skipped when its page comes."""

    def __init__(self, listing: Listing, keep: NotesFilter) -> None:
        self.listing = listing
        self.keep = keep
        self.rows: list[ListRow] = []
        self.where: dict[tuple[NotesKind, int], int] = {}
        self._counts: dict[NotesKind, int] | None = None
        self._after: dict[NotesKind, tuple[str, int] | None] = dict.fromkeys(keep.kinds)
        self._left = list(keep.kinds)

    @property
    def counts(self) -> dict[NotesKind, int]:
        """How many records of each kind the filter keeps, counted when first asked for (a
        list is shown without them)."""
        if self._counts is None:
            self._counts = {kind: self.listing.count(self.keep, kind) for kind in self.keep.kinds}
        return self._counts

    @property
    def matching(self) -> int:
        return sum(self.counts.values())

    def set_counts(self, counts: dict[NotesKind, int]) -> None:
        """The counts, read elsewhere (on the query thread)."""
        self._counts = dict(counts)

    @property
    def more(self) -> bool:
        return bool(self._left)

    def read(self, wanted: int) -> list[ListRow]:
        """The next *wanted* rows (fewer at the end), not yet added to :attr:`rows`."""
        found: list[ListRow] = []
        while self._left and len(found) < wanted:
            kind = self._left[0]
            ask = wanted - len(found)
            page = self.listing.page(self.keep, kind, self._after[kind], ask)
            if page:
                self._after[kind] = page[-1].key
            if len(page) < ask:
                self._left.pop(0)
            found += [row for row in page if row.ref not in self.where]
        return found

    def add(self, rows: list[ListRow], at: int | None = None) -> None:
        if at is None:
            self.rows += rows
        else:
            self.rows[at:at] = rows
        self.where = {row.ref: n for n, row in enumerate(self.rows)}

    def remove(self, at: int) -> None:
        gone = self.rows.pop(at)
        if self._counts is not None:
            self._counts[gone.kind] = max(0, self._counts.get(gone.kind, 0) - 1)
        self.where = {row.ref: n for n, row in enumerate(self.rows)}


class ListTableModel(QAbstractTableModel):
    """A flat table over a Python list (``entries``), with fixed column headings."""

    HEADERS: tuple[str, ...] = ()

    def entries(self) -> Sequence[object]:
        """The rows the table shows, one entry a row (a subclass says what they are)."""
        return ()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Qt: one row per entry (a flat table: none under a row)."""
        return 0 if parent.isValid() else len(self.entries())

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Qt: one column per heading in ``HEADERS``."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt: the column's heading from ``HEADERS``."""
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return _(self.HEADERS[section])
        return None



class _Paged:
    """What the table and the list models share: the rows, paging, finding and updating."""

    _rows: _Rows
    listing: Listing

    if TYPE_CHECKING:  # given by the Qt model each is mixed into, and by each model
        def beginInsertRows(self, parent: _Index, first: int, last: int) -> None: ...
        def endInsertRows(self) -> None: ...
        def _row_changed(self, row: int) -> None: ...

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self._rows.more

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid():
            return
        rows = self._rows.read(PAGE_SIZE)
        if rows:
            start = len(self._rows.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.add(rows)
            self.endInsertRows()

    @property
    def matching(self) -> int:
        """How many records the filter keeps (all of them, read or not)."""
        return self._rows.matching

    @property
    def keep(self) -> NotesFilter:
        """The filter the rows shown were read with."""
        return self._rows.keep

    @property
    def rows(self) -> list[ListRow]:
        """The rows read so far."""
        return self._rows.rows

    def count(self, kind: NotesKind) -> int:
        return self._rows.counts.get(kind, 0)

    def find(self, kind: str, record_id: int) -> int | None:
        """The row showing this record, if it was read."""
        return self._rows.where.get((kind, int(record_id)))  # type: ignore[arg-type]

    def bring(self, kind: NotesKind, record_id: int) -> int | None:
        """The row showing this record: read far down the list, it is put in front (the
        list is not read up to it). None when there is no such record."""
        found = self.find(kind, record_id)
        if found is not None:
            return found
        row = self.listing.row(kind, record_id)
        if row is None:
            return None
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.add([row], at=0)
        self.endInsertRows()
        return 0

    def show_saved(self, row: ListRow) -> bool:
        """A record was saved: its row shows it as it now is (it keeps its place until the
        list is read again). False when no row shows it."""
        at = self.find(row.kind, row.id)
        if at is None:
            return False
        old = self._rows.rows[at]
        self._rows.rows[at] = row._replace(key=old.key)
        self._row_changed(at)
        return True


class NotesTableModel(_Paged, ListTableModel):
    """Contacts and notes as rows: what, name or title, cluster, last change — read from SQL a
    page at a time, contacts by name then notes newest first.

    Signals:
        filtered(): the rows of a filter read on the worker's thread are shown (or, when the
            thread failed, read here instead) …
        counted(): … and then counted (:attr:`matching` holds the number now).
    """

    HEADERS = (N_("Kind"), N_("Name or note"), N_("Cluster"), N_("Changed"))
    filtered = Signal()
    counted = Signal()

    def __init__(self, listing: Listing | None = None, cluster_name: ClusterName | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._worker: QueryWorker | None = None
        #: The filter last handed to the worker.
        self._later = NotesFilter(kinds=())
        self.listing = listing or Listing(None)
        self.cluster_name: ClusterName = cluster_name or (lambda c: (c or "", False))
        self._rows = _Rows(self.listing, NotesFilter(kinds=()))

    def set_filter(self, keep: NotesFilter) -> None:
        """List what *keep* keeps, from the top (the first page is read at once)."""
        self._generation += 1
        rows = _Rows(self.listing, keep)
        rows.add(rows.read(PAGE_SIZE))
        self._show(rows)

    def set_filter_later(self, keep: NotesFilter, worker: QueryWorker) -> None:
        """As :meth:`set_filter`, with the first page and the counts read on *worker*'s
        thread (its own connection): typing never waits for them. :attr:`filtered` says
        when they are shown; a newer filter, either way, drops them."""
        self._generation += 1
        self._later = keep
        if self._worker is not worker:
            worker.reported.connect(self._reported)
            worker.failed.connect(self._failed)
            self._worker = worker

        def job(reader: Connected, emit: Callable[[str, object], None],
                stale: Callable[[], bool]) -> None:
            listing = Listing(reader)
            rows = _Rows(listing, keep)
            rows.add(rows.read(PAGE_SIZE))
            if stale():
                return
            emit("rows", rows)  # shown now; counted next (not touched here again)
            emit("counts", {kind: listing.count(keep, kind) for kind in keep.kinds})

        worker.submit(LIST_CHANNEL, self._generation, job)

    def _reported(self, channel: str, generation: int, stage: str, payload: object) -> None:
        if channel != LIST_CHANNEL or generation != self._generation:
            return
        if stage == "rows":
            assert isinstance(payload, _Rows)
            payload.listing = self.listing  # further pages are read here
            self._show(payload)
            self.filtered.emit()
        elif stage == "counts":
            assert isinstance(payload, dict)
            self._rows.set_counts(payload)
            self.counted.emit()

    def _failed(self, channel: str, generation: int, message: str) -> None:
        """The thread could not read the list: it is read here instead."""
        if channel == LIST_CHANNEL and generation == self._generation:
            log.warning("the list is read on the window's thread: %s", message)
            self.set_filter(self._later)
            self.filtered.emit()
            self.counted.emit()

    def _show(self, rows: _Rows) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def set_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        """Show exactly these rows (:class:`ListRow` fields, in order), reading nothing."""
        self._generation += 1
        shown = _Rows(self.listing, NotesFilter(kinds=()))
        shown.add([ListRow(*row) for row in rows])
        self._show(shown)

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def remove(self, kind: NotesKind, record_id: int) -> None:
        """Take the record's row out (a delete), if it was read; its kind's count drops by one."""
        at = self.find(kind, record_id)
        if at is not None:
            self.beginRemoveRows(QModelIndex(), at, at)
            self._rows.remove(at)
            self.endRemoveRows()

    def entries(self) -> Sequence[object]:
        """The rows read so far (:class:`ListRow`)."""
        return self._rows.rows

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt: a cell's text and tip (kind, name or title, cluster name, day of the last change;
        the whole UTC time in the tip), the record's id and kind (:data:`ItemIdRole`,
        :data:`ItemKindRole`), and red for a cluster the directory no longer has."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows.rows):
            return None
        row = self._rows.rows[index.row()]
        if role == ItemIdRole:
            return row.id
        if role == ItemKindRole:
            return row.kind
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                text = _(KIND_NAMES[row.kind]) if row.kind in KIND_NAMES \
                    else row.kind.capitalize()
            elif column == 1:
                text = row.title
            elif column == 2:
                text = self.cluster_name(row.cluster_id)[0]
            else:
                text = row.updated_at if role == Qt.ItemDataRole.ToolTipRole \
                    else row.updated_at[:10]
            return plain_tip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if (role == Qt.ItemDataRole.ForegroundRole and column == 2
                and self.cluster_name(row.cluster_id)[1]):
            return _ORPHAN
        return None


class RecordListModel(_Paged, QAbstractListModel):
    """One kind of record (a cluster's contacts, or its notes) as a list of titles, read from
    SQL a page at a time."""

    def __init__(self, listing: Listing, kind: NotesKind, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listing = listing
        self.kind: NotesKind = kind
        self._rows = _Rows(listing, NotesFilter(kinds=()))

    def set_cluster(self, cluster_id: str | None, earlier: tuple[str, ...] = ()) -> None:
        """List the cluster's records of this kind (none when None), with those on the ids
        *earlier* releases gave it, from the top."""
        keep = NotesFilter(kinds=(self.kind,) if cluster_id else (), cluster_id=cluster_id,
                           earlier_cluster_ids=earlier if cluster_id else ())
        self.beginResetModel()
        self._rows = _Rows(self.listing, keep)
        self._rows.add(self._rows.read(PAGE_SIZE))
        self.endResetModel()

    def _row_changed(self, row: int) -> None:
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Qt: the rows read so far (more come as the view scrolls)."""
        return 0 if parent.isValid() else len(self._rows.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt: a record's title (and as its tip), id (:data:`ItemIdRole`) and kind
        (:data:`ItemKindRole`)."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows.rows):
            return None
        row = self._rows.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(row.title)
        if role == ItemIdRole:
            return row.id
        if role == ItemKindRole:
            return row.kind
        return None
