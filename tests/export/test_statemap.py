"""The map of Mexico by state (issue 19): shades read back from the pixels drawn, numbers and
the attribution read back from a PDF with pypdf, the inset, the tile grid, keyboard order."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPainterPath, QPalette, QPdfWriter
from PySide6.QtWidgets import QApplication

from mxdesk.core.browse import BrowseQuery
from mxdesk.core.directory import Directory
from mxdesk.core.geo import MexicoMap
from mxdesk.core.tables import CLUSTERS
from mxdesk.export.statemap import (
    CENTRAL,
    YLGNBU_5,
    MapColours,
    MapFigures,
    MapGeometry,
    StateFigure,
    contrast_ratio,
    draw_locator,
    draw_map,
    figures_from_facets,
    map_height_for,
    scale_steps,
)

WIDTH = 900


@pytest.fixture(scope="module")
def mexico(directory: Directory) -> MexicoMap:
    return directory.mexico_map()


def _draw(mexico: MexicoMap, figures: MapFigures, colours: MapColours | None = None,
          tiles: bool = False) -> tuple[QImage, MapGeometry]:
    QApplication.instance() or QApplication([])
    image = QImage(WIDTH, round(map_height_for(WIDTH)), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    geometry = draw_map(painter, QRectF(0, 0, image.width(), image.height()), mexico, figures,
                        colours or MapColours.paper(), tiles=tiles)
    painter.end()
    return image, geometry


def _inside(path: QPainterPath, avoid: QPointF) -> QPointF:
    """A point well inside *path* (its 5 px neighbours too), away from its number at
    *avoid*."""
    box = path.boundingRect()
    best: QPointF | None = None
    for i in range(1, 40):
        for j in range(1, 40):
            p = QPointF(box.left() + box.width() * i / 40, box.top() + box.height() * j / 40)
            if all(path.contains(p + QPointF(dx, dy)) for dx in (-5, 5) for dy in (-5, 5)) \
                    and (p - avoid).manhattanLength() > 25:
                best = p
                break
        if best is not None:
            break
    assert best is not None, "no point inside the shape"
    return best


def _pixel(image: QImage, point: QPointF) -> QColor:
    return image.pixelColor(round(point.x()), round(point.y()))


def test_a_state_with_more_clusters_is_drawn_in_a_darker_step(mexico: MexicoMap) -> None:
    figures = MapFigures({"jalisco": StateFigure(10), "sonora": StateFigure(1),
                          "chihuahua": StateFigure(5)})
    image, geometry = _draw(mexico, figures)
    shades = {s: _pixel(image, _inside(geometry.main_shape(s), geometry.label_point(s)))
              for s in ("jalisco", "chihuahua", "sonora", "durango")}
    assert shades["jalisco"].name() == YLGNBU_5[-1]  # the top of the scale: its darkest step
    assert shades["sonora"].name() == YLGNBU_5[0]
    assert shades["jalisco"].lightnessF() < shades["chihuahua"].lightnessF() \
        < shades["sonora"].lightnessF()
    # No cluster: a neutral grey, not the lowest step.
    zero = shades["durango"]
    assert zero.red() == zero.green() == zero.blue()
    assert zero.name() != YLGNBU_5[0]


def test_numbers_inset_legend_and_attribution_are_printed(
        mexico: MexicoMap, directory: Directory, tmp_path: Path) -> None:
    QApplication.instance() or QApplication([])
    rows = BrowseQuery(CLUSTERS).facet_counts(directory)["State"]
    figures = figures_from_facets(mexico, rows, caption="Clusters by state")
    out = tmp_path / "map.pdf"
    writer = QPdfWriter(str(out))
    writer.setPageSize(QPageSize(QSizeF(297, 210), QPageSize.Unit.Millimeter))
    painter = QPainter(writer)
    page = QRectF(0, 0, writer.width(), writer.height())
    draw_map(painter, page, mexico, figures, MapColours.paper())
    painter.end()
    raw = PdfReader(str(out)).pages[0].extract_text()
    text = " ".join(raw.split())  # pypdf gives the spaces as tabs
    lines = raw.splitlines()
    by_name = dict(rows)
    assert "Clusters by state" in text
    # Every state has its count on a line of its own (the central states' in the inset).
    numbers = [line.strip() for line in lines if line.strip().isdigit()]
    assert sorted(numbers, key=int) == sorted(
        (str(by_name.get(s.name, 0)) for s in mexico.states), key=int)
    # The inset: each central state's code, its count on the line below.
    stripped = [line.strip() for line in lines]
    for state_id, code in zip(CENTRAL, ("CMX", "TLA", "MOR", "MEX"), strict=True):
        count = by_name.get(mexico.state(state_id).name, 0)
        assert stripped[stripped.index(code) + 1] == str(count), code
    assert f"No state given: {by_name['State not stated']}" in text
    assert "Clusters per state" in text
    assert "none" in text
    assert "CC BY 4.0" in text
    assert "@svg-maps/mexico" in text


def test_every_number_is_printed_inside_its_own_state(mexico: MexicoMap) -> None:
    """Baja California Sur's number was printed in the Pacific (a box's centre): each
    number's point is inside its state on the drawing and hits that state."""
    _image, geometry = _draw(mexico, MapFigures())
    for state in mexico.states:
        point = geometry.label_point(state.state_id)
        if state.state_id in CENTRAL:
            assert geometry.shape(state.state_id).contains(point), state.state_id
            continue
        assert geometry.main_shape(state.state_id).contains(point), state.state_id
        assert geometry.state_at(point) == state.state_id, state.state_id


