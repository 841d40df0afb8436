"""Item models: adapters that present mxdesk.core queries to Qt views.

Longer than ~450 lines: a tab's model and its paging are one piece, with its docstrings.

A table's rows are read from SQLite a page at a time, when the view first shows one of them,
so a table of 100,000 clusters costs one count and one page per keystroke, not a Python sort.
("Page" here is always such a page of rows.) How the cells are painted: ui/delegates.py.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from mxdesk.core.browse import BrowseQuery, Row, View
from mxdesk.core.directory import Directory
from mxdesk.core.facet_counts import FacetCount
from mxdesk.core.i18n import _
from mxdesk.core.records import RecordKey, record_key
from mxdesk.core.search import search_terms
from mxdesk.core.tables import TableSpec
from mxdesk.core.text import Term

# (The delegate lived here before ui/delegates.py: its old import path keeps working.)
from mxdesk.ui.delegates import HighlightDelegate  # noqa: F401 - re-exported

# (So did the facet panel's model, before ui/facets.py.)
from mxdesk.ui.facets import FacetModel, FacetTitleRole, FacetValueRole  # noqa: F401
from mxdesk.ui.messages import plain_tip, translated
from mxdesk.ui.worker import Job, QueryWorker

log = logging.getLogger("mxdesk.ui")

RecordIdRole = Qt.ItemDataRole.UserRole + 1  # a row's record id (str)
RecordKindRole = Qt.ItemDataRole.UserRole + 2  # a row's record kind (str, one of KINDS)

#: Rows fetched per page: a screenful or two, so the first page arrives at once.
PAGE_SIZE = 200
#: Tables of at most this many rows read a search's first page on the UI thread, where the
#: hand-over to the query thread would cost more than the query (docs/performance.md).
SMALL_TABLE = 5_000
#: Pages of rows kept once read (the most recently used): 20,000 rows at most.
KEPT_PAGES = 100
#: Facet counts wait for typing to pause this long after a search's rows are shown (ms):
#: counting costs far more than the rows (0.5 s of SQL at 100,000 matches) and competed with
#: the next keystrokes for the two cores (docs/performance.md, issue 17).
FACET_DELAY_MS = 400

_Index = QModelIndex | QPersistentModelIndex

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, _ALIGNMENT, int(RecordIdRole), int(RecordKindRole)})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class BrowseModel(QAbstractTableModel):
    """The rows of one tab, straight from SQL: filtered, sorted and read a page at a time.

    The table has a row for every match from the start (its scroll bar spans them all); a
    page of rows is read when the view first shows one of them, and the pages read last are
    kept. With a :class:`QueryWorker` the search runs off the UI thread in two steps — the
    first page and the count, then (for orders no index gives) the order of every matching
    row — and only the newest request's results are shown; the facet counts follow once
    typing pauses (:data:`FACET_DELAY_MS` after the rows are shown), capped where a user
    cannot tell (:mod:`mxdesk.core.facet_counts`), and the whole list's come from the file at
    once. Without a worker (tests, scripts) every step runs at once, with exact counts, and a
    failed query raises :class:`DirectoryError`; with one, :attr:`searchFailed` tells it.

    Signals:
        countsChanged(int, int): after every refresh: (rows matching, rows in the table).
        facetsChanged(dict): facet title -> [(value, count, at_least), …] for the search and
            ticks (at_least: counting stopped there, :class:`~mxdesk.core.facet_counts.
            FacetCount`).
        facetsStale(): the search or ticks changed and their counts will follow later (on
            the query thread, once typing pauses): the counts shown are an earlier search's.
        keysListed(): every matching row's key is known now (the query thread listed them
            after the first page): :meth:`lists` can answer for any record.
        searchFailed(str): the newest search could not run on the query thread: why, for the
            user (before, a failed background search left the list as it was, unexplained).
    """

    countsChanged = Signal(int, int)
    facetsChanged = Signal(dict)
    facetsStale = Signal()
    keysListed = Signal()
    searchFailed = Signal(str)

    def __init__(self, directory: Directory, spec: TableSpec, parent: QObject | None = None,
                 worker: QueryWorker | None = None) -> None:
        super().__init__(parent)
        self.directory = directory
        self.browse = BrowseQuery(spec)
        self.worker = worker
        self.channel = spec.plural
        #: page number -> its rows, the most recently used last
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._keys: list[tuple[str, str]] | None = None
        self._index: dict[tuple[str, str], int] | None = None
        #: Pages the view asked for before the query thread listed the keys they need.
        self._waiting: set[int] = set()
        self._matching = 0
        self._generation = 0
        self._shown_generation = 0
        self.total = self.browse.total(directory)
        self.terms: list[Term] = []
        #: Starts when a search's rows are shown; the facet counts are asked for when it ends.
        self._facet_timer = QTimer(self)
        self._facet_timer.setSingleShot(True)
        self._facet_timer.setInterval(FACET_DELAY_MS)
        self._facet_timer.timeout.connect(self._count_facets)
        if worker is not None:
            worker.reported.connect(self._reported)
            worker.failed.connect(self._failed)
        self.refresh()

    @property
    def matching(self) -> int:
        """How many rows the current search and ticks leave (the rows the table has)."""
        return self._matching

    @property
    def busy(self) -> bool:
        """A newer search than the one shown is still running."""
        return self._shown_generation != self._generation

    def refresh(self) -> None:
        """Run the query again after the search, the facets or the sort changed."""
        self._generation += 1
        self._facet_timer.stop()
        self.terms = search_terms(self.browse.text)
        snapshot = self._snapshot()
        unfiltered = not snapshot.text.strip() and not any(snapshot.selected.values())
        if unfiltered and self.worker is not None:
            # The whole list's counts, as the build stored them: one small read, no count.
            self.facetsChanged.emit(_plain(snapshot.stored_facet_counts(self.directory)))
        elif self.worker is not None:
            self.facetsStale.emit()  # counted after FACET_DELAY_MS, on the query thread
        if self.worker is None:
            _browse_job(snapshot)(self.directory, self._apply_now, lambda: False)
        elif self.total <= SMALL_TABLE or (unfiltered and snapshot.sort_column == 0):
            # A millisecond or two of SQL (a small table, or the first rows of the whole table
            # in name order, from its index): the page is read here, at once — a hand-over to
            # the query thread would cost more than the query. The rest goes there.
            if unfiltered:
                self._apply_now("page", (snapshot.rows(self.directory, 0, PAGE_SIZE),
                                         self.total))
            else:
                _browse_job(snapshot, ("page",))(self.directory, self._apply_now,
                                                 lambda: False)
            if not snapshot.paged:
                self.worker.submit(self.channel, self._generation,
                                   _browse_job(snapshot, ("keys",)))
        else:
            self.worker.submit(self.channel, self._generation,
                               _browse_job(snapshot, ("page", "keys")))

    def facet_counts_shown(self) -> dict[str, list[tuple[str, int, bool]]]:
        """The counts the facet panel shows at first: the whole list's, as the build stored
        them (read, never counted); facet title -> [(value, rows, at_least), …]."""
        return _plain(self.browse.stored_facet_counts(self.directory))

    def _count_facets(self) -> None:
        """Typing paused with the newest search's rows shown: count its facets on the query
        thread (the next keystroke interrupts them)."""
        if self.worker is None or self.busy or not self.filtered:
            return
        self.worker.submit(self.channel, self._generation,
                           _facet_job(self._snapshot(), self._matching))

    def _apply_now(self, stage: str, payload: object) -> None:
        self._apply(self._generation, stage, payload)

    def _failed(self, channel: str, generation: int, message: str) -> None:
        if channel == self.channel and generation == self._generation:
            self.searchFailed.emit(message)

    def _reported(self, channel: str, generation: int, stage: str, payload: object) -> None:
        if channel == self.channel and generation == self._generation:
            self._apply(generation, stage, payload)

    def _apply(self, generation: int, stage: str, payload: object) -> None:
        if stage == "page":
            if generation == self._shown_generation:
                return  # already shown: read here by settle() while the thread worked on it
            assert isinstance(payload, tuple)
            rows, count = payload
            self.beginResetModel()
            self._pages = OrderedDict({0: list(rows)})
            self._keys = None
            self._index = None
            self._waiting = set()
            self._matching = int(count)
            self._shown_generation = generation
            self.endResetModel()
            self.countsChanged.emit(self._matching, self.total)
            if self.worker is not None and self.filtered:
                self._facet_timer.start()
        elif stage == "keys":
            self._keys = list(payload)  # type: ignore[call-overload]
            self._index = None
            waiting, self._waiting = sorted(self._waiting), set()
            last = self.columnCount() - 1
            for page in waiting:  # the view asks again, and the rows are read now
                first = page * PAGE_SIZE
                end = min(first + PAGE_SIZE, self._matching) - 1
                if first <= end:
                    self.dataChanged.emit(self.index(first, 0), self.index(end, last))
            self.keysListed.emit()
        elif stage == "facets":
            self.facetsChanged.emit(payload)

    # -- the search, ticks and sort: this model is the only writer of :attr:`browse` ------

    def set_text(self, text: str) -> None:
        """Search for *text*, keeping the ticks."""
        self.browse.text = text
        self.refresh()

    def set_selected(self, selected: dict[str, set[str]]) -> None:
        """Tick these values (facet title -> values), keeping the search."""
        self.set_search(self.browse.text, selected)

    def set_search(self, text: str, selected: dict[str, set[str]]) -> None:
        """Search for *text* with these values ticked (facet title -> values), with one
        query (``set_search("", {})`` shows every row)."""
        self.browse.text = text
        self.browse.selected = {k: set(v) for k, v in selected.items() if v}
        self.refresh()

    def set_view(self, view: View) -> None:
        """Search, tick and sort as *view* says, with one query."""
        self.browse.text = view.text
        self.browse.selected = view.ticked()
        if 0 <= view.sort_column < len(self.browse.spec.columns):
            self.browse.sort_column = view.sort_column
            self.browse.descending = view.descending
        self.refresh()

    @property
    def filtered(self) -> bool:
        """True when a search or a tick narrows the list."""
        return bool(self.browse.text.strip() or self.browse.selected)

    def summary(self) -> str:
        """The search and ticked facets in words, ``"“queretaro”; Sector: ICT"``; ``"all"``
        when neither narrows the list."""
        parts = [f"“{self.browse.text.strip()}”"] if self.browse.text.strip() else []
        parts += [f"{translated(title)}: {', '.join(sorted(values))}"
                  for title, values in self.browse.selected.items()]
        # Translators: what a list shows when no search or tick narrows it ("Clusters: all").
        return "; ".join(parts) or _("all")

    def keys(self) -> list[tuple[str, str]]:
        """(kind, id) of every matching record in order (computed here if the worker has not
        said yet)."""
        if self._keys is None:
            self._keys = self.browse.ordered_keys(self.directory)
        return self._keys

    def settle(self) -> None:
        """Bring the rows up to date now if the newest search is still on the query thread
        (going to a record must not find it among an older search's rows)."""
        if self.busy:
            _browse_job(self._snapshot(), ("page",))(self.directory, self._apply_now,
                                                     lambda: False)

    def _snapshot(self) -> BrowseQuery:
        """A copy of the search, ticks and sort, for a job that runs while they change."""
        return BrowseQuery(self.browse.spec, self.browse.text,
                      {k: set(v) for k, v in self.browse.selected.items()},
                      self.browse.sort_column, self.browse.descending)

    # -- pages ---------------------------------------------------------------------------

    def _page(self, page: int, wait: bool = True) -> list[Row] | None:
        """The rows of a page, read if need be; None while the query thread is still listing
        the keys they need (unless not *wait*: then they are listed here)."""
        rows = self._pages.get(page)
        if rows is not None:
            # (Asked a dozen times per visible cell: an O(1) move keeps the most used last.)
            self._pages.move_to_end(page)
            return rows
        first = page * PAGE_SIZE
        if self._keys is None and self.browse.paged:
            # Name order, with or without a search: any page is one indexed query.
            rows = self.browse.rows(self.directory, first, PAGE_SIZE)
        elif self._keys is None and self.worker is not None and wait:
            # Listing every row's key here would hold the window (seconds at 100,000 rows):
            # the query thread is doing it, and the page follows when it is done.
            self._waiting.add(page)
            return None
        else:
            rows = self.browse.rows_for(self.directory, self.keys()[first:first + PAGE_SIZE])
        while len(self._pages) >= KEPT_PAGES:
            self._pages.popitem(last=False)
        self._pages[page] = rows
        return rows

    def _row(self, n: int, wait: bool = True) -> Row | None:
        if not 0 <= n < self._matching:
            return None
        rows = self._page(n // PAGE_SIZE, wait)
        if rows is None or n % PAGE_SIZE >= len(rows):
            return None
        return rows[n % PAGE_SIZE]

    def row_of(self, kind: str, record_id: str, fetch: bool = True) -> int | None:
        """The row showing a record; None when it is filtered out. Without *fetch*, only the
        pages already read are looked at (and nothing is queried)."""
        if fetch:
            self.settle()
        key = (kind, record_id)
        for page, rows in self._pages.items():
            for n, each in enumerate(rows):
                if (each.kind, each.id) == key:
                    return page * PAGE_SIZE + n
        if not fetch:
            return None
        if self._keys is not None:
            if self._index is None:
                self._index = {k: n for n, k in enumerate(self._keys)}
            position = self._index.get(key)
        else:
            position = self.browse.position(self.directory, kind, record_id)
        if position is None:
            return None
        found = self._row(position, wait=False)
        return position if found is not None and (found.kind, found.id) == key else None

    def lists(self, kind: str, record_id: str) -> bool | None:
        """Whether the current search and ticks leave this record in the table; None while
        that cannot be told without a query the window would wait for (the query thread is
        still listing the matches), then :attr:`keysListed` is emitted."""
        if kind not in self.browse.spec.kinds:
            return False
        if not self.browse.text.strip() and not any(self.browse.selected.values()):
            return True
        key = (kind, record_id)
        if any((row.kind, row.id) == key for rows in self._pages.values() for row in rows):
            return True
        if sum(len(rows) for rows in self._pages.values()) >= self._matching:
            return False  # every row is read: a short list (the bundled directory's)
        if self._keys is not None:
            if self._index is None:
                self._index = {k: n for n, k in enumerate(self._keys)}
            return key in self._index
        if self.browse.indexed:  # a few indexed counts
            return self.browse.position(self.directory, kind, record_id) is not None
        return None

    def record_at(self, row: int) -> RecordKey | None:
        """The record on *row* (kind, id); None past the end or while its page waits."""
        found = self._row(row, wait=False)
        return record_key(found.kind, found.id) if found is not None else None

    # -- Qt's model interface -------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Qt: the rows matching (a flat table: none under a row)."""
        return 0 if parent.isValid() else self._matching

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Qt: the tab's columns (a flat table: none under a row)."""
        return 0 if parent.isValid() else len(self.browse.spec.columns)

    def cell(self, row: int, column: int) -> str | int | None:
        """What the cell at *row*, *column* holds before :meth:`data` makes it text: a
        ``str``, an ``int`` (a count, shown right-aligned), or ``None`` when empty or while
        its page waits for the query thread. (The highlight delegate reads it without a
        round trip through Qt.)"""
        found = self._row(row)
        return None if found is None else found.cells[column]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called a dozen times per visible cell and repaint: roles as plain ints, the roles
        # this model never answers turned away first.
        """Qt: a cell's text, tip, alignment (numbers right), or its row's record id or kind
        (:data:`RecordIdRole`, :data:`RecordKindRole`); ``"…"`` while its page waits."""
        role = int(role)
        if role not in _ANSWERED:
            return None
        if not index.isValid():
            return None
        row = self._row(index.row())
        if row is None:  # its page waits for the query thread
            return "…" if role == _DISPLAY and index.column() == 0 else None
        if role == _DISPLAY:
            value = row.cells[index.column()]
            return "" if value is None else str(value)
        if role == _ALIGNMENT:
            return _RIGHT if isinstance(row.cells[index.column()], int) else None
        if role == _TOOLTIP:
            value = row.cells[index.column()]
            return plain_tip("" if value is None else str(value))
        if role == RecordIdRole:
            return row.id
        return row.kind  # RecordKindRole

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt: a column's title, and the tip "Sort by …"."""
        columns = self.browse.spec.columns
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return translated(columns[section].title)
            if role == Qt.ItemDataRole.ToolTipRole:
                # Translators: a column header's tip; {column} is its title, in lower case.
                title = translated(columns[section].title)
                return _("Sort by {column}").format(column=title.lower())
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Qt: sort by *column* and query again (nothing when the order is already that)."""
        if not 0 <= column < len(self.browse.spec.columns):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self.browse.sort_column, self.browse.descending):
            return  # (the view asks again when sorting is switched on or a header restored)
        self.browse.sort_column = column
        self.browse.descending = descending
        self.refresh()


def _browse_job(browse: BrowseQuery,
                stages: tuple[str, ...] = ("page", "keys", "facets")) -> Job:
    """The steps of a table refresh, reported as they finish: the first page and the count,
    every row's order (not for an indexed search: it pages through the index and finds a
    row's place with two counts), the facet counts."""

    def job(directory: Directory, emit: Callable[[str, object], None],
            stale: Callable[[], bool]) -> None:
        browse.prepare(directory)
        if "page" in stages:
            emit("page", (browse.rows(directory, 0, PAGE_SIZE), browse.count(directory)))
        if "keys" in stages and not browse.indexed and not stale():
            emit("keys", browse.ordered_keys(directory))
        if "facets" in stages and not stale():
            emit("facets", browse.facet_counts(directory))

    return job


def _facet_job(browse: BrowseQuery, matching: int) -> Job:
    """The facet counts of a search whose rows are shown (*matching* of them), as the facet
    panel shows them while typing (:meth:`BrowseQuery.live_facet_counts`)."""

    def job(directory: Directory, emit: Callable[[str, object], None],
            stale: Callable[[], bool]) -> None:
        counts = browse.live_facet_counts(directory, matching, stale)
        if counts is not None and not stale():
            emit("facets", _plain(counts))

    return job


def _plain(counts: dict[str, list[FacetCount]]) -> dict[str, list[tuple[str, int, bool]]]:
    """Counts as plain tuples (a named tuple does not cross threads in a Qt signal)."""
    return {title: [(c.value, c.rows, c.at_least) for c in values]
            for title, values in counts.items()}
