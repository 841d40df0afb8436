"""A window's PDF work: the fact sheet export, printing, and the mission brochure."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from mxdesk.core import i18n
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _, ngettext
from mxdesk.ui.messages import tell

if TYPE_CHECKING:
    from mxdesk.core import sheets
    from mxdesk.core.directory import Directory
    from mxdesk.core.mission.records import Mission
    from mxdesk.core.notes import NotesStore
    from mxdesk.export.pdf import ExportResult, Progress
    from mxdesk.ui.pdf_dialogs import AskPath, BrochureAction, Choice, Content
    from mxdesk.ui.settings import WindowSettings
    from mxdesk.ui.tab import BrowserTab

#: The brochure dialog's answer: (export or print, the choice, paper key, with notes).
#: The brochure dialog's answer: what it does, of what, on which paper, with the notes or not,
#: and (since issue 20; an answer without it means the window's language) in which language.
BrochureAnswer = (tuple["BrochureAction", "Choice", str, bool]
                  | tuple["BrochureAction", "Choice", str, bool, str])
#: Chooses in the brochure dialog: (choices, best guess first) -> the answer, None if cancelled.
ChooseBrochure = Callable[[list["Choice"]], BrochureAnswer | None]

# (Exporting and printing load their modules, ui/pdf_dialogs.py, core/sheets.py and
# core/selections.py, on first use, not at start-up.)


def ask_pdf_path(parent: QMainWindow, folder: Path) -> AskPath:
    """The native "Save as" dialog, starting in *folder* (``ui.pdf_dialogs.ask_save_path``,
    loaded when first asked): (suggested file name) -> chosen path, or None when cancelled."""
    def ask(suggested: str) -> Path | None:
        from mxdesk.ui.pdf_dialogs import ask_save_path

        return ask_save_path(parent, folder)(suggested)

    return ask


class Exports(QObject):
    """The PDFs and printouts of one window: a cluster's fact sheet and mission brochures.

    It asks where to save and what to put in a brochure through the callables it is given,
    each called at the moment of the command (the window passes ones that read its own
    replaceable ``ask_path`` and ``run_brochure_dialog``). The paper size and whether the
    user's notes are included are read from, and the brochure dialog's answers written to,
    the window's :class:`WindowSettings`. Expected failures (a PDF not written) are told to
    the user in a message box; nothing is raised to the caller.
    """

    def __init__(self, window: QMainWindow, directory: Directory, store: NotesStore,
                 settings: WindowSettings, clusters: BrowserTab, *,
                 ask_path: AskPath, choose: ChooseBrochure,
                 shown_cluster: Callable[[], str | None],
                 sectors: Callable[[], BrowserTab | None],
                 flush_cluster_notes: Callable[[], None],
                 flush_notes: Callable[[], None],
                 mission: Callable[[], Mission | None] = lambda: None) -> None:
        """*clusters* is the Clusters tab; *sectors* gives the Sectors tab if it was made.
        *shown_cluster* gives the cluster the Clusters tab shows in front (None if none);
        *mission* the mission the Mission tab shows (None if none).
        *flush_cluster_notes* saves the text typed in the cluster's notes panel,
        *flush_notes* that and the text typed in My notes."""
        super().__init__(window)
        self._window = window
        self._directory = directory
        self._store = store
        self._settings = settings
        self._clusters = clusters
        self._ask_path = ask_path
        self._choose = choose
        self._shown_cluster = shown_cluster
        self._sectors = sectors
        self._flush_cluster_notes = flush_cluster_notes
        self._flush_notes = flush_notes
        self._mission = mission
        #: The last PDF written (None until one is).
        self.last_export: ExportResult | None = None

    def _say(self, text: str, ms: int) -> None:
        self._window.statusBar().showMessage(text, ms)

    def _write(self, content: Content, suggested: str, lang: str | None = None) -> None:
        from mxdesk.ui.pdf_dialogs import export_with_progress

        path = self._ask_path(suggested)
        if path is None:
            return
        try:
            result = export_with_progress(self._window, content, path, self._settings.paper,
                                          lang)
        except MxdeskError as exc:
            tell(self._window, QMessageBox.Icon.Warning, _("The PDF was not written"), str(exc))
            return
        if result is None:
            self._say(_("Export cancelled; nothing was written"), 6000)
            return
        self.last_export = result
        self._say(ngettext("Wrote {path} ({n} page)", "Wrote {path} ({n} pages)",
                           result.pages).format(path=result.path, n=i18n.number(result.pages)),
                  10000)

    def _notes_store(self, with_notes: bool) -> NotesStore | None:
        return self._store if with_notes else None

    def export_fact_sheet(self) -> None:
        """File ▸ Export fact sheet: the shown cluster's sheet as a PDF, where the user says
        (only a status message when no cluster is shown)."""
        from mxdesk.core import sheets

        cluster_id = self._shown_cluster()
        if cluster_id is None:
            self._say(_("Show a cluster in the Clusters tab first"), 5000)
            return
        self._flush_cluster_notes()
        content = sheets.single_sheet(self._directory, cluster_id,
                                      store=self._notes_store(self._settings.with_notes))
        acronym = self._directory.cluster(cluster_id).acronym
        self._write(content, sheets.default_file_name(
            _("fact sheet {name}").format(name=acronym or content.sheets[0].title)))

    def print_fact_sheet(self) -> None:
        """File ▸ Print fact sheet: the shown cluster's sheet in the print preview."""
        from mxdesk.core import sheets
        from mxdesk.ui.pdf_dialogs import print_with_preview

        cluster_id = self._shown_cluster()
        if cluster_id is None:
            self._say(_("Show a cluster in the Clusters tab first"), 5000)
            return
        print_with_preview(self._window, sheets.single_sheet(
            self._directory, cluster_id, store=self._notes_store(self._settings.with_notes)),
            self._settings.paper)

    def brochure_choices(self) -> list[Choice]:
        """What a brochure can be made of right now, best guess first: the clusters selected,
        a state's, the Clusters tab's filtered list, a sector's, the current mission (opening
        with its agenda), each shortlist (the current one first) and, always last, the whole
        directory. Their titles and cover labels come
        from :mod:`mxdesk.core.selections`; the texts the dialog shows are written here."""
        from mxdesk.core import selections
        from mxdesk.ui.pdf_dialogs import Choice

        d = self._directory
        clusters = self._clusters
        choices: list[Choice] = []
        selected = [rid for kind, rid in clusters.selected_records() if kind == "cluster"]
        if len(selected) > 1:
            choices.append(Choice(ngettext(
                "The {n} cluster selected in the Clusters tab",
                "The {n} clusters selected in the Clusters tab", len(selected)).format(
                    n=i18n.number(len(selected))), selections.of_selection(d, selected)))
        if clusters.current and clusters.current.kind == "state":
            chosen = selections.of_state(d, clusters.current.id)
            state = d.state(clusters.current.id).name
            choices.append(Choice(_("All clusters in {state} ({n})").format(
                state=state, n=i18n.number(len(chosen.cluster_ids))), chosen))
        if clusters.has_filters():
            listed = [rid for kind, rid in clusters.listed_records() if kind == "cluster"]
            choices.append(Choice(ngettext(
                "The current list of the Clusters tab ({n} cluster)",
                "The current list of the Clusters tab ({n} clusters)", len(listed)).format(
                    n=i18n.number(len(listed))),
                selections.of_listing(listed, clusters.filter_summary())))
        sectors = self._sectors()
        if sectors is not None and sectors.current and sectors.current.kind == "sector":
            chosen = selections.of_sector(d, sectors.current.id)
            # "All clusters in the Aerospace sector", "… the Industry 4.0 theme": the
            # selection's label, which calls each sector what the directory calls it.
            said = chosen.label[:1].upper() + chosen.label[1:]
            choices.append(Choice(_("{selection} ({n})").format(
                selection=said, n=i18n.number(len(chosen.cluster_ids))), chosen))
        store = self._store
        mission = self._mission()
        if mission is not None:
            chosen = selections.of_mission(store, d, mission)
            choices.append(Choice(ngettext(
                "Your mission “{name}”, opening with its agenda ({n} cluster)",
                "Your mission “{name}”, opening with its agenda ({n} clusters)",
                len(chosen.cluster_ids)).format(name=mission.name,
                                                n=i18n.number(len(chosen.cluster_ids))),
                chosen))
        current = store.current_shortlist()
        lists = sorted(store.shortlists(), key=lambda s: current is None or s.id != current.id)
        for shortlist in lists:
            # With each cluster's remark (the meeting): what the traveller most wants printed.
            chosen = selections.of_shortlist(d, shortlist)
            choices.append(Choice(ngettext(
                "Your shortlist “{name}” ({n} cluster)", "Your shortlist “{name}” ({n} clusters)",
                len(chosen.cluster_ids)).format(name=shortlist.name,
                                                n=i18n.number(len(chosen.cluster_ids))),
                chosen))
        chosen = selections.whole_directory(d)
        choices.append(Choice(ngettext(
            "The whole directory ({n} cluster)", "The whole directory ({n} clusters)",
            len(chosen.cluster_ids)).format(n=i18n.number(len(chosen.cluster_ids))), chosen))
        return choices

    def run_brochure_dialog(self, choices: list[Choice]) -> BrochureAnswer | None:
        """The brochure dialog, modal, offering *choices* (the first checked) with the paper
        and notes of the last brochure: its answer, or None when cancelled."""
        from mxdesk.ui.pdf_dialogs import BrochureDialog

        dialog = BrochureDialog(choices, self._settings.paper, self._window,
                                with_notes=self._settings.with_notes,
                                language=self._settings.pdf_language)
        if dialog.exec() != BrochureDialog.DialogCode.Accepted or dialog.chosen() is None:
            return None
        chosen = dialog.chosen()
        assert chosen is not None
        return (dialog.action, chosen, dialog.paper_key(), dialog.with_notes.isChecked(),
                dialog.language_key())

    def export_shortlist(self, shortlist_id: int) -> None:
        """The brochure dialog with the shortlist *shortlist_id* offered first."""
        from mxdesk.core.selections import shortlist_key

        self.export_brochure(prefer=shortlist_key(shortlist_id))

    def export_brochure(self, prefer: str | None = None) -> None:
        """File ▸ Export mission brochure: ask what to put in it (the choice keyed *prefer*
        offered first), remember the paper and notes chosen, then write the PDF (with
        progress and Cancel) or show the print preview."""
        from mxdesk.core import sheets
        from mxdesk.ui.pdf_dialogs import print_with_preview

        self._flush_notes()
        choices = self.brochure_choices()
        if prefer:
            choices.sort(key=lambda c: c.key != prefer)
        answer = self._choose(choices)
        if answer is None:
            return
        action, choice, paper, with_notes = answer[:4]
        lang = answer[4] if len(answer) > 4 else i18n.language()
        self._settings.paper = paper
        self._settings.with_notes = with_notes
        self._settings.pdf_language = lang
        with i18n.using(lang):  # the cover's title and label in the brochure's language
            again = {other.key: other for other in self.brochure_choices()}
        chosen = again.get(choice.key, choice).selection
        if not chosen.cluster_ids:
            tell(self._window, QMessageBox.Icon.Warning, _("No brochure"),
                 _("Nothing to export: {selection} holds no cluster.").format(
                     selection=chosen.label))
            return

        def make(progress: Progress | None = None) -> sheets.Brochure:
            # (A shortlist's remarks and a mission's agenda come with the selection.)
            with i18n.using(lang):
                return sheets.brochure_of(self._directory, chosen,
                                          store=self._notes_store(with_notes),
                                          progress=progress)

        if action == "print":
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                content = make()
            finally:
                QApplication.restoreOverrideCursor()
            with i18n.using(lang):
                print_with_preview(self._window, content, paper)
        else:
            # The fact sheets are gathered inside the progress dialog (a large brochure
            # takes a while), after the file name is chosen.
            self._write(make, sheets.default_file_name(f"{chosen.title} {chosen.key}"), lang)
