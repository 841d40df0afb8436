"""One tab of the window: search field, facets, a table and the detail pane.

Longer than ~450 lines: one widget that wires its four parts together and carries the
keyboard and mouse paths between them, each a method of its own.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core.browse import View
from mxdesk.core.directory import Directory
from mxdesk.core.i18n import _
from mxdesk.core.records import Kind, RecordKey, record_key
from mxdesk.core.search import finds_any
from mxdesk.core.spelling import directory_correction
from mxdesk.core.tables import TableSpec
from mxdesk.ui import tab_words
from mxdesk.ui.columns import ColumnWidths
from mxdesk.ui.delegates import HighlightDelegate
from mxdesk.ui.detail import DetailPane, record_page
from mxdesk.ui.facets import FacetModel
from mxdesk.ui.map_view import TableOrMap
from mxdesk.ui.models import BrowseModel, RecordIdRole, RecordKindRole
from mxdesk.ui.spelling_bar import SpellingBar
from mxdesk.ui.worker import QueryWorker

log = logging.getLogger("mxdesk.ui")

#: Typing waits this long before the table follows. 0: keystrokes already queued are merged,
#: and each search runs on the query thread, where the next keystroke interrupts it.
SEARCH_DELAY_MS = 0


class BrowserTab(QWidget):
    """Browse one kind of record: type to filter, tick facets, sort, read the details.

    Signals:
        recordSelected(str, str): a record was selected in the table (kind, id); the window
            records it in its history.
        statusChanged(str): the status line changed ("12 of 118 clusters").
        recordShown(str, str): the detail pane now shows this record (kind, id): by selection
            or by navigation.
        recordCleared(): the detail pane shows nothing: its record left the list (the search
            or the filters).
        rowMenuRequested(QPoint): a row's menu was asked for (right click, the Menu key), at
            this point of the screen (global coordinates, px); the row is the one shown
            (:attr:`current`) by then.
    """

    recordSelected = Signal(str, str)
    statusChanged = Signal(str)
    recordShown = Signal(str, str)
    recordCleared = Signal()
    rowMenuRequested = Signal(QPoint)

    def __init__(self, name: str, spec: TableSpec, directory: Directory,
                 parent: QWidget | None = None, worker: QueryWorker | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.spec = spec
        self.directory = directory
        self.current: RecordKey | None = None
        # In this order: widgets join the focus chain (Tab) in the order they are made.
        self._build_search()
        self._build_table(worker)
        self._build_detail()
        self._lay_out()
        self._make_timers()
        self._connect_signals()
        if worker is None:
            # The first refresh ran before the signals were connected: ask again.
            self.model.refresh()
        else:
            # The whole list's facet counts, stored by the build: read, never counted.
            self._facets_ready(self.model.facet_counts_shown())
        self._counts_changed(self.model.matching, self.model.total)

    def _build_search(self) -> None:
        """The search field and the facets (tick boxes) that narrow the list."""
        spec = self.spec
        self.search_field = QLineEdit(self)
        self.search_field.setPlaceholderText(tab_words.search_hint(spec))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName(tab_words.search_name(spec))
        self.search_field.setToolTip(_("Every word matches the start of a word; case and "
                                       "accents are ignored (Ctrl+F). Esc clears, ↓ goes to "
                                       "the list"))
        self.search_field.installEventFilter(self)

        self.facets = FacetModel(self)
        self.facet_view = QTreeView(self)
        self.facet_view.setModel(self.facets)
        self.facet_view.setHeaderHidden(True)
        self.facet_view.setAccessibleName(tab_words.filter_name(spec))
        self.facet_view.setToolTip(_("Tick values to narrow the list; counts follow the "
                                     "search"))
        self.facet_view.setUniformRowHeights(True)
        self._facet_counts: dict[str, list[tuple[str, int, bool]]] = {}
        #: The search changed since the counts shown came (they are drawn greyed).
        self._counts_pending = False

    def _build_table(self, worker: QueryWorker | None) -> None:
        """The model and the table of records, its delegates, and the bar shown when the
        search and filters leave no row."""
        spec = self.spec
        self.model = BrowseModel(self.directory, spec, self, worker=worker)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(tab_words.table_name(spec))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows can be selected (Ctrl/Shift+click) to make a brochure of them.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # The indicator first: switching sorting on sorts by it (and the model is already in
        # name order, so nothing is queried again).
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        #: The last menu was asked for with the keyboard (the Menu key): it is the current
        #: row's, wherever the pointer is.
        self._menu_by_keyboard = False
        self.table.installEventFilter(self)
        self.table.viewport().installEventFilter(self)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The name takes the room the other columns leave: with the last column stretched, a
        # wide window gave "Quality label" 400 px while names were cut.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Sized from the first rows only (Qt looks at up to 1,000 by default).
        header.setResizeContentsPrecision(40)
        # Columns a user may add from the header's menu start hidden (ui/column_chooser.py).
        for n, column in enumerate(spec.columns):
            header.setSectionHidden(n, not column.shown)
        #: The columns' widths, measured for the text size and fitted to the table's width.
        self.columns = ColumnWidths(self.table)
        self.columns.measure()
        # While searching, every text column shows where the search matched (names, states,
        # sectors…); otherwise Qt's own delegate paints, with no Python per cell.
        self._plain_delegate = self.table.itemDelegate()
        self._highlight_delegate = HighlightDelegate(self.model, self.table)

        self.empty_label = QLabel(self)
        self.clear_button = QPushButton(_("Clear search and filters"), self)
        self.clear_button.setToolTip(_("Show every record again"))
        empty = QWidget(self)
        empty_layout = QHBoxLayout(empty)
        empty_layout.setContentsMargins(4, 2, 4, 2)
        empty_layout.addWidget(self.empty_label, 1)
        empty_layout.addWidget(self.clear_button)
        self.empty_bar = empty
        self.empty_bar.hide()
        self._build_spelling()

    def _build_spelling(self) -> None:
        """The bar that says a misspelt search was corrected ("Showing results for
        Querétaro"), with its "Search instead for …" (issue 17)."""
        # A correction is offered only when it finds some of this tab's records.
        self.spelling = SpellingBar(
            lambda text: directory_correction(
                self.directory, text,
                lambda fixed: finds_any(self.directory, fixed, tuple(self.spec.kinds))),
            self.search_field, self)
        self.spelling.searchChosen.connect(self._apply_search)

    def _build_detail(self) -> None:
        """The detail pane, the bar of buttons above it and the splitter below it."""
        self.detail = DetailPane(self)
        # Buttons acting on the shown record (the window puts its actions here).
        self.detail_bar = QHBoxLayout()
        self.detail_bar.setContentsMargins(0, 0, 0, 0)
        self.detail_bar.addStretch(1)
        self._detail_side = QWidget(self)
        right_layout = QVBoxLayout(self._detail_side)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(self.detail_bar)
        # The detail pane, and below it whatever the window adds (the user's own notes).
        self.detail_splitter = QSplitter(Qt.Orientation.Vertical, self._detail_side)
        self.detail_splitter.addWidget(self.detail)
        self.detail_splitter.setChildrenCollapsible(False)
        right_layout.addWidget(self.detail_splitter)

    def _lay_out(self) -> None:
        """Search field on top; facets, table and details side by side below it."""
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.spelling)
        middle_layout.addWidget(self.empty_bar)
        #: The clusters' table or their map in its place (issue 19); None in other tabs.
        self.table_or_map: TableOrMap | None = None
        if "cluster" in self.spec.kinds:
            self.table_or_map = TableOrMap(self, self.table, middle)
            middle_layout.addWidget(self.table_or_map)
        else:
            middle_layout.addWidget(self.table)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.facet_view)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self._detail_side)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([220, 620, 480])
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.search_field)
        layout.addWidget(self.splitter, 1)

        self.setTabOrder(self.search_field, self.facet_view)
        if self.table_or_map is not None:  # the switch, then the table or the map
            self.table_or_map.chain(self.facet_view, self.detail)
        else:
            self.setTabOrder(self.facet_view, self.table)
            self.setTabOrder(self.table, self.detail)

    def _make_timers(self) -> None:
        """The pauses: the table follows typing after :data:`SEARCH_DELAY_MS`; the details'
        highlights after 300 ms."""
        self._highlight_timer = QTimer(self)
        self._highlight_timer.setSingleShot(True)
        self._highlight_timer.setInterval(300)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)

    def _connect_signals(self) -> None:
        self.model.facetsChanged.connect(self._facets_ready)
        self.model.facetsStale.connect(self._facets_stale)
        self.table.customContextMenuRequested.connect(self._row_menu_requested)
        self._highlight_timer.timeout.connect(self.rerender)
        self._timer.timeout.connect(self._apply_search)
        self.search_field.textChanged.connect(self._timer.start)
        self.search_field.returnPressed.connect(self.search_now)
        self.facets.selectionChanged.connect(self._facets_changed)
        self.clear_button.clicked.connect(self.clear_filters)
        self.model.countsChanged.connect(self._counts_changed)
        self.model.searchFailed.connect(self._search_failed)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        # A click on the row that is already current (after a state's page, shown over it)
        # changes no current row, yet must show that row's record again.
        self.table.clicked.connect(lambda _index: self._row_changed(None, None))
        self.model.modelReset.connect(self._choose_delegate)
        self.model.modelReset.connect(self._reselect)
        # Lay the new rows out now, not in the first paint: done there, the scroll bar's new
        # range asks for a second paint of the whole table (7 ms at 100,000 clusters, each
        # keystroke that changes the count).
        self.model.modelReset.connect(self.table.doItemsLayout)
        self.model.keysListed.connect(self._drop_unlisted)

    # -- searching and filtering ----------------------------------------------------------

    def search_now(self) -> None:
        """Enter in the search field: search without waiting, then go to the first result."""
        self.go_to_list()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search field, Esc clears the search and ↓ goes down into the list; in the
        table, note whether a menu is asked for by the keyboard or the mouse, size the
        columns again for a new text size or width, and make no row current that nobody
        chose when the focus arrives."""
        if event.type() == QEvent.Type.FontChange and watched is self.table:
            self.columns.measure()  # (the text size changed)
        elif (event.type() == QEvent.Type.FocusIn and watched is self.table
              and not self.table.currentIndex().isValid()):
            # Qt makes the first row current when the table gets the focus with none
            # (QAbstractItemView::focusInEvent), and the pane would show it: after the
            # header's menu closed, a column was hidden, the window came back or Tab reached
            # it — a row nobody chose (issue 17's trial). ↓ still goes to the first row.
            self.table.viewport().update()
            return True
        elif event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self.columns.fit()
        if isinstance(event, QContextMenuEvent) and watched in (self.table,
                                                                self.table.viewport()):
            self._menu_by_keyboard = event.reason() == QContextMenuEvent.Reason.Keyboard
            return False
        if (watched is self.search_field and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and not event.modifiers()):
            if event.key() == Qt.Key.Key_Escape and self.search_field.text():
                self.search_field.clear()
                self._timer.stop()
                self._apply_search()
                return True
            if event.key() == Qt.Key.Key_Down:
                self.go_to_list()
                return True
        return super().eventFilter(watched, event)

    def go_to_list(self) -> None:
        """Focus the table on the record shown, or on its first row (which is then shown)."""
        self._timer.stop()
        self._apply_search()
        if not self.model.rowCount():
            return
        self.table.setFocus(Qt.FocusReason.TabFocusReason)
        if not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _apply_search(self) -> None:
        # A word that matches nothing is searched as its nearest word (ui/spelling_bar.py).
        wanted = self.spelling.query_for(self.search_field.text())
        if self.model.browse.text != wanted:
            self.model.set_text(wanted)
            if self.current:
                # The details follow the new highlight once typing pauses: the table first.
                self._highlight_timer.start()

    def _facets_changed(self, selected: dict[str, set[str]]) -> None:
        self.model.set_selected(selected)

    def _facets_stale(self) -> None:
        """The counts shown are the previous search's until the new ones are counted: drawn
        greyed, "Counting…" (ui/facets.py); ticks still work."""
        self._counts_pending = True
        self.facets.show_stale(self.facet_view.palette().color(QPalette.ColorRole.PlaceholderText))

    def _facets_ready(self, counts: dict[str, list[tuple[str, int, bool]]]) -> None:
        self._counts_pending = False
        # In the spec's order: a dict crossing threads in a Qt signal comes back sorted.
        self._facet_counts = {f.title: [tuple(c) for c in counts.get(f.title, [])]  # type: ignore[misc]
                              for f in self.spec.facets}
        # Defer, so that a tick the user is making in the facet view finishes first.
        QTimer.singleShot(0, self._refresh_facets)

    def _refresh_facets(self) -> None:
        expanded = {self.facets.item(r).data(Qt.ItemDataRole.DisplayRole)
                    for r in range(self.facets.rowCount())
                    if self.facet_view.isExpanded(self.facets.index(r, 0))}
        first = self.facets.rowCount() == 0
        self.facets.set_counts(self._facet_counts, self.model.browse.selected)
        if self._counts_pending:  # a newer search began since these counts came
            self._facets_stale()
        for r in range(self.facets.rowCount()):
            title = self.facets.item(r).data(Qt.ItemDataRole.DisplayRole)
            if first or title in expanded:
                self.facet_view.expand(self.facets.index(r, 0))

    def facet_counts(self) -> dict[str, list[tuple[str, int, bool]]]:
        """The facet counts shown: title -> [(value, count, at_least), …]."""
        return self._facet_counts

    def select_facet(self, title: str, value: str) -> None:
        """Show only the records with this facet value (a state link does this)."""
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)
        self.spelling.clear()
        self.model.set_search("", {title: {value}})

    def clear_filters(self) -> None:
        """Show every record: the search field emptied and every tick taken off."""
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)
        self._timer.stop()
        self.spelling.clear()
        self.model.set_search("", {})

    def view(self) -> View:
        """The search, ticks and sort shown now."""
        return self.model.browse.view()

    def set_view(self, view: View) -> None:
        """Show the list as *view* says: its search in the field, its ticks, its sort in the
        header (Back and Forward)."""
        self._timer.stop()
        if self.search_field.text() != view.text:
            self.search_field.blockSignals(True)
            self.search_field.setText(view.text)
            self.search_field.blockSignals(False)
        self.spelling.clear()
        header = self.table.horizontalHeader()
        order = Qt.SortOrder.DescendingOrder if view.descending else Qt.SortOrder.AscendingOrder
        # Without its signal: the view would sort (and query) once more on its own.
        header.blockSignals(True)
        header.setSortIndicator(view.sort_column, order)
        header.blockSignals(False)
        if view != self.view():
            self.model.set_view(view)

    def filter_summary(self) -> str:
        """The search and ticked facets in words (:meth:`BrowseModel.summary`)."""
        return self.model.summary()

    def has_filters(self) -> bool:
        """True when a search or a tick narrows the list."""
        return self.model.filtered

    def _counts_changed(self, matching: int, total: int) -> None:
        status = tab_words.count(self.spec, matching, total)
        if matching == 0 and self.has_filters():
            self.empty_label.setText(tab_words.none_match(self.spec))
            self.empty_bar.show()
            status = tab_words.none_status(self.spec, status)
        else:
            self.empty_bar.hide()
        self.status = status
        self.statusChanged.emit(status)

    def _search_failed(self, message: str) -> None:
        self.status = _("The search could not run: {reason}").format(reason=message)
        self.statusChanged.emit(self.status)

    # -- the selected record --------------------------------------------------------------

    def _row_changed(self, current: object, _previous: object) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        kind, record_id = index.data(RecordKindRole), index.data(RecordIdRole)
        if (kind, record_id) != self.current:
            self.show_record(kind, record_id)
            self.recordSelected.emit(kind, record_id)

    def _row_menu_requested(self, pos: QPoint) -> None:
        """Right click on a row: the row becomes the one shown (kept among the selected rows
        if it was one of them), then the window shows its menu."""
        if self._menu_by_keyboard:  # the Menu key: the current row's menu, beside it
            index = self.table.currentIndex()
            self.table.scrollTo(index)
            pos = self.table.visualRect(index).center()
        else:
            index = self.table.indexAt(pos)
        if not index.isValid():  # below the last row, or no row chosen yet
            return
        selection = self.table.selectionModel()
        if selection.isRowSelected(index.row(), QModelIndex()):
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        else:
            self.table.selectRow(index.row())
        if self.current is None or self.current.kind not in self.spec.kinds:
            return
        self.rowMenuRequested.emit(self.table.viewport().mapToGlobal(pos))

    def _choose_delegate(self) -> None:
        wanted = self._highlight_delegate if self.model.terms else self._plain_delegate
        if self.table.itemDelegate() is not wanted:
            self.table.setItemDelegate(wanted)

    def _reselect(self) -> None:
        """After a refresh, keep the selected record selected if it is on the new list's first
        page; otherwise show the new list from its top, and stop showing the record if the
        list no longer holds it."""
        row = self.model.row_of(*self.current, fetch=False) if self.current else None
        if row is not None:
            self._select_row(row)
        else:
            self.table.scrollToTop()
            self._drop_unlisted()

    def _drop_unlisted(self) -> None:
        """The record shown has left the list: show nothing rather than a record the star,
        Add contact and the fact sheet would act on unseen. (A state shown in the Clusters
        tab is no row of it, and stays.)"""
        if self.current is None or self.current.kind not in self.spec.kinds:
            return
        if self.model.lists(*self.current) is False:
            self.clear_record()

    def clear_record(self) -> None:
        """Show no record: the pane says to select a row."""
        self.current = None
        self._highlight_timer.stop()
        self.table.clearSelection()
        self.detail.clear_record()
        self.recordCleared.emit()

    def _select_row(self, row: int) -> None:
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        index = self.model.index(row, 0)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)
        selection.blockSignals(False)
        self.table.viewport().update()
        self.table.scrollTo(index)

    def show_record(self, kind: str, record_id: str) -> None:
        """Show a record in the detail pane (any kind: a state shows in the Clusters tab)."""
        self.current = record_key(kind, record_id)
        record = self.directory.get(*self.current)
        self.detail.show_html(*record_page(self.directory, record, self.model.terms))
        self.recordShown.emit(kind, record_id)

    def open_record(self, kind: Kind, record_id: str) -> None:
        """Select a record in the table, clearing filters that hide it, and show it."""
        row = self.model.row_of(kind, record_id)
        if row is None and self.has_filters():
            self.clear_filters()
            row = self.model.row_of(kind, record_id)
        if row is not None:
            self._select_row(row)
        else:
            self.table.clearSelection()
        self.show_record(kind, record_id)

    def stop(self) -> None:
        """The window closes: nothing more is searched or drawn (a details redraw due after
        typing would read the notes of a cluster after they were closed)."""
        self._timer.stop()
        self._highlight_timer.stop()

    def rerender(self) -> None:
        """Draw the detail pane again (after a palette or font change)."""
        if self.current:
            self.show_record(*self.current)

    def add_below_detail(self, widget: QWidget) -> None:
        """Put *widget* (the cluster panel) under the detail pane, which keeps about two thirds of
        the height (460:220 px at first, stretch 2:1)."""
        self.detail_splitter.addWidget(widget)
        # The record first: what is below it (the user's contacts and notes) starts at about
        # a third of the height and keeps a third as the window grows or shrinks (at 150 %
        # on a laptop the notes kept 220 px and the record got 70).
        self.detail_splitter.setSizes([460, 220])
        self.detail_splitter.setStretchFactor(0, 2)
        self.detail_splitter.setStretchFactor(1, 1)

    def selected_records(self) -> list[tuple[str, str]]:
        """(kind, id) of the rows selected in the table, in table order."""
        # From the selection's ranges, not one index per row: Ctrl+A on 100,000 rows is one.
        selection = self.table.selectionModel().selection()
        spans = [selection.at(i) for i in range(selection.size())]
        rows = sorted({n for span in spans for n in range(span.top(), span.bottom() + 1)})
        if len(rows) > 1_000:  # many pages: the list of every row's key is cheaper
            keys = self.model.keys()
            return [keys[n] for n in rows if n < len(keys)]
        return [r for r in (self.model.record_at(row) for row in rows) if r is not None]

    def listed_records(self) -> list[tuple[str, str]]:
        """(kind, id) of every record the current search and filters leave, in table order."""
        return list(self.model.keys())

    # -- remembering the layout -----------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        """Keep the splitters' places and the table's header (column widths, sort) in *settings*,
        under ``tab-<name>``."""
        settings.beginGroup(f"tab-{self.name}")
        settings.setValue("splitter", self.splitter.saveState())
        settings.setValue("header", self.table.horizontalHeader().saveState())
        settings.setValue("detail_splitter", self.detail_splitter.saveState())
        settings.endGroup()

    def restore_state(self, settings: QSettings) -> None:
        """Put back what :meth:`save_state` kept (anything missing or of the wrong type is left as
        it is); a header put back sorts the table as it says."""
        settings.beginGroup(f"tab-{self.name}")
        splitter = settings.value("splitter")
        header = settings.value("header")
        detail = settings.value("detail_splitter")
        settings.endGroup()
        if isinstance(detail, QByteArray):
            self.detail_splitter.restoreState(detail)
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)
            header_view = self.table.horizontalHeader()
            self.model.sort(header_view.sortIndicatorSection(), header_view.sortIndicatorOrder())
            self.columns.fit()  # (the widths put back are the ones wanted)
