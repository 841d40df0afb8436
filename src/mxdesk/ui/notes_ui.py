"""The user's notes in the window: editors that save as you type, the cluster panel, the
My notes tab with its shortlists, and the backup dialog."""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import (
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QBoxLayout,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.notes import (
    BackupInfo,
    Contact,
    Note,
    NotesStore,
    ReadOnlyStoreError,
    SaveResult,
    Shortlist,
    ShortlistItem,
    StoreBusyError,
    StoreError,
)
from mxdesk.core.notes.drafts import Draft
from mxdesk.core.notes.listing import Listing, NotesFilter, Reader
from mxdesk.ui.messages import ask, label, plain_tip
from mxdesk.ui.notes.contact_picker import ContactPicker
from mxdesk.ui.notes.guard import (
    Deletion,
    contact_deletion,
    counted,
    describe_save,
    note_deletion,
    shortlist_removal,
)
from mxdesk.ui.notes.models import (
    ClusterName,
    ClusterNames,
    ItemIdRole,
    ItemKindRole,
    ListTableModel,
    NotesTableModel,
    RecordListModel,
)
from mxdesk.ui.notes.points_editor import EMAIL_TYPES, PHONE_TYPES, PointsEditor
from mxdesk.ui.worker import QueryWorker

log = logging.getLogger("mxdesk.notes")

#: Typing pauses this long before it is saved; leaving the field saves at once.
AUTOSAVE_MS = 500
#: A save that failed (full disk, lock, read-only) is tried again this often.
RETRY_MS = 5000
#: Typing in My notes' search field waits this long before the list follows. 0: keystrokes
#: already queued are merged, and a page of matches costs a few tens of milliseconds.
FILTER_DELAY_MS = 0
_Index = QModelIndex | QPersistentModelIndex


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


def _delete_key(view: QAbstractItemView, button: QPushButton) -> None:
    """The Delete key on a list deletes its current record, as its Delete button does (and
    only when that button can act); Ctrl+Z brings it back."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), view)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

    def press() -> None:
        if button.isEnabled():
            button.click()

    shortcut.activated.connect(press)


def _attempt(refused: SignalInstance, action: Callable[[], Any]) -> Any:
    """Run a write; a refusal (read-only, full disk, busy) goes to *refused* for the user,
    never to the excepthook. None when refused."""
    try:
        return action()
    except MxdeskError as exc:
        log.warning("refused: %s", exc)
        refused.emit(str(exc))
        return None


def _on_click(button: QAbstractButton, action: Callable[[], object]) -> None:
    """Run *action* when *button* is clicked, with no argument: clicked(bool) would otherwise
    reach a method with an optional parameter as that parameter (Shortlists ▸ New… took the
    click's False as the new list's name on every click)."""
    button.clicked.connect(lambda _checked=False: action())


def _short_reason(exc: MxdeskError) -> str:
    """What stands in the way, in a few words for the line above the fields (the whole
    message is its tool tip and goes to the status bar)."""
    if isinstance(exc, StoreBusyError):
        return "the notes file is busy"
    if isinstance(exc, ReadOnlyStoreError):
        return "your notes are read-only here"
    if "disk is full" in str(exc):
        return "the disk is full"
    if not isinstance(exc, StoreError):
        return str(exc)  # the user's own input ("… is not a date")
    return "the notes file could not be written"


class _Editor(QWidget):
    """Shared autosave machinery: a debounce timer, focus-out, flush() and retries.

    A save writes only the fields changed since the record was loaded, from that version:
    what another window saved meanwhile is kept (:meth:`NotesStore.update_contact`)."""

    #: Emitted after every save, with the record as stored.
    saved = Signal(object)
    #: A save failed (disk full, file locked): the message for the status bar.
    failed = Signal(str)
    #: A save met another window's edit: what the user is told (both texts are kept).
    conflicted = Signal(str)
    #: Something else the user must be told (typing that could not be stored as typed).
    told = Signal(str)
    #: After each load: True when no record is shown and nothing typed waits to be saved
    #: (the cluster panel then shows a hint in place of empty fields).
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
        self.notice.setAccessibleName("Not saved")
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
        self.notice.setText(f"Not saved yet ({names}): {_short_reason(exc)}. Your text is "
                            "kept and mxdesk keeps trying.")
        self.notice.setToolTip(plain_tip(str(exc)))
        self.notice.show()
        if not self.retry.isActive():
            self.retry.start()
        self.failed.emit(f"Not saved yet: {exc}")

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
            self.failed.emit("Saved what was waiting to be saved.")
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
            told += [f"Not saved in “{self.base.title}”: {text}"
                     for text in self._invalid(self.changes()).values()]
        for title, typed in self.refused_typing.values():
            told += [f"Not saved in “{title}”: {text}"
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
            self.told.emit(f"Not saved in “{title}”: " + " ".join(refused.values())
                           + " What you typed is shown again, to correct, when you go back "
                           "to it.")

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
                widget.setToolTip(plain_tip(f"Read-only: {reason}"))


#: A year typed with two digits is read as one of the 89 years before this one or the 10
#: after it (Qt's own choice, 1900-1999, would put a meeting of "10.03.27" in 1927).
_YEARS_BACK = 89
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
#: The red of what could not be saved (as the editors' notice).
_REFUSED = "#b3261e"


def _shown_format(locale: QLocale) -> str:
    """How dates are shown: the language's short format with the year in full (German's
    "dd.MM.yy" as "dd.MM.yyyy"); ISO for the C locale, whose own is "d MM yyyy"."""
    if locale.language() == QLocale.Language.C:
        return "yyyy-MM-dd"
    return re.sub(r"y+", "yyyy", locale.dateFormat(QLocale.FormatType.ShortFormat))


def _typed_formats(locale: QLocale) -> list[str]:
    """The formats a typed date is read with: the language's short format, with one or two
    digits for day and month and two or four for the year ("1/3/27" as "01/03/2027")."""
    short = locale.dateFormat(QLocale.FormatType.ShortFormat)
    loose = re.sub(r"(?<!M)MM(?!M)", "M", re.sub(r"(?<!d)dd(?!d)", "d", short))
    return [re.sub(r"y+", "yyyy", loose), re.sub(r"y+", "yy", loose)]


def date_pattern(locale: QLocale | None = None) -> str:
    """How a date is typed, for people: "DD/MM/YYYY", "M/D/YYYY", "DD.MM.YYYY"."""
    return _shown_format(locale or QLocale()).replace("d", "D").replace("y", "Y")


def date_ways(locale: QLocale | None = None) -> str:
    """The ways a date may be typed, for people: "DD/MM/YYYY or YYYY-MM-DD", or only
    "YYYY-MM-DD" where the language's own way is that (the C locale of containers and ssh
    sessions said "YYYY-MM-DD or YYYY-MM-DD")."""
    own = date_pattern(locale)
    return "YYYY-MM-DD" if own == "YYYY-MM-DD" else f"{own} or YYYY-MM-DD"


def parse_date(text: str, locale: QLocale | None = None) -> str | None:
    """The ISO date (YYYY-MM-DD) of a typed date, "" for none, None when it is no date.

    ISO is always read; otherwise day and month are in the order of the user's language
    (QLocale's short format): "10/03/2027" is 10 March in en_GB, 3 October in en_US."""
    text = text.strip()
    if not text:
        return ""
    iso = _ISO_DATE.fullmatch(text)
    if iso:
        try:
            return dt.date(*map(int, iso.groups())).isoformat()
        except ValueError:
            return None
    locale = locale or QLocale()
    base = QDate.currentDate().year() - _YEARS_BACK
    for form in _typed_formats(locale):
        date = locale.toDate(text, form, base)
        if date.isValid():
            return str(date.toString("yyyy-MM-dd"))
    return None


def is_iso_date(value: str) -> bool:
    """Whether *value* is a date as the notes keep it: YYYY-MM-DD."""
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and parse_date(value) == value


def show_date(value: str, locale: QLocale | None = None) -> str:
    """A stored date as the user's language writes it; anything else as it is."""
    if not is_iso_date(value):
        return value
    locale = locale or QLocale()
    return str(locale.toString(QDate.fromString(value, "yyyy-MM-dd"), _shown_format(locale)))


class DateField(QWidget):
    """A date typed as the user's language writes it (or YYYY-MM-DD), or chosen from a
    calendar (▾, Alt+Down); empty when there is none. Text that is no date is never
    replaced: it stays as typed, marked red with a word below it, until corrected."""

    #: A date was chosen from the calendar (the field holds it).
    picked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(2)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(date_ways())
        self.edit.setToolTip(f"Type the date as {date_ways()} (day and month in the order of "
                             "your system's language), or choose it from the calendar "
                             "(▾ or Alt+Down). Leave it empty when there is none.")
        self.edit.installEventFilter(self)
        self.edit.textEdited.connect(self._typed)
        row.addWidget(self.edit, 1)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setAccessibleName("Choose the date from a calendar")
        self.button.setToolTip("Choose the date from a calendar (Alt+Down)")
        _on_click(self.button, self.open_calendar)
        row.addWidget(self.button)
        layout.addLayout(row)
        self.message = QLabel(self)
        self.message.setStyleSheet(f"color: {_REFUSED};")
        # One line, kept while hidden: the form below never jumps when it comes and goes (a
        # click aimed at a tab landed on the star after a wrapped message went); a narrow
        # form cuts it, its tool tip has it whole.
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)
        self.message.setSizePolicy(policy)
        self.message.hide()
        layout.addWidget(self.message)
        #: The calendar, in a pop-up made when first opened.
        self.calendar: QCalendarWidget | None = None
        self._popup: QFrame | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and (event.key() == Qt.Key.Key_F4 or (
                    event.key() == Qt.Key.Key_Down
                    and event.modifiers() & Qt.KeyboardModifier.AltModifier))):
            self.open_calendar()
            return True
        return False

    def mark(self, message: str) -> None:
        """The text cannot be saved: a red border, and *message* below the field."""
        self.edit.setStyleSheet(f"QLineEdit {{ border: 2px solid {_REFUSED}; "
                                "border-radius: 3px; padding: 1px; }")
        self.edit.setAccessibleDescription(message)
        self.message.setText(message)
        self.message.setToolTip(plain_tip(message))
        self.message.show()

    def unmark(self) -> None:
        if self.message.isHidden() and not self.edit.styleSheet():
            return
        self.edit.setStyleSheet("")
        self.edit.setAccessibleDescription("")
        self.message.hide()

    def _typed(self, text: str) -> None:
        # Corrected: the mark goes at once (a wrong one comes back when it is saved).
        if not self.message.isHidden() and parse_date(text) is not None:
            self.unmark()

    def sync(self) -> None:
        """The calendar's button follows the field (disabled, read-only)."""
        self.button.setEnabled(self.edit.isEnabled() and not self.edit.isReadOnly())

    def open_calendar(self) -> None:
        """Show the calendar below the field, at the field's date (today when it has none);
        a click or Enter there puts that date in the field, Escape changes nothing."""
        if not self.edit.isEnabled() or self.edit.isReadOnly():
            return
        if self._popup is None or self.calendar is None:
            self._popup = QFrame(self, Qt.WindowType.Popup)
            self._popup.setFrameShape(QFrame.Shape.StyledPanel)
            self.calendar = QCalendarWidget(self._popup)
            self.calendar.setGridVisible(True)
            self.calendar.setAccessibleName("Met on: calendar")
            self.calendar.clicked.connect(self._pick)
            self.calendar.activated.connect(self._pick)
            popup_layout = QVBoxLayout(self._popup)
            popup_layout.setContentsMargins(1, 1, 1, 1)
            popup_layout.addWidget(self.calendar)
        held = parse_date(self.edit.text())
        self.calendar.setSelectedDate(QDate.fromString(held, "yyyy-MM-dd") if held
                                      else QDate.currentDate())
        self._popup.adjustSize()
        where = self.edit.mapToGlobal(QPoint(0, self.edit.height()))
        screen = self.edit.screen().availableGeometry()
        size = self._popup.sizeHint()
        where.setX(max(screen.left(), min(where.x(), screen.right() - size.width())))
        if where.y() + size.height() > screen.bottom():  # no room below: above the field
            where.setY(self.edit.mapToGlobal(QPoint(0, 0)).y() - size.height())
        self._popup.move(where)
        self._popup.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _pick(self, date: QDate) -> None:
        assert self._popup is not None
        self._popup.hide()
        self.edit.setText(show_date(str(date.toString("yyyy-MM-dd"))))
        self.unmark()
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)
        self.picked.emit()


