"""A window's text size (larger, smaller, normal) and colour theme, remembered between runs."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from mxdesk.ui import theme
from mxdesk.ui.settings import THEMES, WindowSettings, clamp_point_size


class Appearance(QObject):
    """The text size and colours a window shows, kept in its :class:`WindowSettings`.

    It changes the colours of the whole application (``ui/theme.py``) and remembers both
    choices; the window listens and resizes or redraws what it shows.

    Signals:
        pointSizeChanged(float): the new text size in points, within
            ``MIN_POINT_SIZE..MAX_POINT_SIZE`` (emitted on every change, even to the same size).
        themeChanged(str): the theme switched to, one of ``settings.THEMES``.
    """

    pointSizeChanged = Signal(float)
    themeChanged = Signal(str)

    def __init__(self, settings: WindowSettings, base_point_size: float,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        #: The system's text size: where View ▸ Normal text size returns to.
        self.base_point_size = base_point_size
        #: The text size shown now, in points.
        self.point_size = base_point_size
        #: The theme shown now, one of ``settings.THEMES``.
        self.theme = THEMES[0]

    def restore(self) -> None:
        """Show the theme and text size of the last run (the system's when none was kept)."""
        self.set_theme(self._settings.theme)
        size = self._settings.point_size
        if size is not None:
            self.set_point_size(size)

    def set_point_size(self, size: float) -> None:
        """Show text at *size* points, brought within ``MIN_POINT_SIZE..MAX_POINT_SIZE``."""
        self.point_size = clamp_point_size(size)
        self._settings.point_size = self.point_size
        self.pointSizeChanged.emit(self.point_size)

    def zoom_in(self) -> None:
        """One point larger (no larger than ``MAX_POINT_SIZE``)."""
        self.set_point_size(self.point_size + 1)

    def zoom_out(self) -> None:
        """One point smaller (no smaller than ``MIN_POINT_SIZE``)."""
        self.set_point_size(self.point_size - 1)

    def zoom_reset(self) -> None:
        """Back to the system's text size."""
        self.set_point_size(self.base_point_size)

    def set_theme(self, key: str) -> None:
        """Switch the application to the colours *key*: "system", "light" or "dark".

        Raises:
            ValueError: *key* is none of ``settings.THEMES`` (nothing is changed).
        """
        if key not in THEMES:
            raise ValueError(f"unknown theme {key!r}; expected one of {THEMES}")
        theme.apply(key)
        self.theme = key
        self._settings.theme = key
        self.themeChanged.emit(key)
