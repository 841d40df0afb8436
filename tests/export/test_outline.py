"""The PDF bookmark writer (mxdesk.export.outline) on PDF bytes made by hand, without Qt."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from mxdesk.export.outline import UnexpectedPdfError, add_outline, append_outline
from tests.conftest import require_tool

FILE_ID = b"<00112233445566778899AABBCCDDEEFF>"


def qt_shaped_pdf(pages: int, *, info: bool = True, trailer_id: bool = True) -> bytes:
    """A PDF of the shape Qt's writer makes: a classic cross-reference table, a flat page
    tree, a trailer with /Root, /Info and /ID. Objects: 1 catalog, 2 page tree, 3 info,
    4… the pages (595 × 842 points, A4)."""
    objects = {
        1: b"<<\n/Type /Catalog\n/Pages 2 0 R\n>>",
        2: b"<<\n/Type /Pages\n/Kids [%s]\n/Count %d\n>>"
           % (b" ".join(b"%d 0 R" % (4 + n) for n in range(pages)), pages),
        3: b"<<\n/Producer (by hand)\n>>",
    }
    for n in range(pages):
        objects[4 + n] = b"<<\n/Type /Page\n/Parent 2 0 R\n/MediaBox [0 0 595 842]\n>>"
    data = b"%PDF-1.4\n"
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(data)
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    size = len(objects) + 1
    data += b"xref\n0 %d\n0000000000 65535 f \n" % size
    data += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size))
    extra = (b" /Info 3 0 R" if info else b"") + (b" /ID [%s %s]" % (FILE_ID, FILE_ID)
                                                  if trailer_id else b"")
    return data + b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, extra, xref)


def with_outline(pdf: bytes, bookmarks: list[tuple[str, int]]
                 ) -> tuple[bytes, tuple[tuple[str, int], ...]]:
    """*pdf* with *bookmarks* appended by append_outline, and what it says it wrote."""
    handle = io.BytesIO(pdf)
    written = append_outline(handle, bookmarks)
    return handle.getvalue(), written


def read_outline(pdf: bytes) -> list[tuple[str, int]]:
    reader = PdfReader(io.BytesIO(pdf))
    items = reader.outline
    assert all(isinstance(item, Destination) for item in items), "a nested outline"
    return [(item.title, reader.get_destination_page_number(item) + 1)
            for item in items if isinstance(item, Destination)]


def test_titles_and_page_targets() -> None:
    marks = [("Cover", 1), ("Contents", 2), ("Clúster Automotriz", 3), ("Sources", 5)]
    pdf, written = with_outline(qt_shaped_pdf(5), marks)
    assert written == tuple(marks)
    assert read_outline(pdf) == marks
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    assert len(reader.pages) == 5


def test_one_level_each_bookmark_a_top_level_item() -> None:
    """The outline is flat: every item is the root's child, linked to its neighbours."""
    pdf, _written = with_outline(qt_shaped_pdf(3), [("A", 1), ("B", 2), ("C", 3)])
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Outlines"]
    assert root["/Count"] == 3
    items = [root["/First"].get_object()]
    while "/Next" in items[-1]:
        items.append(items[-1]["/Next"].get_object())
    assert [str(item["/Title"]) for item in items] == ["A", "B", "C"]
    assert items[-1] == root["/Last"].get_object()
    assert all(item["/Parent"].get_object() == root for item in items)
    assert all("/First" not in item for item in items)
    assert "/Prev" not in items[0]
    assert items[2]["/Prev"].get_object() == items[1]


@pytest.mark.parametrize("title", [
    "Querétaro & Monterrey",
    r"Clúster (Nuevo León) \ A.C. ) (",
    r"Cluster (Monterrey) \ A.C. ) (",
    "Aguascalientes – Jalisco · Ciudad de México",
    "小西车",
    "Autos 🚗 y más",
    "Tab\tand line\nbreak",
])
def test_titles_are_read_back_as_written(title: str) -> None:
    """ASCII titles as literal strings (parentheses and backslashes escaped), every other
    as UTF-16BE: accents, CJK, characters outside the BMP, control characters."""
    pdf, _written = with_outline(qt_shaped_pdf(2), [(title, 2)])
    assert read_outline(pdf) == [(title, 2)]


