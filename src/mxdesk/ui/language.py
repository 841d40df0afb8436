"""The window's language (issue 20): which one it starts in, View ▸ Language, Qt's own
catalogue for its standard dialogs and buttons, and switching language without losing the
user's place.

The start-up language is, first to last: ``mxdesk --lang``, the language chosen in View ▸
Language (kept in the settings file), the system's (``$MXDESK_LANG``, ``$LANGUAGE``,
``$LC_ALL``, ``$LC_MESSAGES``, ``$LANG``, else the desktop's user-interface languages as
QLocale reports them: Windows and macOS set no variable).

A switch builds the window again in the new language (every text is looked up where it is
made, so nothing is left in the old one) and puts back where the user was: the tab in front,
each tab's search, ticks, sort and record shown, the map or the table, Back and Forward, the
size and layout. What was typed in the notes is saved first; if it cannot be, the switch does
not happen.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QAction, QActionGroup

from mxdesk.core import i18n
from mxdesk.core.i18n import N_, _, pgettext
from mxdesk.ui.settings import LANGUAGE_CHOICES, WindowSettings

if TYPE_CHECKING:
    from mxdesk.core.browse import View
    from mxdesk.core.records import RecordKey
    from mxdesk.ui.history import History
    from mxdesk.ui.window import MainWindow

log = logging.getLogger("mxdesk.ui")

#: View ▸ Language: each choice's key and its item ("system" reads the system's language).
CHOICES: tuple[tuple[str, str], ...] = (
    ("system", N_("&System language")), ("en", "&English"), ("es", "E&spañol"))
#: Qt's own catalogues a language needs (its standard buttons, dialogs, context menus).
QT_CATALOGUES = ("qtbase",)
_ENVIRONMENT = ("MXDESK_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_translators: list[QTranslator] = []

#: (Qt's context, Qt's source text) -> the text in the current language, for
#: :class:`QtWords`.
QT_WORDS: dict[tuple[str, str], Callable[[], str]] = {
    # Translators: Qt's file dialog's words that Qt's own Spanish catalogue (qtbase_es)
    # leaves in English ("&Look in:", "Files of &type:", "Folder" in the Type column: Qt 6
    # changed their source text) or says in Spain's Spanish ("fichero": Mexico says
    # "archivo"). Keep each & on a letter no other label of the dialog uses (&Guardar,
    # &Abrir, &Nombre).
    ("QFileDialog", "&Look in:"): lambda: pgettext("Qt file dialog", "&Look in:"),
    ("QFileDialog", "Files of &type:"): lambda: pgettext("Qt file dialog", "Files of &type:"),
    ("QFileDialog", "File &name:"): lambda: pgettext("Qt file dialog", "File &name:"),
    ("QFileDialog", "All Files (*)"): lambda: pgettext("Qt file dialog", "All Files (*)"),
    ("QFileDialog", "Show &hidden files"): lambda: pgettext("Qt file dialog",
                                                            "Show &hidden files"),
    ("QFileDialog", "Go to the parent directory"): lambda: pgettext(
        "Qt file dialog", "Go to the parent directory"),
    ("QFileDialog", "%1 already exists.\nDo you want to replace it?"): lambda: pgettext(
        "Qt file dialog", "%1 already exists.\nDo you want to replace it?"),
    ("QFileDialog", "%1\nFile not found.\nPlease verify the correct file name was given."):
        lambda: pgettext("Qt file dialog", "%1\nFile not found.\nPlease verify the correct "
                                           "file name was given."),
    ("QFileSystemModel", "Invalid filename"): lambda: pgettext("Qt file dialog",
                                                               "Invalid filename"),
    ("QAbstractFileIconProvider", "Folder"): lambda: pgettext("Qt file dialog", "Folder"),
    ("QAbstractFileIconProvider", "Drive"): lambda: pgettext("Qt file dialog", "Drive"),
    ("QAbstractFileIconProvider", "Shortcut"): lambda: pgettext("Qt file dialog", "Shortcut"),
    ("QAbstractFileIconProvider", "Unknown"): lambda: pgettext("Qt file dialog", "Unknown"),
}


class QtWords(QTranslator):
    """Qt's words its own catalogue does not say as mxdesk does (:data:`QT_WORDS`), looked
    up in mxdesk's catalogue; every other word falls through to Qt's (issue 20's trial: the
    Spanish file dialog said "Look in:", "Files of type:" and "Folder")."""

    # None, not "": Qt reads None as a null string, "not mine", and asks the next catalogue;
    # "" would be a translation (every other word of Qt's would show empty).
    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        """Qt: *source* of *context* in the current language, or None when it is not one of
        :data:`QT_WORDS` (Qt then asks its own catalogue)."""
        word = QT_WORDS.get((context, source))
        return word() if word is not None else None

    def isEmpty(self) -> bool:
        """Qt: never empty (it holds :data:`QT_WORDS`)."""
        return False
#: The window of this run (it changes at a switch); app.py's timers reach it through here.
_window: list[MainWindow] = []


def system_language() -> str:
    """The system's language: the locale variables where one is set (Linux), else the first
    of the desktop's user-interface languages mxdesk speaks (QLocale.uiLanguages: Windows,
    macOS), else English."""
    if any(os.environ.get(name) for name in _ENVIRONMENT):
        return i18n.system_language()
    for name in QLocale.system().uiLanguages():
        try:
            return i18n.normalise(name)
        except i18n.UnknownLanguageError:
            continue
    return i18n.ENGLISH


def startup_language(settings: WindowSettings, asked: str | None = None) -> str:
    """The language the window starts in: *asked* (``--lang``), else the one chosen in View ▸
    Language, else :func:`system_language`. Returns "en" or "es"."""
    if asked:
        return i18n.normalise(asked)
    chosen = settings.language
    return system_language() if chosen == "system" else chosen


def apply(lang: str) -> str:
    """Speak *lang* from now on: mxdesk's catalogue (core/i18n.py), Qt's own catalogue for its
    standard dialogs and buttons, and QLocale's default (dates typed and shown in the notes, the
    numbers Qt formats) — the system's own locale when it is in that language, else the
    language's CLDR locale (es_MX, en_GB). Returns the normalised language."""
    lang = i18n.set_language(lang)
    app = QCoreApplication.instance()
    for translator in _translators:
        if app is not None:
            QCoreApplication.removeTranslator(translator)
    _translators.clear()
    system = QLocale.system()
    spoken = system.name().split("_")[0]
    # The system's own conventions when it speaks the language (an English window on a "C"
    # locale keeps C's dates, as before issue 20); the language's CLDR locale otherwise.
    if lang == i18n.PSEUDO or spoken == lang or (lang == i18n.ENGLISH and spoken == "C"):
        QLocale.setDefault(system)
    else:
        QLocale.setDefault(QLocale(i18n.cldr_locale(lang)))
    if lang != i18n.ENGLISH and lang != i18n.PSEUDO and app is not None:
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for catalogue in QT_CATALOGUES:
            translator = QTranslator(app)
            if translator.load(f"{catalogue}_{lang}", folder):
                QCoreApplication.installTranslator(translator)
                _translators.append(translator)
            else:
                log.warning("Qt's %s catalogue for %s is missing from %s", catalogue, lang,
                            folder)
        words = QtWords(app)  # installed last, so asked first
        QCoreApplication.installTranslator(words)
        _translators.append(words)
    return lang


