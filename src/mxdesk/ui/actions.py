"""The window's commands, declared once: the table the actions, menus, toolbar and About's key
list are made from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle

from mxdesk.core import paths
from mxdesk.core.i18n import N_, _

if TYPE_CHECKING:
    from mxdesk.ui.window import MainWindow

Key = QKeySequence.StandardKey | str
_sp = QStyle.StandardPixmap
_role = QAction.MenuRole


@dataclass(frozen=True)
class ActionSpec:
    """One command of the window: how it is shown, triggered and placed.

    The window holds the action as ``window.actions[name]`` and ``window.<name>_action``.
    A menu lists its actions in the table's order, with a separator where the group changes.
    """

    name: str
    #: The menu item's words, marked with ``N_`` and translated when the action is made.
    text: str
    tip: str
    #: What it does, given the window; called with no argument from triggered(bool).
    run: Callable[[MainWindow], object]
    #: The shortcuts, the first one shown in the tool tip and the About box.
    keys: tuple[Key, ...] = ()
    #: The style's standard icon, or the name of an icon of the desktop's theme (freedesktop
    #: naming) with mxdesk's own drawing of it, ``resources/<name>.svg``, where the theme has
    #: none (:func:`theme_icon`).
    icon: QStyle.StandardPixmap | str | None = None
    #: The menus it is in ("File", "Edit", "View", "Go", "Help").
    menus: tuple[str, ...] = ()
    group: int = 0
    #: Its place on the toolbar from the left, 0 when it is not there; a gap in the numbers
    #: puts a separator there.
    toolbar: int = 0
    role: QAction.MenuRole | None = None
    #: What the About box's key list calls it, when not its text; neighbours that share the
    #: words share one entry ("Alt+Left/Right back and forward").
    about: str = ""
    #: The action is made by another object (the undo stack's); the table only places it.
    adopt: Callable[[MainWindow], QAction] | None = None


def _tab(n: int, name: str, tip: str) -> ActionSpec:
    """View ▸ <tab>: the tab's name without its mnemonic, reached by Ctrl+<n>."""
    return ActionSpec(f"tab{n}", name, tip,
                      lambda w: w.tabs.setCurrentIndex(n - 1), (f"Ctrl+{n}",),
                      menus=("View",), group=20, about=N_("tabs"))


def _toggle_map(window: MainWindow) -> None:
    """View ▸ Clusters on a map: the Clusters tab, its map in the table's place (or back)."""
    window.tabs.setCurrentWidget(window.tab_pages["clusters"])
    switch = window.tab_pages["clusters"].table_or_map
    if switch is not None:
        switch.toggle_map()


#: The menu bar's menus, left to right.
MENUS: tuple[tuple[str, str], ...] = (
    ("File", N_("&File")), ("Edit", N_("&Edit")), ("View", N_("&View")), ("Go", N_("&Go")),
    ("Mission", N_("&Mission")), ("Help", N_("&Help")))
