"""The maps of the papers (issue 19): each fact sheet's locator and a brochure's "Clusters by
state" map, as :class:`~mxdesk.export.drawings.Drawing` s that the page layout paints over
the places the HTML keeps for them (:mod:`mxdesk.export.sheet_head`), in vector, with the
same functions the screen and ``mxdesk export-map`` use (:mod:`mxdesk.export.statemap`) in
the paper colours.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QFont, QPaintDevice, QPainter

from mxdesk.core.geo import MexicoMap
from mxdesk.core.i18n import _
from mxdesk.core.sheets import Brochure
from mxdesk.core.state_counts import StateCounts
from mxdesk.export.drawings import Colours, Drawing, Drawings
from mxdesk.export.html import Document
from mxdesk.export.sheet_head import BY_STATE_MAP, locator_name
from mxdesk.export.statemap import (
    MapColours,
    draw_locator,
    draw_map,
    figures_from_facets,
    map_height_for,
)

#: A locator map's width on the page, in millimetres (its height follows Mexico's shape).
LOCATOR_MM = 40.0
#: Mexico's outline is 793 × 498 map units: a locator's height for its width.
_LOCATOR_ASPECT = 498.0 / 793.0
#: The brochure's map at most this share of the page body's height, leaving room for its
#: heading, the sentence saying what it counts and the counts in words.
MAP_SHARE = 0.72


def _mm(device: QPaintDevice) -> float:
    return device.logicalDpiX() / 25.4


def locator(mexico: MexicoMap, state_id: str) -> Drawing:
    """The locator of *state_id*: :data:`LOCATOR_MM` wide whatever the column (the cell it
    stands in is narrower than the page), Mexico light, the state dark."""
    def size(_width: float, _font: QFont, device: QPaintDevice) -> QSizeF:
        width = LOCATOR_MM * _mm(device)
        return QSizeF(width, width * _LOCATOR_ASPECT)

    def draw(painter: QPainter, rect: QRectF, _colours: Colours) -> None:
        draw_locator(painter, rect, mexico, state_id, MapColours.paper())

    # Translators: a fact sheet's locator map in words (a screen reader's text).
    return Drawing(size, draw, _("{state} on the map of Mexico").format(
        state=mexico.state(state_id).name))


def by_state_map(mexico: MexicoMap, counts: StateCounts) -> Drawing:
    """The map of *counts* across the page's width (no taller than :data:`MAP_SHARE` of an
    A4 or letter body): shaded and numbered states, legend, inset, the clusters with no
    state, caption and attribution."""
    # No caption on the map: the page's heading and sentence above it say what it counts.
    figures = figures_from_facets(mexico, list(counts.rows))

    def size(width: float, _font: QFont, device: QPaintDevice) -> QSizeF:
        # The body of a portrait page is taller than 1.2 times its width on A4 and letter.
        tallest = MAP_SHARE * 1.2 * width
        height = min(map_height_for(width), tallest)
        return QSizeF(min(width, height * width / map_height_for(width)), height)

    def draw(painter: QPainter, rect: QRectF, _colours: Colours) -> None:
        draw_map(painter, rect, mexico, figures, MapColours.paper())

    return Drawing(size, draw, counts.caption)


def paper_drawings(content: Brochure | Document) -> Drawings:
    """The drawings *content*'s pages hold, by name: a locator per placed state of its
    sheets and, for a brochure of several, its "Clusters by state" map. A :class:`Document`
    (day sheets, report) has none; nor a brochure whose directory has no map."""
    if not isinstance(content, Brochure) or content.mexico is None:
        return {}
    mexico = content.mexico
    on_map = {s.state_id for s in mexico.states}
    found: Drawings = {locator_name(sheet.state_id): locator(mexico, sheet.state_id)
                       for sheet in content.sheets
                       if sheet.state_id is not None and sheet.state_id in on_map}
    if content.by_state is not None:
        found[BY_STATE_MAP] = by_state_map(mexico, content.by_state)
    return found
