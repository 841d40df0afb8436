"""Charts on paper (issue 19): `mxdesk export-pdf` draws the country page's charts in vector
over the places the text keeps for them; the PDF's text layer holds each chart's title,
labels and numbers once, and the page shows the bars (rendered with pdftoppm)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage, QPdfWriter

from mxdesk.core import sheets
from mxdesk.core.directory import Directory
from mxdesk.export.drawings import placed
from mxdesk.export.layout import configure, typeset
from tests.conftest import require_tool
from tests.export.test_pdf import mxdesk

EXPORTS = "Share of the EU's key exports to Mexico — %, year not stated"


@pytest.fixture(scope="module")
def sector_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("charts")
    path = folder / "aerospace.pdf"
    result = mxdesk(folder, "export-pdf", "--sector", "aerospace", "-o", str(path))
    assert result.returncode == 0, result.stderr
    return path


def _page_with(reader: PdfReader, text: str) -> int:
    for n, page in enumerate(reader.pages):
        if text in " ".join(page.extract_text().split()):
            return n
    raise AssertionError(f"no page holds {text!r}")


def test_the_text_layer_holds_each_chart_once(sector_pdf: Path) -> None:
    reader = PdfReader(sector_pdf)
    whole = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for heading in (EXPORTS, "Share of the EU's key imports from Mexico — %, year not stated",
                    "EU–Mexico FDI balance — billion EUR, 2016",
                    "Share of accrued FDI — %, 1999–2017"):
        assert whole.count(heading) == 1, heading
    page = " ".join(reader.pages[_page_with(reader, EXPORTS)].extract_text().split())
    chart = page[page.index(EXPORTS):]
    # Each bar: its label (ours, capitalised), its number and its footnote's mark.
    for label, number in (("Machinery and appliances", "25.2%"), ("Mineral products", "18%"),
                          ("Products of the chemical or allied industries", "3.6%")):
        assert re.search(re.escape(number) + r" \[\d+\]", chart), number
        assert label in chart, label
    # The numbers stay in the table below, as before.
    assert "Share of the EU's key exports to Mexico: machinery and appliances" in page


def test_the_page_shows_the_bars_under_the_title(sector_pdf: Path, tmp_path: Path) -> None:
    pdftoppm = require_tool("pdftoppm")
    reader = PdfReader(sector_pdf)
    number = _page_with(reader, EXPORTS) + 1
    subprocess.run([pdftoppm, "-r", "80", "-png", "-f", str(number), "-l", str(number),
                    str(sector_pdf), str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page*.png")
    image = QImage(str(png))
    bbox = subprocess.run([require_tool("pdftotext"), "-bbox", "-f", str(number), "-l",
                           str(number), str(sector_pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    # The title's first word "Share" followed by "of the EU's key exports".
    words = re.findall(r'yMin="([\d.]+)"[^>]*>([^<]*)</word>', bbox)
    at = next(i for i in range(len(words)) if words[i][1] == "Share"
              and words[i + 5][1] == "exports")
    title_y = float(words[at][0]) * 80 / 72
    blue = [y for y in range(image.height()) for x in range(0, image.width(), 2)
            if _ink(image.pixelColor(x, y).getRgb())]
    assert len(blue) > 400  # the bars are drawn, not only their words
    first = min(y for y in blue if y > title_y)
    assert title_y < first < title_y + 40  # right under the chart's title


def _ink(rgb: tuple[int, int, int, int]) -> bool:
    r, g, b, _a = rgb
    return abs(r - 0x21) < 30 and abs(g - 0x71) < 30 and abs(b - 0xB5) < 30


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_chart_never_straddles_a_page_break(directory: Directory, tmp_path: Path,
                                              paper: str) -> None:
    ids, label = sheets.clusters_of_sector(directory, "aerospace")
    content = sheets.brochure(directory, ids, "Aerospace", label)
    writer = QPdfWriter(str(tmp_path / "x.pdf"))
    writer.setResolution(300)
    configure(writer, paper)
    result = typeset(content, writer)
    section = next(s for s in result.sections if s.bookmark == "Mexico at a glance")
    doc = result.make(section)
    rects = list(placed(doc))
    assert len(rects) == len(section.drawings) >= 4
    height = doc.pageSize().height()
    for name, rect in rects:
        assert int(rect.top() // height) == int((rect.bottom() - 1) // height), name
        assert rect.height() > 100
        assert rect.width() > 0.9 * doc.pageSize().width()