#: View ▸ <tab>: each tab's name (as View lists it) and tool tip, in tab order.
TABS: tuple[tuple[str, str], ...] = (
    (N_("Clusters"), N_("Show the Clusters tab")),
    (N_("Sectors"), N_("Show the Sectors tab")),
    (N_("Policies"), N_("Show the Policies tab")),
    (N_("Cooperation"), N_("Show the Cooperation tab")),
    (N_("My notes"), N_("Show the My notes tab")),
    (N_("Mission"), N_("Show the Mission tab")))

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("export_sheet", N_("Export &fact sheet as PDF…"),
               N_("Write the shown cluster's fact sheet as a PDF file"),
               lambda w: w.exports.export_fact_sheet(), ("Ctrl+E",), _sp.SP_DialogSaveButton,
               menus=("File",), group=1, about=N_("fact sheet")),
    ActionSpec("export_brochure", N_("Export mission &brochure…"),
               N_("A PDF brochure of selected clusters, the current list, a state or a sector"),
               # In the Mission tab, the mission's brochure is offered first.
               lambda w: w.exports.export_brochure(prefer=w.missions.brochure_key()),
               ("Ctrl+Shift+E",), _sp.SP_FileDialogNewFolder,
               menus=("File",), group=1, toolbar=8, about=N_("brochure")),
    ActionSpec("print", N_("&Print fact sheet…"),
               N_("Print the shown cluster's fact sheet, with a preview"),
               lambda w: w.exports.print_fact_sheet(), (QKeySequence.StandardKey.Print,),
               menus=("File",), group=1, about=N_("print")),
    # (Issue 17) What a tab lists, as it shows it, for a spreadsheet.
    ActionSpec("export_list", N_("Export this &list as Excel or CSV…"),
               N_("The list this tab shows (its search, ticked filters, sort and the columns "
               "shown) as an Excel workbook or a CSV file"),
               lambda w: w.table_exports.export_current(), menus=("File",), group=1),
    ActionSpec("export_notes", N_("Export my notes…"),
               N_("Your notes as JSON (everything), CSV or vCard (contacts)"),
               lambda w: w.notes.export_notes(), menus=("File",), group=2),
    ActionSpec("import_notes", N_("Import notes…"),
               N_("Contacts and notes from JSON, CSV or vCard; duplicates are shown before "
               "anything is written"), lambda w: w.notes.import_notes(), menus=("File",), group=2),
    ActionSpec("backup", N_("Back up my notes now"), N_("Copy your notes to the backups folder"),
               lambda w: w.notes.backup_notes(), menus=("File",), group=2),
    ActionSpec("restore", N_("Restore my notes from a backup…"),
               N_("Replace your notes with a backup (after asking)"),
               lambda w: w.notes.restore_notes(), menus=("File",), group=2),
    ActionSpec("backups_kept", N_("Backups to keep…"), N_("How many automatic backups are kept"),
               lambda w: w.notes.ask_backups_kept(), menus=("File",), group=2),
    ActionSpec("undo", N_("&Undo"), N_("Bring back what was deleted last"),
               lambda w: w.notes.undo_action.trigger(), (QKeySequence.StandardKey.Undo,),
               menus=("Edit",), group=3, about=N_("undo a delete"),
               adopt=lambda w: w.notes.undo_action),
    ActionSpec("redo", N_("&Redo"), N_("Delete again what was brought back"),
               lambda w: w.notes.redo_action.trigger(), (QKeySequence.StandardKey.Redo,),
               menus=("Edit",), group=3, about=N_("redo"),
               adopt=lambda w: w.notes.redo_action),
    ActionSpec("new_contact", N_("New &contact"), N_("A person met at the cluster shown"),
               lambda w: w.new_contact(), ("Ctrl+Shift+N",), menus=("Edit",), group=4),
    ActionSpec("new_note", N_("New &note"), N_("A note on the cluster shown"),
               lambda w: w.new_note(), (QKeySequence.StandardKey.New,), menus=("Edit",),
               group=4),
    ActionSpec("find", N_("&Find in this tab"), N_("Search the current tab"),
               lambda w: w.focus_search(), (QKeySequence.StandardKey.Find,),
               _sp.SP_FileDialogContentsView, menus=("Edit",), group=5,
               about=N_("search this tab")),
    ActionSpec("everything", N_("Search &everything…"),
               N_("Search clusters, sectors, policies, programmes and companies at once"),
               lambda w: w.open_search_everything(), ("Ctrl+K",),
               _sp.SP_FileDialogDetailedView, menus=("Edit",), group=5, toolbar=4),
    ActionSpec("clear", N_("C&lear search and filters"), N_("Show every record of this tab"),
               lambda w: w.clear_filters(), ("Ctrl+L",), _sp.SP_DialogResetButton,
               menus=("Edit",), group=5, toolbar=5, about=N_("clear filters")),
    # In File and in Edit, after the rows of both that come before it.
    ActionSpec("copy", N_("&Copy record as text"),
               N_("Copy everything shown about the record, with its sources"),
               lambda w: w.copy_record(), ("Ctrl+Shift+C",), "edit-copy",
               menus=("File", "Edit"), group=6, toolbar=6),
    ActionSpec("quit", N_("&Quit"), N_("Quit mxdesk"), lambda w: w.close(), ("Ctrl+Q",),
               menus=("File",), group=7, role=_role.QuitRole),
    # Help, before About (a menu lists its items in the table's order).
    ActionSpec("what_changed", N_("&What changed in the directory…"),
               N_("The records added, removed, renamed or merged and the figures changed since "
               "the directory you used before"), lambda w: w.what_changed.show(),
               menus=("Help",), group=40),
    *(_tab(n, name, tip) for n, (name, tip) in enumerate(TABS, start=1)),
    ActionSpec("map", N_("Clusters on a &map"),
               N_("Show the clusters by state on a map of Mexico in the table's place, or the "
                  "table again"), _toggle_map, ("Ctrl+M",),
               menus=("View",), group=22, about=N_("map or table of the clusters")),
    # Ctrl+= is what a keyboard without a separate + key sends for Ctrl++.
    ActionSpec("zoom_in", N_("&Larger text"), N_("Make the text larger"),
               lambda w: w.appearance.zoom_in(),
               (QKeySequence.StandardKey.ZoomIn, "Ctrl+="), menus=("View",), group=21,
               about=N_("text size")),
    ActionSpec("zoom_out", N_("&Smaller text"), N_("Make the text smaller"),
               lambda w: w.appearance.zoom_out(),
               (QKeySequence.StandardKey.ZoomOut,), menus=("View",), group=21,
               about=N_("text size")),
    ActionSpec("zoom_reset", N_("&Normal text size"), N_("Reset the text size"),
               lambda w: w.appearance.zoom_reset(), ("Ctrl+0",), menus=("View",), group=21),
    ActionSpec("back", N_("&Back"), N_("Go back"), lambda w: w.go_back(), ("Alt+Left",),
               _sp.SP_ArrowBack, menus=("Go",), group=30, toolbar=1,
               about=N_("back and forward")),
    ActionSpec("forward", N_("&Forward"), N_("Go forward"), lambda w: w.go_forward(),
               ("Alt+Right",),
               _sp.SP_ArrowForward, menus=("Go",), group=30, toolbar=2,
               about=N_("back and forward")),
    # The first page a user can come back to at any time (issue 16): Alt+Home, as a web
    # browser's Home.
    ActionSpec("glance", N_("&Mexico at a glance"),
               N_("The country as a whole: economy, trade with the EU, investment, and the "
               "briefing's conclusions"), lambda w: w.show_country(), ("Alt+Home",),
               _sp.SP_DirHomeIcon, menus=("Go",), group=31, toolbar=3,
               about=N_("Mexico at a glance")),
    # (Issue 17) Named views: a tab's search, ticks and sort; the views follow in the menu.
    ActionSpec("save_view", N_("&Save this view…"),
               N_("Keep this tab's search, ticked filters and sort under a name, listed below"),
               lambda w: w.saved_views.save_current(), ("Ctrl+D",), menus=("Go",), group=32,
               about=N_("save this view")),
    ActionSpec("rename_view", N_("Re&name a saved view…"), N_("Give a saved view another name"),
               lambda w: w.saved_views.rename(), menus=("Go",), group=32),
    ActionSpec("delete_view", N_("&Delete a saved view…"), N_("Forget a saved view"),
               lambda w: w.saved_views.delete(), menus=("Go",), group=32),
    # (Issue 18) The mission: its agenda is the Mission tab (ui/agenda/).
    ActionSpec("new_mission", N_("&New mission…"),
               N_("A mission: its name, first and last days and your home time zone"),
               lambda w: w.missions.new_mission(), menus=("Mission",), group=35),
    ActionSpec("edit_mission", N_("&Edit mission…"),
               N_("Change the mission's name, first and last days and home time zone"),
               lambda w: w.missions.edit_mission(), menus=("Mission",), group=35),
    ActionSpec("add_meeting", N_("&Add meeting…"),
               N_("A meeting with the cluster shown, the contact chosen in My notes, or on the "
               "day chosen in the agenda"), lambda w: w.add_meeting(), ("Ctrl+Shift+M",),
               menus=("Mission",), group=35, about=N_("add a meeting")),
    ActionSpec("previous_day", N_("&Previous day"), N_("The agenda's day before the one chosen"),
               lambda w: w.missions.step_day(-1), ("Ctrl+PgUp",), menus=("Mission",),
               group=36, about=N_("previous and next day")),
    ActionSpec("next_day", N_("Ne&xt day"), N_("The agenda's day after the one chosen"),
               lambda w: w.missions.step_day(1), ("Ctrl+PgDown",), menus=("Mission",),
               group=36, about=N_("previous and next day")),
    ActionSpec("overdue", N_("&Overdue next steps"),
               N_("The meetings whose next step is past its due date, of every mission"),
               lambda w: w.missions.show_overdue(), menus=("Mission",), group=36),
    # The mission's calendar and papers (ui/agenda/papers.py), also on the Mission tab's
    # Calendar and papers button: of the mission the tab shows.
    ActionSpec("export_calendar", N_("Export &calendar (.ics)…"),
               N_("The mission's meetings as a calendar file for Outlook, Google, Apple or "
               "Thunderbird; exported again, it updates the same events"),
               lambda w: w.mission_papers.export_calendar(), menus=("Mission",), group=37),
    ActionSpec("import_calendar", N_("&Import calendar (.ics)…"),
               N_("Meetings from a matchmaking platform's or a mail program's calendar file; "
               "what it adds and updates is shown before anything is written"),
               lambda w: w.mission_papers.import_calendar(), menus=("Mission",), group=37),
    ActionSpec("day_sheets", N_("Day &sheets as PDF…"),
               N_("A sheet per day to print: times in both zones, places, who, the clusters, "
               "room to write"), lambda w: w.mission_papers.day_sheets(),
               menus=("Mission",), group=38),
    ActionSpec("report_pdf", N_("Mission &report as PDF…"),
               N_("After the trip: meetings held, outcomes, next steps by due date, contacts met"),
               lambda w: w.mission_papers.report(".pdf"), menus=("Mission",), group=38),
    ActionSpec("report_xlsx", N_("Mission report as Exce&l…"),
               N_("The report as an Excel workbook, a sheet for each part"),
               lambda w: w.mission_papers.report(".xlsx"), menus=("Mission",), group=38),
    ActionSpec("mission_brochure", N_("Export mission &brochure…"),
               N_("The mission's clusters' fact sheets as a PDF brochure that opens with its "
               "agenda"), lambda w: w.exports.export_brochure(
                   prefer=w.missions.brochure_key(always=True)),
               menus=("Mission",), group=38),
    # (Issue 21) The mission's contacts and agenda shared (ui/agenda/share_dialog.py), also
    # on the Mission tab's Share… button.
    ActionSpec("share_mission", N_("S&hare with the delegation…"),
               N_("Link the mission to the delegation's address book and calendar (CardDAV, "
               "CalDAV), sync them and settle conflicts"),
               lambda w: w.missions.share(), menus=("Mission",), group=39),
    ActionSpec("about", N_("&About mxdesk"), N_("Version, data and keyboard shortcuts"),
               lambda w: w.show_about(), (QKeySequence.StandardKey.HelpContents,),
               _sp.SP_MessageBoxInformation, menus=("Help",), group=40, toolbar=9,
               role=_role.AboutRole, about=N_("this box")),
)

