"""Fact sheets and mission brochures as PDF (or on a printer), typeset with QTextDocument.

The content comes from :mod:`mxdesk.core.sheets`; here it becomes HTML, is laid out page by
page on the paint device (a QPdfWriter, or a QPrinter for Ctrl+P) with a header and a footer,
and — for files — gets bookmarks and is moved into place only once complete.

The text layer is the text: each line is in it once, on the page that prints it, and in
plain letters ("fi", not the ligature "ﬁ"), so a reader's search, copy or screen reader finds
what the page shows.

Known limit (Qt, not fixed here): Qt's PDF writer maps each glyph to the lowest code point the
font maps to it (QFontSubset::getReverseMap), and writes no /ActualText. Arabic, shaped into
joined forms, reaches the text layer as presentation forms (U+FE8E for a final alef); with
Noto Sans CJK, 小 西 车 come out as the radicals U+2F29 U+2EC4 U+2ECB. Chinese prints as
boxes only where no CJK font is installed (Qt falls back to one when there is).
"""

from __future__ import annotations

import html
import logging
import math
import os
import re
import secrets
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

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
    QPdfWriter,
    QTextCursor,
    QTextDocument,
)

from mxdesk import __version__
from mxdesk.core.errors import CancelledError, MxdeskError
from mxdesk.core.records import Source
from mxdesk.core.sheets import Brochure, Excerpt, FactSheet, PolicyBrief

log = logging.getLogger("mxdesk.export")

PAPER_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
#: Page margins in millimetres: room for the header and footer inside them.
MARGINS_MM = QMarginsF(18, 22, 18, 20)
RESOLUTION = 300
#: How far below the top margin the cover's title starts, clear of the green band.
COVER_OFFSET_MM = 45
AUTHOR = "mxdesk"
#: progress(stage, done, in all) -> False to cancel. The stages, in order: "content" (fact
#: sheets gathered, see mxdesk.core.sheets.brochure), "layout" (sections laid out), "pages"
#: (pages written).
Progress = Callable[[str, int, int], bool]


class ExportError(MxdeskError):
    """The PDF cannot be written (folder missing or read-only, disk full, …)."""


