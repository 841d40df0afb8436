"""Dates as the user's language writes them: reading a typed date, showing a stored one, and
the contact form's date field with its calendar."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import (
    QDate,
    QEvent,
    QLocale,
    QObject,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core.i18n import _, pgettext
from mxdesk.ui.notes._common import _on_click
from mxdesk.ui.notes.marked import REFUSED, MarkedField

#: A year typed with two digits is read as one of the 89 years before this one or the 10
#: after it (Qt's own choice, 1900-1999, would put a meeting of "10.03.27" in 1927).
_YEARS_BACK = 89
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
#: The red of what could not be saved (kept here for what imports it from this module).
_REFUSED = REFUSED


def _shown_format(locale: QLocale) -> str:
    """How dates are shown: the language's short format with the year in full (German's
    "dd.MM.yy" as "dd.MM.yyyy"); ISO for the C locale, whose own is "d MM yyyy"."""
    if locale.language() == QLocale.Language.C:
        return "yyyy-MM-dd"
    return re.sub(r"y+", "yyyy", locale.dateFormat(QLocale.FormatType.ShortFormat))


def _typed_formats(locale: QLocale) -> list[str]:
    """The formats a typed date is read with: the language's short format, with one or two
    digits for day and month and two or four for the year ("1/3/27" as "01/03/2027")."""
    short = locale.dateFormat(QLocale.FormatType.ShortFormat)
    loose = re.sub(r"(?<!M)MM(?!M)", "M", re.sub(r"(?<!d)dd(?!d)", "d", short))
    return [re.sub(r"y+", "yyyy", loose), re.sub(r"y+", "yy", loose)]


def date_pattern(locale: QLocale | None = None) -> str:
    """How a date is typed, for people: "DD/MM/YYYY", "M/D/YYYY", "DD.MM.YYYY" (the letters
    in the current language: "DD/MM/AAAA" in Spanish)."""
    return _lettered(_shown_format(locale or QLocale()))


def _lettered(pattern: str) -> str:
    """A Qt date format ("dd/MM/yyyy") in the letters people read, in the current language."""
    day = pgettext("the letter for a day in a date pattern (DD/MM/YYYY)", "D")
    month = pgettext("the letter for a month in a date pattern (DD/MM/YYYY)", "M")
    year = pgettext("the letter for a year in a date pattern (DD/MM/YYYY)", "Y")
    return "".join(day if c == "d" else month if c == "M" else year if c == "y" else c
                   for c in pattern)


def date_ways(locale: QLocale | None = None) -> str:
    """The ways a date may be typed, for people: "DD/MM/YYYY or YYYY-MM-DD", or only
    "YYYY-MM-DD" where the language's own way is that (the C locale of containers and ssh
    sessions said "YYYY-MM-DD or YYYY-MM-DD")."""
    own = date_pattern(locale)
    iso = _lettered("yyyy-MM-dd")
    # Translators: two ways of typing a date, "DD/MM/YYYY or YYYY-MM-DD".
    return iso if own == iso else _("{own} or {iso}").format(own=own, iso=iso)


def parse_date(text: str, locale: QLocale | None = None) -> str | None:
    """The ISO date (YYYY-MM-DD) of a typed date, "" for none, None when it is no date.

    ISO is always read; otherwise day and month are in the order of the user's language
    (QLocale's short format): "10/03/2027" is 10 March in en_GB, 3 October in en_US."""
    text = text.strip()
    if not text:
        return ""
    iso = _ISO_DATE.fullmatch(text)
    if iso:
        try:
            return dt.date(*map(int, iso.groups())).isoformat()
        except ValueError:
            return None
    locale = locale or QLocale()
    base = QDate.currentDate().year() - _YEARS_BACK
    for form in _typed_formats(locale):
        date = locale.toDate(text, form, base)
        if date.isValid():
            return str(date.toString("yyyy-MM-dd"))
    return None


def is_iso_date(value: str) -> bool:
    """Whether *value* is a date as the notes keep it: YYYY-MM-DD."""
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and parse_date(value) == value


def show_date(value: str, locale: QLocale | None = None) -> str:
    """A stored date as the user's language writes it; anything else as it is."""
    if not is_iso_date(value):
        return value
    locale = locale or QLocale()
    return str(locale.toString(QDate.fromString(value, "yyyy-MM-dd"), _shown_format(locale)))


class DateField(MarkedField):
    """A date typed as the user's language writes it (or YYYY-MM-DD), or chosen from a
    calendar (▾, Alt+Down); empty when there is none. Text that is no date is never
    replaced: it stays as typed, marked red with a word below it, until corrected.

    Signals:
        picked(): a date was chosen from the calendar (the field holds it).
    """

    picked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit.setPlaceholderText(date_ways())
        self.edit.setToolTip(_("Type the date as {ways} (day and month in the order of "
                               "your system's language), or choose it from the calendar "
                               "(▾ or Alt+Down). Leave it empty when there is none.").format(
            ways=date_ways()))
        self.edit.installEventFilter(self)
        self.edit.textEdited.connect(self._typed)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setAccessibleName(_("Choose the date from a calendar"))
        self.button.setToolTip(_("Choose the date from a calendar (Alt+Down)"))
        _on_click(self.button, self.open_calendar)
        self.row.addWidget(self.button)
        #: The calendar, in a pop-up made when first opened.
        self.calendar: QCalendarWidget | None = None
        self._popup: QFrame | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt: Alt+Down or F4 in the field opens the calendar (the key goes no further)."""
        if (watched is self.edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and (event.key() == Qt.Key.Key_F4 or (
                    event.key() == Qt.Key.Key_Down
                    and event.modifiers() & Qt.KeyboardModifier.AltModifier))):
            self.open_calendar()
            return True
        return False

    def _typed(self, text: str) -> None:
        # Corrected: the mark goes at once (a wrong one comes back when it is saved).
        if not self.message.isHidden() and parse_date(text) is not None:
            self.unmark()

    def sync(self) -> None:
        """The calendar's button follows the field (disabled, read-only)."""
        self.button.setEnabled(self.edit.isEnabled() and not self.edit.isReadOnly())

    def open_calendar(self) -> None:
        """Show the calendar below the field, at the field's date (today when it has none);
        a click or Enter there puts that date in the field, Escape changes nothing."""
        if not self.edit.isEnabled() or self.edit.isReadOnly():
            return
        if self._popup is None or self.calendar is None:
            self._popup = QFrame(self, Qt.WindowType.Popup)
            self._popup.setFrameShape(QFrame.Shape.StyledPanel)
            self.calendar = QCalendarWidget(self._popup)
            self.calendar.setGridVisible(True)
            self.calendar.setAccessibleName(_("Met on: calendar"))
            self.calendar.clicked.connect(self._pick)
            self.calendar.activated.connect(self._pick)
            popup_layout = QVBoxLayout(self._popup)
            popup_layout.setContentsMargins(1, 1, 1, 1)
            popup_layout.addWidget(self.calendar)
        held = parse_date(self.edit.text())
        self.calendar.setSelectedDate(QDate.fromString(held, "yyyy-MM-dd") if held
                                      else QDate.currentDate())
        self._popup.adjustSize()
        where = self.edit.mapToGlobal(QPoint(0, self.edit.height()))
        screen = self.edit.screen().availableGeometry()
        size = self._popup.sizeHint()
        where.setX(max(screen.left(), min(where.x(), screen.right() - size.width())))
        if where.y() + size.height() > screen.bottom():  # no room below: above the field
            where.setY(self.edit.mapToGlobal(QPoint(0, 0)).y() - size.height())
        self._popup.move(where)
        self._popup.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _pick(self, date: QDate) -> None:
        assert self._popup is not None
        self._popup.hide()
        self.edit.setText(show_date(str(date.toString("yyyy-MM-dd"))))
        self.unmark()
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)
        self.picked.emit()
