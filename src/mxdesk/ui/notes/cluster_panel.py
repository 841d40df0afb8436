"""Below a cluster's details: its star (adds it to the current shortlist) and the user's
contacts and notes about it, each a list beside its form.

Over ~450 lines: one panel whose star, two lists and two forms follow the cluster shown
together (and the notes of an id the directory now redirects, issue 16)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core import i18n
from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import N_, _
from mxdesk.core.notes import Contact, Note, NotesStore
from mxdesk.core.notes.listing import Listing
from mxdesk.ui.messages import label, plain_tip
from mxdesk.ui.notes._common import _attempt, _delete_key, _list_with_buttons, _on_click
from mxdesk.ui.notes.autosave import _Editor
from mxdesk.ui.notes.editors import ContactEditor, NoteEditor
from mxdesk.ui.notes.guard import contact_deletion, note_deletion, shortlist_removal
from mxdesk.ui.notes.models import ClusterNames, ItemIdRole, RecordListModel
from mxdesk.ui.notes.views import NO_CLUSTER


def _retitle(tabs: QTabWidget, index: int, text: str) -> None:
    """Set a tab's title only if it changed: any new title, even the same text, makes the tab
    bar ask for a new layout, which reaches the window and repaints all of it."""
    if tabs.tabText(index) != text:
        tabs.setTabText(index, text)


class StarButton(QToolButton):
    """The cluster panel's star. Its text names the current shortlist, cut to the room the
    panel has (whole in its tool tip): the text never sets the panel's width, so a longer
    shortlist name never moves the window's split."""

    HELP = N_("The star adds the cluster to the current shortlist (choose it in the My notes "
              "tab); click again to take it off")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCheckable(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setAccessibleName(_("Shortlist star"))
        # Ignored: neither the text's width nor its minimum reaches the layout; the width
        # the text wants is only a maximum (see set_full_text).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.full_text = ""
        self._whole = QSize()
        self._help = _(self.HELP)
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
        """Qt: cut the text again to the new width."""
        super().resizeEvent(event)
        self._elide()


class ClusterNotesPanel(QWidget):
    """Below a cluster's details: its star, and the user's contacts and notes about it.

    Writes go through the store; one it refuses (read-only, full disk, busy) is told by
    :attr:`refused`, never raised.

    Signals:
        deleted(object): a record was deleted (or a cluster taken off the shortlist): a
            :class:`Deletion`, for the window's Edit ▸ Undo.
        changed(): something changed that other views show (the My notes tab, the star).
        message(str): a status-bar line (a save that failed, a contact moved to another
            cluster).
        formShown(bool): the contact or note form opened (True: it wants the room it needs)
            or closed (False: the record above may have its room back); the window moves the
            split.
        refused(str): a write the notes file refused (read-only, full, busy): what to tell
            the user.
        conflicted(str): a save met another window's edit; both texts were kept: what to
            tell the user.
        told(str): anything else an editor must tell the user.
    """

    deleted = Signal(object)
    changed = Signal()
    message = Signal(str)
    formShown = Signal(bool)
    refused = Signal(str)
    conflicted = Signal(str)
    told = Signal(str)

    def __init__(self, store: NotesStore, directory: Directory,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.directory = directory
        self.cluster_id: str | None = None
        #: Why the notes cannot be written here ("" when they can).
        self._read_only = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        # No cluster shown (a state's page, a search that leaves none): the start's line, not
        # an empty list whose hint asks to choose in it.
        self.no_cluster_label = QLabel(_(NO_CLUSTER), self)
        self.no_cluster_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_cluster_label.setWordWrap(True)
        layout.addWidget(self.no_cluster_label, 1)
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
        self.contact_editor = ContactEditor(store, self.cluster_names)
        self.contact_editor.sharedChanged.connect(self.changed)  # (the Mission tab's line)
        self.contact_view, made = self._page(
            N_("Contacts"), self.contact_list, _("Your contacts at this cluster"),
            self.contact_editor,
            [(_("Add contact"), _("A person you met from this cluster")),
             (_("Delete"), _("Delete the contact (Ctrl+Z undoes it)"))])
        self.add_contact_button, self.delete_contact_button = made
        self.note_list = RecordListModel(listing, "note", self)
        self.note_editor = NoteEditor(store, self.cluster_names)
        self.note_view, made = self._page(
            N_("Notes"), self.note_list, _("Your notes on this cluster"), self.note_editor,
            [(_("New note"), ""), (_("Delete"), _("Delete the note (Ctrl+Z undoes it)"))])
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
        """A tab of the panel: a narrow list beside its editor, the buttons below both. *title*
        is English (marked), translated here; the hint's object name is made from it."""
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
        hint = QLabel(_("Choose one in the list, or click “{button}”.").format(
            button=buttons[0][0]), page)
        hint.setObjectName(f"{title.lower()}-hint")
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setEnabled(False)  # drawn in the palette's quieter colour
        row.addWidget(hint, 3)
        editor.blankChanged.connect(
            lambda blank: self._form_shown(editor, hint, not blank))
        editor.setVisible(True)
        hint.setVisible(False)
        self.tabs.addTab(page, _(title))
        return view, made

    def _form_shown(self, editor: _Editor, hint: QLabel, shown: bool) -> None:
        editor.setVisible(shown)
        hint.setVisible(not shown)
        if editor is (self.contact_editor if self.tabs.currentIndex() == 0
                      else self.note_editor):
            self.formShown.emit(shown)

    def set_read_only(self, reason: str) -> None:
        """Disable every button, the star and both forms, and say why (*reason*, "" to allow
        writing again)."""
        self._read_only = reason
        for button in (self.add_contact_button, self.delete_contact_button,
                       self.add_note_button, self.delete_note_button, self.star):
            button.setEnabled(not reason)
            if reason and button is not self.star:
                button.setToolTip(plain_tip(
                    _("Your notes are read-only here: {reason}").format(reason=reason)))
        self._can_delete()
        if reason:
            self.star.set_help(_("Your notes are read-only here: {reason}").format(reason=reason))
        self.contact_editor.set_read_only(reason)
        self.note_editor.set_read_only(reason)
        self.read_only_label.setText(_("Your notes are not open") if self.store.stand_in
                                     else _("Read-only: your notes cannot be changed here"))
        self.read_only_label.setToolTip(plain_tip(reason))
        self.read_only_label.setVisible(bool(reason))

    def _attempt(self, action: Callable[[], Any]) -> Any:
        return _attempt(self.refused, action)

    def flush(self) -> None:
        """Save what was typed into either form now (before the notes are read or replaced)."""
        self.contact_editor.flush()
        self.note_editor.flush()

    def note_editors(self) -> tuple[_Editor, ...]:
        """The panel's two forms: (contact, note)."""
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
        """Show the contacts and notes of *cluster_id* (None: no cluster, and the panel is
        disabled, saying to select one), saving what was typed first."""
        self.flush()
        self.cluster_id = cluster_id
        self.setEnabled(cluster_id is not None)
        self.no_cluster_label.setVisible(cluster_id is None)
        for part in (self.star, self.tabs):
            part.setVisible(cluster_id is not None)
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
                model.set_cluster(self.cluster_id,
                                  self.cluster_names.earlier_ids(self.cluster_id))
                self._select(view, model, wanted)
            finally:
                selection.blockSignals(False)
            chosen(view.currentIndex(), QModelIndex())
        _retitle(self.tabs, 0, _("Contacts ({n})").format(
            n=i18n.number(self.contact_list.matching)))
        _retitle(self.tabs, 1, _("Notes ({n})").format(n=i18n.number(self.note_list.matching)))
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
        self._can_delete()

    def _note_chosen(self, index: QModelIndex, _previous: QModelIndex) -> None:
        item_id = index.data(ItemIdRole)
        self.note_editor.load(self._attempt(lambda: self.store.note(int(item_id)))
                              if item_id else None)
        self._can_delete()

    def _can_delete(self) -> None:
        """Each Delete is on only when its list has a record chosen (with none, "Contacts
        (0)" among them, it was on and did nothing)."""
        for view, button in ((self.contact_view, self.delete_contact_button),
                             (self.note_view, self.delete_note_button)):
            button.setEnabled(view.currentIndex().isValid() and not self._read_only)

    def _saved(self, record: Contact | Note) -> None:
        """Retitle the saved record's row (found by its id: a pending save may be of a record
        no longer selected), keeping the editor as it is."""
        model = self.contact_list if isinstance(record, Contact) else self.note_list
        if (isinstance(record, Contact) and self.cluster_id is not None
                and record.cluster_id != self.cluster_id and model.find("contact",
                                                                        int(record.id or 0))
                is not None):
            # Moved to another cluster: it is listed there now. The list is read again once
            # the save is done (not inside it: loading another contact saves what was typed
            # first, and the save under way must finish on the record it began with).
            name = (self.cluster_names(record.cluster_id)[0] if record.cluster_id
                    else _("no cluster"))
            self.message.emit(_("“{title}” is now at {cluster}: it is listed there.").format(
                title=record.title, cluster=name))
            QTimer.singleShot(0, self, self._moved_away)
            self.changed.emit()
            return
        if not model.show_saved(Listing.row_of(record)):
            self.reload(contact_id=self.contact_editor.base.id if self.contact_editor.base
                        else None,
                        note_id=self.note_editor.base.id if self.note_editor.base else None)
        self.changed.emit()

    def _moved_away(self) -> None:
        """A contact shown here went to another cluster: list this one's again, showing the
        contact beside it (what was typed into the form is saved first, as on any choice)."""
        self.reload(note_id=self.note_editor.base.id if self.note_editor.base else None)

    def add_contact(self) -> Contact | None:
        """A new contact at this cluster, met today, shown with its name selected for typing; None
        when no cluster is shown or the write was refused (told by :attr:`refused`)."""
        if self.cluster_id is None:
            return None
        # The organisation is left for the user: the contact's cluster already names it, as
        # it is named now (a copy of its name would keep an old name after a rename: issue
        # 16's trial), and a vCard without one takes the cluster's current name.
        contact = self._attempt(lambda: self.store.save_contact(Contact(
            _("New contact"), cluster_id=self.cluster_id, met_on=dt.date.today().isoformat())))
        if contact is None:
            return None
        self.tabs.setCurrentIndex(0)
        self.reload(contact_id=contact.id)
        self.contact_editor.fields["name"].setFocus()
        self.contact_editor.fields["name"].selectAll()
        self.changed.emit()
        return contact

    def add_note(self) -> Note | None:
        """A new, empty note on this cluster, shown with the cursor in it; None when no cluster is
        shown or the write was refused (told by :attr:`refused`)."""
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
        """Delete the contact chosen in the list (what was typed is saved first); :attr:`deleted`
        carries it for Undo. A refusal is told by :attr:`refused`."""
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
        """Delete the note chosen in the list (what was typed is saved first); :attr:`deleted`
        carries it for Undo. A refusal is told by :attr:`refused`."""
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

    def _starred_id(self) -> str | None:
        """The id under which the cluster shown is on the current shortlist (its own, or
        one an earlier release gave it), or None."""
        ids = (self.cluster_id, *self.cluster_names.earlier_ids(self.cluster_id))
        return next((cid for cid in ids if cid and self.store.is_starred(cid)), None)

    def _update_star(self) -> None:
        current = self.store.current_shortlist()
        name = current.name if current else _("My shortlist")
        on = self._starred_id() is not None
        self.star.setChecked(on)
        self.star.set_full_text(_("★ On the shortlist “{name}”").format(name=name) if on
                                else _("☆ Add to the shortlist “{name}”").format(name=name))

    def _toggle_star(self) -> None:
        if self.cluster_id is None:
            return
        # On the shortlist under an earlier id: that entry is the one taken off.
        cluster_id = self._starred_id() or self.cluster_id
        shortlist = self.store.current_shortlist()
        now_on = self._attempt(lambda: self.store.toggle_star(cluster_id, _("My shortlist")))
        on_it = [i for i in (shortlist.items if shortlist else ()) if i.cluster_id == cluster_id]
        if now_on is False and shortlist is not None and on_it:
            self.deleted.emit(shortlist_removal(self.store, shortlist,
                                                self._cluster_name(self.cluster_id), on_it[0]))
        self._update_star()
        self.changed.emit()

    def _cluster_name(self, cluster_id: str) -> str:
        try:
            return self.directory.cluster(cluster_id).name
        except MxdeskError:
            return cluster_id
