"""The contact form's cluster field: a cluster's name typed (accents and case optional) or
chosen from the names that complete it, found by the one cluster that owns it whole."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QWidget,
)

from mxdesk.core import i18n
from mxdesk.core.errors import AmbiguousNameError, MxdeskError, NotFoundError
from mxdesk.core.i18n import _, ngettext
from mxdesk.core.text import fold
from mxdesk.ui.notes.marked import MarkedField
from mxdesk.ui.notes.models import ClusterNames

#: Names the pop-up offers at most (the first in list order): a few screenfuls.
MAX_OFFERED = 50


class ClusterField(MarkedField):
    """A cluster typed by its name, acronym or id, or chosen from the pop-up that completes
    what is typed (every word starts a word of a cluster's name, acronym or id); empty for
    none. Text that names no cluster, or several, is never replaced: it stays, marked.

    Signals:
        picked(): a cluster's name was chosen from the pop-up (the field holds it).
    """

    picked = Signal()

    def __init__(self, clusters: ClusterNames, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clusters = clusters
        self.edit.setPlaceholderText(_("the cluster you met them at"))
        self.edit.setToolTip(_("Type the cluster's name or acronym (accents optional) and "
                               "choose it from the list. Leave it empty for none."))
        #: (name, the folded keys it is found by), read on the first focus: with 100,000
        #: clusters no form pays for them before someone types here.
        self._choices: list[tuple[str, str]] | None = None
        self.names = QStringListModel(self)
        self.completer = QCompleter(self.names, self)
        # Filtered here (accents, word starts); the pop-up shows what it is given.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(10)
        self.completer.setWidget(self.edit)
        # (the text overload: the stubs do not know a signal can be indexed)
        self.completer.activated[str].connect(self._chosen)  # type: ignore[index]
        self.edit.installEventFilter(self)
        self.edit.textEdited.connect(self._typed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt: read the clusters' names on the field's first focus; hide the pop-up when the
        focus leaves for another field. Never stops an event."""
        if watched is self.edit and event.type() == QEvent.Type.FocusIn:
            self._load()
        elif (watched is self.edit and event.type() == QEvent.Type.FocusOut
              and isinstance(event, QFocusEvent)
              and event.reason() != Qt.FocusReason.PopupFocusReason):
            # Left for another field: the names offered go (what is typed is finished).
            self.hide_popup()
        return False

    def _load(self) -> None:
        if self._choices is None:
            self._choices = [(name, f" {keys}") for _id, name, keys
                             in self.clusters.directory.cluster_choices()]

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # QCompleter makes its list view when first asked
        return popup

    def choosing(self) -> bool:
        """Whether the pop-up of names is open (what is typed is not finished)."""
        return self._popup().isVisible()

    def offered(self, text: str) -> list[str]:
        """The names offered for *text*: those of the clusters with a name, acronym or id in
        which every typed word starts a word, ignoring case and accents."""
        self._load()
        assert self._choices is not None
        parts = [f" {part}" for part in fold(text).split()]
        if not parts:
            return []
        found: list[str] = []
        for name, keys in self._choices:
            if all(part in keys for part in parts):
                found.append(name)
                if len(found) == MAX_OFFERED:
                    break
        return found

    def _typed(self, text: str) -> None:
        names = self.offered(text)
        self.names.setStringList(names)
        if names and self.edit.hasFocus():
            self.completer.complete()
            # Nothing chosen until the user moves into the list (Down, then Enter).
            self._popup().setCurrentIndex(QModelIndex())
        else:
            self._popup().hide()
        # Corrected: the mark goes at once (a wrong one comes back when it is saved).
        if self.marked() and self.problem(text) is None:
            self.unmark()

    def _chosen(self, name: str) -> None:
        self.edit.setText(name)
        self.unmark()
        self.picked.emit()

    def cluster_id(self, text: str) -> str | None:
        """The id of the one cluster that owns *text* whole (its id, name, acronym or an
        alias); None when none or several do."""
        if not text.strip():
            return None
        try:
            return self.clusters.directory.resolve(text, "cluster", partial=False).id
        except MxdeskError:
            return None

    def problem(self, text: str) -> str | None:
        """Why *text* names no cluster, in a few words; None when it names one (or is
        empty)."""
        if not text.strip():
            return None
        try:
            self.clusters.directory.resolve(text, "cluster", partial=False)
        except AmbiguousNameError as exc:
            count = len(exc.candidates)
            return ngettext("{n} cluster is called “{name}”", "{n} clusters are called “{name}”",
                            count).format(n=i18n.number(count), name=text.strip())
        except NotFoundError:
            return _("no cluster is called “{name}”").format(name=text.strip())
        except MxdeskError as exc:
            return str(exc)
        return None

    def hide_popup(self) -> None:
        """Hide the names offered (the field keeps what is typed)."""
        self._popup().hide()



