"""A browsing table's column widths: each column but the names' measured from its values in
the text size shown (or as the user dragged it), then fitted to the table's width so that the
names keep a readable share even at the largest text size on a laptop."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

#: The names' share of the table's width, when the other columns would leave them less: at the
#: largest text size on a laptop the other columns took the room and names showed as "C…".
NAME_SHARE = 0.5
#: ... but no more than this many average characters of the text (a name column this wide
#: reads well; more would only cut the other columns).
NAME_CHARS = 20
#: The other columns give up room down to this many average characters (their tips show
#: a cell whole).
OTHER_CHARS = 8


class ColumnWidths:
    """The widths of *table*'s columns (column 0 holds the names): :meth:`measure` when the
    text size changes, :meth:`fit` when the table's width does."""

    def __init__(self, table: QTableView) -> None:
        self.table = table
        #: The width each column but the names' would have with room enough, in px: measured
        #: from its values in the text size shown, or as the user dragged it.
        self._wanted: dict[int, int] = {}
        #: Set while the columns are fitted: their resizing is not the user's.
        self._fitting = False
        table.horizontalHeader().sectionResized.connect(self._resized)

    def measure(self) -> None:
        """Size the columns but the names' for their values in the text size shown, then fit
        them to the table (:meth:`fit`)."""
        header = self.table.horizontalHeader()
        # The pixels below are the system's text size's: scaled as the text size is.
        shown, system = self.table.font().pointSizeF(), QApplication.font().pointSizeF()
        scale = shown / system if shown > 0 and system > 0 else 1.0
        for column in range(1, self.table.model().columnCount()):
            # Wide enough for the heading and the first page of values when they fit in
            # 170 px ("Silver (expired 2019)" whole); a column of longer values (lists of
            # sectors), cut whatever its width, leaves the room to the names (its tip shows
            # all of a cell).
            wanted = max(self.table.sizeHintForColumn(column),
                         header.sectionSizeHint(column)) + 12
            self._wanted[column] = round(max(wanted, 90 * scale) if wanted <= 170 * scale
                                         else 130 * scale)
        self.fit()

    def fit(self) -> None:
        """Give the columns their wanted widths, unless that leaves the names less than their
        share (:data:`NAME_SHARE` of the table, at most :data:`NAME_CHARS` characters): then
        the other columns give up room alike, down to :data:`OTHER_CHARS` characters each, and
        past that the table scrolls sideways rather than squeeze the names."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        room = self.table.viewport().width()
        # A column hidden by the column chooser (ui/column_chooser.py) takes no room.
        widths = {c: w for c, w in self._wanted.items() if not header.isSectionHidden(c)}
        name = min(NAME_CHARS * metrics.averageCharWidth(), int(NAME_SHARE * room))
        others = sum(widths.values())
        if self.table.isVisible() and others > room - name > 0:
            least = OTHER_CHARS * metrics.averageCharWidth() + 12
            widths = {c: max(min(w, least), w * (room - name) // others)
                      for c, w in widths.items()}
        squeezed = self.table.isVisible() and sum(widths.values()) + name > room
        self._fitting = True
        try:
            for column, width in widths.items():
                header.resizeSection(column, width)
            if squeezed:
                header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(0, name)
            else:
                header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        finally:
            self._fitting = False

    def _resized(self, column: int, _old: int, new: int) -> None:
        """A column was dragged (or put back from the settings): its width is the one wanted,
        at this text size."""
        if not self._fitting and column in self._wanted:
            self._wanted[column] = new
