"""Charts drawn with QPainter (issue 19): a :class:`~mxdesk.core.charts.Chart` as horizontal
bars (dots for ranks), the same function painting the detail pane's image and the PDF's
vector drawing.

Each chart: its title line (title, unit, year), then a row per figure: the label wrapped on
the left, the bar, and at its end the number as the briefing gives it ("> €6.8 billion",
"≈ 2%") with its footnote's mark. A figure the briefing gives as a floor ("more than") runs
on past its end, fading; an approximate one ends soft; a ceiling ("up to") is an outline,
dashed; a target, goal or forecast (not yet measured) is an outline hatched with diagonal
strokes, its label saying "(expected)", "(target)" and the like. The bars are one hue
(ColorBrewer's Blues): the number is always printed, so colour never carries it alone.
Sizes come from the text, in the painter's font on its device.

Charts of one page drawn to one common scale (their *scale*:
:func:`mxdesk.core.charts.common_scales`) are also laid out alike (:func:`chart_drawings`):
the label column as wide as the widest label among them, the room for the numbers as the
widest number's, so the same value is the same length of bar in each of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QLinearGradient,
    QPaintDevice,
    QPainter,
    QPen,
)

from mxdesk.core.charts import Bar, Chart
from mxdesk.export.drawings import Colours, Drawing, Drawings
from mxdesk.export.html import plain_letters

_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
_LABEL = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)


def _bold(font: QFont) -> QFont:
    out = QFont(font)
    out.setBold(True)
    return out


def _value_text(bar: Bar) -> str:
    return plain_letters(bar.shown)


@dataclass(frozen=True)
class _Plan:
    """Where everything goes for one width: measured once, used by size and draw."""

    line: float
    title: float
    label_w: float
    bar_x: float
    span: float
    rows: tuple[float, ...]
    lo: float
    hi: float
    axis: float  # room under the rows for a rank's axis labels (0 for bars)
    whole: bool = False  # the axis ends at the unit's "of N"

    @property
    def height(self) -> float:
        return self.title + 0.4 * self.line + sum(self.rows) + self.axis + 0.3 * self.line

    def x(self, value: float) -> float:
        return self.bar_x + (value - self.lo) / (self.hi - self.lo) * self.span


def _plan(chart: Chart, width: float, font: QFont, device: QPaintDevice | None,
          peers: tuple[Chart, ...] = ()) -> _Plan:
    """*chart*'s layout at *width*; its columns (labels, numbers, an open bar's tail) as wide
    as *peers*' too: the charts drawn to its scale, so a value has one length in all."""
    together = [b for c in (chart, *peers) for b in c.bars]
    metrics = QFontMetricsF(font, device) if device is not None else QFontMetricsF(font)
    bold = QFontMetricsF(_bold(font), device) if device is not None else \
        QFontMetricsF(_bold(font))
    line = metrics.height()
    title = bold.boundingRect(QRectF(0, 0, width, 1e6), _WRAP,
                              plain_letters(chart.heading)).height()
    widest = max((metrics.horizontalAdvance(plain_letters(b.label)) for b in together),
                 default=0.0)
    label_w = max(min(widest + 2, 0.42 * width), 0.2 * width)
    # The number is bold, its mark not, a gap between (as _draw_value paints them); an
    # approximate bar ends soft, past its end.
    value_w = max((bold.horizontalAdvance(_value_text(b)) + 0.3 * metrics.height()
                   + metrics.horizontalAdvance(b.mark) + 0.35 * metrics.height()
                   + (0.4 * metrics.height() if b.reach == "about" else 0.0)
                   for b in together), default=0.0)
    gap = 0.6 * line
    bar_x = label_w + gap
    tail = 1.6 * line if any(b.reach == "open" for b in together) else 0.4 * line
    span = max(width - bar_x - gap - value_w - tail, 3 * line)
    rows = tuple(max(metrics.boundingRect(QRectF(0, 0, label_w, 1e6), _LABEL,
                                          plain_letters(b.label)).height(), line)
                 + 0.45 * line for b in chart.bars)
    values = [b.value for b in chart.bars]
    if chart.dots:
        lo, hi = 1.0, chart.top or max(values)
    elif chart.scale is not None and chart.top is None:
        lo, hi = min(chart.scale[0], *values), max(chart.scale[1], *values)
    else:
        lo, hi = min(0.0, *values), chart.top or max(0.0, *values)
    if hi <= lo:
        hi = lo + 1
    return _Plan(line, title, label_w, bar_x, span, rows, lo, hi,
                 1.2 * line if chart.dots else 0.0, whole=chart.top is not None)


def size_for(chart: Chart, width: float, font: QFont | None = None,
             device: QPaintDevice | None = None, peers: tuple[Chart, ...] = ()) -> QSizeF:
    """The size *chart* needs at *width* (pixels of *device*; the screen's when None), its
    text in *font* (the application's when None): *width* wide, as high as its wrapped
    title and labels need; laid out with *peers* (see :func:`draw_chart`). Raises
    nothing."""
    plan = _plan(chart, width, font or QFont(), device, peers)
    return QSizeF(width, plan.height)


