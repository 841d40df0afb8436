"""What keeps the user's notes safe around the editors: the deletions Undo can take back (the
undo stack itself is in ui/notes/commands.py), following other windows' saves, unsaved text at
quit, and drafts saved at the next start."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from mxdesk.core import i18n
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _, ngettext
from mxdesk.core.notes import Contact, Note, NotesStore, SaveResult, Shortlist, ShortlistItem
from mxdesk.core.notes.drafts import (
    Draft,
    drafts_path,
    read_drafts,
    save_drafts,
    unreadable_drafts,
    write_drafts,
)

if TYPE_CHECKING:
    from mxdesk.ui.notes.autosave import _Editor

log = logging.getLogger("mxdesk.notes")

#: How often the window asks SQLite whether another connection committed (``data_version``).
WATCH_MS = 1000


def counted(count: int, noun: str, nouns: str | None = None) -> str:
    """A count in words, as the window says it: "1 contact", "1,234 contacts" (*nouns*
    when the plural is not *noun* + "s")."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


@dataclass(frozen=True)
class Deletion:
    """A delete the window can undo and redo: *what* names it in Edit ▸ Undo ("delete of
    contact “Ana”"); *gone*, when given, names what went for the status bar ("contact
    “Ana”"; else *what* without "delete of ")."""

    what: str
    undo: Callable[[], object]
    redo: Callable[[], object]
    gone: str = ""


def contact_deletion(store: NotesStore, contact: Contact, linked: list[Note]) -> Deletion:
    """Undo and redo of a contact's delete. Each redo deletes the contact as it then is
    (found by uid: another window may have stored it again, under a new id, with more
    typed into it) and the next undo brings back that version, with its notes' links."""
    state: dict[str, object] = {"contact": contact, "notes": linked}

    def undo() -> None:
        state["contact"] = store.restore_contact(state["contact"],  # type: ignore[arg-type]
                                                 state["notes"])  # type: ignore[arg-type]

    def redo() -> None:
        now = store.contact_by_uid(contact.uid)
        if now is not None:
            state["contact"], state["notes"] = store.delete_contact(int(now.id or 0))

    return Deletion(_("delete of contact “{name}”").format(name=contact.name), undo, redo,
                    _("contact “{name}”").format(name=contact.name))


def note_deletion(store: NotesStore, note: Note) -> Deletion:
    """Undo and redo of a note's delete, each time of the note as it then is."""
    state = {"note": note}

    def undo() -> None:
        state["note"] = store.restore_note(state["note"])

    def redo() -> None:
        state["note"] = store.delete_note(int(state["note"].id or 0))

    return Deletion(_("delete of note “{title}”").format(title=note.title), undo, redo,
                    _("note “{title}”").format(title=note.title))


def shortlist_removal(store: NotesStore, shortlist: Shortlist, cluster_name: str,
                      removed: ShortlistItem) -> Deletion:
    """Undo and redo of taking a cluster off a shortlist: undo puts it back in its place,
    with its remark."""
    before = list(shortlist.items)
    place = before.index(removed)
    shortlist_id = int(shortlist.id or 0)

    def undo() -> None:
        items = [i for i in store.shortlist(shortlist_id).items
                 if i.cluster_id != removed.cluster_id]
        items.insert(min(place, len(items)), removed)
        store.set_items(shortlist_id, items)

    def redo() -> None:
        store.set_items(shortlist_id, [i for i in store.shortlist(shortlist_id).items
                                       if i.cluster_id != removed.cluster_id])

    return Deletion(_("removal of “{cluster}” from the shortlist “{shortlist}”").format(
        cluster=cluster_name, shortlist=shortlist.name), undo, redo,
        _("“{cluster}” from the shortlist “{shortlist}”").format(
            cluster=cluster_name, shortlist=shortlist.name))


def describe_save(result: SaveResult) -> str:
    """What the user must be told about a save that met another window's edit ("" if none)."""
    lines = []
    if result.recreated:
        lines.append(_("“{title}” was deleted elsewhere (in another window or by "
                       "a command) after you started typing in it here; it was stored again "
                       "with what you typed.").format(title=result.record.title))
    for c in result.conflicts:
        if c.renewed:
            continue  # more typing into a field already in conflict: its note was updated
        label = _(c.field_label)
        lines.append(_("{field} of “{title}” was changed elsewhere "
                       "(another window, an import, or a later session) after you typed here. "
                       "The record keeps that text; yours is kept in the new note "
                       "“{kept}”, so nothing is lost.").format(
            field=label[:1].upper() + label[1:], title=c.record_title, kept=c.kept_title))
    return "\n\n".join(lines)


