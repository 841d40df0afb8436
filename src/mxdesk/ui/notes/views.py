"""The user's notes as one window shows them: the My notes tab, and the panel of a cluster's
contacts and notes below its details in the Clusters tab. Each is made when first needed, and
both follow :attr:`NotesCommands.changed`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from mxdesk.core.directory import Directory
from mxdesk.core.i18n import N_, _
from mxdesk.core.notes import NotesStore
from mxdesk.ui.messages import plain_tip

if TYPE_CHECKING:
    from mxdesk.ui.notes.autosave import _Editor
    from mxdesk.ui.notes.cluster_panel import ClusterNotesPanel
    from mxdesk.ui.notes.commands import NotesCommands
    from mxdesk.ui.notes.my_notes import MyNotesTab
    from mxdesk.ui.tab import BrowserTab

#: The window's actions (ui/actions.py) that write the notes, turned off while they are
#: read-only.
READ_ONLY_OFF = ("new_contact", "new_note", "import_notes", "restore", "backup", "backups_kept")
#: The most of the detail split the cluster panel's form takes when it opens (a fraction).
FORM_SHARE = 0.6
#: Below the details while no cluster is shown: at the start, and on any other page.
NO_CLUSTER = N_("Select a cluster to keep your contacts and notes on it.")


class NotesViews(QObject):
    """The two views of the notes in one window, made lazily, wired once.

    *clusters_tab* is the browsing tab whose details get the panel below them; *place_my_notes*
    puts the My notes tab, when it is made, in place of the stand-in that held its tab.

    Signals:
        message(str, int): a status-bar line and how long to show it, in ms.
        statusChanged(str): My notes' own status line (its counts), to show while it is in
            front.
        refused(str): a write the notes refused (read-only, locked): the user must read it.
        conflicted(str): the same record was changed elsewhere and both texts were kept.
        told(str): something to say without taking the keyboard.
        openCluster(str): the user asked to see a cluster (by id) from a contact or a note.
        exportShortlist(int): the user asked for a shortlist's brochure (by shortlist id).
        meetingWanted(str, str): Add meeting… on a contact: its uid and cluster id ("").
        missionWanted(int): Make a mission… from the shortlist with this id.
    """

    message = Signal(str, int)
    statusChanged = Signal(str)
    refused = Signal(str)
    conflicted = Signal(str)
    told = Signal(str)
    openCluster = Signal(str)
    exportShortlist = Signal(int)
    meetingWanted = Signal(str, str)
    missionWanted = Signal(int)

    def __init__(self, store: NotesStore, directory: Directory, commands: NotesCommands,
                 clusters_tab: BrowserTab, place_my_notes: Callable[[QWidget], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.directory = directory
        self.commands = commands
        self._clusters_tab = clusters_tab
        self._place_my_notes = place_my_notes
        self._panel: ClusterNotesPanel | None = None
        self._my_notes: MyNotesTab | None = None
        #: The detail split before the cluster panel's form opened, and as it opened it.
        self._split_before_form: list[int] = []
        self._split_opened: list[int] = []
        # Until the first cluster is shown, one line says what goes below its details.
        self._stand_in = QLabel(_(NO_CLUSTER), clusters_tab)
        self._stand_in.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stand_in.setWordWrap(True)
        self._stand_in.setEnabled(False)
        clusters_tab.add_below_detail(self._stand_in)
        clusters_tab.recordShown.connect(self._cluster_tab_shows)
        clusters_tab.recordCleared.connect(lambda: self._cluster_tab_shows("", ""))
        commands.changed.connect(self.follow)

    # -- the views, made when first needed --------------------------------------------------

    @property
    def my_notes(self) -> MyNotesTab:
        """The My notes tab, made the first time it is shown or asked for."""
        if self._my_notes is None:
            from mxdesk.ui.notes.my_notes import MyNotesTab

            notes = MyNotesTab(self.store, self.directory)
            notes.statusChanged.connect(self.statusChanged)
            notes.openCluster.connect(self.openCluster)
            notes.exportShortlist.connect(self.exportShortlist)
            notes.meetingWanted.connect(self.meetingWanted)
            notes.shortlists.missionWanted.connect(self.missionWanted)
            self._wire(notes)
            notes.changed.connect(lambda: self.commands.changed.emit(notes))
            self._place_my_notes(notes)
            self._my_notes = notes
        return self._my_notes

    @property
    def panel(self) -> ClusterNotesPanel:
        """The Clusters tab's contacts and notes panel, made when first needed."""
        if self._panel is None:
            from mxdesk.ui.notes.cluster_panel import ClusterNotesPanel

            clusters = self._clusters_tab
            panel = ClusterNotesPanel(self.store, self.directory, clusters)
            panel.setAccessibleName(_("Your contacts and notes on this cluster"))
            self._wire(panel)
            panel.changed.connect(lambda: self.commands.changed.emit(panel))
            splitter = clusters.detail_splitter
            sizes = splitter.sizes()
            splitter.replaceWidget(splitter.indexOf(self._stand_in), panel)
            splitter.setSizes(sizes)
            # The record gets the room: two thirds of any change in height (tab.add_below_detail).
            splitter.setStretchFactor(0, 2)
            splitter.setStretchFactor(1, 1)
            # After the form is laid out, so that its size hint counts its fields.
            panel.formShown.connect(lambda shown: QTimer.singleShot(
                0, lambda: self._form_shown(shown)))
            self._stand_in.deleteLater()
            self._panel = panel
        return self._panel

    def made_my_notes(self) -> MyNotesTab | None:
        """The My notes tab if it was made (without making it)."""
        return self._my_notes

    def made_panel(self) -> ClusterNotesPanel | None:
        """The cluster panel if it was made (without making it)."""
        return self._panel

    def _wire(self, view: MyNotesTab | ClusterNotesPanel) -> None:
        """What both views tell the window, and their deletes to Undo."""
        view.deleted.connect(self.commands.deleted)
        view.refused.connect(self.refused)
        view.conflicted.connect(self.conflicted)
        view.told.connect(self.told)
        view.message.connect(lambda text: self.message.emit(text, 8000))

    # -- following the notes ----------------------------------------------------------------

    def follow(self, origin: object) -> None:
        """The notes were written (:attr:`NotesCommands.changed`): each view made so far
        reads them again, except *origin*, the view that wrote and already shows it. A view
        not made yet reads them when it is."""
        panel, notes = self._panel, self._my_notes
        if panel is not None and origin is not panel:
            panel.refresh_from_store()
        if notes is not None and origin is not notes:
            if origin is None:  # a command, an undo or another window: editors follow too
                notes.refresh_from_store()
                self.statusChanged.emit(notes.status)
            else:
                notes.refresh()

    def editors(self) -> list[_Editor]:
        """The editors of the views made so far (what must be saved before quitting)."""
        made = [view for view in (self._panel, self._my_notes) if view is not None]
        return [editor for view in made for editor in view.note_editors()]

    def flush(self) -> None:
        """Save what both views' editors hold (before a command reads or replaces notes)."""
        self.flush_panel()
        if self._my_notes is not None:
            self._my_notes.flush()

    def flush_panel(self) -> None:
        """Save what the cluster panel's editors hold (before a fact sheet reads them)."""
        if self._panel is not None:
            self._panel.flush()

    def tab_shown(self, notes_in_front: bool) -> None:
        """The window's tab in front changed: the view left saves its typing, and My notes,
        when in front, reads what changed while it was hidden."""
        if notes_in_front:
            self.flush_panel()
            self.my_notes.refresh()
        elif self._my_notes is not None:
            self._my_notes.flush()

    def new_contact(self, notes_in_front: bool) -> None:
        """Edit ▸ New contact: in My notes when it is in front, else on the cluster shown."""
        if notes_in_front:
            self.my_notes.new_contact()
        else:
            self.panel.add_contact()

    def new_note(self, notes_in_front: bool) -> None:
        """Edit ▸ New note: in My notes when it is in front, else on the cluster shown."""
        if notes_in_front:
            self.my_notes.new_note()
        else:
            self.panel.add_note()

    def show_read_only(self, status_bar: QStatusBar, actions: Mapping[str, QAction]) -> None:
        """When the notes cannot be written (:attr:`NotesStore.read_only`), say so for good
        with a red badge in *status_bar*, and turn off the *actions* (by name, as in
        ui/actions.py) that would write them; nothing when they can be."""
        reason = self.store.read_only
        if not reason:
            return
        closed = self.store.stand_in
        badge = QLabel(_("Your notes are not open") if closed else _("Notes read-only"),
                       status_bar)
        badge.setStyleSheet("color: #b3261e; font-weight: bold;")
        badge.setToolTip(plain_tip(
            _("Your notes could not be opened: {reason}").format(reason=reason) if closed
            else _("Your notes can be read but not changed: {reason}").format(reason=reason)))
        badge.setAccessibleName(badge.text())
        status_bar.addPermanentWidget(badge)
        names = list(READ_ONLY_OFF)
        if closed:  # an export of the stand-in would look like an export of no notes at all
            names.append("export_notes")
        for action in (actions[name] for name in names):
            action.setEnabled(False)
            action.setStatusTip(
                _("Not available: your notes are read-only ({reason})").format(reason=reason))

    # -- the cluster panel below the details ------------------------------------------------

    def _cluster_tab_shows(self, kind: str, record_id: str) -> None:
        if kind == "cluster":
            self.panel.show_cluster(record_id)
        elif self._panel is not None:
            self._panel.show_cluster(None)

    def _form_shown(self, shown: bool) -> None:
        """The cluster panel's form opened: give it the room it asks for (at most
        :data:`FORM_SHARE` of the height), and hand the record its room back when the form
        closes, unless the user has moved the split meanwhile."""
        splitter = self._clusters_tab.detail_splitter
        sizes = splitter.sizes()
        total = sum(sizes)
        if len(sizes) != 2 or total <= 0:
            return
        if shown:
            wanted = min(self.panel.sizeHint().height(), int(total * FORM_SHARE))
            if sizes[1] < wanted:
                self._split_before_form = sizes
                splitter.setSizes([total - wanted, wanted])
                self._split_opened = splitter.sizes()
        elif self._split_before_form and splitter.sizes() == self._split_opened:
            splitter.setSizes(self._split_before_form)
            self._split_before_form = []
