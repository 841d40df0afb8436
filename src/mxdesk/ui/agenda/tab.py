"""The Mission tab: choose a mission (New…, Edit… its name, days and home zone, Delete), read
its agenda day by day with the checks' flags and free periods, add, edit and delete meetings
from the keyboard, and mark a next step done (from the overdue view too).

Keys (in the tab): Insert (and the window's Ctrl+N) a new meeting on the day selected, Enter
edits, Delete deletes (Ctrl+Z brings it back), Alt+U the meeting's cluster in the Clusters
tab, Alt+T its contact in My notes; the window's Mission menu adds Ctrl+PgUp/Ctrl+PgDown,
the previous or next day, and its calendar and papers (ui/agenda/papers.py) are on the
"Calendar and papers" button.

Over ~450 lines: one widget whose methods are each a command of the tab; the logic they call
lives in core/mission (day_rows, follow_up) and the dialogs in their own modules."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core import i18n
from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _, ngettext, pgettext
from mxdesk.core.mission.day_rows import agenda_days, directory_states
from mxdesk.core.mission.records import Meeting, Mission
from mxdesk.core.mission.wording import dated
from mxdesk.core.notes import NotesStore
from mxdesk.ui.agenda.fields import contact_name, system_home_zone
from mxdesk.ui.agenda.meeting_dialog import MeetingDialog
from mxdesk.ui.agenda.mission_dialog import MissionAnswer, MissionDialog
from mxdesk.ui.agenda.model import (
    COLUMNS,
    AgendaModel,
    DayRole,
    MeetingIdRole,
    RowKindRole,
)
from mxdesk.ui.messages import plain_tip
from mxdesk.ui.notes.guard import Deletion
from mxdesk.ui.notes.models import ClusterNames

if TYPE_CHECKING:
    from mxdesk.ui.agenda.share_dialog import ShareDialog

log = logging.getLogger("mxdesk.ui")

#: The notes setting that remembers the mission shown (its uid).
CURRENT_MISSION = "current_mission"
#: The columns' widths at first (px at the default text size); Checks takes the rest.
WIDTHS = {0: 128, 1: 104, 2: 250, 3: 170, 4: 180, 5: 130, 6: 84}


@dataclass
class MissionPrompts:
    """How the tab asks the user; tests replace an answer without a dialog.

    Attributes:
        ask_mission: (title, defaults, intro) -> the answer, None when cancelled.
        edit_meeting: (the dialog, made and filled) -> whether it was saved.
    """

    ask_mission: Callable[[str, MissionAnswer, str], MissionAnswer | None]
    edit_meeting: Callable[[MeetingDialog], bool]


def dialog_prompts(parent: QWidget) -> MissionPrompts:
    """The real dialogs, over *parent*."""
    def ask_mission(title: str, defaults: MissionAnswer, intro: str) -> MissionAnswer | None:
        dialog = MissionDialog(title, defaults, intro, parent)
        accepted = dialog.exec() == MissionDialog.DialogCode.Accepted
        dialog.deleteLater()
        return dialog.answer if accepted else None

    def edit_meeting(dialog: MeetingDialog) -> bool:
        return dialog.exec() == MeetingDialog.DialogCode.Accepted

    return MissionPrompts(ask_mission, edit_meeting)


class MissionTab(QWidget):
    """A mission's agenda, day by day.

    Signals:
        deleted(object): a :class:`~mxdesk.ui.notes.guard.Deletion` for Edit ▸ Undo.
        changed(): the tab wrote the notes (a mission or a meeting).
        openCluster(str): show this cluster (by id) in the Clusters tab.
        openContact(str): show this contact (by row id, as text) in My notes.
        refused(str): a write the notes file refused, for the user.
        statusChanged(str): the tab's status line (the mission's counts).
    """

    deleted = Signal(object)
    changed = Signal()
    openCluster = Signal(str)
    openContact = Signal(str)
    refused = Signal(str)
    statusChanged = Signal(str)

    def __init__(self, store: NotesStore, directory: Directory,
                 prompts: MissionPrompts | None = None, parent: QWidget | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.name = "mission"
        self.store = store
        self.directory = directory
        self.prompts = prompts or dialog_prompts(self)
        self.today = today
        #: The aware time now, for the meeting dialog's "done only once started" (a test
        #: sets another clock).
        self.now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
        self.status = ""
        self.names = ClusterNames(directory)
        #: A cluster's state, for the travel check between cities.
        self.state_of = directory_states(directory)
        self.mission: Mission | None = None
        self._meetings: list[Meeting] = []
        self._build()
        self._connect()
        self.reload()

    # -- the widgets ----------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Mission:"), self))
        self.chooser = QComboBox(self)
        self.chooser.setAccessibleName(pgettext("noun", "Mission"))
        self.chooser.setMinimumContentsLength(34)
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        top.addWidget(self.chooser)
        self.new_mission_button = QPushButton(_("New mission…"), self)
        self.rename_button = QPushButton(_("Edit mission…"), self)
        self.rename_button.setToolTip(_("Change the mission's name, first and last days and "
                                        "home time zone"))
        self.delete_mission_button = QPushButton(_("Delete mission"), self)
        self.delete_mission_button.setToolTip(_("Delete the mission and its meetings "
                                                "(Ctrl+Z brings them back)"))
        #: Share… (issue 21): the share dialog of the mission shown.
        self.share_button = QPushButton(_("Share…"), self)
        self.share_button.setToolTip(_("Share the mission's contacts and agenda with the "
                                       "delegation (CardDAV, CalDAV)"))
        for button in (self.new_mission_button, self.rename_button,
                       self.delete_mission_button, self.share_button):
            top.addWidget(button)
        self.about = QLabel(self)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        # Wrapped, not one line: Spanish's "Aún no hay misiones: Nueva misión… o Crear una
        # misión… en una lista corta" on one line made the window 1406 px wide (issue 20's
        # trial), cutting the row's checkbox and the papers button off a 1366-px screen.
        self.about.setWordWrap(True)
        top.addWidget(self.about, 1)
        self.overdue_only = QCheckBox(_("Only overdue next steps"), self)
        self.overdue_only.setToolTip(_("Show only the meetings whose next step is past its "
                                       "due date, of every mission"))
        top.addWidget(self.overdue_only)
        layout.addLayout(top)
        #: The mission's share status, one line, shown only when it is linked.
        self.share_line = QLabel(self)
        self.share_line.setObjectName("share-status-line")
        self.share_line.setTextFormat(Qt.TextFormat.PlainText)
        self.share_line.hide()
        layout.addWidget(self.share_line)
        #: The share dialog open (None when none is).
        self.share_dialog: ShareDialog | None = None
        #: Saves what the notes' editors hold before a sync reads the notes (the window's).
        self.flush_notes: Callable[[], None] = lambda: None

        self.model = AgendaModel(self)
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(_("Agenda, day by day"))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAllColumnsShowFocus(True)
        self.view.setUniformRowHeights(True)
        self.view.setExpandsOnDoubleClick(False)
        self.view.setItemsExpandable(False)
        self.view.setRootIsDecorated(False)
        self.view.setIndentation(12)
        header = self.view.header()
        header.setStretchLastSection(False)
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        for column, width in WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.new_button = QPushButton(_("New meeting"), self)
        self.new_button.setToolTip(_("A new meeting on the day selected (Insert or Ctrl+N)"))
        self.edit_button = QPushButton(_("Edit…"), self)
        self.edit_button.setToolTip(_("Edit the meeting selected (Enter)"))
        self.delete_button = QPushButton(pgettext("verb", "Delete"), self)
        self.delete_button.setToolTip(_("Delete the meeting selected (Delete; Ctrl+Z brings "
                                        "it back)"))
        self.previous_button = QPushButton(_("◀ Previous day"), self)
        self.previous_button.setToolTip(_("Previous day (Ctrl+PgUp)"))
        self.next_button = QPushButton(_("Next day ▶"), self)
        self.next_button.setToolTip(_("Next day (Ctrl+PgDown)"))
        # Translators: Alt+U opens the cluster, Alt+T the contact, Alt+D marks the next
        # step done: keep the & on a letter not used by the other buttons of the tab.
        self.cluster_button = QPushButton(_("Open cl&uster"), self)
        self.contact_button = QPushButton(_("Open con&tact"), self)
        self.step_done_button = QPushButton(_("Next step &done"), self)
        self.step_done_button.setToolTip(_(
            "The selected meeting's next step is done: it leaves the next steps (and the "
            "overdue ones) and is kept, dated, in the meeting's outcome (Ctrl+Z undoes it)"))
        #: The calendar and papers of the mission (its menu: the Mission menu's items).
        self.papers_button = QToolButton(self)
        self.papers_button.setText(_("Calendar and papers"))
        self.papers_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.papers_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.papers_button.setToolTip(_("Export or import the calendar (.ics), print the day "
                                        "sheets, write the report, make the brochure"))
        self.papers_button.setMenu(QMenu(self.papers_button))
        self.papers_button.hide()  # until the window gives it its items
        for button in (self.new_button, self.edit_button, self.delete_button,
                       self.step_done_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.previous_button, self.next_button, self.cluster_button,
                       self.contact_button):
            buttons.addWidget(button)
        buttons.addWidget(self.papers_button)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.chooser.activated.connect(lambda _n: self._chosen())
        self.overdue_only.toggled.connect(lambda _on: self.show_agenda())
        self.new_mission_button.clicked.connect(lambda _c=False: self.new_mission())
        self.rename_button.clicked.connect(lambda _c=False: self.edit_mission())
        self.delete_mission_button.clicked.connect(lambda _c=False: self.delete_mission())
        self.share_button.clicked.connect(lambda _c=False: self.share())
        self.new_button.clicked.connect(lambda _c=False: self.new_meeting())
        self.edit_button.clicked.connect(lambda _c=False: self.edit_meeting())
        self.delete_button.clicked.connect(lambda _c=False: self.delete_meeting())
        self.previous_button.clicked.connect(lambda _c=False: self.step_day(-1))
        self.next_button.clicked.connect(lambda _c=False: self.step_day(1))
        self.cluster_button.clicked.connect(lambda _c=False: self.open_cluster())
        self.contact_button.clicked.connect(lambda _c=False: self.open_contact())
        self.step_done_button.clicked.connect(lambda _c=False: self.mark_step_done())
        self.view.activated.connect(self._activated)
        self.view.selectionModel().currentRowChanged.connect(
            lambda *_a: self._update_buttons())
        keys: list[tuple[QKeySequence | str, QWidget, Callable[[], object]]] = [
            ("Insert", self, self.new_meeting),
            (QKeySequence(QKeySequence.StandardKey.Delete), self.view,
             lambda: self.delete_button.click()),
        ]
        for key, where, run in keys:
            shortcut = QShortcut(QKeySequence(key), where)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut
                                if where is self else Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(run)

    # -- reading --------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the missions again and show the one remembered (else the first)."""
        try:
            missions = self.store.missions()
            remembered = self.store.setting(CURRENT_MISSION)
        except MxdeskError as exc:
            self.refused.emit(str(exc))
            missions, remembered = [], ""
        keep = self.mission.uid if self.mission else remembered
        self.chooser.clear()
        for mission in missions:
            self.chooser.addItem(mission.name, mission.uid)
            self.chooser.setItemData(self.chooser.count() - 1, plain_tip(
                f"{mission.name}: {dated(mission.start_date, '%a %d %b')}–"
                f"{dated(mission.end_date, '%a %d %b %Y')}"),
                Qt.ItemDataRole.ToolTipRole)
        index = self.chooser.findData(keep)
        self.chooser.setCurrentIndex(index if index >= 0 else 0 if missions else -1)
        self.mission = next((m for m in missions if m.uid == self.chooser.currentData()), None)
        self.show_agenda()

    def _chosen(self) -> None:
        uid = self.chooser.currentData()
        try:
            self.mission = next((m for m in self.store.missions() if m.uid == uid), None)
            if self.mission is not None and not self.store.read_only:
                self.store.set_setting(CURRENT_MISSION, self.mission.uid)
        except MxdeskError as exc:
            self.refused.emit(str(exc))
        self.show_agenda()

    def show_mission(self, mission_id: int) -> None:
        """Show the mission *mission_id* (and remember it as the current one)."""
        self.overdue_only.setChecked(False)
        try:
            self.mission = self.store.mission(mission_id)
        except MxdeskError as exc:
            self.refused.emit(str(exc))
            return
        self.reload()
        self._chosen()

    def show_overdue(self) -> None:
        """Show only the meetings whose next step is overdue (of every mission)."""
        self.overdue_only.setChecked(True)
        self.show_agenda()
        self.view.setFocus()

    def show_agenda(self, select_meeting: int | None = None) -> None:
        """Read the mission's meetings and list them day by day; the meeting
        *select_meeting* (else the one selected before) is selected."""
        keep = select_meeting if select_meeting is not None else self.current_meeting_id()
        keep_day = self.current_day()
        mission = self.mission
        try:
            if self.overdue_only.isChecked():
                meetings = self.store.overdue(self.today())
            elif mission is not None:
                meetings = self.store.meetings(mission_id=mission.id)
            else:
                meetings = []
        except MxdeskError as exc:
            self.refused.emit(str(exc))
            meetings = []
        self._meetings = meetings
        home = mission.home_zone if mission else system_home_zone()
        days = agenda_days(None if self.overdue_only.isChecked() else mission, meetings,
                           today=self.today(), state_of=self.state_of)
        self.model.show_days(days, home, lambda c: self.names(c)[0],
                             lambda uid: contact_name(self.store, uid),
                             _("No next step is overdue")
                             if self.overdue_only.isChecked() else "")
        self.view.expandAll()
        for row in range(self.model.rowCount()):
            self.view.setFirstColumnSpanned(row, QModelIndex(), True)
            day = self.model.index(row, 0)
            for child in range(self.model.rowCount(day)):
                if self.model.index(child, 0, day).data(RowKindRole) != "meeting":
                    self.view.setFirstColumnSpanned(child, day, True)
        self._select(keep, keep_day)
        self._describe()
        self._update_buttons()

    def _select(self, meeting_id: int | None, day: str | None) -> None:
        found = self._find(lambda i: meeting_id is not None
                           and i.data(MeetingIdRole) == meeting_id) \
            or self._find(lambda i: day is not None and i.data(DayRole) == day
                          and i.data(RowKindRole) != "day") \
            or self._find(lambda i: i.data(RowKindRole) != "day")
        if found is not None:
            self.view.setCurrentIndex(found)
            self.view.scrollTo(found)

    def _find(self, keep: Callable[[QModelIndex], bool]) -> QModelIndex | None:
        for row in range(self.model.rowCount()):
            day = self.model.index(row, 0)
            for child in range(self.model.rowCount(day)):
                index = self.model.index(child, 0, day)
                if keep(index):
                    return index
        return None

    def _describe(self) -> None:
        mission = self.mission
        meetings = [m for m in self._meetings if not m.cancelled]
        count = len(self._meetings)
        if self.overdue_only.isChecked():
            text = ngettext("{n} meeting with a next step overdue",
                            "{n} meetings with a next step overdue", count).format(
                n=i18n.number(count))
            self.about.setText(_("Overdue next steps, every mission"))
        elif mission is None:
            text = _("No mission yet: New mission…, or Make a mission… on a shortlist")
            self.about.setText(text)
        else:
            now = dt.datetime.combine(mission.start_date, dt.time(12))
            from mxdesk.core.zones import zone

            abbrev = now.replace(tzinfo=zone(mission.home_zone)).tzname()
            # Translators: {days} "Tue 14 Jul–Thu 16 Jul 2026", {zone} an IANA zone name,
            # {abbreviation} "CEST".
            self.about.setText(_("{days} · home {zone} ({abbreviation})").format(
                days=f"{dated(mission.start_date, '%a %d %b')}–"
                     f"{dated(mission.end_date, '%a %d %b %Y')}",
                zone=mission.home_zone, abbreviation=abbrev))
            cancelled = count - len(meetings)
            days = ngettext("{n} day", "{n} days", len(mission.days)).format(
                n=i18n.number(len(mission.days)))
            held = ngettext("{n} meeting", "{n} meetings", count).format(n=i18n.number(count))
            if cancelled:
                # Translators: the status line: {mission} its name, {meetings} "12 meetings",
                # {cancelled} "1 cancelled", {days} "3 days".
                text = _("{mission}: {meetings} ({cancelled}) over {days}").format(
                    mission=mission.name, meetings=held, days=days,
                    cancelled=ngettext("{n} cancelled", "{n} cancelled", cancelled).format(
                        n=i18n.number(cancelled)))
            else:
                text = _("{mission}: {meetings} over {days}").format(
                    mission=mission.name, meetings=held, days=days)
        self.about.setToolTip(plain_tip(self.about.text()))
        self.show_share_status()
        self.status = text
        self.statusChanged.emit(text)

    # -- what is selected -----------------------------------------------------------------

    def current_meeting_id(self) -> int | None:
        """The id of the meeting selected, None when a day or a free period is."""
        value = self.view.currentIndex().data(MeetingIdRole)
        return int(value) if value else None

    def current_meeting(self) -> Meeting | None:
        """The meeting selected, as last read."""
        chosen = self.current_meeting_id()
        return next((m for m in self._meetings if m.id == chosen), None)

    def current_day(self) -> str | None:
        """The ISO date of the day selected (or of the row selected's day)."""
        value = self.view.currentIndex().data(DayRole)
        return str(value) if value else None

    def _update_buttons(self) -> None:
        meeting = self.current_meeting()
        writable = not self.store.read_only
        for button in (self.new_mission_button, self.new_button):
            button.setEnabled(writable)
        for button in (self.rename_button, self.delete_mission_button):
            button.setEnabled(writable and self.mission is not None)
        self.share_button.setEnabled(self.mission is not None)
        self.new_button.setEnabled(writable and self.mission is not None)
        self.edit_button.setEnabled(meeting is not None and writable)
        self.delete_button.setEnabled(meeting is not None and writable)
        self.step_done_button.setEnabled(bool(meeting and meeting.next_step.strip())
                                         and writable)
        self.cluster_button.setEnabled(bool(meeting and meeting.clusters))
        self.cluster_button.setToolTip(plain_tip(
            _("Show {cluster} in the Clusters tab (Alt+U)").format(
                cluster=self.names(meeting.clusters[0])[0])
            if meeting and meeting.clusters else _("The meeting selected has no cluster")))
        self.contact_button.setEnabled(bool(meeting and meeting.contacts))
        self.contact_button.setToolTip(plain_tip(
            _("Show {contact} in My notes (Alt+T)").format(
                contact=contact_name(self.store, meeting.contacts[0]))
            if meeting and meeting.contacts else _("The meeting selected has no contact")))

    def _activated(self, index: QModelIndex) -> None:
        kind = index.data(RowKindRole)
        if kind == "meeting":
            self.edit_meeting()
        elif kind in ("empty", "gap", "day"):
            self.new_meeting()

    def step_day(self, step: int) -> None:
        """Select the first row of the previous (*step* -1) or next (+1) day."""
        index = self.view.currentIndex()
        row = (index.parent().row() if index.parent().isValid() else index.row()) \
            if index.isValid() else -1
        target = max(0, min(self.model.rowCount() - 1, row + step))
        day = self.model.index(target, 0)
        first = self.model.index(0, 0, day) if self.model.rowCount(day) else day
        self.view.setCurrentIndex(first)
        self.view.scrollTo(day, QAbstractItemView.ScrollHint.PositionAtTop)
        self.view.setFocus()

    # -- missions -------------------------------------------------------------------------

    def home_zone_default(self) -> str:
        """The home zone a new mission starts with: the last mission's, else the
        computer's (:func:`~mxdesk.ui.agenda.fields.system_home_zone`)."""
        try:
            known = self.store.missions()
        except MxdeskError:
            known = []
        return known[-1].home_zone if known else system_home_zone()

    def ask_mission(self, title: str, name: str = "", intro: str = "") -> MissionAnswer | None:
        """Ask for a mission's name, days (from a week ahead, three days) and home zone."""
        start = self.today() + dt.timedelta(days=7)
        return self.prompts.ask_mission(
            title, MissionAnswer(name, start, start + dt.timedelta(days=2),
                                 self.home_zone_default()), intro)

    def new_mission(self) -> Mission | None:
        """New mission…: ask, make it and show it."""
        answer = self.ask_mission(_("New mission"))
        if answer is None:
            return None
        return self._made(lambda: self.store.create_mission(Mission(
            answer.name, answer.start_date, answer.end_date, answer.home_zone)))

    def mission_from_shortlist(self, shortlist_id: int) -> Mission | None:
        """Make a mission from a shortlist: ask its name (the shortlist's), days and home
        zone; its clusters are the shortlist's, in order."""
        try:
            shortlist = self.store.shortlist(shortlist_id)
        except MxdeskError as exc:
            self.refused.emit(str(exc))
            return None
        count = len(shortlist.items)
        answer = self.ask_mission(
            _("Make a mission from a shortlist"), shortlist.name,
            ngettext("A mission with the {n} cluster of “{shortlist}”.",
                     "A mission with the {n} clusters of “{shortlist}”.", count).format(
                n=i18n.number(count), shortlist=shortlist.name))
        if answer is None:
            return None
        return self._made(lambda: self.store.mission_from_shortlist(
            shortlist_id, answer.name, answer.start_date, answer.end_date, answer.home_zone))

    def _made(self, make: Callable[[], Mission]) -> Mission | None:
        try:
            made = make()
        except MxdeskError as exc:
            self.refused.emit(str(exc))
            return None
        self.mission = made
        self.overdue_only.setChecked(False)
        self.reload()
        self._chosen()
        self.changed.emit()
        return made

    def edit_mission(self) -> Mission | None:
        """Edit mission…: ask for the mission's name, days and home zone (the dialog checks
        them), then store them; returns the mission as stored, None when cancelled or
        refused (told). Meetings keep their days: one outside the new days still shows."""
        mission = self.mission
        if mission is None:
            return None
        answer = self.prompts.ask_mission(_("Edit mission"), MissionAnswer(
            mission.name, mission.start_date, mission.end_date, mission.home_zone), "")
        if answer is None:
            return None
        try:
            self.mission = self.store.update_mission(int(mission.id or 0), {
                "name": answer.name, "start_date": answer.start_date,
                "end_date": answer.end_date, "home_zone": answer.home_zone})
        except MxdeskError as exc:
            self.refused.emit(str(exc))
            return None
        self.reload()
        self.changed.emit()
        return self.mission

    def set_paper_actions(self, actions: list[QAction]) -> None:
        """Put *actions* (the Mission menu's calendar and papers) in the Calendar and papers
        button's menu, and show the button."""
        menu = self.papers_button.menu()
        menu.clear()
        menu.addActions(actions)
        self.papers_button.setVisible(bool(actions))

    def show_share_status(self) -> None:
        """Say the mission's share status under the top row (hidden when it is not linked,
        or the overdue next steps of every mission are shown)."""
        from mxdesk.ui.agenda.share_words import share_status

        text = "" if self.overdue_only.isChecked() else share_status(self.store, self.mission)
        self.share_line.setText(text)
        self.share_line.setVisible(bool(text))

    def share(self) -> ShareDialog | None:
        """Share…: the share dialog of the mission shown, window-modal (:meth:`QDialog.open`,
        so the window keeps painting); returns it, None when there is no mission."""
        from mxdesk.ui.agenda.share_dialog import ShareDialog

        mission = self.mission
        if mission is None:
            return None
        if self.share_dialog is not None:
            if self.share_dialog.mission.uid == mission.uid:
                self.share_dialog.raise_()
                return self.share_dialog
            # Another mission is shown now (the dialog does not hold the window): its own
            # dialog replaces the one of the mission shown before.
            if not self.share_dialog.close():  # a sync or a check still running in it
                self.share_dialog.raise_()
                return self.share_dialog
            self.share_dialog = None
        try:
            dialog = ShareDialog(self.store, mission, self, before_sync=self.flush_notes)
        except (OSError, sqlite3.Error) as exc:
            self.refused.emit(str(exc))
            return None
        dialog.notesChanged.connect(self._shared_in)
        dialog.shareChanged.connect(self.show_share_status)
        dialog.finished.connect(lambda _r: self._share_closed(dialog))
        self.share_dialog = dialog
        dialog.open()
        return dialog

    def _shared_in(self) -> None:
        """Contacts or meetings came in from the delegation: read them again, and every
        other view follows."""
        self.show_agenda()
        self.changed.emit()

    def _share_closed(self, dialog: ShareDialog) -> None:
        if self.share_dialog is dialog:
            self.share_dialog = None
        dialog.deleteLater()
        self.show_share_status()

    def delete_mission(self) -> None:
        """Delete mission: it and its meetings go; Ctrl+Z brings them back."""
        mission = self.mission
        if mission is None:
            return
        try:
            gone = self.store.delete_mission(int(mission.id or 0))
        except MxdeskError as exc:
            self.refused.emit(str(exc))
            return
        state = {"deleted": gone}

        def undo() -> None:
            self.store.restore_mission(state["deleted"])

        def redo() -> None:
            state["deleted"] = self.store.delete_mission(int(mission.id or 0))

        self.mission = None
        # Translators: after "Undo " in the Edit menu.
        self.deleted.emit(Deletion(ngettext(
            "delete of mission “{mission}” and its {n} meeting",
            "delete of mission “{mission}” and its {n} meetings", len(gone.meetings)).format(
            mission=mission.name, n=i18n.number(len(gone.meetings))), undo, redo))
        self.reload()
        self.changed.emit()

    # -- meetings -------------------------------------------------------------------------

    def new_meeting(self, clusters: tuple[str, ...] = (), contacts: tuple[str, ...] = (),
                    ) -> Meeting | None:
        """A new meeting on the day selected (after the day's last meeting), with
        *clusters* and *contacts*; a mission is asked for first when there is none."""
        if self.store.read_only:
            return None
        if self.mission is None and self.new_mission() is None:
            return None
        mission = self.mission
        assert mission is not None
        chosen = self.current_day()
        day = dt.date.fromisoformat(chosen) if chosen and not self.overdue_only.isChecked() \
            else mission.start_date
        same_day = [m for m in self._meetings if m.start.date() == day and not m.cancelled]
        start = max((m.end for m in same_day), default=None)
        dialog = MeetingDialog(self.store, self.directory, mission, None, day, clusters,
                               contacts, start.time() if start else None, self,
                               now=self.now)
        return self._edited(dialog)

    def edit_meeting(self) -> Meeting | None:
        """Edit the meeting selected, in the meeting dialog."""
        meeting = self.current_meeting()
        if meeting is None or self.store.read_only:
            return None
        mission = self.mission if self.mission and self.mission.id == meeting.mission_id \
            else self._mission_of(meeting)
        dialog = MeetingDialog(self.store, self.directory, mission, meeting, parent=self,
                               now=self.now)
        return self._edited(dialog)

    def _mission_of(self, meeting: Meeting) -> Mission | None:
        try:
            return self.store.mission(int(meeting.mission_id)) \
                if meeting.mission_id is not None else None
        except MxdeskError:
            return None

    def _edited(self, dialog: MeetingDialog) -> Meeting | None:
        try:
            saved = dialog.saved if self.prompts.edit_meeting(dialog) else None
        finally:
            dialog.deleteLater()
        if saved is not None:
            self.show_agenda(select_meeting=int(saved.id or 0))
            self.changed.emit()
        return saved

    def delete_meeting(self) -> None:
        """Delete the meeting selected; Ctrl+Z brings it back."""
        meeting = self.current_meeting()
        if meeting is None:
            return
        try:
            gone = self.store.delete_meeting(int(meeting.id or 0))
        except MxdeskError as exc:
            self.refused.emit(str(exc))
            return
        state = {"meeting": gone}

        def undo() -> None:
            state["meeting"] = self.store.restore_meeting(state["meeting"])

        def redo() -> None:
            state["meeting"] = self.store.delete_meeting(int(state["meeting"].id or 0))

        # Translators: after "Undo " in the Edit menu.
        self.deleted.emit(Deletion(_("delete of meeting “{meeting}”").format(
            meeting=meeting.title), undo, redo))
        self.show_agenda()
        self.changed.emit()

    def mark_step_done(self) -> Meeting | None:
        """Next step done: the selected meeting's next step leaves the next steps and is
        kept in its outcome, dated today (:func:`~mxdesk.core.mission.follow_up.step_done`);
        Ctrl+Z puts it back. Returns the meeting as stored, None when nothing changed."""
        from mxdesk.core.mission.follow_up import step_done, step_undone

        meeting = self.current_meeting()
        if meeting is None or not meeting.next_step.strip() or self.store.read_only:
            return None
        meeting_id = int(meeting.id or 0)
        changes = step_done(meeting, self.today())
        try:
            saved = self.store.update_meeting(meeting_id, changes)
        except MxdeskError as exc:
            self.refused.emit(str(exc))
            return None
        self.deleted.emit(Deletion(
            # Translators: after "Undo " in the Edit menu.
            _("next step done of “{meeting}”").format(meeting=meeting.title),
            lambda: self.store.update_meeting(meeting_id, step_undone(meeting)),
            lambda: self.store.update_meeting(meeting_id, changes)))
        self.show_agenda(select_meeting=meeting_id)
        self.changed.emit()
        return saved

    def open_cluster(self) -> None:
        """Show the selected meeting's (first) cluster in the Clusters tab."""
        meeting = self.current_meeting()
        if meeting and meeting.clusters:
            self.openCluster.emit(meeting.clusters[0])

    def open_contact(self) -> None:
        """Show the selected meeting's (first) contact in My notes."""
        meeting = self.current_meeting()
        if not meeting or not meeting.contacts:
            return
        try:
            found = self.store.contact_by_uid(meeting.contacts[0])
        except MxdeskError as exc:
            self.refused.emit(str(exc))
            return
        if found is not None:
            self.openContact.emit(str(found.id))
