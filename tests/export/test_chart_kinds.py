"""export/charts.py draws a figure as what it is (issue 19, the trial's findings): a target,
goal or forecast hatched, never filled like a measured figure beside it; and counts of one
whole ("of 35") against that whole, whichever chart they are in. Pixels read back."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from mxdesk.core.charts import Chart, charts_of, known_names
from mxdesk.core.details import FactRow, details
from mxdesk.core.directory import Directory
from mxdesk.core.records import Fact
from mxdesk.export.charts import _plan, draw_chart, size_for
from mxdesk.export.drawings import PRINT

WIDTH = 560


def _drawn(chart: Chart) -> tuple[QImage, QFont]:
    font = QFont()
    font.setPixelSize(13)
    size = size_for(chart, WIDTH, font)
    image = QImage(WIDTH, int(size.height()) + 1, QImage.Format.Format_ARGB32)
    image.fill(PRINT.paper)
    painter = QPainter(image)
    painter.setFont(font)
    draw_chart(painter, QRectF(0, 0, WIDTH, size.height()), chart, PRINT)
    painter.end()
    return image, font


def _rows(chart: Chart, image: QImage, font: QFont) -> list[tuple[int, int, int]]:
    """(y of the bar's middle, x of zero, x of the bar's end) for each bar."""
    plan = _plan(chart, WIDTH, font, image)
    y = plan.title + 0.4 * plan.line
    out = []
    for bar, height in zip(chart.bars, plan.rows, strict=True):
        out.append((round(y + plan.line / 2), round(plan.x(0.0)), round(plan.x(bar.value))))
        y += height
    return out


def _near(colour: QColor, other: QColor, by: int = 40) -> bool:
    return all(abs(a - b) < by for a, b in zip(colour.getRgb()[:3], other.getRgb()[:3],
                                                strict=True))


def test_an_expected_figure_is_hatched_beside_a_measured_one(qapp: object) -> None:
    rows = [FactRow(Fact("Vehicles: produced", "fn1", 3.5, unit="million vehicles",
                         year=2020)),
            FactRow(Fact("Vehicles: produced (government goal)", "fn1", 3.5,
                         unit="million vehicles", year=2020, qualifier="expected"))]
    chart = next(c for c in charts_of(rows) if len(c.bars) == 2)
    measured, goal = chart.bars
    assert (measured.expected, goal.expected) == (False, True)
    assert "goal" in goal.label or "expected" in goal.label
    assert "(expected)" not in measured.label
    assert goal.label in chart.text()
    image, font = _drawn(chart)
    (y1, zero1, end1), (y2, zero2, end2) = _rows(chart, image, font)
    assert end1 == end2  # the same value, the same length

    def inked(y: int, zero: int, end: int) -> float:
        xs = range(zero + 3, end - 3)
        return sum(_near(image.pixelColor(x, y), PRINT.ink, 60) for x in xs) / len(xs)

    assert inked(y1, zero1, end1) > 0.9  # measured: filled
    assert 0.05 < inked(y2, zero2, end2) < 0.6  # expected: hatched, not filled
    # Its outline is drawn: a row along its top edge is ink along its whole length.
    plan = _plan(chart, WIDTH, font, image)
    edge = max(sum(_near(image.pixelColor(x, y), PRINT.ink, 80)
                   for x in range(zero2 + 3, end2 - 3))
               for y in range(round(y2 - 0.5 * plan.line), y2))
    assert edge > 0.9 * (end2 - zero2 - 6)


def test_every_real_target_or_goal_bar_is_drawn_as_expected(directory: Directory) -> None:
    automotive = charts_of(details(directory, directory.sector("automotive")).facts,
                           known_names(directory))
    goal = next(c for c in automotive if c.title == "Government goal")
    assert all(b.expected for b in goal.bars)
    assert all(not b.expected for c in automotive if c is not goal for b in c.bars)


def test_two_charts_of_the_same_whole_both_draw_the_track(qapp: object,
                                                          directory: Directory) -> None:
    """Industry 4.0's clusters by state and by topic are both counts "of 35": both are
    drawn against 35, a faint track past each bar's end (the trial saw it on one only)."""
    i40 = charts_of(details(directory, directory.sector("industry-4-0")).facts,
                    known_names(directory))
    whole = [c for c in i40 if c.unit == "of 35 clusters"]
    assert {c.title for c in whole} == {"i4.0 clusters by topic",
                                       "i4.0 competitiveness clusters by state (of 35)"}
    for chart in whole:
        assert chart.top == 35
        image, font = _drawn(chart)
        plan = _plan(chart, WIDTH, font, image)
        for y, _zero, end in _rows(chart, image, font):
            past = [image.pixelColor(x, y) for x in range(end + 3, round(plan.x(35)) - 3)]
            track = [c for c in past if not _near(c, PRINT.paper, 6)
                     and not _near(c, PRINT.ink, 60)]
            assert len(track) > 0.9 * len(past), chart.title
