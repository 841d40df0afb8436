"""Charts of one unit drawn to one scale on paper (issue 19, second trial): on Automotive's
page of `mxdesk export-pdf --sector automotive`, the 2020 goal of 5 million vehicles is a
longer bar than 2016's 3.47 million produced (two charts: their years differ); the plants,
the only chart counted in plants, still run to their own largest. Rendered with pdftoppm,
the charts found by their titles' word boxes (pdftotext -bbox)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from tests.conftest import require_tool
from tests.export.test_paper_maps import _words
from tests.export.test_pdf import mxdesk

DPI = 100
PRODUCED = "Vehicles produced and exported —"
RISE = "Increase in vehicle production"
GOAL = "Government goal —"
PLANTS = "Light-vehicle and heavy-vehicle production plants —"


def _top_of(words: list[tuple[float, float, float, float, str]], title: str) -> float | None:
    """Where the line starting with *title* stands (points from the page's top)."""
    want = title.split()
    for n in range(len(words) - len(want) + 1):
        if [w[4] for w in words[n:n + len(want)]] == want:
            return words[n][1]
    return None


def _ink(c: QColor) -> bool:
    """The bars' blue (#2171b5), as pdftoppm renders it."""
    return abs(c.red() - 0x21) < 30 and abs(c.green() - 0x71) < 30 and abs(c.blue() - 0xB5) < 30


def _longest_bar(image: QImage, top: float, bottom: float) -> int:
    """The longest run of the bars' blue on a pixel row between *top* and *bottom* (points)."""
    longest = 0
    for y in range(round(top * DPI / 72), round(bottom * DPI / 72)):
        blue = [x for x in range(image.width()) if _ink(image.pixelColor(x, y))]
        if blue:
            longest = max(longest, blue[-1] - blue[0])
    return longest


def test_the_automotive_goal_is_a_longer_bar_than_the_production(tmp_path: Path) -> None:
    pdf = tmp_path / "automotive.pdf"
    result = mxdesk(tmp_path, "export-pdf", "--sector", "automotive", "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    for page in range(1, 40):
        words = _words(pdf, page)
        tops = [_top_of(words, t) for t in (PRODUCED, RISE, GOAL, PLANTS)]
        if tops[0] is not None:
            break
    assert all(t is not None for t in tops), tops
    produced, rise, goal, plants = (float(t) for t in tops)  # type: ignore[arg-type]
    subprocess.run([require_tool("pdftoppm"), "-r", str(DPI), "-png", "-f", str(page), "-l",
                    str(page), str(pdf), str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page*.png")
    image = QImage(str(png))
    made = _longest_bar(image, produced, rise)
    hoped = _longest_bar(image, goal, plants)
    assert 1.3 < hoped / made < 1.6, (hoped, made)  # 5 against 3.47
    end = max(w[3] for w in words if plants < w[1] < plants + 80)
    assert _longest_bar(image, plants, end) > 0.9 * hoped
