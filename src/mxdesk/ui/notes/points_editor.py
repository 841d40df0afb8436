"""A contact's e-mail addresses or phone numbers as rows of its form, as an address book
shows them.

Each address is a row of the contact's form: its type in the label column (work, home, mobile,
other, or what the file brought), then its value, a star that makes it the preferred one (the
first row is) and a button that removes it; a button below the last adds a row. Typing is saved
as in every field (after a pause, or on leaving); choosing a type, removing a row or making one
preferred is saved at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from mxdesk.core.i18n import N_, _
from mxdesk.core.notes import ContactPoint
from mxdesk.ui.messages import plain_tip

#: The types offered for an e-mail address and for a phone number: (vCard TYPE values, what
#: the user reads). The first is what a new row gets.
Choices = tuple[tuple[tuple[str, ...], str], ...]
#: (The labels are English, marked: translated where shown.)
EMAIL_TYPES: Choices = ((("work",), N_("work")), (("home",), N_("home")),
                        (("other",), N_("other")))
PHONE_TYPES: Choices = ((("cell",), N_("mobile")), (("work",), N_("work")), (("home",), N_("home")),
                        (("other",), N_("other")))
#: Every type the two lists offer, as the user reads them: the type boxes of both are as wide
#: as the widest of these, so the e-mail rows and the phone rows line up.
USUAL_LABELS: tuple[str, ...] = tuple(dict.fromkeys(
    label for _types, label in (*EMAIL_TYPES, *PHONE_TYPES)))
#: vCard TYPE values said in the user's words.
_WORDS = {"cell": N_("mobile"), "fax": N_("fax")}
#: Values that say nothing a person needs beside another type: every address is "internet",
#: a telephone's "voice" goes without saying, and the preferred one is the first row.
_IMPLIED = frozenset({"internet", "pref", "voice", "x400"})
#: The preferred row's ★, in a gold that reads on light and dark backgrounds. Set through the
#: button's palette, not a style sheet: a style sheet would fix its font, and the ★ would not
#: grow with View ▸ Larger text.
_PREFERRED_COLOUR = "#b8860b"


#: What the rows of each kind of address say (*noun* of :class:`PointsEditor` → what → text):
#: whole sentences for each kind, so that a translation can agree with the noun.
WORDING: dict[str, dict[str, str]] = {
    "e-mail address": {
        "add": N_("+ Add e-mail address"),
        "add_name": N_("Add an e-mail address"),
        "add_tip": N_("Another e-mail address for this contact"),
        "name": N_("E-mail address {number}"),
        "preferred_name": N_("E-mail address {number} (preferred)"),
        "type_name": N_("Type of e-mail address {number}"),
        "type_tip": N_("What kind of e-mail address this is"),
        "remove_name": N_("Remove e-mail address {number}"),
        "remove_tip": N_("Remove this e-mail address"),
        "is_preferred": N_("E-mail address {number} is the preferred one"),
        "make_preferred": N_("Make e-mail address {number} the preferred one"),
        "preferred_tip": N_("The preferred e-mail address: listed first, and marked so in "
                            "exports"),
        "make_preferred_tip": N_("Make this the preferred e-mail address"),
    },
    "phone number": {
        "add": N_("+ Add phone number"),
        "add_name": N_("Add a phone number"),
        "add_tip": N_("Another phone number for this contact"),
        "name": N_("Phone number {number}"),
        "preferred_name": N_("Phone number {number} (preferred)"),
        "type_name": N_("Type of phone number {number}"),
        "type_tip": N_("What kind of phone number this is"),
        "remove_name": N_("Remove phone number {number}"),
        "remove_tip": N_("Remove this phone number"),
        "is_preferred": N_("Phone number {number} is the preferred one"),
        "make_preferred": N_("Make phone number {number} the preferred one"),
        "preferred_tip": N_("The preferred phone number: listed first, and marked so in "
                            "exports"),
        "make_preferred_tip": N_("Make this the preferred phone number"),
    },
}


def type_label(types: Sequence[str]) -> str:
    """The types as a person reads them: ``("cell",)`` → "mobile", ``("home", "fax")`` →
    "home, fax"; "—" when there are none."""
    said = [t for t in types if t not in _IMPLIED] or list(types)
    return ", ".join(_(_WORDS.get(t, t)) for t in said) or "—"


def _plain(types: Sequence[str]) -> tuple[str, ...]:
    return tuple(t for t in types if t not in _IMPLIED)


class TypeBox(QComboBox):
    """A row's type box, as wide as the widest usual type (:data:`USUAL_LABELS`) at the text
    size shown, so the boxes of e-mail addresses ("work", "home", "other") and of phone
    numbers ("mobile") line up; wider only for a type of its own the file brought ("home,
    fax"). Measured at every size hint: a larger text size widens every box alike."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def sizeHint(self) -> QSize:
        """Qt: as wide as its own widest type, or the widest usual one."""
        return self._widened(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        """Qt: its size hint. QComboBox keeps the minimum it measured first through a change
        of font (its FontChange forgets only the size hint), so after View ▸ Smaller text the
        boxes stayed as wide as at the first size, each list by its own types."""
        return self.sizeHint()

    def _widened(self, size: QSize) -> QSize:
        # Measured as QComboBox measures its items (their bounding rectangles, which can be a
        # pixel wider or narrower than their advance): then every box comes out alike.
        metrics = self.fontMetrics()
        own = max((metrics.boundingRect(self.itemText(n)).width() for n in range(self.count())),
                  default=0)
        usual = max(metrics.boundingRect(_(label)).width() for label in USUAL_LABELS)
        return QSize(size.width() + max(0, usual - own), size.height())


class PointRow(QObject):
    """One address: its type (the form's label), and its value, star and remove button."""

    def __init__(self, owner: PointsEditor, parent: QWidget) -> None:
        super().__init__(owner)
        self.owner = owner
        self.kind = TypeBox(parent)
        self.box = QWidget(parent)
        layout = QHBoxLayout(self.box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.value = QLineEdit(self.box)
        self.value.setPlaceholderText(owner.placeholder)
        self.prefer = QToolButton(self.box)
        self.prefer.setAutoRaise(True)
        self.remove = QToolButton(self.box)
        self.remove.setText("−")
        self.remove.setAutoRaise(True)
        layout.addWidget(self.value, 1)
        layout.addWidget(self.prefer)
        layout.addWidget(self.remove)
        self._types: tuple[str, ...] = owner.choices[0][0]

    def widgets(self) -> tuple[QWidget, ...]:
        """The row's two cells in the form: (its type box, its value with star and remove)."""
        return (self.kind, self.box)

    def show_point(self, point: ContactPoint | None) -> None:
        """Show *point* (None: an empty row, of the first type offered)."""
        value = point.value if point else ""
        if self.value.text() != value:
            self.value.setText(value)
            self.value.setCursorPosition(0)  # a long address shows its start
        self._types = point.types if point else self.owner.choices[0][0]
        self._fill_types()

    def _fill_types(self) -> None:
        """The types offered, with this row's own where it is one of them (its exact values
        kept: "work, voice" shows as "work" and stays as it came until changed)."""
        entries = list(self.owner.choices)
        own = _plain(self._types)
        at = next((n for n, (types, _label) in enumerate(entries) if types == own), None)
        if at is None:
            entries.append((self._types, type_label(self._types)))
            at = len(entries) - 1
        else:
            entries[at] = (self._types, entries[at][1])
        self.kind.blockSignals(True)
        try:
            self.kind.clear()
            for types, label in entries:
                self.kind.addItem(_(label), types)
            self.kind.setCurrentIndex(at)
        finally:
            self.kind.blockSignals(False)

    def chosen_type(self) -> None:
        """Keep the type the user chose in the row's box."""
        self._types = tuple(self.kind.currentData() or ())

    def point(self) -> ContactPoint | None:
        """The row as a :class:`ContactPoint` (value trimmed, with its types); None when empty."""
        value = self.value.text().strip()
        return ContactPoint(value, self._types) if value else None

    def name(self, number: int, first: bool) -> None:
        """Accessible names and tips for the row at *number* (1 for the first)."""
        say = self.owner.say
        self.value.setAccessibleName(say("preferred_name" if first else "name", number))
        self.kind.setAccessibleName(say("type_name", number))
        self.kind.setToolTip(say("type_tip", number))
        self.remove.setAccessibleName(say("remove_name", number))
        self.remove.setToolTip(say("remove_tip", number))
        self.prefer.setText("★" if first else "☆")
        palette = QPalette()  # (no role of its own: each is the window's, as the theme has it)
        if first:
            palette.setColor(QPalette.ColorRole.ButtonText, QColor(_PREFERRED_COLOUR))
        self.prefer.setPalette(palette)
        self.prefer.setAccessibleName(say("is_preferred" if first else "make_preferred", number))
        self.prefer.setToolTip(say("preferred_tip" if first else "make_preferred_tip", number))


class AddButton(QPushButton):
    """A flat button ("+ Add e-mail address") that is drawn raised while it has the focus: a
    flat button draws no frame, and many styles no focus rectangle on one either, so Tab to
    it showed nothing."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.setFlat(True)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Qt: drawn raised while it has the focus."""
        self.setFlat(False)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Qt: flat again when the focus leaves."""
        self.setFlat(True)
        super().focusOutEvent(event)


class PointsEditor(QObject):
    """A contact's e-mail addresses (or phone numbers) as rows of its *form*, the first the
    preferred one, above a button that adds one; added to the form where it is made, after
    the widget *after* in the Tab order.

    *noun* names one ("e-mail address"); *choices* are the types offered, (types, label)
    each; *watch* is given each value field made (the editor's focus-out save and undo
    routing).

    Signals:
        edited(): a value was typed into (saved after the typing pause, like any field).
        committed(): a type was chosen, a row removed or made preferred: to be saved at once.
    """

    edited = Signal()
    committed = Signal()

    def __init__(self, noun: str, choices: Choices, placeholder: str,
                 watch: Callable[[QLineEdit], None], form: QFormLayout, after: QWidget,
                 parent: QWidget) -> None:
        super().__init__(parent)
        #: The widget before the rows in the Tab order.
        self.after = after
        self.noun = noun
        self.choices = choices
        self.placeholder = placeholder
        self._watch = watch
        self._form = form
        self._parent = parent
        self._read_only = ""
        self._enabled = True
        self.rows: list[PointRow] = []
        self.add_button = AddButton(self.say("add"), parent)
        self.add_button.setAccessibleName(self.say("add_name"))
        self.add_button.setToolTip(self.say("add_tip"))
        self.add_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        form.addRow("", self.add_button)
        self.set_points(())

    def say(self, what: str, number: int = 0) -> str:
        """One of the rows' words (:data:`WORDING`: "add", "name", "remove_tip"…) for this
        editor's kind of address, translated, with the row's *number* put in."""
        wording = WORDING.get(self.noun)
        if wording is None:  # a kind no table names: the English, made from the noun
            wording = {key: text.replace("e-mail address", self.noun).replace(
                "E-mail address", self.noun.capitalize())
                for key, text in WORDING["e-mail address"].items()}
            if self.noun[:1] not in "aeiou":
                wording["add_name"] = f"Add a {self.noun}"
            return wording[what].format(number=number)
        return _(wording[what]).format(number=number)

    # -- what it shows ----------------------------------------------------------------------

    def points(self) -> tuple[ContactPoint, ...]:
        """The addresses typed, in order (empty rows left out)."""
        return tuple(p for p in (row.point() for row in self.rows) if p is not None)

    def set_points(self, points: Sequence[ContactPoint]) -> None:
        """Show *points* (and one empty row when there are none), reusing the rows there are,
        so a field keeps its cursor when its value did not change."""
        wanted = max(len(points), 1)
        while len(self.rows) > wanted:
            self._drop(self.rows[-1])
        while len(self.rows) < wanted:
            self._make_row()
        for n, row in enumerate(self.rows):
            row.show_point(points[n] if n < len(points) else None)
        self._renumber()

    def has_focus_inside(self) -> bool:
        """Whether the keyboard focus is in one of the rows (the user is typing there)."""
        focused = QApplication.focusWidget()
        return focused is not None and any(
            widget is focused or widget.isAncestorOf(focused)
            for row in self.rows for widget in row.widgets())

    def set_enabled(self, enabled: bool) -> None:
        """Enable or disable every row and the add button (no contact shown: disabled)."""
        self._enabled = enabled
        for row in self.rows:
            for widget in row.widgets():
                widget.setEnabled(enabled)
        self.add_button.setEnabled(enabled)

    def set_read_only(self, reason: str) -> None:
        """Make the rows read-only, with *reason* in their tips, and hide the add, star and remove
        buttons ("" to allow writing again)."""
        self._read_only = reason
        for row in self.rows:
            self._apply_read_only(row)
        self._renumber()
        self.add_button.setVisible(not reason)

    def _apply_read_only(self, row: PointRow) -> None:
        reason = self._read_only
        row.value.setReadOnly(bool(reason))
        row.kind.setEnabled(not reason)
        row.remove.setVisible(not reason)
        row.prefer.setVisible(not reason)
        if reason:
            row.value.setToolTip(plain_tip(_("Read-only: {reason}").format(reason=reason)))

    # -- rows -------------------------------------------------------------------------------

    def _form_row(self, widget: QWidget) -> int:
        position: Any = self._form.getWidgetPosition(widget)  # (row, role): typed as object
        return int(position[0])

    def _make_row(self) -> PointRow:
        row = PointRow(self, self._parent)
        row.value.textEdited.connect(self._typed)
        row.kind.activated.connect(lambda _index, row=row: self._type_chosen(row))
        row.prefer.clicked.connect(lambda _checked=False, row=row: self.make_preferred(row))
        row.remove.clicked.connect(lambda _checked=False, row=row: self.remove_row(row))
        self._watch(row.value)
        self._apply_read_only(row)
        for widget in row.widgets():
            widget.setEnabled(self._enabled and (widget is row.box or not self._read_only))
        self._form.insertRow(self._form_row(self.add_button), row.kind, row.box)
        self.rows.append(row)
        return row

    def _drop(self, row: PointRow) -> None:
        self.rows.remove(row)
        self._form.removeRow(self._form_row(row.box))  # deletes its widgets
        row.deleteLater()

    def _renumber(self) -> None:
        for n, row in enumerate(self.rows):
            row.name(n + 1, n == 0)
        self._update_remove()
        # Tab goes through the rows in the order shown, then to the add button.
        chain = [self.after, *(w for row in self.rows
                               for w in (row.kind, row.value, row.prefer, row.remove)),
                 self.add_button]
        for first, then in pairwise(chain):
            QWidget.setTabOrder(first, then)

    def _update_remove(self) -> None:
        # The one empty row of a contact without any: nothing to remove.
        only = len(self.rows) == 1 and not self.rows[0].value.text()
        self.rows[0].remove.setEnabled(not only)

    def _typed(self, _text: str) -> None:
        self._update_remove()
        self.edited.emit()

    def add_row(self, focus: bool = False) -> PointRow:
        """An empty row at the end (nothing is saved until a value is typed into it)."""
        row = self._make_row()
        row.show_point(None)
        self._renumber()
        if focus:
            row.value.setFocus(Qt.FocusReason.OtherFocusReason)
        return row

    def remove_row(self, row: PointRow) -> None:
        """Take *row* away (the last one is emptied instead) and save."""
        if row not in self.rows:
            return
        had_value = bool(row.value.text().strip())
        focused = QApplication.focusWidget()
        inside = focused is not None and any(w is focused or w.isAncestorOf(focused)
                                             for w in row.widgets())
        if len(self.rows) == 1:
            row.value.clear()
            row.show_point(None)
        else:
            at = self.rows.index(row)
            if inside:  # the cursor goes to the next address, not nowhere
                self.rows[at + 1 if at + 1 < len(self.rows) else at - 1].value.setFocus(
                    Qt.FocusReason.OtherFocusReason)
            self._drop(row)
        self._renumber()
        if had_value:
            self.committed.emit()

    def make_preferred(self, row: PointRow) -> None:
        """Move *row* to the top: the preferred one."""
        if row not in self.rows or self.rows.index(row) == 0:
            return
        first = self._form_row(self.rows[0].box)
        self._form.takeRow(self._form_row(row.box))
        self._form.insertRow(first, row.kind, row.box)
        row.kind.show()
        row.box.show()
        self.rows.remove(row)
        self.rows.insert(0, row)
        self._renumber()
        if row.value.text().strip():
            self.committed.emit()

    def _type_chosen(self, row: PointRow) -> None:
        row.chosen_type()
        if row.value.text().strip():
            self.committed.emit()
