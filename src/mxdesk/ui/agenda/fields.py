"""Pieces of the mission and meeting dialogs: the zone chooser (Mexico's zones and the home
zone, any IANA name typed), lists of clusters or contacts chosen one at a time, and the
mark on a field whose value was refused."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimeZone, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import N_, _
from mxdesk.core.notes import NotesStore
from mxdesk.core.notes.listing import Listing
from mxdesk.core.zones import ZoneError, utc_offset, zone, zone_names
from mxdesk.ui.messages import plain_tip
from mxdesk.ui.notes.cluster_field import ClusterField
from mxdesk.ui.notes.contact_picker import ContactPicker
from mxdesk.ui.notes.marked import REFUSED
from mxdesk.ui.notes.models import ClusterNames

log = logging.getLogger("mxdesk.ui")

#: Mexico's zones (tzdata's zone1970.tab, as core/zones.py follows it), each with where it
#: is kept, in the order the chooser lists them: the most used first (the places marked,
#: translated where shown: ``_(MEXICO_ZONES[name])``).
MEXICO_ZONES: dict[str, str] = {
    "America/Mexico_City": N_("central Mexico: most states"),
    "America/Monterrey": N_("Coahuila, Durango, Nuevo León, Tamaulipas (most)"),
    "America/Matamoros": N_("Coahuila, Nuevo León, Tamaulipas on the US border"),
    "America/Cancun": N_("Quintana Roo"),
    "America/Merida": N_("Campeche, Yucatán"),
    "America/Chihuahua": N_("Chihuahua (most)"),
    "America/Ciudad_Juarez": N_("Chihuahua: Ciudad Juárez and the US border west"),
    "America/Ojinaga": N_("Chihuahua: Ojinaga and the US border east"),
    "America/Mazatlan": N_("Baja California Sur, Nayarit (most), Sinaloa"),
    "America/Bahia_Banderas": N_("Nayarit: Bahía de Banderas"),
    "America/Hermosillo": N_("Sonora"),
    "America/Tijuana": N_("Baja California"),
}
#: The home zone offered when the computer's own zone is no IANA name, or is UTC (a server
#: or a machine never set up): central European time, where most of mxdesk's users live.
FALLBACK_HOME_ZONE = "Europe/Madrid"


def system_home_zone() -> str:
    """The computer's own IANA zone ("Europe/Berlin"), or :data:`FALLBACK_HOME_ZONE` when it
    has none, or only UTC."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    if name in zone_names() and not name.startswith(("Etc/", "UTC", "GMT", "Universal",
                                                     "Zulu")):
        return name
    return FALLBACK_HOME_ZONE


def mark(widget: QWidget, message: str) -> None:
    """Show that *widget*'s value was refused: a red border, and *message* as its
    accessible description and tool tip."""
    widget.setStyleSheet(f"border: 2px solid {REFUSED}; border-radius: 3px;")
    widget.setAccessibleDescription(message)
    widget.setToolTip(plain_tip(message))
    widget.setProperty("refused", True)


def refusal_label(parent: QWidget) -> QLabel:
    """The hidden line under a dialog's fields that says, in the refusal colour, why a save
    was refused (the meeting and mission dialogs show it with :meth:`QLabel.setText`)."""
    label = QLabel(parent)
    label.setStyleSheet(f"color: {REFUSED};")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


def unmark(widget: QWidget) -> None:
    """Take :func:`mark` back."""
    if widget.property("refused"):
        widget.setStyleSheet("")
        widget.setAccessibleDescription("")
        widget.setToolTip("")
        widget.setProperty("refused", False)


def to_date(value: QDate) -> dt.date:
    """A QDate as a date."""
    return dt.date(value.year(), value.month(), value.day())


def to_qdate(value: dt.date) -> QDate:
    """A date as a QDate."""
    return QDate(value.year, value.month, value.day)


