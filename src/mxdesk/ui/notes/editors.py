"""The contact and note forms: which fields each record shows and how, on the autosave base
(:mod:`mxdesk.ui.notes.autosave`)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from PySide6.QtCore import (
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core.i18n import N_, _
from mxdesk.core.notes import (
    Contact,
    Note,
    NotesStore,
    SaveResult,
)
from mxdesk.core.notes.listing import Listing
from mxdesk.ui.messages import plain_tip
from mxdesk.ui.notes.autosave import (
    _Editor,
)
from mxdesk.ui.notes.cluster_field import ClusterField
from mxdesk.ui.notes.contact_picker import ContactPicker
from mxdesk.ui.notes.dates import (
    DateField,
    date_ways,
    is_iso_date,
    parse_date,
    show_date,
)
from mxdesk.ui.notes.delegations import DelegationBoxes
from mxdesk.ui.notes.models import (
    ClusterName,
    ClusterNames,
)
from mxdesk.ui.notes.points_editor import EMAIL_TYPES, PHONE_TYPES, PointsEditor


def _shown(key: str, value: object) -> str:
    """A contact field's value as its line edit shows it."""
    if key == "tags":
        return ", ".join(map(str, value))  # type: ignore[call-overload]
    if key == "met_on":
        return show_date(str(value or ""))
    return str(value or "")


