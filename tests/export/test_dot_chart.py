"""export/charts.py's dot chart (ranks, 1 the best): the committed data has no ranks that
share an axis, so a synthetic chart is drawn and its pixels read back: each dot sits at its
rank along the hairline and its number is printed right beside it."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QImage, QPainter

from mxdesk.core.charts import Chart, charts_of
from mxdesk.core.details import FactRow
from mxdesk.core.records import Fact
from mxdesk.export.charts import _plan, draw_chart, size_for
from mxdesk.export.drawings import PRINT

RANKS = (("overall", 49), ("starting a business", 90), ("getting credit", 6),
         ("trading across borders", 63))


def _chart() -> Chart:
    rows = [FactRow(Fact(f"Doing Business rank: {label}", "fn1", value,
                         unit="rank (of 190 countries)", year=2018)) for label, value in RANKS]
    (chart,) = charts_of(rows)
    return chart.marked({"fn1": "[3]"})


def test_a_rank_chart_says_rank_once() -> None:
    chart = _chart()
    assert chart.dots
    assert chart.heading == "Doing Business rank — of 190 countries; 1 is best, 2018"


def test_each_dot_stands_at_its_rank_with_its_number_beside_it(qapp: object) -> None:
    chart = _chart()
    font = QFont()
    font.setPixelSize(13)
    size = size_for(chart, 560, font)
    image = QImage(560, int(size.height()) + 1, QImage.Format.Format_ARGB32)
    image.fill(PRINT.paper)
    painter = QPainter(image)
    painter.setFont(font)
    draw_chart(painter, QRectF(0, 0, 560, size.height()), chart, PRINT)
    painter.end()
    plan = _plan(chart, 560, font, image)
    top = plan.title + 0.4 * plan.line
    for (_label, rank), height in zip(RANKS, plan.rows, strict=True):
        y = round(top + plan.line / 2)
        ink = [x for x in range(image.width())
               if _is_ink(image.pixelColor(x, y).getRgb())]
        assert ink, rank
        middle = (min(ink) + max(ink)) / 2
        assert abs(middle - plan.x(rank)) <= 2, rank  # the dot at its rank
        # The number's dark letters begin within a line's width right of the dot.
        text = [x for x in range(int(max(ink)) + 1, image.width())
                for dy in range(-4, 5)
                if image.pixelColor(x, y + dy).lightness() < 90]
        assert text, rank
        assert min(text) - max(ink) < plan.line, rank
        top += height


def _is_ink(rgb: tuple[int, int, int, int]) -> bool:
    r, g, b, _a = rgb
    return abs(r - 0x21) < 40 and abs(g - 0x71) < 40 and abs(b - 0xB5) < 40
