"""The outline map of Mexico's states: read from an SVG by the build, stored in the directory,
read back as plain polygons (no Qt: :mod:`mxdesk.export.statemap` draws them).

The source and its licence are named in ``data/source/maps/mexico.toml`` (issue 19): the npm
package @svg-maps/mexico (CC BY 4.0), 32 paths keyed by ISO 3166-2 codes. The build parses each
path once (:func:`parse_path`), checks it, and stores it as an absolute path
(:func:`outline_text`) in the table ``state_shapes``; the map's frame and attribution go in
``meta`` (``map_view_box``, ``map_attribution``, ``map_source``).
"""

from __future__ import annotations

import heapq
import math
import re
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mxdesk.core.errors import MxdeskError

#: A ring of the outline: its corners (x, y) in the map's units, the last joined to the first.
Ring = tuple[tuple[float, float], ...]

_TOKEN = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[A-Za-z]")
_SVG = "{http://www.w3.org/2000/svg}"


class MapSourceError(MxdeskError):
    """The map's source files are missing, malformed, or do not match the states."""


@dataclass(frozen=True)
class StateOutline:
    """One federal entity on the map.

    Attributes:
        state_id: the state's id in the directory (``"jalisco"``).
        iso_code: its ISO 3166-2 code (``"MX-JAL"``).
        name: its name as the directory writes it (``"Jalisco"``).
        rings: its polygons (mainland and islands), in the map's units (:attr:`MexicoMap.view_box`).
        label: where its number is printed, (x, y) in map units: the pole of inaccessibility
            of its largest ring (:func:`label_point`), computed once by the build.
    """

    state_id: str
    iso_code: str
    name: str
    rings: tuple[Ring, ...]
    label: tuple[float, float]

    def bounds(self) -> tuple[float, float, float, float]:
        """The rings' bounding box: (left, top, right, bottom), in map units."""
        xs = [x for ring in self.rings for x, _ in ring]
        ys = [y for ring in self.rings for _, y in ring]
        return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class MexicoMap:
    """The whole outline map.

    Attributes:
        view_box: (x, y, width, height) of the frame the outlines are drawn in (SVG viewBox;
            y grows downwards).
        states: the 32 federal entities, in the directory's name order.
        attribution: the line every drawn map carries (source, author, licence).
    """

    view_box: tuple[float, float, float, float]
    states: tuple[StateOutline, ...]
    attribution: str

    def state(self, state_id: str) -> StateOutline:
        """The outline of *state_id*; raises KeyError for an id not on the map."""
        for outline in self.states:
            if outline.state_id == state_id:
                return outline
        raise KeyError(state_id)


def parse_path(d: str) -> tuple[Ring, ...]:
    """The rings of SVG path data *d* (commands M, L, H, V, Z, absolute or relative; a
    second pair after M is a line), in absolute coordinates. Raises MapSourceError for a
    command it does not draw (curves, arcs) or a number missing."""
    rings: list[Ring] = []
    points: list[tuple[float, float]] = []
    tokens = _TOKEN.findall(d)
    x = y = 0.0
    start = (0.0, 0.0)
    command = ""
    i = 0

    def number() -> float:
        nonlocal i
        if i >= len(tokens) or tokens[i].isalpha():
            raise MapSourceError(f"path data ends early after command {command!r}")
        i += 1
        return float(tokens[i - 1])

    def close() -> None:
        nonlocal points
        if len(points) >= 3:
            rings.append(tuple(points))
        points = []

    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command in "Zz":
                close()
                x, y = start
                continue
        elif not command or command in "Zz":
            raise MapSourceError(f"number {tokens[i]!r} without a command in path data")
        if command in "Mm":
            close()
            dx, dy = number(), number()
            x, y = (x + dx, y + dy) if command == "m" else (dx, dy)
            start = (x, y)
            points = [(x, y)]
            command = "l" if command == "m" else "L"  # further pairs are lines
        elif command in "Ll":
            dx, dy = number(), number()
            x, y = (x + dx, y + dy) if command == "l" else (dx, dy)
            points.append((x, y))
        elif command in "Hh":
            dx = number()
            x = x + dx if command == "h" else dx
            points.append((x, y))
        elif command in "Vv":
            dy = number()
            y = y + dy if command == "v" else dy
            points.append((x, y))
        else:
            raise MapSourceError(f"path command {command!r} is not drawn (only M, L, H, V, Z)")
    close()
    return tuple(rings)


