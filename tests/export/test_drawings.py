"""export/drawings.py: placed() finds the rectangle Qt draws a placeholder in, whatever its
vertical alignment (the image's own, or its table cell's ``vertical-align``)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QPainter, QTextDocument

from mxdesk.export.drawings import placed, placeholder

TALL_CELL = "Some text<br/>more text<br/>and more<br/>and more<br/>and more<br/>and more"


def _red_box(document: QTextDocument) -> tuple[int, int, int, int]:
    """Where Qt paints the placeholder's image (filled red here): (left, top, right, bottom)."""
    out = QImage(420, 320, QImage.Format.Format_ARGB32)
    out.fill(QColor("white"))
    painter = QPainter(out)
    document.drawContents(painter)
    painter.end()
    red = [(x, y) for y in range(out.height()) for x in range(out.width())
           if out.pixelColor(x, y).red() > 200 and out.pixelColor(x, y).green() < 60]
    assert red, "the image was not drawn"
    xs, ys = [x for x, _ in red], [y for _, y in red]
    return min(xs), min(ys), max(xs) + 1, max(ys) + 1


@pytest.mark.parametrize("css", [
    "td { vertical-align: top }",  # the locator's cell in a fact sheet's head
    "td { vertical-align: middle }", "td { vertical-align: bottom }", "",
    "img { vertical-align: top }", "img { vertical-align: middle }",
    "img { vertical-align: bottom }",
])
@pytest.mark.parametrize("with_text", [False, True])
def test_placed_is_where_qt_draws_the_image(qapp: object, css: str, with_text: bool) -> None:
    document = QTextDocument()
    red = QImage(1, 1, QImage.Format.Format_ARGB32)
    red.fill(QColor("red"))
    document.addResource(QTextDocument.ResourceType.ImageResource, QUrl("drawing:x"), red)
    document.setDefaultStyleSheet(css)
    document.setTextWidth(400)
    image = placeholder("x").replace("<img ", '<img width="80" height="60" ')
    if with_text:  # text on the image's line: the line is taller than the image or not
        image = image.replace('<p class="drawing">', '<p class="drawing">ab ').replace(
            "</p>", " cd</p>")
    document.setHtml(f"<table><tr><td>{TALL_CELL}</td><td>{image}</td></tr></table>")
    ((name, rect),) = placed(document)
    assert name == "x"
    left, top, right, bottom = _red_box(document)
    assert abs(rect.left() - left) <= 1
    assert abs(rect.top() - top) <= 1, (rect, top)
    assert abs(rect.bottom() - bottom) <= 1
    assert abs(rect.right() - right) <= 1
