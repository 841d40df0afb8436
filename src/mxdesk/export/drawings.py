"""Painter drawings (charts now, the map later) inside pages typeset with QTextDocument.

PySide6 cannot register a Python QTextObjectInterface (the layout's qobject_cast to the
interface fails, and the object is never drawn), so a drawing takes its place in the text
another way. The HTML holds ``<img src="drawing:NAME">`` (:func:`placeholder`); a
:class:`Drawings` registry maps NAME to a :class:`Drawing` (its size for a width, and the
function that paints it). Then:

- on screen (the detail pane), :func:`screen_html` sizes each placeholder for the pane's width
  and :func:`add_images` gives the document each drawing as an image, rendered by the same
  draw function at the screen's device pixel ratio and in the palette's colours;
- on paper, :func:`load_html` sizes the placeholders and fills them with a transparent
  image, and :func:`paint_over` paints each drawing, in vector, over the rectangle the layout
  kept for it (:func:`placed`): the PDF's text layer holds the drawing's words and numbers.

A placeholder is an inline image alone in its paragraph: a line that would cross a page
break is moved whole to the next page, so a drawing never straddles one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPaintDevice,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextDocument,
    QTextLine,
)

#: The scheme of a placeholder's source: ``drawing:chart-1``.
SCHEME = "drawing"
#: Qt sizes an image's width and height attributes in pixels of 96 dpi, scaled to the
#: document's paint device.
_CSS_DPI = 96.0


@dataclass(frozen=True)
class Colours:
    """What a drawing paints with: *text*, *muted* text (years, marks, axes), *ink* (the
    bars: one hue of a colour-blind-safe palette, never the only carrier of a number),
    *paper* (the background it sits on) and *grid* (hairlines)."""

    text: QColor
    muted: QColor
    ink: QColor
    paper: QColor
    grid: QColor

    @property
    def dark(self) -> bool:
        """Whether the background is dark (light text on it)."""
        return self.paper.lightness() < 128


def colours_of(palette: QPalette) -> Colours:
    """The colours of a widget's *palette*: its text and base, and ColorBrewer's Blues (a
    single-hue, colour-blind-safe scale) dark on light, light on dark."""
    base = palette.color(QPalette.ColorRole.Base)
    dark = base.lightness() < 128
    return Colours(text=palette.color(QPalette.ColorRole.Text),
                   muted=palette.color(QPalette.ColorRole.PlaceholderText),
                   ink=QColor("#6baed6" if dark else "#2171b5"), paper=base,
                   grid=QColor("#5a5a5a" if dark else "#c8c8c8"))


#: The colours on paper (the PDF: black on white, the brochure's greys).
PRINT = Colours(QColor("#1a1a1a"), QColor("#555555"), QColor("#2171b5"), QColor("#ffffff"),
                QColor("#cccccc"))

#: (painter, rectangle, colours) -> None: paints the drawing inside the rectangle, in the
#: painter's font.
Paint = Callable[[QPainter, QRectF, Colours], None]
#: (width, font, device) -> the size it needs at that width, in *device*'s pixels.
Measure = Callable[[float, QFont, QPaintDevice], QSizeF]


@dataclass(frozen=True)
class Drawing:
    """A drawing a page can hold: how big it is for a width (*size*), how to paint it
    (*draw*), and what it says in words (*text*: the image's alternative text)."""

    size: Measure
    draw: Paint
    text: str = ""


#: name -> drawing: the drawings one page (a record in the pane, a section of a PDF) holds.
Drawings = dict[str, Drawing]


def placeholder(name: str, text: str = "") -> str:
    """The HTML that keeps a drawing's place, alone in its paragraph: ``<p><img
    src="drawing:NAME" alt="…"></p>``; sized later by :func:`screen_html` or
    :func:`load_html`. *name* is letters, digits, ``-``, ``_``, ``.`` and ``/``; raises
    ValueError for another."""
    if not re.fullmatch(r"[\w./-]+", name):
        raise ValueError(f"a drawing's name is letters, digits and -_./, not {name!r}")
    alt = text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return f'<p class="drawing"><img src="{SCHEME}:{name}" alt="{alt}"></p>'


_PLACEHOLDER = re.compile(r'<img src="drawing:([\w./-]+)"')


def names_in(html: str) -> list[str]:
    """The drawings *html* holds a place for, in order."""
    return _PLACEHOLDER.findall(html)


def _sized(html: str, sizes: dict[str, QSizeF], scale: float) -> str:
    def size(found: re.Match[str]) -> str:
        s = sizes.get(found.group(1))
        if s is None:
            return found.group(0)
        return (f'{found.group(0)} width="{s.width() / scale:.2f}" '
                f'height="{s.height() / scale:.2f}"')
    return _PLACEHOLDER.sub(size, html)


def _scale(device: QPaintDevice) -> float:
    return device.logicalDpiY() / _CSS_DPI


def screen_html(html: str, drawings: Drawings, width: float, font: QFont,
                device: QPaintDevice) -> tuple[str, dict[str, QSizeF]]:
    """*html* with each placeholder sized for *width* (pixels of *device*, a screen widget)
    in *font*, and those sizes by name. A placeholder without a drawing stays as it is."""
    sizes = {n: drawings[n].size(width, font, device) for n in names_in(html) if n in drawings}
    return _sized(html, sizes, _scale(device)), sizes


def add_images(document: QTextDocument, drawings: Drawings, sizes: dict[str, QSizeF],
               ratio: float, colours: Colours, font: QFont) -> None:
    """Give *document* each drawing of *sizes* as an image resource, painted at the screen's
    device pixel *ratio* in *colours* and *font* (replacing an earlier one of that name:
    the palette changed, or the width)."""
    for name, size in sizes.items():
        image = QImage(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setFont(font)
            drawings[name].draw(painter, QRectF(0, 0, size.width(), size.height()), colours)
        finally:
            painter.end()
        document.addResource(QTextDocument.ResourceType.ImageResource,
                             QUrl(f"{SCHEME}:{name}"), image)


def load_html(document: QTextDocument, html: str, drawings: Drawings, font: QFont) -> None:
    """Set *html* on *document* (laid out for a page of its paint device, its text width
    set) with each placeholder sized for the page's width and filled with a transparent
    image: :func:`paint_over` paints the drawings later. Raises nothing."""
    device = document.documentLayout().paintDevice()
    clear = QImage(1, 1, QImage.Format.Format_ARGB32)
    clear.fill(Qt.GlobalColor.transparent)
    sizes: dict[str, QSizeF] = {}
    width = document.pageSize().width() if document.pageSize().width() > 0 else \
        document.textWidth()
    for name in names_in(html):
        if name in drawings:
            sizes[name] = drawings[name].size(width, font, device)
            document.addResource(QTextDocument.ResourceType.ImageResource,
                                 QUrl(f"{SCHEME}:{name}"), clear)
    document.setHtml(_sized(html, sizes, _scale(device)))


def _top_in_line(align: QTextCharFormat.VerticalAlignment, line: QTextLine,
                 height: float) -> float:
    """Where an inline image *height* high stands in *line*, as Qt draws it: on the baseline
    unless its vertical alignment says otherwise (a table cell with ``vertical-align: top``
    hands its alignment to the image inside)."""
    va = QTextCharFormat.VerticalAlignment
    if align == va.AlignTop:
        return line.y()
    if align == va.AlignMiddle:
        return line.y() + (line.height() - height) / 2
    if align == va.AlignBottom:
        return line.y() + line.height() - height
    return line.y() + line.ascent() - height


def placed(document: QTextDocument) -> Iterator[tuple[str, QRectF]]:
    """Each drawing's name and the rectangle the layout keeps for it, in document
    coordinates (pixels of its paint device), in order; its vertical alignment (CSS
    ``vertical-align``, of the image or its table cell) honoured."""
    layout = document.documentLayout()
    scale = _scale(layout.paintDevice()) if layout.paintDevice() is not None else 1.0
    block = document.begin()
    while block.isValid():
        pieces = block.begin()
        while not pieces.atEnd():
            piece = pieces.fragment()
            pieces += 1
            image = piece.charFormat().toImageFormat()
            if not (piece.charFormat().isImageFormat()
                    and image.name().startswith(f"{SCHEME}:")):
                continue
            at = piece.position() - block.position()
            line = block.layout().lineForTextPosition(at)
            box = layout.blockBoundingRect(block)
            width, height = image.width() * scale, image.height() * scale
            found: Any = line.cursorToX(at)  # (x, position) in PySide6
            x = float(found[0] if isinstance(found, tuple) else found)
            top = box.top() + _top_in_line(image.verticalAlignment(), line, height)
            yield image.name().removeprefix(f"{SCHEME}:"), QRectF(
                box.left() + x, top, width, height)
        block = block.next()


def paint_over(painter: QPainter, document: QTextDocument, page: QRectF, drawings: Drawings,
               colours: Colours = PRINT, font: QFont | None = None) -> None:
    """Paint the drawings of *document* that stand on *page* (document coordinates, the
    painter translated as for the page's text) over their kept rectangles, in vector, in
    *font* (default: the document's). Raises nothing."""
    for name, rect in placed(document):
        if name in drawings and page.contains(rect.center()):
            painter.save()
            painter.setFont(font or document.defaultFont())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            drawings[name].draw(painter, rect, colours)
            painter.restore()
