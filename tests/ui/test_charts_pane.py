"""Charts in the detail pane (issue 19): a sector's, the Industry 4.0 theme's and Mexico's
comparable figures drawn above their figures table, as images at the screen's pixel ratio in
the palette's colours; the table of numbers stays."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtWidgets import QTabBar, QToolBar
from pytestqt.qtbot import QtBot

from mxdesk.export.drawings import colours_of
from mxdesk.ui import theme
from mxdesk.ui.detail import DetailPane
from mxdesk.ui.window import MainWindow
from tests.ui.test_i14_tabs import click_row


def _image(pane: DetailPane, name: str) -> QImage:
    found = pane.document().resource(QTextDocument.ResourceType.ImageResource,
                                     QUrl(f"drawing:{name}"))
    assert isinstance(found, QImage), name
    return found


def _img_tags(pane: DetailPane) -> list[tuple[str, float, float]]:
    """(name, width, height) of each chart's image in the pane's document."""
    out = []
    block = pane.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat() and fmt.toImageFormat().name().startswith("drawing:"):
                image = fmt.toImageFormat()
                out.append((image.name().removeprefix("drawing:"), image.width(),
                            image.height()))
            it += 1
        block = block.next()
    return out


def _open_sectors_tab(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.tabs.findChild(QTabBar)
    index = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == "Sectors")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.tab_pages["sectors"])


def test_a_sector_row_clicked_shows_its_charts_and_its_table(qtbot: QtBot,
                                                             window: MainWindow) -> None:
    window.resize(1366, 768)
    _open_sectors_tab(qtbot, window)
    tab = window.tab_pages["sectors"]
    click_row(qtbot, tab, "industry-4-0")
    qtbot.waitUntil(lambda: tab.current == ("sector", "industry-4-0"))
    pane = tab.detail
    tags = _img_tags(pane)
    assert [t[0] for t in tags] == ["chart-1", "chart-2", "chart-3"]
    ratio = pane.devicePixelRatioF()
    for name, width, height in tags:
        image = _image(pane, name)
        # Drawn for the place the text keeps, at the screen's pixel ratio.
        assert abs(image.width() - round(width * ratio)) <= 1
        assert abs(image.height() - round(height * ratio)) <= 1
        assert 160 <= width <= pane.viewport().width()
        assert height > 100
    # The words of each chart are the image's alternative text; the table still lists them.
    html = pane.toHtml()
    assert "i4.0 competitiveness clusters by state — clusters of 35, as printed in " \
           "April 2018: Nuevo León 6 [1]" in html
    text = pane.toPlainText()
    assert "i4.0 clusters working on digital factories" in text  # the figures table
    assert "29 of 35 clusters" in text


def test_mexico_at_a_glance_charts_its_trade_and_investment(qtbot: QtBot,
                                                            window: MainWindow) -> None:
    toolbar = window.findChild(QToolBar, "navigation-toolbar")
    qtbot.mouseClick(toolbar.widgetForAction(window.named_actions["glance"]),
                     Qt.MouseButton.LeftButton)
    pane = window.tab_pages["clusters"].detail
    qtbot.waitUntil(lambda: bool(_img_tags(pane)))
    assert len(_img_tags(pane)) == 4
    assert "EU–Mexico FDI balance — billion EUR, 2016: EU investment in Mexico €137.3 " \
           "billion" in pane.toHtml()
    assert "€137.3 billion" in pane.toPlainText()  # the table keeps the number


def _lightness_of_ink(image: QImage, paper: QColor) -> float:
    """The mean lightness of the image's opaque pixels farthest from the paper: its text."""
    values = []
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            colour = image.pixelColor(x, y)
            if colour.alpha() > 230 and colour.saturation() < 40:  # text, not the blue bars
                values.append(colour.lightness())
    assert values
    return sum(values) / len(values)


def test_dark_charts_write_light_text(qtbot: QtBot, window: MainWindow) -> None:
    window.navigate("sector", "industry-4-0")
    pane = window.tab_pages["sectors"].detail
    light_text = _lightness_of_ink(_image(pane, "chart-1"), QColor("white"))
    theme.apply("dark")
    qtbot.waitUntil(lambda: pane.palette().color(pane.palette().ColorRole.Base).lightness()
                    < 128)
    qtbot.waitUntil(lambda: _lightness_of_ink(_image(pane, "chart-1"), QColor("black")) > 150)
    colours = colours_of(pane.palette())
    assert colours.dark
    # The text's colour stands out from the pane's background (WCAG contrast ≥ 4.5).
    assert _contrast(colours.text, colours.paper) >= 4.5
    assert _contrast(colours.ink, colours.paper) >= 3  # the bars too
    assert light_text < 110  # and in the light theme, it was dark


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return (0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
                + 0.0722 * channel(c.blueF()))
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
