"""Light, dark or the system's colours."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionButton,
    QWidget,
)

_system: tuple[str, QPalette] | None = None

#: How far from the row's colour towards the text's a box's outline is drawn.
OUTLINE_WEIGHT = 0.55


class OutlinedStyle(QProxyStyle):
    """Fusion, with check boxes and radio buttons outlined so that they show.

    Fusion outlines them in the window colour darkened by 40 %: against the rows of a list
    that comes out at under 2:1 in light colours and is all but lost in dark ones (the
    facets' boxes), where WCAG 2.1 (1.4.11) asks 3:1 of a control's outline. The outline is
    drawn from the base and text colours instead, about halfway between them.
    """

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        """Qt: a check box or radio button drawn with the outline described above; every other
        element as Fusion draws it."""
        if element in (QStyle.PrimitiveElement.PE_IndicatorCheckBox,
                       QStyle.PrimitiveElement.PE_IndicatorRadioButton) \
                and isinstance(option, QStyleOptionButton):
            option = QStyleOptionButton(option)
            palette = QPalette(option.palette)
            base = palette.color(QPalette.ColorRole.Base)
            text = palette.color(QPalette.ColorRole.Text)
            outline = QColor.fromRgbF(*(b + OUTLINE_WEIGHT * (t - b) for b, t in (
                (base.redF(), text.redF()), (base.greenF(), text.greenF()),
                (base.blueF(), text.blueF()))))
            # Fusion's outline is the window colour .darker(140) (QFusionStylePrivate::outline).
            for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
                palette.setColor(group, QPalette.ColorRole.Window, outline.lighter(140))
            option.palette = palette
        super().drawPrimitive(element, option, painter, widget)


def _style(name: str) -> QStyle:
    """The style *name* (Fusion if there is none of that name), Fusion with
    :class:`OutlinedStyle`'s outlines."""
    style: QStyle | None = QStyleFactory.create(name)
    if style is None:
        name, style = "Fusion", QStyleFactory.create("Fusion")
    if name.lower() == "fusion":
        return OutlinedStyle(style)
    return style


def _dark_palette() -> QPalette:
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    # Base is lighter than Window: Fusion outlines check boxes with Window darkened, which
    # would vanish on a Base as dark as the window.
    window, base, text = QColor(38, 38, 41), QColor(54, 54, 58), QColor(230, 230, 230)
    p.setColor(role.Window, window)
    p.setColor(role.WindowText, text)
    p.setColor(role.Base, base)
    p.setColor(role.AlternateBase, QColor(61, 61, 66))
    p.setColor(role.ToolTipBase, QColor(60, 60, 64))
    p.setColor(role.ToolTipText, text)
    p.setColor(role.Text, text)
    p.setColor(role.Button, window)
    p.setColor(role.ButtonText, text)
    p.setColor(role.BrightText, QColor(255, 90, 90))
    p.setColor(role.Link, QColor(110, 170, 255))
    p.setColor(role.LinkVisited, QColor(170, 140, 255))
    p.setColor(role.Highlight, QColor(42, 110, 190))
    p.setColor(role.HighlightedText, QColor(255, 255, 255))
    p.setColor(role.PlaceholderText, QColor(160, 160, 165))
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(group.Disabled, r, QColor(120, 120, 120))
    return p


def apply(key: str) -> None:
    """Switch the application to the "system", "light" or "dark" colours."""
    global _system  # the palette to return to: one per process
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if _system is None:
        _system = (app.style().name(), QPalette(app.palette()))
    if key == "dark":
        app.setStyle(_style("Fusion"))
        app.setPalette(_dark_palette())
    elif key == "light":
        app.setStyle(_style("Fusion"))
        app.setPalette(app.style().standardPalette())
    else:
        app.setStyle(_style(_system[0]))
        app.setPalette(_system[1])
