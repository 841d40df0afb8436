"""The window's remembered choices: one typed property per key of its settings file."""

from __future__ import annotations

import logging
import math
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

from mxdesk.core import paths
from mxdesk.core.errors import MxdeskError

log = logging.getLogger("mxdesk.ui")

#: The paper sizes a PDF or print can use; the first is the default.
PAPERS: tuple[str, ...] = ("a4", "letter")
#: The colour themes (ui/theme.py); the first is the default.
THEMES: tuple[str, ...] = ("system", "light", "dark")
#: The window's languages (issue 20): the system's, or one chosen; the first is the default.
LANGUAGE_CHOICES: tuple[str, ...] = ("system", "en", "es")
#: The formats File ▸ Export this list… writes; the first is the default.
TABLE_FORMATS: tuple[str, ...] = ("xlsx", "csv")
#: A CSV's separators by the name the settings file keeps: those core/table_export.py writes
#: (not imported from it, which would load the CSV and XLSX code at start-up; a test checks
#: that they agree).
CSV_SEPARATORS: dict[str, str] = {"semicolon": ";", "comma": ",", "tab": "\t"}
#: The text sizes the window allows, in points (View ▸ Larger/Smaller text stops there).
MIN_POINT_SIZE, MAX_POINT_SIZE = 7, 24


def clamp_point_size(size: float) -> float:
    """*size* brought within ``MIN_POINT_SIZE..MAX_POINT_SIZE``."""
    return max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))