def test_each_central_state_is_hit_in_the_inset_where_it_is_enlarged(
        mexico: MexicoMap) -> None:
    _image, geometry = _draw(mexico, MapFigures({"ciudad-de-mexico": StateFigure(6)}))
    assert geometry.inset_rect is not None
    for state_id in CENTRAL:
        point = geometry.label_point(state_id)
        assert geometry.inset_rect.contains(point)
        assert geometry.state_at(point) == state_id
    # Enlarged: CDMX drawn in the inset is several times its size on the map.
    inset_box = geometry.shape("ciudad-de-mexico").boundingRect()
    main_box = geometry.main_shape("ciudad-de-mexico").boundingRect()
    assert inset_box.width() > 2.5 * main_box.width()


def test_a_click_point_finds_its_state_and_keyboard_order_reads_north_west_first(
        mexico: MexicoMap) -> None:
    _image, geometry = _draw(mexico, MapFigures())
    for state in mexico.states:
        if state.state_id in CENTRAL:
            continue
        point = _inside(geometry.main_shape(state.state_id), QPointF(-100, -100))
        assert geometry.state_at(point) == state.state_id
    order = geometry.states_in_reading_order()
    assert sorted(order) == sorted(s.state_id for s in mexico.states)
    assert order[0] == "baja-california"
    assert order.index("sonora") < order.index("jalisco") < order.index("chiapas")


def test_the_tile_grid_draws_one_equal_square_per_state(mexico: MexicoMap) -> None:
    image, geometry = _draw(mexico, MapFigures({"nuevo-leon": StateFigure(14)}), tiles=True)
    boxes = {s.state_id: geometry.main_shape(s.state_id).boundingRect() for s in mexico.states}
    sizes = {(round(b.width(), 3), round(b.height(), 3)) for b in boxes.values()}
    assert len(sizes) == 1
    assert len({(round(b.x()), round(b.y())) for b in boxes.values()}) == 32  # no overlap
    for state_id, box in boxes.items():
        assert geometry.state_at(box.center()) == state_id
    assert boxes["baja-california"].x() < boxes["yucatan"].x()
    assert boxes["sonora"].y() < boxes["chiapas"].y()
    corner = boxes["nuevo-leon"].topLeft() + QPointF(6, 6)
    assert _pixel(image, corner).name() == YLGNBU_5[-1]


