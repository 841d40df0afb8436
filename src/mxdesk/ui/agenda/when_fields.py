"""The mission and meeting dialogs' day and time fields: plain line edits that take a whole
date or time typed over a selection ("2027-03-16", the language's short form, "20270316";
"08:30", "8.30", "0830"), with the notes' calendar (▾, Alt+Down) opening on a day that
makes sense when the field is empty (the meeting's, not January 2000).

Qt's QDateEdit and QTimeEdit type into one section at a time: Ctrl+A then "2027-03-16"
gave 2026-03-16 and "08:30" gave 00:30 (trial 18), so these fields read the text whole."""

from __future__ import annotations

import contextlib
import datetime as dt
import re

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QWidget

from mxdesk.core.i18n import _
from mxdesk.ui.notes.dates import DateField, date_ways, parse_date, show_date

_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TIME = re.compile(r"(\d{1,2})\s*[:.hH]\s*(\d{2})|(\d{1,2})(\d{2})|(\d{1,2})")
#: What Up and Down add to a time, in minutes (the duration field's step too).
TIME_STEP_MIN = 15


def read_day(text: str) -> dt.date | None:
    """The date typed in *text*: YYYY-MM-DD, YYYYMMDD or the language's short form
    (:func:`~mxdesk.ui.notes.dates.parse_date`); None when it is blank.

    Raises:
        ValueError: the text is no date (the message says how to type one).
    """
    text = text.strip()
    compact = _COMPACT_DATE.fullmatch(text)
    if compact:
        text = "-".join(compact.groups())
    iso = parse_date(text)
    if iso is None:
        # Translators: {ways} how a date may be typed ("YYYY-MM-DD or DD/MM/YYYY").
        raise ValueError(_("“{text}” is not a date (type {ways})").format(text=text,
                                                                         ways=date_ways()))
    return dt.date.fromisoformat(iso) if iso else None


def read_time(text: str) -> dt.time:
    """The time of day typed in *text*: "08:30", "8:30", "8.30", "8h30", "0830", "8".

    Raises:
        ValueError: the text is blank or no time of day (the message says how to type one).
    """
    found = _TIME.fullmatch(text.strip())
    if found:
        hour, minute = (found.group(1), found.group(2)) if found.group(1) else (
            (found.group(3), found.group(4)) if found.group(3) else (found.group(5), "0"))
        if int(hour) < 24 and int(minute) < 60:
            return dt.time(int(hour), int(minute))
    return _no_time(text)


def _no_time(text: str) -> dt.time:
    raise ValueError(_("“{text}” is not a time of day (type HH:MM, such as 08:30)").format(
        text=text.strip()))


class DayField(DateField):
    """A day typed whole or chosen from the calendar; *optional* leaves it blank for
    "none" (shown as *blank*). :meth:`day` reads it, :meth:`set_day` shows one, and the
    calendar opens on :attr:`fallback` (a callable giving the day) while it is blank.

    Signals:
        dayChanged(object): the text now reads as this date (a ``datetime.date``), or
            None when blanked; not sent while it is no date.
    """

    dayChanged = Signal(object)

    def __init__(self, name: str, optional: bool = False, blank: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.optional = optional
        self.edit.setAccessibleName(name)
        self.edit.setPlaceholderText(blank or date_ways())
        self.edit.setToolTip(
            (_("Type the date as {ways} (over what is there: Ctrl+A selects it), or choose it "
               "from the calendar (▾ or Alt+Down). Leave it empty for none.") if optional
             else _("Type the date as {ways} (over what is there: Ctrl+A selects it), or choose "
                    "it from the calendar (▾ or Alt+Down).")).format(ways=date_ways()))
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("0000-00-00__"))
        # The dialogs say a refusal under the form: no line kept free below this field.
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.fallback = dt.date.today
        self._shown: dt.date | None = None
        self.edit.textChanged.connect(self._text_changed)
        self.picked.connect(self.edit.editingFinished)

    def day(self) -> dt.date | None:
        """The day typed or chosen; None when blank (allowed only when optional).

        Raises:
            ValueError: the text is no date, or blank where a date is needed.
        """
        found = read_day(self.edit.text())
        if found is None and not self.optional:
            raise ValueError(_("a date is needed (type {ways})").format(ways=date_ways()))
        return found

    def set_day(self, day: dt.date | None) -> None:
        """Show *day* (None: blank) as the user's language writes it."""
        self.edit.setText(show_date(day.isoformat()) if day else "")

    def open_calendar(self) -> None:
        """The notes' calendar, on the field's day, else on :attr:`fallback`'s."""
        blank = not self.edit.text().strip()
        super().open_calendar()
        if self.calendar is not None:
            self.calendar.setAccessibleName(_("{field}: calendar").format(field=self.name))
            if blank:
                when = self.fallback()
                self.calendar.setSelectedDate(QDate(when.year, when.month, when.day))
                self.calendar.setCurrentPage(when.year, when.month)

    def _text_changed(self, text: str) -> None:
        try:
            found = read_day(text)
        except ValueError:
            return
        if found != self._shown:
            self._shown = found
            self.dayChanged.emit(found)


class TimeField(QLineEdit):
    """A time of day typed whole ("08:30", "0830", "8.30"); Up and Down add or take
    :data:`TIME_STEP_MIN` minutes. :meth:`time_of_day` reads it.

    Signals:
        timeChanged(): the text changed (the dialog takes a refusal's mark off).
    """

    timeChanged = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setPlaceholderText("HH:MM")
        self.setToolTip(_("Type the time as HH:MM (08:30, or 0830), over what is there; Up and "
                          "Down move it by {minutes} minutes").format(minutes=TIME_STEP_MIN))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00:00___"))
        self.textChanged.connect(lambda _t: self.timeChanged.emit())
        self.editingFinished.connect(self._tidy)
        self.installEventFilter(self)

    def time_of_day(self) -> dt.time:
        """The time typed.

        Raises:
            ValueError: the text is blank or no time of day.
        """
        return read_time(self.text())

    def set_time(self, when: dt.time) -> None:
        """Show *when* as HH:MM."""
        self.setText(f"{when:%H:%M}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt: Up and Down step the time (the key goes no further)."""
        if (watched is self and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)):
            try:
                now = self.time_of_day()
            except ValueError:
                return True
            step = TIME_STEP_MIN if event.key() == Qt.Key.Key_Up else -TIME_STEP_MIN
            moved = (dt.datetime.combine(dt.date(2000, 1, 2), now)
                     + dt.timedelta(minutes=step))
            self.set_time(moved.time())
            return True
        return super().eventFilter(watched, event)

    def _tidy(self) -> None:
        # "830" reads as 08:30: shown as such once the user leaves the field.
        with contextlib.suppress(ValueError):
            self.set_time(self.time_of_day())