class ExportCancelledError(CancelledError):
    """The user cancelled a long export; nothing was written."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pages: int
    bookmarks: tuple[tuple[str, int], ...]


def ensure_gui_application() -> None:
    """Fonts and PDF writing need a QGuiApplication; the command line has none."""
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


_CSS = """
body { color: #1a1a1a; }
h1 { font-size: 17pt; font-weight: bold; color: #0b4f3c; margin-top: 0; margin-bottom: 2pt; }
h2 { font-size: 12pt; font-weight: bold; color: #0b4f3c; margin-top: 12pt; margin-bottom: 4pt; }
h3 { font-size: 10.5pt; font-weight: bold; margin-top: 9pt; margin-bottom: 2pt; }
p { margin-top: 0; margin-bottom: 5pt; }
p.sub { color: #555555; margin-bottom: 8pt; }
p.meta { color: #555555; font-size: 8.5pt; margin-bottom: 3pt; }
span.said { color: #333333; font-size: 8pt; }
span.more { color: #555555; font-style: italic; }
table.fields td { padding: 1pt 8pt 1pt 0; vertical-align: top; }
table.fields td.k { color: #555555; }
table.figures td { padding: 1.5pt 6pt 1.5pt 0; vertical-align: top;
                   border-bottom: 1px solid #dddddd; }
td.v { font-weight: bold; }
td.w, td.c { color: #555555; }
.expired { color: #a32020; font-weight: bold; }
ul { margin-top: 0; margin-bottom: 4pt; }
li { margin-bottom: 1pt; }
table.toc td { padding: 2pt 4pt 2pt 0; }
td.page { text-align: right; }
p.cover-title { font-size: 26pt; font-weight: bold; color: #0b4f3c; margin-bottom: 6pt; }
p.cover-sub { font-size: 14pt; color: #333333; margin-bottom: 30pt; }
ol.sources li { margin-bottom: 3pt; }
p.remark-head { font-size: 8pt; font-weight: bold; color: #7a4b00; background-color: #fbecc4;
                margin-top: 2pt; margin-bottom: 0; }
p.remark { font-size: 11pt; font-weight: bold; color: #1a1a1a; background-color: #fbecc4;
           margin-top: 0; margin-bottom: 10pt; }
span.toc-remark { color: #7a4b00; font-weight: bold; }
"""


class _Sources:
    """Numbers sources in order of first citation, for [n] marks and the closing list."""

    def __init__(self, sources: tuple[Source, ...]) -> None:
        self.by_id = {s.id: s for s in sources}
        self.numbers: dict[str, int] = {}

    def cite(self, *source_ids: str) -> str:
        marks: list[int] = []
        for source_id in dict.fromkeys(source_ids):
            if source_id not in self.by_id:
                continue
            if source_id not in self.numbers:
                self.numbers[source_id] = len(self.numbers) + 1
            marks.append(self.numbers[source_id])
        return f"[{', '.join(str(n) for n in sorted(marks))}]" if marks else ""

    def ordered(self) -> list[tuple[int, Source]]:
        return sorted(((n, self.by_id[sid]) for sid, n in self.numbers.items()),
                      key=lambda pair: pair[0])


#: The ligature characters U+FB00–U+FB06 ("ﬁ", "ﬂ", "ﬀ", "ﬃ", "ﬄ", "ﬅ", "ﬆ"), as the letters
#: they stand for: one typed or pasted into a note would reach the text layer as itself, and
#: a search for "finanzas" would not find "ﬁnanzas". Only these: NFKC on all the text would
#: change what the user wrote elsewhere (superscripts, full-width forms, "ℌ").
_PLAIN_LETTERS = {code: unicodedata.normalize("NFKC", chr(code))
                  for code in range(0xFB00, 0xFB07)}


def _plain(text: str) -> str:
    return text.translate(_PLAIN_LETTERS)


def _e(text: object) -> str:
    return html.escape(_plain(str(text)))


def _source_line(source: Source) -> str:
    where = f"Footnote {source.footnote}: " if source.footnote is not None else ""
    line = f"{_e(where)}{_e(source.title)}"
    if source.url:
        line += f" — {_e(source.url)}"
    return line


def _lines(text: str) -> str:
    """The user's text as typed: escaped (markup and "&" are letters), its lines kept."""
    return "<br/>".join(_e(line.rstrip()) for line in text.strip().splitlines())


def _sheet_html(sheet: FactSheet, sources: _Sources) -> str:
    out = [f"<h1>{_e(sheet.title)}</h1>", f"<p class='sub'>{_e(sheet.subtitle)}</p>"]
    if sheet.remark:
        # The shortlist's remark ("Meeting Tue 10 March 10:00, Apodaca") is what a traveller
        # looks for first: under the name, large, marked as the user's own words.
        out.append("<p class='remark-head'>Your remark</p>"
                   f"<p class='remark'>{_lines(sheet.remark)}</p>")
    rows = []
    for key, value in sheet.fields:
        shown = _e(value)
        if key == "Quality label" and sheet.label_expired:
            shown = f"<span class='expired'>{shown}</span>"
        rows.append(f"<tr><td class='k' width='22%'>{_e(key)}</td><td>{shown}</td></tr>")
    out.append("<table class='fields' cellspacing='0' cellpadding='1.5' width='100%'>"
               f"{''.join(rows)}</table>")
    out.append(f"<h2>About</h2><p>{_e(sheet.description)}</p>")
    if sheet.figures:
        figures = "".join(
            f"<tr><td width='46%'>{_e(f.label)}</td>"
            f"<td class='{'v' if f.is_number else 't'}' width='30%'>{_e(f.value)}</td>"
            f"<td class='w' width='14%'>{_e(f.when)}</td>"
            f"<td class='c' width='10%'>{sources.cite(f.source_id)}</td></tr>"
            for f in sheet.figures)
        out.append("<h2>Key figures</h2><table class='figures' cellspacing='0' "
                   f"cellpadding='2' width='100%'>{figures}</table>")
    for title, items in sheet.lists:
        out.append(f"<h2>{_e(title)}</h2><ul>"
                   + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>")
    if sheet.related_policies:
        out.append("<h2>Related policies</h2><p>"
                   + _e("; ".join(sheet.related_policies)) + "</p>")
    for title, entries in sheet.own:
        own: list[str] = []
        for entry in entries:
            if entry.line:  # a contact, and what was said when you met
                said = _excerpt_html(entry.text, "comment")
                own.append(_e(entry.line)
                           + (f"<br/><span class='said'>{said}</span>" if said else ""))
            else:
                own.append(_excerpt_html(entry.text, "note"))
        out.append(f"<h2>{_e(title)}</h2><p class='meta'>From your own notes in mxdesk, "
                   "not from the briefings.</p><ul>"
                   + "".join(f"<li>{item}</li>" for item in own) + "</ul>")
    out.append(f"<p class='meta'>Sources: {sources.cite(*sheet.source_ids)}</p>")
    return "".join(out)


def _excerpt_html(text: Excerpt, what: str) -> str:
    """A note or a comment with its line breaks, and what is left out said in words."""
    shown = "<br/>".join(_e(line) for line in text.lines)
    if text.left_out:
        shown += (f"<br/><span class='more'>… {text.left_out:,} more characters: the whole "
                  f"{what} is in mxdesk</span>")
    return shown


def _policy_html(policy: PolicyBrief, sources: _Sources) -> str:
    sectors = f" · Sectors: {_e(policy.sectors)}" if policy.sectors else ""
    return (f"<h3>{_e(policy.name)}</h3>"
            f"<p class='meta'>{_e(policy.facts_line)}{sectors}</p>"
            f"<p>{_e(policy.description)} {sources.cite(*policy.source_ids)}</p>")


def _sources_html(sources: _Sources, heading: str) -> str:
    return (f"{heading}<ol class='sources'>"
            + "".join(f"<li>{_source_line(s)}</li>" for _n, s in sources.ordered())
            + "</ol>")


@dataclass(frozen=True)
class Section:
    """A part of the document that starts on a new page: cover, contents, one sheet, …"""

    html: str
    #: The PDF bookmark of the section, if it has one.
    bookmark: str | None
    #: The contents page lists it (the cover and the contents themselves are not listed).
    listed: bool = True
    header: bool = True


def sections(brochure: Brochure, starts: list[int] | None = None) -> list[Section]:
    """The document's sections in order, as HTML.

    *starts* holds the first page of each section, for the table of contents; ``None``
    prints placeholders of the same width, for the first layout pass.
    """
    sources = _Sources(brochure.sources)
    if brochure.is_single_sheet:
        only = brochure.sheets[0]
        html_text = _sheet_html(only, sources)
        return [Section(html_text + _sources_html(sources, "<h2>Sources</h2>"), only.title)]

    parts: list[Section] = [Section(
        "<p class='cover-title'>" + _e(brochure.title) + "</p>"
        "<p class='cover-sub'>Mission brochure · Mexico cluster directory</p>"
        "<p>&nbsp;</p><table class='fields' cellspacing='0' cellpadding='2' width='100%'>"
        f"<tr><td class='k' width='16%'>Selection</td><td>{_e(brochure.selection)}</td></tr>"
        f"<tr><td class='k'>Clusters</td><td>{len(brochure.sheets)}</td></tr>"
        f"<tr><td class='k'>Policies</td><td>{len(brochure.policies)} relevant to their "
        "sectors</td></tr>"
        f"<tr><td class='k'>Made on</td><td>{brochure.created.isoformat()}</td></tr>"
        f"<tr><td class='k'>Data</td><td>version {_e(brochure.data_version)}, built "
        f"{_e(brochure.build_date)}</td></tr></table>"
        "<p>&nbsp;</p><p class='meta'>Every fact in this brochure comes from the ECCP's "
        "Preparatory Briefing on Mexico and ProMéxico's study Mexico's competitiveness "
        "clusters in industrial innovation (April 2018); numbers in brackets point to the "
        "list of sources at the end. Figures describe the years they name.</p>"
        f"<p class='meta'>Made with mxdesk {_e(__version__)}.</p>",
        "Cover", listed=False, header=False)]
    body: list[Section] = [
        Section(_sheet_html(sheet, sources), sheet.title) for sheet in brochure.sheets]
    if brochure.policies:
        body.append(Section(
            "<h1>Policies relevant to these clusters</h1><p class='sub'>Federal, state and "
            "bilateral policies touching the sectors of the clusters in this brochure.</p>"
            + "".join(_policy_html(p, sources) for p in brochure.policies),
            "Policies relevant to these clusters"))
    body.append(Section(_sources_html(sources, "<h1>Sources</h1>"), "Sources"))
    # The contents list every later section with the page it starts on.
    rows = []
    for n, section in enumerate(body):
        page = str(starts[n + 2]) if starts is not None else "000"
        title = section.bookmark or ""
        if n < len(brochure.sheets):
            sheet = brochure.sheets[n]
            state = dict(sheet.fields).get("State", "").split(" (region", 1)[0]
            label = f"{_e(title)}<span style='color:#666666'> — {_e(state)}</span>"
            if sheet.remark:
                label += f"<br/><span class='toc-remark'>{_lines(sheet.remark)}</span>"
        else:
            label = f"<b>{_e(title)}</b>"
        rows.append(f"<tr><td width='88%'>{label}</td><td class='page' width='12%'>{page}"
                    "</td></tr>")
    parts.append(Section("<h1>Contents</h1>"
                         "<table class='toc' cellspacing='0' cellpadding='2' width='100%'>"
                         f"{''.join(rows)}</table>",
                         "Contents", listed=False))
    return parts + body


@dataclass
class Typeset:
    """A document laid out for one paint device: its sections, where each starts, and how to
    lay one out again. Sections are laid out one at a time and dropped after use, so a
    brochure of a thousand clusters never holds a thousand documents at once."""

    sections: list[Section]
    #: First page (1-based) of each section, and how many pages each has.
    starts: list[int]
    pages: list[int]
    body: QRectF
    header_font: QFont
    make: Callable[[Section], QTextDocument]

    @property
    def page_count(self) -> int:
        return self.starts[-1] + self.pages[-1] - 1

    @property
    def bookmarks(self) -> list[tuple[str, int]]:
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
    of the next page where the layout had put that line."""
    height = doc.pageSize().height()
    layout = doc.documentLayout()
    # The whole layout first (pageCount() finishes it): changing a document whose layout is
    # still under way left the layout short of the document's end, its last blocks nowhere.
    while doc.pageCount() > 1:
        breaks = []
        block = doc.begin()
        while block.isValid():
            lines = block.layout()
            top = layout.blockBoundingRect(block).top()
            page = _page_of(top + lines.lineAt(0).y(), height) if lines.lineCount() else 0
            for n in range(1, lines.lineCount()):
                line = lines.lineAt(n)
                if _page_of(top + line.y(), height) != page:
                    # Every page break of the paragraph at once: one at a time, a paragraph
                    # of n pages took n passes, each laying the whole document out again
                    # (a 1 MB note, 162 pages: 20 s; the time grew with the square).
                    breaks.append(block.position() + line.textStart())
                    page = _page_of(top + line.y(), height)
            block = block.next()
        if not breaks:
            return
        # One edit for them all: each change on its own had the layout redone at once (50 ms
        # a time for a brochure's contents or its list of sources).
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        for at in reversed(breaks):  # from the end, so the positions before stay as found
            _split(cursor, at)
        cursor.endEditBlock()


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


def typeset(brochure: Brochure, device: QPagedPaintDevice,
            progress: Progress | None = None) -> Typeset:
    """Lay the document out on *device*'s pages, the table of contents numbered;
    ExportCancelledError if progress says stop."""
    ensure_gui_application()
    layout = device.pageLayout()
    dpi = device.logicalDpiY()
    # The layout is in full-page mode: the painter's origin is the paper's corner, and the
    # margins are ours to apply (printers and PDF files then agree to the point).
    full = QRectF(layout.fullRectPixels(dpi))
    mm = dpi / 25.4
    # A whole number of pixels high: the layout keeps its positions in 1/64 pixel, and the
    # fraction it dropped moved each page break up against the page drawn (0.015 px a page
    # on A4 at 300 dpi), into the foot of the page before.
    body = QRectF(full.left() + MARGINS_MM.left() * mm, full.top() + MARGINS_MM.top() * mm,
                  full.width() - (MARGINS_MM.left() + MARGINS_MM.right()) * mm,
                  math.floor(full.height() - (MARGINS_MM.top() + MARGINS_MM.bottom()) * mm))
    family = _family()

    def make(section: Section) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(device)
        doc.setDefaultFont(_font(family, 9))
        doc.setDefaultStyleSheet(_CSS)
        doc.setDocumentMargin(0)
        doc.setPageSize(QSizeF(body.width(), body.height()))
        doc.setHtml(f"<html><body>{section.html}</body></html>")
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

    parts = sections(brochure)
    pages = []
    for n, section in enumerate(parts, 1):
        pages.append(count(section))
        if progress is not None and not progress("layout", n, len(parts)):
            raise ExportCancelledError("export cancelled; nothing was written")
    starts = first_pages(pages)
    for _attempt in range(3):
        numbered = sections(brochure, starts)
        # Only the contents change between passes: the other sections keep their pages.
        pages = [count(new) if new.html != old.html else n
                 for new, old, n in zip(numbered, parts, pages, strict=True)]
        parts = numbered
        again = first_pages(pages)
        if again == starts:
            break
        starts = again
    return Typeset(parts, starts, pages, body, _font(family, 7), make)


def paint(result: Typeset, device: QPagedPaintDevice, brochure: Brochure,
          progress: Progress | None = None) -> None:
    """Paint every page with its header and footer; ExportCancelledError if progress says stop."""
    painter = QPainter()
    if not painter.begin(device):
        raise ExportError("cannot start drawing on the output (is the file writable?)")
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
                        _header_footer(painter, result, brochure, page_number, total, mm)
                    else:
                        _cover_band(painter, device, result, mm)
                    painter.save()
                    painter.translate(body.topLeft())
                    if not section.header:
                        # The cover's text starts below its band (the cover is one page).
                        painter.translate(0, COVER_OFFSET_MM * mm)
                    painter.translate(0, -page * body.height())
                    _draw_page(painter, doc, QRectF(0, page * body.height(), body.width(),
                                                    body.height()))
                    painter.restore()
                    if progress is not None and not progress("pages", page_number, total):
                        raise ExportCancelledError("export cancelled; nothing was written")
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
                     "mxdesk · Mexico cluster directory")
    painter.restore()


def _header_footer(painter: QPainter, result: Typeset, brochure: Brochure, page: int,
                   total: int, mm: float) -> None:
    body = result.body
    painter.save()
    painter.setFont(result.header_font)
    painter.setPen(QColor("#666666"))
    line_h = painter.fontMetrics().height()
    top = QRectF(body.left(), body.top() - 8 * mm - line_h, body.width(), line_h)
    bottom = QRectF(body.left(), body.bottom() + 6 * mm, body.width(), line_h)
    title = painter.fontMetrics().elidedText(_plain(brochure.title), Qt.TextElideMode.ElideRight,
                                             int(body.width() * 0.7))
    painter.drawText(top, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), title)
    painter.drawText(top, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                     "mxdesk")
    painter.drawLine(int(body.left()), int(top.bottom() + 1.5 * mm), int(body.right()),
                     int(top.bottom() + 1.5 * mm))
    painter.drawText(bottom, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                     f"Data version {brochure.data_version} · built {brochure.build_date} · "
                     f"made {brochure.created.isoformat()}")
    painter.drawText(bottom, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                     f"Page {page} of {total}")
    painter.restore()


def configure(device: QPagedPaintDevice, paper: str) -> None:
    """Paper size and margins for a PDF writer or a printer."""
    if paper not in PAPER_SIZES:
        raise MxdeskError(f"unknown paper size {paper!r}: use a4 or letter")
    layout = QPageLayout(QPageSize(PAPER_SIZES[paper]), QPageLayout.Orientation.Portrait,
                         MARGINS_MM, QPageLayout.Unit.Millimeter)
    layout.setMode(QPageLayout.Mode.FullPageMode)
    device.setPageLayout(layout)


# -- bookmarks ---------------------------------------------------------------------------
# Qt's PDF engine writes no outline. It is added as an incremental update (ISO 32000-1
# §7.5.6, allowed in PDF/A-1): the outline objects, a new catalog pointing at them, and a
# cross-reference section for just those objects are appended to Qt's file, whose bytes stay
# as they are. Only the trailer, the catalog and the page tree are read back, so memory and
# time do not grow with the document (pypdf read the whole file back and rewrote it: its
# import alone was ~19 MB of the peak after a 1,000-cluster brochure).

_TAIL = 4096
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER_REF = re.compile(rb"/(Root|Info)\s+(\d+)\s+(\d+)\s+R")
_TRAILER_SIZE = re.compile(rb"/Size\s+(\d+)")
_TRAILER_ID = re.compile(rb"/ID\s*\[[^\]]*\]")
_OBJECT_REF = re.compile(rb"(\d+)\s+0\s+R")


class _UnexpectedPdfError(RuntimeError):
    """Qt wrote a PDF of a shape this module does not know: our bug, not the user's."""


def _pdf_text(text: str) -> bytes:
    """A PDF text string: literal for printable ASCII, else UTF-16BE with its byte order mark."""
    if text.isascii() and text.isprintable():
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _read_object(handle: BinaryIO, offset: int) -> bytes:
    """The dictionary of the (stream-less) object that starts at *offset*."""
    handle.seek(offset)
    data = b""
    while b"endobj" not in data:
        chunk = handle.read(65536)
        if not chunk:
            raise _UnexpectedPdfError(f"no endobj after offset {offset}")
        data += chunk
    body = data[:data.index(b"endobj")]
    return body[body.index(b"obj") + 3:].strip()


def _xref_offset(handle: BinaryIO, xref: int, number: int) -> int:
    """Where object *number* starts, from the classic cross-reference table at *xref*."""
    handle.seek(xref)
    if handle.readline().strip() != b"xref":
        raise _UnexpectedPdfError("no cross-reference table where startxref points")
    while True:
        header = handle.readline().split()
        if len(header) != 2:  # a subsection starts with "first count"
            raise _UnexpectedPdfError(f"object {number} is not in the cross-reference table")
        first, count = int(header[0]), int(header[1])
        if first <= number < first + count:
            handle.seek((number - first) * 20, os.SEEK_CUR)  # entries are 20 bytes each
            return int(handle.read(10))
        handle.seek(count * 20, os.SEEK_CUR)


def _add_outline(path: Path, result: Typeset) -> tuple[tuple[str, int], ...]:
    """Append one bookmark per section to the PDF at *path*, and open it with them shown."""
    with path.open("r+b") as handle:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(0, size - _TAIL))
        tail = handle.read()
        found = _STARTXREF.search(tail)
        trailer = tail[tail.rfind(b"trailer"):]
        refs = {name: int(number) for name, number, _gen in _TRAILER_REF.findall(trailer)}
        size_match, id_match = _TRAILER_SIZE.search(trailer), _TRAILER_ID.search(trailer)
        if found is None or size_match is None or id_match is None or b"Root" not in refs:
            raise _UnexpectedPdfError("the PDF's trailer is not the one Qt writes")
        xref, objects = int(found.group(1)), int(size_match.group(1))
        root = refs[b"Root"]
        catalog = _read_object(handle, _xref_offset(handle, xref, root))
        pages_ref = re.search(rb"/Pages\s+(\d+)\s+0\s+R", catalog)
        if pages_ref is None or not catalog.endswith(b">>"):
            raise _UnexpectedPdfError("the PDF's catalog is not the one Qt writes")
        tree = _read_object(handle, _xref_offset(handle, xref, int(pages_ref.group(1))))
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", tree)
        count = re.search(rb"/Count\s+(\d+)", tree)
        pages = [int(n) for n in _OBJECT_REF.findall(kids.group(1))] if kids else []
        if count is None or len(pages) != int(count.group(1)):
            raise _UnexpectedPdfError("the PDF's page tree is not the flat one Qt writes")

        marks = tuple((title, page) for title, page in result.bookmarks
                      if page <= len(pages))
        if not marks:
            return marks
        outlines = objects  # the first free object number; the items follow it
        offsets: list[tuple[int, int]] = []

        def add(number: int, body: bytes) -> None:
            offsets.append((number, handle.tell()))
            handle.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

        handle.seek(0, os.SEEK_END)
        handle.write(b"\n")
        add(outlines, b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
            % (outlines + 1, outlines + len(marks), len(marks)))
        for n, (title, page) in enumerate(marks, start=outlines + 1):
            links = b"".join((b" /Prev %d 0 R" % (n - 1) if n > outlines + 1 else b"",
                              b" /Next %d 0 R" % (n + 1) if n < outlines + len(marks) else b""))
            add(n, b"<< /Title %s /Parent %d 0 R%s /Dest [%d 0 R /Fit] >>"
                % (_pdf_text(_plain(title)), outlines, links, pages[page - 1]))
        kept = re.sub(rb"/(Outlines\s+\d+\s+\d+\s+R|PageMode\s*/\w+)", b"", catalog[:-2])
        add(root, kept.rstrip() + b"\n/Outlines %d 0 R\n/PageMode /UseOutlines\n>>" % outlines)

        xref_at = handle.tell()
        handle.write(b"xref\n")
        offsets.sort()
        run_start = 0
        for n in range(1, len(offsets) + 1):  # a subsection per run of consecutive numbers
            if n == len(offsets) or offsets[n][0] != offsets[n - 1][0] + 1:
                handle.write(b"%d %d\n" % (offsets[run_start][0], n - run_start))
                handle.writelines(b"%010d 00000 n \n" % offset
                                  for _number, offset in offsets[run_start:n])
                run_start = n
        info = b" /Info %d 0 R" % refs[b"Info"] if b"Info" in refs else b""
        handle.write(b"trailer\n<< /Size %d /Root %d 0 R%s %s /Prev %d >>\n"
                     b"startxref\n%d\n%%%%EOF\n"
                     % (outlines + len(marks) + 1, root, info, id_match.group(0), xref, xref_at))
    return marks


#: A file being drawn: ``.NAME.pdf.1a2b3c4d.drawing`` (see :func:`_new_drawing`).
_DRAWING = re.compile(r"^\..+\.pdf\.[0-9a-f]{8}\.drawing$", re.IGNORECASE)
#: A drawing older than this is what a killed export left (a kill -9, a power cut: the process
#: cannot remove it then); a younger one may be another export in progress.
DRAWING_AGE_S = 600


def clean_stale_drawings(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the files that killed exports left in *folder* (older than
    :data:`DRAWING_AGE_S`); the export before this one's."""
    limit = (now if now is not None else time.time()) - DRAWING_AGE_S
    removed: list[Path] = []
    try:
        names = [entry for entry in os.scandir(folder) if _DRAWING.match(entry.name)]
    except OSError as exc:
        log.warning("could not look for leftover drawings in %s: %s", folder, exc)
        return removed
    for entry in names:
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < limit:
                Path(entry.path).unlink()
                removed.append(Path(entry.path))
        except OSError as exc:
            log.warning("could not remove the leftover %s: %s", entry.path, exc)
    for path in removed:
        log.info("removed %s, left by an export that was stopped", path)
    return removed


def _new_drawing(folder: Path, name: str) -> Path:
    """A new hidden file next to the target, made with the user's usual permissions.

    Not tempfile.mkstemp: its files are private (0600), and this one is renamed into place.
    """
    for _attempt in range(100):
        drawn = folder / f".{name}.{secrets.token_hex(4)}.drawing"
        try:
            os.close(os.open(drawn, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return drawn
    raise ExportError(f"cannot write {folder / name}: no free temporary name in {folder}")


def export_pdf(brochure: Brochure, path: Path, paper: str = "a4",
               progress: Progress | None = None) -> ExportResult:
    """Write *brochure* to *path* atomically: complete, or not at all."""
    ensure_gui_application()
    path = Path(path)
    folder = path.parent if str(path.parent) else Path()
    if path.suffix.lower() != ".pdf":
        raise ExportError(f"{path}: the file name must end in .pdf")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"cannot write {path}: the folder {folder} is not writable")
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    clean_stale_drawings(folder)
    drawn = _new_drawing(folder, path.name)
    try:
        writer = QPdfWriter(str(drawn))
        writer.setResolution(RESOLUTION)
        writer.setPdfVersion(QPagedPaintDevice.PdfVersion.PdfVersion_A1b)
        writer.setTitle(_plain(brochure.title))
        writer.setAuthor(AUTHOR)
        writer.setCreator(f"mxdesk {__version__}")
        configure(writer, paper)
        result = typeset(brochure, writer, progress)
        try:
            paint(result, writer, brochure, progress)
        finally:
            del writer  # closes the file
        if drawn.stat().st_size == 0:
            raise ExportError(f"cannot write {path}: nothing was written (is the disk full?)")
        marks = _add_outline(drawn, result)
        drawn.replace(path)
        log.info("wrote %s: %d pages", path, result.page_count)
        return ExportResult(path, result.page_count, marks)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        drawn.unlink(missing_ok=True)