def test_the_file_is_kept_and_the_update_appended() -> None:
    """An incremental update: the original bytes unchanged, then the outline, the new
    catalog, a cross-reference section for them and a trailer keeping /Info and /ID."""
    original = qt_shaped_pdf(2)
    pdf, _written = with_outline(original, [("Only", 1)])
    assert pdf.startswith(original)
    update = pdf[len(original):]
    assert update.count(b"%%EOF") == 1
    assert pdf.endswith(b"%%EOF\n")
    trailer = update[update.rindex(b"trailer"):]
    assert b"/Info 3 0 R" in trailer
    assert b"/ID [" + FILE_ID in trailer
    assert b"/Prev %d" % original.index(b"xref") in trailer
    assert b"/Type /Outlines" in update


def test_a_trailer_without_info_gets_none() -> None:
    pdf, _written = with_outline(qt_shaped_pdf(1, info=False), [("Only", 1)])
    assert b"/Info" not in pdf[pdf.rindex(b"trailer"):]
    assert read_outline(pdf) == [("Only", 1)]


def test_qpdf_finds_no_fault(tmp_path: Path) -> None:
    path = tmp_path / "marked.pdf"
    path.write_bytes(qt_shaped_pdf(4))
    add_outline(path, [("Uno", 1), ("Dos", 2), ("Tres", 4)])
    check = subprocess.run([require_tool("qpdf"), "--check", str(path)],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def test_add_outline_writes_the_file_in_place(tmp_path: Path) -> None:
    path = tmp_path / "marked.pdf"
    path.write_bytes(qt_shaped_pdf(3))
    written = add_outline(path, [("Querétaro & Monterrey", 3)])
    assert written == (("Querétaro & Monterrey", 3),)
    assert read_outline(path.read_bytes()) == [("Querétaro & Monterrey", 3)]


def test_an_empty_outline_appends_nothing() -> None:
    original = qt_shaped_pdf(2)
    pdf, written = with_outline(original, [])
    assert written == ()
    assert pdf == original
    assert "/Outlines" not in PdfReader(io.BytesIO(pdf)).trailer["/Root"]


def test_bookmarks_past_the_last_page_are_left_out() -> None:
    pdf, written = with_outline(qt_shaped_pdf(2), [("One", 1), ("Two", 2), ("Nine", 9)])
    assert written == (("One", 1), ("Two", 2))
    assert read_outline(pdf) == [("One", 1), ("Two", 2)]
    original = qt_shaped_pdf(2)
    pdf, written = with_outline(original, [("Nine", 9)])
    assert (pdf, written) == (original, ())


@pytest.mark.parametrize(("pdf", "says"), [
    (qt_shaped_pdf(2, trailer_id=False), "trailer"),
    (qt_shaped_pdf(2)[:-30], "trailer"),
    (qt_shaped_pdf(2).replace(b"/Count 2", b"/Count 3"), "page tree"),
    (qt_shaped_pdf(2).replace(b"/Pages 2 0 R", b"/Pages 9 0 R"),
     "not in the cross-reference table"),
    (qt_shaped_pdf(2).replace(b"/Pages 2 0 R", b"/Kinds 2 0 R"), "catalog"),
])
def test_a_pdf_not_of_qts_shape_is_refused(pdf: bytes, says: str) -> None:
    """Our bug, not the user's (Qt wrote something else): an error, and nothing appended."""
    handle = io.BytesIO(pdf)
    with pytest.raises(UnexpectedPdfError, match=says):
        append_outline(handle, [("Cover", 1)])
    assert handle.getvalue() == pdf


def test_the_writer_does_not_import_qt() -> None:
    """In a fresh interpreter: this session has Qt loaded already (tests/export/conftest.py)."""
    script = ("import sys, mxdesk.export.outline; "
              "assert 'PySide6' not in sys.modules, 'PySide6 was imported'; "
              "assert 'shiboken6' not in sys.modules, 'shiboken6 was imported'")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=False, cwd=Path(__file__).parents[2])
    assert result.returncode == 0, result.stderr
