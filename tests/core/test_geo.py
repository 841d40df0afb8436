"""The outline map of Mexico (issue 19): the SVG path reader, the map source's checks, and
the outlines the build stores and the directory reads back."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mxdesk.core import paths
from mxdesk.core.directory import Directory
from mxdesk.core.geo import MapSourceError, load_map_source, outline_text, parse_path

MAPS = paths.source_dir() / "maps"


@pytest.mark.parametrize(("d", "rings"), [
    ("M 1,2 L 3,4 5,6 Z", (((1, 2), (3, 4), (5, 6)),)),
    ("m 1,2 2,2 2,2 z", (((1, 2), (3, 4), (5, 6)),)),  # pairs after m are relative lines
    ("M0 0H10V10h-10z", (((0, 0), (10, 0), (10, 10), (0, 10)),)),
    ("m 0,0 1,0 0,1 z m 5,5 1,0 0,1 z", (((0, 0), (1, 0), (1, 1)), ((5, 5), (6, 5), (6, 6)))),
    ("M 1e1,-2.5 l .5,.5 -1,0 Z", (((10, -2.5), (10.5, -2), (9.5, -2)),)),
    ("M 0,0 L 1,1 Z", ()),  # two corners enclose nothing
])
def test_path_data_becomes_rings(
        d: str, rings: tuple[tuple[tuple[float, float], ...], ...]) -> None:
    assert parse_path(d) == rings


@pytest.mark.parametrize(("d", "says"), [
    ("M 0,0 C 1,1 2,2 3,3 Z", "'C' is not drawn"),
    ("M 0,0 L 1", "ends early"),
    ("5,5 L 1,1", "without a command"),
])
def test_path_data_it_cannot_draw_is_refused(d: str, says: str) -> None:
    with pytest.raises(MapSourceError, match=says):
        parse_path(d)


def test_outline_text_reads_back_as_the_same_rings() -> None:
    rings = parse_path("m 390.52786,309.79244 -2.34,-2.26 -0.07,-1.21 1.24,-2.87 z")
    again = parse_path(outline_text(rings))
    assert len(again) == 1
    assert all(abs(a - b) < 0.006 for p, q in zip(again[0], rings[0], strict=True)
               for a, b in zip(p, q, strict=True))


def _state_ids() -> set[str]:
    text = (paths.source_dir() / "states.toml").read_text(encoding="utf-8")
    return {line.split('"')[1] for line in text.splitlines() if line.startswith("id = ")}


def test_the_vendored_map_covers_every_state_with_its_iso_code() -> None:
    source = load_map_source(MAPS, _state_ids())
    assert source["view_box"] == "0 0 793 498"
    assert "CC BY 4.0" in source["attribution"]
    assert "Victor Cazanave" in source["attribution"]
    codes = {row["state_id"]: row["iso_code"] for row in source["states"]}
    assert len(codes) == 32
    assert codes["jalisco"] == "MX-JAL"
    assert codes["ciudad-de-mexico"] == "MX-CMX"
    assert codes["estado-de-mexico"] == "MX-MEX"
    assert codes["quintana-roo"] == "MX-ROO"
    # The SVG's own labels agree with the states they are tied to (a swapped line fails).
    svg = ET.parse(MAPS / "svg-maps-mexico" / "mexico.svg").getroot()
    label = {p.get("id"): p.get("aria-label") for p in svg.iter("{http://www.w3.org/2000/svg}path")}
    assert label[codes["queretaro"][3:].lower()] == "Querétaro"
    assert label[codes["ciudad-de-mexico"][3:].lower()] == "Mexico City"
    assert label[codes["estado-de-mexico"][3:].lower()] == "México"


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(MAPS, tmp_path / "maps")
    return tmp_path / "maps"


@pytest.mark.parametrize(("edit", "says"), [
    (('state = "jalisco"', 'state = "atlantis"'),
     "unknown state 'atlantis'.*no outline for jalisco"),
    (('path = "jal"', 'path = "xxx"'), "no such path in mexico.svg"),
    (('iso = "MX-JAL"', 'iso = "JAL"'), "ISO 3166-2 code 'JAL' is not MX-XXX"),
    (('file = "svg-maps-mexico/mexico.svg"', 'file = "nowhere.svg"'), "missing map source file"),
])
def test_a_broken_map_source_is_refused_with_every_problem(
        tmp_path: Path, edit: tuple[str, str], says: str) -> None:
    maps = _copy(tmp_path)
    manifest = maps / "mexico.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    with pytest.raises(MapSourceError, match=says):
        load_map_source(maps, _state_ids())


def test_the_directory_reads_the_stored_outlines(directory: Directory) -> None:
    mexico = directory.mexico_map()
    assert mexico.view_box == (0.0, 0.0, 793.0, 498.0)
    assert len(mexico.states) == 32
    assert mexico.attribution.startswith("Map: @svg-maps/mexico 2.0.0")
    for outline in mexico.states:
        left, top, right, bottom = outline.bounds()
        assert 0 <= left < right <= 793, outline.state_id
        assert 0 <= top < bottom <= 498, outline.state_id
    # Baja California Sur is long and thin, north-west of Jalisco; Yucatán is east of both.
    assert mexico.state("baja-california-sur").bounds()[0] < mexico.state("jalisco").bounds()[0]
    assert mexico.state("yucatan").bounds()[0] > mexico.state("jalisco").bounds()[2]
    assert mexico.state("jalisco").iso_code == "MX-JAL"
    assert directory.mexico_map() is mexico  # read once
