"""The main window. It composes the objects that do the work and connects them: the tabs
(ui/browse_tabs.py), the notes commands and views (ui/notes/commands.py, views.py), the PDF
exports (ui/exporting.py), the text size and colours (ui/appearance.py), Back and Forward
(ui/history.py), what is remembered (ui/settings.py) and the action table from which menus,
toolbar and the About key list are built (ui/actions.py). It keeps navigation between records,
the status bar, copying a record as text, and what happens at close.

Over ~450 lines: MainWindow itself is ~460, a third of it the wiring of those collaborators
and the documented hooks tests answer through; each behaviour is in its own module."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSettings, QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QIcon,
)
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QToolButton,
    QWidget,
)

from mxdesk.core import paths
from mxdesk.core.directory import Directory
from mxdesk.core.i18n import _
from mxdesk.core.notes import NotesStore
from mxdesk.core.records import Kind, RecordRef, record_key
from mxdesk.ui import actions
from mxdesk.ui.appearance import Appearance
from mxdesk.ui.browse_tabs import TAB_OF_KIND, DirectoryTabs
from mxdesk.ui.detail import parse_record_url
from mxdesk.ui.exporting import ChooseBrochure, Exports, ask_pdf_path
from mxdesk.ui.first_frame import TITLE, WindowShell
from mxdesk.ui.history import History, Place
from mxdesk.ui.messages import notify, tell
from mxdesk.ui.settings import WindowSettings
from mxdesk.ui.settings import open_settings as open_settings  # app.py imports it from here
from mxdesk.ui.tab import BrowserTab
from mxdesk.ui.worker import QueryWorker

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from mxdesk.ui.agenda.papers import MissionPapers
    from mxdesk.ui.agenda.views import MissionViews
    from mxdesk.ui.changes_dialog import WhatChanged
    from mxdesk.ui.column_chooser import ColumnChooser
    from mxdesk.ui.notes.cluster_panel import ClusterNotesPanel
    from mxdesk.ui.notes.commands import NotesCommands
    from mxdesk.ui.notes.guard import NotesGuard
    from mxdesk.ui.notes.my_notes import MyNotesTab
    from mxdesk.ui.pdf_dialogs import AskPath
    from mxdesk.ui.saved_views import SavedViewsMenu
    from mxdesk.ui.search_everything import SearchEverything
    from mxdesk.ui.table_export import TableExports

log = logging.getLogger("mxdesk.ui")

#: How long a save from the window waits for another writer's lock (ms) before it is retried.
UI_BUSY_TIMEOUT_MS = 750


class MainWindow(WindowShell):
    """Browse clusters, sectors, policies and cooperation programmes of the directory."""

    def __init__(self, directory: Directory, settings: QSettings, store: NotesStore,
                 ask_path: AskPath | None = None, parent: QWidget | None = None,
                 background: bool = True) -> None:
        super().__init__(parent)
        self._build(directory, settings, store, ask_path, background)

    @classmethod
    def complete(cls, shell: WindowShell, directory: Directory, settings: QSettings,
                 store: NotesStore) -> MainWindow:
        """Turn *shell*, the first frame already on screen (ui/first_frame.py), into the
        full window, in place, and return it: the same window, so nothing disappears and
        reappears. (Its class is changed to this one, which adds methods and no stored
        fields of its own: Qt finds the overridden events through the Python object, so
        they apply from now on.)"""
        shell.__class__ = cls
        assert isinstance(shell, MainWindow)
        shell.first_table = None  # replaced by the tabs just below (Qt deletes it)
        shell._build(directory, settings, store, None, True)
        return shell

    def _build(self, directory: Directory, settings: QSettings, store: NotesStore,
               ask_path: AskPath | None, background: bool) -> None:
        """Make the window's parts (the constructor's work; after the first frame when the
        application starts)."""
        #: The thread that runs the tables' searches, so typing never waits for SQLite.
        self.worker = QueryWorker(directory.path, self) if background else None
        self.directory = directory
        #: The directory's country ("Mexico at a glance", Go ▸ and the toolbar), None when it
        #: has none (a synthetic directory may not).
        self.country: RecordRef | None = next(iter(directory.all_refs("country")), None)
        #: The settings file itself (the browsing tabs keep their layout in it).
        self.settings = settings
        #: What the window remembers between runs, as typed properties over *settings*.
        self.window_settings = WindowSettings(settings)
        self.store = store
        from mxdesk.ui.notes.guard import ask_unsaved

        #: Tells the user something about their notes (a refused write, a conflict kept);
        #: tests replace it to read what was said.
        self.tell_user: Callable[[str, str], None] = (
            lambda title, text: tell(self, QMessageBox.Icon.Warning, title, text))
        #: Tells the user something without taking the keyboard from them (a conflict kept
        #: while they type): a message box that is not modal and not activated.
        self.notify_user: Callable[[str, str], None] = self._notify
        #: At quit with unsaved text: "keep", "discard" or "cancel"; tests replace it.
        self.ask_unsaved: Callable[[str], str] = lambda text: ask_unsaved(self, text)
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        #: Where "Export as PDF" asks for a file name; tests pass their own.
        self.ask_path: AskPath = ask_path or ask_pdf_path(self, Path(documents or Path.home()))
        #: Chooses in the brochure dialog; tests replace it to answer without a dialog.
        self.run_brochure_dialog: ChooseBrochure = (
            lambda choices: self.exports.run_brochure_dialog(choices))
        self._make_notes()
        #: The places shown, for Back and Forward.
        self.history = History()
        self._navigating = False
        # Qt adds the application's name ("mxdesk", app.py) to the title on X11 and Windows.
        self.setWindowTitle(_(TITLE))
        self.setObjectName("mxdesk-main-window")

        #: Each browsing tab's column chooser by the tab's name (made with the tab).
        self.column_choosers: dict[str, ColumnChooser] = {}
        #: The browsing tabs and My notes, each made when first shown or asked for.
        self.tabs = DirectoryTabs(directory, self.worker, self)
        self.tabs.pageMade.connect(self._connect_page)
        #: The browsing tabs by name (made when asked for).
        self.tab_pages = self.tabs.pages
        clusters_tab = self.tab_pages["clusters"]
        self._make_notes_views(clusters_tab)
        self._make_mission_views()
        #: The fact sheet export, printing and brochures; it asks through ``ask_path`` and
        #: ``run_brochure_dialog`` as they are when asked (tests replace them).
        self.exports: Exports = Exports(
            self, directory, store, self.window_settings, clusters_tab,
            ask_path=lambda suggested: self.ask_path(suggested),
            choose=lambda choices: self.run_brochure_dialog(choices),
            shown_cluster=self.shown_cluster,
            sectors=lambda: self.tab_pages.made_page("sectors"),
            flush_cluster_notes=self.notes_views.flush_panel,
            flush_notes=self.notes_views.flush, mission=self.missions.current_mission)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.statusBar().messageChanged.connect(self._status_cleared)
        self.setCentralWidget(self.tabs)
        self._search_everything: SearchEverything | None = None
        self._what_changed: WhatChanged | None = None
        self._make_actions(clusters_tab)
        self._make_list_tools(Path(documents or Path.home()))
        from mxdesk.ui.agenda.papers import for_window

        #: The Mission menu's calendar and papers (tests answer ``mission_papers.prompts``).
        self.mission_papers: MissionPapers = for_window(
            self, store, directory, self.window_settings, self.missions, self.named_actions,
            lambda title, text: self.tell_user(title, text), Path(documents or Path.home()))
        #: The text size and colours, remembered in the settings; the window follows them.
        self.appearance: Appearance = Appearance(
            self.window_settings, QApplication.font().pointSizeF(), self)
        self.appearance.pointSizeChanged.connect(self._show_point_size)
        self.appearance.themeChanged.connect(self._show_theme)
        self.restore_settings()
        self._tab_changed(self.tabs.currentIndex())
        self._update_history_actions()
        self.named_actions["glance"].setEnabled(self.country is not None)
        self.missions.tell_overdue(self.statusBar())

    # -- what the window is made of ------------------------------------------------------

    def _make_notes(self) -> None:
        """The commands on the notes (File and Edit menus) and the watch on other writers."""
        from mxdesk.ui.notes import commands
        from mxdesk.ui.notes.guard import NotesGuard

        #: The watch on other windows' saves, and text not yet saved.
        self.guard: NotesGuard = NotesGuard(self, self.store,
                                            lambda: self.notes_views.editors())
        # Opening waited for a lock; a save waits less, so a held lock never freezes the
        # window for long (the editors retry on their own).
        self.store.set_busy_timeout(UI_BUSY_TIMEOUT_MS)
        #: File ▸ Export, Import, Back up, Restore and Edit ▸ Undo on the notes. They ask
        #: through ``notes.prompts`` (tests replace its answers), save and warn through the
        #: window's ``ask_path`` and ``tell_user`` as they are when asked, and every notes
        #: view follows their one ``changed`` signal.
        prompts = commands.dialog_prompts(self, lambda suggested: self.ask_path(suggested),
                                          lambda title, text: self.tell_user(title, text))
        self.notes: NotesCommands = commands.NotesCommands(
            self, self.store, self.directory, prompts, flush=lambda: self.notes_views.flush(),
            editors=lambda: self.notes_views.editors())
        self.notes.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.notes.problem.connect(lambda text: self.tell_user(_("Your notes"), text))
        self.guard.changedElsewhere.connect(lambda: self.notes.changed.emit(None))

    def _make_notes_views(self, clusters_tab: BrowserTab) -> None:
        """My notes and the cluster panel (each made when first needed), and what they tell
        the window."""
        from mxdesk.ui.notes.views import NotesViews

        #: My notes and the cluster panel, each made when first needed.
        self.notes_views = NotesViews(self.store, self.directory, self.notes, clusters_tab,
                                      lambda page: self.tabs.replace_stand_in(
                                          self.tabs.notes_index, page), self)
        views = self.notes_views
        views.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        views.statusChanged.connect(self._notes_status)
        views.refused.connect(self._write_refused)
        views.conflicted.connect(self._conflict_kept)
        views.told.connect(lambda text: self.notify_user(_("Your notes"), text))
        views.openCluster.connect(lambda cluster_id: self.navigate("cluster", cluster_id))
        views.exportShortlist.connect(lambda shortlist_id: self.exports.export_shortlist(
            shortlist_id))

    def _make_mission_views(self) -> None:
        """The Mission tab (issue 18; ui/agenda/views.py), made when first needed, and the
        entry points of My notes and its Shortlists page."""
        from mxdesk.ui.agenda.views import MissionViews

        #: The Mission tab and the commands that reach it from elsewhere.
        self.missions: MissionViews = MissionViews(self.store, self.directory, self.notes,
                                     lambda page: self.tabs.replace_stand_in(
                                         self.tabs.mission_index, page), self)
        views = self.missions
        views.openCluster.connect(lambda cluster_id: self.navigate("cluster", cluster_id))
        views.openContact.connect(lambda contact_id: self.navigate("contact", contact_id))
        views.statusChanged.connect(self._mission_status)
        views.refused.connect(self._write_refused)
        views.bringToFront.connect(lambda: self.tabs.setCurrentWidget(self.missions.tab))
        views.flush_notes = lambda: self.notes_views.flush()
        self.notes_views.meetingWanted.connect(
            lambda uid, cluster: self.missions.add_meeting((cluster,) if cluster else (),
                                                           (uid,)))
        self.notes_views.missionWanted.connect(self.missions.mission_from_shortlist)

    def _update_share_action(self) -> None:
        self.named_actions["share_mission"].setEnabled(
            self.missions.current_mission() is not None)

    def _mission_status(self, status: str) -> None:
        if self.tabs.mission_in_front():
            self.statusBar().showMessage(status)

    def add_meeting(self) -> None:
        """Mission ▸ Add meeting… (Ctrl+Shift+M): with the cluster the Clusters tab shows,
        or the contact My notes shows, else on the day chosen in the agenda."""
        cluster = self.shown_cluster()
        if cluster is not None:
            self.missions.add_meeting((cluster,))
            return
        if self._notes_in_front() and self.my_notes.current \
                and self.my_notes.current[0] == "contact":
            contact = self.store.contact(int(self.my_notes.current[1]))
            self.missions.add_meeting((contact.cluster_id,) if contact.cluster_id else (),
                                      (contact.uid,))
            return
        self.missions.add_meeting()

    def _make_actions(self, clusters_tab: BrowserTab) -> None:
        """The actions of ui/actions.py, the menus and toolbar built from them, and the
        fact-sheet buttons on the Clusters tab's details bar."""
        #: The window's actions by name (ui/actions.py), also kept as ``<name>_action``.
        self.named_actions = actions.make_actions(self)
        for name, action in self.named_actions.items():
            setattr(self, f"{name}_action", action)
        self.tab_actions = [self.named_actions[f"tab{n}"]
                            for n in range(1, self.tabs.count() + 1)]
        self.theme_actions = actions.make_theme_actions(self)
        #: The menu bar's menus by key ("File", …, "Go").
        self.menus = actions.make_menus(self, self.named_actions, self.theme_actions)
        actions.make_toolbar(self, self.named_actions)
        # Mission ▸ Share with the delegation… is of the mission shown: greyed out while
        # there is none (said again when the menu opens and when the tab shows another).
        self._update_share_action()
        self.menus["Mission"].aboutToShow.connect(self._update_share_action)
        self.missions.statusChanged.connect(lambda _text: self._update_share_action())
        from mxdesk.ui import language

        #: View ▸ Language (ui/language.py): switching shows the window again in the same place.
        self.language_actions = language.add_menu(self)
        self.tab_names = list(self.tab_pages)
        switch = clusters_tab.table_or_map
        if switch is not None:  # View ▸ Clusters on a map is ticked while the map is shown
            map_action = self.named_actions["map"]
            map_action.setCheckable(True)
            map_action.setChecked(switch.showing_map())
            switch.map_button.toggled.connect(map_action.setChecked)
        for name in ("export_sheet", "print"):  # on the Clusters tab's details bar
            button = QToolButton(clusters_tab)
            button.setDefaultAction(self.named_actions[name])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            clusters_tab.detail_bar.addWidget(button)

    def _make_list_tools(self, folder: Path) -> None:
        """Taking a list away (issue 17): File ▸ Export this list… (ui/table_export.py; the
        column choosers are made with their tabs, ui/column_chooser.py) and the saved views of
        the Go menu (ui/saved_views.py). Both ask through replaceable prompts."""
        from mxdesk.ui.saved_views import SavedViewsMenu, dialog_prompts
        from mxdesk.ui.table_export import TableExports

        def in_front() -> BrowserTab | None:
            return None if self._notes_in_front() else self.current_tab()

        def bring(name: str) -> BrowserTab:
            self.tabs.setCurrentWidget(self.tab_pages[name])
            return self.tab_pages[name]

        def warn(title: str, text: str) -> None:
            self.tell_user(title, text)  # (the one the window has when asked: tests set it)

        #: File ▸ Export this list… (tests answer ``table_exports.ask_file``).
        self.table_exports: TableExports = TableExports(self, self.window_settings, in_front,
                                          lambda tab: self.column_choosers.get(tab.name), warn,
                                          lambda: folder)
        #: The saved views in the Go menu (tests answer ``saved_views.prompts``).
        self.saved_views: SavedViewsMenu = SavedViewsMenu(
            self, self.store, self.menus["Go"], in_front, bring, dialog_prompts(self, warn),
            (self.named_actions["rename_view"], self.named_actions["delete_view"]),
            self.column_choosers.get)
        self.saved_views.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))

    # -- tabs and status ------------------------------------------------------------------

    def _connect_page(self, page: BrowserTab) -> None:
        """A browsing tab was just made (ui/browse_tabs.py): connect it, and give it the
        columns and split it had last time."""
        page.statusChanged.connect(self._tab_status)
        page.recordSelected.connect(self._record_selected)
        page.recordCleared.connect(self._update_record_actions)
        page.model.countsChanged.connect(lambda *_counts: self._view_changed(page))
        page.rowMenuRequested.connect(lambda where: self._row_menu(page, where))
        page.detail.anchorClicked.connect(self.follow_link)
        page.detail.copyRecordRequested.connect(self.copy_record)
        page.restore_state(self.settings)
        from mxdesk.ui.column_chooser import ColumnChooser

        self.column_choosers[page.name] = ColumnChooser(
            page, self.settings, lambda: [self.named_actions["export_list"]])

    def _row_menu(self, tab: BrowserTab, where: QPoint) -> None:
        from mxdesk.ui.row_menu import row_menu

        menu = row_menu(self, tab)
        menu.exec(where)
        menu.deleteLater()

    def current_tab(self) -> BrowserTab:
        """The browsing tab in front (the Clusters tab while My notes is)."""
        return self.tabs.current_page()

    def _tab_changed(self, _index: int) -> None:
        in_front = self._notes_in_front()
        self.notes_views.tab_shown(in_front)
        self.statusBar().showMessage(self._front_status())
        self._update_record_actions()

    def _front_status(self) -> str:
        """What the tab in front says of its list ("6 of 98 clusters")."""
        if self.tabs.mission_in_front():
            return self.missions.tab.status
        return self.my_notes.status if self._notes_in_front() else self.current_tab().status

    def _status_cleared(self, message: str) -> None:
        """A passing message ended (a menu item's or a button's tip the pointer left, a
        notice that timed out) and left the bar empty: the tab's count comes back."""
        if not message:
            # Once the bar is done with its change; the window as context: no call after
            # the window is gone.
            QTimer.singleShot(0, self, self._restore_status)

    def _restore_status(self) -> None:
        if not self.statusBar().currentMessage():
            self.statusBar().showMessage(self._front_status())

    def _notes_in_front(self) -> bool:
        return self.tabs.notes_in_front()

    def _notes_status(self, status: str) -> None:
        if self._notes_in_front():
            self.statusBar().showMessage(status)

    @property
    def my_notes(self) -> MyNotesTab:
        """The My notes tab, made the first time it is shown or asked for."""
        return self.notes_views.my_notes

    @property
    def notes_panel(self) -> ClusterNotesPanel:
        """The Clusters tab's contacts and notes panel, made when first needed."""
        return self.notes_views.panel

    def shown_cluster(self) -> str | None:
        """The cluster whose details the Clusters tab shows, if that tab is in front."""
        if not self.tabs.clusters_in_front():
            return None
        tab = self.tab_pages["clusters"]
        if tab.current and tab.current.kind == "cluster":
            return tab.current.id
        return None

    def _update_record_actions(self) -> None:
        enabled = self.shown_cluster() is not None
        writable = not self.store.read_only
        for action in (self.named_actions["export_sheet"], self.named_actions["print"]):
            action.setEnabled(enabled)
        for action in (self.named_actions["new_contact"], self.named_actions["new_note"]):
            action.setEnabled(writable and (enabled or self._notes_in_front()))
        # In the Mission tab, Ctrl+N is a new meeting.
        mission = self.tabs.mission_in_front()
        self.named_actions["new_note"].setEnabled(writable and (
            enabled or self._notes_in_front() or mission))
        self.named_actions["new_note"].setText(_("New &meeting") if mission else _("New &note"))
        self.table_exports.follow_tab(self.named_actions["export_list"],
                                      self._notes_in_front() or mission)
        self.missions.follow_tab([self.named_actions["find"], self.named_actions["clear"]],
                                 mission)

    def _tab_status(self, status: str) -> None:
        if self.sender() is self.tabs.currentWidget():
            self.statusBar().showMessage(status)

    def focus_search(self) -> None:
        """Edit ▸ Find (Ctrl+F): the search field of the tab in front, its text selected."""
        field = self.current_tab().search_field
        field.setFocus()
        field.selectAll()

    def clear_filters(self) -> None:
        """Edit ▸ Clear search and filters, in the tab in front (My notes included)."""
        if self._notes_in_front():
            self.my_notes.clear_filters()
        else:
            self.current_tab().clear_filters()

    @property
    def search_everything(self) -> SearchEverything:
        """The Ctrl+K box, made the first time it is asked for (not at start-up)."""
        if self._search_everything is None:
            from mxdesk.ui.search_everything import SearchEverything  # (on first use)

            self._search_everything = SearchEverything(self.directory, self, store=self.store)
            self._search_everything.setFont(self.tabs.font())
            self._search_everything.recordChosen.connect(self.navigate)
        return self._search_everything

    def open_search_everything(self) -> None:
        """Edit ▸ Search everything (Ctrl+K)."""
        self.search_everything.start()

    @property
    def what_changed(self) -> WhatChanged:
        """What changed in the directory: told at start when it is newer than the one opened
        last (app.py), and on Help ▸ What changed…; made the first time it is asked for."""
        if self._what_changed is None:
            from mxdesk.ui.changes_dialog import WhatChanged  # (on first use)

            self._what_changed = WhatChanged(self.directory, self.store, self.window_settings,
                                             self.navigate, self)
        return self._what_changed

    # -- navigation and history -----------------------------------------------------------

    def navigate(self, kind: str, record_id: str) -> None:
        """Open a record in its tab and remember it in the history; an id of an earlier
        release (a note's cluster that was merged or renamed) opens the record it is now."""
        moved = self.directory.redirect(record_id) if kind in TAB_OF_KIND else None
        if moved is not None and moved.new is not None:
            kind, record_id = moved.new.kind, moved.new.id
        if kind in ("contact", "note"):
            self.tabs.setCurrentWidget(self.my_notes)
            self.my_notes.search_field.clear()
            self.my_notes.cluster_filter.setCurrentIndex(0)
            self.my_notes.tag_filter.setCurrentIndex(0)
            self.my_notes.shortlist_filter.setCurrentIndex(0)
            self.my_notes.reload()
            self.my_notes.select(kind, record_id)
            return
        if kind in ("mission", "meeting"):  # (issue 18) found by Ctrl+K
            self.missions.show_record(kind, int(record_id))
            return
        key = record_key(kind, record_id)
        self._show(Place(*key))
        self._remember(self._place(*key))
        if moved is not None and moved.new is not None:
            self.statusBar().showMessage(moved.says(), 15000)

    def _place(self, kind: Kind, record_id: str) -> Place:
        """The record, with its tab's list as it is now."""
        return Place(kind, record_id, self.tab_pages[TAB_OF_KIND[kind]].view())

    def _show(self, place: Place) -> None:
        """Show a place: its tab's list as it was (when it has one), then the record."""
        tab = self.tab_pages[TAB_OF_KIND[place.kind]]
        self._navigating = True
        try:
            self.tabs.setCurrentWidget(tab)
            if place.view is not None:
                tab.set_view(place.view)
            if place.kind in tab.spec.kinds:
                tab.open_record(place.kind, place.id)
            else:
                # A kind no row lists (ui/browse_tabs.py, TAB_OF_KIND) shows over the list;
                # a state first filters the list to its clusters.
                if place.kind == "state" and place.view is None:
                    tab.select_facet("State", self.directory.state(place.id).name)
                tab.table.clearSelection()
                tab.show_record(place.kind, place.id)
        finally:
            self._navigating = False
        # (Restoring the list may have dropped the record shown before, and its actions.)
        self._update_record_actions()

    def _remember(self, place: Place) -> None:
        self._update_record_actions()
        self.history.visit(place)
        self._update_history_actions()

    def show_country(self) -> None:
        """Go ▸ Mexico at a glance (Alt+Home), also the toolbar's button: the country page in
        the Clusters tab's detail pane, remembered in the history like any record."""
        if self.country is None:
            self.statusBar().showMessage(_("This directory has no country page"), 5000)
            return
        self.navigate(self.country.kind, self.country.id)

    def _view_changed(self, tab: BrowserTab) -> None:
        """A tab's list changed (typing, ticks, sort): while the history's current record is
        still shown there, it keeps the list as it is now, for Back and Forward to bring
        back. Not while navigating (following a link clears the filters of the list left)."""
        place = self.history.current
        if self._navigating or place is None:
            return
        if TAB_OF_KIND[place.kind] == tab.name and tab.current == (place.kind, place.id):
            self.history.visit(replace(place, view=tab.view()))

    def _record_selected(self, kind: str, record_id: str) -> None:
        if not self._navigating:
            self._remember(self._place(*record_key(kind, record_id)))
        self._update_record_actions()

    def go_back(self) -> None:
        """Go ▸ Back (Alt+Left): the place shown before, its tab's list as it was then."""
        place = self.history.back()
        if place is not None:
            self._show(place)
            self._update_history_actions()

    def go_forward(self) -> None:
        """Go ▸ Forward (Alt+Right), after Back."""
        place = self.history.forward()
        if place is not None:
            self._show(place)
            self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.named_actions["back"].setEnabled(self.history.can_go_back)
        self.named_actions["forward"].setEnabled(self.history.can_go_forward)

    def follow_link(self, url: QUrl) -> None:
        """A link clicked in a detail pane: a source number scrolls to the source, an
        ``mxdesk://`` link opens that record, a web address opens in the browser (or is
        copied to the clipboard, with a word in the status bar, when none opens)."""
        if url.scheme() == "" and url.fragment():
            self.current_tab().detail.scrollToAnchor(url.fragment())
            return
        target = parse_record_url(url)
        if target is not None:
            self.navigate(*target)
            return
        if url.scheme() in ("http", "https") and QDesktopServices.openUrl(url):
            self.statusBar().showMessage(
                _("Opened {address} in the browser").format(address=url.toString()), 5000)
            return
        QGuiApplication.clipboard().setText(url.toString())
        self.statusBar().showMessage(
            _("No web browser is available: {address} was copied to the clipboard").format(
                address=url.toString()), 8000)

    # -- the user's notes -----------------------------------------------------------------

    def _write_refused(self, text: str) -> None:
        self.tell_user(_("Your notes were not changed"), text)

    def _conflict_kept(self, text: str) -> None:
        self.statusBar().showMessage(
            _("The same record was changed elsewhere: both texts kept"), 15000)
        self.notify_user(_("Edited in two places"), text)

    def _notify(self, title: str, text: str) -> None:
        notify(self, title, text)

    def show_read_only(self) -> None:
        """Say, once and in the status bar for good, that the notes cannot be written here,
        and turn off what would write them."""
        self.notes_views.show_read_only(self.statusBar(), self.named_actions)

    def new_contact(self) -> None:
        """Edit ▸ New contact (Ctrl+Shift+N): in My notes when in front, else on the cluster
        shown."""
        self.notes_views.new_contact(self._notes_in_front())

    def new_note(self) -> None:
        """Edit ▸ New note (Ctrl+N): in My notes when in front, a new meeting in Mission,
        else on the cluster shown."""
        if self.tabs.mission_in_front():
            self.missions.tab.new_meeting()
            return
        self.notes_views.new_note(self._notes_in_front())

    def flush_notes(self) -> None:
        """Save what the notes views' editors hold."""
        self.notes_views.flush()

    # -- copy, text size, theme, about ----------------------------------------------------

    def copy_record(self) -> None:
        """Edit ▸ Copy record as text: the record shown, as ``mxdesk show`` prints it."""
        from mxdesk.core.record_text import text_profile

        tab = self.current_tab()
        if tab.current is None:
            self.statusBar().showMessage(_("Select a record first"), 4000)
            return
        record = self.directory.get(*tab.current)
        QGuiApplication.clipboard().setText(text_profile(self.directory, record))
        self.statusBar().showMessage(_("Copied “{name}” as text").format(name=record.name), 4000)

    def _show_point_size(self, size: float) -> None:
        self.tabs.show_point_size(size)
        if self._search_everything is not None:
            self._search_everything.setFont(self.tabs.font())

    def _show_theme(self, key: str) -> None:
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == key)
        self.tabs.rerender()

    def about_text(self) -> str:
        """The About box's text: versions, the directory's data version and build date, what
        the user's notes hold (contacts to meetings), and the keys (ui/about.py)."""
        from mxdesk.ui import about  # (when the box is first shown, not at start-up)

        return about.about_text(self.directory, about.notes_line(self.store))

    def show_about(self) -> None:
        """Help ▸ About."""
        QMessageBox.about(self, _("About mxdesk"), self.about_text())

    # -- settings -------------------------------------------------------------------------

    def restore_settings(self) -> None:
        """Put back the size, layout, tab in front, theme and text size of the last run."""
        saved = self.window_settings
        geometry = saved.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QGuiApplication.primaryScreen()
            available = screen.availableGeometry() if screen else None
            if available is not None:
                self.resize(min(1400, available.width() - 40),
                            min(860, available.height() - 60))
        state = saved.state
        if state is not None:
            self.restoreState(state)
        tab = saved.last_tab
        if tab is not None and tab in self.tab_pages:
            self.tabs.setCurrentWidget(self.tab_pages[tab])
        elif tab == "notes":
            self.tabs.setCurrentWidget(self.my_notes)
        elif tab == "mission":
            self.tabs.setCurrentWidget(self.missions.tab)
        self.appearance.restore()

    def save_settings(self) -> None:
        """Write the size, layout, tab in front and each tab's columns to the settings file."""
        saved = self.window_settings
        if self._notes_in_front():
            saved.last_tab = "notes"
        saved.geometry = self.saveGeometry()
        saved.state = self.saveState()
        if self.tabs.mission_in_front():
            saved.last_tab = "mission"
        elif not self._notes_in_front():
            saved.last_tab = self.current_tab().name
        for page in self.tab_pages.made():
            page.save_state(self.settings)
        saved.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing: nothing typed is lost (saved, kept as a draft, or discarded on the user's
        word, else the window stays open); then the import, the watch and the threads stop
        and the settings are written."""
        if not self.guard.may_close(self.ask_unsaved, self.tell_user):
            event.ignore()
            return
        if not self.notes.stop_import():
            log.warning("an import was still undoing what it began at quit")
        self.guard.watch.stop()
        for page in self.tab_pages.made():
            page.stop()
        self.save_settings()
        if self.worker is not None:
            self.worker.stop()
        super().closeEvent(event)


def window_icon() -> QIcon:
    """The application's icon (resources/mxdesk.svg)."""
    return QIcon(str(paths.resource("mxdesk.svg")))
