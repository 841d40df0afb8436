"""Text with a halo: a stroke of a contrasting colour drawn behind it, so a label that
straddles two fills (a number over a border, a code in a small state) stays legible on both
(issue 19's map; Qt GUI classes, no widgets).

The halo is drawn as a path (:meth:`QPainterPath.addText` stroked), the text itself with
:meth:`QPainter.drawText` on top: a PDF or SVG keeps its text layer (searchable, readable by
a screen reader or ``pdftotext``), which a text drawn as a path would lose.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
)

#: The halo's width as a share of the text's pixel size (about 2.3 px around 13 px text).
HALO_SHARE = 0.18

# The halos' outlines, made once per (text, font, place, width): a map repainted on hover
# fills them again rather than outlining the glyphs and stroking them each time.
_HALOS: dict[tuple[str, str, float, float, float], QPainterPath] = {}


def haloed_text(painter: QPainter, centre: QPointF, text: str, font: QFont, colour: QColor,
                halo: QColor, width: float | None = None) -> QRectF:
    """Draw *text* centred on *centre* (device units) in *font* and *colour*, over a halo of
    *halo* *width* device units wide on each side (default :data:`HALO_SHARE` of the font's
    pixel size, at least 1). The painter's pen, brush and font are left as they were.

    Returns:
        The text's box (advance × line height) in device units, halo excluded.
    """
    metrics = QFontMetricsF(font)
    advance = metrics.horizontalAdvance(text)
    baseline = QPointF(centre.x() - advance / 2,
                       centre.y() + (metrics.ascent() - metrics.descent()) / 2)
    size = font.pixelSize() if font.pixelSize() > 0 else metrics.height()
    stroke = max(1.0, size * HALO_SHARE) if width is None else width
    key = (text, font.key(), round(baseline.x(), 2), round(baseline.y(), 2), stroke)
    outline = _HALOS.get(key)
    if outline is None:
        glyphs = QPainterPath()
        glyphs.addText(baseline, font, text)
        stroker = QPainterPathStroker()
        stroker.setWidth(2 * stroke)  # half of it falls under the glyphs
        stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
        outline = stroker.createStroke(glyphs)
        outline.addPath(glyphs)
        outline.setFillRule(Qt.FillRule.WindingFill)
        if len(_HALOS) > 1024:
            _HALOS.clear()
        _HALOS[key] = outline
    painter.save()
    painter.fillPath(outline, halo)
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(baseline, text)
    painter.restore()
    return QRectF(baseline.x(), baseline.y() - metrics.ascent(), advance, metrics.height())