class ZoneChooser(QWidget):
    """An editable list of zones (Mexico's, then the home zone) over one line saying where
    the chosen one is kept and its offset on the day (:meth:`set_day`); any IANA name may
    be typed. :meth:`zone` is the text as typed (the record checks it).

    Signals:
        chosenByUser(): the user picked or typed a zone (not :meth:`set_zone`).
    """

    chosenByUser = Signal()

    def __init__(self, home_zone: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        self.combo = QComboBox(self)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setAccessibleName(_("Time zone"))
        self.combo.setToolTip(_("The time zone of the place (an IANA name, such as "
                                "America/Monterrey); preset from the cluster's state and the "
                                "place"))
        for name, where in MEXICO_ZONES.items():
            self.combo.addItem(name)
            self.combo.setItemData(self.combo.count() - 1, _(where),
                                   Qt.ItemDataRole.ToolTipRole)
        if home_zone and home_zone not in MEXICO_ZONES:
            self.combo.insertSeparator(self.combo.count())
            self.combo.addItem(home_zone)
            self.combo.setItemData(self.combo.count() - 1, _("the mission's home zone"),
                                   Qt.ItemDataRole.ToolTipRole)
        self.note = QLabel(self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        note_font = self.note.font()
        note_font.setPointSizeF(note_font.pointSizeF() * 0.9)
        self.note.setFont(note_font)
        layout.addWidget(self.combo)
        layout.addWidget(self.note)
        self._day = dt.date.today()
        self._setting = False
        self.combo.currentTextChanged.connect(self._changed)

    def zone(self) -> str:
        """The zone as chosen or typed (trimmed)."""
        return self.combo.currentText().strip()

    def set_zone(self, name: str) -> None:
        """Show *name* (not told as the user's choice)."""
        self._setting = True
        try:
            self.combo.setCurrentText(name)
        finally:
            self._setting = False
        self._describe()

    def set_day(self, day: dt.date) -> None:
        """The day whose offset the line under the list says."""
        self._day = day
        self._describe()

    def _changed(self, _text: str) -> None:
        unmark(self.combo)
        self._describe()
        if not self._setting:
            self.chosenByUser.emit()

    def _describe(self) -> None:
        name = self.zone()
        noon = dt.datetime.combine(self._day, dt.time(12))
        try:
            offset = utc_offset(name, noon)
        except ZoneError:
            self.note.setText(_("not a time zone name (such as America/Monterrey)"))
            return
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "−"
        hours, rest = divmod(abs(minutes), 60)
        abbrev = noon.replace(tzinfo=zone(name)).tzname() or name
        where = MEXICO_ZONES.get(name, "")
        # Translators: under the time zone chooser: {abbreviation} "CST", {offset} "UTC−06:00".
        said = _("{abbreviation}, {offset} that day").format(
            abbreviation=abbrev, offset=f"UTC{sign}{hours:02d}:{rest:02d}")
        self.note.setText(said + (f" — {_(where)}" if where else ""))


class ChosenList(QWidget):
    """Records chosen one at a time: a short list (Delete or − takes one off) over the field
    that finds them. Subclasses say how a record is found and named.

    Signals:
        changed(): a record was added or taken off.
    """

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.list = QListWidget(self)
        self.list.setAccessibleName(name)
        self.list.setMaximumHeight(self.list.fontMetrics().height() * 3 + 10)
        row = QHBoxLayout()
        row.setSpacing(2)
        self.row = row
        self.remove_button = QPushButton("−", self)
        # Translators: {list} is the list's name in lower case ("clusters met").
        self.remove_button.setToolTip(_("Take the one selected off the {list}").format(
            list=name.lower()))
        self.remove_button.setAccessibleName(_("Remove from {list}").format(list=name.lower()))
        self.remove_button.setFixedWidth(self.remove_button.fontMetrics().horizontalAdvance(
            "−") + 24)
        self.remove_button.clicked.connect(lambda _checked=False: self.remove_current())
        top = QHBoxLayout()
        top.setSpacing(2)
        top.addWidget(self.list, 1)
        top.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        layout.addLayout(row)

    def chosen(self) -> tuple[str, ...]:
        """The records chosen (ids or uids), in order."""
        return tuple(str(self.list.item(n).data(Qt.ItemDataRole.UserRole))
                     for n in range(self.list.count()))

    def add(self, key: str, name: str) -> None:
        """Add the record *key*, shown as *name* (nothing when it is there already)."""
        if not key or key in self.chosen():
            return
        item = QListWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setToolTip(plain_tip(name))
        self.list.addItem(item)
        self.changed.emit()

    def remove_current(self) -> None:
        """Take the selected record off."""
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Qt: Delete takes the selected record off."""
        if event.key() == Qt.Key.Key_Delete and self.list.hasFocus():
            self.remove_current()
            return
        super().keyPressEvent(event)


class ClusterList(ChosenList):
    """The clusters of a meeting: typed in the cluster field (as a contact's cluster is) and
    added when chosen from its list or on Enter."""

    def __init__(self, names: ClusterNames, parent: QWidget | None = None) -> None:
        super().__init__(_("Clusters met"), parent)
        self.names = names
        self.field = ClusterField(names, self)
        self.field.edit.setPlaceholderText(_("type a cluster's name, choose it to add it"))
        self.field.edit.setAccessibleName(_("Add a cluster"))
        self.row.addWidget(self.field, 1)
        self.field.picked.connect(self._take)
        self.field.edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt: Enter in the field with a name typed adds that cluster, and goes no further
        (the dialog's Save is Enter in any other field)."""
        if watched is self.field.edit and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and self.field.edit.text().strip() and not self.field.choosing():
            self._take()
            return True
        return super().eventFilter(watched, event)

    def _take(self) -> None:
        text = self.field.edit.text()
        if not text.strip():
            return
        cluster_id = self.field.cluster_id(text)
        if cluster_id is None:
            self.field.mark(self.field.problem(text) or _("no such cluster"))
            return
        self.add(cluster_id, self.names(cluster_id)[0])
        self.field.edit.clear()
        self.field.unmark()

    def add_id(self, cluster_id: str) -> None:
        """Add the cluster *cluster_id*, named as the directory names it."""
        self.add(cluster_id, self.names(cluster_id)[0])


class ContactList(ChosenList):
    """The contacts met: found with the notes' contact picker, added when chosen."""

    def __init__(self, store: NotesStore, names: ClusterNames,
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Contacts met"), parent)
        self.store = store
        self.picker = ContactPicker(Listing(store), names, self)
        self.picker.field.setPlaceholderText(_("type a name, choose it to add the contact"))
        self.picker.field.setAccessibleName(_("Add a contact"))
        self.row.addWidget(self.picker, 1)
        self.picker.chosen.connect(self._take)

    def _take(self) -> None:
        uid = self.picker.uid
        if uid:
            self.add_uid(uid)
        self.picker.show_contact(None)

    def add_uid(self, uid: str) -> None:
        """Add the contact *uid* under its name (its uid when it is gone)."""
        self.add(uid, contact_name(self.store, uid))


def contact_name(store: NotesStore, uid: str) -> str:
    """A contact's name by uid; "(a deleted contact)" when there is none."""
    try:
        found = store.contact_by_uid(uid)
    except MxdeskError as exc:
        log.warning("contact %s not read: %s", uid, exc)
        found = None
    return found.name if found is not None else _("(a deleted contact)")
