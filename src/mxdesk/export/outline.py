"""PDF bookmarks (the outline) appended to a PDF already written, as an incremental update.

Bytes in, bytes out, and no Qt: the writer reads the file Qt wrote (a classic cross-reference
table, a flat page tree) and appends to it; :mod:`mxdesk.export.pdf` calls it on each new file,
and tests call it on PDFs made by hand.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

# Qt's PDF engine writes no outline. It is added as an incremental update (ISO 32000-1
# §7.5.6, allowed in PDF/A-1): the outline objects, a new catalog pointing at them, and a
# cross-reference section for just those objects are appended to Qt's file, whose bytes stay
# as they are. Only the trailer, the catalog and the page tree are read back, so memory and
# time do not grow with the document (pypdf read the whole file back and rewrote it: its
# import alone was ~19 MB of the peak after a 1,000-cluster brochure).

#: How many bytes are read from the file's end to find its trailer and ``startxref``.
_TAIL = 4096
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER_REF = re.compile(rb"/(Root|Info)\s+(\d+)\s+(\d+)\s+R")
_TRAILER_SIZE = re.compile(rb"/Size\s+(\d+)")
_TRAILER_ID = re.compile(rb"/ID\s*\[[^\]]*\]")
_OBJECT_REF = re.compile(rb"(\d+)\s+0\s+R")


class UnexpectedPdfError(RuntimeError):
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
            raise UnexpectedPdfError(f"no endobj after offset {offset}")
        data += chunk
    body = data[:data.index(b"endobj")]
    return body[body.index(b"obj") + 3:].strip()


def _xref_offset(handle: BinaryIO, xref: int, number: int) -> int:
    """Where object *number* starts, from the classic cross-reference table at *xref*."""
    handle.seek(xref)
    if handle.readline().strip() != b"xref":
        raise UnexpectedPdfError("no cross-reference table where startxref points")
    while True:
        header = handle.readline().split()
        if len(header) != 2:  # a subsection starts with "first count"
            raise UnexpectedPdfError(f"object {number} is not in the cross-reference table")
        first, count = int(header[0]), int(header[1])
        if first <= number < first + count:
            handle.seek((number - first) * 20, os.SEEK_CUR)  # entries are 20 bytes each
            return int(handle.read(10))
        handle.seek(count * 20, os.SEEK_CUR)


def add_outline(path: Path, bookmarks: Iterable[tuple[str, int]], lang: str | None = None
                ) -> tuple[tuple[str, int], ...]:
    """Append *bookmarks* (and the language tag *lang*) to the PDF file at *path*:
    :func:`append_outline` on the file."""
    with path.open("r+b") as handle:
        return append_outline(handle, bookmarks, lang)


def append_outline(handle: BinaryIO, bookmarks: Iterable[tuple[str, int]],
                   lang: str | None = None) -> tuple[tuple[str, int], ...]:
    """Append an outline of *bookmarks* to the PDF in *handle*, and have it open with them shown.

    *lang*, a BCP 47 tag ("es-MX"), becomes the document's natural language (the catalog's
    /Lang, ISO 32000-1 §14.9.2), which screen readers and text-to-speech read it in.

    *bookmarks* are (title, page) pairs, pages counted from 1, titles written as given (the
    caller puts them in plain letters); one top-level item each, in order. *handle* is the
    whole PDF, seekable, open for reading and writing (a file opened "r+b", an io.BytesIO); its
    bytes stay as they are and the update goes after them. Returns the bookmarks written:
    those on a page past the last are left out, and with none left nothing is appended.
    Raises UnexpectedPdfError for a PDF not of the shape Qt writes (a cross-reference stream,
    a nested page tree, no /ID), OSError if the file cannot be read or written.
    """
    size = handle.seek(0, os.SEEK_END)
    handle.seek(max(0, size - _TAIL))
    tail = handle.read()
    found = _STARTXREF.search(tail)
    trailer = tail[tail.rfind(b"trailer"):]
    refs = {name: int(number) for name, number, _gen in _TRAILER_REF.findall(trailer)}
    size_match, id_match = _TRAILER_SIZE.search(trailer), _TRAILER_ID.search(trailer)
    if found is None or size_match is None or id_match is None or b"Root" not in refs:
        raise UnexpectedPdfError("the PDF's trailer is not the one Qt writes")
    xref, objects = int(found.group(1)), int(size_match.group(1))
    root = refs[b"Root"]
    catalog = _read_object(handle, _xref_offset(handle, xref, root))
    pages_ref = re.search(rb"/Pages\s+(\d+)\s+0\s+R", catalog)
    if pages_ref is None or not catalog.endswith(b">>"):
        raise UnexpectedPdfError("the PDF's catalog is not the one Qt writes")
    tree = _read_object(handle, _xref_offset(handle, xref, int(pages_ref.group(1))))
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", tree)
    count = re.search(rb"/Count\s+(\d+)", tree)
    pages = [int(n) for n in _OBJECT_REF.findall(kids.group(1))] if kids else []
    if count is None or len(pages) != int(count.group(1)):
        raise UnexpectedPdfError("the PDF's page tree is not the flat one Qt writes")

    marks = tuple((title, page) for title, page in bookmarks if page <= len(pages))
    if not marks and lang is None:
        return marks
    outlines = objects  # the first free object number; the items follow it
    offsets: list[tuple[int, int]] = []

    def add(number: int, body: bytes) -> None:
        offsets.append((number, handle.tell()))
        handle.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    handle.seek(0, os.SEEK_END)
    handle.write(b"\n")
    kept = re.sub(rb"/(Outlines\s+\d+\s+\d+\s+R|PageMode\s*/\w+|Lang\s*\([^)]*\))", b"",
                  catalog[:-2]).rstrip()
    if lang is not None:
        kept += b"\n/Lang " + _pdf_text(lang)
    if not marks:
        add(root, kept + b"\n>>")
        return _finish(handle, offsets, root, refs, id_match.group(0), xref, objects, marks)
    add(outlines, b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
        % (outlines + 1, outlines + len(marks), len(marks)))
    for n, (title, page) in enumerate(marks, start=outlines + 1):
        links = b"".join((b" /Prev %d 0 R" % (n - 1) if n > outlines + 1 else b"",
                          b" /Next %d 0 R" % (n + 1) if n < outlines + len(marks) else b""))
        add(n, b"<< /Title %s /Parent %d 0 R%s /Dest [%d 0 R /Fit] >>"
            % (_pdf_text(title), outlines, links, pages[page - 1]))
    add(root, kept + b"\n/Outlines %d 0 R\n/PageMode /UseOutlines\n>>" % outlines)
    return _finish(handle, offsets, root, refs, id_match.group(0), xref,
                   outlines + len(marks) + 1, marks)


def _finish(handle: BinaryIO, offsets: list[tuple[int, int]], root: int, refs: dict[bytes, int],
            file_id: bytes, xref: int, size: int, marks: tuple[tuple[str, int], ...]
            ) -> tuple[tuple[str, int], ...]:
    """The cross-reference section and trailer of the update whose objects are *offsets*."""
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
                 % (size, root, info, file_id, xref, xref_at))
    return marks
