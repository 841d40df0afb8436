"""The outline map of Mexico (issue 19): the SVG path reader, the map source's checks, and
the outlines the build stores and the directory reads back."""

from __future__ import annotations

import math
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mxdesk.core import paths
from mxdesk.core.directory import Directory
from mxdesk.core.geo import (
    MapSourceError,
    contains,
    edge_distance,
    label_point,
    load_map_source,
    outline_text,
    parse_path,
    pole_of_inaccessibility,
    ring_area,
)

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


def test_the_pole_of_inaccessibility_is_the_inside_point_farthest_from_the_edges() -> None:
    # A C shape: its centroid and its box's centre fall in the gap, outside it.
    c_shape = ((0, 0), (30, 0), (30, 10), (10, 10), (10, 40), (30, 40), (30, 50), (0, 50))
    x, y = pole_of_inaccessibility(c_shape, precision=0.01)
    assert contains(c_shape, x, y)
    # In a corner of the C, where the two walls and the inner corner (10, 10) are equally
    # far: x = y = √2·(10 − x).
    corner = 10 * math.sqrt(2) / (1 + math.sqrt(2))
    assert edge_distance(c_shape, x, y) == pytest.approx(corner, abs=0.02)
    assert min(abs(y - corner), abs(y - (50 - corner))) == pytest.approx(0, abs=0.05)
    assert not contains(c_shape, 15, 25)  # where the box's centre is
    # A square: its centre, half its side from every edge.
    square = ((0, 0), (20, 0), (20, 20), (0, 20))
    assert pole_of_inaccessibility(square, precision=0.01) == pytest.approx((10, 10), abs=0.02)
    assert edge_distance(square, 10, 10) == pytest.approx(10)
    assert edge_distance(square, 25, 10) == pytest.approx(-5)
    with pytest.raises(ValueError, match="no inside"):
        pole_of_inaccessibility(((0, 0), (1, 1)))


def _best_on_a_grid(ring: tuple[tuple[float, float], ...], step: float = 3.0) -> float:
    """The largest edge distance of any point of a *step*-unit grid over *ring* (brute
    force, independent of the quadtree)."""
    xs = [x for x, _ in ring]
    ys = [y for _, y in ring]
    best = 0.0
    x = min(xs)
    while x <= max(xs):
        y = min(ys)
        while y <= max(ys):
            best = max(best, edge_distance(ring, x, y))
            y += step
        x += step
    return best


def test_every_state_s_number_sits_deep_inside_its_own_outline(directory: Directory) -> None:
    mexico = directory.mexico_map()
    for state in mexico.states:
        x, y = state.label
        mainland = max(state.rings, key=lambda r: abs(ring_area(r)))
        assert contains(mainland, x, y), state.state_id
        # As far from the edges as a brute-force search finds (or nearly).
        assert edge_distance(mainland, x, y) >= _best_on_a_grid(mainland) - 0.5, state.state_id
        # The build stored what label_point computes from the stored outline.
        assert state.label == label_point(state.rings), state.state_id
    # Baja California Sur's number in Baja California Sur, not in the Pacific; the wide
    # states' numbers well away from their borders (map units; the frame is 793 wide).
    bcs = mexico.state("baja-california-sur")
    bcs_mainland = max(bcs.rings, key=lambda r: abs(ring_area(r)))
    assert contains(bcs_mainland, *bcs.label)
    assert edge_distance(bcs_mainland, *bcs.label) > 10
    for big in ("chihuahua", "sonora", "coahuila", "durango", "baja-california", "oaxaca"):
        state = mexico.state(big)
        assert edge_distance(max(state.rings, key=lambda r: abs(ring_area(r))),
                             *state.label) > 18, big
