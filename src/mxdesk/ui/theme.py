"""Light, dark or the system's colours."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

_system: tuple[str, QPalette] | None = None


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
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(_dark_palette())
    elif key == "light":
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(app.style().standardPalette())
    else:
        app.setStyle(QStyleFactory.create(_system[0]) or QStyleFactory.create("Fusion"))
        app.setPalette(_system[1])
