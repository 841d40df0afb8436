"""The mission dialog: a name, the first and last days and the home time zone, asked in one
go (New mission…, and Make a mission from this shortlist…); refused values are marked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core.mission.records import InvalidRecordError, Mission
from mxdesk.core.zones import zone_names
from mxdesk.ui.agenda.fields import mark, to_date, to_qdate, unmark
from mxdesk.ui.notes.marked import REFUSED

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
        self.name.setAccessibleName("Mission name")
        self.name.setMinimumWidth(self.fontMetrics().horizontalAdvance("M" * 24))
        self.start = QDateEdit(to_qdate(answer.start_date), self)
        self.end = QDateEdit(to_qdate(answer.end_date), self)
        for edit, name in ((self.start, "First day"), (self.end, "Last day")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
        self.home = QComboBox(self)
        self.home.setEditable(True)
        self.home.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.home.setAccessibleName("Home time zone")
        self.home.setToolTip("Your own time zone (an IANA name): each meeting's time is "
                             "shown in it too")
        offered = list(dict.fromkeys([answer.home_zone, *HOME_ZONES]))
        self.home.addItems([z for z in offered if z in zone_names()])
        self.home.setCurrentText(answer.home_zone)
        form.addRow("&Name:", self.name)
        form.addRow("&First day:", self.start)
        form.addRow("&Last day:", self.end)
        form.addRow("&Home time zone:", self.home)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setStyleSheet(f"color: {REFUSED};")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # The end follows the start while it would fall before it.
        self.start.dateChanged.connect(lambda d: self.end.setDate(d) if self.end.date() < d
                                       else None)
        self.name.selectAll()
        self.name.setFocus()

    def accept(self) -> None:
        """OK: check the answer as a mission; a refusal marks its field and keeps the dialog."""
        fields: dict[str, QWidget] = {"name": self.name, "start_date": self.start,
                                      "end_date": self.end, "home_zone": self.home}
        for widget in fields.values():
            unmark(widget)
        answer = MissionAnswer(self.name.text(), to_date(self.start.date()),
                               to_date(self.end.date()), self.home.currentText().strip())
        try:
            Mission(answer.name, answer.start_date, answer.end_date, answer.home_zone)
        except InvalidRecordError as exc:
            refused = fields.get(exc.field)
            labels = {"name": "Name", "start_date": "First day", "end_date": "Last day",
                      "home_zone": "Home time zone"}
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
