"""The facet panel's model: each facet's values with their counts and tick boxes; ticking
values filters the table (:class:`FacetModel`). The counts stay in place after a tick, and
while a new search's counts are being counted the old ones are drawn greyed with the tool tip
"Counting…" (issue 17's trial: the previous search's counts were shown as if current for up
to 400 ms plus the counting, :data:`mxdesk.ui.models.FACET_DELAY_MS`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from mxdesk.core import facet_counts
from mxdesk.core.facet_counts import FacetCount
from mxdesk.core.i18n import N_, _, number
from mxdesk.ui.messages import plain_tip, translated

FacetValueRole = Qt.ItemDataRole.UserRole + 3  # a facet value as the query ticks it (str)
FacetTitleRole = Qt.ItemDataRole.UserRole + 4  # a facet group's title (str)

#: The tool tip of a count that belongs to the previous search.
COUNTING = N_("Counting…: this count is the previous search's; ticking works meanwhile")


class FacetModel(QStandardItemModel):
    """Facet groups with their values and counts; ticking values filters the table.

    Signals:
        selectionChanged(dict): the user ticked or unticked a value: {facet title: {values}}.

    Attributes:
        stale: the counts shown are an earlier search's (:meth:`show_stale`) until the next
            :meth:`set_counts`.
    """

    selectionChanged = Signal(dict)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._updating = False
        #: A value was ticked or unticked since the last counts: the next counts keep every
        #: value where it is (issue 17's trial: ticking Automotive shrank the State list
        #: above, and the next click landed on another sector).
        self._ticked = False
        self.stale = False
        self.itemChanged.connect(self._changed)

    def selected(self) -> dict[str, set[str]]:
        """The ticked values: facet title -> the values ticked (titles with none left out)."""
        out: dict[str, set[str]] = {}
        for g in range(self.rowCount()):
            group = self.item(g)
            values = {group.child(r).data(FacetValueRole) for r in range(group.rowCount())
                      if group.child(r).checkState() == Qt.CheckState.Checked}
            if values:
                out[group.data(FacetTitleRole)] = values
        return out

    def set_counts(self, counts: Mapping[str, Sequence[tuple[str, int] | tuple[str, int, bool]]],
                   selected: dict[str, set[str]]) -> None:
        """Show these values and counts (facet title -> (value, rows) or (value, rows,
        at_least): ``"Jalisco (1,000+)"``), ticking the selected ones; no signal is
        emitted."""
        if self._ticked:
            counts = self._in_place(counts)
            self._ticked = False
        self._updating = True
        try:
            self.clear()
            for title, values in counts.items():
                # The title is the facet's key (the ticked values'); shown translated.
                group = QStandardItem(translated(title))
                group.setEditable(False)
                group.setSelectable(False)
                group.setData(title, FacetTitleRole)
                font = group.font()
                font.setBold(True)
                group.setFont(font)
                for entry in values:
                    count = FacetCount(*entry)
                    value = count.value
                    item = QStandardItem(count.label())
                    item.setEditable(False)
                    item.setCheckable(True)
                    item.setData(value, FacetValueRole)
                    tip = (_("{value}: at least {rows} in the current list (while you "
                             "search, counting stops at {cap} a value or after {limit} rows)"
                             ).format(value=value, rows=number(count.rows),
                                      cap=number(facet_counts.CAP),
                                      limit=number(facet_counts.LIVE_ROWS))
                           if count.at_least else
                           _("{value}: {rows} in the current list").format(
                               value=value, rows=number(count.rows)))
                    item.setData(plain_tip(tip), Qt.ItemDataRole.ToolTipRole)
                    ticked = value in selected.get(title, set())
                    item.setCheckState(Qt.CheckState.Checked if ticked
                                       else Qt.CheckState.Unchecked)
                    if not count.rows and not ticked:  # kept in place, nothing to show
                        item.setEnabled(False)
                    group.appendRow(item)
                self.appendRow(group)
        finally:
            self._updating = False
        self.stale = False

    def show_stale(self, colour: QColor) -> None:
        """The counts shown are an earlier search's: draw each value in *colour* (the view's
        placeholder colour) with the tool tip :data:`COUNTING`, until :meth:`set_counts`
        gives the new ones. The values stay tickable; no signal is emitted."""
        self.stale = True
        self._updating = True
        try:
            for g in range(self.rowCount()):
                group = self.item(g)
                for r in range(group.rowCount()):
                    item = group.child(r)
                    item.setForeground(QBrush(colour))
                    item.setData(plain_tip(_(COUNTING)), Qt.ItemDataRole.ToolTipRole)
        finally:
            self._updating = False

    def _in_place(self, counts: Mapping[str, Sequence[tuple[str, int] | tuple[str, int, bool]]]
                  ) -> dict[str, list[tuple[str, int] | tuple[str, int, bool]]]:
        """*counts* laid out as the list is now: each group's values in their places (a
        value gone from the counts stays, at 0), new values after them."""
        shown = {self.item(g).data(FacetTitleRole):
                 [self.item(g).child(r).data(FacetValueRole)
                  for r in range(self.item(g).rowCount())] for g in range(self.rowCount())}
        out: dict[str, list[tuple[str, int] | tuple[str, int, bool]]] = {}
        for title, values in counts.items():
            by_value = {entry[0]: entry for entry in values}
            placed: list[tuple[str, int] | tuple[str, int, bool]] = [
                by_value.get(value, (value, 0)) for value in shown.get(title, [])]
            placed += [entry for entry in values if entry[0] not in set(shown.get(title, []))]
            out[title] = placed
        return out

    def _changed(self, _item: QStandardItem) -> None:
        if not self._updating:
            self._ticked = True
            self.selectionChanged.emit(self.selected())
