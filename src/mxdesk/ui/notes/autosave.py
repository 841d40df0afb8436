"""The autosave editor base (`_Editor`): a typing pause or leaving a field saves, a refused save
is kept and tried again, another window's save is merged; with the focus-out saver and the
Ctrl+Z routing its fields need.

Over ~450 lines because `_Editor` is one class of ~400 (the whole save cycle: debounce,
flush, retry, refusals, conflicts, drafts); it moved here whole, as a move should."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import (
    QEvent,
    QObject,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _
from mxdesk.core.notes import (
    Contact,
    DiskFullError,
    Note,
    NotesStore,
    ReadOnlyStoreError,
    SaveResult,
    StoreBusyError,
    StoreError,
)
from mxdesk.core.notes.drafts import Draft
from mxdesk.ui.messages import plain_tip
from mxdesk.ui.notes.guard import (
    describe_save,
)

log = logging.getLogger("mxdesk.notes")

#: Typing pauses this long before it is saved; leaving the field saves at once.
AUTOSAVE_MS = 500
#: A save that failed (full disk, lock, read-only) is tried again this often.
RETRY_MS = 5000


class _FocusSaver(QObject):
    """Saves at once when an editor field loses the focus."""

    def __init__(self, save: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self._save = save

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._save()
        return False


class UndoRouter(QObject):
    """Lets Ctrl+Z (and redo) reach the window's Edit ▸ Undo from a text field that has no
    typing of its own to undo: a field accepts every Undo key press for itself, so without this
    a delete could not be undone while the cursor sits in a field."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt: claim Ctrl+Z (or redo) from a field with nothing of its own to undo (or read-only),
        so the key reaches the window's Edit ▸ Undo; every other event goes on."""
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if isinstance(watched, QLineEdit):
            undo, redo = watched.isUndoAvailable(), watched.isRedoAvailable()
        elif isinstance(watched, QPlainTextEdit):
            document = watched.document()
            undo, redo = document.isUndoAvailable(), document.isRedoAvailable()
        else:
            return False
        if event.matches(QKeySequence.StandardKey.Undo):
            return not undo or watched.isReadOnly()
        if event.matches(QKeySequence.StandardKey.Redo):
            return not redo or watched.isReadOnly()
        return False



def _short_reason(exc: MxdeskError) -> str:
    """What stands in the way, in a few words for the line above the fields (the whole
    message is its tool tip and goes to the status bar)."""
    if isinstance(exc, StoreBusyError):
        return _("the notes file is busy")
    if isinstance(exc, ReadOnlyStoreError):
        return _("your notes are read-only here")
    if isinstance(exc, DiskFullError) or "disk is full" in str(exc):
        return _("the disk is full")
    if not isinstance(exc, StoreError):
        return str(exc)  # the user's own input ("… is not a date")
    return _("the notes file could not be written")