#: View ▸ Colours: the theme's key and its item.
THEMES: tuple[tuple[str, str], ...] = (
    ("system", N_("&System colours")), ("light", N_("&Light")), ("dark", N_("&Dark")))


def theme_icon(name: str) -> QIcon:
    """The desktop theme's icon *name* ("edit-copy"), else mxdesk's drawing of it
    (``resources/<name>.svg``): Windows, macOS and bare desktops have no icon theme."""
    return QIcon.fromTheme(name, QIcon(str(paths.resource(f"{name}.svg"))))


def shortcuts(spec: ActionSpec) -> list[QKeySequence]:
    """The key sequences of *spec*, as its action gets them (a standard key's first one)."""
    return [QKeySequence(key) for key in spec.keys]


def make_actions(window: MainWindow, specs: tuple[ActionSpec, ...] = ACTIONS
                 ) -> dict[str, QAction]:
    """The window's actions by name (action id -> QAction), each added to *window* so its keys
    work everywhere."""
    made: dict[str, QAction] = {}
    for spec in specs:
        if spec.adopt is not None:
            action = spec.adopt(window)
        else:
            action = QAction(_(spec.text), window)
            action.setShortcuts(shortcuts(spec))
            shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            tip = _(spec.tip)
            action.setToolTip(f"{tip} ({shown})" if shown else tip)
            action.setStatusTip(tip)
            if isinstance(spec.icon, str):
                action.setIcon(theme_icon(spec.icon))
            elif spec.icon is not None:
                action.setIcon(window.style().standardIcon(spec.icon))
            if spec.role is not None:
                action.setMenuRole(spec.role)
            # triggered(bool) would arrive as a slot's first optional argument (restore_notes'
            # chooser, export_brochure's choice): the commands are called with none.
            action.triggered.connect(lambda _checked=False, run=spec.run: run(window))
        window.addAction(action)
        made[spec.name] = action
    return made


