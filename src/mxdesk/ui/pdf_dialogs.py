"""The window's PDF dialogs: the brochure dialog, Save as, export progress, print preview.

(It was ``ui/export.py``, which re-exports it for earlier callers; issue 15.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Union

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core import i18n
from mxdesk.core.errors import CancelledError
from mxdesk.core.i18n import N_, _
from mxdesk.core.selections import Selection
from mxdesk.core.sheets import Brochure
from mxdesk.ui.messages import label

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from mxdesk.export.pdf import ExportResult, Progress

log = logging.getLogger("mxdesk.export")

#: Asks where to save: (suggested file name) -> chosen path, or None when cancelled.
AskPath = Callable[[str], Path | None]
PAPERS = (("a4", "A4"), ("letter", N_("US Letter")))

#: The kinds of file a "Save as" dialog offers: (what the user reads, suffix), the default
#: first.
FileKinds = tuple[tuple[str, str], ...]
PDF_FILES: FileKinds = ((N_("PDF documents"), ".pdf"),)
#: File ▸ Export my notes…: the formats of mxdesk.core.exchange, chosen by the suffix.
NOTES_FILES: FileKinds = ((N_("JSON: everything"), ".json"),
                          (N_("CSV: contacts, for spreadsheets (; between cells)"), ".csv"),
                          (N_("vCard: contacts, for address books"), ".vcf"))
#: The Mission menu's calendar and report workbook (issue 18).
CALENDAR_FILES: FileKinds = (
    (N_("iCalendar: for Outlook, Google, Apple and Thunderbird"), ".ics"),)
WORKBOOK_FILES: FileKinds = ((N_("Excel workbook"), ".xlsx"),)
#: The dialog for a suggested name's suffix: its title and the kinds it offers.
_SAVE_DIALOGS: dict[str, tuple[str, FileKinds]] = {
    ".pdf": (N_("Export as PDF"), PDF_FILES),
    ".ics": (N_("Export calendar"), CALENDAR_FILES),
    ".xlsx": (N_("Export as Excel"), WORKBOOK_FILES),
    **{suffix: (N_("Export my notes"), NOTES_FILES) for _name, suffix in NOTES_FILES}}


def ask_save_path(parent: QWidget | None, folder: Path) -> AskPath:
    """The native "Save as" dialog, starting in *folder*, for the kind of file suggested: a
    PDF ("….pdf"), the user's notes ("….json": JSON, CSV or vCard), a calendar ("….ics") or
    a workbook ("….xlsx").

    A name typed with a suffix the dialog offers is kept ("contacts.vcf" is a vCard, even
    with JSON chosen in the list); any other name gets the suffix of the kind chosen."""

    def ask(suggested: str) -> Path | None:
        title, kinds = _SAVE_DIALOGS.get(Path(suggested).suffix.lower(), _SAVE_DIALOGS[".pdf"])
        filters = {f"{_(name)} (*{suffix})": suffix for name, suffix in kinds}
        title = _(title)
        default = next((f for f, suffix in filters.items()
                        if suffix == Path(suggested).suffix.lower()), next(iter(filters)))
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            parent, title, str(folder / suggested), ";;".join(filters), default)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() in filters.values():
            return path
        # Added, not put in place of what looks like a suffix: "Mission 10.03" is a name.
        return path.with_name(path.name + filters.get(chosen_filter, kinds[0][1]))

    return ask


#: What the brochure dialog was left with: write the PDF, or show the print preview.
BrochureAction = Literal["export", "print"]


@dataclass(frozen=True)
class Choice:
    """One thing a brochure can be made of, as the dialog offers it."""

    #: What the dialog's radio button says ("All clusters in Querétaro (5)"; it may hold a
    #: shortlist's or a state's name).
    text: str
    #: The clusters, title and cover label of the brochure it makes.
    selection: Selection

    @property
    def key(self) -> str:
        """The selection's key: "state", "shortlist-3", "all" (see :class:`Selection`)."""
        return self.selection.key

    @property
    def cluster_ids(self) -> tuple[str, ...]:
        """The selection's cluster ids, in the brochure's order."""
        return self.selection.cluster_ids