def ring_area(ring: Ring) -> float:
    """The signed area of *ring* (shoelace formula), in square map units; the sign follows
    the winding (positive clockwise with y down)."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1)
               in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def contains(ring: Ring, x: float, y: float) -> bool:
    """True when (x, y) lies inside *ring* (even-odd ray casting; a point on an edge may go
    either way)."""
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            inside = not inside
    return inside


def edge_distance(ring: Ring, x: float, y: float) -> float:
    """The distance from (x, y) to *ring*'s nearest edge, in map units: positive inside,
    negative outside."""
    best = math.inf
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        dx, dy = x1 - x0, y1 - y0
        t = 0.0
        if dx or dy:
            t = min(1.0, max(0.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(x - (x0 + t * dx), y - (y0 + t * dy)))
    return best if contains(ring, x, y) else -best


def pole_of_inaccessibility(ring: Ring, precision: float = 0.25) -> tuple[float, float]:
    """The point of *ring* farthest from its edges, to within *precision* map units: where
    a label sits best (Mapbox's polylabel: a quadtree of square cells searched best-first,
    a cell dropped when even its farthest corner cannot beat the best point found).
    Raises ValueError for a ring of fewer than 3 corners."""
    if len(ring) < 3:
        raise ValueError(f"a ring of {len(ring)} corners has no inside")
    xs = [x for x, _ in ring]
    ys = [y for _, y in ring]
    left, top = min(xs), min(ys)
    width, height = max(xs) - left, max(ys) - top
    size = min(width, height)
    if size <= 0:
        return left, top

    def cell(x: float, y: float, half: float) -> tuple[float, float, float, float, float]:
        d = edge_distance(ring, x, y)
        return -(d + half * math.sqrt(2)), d, x, y, half  # heap order: best potential first

    area = ring_area(ring)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        cx, cy = cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
    best = cell(cx / (6 * area), cy / (6 * area), 0) if area else cell(left, top, 0)
    middle = cell(left + width / 2, top + height / 2, 0)
    if middle[1] > best[1]:
        best = middle
    half = size / 2
    queue = [cell(left + half + i * size, top + half + j * size, half)
             for i in range(math.ceil(width / size)) for j in range(math.ceil(height / size))]
    heapq.heapify(queue)
    while queue:
        here = heapq.heappop(queue)
        if here[1] > best[1]:
            best = here
        if -here[0] - best[1] <= precision:
            continue
        _, _, x, y, h = here
        for ox in (-h / 2, h / 2):
            for oy in (-h / 2, h / 2):
                heapq.heappush(queue, cell(x + ox, y + oy, h / 2))
    return best[2], best[3]


def label_point(rings: tuple[Ring, ...]) -> tuple[float, float]:
    """Where a state's number goes: the pole of inaccessibility of its largest ring (the
    mainland, not an island), rounded to 0.01 map units. Raises ValueError with no ring."""
    if not rings:
        raise ValueError("no ring to label")
    x, y = pole_of_inaccessibility(max(rings, key=lambda r: abs(ring_area(r))))
    return round(x, 2), round(y, 2)


def outline_text(rings: tuple[Ring, ...]) -> str:
    """*rings* as absolute SVG path data, to 2 decimals (0.01 of the 793-unit-wide frame
    is far below a printed dot): ``"M x,y x,y … Z M …"``."""
    def ring_text(ring: Ring) -> str:
        return "M " + " ".join(f"{x:.2f},{y:.2f}" for x, y in ring) + " Z"
    return " ".join(ring_text(ring) for ring in rings)


def load_map_source(maps_dir: Path, state_ids: set[str]) -> dict[str, Any]:
    """Read ``mexico.toml`` in *maps_dir* and the SVG it names: ``{"view_box": "x y w h",
    "attribution": …, "source": …, "states": [{"state_id", "iso_code", "outline", "label_x",
    "label_y"}, …]}`` (the label: :func:`label_point` of the outline as stored).
    Raises MapSourceError when a file is missing or malformed, a state of *state_ids* has no
    path (or a path names no state), or an ISO code is not ``MX-`` and three letters."""
    manifest = maps_dir / "mexico.toml"
    try:
        with manifest.open("rb") as handle:
            spec = tomllib.load(handle)
        about = spec["map"]
        svg_file = maps_dir / about["file"]
        root = ET.parse(svg_file).getroot()  # noqa: S314 - our own vendored file
    except FileNotFoundError as exc:
        raise MapSourceError(f"{exc.filename}: missing map source file") from exc
    except (tomllib.TOMLDecodeError, ET.ParseError, KeyError, TypeError) as exc:
        raise MapSourceError(f"{manifest}: cannot read the map source: {exc}") from exc
    paths = {p.get("id"): p.get("d", "") for p in root.iter(f"{_SVG}path")}
    problems: list[str] = []
    rows: list[dict[str, str | float]] = []
    seen: set[str] = set()
    for entry in spec.get("state", []):
        where = f"{manifest.name} path {entry.get('path')!r}"
        if entry.get("state") not in state_ids:
            problems.append(f"{where}: unknown state {entry.get('state')!r}")
            continue
        if entry.get("path") not in paths:
            problems.append(f"{where}: no such path in {svg_file.name}")
            continue
        if not re.fullmatch(r"MX-[A-Z]{3}", str(entry.get("iso", ""))):
            problems.append(f"{where}: ISO 3166-2 code {entry.get('iso')!r} is not MX-XXX")
            continue
        try:
            rings = parse_path(paths[entry["path"]])
        except MapSourceError as exc:
            problems.append(f"{where}: {exc}")
            continue
        seen.add(entry["state"])
        label_x, label_y = label_point(parse_path(outline_text(rings)))  # as stored
        rows.append({"state_id": entry["state"], "iso_code": entry["iso"],
                     "outline": outline_text(rings), "label_x": label_x,
                     "label_y": label_y})
    missing = sorted(state_ids - seen)
    if missing:
        problems.append(f"{manifest.name}: no outline for {', '.join(missing)}")
    if problems:
        raise MapSourceError("; ".join(problems))
    return {"view_box": root.get("viewBox", ""), "attribution": str(about["attribution"]),
            "source": f"{about['name']} ({about['licence']}, {about.get('url', '')})",
            "states": rows}


def read_map(view_box: str, attribution: str,
             rows: list[tuple[str, str, str, str, float, float]]) -> MexicoMap:
    """The map from the directory's stored rows: *view_box* ``"x y w h"``, *attribution*,
    and (state_id, iso_code, name, outline, label_x, label_y) per state. Raises
    MapSourceError when the frame or an outline does not parse."""
    try:
        frame = tuple(float(v) for v in view_box.split())
    except ValueError as exc:
        raise MapSourceError(f"map frame {view_box!r} is not four numbers") from exc
    if len(frame) != 4:
        raise MapSourceError(f"map frame {view_box!r} is not four numbers")
    states = tuple(StateOutline(state_id, iso, name, parse_path(outline),
                                (float(label_x), float(label_y)))
                   for state_id, iso, name, outline, label_x, label_y in rows)
    return MexicoMap((frame[0], frame[1], frame[2], frame[3]), states, attribution)