def make_theme_actions(window: MainWindow) -> QActionGroup:
    """View ▸ Colours, one checkable item per theme; each runs ``window.appearance.set_theme``."""
    group = QActionGroup(window)
    for key, text in THEMES:
        action = QAction(_(text), group)
        action.setCheckable(True)
        action.setData(key)
        action.triggered.connect(lambda _checked=False, k=key: window.appearance.set_theme(k))
    return group


def make_menus(window: MainWindow, actions: dict[str, QAction], themes: QActionGroup,
               specs: tuple[ActionSpec, ...] = ACTIONS) -> dict[str, QMenu]:
    """The menu bar, from the table (View ends with the Colours submenu of *themes*); returns
    the menus by their key in :data:`MENUS` ("Go": the saved views are listed at its end)."""
    bar = window.menuBar()
    menus: dict[str, QMenu] = {}
    for key, title in MENUS:
        menu = menus[key] = bar.addMenu(_(title))
        group: int | None = None
        for spec in specs:
            if key not in spec.menus:
                continue
            if group is not None and spec.group != group:
                menu.addSeparator()
            group = spec.group
            menu.addAction(actions[spec.name])
        if key == "File":
            # A greyed item says why in its tool tip (Export this list… in My notes).
            menu.setToolTipsVisible(True)
        if key == "View":
            menu.addMenu(_("&Colours")).addActions(themes.actions())
    return menus


def make_toolbar(window: MainWindow, actions: dict[str, QAction],
                 specs: tuple[ActionSpec, ...] = ACTIONS) -> None:
    """The navigation toolbar: the table's rows with a place on it, left to right."""
    toolbar = window.addToolBar(_("Navigation"))
    toolbar.setObjectName("navigation-toolbar")
    toolbar.setMovable(False)
    toolbar.setIconSize(QSize(20, 20))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    place = 0
    for spec in sorted((s for s in specs if s.toolbar), key=lambda s: s.toolbar):
        if place and spec.toolbar > place + 1:
            toolbar.addSeparator()
        place = spec.toolbar
        toolbar.addAction(actions[spec.name])
