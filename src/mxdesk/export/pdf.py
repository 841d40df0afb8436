"""Fact sheets and mission brochures as PDF (or on a printer), typeset with QTextDocument.

The content comes from :mod:`mxdesk.core.sheets`; it becomes HTML (:mod:`.html`), is laid out
page by page on the paint device (a QPdfWriter, or a QPrinter for Ctrl+P) with a header and a
footer (:mod:`.layout`), and — for files — gets bookmarks (:mod:`.outline`) and is moved into
place only once complete. This module writes the file: the checks before, the temporary file,
the writer's settings, the rename. It is the entry point: it also re-exports what callers
import from it (``typeset``, ``paint``, ``configure``, ``Progress``, the errors, …).

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

import logging
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QPagedPaintDevice, QPdfWriter

from mxdesk import __version__
from mxdesk.core import i18n
from mxdesk.core.sheets import Brochure
from mxdesk.export.html import Document, Section, plain_letters, sections
from mxdesk.export.layout import (
    COVER_OFFSET_MM,
    MARGINS_MM,
    PAPER_SIZES,
    ExportCancelledError,
    ExportError,
    Progress,
    Typeset,
    configure,
    ensure_gui_application,
    paint,
    typeset,
)
from mxdesk.export.outline import add_outline

__all__ = [
    "AUTHOR",
    "COVER_OFFSET_MM",
    "DRAWING_AGE_S",
    "MARGINS_MM",
    "PAPER_SIZES",
    "RESOLUTION",
    "Document",
    "ExportCancelledError",
    "ExportError",
    "ExportResult",
    "Progress",
    "Section",
    "Typeset",
    "clean_stale_drawings",
    "configure",
    "ensure_gui_application",
    "export_pdf",
    "paint",
    "sections",
    "typeset",
]

log = logging.getLogger("mxdesk.export")

#: The PDF writer's resolution, in dots per inch: the paint device's pixels.
RESOLUTION = 300
AUTHOR = "mxdesk"


@dataclass(frozen=True)
class ExportResult:
    """A PDF written: where, how many pages, and its bookmarks as (title, first page from 1)."""

    path: Path
    pages: int
    bookmarks: tuple[tuple[str, int], ...]


def _add_outline(path: Path, result: Typeset) -> tuple[tuple[str, int], ...]:
    """Append one bookmark per section to the PDF at *path*, and open it with them shown;
    the titles in plain letters, as the pages print them; and tag it with the language it is
    written in (the current one, core/i18n.py: /Lang "en" or "es-MX"). Returns the bookmarks
    written, as the sections name them."""
    plain = [(plain_letters(title), page) for title, page in result.bookmarks]
    # The writer leaves out a bookmark by its page alone, so one written equals one kept.
    written = set(add_outline(path, plain, i18n.LANGUAGE_TAGS[i18n.language()]))
    return tuple(mark for mark, shown in zip(result.bookmarks, plain, strict=True)
                 if shown in written)


#: A file being drawn: ``.NAME.pdf.1a2b3c4d.drawing`` (see :func:`new_drawing`).
_DRAWING = re.compile(r"^\..+\.pdf\.[0-9a-f]{8}\.drawing$", re.IGNORECASE)
#: A drawing older than this is what a killed export left (a kill -9, a power cut: the process
#: cannot remove it then); a younger one may be another export in progress.
DRAWING_AGE_S = 600


def clean_stale_drawings(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the files that killed exports left in *folder* (older than
    :data:`DRAWING_AGE_S`); the export before this one's. Returns those removed; one that
    cannot be removed is logged, never raised. *now* is in seconds since the epoch (default:
    :func:`time.time`)."""
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


def writable_folder(path: Path) -> Path:
    """The folder *path* is to be written in, checked first: it exists and may be written,
    and *path* is not a folder itself. Raises ExportError (one line) otherwise."""
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"cannot write {path}: the folder {folder} is not writable")
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    return folder


def new_drawing(folder: Path, name: str) -> Path:
    """A new hidden file ``.NAME.1a2b3c4d.drawing`` in *folder*, made with the user's usual
    permissions, to be renamed into place once written (PDFs here, maps in
    :mod:`.mapfile`); :func:`clean_stale_drawings` removes one left by a crash. Raises
    ExportError when no free name is found, OSError when the folder cannot be written.

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


def export_pdf(brochure: Brochure | Document, path: Path, paper: str = "a4",
               progress: Progress | None = None) -> ExportResult:
    """Write *brochure* (or another :class:`Document`: the day sheets, the report) to *path*
    (a name ending in .pdf) atomically: complete, or not at all.

    *paper* is "a4" or "letter"; *progress* is told of each stage and can stop the export.
    Returns the path, the page count and the bookmarks (title, first page from 1). Raises
    ExportError if the file cannot be written (no folder, read-only, disk full, not .pdf),
    ExportCancelledError if *progress* says stop; nothing is left behind either way.
    """
    ensure_gui_application()
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise ExportError(f"{path}: the file name must end in .pdf")
    folder = writable_folder(path)
    clean_stale_drawings(folder)
    drawn = new_drawing(folder, path.name)
    try:
        writer = QPdfWriter(str(drawn))
        writer.setResolution(RESOLUTION)
        writer.setPdfVersion(QPagedPaintDevice.PdfVersion.PdfVersion_A1b)
        writer.setTitle(plain_letters(brochure.title))
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