class _Editor(QWidget):
    """Shared autosave machinery: a debounce timer, focus-out, flush() and retries.

    A save writes only the fields changed since the record was loaded, from that version:
    what another window saved meanwhile is kept (:meth:`NotesStore.update_contact`). A save
    the store refuses raises nothing here: it is told by :attr:`failed`, kept, and tried
    again every ``RETRY_MS``.

    Signals:
        saved(object): after every save, the record as stored (a :class:`Contact` or
            :class:`Note`).
        failed(str): a save failed (disk full, file locked): the message for the status bar.
        conflicted(str): a save met another window's edit: what the user is told (both texts
            are kept).
        told(str): something else the user must be told (typing that could not be stored as
            typed).
        blankChanged(bool): after each load: True when no record is shown and nothing typed
            waits to be saved (the cluster panel then shows a hint in place of empty fields).
    """

    saved = Signal(object)
    failed = Signal(str)
    conflicted = Signal(str)
    told = Signal(str)
    blankChanged = Signal(bool)

    def __init__(self, store: NotesStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.dirty = False
        self.base: Contact | Note | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        #: After a failed save, try again on this beat until it goes through (space returns,
        #: the lock goes away).
        self.retry = QTimer(self)
        self.retry.setInterval(RETRY_MS)
        self.retry.timeout.connect(lambda: self.flush(retrying=True))
        self._focus = _FocusSaver(self.flush, self)
        #: Edits of records no longer shown that could not be saved yet, oldest first.
        self.pending: list[Draft] = []
        #: Field -> the note an earlier conflict kept this editor's text in (for this record).
        self._kept: dict[str, str] = {}
        #: Field in conflict still being typed in -> the value its typing started from.
        self._held: dict[str, object] = {}
        self._failed_at = 0.0
        #: Why the last save failed ("" after one went through).
        self.why = ""
        self.undo_router = UndoRouter(self)
        #: Typing that cannot be stored as it is (an invalid date) in records no longer
        #: shown: uid -> (the record's title, field -> the text typed). Shown again with them.
        self.refused_typing: dict[str, tuple[str, dict[str, object]]] = {}
        self._loading = False
        #: Showing no record (fields empty and disabled): loading nothing again is skipped, as
        #: refilling the fields would relayout and repaint the window on every selection.
        self.blank = False
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #b3261e;")
        self.notice.setAccessibleName(_("Not saved"))
        self.notice.hide()

    def _watch(self, widget: QLineEdit | QPlainTextEdit) -> None:
        widget.installEventFilter(self._focus)
        widget.installEventFilter(self.undo_router)
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._changed)
        else:
            widget.textChanged.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self.dirty = True
            self._timer.start()

    # What each kind of editor says about its fields.
    def changes(self) -> dict[str, object]:
        """The fields typed since the record was loaded or saved: name -> value."""
        return {}

    def _show_values(self, record: Contact | Note, only: set[str] | None = None) -> None:
        """Put the record's values in the fields (*only* those named, when given)."""

    def _update(self, changes: dict[str, object]) -> SaveResult:
        if isinstance(self.base, Contact):
            return self.store.update_contact(self.base, changes, self._kept)
        assert isinstance(self.base, Note)
        return self.store.update_note(self.base, changes, self._kept)

    def _read(self, record_id: int) -> Contact | Note:
        if isinstance(self.base, Contact):
            return self.store.contact(record_id)
        return self.store.note(record_id)

    def flush(self, retrying: bool = False) -> bool:
        """Save now if anything changed (on pause, focus-out, switching, quit, retry); True
        when nothing typed here is left unsaved.

        Right after a save failed, only the retry timer tries again: a lock would otherwise
        hold the window for the busy timeout on every click and key."""
        self._timer.stop()
        if not retrying and self._failed_at and (
                time.monotonic() - self._failed_at) * 1000 < RETRY_MS / 2:
            return not self.dirty and not self.pending
        self._failed_at = 0.0
        if not self._save_pending():
            return False
        if not self.dirty or self.base is None:
            self._settle()
            return True
        changes = self.changes()
        invalid = self._invalid(changes)
        for name in invalid:
            changes.pop(name)
        if not changes:
            self.dirty = bool(invalid)
            self._settle(invalid)
            return not invalid
        try:
            result = self._update(changes)
        except MxdeskError as exc:
            self._failed(exc)
            return False
        self.dirty = bool(invalid)
        self._take(result.record, result)
        self._done(result)
        self._settle(invalid)
        return not invalid

    def _save_pending(self) -> bool:
        """Save what was typed into records left before it could be saved."""
        while self.pending:
            draft = self.pending[0]
            update = (self.store.update_contact if draft.kind == "contact"
                      else self.store.update_note)
            try:
                result = update(draft.base, draft.changes)  # type: ignore[arg-type]
            except MxdeskError as exc:
                self._failed(exc)
                return False
            self.pending.pop(0)
            self._done(result)
        return True

    def _done(self, result: SaveResult) -> None:
        self.saved.emit(result.record)
        told = describe_save(result)
        if told:
            self.conflicted.emit(told)

    def _failed(self, exc: MxdeskError) -> None:
        # Keep the text (on screen, or pending) and dirty: the retry timer tries again.
        log.warning("could not save: %s", exc)
        self._failed_at = time.monotonic()
        self.why = str(exc)
        waiting = [d.title for d in self.pending]
        if self.dirty and self.base is not None and self.base.title not in waiting:
            waiting.append(self.base.title)
        names = ", ".join(f"“{t}”" for t in waiting)
        self.notice.setText(_("Not saved yet ({names}): {why}. Your text is "
                              "kept and mxdesk keeps trying.").format(
            names=names, why=_short_reason(exc)))
        self.notice.setToolTip(plain_tip(str(exc)))
        self.notice.show()
        if not self.retry.isActive():
            self.retry.start()
        self.failed.emit(_("Not saved yet: {error}").format(error=exc))

    def _release(self) -> None:
        """A field in conflict that is no longer typed in shows the record's text again (what
        was typed there is in the conflict's note)."""
        typing = self._typing_in()
        left = {name for name in self._held if name not in typing}
        if not left or self.base is None:
            return
        for name in left:
            del self._held[name]
        try:
            stored = self._read(int(self.base.id or 0))
        except MxdeskError:
            return
        self.base = replace(stored, **self._held) if self._held else stored  # type: ignore[arg-type]
        self._loading = True
        try:
            self._show_values(stored, only=left)
        finally:
            self._loading = False

    def _settle(self, invalid: dict[str, str] | None = None) -> None:
        """After a save went through: stop retrying; say what was refused as typed."""
        self._release()
        if self.retry.isActive():
            self.failed.emit(_("Saved what was waiting to be saved."))
        self.why = ""
        self.retry.stop()
        self._show_invalid(invalid or {})

    #: Fields that say themselves, in one line kept below them, that their text cannot be
    #: stored: no notice above the fields for them (it pushed the form down, and back up
    #: when corrected, under the user's pointer).
    MARKED_IN_PLACE: frozenset[str] = frozenset()

    def _show_invalid(self, invalid: dict[str, str]) -> None:
        """Say what cannot be stored as typed, above the fields and at each of them."""
        if set(invalid) - self.MARKED_IN_PLACE:
            self.notice.setText(" ".join(invalid.values()))
            self.notice.setToolTip("")
            self.notice.show()
        else:
            self.notice.hide()
        self._mark(invalid)

    def _mark(self, invalid: dict[str, str]) -> None:
        """Mark the fields named in *invalid*, and only those (each kind of editor)."""

    def _invalid(self, changes: dict[str, object]) -> dict[str, str]:
        """Typed values that cannot be stored as they are: field -> what to tell the user.
        The other fields are saved; these stay on screen, marked."""
        return {}

    def _typing_in(self) -> set[str]:
        """The field that has the keyboard (empty when none of this editor's does)."""
        return set()

    def _put(self, changes: dict[str, object]) -> None:
        """Put typed values back into the fields (pending typing shown again)."""

    def _take(self, record: Contact | Note, result: SaveResult | None = None) -> None:
        """The store holds *record* now: show what changed there (another window's fields)
        without touching the fields the user is typing in. A field in conflict that is still
        being typed in keeps its old base, so more typing goes to the conflict's note (never
        over the other side's text)."""
        base = self.base
        typing = self._typing_in()
        for conflict in (result.conflicts if result else ()):
            self._kept[conflict.field] = conflict.kept_as
            if conflict.field in typing and base is not None:
                self._held.setdefault(conflict.field, getattr(base, conflict.field))
        held = {name: value for name, value in self._held.items() if name in typing}
        self._held = held
        self.base = replace(record, **held) if held else record  # type: ignore[arg-type]
        shown_changes = self.changes()
        differs = {name for name in shown_changes
                   if base is None or getattr(base, name) != getattr(record, name)}
        # Never swap the text under the cursor: what is typed there goes on (both texts of a
        # conflict are in its note whatever happens to the field).
        differs -= self._typing_in()
        # Nor the text that could not be stored (an invalid date): it waits to be corrected.
        differs -= set(self._invalid(shown_changes))
        self._loading = True
        try:
            self._show_values(record, only=differs or set())
        finally:
            self._loading = False

    def refresh(self) -> None:
        """Another window or a command changed the notes file: follow it (after saving what
        was typed here, merged field by field)."""
        if self.base is None or self.base.id is None:
            return
        if self.dirty:
            self.flush()
            return
        try:
            fresh = self._read(self.base.id)
        except MxdeskError:
            fresh = None
        if fresh is None or fresh.uid != self.base.uid:
            self.load(None)
            return
        if fresh != self.base:
            self._take(fresh)

    def refused(self) -> list[str]:
        """What was typed that cannot be stored as it is (an invalid date), as told: in the
        record shown, and in those left with it (:attr:`refused_typing`)."""
        told = []
        if self.dirty and self.base is not None:
            told += [_("Not saved in “{title}”: {why}").format(title=self.base.title, why=text)
                     for text in self._invalid(self.changes()).values()]
        for title, typed in self.refused_typing.values():
            told += [_("Not saved in “{title}”: {why}").format(title=title, why=text)
                     for text in self._invalid(typed).values()]
        return told

    def unsaved(self) -> list[Draft]:
        """What typing the store has not taken yet, as drafts to keep ([] when all saved);
        values that cannot be stored as typed are left out (see :meth:`refused`)."""
        drafts = list(self.pending)
        if self.dirty and self.base is not None:
            changes = self.changes()
            for name in self._invalid(changes):
                changes.pop(name)
            if changes:
                kind = "contact" if isinstance(self.base, Contact) else "note"
                drafts.append(Draft(kind, self.base, changes))
        return drafts

    def discard(self, everything: bool = False) -> None:
        """Forget the unsaved typing of the record shown (a delete), or *everything* (the
        user chose to at quit; a restore replaced the notes)."""
        self.dirty = False
        self._timer.stop()
        if everything:
            self.pending.clear()
            self.refused_typing.clear()
        elif self.base is not None:
            self.refused_typing.pop(self.base.uid, None)
        if not self.pending:
            self.retry.stop()
            self.notice.hide()

    def _leave(self) -> None:
        """Before another record is shown: save what was typed, or keep it pending (retried
        and kept at quit), never drop it. What cannot be stored as typed (an invalid date) is
        said, and kept to be shown again, marked, when the record is (:meth:`refused`)."""
        saved = self.flush()
        if not self.dirty or self.base is None:
            return
        changes = self.changes()
        refused = self._invalid(changes)
        title = self.base.title
        if refused:
            self.refused_typing[self.base.uid] = (
                title, {name: changes[name] for name in refused})
        if not saved:
            draft = self.unsaved()[-1:]
            if draft and draft[0].base.uid == self.base.uid:
                self.pending.append(draft[0])
        self.dirty = False
        if refused:  # said once the editor is settled: what is told may reload the lists
            self.told.emit(_("Not saved in “{title}”: {why} What you typed is shown again, "
                             "to correct, when you go back to it.").format(
                title=title, why=" ".join(refused.values())))

    def _show_refused(self, record: Contact | Note | None) -> None:
        """Showing a record left with typing that could not be stored: put it back in its
        field, marked, to be corrected (it is saved once it can be)."""
        if record is None or record.uid not in self.refused_typing:
            return
        _title, typed = self.refused_typing.pop(record.uid)
        self._loading = True
        try:
            self._put(typed)
        finally:
            self._loading = False
        self.dirty = True
        self._show_invalid(self._invalid(self.changes()))

    def _resume(self, record: Contact | Note | None) -> None:
        """Showing a record whose typing is still pending: put that typing back in the fields,
        where it is saved as usual (and no longer waits apart)."""
        if record is None:
            return
        mine = [d for d in self.pending if d.base.uid == record.uid]
        if not mine:
            return
        self.pending = [d for d in self.pending if d.base.uid != record.uid]
        self.base = mine[0].base
        merged: dict[str, object] = {}
        for draft in mine:
            merged.update(draft.changes)
        self._loading = True
        try:
            self._put(merged)
        finally:
            self._loading = False
        self.dirty = True
        self._timer.start()

    def load(self, record: Contact | Note | None) -> None:
        """Show *record* (None: empty, disabled fields), after saving what was typed into
        the one shown (or keeping it pending when it cannot be saved)."""
        if record is None and self.blank:
            return
        self._leave()
        if self._same_record(record):
            self.refresh()
            self._show_refused(record)
            return
        self._loading = True
        self._kept = {}
        self._held = {}
        try:
            self.blank = record is None
            self.base = record
            self._fill(record)
        finally:
            self._loading = False
        self.dirty = False
        self._mark({})
        self._resume(record)
        if not self.pending and not self.dirty:
            self.retry.stop()
            self.notice.hide()
        self._show_refused(record)
        self.blankChanged.emit(self.blank and not self.pending and not self.refused_typing)

    def _fill(self, record: Contact | Note | None) -> None:
        """Put a record in the fields, all of them (each kind of editor has its own)."""

    def _same_record(self, record: Contact | Note | None) -> bool:
        return (record is not None and self.base is not None and record.id == self.base.id
                and record.uid == self.base.uid and not self.blank)

    def set_read_only(self, reason: str) -> None:
        """Notes that cannot be written: the fields show but do not edit."""
        for widget in self.findChildren(QLineEdit) + self.findChildren(QPlainTextEdit):
            widget.setReadOnly(bool(reason))
            if reason:
                widget.setToolTip(plain_tip(_("Read-only: {reason}").format(reason=reason)))