class BrochureDialog(QDialog):
    """Choose what goes into a brochure, and the paper size."""

    def __init__(self, choices: list[Choice], paper: str, parent: QWidget | None = None,
                 with_notes: bool = False, language: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export a mission brochure"))
        self.choices = choices
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Make a brochure of:"), self))
        for n, choice in enumerate(choices):
            # label(): a name's "&" ("Querétaro & Monterrey") is a letter, not a mnemonic.
            button = QRadioButton(label(choice.text), self)
            button.setEnabled(bool(choice.cluster_ids))
            self.group.addButton(button, n)
            layout.addWidget(button)
        enabled = [b for b in self.group.buttons() if b.isEnabled()]
        if enabled:
            enabled[0].setChecked(True)
        form = QFormLayout()
        self.paper = QComboBox(self)
        for key, name in PAPERS:
            self.paper.addItem(_(name), key)
        self.paper.setCurrentIndex(max(0, self.paper.findData(paper)))
        self.paper.setAccessibleName(_("Paper size"))
        form.addRow(_("Paper size:"), self.paper)
        # A brochure handed across the table in Mexico reads better in Spanish, whatever
        # language the window speaks (issue 20).
        self.language = QComboBox(self)
        for key in i18n.LANGUAGES:
            self.language.addItem(i18n.NATIVE_NAMES[key], key)
        self.language.setCurrentIndex(max(0, self.language.findData(language
                                                                    or i18n.language())))
        self.language.setAccessibleName(_("Language of the brochure"))
        form.addRow(_("Language:"), self.language)
        layout.addLayout(form)
        self.with_notes = QCheckBox(_("Include my own contacts and notes on each cluster"), self)
        self.with_notes.setChecked(with_notes)
        self.with_notes.setToolTip(_("Off by default: a brochure you send to others should "
                                     "not carry your private notes"))
        layout.addWidget(self.with_notes)
        note = QLabel(_("It holds a cover, the contents with page numbers, one fact sheet per "
                        "cluster, the policies of their sectors and the sources. A shortlist's "
                        "brochure prints your remark on each cluster with it."), self)
        note.setWordWrap(True)
        layout.addWidget(note)
        # By their roles the platform places them: Export (the dialog's own action, its
        # default) and Print together, and Cancel where Cancel goes ("Export PDF… Print…
        # Cancel" on Windows). Print as ApplyRole had put it after Cancel there.
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            _("Export PDF…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.print_button = self.buttons.addButton(_("Print…"),
                                                   QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        #: The button that accepted the dialog ("export" until one does, as an accept()
        #: without a button has always exported).
        self.action: BrochureAction = "export"
        self.export_button.clicked.connect(lambda: self._done("export"))
        self.print_button.clicked.connect(lambda: self._done("print"))
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _done(self, action: BrochureAction) -> None:
        self.action = action
        self.accept()

    def chosen(self) -> Choice | None:
        """The choice checked, or None when none is (every choice holds no cluster)."""
        n = self.group.checkedId()
        return self.choices[n] if 0 <= n < len(self.choices) else None

    def paper_key(self) -> str:
        """The paper size chosen: "a4" or "letter" (:data:`PAPERS`)."""
        return str(self.paper.currentData())

    def language_key(self) -> str:
        """The brochure's language chosen: "en" or "es" (core/i18n.py LANGUAGES)."""
        return str(self.language.currentData())


#: What to write: a brochure, or how to make one (told a Progress, so that gathering a large
#: brochure's fact sheets shows in the same dialog and can be cancelled too).
Content = Union[Brochure, Callable[["Progress"], Brochure]]  # noqa: UP007 - evaluated at run time

_STAGES = {"content": N_("Gathering fact sheet {done} of {total}…"),
           "layout": N_("Laying out section {done} of {total}…"),
           "pages": N_("Writing page {done} of {total}…")}


def export_with_progress(parent: QWidget, content: Content, path: Path,
                         paper: str, lang: str | None = None) -> ExportResult | None:
    """Write the PDF with a progress dialog that can cancel; None when cancelled. *content*
    is the brochure, or makes it (hearing the progress); *lang* is the PDF's language ("en",
    "es"; the window's by default), the dialog speaking the window's. Raises what making it
    and :func:`export_pdf` raise (ExportError: the file cannot be written), bar a cancel."""
    from mxdesk.export.pdf import export_pdf

    progress = QProgressDialog(_("Preparing…"), _("Cancel"), 0, 0, parent)
    progress.setWindowTitle(_("Exporting PDF"))
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.setAutoClose(False)
    progress.setValue(0)

    def step(stage: str, done: int, total: int) -> bool:
        progress.setMaximum(total)
        progress.setValue(done)
        progress.setLabelText(_(_STAGES[stage]).format(done=i18n.number(done),
                                                       total=i18n.number(total)))
        # Keeps the window painting and the Cancel button alive between steps.
        QApplication.processEvents()
        return not progress.wasCanceled()

    window_language = i18n.language()

    def told(stage: str, done: int, total: int) -> bool:
        with i18n.using(window_language):
            return step(stage, done, total)

    try:
        with i18n.using(lang or window_language):
            brochure = content(told) if callable(content) else content
            return export_pdf(brochure, path, paper, told)
    except CancelledError:
        return None
    finally:
        progress.close()
        progress.deleteLater()


def render_to_printer(printer: QPrinter, content: Brochure, paper: str) -> None:
    """The same layout as the PDF, painted on a printer (or its preview)."""
    from mxdesk.export.pdf import configure, paint, typeset

    configure(printer, paper)
    paint(typeset(content, printer), printer, content)


def print_with_preview(parent: QWidget, content: Brochure, paper: str) -> bool:
    """Open the system print preview; True when the user printed."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    from mxdesk.export.pdf import configure

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(content.title)
    configure(printer, paper)
    preview = QPrintPreviewDialog(printer, parent)
    preview.setWindowTitle(_("Print — {title}").format(title=content.title))
    preview.paintRequested.connect(lambda p: render_to_printer(p, content, paper))
    return preview.exec() == QDialog.DialogCode.Accepted
