"""The window's row of tabs: the four browsing tabs, My notes and Mission, each made the first
time it is shown or asked for, so a window opens with only the tab in front built."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from mxdesk.core.i18n import N_, _
from mxdesk.core.tables import CLUSTERS, COOPERATION, POLICIES, SECTORS, TableSpec
from mxdesk.ui.tab import BrowserTab

if TYPE_CHECKING:
    from mxdesk.core.directory import Directory
    from mxdesk.ui.worker import QueryWorker

#: Which tab shows each kind of record. Three kinds have no rows of their own: they show in
#: the detail pane of a tab over its list (the list stays as it was, the row selection is
#: cleared), each where its links lead. A state shows in the Clusters tab, filtered to it; the
#: country ("Mexico at a glance", one record) in the Clusters tab, the first a user sees; a
#: company in the Sectors tab, since companies are named by the sector profiles and listed on
#: their sectors' pages (40 firms: a tab of their own would be a short list with few
#: columns, and would move My notes' Ctrl+5). A company is reached by the links of its
#: sectors', its states' and other companies' pages, and by Search everything (Ctrl+K);
#: typing in the Sectors tab searches sectors only (a company's name in a sector's search
#: text found "General" or "Delta" in the sectors of firms).
TAB_OF_KIND: dict[str, str] = {
    "cluster": "clusters", "state": "clusters", "sector": "sectors", "policy": "policies",
    "programme": "cooperation", "partnership": "cooperation", "country": "clusters",
    "company": "sectors",
}

#: The browsing tabs, in order: (name, title with its Alt key, what it lists, tooltip).
BROWSE_TABS: tuple[tuple[str, str, TableSpec, str], ...] = (
    ("clusters", N_("&Clusters"), CLUSTERS, N_("Cluster organisations by state and sector")),
    ("sectors", N_("&Sectors"), SECTORS, N_("Industries, sectors and their key figures")),
    ("policies", N_("&Policies"), POLICIES, N_("Federal, state and bilateral policies")),
    ("cooperation", N_("C&ooperation"), COOPERATION,
     N_("EU–Mexico cooperation programmes and European cluster partnerships")),
)


class BrowsePages(Mapping[str, BrowserTab]):
    """The browsing tabs by name, each made when first shown or asked for: a tab nobody
    opens costs nothing. Iterating gives the names in tab order, made or not."""

    def __init__(self, make: Callable[[str, TableSpec], BrowserTab]) -> None:
        self._make = make
        self._specs: dict[str, TableSpec] = {}
        self._made: dict[str, BrowserTab] = {}

    def plan(self, name: str, spec: TableSpec) -> None:
        """Hold a place for the tab *name*, listing *spec*, to be made when asked for."""
        self._specs[name] = spec

    def made_page(self, name: str) -> BrowserTab | None:
        """The tab if it was made (without making it)."""
        return self._made.get(name)

    def made(self) -> list[BrowserTab]:
        """The tabs built so far (what zooming, theming and saving need to touch)."""
        return list(self._made.values())

    def __getitem__(self, name: str) -> BrowserTab:
        if name not in self._made:
            self._made[name] = self._make(name, self._specs[name])
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)


class DirectoryTabs(QTabWidget):
    """The browsing tabs (:data:`BROWSE_TABS`) then My notes and Mission, each an empty
    stand-in until it is made.

    Signals:
        pageMade(BrowserTab): a browsing tab was just made, before it is shown; the window
            connects it.
    """

    pageMade = Signal(object)

    def __init__(self, directory: Directory, worker: QueryWorker | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._directory = directory
        self._worker = worker
        self.setDocumentMode(True)
        self.setAccessibleName(_("Directory views"))
        #: The browsing tabs by name; each is made the first time it is shown or asked for.
        self.pages = BrowsePages(self._make_page)
        for name, title, spec, tip in BROWSE_TABS:
            self.pages.plan(name, spec)
            index = self.addTab(QWidget(self), _(title))
            self.setTabToolTip(index, _(tip))
        #: Where My notes sits (made when first shown or asked for, like the browsing tabs).
        self.notes_index = self.addTab(QWidget(self), _("My &notes"))
        self.setTabToolTip(self.notes_index,
                           _("Your contacts, notes and shortlists, kept on this computer"))
        #: Where Mission sits (issue 18: a mission's agenda; made when first shown).
        self.mission_index = self.addTab(QWidget(self), _("M&ission"))
        self.setTabToolTip(self.mission_index,
                           _("A mission's agenda, day by day: meetings, their times here and "
                             "at home, overlaps and travel gaps"))

    def _make_page(self, name: str, spec: TableSpec) -> BrowserTab:
        page = BrowserTab(name, spec, self._directory, self, worker=self._worker)
        self.pageMade.emit(page)
        self.replace_stand_in(list(self.pages).index(name), page)
        return page

    def replace_stand_in(self, index: int, page: QWidget) -> None:
        """Put a tab made late in place of the empty widget that held its place, keeping
        its title, tooltip and the tab in front."""
        stand_in = self.widget(index)
        current = self.currentIndex()
        title, tip = self.tabText(index), self.tabToolTip(index)
        self.blockSignals(True)
        try:
            self.removeTab(index)
            self.insertTab(index, page, title)
            self.setTabToolTip(index, tip)
            self.setCurrentIndex(current)
        finally:
            self.blockSignals(False)
        if stand_in is not None:
            stand_in.deleteLater()

    def notes_in_front(self) -> bool:
        """Whether My notes is the tab in front."""
        return self.currentIndex() == self.notes_index

    def mission_in_front(self) -> bool:
        """Whether Mission is the tab in front."""
        return self.currentIndex() == self.mission_index

    def current_page(self) -> BrowserTab:
        """The browsing tab in front (the Clusters tab while My notes or Mission is)."""
        index = self.currentIndex()
        names = list(self.pages)
        return self.pages[names[index] if 0 <= index < len(names) else "clusters"]

    def clusters_in_front(self) -> bool:
        """Whether the Clusters tab is the tab in front."""
        return self.currentIndex() == list(self.pages).index("clusters")

    def show_point_size(self, size: float) -> None:
        """Lay the tabs out again for a text size of *size* points."""
        font = self.font()
        font.setPointSizeF(size)
        self.setFont(font)
        for page in self.pages.made():
            page.table.verticalHeader().setDefaultSectionSize(page.fontMetrics().height() + 10)
            page.rerender()

    def rerender(self) -> None:
        """Draw the made tabs' details again (after a change of colours)."""
        for page in self.pages.made():
            page.rerender()
