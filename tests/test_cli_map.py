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
    # (Software & Information Technology has no cluster: refused, below.)
    (["--sector", "ict", "--search", "baja"], "baja", ("ICT",)),
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
    assert counts  # and something is drawn
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


# -- issue 19's new-user trial: a typo, a choice no cluster fits, an industry's meaning ------


def test_a_typo_is_searched_as_the_window_corrects_it(directory: Directory,
                                                      tmp_path: Path) -> None:
    """``--search queretero`` drew an all-grey "0 clusters" map while the window and
    ``mxdesk search`` showed Querétaro's 6: the same correction, said on stderr, the corrected
    words in the caption, and the counts the Clusters tab shows for them."""
    out = tmp_path / "map.svg"
    result = mxdesk("export-map", "-o", str(out), "--search", "queretero")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("Showing results for Querétaro (nothing matches "
                                    "'queretero'"), result.stderr
    # The window's count for the corrected words, ticks and all (BrowseQuery).
    counts = _state_counts(directory, "Querétaro")
    assert sum(counts.values()) == 6
    caption = "Clusters by state · search “Querétaro” · 6 clusters"
    assert result.stdout.rstrip().endswith(caption), result.stdout
    texts = _svg_texts(out)
    assert caption in " ".join(texts)
    for n in counts.values():
        assert str(n) in texts
    # --exact searches the words as typed: nothing fits them, so nothing is drawn.
    exact = mxdesk("export-map", "-o", str(tmp_path / "exact.svg"), "--search", "queretero",
                   "--exact")
    assert exact.returncode == 1
    assert not (tmp_path / "exact.svg").exists()


def test_corrected_search_with_a_sector_counts_as_the_window(directory: Directory,
                                                            tmp_path: Path) -> None:
    """The same corrected search with the same sector ticked: state by state, export-map's
    numbers are BrowseQuery's ("aerospase" corrected, Aerospace ticked)."""
    out = tmp_path / "map.svg"
    result = mxdesk("export-map", "-o", str(out), "--search", "baja californa",
                    "--sector", "aerospace")
    assert result.returncode == 0, result.stderr
    assert "Showing results for " in result.stderr
    searched = result.stderr.split("Showing results for ", 1)[1].split(" (nothing", 1)[0]
    assert searched.lower() == "baja california"
    counts = _state_counts(directory, searched, ("Aerospace",))
    assert counts == {"Baja California": 2}
    assert f"search “{searched}” · 2 clusters" in result.stdout
    root = ET.parse(out).getroot()
    numbers = [t for t in _svg_texts(out) if t.isdigit()]
    assert "2" in numbers
    assert len(list(root.iter(f"{SVG}path"))) >= 32


@pytest.mark.parametrize(("args", "said"), [
    (["--search", "zzzzqqq"], "the search “zzzzqqq” finds no cluster"),
    (["--sector", "industry-4-0"], "no cluster is in the Industry 4.0 theme"),
    (["--sector", "auto parts"], "no cluster is in the Auto parts sector"),
    (["--search", "software", "--sector", "mining"],
     "the search “software” finds no cluster in the Mining sector"),
])
def test_a_choice_no_cluster_fits_writes_nothing(tmp_path: Path, args: list[str],
                                                 said: str) -> None:
    """As the README says and export-pdf does: one line, exit 1, no file (the trial got an
    empty grey map and exit 0)."""
    for name in ("map.svg", "map.png", "map.pdf"):
        result = mxdesk("export-map", "-o", str(tmp_path / name), *args)
        assert result.returncode == 1, result.stdout
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert lines == [f"mxdesk: nothing to export: {said}; no map was written"], lines
        assert list(tmp_path.iterdir()) == []


def test_an_industry_says_it_counts_its_sectors(directory: Directory,
                                                tmp_path: Path) -> None:
    """``--sector transportation`` counts the industry's sectors' clusters too (15, where the
    window's Sector facet says "Transportation (2)"): the caption and the line printed say so;
    a sector's do not."""
    out = tmp_path / "map.svg"
    industry = mxdesk("export-map", "-o", str(out), "--sector", "transportation")
    assert industry.returncode == 0, industry.stderr
    total = sum(_state_counts(directory, "", ("Transportation", "Aerospace", "Auto parts",
                                              "Automotive")).values())
    assert total == 15
    caption = "Transportation (industry, with its sectors) clusters by state · 15 clusters"
    assert industry.stdout.rstrip().endswith(caption), industry.stdout
    assert caption in " ".join(_svg_texts(out))
    sector = mxdesk("export-map", "-o", str(out), "--sector", "aerospace")
    assert sector.returncode == 0, sector.stderr
    assert sector.stdout.rstrip().endswith("Aerospace clusters by state · 6 clusters")
    assert "industry" not in " ".join(_svg_texts(out))


def test_what_the_readme_says_of_a_brochure_with_no_cluster(tmp_path: Path) -> None:
    """The README's words, run: a theme with figures and no cluster (Industry 4.0) gives a
    brochure of its page, Mexico at a glance and the sources, with no "Clusters by state"
    page and no fact sheet; a sector with neither figures nor clusters writes nothing; a
    brochure of clusters has the map page. (The trial read "every brochure has a Clusters by
    state page" and "a choice no cluster fits writes nothing", and got a 10-page PDF.)"""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    flat = " ".join(readme.split())
    assert "every brochure has" not in flat
    assert ("writes a brochure of its page, Mexico at a glance and the sources, with no map "
            "page and no fact sheet") in flat
    theme = tmp_path / "i40.pdf"
    result = mxdesk("export-pdf", "--sector", "industry-4-0", "-o", str(theme))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("0 clusters")
    contents = " ".join(pdf_text(theme, 1).split())
    assert "Mexico at a glance" in contents
    assert "Industry 4.0" in contents
    assert "Sources" in contents
    assert "Clusters by state" not in " ".join(pdf_text(theme).split())
    none = mxdesk("export-pdf", "--sector", "software-it", "-o", str(tmp_path / "sw.pdf"))
    assert none.returncode == 1
    assert none.stderr.startswith("mxdesk: nothing to export: no cluster is in the Software")
    assert not (tmp_path / "sw.pdf").exists()
    aero = tmp_path / "aero.pdf"
    assert mxdesk("export-pdf", "--sector", "aerospace", "-o", str(aero)).returncode == 0
    assert "Clusters by state" in pdf_text(aero, 1)


# -- issue 19's second trial: fonts a browser knows ------------------------------------------

GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}


def test_the_svg_names_a_real_font_family_and_a_generic_fallback(qapp: object,
                                                                 tmp_path: Path) -> None:
    """Qt's alias "Sans Serif" means nothing to a browser or a slide tool (they set the labels
    in Times, and the halos drawn from the real glyphs no longer fit them): every
    font-family names the family the text was drawn with, one Qt's font database knows,
    then a generic family."""
    from PySide6.QtGui import QFontDatabase

    out = tmp_path / "m.svg"
    result = mxdesk("export-map", "-o", str(out))
    assert result.returncode == 0, result.stderr
    known = set(QFontDatabase.families())
    declared = [el.get("font-family") for el in ET.parse(out).getroot().iter()
                if el.get("font-family") is not None]
    assert len(declared) > 30  # every number, code and line of text
    for value in set(declared):
        assert value is not None
        names = [name.strip().strip("'\"") for name in value.split(",")]
        assert len(names) >= 2, value
        assert names[-1] in GENERIC_FAMILIES, value
        assert names[0] in known, (value, sorted(known)[:10])
        assert names[0] != "Sans Serif", value
