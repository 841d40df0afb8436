"""File ▸ Import off the window's thread: the file is read, compared with the notes and written
by a worker with its own connection, the window shows progress and stays responsive, the plan's
summary is asked about on the window's thread, and Cancel leaves the notes as they were."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from mxdesk.core import i18n
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _, ngettext, pgettext
from mxdesk.core.notes import NotesStore
from mxdesk.ui.messages import tell
from mxdesk.ui.worker import Task

log = logging.getLogger("mxdesk.notes")

#: The progress dialog shows when a step lasts longer than this (ms): a small file is read,
#: compared and written before it would.
SHOW_AFTER_MS = 400
#: At quit, how long the window waits for a cancelled import to undo what it began (s).
STOP_WAIT_S = 10.0
#: Records freed at a time when an import is done with them.
RELEASE_SLICE = 2000


def records(count: int) -> str:
    """``"1 record"``, ``"100,000 records"``: a count as the window says it."""
    return ngettext("{n} record", "{n} records", count).format(n=i18n.number(count))


def imported(added: int, merged: int) -> str:
    """What the status bar says after an import, naming only what happened: "Imported 2
    records", "Imported 1 record, merged 3", "Merged 1 record"."""
    if added and merged:
        return ngettext("Imported {n} record, merged {merged}",
                        "Imported {n} records, merged {merged}", added).format(
            n=i18n.number(added), merged=i18n.number(merged))
    if merged:
        return ngettext("Merged {n} record", "Merged {n} records", merged).format(
            n=i18n.number(merged))
    if added:
        return ngettext("Imported {n} record", "Imported {n} records", added).format(
            n=i18n.number(added))
    return _("Nothing was imported: the records that differ were kept as they are")


def _import(task: Task, path: Path, store_path: Path) -> tuple[int, int] | None:
    """The import, on the worker's thread: (records added, merged), or None when the user
    declined (or there was nothing to import). Raises ImportCancelled when stopped."""
    from mxdesk.core import exchange  # (its file formats load on first use)

    def stop_if_asked() -> None:
        # Once per record read or compared: also where the window's thread gets its turn
        # (Task.breathe); without it the window stalled for seconds while a large file was
        # read (the reader's uuid4 per contact releases the GIL for an instant and takes it
        # straight back, so CPython's forced switch never came).
        if task.cancelled():
            raise exchange.ImportCancelled(_("Import cancelled before anything was written."))

    # A connection belongs to the thread that opened it: this thread opens its own.
    with NotesStore(store_path, upgrade_backup=False) as store:
        task.say(_("Reading {file}…").format(file=path.name))
        incoming = exchange.read_file(path, stop_if_asked)
        try:
            stop_if_asked()
            task.say(_("Comparing with your notes…"))
            plan = exchange.plan_import(store, incoming, stop_if_asked)
            try:
                stop_if_asked()
                answer = task.ask(plan)
                if answer is None:
                    stop_if_asked()
                    return None
                task.say(_("Importing…"))
                return exchange.apply_plan(store, plan, merge=answer == "merge",
                                           progress=task.report, cancelled=task.cancelled)
            finally:
                _let_go(task, plan)
        finally:
            _let_go(task, incoming)


def _let_go(task: Task, held: object) -> None:
    """Empty the lists of records *held* (a file's records, an import plan) a slice at a
    time, letting the window's thread run between slices: freeing 100,000 records at once
    holds the GIL for 100-300 ms."""
    for value in vars(held).values():
        if isinstance(value, list):
            while value:
                del value[-RELEASE_SLICE:]
                task.breathe()