class ContactEditor(_Editor):
    """A contact's fields; every change is saved without a Save button. E-mail addresses and
    phone numbers are rows of their own (:class:`PointsEditor`), each with its type.

    Besides those of :class:`_Editor` (saved, failed, conflicted, told, blankChanged):

    Signals:
        sharedChanged(): the contact was chosen to share with a delegation, or no longer.
    """

    sharedChanged = Signal()

    #: (field, its label): English, marked, translated where shown.
    FIELDS = (("name", N_("Name")), ("role", N_("Role")), ("organisation", N_("Organisation")),
              ("cluster_id", N_("Cluster")), ("met_where", N_("Met where")),
              ("met_on", N_("Met on")), ("tags", N_("Tags")))
    #: Each field's accessible name.
    ACCESSIBLE: ClassVar[dict[str, str]] = {
        "name": N_("Contact name"), "role": N_("Contact role"),
        "organisation": N_("Contact organisation"), "cluster_id": N_("Contact cluster"),
        "met_where": N_("Contact met where"), "met_on": N_("Contact met on"),
        "tags": N_("Contact tags")}
    MARKED_IN_PLACE = frozenset({"met_on", "cluster_id"})
    #: (field, one of them, types offered, placeholder), shown after the organisation: a
    #: row of the form each, its type where a label goes.
    POINTS = (("emails", "e-mail address", EMAIL_TYPES, "name@example.org"),
              ("phones", "phone number", PHONE_TYPES, "+52 55 1234 5678"))

    def __init__(self, store: NotesStore, clusters: ClusterNames,
                 parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.contact: Contact | None = None
        self.clusters = clusters
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.notice)
        # The form scrolls when the window is short (a contact with many addresses), so it
        # never pushes the window taller than the screen.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Sideways too, when a large text size makes the form wider than its room: never cut off.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
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
        #: Cluster: the one the contact belongs to, typed or chosen by its name.
        self.cluster_field = ClusterField(clusters, page)
        self.cluster_field.picked.connect(self._committed)
        marked = {"met_on": self.date_field, "cluster_id": self.cluster_field}
        for key, title in self.FIELDS:
            row: QWidget | None = marked.get(key)
            field = row.edit if isinstance(row, DateField | ClusterField) else QLineEdit(page)
            field.setAccessibleName(_(self.ACCESSIBLE[key]))
            self.fields[key] = field
            # Translators: a form's label: "Name:", "Role:"…
            form.addRow(_("{label}:").format(label=_(title)), row or field)
            self._watch(field)
            if key == "organisation":
                before: QWidget = field
                for name, noun, choices, hint in self.POINTS:
                    rows = PointsEditor(noun, choices, hint, self._watch, form, before, page)
                    rows.edited.connect(self._changed)
                    rows.committed.connect(self._committed)
                    self.points[name] = rows
                    before = rows.add_button
        cluster = self.fields["cluster_id"]
        # A name being typed is saved when it is finished (Enter, a choice, leaving the
        # field), never on a pause: half a name would be marked as no cluster, and a
        # contact moved to another cluster leaves the cluster panel's list.
        cluster.textEdited.disconnect(self._changed)
        cluster.textEdited.connect(self._cluster_typed)
        cluster.editingFinished.connect(self._committed)
        self.fields["tags"].setPlaceholderText(_("comma-separated, e.g. automotive, follow-up"))
        self.comment = QPlainTextEdit(page)
        self.comment.setAccessibleName(_("Contact comment"))
        self.comment.setPlaceholderText(_("What was said, what to do next…"))
        self.comment.setMinimumHeight(self.comment.fontMetrics().lineSpacing() * 4)
        form.addRow(_("Comment:"), self.comment)
        self._watch(self.comment)
        #: The delegations the contact is shared with: a box per mission linked to a server
        #: (the row is hidden when none is).
        self.delegations = DelegationBoxes(store, page)
        self.delegations.changed.connect(self.sharedChanged)
        form.addRow(_("Shared with:"), self.delegations)
        self._form = form
        form.setRowVisible(self.delegations, False)

    def _committed(self) -> None:
        """A type chosen, an address removed or made preferred: saved at once."""
        if not self._loading:
            self.dirty = True
            self.flush()

    def _cluster_typed(self, _text: str) -> None:
        if not self._loading:
            self.dirty = True

    def _shown(self, key: str, value: object) -> str:
        """A field's value as its line edit shows it: a cluster by its name."""
        if key != "cluster_id":
            return _shown(key, value)
        if not value:
            return ""
        name, gone = self.clusters(str(value))
        base = self.base
        if gone and not (isinstance(base, Contact) and base.cluster_id == value):
            return str(value)  # typed, naming no one cluster: shown as typed
        return name

    def _cluster_value(self, text: str) -> str | None:
        """The cluster typed: its id; the base's when the field shows that (a cluster the
        directory no longer has included); None for none; else the text as typed (refused,
        :meth:`_invalid`)."""
        base = self.base
        stored = base.cluster_id if isinstance(base, Contact) else None
        if text == self._shown("cluster_id", stored):
            return stored
        if not text:
            return None
        return self.cluster_field.cluster_id(text) or text

    def _fill(self, contact: Contact | Note | None) -> None:
        assert contact is None or isinstance(contact, Contact)
        self.contact = contact
        for key, field in self.fields.items():
            field.setText("" if contact is None else self._shown(key, getattr(contact, key)))
            field.setCursorPosition(0)  # a value longer than the field shows its start
            field.setEnabled(contact is not None)
        self.date_field.sync()
        for key, rows in self.points.items():
            rows.set_points(getattr(contact, key) if contact else ())
            rows.set_enabled(contact is not None)
        self.comment.setPlainText(contact.comment if contact else "")
        self.comment.setEnabled(contact is not None)
        self._form.setRowVisible(self.delegations, self.delegations.show_for(contact))

    def _values(self) -> dict[str, object]:
        values: dict[str, object] = {key: field.text().strip()
                                     for key, field in self.fields.items()}
        # The date as the notes keep it (ISO), or as typed when it is no date (refused).
        met_on = parse_date(str(values["met_on"]))
        if met_on is not None:
            values["met_on"] = met_on
        values["cluster_id"] = self._cluster_value(str(values["cluster_id"]))
        values["tags"] = tuple(t.strip() for t in str(values["tags"]).replace(";", ",")
                               .split(",") if t.strip())
        for key, rows in self.points.items():
            values[key] = rows.points()
        values["comment"] = self.comment.toPlainText()
        return values

    def changes(self) -> dict[str, object]:
        """The fields typed since the contact was loaded or saved: name -> value (tags as a
        tuple, e-mails and phones as tuples of :class:`ContactPoint`); {} with no contact."""
        base = self.base
        if not isinstance(base, Contact):
            return {}
        return {key: value for key, value in self._values().items()
                if (sorted(map(str, value)) != sorted(base.tags)  # type: ignore[call-overload]
                    if key == "tags"
                    else (value or None) != (base.cluster_id or None) if key == "cluster_id"
                    else value != (getattr(base, key) or ("" if isinstance(value, str)
                                                          else ())))}

    def _show_values(self, record: Contact | Note, only: set[str] | None = None) -> None:
        assert isinstance(record, Contact)
        self.contact = record
        for key, field in self.fields.items():
            if only is not None and key not in only:
                continue
            field.setText(self._shown(key, getattr(record, key)))
            field.setCursorPosition(0)
        for key, rows in self.points.items():
            if only is None or key in only:
                rows.set_points(getattr(record, key))
        if only is None or "comment" in only:
            self.comment.setPlainText(record.comment)

    def _take(self, record: Contact | Note, result: SaveResult | None = None) -> None:
        super()._take(record, result)
        # A cluster typed by its acronym or id, once saved and left, shows its name.
        cluster = self.fields["cluster_id"]
        if (isinstance(record, Contact) and record.cluster_id and not cluster.hasFocus()
                and cluster.text() != self._shown("cluster_id", record.cluster_id)
                and self.cluster_field.cluster_id(cluster.text()) == record.cluster_id):
            self._loading = True
            try:
                cluster.setText(self._shown("cluster_id", record.cluster_id))
                cluster.setCursorPosition(0)
            finally:
                self._loading = False

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
                self.fields[key].setText(self._shown(key, value))

    def _invalid(self, changes: dict[str, object]) -> dict[str, str]:
        invalid = {}
        met_on = str(changes.get("met_on", "") or "")
        if met_on and not is_iso_date(met_on):
            invalid["met_on"] = _("“{text}” is not a date ({ways}): "
                                  "“Met on” was not changed; the rest is saved.").format(
                text=met_on, ways=date_ways())
        cluster = str(changes.get("cluster_id", "") or "")
        why = self.cluster_field.problem(cluster) if cluster else None
        if why and not self.clusters.directory.existing_ids("cluster", [cluster]):
            invalid["cluster_id"] = _("{why}: “Cluster” was not "
                                      "changed; the rest is saved.").format(
                why=why[0].upper() + why[1:])
        return invalid

    def _mark(self, invalid: dict[str, str]) -> None:
        if "cluster_id" in invalid:
            # Not while its names are offered: the pop-up covers the line, and what is
            # typed is not finished (it is marked when it is).
            if not self.cluster_field.choosing():
                why = self.cluster_field.problem(self.fields["cluster_id"].text()) or "?"
                self.cluster_field.mark(_("{why}: choose one from the list (type part of its "
                                          "name), or leave it empty.").format(
                    why=why[0].upper() + why[1:]))
        else:
            self.cluster_field.unmark()
        if "met_on" in invalid:
            today = dt.date.today().isoformat()
            self.date_field.mark(_("Not a date: type {ways} "
                                   "(e.g. {example}), or choose it with ▾.").format(
                ways=date_ways(), example=show_date(today)))
        else:
            self.date_field.unmark()

    def set_read_only(self, reason: str) -> None:
        """Make every field, date, cluster and address row read-only and say why (*reason*; ""
        to allow writing again)."""
        super().set_read_only(reason)
        self.date_field.sync()
        self.cluster_field.hide_popup()
        self.delegations.set_read_only(reason)
        for rows in self.points.values():
            rows.set_read_only(reason)