def ask_unsaved(parent: QWidget, text: str) -> str:
    """The quit question when typing could not be saved: "keep", "discard" or "cancel"."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("Your last changes are not saved"), text,
                      QMessageBox.StandardButton.NoButton, parent)
    keep = box.addButton(_("Keep as a draft and quit"), QMessageBox.ButtonRole.AcceptRole)
    stay = box.addButton(_("Don't quit"), QMessageBox.ButtonRole.RejectRole)
    discard = box.addButton(_("Discard them and quit"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(stay)
    box.exec()
    clicked = box.clickedButton()
    return "keep" if clicked is keep else "discard" if clicked is discard else "cancel"


class NotesGuard(QObject):
    """The watch on other writers, and unsaved text, for one window.

    *editors* lists the editors made so far (the window makes them lazily). The file is
    asked every ``WATCH_MS`` (1 s) whether another connection committed.

    Signals:
        changedElsewhere(): another window or a command committed to the notes file.
    """

    changedElsewhere = Signal()

    def __init__(self, window: QWidget, store: NotesStore,
                 editors: Callable[[], list[_Editor]]) -> None:
        super().__init__(window)
        self.store = store
        self._editors = editors
        self._seen = store.data_version()
        self.watch = QTimer(self)
        self.watch.setInterval(WATCH_MS)
        self.watch.timeout.connect(self.check)
        self.watch.start()

    def check(self) -> bool:
        """True (and :attr:`changedElsewhere` emitted) when another connection committed."""
        try:
            version = self.store.data_version()
        except sqlite3.Error:  # a closed store (at shutdown) has nothing new to say
            return False
        if version == self._seen:
            return False
        self._seen = version
        self.changedElsewhere.emit()
        return True

    def unsaved(self) -> list[Draft]:
        """Typing the store has not taken, after one more try to save it."""
        drafts = []
        for editor in self._editors():
            if not editor.flush(retrying=True):
                drafts.extend(editor.unsaved())
        return drafts

    def may_close(self, ask: Callable[[str], str], tell: Callable[[str, str], None]) -> bool:
        """At quit: True when nothing typed is lost (saved, kept as a draft, or discarded
        on the user's word); False keeps the window open."""
        drafts = self.unsaved()
        refused = [text for editor in self._editors() for text in editor.refused()]
        if not drafts and not refused:
            return True
        said = []
        if drafts:
            names = ", ".join(f"“{d.title}”" for d in drafts)
            why = next((e.why for e in self._editors() if e.why), "")
            said.append(_("What you typed in {names} could not be saved: {why}\n\nmxdesk can "
                          "keep it as a draft beside your notes ({file}) and save it the next "
                          "time it starts.").format(
                names=names, why=why, file=drafts_path(self.store.path).name))
        said += refused
        answer = ask("\n\n".join(said))
        if answer == "cancel":
            return False
        if answer == "discard" or not drafts:
            for editor in self._editors():
                editor.discard(everything=True)
            return True
        try:
            write_drafts(self.store.path, drafts)
        except MxdeskError as exc:
            tell(_("Your text could not be kept"),
                 _("{error}\n\nThe window stays open so nothing is lost: copy your text "
                   "somewhere safe, or free some space and try again.").format(error=exc))
            return False
        for editor in self._editors():
            editor.discard(everything=True)
        return True

    def save_drafts(self) -> str:
        """At start: save the drafts a previous session kept; what to tell the user."""
        problem = unreadable_drafts(self.store.path)
        if problem:
            return problem
        waiting = read_drafts(self.store.path)
        if not waiting:
            return ""
        try:
            results = save_drafts(self.store)
        except MxdeskError as exc:
            log.warning("drafts not saved yet: %s", exc)
            return ngettext(
                "{n} unsaved change from your last session is kept in {file} and could not "
                "be saved yet: {error}",
                "{n} unsaved changes from your last session are kept in {file} and could not "
                "be saved yet: {error}", len(waiting)).format(
                n=i18n.number(len(waiting)), file=drafts_path(self.store.path), error=exc)
        self._seen = self.store.data_version()
        told = [describe_save(r) for r in results]
        extra = "\n\n".join(t for t in told if t)
        said = ngettext(
            "Saved {n} change you typed in your last session that could not be saved then.",
            "Saved {n} changes you typed in your last session that could not be saved then.",
            len(results)).format(n=i18n.number(len(results)))
        return said + (f"\n\n{extra}" if extra else "")