def _shown(key: str, value: object) -> str:
    """A contact field's value as its line edit shows it."""
    if key == "tags":
        return ", ".join(map(str, value))  # type: ignore[call-overload]
    if key == "met_on":
        return show_date(str(value or ""))
    return str(value or "")


class ContactEditor(_Editor):
    """A contact's fields; every change is saved without a Save button. E-mail addresses and
    phone numbers are rows of their own (:class:`PointsEditor`), each with its type."""

    FIELDS = (("name", "Name"), ("role", "Role"), ("organisation", "Organisation"),
              ("met_where", "Met where"), ("met_on", "Met on"), ("tags", "Tags"))
    #: (field, one of them, types offered, placeholder), shown after the organisation: a
    #: row of the form each, its type where a label goes.
    MARKED_IN_PLACE = frozenset({"met_on"})
    POINTS = (("emails", "e-mail address", EMAIL_TYPES, "name@example.org"),
              ("phones", "phone number", PHONE_TYPES, "+52 55 1234 5678"))

    def __init__(self, store: NotesStore, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.contact: Contact | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.notice)
        # The form scrolls when the window is short (a contact with many addresses), so it
        # never pushes the window taller than the screen.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = QWidget(scroll)
        scroll.setWidget(page)
        # As tall as the nine fields of a contact with one address and phone were before
        # they scrolled: below a cluster's details the panel keeps that room.
        scroll.setMinimumHeight(self.fontMetrics().lineSpacing() * 17)
        outer.addWidget(scroll, 1)
        form = QFormLayout(page)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.fields: dict[str, QLineEdit] = {}
        self.points: dict[str, PointsEditor] = {}
        #: Met on: typed as the user's language writes dates, or chosen from a calendar.
        self.date_field = DateField(page)
        self.date_field.picked.connect(self._committed)
        for key, title in self.FIELDS:
            field = self.date_field.edit if key == "met_on" else QLineEdit(page)
            field.setAccessibleName(f"Contact {title.lower()}")
            self.fields[key] = field
            form.addRow(f"{title}:", self.date_field if key == "met_on" else field)
            self._watch(field)
            if key == "organisation":
                before: QWidget = field
                for name, noun, choices, hint in self.POINTS:
                    rows = PointsEditor(noun, choices, hint, self._watch, form, before, page)
                    rows.edited.connect(self._changed)
                    rows.committed.connect(self._committed)
                    self.points[name] = rows
                    before = rows.add_button
        self.fields["tags"].setPlaceholderText("comma-separated, e.g. automotive, follow-up")
        self.comment = QPlainTextEdit(page)
        self.comment.setAccessibleName("Contact comment")
        self.comment.setPlaceholderText("What was said, what to do next…")
        self.comment.setMinimumHeight(self.comment.fontMetrics().lineSpacing() * 4)
        form.addRow("Comment:", self.comment)
        self._watch(self.comment)

    def _committed(self) -> None:
        """A type chosen, an address removed or made preferred: saved at once."""
        if not self._loading:
            self.dirty = True
            self.flush()

    def _fill(self, contact: Contact | Note | None) -> None:
        assert contact is None or isinstance(contact, Contact)
        self.contact = contact
        for key, field in self.fields.items():
            field.setText("" if contact is None else _shown(key, getattr(contact, key)))
            field.setCursorPosition(0)  # a value longer than the field shows its start
            field.setEnabled(contact is not None)
        self.date_field.sync()
        for key, rows in self.points.items():
            rows.set_points(getattr(contact, key) if contact else ())
            rows.set_enabled(contact is not None)
        self.comment.setPlainText(contact.comment if contact else "")
        self.comment.setEnabled(contact is not None)

    def _values(self) -> dict[str, object]:
        values: dict[str, object] = {key: field.text().strip()
                                     for key, field in self.fields.items()}
        # The date as the notes keep it (ISO), or as typed when it is no date (refused).
        met_on = parse_date(str(values["met_on"]))
        if met_on is not None:
            values["met_on"] = met_on
        values["tags"] = tuple(t.strip() for t in str(values["tags"]).replace(";", ",")
                               .split(",") if t.strip())
        for key, rows in self.points.items():
            values[key] = rows.points()
        values["comment"] = self.comment.toPlainText()
        return values

    def changes(self) -> dict[str, object]:
        base = self.base
        if not isinstance(base, Contact):
            return {}
        return {key: value for key, value in self._values().items()
                if (sorted(map(str, value)) != sorted(base.tags)  # type: ignore[call-overload]
                    if key == "tags"
                    else value != (getattr(base, key) or ("" if isinstance(value, str)
                                                          else ())))}

    def _show_values(self, record: Contact | Note, only: set[str] | None = None) -> None:
        assert isinstance(record, Contact)
        self.contact = record
        for key, field in self.fields.items():
            if only is not None and key not in only:
                continue
            field.setText(_shown(key, getattr(record, key)))
            field.setCursorPosition(0)
        for key, rows in self.points.items():
            if only is None or key in only:
                rows.set_points(getattr(record, key))
        if only is None or "comment" in only:
            self.comment.setPlainText(record.comment)

    def _typing_in(self) -> set[str]:
        focused = QApplication.focusWidget()
        if focused is self.comment:
            return {"comment"}
        return ({key for key, field in self.fields.items() if field is focused}
                | {key for key, rows in self.points.items() if rows.has_focus_inside()})

    def _put(self, changes: dict[str, object]) -> None:
        for key, value in changes.items():
            if key == "comment":
                self.comment.setPlainText(str(value))
            elif key in self.points:
                self.points[key].set_points(value)  # type: ignore[arg-type]
            elif key in self.fields:
                self.fields[key].setText(_shown(key, value))

    def _invalid(self, changes: dict[str, object]) -> dict[str, str]:
        met_on = str(changes.get("met_on", "") or "")
        if met_on and not is_iso_date(met_on):
            return {"met_on": f"“{met_on}” is not a date ({date_ways()}): "
                              "“Met on” was not changed; the rest is saved."}
        return {}

    def _mark(self, invalid: dict[str, str]) -> None:
        if "met_on" in invalid:
            today = dt.date.today().isoformat()
            self.date_field.mark(f"Not a date: type {date_ways()} "
                                 f"(e.g. {show_date(today)}), or choose it with ▾.")
        else:
            self.date_field.unmark()

    def set_read_only(self, reason: str) -> None:
        super().set_read_only(reason)
        self.date_field.sync()
        for rows in self.points.values():
            rows.set_read_only(reason)


