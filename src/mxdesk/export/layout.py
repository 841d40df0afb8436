"""Typesetting: the brochure's sections laid out page by page with QTextDocument on a paint
device (a QPdfWriter, or a QPrinter for Ctrl+P), then painted with the cover band, header and
footer; the paper, margins and fonts they use.

The text layer is the text: each line is in it once, on the page that prints it (see "pages
that hold whole lines" below), and fonts are set without ligatures. Painter drawings (maps,
charts) are painted over the places their HTML keeps (:mod:`.drawings`, :mod:`.paper_maps`).

A little over ~450 lines: the page-break handling and the painting share their helpers.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QTextBlock,
    QTextCursor,
    QTextDocument,
)

from mxdesk.core import i18n
from mxdesk.core.errors import CancelledError, MxdeskError
from mxdesk.core.i18n import _
from mxdesk.core.sheets import Brochure
from mxdesk.export.charts import as_drawings
from mxdesk.export.drawings import Drawings, load_html, paint_over
from mxdesk.export.html import CSS, Document, Section, as_document, plain_letters
from mxdesk.export.paper_maps import paper_drawings

PAPER_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
#: Page margins in millimetres: room for the header and footer inside them.
MARGINS_MM = QMarginsF(18, 22, 18, 20)
#: How far below the top margin the cover's title starts, clear of the green band.
COVER_OFFSET_MM = 45
#: progress(stage, done, in all) -> False to cancel. The stages, in order: "content" (fact
#: sheets gathered, see mxdesk.core.sheets.brochure), "layout" (sections laid out), "pages"
#: (pages written).
Progress = Callable[[str, int, int], bool]


class ExportError(MxdeskError):
    """The PDF cannot be written (folder missing or read-only, disk full, …)."""


class ExportCancelledError(CancelledError):
    """The user cancelled a long export; nothing was written."""


def ensure_gui_application() -> None:
    """Fonts and PDF writing need a QGuiApplication; the command line has none: make one
    (offscreen unless QT_QPA_PLATFORM says otherwise) if there is none yet."""
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Kept alive for the rest of the process on the module, as Qt requires.
        global _APP  # the command line's one QGuiApplication
        _APP = QGuiApplication(["mxdesk"])


_APP: QGuiApplication | None = None


def _family() -> str:
    """A font with every accent the data needs, embedded in the PDF by Qt."""
    families = set(QFontDatabase.families())
    for family in ("DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "Helvetica"):
        if family in families:
            return family
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()


def _font(family: str, points: int) -> QFont:
    """*family* at *points*, set without ligatures.

    Qt's PDF engine writes a ligature glyph's own code point into the text layer ("ﬁ",
    U+FB01, for "fi"; "ﬃ" for "ffi"), so "Briefing" or "Official" printed with one is not
    found by a search for the word. Without them the letters are drawn one by one, kerned
    as before; in DejaVu Sans, the first choice, "fi" and "ffi" look as they did.
    """
    font = QFont(family, points)
    for feature in ("liga", "clig"):  # the standard and the contextual ligatures
        font.setFeature(QFont.Tag(feature), 0)
    return font


@dataclass
class Typeset:
    """A document laid out for one paint device: its sections, where each starts, and how to
    lay one out again. Sections are laid out one at a time and dropped after use, so a
    brochure of a thousand clusters never holds a thousand documents at once."""

    sections: list[Section]
    #: First page (1-based) of each section, and how many pages each has.
    starts: list[int]
    pages: list[int]
    #: The text area of every page, in device pixels, from the paper's corner.
    body: QRectF
    header_font: QFont
    make: Callable[[Section], QTextDocument]
    #: The painter drawings the pages hold (maps, charts), by the name their places use.
    drawings: Drawings = field(default_factory=dict)

    @property
    def page_count(self) -> int:
        """How many pages the whole document has."""
        return self.starts[-1] + self.pages[-1] - 1

    @property
    def bookmarks(self) -> list[tuple[str, int]]:
        """(title, first page, 1-based) of each section that has a bookmark, in order: the PDF's
        outline."""
        return [(s.bookmark, start) for s, start in zip(self.sections, self.starts, strict=True)
                if s.bookmark]


def _drop(doc: QTextDocument) -> None:
    """Detach a document from the paint device before it goes (PySide 6 order of deletion)."""
    doc.documentLayout().setPaintDevice(None)  # type: ignore[arg-type]


# -- pages that hold whole lines ---------------------------------------------------------
# QTextDocument lays its lines out page by page: a line that would cross a page break starts
# the next page instead. Drawing a page, though, draws more than its lines: Qt draws what
# touches the clip rectangle (a line that ends where the page starts, one that starts where
# it ends), and QTextLayout.draw() begins with the last line *above* the rectangle whenever
# a paragraph goes on from the page before (its first-line search keeps the index of the
# last line that ends above, not the one after it). The painter's clip hides those lines,
# but their text is written into the page all the same. So every paragraph is made to lie on
# one page (one that a page break runs through becomes two at that line), and each page is
# drawn with a rectangle that stops short of its edges: each page then writes the lines that
# stand on it, and no others.

#: How far inside the page's edges (device pixels) Qt looks for what to draw.
_INSIDE = 1.0


def _page_of(y: float, page_height: float) -> int:
    return int(y // page_height)


def _split_at_page_breaks(doc: QTextDocument) -> None:
    """Make each paragraph of *doc* (laid out in pages) lie on one page: one that runs over
    a page break ends there, and a paragraph like it, out of any list, goes on at the top
    of the next page where the layout had put that line. A one-line paragraph the layout
    left across a page break, and a heading left at the foot of a page, its next paragraph
    or table overleaf, start the next page instead (:func:`_push_at`)."""
    height = doc.pageSize().height()
    layout = doc.documentLayout()
    # The whole layout first (pageCount() finishes it): changing a document whose layout is
    # still under way left the layout short of the document's end, its last blocks nowhere.
    for _pass in range(_MOST_PASSES):
        if doc.pageCount() <= 1:
            return
        breaks = []
        push: tuple[int, float] | None = None
        block = doc.begin()
        while block.isValid():
            lines = block.layout()
            top = layout.blockBoundingRect(block).top()
            page = _page_of(top + lines.lineAt(0).y(), height) if lines.lineCount() else 0
            push = _push_at(doc, block, top, height)
            if push is not None:
                # Moving it moves everything after: what follows is measured again next pass.
                break
            for n in range(1, lines.lineCount()):
                line = lines.lineAt(n)
                if _page_of(top + line.y(), height) != page:
                    # Every page break of the paragraph at once: one at a time, a paragraph
                    # of n pages took n passes, each laying the whole document out again
                    # (a 1 MB note, 162 pages: 20 s; the time grew with the square).
                    breaks.append(block.position() + line.textStart())
                    page = _page_of(top + line.y(), height)
            block = block.next()
        if not breaks and push is None:
            return
        # One edit for them all: each change on its own had the layout redone at once (50 ms
        # a time for a brochure's contents or its list of sources).
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        if push is not None:
            cursor.setPosition(push[0])
            moved = cursor.blockFormat()
            moved.setTopMargin(moved.topMargin() + push[1])
            cursor.setBlockFormat(moved)
        for at in reversed(breaks):  # from the end, so the positions before stay as found
            _split(cursor, at)
        cursor.endEditBlock()


#: Passes of :func:`_split_at_page_breaks` at most: each lays the document out again; one
#: needing more (thousands of headings at the feet of pages) is printed as it then stands.
_MOST_PASSES = 200


def _push_at(doc: QTextDocument, block: QTextBlock, top: float,
             height: float) -> tuple[int, float] | None:
    """Where and how far down (pixels) *block*, whose box starts at *top* in a document of
    pages *height* high, must move to start the next page, or None when it stays: a
    paragraph out of tables whose first line a page break runs through (Qt leaves a heading
    that follows a table so, cut in two by the page's edge), or a heading whose next
    paragraph or table begins on a later page."""
    lines = block.layout()
    if not lines.lineCount():
        return None
    first = top + lines.lineAt(0).y()
    page = _page_of(first, height)
    crosses = _page_of(first + lines.lineAt(0).height() - 1, height) != page
    after = block.next()
    # (A heading already at the top of its page stays: what follows is too tall for any.)
    alone = (not crosses and block.blockFormat().headingLevel() > 0 and after.isValid()
             and first - page * height > lines.lineAt(0).height()
             and _page_of(doc.documentLayout().blockBoundingRect(after).top(), height) > page)
    if not (crosses or alone) or QTextCursor(block).currentTable() is not None:
        return None
    return block.position(), (page + 1) * height - first


#: What a <br/> is in a QTextDocument: U+2028 LINE SEPARATOR.
_LINE_BREAK = "\u2028"


def _split(cursor: QTextCursor, at: int) -> None:
    """Break the paragraph at the document position *at* into two, the second placed as
    its lines were: no space between the two, no first-line indent, no second list marker."""
    cursor.setPosition(at)
    if cursor.document().characterAt(at - 1) == _LINE_BREAK:
        # The line break (<br/>) becomes the paragraph's end. Kept, it would end the first
        # part with an empty line of its own: a line more on the page, moving every line
        # after it, so the next pass found page breaks elsewhere and never finished.
        cursor.deletePreviousChar()
    goes_on = cursor.blockFormat()
    goes_on.setTopMargin(0)
    goes_on.setTextIndent(0)
    ends = cursor.blockFormat()
    ends.setBottomMargin(0)
    cursor.setBlockFormat(ends)
    cursor.insertBlock(goes_on, cursor.charFormat())
    in_list = cursor.block().textList()
    if in_list is not None:
        in_list.remove(cursor.block())  # keeps the text where the list indents it


def page_body(device: QPagedPaintDevice) -> QRectF:
    """The text area of *device*'s pages: the page less :data:`MARGINS_MM`, in the
    device's pixels (its logical dpi), from the paper's corner, a whole number of pixels
    high. Raises nothing."""
    layout = device.pageLayout()
    dpi = device.logicalDpiY()
    # The layout is in full-page mode: the painter's origin is the paper's corner, and the
    # margins are ours to apply (printers and PDF files then agree to the point).
    full = QRectF(layout.fullRectPixels(dpi))
    mm = dpi / 25.4
    # A whole number of pixels high: the layout keeps its positions in 1/64 pixel, and the
    # fraction it dropped moved each page break up against the page drawn (0.015 px a page
    # on A4 at 300 dpi), into the foot of the page before.
    return QRectF(full.left() + MARGINS_MM.left() * mm, full.top() + MARGINS_MM.top() * mm,
                  full.width() - (MARGINS_MM.left() + MARGINS_MM.right()) * mm,
                  math.floor(full.height() - (MARGINS_MM.top() + MARGINS_MM.bottom()) * mm))


def text_document(device: QPagedPaintDevice, html: str, points: int = 9,
                  css: str = CSS) -> QTextDocument:
    """*html* laid out as one page of *device* lays it out (its body's width, *points* and
    *css*), without page breaks: its ``size().height()`` is the height it needs, in the
    device's pixels. Drop it with :func:`drop` before the device goes. Raises nothing."""
    ensure_gui_application()
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setDefaultFont(_font(_family(), points))
    doc.setDefaultStyleSheet(css)
    doc.setDocumentMargin(0)
    doc.setTextWidth(page_body(device).width())
    doc.setHtml(f"<html><body>{html}</body></html>")
    return doc


def drop(doc: QTextDocument) -> None:
    """Detach *doc* from its paint device before it goes (see :func:`text_document`)."""
    _drop(doc)


def typeset(content: Brochure | Document, device: QPagedPaintDevice,
            progress: Progress | None = None) -> Typeset:
    """Lay the document (a brochure, or a :class:`Document`) out on *device*'s pages, the
    table of contents numbered.

    The page body is :func:`page_body`; a brochure's text is set at 9 points (a
    document's at its own), headers and footers at 7. Raises ExportCancelledError if
    *progress* says stop.
    """
    ensure_gui_application()
    document = as_document(content)
    body = page_body(device)
    family = _family()
    drawings = paper_drawings(content)

    def make(section: Section) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(device)
        doc.setDefaultFont(_font(family, document.points))
        doc.setDefaultStyleSheet(document.css)
        doc.setDocumentMargin(0)
        doc.setPageSize(QSizeF(body.width(), body.height()))
        # The document's maps and this section's charts, each painted over the place its
        # HTML keeps (drawings.load_html).
        load_html(doc, f"<html><body>{section.html}</body></html>",
                  {**drawings, **as_drawings(section.drawings)}, _font(family, 8))
        _split_at_page_breaks(doc)
        return doc

    def count(section: Section) -> int:
        doc = make(section)
        pages = max(doc.pageCount(), 1)
        _drop(doc)
        return pages

    def first_pages(pages: list[int]) -> list[int]:
        starts, page = [], 1
        for n in pages:
            starts.append(page)
            page += n
        return starts

    parts = document.sections(None)
    pages = []
    for n, section in enumerate(parts, 1):
        pages.append(count(section))
        if progress is not None and not progress("layout", n, len(parts)):
            raise ExportCancelledError(_("export cancelled; nothing was written"))
    starts = first_pages(pages)
    for _attempt in range(3):
        numbered = document.sections(starts)
        # Only the contents change between passes: the other sections keep their pages.
        pages = [count(new) if new.html != old.html else n
                 for new, old, n in zip(numbered, parts, pages, strict=True)]
        parts = numbered
        again = first_pages(pages)
        if again == starts:
            break
        starts = again
    return Typeset(parts, starts, pages, body, _font(family, 7), make, drawings)


def paint(result: Typeset, device: QPagedPaintDevice, content: Brochure | Document,
          progress: Progress | None = None) -> None:
    """Paint every page of *result* on *device* (the one it was laid out for), with the cover
    band or the header and footer. Raises ExportError if drawing cannot start on *device*,
    ExportCancelledError if *progress* says stop."""
    document = as_document(content)
    painter = QPainter()
    if not painter.begin(device):
        raise ExportError(_("cannot start drawing on the output (is the file writable?)"))
    try:
        total = result.page_count
        body = result.body
        mm = device.logicalDpiY() / 25.4
        page_number = 0
        for section in result.sections:
            doc = result.make(section)
            try:
                for page in range(max(doc.pageCount(), 1)):
                    if page_number:
                        device.newPage()
                    page_number += 1
                    if section.header:
                        _header_footer(painter, result, document, page_number, total, mm)
                    else:
                        _cover_band(painter, device, result, mm)
                    painter.save()
                    painter.translate(body.topLeft())
                    if not section.header:
                        # The cover's text starts below its band (the cover is one page).
                        painter.translate(0, COVER_OFFSET_MM * mm)
                    painter.translate(0, -page * body.height())
                    on_page = QRectF(0, page * body.height(), body.width(), body.height())
                    _draw_page(painter, doc, on_page)
                    painter.setClipping(False)
                    paint_over(painter, doc, on_page,
                               {**result.drawings, **as_drawings(section.drawings)},
                               font=_font(result.header_font.family(), 8))
                    painter.restore()
                    if progress is not None and not progress("pages", page_number, total):
                        raise ExportCancelledError(
                            _("export cancelled; nothing was written"))
            finally:
                _drop(doc)
    finally:
        painter.end()


def _draw_page(painter: QPainter, doc: QTextDocument, page: QRectF) -> None:
    """Draw what stands on *page* (in document coordinates) and nothing else: see above."""
    painter.setClipRect(page)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = page.adjusted(0, _INSIDE, 0, -_INSIDE)
    doc.documentLayout().draw(painter, context)


def _cover_band(painter: QPainter, device: QPagedPaintDevice, result: Typeset,
                mm: float) -> None:
    """The cover's green band across the top of the page."""
    full = QRectF(device.pageLayout().fullRectPixels(device.logicalDpiY()))
    painter.save()
    painter.fillRect(QRectF(full.left(), full.top(), full.width(), 38 * mm), QColor("#0b4f3c"))
    painter.fillRect(QRectF(full.left(), full.top() + 38 * mm, full.width(), 2.5 * mm),
                     QColor("#c8102e"))
    font = QFont(result.header_font)
    font.setPointSizeF(15)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(QRectF(result.body.left(), full.top() + 12 * mm, result.body.width(),
                            16 * mm),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                     _("mxdesk · Mexico cluster directory"))
    painter.restore()


def _header_footer(painter: QPainter, result: Typeset, document: Document, page: int,
                   total: int, mm: float) -> None:
    body = result.body
    painter.save()
    painter.setFont(result.header_font)
    painter.setPen(QColor("#666666"))
    line_h = painter.fontMetrics().height()
    top = QRectF(body.left(), body.top() - 8 * mm - line_h, body.width(), line_h)
    bottom = QRectF(body.left(), body.bottom() + 6 * mm, body.width(), line_h)
    title = painter.fontMetrics().elidedText(plain_letters(document.title),
                                             Qt.TextElideMode.ElideRight,
                                             int(body.width() * 0.7))
    painter.drawText(top, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), title)
    painter.drawText(top, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                     "mxdesk")
    painter.drawLine(int(body.left()), int(top.bottom() + 1.5 * mm), int(body.right()),
                     int(top.bottom() + 1.5 * mm))
    # Translators: the right of every page's footer.
    numbered = _("Page {page} of {total}").format(page=i18n.number(page),
                                                 total=i18n.number(total))
    # The footer's left never runs into the page number (a longer language's words): cut
    # with "…" where it would come within 4 mm of it.
    room = int(body.width() - painter.fontMetrics().horizontalAdvance(numbered) - 4 * mm)
    footer = painter.fontMetrics().elidedText(document.footer, Qt.TextElideMode.ElideRight,
                                              room)
    painter.drawText(bottom, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                     footer)
    painter.drawText(bottom, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                     numbered)
    painter.restore()


def configure(device: QPagedPaintDevice, paper: str) -> None:
    """Paper size ("a4" or "letter", portrait) and :data:`MARGINS_MM` (millimetres) for a PDF
    writer or a printer, in full-page mode. Raises MxdeskError for another *paper*."""
    if paper not in PAPER_SIZES:
        raise MxdeskError(_("unknown paper size {paper}: use a4 or letter").format(
            paper=repr(paper)))
    layout = QPageLayout(QPageSize(PAPER_SIZES[paper]), QPageLayout.Orientation.Portrait,
                         MARGINS_MM, QPageLayout.Unit.Millimeter)
    layout.setMode(QPageLayout.Mode.FullPageMode)
    device.setPageLayout(layout)
