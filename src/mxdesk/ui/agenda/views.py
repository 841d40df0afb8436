"""The Mission tab as one window holds it: made when first shown or asked for, wired once to
the notes commands (Undo, and following every other view's writes), the entry points that
add a meeting from elsewhere, and the overdue next steps told at start."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStatusBar, QWidget

from mxdesk.core import i18n
from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import N_, _, ngettext
from mxdesk.core.mission.day_rows import GLYPHS
from mxdesk.core.mission.records import Mission
from mxdesk.core.notes import NotesStore
from mxdesk.ui.agenda.tab import CURRENT_MISSION, MissionPrompts, MissionTab
from mxdesk.ui.messages import plain_tip
from mxdesk.ui.notes.commands import NotesCommands

log = logging.getLogger("mxdesk.ui")

#: Why Edit ▸ Find and Clear search and filters are greyed out in the Mission tab.
NOT_IN_MISSION = N_("The Mission tab has no search: Ctrl+K (Search everything) finds a "
                    "meeting by its title, place or cluster")


class OverdueNotice(QWidget):
    """The status bar's word on next steps overdue: "⚑ 3 next steps overdue", Show (the
    Mission tab, filtered to them) and ✕ (dismissed until the next start). :meth:`set_count`
    says a new count (hidden at 0)."""

    def __init__(self, count: int, show: Callable[[], None], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overdue-notice")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.label = QLabel(self)
        self.label.setStyleSheet("font-weight: bold;")
        #: Whether ✕ was clicked (the notice then stays hidden until the next start).
        self.dismissed = False
        self.count = 0
        self.show_button = QPushButton(_("Show"), self)
        self.show_button.setToolTip(_("The meetings whose next step is past its due date, in "
                                      "the Mission tab"))
        self.dismiss_button = QPushButton("✕", self)
        self.dismiss_button.setToolTip(plain_tip(_("Hide this until mxdesk starts again")))
        self.dismiss_button.setAccessibleName(_("Dismiss"))
        self.dismiss_button.setFixedWidth(self.dismiss_button.sizeHint().height())
        for widget in (self.label, self.show_button, self.dismiss_button):
            layout.addWidget(widget)
        self.show_button.clicked.connect(lambda _c=False: show())
        self.dismiss_button.clicked.connect(lambda _c=False: self.dismiss())
        self.set_count(count)

    def set_count(self, count: int) -> None:
        """Say *count* next steps overdue; hidden at 0 (and once dismissed)."""
        self.count = count
        self.label.setText(f"{GLYPHS['overdue']} " + ngettext(
            "{n} next step overdue", "{n} next steps overdue", count).format(
            n=i18n.number(count)))
        self.setVisible(count > 0 and not self.dismissed)

    def dismiss(self) -> None:
        """✕: hidden until the next start, whatever the count becomes."""
        self.dismissed = True
        self.hide()


class MissionViews(QObject):
    """The Mission tab of one window, made lazily; *place_tab* puts it in place of its
    stand-in. It follows *commands*' ``changed`` and offers its deletes to Undo.

    Signals:
        openCluster(str): show this cluster (by id).
        openContact(str): show this contact (by row id, as text) in My notes.
        statusChanged(str): the tab's status line, to show while it is in front.
        refused(str): a write the notes refused, for the user.
        bringToFront(): the tab must be put in front (a command from another tab).
    """

    openCluster = Signal(str)
    openContact = Signal(str)
    statusChanged = Signal(str)
    refused = Signal(str)
    bringToFront = Signal()

    def __init__(self, store: NotesStore, directory: Directory, commands: NotesCommands,
                 place_tab: Callable[[QWidget], None], parent: QWidget,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.store = store
        self.directory = directory
        self.commands = commands
        self._place_tab = place_tab
        self._parent = parent
        self._tab: MissionTab | None = None
        self.today = today
        #: How the tab asks (None: its real dialogs); tests set it before the tab is made.
        self.prompts: MissionPrompts | None = None
        #: The overdue notice shown at start, if any (recounted as the notes change).
        self.notice: OverdueNotice | None = None
        self._status_bar: QStatusBar | None = None
        #: The Mission menu's calendar and papers, for the tab's button (set by the window).
        self._paper_actions: list[QAction] = []
        #: Tool tips of the actions greyed out in the tab, as they are elsewhere.
        self._tips: dict[QAction, tuple[str, str]] = {}
        #: Saves what the notes' editors hold before a sync reads the notes (the window's).
        self.flush_notes: Callable[[], None] = lambda: None
        commands.changed.connect(self.follow)

    @property
    def tab(self) -> MissionTab:
        """The Mission tab, made the first time it is shown or asked for."""
        if self._tab is None:
            tab = MissionTab(self.store, self.directory, self.prompts, self._parent,
                             today=self.today)
            tab.deleted.connect(self.commands.deleted)
            tab.changed.connect(lambda: self.commands.changed.emit(tab))
            tab.openCluster.connect(self.openCluster)
            tab.openContact.connect(self.openContact)
            tab.statusChanged.connect(self.statusChanged)
            tab.refused.connect(self.refused)
            tab.flush_notes = lambda: self.flush_notes()
            self._place_tab(tab)
            self._tab = tab
            tab.set_paper_actions(self._paper_actions)
        return self._tab

    def set_paper_actions(self, actions: Sequence[QAction]) -> None:
        """The items of the tab's Calendar and papers button (now, or when it is made)."""
        self._paper_actions = list(actions)
        if self._tab is not None:
            self._tab.set_paper_actions(self._paper_actions)

    def in_front(self) -> bool:
        """Whether the tab is made and the one shown in its window."""
        return self._tab is not None and self._tab.isVisibleTo(self._parent)

    def follow_tab(self, actions: Sequence[QAction], here: bool) -> None:
        """Grey *actions* (Edit ▸ Find, Clear search and filters) out while the tab is in
        front (*here*), saying why in their tips: they would act on the hidden Clusters
        tab."""
        for action in actions:
            tips = self._tips.setdefault(action, (action.toolTip(), action.statusTip()))
            action.setEnabled(not here)
            action.setToolTip(_(NOT_IN_MISSION) if here else tips[0])
            action.setStatusTip(_(NOT_IN_MISSION) if here else tips[1])

    def current_mission(self) -> Mission | None:
        """The mission the tab shows (without making the tab: the one it would show, the
        one remembered, else the first); None when there is none."""
        if self._tab is not None:
            return self._tab.mission
        try:
            missions = self.store.missions()
            remembered = self.store.setting(CURRENT_MISSION)
        except MxdeskError as exc:
            log.warning("missions not read: %s", exc)
            return None
        return next((m for m in missions if m.uid == remembered),
                    missions[0] if missions else None)

    def brochure_key(self, always: bool = False) -> str | None:
        """The brochure dialog's choice to offer first: the current mission's when the tab
        is in front (or *always*), else None."""
        from mxdesk.core.selections import mission_key

        mission = self.current_mission() if (always or self.in_front()) else None
        return mission_key(mission.id) if mission is not None else None

    def made_tab(self) -> MissionTab | None:
        """The tab if it was made (without making it)."""
        return self._tab

    def follow(self, origin: object) -> None:
        """The notes were written: the tab (if made, and not the writer) reads them again,
        and the overdue notice counts again."""
        if self._tab is not None and origin is not self._tab:
            self._tab.reload()
        if self._status_bar is not None:
            self.count_overdue()

    def count_overdue(self) -> int:
        """Count the next steps overdue now and say it in the status bar's notice (made
        when there are some, hidden at 0); returns the count (0 when unread)."""
        try:
            count = len(self.store.overdue(self.today()))
        except MxdeskError as exc:
            log.warning("overdue next steps not read: %s", exc)
            return 0
        if self.notice is not None:
            self.notice.set_count(count)
        elif count and self._status_bar is not None:
            self.notice = OverdueNotice(count, self.show_overdue, self._status_bar)
            self._status_bar.addPermanentWidget(self.notice)
        return count

    def add_meeting(self, clusters: tuple[str, ...] = (), contacts: tuple[str, ...] = ()
                    ) -> None:
        """Mission ▸ Add meeting… (and a cluster's or a contact's Add meeting…): the tab in
        front, the meeting dialog open with them."""
        tab = self.tab
        self.bringToFront.emit()
        tab.new_meeting(clusters, contacts)

    def new_mission(self) -> None:
        """Mission ▸ New mission…"""
        tab = self.tab
        self.bringToFront.emit()
        tab.new_mission()

    def edit_mission(self) -> None:
        """Mission ▸ Edit mission…: the tab in front, the mission's dialog open."""
        tab = self.tab
        self.bringToFront.emit()
        tab.edit_mission()

    def share(self) -> None:
        """Mission ▸ Share with the delegation…: the tab in front, the mission's share
        dialog open."""
        tab = self.tab
        self.bringToFront.emit()
        tab.share()

    def mission_from_shortlist(self, shortlist_id: int) -> None:
        """Make a mission from this shortlist…: asked, made, and shown in the tab."""
        tab = self.tab
        if tab.mission_from_shortlist(shortlist_id) is not None:
            self.bringToFront.emit()

    def show_overdue(self) -> None:
        """The Mission tab in front, showing the meetings whose next step is overdue."""
        tab = self.tab
        self.bringToFront.emit()
        tab.show_overdue()

    def show_record(self, kind: str, record_id: int) -> None:
        """Show a mission ("mission") or a meeting ("meeting", selected in its mission's
        agenda), as Search everything found it."""
        tab = self.tab
        self.bringToFront.emit()
        if kind == "mission":
            tab.show_mission(record_id)
            return
        try:
            meeting = self.store.meeting(record_id)
        except MxdeskError as exc:
            self.refused.emit(str(exc))
            return
        if meeting.mission_id is not None:
            tab.show_mission(meeting.mission_id)
        tab.show_agenda(select_meeting=record_id)
        tab.view.setFocus()

    def step_day(self, step: int) -> None:
        """Go ▸ Previous/Next day: the tab in front, the day before or after selected."""
        tab = self.tab
        self.bringToFront.emit()
        tab.step_day(step)

    def tell_overdue(self, status_bar: QStatusBar) -> int:
        """At start: when next steps are overdue, say how many in *status_bar* with a Show
        button; returns how many (0: nothing said). From then on the count follows every
        write to the notes (:meth:`follow`)."""
        self._status_bar = status_bar
        return self.count_overdue()