class WindowSettings:
    """What the window remembers between runs, read and written through typed properties.

    Each property reads its key on every access, so two windows sharing a file see each
    other's last write. A value in the file that cannot be read (hand-edited, or written by
    another version) reads as the default; it is never raised. Writing a value the window
    does not offer raises :class:`ValueError`.

    The browsing tabs keep their column and splitter layout in groups ``tab-<name>`` of the
    same file (``BrowserTab.save_state``); :attr:`qsettings` is what they are given.
    """

    def __init__(self, qsettings: QSettings) -> None:
        #: The file underneath (an INI file in the user's data folder, see :func:`open_settings`).
        self.qsettings = qsettings

    # -- export --------------------------------------------------------------------------

    @property
    def paper(self) -> str:
        """The paper size of the last brochure, one of :data:`PAPERS` ("a4" by default)."""
        value = self.qsettings.value("export/paper", PAPERS[0])
        return value if value in PAPERS else PAPERS[0]

    @paper.setter
    def paper(self, value: str) -> None:
        """Remember *value*; raises ValueError for a size not in :data:`PAPERS`."""
        if value not in PAPERS:
            raise ValueError(f"unknown paper size {value!r}; expected one of {PAPERS}")
        self.qsettings.setValue("export/paper", value)

    @property
    def with_notes(self) -> bool:
        """Whether fact sheets and brochures include the user's notes (off by default)."""
        return self.qsettings.value("export/with_notes", "false") in (True, "true")

    @with_notes.setter
    def with_notes(self, value: bool) -> None:
        """Remember whether fact sheets and brochures include the notes."""
        self.qsettings.setValue("export/with_notes", "true" if value else "false")

    @property
    def table_format(self) -> str:
        """The format of the last list exported (File ▸ Export this list…): "xlsx" (the
        default) or "csv"."""
        value = self.qsettings.value("export/table_format", "xlsx")
        return value if value in TABLE_FORMATS else TABLE_FORMATS[0]

    @table_format.setter
    def table_format(self, value: str) -> None:
        """Remember *value*; raises ValueError for a format not in :data:`TABLE_FORMATS`."""
        if value not in TABLE_FORMATS:
            raise ValueError(f"unknown table format {value!r}; expected one of {TABLE_FORMATS}")
        self.qsettings.setValue("export/table_format", value)

    @property
    def csv_separator(self) -> str:
        """The separator of the last list exported as CSV, one of :data:`CSV_SEPARATORS`
        (";" by default: what Excel and LibreOffice expect in most of Europe)."""
        value = self.qsettings.value("export/csv_separator", "semicolon")
        return CSV_SEPARATORS.get(value, ";") if isinstance(value, str) else ";"

    @csv_separator.setter
    def csv_separator(self, value: str) -> None:
        """Remember the separator *value* (";", "," or a tab); raises ValueError for another."""
        names = {char: name for name, char in CSV_SEPARATORS.items()}
        if value not in names:
            raise ValueError(f"unknown CSV separator {value!r}; expected ; , or a tab")
        # By name: an INI file would read ";" as the start of a comment.
        self.qsettings.setValue("export/csv_separator", names[value])

    # -- appearance ----------------------------------------------------------------------

    @property
    def theme(self) -> str:
        """The colour theme, one of :data:`THEMES` ("system" by default)."""
        value = self.qsettings.value("view/theme", THEMES[0])
        return value if value in THEMES else THEMES[0]

    @theme.setter
    def theme(self, value: str) -> None:
        """Remember *value*; raises ValueError for a theme not in :data:`THEMES`."""
        if value not in THEMES:
            raise ValueError(f"unknown theme {value!r}; expected one of {THEMES}")
        self.qsettings.setValue("view/theme", value)

    @property
    def language(self) -> str:
        """The window's language, one of :data:`LANGUAGE_CHOICES`: "system" (the default:
        the system locale's, see ui/language.py), "en" or "es"."""
        value = self.qsettings.value("view/language", LANGUAGE_CHOICES[0])
        return value if value in LANGUAGE_CHOICES else LANGUAGE_CHOICES[0]

    @language.setter
    def language(self, value: str) -> None:
        """Remember *value*; raises ValueError for one not in :data:`LANGUAGE_CHOICES`."""
        if value not in LANGUAGE_CHOICES:
            raise ValueError(f"unknown language {value!r}; expected one of {LANGUAGE_CHOICES}")
        self.qsettings.setValue("view/language", value)

    @property
    def pdf_language(self) -> str | None:
        """The language of the last brochure made ("en" or "es"), None before the first:
        the brochure dialog offers it again."""
        value = self.qsettings.value("export/language")
        return value if value in LANGUAGE_CHOICES[1:] else None

    @pdf_language.setter
    def pdf_language(self, value: str) -> None:
        """Remember *value*; raises ValueError for a language other than "en" or "es"."""
        if value not in LANGUAGE_CHOICES[1:]:
            raise ValueError(f"unknown language {value!r}; expected en or es")
        self.qsettings.setValue("export/language", value)

    @property
    def point_size(self) -> float | None:
        """The text size in points, within ``MIN_POINT_SIZE..MAX_POINT_SIZE``; None when the
        user never changed it (or the file holds no number), so the system's size stays."""
        value = self.qsettings.value("text/point_size")
        if value is None:
            return None
        try:
            size = float(value)
        except (TypeError, ValueError):
            size = math.nan
        if not math.isfinite(size):
            log.warning("ignoring bad text size %r in settings", value)
            return None
        return clamp_point_size(size)

    @point_size.setter
    def point_size(self, value: float) -> None:
        """Remember *value* points, clamped to ``MIN_POINT_SIZE..MAX_POINT_SIZE``."""
        self.qsettings.setValue("text/point_size", clamp_point_size(value))

    # -- the window ----------------------------------------------------------------------

    @property
    def list_folder(self) -> Path | None:
        """The folder a list was last exported to (File ▸ Export this list…), or None when
        none was or it is gone."""
        value = self.qsettings.value("export/list_folder")
        if isinstance(value, str) and value and Path(value).is_dir():
            return Path(value)
        return None

    @list_folder.setter
    def list_folder(self, value: Path) -> None:
        """Remember the folder a list was exported to."""
        self.qsettings.setValue("export/list_folder", str(value))

    @property
    def mission_folder(self) -> Path | None:
        """The folder a mission's calendar or papers were last written to (the Mission
        menu), or None when none were or it is gone."""
        value = self.qsettings.value("export/mission_folder")
        if isinstance(value, str) and value and Path(value).is_dir():
            return Path(value)
        return None

    @mission_folder.setter
    def mission_folder(self, value: Path) -> None:
        """Remember the folder a mission's calendar or papers were written to."""
        self.qsettings.setValue("export/mission_folder", str(value))

    @property
    def last_tab(self) -> str | None:
        """The name of the tab in front at the last quit ("clusters", …, "notes"), or None.
        The window checks that such a tab still exists."""
        value = self.qsettings.value("window/tab")
        return value if isinstance(value, str) and value else None

    @last_tab.setter
    def last_tab(self, value: str) -> None:
        """Remember the tab in front by its name."""
        self.qsettings.setValue("window/tab", value)

    @property
    def geometry(self) -> QByteArray | None:
        """``QWidget.saveGeometry()`` at the last quit, or None."""
        value = self.qsettings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        """Remember the window's ``saveGeometry()``."""
        self.qsettings.setValue("window/geometry", value)

    @property
    def state(self) -> QByteArray | None:
        """``QMainWindow.saveState()`` (toolbar and docks) at the last quit, or None."""
        value = self.qsettings.value("window/state")
        return value if isinstance(value, QByteArray) else None

    @state.setter
    def state(self, value: QByteArray) -> None:
        """Remember the window's ``saveState()``."""
        self.qsettings.setValue("window/state", value)

    # -- the directory -------------------------------------------------------------------

    @property
    def last_data_version(self) -> str | None:
        """The data version of the directory the window opened last ("2026.11.2"), or None
        before the first start that remembered one: a newer directory's changes since it are
        told at start (ui/changes_dialog.py)."""
        value = self.qsettings.value("directory/data_version")
        return value.strip() if isinstance(value, str) and value.strip() else None

    @last_data_version.setter
    def last_data_version(self, value: str) -> None:
        """Remember the data version of the directory opened."""
        self.qsettings.setValue("directory/data_version", value)

    def sync(self) -> None:
        """Write what was set to the file now (Qt otherwise writes it later)."""
        self.qsettings.sync()


def open_settings(parent: QWidget | None = None) -> QSettings:
    """The window's settings file, in the user's data folder ($MXDESK_DATA_DIR when set).

    Raises:
        MxdeskError: the data folder does not exist and cannot be made.
    """
    folder = paths.user_data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MxdeskError(f"cannot create the data folder {folder}: {exc}") from exc
    return QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat, parent)
