"""The Clusters tab's map: the table or a map of Mexico by state in its place (issue 19).

:class:`ClusterMap` draws :func:`mxdesk.export.statemap.draw_map` with the tab's State facet
counts (the current search and ticks), follows the counts as they come, ticks a state in the
facet panel when it is clicked (or Space/Enter on the focused state), shows a state's name,
count and sectors on hover, and gives the same facts to a screen reader. :class:`TableOrMap`
is the switch above the table ("Table | Map", and "Tile grid") with the stack it switches.

A little over ~450 lines: the map widget's mouse, keyboard, focus ring, tool tip and screen
reader text belong together; the switch is the rest.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFontInfo,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core.browse import BrowseQuery
from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.geo import MexicoMap
from mxdesk.core.i18n import _
from mxdesk.export.statemap import (
    MapColours,
    MapFigures,
    MapGeometry,
    count_list,
    describe,
    draw_map,
    figures_from_facets,
    map_height_for,
)
from mxdesk.ui.facets import FacetTitleRole, FacetValueRole
from mxdesk.ui.messages import translated

if TYPE_CHECKING:
    from mxdesk.ui.tab import BrowserTab

log = logging.getLogger("mxdesk.ui")

#: The facet the map counts and ticks.
STATE_FACET = "State"
#: How many sectors a state's tool tip names.
SECTORS_SHOWN = 3
#: The query thread's channel for a hovered state's sectors (apart from the tab's searches,
#: which it neither waits for nor interrupts).
SECTORS_CHANNEL = "map-sectors"


def map_caption(searched: str, ticked: dict[str, set[str]]) -> str:
    """The line above the map: what the table shows, from the search actually run (the
    corrected one: "Querétaro" for a typed "queretero") and every facet's ticks, in facet
    title order: ``"Clusters by state · search “Querétaro” · Sector: Automotive"``."""
    parts = [_("Clusters by state")]
    if searched.strip():
        # Translators: a part of the map's caption: the words searched for.
        parts.append(_("search “{words}”").format(words=searched.strip()))
    for title in sorted(ticked):
        if ticked[title]:
            parts.append(f"{translated(title)}: " + ", ".join(sorted(ticked[title])))
    return " · ".join(parts)


class ClusterMap(QWidget):
    """The map of the tab's clusters by state.

    Signals:
        focusedStateChanged(str): the keyboard's state changed (state_id).
    """

    focusedStateChanged = Signal(str)

    def __init__(self, tab: BrowserTab, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tab = tab
        self.tiles = False
        self._hovered: str | None = None
        self._focused: str | None = None
        #: The keyboard's ring is shown: the user moved by keyboard (Tab into the map, an
        #: arrow, Home, End), not merely clicked or switched to the map.
        self._ring = False
        self._geometry: MapGeometry | None = None
        self._sectors: dict[tuple[object, str], tuple[str, ...]] = {}
        #: The count asked of the query thread and not yet back (key as in _sectors).
        self._pending: tuple[object, str] | None = None
        self._asked = 0
        #: The state whose tool tip is shown, and where (to show it again with its sectors).
        self._tip: tuple[str, QPoint] | None = None
        #: The outlines, read when the map is first shown (not at start-up: the Clusters
        #: tab opens as a table). False: not read yet.
        self._mexico: MexicoMap | bool | None = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(320, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Map of clusters by state"))
        tab.model.facetsChanged.connect(self._facets_changed)
        worker = tab.model.worker
        if worker is not None:
            worker.reported.connect(self._sectors_reported)
            worker.failed.connect(self._sectors_failed)

    @property
    def mexico(self) -> MexicoMap | None:
        """The directory's outline map, read at first use; None for a directory file that has
        none (an older one: the map then says it cannot be drawn)."""
        if self._mexico is False:
            try:
                self._mexico = self._tab.directory.mexico_map()
            except MxdeskError as exc:  # an older directory file: no outlines
                log.warning("the map cannot be drawn: %s", exc)
                self._mexico = None
        return self._mexico if isinstance(self._mexico, MexicoMap) else None

    # -- what is shown ----------------------------------------------------------------------

    def _facets_changed(self, _counts: object) -> None:
        # The tab keeps the new counts in its own slot, connected after this one: read them
        # once it has (the facet panel shows the same).
        QTimer.singleShot(0, self.counts_changed)

    def counts_changed(self) -> None:
        """The tab's facet counts changed: describe and draw them again (once shown: a
        hidden map waits for its showEvent)."""
        self._sectors.clear()
        if not self.isVisible():
            return
        self._describe()
        self.update()

    def showEvent(self, event: QShowEvent) -> None:
        """Qt: shown in the table's place: describe the counts of now."""
        super().showEvent(event)
        self._describe()

    def _rows(self) -> list[tuple[str, int, bool]]:
        return [tuple(row) for row in self._tab.facet_counts().get(STATE_FACET, [])]  # type: ignore[misc]

    def figures(self) -> MapFigures:
        """What the map shows now: the counts, the ticked states, the state hovered (or the
        keyboard's, while the map has the focus)."""
        if self.mexico is None:
            return MapFigures()
        ticked = self._tab.facets.selected().get(STATE_FACET, set())
        caption = map_caption(self._tab.model.browse.text, self._tab.facets.selected())
        focused = self._focused if self._ring and self.hasFocus() else None
        return figures_from_facets(self.mexico, self._rows(), caption, ticked,
                                   highlighted=self._hovered, focused=focused)

    def sectors_of(self, state_id: str) -> tuple[str, ...] | None:
        """The sectors most present among the state's clusters in the current search and
        ticks (at most :data:`SECTORS_SHOWN`), counted once per view and state; None while
        the query thread counts them (a hover never waits for SQLite: on a directory of
        100,000 clusters the count takes longer than a frame — docs/performance.md). Without
        a query thread (tests, scripts) they are counted here, at once."""
        if self.mexico is None:
            return ()
        browse = self._tab.model.browse
        key = (browse.view(), state_id)
        if key in self._sectors:
            return self._sectors[key]
        selected = {title: set(values) for title, values in browse.selected.items()}
        selected[STATE_FACET] = {self.mexico.state(state_id).name}
        query = BrowseQuery(browse.spec, browse.text, selected)

        def job(directory: Directory, emit: Callable[[str, object], None],
                _stale: Callable[[], bool]) -> None:
            rows = query.facet_counts(directory).get("Sector", [])
            ranked = sorted((r for r in rows if r[1] > 0), key=lambda r: (-r[1], r[0]))
            emit("sectors", (key, tuple(value for value, _n in ranked[:SECTORS_SHOWN])))

        worker = self._tab.model.worker
        if worker is None:
            try:
                job(self._tab.directory, lambda _stage, payload: self._sectors_counted(payload),
                    lambda: False)
            except MxdeskError as exc:
                log.warning("the sectors of %s cannot be counted: %s", state_id, exc)
                self._sectors[key] = ()
            return self._sectors[key]
        if self._pending != key:  # the newest hover's count replaces an older one waiting
            self._pending = key
            self._asked += 1
            worker.submit(SECTORS_CHANNEL, self._asked, job)
        return None

    def _sectors_reported(self, channel: str, _generation: int, stage: str,
                          payload: object) -> None:
        if channel == SECTORS_CHANNEL and stage == "sectors":
            self._sectors_counted(payload)

    def _sectors_failed(self, channel: str, _generation: int, message: str) -> None:
        if channel == SECTORS_CHANNEL:
            log.warning("the sectors of a state cannot be counted: %s", message)
            self._pending = None

    def _sectors_counted(self, payload: object) -> None:
        """A state's sectors are counted: keep them, and show them where they were asked
        for (the tool tip still open on that state, the screen reader's focused state)."""
        assert isinstance(payload, tuple)
        key: tuple[object, str] = payload[0]
        sectors: tuple[str, ...] = payload[1]
        self._sectors[key] = sectors
        if self._pending == key:
            self._pending = None
        state_id = key[1]
        if key[0] != self._tab.model.browse.view():
            return  # counted for a search since changed
        if self._tip is not None and self._tip[0] == state_id and QToolTip.isVisible():
            QToolTip.showText(self._tip[1], self.state_text(state_id), self)
        if state_id == self._focused:
            self._describe()

    def state_text(self, state_id: str) -> str:
        """The state's facts as the tool tip and the screen reader give them."""
        assert self.mexico is not None
        figures = self.figures()
        figure = figures.figure(state_id)
        sectors = self.sectors_of(state_id)
        with_sectors = MapFigures({**figures.counts, state_id: type(figure)(
            figure.count, figure.at_least, sectors or ())},
            figures.unplaced, selected=figures.selected)
        text = describe(self.mexico, with_sectors, state_id)
        if sectors is None and figure.count:
            # Translators: {facts} says a state's name and count; its sectors follow later.
            text = _("{facts}; sectors: counting…").format(facts=text)
        if state_id in figures.selected:
            return _("{facts}. Click or press Space to untick").format(facts=text)
        return _("{facts}. Click or press Space to show only its clusters").format(facts=text)

    def _describe(self) -> None:
        """The accessible description: the focused state's facts, then every count."""
        if self.mexico is None:
            self.setAccessibleDescription(_("The map is not in this directory file"))
            return
        focused = f"{self.state_text(self._focused)}. " if self._focused else ""
        self.setAccessibleDescription(focused + count_list(self.mexico, self.figures()))

    def set_tiles(self, tiles: bool) -> None:
        """Draw the tile grid (True) or the outlines (False)."""
        self.tiles = tiles
        self.update()

    # -- drawing ------------------------------------------------------------------------------

    def map_rect(self) -> QRectF:
        """Where the map is drawn in the widget (logical pixels)."""
        # Room below for the attribution at the text's legible size (it may take two lines).
        return QRectF(self.rect()).adjusted(8, 6, -8, -6 - self.fontMetrics().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the map with the palette's colours (light or dark) and the widget's font."""
        painter = QPainter(self)
        if self.mexico is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             _("This directory file has no map"))
            return
        font = self.font()
        self._geometry = draw_map(painter, self.map_rect(), self.mexico, self.figures(),
                                  MapColours.from_palette(self.palette()), tiles=self.tiles,
                                  font=font, min_text=QFontInfo(font).pixelSize() * 0.8)
        painter.end()

    def geometry_now(self) -> MapGeometry | None:
        """Where the last paint put each state (None before the first)."""
        return self._geometry

    def sizeHint(self) -> QSize:
        """A map of 640 px across with its aspect."""
        return QSize(640, round(map_height_for(640)))

    # -- mouse --------------------------------------------------------------------------------

    def _state_at(self, pos: QPointF) -> str | None:
        return self._geometry.state_at(pos) if self._geometry is not None else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Outline the state under the pointer."""
        state = self._state_at(event.position())
        if state != self._hovered:
            self._hovered = state
            self.setCursor(Qt.CursorShape.PointingHandCursor if state
                           else Qt.CursorShape.ArrowCursor)
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        """No state is hovered any more."""
        self._hovered = None
        self.update()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A click on a state ticks it in the State facet (or unticks it)."""
        state = self._state_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and state:
            self._focused = state  # the arrows go on from here; no ring for a click
            self._ring = False
            self.toggle(state)
        super().mouseReleaseEvent(event)

    def event(self, event: QEvent) -> bool:
        """The tool tip: the state's name, count and sectors."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            state = self._state_at(QPointF(event.pos()))
            if state and self.mexico is not None:
                self._tip = (state, event.globalPos())
                QToolTip.showText(event.globalPos(), self.state_text(state), self)
            else:
                self._tip = None
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    # -- ticking ------------------------------------------------------------------------------

    def toggle(self, state_id: str) -> bool:
        """Tick *state_id* in the facet panel's State group, or untick it, as a click on its
        box would (the table follows). False when the facet lists no such value (no cluster
        of the search is there)."""
        if self.mexico is None:
            return False
        name = self.mexico.state(state_id).name
        facets = self._tab.facets
        for g in range(facets.rowCount()):
            group = facets.item(g)
            if group.data(FacetTitleRole) != STATE_FACET:
                continue
            for r in range(group.rowCount()):
                item = group.child(r)
                if item.data(FacetValueRole) == name and item.isEnabled():
                    ticked = item.checkState() == Qt.CheckState.Checked
                    item.setCheckState(Qt.CheckState.Unchecked if ticked
                                       else Qt.CheckState.Checked)
                    self._describe()
                    self.update()
                    return True
        self._tab.statusChanged.emit(_("No cluster of this list is in {state}").format(
            state=name))
        return False

    # -- keyboard -----------------------------------------------------------------------------

    def focused_state(self) -> str | None:
        """The state the keyboard is on."""
        return self._focused

    def _order(self) -> list[str]:
        if self._geometry is not None:
            return self._geometry.states_in_reading_order()
        return [s.state_id for s in self.mexico.states] if self.mexico else []

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Tabbed into, the keyboard's ring shows on its state (the first in reading order
        at first); focused otherwise (a click, Ctrl+M, the View menu), no state is ringed
        until an arrow key is pressed."""
        if event.reason() in (Qt.FocusReason.TabFocusReason,
                              Qt.FocusReason.BacktabFocusReason):
            self._ring = True
            if self._focused is None and self._order():
                self._set_focused(self._order()[0])
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """The focus ring goes with the focus."""
        self._ring = False
        self.update()
        super().focusOutEvent(event)

    def _set_focused(self, state_id: str) -> None:
        self._focused = state_id
        self._describe()
        self.update()
        self.focusedStateChanged.emit(state_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows move between the states in reading order (Home, End: the first, the last);
        Space or Enter ticks the focused state."""
        order = self._order()
        key = event.key()
        if not order or event.modifiers() not in (Qt.KeyboardModifier.NoModifier,
                                                  Qt.KeyboardModifier.KeypadModifier):
            super().keyPressEvent(event)
            return
        here = order.index(self._focused) if self._focused in order else -1
        moves = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1,
                 Qt.Key.Key_Up: -1}
        if key in moves or key in (Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Space,
                                   Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._ring = True  # the keyboard is on the map: its ring shows
        if key in moves:
            self._set_focused(order[(here + moves[Qt.Key(key)]) % len(order)])
        elif key == Qt.Key.Key_Home:
            self._set_focused(order[0])
        elif key == Qt.Key.Key_End:
            self._set_focused(order[-1])
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._focused:
            self.toggle(self._focused)
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class TableOrMap(QWidget):
    """The table, or the map in its place, with the switch above them.

    Attributes:
        table_button, map_button: the "Table" and "Map" switch (exclusive).
        tiles_box: "Tile grid": the map as equal squares.
        table: the table the map takes the place of.
        map: the :class:`ClusterMap`.
    """

    def __init__(self, tab: BrowserTab, table: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack = QStackedWidget(self)
        self.map = ClusterMap(tab, self.stack)
        self.table = table
        self.stack.addWidget(table)
        self.stack.addWidget(self.map)
        self.table_button = QToolButton(self)
        self.table_button.setText(_("Table"))
        self.map_button = QToolButton(self)
        self.map_button.setText(_("Map"))
        self.map_button.setToolTip(_("The clusters by state on a map of Mexico; click a state "
                                     "to show only its clusters (Ctrl+M)"))
        self.table_button.setToolTip(_("The clusters as a table (Ctrl+M)"))
        switch = QButtonGroup(self)
        for button in (self.table_button, self.map_button):
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            switch.addButton(button)
        self.table_button.setChecked(True)
        self.tiles_box = QCheckBox(_("Tile grid"), self)
        self.tiles_box.setToolTip(_("One equal square per state: small states as large as "
                                    "big ones"))
        self.tiles_box.setVisible(False)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(2)
        bar.addWidget(self.table_button)
        bar.addWidget(self.map_button)
        bar.addSpacing(12)
        bar.addWidget(self.tiles_box)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.map_button.toggled.connect(self._switched)
        self.tiles_box.toggled.connect(self.map.set_tiles)

    def chain(self, before: QWidget, after: QWidget) -> None:
        """Put the switch, the tile grid box, the table and the map in the Tab chain, in
        the order they are seen, between *before* and *after* (a hidden one is skipped):
        without it the map came after the detail pane, reached through a Tab stop that
        showed nothing."""
        order: list[QWidget] = [before, self.table_button, self.map_button, self.tiles_box,
                                self.table, self.map, after]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _switched(self, on_map: bool) -> None:
        self.stack.setCurrentIndex(1 if on_map else 0)
        if on_map:
            self.map.counts_changed()
        self.tiles_box.setVisible(on_map)

    def showing_map(self) -> bool:
        """True when the map is shown in the table's place."""
        return self.stack.currentIndex() == 1

    def toggle_map(self) -> None:
        """Show the map in the table's place, or the table again (Ctrl+M); the focus goes to
        what is shown."""
        button = self.table_button if self.showing_map() else self.map_button
        button.click()
        shown = self.stack.currentWidget()
        if shown is not None:
            shown.setFocus(Qt.FocusReason.ShortcutFocusReason)
