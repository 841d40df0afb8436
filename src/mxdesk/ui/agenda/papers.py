"""The Mission menu's calendar and papers (issue 18), for the mission the Mission tab shows:
its meetings written as an iCalendar file (:mod:`mxdesk.core.mission.ical`), a calendar read
in (its plan shown and confirmed first, in the notes import's dialog), the day sheets as PDF
(every day, or the day selected, on the paper of the last brochure) and the report as PDF or
Excel (:mod:`mxdesk.export.agenda`, :mod:`mxdesk.export.report`). The Save dialogs start in
the folder the last of them was written to.

Every question goes through :class:`PaperPrompts`, so tests answer without a dialog;
expected failures (a file not written, a malformed calendar) are told through its ``tell``
and change nothing; what was written is said in the status bar (:attr:`MissionPapers.message`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from mxdesk.core import i18n
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _, ngettext

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow

    from mxdesk.core.directory import Directory
    from mxdesk.core.mission.ical import CalendarFile
    from mxdesk.core.mission.records import Mission
    from mxdesk.core.notes import NotesStore
    from mxdesk.ui.agenda.views import MissionViews
    from mxdesk.ui.settings import WindowSettings

log = logging.getLogger("mxdesk.export")

#: The day sheets' question: every day of the mission, only the day selected, or cancel.
DaysAnswer = Literal["all", "day"] | None


@dataclass
class PaperPrompts:
    """How the Mission menu's calendar and papers ask the user; each is a callable, so a
    test answers without a dialog (:func:`dialog_prompts` gives the real ones).

    Attributes:
        save_path: (suggested file name, ending .ics, .pdf or .xlsx) -> where to write,
            None when cancelled.
        open_path: () -> the .ics file to import, None when cancelled.
        confirm: (the import's plan, in words) -> True to import, False to cancel.
        choose_days: (the day selected, as "Tue 14 Jul") -> "all", "day", None (cancel).
        tell: (title, text) -> None: a warning the user must read.
    """

    save_path: Callable[[str], Path | None]
    open_path: Callable[[], Path | None]
    confirm: Callable[[str], bool]
    choose_days: Callable[[str], DaysAnswer]
    tell: Callable[[str, str], None]


def ask_calendar_file(parent: QWidget, folder: Path) -> Path | None:
    """The Open dialog of Mission ▸ Import calendar…, starting in *folder*."""
    from PySide6.QtWidgets import QFileDialog

    chosen, _filter = QFileDialog.getOpenFileName(
        parent, _("Import calendar"), str(folder),
        _("iCalendar files (*.ics *.ical *.ifb *.icalendar);;All files (*)"))
    return Path(chosen) if chosen else None


def choose_days(parent: QWidget, day: str) -> DaysAnswer:
    """Ask whether the day sheets are of every day or only *day* (the one selected)."""
    box = QMessageBox(QMessageBox.Icon.Question, _("Day sheets as PDF"),
                      _("Print the day sheets of every day of the mission, or only of {day}?")
                      .format(day=day),
                      QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    every = box.addButton(_("Every day"), QMessageBox.ButtonRole.AcceptRole)
    # Translators: a button: {day} is "Tue 14 Jul".
    only = box.addButton(_("Only {day}").format(day=day), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(every)
    box.exec()
    clicked = box.clickedButton()
    return "all" if clicked is every else "day" if clicked is only else None


def dialog_prompts(parent: QWidget, folder: Callable[[], Path],
                   tell: Callable[[str, str], None]) -> PaperPrompts:
    """The real dialogs over *parent*; the Save and Open dialogs start in *folder* (asked
    when they open); warnings go to *tell* (the window's, shared with its other commands)."""
    def save_path(suggested: str) -> Path | None:
        from mxdesk.ui.pdf_dialogs import ask_save_path

        return ask_save_path(parent, folder())(suggested)

    def confirm(summary: str) -> bool:
        from mxdesk.ui.notes.importing import ask_to_import

        return ask_to_import(parent, summary, _("Import calendar"))

    return PaperPrompts(save_path, lambda: ask_calendar_file(parent, folder()), confirm,
                        lambda day: choose_days(parent, day), tell)


def file_name(mission: Mission, what: str, suffix: str) -> str:
    """The file name offered: the mission's name, then *what*, in ASCII words
    ("mxdesk-queretaro-monterrey-july-2026-day-sheets.pdf")."""
    from mxdesk.core.sheets import default_file_name
    from mxdesk.core.text import slug

    return f"{default_file_name(mission.name).removesuffix('.pdf')}-{slug(what)}{suffix}"


#: The window's actions that the Mission tab's Calendar and papers button lists.
PAPER_ACTIONS = ("export_calendar", "import_calendar", "day_sheets", "report_pdf",
                 "report_xlsx", "mission_brochure")


def for_window(window: QMainWindow, store: NotesStore, directory: Directory,
               settings: WindowSettings, views: MissionViews, actions: dict[str, QAction],
               tell: Callable[[str, str], None], documents: Path) -> MissionPapers:
    """The calendar and papers of *window*: its real dialogs (the Save and Open dialogs
    start where the last was written, else in *documents*), warnings through *tell*, what
    was written in its status bar; the Mission tab's button lists the Mission menu's items
    (of *actions*, the window's actions by name)."""
    prompts = dialog_prompts(window, lambda: settings.mission_folder or documents, tell)
    papers = MissionPapers(window, store, directory, settings, views, prompts)
    papers.message.connect(lambda text, ms: window.statusBar().showMessage(text, ms))
    views.set_paper_actions([actions[n] for n in PAPER_ACTIONS])
    return papers


class MissionPapers(QObject):
    """The Mission menu's calendar, day sheets and report, of one window.

    Signals:
        message(str, int): what was written (or why nothing was), for the status bar, and
            for how long (ms).
    """

    message = Signal(str, int)

    def __init__(self, parent: QWidget, store: NotesStore, directory: Directory,
                 settings: WindowSettings, views: MissionViews, prompts: PaperPrompts,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self._parent = parent
        self.store = store
        self.directory = directory
        self.settings = settings
        self.views = views
        #: How it asks; tests replace its answers.
        self.prompts = prompts
        self.today = today
        #: The last file written (None until one is).
        self.last_written: Path | None = None

    # -- which mission ------------------------------------------------------------------

    def mission(self) -> Mission | None:
        """The mission the Mission tab shows, as stored now; None (said in the status bar)
        when there is none."""
        shown = self.views.tab.mission
        try:
            found = self.store.mission(int(shown.id or 0)) if shown is not None else None
        except MxdeskError as exc:
            self.prompts.tell(_("Your missions"), str(exc))
            return None
        if found is None:
            self.message.emit(_("No mission yet: make one with Mission ▸ New mission…, or "
                                "import a calendar"), 8000)
        return found

    def _written(self, path: Path, text: str) -> None:
        self.last_written = path
        self.settings.mission_folder = path.parent  # the next Save dialog starts there
        self.message.emit(text, 10000)

    def _write(self, make: Callable[[], object], failed: str) -> object | None:
        """Run *make* (a writer) under the wait cursor; an expected failure is told (titled
        *failed*) and gives None."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return make()
        except MxdeskError as exc:
            refused: MxdeskError | None = exc
        finally:
            QApplication.restoreOverrideCursor()
        self.prompts.tell(failed, str(refused))  # (after the cursor is back)
        return None

    # -- the calendar ---------------------------------------------------------------------

    def export_calendar(self) -> Path | None:
        """Mission ▸ Export calendar…: the mission's meetings as an .ics file (cancelled ones
        as cancelled), where the user says; returns the path written, None otherwise."""
        from mxdesk.core.mission import ical

        mission = self.mission()
        if mission is None:
            return None
        path = self.prompts.save_path(file_name(mission, "calendar", ".ics"))
        if path is None:
            return None
        count = self._write(lambda: ical.export_ics(self.store, mission, path),
                            _("The calendar was not written"))
        if count is None:
            return None
        assert isinstance(count, int)
        cancelled = sum(1 for m in self.store.meetings(mission_id=mission.id) if m.cancelled)
        meetings = ngettext("{n} meeting", "{n} meetings", count).format(n=i18n.number(count))
        if cancelled:
            meetings += " (" + ngettext("{n} cancelled", "{n} cancelled", cancelled).format(
                n=i18n.number(cancelled)) + ")"
        # Translators: {meetings} "12 meetings" or "12 meetings (1 cancelled)".
        self._written(path, _("Wrote {meetings} of “{mission}” to {path}").format(
            meetings=meetings, mission=mission.name, path=path))
        return path

    def _joining(self, calendar: CalendarFile) -> Mission | None:
        """The mission new meetings join, as ``mxdesk agenda import`` chooses it: the one
        the file names (None: the plan finds it), else the one the tab shows."""
        from mxdesk.core.text import fold

        missions = self.store.missions()
        if any(m.uid == calendar.mission_uid or (calendar.name and fold(m.name) ==
                                                 fold(calendar.name)) for m in missions):
            return None
        return self.views.tab.mission

    def import_calendar(self) -> tuple[int, int] | None:
        """Mission ▸ Import calendar…: read an .ics file, show what it would add, update and
        skip (and how its times were read), and write it once confirmed. A malformed file is
        told, naming the event and the line, and nothing changes. Returns (added, updated),
        None when nothing was written."""
        from mxdesk.core.mission import ical

        if self.store.read_only:
            self.prompts.tell(_("Nothing was imported"), _(
                "Your notes are read-only here: {why}; nothing was changed.").format(
                why=self.store.read_only))
            return None
        path = self.prompts.open_path()
        if path is None:
            return None
        try:
            calendar = ical.read_ics(path)
            plan = ical.plan_ics(self.store, calendar, self._joining(calendar))
        except MxdeskError as exc:
            self.prompts.tell(_("Nothing was imported"), str(exc))
            return None
        if plan.empty:
            self.prompts.tell(_("Nothing to import"), plan.summary())
            return None
        if not self.prompts.confirm(plan.summary() + "\n\n"
                                    + _("Nothing has been written yet.")):
            self.message.emit(_("Nothing was imported: your agenda is as it was"), 8000)
            return None
        try:
            added, updated = ical.apply_ics(self.store, plan)
        except MxdeskError as exc:
            self.prompts.tell(_("Nothing was imported"), str(exc))
            return None
        joined = plan.mission or plan.new_mission
        target = next((m for m in self.store.missions() if joined and m.uid == joined.uid),
                      None)
        tab = self.views.tab
        if target is not None:
            tab.show_mission(int(target.id or 0))
        else:
            tab.reload()
        tab.changed.emit()  # (every other view follows)
        self.views.bringToFront.emit()
        if target:
            text = _("Imported {file} into “{mission}”: {added} added, {updated} updated")
        else:
            text = _("Imported {file}: {added} added, {updated} updated")
        self.message.emit(text.format(file=path.name, mission=target.name if target else "",
                                      added=i18n.number(added), updated=i18n.number(updated)),
                          10000)
        return added, updated

    # -- the papers -----------------------------------------------------------------------

    def day_sheets(self) -> Path | None:
        """Mission ▸ Day sheets as PDF…: every day's sheet, or only the day selected (asked
        when a day is selected and the mission has meetings on several), on the paper of the
        last brochure. Returns the path written, None otherwise."""
        from mxdesk.core.mission.wording import dated
        from mxdesk.export.agenda import write_day_sheets

        mission = self.mission()
        if mission is None:
            return None
        tab = self.views.tab
        chosen = None if tab.overdue_only.isChecked() else tab.current_day()
        days: list[dt.date] | None = None
        held = {m.start.date() for m in self.store.meetings(mission_id=mission.id)}
        if chosen is not None and len(held) > 1:
            day = dt.date.fromisoformat(chosen)
            answer = self.prompts.choose_days(dated(day, "%a %d %b"))
            if answer is None:
                return None
            days = [day] if answer == "day" else None
        what = f"day sheet {days[0].isoformat()}" if days else "day sheets"  # the file's name
        path = self.prompts.save_path(file_name(mission, what, ".pdf"))
        if path is None:
            return None
        result = self._write(lambda: write_day_sheets(
            self.store, self.directory, mission, path, self.settings.paper, days),
            _("The day sheets were not written"))
        if result is None:
            return None
        pages = getattr(result, "pages", 0)
        if days:
            text = ngettext("Wrote the day sheet {day} of “{mission}” to {path} ({n} page)",
                            "Wrote the day sheet {day} of “{mission}” to {path} ({n} pages)",
                            pages)
        else:
            text = ngettext("Wrote the day sheets of “{mission}” to {path} ({n} page)",
                            "Wrote the day sheets of “{mission}” to {path} ({n} pages)", pages)
        self._written(path, text.format(day=days[0].isoformat() if days else "",
                                        mission=mission.name, path=path,
                                        n=i18n.number(pages)))
        return path

    def report(self, suffix: Literal[".pdf", ".xlsx"]) -> Path | None:
        """Mission ▸ Mission report as PDF… / as Excel…: the report written today (meetings
        held, outcomes, next steps by due date, contacts met). Returns the path written."""
        from mxdesk.export.report import write_report_pdf, write_report_xlsx

        mission = self.mission()
        if mission is None:
            return None
        path = self.prompts.save_path(file_name(mission, "report", suffix))
        if path is None:
            return None
        write = write_report_pdf if suffix == ".pdf" else write_report_xlsx
        result = self._write(lambda: write(self.store, self.directory, mission, path,
                                           self.today()), _("The report was not written"))
        if result is None:
            return None
        pages = getattr(result, "pages", 0)
        if pages:
            text = ngettext("Wrote the report of “{mission}” to {path} ({n} page)",
                            "Wrote the report of “{mission}” to {path} ({n} pages)", pages)
        else:
            text = _("Wrote the report of “{mission}” to {path}")
        self._written(path, text.format(mission=mission.name, path=path, n=i18n.number(pages)))
        return path
