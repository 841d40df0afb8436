"""Where the tile grid's pieces go (issue 19): the caption on top, the legend in the grid's
empty top-right corner (above the rows that reach it), the squares, the bands below; sized
for the type the screen keeps legible, so that on a narrow pane the legend's larger text
never runs under the squares.

Pure geometry in device units: :mod:`mxdesk.export.statemap` measures the text and draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

#: The grid's columns and rows; the first column of the empty top-right corner and the rows
#: above the first one that reaches into it (Veracruz, in row 3).
COLUMNS, ROWS = 9, 6
CORNER_COLUMN, CORNER_ROWS = 6, 3


@dataclass(frozen=True)
class TileLayout:
    """A tile grid's places, device units.

    Attributes:
        cell: a square's side, its gap included.
        left, top: the grid's top-left corner (column 0, row 0).
        caption: the caption's band (x, y, width, height) above grid and legend.
        legend: the legend's box (x, y, width, height), in the corner, right-aligned.
        bottom: the grid's bottom edge (the bands below start there).
        width: the block's width (grid or grid and legend), from *left*.
    """

    cell: float
    left: float
    top: float
    caption: tuple[float, float, float, float]
    legend: tuple[float, float, float, float]
    bottom: float
    width: float

    def legend_rect(self) -> QRectF:
        """The legend's box as a QRectF."""
        return QRectF(*self.legend)

    def caption_rect(self) -> QRectF:
        """The caption's band as a QRectF."""
        return QRectF(*self.caption)

    def square(self, column: int, row: int) -> QPointF:
        """The top-left corner of the cell at *column*, *row*."""
        return QPointF(self.left + column * self.cell, self.top + row * self.cell)


def tile_layout(rect: QRectF, cell: float, gap: float, caption_h: float,
                legends: Sequence[tuple[float, float]], below_h: float) -> TileLayout:
    """Lay out a tile grid in *rect*.

    Args:
        rect: where the whole drawing goes (device units).
        cell: the square's side the map's scale gives (the largest used).
        gap: the room between the legend and the squares.
        caption_h: the caption's height (its font's line height at least).
        legends: the legend's possible (width, height): its title on one line, wrapped…;
            the one that leaves the larger squares is taken.
        below_h: the height of what goes below the grid (the credit).

    Returns:
        The :class:`TileLayout`: squares no larger than *cell*, shrunk until the legend fits
        beside the corner's columns and the whole fits *rect*'s height; when the legend is
        taller than the corner's rows, the grid moves down below it (the corner's columns
        are empty above those rows). A side of 1 at least, even if *rect* is too small.
    """
    best: tuple[float, float, float] | None = None
    avail = rect.height() - caption_h - below_h
    for legend_w, legend_h in legends:
        by_width = min((rect.width() - gap - legend_w) / CORNER_COLUMN, rect.width() / COLUMNS)
        whole = avail / ROWS
        by_height = whole if CORNER_ROWS * whole >= legend_h + gap else min(
            (avail - legend_h - gap) / CORNER_ROWS, (legend_h + gap) / CORNER_ROWS)
        side = max(1.0, min(cell, by_width, by_height))
        if best is None or side > best[0]:
            best = (side, legend_w, legend_h)
    assert best is not None, "no legend size given"
    side, legend_w, legend_h = best
    drop = max(0.0, legend_h + gap - CORNER_ROWS * side)
    width = min(max(COLUMNS * side, CORNER_COLUMN * side + gap + legend_w), rect.width())
    height = caption_h + drop + ROWS * side + below_h
    left = rect.left() + (rect.width() - width) / 2
    top = rect.top() + max(0.0, (rect.height() - height) / 2)
    grid_top = top + caption_h + drop
    return TileLayout(side, left, grid_top, (left, top, width, caption_h),
                      (left + width - legend_w, top + caption_h, legend_w, legend_h),
                      grid_top + ROWS * side, width)
