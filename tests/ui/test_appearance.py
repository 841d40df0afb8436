"""Text size and colours (mxdesk/ui/appearance.py), as tables of steps; no window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from mxdesk.ui import theme
from mxdesk.ui.appearance import Appearance
from mxdesk.ui.settings import MAX_POINT_SIZE, MIN_POINT_SIZE, WindowSettings


@pytest.fixture
def settings(tmp_path: Path, qapp: QApplication) -> Iterator[WindowSettings]:
    yield WindowSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    theme.apply("system")  # the palette belongs to the whole application


def play(appearance: Appearance, steps: str) -> list[float]:
    """Run *steps* ("+ + - 0": larger, larger, smaller, normal); the sizes signalled."""
    signalled: list[float] = []
    appearance.pointSizeChanged.connect(signalled.append)
    run = {"+": appearance.zoom_in, "-": appearance.zoom_out, "0": appearance.zoom_reset}
    for step in steps.split():
        run[step]()
    return signalled


@pytest.mark.parametrize(("base", "steps", "signalled"), [
    (10, "", []),
    (10, "+", [11]),
    (10, "+ + -", [11, 12, 11]),
    (10, "- -", [9, 8]),
    (10, "+ + 0", [11, 12, 10]),
    (10.5, "+", [11.5]),
    (MAX_POINT_SIZE, "+", [MAX_POINT_SIZE]),
    (MIN_POINT_SIZE, "- -", [MIN_POINT_SIZE, MIN_POINT_SIZE]),
    (MIN_POINT_SIZE + 1, "- - +", [MIN_POINT_SIZE, MIN_POINT_SIZE, MIN_POINT_SIZE + 1]),
    # a system size outside the range is brought within it on the first change
    (40, "-", [MAX_POINT_SIZE]),
    (3, "0", [MIN_POINT_SIZE]),
])
def test_text_size(settings: WindowSettings, base: float, steps: str,
                   signalled: list[float]) -> None:
    appearance = Appearance(settings, base)
    assert play(appearance, steps) == signalled
    assert appearance.point_size == (signalled[-1] if signalled else base)
    assert settings.point_size == (signalled[-1] if signalled else None)


@pytest.mark.parametrize(("text", "theme_key", "size"), [
    ("", "system", None),
    ("[view]\ntheme=dark\n[text]\npoint_size=15\n", "dark", 15),
    ("[view]\ntheme=purple\n[text]\npoint_size=abc\n", "system", None),
    ("[text]\npoint_size=2\n", "system", MIN_POINT_SIZE),
])
def test_restore(tmp_path: Path, qapp: QApplication, text: str, theme_key: str,
                 size: float | None) -> None:
    (tmp_path / "settings.ini").write_text(text, encoding="utf-8")
    settings = WindowSettings(QSettings(str(tmp_path / "settings.ini"),
                                        QSettings.Format.IniFormat))
    appearance = Appearance(settings, 10)
    themes: list[str] = []
    appearance.themeChanged.connect(themes.append)
    sizes = play(appearance, "")
    try:
        appearance.restore()
    finally:
        theme.apply("system")
    assert themes == [theme_key]
    assert sizes == ([] if size is None else [size])
    assert appearance.point_size == (10 if size is None else size)


@pytest.mark.parametrize(("key", "dark"), [("dark", True), ("light", False)])
def test_theme(settings: WindowSettings, qapp: QApplication, key: str, dark: bool) -> None:
    appearance = Appearance(settings, 10)
    themes: list[str] = []
    appearance.themeChanged.connect(themes.append)
    appearance.set_theme(key)
    assert themes == [key]
    assert appearance.theme == settings.theme == key
    base = qapp.palette().color(QPalette.ColorRole.Base)
    assert (base.lightness() < 128) is dark


def test_an_unknown_theme_changes_nothing(settings: WindowSettings) -> None:
    appearance = Appearance(settings, 10)
    themes: list[str] = []
    appearance.themeChanged.connect(themes.append)
    with pytest.raises(ValueError, match="purple"):
        appearance.set_theme("purple")
    assert themes == []
    assert appearance.theme == "system"
    assert not settings.qsettings.allKeys()