@pytest.mark.parametrize("role_colour", ["#ffffff", "#202124"])
def test_numbers_contrast_with_every_fill_in_light_and_dark(role_colour: str) -> None:
    QApplication.instance() or QApplication([])
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(role_colour))
    palette.setColor(QPalette.ColorRole.WindowText,
                     QColor("#000000" if role_colour == "#ffffff" else "#e8eaed"))
    colours = MapColours.from_palette(palette)
    for fill in (*colours.steps, colours.zero):
        assert contrast_ratio(colours.number_colour(fill), fill) >= 4.5, fill.name()
    assert colours.number_colour(colours.steps[-1]) == colours.light_text
    assert colours.number_colour(colours.steps[0]) == colours.dark_text
    # The zero tone stands apart from the background and from the lowest step.
    assert colours.zero != colours.background
    assert colours.zero.name() != colours.steps[0].name()


def test_steps_split_the_counts_into_ranges() -> None:
    assert scale_steps(0) == []
    assert scale_steps(3) == [(1, 1), (2, 2), (3, 3)]
    assert scale_steps(14) == [(1, 3), (4, 6), (7, 9), (10, 12), (13, 14)]


def test_figures_from_facets_key_by_state_and_count_the_unplaced_apart(
        mexico: MexicoMap) -> None:
    figures = figures_from_facets(
        mexico, [("Jalisco", 7), ("State not stated", 4), ("Atlantis", 2), ("Puebla", 100, True)],
        selected=["Jalisco"])
    assert figures.figure("jalisco") == StateFigure(7)
    assert figures.figure("puebla").label() == "100+"
    assert figures.figure("sonora").count == 0
    assert figures.unplaced == 4
    assert figures.selected == frozenset({"jalisco"})


def test_paths_are_built_once_per_rect(mexico: MexicoMap) -> None:
    _image, first = _draw(mexico, MapFigures())
    _image, again = _draw(mexico, MapFigures({"jalisco": StateFigure(2)}))
    assert again is first


def test_the_locator_fills_only_its_state(mexico: MexicoMap) -> None:
    QApplication.instance() or QApplication([])
    image = QImage(400, 260, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    draw_locator(painter, QRectF(0, 0, 400, 260), mexico, "yucatan", MapColours.paper())
    painter.end()
    filled = {image.pixelColor(x, y).name() for x in range(0, 400, 2) for y in range(0, 260, 2)}
    assert YLGNBU_5[-1] in filled
    with pytest.raises(KeyError):
        draw_locator(QPainter(), QRectF(0, 0, 10, 10), mexico, "atlantis", MapColours.paper())


def _near(a: QColor, b: QColor, within: int = 60) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) \
        <= within