class NoteEditor(_Editor):
    """A note's text, saved as you type, the contact it is about, and whether it is shared
    with the delegation (only a note about a contact can be: it travels with that contact to
    the mission's shared address book; every other note stays on this computer).

    Signals: those of :class:`_Editor` (saved, failed, conflicted, told, blankChanged).
    """

    def __init__(self, store: NotesStore, cluster_name: ClusterName,
                 parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.note: Note | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        about = QHBoxLayout()
        about.addWidget(QLabel(_("About:"), self))
        self.about = ContactPicker(Listing(store), cluster_name, self)
        self.about.chosen.connect(self._contact_changed)
        self.about.field.installEventFilter(self.undo_router)
        about.addWidget(self.about, 1)
        layout.addLayout(about)
        #: Ticked: the note goes with its contact to the delegation's address book.
        self.shared = QCheckBox(_("Shared with the delegation"), self)
        self.shared.setAccessibleName(_("Share this note with the delegation"))
        # clicked, not toggled: only the user's click is an edit, never a note being shown.
        self.shared.clicked.connect(self._shared_clicked)
        layout.addWidget(self.shared)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName(_("Note text"))
        self.text.setPlaceholderText(_("Write your note; it is saved as you type."))
        layout.addWidget(self.text)
        self._watch(self.text)
        self._read_only = ""
        self._sharable()

    def _sharable(self) -> None:
        """The box can be ticked only for a note about a contact, in notes that can be
        written; its tool tip says what sharing does, or why it cannot be done here."""
        if self._read_only:
            why = _("Read-only: {reason}").format(reason=self._read_only)
        elif self.note is None:
            why = _("Choose or add a note first.")
        elif self.about.uid is None:
            why = _("Only a note about a contact can be shared: choose the contact it is "
                    "about above. A note about a cluster alone, or about nobody, stays on "
                    "this computer.")
        else:
            why = ""
        self.shared.setEnabled(not why)
        self.shared.setToolTip(plain_tip(why or _(
            "A shared note about a contact travels with that contact to the mission's shared "
            "address book, for the whole delegation to read. Your other notes stay on this "
            "computer.")))

    def _fill(self, note: Contact | Note | None) -> None:
        assert note is None or isinstance(note, Note)
        self.note = note
        self.text.setPlainText(note.body if note else "")
        self.text.setEnabled(note is not None)
        self.about.cluster_id = note.cluster_id if note else None
        self.about.show_contact(note.contact_uid if note else None)
        self.about.setEnabled(note is not None)
        self.shared.setChecked(bool(note and note.shared))
        self._sharable()

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
        if "shared" in changes:
            self.shared.setChecked(bool(changes["shared"]))
        self._sharable()

    def _contact_changed(self) -> None:
        if self.about.uid is None:
            # About nobody now: no longer shared. Linked again, it is shared only when
            # ticked again.
            self.shared.setChecked(False)
        self._sharable()
        self.dirty = True
        self.flush()

    def _shared_clicked(self, _checked: bool) -> None:
        """The user ticked or cleared the box (Qt's clicked(bool)): saved at once, like a
        contact chosen; :meth:`changes` reads the box."""
        self.dirty = True
        self.flush()

    def changes(self) -> dict[str, object]:
        """What was changed since the note was loaded or saved: ``body`` (its text),
        ``contact_uid`` (the contact it is about, None: nobody) and ``shared`` (a bool);
        {} with no note."""
        base = self.base
        if not isinstance(base, Note):
            return {}
        values = {"body": self.text.toPlainText(), "contact_uid": self.about.uid}
        found: dict[str, object] = {k: v for k, v in values.items()
                                    if (v or None) != (getattr(base, k) or None)}
        if self.shared.isChecked() != base.shared:
            found["shared"] = self.shared.isChecked()
        return found

    def _show_values(self, record: Contact | Note, only: set[str] | None = None) -> None:
        assert isinstance(record, Note)
        self.note = record
        if only is None or "body" in only:
            self.text.setPlainText(record.body)
        if only is None or "contact_uid" in only:
            self.about.show_contact(record.contact_uid)
        if only is None or "shared" in only:
            self.shared.setChecked(record.shared)
        self._sharable()

    def set_read_only(self, reason: str) -> None:
        """Make the text, the contact field and the shared box read-only and say why
        (*reason*; "" to allow writing again)."""
        super().set_read_only(reason)
        self.about.set_read_only(bool(reason))
        self.about.setEnabled(self.note is not None)
        self._read_only = reason
        self._sharable()