class NoteEditor(_Editor):
    """A note's text, saved as you type, and the contact it is about."""

    def __init__(self, store: NotesStore, cluster_name: ClusterName,
                 parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.note: Note | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        about = QHBoxLayout()
        about.addWidget(QLabel("About:", self))
        self.about = ContactPicker(Listing(store), cluster_name, self)
        self.about.chosen.connect(self._contact_changed)
        self.about.field.installEventFilter(self.undo_router)
        about.addWidget(self.about, 1)
        layout.addLayout(about)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName("Note text")
        self.text.setPlaceholderText("Write your note; it is saved as you type.")
        layout.addWidget(self.text)
        self._watch(self.text)

    def _fill(self, note: Contact | Note | None) -> None:
        assert note is None or isinstance(note, Note)
        self.note = note
        self.text.setPlainText(note.body if note else "")
        self.text.setEnabled(note is not None)
        self.about.cluster_id = note.cluster_id if note else None
        self.about.show_contact(note.contact_uid if note else None)
        self.about.setEnabled(note is not None)

    def _typing_in(self) -> set[str]:
        focused = QApplication.focusWidget()
        if focused is self.text:
            return {"body"}
        return {"contact_uid"} if self.about.has_focus_inside() else set()

    def _put(self, changes: dict[str, object]) -> None:
        if "body" in changes:
            self.text.setPlainText(str(changes["body"]))
        if "contact_uid" in changes:
            uid = changes["contact_uid"]
            self.about.show_contact(str(uid) if uid else None)

    def _contact_changed(self) -> None:
        self.dirty = True
        self.flush()

    def changes(self) -> dict[str, object]:
        base = self.base
        if not isinstance(base, Note):
            return {}
        values = {"body": self.text.toPlainText(), "contact_uid": self.about.uid}
        return {k: v for k, v in values.items() if (v or None) != (getattr(base, k) or None)}

    def _show_values(self, record: Contact | Note, only: set[str] | None = None) -> None:
        assert isinstance(record, Note)
        self.note = record
        if only is None or "body" in only:
            self.text.setPlainText(record.body)
        if only is None or "contact_uid" in only:
            self.about.show_contact(record.contact_uid)

    def set_read_only(self, reason: str) -> None:
        super().set_read_only(reason)
        self.about.set_read_only(bool(reason))
        self.about.setEnabled(self.note is not None)


def _retitle(tabs: QTabWidget, index: int, text: str) -> None:
    """Set a tab's title only if it changed: any new title, even the same text, makes the tab
    bar ask for a new layout, which reaches the window and repaints all of it."""
    if tabs.tabText(index) != text:
        tabs.setTabText(index, text)


def _list_with_buttons(parent: QWidget, name: str, model: QAbstractItemModel,
                       buttons: list[tuple[str, str]], below: QBoxLayout | None = None
                       ) -> tuple[QListView, list[QPushButton], QVBoxLayout]:
    """A list above a row of buttons ((label, tool tip) each): the shape of every list of the
    user's records. With *below*, the buttons go there (a row under the list and its editor,
    so a narrow list leaves the editor the room)."""
    view = QListView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setUniformItemSizes(True)
    # As wide as the layout's stretch gives it, whatever the longest title: the editor
    # beside it needs the room more (a long title is cut, and whole in its tool tip).
    view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
    view.setMinimumWidth(120)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    column = QVBoxLayout()
    column.addWidget(view, 1)
    row = QHBoxLayout()
    made = []
    for text, tip in buttons:
        button = QPushButton(text, parent)
        if tip:
            button.setToolTip(tip)
        row.addWidget(button)
        made.append(button)
    if below is None:
        column.addLayout(row)
    else:
        row.addStretch(1)
        below.addLayout(row)
    return view, made, column


class StarButton(QToolButton):
    """The cluster panel's star. Its text names the current shortlist, cut to the room the
    panel has (whole in its tool tip): the text never sets the panel's width, so a longer
    shortlist name never moves the window's split."""

    HELP = ("The star adds the cluster to the current shortlist (choose it in the My notes "
            "tab); click again to take it off")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCheckable(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setAccessibleName("Shortlist star")
        # Ignored: neither the text's width nor its minimum reaches the layout; the width
        # the text wants is only a maximum (see set_full_text).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.full_text = ""
        self._whole = QSize()
        self._help = self.HELP
        self.setToolTip(self._help)

    def set_help(self, text: str) -> None:
        """What the tool tip says below the star's whole text."""
        self._help = text
        self._retip()

    def set_full_text(self, text: str) -> None:
        """Show *text* (a shortlist's name in it: its '&' is a letter), cut when needed."""
        self.full_text = text
        self.setText(label(text))
        # As wide as the whole text at most; any narrower when the panel is.
        self._whole = super().sizeHint()
        self.setMaximumWidth(self._whole.width())
        self._retip()
        self._elide()

    def sizeHint(self) -> QSize:
        """The whole text's size (not the cut text's: the layout would shrink it again)."""
        return self._whole if self.full_text else super().sizeHint()

    def _retip(self) -> None:
        self.setToolTip(plain_tip(f"{self.full_text}\n\n{self._help}" if self.full_text
                                  else self._help))
        self.setAccessibleDescription(self.full_text)

    def _elide(self) -> None:
        if not self.full_text:
            return
        shown = self.full_text
        if self.width() < self.maximumWidth():
            metrics = self.fontMetrics()
            padding = self.maximumWidth() - metrics.horizontalAdvance(self.full_text)
            shown = metrics.elidedText(self.full_text, Qt.TextElideMode.ElideRight,
                                       max(self.width() - padding, 0))
        if label(shown) != self.text():
            self.setText(label(shown))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()


class ClusterNotesPanel(QWidget):
    """Below a cluster's details: its star, and the user's contacts and notes about it."""

    #: A record was deleted: a :class:`Deletion`, for the window's Edit ▸ Undo.
    deleted = Signal(object)
    #: Something changed that other views show (the My notes tab, the star).
    changed = Signal()
    message = Signal(str)
    #: The contact or note form opened (True: it wants the room it needs) or closed (False:
    #: the record above may have its room back); the window moves the split.
    formShown = Signal(bool)
    #: A write the notes file refused (read-only, full, busy): what to tell the user.
    refused = Signal(str)
    #: A save met another window's edit; both texts were kept: what to tell the user.
    conflicted = Signal(str)
    #: Anything else an editor must tell the user.
    told = Signal(str)

    def __init__(self, store: NotesStore, directory: Directory,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.directory = directory
        self.cluster_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        top = QHBoxLayout()
        self.star = StarButton(self)
        _on_click(self.star, self._toggle_star)
        top.addWidget(self.star, 1, Qt.AlignmentFlag.AlignLeft)
        self.read_only_label = QLabel(self)
        self.read_only_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.read_only_label.hide()
        top.addWidget(self.read_only_label)
        layout.addLayout(top)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)

        listing = Listing(store)
        self.cluster_names = ClusterNames(directory)
        self.contact_list = RecordListModel(listing, "contact", self)
        self.contact_editor = ContactEditor(store)
        self.contact_view, made = self._page(
            "Contacts", self.contact_list, "Your contacts at this cluster", self.contact_editor,
            [("Add contact", "A person you met from this cluster"),
             ("Delete", "Delete the contact (Ctrl+Z undoes it)")])
        self.add_contact_button, self.delete_contact_button = made
        self.note_list = RecordListModel(listing, "note", self)
        self.note_editor = NoteEditor(store, self.cluster_names)
        self.note_view, made = self._page(
            "Notes", self.note_list, "Your notes on this cluster", self.note_editor,
            [("New note", ""), ("Delete", "Delete the note (Ctrl+Z undoes it)")])
        self.add_note_button, self.delete_note_button = made

        _on_click(self.add_contact_button, self.add_contact)
        _on_click(self.delete_contact_button, self.delete_contact)
        _on_click(self.add_note_button, self.add_note)
        _on_click(self.delete_note_button, self.delete_note)
        _delete_key(self.contact_view, self.delete_contact_button)
        _delete_key(self.note_view, self.delete_note_button)
        self.contact_view.selectionModel().currentChanged.connect(self._contact_chosen)
        self.note_view.selectionModel().currentChanged.connect(self._note_chosen)
        for editor in (self.contact_editor, self.note_editor):
            editor.saved.connect(self._saved)
            editor.failed.connect(self.message)
            # A conflict added a note (this side's text): the lists show it before the
            # window tells about it.
            editor.conflicted.connect(lambda _text: self.refresh_from_store())
            editor.conflicted.connect(self.conflicted)
            editor.told.connect(self.told)
        self.show_cluster(None)
        self.set_read_only(store.read_only)

    def _page(self, title: str, model: RecordListModel, name: str, editor: _Editor,
              buttons: list[tuple[str, str]]) -> tuple[QListView, list[QPushButton]]:
        """A tab of the panel: a narrow list beside its editor, the buttons below both."""
        page = QWidget(self.tabs)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        column.addLayout(row, 1)
        view, made, left = _list_with_buttons(page, name, model, buttons, below=column)
        row.addLayout(left, 1)
        editor.setParent(page)
        row.addWidget(editor, 3)
        # No record chosen: a line saying what to do, not a form of empty fields (at
        # 1366×768 the empty form took the room of the cluster's details above it).
        hint = QLabel(f"Choose one in the list, or click “{buttons[0][0]}”.", page)
        hint.setObjectName(f"{title.lower()}-hint")
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setEnabled(False)  # drawn in the palette's quieter colour
        row.addWidget(hint, 3)
        editor.blankChanged.connect(
            lambda blank: self._form_shown(editor, hint, not blank))
        editor.setVisible(True)
        hint.setVisible(False)
        self.tabs.addTab(page, title)
        return view, made

    def _form_shown(self, editor: _Editor, hint: QLabel, shown: bool) -> None:
        editor.setVisible(shown)
        hint.setVisible(not shown)
        if editor is (self.contact_editor if self.tabs.currentIndex() == 0
                      else self.note_editor):
            self.formShown.emit(shown)

    def set_read_only(self, reason: str) -> None:
        for button in (self.add_contact_button, self.delete_contact_button,
                       self.add_note_button, self.delete_note_button, self.star):
            button.setEnabled(not reason)
            if reason and button is not self.star:
                button.setToolTip(plain_tip(f"Your notes are read-only here: {reason}"))
        if reason:
            self.star.set_help(f"Your notes are read-only here: {reason}")
        self.contact_editor.set_read_only(reason)
        self.note_editor.set_read_only(reason)
        self.read_only_label.setText("Your notes are not open" if self.store.stand_in
                                     else "Read-only: your notes cannot be changed here")
        self.read_only_label.setToolTip(plain_tip(reason))
        self.read_only_label.setVisible(bool(reason))

    def _attempt(self, action: Callable[[], Any]) -> Any:
        return _attempt(self.refused, action)

    def flush(self) -> None:
        self.contact_editor.flush()
        self.note_editor.flush()

    def note_editors(self) -> tuple[_Editor, ...]:
        return (self.contact_editor, self.note_editor)

    def refresh_from_store(self) -> None:
        """Another window or a command changed the notes file: show what it holds now, after
        saving (merged) what was typed here."""
        self.flush()
        contact = self.contact_editor.base
        note = self.note_editor.base
        self.reload(contact_id=contact.id if contact else None,
                    note_id=note.id if note else None)

    def show_cluster(self, cluster_id: str | None) -> None:
        self.flush()
        self.cluster_id = cluster_id
        self.setEnabled(cluster_id is not None)
        self.reload()

    def reload(self, contact_id: int | None = None, note_id: int | None = None) -> None:
        """List the cluster's contacts and notes again and show the one with the given id in
        each (the first when None). The lists are rebuilt without their selection signals,
        so the record being typed in is refreshed in place: no focus or cursor is lost."""
        for view, model, wanted, chosen in (
                (self.contact_view, self.contact_list, contact_id, self._contact_chosen),
                (self.note_view, self.note_list, note_id, self._note_chosen)):
            selection = view.selectionModel()
            selection.blockSignals(True)
            try:
                model.set_cluster(self.cluster_id)
                self._select(view, model, wanted)
            finally:
                selection.blockSignals(False)
            chosen(view.currentIndex(), QModelIndex())
        _retitle(self.tabs, 0, f"Contacts ({self.contact_list.matching})")
        _retitle(self.tabs, 1, f"Notes ({self.note_list.matching})")
        self._update_star()

    @staticmethod
    def _select(view: QListView, model: RecordListModel, item_id: int | None) -> None:
        row = (0 if model.rowCount() else None) if item_id is None \
            else model.bring(model.kind, item_id)
        view.setCurrentIndex(model.index(row, 0) if row is not None else QModelIndex())

    def _contact_chosen(self, index: QModelIndex, _previous: QModelIndex) -> None:
        item_id = index.data(ItemIdRole)
        self.contact_editor.load(self._attempt(lambda: self.store.contact(int(item_id)))
                                 if item_id else None)

    def _note_chosen(self, index: QModelIndex, _previous: QModelIndex) -> None:
        item_id = index.data(ItemIdRole)
        self.note_editor.load(self._attempt(lambda: self.store.note(int(item_id)))
                              if item_id else None)

    def _saved(self, record: Contact | Note) -> None:
        """Retitle the saved record's row (found by its id: a pending save may be of a record
        no longer selected), keeping the editor as it is."""
        model = self.contact_list if isinstance(record, Contact) else self.note_list
        if not model.show_saved(Listing.row_of(record)):
            self.reload(contact_id=self.contact_editor.base.id if self.contact_editor.base
                        else None,
                        note_id=self.note_editor.base.id if self.note_editor.base else None)
        self.changed.emit()

    def add_contact(self) -> Contact | None:
        if self.cluster_id is None:
            return None
        try:
            name = self.directory.cluster(self.cluster_id).name
        except MxdeskError:
            name = ""
        contact = self._attempt(lambda: self.store.save_contact(Contact(
            "New contact", organisation=name, cluster_id=self.cluster_id,
            met_on=dt.date.today().isoformat())))
        if contact is None:
            return None
        self.tabs.setCurrentIndex(0)
        self.reload(contact_id=contact.id)
        self.contact_editor.fields["name"].setFocus()
        self.contact_editor.fields["name"].selectAll()
        self.changed.emit()
        return contact

    def add_note(self) -> Note | None:
        if self.cluster_id is None:
            return None
        note = self._attempt(lambda: self.store.save_note(Note("", cluster_id=self.cluster_id)))
        if note is None:
            return None
        self.tabs.setCurrentIndex(1)
        self.reload(note_id=note.id)
        self.note_editor.text.setFocus()
        self.changed.emit()
        return note

    def delete_contact(self) -> None:
        index = self.contact_view.currentIndex()
        if not index.isValid():
            return
        self.contact_editor.flush()
        done = self._attempt(lambda: self.store.delete_contact(int(index.data(ItemIdRole))))
        if done is None:
            return
        self.contact_editor.discard()
        self.contact_editor.load(None)
        self.reload()
        self.changed.emit()
        self.deleted.emit(contact_deletion(self.store, *done))

    def delete_note(self) -> None:
        index = self.note_view.currentIndex()
        if not index.isValid():
            return
        self.note_editor.flush()
        note = self._attempt(lambda: self.store.delete_note(int(index.data(ItemIdRole))))
        if note is None:
            return
        self.note_editor.discard()
        self.note_editor.load(None)
        self.reload()
        self.changed.emit()
        self.deleted.emit(note_deletion(self.store, note))

    def _update_star(self) -> None:
        current = self.store.current_shortlist()
        name = current.name if current else "My shortlist"
        on = bool(self.cluster_id and self.store.is_starred(self.cluster_id))
        self.star.setChecked(on)
        self.star.set_full_text(f"★ On the shortlist “{name}”" if on
                                else f"☆ Add to the shortlist “{name}”")

    def _toggle_star(self) -> None:
        if self.cluster_id is None:
            return
        cluster_id = self.cluster_id
        shortlist = self.store.current_shortlist()
        now_on = self._attempt(lambda: self.store.toggle_star(cluster_id))
        on_it = [i for i in (shortlist.items if shortlist else ()) if i.cluster_id == cluster_id]
        if now_on is False and shortlist is not None and on_it:
            self.deleted.emit(shortlist_removal(self.store, shortlist,
                                                self._cluster_name(cluster_id), on_it[0]))
        self._update_star()
        self.changed.emit()

    def _cluster_name(self, cluster_id: str) -> str:
        try:
            return self.directory.cluster(cluster_id).name
        except MxdeskError:
            return cluster_id


class ShortlistItemsModel(ListTableModel):
    """A shortlist's clusters in order, with an editable remark each."""

    HEADERS = ("Cluster", "State", "Remark")
    remarkEdited = Signal()

    def __init__(self, directory: Directory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.directory = directory
        self.items: list[ShortlistItem] = []

    def entries(self) -> Sequence[object]:
        return self.items

    def set_items(self, items: list[ShortlistItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def _describe(self, cluster_id: str) -> tuple[str, str]:
        try:
            cluster = self.directory.cluster(cluster_id)
        except MxdeskError:
            return f"{cluster_id} (no longer in the directory)", ""
        return cluster.name, cluster.state.name if cluster.state else ""

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == 2 else base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            name, state = self._describe(item.cluster_id)
            return (name, state, item.remark)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            name, state = self._describe(item.cluster_id)
            return plain_tip((name, state, item.remark)[index.column()])
        if role == ItemIdRole:
            return item.cluster_id
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != 2 or not index.isValid():
            return False
        self.items[index.row()] = replace(self.items[index.row()], remark=str(value))
        self.dataChanged.emit(index, index)
        self.remarkEdited.emit()
        return True


class MyNotesTab(QWidget):
    """All the user's contacts, notes and shortlists: search, filter, edit."""

    deleted = Signal(object)
    changed = Signal()
    openCluster = Signal(str)
    exportShortlist = Signal(int)
    message = Signal(str)
    refused = Signal(str)
    conflicted = Signal(str)
    told = Signal(str)
    #: The status line's text changed (the list's counts after a search, filter, add…).
    statusChanged = Signal(str)

    def __init__(self, store: NotesStore, directory: Directory,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = "notes"
        self.store = store
        self.directory = directory
        self.status = ""
        self.current: tuple[str, str] | None = None
        #: The notes changed while the tab was hidden: it reads them again when shown.
        self._stale = False
        #: The notes file's change count when the tab last read it (None: never).
        self._seen: tuple[int, int] | None = None
        #: How many clusters the notes point at that the directory no longer has.
        self._orphans = 0
        #: The thread that reads the list as the search is typed (see _list_worker).
        self._worker: QueryWorker | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        self.inner = QTabWidget(self)
        self.inner.setDocumentMode(True)
        layout.addWidget(self.inner)

        # -- contacts and notes --
        page = QWidget(self.inner)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 4, 0, 0)
        bar = QHBoxLayout()
        self.search_field = QLineEdit(page)
        self.search_field.setPlaceholderText("Search your contacts and notes (accents optional)")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName("Search your notes")
        bar.addWidget(self.search_field, 3)
        self.cluster_filter = QComboBox(page)
        self.cluster_filter.setAccessibleName("Filter by cluster")
        self.tag_filter = QComboBox(page)
        self.tag_filter.setAccessibleName("Filter by tag")
        self.shortlist_filter = QComboBox(page)
        self.shortlist_filter.setAccessibleName("Filter by shortlist")
        for combo in (self.cluster_filter, self.tag_filter, self.shortlist_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            bar.addWidget(combo, 1)
        page_layout.addLayout(bar)
        empty = QWidget(page)
        empty_layout = QHBoxLayout(empty)
        empty_layout.setContentsMargins(4, 2, 4, 2)
        self.empty_hint = QLabel("No contacts or notes match the search and filters.", empty)
        self.clear_button = QPushButton("Clear search and filters", empty)
        empty_layout.addWidget(self.empty_hint, 1)
        empty_layout.addWidget(self.clear_button)
        self.empty_bar = empty
        self.empty_bar.hide()
        page_layout.addWidget(self.empty_bar)
        split = QSplitter(Qt.Orientation.Horizontal, page)
        left = QWidget(split)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.listing = Listing(store)
        self.cluster_names = ClusterNames(directory)
        self.model = NotesTableModel(self.listing, self.cluster_names, self)
        self.model.filtered.connect(self._keep_shown)
        self.model.counted.connect(self._update_status)
        self.table = QTableView(left)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Your contacts and notes")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().resizeSection(2, 220)
        self.table.setWordWrap(False)
        left_layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.new_contact_button = QPushButton("New contact", left)
        self.new_note_button = QPushButton("New note", left)
        self.delete_button = QPushButton("Delete", left)
        self.delete_button.setToolTip("Delete the selected contact or note (Ctrl+Z undoes it)")
        self.open_cluster_button = QPushButton("Show its cluster", left)
        for button in (self.new_contact_button, self.new_note_button, self.delete_button,
                       self.open_cluster_button):
            buttons.addWidget(button)
        left_layout.addLayout(buttons)
        self.editors = QStackedWidget(split)
        self.empty_label = QLabel("Select a contact or a note to edit it. New ones are linked "
                                  "to the cluster chosen in the filter, if any.", self.editors)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.contact_editor = ContactEditor(store, self.editors)
        self.note_editor = NoteEditor(store, self.cluster_names, self.editors)
        for widget in (self.empty_label, self.contact_editor, self.note_editor):
            self.editors.addWidget(widget)
        split.addWidget(left)
        split.addWidget(self.editors)
        split.setSizes([620, 480])
        page_layout.addWidget(split, 1)
        self.inner.addTab(page, "Contacts and notes")

        # -- shortlists --
        lists = QWidget(self.inner)
        lists_layout = QHBoxLayout(lists)
        lists_layout.setContentsMargins(0, 4, 0, 0)
        self.shortlist_model = QStandardItemModel(self)
        self.shortlist_view, made, column = _list_with_buttons(
            lists, "Your shortlists", self.shortlist_model,
            [("New…", ""), ("Rename…", ""), ("Delete", ""),
             ("Star adds here", "Make this the shortlist the ☆ star adds to")])
        (self.new_list_button, self.rename_list_button, self.delete_list_button,
         self.current_list_button) = made
        lists_layout.addLayout(column, 2)
        column = QVBoxLayout()
        self.items_model = ShortlistItemsModel(directory, self)
        self.items_view = QTableView(lists)
        self.items_view.setModel(self.items_model)
        self.items_view.setAccessibleName("Clusters on the shortlist")
        self.items_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items_view.verticalHeader().hide()
        self.items_view.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        self.items_view.horizontalHeader().resizeSection(0, 320)
        self.items_view.horizontalHeader().resizeSection(1, 130)
        self.items_view.setWordWrap(False)
        self.items_view.setToolTip("Double-click a remark to edit it")
        column.addWidget(self.items_view, 1)
        row = QHBoxLayout()
        self.up_button = QPushButton("Move up", lists)
        self.down_button = QPushButton("Move down", lists)
        self.remove_item_button = QPushButton("Remove", lists)
        self.brochure_button = QPushButton("Export brochure…", lists)
        self.brochure_button.setToolTip("A PDF brochure of this shortlist, in its order")
        for button in (self.up_button, self.down_button, self.remove_item_button,
                       self.brochure_button):
            row.addWidget(button)
        column.addLayout(row)
        lists_layout.addLayout(column, 3)
        self.inner.addTab(lists, "Shortlists")

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self._filter_typed)
        # (textChanged's text must not reach QTimer.start(msec))
        self.search_field.textChanged.connect(lambda _text: self._timer.start())
        #: The status line's counts follow the list a moment later, while typing.
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(0)
        self._status_timer.timeout.connect(self._update_status)
        for combo in (self.cluster_filter, self.tag_filter, self.shortlist_filter):
            combo.activated.connect(lambda _n: self.reload())
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.table.doubleClicked.connect(lambda _i: self._open_cluster())
        _on_click(self.new_contact_button, self.new_contact)
        _on_click(self.new_note_button, self.new_note)
        _on_click(self.delete_button, self.delete_selected)
        _delete_key(self.table, self.delete_button)
        _on_click(self.open_cluster_button, self._open_cluster)
        _on_click(self.clear_button, self.clear_filters)
        for editor in (self.contact_editor, self.note_editor):
            editor.saved.connect(self._saved)
            editor.failed.connect(self.message)
            editor.conflicted.connect(lambda _text: self.refresh())
            editor.conflicted.connect(self.conflicted)
            editor.told.connect(self.told)
        self.search_field.installEventFilter(self.contact_editor.undo_router)
        self.shortlist_view.selectionModel().currentChanged.connect(
            lambda *_a: self._show_items())
        self.items_view.selectionModel().currentRowChanged.connect(
            lambda *_a: self._enable_item_buttons())
        # New… asks for the name (clicked(bool)'s False is no name: see _on_click).
        _on_click(self.new_list_button, self.new_shortlist)
        _on_click(self.rename_list_button, self.rename_shortlist)
        _on_click(self.delete_list_button, self.delete_shortlist)
        _on_click(self.current_list_button, self.make_current)
        _on_click(self.up_button, lambda: self._move(-1))
        _on_click(self.down_button, lambda: self._move(1))
        _on_click(self.remove_item_button, self._remove_item)
        _on_click(self.brochure_button, self._brochure)
        self.items_model.remarkEdited.connect(self._store_items)
        self.refresh()
        self.set_read_only(store.read_only)

    def set_read_only(self, reason: str) -> None:
        for button in (self.new_contact_button, self.new_note_button, self.delete_button,
                       self.new_list_button, self.rename_list_button, self.delete_list_button,
                       self.current_list_button, self.up_button, self.down_button,
                       self.remove_item_button):
            button.setEnabled(not reason)
            if reason:
                button.setToolTip(plain_tip(f"Your notes are read-only here: {reason}"))
        self._show_items()  # the shortlist's buttons: only those that can act
        if reason:
            self.items_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            banner = QLabel(f"Your notes are not open: {reason}. Nothing listed here is "
                            "yours." if self.store.stand_in else
                            f"Read-only: your notes can be read but not changed here "
                            f"({reason}).", self)
            banner.setWordWrap(True)
            banner.setStyleSheet("color: #b3261e; font-weight: bold;")
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(0, banner)
        self.contact_editor.set_read_only(reason)
        self.note_editor.set_read_only(reason)

    def _attempt(self, action: Callable[[], Any]) -> Any:
        return _attempt(self.refused, action)

    def note_editors(self) -> tuple[_Editor, ...]:
        return (self.contact_editor, self.note_editor)

    def refresh_from_store(self) -> None:
        """Another window or a command changed the notes file: follow it (after saving,
        merged, what was typed here)."""
        self.flush()
        for editor in self.note_editors():
            editor.refresh()
        self.refresh()

    # -- lists and filters ----------------------------------------------------------------

    def _fill_filters(self) -> None:
        def fill(combo: QComboBox, first: str, entries: list[tuple[str, object]]) -> None:
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for shown, data in entries:
                combo.addItem(shown, data)
            index = combo.findData(chosen) if chosen is not None else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

        in_use = self.store.cluster_ids_in_use()
        clusters = sorted(((self.cluster_names(c)[0], c) for c in in_use),
                          key=lambda x: x[0].lower())
        self._orphans = sum(1 for c in in_use if self.cluster_names(c)[1])
        fill(self.cluster_filter, "All clusters", list(clusters))
        fill(self.tag_filter, "All tags", [(f"{t} ({n})", t) for t, n in self.store.tags()])
        fill(self.shortlist_filter, "All shortlists",
             [(s.name, s.id) for s in self.store.shortlists()])

    def refresh(self) -> None:
        """Read again everything the tab shows (after an import, a restore, another view's
        edit); while the tab is hidden, when it is next shown; nothing when the notes did not
        change since it last read them."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        try:
            seen = (self.store.changes(), self.store.data_version())
        except (MxdeskError, sqlite3.Error):
            seen = None
        if seen is not None and seen == self._seen:
            return
        self._seen = seen
        self._fill_filters()
        self.reload()
        self._show_shortlists()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def notes_filter(self) -> NotesFilter:
        """What the search field and the three filters keep."""
        return NotesFilter(cluster_id=self.cluster_filter.currentData(),
                           tag=self.tag_filter.currentData(),
                           shortlist_id=self.shortlist_filter.currentData(),
                           text=self.search_field.text())

    def reload(self, counted: bool = True) -> None:
        """List what the search and the filters keep, from the top: one page, and (when
        *counted*; else a moment later) two counts, from SQL. The record shown stays shown
        (put in front if it is further down)."""
        self._timer.stop()
        self.model.set_filter(self.notes_filter())
        if counted:
            self._update_status()
        else:
            self._status_timer.start()
        self._keep_shown()

    def has_filters(self) -> bool:
        kept = self.notes_filter()
        return bool(kept.text.strip() or kept.cluster_id is not None or kept.tag is not None
                    or kept.shortlist_id is not None)

    def clear_filters(self) -> None:
        """Clear search and filters (Ctrl+L, the toolbar, the hint's button): list all."""
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)
        for combo in (self.cluster_filter, self.tag_filter, self.shortlist_filter):
            combo.setCurrentIndex(0)
        self.reload()

    def _keep_shown(self) -> None:
        """After the list was read again: the record shown stays, if the filter keeps it."""
        if self.current:
            kind, item_id = self.current
            if self.listing.keeps(self.model.keep, kind, int(item_id)):  # type: ignore[arg-type]
                self.select(kind, item_id)
            else:
                self._show_editor(None)

    def _filter_typed(self) -> None:
        """Typing in the search field: the matches are read on a thread of their own (one
        letter can match 100,000 contacts, whose first page in name order is tens of
        milliseconds of SQLite), so the next key is never kept waiting."""
        worker = self._list_worker()
        if worker is None:
            self.reload(counted=False)
        else:
            self.model.set_filter_later(self.notes_filter(), worker)

    def _list_worker(self) -> QueryWorker | None:
        """The thread that reads the list while typing, started when first needed (not for
        notes that are read-only here or not open: they are read at once instead)."""
        if self._worker is None and not self.store.read_only and not self.store.stand_in:
            self._worker = QueryWorker(self.store.path, self, opener=Reader)
        return self._worker

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self._worker is not None:  # started again when next typed into
            self._worker.stop()
            self._worker = None

    def _update_status(self) -> None:
        self._status_timer.stop()
        contacts, notes = self.store.counts()[:2]
        self.status = f"{self.model.matching:,} of {contacts + notes:,} contacts and notes"
        if self._orphans:
            self.status += (f" · notes on {counted(self._orphans, 'cluster')} no longer in "
                            "the directory")
        if self.model.matching == 0 and self.has_filters():
            self.empty_bar.show()
            self.status = f"No contacts or notes match — {self.status}"
        else:
            self.empty_bar.hide()
        self.statusChanged.emit(self.status)

    def select(self, kind: str, item_id: str) -> None:
        """Show the record in the list (put in front if it was not read yet) and edit it."""
        row = self.model.bring(kind, int(item_id))  # type: ignore[arg-type]
        if row is None:
            self._show_editor(None)
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def _row_chosen(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if not index.isValid():
            self._show_editor(None)
            return
        self._show_editor((index.data(ItemKindRole), str(index.data(ItemIdRole))))

    def _show_editor(self, target: tuple[str, str] | None) -> None:
        self.contact_editor.flush()
        self.note_editor.flush()
        self.current = target
        if target is None:
            self.editors.setCurrentWidget(self.empty_label)
        elif target[0] == "contact":
            contact = self._attempt(lambda: self.store.contact(int(target[1])))
            self.contact_editor.load(contact)
            self.editors.setCurrentWidget(self.contact_editor if contact else self.empty_label)
        else:
            note = self._attempt(lambda: self.store.note(int(target[1])))
            self.note_editor.load(note)
            self.editors.setCurrentWidget(self.note_editor if note else self.empty_label)

    def flush(self) -> None:
        self.contact_editor.flush()
        self.note_editor.flush()

    def _saved(self, record: Contact | Note) -> None:
        """Show the saved record's row as it now is: that row alone, nothing read again."""
        self.model.show_saved(Listing.row_of(record))
        self.changed.emit()

    def new_contact(self) -> None:
        cluster = self.cluster_filter.currentData()
        contact = self._attempt(lambda: self.store.save_contact(Contact(
            "New contact", cluster_id=cluster, met_on=dt.date.today().isoformat())))
        if contact is None:
            return
        self.current = ("contact", str(contact.id))
        self.search_field.clear()
        self.refresh()
        self.contact_editor.fields["name"].setFocus()
        self.contact_editor.fields["name"].selectAll()
        self.changed.emit()

    def new_note(self) -> None:
        cluster = self.cluster_filter.currentData()
        note = self._attempt(lambda: self.store.save_note(Note("", cluster_id=cluster)))
        if note is None:
            return
        self.current = ("note", str(note.id))
        self.search_field.clear()
        self.refresh()
        self.note_editor.text.setFocus()
        self.changed.emit()

    def delete_selected(self) -> None:
        if self.current is None:
            return
        kind, item_id = self.current
        self.flush()
        if kind == "contact":
            done = self._attempt(lambda: self.store.delete_contact(int(item_id)))
            deletion = contact_deletion(self.store, *done) if done else None
        else:
            note = self._attempt(lambda: self.store.delete_note(int(item_id)))
            deletion = note_deletion(self.store, note) if note else None
        if deletion is None:
            return
        for editor in self.note_editors():
            editor.discard()
        self._show_editor(None)
        self.deleted.emit(deletion)
        self.refresh()
        self.changed.emit()

    def _open_cluster(self) -> None:
        if self.current is None:
            return
        kind, item_id = self.current
        record = (self.store.contact(int(item_id)) if kind == "contact"
                  else self.store.note(int(item_id)))
        if record.cluster_id:
            self.openCluster.emit(record.cluster_id)

    # -- shortlists -----------------------------------------------------------------------

    def _show_shortlists(self, select_id: int | None = None) -> None:
        chosen = select_id if select_id is not None else self._chosen_shortlist_id()
        current = self.store.current_shortlist()
        self.shortlist_model.clear()
        for s in self.store.shortlists():
            star = " ★" if current and current.id == s.id else ""
            item = QStandardItem(f"{s.name} ({len(s.items)}){star}")
            item.setEditable(False)
            item.setData(s.id, ItemIdRole)
            self.shortlist_model.appendRow(item)
        for row in range(self.shortlist_model.rowCount()):
            if chosen is None or self.shortlist_model.item(row).data(ItemIdRole) == chosen:
                self.shortlist_view.setCurrentIndex(self.shortlist_model.index(row, 0))
                break
        self._show_items()

    def _chosen_shortlist_id(self) -> int | None:
        index = self.shortlist_view.currentIndex()
        return int(index.data(ItemIdRole)) if index.isValid() else None

    def _chosen_shortlist(self) -> Shortlist | None:
        chosen = self._chosen_shortlist_id()
        return self.store.shortlist(chosen) if chosen is not None else None

    def _show_items(self) -> None:
        shortlist = self._chosen_shortlist()
        self.items_model.set_items(list(shortlist.items) if shortlist else [])
        writable = not self.store.read_only
        for button in (self.rename_list_button, self.delete_list_button,
                       self.current_list_button):
            button.setEnabled(shortlist is not None and writable)
        self.brochure_button.setEnabled(shortlist is not None)
        self._enable_item_buttons()

    def _enable_item_buttons(self) -> None:
        """Move up, Move down and Remove only when they can act on the cluster chosen."""
        row = self.items_view.currentIndex().row()
        count = self.items_model.rowCount()
        chosen = 0 <= row < count and not self.store.read_only
        self.up_button.setEnabled(chosen and row > 0)
        self.down_button.setEnabled(chosen and row < count - 1)
        self.remove_item_button.setEnabled(chosen)

    def new_shortlist(self, name: str | None = None) -> None:
        if name is None:
            name, ok = QInputDialog.getText(self, "New shortlist", "Name:")
            if not ok:
                return
        try:
            created = self.store.create_shortlist(name)
        except MxdeskError as exc:
            self.message.emit(str(exc))
            return
        if self.store.current_shortlist() is None:
            self._attempt(lambda: self.store.set_current_shortlist(int(created.id or 0)))
        self._show_shortlists(created.id)
        self._fill_filters()
        self.changed.emit()

    def rename_shortlist(self) -> None:
        shortlist = self._chosen_shortlist()
        if shortlist is None:
            return
        name, ok = QInputDialog.getText(self, "Rename shortlist", "Name:", text=shortlist.name)
        if ok:
            try:
                self.store.rename_shortlist(int(shortlist.id or 0), name)
            except MxdeskError as exc:
                self.message.emit(str(exc))
            self._show_shortlists(shortlist.id)
            self.changed.emit()

    def delete_shortlist(self) -> None:
        shortlist = self._chosen_shortlist()
        if shortlist is None:
            return
        removed = self._attempt(lambda: self.store.delete_shortlist(int(shortlist.id or 0)))
        if removed is None:
            return
        self.deleted.emit(Deletion(f"delete of shortlist “{removed.name}”",
                                   lambda: self.store.restore_shortlist(removed),
                                   lambda: self.store.delete_shortlist(int(removed.id or 0))))
        self._show_shortlists()
        self._fill_filters()
        self.changed.emit()

    def make_current(self) -> None:
        shortlist = self._chosen_shortlist()
        if shortlist is not None:
            self._attempt(lambda: self.store.set_current_shortlist(int(shortlist.id or 0)))
            self._show_shortlists(shortlist.id)
            self.changed.emit()

    def _store_items(self) -> None:
        shortlist = self._chosen_shortlist()
        if shortlist is not None:
            self._attempt(lambda: self.store.set_items(int(shortlist.id or 0),
                                                       self.items_model.items))
            self.changed.emit()

    def _move(self, step: int) -> None:
        row = self.items_view.currentIndex().row()
        items = self.items_model.items
        target = row + step
        if not 0 <= row < len(items) or not 0 <= target < len(items):
            return
        items[row], items[target] = items[target], items[row]
        self.items_model.set_items(items)
        self._store_items()
        self.items_view.selectRow(target)

    def _remove_item(self) -> None:
        row = self.items_view.currentIndex().row()
        shortlist = self._chosen_shortlist()
        items = self.items_model.items
        if shortlist is not None and 0 <= row < len(items):
            removed = items[row]
            del items[row]
            self.items_model.set_items(items)
            self._store_items()
            self.deleted.emit(shortlist_removal(self.store, shortlist,
                                                self.cluster_names(removed.cluster_id)[0],
                                                removed))
            self._show_shortlists(self._chosen_shortlist_id())

    def _brochure(self) -> None:
        chosen = self._chosen_shortlist_id()
        if chosen is not None:
            self.exportShortlist.emit(chosen)


class RestoreDialog(QDialog):
    """Choose a backup; the window asks for confirmation before anything is replaced."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore your notes from a backup")
        self.backups = backups
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Backups, newest first (times in this computer's time zone). "
                                "Restoring replaces your notes with the backup; your current "
                                "notes are first kept as a backup of their own.", self))
        self.model = QStandardItemModel(self)
        for info in backups:
            why = {"auto": "automatic", "manual": "made by you"}.get(
                info.reason, info.reason.replace("-", " "))
            item = QStandardItem(f"{info.made.astimezone():%Y-%m-%d %H:%M:%S} ({why}) — "
                                 f"{counted(info.contacts, 'contact')}, "
                                 f"{counted(info.notes, 'note')}, "
                                 f"{counted(info.shortlists, 'shortlist')}")
            item.setEditable(False)
            self.model.appendRow(item)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName("Backups")
        if backups:
            self.view.setCurrentIndex(self.model.index(0, 0))
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.addButton("Restore…",
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(backups))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> BackupInfo | None:
        row = self.view.currentIndex().row()
        return self.backups[row] if 0 <= row < len(self.backups) else None


def confirm_restore(parent: QWidget, info: BackupInfo) -> bool:
    return ask(parent, "Restore this backup?",
               f"Replace your notes with the backup of {info.local_time}?\n\n"
               f"It holds {counted(info.contacts, 'contact')}, {counted(info.notes, 'note')} "
               f"and {counted(info.shortlists, 'shortlist')}. Your current notes are first "
               "kept as a backup of their own (“before-restore”), so this can be undone by "
               "restoring that one.")