def test_a_number_straddling_a_dark_neighbour_keeps_a_halo_between_them(
        mexico: MexicoMap) -> None:
    """Ciudad de México light (dark number), the states around it the darkest step: in the
    inset its code and count run over Estado de México's navy, and a pale halo keeps every
    dark text pixel apart from the navy and in contrast with what surrounds it."""
    QApplication.instance() or QApplication([])
    figures = MapFigures({"ciudad-de-mexico": StateFigure(1), "estado-de-mexico": StateFigure(14),
                          "morelos": StateFigure(14), "tlaxcala": StateFigure(14)})
    width = 1600
    image = QImage(width, round(map_height_for(width)), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    geometry = draw_map(painter, QRectF(0, 0, image.width(), image.height()), mexico,
                        figures, MapColours.paper())
    painter.end()
    navy, ink = QColor(YLGNBU_5[-1]), QColor("#000000")
    centre = geometry.label_point("ciudad-de-mexico")
    cx, cy = round(centre.x()), round(centre.y())
    text, ring, near_navy = 0, [], 0
    for x in range(cx - 40, cx + 41):
        for y in range(cy - 40, cy + 41):
            if not _near(image.pixelColor(x, y), ink, 45):
                continue
            text += 1
            around = [image.pixelColor(x + dx, y + dy) for dx in range(-2, 3)
                      for dy in range(-2, 3)]
            assert not any(_near(c, navy) for c in around), (x, y)  # the halo between
            ring += [c for c in around if c.lightnessF() > 0.5]
            near_navy += any(_near(image.pixelColor(x + dx, y + dy), navy)
                             for dx in range(-8, 9, 2) for dy in range(-8, 9, 2))
    assert text > 40  # "CMX" and "1" drawn dark
    assert near_navy > 5  # … and they do run up to the navy neighbour
    contrasts = sorted(contrast_ratio(ink, c) for c in ring)
    assert contrasts[len(contrasts) // 2] >= 7  # text vs its halo


def test_no_number_on_the_main_map_touches_the_mark_of_what_the_inset_enlarges(
        mexico: MexicoMap) -> None:
    """The mark of the enlarged centre (drawn in the text colour, here magenta) leaves every
    number's box clear: Puebla's "8" sat on the old rectangle's edge."""
    QApplication.instance() or QApplication([])
    magenta = QColor("#ff00ff")
    paper = MapColours.paper()
    colours = MapColours(background=None, text=magenta, muted=magenta, zero=paper.zero,
                         steps=paper.steps, border=paper.border, selected=paper.selected,
                         focus=paper.focus)
    rows = [(s.name, 8) for s in mexico.states]
    image = QImage(WIDTH, round(map_height_for(WIDTH)), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    geometry = draw_map(painter, QRectF(0, 0, image.width(), image.height()), mexico,
                        figures_from_facets(mexico, rows), colours)
    painter.end()
    marked = 0
    for state in mexico.states:
        if state.state_id in CENTRAL:
            continue
        point = geometry.label_point(state.state_id)
        # The number's ink and its halo: a bold digit of 13-unit type is about 9.5 units
        # high and 8 wide, its halo 2.3 units around it.
        half_w, half_h = 6.5 * geometry.scale, 7.5 * geometry.scale
        for x in range(round(point.x() - half_w), round(point.x() + half_w) + 1):
            for y in range(round(point.y() - half_h), round(point.y() + half_h) + 1):
                colour = image.pixelColor(x, y)
                assert not (colour.red() > 150 and colour.blue() > 150
                            and colour.green() < 110), (state.state_id, x, y)
    # The mark is drawn: magenta around the central states on the main map.
    box = QRectF()
    for state_id in CENTRAL:
        box = box.united(geometry.main_shape(state_id).boundingRect())
    for x in range(round(box.left()) - 3, round(box.right()) + 4):
        for y in range(round(box.top()) - 3, round(box.bottom()) + 4):
            colour = image.pixelColor(x, y)
            marked += colour.red() > 150 and colour.blue() > 150 and colour.green() < 110
    assert marked > 50


def test_a_pane_taller_than_the_map_puts_a_larger_inset_below_it(mexico: MexicoMap) -> None:
    """A pane about as tall as wide (the Clusters tab at 1366x768): the map keeps the full
    width, and the inset moves below it, larger, using the height."""
    QApplication.instance() or QApplication([])
    tall = QImage(640, 620, QImage.Format.Format_ARGB32)
    tall.fill(QColor("white"))
    painter = QPainter(tall)
    geometry = draw_map(painter, QRectF(0, 0, 640, 620), mexico, MapFigures(),
                        MapColours.paper())
    painter.end()
    _image, wide = _draw(mexico, MapFigures())
    assert geometry.scale == pytest.approx(640 / 793)  # as wide as the pane
    assert geometry.inset_rect is not None
    assert wide.inset_rect is not None
    lowest = max(geometry.main_shape(s.state_id).boundingRect().bottom()
                 for s in mexico.states)
    assert geometry.inset_rect.top() > lowest  # below the map, over no state
    assert geometry.inset_rect.bottom() > 0.85 * 620  # down into the pane's height
    # Larger than in the Gulf, relative to the map's scale.
    def enlarged(drawn: MapGeometry) -> float:  # CDMX to Tlaxcala in the inset, map units
        gap = drawn.label_point("tlaxcala") - drawn.label_point("ciudad-de-mexico")
        return (gap.x() ** 2 + gap.y() ** 2) ** 0.5 / drawn.scale
    assert enlarged(geometry) > 1.3 * enlarged(wide)
    # A neighbour shown in the inset as context is not a target there.
    inset = geometry.inset_rect
    corner = QPointF(inset.left() + 3, inset.bottom() - 3)
    assert geometry.state_at(corner) is None


def _near(colour: QColor, target: QColor, within: int = 60) -> bool:
    return (abs(colour.red() - target.red()) + abs(colour.green() - target.green())
            + abs(colour.blue() - target.blue())) < within


def _count(image: QImage, target: QColor) -> int:
    return sum(_near(image.pixelColor(x, y), target)
               for x in range(0, image.width(), 1) for y in range(0, image.height(), 1))


def test_a_ticked_state_keeps_its_outline_when_hovered_or_focused(mexico: MexicoMap) -> None:
    """Ticked and hovered (or keyboard-focused) at once, the ticked colour still outlines
    the state: the hover is a thinner outline under it, the focus a dashed ring over it."""
    import dataclasses

    rows = [("Jalisco", 7), ("Sonora", 2)]
    paper = MapColours.paper()
    ticked = figures_from_facets(mexico, rows, selected=["Jalisco"])
    alone = _count(_draw(mexico, ticked)[0], paper.selected)
    assert alone > 200
    hovered = _count(_draw(mexico, figures_from_facets(mexico, rows, selected=["Jalisco"],
                                                       highlighted="jalisco"))[0],
                     paper.selected)
    assert hovered >= 0.9 * alone, (hovered, alone)
    focused = _draw(mexico, dataclasses.replace(ticked, focused="jalisco"))[0]
    assert _count(focused, paper.selected) >= 0.6 * alone
    # Focused but not ticked: a ring, not the ticked colour.
    ring = _draw(mexico, dataclasses.replace(ticked, selected=frozenset(),
                                             focused="jalisco"))[0]
    assert _count(ring, paper.selected) < 0.05 * alone


def test_an_outline_in_the_inset_leaves_its_labels_halos_untouched(mexico: MexicoMap) -> None:
    """Ciudad de México ticked and hovered, Tlaxcala ticked: the outlines pass under the
    labels' halos (the labels are drawn last), so the pixels around "CMX 6" and "TLA 1" are
    those of the unmarked map."""
    rows = [(mexico.state(s).name, n) for s, n in
            (("ciudad-de-mexico", 6), ("tlaxcala", 1), ("estado-de-mexico", 1),
             ("jalisco", 14))]  # the centre's fills pale: its labels in dark ink
    plain, geometry = _draw(mexico, figures_from_facets(mexico, rows))
    marked = _draw(mexico, figures_from_facets(
        mexico, rows, selected=["Ciudad de México", "Tlaxcala"],
        highlighted="ciudad-de-mexico"))[0]
    checked = 0
    for state_id in ("ciudad-de-mexico", "tlaxcala"):
        centre = geometry.label_point(state_id)
        cx, cy = round(centre.x()), round(centre.y())
        ink = {(x, y) for x in range(cx - 30, cx + 31) for y in range(cy - 25, cy + 26)
               if plain.pixelColor(x, y).lightness() < 60}
        assert ink, state_id
        halo = {(x + dx, y + dy) for x, y in ink for dx in (-1, 0, 1) for dy in (-1, 0, 1)}
        for x, y in halo:
            a, b = plain.pixelColor(x, y), marked.pixelColor(x, y)
            if 60 <= a.lightness() < 230:
                continue  # a glyph's edge, or its fill showing in a counter ("6")
            assert _near(a, b, 45), (state_id, x, y, a.name(), b.name())
            checked += 1
    assert checked > 100


def test_on_a_narrow_pane_the_legend_is_whole_inside_the_drawing(mexico: MexicoMap) -> None:
    """A pane 330 px wide with the screen's legible minimum (10 px type): the legend's
    title is not cut at the edge; every text of it lies inside the drawing."""
    QApplication.instance() or QApplication([])
    width, height = 330, 620
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    rect = QRectF(8, 6, width - 16, height - 30)
    rows = [(s.name, i % 14) for i, s in enumerate(mexico.states)]
    geometry = draw_map(painter, rect, mexico, figures_from_facets(
        mexico, rows, selected=["Jalisco"]), MapColours.paper(), min_text=10.4)
    painter.end()
    # Nothing drawn at the drawing's right edge (the title ran over it).
    edge = [image.pixelColor(x, y).lightness() for x in range(width - 6, width)
            for y in range(height // 3)]
    assert min(edge) > 200
    texts = geometry.legend_texts
    assert len(texts) == 1 + 1 + 5 + 1  # title, none, five steps, ticked
    for box in texts:
        assert rect.adjusted(-1, -1, 1, 1).contains(box), (box, rect)
    # The title (which may take two lines) lies above the entries, none overlapping.
    for upper, lower in itertools.pairwise(texts):
        assert upper.bottom() <= lower.top() + 1


def test_the_palest_step_and_the_borders_stand_apart_from_the_page(mexico: MexicoMap) -> None:
    """The fewest clusters are not near-white (the page), and two pale neighbours (Sonora
    and Chihuahua, both in the lowest step) are parted by a line unlike both fills."""
    paper = MapColours.paper()
    white = QColor("white")
    assert contrast_ratio(paper.steps[0], white) >= 1.2
    figures = figures_from_facets(mexico, [("Sonora", 1), ("Chihuahua", 1), ("Jalisco", 9)])
    image, geometry = _draw(mexico, figures)
    assert _pixel(image, _inside(geometry.main_shape("sonora"),
                                 geometry.label_point("sonora"))) == paper.steps[0]
    shared = geometry.main_shape("sonora").boundingRect().intersected(
        geometry.main_shape("chihuahua").boundingRect())
    # Along the shared border the line is darker than the pale fill on either side.
    darkest = min(image.pixelColor(x, y).lightness()
                  for x in range(round(shared.left()), round(shared.right()))
                  for y in range(round(shared.top()), round(shared.bottom())))
    assert darkest < paper.steps[0].lightness() - 40


def test_the_tile_grid_credits_its_own_arrangement_not_the_outlines(mexico: MexicoMap) -> None:
    """The tile grid draws no outline: its line below says so, without the outlines' CC BY
    line; the map of outlines keeps that line."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtSvg import QSvgGenerator

    QApplication.instance() or QApplication([])

    def svg_text(tiles: bool) -> str:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        painter = QPainter(generator)
        draw_map(painter, QRectF(0, 0, 900, 620), mexico, MapFigures(), MapColours.paper(),
                 tiles=tiles)
        painter.end()
        return bytes(data.data()).decode("utf-8")

    tiles, outlines = svg_text(True), svg_text(False)
    assert "CC BY 4.0" not in tiles
    assert "no map outlines used" in tiles
    assert "CC BY 4.0" in outlines
    assert "no map outlines used" not in outlines


@pytest.mark.parametrize("state_id", ["ciudad-de-mexico", "tlaxcala", "morelos"])
def test_a_small_state_is_ringed_on_a_locator_a_large_one_is_not(mexico: MexicoMap,
                                                                  state_id: str) -> None:
    """On a 40 mm locator (151 px at 96 dpi) the small central states are a millimetre or
    so: a ring of the state's colour marks them, plenty of its pixels; Chihuahua, large
    enough to see, has none outside its own box."""
    QApplication.instance() or QApplication([])

    def blue_outside(state: str, box: QRectF | None = None) -> int:
        image = QImage(151, 95, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        draw_locator(painter, QRectF(0, 0, 151, 95), mexico, state, MapColours.paper())
        painter.end()
        return sum(1 for x in range(151) for y in range(95)
                   if _near(image.pixelColor(x, y), QColor(YLGNBU_5[-1]), 90)
                   and (box is None or not box.contains(QPointF(x, y))))

    assert blue_outside(state_id) >= 30
    left, top, right, bottom = mexico.state("chihuahua").bounds()
    scale = 151 / 793
    box = QRectF(left * scale, top * scale, (right - left) * scale, (bottom - top) * scale)
    assert blue_outside("chihuahua", box.adjusted(-3, -3, 3, 3)) == 0


@pytest.mark.parametrize("role_colour", ["#ffffff", "#202124"])
@pytest.mark.parametrize("state_id", ["nuevo-leon", "sonora"])
def test_the_keyboard_ring_contrasts_with_the_darkest_and_the_palest_fill(
        mexico: MexicoMap, role_colour: str, state_id: str) -> None:
    """The trial lost the thin black dashes on Nuevo León's dark blue: the ring is two-tone
    (a line of the other ink under the dashes), so on the darkest fill (Nuevo León, 14) and
    on the palest (Sonora, 1), light and dark, many of its pixels inside the state contrast
    3:1 at least with the fill (before: none on Nuevo León, 7 % on Sonora in dark)."""
    import dataclasses

    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(role_colour))
    palette.setColor(QPalette.ColorRole.WindowText,
                     QColor("#000000" if role_colour == "#ffffff" else "#e8eaed"))
    colours = MapColours.from_palette(palette)
    figures = figures_from_facets(mexico, [("Nuevo León", 14), ("Sonora", 1)])
    plain, geometry = _draw(mexico, figures, colours)
    ringed = _draw(mexico, dataclasses.replace(figures, focused=state_id), colours)[0]
    fill = plain.pixelColor(_inside(geometry.main_shape(state_id),
                                    geometry.label_point(state_id)).toPoint())
    path = geometry.main_shape(state_id)
    box = path.boundingRect().toAlignedRect()
    ring = strong = 0
    for x in range(box.left(), box.right() + 1):
        for y in range(box.top(), box.bottom() + 1):
            if not path.contains(QPointF(x + 0.5, y + 0.5)):
                continue
            before, after = plain.pixelColor(x, y), ringed.pixelColor(x, y)
            if _near(before, after, 30):
                continue
            ring += 1
            strong += contrast_ratio(after, fill) >= 3.0
    assert ring > 100, ring
    # (antialiased edges and the dashes of the ink like the fill make up the rest)
    assert strong >= 0.25 * ring, (strong, ring, fill.name())


def test_a_hovered_pale_state_keeps_its_fill_and_gains_an_outline(mexico: MexicoMap) -> None:
    """The trial's hover turned the palest green a grey olive that no legend step has: the
    hover is an outline in the ink that contrasts with the fill, its inside left as the
    legend shows it."""
    rows = [("Sonora", 1), ("Nuevo León", 14)]
    plain, geometry = _draw(mexico, figures_from_facets(mexico, rows))
    hovered = _draw(mexico, figures_from_facets(mexico, rows, highlighted="sonora"))[0]
    inside = _inside(geometry.main_shape("sonora"), geometry.label_point("sonora"))
    assert _pixel(plain, inside).name() == YLGNBU_5[0]
    assert _pixel(hovered, inside).name() == YLGNBU_5[0]
    changed = sum(1 for x in range(hovered.width()) for y in range(hovered.height())
                  if not _near(plain.pixelColor(x, y), hovered.pixelColor(x, y), 60))
    assert changed > 300  # the outline shows
