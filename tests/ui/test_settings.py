"""What the window remembers (mxdesk/ui/settings.py), as tables over an INI file; no window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings

from mxdesk.ui.settings import MAX_POINT_SIZE, MIN_POINT_SIZE, WindowSettings, open_settings


def saved(tmp_path: Path, text: str = "") -> WindowSettings:
    """Settings over an INI file that holds *text*."""
    path = tmp_path / "settings.ini"
    path.write_text(text, encoding="utf-8")
    return WindowSettings(QSettings(str(path), QSettings.Format.IniFormat))


def reopened(settings: WindowSettings) -> WindowSettings:
    """The same file read afresh, as the next run reads it."""
    settings.sync()
    return WindowSettings(QSettings(settings.qsettings.fileName(), QSettings.Format.IniFormat))


@pytest.mark.parametrize(("name", "default"), [
    ("paper", "a4"),
    ("with_notes", False),
    ("theme", "system"),
    ("point_size", None),
    ("last_tab", None),
    ("geometry", None),
    ("state", None),
])
def test_defaults(tmp_path: Path, name: str, default: object) -> None:
    assert getattr(saved(tmp_path), name) == default


@pytest.mark.parametrize(("name", "value"), [
    ("paper", "letter"),
    ("paper", "a4"),
    ("with_notes", True),
    ("with_notes", False),
    ("theme", "dark"),
    ("theme", "light"),
    ("theme", "system"),
    ("point_size", 13.0),
    ("point_size", 12.5),
    ("point_size", float(MIN_POINT_SIZE)),
    ("point_size", float(MAX_POINT_SIZE)),
    ("last_tab", "policies"),
    ("last_tab", "notes"),
    ("geometry", QByteArray(b"\x01\xd9\xd0\xcb\x00\x03")),
    ("state", QByteArray(b"\x00\x00\x00\xff")),
])
def test_round_trip(tmp_path: Path, name: str, value: object) -> None:
    settings = saved(tmp_path)
    setattr(settings, name, value)
    assert getattr(settings, name) == value
    assert getattr(reopened(settings), name) == value


@pytest.mark.parametrize(("size", "kept"), [
    (MIN_POINT_SIZE - 1, MIN_POINT_SIZE),
    (-5, MIN_POINT_SIZE),
    (MAX_POINT_SIZE + 0.5, MAX_POINT_SIZE),
    (1000, MAX_POINT_SIZE),
    (10, 10),
])
def test_point_size_is_clamped_when_written(tmp_path: Path, size: float, kept: float) -> None:
    settings = saved(tmp_path)
    settings.point_size = size
    assert reopened(settings).point_size == kept


@pytest.mark.parametrize(("text", "name", "read"), [
    # a hand-edited file: what the window never wrote reads as the default
    ("[text]\npoint_size=abc\n", "point_size", None),
    ("[text]\npoint_size=\n", "point_size", None),
    ("[text]\npoint_size=nan\n", "point_size", None),
    ("[text]\npoint_size=inf\n", "point_size", None),
    ("[text]\npoint_size=3\n", "point_size", MIN_POINT_SIZE),
    ("[text]\npoint_size=99.5\n", "point_size", MAX_POINT_SIZE),
    ("[text]\npoint_size=11.5\n", "point_size", 11.5),
    ("[view]\ntheme=purple\n", "theme", "system"),
    ("[view]\ntheme=Dark\n", "theme", "system"),
    ("[view]\ntheme=dark\n", "theme", "dark"),
    ("[export]\npaper=A3\n", "paper", "a4"),
    ("[export]\npaper=letter\n", "paper", "letter"),
    ("[export]\nwith_notes=yes\n", "with_notes", False),
    ("[export]\nwith_notes=1\n", "with_notes", False),
    ("[export]\nwith_notes=true\n", "with_notes", True),
    ("[window]\ntab=\n", "last_tab", None),
    ("[window]\ngeometry=not bytes\n", "geometry", None),
    ("[window]\nstate=12\n", "state", None),
])
def test_junk_in_the_file_reads_as_the_default(tmp_path: Path, text: str, name: str,
                                               read: object) -> None:
    assert getattr(saved(tmp_path, text), name) == read


@pytest.mark.parametrize(("name", "value"), [
    ("paper", "A3"),
    ("theme", "purple"),
])
def test_a_value_the_window_does_not_offer_is_refused(tmp_path: Path, name: str,
                                                     value: str) -> None:
    settings = saved(tmp_path)
    with pytest.raises(ValueError, match=value):
        setattr(settings, name, value)
    assert not settings.qsettings.allKeys()


def test_open_settings_makes_the_data_folder(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MXDESK_DATA_DIR", str(tmp_path / "new" / "folder"))
    opened = open_settings()
    assert Path(opened.fileName()) == tmp_path / "new" / "folder" / "settings.ini"
    assert opened.format() == QSettings.Format.IniFormat
    assert (tmp_path / "new" / "folder").is_dir()
