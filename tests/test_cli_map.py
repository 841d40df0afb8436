"""``mxdesk export-map`` (issue 19): the map alone, as SVG, PNG or PDF, read back with readers
of its own format (xml.etree and QSvgRenderer, QImage, qpdf and pypdf); its counts are the
Clusters tab's (BrowseQuery with the Sector facet ticked); bad input writes nothing."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mxdesk.core.browse import CLUSTERS, BrowseQuery
from mxdesk.core.directory import Directory
from tests.conftest import require_tool
from tests.pdftext import pdf_text
from tests.test_cli import mxdesk

SVG = "{http://www.w3.org/2000/svg}"


def _state_counts(directory: Directory, text: str = "",
                  sectors: tuple[str, ...] = ()) -> dict[str, int]:
    """What the Clusters tab counts per state for *text* with *sectors* ticked."""
    query = BrowseQuery(CLUSTERS, text, {"Sector": set(sectors)} if sectors else {})
    return {name: n for name, n in query.facet_counts(directory)["State"] if n}


def _svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return [("".join(t.itertext())).strip() for t in root.iter(f"{SVG}text")]


def test_svg_has_a_path_per_state_and_the_numbers_as_text(directory: Directory,
                                                          tmp_path: Path) -> None:
    from PySide6.QtSvg import QSvgRenderer

    out = tmp_path / "map.svg"
    result = mxdesk("export-map", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {out} (SVG")
    root = ET.parse(out).getroot()
    assert len(list(root.iter(f"{SVG}path"))) >= 32  # the 32 outlines (inset, legend: more)
    assert QSvgRenderer(str(out)).isValid()
    texts = _svg_texts(out)
    counts = _state_counts(directory)
    for n in set(counts.values()):
        assert str(n) in texts, n
    joined = " ".join(texts)
    assert "CC BY 4.0" in joined
    assert directory.mexico_map().attribution in joined
    assert f"Clusters by state · {sum(counts.values())} clusters" in joined
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left


def test_pdf_passes_qpdf_and_its_text_has_the_counts(directory: Directory,
                                                     tmp_path: Path) -> None:
    qpdf = require_tool("qpdf")
    from pypdf import PdfReader

    out = tmp_path / "map.pdf"
    result = mxdesk("export-map", "-o", str(out), "--sector", "aeroespacial")
    assert result.returncode == 0, result.stderr
    check = subprocess.run([qpdf, "--check", str(out)], capture_output=True, text=True,
                           check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    text = " ".join(pdf_text(out).split())
    assert "Aerospace clusters by state" in text
    assert "CC BY 4.0" in text
    counts = _state_counts(directory, sectors=("Aerospace",))
    assert counts["Baja California"] == 2
    assert f"· {sum(counts.values())} clusters" in text
    # The inset names the central states; the numbers are on the map as words.
    assert re.search(r"\b2\b", text)


def test_png_has_the_slide_size_and_colours_jalisco(tmp_path: Path) -> None:
    from PySide6.QtGui import QColor, QImage

    from mxdesk.export import mapfile

    out = tmp_path / "map.png"
    result = mxdesk("export-map", "-o", str(out))
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert not image.isNull()
    assert image.width() == mapfile.PNG_WIDTH == 1600
    assert 900 < image.height() < 1300
    # Jalisco (7 clusters: a coloured step, not white, not the grey of none) at its place on
    # the map: the outline's centre in map units, scaled as the slide draws it.
    frame = mapfile.MARGIN * image.width()
    scale = (image.width() - 2 * frame) / 793
    top = frame + 22 * scale  # the caption's band
    jalisco = QColor(image.pixel(round(frame + 345 * scale), round(top + 345 * scale)))
    assert jalisco.saturation() > 40, jalisco.name()
    # The page is white where the sea is.
    assert QColor(image.pixel(5, 5)).name() == "#ffffff"


@pytest.mark.parametrize(("args", "text", "sectors"), [
    (["--sector", "automotive"], "", ("Automotive",)),
    (["--search", "software"], "software", ()),
    (["--sector", "software information technology", "--search", "baja"], "baja",
     ("Software & Information Technology",)),
])
def test_sector_and_search_count_as_the_clusters_tab(directory: Directory, tmp_path: Path,
                                                     args: list[str], text: str,
                                                     sectors: tuple[str, ...]) -> None:
    out = tmp_path / "map.svg"
    result = mxdesk("export-map", "-o", str(out), *args)
    assert result.returncode == 0, result.stderr
    ticked = tuple(directory.resolve(s, "sector").name for s in sectors)
    counts = _state_counts(directory, text, ticked)
    everything = _state_counts(directory)
    assert counts != everything  # the options changed what is counted
    assert f"· {sum(counts.values())} cluster" in result.stdout
    texts = _svg_texts(out)
    for n in counts.values():
        assert str(n) in texts


@pytest.mark.parametrize(("args", "message"), [
    (["--sector", "Atlantis"], "nothing in the directory is called"),
    (["-o", "SUFFIX", "--search", "x"], "unknown format .txt"),
    (["-o", "NOFOLDER"], "does not exist"),
])
def test_bad_input_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "map.png"
    argv = ["-o", str(out), *args] if args[0] != "-o" else list(args)
    argv = [str(tmp_path / "map.txt") if a == "SUFFIX" else
            str(tmp_path / "missing" / "map.svg") if a == "NOFOLDER" else a for a in argv]
    result = mxdesk("export-map", *argv)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mxdesk: ")
    assert message in lines[0]
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_writes_nothing(tmp_path: Path) -> None:
    """A folder nobody may write in (read-only for the user, or /proc even for root)."""
    import os

    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        target = folder if not os.access(folder, os.W_OK) else Path("/proc")
        result = mxdesk("export-map", "-o", str(target / "map.pdf"))
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith("mxdesk: cannot write "), result.stderr
        assert not (target / "map.pdf").exists()
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_the_svg_shows_the_gulf_states_as_the_png_does(qapp: object, directory: Directory,
                                                      tmp_path: Path) -> None:
    """An SVG has no clipping of the painter's (QSvgGenerator writes none): the inset's
    enlarged neighbours must not spill out of its box over Tamaulipas, Veracruz and the
    Yucatán peninsula. The SVG rendered by QSvgRenderer at the PNG's size has the PNG's
    fills inside those states."""
    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    from mxdesk.export import mapfile
    from mxdesk.export.statemap import MapColours, MapFigures, draw_map

    svg, png = tmp_path / "m.svg", tmp_path / "m.png"
    for out in (svg, png):
        result = mxdesk("export-map", "-o", str(out))
        assert result.returncode == 0, result.stderr
    raster = QImage(str(png)).convertToFormat(QImage.Format.Format_ARGB32)
    ratio = mapfile.PNG_RATIO
    logical = QRectF(0, 0, raster.width() / ratio, raster.height() / ratio)
    rendered = QImage(raster.size(), QImage.Format.Format_ARGB32)
    rendered.fill(QColor("white"))
    painter = QPainter(rendered)
    QSvgRenderer(str(svg)).render(painter, QRectF(0, 0, raster.width(), raster.height()))
    painter.end()
    # Where the PNG put each state (its drawing's geometry, in its logical pixels).
    mexico = directory.mexico_map()
    scratch = QImage(round(logical.width()), round(logical.height()),
                     QImage.Format.Format_ARGB32)
    painter = QPainter(scratch)
    margin = mapfile.MARGIN * logical.width()
    geometry = draw_map(painter, logical.adjusted(margin, margin, -margin, -margin), mexico,
                        MapFigures(), MapColours.paper())
    painter.end()
    by_code = {s.iso_code: s.state_id for s in mexico.states}
    compared = 0
    for code in ("MX-TAM", "MX-VER", "MX-CAM", "MX-YUC", "MX-ROO", "MX-TAB"):
        state = by_code[code]
        path, label = geometry.main_shape(state), geometry.label_point(state)
        box = path.boundingRect()
        for i in range(1, 12):
            for j in range(1, 12):
                p = QPointF(box.left() + box.width() * i / 12, box.top() + box.height() * j / 12)
                if (p - label).manhattanLength() < 30 or not all(
                        path.contains(p + QPointF(dx, dy)) for dx in (-4, 4) for dy in (-4, 4)):
                    continue
                x, y = round(p.x() * ratio), round(p.y() * ratio)
                want, got = raster.pixelColor(x, y), rendered.pixelColor(x, y)
                assert max(abs(want.red() - got.red()), abs(want.green() - got.green()),
                           abs(want.blue() - got.blue())) < 16, (code, x, y, want.name(),
                                                                  got.name())
                compared += 1
    assert compared > 40