def ask_to_import(parent: QWidget | None, summary: str, title: str | None = None) -> bool:
    """The question when nothing in the file differs from the notes: there is nothing to
    merge or keep, so only Import or Cancel. True for Import. (Also the Mission menu's
    Import calendar…, titled *title*: a calendar's plan is confirmed the same way; None:
    "Import notes".)"""
    box = QMessageBox(QMessageBox.Icon.Question, title or _("Import notes"), summary,
                      QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    button = box.addButton(pgettext("verb", "Import"), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(button)
    box.exec()
    return box.clickedButton() is button


class NotesImport(QObject):
    """One import of a notes or contacts file into the window's notes.

    *confirm* shows the plan's summary when records in the file differ from those here, and
    returns "merge", "skip" or None (the window's ``confirm_import``, which tests replace).
    *ask_import* asks when none differ, with only Import and Cancel (True: import;
    :func:`ask_to_import` is the dialog); without it, *confirm* is asked then too. A file
    that cannot be imported (an MxdeskError) is told in a dialog; anything else is a bug,
    raised again on the window's thread for the excepthook.

    Signals:
        ended(str, bool): the import ended: what the status bar says ("" for nothing), and
            whether the notes changed.
    """

    ended = Signal(str, bool)

    def __init__(self, window: QWidget, store: NotesStore,
                 confirm: Callable[[str], str | None],
                 ask_import: Callable[[str], bool] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.confirm = confirm
        self.ask_import = ask_import
        self.task: Task | None = None
        self.progress: QProgressDialog | None = None

    def start(self, path: Path) -> None:
        """Read, plan and (once the user says so) write the file *path* on a thread of its own,
        with a progress dialog; :attr:`ended` says how it went. Read-only notes: told at once,
        nothing read."""
        if self.store.read_only:
            tell(self.window, QMessageBox.Icon.Warning, _("Nothing was imported"),
                 _("Your notes are read-only here: {reason}; nothing was changed.").format(
                     reason=self.store.read_only))
            self.ended.emit("", False)
            return
        task = Task(lambda task: _import(task, path, self.store.path), "mxdesk-import", self)
        task.said.connect(self._said)
        task.progressed.connect(self._progressed)
        task.asked.connect(self._asked)
        task.finished.connect(self._finished)
        task.failed.connect(self._failed)
        self.task = task
        self._show_progress(_("Reading {file}…").format(file=path.name))
        task.start()

    def running(self) -> bool:
        """Whether an import's thread is still running."""
        return self.task is not None and self.task.running()

    def stop(self) -> bool:
        """Cancel and wait for the worker (at quit); True when it has ended."""
        if self.task is None:
            return True
        self.task.cancel()
        return self.task.wait(STOP_WAIT_S)

    # -- the progress dialog ------------------------------------------------------------

    def _show_progress(self, text: str) -> None:
        self._close_progress()
        progress = QProgressDialog(text, _("Cancel"), 0, 0, self.window)
        progress.setWindowTitle(_("Importing notes"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumDuration(SHOW_AFTER_MS)
        # The delay runs from setValue(); without it the constructor's default 4 s stands, and
        # a busy bar is given no value while the file is read and compared: nothing showed
        # for seconds after a large file was chosen.
        progress.setValue(0)
        progress.canceled.connect(self._cancel)
        self.progress = progress

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self._cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
        if self.progress is not None:
            self.progress.setLabelText(_("Stopping: nothing of the import is kept…"))

    def _said(self, text: str) -> None:
        if self.progress is not None:
            self.progress.setLabelText(text)

    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            self.progress.setLabelText(_("Importing record {n} of {total}…").format(
                n=i18n.number(done), total=i18n.number(total)))

    # -- the worker's questions and its end ----------------------------------------------

    def _asked(self, plan: object) -> None:
        """The plan is made: say it, and ask (on this thread, with no dialog in the way)."""
        from mxdesk.core import exchange

        assert isinstance(plan, exchange.ImportPlan)
        assert self.task is not None
        self._close_progress()
        if plan.empty:
            tell(self.window, QMessageBox.Icon.Information, _("Nothing to import"),
                 plan.summary(merge=False))
            self.task.answer(None)
            return
        # The records by name, as `notes import --dry-run` lists them: accents can be checked.
        text = "\n\n".join(x for x in (plan.summary(merge=False), plan.preview(),
                                        _("Nothing has been written yet.")) if x)
        if not plan.differs and self.ask_import is not None:
            # Nothing to merge or keep: "skip" writes the new records and nothing else.
            answer: str | None = "skip" if self.ask_import(text) else None
        else:
            answer = self.confirm(text)
        if answer is not None:
            self._show_progress(_("Importing…"))
        self.task.answer(answer)

    def _finished(self, result: object) -> None:
        self._close_progress()
        self.task = None
        if result is None:  # nothing new in the file, or the user said no: say so, so the
            # status bar does not go on showing what an earlier import did
            self.ended.emit(_("Nothing was imported: your notes are as they were"), False)
            return
        assert isinstance(result, tuple)
        added, merged = result
        self.ended.emit(imported(added, merged), True)

    def _failed(self, error: object) -> None:
        from mxdesk.core import exchange

        self._close_progress()
        self.task = None
        if isinstance(error, exchange.ImportCancelled):
            log.info("import cancelled: %s", error)
            self.ended.emit(_("Import cancelled: your notes are as they were"), False)
            return
        if not isinstance(error, MxdeskError):
            assert isinstance(error, BaseException)
            raise error  # a bug: to the excepthook, with its traceback
        tell(self.window, QMessageBox.Icon.Warning, _("Nothing was imported"), str(error))
        self.ended.emit("", False)
