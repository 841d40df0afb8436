"""Text with a halo: a stroke of a contrasting colour drawn behind it, so a label that
straddles two fills (a number over a border, a code in a small state) stays legible on both
(issue 19's map; Qt GUI classes, no widgets).

The halo is drawn as a path (:meth:`QPainterPath.addText` stroked), the text itself with
:meth:`QPainter.drawText` on top: a PDF or SVG keeps its text layer (searchable, readable by
a screen reader or ``pdftotext``), which a text drawn as a path would lose.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

#: The halo's width as a share of the text's pixel size (about 2.3 px around 13 px text).
HALO_SHARE = 0.18


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
    path = QPainterPath()
    path.addText(baseline, font, text)
    pen = QPen(halo, 2 * stroke)  # half of a stroke falls under the glyphs
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.save()
    painter.strokePath(path, pen)
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(baseline, text)
    painter.restore()
    return QRectF(baseline.x(), baseline.y() - metrics.ascent(), advance, metrics.height())
