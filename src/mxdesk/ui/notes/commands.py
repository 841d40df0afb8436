"""What the File and Edit menus do with the user's notes: export, import, back up, restore, how
many backups are kept, and Undo/Redo of deletes — with one ``changed`` signal every notes view
follows, so no caller reloads a view by hand."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from mxdesk.core import i18n
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _, ngettext
from mxdesk.core.notes import BackupInfo, NotesStore
from mxdesk.ui.messages import label

if TYPE_CHECKING:
    from mxdesk.core.directory import Directory
    from mxdesk.ui.notes.autosave import _Editor
    from mxdesk.ui.notes.guard import Deletion
    from mxdesk.ui.notes.importing import NotesImport

log = logging.getLogger("mxdesk.notes")

#: How an import treats a record both the file and the notes have, as the user chose it:
#: "merge" takes what differs from the file, "skip" keeps the notes' own.
ImportMode = Literal["merge", "skip"]


@dataclass
class NotesPrompts:
    """How :class:`NotesCommands` asks the user. Each is a callable so that a test answers
    without a dialog; :func:`dialog_prompts` gives the real dialogs.

    Attributes:
        save_path: (suggested file name) -> where to write, None when cancelled.
        open_path: () -> the file to import, None when cancelled.
        confirm_import: (the import's summary) -> an :data:`ImportMode`, None to cancel.
        ask_import: (summary, when nothing in the file differs from the notes) -> True to import.
        tell: (title, text) -> None: a warning the user must read.
        choose_backup: (the backups this mxdesk can restore, newest first) -> the one to
            restore after the user confirmed, None when they did not.
        ask_backups_kept: (how many are kept now) -> the new number, None when cancelled.
    """

    save_path: Callable[[str], Path | None]
    open_path: Callable[[], Path | None]
    confirm_import: Callable[[str], ImportMode | None]
    ask_import: Callable[[str], bool]
    tell: Callable[[str, str], None]
    choose_backup: Callable[[list[BackupInfo]], BackupInfo | None]
    ask_backups_kept: Callable[[int], int | None]


def ask_open_path(parent: QWidget) -> Path | None:
    """The Open dialog of File ▸ Import notes."""
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, _("Import notes"), str(Path.home()),
        _("Notes and contacts ({patterns});;All files (*)").format(
            patterns="*.json *.csv *.vcf"))
    return Path(chosen) if chosen else None


def confirm_import(parent: QWidget, summary: str) -> ImportMode | None:
    """The import's summary, with the two ways to import and Cancel."""
    box = QMessageBox(QMessageBox.Icon.Question, _("Import notes"), summary,
                      QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    merge = box.addButton(_("Import, merging what differs"), QMessageBox.ButtonRole.AcceptRole)
    skip = box.addButton(_("Import, keeping mine where they differ"),
                         QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(skip)
    box.exec()
    clicked = box.clickedButton()
    return "merge" if clicked is merge else "skip" if clicked is skip else None


def choose_backup(parent: QWidget, found: list[BackupInfo]) -> BackupInfo | None:
    """The Restore dialog, then the confirmation; the backup chosen, None if either says no."""
    from mxdesk.ui.notes.backups import RestoreDialog, confirm_restore

    dialog = RestoreDialog(found, parent)
    if dialog.exec() != RestoreDialog.DialogCode.Accepted:
        return None
    chosen = dialog.chosen()
    return chosen if chosen and confirm_restore(parent, chosen) else None


def ask_backups_kept(parent: QWidget, current: int) -> int | None:
    """Ask how many of the newest backups to keep (1–1,000)."""
    value, ok = QInputDialog.getInt(parent, _("Backups to keep"),
                                    _("Keep this many of the newest backups:"), current, 1,
                                    1000)
    return value if ok else None


def dialog_prompts(parent: QWidget, save_path: Callable[[str], Path | None],
                   tell: Callable[[str, str], None]) -> NotesPrompts:
    """The prompts of a window: its real dialogs, with *save_path* and *tell* shared with the
    window's other commands (the PDF exports ask and warn the same way)."""
    def ask_import(summary: str) -> bool:
        from mxdesk.ui.notes.importing import ask_to_import  # (with the first import)

        return ask_to_import(parent, summary)

    return NotesPrompts(
        save_path=save_path, open_path=lambda: ask_open_path(parent),
        confirm_import=lambda summary: confirm_import(parent, summary),
        ask_import=ask_import, tell=tell,
        choose_backup=lambda found: choose_backup(parent, found),
        ask_backups_kept=lambda current: ask_backups_kept(parent, current))


class DeleteCommand(QUndoCommand):
    """A delete already done (so the first redo, which QUndoStack.push runs, does nothing);
    undo brings the record back under its own id, redo deletes it again."""

    def __init__(self, deletion: Deletion, failed: Callable[[str], None]) -> None:
        super().__init__(label(deletion.what))
        self.deletion = deletion
        self._failed = failed
        self._pushed = False

    def redo(self) -> None:
        """Qt: delete again (the first redo, which QUndoStack.push runs, does nothing: the delete
        is done already). A failure is told through *failed* and drops the step."""
        if not self._pushed:
            self._pushed = True
            return
        self._run(self.deletion.redo, undoing=False)

    def undo(self) -> None:
        """Qt: bring the record back under its own id. A failure is told through *failed* and
        drops the step."""
        self._run(self.deletion.undo, undoing=True)

    def _run(self, step: Callable[[], object], undoing: bool) -> None:
        try:
            step()
        except MxdeskError as exc:
            # The stack moves on regardless; a step that could not be done is dropped so it
            # is not offered again as if it had worked.
            self.setObsolete(True)
            said = (_("Could not undo the {what}: {error}") if undoing
                    else _("Could not redo the {what}: {error}"))
            self._failed(said.format(what=self.deletion.what, error=exc))


class NotesCommands(QObject):
    """The commands of one window on the user's notes, and the undo stack of its deletes.

    *flush* saves what the editors hold before a command reads or replaces the notes;
    *editors* lists the editors made so far (the window makes its views lazily).

    Signals:
        changed(object): the notes were written. The argument is the view that wrote them
            (it already shows the change), or None when a command, an undo or another window
            did: then every view reads them again.
        message(str, int): a status-bar line and how long to show it, in ms.
        problem(str): something the user must read (an undo that failed).
    """

    changed = Signal(object)
    message = Signal(str, int)
    problem = Signal(str)

    def __init__(self, parent: QWidget, store: NotesStore, directory: Directory,
                 prompts: NotesPrompts, flush: Callable[[], None],
                 editors: Callable[[], list[_Editor]]) -> None:
        super().__init__(parent)
        self._parent = parent
        self.store = store
        self.directory = directory
        self.prompts = prompts
        self.flush = flush
        self._editors = editors
        #: The deletes of this window, for Edit ▸ Undo and Redo.
        self.undo_stack = QUndoStack(self)
        self.undo_action: QAction = self.undo_stack.createUndoAction(self, _("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setStatusTip(_("Bring back what was deleted last"))
        self.redo_action: QAction = self.undo_stack.createRedoAction(self, _("&Redo"))
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)
        self._undo_index = 0
        self._pushing = False
        self.undo_stack.indexChanged.connect(self._undo_moved)
        #: The last File ▸ Import (its worker may still run); None before the first.
        self.current_import: NotesImport | None = None

    # -- deletes and undo -------------------------------------------------------------------

    def deleted(self, deletion: Deletion) -> None:
        """A view deleted something: offer it to Undo, say so, and let every view follow."""
        self._undo_index = self.undo_stack.index() + 1
        self._pushing = True
        try:
            self.undo_stack.push(DeleteCommand(deletion, self.problem.emit))
        finally:
            self._pushing = False
        self.changed.emit(None)
        gone = deletion.gone or deletion.what.removeprefix("delete of ")
        self.message.emit(_("Deleted: {what} — Ctrl+Z brings it back").format(what=gone), 8000)

    def _undo_moved(self, index: int) -> None:
        """An undo or redo ran: every view reads the notes again; say which ran. (A cleared
        stack, after a restore, says nothing: the restore does.)"""
        if self._pushing or self.undo_stack.count() == 0:
            self._undo_index = index
            return
        undone = index < self._undo_index
        self._undo_index = index
        what = self.undo_stack.text(index if undone else index - 1).replace("&&", "&")
        said = _("Undone: {what}") if undone else _("Done again: {what}")
        self.message.emit(said.format(what=what), 8000)
        self.changed.emit(None)

    # -- export and import ------------------------------------------------------------------

    def export_notes(self) -> None:
        """File ▸ Export my notes: JSON (everything), CSV or vCard (contacts), chosen by the
        file name's suffix; anything else is refused with nothing written."""
        from mxdesk.core import exchange  # (its file formats load on first use)
        from mxdesk.ui.notes.importing import records
        from mxdesk.ui.pdf_dialogs import NOTES_FILES

        self.flush()
        # The Save dialog offers the notes' formats for a notes file's name (ui/pdf_dialogs.py).
        path = self.prompts.save_path("mxdesk-notes.json")
        if path is None:
            return
        kind = next((name for name, suffix in NOTES_FILES if suffix == path.suffix.lower()),
                    None)
        if kind is None:
            self.prompts.tell(_("Your notes were not exported"),
                              _("{file}: mxdesk writes notes as .json (everything), .csv or "
                                ".vcf (contacts); nothing was written.").format(file=path.name))
            return
        names = self.directory.cluster_names()
        try:
            count = exchange.export_notes(self.store, path, names)
        except MxdeskError as exc:
            self.prompts.tell(_("Your notes were not exported"), str(exc))
            return
        self.message.emit(_("Wrote {records} to {path} ({kind})").format(
            records=records(count), path=path, kind=_(kind)), 10000)
        skipped = self.store.unreadable_report()
        if skipped:
            self.prompts.tell(_("Some records were left out"),
                              _("Wrote {records} to {path}.\n\n{skipped}.").format(
                                  records=records(count), path=path, skipped=skipped))

    def import_notes(self) -> None:
        """File ▸ Import: the file is read, compared and written off the window's thread, with
        progress and Cancel; the plan's summary is asked about here (ui/notes/importing.py)."""
        from mxdesk.ui.notes.importing import NotesImport

        self.flush()
        path = self.prompts.open_path()
        if path is None:
            return
        if self.current_import is not None and not self.current_import.running():
            self.current_import.deleteLater()  # the one before, done with
        job = NotesImport(self._parent, self.store,
                          lambda summary: self.prompts.confirm_import(summary),
                          lambda summary: self.prompts.ask_import(summary))
        job.ended.connect(self._imported)
        self.current_import = job
        job.start(path)

    def _imported(self, message: str, changed: bool) -> None:
        if changed:
            self.changed.emit(None)
        if message:
            self.message.emit(message, 10000)

    def stop_import(self) -> bool:
        """At quit: stop an import still running; False when it could not finish undoing
        what it began."""
        return self.current_import is None or self.current_import.stop()

    # -- backups ----------------------------------------------------------------------------

    def backup_notes(self) -> None:
        """File ▸ Back up my notes now."""
        self.flush()
        try:
            path = self.store.backup()
        except MxdeskError as exc:
            self.prompts.tell(_("No backup was made"), str(exc))
            return
        self.message.emit(_("Backed up your notes to {path}").format(path=path), 10000)

    def restore_notes(self, choose: Callable[[list[BackupInfo]], BackupInfo | None] | None = None
                      ) -> bool:
        """Replace the notes with a backup after a confirmation; True when restored.

        Only backups this mxdesk can read are offered (sound, and not from a newer version).
        The current notes are backed up first and the records swapped in the open file, so a
        failure changes nothing and any other window follows the restored notes. *choose*
        replaces :attr:`NotesPrompts.choose_backup` for this one call."""
        self.flush()
        backups = self.store.good_backups()
        if not backups:
            self.prompts.tell(_("No backup to restore"),
                              _("There is no backup this mxdesk can restore in "
                                "{folder} yet. A backup is made when mxdesk "
                                "starts after your notes changed, daily, and with File ▸ Back "
                                "up my notes now.").format(folder=self.store.backup_dir))
            return False
        info = (choose or self.prompts.choose_backup)(backups)
        if info is None:
            return False
        try:
            before = self.store.restore_from(info.path)
        except MxdeskError as exc:
            self.prompts.tell(_("Your notes were not restored"),
                              _("{error}\n\nNothing was changed.").format(error=exc))
            return False
        for editor in self._editors():
            editor.discard()
            editor.load(None)
        self.undo_stack.clear()  # the deletes it holds belong to the notes replaced
        self.changed.emit(None)
        self.message.emit(_("Restored the backup of {time}; your notes as they "
                            "were are kept as {file}").format(time=info.local_time,
                                                               file=before.name), 15000)
        return True

    def ask_backups_kept(self) -> None:
        """File ▸ Backups to keep…"""
        current = int(self.store.setting("backups_kept", "10") or 10)
        value = self.prompts.ask_backups_kept(current)
        if value is not None:
            self.set_backups_kept(value)

    def set_backups_kept(self, value: int) -> None:
        """Keep the newest *value* backups (at least 1); a refused write is told."""
        try:
            self.store.set_setting("backups_kept", str(max(1, value)))
        except MxdeskError as exc:
            self.prompts.tell(_("Your notes were not changed"), str(exc))
            return
        kept = max(1, value)
        self.message.emit(ngettext("Only the newest backup will be kept",
                                   "The newest {n} backups will be kept", kept).format(
            n=i18n.number(kept)), 6000)

    def backup_if_due(self) -> None:
        """The automatic backup (at start and daily): made when the notes changed since the
        last one; a failure shows in the status bar and the log, never as a dialog."""
        try:
            made = self.store.backup_if_due()
        except MxdeskError as exc:
            log.warning("automatic backup failed: %s", exc)
            self.message.emit(_("Automatic backup failed: {error}").format(error=exc), 10000)
            return
        if made:
            log.info("automatic backup: %s", made)
