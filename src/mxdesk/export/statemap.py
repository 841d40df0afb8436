"""The map of Mexico by state, drawn with QPainter: the screen, the PDF, the SVG and the PNG
use these functions (issue 19).

A choropleth of the clusters counted per state, on ColorBrewer's YlGnBu 5-class sequential
scale (colour-blind safe, Brewer & Harrower), with every count printed on its state so colour
is never the only carrier; the states with no cluster in a neutral grey unlike the lowest step;
a legend of the steps and their ranges; the clusters with no state counted apart; an inset
enlarging the small central states (Ciudad de México, Tlaxcala, Morelos, Estado de México)
(marked on the map by a line around them; their neighbours faint context in it); every
number and inset label on a halo (:mod:`mxdesk.export.halo`), legible across two fills
(the tile grid's, inside one square each, need none);
the source's attribution in small type. ``tiles=True`` draws the same counts as a tile grid:
one equal square per state at its approximate place.

Nothing here depends on a widget: sizes are the painter's device units, scaled from the rect.
Longer than ~450 lines: one drawing with its layout, colours, labels, legend, inset and tile
grid, which only make sense together.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPalette,
    QPen,
    QPolygonF,
)

from mxdesk.core import i18n
from mxdesk.core.geo import MexicoMap, StateOutline
from mxdesk.core.i18n import N_, _, ngettext
from mxdesk.core.state_counts import NOT_STATED, is_not_stated
from mxdesk.export.credit import attribution_text
from mxdesk.export.halo import HALO_SHARE, haloed_text
from mxdesk.export.tile_layout import TileLayout, tile_layout

#: The facet value of the clusters with no state (the State facet of the Clusters tab).
NO_STATE = NOT_STATED

#: ColorBrewer YlGnBu (colorbrewer2.org; colour-blind safe, print friendly): its 6-class
#: scale from the 2nd step, so that the fewest clusters are a pale green that stands apart
#: from the white page (its 1st step, #ffffcc, vanished into it and into its neighbours).
YLGNBU_5 = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
#: The lines between states on a light screen and on paper: a mid grey, so that two pale
#: neighbours stay apart (white lines vanished between them).
BORDER_GREY = "#8c8c8c"

#: The tile grid's line below it (in place of the outlines' attribution: it draws none).
TILES_CREDIT = N_(
    "Tile grid: one square per state in mxdesk's own arrangement; no map outlines used")

#: The small central states, enlarged in the inset.
CENTRAL = ("ciudad-de-mexico", "tlaxcala", "morelos", "estado-de-mexico")

# The drawing's frame, in map units (the outlines' viewBox is 793 x 498): a band on top for
# the caption, the map, a band below for the attribution.
_MAP_W, _MAP_H = 793.0, 498.0
_TOP, _BOTTOM = 22.0, 20.0
_FRAME_H = _TOP + _MAP_H + _BOTTOM
# In the map's units: the legend in the Gulf above Yucatán, the count of clusters with no
# state in the Pacific below Baja California Sur. The inset goes in the Gulf below the
# legend (the sea east of Tamaulipas) when the rect is about the map's shape, or in a band
# below the map, under the central states and larger, when the rect is taller (a pane
# taller than wide): its box there is _BAND_MIN to _BAND_MAX units high, title included.
_LEGEND = QRectF(604, 4, 186, 150)
_INSET = QRectF(566, 178, 224, 126)
_INSET_TITLE = 16.0
_BAND_MIN, _BAND_MAX = 150.0, 270.0
_INSET_WIDEST = 400.0
# What the inset enlarges: the four central states' box (448-521 x 347-399) and a margin;
# widened to the inset box's shape, the neighbours around it drawn as faint context.
_INSET_SOURCE = QRectF(444, 343, 82, 59)
_UNPLACED_AT = QPointF(6, 478)
# The tile grid: (column, row) of each state's square, a recognisable Mexico.
_TILES = {
    "MX-BCN": (0, 0), "MX-SON": (1, 0), "MX-CHH": (2, 0), "MX-COA": (3, 0), "MX-NLE": (4, 0),
    "MX-BCS": (0, 1), "MX-SIN": (1, 1), "MX-DUR": (2, 1), "MX-ZAC": (3, 1), "MX-SLP": (4, 1),
    "MX-TAM": (5, 1),
    "MX-NAY": (1, 2), "MX-AGU": (2, 2), "MX-GUA": (3, 2), "MX-QUE": (4, 2), "MX-HID": (5, 2),
    "MX-JAL": (1, 3), "MX-MIC": (2, 3), "MX-MEX": (3, 3), "MX-CMX": (4, 3), "MX-TLA": (5, 3),
    "MX-VER": (6, 3), "MX-YUC": (8, 3),
    "MX-COL": (1, 4), "MX-GRO": (2, 4), "MX-MOR": (3, 4), "MX-PUE": (4, 4), "MX-OAX": (5, 4),
    "MX-TAB": (6, 4), "MX-CAM": (7, 4), "MX-ROO": (8, 4),
    "MX-CHP": (6, 5),
}
_TILE_COLUMNS, _TILE_ROWS = 9, 6


@dataclass(frozen=True)
class StateFigure:
    """What the map says of one state.

    Attributes:
        count: clusters in the state for the current search and ticks.
        at_least: the count stopped at the facet cap: printed ``"100+"``.
        sectors: the sectors most present there (tooltips, screen reader).
    """

    count: int
    at_least: bool = False
    sectors: tuple[str, ...] = ()

    def label(self) -> str:
        """The count as printed: ``"7"``, ``"1,000+"``."""
        return i18n.number(self.count) + ("+" if self.at_least else "")


@dataclass(frozen=True)
class MapFigures:
    """Everything the map shows besides the outlines.

    Attributes:
        counts: state_id -> its figure; a state absent counts 0.
        unplaced: clusters with no state, counted apart.
        caption: the line above the map (``"Clusters by state · search “aero”"``).
        selected: the ticked states (an outline in the ticked colour, always on top).
        highlighted: the hovered state (outlined in the ink contrasting with its fill), or
            None.
        focused: the keyboard's state (a thin dashed ring), or None: set only while the
            keyboard is on the map (not after a click, not when the map merely got the
            focus).
    """

    counts: Mapping[str, StateFigure] = field(default_factory=dict)
    unplaced: int = 0
    caption: str = ""
    selected: frozenset[str] = frozenset()
    highlighted: str | None = None
    focused: str | None = None

    def figure(self, state_id: str) -> StateFigure:
        """The figure of *state_id* (count 0 when absent)."""
        return self.counts.get(state_id) or StateFigure(0)


@dataclass(frozen=True, eq=False)
class MapColours:
    """Every colour the drawing uses.

    Attributes:
        background: behind the map (None: left unpainted).
        text: captions, legend and the unplaced count.
        muted: the attribution and the inset's frame.
        zero: a state with no cluster (a neutral tone unlike the lowest step).
        steps: the sequential scale, lightest (fewest) first.
        border: the lines between states.
        selected: the outline of a ticked state.
        focus: the keyboard ring's dashes (over a line of :meth:`focus_under`).
        dark_text: a number on a light fill.
        light_text: a number on a dark fill.
    """

    background: QColor | None
    text: QColor
    muted: QColor
    zero: QColor
    steps: tuple[QColor, ...]
    border: QColor
    selected: QColor
    focus: QColor
    dark_text: QColor = field(default_factory=lambda: QColor("#000000"))
    light_text: QColor = field(default_factory=lambda: QColor("#ffffff"))

    @classmethod
    def from_palette(cls, palette: QPalette) -> MapColours:
        """The screen's colours from *palette*, light or dark: the window's background and
        text, a grey for zero a step from the background, a mid grey between states (the
        background in dark colours), an orange for ticked states."""
        base = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        dark = base.lightnessF() < 0.5
        zero = QColor("#5a5d63") if dark else QColor("#d9d9d9")
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        return cls(background=base, text=text, muted=muted, zero=zero,
                   steps=tuple(QColor(c) for c in YLGNBU_5),
                   border=base if dark else QColor(BORDER_GREY),
                   selected=QColor("#ff8c1a") if dark else QColor("#d94801"),
                   focus=text,
                   light_text=QColor("#ffffff"), dark_text=QColor("#000000"))

    @classmethod
    def paper(cls) -> MapColours:
        """Colours for a PDF, PNG or SVG on white."""
        return cls(background=None, text=QColor("#1a1a1a"), muted=QColor("#666666"),
                   zero=QColor("#d9d9d9"), steps=tuple(QColor(c) for c in YLGNBU_5),
                   border=QColor(BORDER_GREY), selected=QColor("#d94801"),
                   focus=QColor("#1a1a1a"))

    def focus_under(self) -> QColor:
        """The line under the keyboard ring's dashes: the text colour's opposite (white
        under dark dashes, black under light ones), so one of the two contrasts with any
        fill."""
        return QColor("#ffffff") if self.focus.lightnessF() < 0.5 else QColor("#000000")

    def halo_colour(self, fill: QColor) -> QColor:
        """The halo behind a number printed on *fill*: *fill* taken most of the way toward
        the other text colour (a pale tint behind dark text, a deep shade behind light
        text), so the number reads where it straddles a neighbour's fill and the halo melts
        into its own."""
        ink = self.number_colour(fill)
        other = self.light_text if ink == self.dark_text else self.dark_text
        return _mix(fill, other, 0.75 if ink == self.dark_text else 0.6)

    def number_colour(self, fill: QColor) -> QColor:
        """The colour of a number printed on *fill*: light on dark fills, dark on light
        (WCAG relative luminance, whichever contrasts more)."""
        lum = _luminance(fill)
        on_dark = (lum + 0.05) / (_luminance(self.dark_text) + 0.05)
        on_light = (_luminance(self.light_text) + 0.05) / (lum + 0.05)
        return self.dark_text if on_dark >= on_light else self.light_text


def _luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def figures_from_facets(mexico: MexicoMap, facet_rows: Iterable[Sequence[object]],
                        caption: str = "", selected: Iterable[str] = (),
                        sectors: Mapping[str, Sequence[str]] | None = None,
                        highlighted: str | None = None,
                        focused: str | None = None) -> MapFigures:
    """The map's figures from the State facet's rows.

    Args:
        mexico: the map (its states' names match the facet's values).
        facet_rows: ``[(state name or "State not stated", count, at_least?), …]`` as the
            facet counts give them; a name not on the map is ignored.
        caption: the line above the map.
        selected: the ticked State facet values (names).
        sectors: state_id -> its sectors, most present first (optional).
        highlighted: the hovered state_id (outlined).
        focused: the keyboard's state_id (a dashed ring).

    Returns:
        :class:`MapFigures` keyed by state_id.
    """
    by_name = {state.name: state.state_id for state in mexico.states}
    counts: dict[str, StateFigure] = {}
    unplaced = 0
    for row in facet_rows:
        value, count = str(row[0]), int(row[1])  # type: ignore[call-overload]
        at_least = bool(row[2]) if len(row) > 2 else False
        if is_not_stated(value):
            unplaced = count
        elif value in by_name:
            state_id = by_name[value]
            counts[state_id] = StateFigure(count, at_least,
                                           tuple((sectors or {}).get(state_id, ())))
    ticked = frozenset(by_name[name] for name in selected if name in by_name)
    return MapFigures(counts, unplaced, caption, ticked, highlighted, focused)


def scale_steps(top: int, steps: int = 5) -> list[tuple[int, int]]:
    """The count ranges of the scale's steps for counts up to *top*: ``[(1, 2), (3, 4), …]``,
    integer ranges of near-equal width, at most *steps* of them (fewer when *top* is small);
    ``[]`` for *top* 0."""
    if top <= 0:
        return []
    bounds = sorted({math.ceil(top * k / steps) for k in range(1, steps + 1)})
    out: list[tuple[int, int]] = []
    low = 1
    for high in bounds:
        if high >= low:
            out.append((low, high))
            low = high + 1
    return out


def _step_of(count: int, ranges: list[tuple[int, int]]) -> int:
    for index, (_low, high) in enumerate(ranges):
        if count <= high:
            return index
    return len(ranges) - 1


def _step_colours(colours: MapColours, n: int) -> list[QColor]:
    """*n* steps spread over the scale (the darkest always used for the top step)."""
    if n <= 0:
        return []
    last = len(colours.steps) - 1
    if n == 1:
        return [colours.steps[last]]
    return [colours.steps[round(i * last / (n - 1))] for i in range(n)]


def map_height_for(width: float) -> float:
    """The height (device units) that suits *width*: the map's aspect with its caption and
    attribution bands (the inset in the Gulf). A taller rect is used too: the inset moves
    into a band below the map, larger."""
    return width * _FRAME_H / _MAP_W


class MapGeometry:
    """Where a drawn map put each state, in painter coordinates.

    Attributes:
        rect: the rect the map was drawn in.
        scale: device units per map unit.
        tiles: True for the tile grid.
        inset_rect: the inset's box (None on the tile grid).
        origin: where map unit (0, 0) went, in device units.
        band: the map units below the map given to the inset (0: the inset is in the Gulf).
        layout: the tile grid's places (None for the outlines).
        texts: every text the last drawing printed, with its rect (device units) and font.
        legend_rect: the legend's extent in the last drawing (title, swatches, texts).
    """

    def __init__(self, rect: QRectF, scale: float, tiles: bool,
                 shapes: dict[str, QPainterPath], inset: dict[str, QPainterPath],
                 labels: dict[str, QPointF], inset_rect: QRectF | None, *,
                 origin: QPointF | None = None, band: float = 0.0,
                 context: dict[str, QPainterPath] | None = None,
                 layout: TileLayout | None = None) -> None:
        self.rect = QRectF(rect)
        self.scale = scale
        self.tiles = tiles
        self._shapes = shapes
        self._inset = inset
        self._labels = labels
        self.inset_rect = inset_rect
        self.origin = QPointF(origin) if origin is not None else QPointF(rect.topLeft())
        self.band = band
        self._context = context or {}
        self._pieces: dict[tuple[str, float], QPainterPath] = {}
        self.layout = layout
        #: The legend's texts as the last drawing placed them (title first), device units.
        self.legend_texts: list[QRectF] = []
        self.texts: list[tuple[QRectF, QFont]] = []
        self.legend_rect: QRectF | None = None

    def inset_piece(self, state_id: str, stroke: float = 0.0) -> QPainterPath:
        """*state_id*'s enlargement in the inset (a central state or a faint neighbour) cut to
        the inset's box: its area (*stroke* 0) or the outline of a pen *stroke* device units
        wide. Cut geometrically, not by the painter's clip: an SVG keeps no clip
        (QSvgGenerator writes none), so what relies on one spills out of the box.
        KeyError for a state not in the inset."""
        key = (state_id, round(stroke, 3))
        piece = self._pieces.get(key)
        if piece is None:
            assert self.inset_rect is not None
            path = self._inset.get(state_id) or self._context[state_id]
            if stroke > 0:
                stroker = QPainterPathStroker()
                stroker.setWidth(stroke)
                stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                path = stroker.createStroke(path)
            box = QPainterPath()
            box.addRect(self.inset_rect)
            piece = path.intersected(box)
            self._pieces[key] = piece
        return piece

    def state_at(self, point: QPointF) -> str | None:
        """The state drawn at *point* (in the inset: only the enlarged central states; its
        faint neighbours are context), or None."""
        if self.inset_rect is not None and self.inset_rect.contains(point):
            for state_id, path in self._inset.items():
                if path.contains(point):
                    return state_id
            return None
        for state_id, path in self._shapes.items():
            if path.contains(point):
                return state_id
        return None

    def shape(self, state_id: str) -> QPainterPath:
        """Where *state_id* was drawn (its enlargement in the inset too); KeyError if none."""
        path = QPainterPath(self._shapes[state_id])
        if state_id in self._inset:
            path.addPath(self._inset[state_id])
        return path

    def main_shape(self, state_id: str) -> QPainterPath:
        """*state_id*'s outline on the main map or tile grid (not the inset)."""
        return QPainterPath(self._shapes[state_id])

    def label_point(self, state_id: str) -> QPointF:
        """Where *state_id*'s number is printed (the inset's for the central states)."""
        return QPointF(self._labels[state_id])

    def states_in_reading_order(self) -> list[str]:
        """The states in keyboard order: rows from north to south, west to east in each."""
        band = 60.0 * self.scale if self.layout is None else self.layout.cell * 0.96
        top = self.rect.top()

        def key(state_id: str) -> tuple[int, float]:
            centre = self._shapes[state_id].boundingRect().center()
            return int((centre.y() - top) // band), centre.x()
        return sorted(self._shapes, key=key)


# -- layout ---------------------------------------------------------------------------------

def _frame(rect: QRectF, tiles: bool = False,
           caption_px: float = 0.0) -> tuple[float, QPointF, float]:
    """The scale (device units per map unit), the map's origin (map unit 0,0) in *rect*, and
    the band below the map given to the inset (map units; 0 for a rect about the map's shape
    or the tile grid: the inset then sits in the Gulf). *caption_px*: the caption's line
    height; the band above the map is made that tall when the scale makes it shorter."""
    spare = rect.height() * _MAP_W / rect.width() - _FRAME_H if rect.width() > 0 else 0.0
    band = min(spare, _BAND_MAX) if spare >= _BAND_MIN and not tiles else 0.0
    height = _FRAME_H + band
    scale = min(rect.width() / _MAP_W, rect.height() / height)
    extra = max(0.0, caption_px - _TOP * scale)
    if extra:
        scale = min(rect.width() / _MAP_W, (rect.height() - extra) / height)
        extra = max(0.0, caption_px - _TOP * scale)
    left = rect.left() + (rect.width() - _MAP_W * scale) / 2
    top = rect.top() + (rect.height() - height * scale - extra) / 2 + extra
    return scale, QPointF(left, top + _TOP * scale), band


def _inset_frames(band: float) -> tuple[QRectF, QRectF]:
    """The inset's box and the part of the map it enlarges, both in map units: in the Gulf
    (*band* 0) or centred under the central states in the band below the map."""
    if band:
        high = band - _INSET_TITLE - 8
        wide = min(high * 1.7, _INSET_WIDEST)
        left = min(max(_INSET_SOURCE.center().x() - wide / 2, 0.0), _MAP_W - wide)
        box = QRectF(left, _MAP_H + _INSET_TITLE + 4, wide, high)
    else:
        box = QRectF(_INSET)
    # The central states' box, widened (or heightened) to the inset's shape.
    source = QRectF(_INSET_SOURCE)
    aspect = box.width() / box.height()
    if source.width() / source.height() < aspect:
        grow = source.height() * aspect - source.width()
        source.adjust(-grow / 2, 0, grow / 2, 0)
    else:
        grow = source.width() / aspect - source.height()
        source.adjust(0, -grow / 2, 0, grow / 2)
    return box, source


def _ring_path(rings: Iterable[Sequence[tuple[float, float]]], scale: float,
               origin: QPointF, source: QPointF | None = None) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    ox, oy = origin.x(), origin.y()
    sx, sy = (source.x(), source.y()) if source is not None else (0.0, 0.0)
    for ring in rings:
        path.addPolygon(QPolygonF([QPointF(ox + (x - sx) * scale, oy + (y - sy) * scale)
                                   for x, y in ring]))
        path.closeSubpath()
    return path


_CACHE: dict[tuple[object, ...], tuple[MexicoMap, MapGeometry]] = {}
#: Each map's outlines in its own units (the locator's): id(map) -> (map, paths).
_UNIT_PATHS: dict[int, tuple[MexicoMap, list[tuple[StateOutline, QPainterPath]]]] = {}


def _unit_paths(mexico: MexicoMap) -> list[tuple[StateOutline, QPainterPath]]:
    """The states' outlines as paths in the map's units, made once per map."""
    kept = _UNIT_PATHS.get(id(mexico))
    if kept is None or kept[0] is not mexico:
        kept = (mexico, [(each, _ring_path(each.rings, 1.0, QPointF(0, 0)))
                         for each in mexico.states])
        _UNIT_PATHS.clear()  # one map at a time: a directory holds one
        _UNIT_PATHS[id(mexico)] = kept
    return kept[1]


def _marker_width(scale: float) -> float:
    """The width of the line around the central states on the main map (device units)."""
    return max(2.6, 3.2 * scale)


def _clear_of_marker(mexico: MexicoMap, shapes: dict[str, QPainterPath],
                     labels: dict[str, QPointF], scale: float, number_px: float) -> None:
    """Move a neighbour's number off the line around the central states (Querétaro's sits
    just above it): step by step away from the centre, while it stays inside its state."""
    stroker = QPainterPathStroker()
    stroker.setWidth(_marker_width(scale) + 2)
    zone = QPainterPath()
    middle = QPointF()
    for state_id in CENTRAL:
        zone.addPath(stroker.createStroke(shapes[state_id]))
        middle += shapes[state_id].boundingRect().center() / len(CENTRAL)
    # A number's ink and halo: a digit is about 0.73 of the type high, 0.64 wide (bold),
    # the halo HALO_SHARE of the type around it.
    half_w, half_h = number_px * (0.32 + HALO_SHARE), number_px * (0.37 + HALO_SHARE)
    for state in mexico.states:
        if state.state_id in CENTRAL:
            continue
        point = labels[state.state_id]
        away = point - middle
        length = math.hypot(away.x(), away.y()) or 1.0
        step = away * (scale / length)  # one map unit away from the centre
        for n in range(13):
            moved = point + step * n
            ink = QRectF(moved.x() - half_w, moved.y() - half_h, 2 * half_w, 2 * half_h)
            if not zone.intersects(ink) and shapes[state.state_id].contains(moved):
                labels[state.state_id] = moved
                break


def _geometry(rect: QRectF, mexico: MexicoMap, tiles: bool, number_px: float,
              caption_px: float = 0.0, layout: TileLayout | None = None) -> MapGeometry:
    """The states' paths for *rect*, built once per (map, rect, view, type size) and kept;
    *number_px*: the numbers' type size on the main map, *caption_px* the caption's line
    height (device units); *layout*: the tile grid's places (for *tiles*)."""
    key = (id(mexico), rect.x(), rect.y(), rect.width(), rect.height(), tiles, number_px,
           caption_px, layout)
    kept = _CACHE.get(key)
    if kept is not None and kept[0] is mexico:
        return kept[1]
    scale, origin, band = _frame(rect, tiles, caption_px)
    shapes: dict[str, QPainterPath] = {}
    inset: dict[str, QPainterPath] = {}
    context: dict[str, QPainterPath] = {}
    labels: dict[str, QPointF] = {}
    inset_rect: QRectF | None = None
    if tiles:
        assert layout is not None, "the tile grid needs its layout"
        cell = layout.cell
        gap = cell * 0.06
        origin = QPointF(layout.left, layout.top)
        for state in mexico.states:
            column, row = _TILES.get(state.iso_code, (0, _TILE_ROWS - 1))
            corner = layout.square(column, row)
            square = QRectF(corner.x() + gap / 2, corner.y() + gap / 2, cell - gap, cell - gap)
            path = QPainterPath()
            path.addRoundedRect(square, cell * 0.08, cell * 0.08)
            shapes[state.state_id] = path
            labels[state.state_id] = square.center()
    else:
        box, source = _inset_frames(band)
        zoom = box.width() / source.width() * scale
        inset_rect = QRectF(origin.x() + box.x() * scale, origin.y() + box.y() * scale,
                            box.width() * scale, box.height() * scale)
        inner_origin = inset_rect.topLeft()
        for state in mexico.states:
            shapes[state.state_id] = _ring_path(state.rings, scale, origin)
            x, y = state.label
            labels[state.state_id] = QPointF(origin.x() + x * scale, origin.y() + y * scale)
            left, top, right, bottom = state.bounds()
            if QRectF(left, top, right - left, bottom - top).intersects(source):
                enlarged = _ring_path(state.rings, zoom, inner_origin, source.topLeft())
                (inset if state.state_id in CENTRAL else context)[state.state_id] = enlarged
        _clear_of_marker(mexico, shapes, labels, scale, number_px)
        for state_id in CENTRAL:
            if state_id in inset:
                x, y = mexico.state(state_id).label
                labels[state_id] = QPointF(inner_origin.x() + (x - source.x()) * zoom,
                                           inner_origin.y() + (y - source.y()) * zoom)
    geometry = MapGeometry(rect, scale, tiles, shapes, inset, labels, inset_rect,
                           origin=origin, band=band, context=context, layout=layout)
    if len(_CACHE) > 16:
        _CACHE.clear()
    _CACHE[key] = (mexico, geometry)
    return geometry


# -- drawing --------------------------------------------------------------------------------

def _font(base: QFont | None, pixels: float, bold: bool = False) -> QFont:
    font = QFont(base) if base is not None else QFont()
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    return font


def draw_map(painter: QPainter, rect: QRectF, mexico: MexicoMap, figures: MapFigures,
             colours: MapColours, *, tiles: bool = False, font: QFont | None = None,
             min_text: float = 0.0) -> MapGeometry:
    """Draw the map of *figures* into *rect* (painter coordinates) and say where each state
    went.

    Args:
        painter: an active painter (screen, QImage, QPdfWriter, QSvgGenerator).
        rect: where to draw; the map keeps its aspect (:func:`map_height_for`), centred.
        mexico: the outlines (``Directory.mexico_map()``).
        figures: the counts, ticks, hovered state and caption.
        colours: :meth:`MapColours.from_palette` on screen, :meth:`MapColours.paper` on paper.
        tiles: draw the tile grid instead of the outlines.
        font: the family to print in (the application's on screen); sizes follow *rect*.
        min_text: the smallest text size, in device units (the screen's legible minimum;
            0 on paper, where the text scales with the page).

    Returns:
        The :class:`MapGeometry` of this drawing (hit tests, focus rings, keyboard order).
    """
    scale = _frame(rect, tiles)[0]

    def text_px(units: float) -> float:
        return max(units * scale, min_text)

    top = max((f.count for f in figures.counts.values()), default=0)
    ranges = scale_steps(top, len(colours.steps))
    fills = _step_colours(colours, len(ranges))
    caption_px = (QFontMetricsF(_font(font, text_px(13), bold=True)).height()
                  if figures.caption else 0.0)
    layout = _tiles_layout(rect, scale, font, text_px, ranges, colours,
                           max(caption_px, _TOP * scale)) if tiles else None
    geometry = _geometry(rect, mexico, tiles, text_px(13), caption_px, layout)
    geometry.texts = []
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if colours.background is not None:
        painter.fillRect(rect, colours.background)

    def fill_of(state_id: str) -> QColor:
        count = figures.figure(state_id).count
        return fills[_step_of(count, ranges)] if count > 0 and ranges else colours.zero

    number_font = _font(font, text_px(13), bold=True)
    border = QPen(colours.border, max(0.6, 0.9 * scale))
    border.setJoinStyle(Qt.PenJoinStyle.RoundJoin)

    # The states; the inset's shapes; the hovered outline, the ticked outlines and the
    # keyboard's ring on top of the fills; the numbers and the inset's labels last, on their
    # halos, so that no outline crosses a label.
    for state in mexico.states:
        painter.setPen(border)
        painter.setBrush(QBrush(fill_of(state.state_id)))
        painter.drawPath(geometry.main_shape(state.state_id))
    if not tiles:
        _draw_marker(painter, geometry, colours, fill_of, border)
    if not tiles and geometry.inset_rect is not None:
        _draw_inset(painter, geometry, colours, fill_of, font, text_px, scale)
    _draw_states_marks(painter, geometry, figures, colours, scale, fill_of)

    central = set(CENTRAL) if not tiles else set()
    code_font = _font(font, text_px(11))
    zero_font = _font(font, text_px(10))
    for state in mexico.states:
        state_id = state.state_id
        if state_id in central:
            continue  # printed in the inset
        point = geometry.label_point(state_id)
        label = figures.figure(state_id).label()
        ink, halo = colours.number_colour(fill_of(state_id)), colours.halo_colour(fill_of(state_id))
        if tiles:  # inside one square of one fill: no halo needed (it would smudge)
            cell = geometry.main_shape(state_id).boundingRect()
            painter.setPen(ink)
            painter.setFont(code_font)
            _text(painter, geometry, QRectF(cell.left(), cell.top() + cell.height() * 0.1,
                                            cell.width(), cell.height() * 0.4),
                  Qt.AlignmentFlag.AlignCenter, state.iso_code.removeprefix("MX-"))
            painter.setFont(number_font)
            _text(painter, geometry, QRectF(cell.left(), cell.center().y(), cell.width(),
                                            cell.height() * 0.4),
                  Qt.AlignmentFlag.AlignCenter, label)
        elif figures.figure(state_id).count == 0:
            # A state with none: its number in lighter, smaller type on its grey (still the
            # full contrast), so that the states that have clusters stand out: a one-state
            # brochure is not thirty-one bold zeros.
            geometry.texts.append((haloed_text(painter, point, label, zero_font, ink,
                                               fill_of(state_id)), zero_font))
        else:
            geometry.texts.append((haloed_text(painter, point, label, number_font, ink, halo),
                                   number_font))
    if not tiles and geometry.inset_rect is not None:
        _draw_inset_labels(painter, geometry, mexico, figures, colours, fill_of, font,
                           text_px, scale)

    _draw_legend(painter, geometry, ranges, fills, colours, figures, font, text_px, tiles)
    _draw_bands(painter, geometry, mexico, figures, colours, font, text_px)
    painter.restore()
    return geometry


def _text(painter: QPainter, geometry: MapGeometry, rect: QRectF,
          flags: Qt.AlignmentFlag | int, text: str) -> QRectF:
    """Draw *text* in the painter's font in *rect*, made as tall as the font's line at least
    (grown about its vertical alignment: a rect shorter than the line cut the descenders
    off), and note it in :attr:`MapGeometry.texts`. Returns the rect drawn in."""
    font = painter.font()
    height = QFontMetricsF(font).height()
    if rect.height() < height:
        value = flags.value if isinstance(flags, Qt.AlignmentFlag) else int(flags)
        grow = height - rect.height()
        if value & Qt.AlignmentFlag.AlignBottom.value:
            rect = rect.adjusted(0, -grow, 0, 0)
        elif value & Qt.AlignmentFlag.AlignTop.value:
            rect = rect.adjusted(0, 0, 0, grow)
        else:
            rect = rect.adjusted(0, -grow / 2, 0, grow / 2)
    painter.drawText(rect, flags, text)
    geometry.texts.append((QRectF(rect), QFont(font)))
    return rect


#: The legend's title.
LEGEND_TITLE = N_("Clusters per state")
_WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
# Translators: the map legend's entries: a state with no cluster, a ticked state, the state
# the keyboard is on.
_NONE = N_("none")
_TICKED = N_("ticked")
_FOCUS = N_("keyboard focus")


def _legend_fonts(font: QFont | None, px: Callable[[float], float]
                  ) -> tuple[QFont, QFont, float, float, float]:
    """The legend's title and body fonts, its line height, swatch height and text indent."""
    title_font = _font(font, px(11.5), bold=True)
    body_font = _font(font, px(11))
    line = QFontMetricsF(body_font).height() * 1.25
    swatch = line * 0.75
    return title_font, body_font, line, swatch, swatch * 1.9


def _range_text(low: int, high: int) -> str:
    return (i18n.number(low) if low == high
            else f"{i18n.number(low)}–{i18n.number(high)}")


def _tiles_layout(rect: QRectF, scale: float, font: QFont | None,
                  px: Callable[[float], float], ranges: list[tuple[int, int]],
                  colours: MapColours, caption_h: float) -> TileLayout:
    """The tile grid's layout for *rect*: the legend measured for the most entries it can
    have (none, every step, ticked, keyboard focus: the squares do not move when a state is
    ticked or focused), the credit below measured at the grid's width."""
    title_font, body_font, line, _swatch, text_left = _legend_fonts(font, px)
    body = QFontMetricsF(body_font)
    texts = [_(_NONE), _(_TICKED), _(_FOCUS), *(_range_text(a, b) for a, b in ranges)]
    needed = text_left + max(body.horizontalAdvance(t) for t in texts) + 2
    legend_title = _(LEGEND_TITLE)
    wide = QFontMetricsF(title_font).horizontalAdvance(legend_title) + 2
    rows = 3 + len(colours.steps)
    legends = []
    for width in dict.fromkeys((max(needed, wide), needed)):
        title_h = QFontMetricsF(title_font).boundingRect(QRectF(0, 0, width, 1e6), _WRAP,
                                                          legend_title).height()
        legends.append((width, title_h + rows * line))
    credit = QFontMetricsF(_font(font, px(9)))
    cell = min(_MAP_W / _TILE_COLUMNS, _MAP_H / _TILE_ROWS) * scale
    width = rect.width()
    layout = None
    for _attempt in range(3):
        below = 2 * scale + credit.boundingRect(QRectF(0, 0, width, 1e6), _WRAP,
                                                _(TILES_CREDIT)).height()
        layout = tile_layout(rect, cell, 8 * scale, caption_h, legends, below)
        if layout.width >= width - 0.5:
            break
        width = layout.width
    assert layout is not None
    return layout


def _draw_states_marks(painter: QPainter, geometry: MapGeometry, figures: MapFigures,
                       colours: MapColours, scale: float,
                       fill_of: Callable[[str], QColor]) -> None:
    """What the user did to the states, each in its own way: the hovered state outlined in
    the ink that contrasts with its fill (its fill left as the legend shows it: a tint made
    the palest step a grey olive no step has), the ticked ones outlined in the ticked colour,
    the keyboard's state ringed by a thin dashed line (under a ticked outline, wider than it,
    so that the ticked colour stays whole on top and the dashes show on both sides). The
    inset's pieces are cut to its box
    (an SVG keeps no clip)."""
    inset = geometry.inset_rect is not None

    def pieces(state_id: str, stroke: float) -> list[QPainterPath]:
        main = geometry.main_shape(state_id)
        if stroke:
            stroker = QPainterPathStroker()
            stroker.setWidth(stroke)
            stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            main = stroker.createStroke(main)
        out = [main]
        if inset and state_id in geometry._inset:
            out.append(geometry.inset_piece(state_id, stroke))
        return out

    painter.save()
    width = max(1.5, 2.4 * scale)
    if figures.highlighted in geometry._shapes:
        hovered = str(figures.highlighted)
        ink = colours.number_colour(fill_of(hovered))
        for path in pieces(hovered, max(1.5, 2.0 * scale)):
            painter.fillPath(path, ink)
    if figures.focused in geometry._shapes:
        # Under a ticked outline, wider than it: its dashes show on both sides of it.
        ticked = figures.focused in figures.selected
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # The central states' enlargements lie inside the inset's box: no cut needed.
        for pen in focus_pens(colours, width + 2 * max(1.0, 0.8 * scale) if ticked
                              else max(1.4, 1.4 * scale), ticked):
            painter.setPen(pen)
            painter.drawPath(geometry.shape(str(figures.focused)))
    for state_id in sorted(figures.selected):
        if state_id in geometry._shapes:
            for path in pieces(state_id, width):
                painter.fillPath(path, colours.selected)
    painter.restore()


def focus_pens(colours: MapColours, width: float, fine: bool = False) -> tuple[QPen, QPen]:
    """The keyboard's ring, two-tone so that it shows on every fill, the darkest and the
    palest, light or dark: a solid line of the other ink (:meth:`MapColours.focus_under`),
    a little wider, under dashes of :attr:`MapColours.focus` *width* device units wide
    (*fine*: shorter dashes, under a ticked outline). Drawn in this order."""
    under = QPen(colours.focus_under(), width + max(1.6, width))
    under.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    dashes = QPen(colours.focus, width)
    dashes.setStyle(Qt.PenStyle.CustomDashLine)
    dashes.setDashPattern([3.0, 2.0] if not fine else [1.2, 0.8])
    dashes.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return under, dashes


def _draw_marker(painter: QPainter, geometry: MapGeometry, colours: MapColours,
                 fill_of: Callable[[str], QColor], border: QPen) -> None:
    """What the inset enlarges, on the main map: the central states' outer outline, a line
    around the group (drawn wide, the states filled again over its inner half), not a box:
    a box over the centre would cross its neighbours' numbers (Puebla's, Hidalgo's)."""
    pen = QPen(_mix(colours.text, colours.border, 0.2), _marker_width(geometry.scale))
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for state_id in CENTRAL:
        painter.drawPath(geometry.main_shape(state_id))
    painter.setPen(border)
    for state_id in CENTRAL:
        painter.setBrush(fill_of(state_id))
        painter.drawPath(geometry.main_shape(state_id))


def _mix(a: QColor, b: QColor, share_of_b: float) -> QColor:
    """*a* blended toward *b* by *share_of_b* (0: a, 1: b)."""
    keep = 1 - share_of_b
    return QColor.fromRgbF(a.redF() * keep + b.redF() * share_of_b,
                           a.greenF() * keep + b.greenF() * share_of_b,
                           a.blueF() * keep + b.blueF() * share_of_b)


def _draw_inset(painter: QPainter, geometry: MapGeometry, colours: MapColours,
                fill_of: Callable[[str], QColor], font: QFont | None,
                text_px: Callable[[float], float], scale: float) -> None:
    """The enlargement of the central states, its shapes: its title above the box; inside,
    the four states in their fills, their neighbours as faint context (the background, thin
    lines, no numbers). Every piece is cut to the box (:meth:`MapGeometry.inset_piece`), no
    painter clip: an SVG has none. Their labels come after the outlines
    (:func:`_draw_inset_labels`)."""
    assert geometry.inset_rect is not None
    box = geometry.inset_rect
    paper = colours.background if colours.background is not None else QColor("white")
    title_font = _font(font, text_px(10.5), bold=True)
    title_height = QFontMetricsF(title_font).height()
    painter.save()
    painter.setFont(title_font)
    painter.setPen(colours.text)
    _text(painter, geometry, QRectF(box.left(), box.top() - title_height - 2 * scale,
                                    box.width(), title_height),
          Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
          # Translators: above the map's inset of the small central states.
          _("Centre, enlarged"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(paper)
    painter.drawRect(box)
    faint = _mix(colours.muted, paper, 0.35)
    faint_width = max(0.5, 0.6 * scale)
    for state_id in geometry._context:
        painter.fillPath(geometry.inset_piece(state_id), paper)  # unlike a state with none
        painter.fillPath(geometry.inset_piece(state_id, faint_width), faint)
    border_width = max(0.8, 1.2 * scale)
    for state_id in geometry._inset:
        painter.fillPath(geometry.inset_piece(state_id), fill_of(state_id))
        painter.fillPath(geometry.inset_piece(state_id, border_width), colours.border)
    painter.setPen(QPen(colours.muted, max(0.8, 0.8 * scale)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(box)
    painter.restore()


def _draw_inset_labels(painter: QPainter, geometry: MapGeometry, mexico: MexicoMap,
                       figures: MapFigures, colours: MapColours,
                       fill_of: Callable[[str], QColor], font: QFont | None,
                       text_px: Callable[[float], float], scale: float) -> None:
    """The central states' codes and counts in the inset, after every outline: each code
    above its count, centred on its label point (two short lines fit a small state better
    than one long one), haloed, kept inside the box."""
    assert geometry.inset_rect is not None
    box = geometry.inset_rect
    painter.save()
    code_font = _font(font, text_px(10.5))
    number_font = _font(font, text_px(12), bold=True)
    code_height = QFontMetricsF(code_font).height()
    number_height = QFontMetricsF(number_font).height()
    inner = box.adjusted(4 * scale, 2 * scale, -4 * scale, -2 * scale)
    for state_id in CENTRAL:
        if state_id not in geometry._inset:
            continue
        point = geometry.label_point(state_id)
        code = mexico.state(state_id).iso_code.removeprefix("MX-")
        count = figures.figure(state_id).label()
        half_w = max(QFontMetricsF(code_font).horizontalAdvance(code),
                     QFontMetricsF(number_font).horizontalAdvance(count)) / 2
        half_h = (code_height + number_height) / 2
        x = min(max(point.x(), inner.left() + half_w), inner.right() - half_w)
        y = min(max(point.y(), inner.top() + half_h), inner.bottom() - half_h)
        fill = fill_of(state_id)
        ink, halo = colours.number_colour(fill), colours.halo_colour(fill)
        geometry.texts.append((haloed_text(painter, QPointF(x, y - half_h + code_height / 2),
                                           code, code_font, ink, halo), code_font))
        geometry.texts.append((haloed_text(painter, QPointF(x, y + half_h - number_height / 2),
                                           count, number_font, ink, halo), number_font))
    painter.restore()


def _draw_legend(painter: QPainter, geometry: MapGeometry, ranges: list[tuple[int, int]],
                 fills: list[QColor], colours: MapColours, figures: MapFigures,
                 font: QFont | None, text_px: Callable[[float], float], tiles: bool) -> None:
    """The steps of the scale with their ranges, the zero tone, the ticked outline and the
    keyboard's ring (when shown). On the tile grid, in the box its layout keeps for it (clear
    of the squares). On the outlines, kept whole inside the drawing's rect: on a narrow
    pane, where the text's legible minimum makes it wider than its corner, the title wraps
    and the legend grows leftwards over the sea. Where it was drawn goes to
    :attr:`MapGeometry.legend_texts` and :attr:`MapGeometry.legend_rect`."""
    px, origin, scale = text_px, geometry.origin, geometry.scale
    title_font, body_font, line, swatch, text_left = _legend_fonts(font, px)
    body = QFontMetricsF(body_font)
    entries: list[tuple[str, QColor | None, str]] = [("fill", colours.zero, _(_NONE))]
    for (low, high), colour in zip(ranges, fills, strict=True):
        entries.append(("fill", colour, _range_text(low, high)))
    if figures.selected:
        entries.append(("ticked", None, _(_TICKED)))
    if figures.focused:
        entries.append(("focus", None, _(_FOCUS)))
    legend_title = _(LEGEND_TITLE)
    if tiles and geometry.layout is not None:
        box = geometry.layout.legend_rect()
    else:
        area = QRectF(_LEGEND)
        box = QRectF(origin.x() + area.x() * scale, origin.y() + area.y() * scale,
                     area.width() * scale, area.height() * scale)
        needed = text_left + max(body.horizontalAdvance(text) for _k, _c, text in entries) + 2
        wide = QFontMetricsF(title_font).horizontalAdvance(legend_title) + 2
        right = min(box.right(), geometry.rect.right() - 2)
        width = min(max(box.width(), needed, min(wide, right - geometry.rect.left())),
                    right - geometry.rect.left())
        box = QRectF(right - width, box.top(), width, box.height())
    painter.setFont(title_font)
    painter.setPen(colours.text)
    title_rect = painter.boundingRect(QRectF(box.left(), box.top(), box.width(), 1e6), _WRAP,
                                      legend_title)
    _text(painter, geometry, title_rect, _WRAP, legend_title)
    drawn = [title_rect]
    extent = QRectF(title_rect)
    painter.setFont(body_font)
    y = title_rect.bottom() + (line - body.height()) / 2
    for kind, swatch_colour, text in entries:
        square = QRectF(box.left(), y + (line - swatch) / 2, swatch * 1.4, swatch)
        if kind == "ticked":
            painter.setPen(QPen(colours.selected, max(1.5, 2.4 * scale)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        elif kind == "focus":
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for pen in focus_pens(colours, max(1.0, 0.9 * scale)):
                painter.setPen(pen)
                painter.drawRect(square)
            painter.setPen(Qt.PenStyle.NoPen)
        else:
            painter.setPen(QPen(colours.muted, max(0.5, 0.5 * scale)))
            painter.setBrush(swatch_colour)
        painter.drawRect(square)
        painter.setPen(colours.text)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        drawn.append(_text(painter, geometry, painter.boundingRect(
            QRectF(box.left() + text_left, y, box.right() - box.left() - text_left, line),
            flags, text), flags, text))
        extent = extent.united(square).united(drawn[-1])
        y += line
    geometry.legend_texts = drawn
    geometry.legend_rect = extent


def _draw_bands(painter: QPainter, geometry: MapGeometry, mexico: MexicoMap,
                figures: MapFigures, colours: MapColours, font: QFont | None,
                text_px: Callable[[float], float]) -> None:
    """The caption above, the clusters with no state (in the Pacific; on the tile grid in
    its last row, left of Chiapas), the attribution below (below the inset's band when it
    has one; below the squares on the tile grid). Each text in a rect its font's line high
    at least."""
    px = text_px
    origin, scale, layout = geometry.origin, geometry.scale, geometry.layout
    left = origin.x()
    width = _MAP_W * scale if layout is None else layout.width
    if figures.caption:
        caption_font = _font(font, px(13), bold=True)
        painter.setFont(caption_font)
        painter.setPen(colours.text)
        room = min(width, geometry.rect.right() - left)
        height = max(_TOP * scale, QFontMetricsF(caption_font).height())
        band = (QRectF(left, origin.y() - height, room, height) if layout is None
                else layout.caption_rect())
        _text(painter, geometry, band,
              Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
              QFontMetricsF(caption_font).elidedText(
                  figures.caption, Qt.TextElideMode.ElideRight, band.width()))
    unplaced_font = _font(font, px(12))
    painter.setFont(unplaced_font)
    painter.setPen(colours.text)
    said = _("No state given: {n}").format(n=i18n.number(figures.unplaced))
    if layout is None:
        at = QPointF(left + _UNPLACED_AT.x() * scale, origin.y() + _UNPLACED_AT.y() * scale)
        place = QRectF(at.x(), at.y() - 10 * scale,
                      max(300 * scale, QFontMetricsF(unplaced_font).horizontalAdvance(said) + 2),
                      20 * scale)
    else:
        corner = layout.square(0, _TILE_ROWS - 1)
        place = QRectF(corner.x() + 2 * scale, corner.y(), 6 * layout.cell - 4 * scale,
                      layout.cell)
    _text(painter, geometry, place, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
          said)
    # Small type, on as many lines as it needs (on screen, the text's legible minimum may
    # be larger than the band: it grows downwards into the rect's margin).
    attribution_font = _font(font, px(9))
    painter.setFont(attribution_font)
    painter.setPen(colours.muted)
    bottom = (origin.y() + (_MAP_H + geometry.band) * scale if layout is None
              else layout.bottom)
    # The outlines' licence where outlines are drawn; the tile grid draws none.
    credit = _(TILES_CREDIT) if geometry.tiles else attribution_text(mexico.attribution)
    needed = painter.boundingRect(QRectF(left, bottom, width, 1e6), _WRAP, credit)
    band = QRectF(left, bottom + 2 * scale, width, max(_BOTTOM * scale, needed.height()))
    _text(painter, geometry, band, _WRAP, credit)


#: A state whose outline is smaller than this on the page (millimetres, its box's longer
#: side) is ringed on a locator: Ciudad de México is about one millimetre on a 40 mm map.
LOCATOR_RING_BELOW_MM = 2.4
#: The ring's diameter at least (millimetres) and its line's width.
LOCATOR_RING_MM, LOCATOR_RING_LINE_MM = 3.6, 0.6


def draw_locator(painter: QPainter, rect: QRectF, mexico: MexicoMap, state_id: str,
                 colours: MapColours) -> None:
    """A small locator map in *rect*: Mexico in a light tone, *state_id* filled with the
    scale's darkest step; no numbers, no legend. A state smaller than
    :data:`LOCATOR_RING_BELOW_MM` on the device (Ciudad de México, Tlaxcala, Morelos on a
    40 mm locator) is also ringed in that colour, on a pale halo, :data:`LOCATOR_RING_MM`
    across at least, over its neighbours, as a map marks a small place. Raises KeyError for
    a state not on the map."""
    state = mexico.state(state_id)  # KeyError first, before anything is drawn
    scale = min(rect.width() / _MAP_W, rect.height() / _MAP_H)
    origin = QPointF(rect.left() + (rect.width() - _MAP_W * scale) / 2,
                     rect.top() + (rect.height() - _MAP_H * scale) / 2)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    # The outlines in map units, made once per map and placed by the painter's transform:
    # a brochure draws a locator on each of a thousand sheets.
    painter.save()
    painter.translate(origin)
    painter.scale(scale, scale)
    pen = QPen(colours.border, max(0.3, 0.8 * scale) / scale)
    for each, path in _unit_paths(mexico):
        painter.setPen(pen)
        painter.setBrush(colours.steps[-1] if each.state_id == state_id else colours.zero)
        painter.drawPath(path)
    painter.restore()
    # Millimetres in painter units: the device's dots per millimetre through the painter's
    # transform (a PDF page's layout paints scaled).
    device = painter.device()
    dots = device.logicalDpiX() / 25.4 if device is not None else 96 / 25.4
    transform = painter.deviceTransform()
    mm = dots / (math.hypot(transform.m11(), transform.m12()) or 1.0)
    left, top, right, bottom = state.bounds()
    extent = max(right - left, bottom - top) * scale
    if extent < LOCATOR_RING_BELOW_MM * mm:
        centre = QPointF(origin.x() + (left + right) / 2 * scale,
                         origin.y() + (top + bottom) / 2 * scale)
        radius = max(LOCATOR_RING_MM * mm, extent + 1.2 * mm) / 2
        line = LOCATOR_RING_LINE_MM * mm
        painter.setBrush(Qt.BrushStyle.NoBrush)
        paper = colours.background if colours.background is not None else QColor("white")
        painter.setPen(QPen(paper, line * 2.2))  # apart from the borders under it
        painter.drawEllipse(centre, radius, radius)
        painter.setPen(QPen(colours.steps[-1], line))
        painter.drawEllipse(centre, radius, radius)
    painter.restore()


def describe(mexico: MexicoMap, figures: MapFigures, state_id: str) -> str:
    """One state's facts as a sentence (tooltip, screen reader): ``"Jalisco: 7 clusters;
    sectors: Automotive, Aerospace"`` — "(ticked)" when it is."""
    figure = figures.figure(state_id)
    name = mexico.state(state_id).name
    count = figure.count if not figure.at_least else max(figure.count, 2)
    text = ngettext("{state}: {n} cluster", "{state}: {n} clusters", count).format(
        state=name, n=figure.label())
    if figure.sectors:
        text += _("; sectors: {sectors}").format(sectors=", ".join(figure.sectors))
    if state_id in figures.selected:
        text += _(" (ticked)")
    return text


def count_list(mexico: MexicoMap, figures: MapFigures) -> str:
    """Every state's count as text, most first then by name, and the clusters with no
    state: ``"Jalisco: 7 clusters; Nuevo León: 5 clusters; …; no state given: 2"``."""
    rows = sorted(mexico.states, key=lambda s: (-figures.figure(s.state_id).count, s.name))
    parts = [f"{s.name}: {figures.figure(s.state_id).label()}" for s in rows]
    return _("Clusters per state: {counts}; no state given: {n}").format(
        counts="; ".join(parts), n=i18n.number(figures.unplaced))
