"""File ▸ Export my notes…: a Save dialog that offers the three formats and writes the one the
user chose, by the name typed or else by the file type picked.

It replaced the PDF dialog, which offered only PDF, so that ``contacts.vcf`` typed there was
written as JSON with every note and shortlist in it, and nothing was said."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


@dataclass(frozen=True)
class NotesFormat:
    """One file type the notes can be written as."""

    suffix: str
    #: As the dialog's type list shows it.
    filter: str
    #: What the file holds, for the message after writing.
    holds: str


FORMATS = (
    NotesFormat(".json", "Everything: contacts, notes and shortlists (*.json)",
                "contacts, notes and shortlists"),
    NotesFormat(".vcf", "Contacts as vCard, for address books and phones (*.vcf)",
                "contacts only (vCard)"),
    NotesFormat(".csv", "Contacts as CSV, for spreadsheets (*.csv)", "contacts only (CSV)"),
)


def format_of(path: Path) -> NotesFormat | None:
    """The format a file name asks for by its suffix (case aside), or None."""
    return next((f for f in FORMATS if f.suffix == path.suffix.lower()), None)


def chosen_path(typed: str, picked_filter: str) -> Path:
    """The file to write: *typed* as it is when its suffix names a format (it wins over the
    type list, as a user who types ``contacts.vcf`` means); else with the suffix of the type
    picked in the list added (``contacts`` and "vCard" give ``contacts.vcf``; ``x.txt`` and
    "CSV" give ``x.txt.csv``, never a file of one kind under another's name)."""
    path = Path(typed)
    if format_of(path) is not None:
        return path
    picked = next((f for f in FORMATS if f.filter == picked_filter), FORMATS[0])
    return path.with_name(path.name + picked.suffix)


def ask_notes_path(parent: QWidget | None, folder: Path, suggested: str) -> Path | None:
    """The Save dialog for File ▸ Export my notes…, starting in *folder* with *suggested*;
    the path to write, or None when cancelled."""
    dialog = QFileDialog(parent, "Export my notes", str(folder / suggested))
    dialog.setObjectName("mxdesk-export-notes-dialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setNameFilters([f.filter for f in FORMATS])
    picked = format_of(Path(suggested)) or FORMATS[0]
    dialog.selectNameFilter(picked.filter)
    # The suffix is ours to add (chosen_path), from the name typed or the type picked.
    dialog.setDefaultSuffix("")
    if not dialog.exec():
        return None
    files = dialog.selectedFiles()
    return chosen_path(files[0], dialog.selectedNameFilter()) if files else None
