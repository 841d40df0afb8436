"""A sector's page on paper (issue 19): `mxdesk export-pdf --sector NAME` prints the sector's
description, its key-figure charts (vector, painted over the places the text keeps) and its
figures table after "Mexico at a glance", in the contents and the bookmarks; a theme without
clusters (Industry 4.0) makes a brochure of its page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage, QPdfWriter

from mxdesk.core import selections, sheets
from mxdesk.core.directory import Directory
from mxdesk.export.drawings import placed
from mxdesk.export.layout import configure, typeset
from tests.conftest import require_tool
from tests.export.test_charts_pdf import _ink
from tests.export.test_pdf import mxdesk

#: The aerospace page's charts: title line, and each bar's number as printed.
AEROSPACE = {
    "Aerospace GDP and value of aerospace production — million EUR, 2013":
        ["≈ €711 million", "≈ €330 million"],
    "Aerospace GDP and exports — billion EUR, 2017": ["€1.1 billion", "> €6.8 billion"],
    "Growth of aerospace GDP and increase in value of aerospace production — %, 2013–2017":
        ["54%", "60.5%"],
    "Share of aerospace firms — %, year not stated": ["72.2%", "13.2%", "11.2%", "3.4%"],
}
I40 = ("i4.0 clusters by topic — clusters of 35, as printed in April 2018",
       "i4.0 competitiveness clusters by state — clusters of 35, as printed in April 2018",
       "i4.0 clusters by sector — clusters, as printed in April 2018")


def _export(folder: Path, sector: str) -> Path:
    path = folder / f"{sector}.pdf"
    result = mxdesk(folder, "export-pdf", "--sector", sector, "-o", str(path))
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def aerospace_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _export(tmp_path_factory.mktemp("sector"), "aerospace")


def _texts(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _outline(reader: PdfReader) -> list[str]:
    return [item.title for item in reader.outline if not isinstance(item, list)]


def test_the_sector_page_follows_mexico_at_a_glance(aerospace_pdf: Path,
                                                     directory: Directory) -> None:
    reader = PdfReader(aerospace_pdf)
    marks = _outline(reader)
    assert marks[marks.index("Mexico at a glance") + 1] == "Aerospace"
    pages = _texts(reader)
    contents = next(p for p in pages if "Contents" in p)
    assert re.search(r"Mexico at a glance \d+ Aerospace \d+", contents)
    whole = " ".join(pages)
    for heading, numbers in AEROSPACE.items():
        assert whole.count(heading) == 1, heading  # the chart's title, once
        page = next(p for p in pages if heading in p)
        chart = page[page.index(heading) + len(heading):]
        for number in numbers:  # each bar's number with its footnote's mark
            assert re.search(re.escape(number) + r" \[\d+\]", chart), number
    # The sector's own words, and its figures table after the charts, with source marks.
    description = " ".join(directory.sector("aerospace").description.split())
    assert description[:120] in whole
    table = whole[whole.index("Share of aerospace firms — %"):]
    assert re.search(r"Share of aerospace firms: manufacturers 72\.2% \(year not stated\) "
                     r"\[\d+\]", table)


def test_the_sector_page_shows_its_bars(aerospace_pdf: Path, tmp_path: Path) -> None:
    reader = PdfReader(aerospace_pdf)
    heading = "Aerospace GDP and exports — billion EUR, 2017"
    number = next(n for n, p in enumerate(_texts(reader)) if heading in p) + 1
    subprocess.run([require_tool("pdftoppm"), "-r", "80", "-png", "-f", str(number), "-l",
                    str(number), str(aerospace_pdf), str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page*.png")
    image = QImage(str(png))
    blue = [(x, y) for y in range(image.height()) for x in range(0, image.width(), 2)
            if _ink(image.pixelColor(x, y).getRgb())]
    assert len(blue) > 1500  # four charts' bars, not only their words
    assert len({y for _, y in blue}) > 40  # bars on many rows


def test_a_theme_without_clusters_prints_its_page(tmp_path: Path) -> None:
    reader = PdfReader(_export(tmp_path, "industry-4-0"))
    assert _outline(reader) == ["Cover", "Contents", "Mexico at a glance", "Industry 4.0",
                                "Sources"]
    whole = " ".join(_texts(reader))
    for heading in I40:
        assert whole.count(heading) == 1, heading
    assert re.search(r"Nuevo León 6 \[\d+\]", whole)
    assert "Clusters by state" not in whole  # no clusters: no map of them


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("sector", ["aerospace", "industry-4-0"])
def test_no_sector_chart_straddles_a_page_break(directory: Directory, tmp_path: Path,
                                                paper: str, sector: str) -> None:
    content = sheets.brochure_of(directory, selections.of_sector(directory, sector))
    writer = QPdfWriter(str(tmp_path / "x.pdf"))
    writer.setResolution(300)
    configure(writer, paper)
    result = typeset(content, writer)
    section = next(s for s in result.sections if s.bookmark == content.sectors[0].title)
    doc = result.make(section)
    rects = list(placed(doc))
    assert len(rects) == len(section.drawings) >= 3
    height = doc.pageSize().height()
    for name, rect in rects:
        assert int(rect.top() // height) == int((rect.bottom() - 1) // height), name
        assert rect.height() > 100
