"""The maps on paper (issue 19): each fact sheet's locator beside its key figures and label,
and a brochure's "Clusters by state" page; drawn in vector over the places the text keeps."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QColor, QImage

from mxdesk.core import sheets
from mxdesk.core.directory import Directory
from mxdesk.export.pdf import export_pdf
from tests.conftest import require_tool
from tests.pdftext import pdf_text


def _png(pdf: Path, page: int, tmp_path: Path) -> QImage:
    """Page *page* (from 1) of *pdf* as pdftoppm renders it at 80 dpi."""
    tool = require_tool("pdftoppm")
    stem = tmp_path / f"page{page}"
    subprocess.run([tool, "-r", "80", "-png", "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(stem)], check=True)
    return QImage(str(stem.with_suffix(".png")))


def test_fact_sheet_has_its_locator_key_figures_and_label(directory: Directory,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "sheet.pdf"
    export_pdf(sheets.single_sheet(directory, "aerospace-alliance-baja-california"), path)
    text = " ".join(pdf_text(path, 0).split())
    # The strip: the numbers with their signs, labels and years (the text layer reads the
    # tiles line by line, across them); the legend of the signs.
    for said in ("≈ 110 ", "> 35,000 ", "€1,374.46", "per year", "Companies",
                 "Direct jobs", "Exports", " 2015 [", "≈ approximately", "> more than"):
        assert said in text, said
    # The state under its map, and the map's attribution.
    assert "Baja California region " in text
    # (beside the description, the narrow column's lines interleave with its lines)
    assert "Map: @svg-maps/mexico 2.0.0 by Victor" in text
    assert "CC BY 4.0;" in text
    # The locator is drawn: its top-left area (A4 at 80 dpi: the body starts at 57, 69 px)
    # holds the state's dark blue and Mexico's grey.
    image = _png(path, 1, tmp_path)
    colours = {QColor(image.pixel(x, y)).name() for x in range(57, 200, 2)
               for y in range(100, 190, 2)}
    assert "#253494" in colours  # the state, the scale's darkest step
    assert "#d9d9d9" in colours  # the rest of Mexico


def test_fact_sheet_label_badge_and_no_state(directory: Directory, tmp_path: Path) -> None:
    path = tmp_path / "claut.pdf"
    export_pdf(sheets.single_sheet(directory, "claut"), path)
    text = " ".join(pdf_text(path, 0).split())
    assert "Gold label Transportation and mobility · valid until 2019-06-23 — expired" in text
    assert text.count("valid until 2019-06-23") == 1  # the badge, not the table again
    assert "92 21 8 13 Members Work groups Committees Subcommittees" in text
    unplaced = next(c.id for c in (directory.cluster(r.id)
                                   for r in directory.all_refs("cluster")) if c.state is None)
    path = tmp_path / "unplaced.pdf"
    export_pdf(sheets.single_sheet(directory, unplaced), path)
    assert "State not stated" in pdf_text(path, 0)


def test_brochure_has_the_clusters_by_state_page(directory: Directory,
                                                 tmp_path: Path) -> None:
    from mxdesk.core import selections

    chosen = selections.of_states_and_sectors(directory, ["jalisco", "nuevo leon"], [])
    content = sheets.brochure_of(directory, chosen)
    path = tmp_path / "brochure.pdf"
    result = export_pdf(content, path)
    marks = dict(result.bookmarks)
    assert "Clusters by state" in marks
    page = marks["Clusters by state"]
    text = " ".join(pdf_text(path, page - 1).split())
    assert "Clusters by state" in text
    assert "Jalisco 7" in text  # in words …
    assert "Nuevo León 14" in text
    assert "14" in text.split("In words")[0]  # … and on the map
    assert directory.mexico_map().attribution in text
    assert "No state given: 0" in text
    contents = pdf_text(path, 1)
    assert f"Clusters by state {page}" in " ".join(contents.split())
    assert [title for title, _page in result.bookmarks][3] == "Clusters by state"
    assert len(PdfReader(path).outline) == len(result.bookmarks)


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """The words of page *page* (from 1) as poppler places them: (x0, y0, x1, y1, word), in
    points from the page's top left."""
    import xml.etree.ElementTree as ET

    tool = require_tool("pdftotext")
    xml = subprocess.run([tool, "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(xml.replace("<!DOCTYPE", "<!-- ").replace("dtd\">", "dtd\" -->"))
    return [(float(w.get("xMin", 0)), float(w.get("yMin", 0)), float(w.get("xMax", 0)),
             float(w.get("yMax", 0)), w.text or "")
            for w in root.iter() if w.tag.endswith("word")]


#: The least room between two words side by side on a line, in points: a space of the
#: credit's 5.5-point letters is ≈ 1.7 pt; words of two cells that touch are < 1 pt apart.
MIN_GAP_PT = 1.2


def _touching(words: list[tuple[float, float, float, float, str]]) -> list[str]:
    """Pairs of words side by side on a line (their heights overlapping by half the smaller)
    with less than :data:`MIN_GAP_PT` between them: "outlines|California"."""
    found = []
    for a in words:
        beside = [b for b in words if b is not a and b[0] >= a[2] - 0.5
                  and min(a[3], b[3]) - max(a[1], b[1]) > 0.5 * min(a[3] - a[1], b[3] - b[1])]
        if beside:
            b = min(beside, key=lambda w: w[0])
            if b[0] - a[2] < MIN_GAP_PT:
                found.append(f"{a[4]}|{b[4]}")
    return found


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("cluster", ["aerospace-alliance-baja-california", "monterrey-aerocluster",
                                     "ijalti", "mentefactura", "claut"])
def test_no_words_of_two_cells_touch_on_a_sheet(directory: Directory, tmp_path: Path,
                                                cluster: str, paper: str) -> None:
    """Issue 19's trial: the locator's attribution ran into the description ("outlines"
    against "California") and, in "Also in the briefings", a value into its year ("is a" into
    "(year not stated)"). Every word on a sheet keeps a space's room from the next one."""
    path = tmp_path / f"{cluster}.pdf"
    export_pdf(sheets.single_sheet(directory, cluster), path, paper)
    pages = len(PdfReader(path).pages)
    touching = [pair for page in range(1, pages + 1) for pair in _touching(_words(path, page))]
    assert touching == [], touching


def _blue_pixels(image: QImage, box: tuple[int, int, int, int]) -> int:
    """Pixels near the scale's darkest step (#253494) inside *box* (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    return sum(1 for x in range(x0, x1) for y in range(y0, y1)
               if (c := QColor(image.pixel(x, y))).blue() > 120 and c.red() < 90
               and c.green() < 110)


def test_a_small_state_s_locator_marks_it_with_a_ring_of_its_colour(directory: Directory,
                                                                   tmp_path: Path) -> None:
    """The trial's Ciudad de México fact sheet: its state, a millimetre across on the 40 mm
    locator, was a few dark pixels at 80 dpi. A state smaller than a few millimetres gets a
    ring of its colour round it, as cartographers mark a small place: plenty of the colour
    shows."""
    cdmx = tmp_path / "cdmx.pdf"
    export_pdf(sheets.single_sheet(directory, "cluster-telecomunicaciones"), cdmx)
    assert "Ciudad de México region " in " ".join(pdf_text(cdmx, 0).split())
    locator = (57, 90, 200, 200)  # the locator at the body's top left (A4 at 80 dpi)
    assert _blue_pixels(_png(cdmx, 1, tmp_path), locator) >= 40