def draw_chart(painter: QPainter, rect: QRectF, chart: Chart, colours: Colours,
               peers: tuple[Chart, ...] = ()) -> None:
    """Paint *chart* inside *rect* in the painter's font, in *colours*: the title line, then
    a row per bar (label, bar or dot, the number and its mark); its columns as wide as
    *peers*' (the other charts drawn to its scale, drawn at the same width), so a value is
    as long a bar in each. Raises nothing."""
    font = QFont(painter.font())
    plan = _plan(chart, rect.width(), font, painter.device(), peers)
    painter.save()
    painter.translate(rect.topLeft())
    painter.setFont(_bold(font))
    painter.setPen(colours.text)
    painter.drawText(QRectF(0, 0, rect.width(), plan.title), _WRAP,
                     plain_letters(chart.heading))
    painter.setFont(font)
    line = plan.line
    top = plan.title + 0.4 * line
    y = top
    for bar, height in zip(chart.bars, plan.rows, strict=True):
        painter.setPen(colours.text)
        painter.drawText(QRectF(0, y, plan.label_w, height), _LABEL, plain_letters(bar.label))
        middle = y + line / 2
        end = _draw_dot(painter, plan, bar, middle, colours) if chart.dots else \
            _draw_bar(painter, plan, bar, middle, colours)
        if plan.whole and not chart.dots:  # "of 35": the numbers after the whole's end
            end = max(end, plan.x(plan.hi))
        _draw_value(painter, bar, QPointF(end + 0.35 * line, middle), line, colours)
        y += height
    bottom = y - 0.45 * line
    if chart.dots:
        painter.setPen(colours.muted)
        for value in (plan.lo, plan.hi):
            text = f"#{value:,.0f}"
            painter.drawText(QRectF(plan.x(value) - 3 * line, bottom + 0.2 * line, 6 * line,
                                    line), _CENTRE, text)
    else:
        pen = QPen(colours.muted)
        pen.setWidthF(max(line / 16, 0.5))
        painter.setPen(pen)
        zero = plan.x(0.0)
        painter.drawLine(QPointF(zero, top - 0.1 * line), QPointF(zero, bottom))
    painter.restore()


