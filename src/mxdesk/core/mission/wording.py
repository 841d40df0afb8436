"""Dates and statuses as the Mission tab and its papers write them, in the current language
(issue 20). No Qt.

English keeps the C library's names ("Tue 14 Jul", "Sep"), as the app always wrote them;
Spanish takes CLDR's (Babel, es_MX: "mar 14 jul", "lunes 14 de julio de 2026").
"""

from __future__ import annotations

import datetime as dt
import re

from mxdesk.core import i18n
from mxdesk.core.i18n import N_, _
from mxdesk.core.mission.records import MeetingStatus

__all__ = ["STATUS_WORDS", "dated", "day_heading", "status_word"]

#: What a status is called on paper and in the lists (translated where shown: status_word).
STATUS_WORDS = {MeetingStatus.PROPOSED: N_("Proposed"), MeetingStatus.CONFIRMED: N_("Confirmed"),
                MeetingStatus.DONE: N_("Done"), MeetingStatus.CANCELLED: N_("Cancelled")}

_NAMES = re.compile(r"%[aAbB]")
_CLDR = {"%a": "EEE", "%A": "EEEE", "%b": "MMM", "%B": "MMMM"}


def status_word(status: MeetingStatus, lower: bool = False) -> str:
    """*status* in words in the current language: "Confirmed" ("confirmed" when *lower*;
    Spanish "Confirmada", a meeting being feminine). Raises KeyError for no status."""
    word = _(STATUS_WORDS[status])
    return word.lower() if lower else word


def dated(value: dt.date, pattern: str) -> str:
    """*value* (a date or datetime) through the strftime *pattern*, with the names of days
    and months (%a %A %b %B) in the current language: "%a %d %b" → "Tue 14 Jul" / "mar 14
    jul". Other directives are strftime's (numbers: the same in both languages)."""
    if i18n.language() == i18n.PSEUDO:
        return i18n.pseudo(value.strftime(pattern))
    if i18n.language() != i18n.SPANISH:
        return value.strftime(pattern)
    from babel.dates import format_date

    locale = i18n.cldr_locale()
    day = value.date() if isinstance(value, dt.datetime) else value
    parts = []
    last = 0
    for match in _NAMES.finditer(pattern):
        parts.append(value.strftime(pattern[last:match.start()]) if match.start() > last
                     else "")
        parts.append(format_date(day, format=_CLDR[match.group()], locale=locale).rstrip("."))
        last = match.end()
    parts.append(value.strftime(pattern[last:]) if last < len(pattern) else "")
    return "".join(parts)


def long_day(day: dt.date) -> str:
    """"Tuesday 14 July 2026" / "martes 14 de julio de 2026": a day named in full inside a
    sentence (the weekday, then the long date, as the language writes them)."""
    # Translators: a day in full: {weekday} "Tuesday", {date} "14 July 2026" (the long
    # date, CLDR's). Spanish: "{weekday} {date}" gives "martes 14 de julio de 2026".
    return _("{weekday} {date}").format(weekday=i18n.weekday(day),
                                        date=i18n.date(day, "long"))


def day_heading(day: dt.date) -> str:
    """"Tuesday 14 July 2026" / "Martes 14 de julio de 2026": a day as a heading names it
    (:func:`long_day`, its first letter capital)."""
    text = long_day(day)
    return text[:1].upper() + text[1:]
