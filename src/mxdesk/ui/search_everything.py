"""Search everything (Ctrl+K): one box over every kind of record, results grouped by kind."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core.directory import Directory, with_past_end
from mxdesk.core.errors import MxdeskError
from mxdesk.core.hit_order import best_first
from mxdesk.core.i18n import _, ngettext, number
from mxdesk.core.notes import Contact, NotesStore
from mxdesk.core.search import SEARCH_GROUPS, finds_any, search, search_counts
from mxdesk.core.spelling import Correction, correction
from mxdesk.core.text import fold
from mxdesk.ui.messages import plain_tip, translated
from mxdesk.ui.models import RecordIdRole, RecordKindRole
from mxdesk.ui.spelling_bar import SpellingBar

log = logging.getLogger("mxdesk.ui")

#: The groups, in order, as ``mxdesk search`` lists them too.
GROUPS = SEARCH_GROUPS
#: Results per kind: enough to choose from, few enough to read.
PER_KIND = 12
#: Your contacts and notes read at most (the store's search limit): when as many are found,
#: more may match, and the counts say "200+" rather than a number that is only the limit.
OWN_LIMIT = 200


class SearchEverything(QDialog):
    """A quick-open box: type, pick with the arrow keys, Enter opens the record in its tab.

    The directory's records and, with *store*, the user's contacts and notes; at most
    ``PER_KIND`` shown of each kind, with the count of all.

    Signals:
        recordChosen(str, str): (kind, id) of the record to open; a contact's or note's id is
            its number as text.
    """

    recordChosen = Signal(str, str)

    def __init__(self, directory: Directory, parent: QWidget | None = None,
                 store: NotesStore | None = None) -> None:
        super().__init__(parent)
        self.directory = directory
        self.store = store
        self.setWindowTitle(_("Search everything"))
        self.setModal(True)
        self.resize(620, 460)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(_("Clusters, sectors, policies, programmes, states, "
                                        "companies, your contacts and notes…"))
        self.field.setAccessibleName(_("Search everything"))
        self.field.setClearButtonEnabled(True)
        self.results = QStandardItemModel(self)
        self.view = QTreeView(self)
        self.view.setModel(self.results)
        self.view.setHeaderHidden(True)
        self.view.setAccessibleName(_("Results"))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformRowHeights(True)
        self.hint = QLabel(_("Type to search. ↑↓ choose, Enter opens, Esc closes."), self)
        # It repeats what was typed: never read as markup ("<b>" typed showed bold).
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.spelling = SpellingBar(self._correction, self.field, self)
        self.spelling.searchChosen.connect(self.update_results)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.spelling)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(80)
        self._timer.timeout.connect(self.update_results)
        self.field.textChanged.connect(self._timer.start)
        self.field.installEventFilter(self)
        self.view.activated.connect(self._open)

    def update_results(self) -> None:
        """Search for the text in the field now (typing waits 80 ms first) and show the results by
        kind, the first chosen."""
        self._timer.stop()
        self.results.clear()
        # A word that matches nothing in the directory or the notes is searched as its
        # nearest word (ui/spelling_bar.py).
        text = self.spelling.query_for(self.field.text())
        # Only the hits shown are read with their passages (written out from the text as
        # written, in Python); the directory's counts come from the index alone.
        hits = search(self.directory, text, limit=None, per_kind=PER_KIND) \
            if text.strip() else []
        counts = search_counts(self.directory, text) if text.strip() else {}
        own = self.store.search(text, limit=OWN_LIMIT) \
            if self.store is not None and text.strip() else []
        #: The kinds whose count is only a lower bound (the search stopped at its limit).
        capped = {h.kind for h in own} if len(own) >= OWN_LIMIT else set()
        found: list[tuple[str, str, str, str]] = [(h.kind, h.id, h.name, h.snippet) for h in hits]
        found += [(h.kind, str(h.id), h.title, h.snippet) for h in own]
        apart = self._told_apart([(int(h[1]), h[2]) for h in found
                                  if h[0] == "contact"][:PER_KIND])
        found = [(k, i, apart.get(i, name), snippet) for k, i, name, snippet in found]
        # A record named by the words before those that only mention them (issue 16).
        order, found = best_first(text, found, [kind for kind, _title in GROUPS])
        found = self._records_told_apart(found)
        # A label or policy past its end says so here too, as in the lists (issue 16).
        ended = self.directory.past_their_end(
            (k, i) for k, i, _n, _s in found if k in ("cluster", "policy"))
        for hit in own:
            counts[hit.kind] = counts.get(hit.kind, 0) + 1
        first: QModelIndex | None = None
        shown = 0
        titles = dict(GROUPS)
        for kind in order:
            title = translated(titles[kind])
            group_hits = [h for h in found if h[0] == kind]
            if not group_hits:
                continue
            total = counts.get(kind, len(group_hits))
            plus = "+" if kind in capped else ""
            # Translators: a group of results and how many were found ("Clusters (12)").
            group = QStandardItem(_("{group} ({count})").format(group=title,
                                                                count=number(total) + plus))
            group.setSelectable(False)
            font = group.font()
            font.setBold(True)
            group.setFont(font)
            for hit_kind, hit_id, name, snippet in group_hits[:PER_KIND]:
                mark = ended.get((hit_kind, hit_id))
                item = QStandardItem(with_past_end(name, mark) if mark else name)
                item.setData(hit_kind, RecordKindRole)
                item.setData(hit_id, RecordIdRole)
                item.setToolTip(plain_tip(snippet.replace("[", "").replace("]", "")))
                group.appendRow(item)
            if total > PER_KIND:
                rest = total - PER_KIND
                more = QStandardItem(ngettext("… {n} more: refine the search",
                                              "… {n} more: refine the search", rest).format(
                                                  n=number(rest) + plus))
                more.setSelectable(False)
                more.setEnabled(False)
                group.appendRow(more)
            self.results.appendRow(group)
            shown += total
            if first is None:
                first = self.results.index(0, 0, group.index())
        self.view.expandAll()
        if first is not None:
            self.view.setCurrentIndex(first)
        if not text.strip():
            self.hint.setText(_("Type to search. ↑↓ choose, Enter opens, Esc closes."))
        elif shown:
            self.hint.setText(ngettext("{n} found. ↑↓ choose, Enter opens, Esc closes.",
                                       "{n} found. ↑↓ choose, Enter opens, Esc closes.",
                                       shown).format(n=number(shown) + ("+" if capped else "")))
        else:
            self.hint.setText(_("Nothing matches “{text}”.").format(text=text.strip()))

    def _correction(self, text: str) -> Correction | None:
        """*text* corrected against the directory's words and the notes' (issue 17)."""
        store = self.store

        def finds(fixed: str) -> bool:
            # Offered only when it finds something here (issue 17's trial: "jurgen grob"
            # was shown as "jurgen grow", which found nothing).
            return finds_any(self.directory, fixed) or (
                store is not None and bool(store.search(fixed, limit=1)))

        if store is None:
            return correction(text, self.directory, finds=finds)
        try:
            changes = store.changes()
        except sqlite3.DatabaseError as error:
            raise MxdeskError(f"cannot read your notes: {error}") from error
        return correction(text, self.directory, store.conn, changes, finds)

    def _told_apart(self, contacts: list[tuple[int, str]]) -> dict[str, str]:
        """What the list says of contacts shown that share a name ((id, name) each): the name
        and what tells each from the others ("Ana Pérez · Clúster Automotriz de Guanajuato"),
        by id as text. The first of their cluster, role, organisation, e-mail address and
        phone number that is not the same for all of them, and that the contact has."""
        same: dict[str, list[int]] = {}
        for contact_id, name in contacts:
            same.setdefault(fold(name), []).append(contact_id)
        said: dict[str, str] = {}
        for ids in same.values():
            if len(ids) < 2 or self.store is None:
                continue
            try:
                namesakes = [self.store.contact(contact_id) for contact_id in ids]
            except MxdeskError as error:  # (read a moment ago; gone or damaged since)
                log.warning("contacts %s not read to tell them apart: %s", ids, error)
                continue
            details: list[Callable[[Contact], str]] = [
                self._cluster_name, lambda c: c.role, lambda c: c.organisation,
                lambda c: c.email, lambda c: c.phone]
            telling = [d for d in details if len({d(c) for c in namesakes}) > 1]
            for contact in namesakes:
                detail = next((text for d in telling if (text := d(contact))), "")
                if detail:
                    said[str(contact.id)] = f"{contact.name} · {detail}"
        return said

    def _records_told_apart(self, found: list[tuple[str, str, str, str]]
                            ) -> list[tuple[str, str, str, str]]:
        """Clusters shown under one name ("Cluster Automotriz" in Coahuila and in San Luis
        Potosí) named with their state: ``"Cluster Automotriz · Coahuila"``."""
        names: dict[str, int] = {}
        for kind, _id, name, _snippet in found:
            if kind == "cluster":
                names[fold(name)] = names.get(fold(name), 0) + 1
        out = []
        for kind, rid, name, snippet in found:
            if kind == "cluster" and names[fold(name)] > 1:
                try:
                    state = self.directory.cluster(rid).state
                except MxdeskError:
                    state = None
                name = f"{name} · {state.name}" if state else name
            out.append((kind, rid, name, snippet))
        return out

    def _cluster_name(self, contact: Contact) -> str:
        """The name of the contact's cluster (the one it is now, when it was merged or
        renamed); its id when the directory no longer has it."""
        if not contact.cluster_id:
            return ""
        try:
            return self.directory.follow("cluster", contact.cluster_id)[0].name
        except MxdeskError:
            return contact.cluster_id

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys and Enter in the text field drive the result list."""
        if (watched is self.field and isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                QCoreApplication.sendEvent(self.view, event)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():
                    self.update_results()
                self._open(self.view.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _open(self, index: QModelIndex) -> None:
        kind, record_id = index.data(RecordKindRole), index.data(RecordIdRole)
        if kind and record_id:
            self.accept()
            self.recordChosen.emit(kind, record_id)

    def start(self) -> None:
        """Open with the previous text selected, ready to type over."""
        self.field.selectAll()
        self.field.setFocus()
        self.update_results()
        self.show()
        self.activateWindow()
