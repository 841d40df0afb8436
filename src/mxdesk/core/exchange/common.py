"""What every part of the exchange shares: the formats' names and limits, the errors, the
:data:`Tick` of a reading, :class:`Incoming` (what a file holds) and a few small words
(:func:`_plural`, :func:`_nfc`)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mxdesk.core import csvfile
from mxdesk.core.errors import CancelledError, MxdeskError
from mxdesk.core.i18n import _
from mxdesk.core.notes import Contact, Note, Shortlist

#: What an mxdesk JSON export says it is (its ``"format"``) ...
FORMAT = "mxdesk-notes"
#: ... and which version of that format (its ``"version"``): a higher one is refused on import,
#: as made by a newer mxdesk. Version 2 (issue 18) adds ``missions`` and ``meetings``: an
#: mxdesk that reads version 1 only would drop them silently, so it refuses the file instead.
FORMAT_VERSION = 2
#: What export writes: mxdesk JSON (everything), CSV and vCard (contacts).
SUFFIXES = (".json", ".csv", ".vcf")
#: What import reads besides: Excel's "Unicode text" (UTF-16, tab-separated) is saved as .txt.
IMPORT_SUFFIXES = (*SUFFIXES, ".txt")
#: Larger files are refused before reading: no address book of contacts is this big, and
#: reading one whole would starve a laptop's memory.
MAX_IMPORT_BYTES = 64 * 1024 * 1024
CSV_COLUMNS = csvfile.COLUMNS

#: Called once per record (and per vCard line) while a file is read and compared: the
#: window's import lets its own thread run there, and raises :class:`ImportCancelled` when
#: the user pressed Cancel. Nothing is written before :func:`apply_plan`.
Tick = Callable[[], None]


def _still() -> None:
    """The tick of a reading nobody watches (the command line)."""


class ExchangeError(MxdeskError):
    """A file cannot be written, or is of an unknown kind."""


class ImportFileError(MxdeskError):
    """An import file is malformed; the message says where. Nothing was written."""


class ImportCancelled(CancelledError):  # noqa: N818 - named as the window's code calls it
    """The user stopped an import while it was being written: nothing of it was kept."""


def _kind(path: Path, reading: bool = False) -> str:
    suffix = path.suffix.lower()
    known = IMPORT_SUFFIXES if reading else SUFFIXES
    if suffix not in known:
        raise ExchangeError(_("{file}: unknown format {suffix}; use {known}").format(
            file=path.name, suffix=suffix or _("(no suffix)"), known=", ".join(known)))
    return ".csv" if suffix == ".txt" else suffix


@dataclass
class Incoming:
    """What a file holds, before anything is compared or written."""

    contacts: list[Contact] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    shortlists: list[Shortlist] = field(default_factory=list)
    #: Missions and meetings (mxdesk JSON only): Mission and agenda.IncomingMeeting records.
    missions: list[Any] = field(default_factory=list)
    meetings: list[Any] = field(default_factory=list)
    current_shortlist_uid: str | None = None
    #: What the import summary must say about reading: what was not kept, how it was read.
    notices: list[str] = field(default_factory=list)
    #: Where each record is in the file ("line 12 (card 3, Ana Pérez)"), for messages.
    contact_places: list[str] = field(default_factory=list)
    note_places: list[str] = field(default_factory=list)
    shortlist_places: list[str] = field(default_factory=list)
    #: The file's name, for messages about its records.
    source: str = ""


def _handed_over(records: list[Any], tick: Tick) -> Iterator[Any]:
    """Each of *records* in turn, its place in the list emptied as it is taken, with a tick
    before each: the records go as they are used, not all at the end (freeing 100,000 at once
    holds the GIL for 50-150 ms, in which the window cannot paint)."""
    for n, record in enumerate(records):
        tick()
        records[n] = None
        yield record


def _plural(n: int, word: str) -> str:
    """"3 lines": English only (a word + "s"). Kept for callers not yet translated; a
    message shown to people uses :func:`mxdesk.core.i18n.ngettext` with the whole sentence."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def _counted(n: int, word: str) -> str:
    """As :func:`_plural`, with thousands separated ("1,234 new contacts"): English only, as
    :func:`_plural`."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _at_line(file: str, line: int | str) -> str:
    """Where a record is, as messages start: "contacts.csv line 3"."""
    return _("{file} line {line}").format(file=file, line=line)


def _lines(numbers: list[Any], limit: int = 10, more: bool = False) -> str:
    """The first *limit* line (or card) numbers, ", "-separated; ", …" after them when
    *more* and some were left out."""
    return ", ".join(map(str, numbers[:limit])) + (", …" if more and len(numbers) > limit
                                                   else "")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
