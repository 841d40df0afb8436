"""Text as the notes file holds it: written composed (NFC), and read so that one damaged record
is left out of a list, and named, instead of failing the list.

Bytes that are not UTF-8 (a disk error, another program) reach Python as an
:class:`Undecodable` string, its bad bytes kept as lone surrogates; a reader that meets one
raises :class:`UnreadableError`, and :func:`read_each` / :func:`read_one` record the record in
the store's ``unreadable`` (kind, id) -> why, which ``NotesStore.unreadable_report`` tells.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from mxdesk.core import gcpause
from mxdesk.core.i18n import N_, _
from mxdesk.core.notes.errors import StoreError
from mxdesk.core.notes.records import ContactPoint

log = logging.getLogger("mxdesk.notes")

#: Why a record is listed in ``NotesStore.unreadable``.
NOT_UTF8 = N_("its text is not valid UTF-8")
#: How a record is named in messages ("contact 12"), by its kind.
_RECORD_NAMES = {"contact": N_("contact {id}"), "note": N_("note {id}"),
                 "shortlist": N_("shortlist {id}"), "mission": N_("mission {id}"),
                 "meeting": N_("meeting {id}")}


def record_name(kind: str, record_id: object) -> str:
    """A record as messages name it, in the current language: "contact 12"."""
    known = _RECORD_NAMES.get(kind)
    return _(known).format(id=record_id) if known else f"{kind} {record_id}"


class Undecodable(str):
    """Stored text that is not UTF-8: its bad bytes are lone surrogates."""

    __slots__ = ()
    #: How many such values were ever read: a bulk read that saw none need check no value.
    seen = 0


def decode(raw: bytes) -> str:
    """Text as stored; bytes that are not UTF-8 survive as lone surrogates (in an
    :class:`Undecodable`), so one damaged value is found and reported by its record
    instead of failing every read. The store's connection's ``text_factory``."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        Undecodable.seen += 1
        return Undecodable(raw.decode("utf-8", "surrogateescape"))


def undecodable(*values: object) -> bool:
    """Whether any of *values* was read from bytes that are not UTF-8."""
    return any(type(value) is Undecodable for value in values)


class UnreadableError(Exception):
    """A record whose stored text is not valid UTF-8."""


def read_each(unreadable: dict[tuple[str, int], str], kind: str, rows: Iterable[Any],
              make: Callable[[Any], Any]) -> list[Any]:
    """``make(row)`` for each of *rows* (a row's first column is its id), in order; a row
    *make* cannot read (:class:`UnreadableError`) is left out, logged, and put in
    *unreadable* as (*kind*, id) -> why."""
    out = []
    with gcpause.paused():
        for row in rows:
            try:
                out.append(make(row))
            except UnreadableError:
                unreadable[(kind, int(row[0]))] = NOT_UTF8
                log.warning("%s %s cannot be read: its text is not valid UTF-8", kind,
                            row[0])
    return out


def read_one(unreadable: dict[tuple[str, int], str], kind: str, record_id: int,
             make: Callable[[Any], Any], row: Any) -> Any:
    """``make(row)`` for the record *kind* *record_id*.

    Raises :class:`StoreError` when *row* is None (no such record) or cannot be read; the
    latter is also put in *unreadable*."""
    if row is None:
        # Translators: {record} is "contact 12", "note 3".
        raise StoreError(_("no {record}").format(record=record_name(kind, record_id)))
    try:
        return make(row)
    except UnreadableError as exc:
        unreadable[(kind, record_id)] = NOT_UTF8
        raise StoreError(_("{record} cannot be read: its text is not valid UTF-8 (`mxdesk notes "
                           "rescue` exports what can be read)").format(
                               record=record_name(kind, record_id))) from exc


def nfc(text: str) -> str:
    """*text* in Unicode's composed form (NFC): what the store writes, so "é" typed on macOS
    (e + U+0301) and on Windows (U+00E9) is one text."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def nfc_points(found: tuple[ContactPoint, ...]) -> tuple[ContactPoint, ...]:
    """E-mail addresses or phone numbers with their values and types in NFC."""
    return tuple(ContactPoint(nfc(p.value), tuple(nfc(t) for t in p.types)) for p in found)
