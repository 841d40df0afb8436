"""Fixtures for the window tests: a real window over the committed directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from mxdesk.core.directory import Directory
from mxdesk.core.notes import NotesStore
from mxdesk.ui import theme
from mxdesk.ui.window import MainWindow


@pytest.fixture(autouse=True)
def _language_and_locale_restored() -> Iterator[None]:
    """A test that switched the window's language (ui/language.py: mxdesk's and Qt's
    catalogues, QLocale's default) leaves the next one as it found it."""
    from PySide6.QtCore import QLocale

    from mxdesk.ui import language

    before = QLocale()
    yield
    language.apply("en")
    QLocale.setDefault(before)


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[NotesStore]:
    opened = NotesStore(tmp_path / "notes.db")
    yield opened
    opened.close()


@pytest.fixture
def make_window(qtbot: QtBot, directory: Directory, settings_path: Path,
                store: NotesStore) -> Iterator[object]:
    made: list[MainWindow] = []

    def make(background: bool = False) -> MainWindow:
        """A window; *background* runs searches on the query thread as the app does
        (tests/ui/test_background.py), otherwise at once, for step-by-step checks."""
        settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        win = MainWindow(directory, settings, store, background=background)
        # pytest-qt closes the window after the test: one that left typing unsaved must not
        # wait on the quit question (tests of that question answer it themselves).
        win.ask_unsaved = lambda _text: "discard"  # type: ignore[method-assign]
        qtbot.addWidget(win)
        win.show()
        made.append(win)
        return win

    yield make
    theme.apply("system")


@pytest.fixture
def window(make_window: object) -> MainWindow:
    return make_window()  # type: ignore[operator,no-any-return]