def _draw_bar(painter: QPainter, plan: _Plan, bar: Bar, middle: float,
              colours: Colours) -> float:
    """One bar from zero to its value, drawn as its qualifier says; returns where it ends."""
    line = plan.line
    high = 0.7 * line
    zero, end = plan.x(0.0), plan.x(bar.value)
    left, right = min(zero, end), max(zero, end)
    box = QRectF(left, middle - high / 2, max(right - left, 1.0), high)
    ink = QColor(colours.ink)
    painter.setPen(Qt.PenStyle.NoPen)
    if plan.whole and plan.lo == 0 and bar.value >= 0:
        # "of 35": the whole, as a faint track the bar fills part of.
        track = QColor(colours.grid)
        track.setAlphaF(0.35)
        painter.fillRect(QRectF(zero, box.top(), plan.x(plan.hi) - zero, high), track)
    if bar.reach == "ceiling":
        faint = QColor(ink)
        faint.setAlphaF(0.25)
        painter.setBrush(faint)
        pen = QPen(ink, max(line / 10, 0.75), Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRect(box)
        painter.setPen(QPen(ink, max(line / 6, 1.0)))
        painter.drawLine(QPointF(right, box.top() - 0.15 * line),
                         QPointF(right, box.bottom() + 0.15 * line))
        return right + 0.1 * line
    soft = 0.4 * line if bar.reach == "about" else 0.0
    solid = QRectF(left, box.top(), max(right - left - soft, 1.0), high)
    if bar.expected:
        _draw_hatched(painter, solid, ink, line)
    else:
        painter.fillRect(solid, ink)
    if bar.reach == "about":
        fade = QLinearGradient(right - soft, 0, right + soft, 0)
        fade.setColorAt(0, ink)
        gone = QColor(ink)
        gone.setAlphaF(0.0)
        fade.setColorAt(1, gone)
        painter.fillRect(QRectF(right - soft, box.top(), 2 * soft, high), QBrush(fade))
        return right + soft
    if bar.reach == "open":
        # More than the figure: the bar goes on past it, fading, with an arrow's head.
        tail = 1.3 * line
        fade = QLinearGradient(right, 0, right + tail, 0)
        fade.setColorAt(0, ink)
        gone = QColor(ink)
        gone.setAlphaF(0.05)
        fade.setColorAt(1, gone)
        painter.fillRect(QRectF(right, box.top(), tail, high), QBrush(fade))
        painter.setPen(QPen(ink, max(line / 10, 0.75)))
        tip = right + tail
        painter.drawLine(QPointF(tip - 0.3 * line, box.top() - 0.1 * line),
                         QPointF(tip, middle))
        painter.drawLine(QPointF(tip - 0.3 * line, box.bottom() + 0.1 * line),
                         QPointF(tip, middle))
        return tip
    return right


def _draw_hatched(painter: QPainter, box: QRectF, ink: QColor, line: float) -> None:
    """A figure not yet measured (a target, goal or forecast): the bar's outline, hatched
    with thin diagonal strokes instead of filled, so it never reads as a measured one."""
    painter.save()
    painter.setClipRect(box)
    pen = QPen(ink, max(line / 14, 0.6))
    painter.setPen(pen)
    step = 0.3 * line
    x = box.left() - box.height()
    while x < box.right():
        painter.drawLine(QPointF(x, box.bottom()), QPointF(x + box.height(), box.top()))
        x += step
    painter.restore()
    painter.setPen(QPen(ink, max(line / 10, 0.75)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = painter.pen().widthF() / 2
    painter.drawRect(box.adjusted(half, half, -half, -half))
    painter.setPen(Qt.PenStyle.NoPen)


def _draw_dot(painter: QPainter, plan: _Plan, bar: Bar, middle: float,
              colours: Colours) -> float:
    """A rank: a hairline from 1 to the last place, the dot at the rank and the number right
    beside it (the hairline broken for it, so dot and number read as one); returns where
    the number goes."""
    line = plan.line
    dot = plan.x(bar.value)
    bold = QFont(painter.font())
    bold.setBold(True)
    text = QFontMetricsF(bold, painter.device()).horizontalAdvance(
        f"{_value_text(bar)}  {bar.mark}")
    gap_from, gap_to = dot + 0.3 * line, dot + 0.7 * line + text
    painter.setPen(QPen(colours.grid, max(line / 14, 0.5)))
    painter.drawLine(QPointF(plan.x(plan.lo), middle), QPointF(gap_from, middle))
    if gap_to < plan.x(plan.hi):
        painter.drawLine(QPointF(gap_to, middle), QPointF(plan.x(plan.hi), middle))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colours.ink)
    painter.drawEllipse(QPointF(dot, middle), 0.28 * line, 0.28 * line)
    return dot + 0.05 * line


def _draw_value(painter: QPainter, bar: Bar, at: QPointF, line: float,
                colours: Colours) -> None:
    """The number (bold) and its footnote's mark (muted) at *at*, centred on the bar."""
    font = QFont(painter.font())
    painter.setFont(_bold(font))
    painter.setPen(colours.text)
    text = _value_text(bar)
    shown = QRectF(at.x(), at.y() - line / 2, 1e4, line)
    painter.drawText(shown, _LEFT, text)
    advance = painter.fontMetrics().horizontalAdvance(text)
    painter.setFont(font)
    if bar.mark:
        painter.setPen(colours.muted)
        painter.drawText(shown.adjusted(advance + 0.3 * line, 0, 0, 0), _LEFT, bar.mark)


def chart_drawing(chart: Chart, peers: tuple[Chart, ...] = ()) -> Drawing:
    """*chart* as a :class:`~mxdesk.export.drawings.Drawing` for a page: sized by
    :func:`size_for`, painted by :func:`draw_chart` (laid out with *peers*, the page's
    other charts drawn to its scale), its words :meth:`Chart.text`."""
    return Drawing(size=lambda width, font, device: size_for(chart, width, font, device,
                                                             peers),
                   draw=lambda painter, rect, colours: draw_chart(painter, rect, chart, colours,
                                                                  peers),
                   text=chart.text())


def chart_drawings(charts: Mapping[str, Chart]) -> Drawings:
    """The drawings of one page's *charts* (by name), each laid out with the others drawn
    to its scale (the same unit and *scale*: :func:`mxdesk.core.charts.common_scales`), so
    a value is the same length of bar in all of them. Raises nothing."""
    def key(chart: Chart) -> tuple[str, tuple[float, float]] | None:
        return (chart.unit, chart.scale) if chart.scale is not None else None

    return {name: chart_drawing(chart, tuple(
        other for n, other in charts.items()
        if n != name and key(chart) is not None and key(other) == key(chart)))
        for name, chart in charts.items()}


def as_drawings(pairs: Iterable[tuple[str, Any]]) -> Drawings:
    """A page's drawings by name (an ``export.html.Section``'s), each a
    :class:`~mxdesk.export.drawings.Drawing`: a core chart made one by
    :func:`chart_drawings` (those of one scale laid out alike), a drawing kept as it is.
    Raises TypeError for anything else."""
    out: Drawings = {}
    charts: dict[str, Chart] = {}
    for name, thing in pairs:
        if isinstance(thing, Chart):
            charts[name] = thing
        elif isinstance(thing, Drawing):
            out[name] = thing
        else:
            raise TypeError(f"{name}: no drawing for a {type(thing).__name__}")
    return {**out, **chart_drawings(charts)}
