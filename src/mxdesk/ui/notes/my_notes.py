"""The My notes tab: all the user's contacts and notes (search, filters, a form for the one
chosen) on its first page, and on its second the Shortlists page (:mod:`.shortlists`).

Over ~450 lines: the first page (search as you type, filters, list, editors) is one behaviour."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core import i18n
from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _, ngettext
from mxdesk.core.notes import Contact, Note, NotesStore
from mxdesk.core.notes.listing import Listing, NotesFilter, Reader
from mxdesk.core.search import named_ids
from mxdesk.core.spelling import Correction, correction
from mxdesk.ui.messages import plain_tip
from mxdesk.ui.notes._common import _attempt, _delete_key, _on_click
from mxdesk.ui.notes.autosave import _Editor
from mxdesk.ui.notes.editors import ContactEditor, NoteEditor
from mxdesk.ui.notes.guard import contact_deletion, note_deletion
from mxdesk.ui.notes.models import ClusterNames, ItemIdRole, ItemKindRole, NotesTableModel
from mxdesk.ui.notes.shortlists import ShortlistsPage
from mxdesk.ui.spelling_bar import SpellingBar
from mxdesk.ui.worker import QueryWorker

#: Typing in My notes' search field waits this long before the list follows. 0: keystrokes
#: already queued are merged, and a page of matches costs a few tens of milliseconds.
FILTER_DELAY_MS = 0

log = logging.getLogger("mxdesk.notes")


class MyNotesTab(QWidget):
    """All the user's contacts, notes and shortlists: search, filter, edit. The second page
    is a :class:`ShortlistsPage` (``shortlists``), whose signals this tab passes on as its own.

    Signals:
        deleted(object): a :class:`~mxdesk.ui.notes.guard.Deletion` for Edit ▸ Undo.
        changed(): the tab wrote the notes (a save, a new or deleted record, a shortlist).
        openCluster(str): the user asked to see the cluster (by id) of a contact or a note.
        exportShortlist(int): the user asked for a shortlist's brochure (by shortlist id).
        message(str): a save that failed, or a shortlist name refused.
        refused(str): a write the notes file refused (read-only, locked), for the user.
        conflicted(str): an edit met another window's; both texts were kept.
        told(str): a word from an editor for the user, without taking the keyboard.
        statusChanged(str): the status line's text changed (the list's counts).
        meetingWanted(str, str): Add meeting… with the contact shown: its uid and its
            cluster's id ("" for none).
    """

    deleted = Signal(object)
    changed = Signal()
    openCluster = Signal(str)
    exportShortlist = Signal(int)
    message = Signal(str)
    refused = Signal(str)
    conflicted = Signal(str)
    told = Signal(str)
    statusChanged = Signal(str)
    meetingWanted = Signal(str, str)

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
        #: Why the notes cannot be written here ("" when they can).
        self._read_only = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        self.inner = QTabWidget(self)
        self.inner.setDocumentMode(True)
        layout.addWidget(self.inner)
        # The pages' widgets are made in Tab order: the contacts and notes, then the lists.
        self.inner.addTab(self._build_contacts_page(), _("Contacts and notes"))
        self.shortlists = ShortlistsPage(store, directory, self.cluster_names, self.inner)
        self.inner.addTab(self.shortlists, _("Shortlists"))
        self._name_shortlist_widgets()
        self._make_timers()
        self._connect_signals()
        self.refresh()
        self._update_buttons(None)
        self.set_read_only(store.read_only)

    def _build_contacts_page(self) -> QWidget:
        """The first page: the search and filters above the list, the editor beside it."""
        page = QWidget(self.inner)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 4, 0, 0)
        self._build_filters(page, page_layout)
        split = QSplitter(Qt.Orientation.Horizontal, page)
        split.addWidget(self._build_list(split))
        split.addWidget(self._build_editors(split))
        split.setSizes([620, 480])
        page_layout.addWidget(split, 1)
        return page

    def _build_filters(self, page: QWidget, page_layout: QVBoxLayout) -> None:
        """The search field and the three filters, and the bar that says nothing matches."""
        bar = QHBoxLayout()
        self.search_field = QLineEdit(page)
        self.search_field.setPlaceholderText(_("Search your contacts and notes (accents optional)"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName(_("Search your notes"))
        bar.addWidget(self.search_field, 3)
        self.cluster_filter = QComboBox(page)
        self.cluster_filter.setAccessibleName(_("Filter by cluster"))
        self.tag_filter = QComboBox(page)
        self.tag_filter.setAccessibleName(_("Filter by tag"))
        self.shortlist_filter = QComboBox(page)
        self.shortlist_filter.setAccessibleName(_("Filter by shortlist"))
        for combo in (self.cluster_filter, self.tag_filter, self.shortlist_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            bar.addWidget(combo, 1)
        page_layout.addLayout(bar)
        empty = QWidget(page)
        empty_layout = QHBoxLayout(empty)
        empty_layout.setContentsMargins(4, 2, 4, 2)
        self.empty_hint = QLabel(_("No contacts or notes match the search and filters."), empty)
        self.clear_button = QPushButton(_("Clear search and filters"), empty)
        empty_layout.addWidget(self.empty_hint, 1)
        empty_layout.addWidget(self.clear_button)
        self.empty_bar = empty
        self.empty_bar.hide()
        self.spelling = SpellingBar(self._correction, self.search_field, page)
        self.spelling.searchChosen.connect(self.reload)
        page_layout.addWidget(self.spelling)
        page_layout.addWidget(self.empty_bar)

    def _correction(self, text: str) -> Correction | None:
        """*text* corrected against the notes' words and the directory's (issue 17)."""
        try:
            changes = self.store.changes()
        except sqlite3.DatabaseError as error:
            raise MxdeskError(_("cannot read your notes: {error}").format(error=error)) from error
        def finds(fixed: str) -> bool:
            # A correction that finds nothing among the notes is not offered (issue 17's
            # trial: "guanajato" was shown as "Guanajuato", then "no contacts or notes
            # match"); the next candidates are tried first (core/spelling.py).
            keep = NotesFilter(text=fixed, text_cluster_ids=self._clusters_named(fixed))
            return any(self.listing.count(keep, kind) for kind in keep.kinds)

        return correction(text, self.directory, self.store.conn, changes, finds)

    def _build_list(self, split: QSplitter) -> QWidget:
        """The list of contacts and notes, and its buttons (the split's left side)."""
        left = QWidget(split)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.listing = Listing(self.store)
        self.cluster_names = ClusterNames(self.directory)
        self.model = NotesTableModel(self.listing, self.cluster_names, self)
        self.table = QTableView(left)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Your contacts and notes"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().resizeSection(2, 220)
        self.table.setWordWrap(False)
        left_layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.new_contact_button = QPushButton(_("New contact"), left)
        self.new_note_button = QPushButton(_("New note"), left)
        self.delete_button = QPushButton(_("Delete"), left)
        self.delete_button.setToolTip(_("Delete the selected contact or note (Ctrl+Z undoes it)"))
        self.open_cluster_button = QPushButton(_("Show its cluster"), left)
        self.add_meeting_button = QPushButton(_("Add meeting…"), left)
        self.add_meeting_button.setToolTip(_("A meeting with the contact selected, in the "
                                             "Mission tab (Ctrl+Shift+M)"))
        for button in (self.new_contact_button, self.new_note_button, self.delete_button,
                       self.open_cluster_button, self.add_meeting_button):
            buttons.addWidget(button)
        left_layout.addLayout(buttons)
        return left

    def _build_editors(self, split: QSplitter) -> QStackedWidget:
        """The contact's or note's form, or a hint when none is chosen (the split's right)."""
        self.editors = QStackedWidget(split)
        self.empty_label = QLabel(_("Select a contact or a note to edit it. New ones are linked "
                                    "to the cluster chosen in the filter, if any."), self.editors)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.contact_editor = ContactEditor(self.store, self.cluster_names, self.editors)
        self.contact_editor.sharedChanged.connect(self.changed)  # (the Mission tab's line)
        self.note_editor = NoteEditor(self.store, self.cluster_names, self.editors)
        for widget in (self.empty_label, self.contact_editor, self.note_editor):
            self.editors.addWidget(widget)
        return self.editors

    def _name_shortlist_widgets(self) -> None:
        """The Shortlists page's widgets and commands, also under the names they had on this
        tab when it built both pages (tests reach them as ``window.my_notes.<name>``)."""
        page = self.shortlists
        self.shortlist_model, self.shortlist_view = page.shortlist_model, page.shortlist_view
        self.new_list_button, self.rename_list_button = (page.new_list_button,
                                                         page.rename_list_button)
        self.delete_list_button, self.current_list_button = (page.delete_list_button,
                                                             page.current_list_button)
        self.items_model, self.items_view = page.items_model, page.items_view
        self.up_button, self.down_button = page.up_button, page.down_button
        self.remove_item_button, self.brochure_button = (page.remove_item_button,
                                                         page.brochure_button)
        self.new_shortlist, self.rename_shortlist = page.new_shortlist, page.rename_shortlist
        self.delete_shortlist, self.make_current = page.delete_shortlist, page.make_current
        self._chosen_shortlist_id = page.chosen_id

    def _make_timers(self) -> None:
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        #: The status line's counts follow the list a moment later, while typing.
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(0)

    def _connect_signals(self) -> None:
        self.model.filtered.connect(self._keep_shown)
        self.model.counted.connect(self._update_status)
        self._timer.timeout.connect(self._filter_typed)
        # (textChanged's text must not reach QTimer.start(msec))
        self.search_field.textChanged.connect(lambda _text: self._timer.start())
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
        _on_click(self.add_meeting_button, self._add_meeting)
        _on_click(self.clear_button, self.clear_filters)
        for editor in (self.contact_editor, self.note_editor):
            editor.saved.connect(self._saved)
            editor.failed.connect(self.message)
            editor.conflicted.connect(lambda _text: self.refresh())
            editor.conflicted.connect(self.conflicted)
            editor.told.connect(self.told)
        self.search_field.installEventFilter(self.contact_editor.undo_router)
        page = self.shortlists
        page.changed.connect(self.changed)
        page.namesChanged.connect(self._fill_filters)  # the filter lists the shortlists
        page.deleted.connect(self.deleted)
        page.message.connect(self.message)
        page.refused.connect(self.refused)
        page.exportShortlist.connect(self.exportShortlist)
        # The status line says what the page in front shows (the lists on Shortlists).
        self.inner.currentChanged.connect(lambda _i: self._update_status())
        page.changed.connect(self._update_status)
        page.shortlist_view.selectionModel().currentChanged.connect(
            lambda _now, _before: self._update_status())

    def set_read_only(self, reason: str) -> None:
        """With a *reason* (why the notes can't be written here), a red banner says so and
        every button or field that writes is disabled; "" leaves them all able to act."""
        self._read_only = reason
        for button in (self.new_contact_button, self.new_note_button, self.delete_button):
            button.setEnabled(not reason)
            if reason:
                button.setToolTip(plain_tip(
                    _("Your notes are read-only here: {reason}").format(reason=reason)))
        self.shortlists.set_read_only(reason)
        if reason:
            banner = QLabel(_("Your notes are not open: {reason}. Nothing listed here is "
                              "yours.").format(reason=reason) if self.store.stand_in else
                            _("Read-only: your notes can be read but not changed here "
                              "({reason}).").format(reason=reason), self)
            banner.setWordWrap(True)
            banner.setStyleSheet("color: #b3261e; font-weight: bold;")
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(0, banner)
        self.contact_editor.set_read_only(reason)
        self.note_editor.set_read_only(reason)
        self.delete_button.setEnabled(not reason and self.current is not None)

    def _attempt(self, action: Callable[[], Any]) -> Any:
        return _attempt(self.refused, action)

    def note_editors(self) -> tuple[_Editor, ...]:
        """The tab's two editors (contact, note), for saving before quitting."""
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
        # An id of an earlier release is listed as the cluster it leads to now.
        now = {self.cluster_names.current_id(c) for c in in_use}
        clusters = sorted(((self.cluster_names(c)[0], c) for c in now),
                          key=lambda x: x[0].lower())
        self._orphans = sum(1 for c in in_use if self.cluster_names(c)[1])
        fill(self.cluster_filter, _("All clusters"), list(clusters))
        fill(self.tag_filter, _("All tags"),
             [(f"{t} ({i18n.number(n)})", t) for t, n in self.store.tags()])
        fill(self.shortlist_filter, _("All shortlists"),
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
        self.shortlists.show_shortlists()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown: read the notes again if they changed while the tab was hidden."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def notes_filter(self) -> NotesFilter:
        """What the search field and the three filters keep."""
        cluster = self.cluster_filter.currentData()
        text = self.spelling.query_for(self.search_field.text())
        return NotesFilter(cluster_id=cluster,
                           earlier_cluster_ids=self.cluster_names.earlier_ids(cluster),
                           tag=self.tag_filter.currentData(),
                           shortlist_id=self.shortlist_filter.currentData(),
                           text=text, text_cluster_ids=self._clusters_named(text))

    def _clusters_named(self, text: str) -> tuple[str, ...]:
        """The clusters whose names hold *text*, and the ids earlier releases gave them;
        none when the directory cannot be read."""
        if not text.strip():
            return ()
        try:
            ids = named_ids(self.directory, text, "cluster")
            return tuple(dict.fromkeys(
                [*ids, *(old for cid in ids for old in self.cluster_names.earlier_ids(cid))]))
        except MxdeskError as error:
            log.warning("clusters named %r: %s", text, error)
            return ()

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
        """Whether a search text, cluster, tag or shortlist narrows the list."""
        kept = self.notes_filter()
        return bool(kept.text.strip() or kept.cluster_id is not None or kept.tag is not None
                    or kept.shortlist_id is not None)

    def clear_filters(self) -> None:
        """Clear search and filters (Ctrl+L, the toolbar, the hint's button): list all."""
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)
        self.spelling.clear()
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
        """Hidden: stop the search thread (it starts again when next typed into)."""
        super().hideEvent(event)
        if self._worker is not None:  # started again when next typed into
            self._worker.stop()
            self._worker = None

    def _update_status(self) -> None:
        self._status_timer.stop()
        if self.inner.currentWidget() is self.shortlists:
            self.status = self.shortlists.status_text()
            self.statusChanged.emit(self.status)
            return
        contacts, notes = self.store.counts()[:2]
        self.status = _("{n} of {total} contacts and notes").format(
            n=i18n.number(self.model.matching), total=i18n.number(contacts + notes))
        if self._orphans:
            self.status = ngettext(
                "{status} · notes on {n} cluster no longer in the directory",
                "{status} · notes on {n} clusters no longer in the directory",
                self._orphans).format(status=self.status, n=i18n.number(self._orphans))
        if self.model.matching == 0 and self.has_filters():
            self.empty_bar.show()
            self.status = _("No contacts or notes match — {status}").format(status=self.status)
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
        record: Contact | Note | None = None
        if target is None:
            self.editors.setCurrentWidget(self.empty_label)
        elif target[0] == "contact":
            record = self._attempt(lambda: self.store.contact(int(target[1])))
            self.contact_editor.load(record)
            self.editors.setCurrentWidget(self.contact_editor if record else self.empty_label)
        else:
            record = self._attempt(lambda: self.store.note(int(target[1])))
            self.note_editor.load(record)
            self.editors.setCurrentWidget(self.note_editor if record else self.empty_label)
        self._update_buttons(record)

    def _update_buttons(self, record: Contact | Note | None) -> None:
        """Delete and Show its cluster act on the record shown: off when there is none, or
        (Show its cluster) when it is on no cluster, with a tool tip saying why (both were
        on, and did nothing when clicked)."""
        self.delete_button.setEnabled(record is not None and not self._read_only)
        cluster = record.cluster_id if record is not None else None
        self.open_cluster_button.setEnabled(bool(cluster))
        self.add_meeting_button.setEnabled(isinstance(record, Contact) and not self._read_only)
        self.open_cluster_button.setToolTip(plain_tip(
            _("Select a contact or a note to show its cluster") if record is None
            else _("This contact is on no cluster: choose one in its Cluster field")
            if not cluster and isinstance(record, Contact)
            else _("This note is on no cluster: choose one in its Cluster field")
            if not cluster else _("Show {cluster} in the Clusters tab").format(
                cluster=self.cluster_names(cluster)[0])))

    def flush(self) -> None:
        """Save what both editors hold now (before a command reads the notes)."""
        self.contact_editor.flush()
        self.note_editor.flush()

    def _saved(self, record: Contact | Note) -> None:
        """Show the saved record's row as it now is: that row alone, nothing read again."""
        self.model.show_saved(Listing.row_of(record))
        kind = "contact" if isinstance(record, Contact) else "note"
        if self.current == (kind, str(record.id)):  # its cluster may have changed
            self._update_buttons(record)
        self.changed.emit()

    def new_contact(self) -> None:
        """Edit ▸ New contact here: a contact on the cluster filtered to (if any), met today,
        opened in the editor with its name selected."""
        cluster = self.cluster_filter.currentData()
        contact = self._attempt(lambda: self.store.save_contact(Contact(
            _("New contact"), cluster_id=cluster, met_on=dt.date.today().isoformat())))
        if contact is None:
            return
        self.current = ("contact", str(contact.id))
        self.search_field.clear()
        self.refresh()
        self.contact_editor.fields["name"].setFocus()
        self.contact_editor.fields["name"].selectAll()
        self.changed.emit()

    def new_note(self) -> None:
        """Edit ▸ New note here: an empty note on the cluster filtered to (if any), opened in
        the editor."""
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
        """Delete the contact or note selected (the Delete key, the Delete button); the
        ``deleted`` signal carries its undo."""
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

    def _add_meeting(self) -> None:
        if self.current is None or self.current[0] != "contact":
            return
        contact = self._attempt(lambda: self.store.contact(int(self.current[1])))  # type: ignore[index]
        if contact is not None:
            self.meetingWanted.emit(contact.uid, contact.cluster_id or "")