def current_window() -> MainWindow | None:
    """The window of this run as it is now (a switch replaces it), None before it is made."""
    return _window[-1] if _window else None


def set_current_window(window: MainWindow) -> None:
    """Remember *window* as this run's window (app.py at start, :func:`switch` after)."""
    _window[:] = [window]


def add_menu(window: MainWindow) -> QActionGroup:
    """View ▸ Language: a checkable item per choice of :data:`CHOICES`, the one kept in the
    settings checked; each switches *window* (:func:`switch`). Returns the group."""
    group = QActionGroup(window)
    chosen = window.window_settings.language
    for key, text in CHOICES:
        action = QAction(_(text), group)
        action.setCheckable(True)
        action.setChecked(key == chosen)
        action.setData(key)
        action.triggered.connect(lambda _checked=False, k=key: switch(window, k))
    menu = window.menus["View"].addMenu(_("&Language"))
    menu.setObjectName("language-menu")
    menu.addActions(group.actions())
    return group


@dataclass
class _TabPlace:
    view: View
    current: RecordKey | None
    on_map: bool


@dataclass
class Place:
    """Where the user is in a window: what a language switch puts back."""

    front: str
    tabs: dict[str, _TabPlace] = field(default_factory=dict)
    history: History | None = None


def capture(window: MainWindow) -> Place:
    """The tab in front (a browsing tab's name, "notes" or "mission") and each browsing tab
    made so far: its search, ticks and sort, its record shown, the map or the table."""
    if window.tabs.mission_in_front():
        front = "mission"
    elif window._notes_in_front():
        front = "notes"
    else:
        front = window.current_tab().name
    place = Place(front, history=window.history)
    for page in window.tab_pages.made():
        switch_ = page.table_or_map
        # The text as typed: a search not yet run (the pause after typing) is kept too.
        view = replace(page.view(), text=page.search_field.text())
        place.tabs[page.name] = _TabPlace(view, page.current,
                                          bool(switch_ and switch_.showing_map()))
    return place


