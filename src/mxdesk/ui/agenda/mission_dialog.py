"""The mission dialog: a name, the first and last days and the home time zone, asked in one
go (New mission…, and Make a mission from this shortlist…); refused values are marked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core.i18n import _, pgettext
from mxdesk.core.mission.records import InvalidRecordError, Mission
from mxdesk.core.zones import zone_names
from mxdesk.ui.agenda.fields import mark, refusal_label, unmark
from mxdesk.ui.agenda.when_fields import DayField

#: Home zones offered first (where mxdesk's users travel from); any IANA name may be typed.
HOME_ZONES = ("Europe/Madrid", "Europe/Paris", "Europe/Berlin", "Europe/Brussels",
              "Europe/Rome", "Europe/Amsterdam", "Europe/Vienna", "Europe/Warsaw",
              "Europe/Stockholm", "Europe/Lisbon", "Europe/Dublin", "Europe/London",
              "Europe/Helsinki", "Europe/Athens")


@dataclass(frozen=True)
class MissionAnswer:
    """What the dialog was told: the mission's name, first and last days, home zone."""

    name: str
    start_date: dt.date
    end_date: dt.date
    home_zone: str


class MissionDialog(QDialog):
    """Ask for a mission's name, days and home zone, starting from *answer*. OK checks them
    as a :class:`Mission` would (a blank name, an end before the start and a zone that is
    not IANA are marked and said, and the dialog stays); :attr:`answer` holds what was
    accepted."""

    def __init__(self, title: str, answer: MissionAnswer, intro: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("mission-dialog")
        self.answer = answer
        layout = QVBoxLayout(self)
        if intro:
            said = QLabel(intro, self)
            said.setWordWrap(True)
            said.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(said)
        form = QFormLayout()
        self.name = QLineEdit(answer.name, self)
        self.name.setAccessibleName(_("Mission name"))
        self.name.setMinimumWidth(self.fontMetrics().horizontalAdvance("M" * 24))
        self.start = DayField(_("First day"), parent=self)
        self.end = DayField(_("Last day"), parent=self)
        self.start.set_day(answer.start_date)
        self.end.set_day(answer.end_date)
        self.end.fallback = lambda: self._typed(self.start) or answer.end_date
        #: The first day last settled (the Last day moves by as much when it passes it).
        self._first = answer.start_date
        self.home = QComboBox(self)
        self.home.setEditable(True)
        self.home.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.home.setAccessibleName(_("Home time zone"))
        self.home.setToolTip(_("Your own time zone (an IANA name): each meeting's time is "
                               "shown in it too"))
        offered = list(dict.fromkeys([answer.home_zone, *HOME_ZONES]))
        self.home.addItems([z for z in offered if z in zone_names()])
        self.home.setCurrentText(answer.home_zone)
        # Translators: the mission dialog's labels: Alt+N, Alt+F, Alt+L, Alt+H; keep the &
        # on letters that differ from each other.
        form.addRow(_("&Name:"), self.name)
        for text, field in ((_("&First day:"), self.start), (_("&Last day:"), self.end)):
            label = QLabel(text, self)
            label.setBuddy(field.edit)
            form.addRow(label, field)
        form.addRow(_("&Home time zone:"), self.home)
        layout.addLayout(form)
        self.message = refusal_label(self)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # A First day moved past the Last day takes it along, keeping the span (once the
        # date is typed whole or picked: not at each digit).
        self.start.edit.editingFinished.connect(self._follow_first)
        self.name.selectAll()
        self.name.setFocus()

    @staticmethod
    def _typed(field: DayField) -> dt.date | None:
        try:
            return field.day()
        except ValueError:
            return None

    def _follow_first(self) -> None:
        """The First day was set: a Last day now before it moves by as much as the First
        day did (16–18 March moved to 20 March becomes 20–22 March)."""
        first, last = self._typed(self.start), self._typed(self.end)
        if first is None:
            return
        if last is not None and last < first:
            self.end.set_day(last + (first - self._first))
        self._first = first

    def accept(self) -> None:
        """OK: check the answer as a mission; a refusal marks its field and keeps the dialog."""
        self._follow_first()
        fields: dict[str, QWidget] = {"name": self.name, "start_date": self.start.edit,
                                      "end_date": self.end.edit, "home_zone": self.home}
        for widget in fields.values():
            unmark(widget)
        try:
            days = []
            for key, field in (("start_date", self.start), ("end_date", self.end)):
                try:
                    days.append(field.day())
                except ValueError as exc:
                    raise InvalidRecordError(key, str(exc)) from exc
            answer = MissionAnswer(self.name.text(), days[0] or dt.date.today(),
                                   days[1] or dt.date.today(), self.home.currentText().strip())
            Mission(answer.name, answer.start_date, answer.end_date, answer.home_zone)
        except InvalidRecordError as exc:
            refused = fields.get(exc.field)
            labels = {"name": pgettext("field", "Name"), "start_date": _("First day"),
                      "end_date": _("Last day"), "home_zone": _("Home time zone")}
            text = f"{labels.get(exc.field, exc.field)}: " \
                   f"{str(exc).removeprefix(f'{exc.field}: ')}"
            if refused is not None:
                mark(refused, text)
                refused.setFocus()
            self.message.setText(text)
            self.message.show()
            return
        self.answer = answer
        super().accept()
