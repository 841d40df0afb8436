"""The contact a note is about: type a few letters of a name and choose from what SQL finds.

The suggestions are read as you type (at most :data:`SHOWN` contacts whose name or a word of it
starts with the letters, the note's cluster's own first), so the field costs the same with ten
contacts or 100,000; nothing is listed until it is asked for.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _
from mxdesk.core.notes.listing import ContactChoice, Listing
from mxdesk.ui.messages import plain_tip
from mxdesk.ui.notes.models import ClusterName

#: How many contacts the suggestions list at most.
SHOWN = 50
#: The suggestions may be wider than the field, up to this (px).
POPUP_MAX_WIDTH = 560
UidRole = Qt.ItemDataRole.UserRole + 21  # a suggested contact's uid (str)
_Index = QModelIndex | QPersistentModelIndex


def describe(choice: ContactChoice, cluster_name: ClusterName) -> str:
    """A contact as the suggestions show it: enough to tell two of the same name apart."""
    more = ", ".join(x for x in (choice.role, choice.organisation) if x)
    cluster = cluster_name(choice.cluster_id)[0]
    return (choice.name + (f" · {more}" if more else "")
            + (f" — {cluster}" if cluster else ""))


class ContactChoices(QAbstractListModel):
    """The contacts suggested for what was typed."""

    def __init__(self, cluster_name: ClusterName, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cluster_name = cluster_name
        self.choices: list[ContactChoice] = []

    def set_choices(self, choices: list[ContactChoice]) -> None:
        """Show these contacts, in this order, in place of those before."""
        self.beginResetModel()
        self.choices = choices
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Qt: one row per contact suggested."""
        return 0 if parent.isValid() else len(self.choices)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt: a contact as the suggestions show it (name · role, organisation — cluster), its name
        to put in the field (edit role), and its uid (:data:`UidRole`)."""
        if not index.isValid() or not 0 <= index.row() < len(self.choices):
            return None
        choice = self.choices[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return describe(choice, self.cluster_name)
        if role == Qt.ItemDataRole.EditRole:
            return choice.name
        if role == UidRole:
            return choice.uid
        return None


class ContactPicker(QWidget):
    """A field for the contact a note is about (empty: nobody), with suggestions as you type
    and a button that lists them without typing.

    Signals:
        chosen(): the user linked the note to another contact, or to nobody (:attr:`uid`
            holds it now).
    """

    chosen = Signal()

    def __init__(self, listing: Listing, cluster_name: ClusterName,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.listing = listing
        self.cluster_name = cluster_name
        self.cluster_id: str | None = None
        #: The contact linked now (None: nobody), and its name as the field shows it.
        self.uid: str | None = None
        self._name = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.field = QLineEdit(self)
        self.field.setAccessibleName(_("The contact this note is about"))
        self.field.setPlaceholderText(_("nobody in particular — type a name to link a contact"))
        self.field.setClearButtonEnabled(True)
        self.field.setToolTip(_("Type a few letters of a name and choose; empty: nobody"))
        layout.addWidget(self.field, 1)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setAccessibleName(_("List contacts to choose from"))
        self.button.setToolTip(_("List contacts to choose from (the note's cluster's first)"))
        layout.addWidget(self.button)
        self.model = ContactChoices(cluster_name, self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.completer.setWidget(self.field)
        popup = self.completer.popup()
        assert popup is not None  # QCompleter makes its popup list at once
        self.popup: QAbstractItemView = popup
        self.popup.setAccessibleName(_("Contacts to choose from"))
        self.completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.field.textEdited.connect(self._typed)
        self.field.editingFinished.connect(self._settle)
        self.button.clicked.connect(lambda: self.suggest(""))

    # -- what it shows --------------------------------------------------------------------

    def show_contact(self, uid: str | None) -> None:
        """Show the contact *uid* (None or gone: nobody) without saying it was chosen."""
        try:
            choice = self.listing.contact_choice(uid)
        except MxdeskError:
            choice = None
        self.uid = choice.uid if choice else None
        self._name = choice.name if choice else ""
        self.field.setText(self._name)
        self.field.setToolTip(plain_tip(describe(choice, self.cluster_name)) if choice else
                              _("Type a few letters of a name and choose; empty: nobody"))

    def set_read_only(self, read_only: bool) -> None:
        """Let the field be read but not changed, and the list button not open."""
        self.field.setReadOnly(read_only)
        self.button.setEnabled(not read_only)

    def has_focus_inside(self) -> bool:
        """Whether the user is in the field or its list of suggestions."""
        return self.field.hasFocus() or self.popup.isVisible()

    # -- choosing -------------------------------------------------------------------------

    def suggest(self, typed: str) -> None:
        """List the contacts for *typed* under the field (hidden when there are none)."""
        try:
            found = self.listing.contact_choices(typed, self.cluster_id, SHOWN)
        except MxdeskError:
            found = []
        self.model.set_choices(found)
        if not found or self.field.isReadOnly():
            self.popup.hide()
            return
        if not self.field.hasFocus():
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)
        # Wide enough for a name, role and cluster (within reason), not only the field.
        rect = self.field.rect()
        wanted = (self.popup.sizeHintForColumn(0)
                  + self.popup.verticalScrollBar().sizeHint().width() + 12)
        rect.setWidth(max(rect.width(), min(wanted, POPUP_MAX_WIDTH)))
        self.completer.complete(rect)

    def _typed(self, text: str) -> None:
        if text.strip():
            self.suggest(text)
        else:  # emptied: nobody, once typing ends (the button lists them all)
            self.popup.hide()

    def _activated(self, index: QModelIndex) -> None:
        uid = index.data(UidRole)
        if uid:
            self._choose(self.listing.contact_choice(str(uid)))

    def _choose(self, choice: ContactChoice | None) -> None:
        self.popup.hide()
        changed = (choice.uid if choice else None) != self.uid
        self.uid = choice.uid if choice else None
        self._name = choice.name if choice else ""
        self.field.setText(self._name)
        if choice:
            self.field.setToolTip(plain_tip(describe(choice, self.cluster_name)))
        if changed:
            self.chosen.emit()

    def _settle(self) -> None:
        """Typing ends (Return, or the field left): an empty field is nobody; a name that one
        contact alone has is that contact; anything else goes back to the one linked."""
        if self.popup.isVisible():
            return  # choosing from the list: its activation decides
        text = " ".join(self.field.text().split())
        if text == self._name:
            return
        if not text:
            self._choose(None)
            return
        same = [c for c in self.listing.contact_choices(text, self.cluster_id, SHOWN)
                if c.name.casefold() == text.casefold()]
        if len(same) == 1:
            self._choose(same[0])
        else:
            self.field.setText(self._name)
