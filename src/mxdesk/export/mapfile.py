"""The map of clusters by state as a file of its own, for a slide (issue 19): SVG, PNG or PDF.

One drawing, three devices: :func:`mxdesk.export.statemap.draw_map` paints on a
QSvgGenerator (SVG: outlines as ``<path>``, numbers and names as ``<text>``), a QImage (PNG,
:data:`PNG_WIDTH` pixels wide at a device pixel ratio of :data:`PNG_RATIO`) or a QPdfWriter
(PDF: one landscape A4 page, vector, its words in the text layer), in the paper colours
(:meth:`MapColours.paper`), with the caption, the legend, the clusters with no state and the
map's attribution (CC BY 4.0) that every printed map carries.

The file is drawn under a hidden temporary name beside the target and renamed into place
once complete, as :mod:`mxdesk.export.pdf` does: complete, or not at all. No command-line
logic here (:mod:`mxdesk.map_cli` is that), so the window can write the same files.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontInfo,
    QImage,
    QImageWriter,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)
from PySide6.QtSvg import QSvgGenerator

from mxdesk import __version__
from mxdesk.core import i18n
from mxdesk.core.geo import MexicoMap
from mxdesk.core.i18n import _
from mxdesk.core.state_counts import StateCounts
from mxdesk.export.credit import attribution_text
from mxdesk.export.layout import ExportError, ensure_gui_application
from mxdesk.export.outline import add_outline
from mxdesk.export.pdf import new_drawing, writable_folder
from mxdesk.export.statemap import (
    MapColours,
    MapFigures,
    draw_map,
    figures_from_facets,
    map_height_for,
)

log = logging.getLogger("mxdesk.export")

#: What :func:`write_map` writes, by the file's suffix.
SUFFIXES = (".svg", ".png", ".pdf")
#: The PNG's width in pixels (a slide at 1600 px); its height follows the map's shape.
PNG_WIDTH = 1600
#: … drawn at this device pixel ratio: lines and letters sized as on a 2x screen, sharp
#: on a projector.
PNG_RATIO = 2.0
#: The SVG's width in its own units (CSS pixels).
SVG_WIDTH = 960
#: The white margin round the map in a PNG or an SVG, as a share of its width.
MARGIN = 0.03
#: The PDF page's margins, in millimetres.
PDF_MARGINS_MM = 12.0
#: The PDF writer's resolution (dots per inch).
PDF_RESOLUTION = 300
#: The CSS generic family an SVG names after the real one, for a viewer that lacks it.
SVG_GENERIC_FAMILY = "sans-serif"


@dataclass(frozen=True)
class MapFile:
    """A map written: where, in which format (".svg", ".png", ".pdf"), and its size (pixels
    for a PNG, SVG units for an SVG, millimetres for a PDF page)."""

    path: Path
    suffix: str
    width: float
    height: float

    def describe(self) -> str:
        """Its format and size in words: "PNG, 1600 × 1100 px", "PDF, one A4 page"."""
        if self.suffix == ".png":
            return _("PNG, {width} × {height} px").format(
                width=round(self.width), height=round(self.height))
        if self.suffix == ".svg":
            return _("SVG, {width} × {height}").format(width=round(self.width),
                                                     height=round(self.height))
        return _("PDF, one landscape A4 page")


def check_target(path: Path) -> str:
    """*path*'s suffix (lower case) if a map can be written there. Raises
    :class:`ExportError` (one line) for a suffix not in :data:`SUFFIXES`, a folder that does
    not exist or is not writable, or a path that is a folder."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(_("{name}: unknown format {suffix}; use {suffixes}").format(
            name=path.name, suffix=suffix or _("(no suffix)"), suffixes=", ".join(SUFFIXES)))
    writable_folder(path)
    return suffix


def figures_of(mexico: MexicoMap, counts: StateCounts) -> MapFigures:
    """*counts* as the map draws them: each state's clusters, those with no state, the
    caption."""
    return figures_from_facets(mexico, list(counts.rows), caption=counts.caption)


def _slide_height(width: float) -> float:
    """A PNG's or an SVG's height for *width*: the map and its margins."""
    inner = width * (1 - 2 * MARGIN)
    return map_height_for(inner) + 2 * MARGIN * width


def drawing_font() -> QFont:
    """The font a map file is drawn in: the application's, named by the family Qt resolved
    it to ("DejaVu Sans"), not by its alias ("Sans Serif"), which an SVG would pass on to a
    browser that knows no such family."""
    font = QFont()
    font.setFamily(QFontInfo(font).family())
    return font


def _paint(painter: QPainter, rect: QRectF, mexico: MexicoMap, figures: MapFigures,
           margin: float = 0.0) -> None:
    """The slide: white, the map inside *rect* less *margin* (legend, caption,
    attribution included)."""
    font = drawing_font()
    painter.setFont(font)  # an SVG names the painter's font on every element, text or not
    painter.fillRect(rect, Qt.GlobalColor.white)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw_map(painter, rect.adjusted(margin, margin, -margin, -margin), mexico, figures,
             MapColours.paper(), font=font)


_FONT_FAMILY = re.compile(rb'font-family="([^"]*)"')