def restore(window: MainWindow, place: Place) -> None:
    """Put *place* back in *window* (made in the new language)."""
    for name, tab_place in place.tabs.items():
        tab = window.tab_pages[name]
        tab.set_view(tab_place.view)
        if tab_place.on_map and tab.table_or_map is not None:
            tab.table_or_map.map_button.click()
        if tab_place.current is not None:
            kind, record_id = tab_place.current
            if kind in tab.spec.kinds:
                tab.open_record(kind, record_id)
            else:
                tab.show_record(kind, record_id)
    if place.front == "notes":
        window.tabs.setCurrentWidget(window.my_notes)
    elif place.front == "mission":
        window.tabs.setCurrentWidget(window.missions.tab)
    elif place.front in window.tab_pages:
        window.tabs.setCurrentWidget(window.tab_pages[place.front])
    if place.history is not None:
        window.history = place.history
        window._update_history_actions()
    # The record shown enables its actions (Export fact sheet, Print, Copy), as a click does.
    window._update_record_actions()


#: Makes the new window at a switch (tests and app.py keep the default: MainWindow itself).
WindowFactory = Callable[["MainWindow"], "MainWindow"]


def _new_window(old: MainWindow) -> MainWindow:
    from mxdesk.ui.window import MainWindow

    return MainWindow(old.directory, old.settings, old.store,
                      background=old.worker is not None)


def switch(window: MainWindow, key: str,
           make: WindowFactory = _new_window) -> MainWindow | None:
    """View ▸ Language ▸ *key* ("system", "en", "es"): remember the choice and, when the
    language changes, show the window again in it, in the same place. Returns the new window,
    or None when nothing had to change or the notes' unsaved text could not be saved (the
    user was told; the language stays as it was)."""
    settings = window.window_settings
    lang = system_language() if key == "system" else i18n.normalise(key)
    if lang == i18n.language():
        settings.language = key
        _check(window, key)
        return None
    if not window.guard.may_close(window.ask_unsaved, window.tell_user):
        _check(window, settings.language)
        return None
    settings.language = key
    place = capture(window)
    window.save_settings()
    apply(lang)
    new = make(window)
    restore(new, place)
    new.show()
    set_current_window(new)
    # The old window goes: its close saves nothing new (all was saved above) and stops its
    # threads; the new one is shown first, so the application does not quit in between.
    window.ask_unsaved = lambda _text: "discard"
    window.close()
    window.deleteLater()
    new.statusBar().showMessage(_("Language: {language}").format(
        language=i18n.NATIVE_NAMES[lang]), 6000)
    return new


def _check(window: MainWindow, key: str) -> None:
    group = getattr(window, "language_actions", None)
    if group is not None:
        for action in group.actions():
            action.setChecked(action.data() == key)


assert {key for key, _text in CHOICES} == set(LANGUAGE_CHOICES)