def with_generic_family(svg: bytes, generic: str = SVG_GENERIC_FAMILY) -> bytes:
    """*svg* (QSvgGenerator's output) with each ``font-family="DejaVu Sans"`` followed by a
    CSS generic family: ``font-family="'DejaVu Sans', sans-serif"``, so that a viewer without
    the family sets the text in a sans serif like it rather than in its default (Times)."""
    def fallback(match: re.Match[bytes]) -> bytes:
        family = match.group(1).decode("utf-8").strip()
        if not family or family.split(",")[-1].strip() == generic:
            return match.group(0)
        quoted = family if family.startswith(("'", "&")) else f"'{family}'"
        return f'font-family="{quoted}, {generic}"'.encode()
    return _FONT_FAMILY.sub(fallback, svg)


def _temporary(path: Path) -> Path:
    """A new hidden file beside *path*, renamed into place once written (the PDF's own)."""
    return new_drawing(path.parent if str(path.parent) else Path(), path.name)


def _svg(drawn: Path, mexico: MexicoMap, figures: MapFigures) -> tuple[float, float]:
    width = SVG_WIDTH
    height = round(_slide_height(width))
    generator = QSvgGenerator()
    generator.setFileName(str(drawn))
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRect(0, 0, width, height))
    generator.setResolution(96)
    generator.setTitle(figures.caption or _("Clusters by state"))
    generator.setDescription(f"{figures.caption}. {attribution_text(mexico.attribution)}. "
                             + _("Made with mxdesk {version}.").format(version=__version__))
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError(f"cannot write {drawn}: the SVG writer did not start")
    try:
        _paint(painter, QRectF(0, 0, width, height), mexico, figures, MARGIN * width)
    finally:
        painter.end()
    drawn.write_bytes(with_generic_family(drawn.read_bytes()))
    return width, height


def _png(drawn: Path, mexico: MexicoMap, figures: MapFigures) -> tuple[float, float]:
    logical = PNG_WIDTH / PNG_RATIO
    height = round(_slide_height(logical) * PNG_RATIO)
    image = QImage(PNG_WIDTH, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(PNG_RATIO)
    image.setDotsPerMeterX(round(96 * PNG_RATIO / 0.0254))
    image.setDotsPerMeterY(round(96 * PNG_RATIO / 0.0254))
    image.setText("Title", figures.caption)
    image.setText("Copyright", attribution_text(mexico.attribution))
    image.setText("Software", f"mxdesk {__version__}")
    painter = QPainter(image)
    try:
        _paint(painter, QRectF(0, 0, logical, height / PNG_RATIO), mexico, figures,
               MARGIN * logical)
    finally:
        painter.end()
    writer = QImageWriter(str(drawn), QByteArray(b"png"))  # the name ends in .drawing
    if not writer.write(image):
        raise ExportError(f"cannot write {drawn}: {writer.errorString()}")
    return PNG_WIDTH, height


def _pdf(drawn: Path, mexico: MexicoMap, figures: MapFigures) -> tuple[float, float]:
    writer = QPdfWriter(str(drawn))
    writer.setResolution(PDF_RESOLUTION)
    writer.setTitle(figures.caption or _("Clusters by state"))
    writer.setAuthor("mxdesk")
    writer.setCreator(f"mxdesk {__version__}")
    margins = QMarginsF(PDF_MARGINS_MM, PDF_MARGINS_MM, PDF_MARGINS_MM, PDF_MARGINS_MM)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Landscape, margins,
                                     QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError(f"cannot write {drawn}: the PDF writer did not start")
    try:
        # The page's printable area, the map as large as it fits, centred.
        area = QRectF(writer.pageLayout().paintRectPixels(PDF_RESOLUTION))
        area.moveTo(0, 0)
        width = min(area.width(), area.height() * area.width() / map_height_for(area.width()))
        rect = QRectF(0, 0, width, map_height_for(width))
        rect.moveCenter(area.center())
        _paint(painter, rect, mexico, figures)
    finally:
        painter.end()
        del writer  # closes the file
    # Every PDF says its language (README; issue 20's trial: the map's had no /Lang).
    add_outline(drawn, [], i18n.LANGUAGE_TAGS[i18n.language()])
    size = QPageSize(QPageSize.PageSizeId.A4).size(QPageSize.Unit.Millimeter)
    return size.height(), size.width()


def write_map(path: Path, mexico: MexicoMap, counts: StateCounts | MapFigures) -> MapFile:
    """Write the map of *counts* (clusters per state, from
    :mod:`mxdesk.core.state_counts`, or figures made already) on the outlines of *mexico*
    to *path*, in the format its suffix names (:data:`SUFFIXES`), atomically.

    Returns what was written (:class:`MapFile`). Raises :class:`ExportError` (one line) for a
    bad suffix, a folder missing or not writable, or a file that could not be written
    (disk full); nothing is left behind then."""
    ensure_gui_application()
    path = Path(path)
    suffix = check_target(path)
    figures = counts if isinstance(counts, MapFigures) else figures_of(mexico, counts)
    try:
        drawn = _temporary(path)
    except OSError as exc:  # a folder the system refuses (read-only, /proc)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        write = {".svg": _svg, ".png": _png, ".pdf": _pdf}[suffix]
        width, height = write(drawn, mexico, figures)
        if drawn.stat().st_size == 0:
            raise ExportError(f"cannot write {path}: nothing was written (is the disk full?)")
        drawn.replace(path)
        log.info("wrote %s", path)
        return MapFile(path, suffix, width, height)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        drawn.unlink(missing_ok=True)
