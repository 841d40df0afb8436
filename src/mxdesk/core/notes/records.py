"""The user's records: contacts, notes and shortlists, as plain frozen dataclasses."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from mxdesk.core import i18n
from mxdesk.core.i18n import _, ngettext
from mxdesk.core.text import fold

#: The fields of a contact that the user edits, in the editor's order.
CONTACT_FIELDS = ("name", "name_parts", "role", "organisation", "cluster_id", "emails", "phones",
                  "met_where", "met_on", "tags", "comment")
#: The fields of a note that the user edits.
NOTE_FIELDS = ("body", "cluster_id", "contact_uid")


def now_utc() -> str:
    """The current time, UTC, ISO 8601 to the second: the stamp of every record's change."""
    return dt.datetime.now(tz=dt.UTC).isoformat(timespec="seconds")


def new_uid() -> str:
    """A new record's uid: a random UUID (version 4) as text; exports and imports keep it."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class ContactPoint:
    """One e-mail address or phone number and its vCard TYPE values ("work", "cell", …).

    *types* are lower case, in the order the source gave them; the first point of a
    contact's list is its preferred one."""

    value: str
    types: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.value} ({', '.join(self.types)})" if self.types else self.value


# "value (type, type)": the types in brackets at the end of an entry.
_POINT = re.compile(r"^(?P<value>.*?)\s*\((?P<types>[^()]*)\)\s*$", re.DOTALL)


def format_points(points: Iterable[ContactPoint]) -> str:
    """Points as one editable line: ``"ana@example.org (work); ana@home.example (home)"``."""
    return "; ".join(str(p) for p in points)


def parse_points(text: str) -> tuple[ContactPoint, ...]:
    """The inverse of :func:`format_points`: entries split on ``;`` (or new lines), each with
    its types in brackets at its end. Blank entries are dropped; nothing raises."""
    out: list[ContactPoint] = []
    for entry in re.split(r"[;\n]", text):
        entry = entry.strip()
        if not entry:
            continue
        match = _POINT.match(entry)
        if match and match["value"].strip():
            types = tuple(t.strip().lower() for t in match["types"].split(",") if t.strip())
            out.append(ContactPoint(match["value"].strip(), types))
        else:
            out.append(ContactPoint(entry))
    return tuple(out)


def _nfc(value: Any) -> Any:
    """*value* (text, a point, or a tuple of them) in composed Unicode; None as ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, ContactPoint):
        return ContactPoint(_nfc(value.value), tuple(map(_nfc, value.types)))
    if isinstance(value, tuple):
        return tuple(map(_nfc, value))
    if isinstance(value, NameParts):
        return NameParts(*map(_nfc, value.as_tuple()))
    return value


def points(*values: str) -> tuple[ContactPoint, ...]:
    """Untyped points from plain values, blanks dropped: ``points("a@b.org")``."""
    return tuple(ContactPoint(v.strip()) for v in values if v and v.strip())


@dataclass(frozen=True)
class NameParts:
    """A name's structure as an address book files it: vCard N's five components (RFC 6350
    §6.2.2), or a spreadsheet's First/Last Name columns. Kept as it came in, never guessed
    from the whole name: "Gutiérrez Ibáñez" is one family name, "van der Berg" another.

    A component holding several values keeps them as the file gave them, comma-separated
    ("Philip,Paul"). All empty (the default) when nothing is known, e.g. a contact typed in
    the window."""

    family: str = ""
    given: str = ""
    additional: str = ""
    prefix: str = ""
    suffix: str = ""

    def __bool__(self) -> bool:
        return any(self.as_tuple())

    def as_tuple(self) -> tuple[str, str, str, str, str]:
        """(family, given, additional, prefix, suffix): vCard N's order."""
        return (self.family, self.given, self.additional, self.prefix, self.suffix)

    def fits(self, name: str) -> bool:
        """Whether every word of the family and given names is a word of *name* (case,
        accents and punctuation aside): after a rename that drops one, the parts describe
        someone else's name and are not kept (see ``merging.merge_in``)."""
        words = set(fold(name).split())
        return set(fold(f"{self.family} {self.given}".replace(",", " ")).split()) <= words


@dataclass(frozen=True)
class Contact:
    """A person met: who, where, when, and how to reach them.

    *version* counts the saves of the stored row (1 for a new one); a save that started from
    an older version compares field by field, so another window's edit is never reverted.
    """

    name: str
    role: str = ""
    organisation: str = ""
    cluster_id: str | None = None
    emails: tuple[ContactPoint, ...] = ()
    phones: tuple[ContactPoint, ...] = ()
    met_where: str = ""
    met_on: str = ""
    tags: tuple[str, ...] = ()
    comment: str = ""
    uid: str = field(default_factory=new_uid)
    id: int | None = None
    created_at: str = ""
    updated_at: str = ""
    version: int = 0
    #: The name's structure as the file gave it (vCard N, First/Last Name columns), or empty.
    name_parts: NameParts = field(default_factory=NameParts)

    @property
    def email(self) -> str:
        """The preferred (first) e-mail address, or ``""``."""
        return self.emails[0].value if self.emails else ""

    @property
    def phone(self) -> str:
        """The preferred (first) phone number, or ``""``."""
        return self.phones[0].value if self.phones else ""

    def exchange_key(self) -> tuple[str, str]:
        """What makes two contacts the same person across files: the name folded (case,
        accents, punctuation and Unicode composition aside: "José" typed on a Mac in NFD is
        "José" typed on Windows) and the preferred e-mail address without case."""
        return (fold(self.name), unicodedata.normalize("NFC", self.email.strip()).casefold())

    def same_content(self, other: Contact) -> bool:
        """Whether every field the user edits holds the same text (composed and decomposed
        Unicode being the same text)."""
        fields = ("name", "name_parts", "role", "organisation", "cluster_id", "emails", "phones",
                  "met_where", "met_on", "comment")
        return (all(_nfc(getattr(self, f)) == _nfc(getattr(other, f)) for f in fields)
                and sorted(map(_nfc, self.tags)) == sorted(map(_nfc, other.tags)))

    @property
    def title(self) -> str:
        """How a list names the contact: ``"name · role"`` (either left out when empty)."""
        return " · ".join(x for x in (self.name, self.role) if x)


class NotesCounts(NamedTuple):
    """How many records of each kind a notes file holds. The first three are the counts
    before missions (issue 18); a file older than schema 6 holds no missions or meetings."""

    contacts: int
    notes: int
    shortlists: int
    missions: int = 0
    meetings: int = 0

    def describe(self) -> str:
        """The counts as a sentence's part: "2 contacts, 1 note, 0 shortlists, 1 mission and
        3 meetings"."""
        contacts, notes, shortlists, missions, meetings = self
        return i18n.join([
            ngettext("{n} contact", "{n} contacts", contacts).format(n=i18n.number(contacts)),
            ngettext("{n} note", "{n} notes", notes).format(n=i18n.number(notes)),
            ngettext("{n} shortlist", "{n} shortlists", shortlists).format(
                n=i18n.number(shortlists)),
            ngettext("{n} mission", "{n} missions", missions).format(n=i18n.number(missions)),
            ngettext("{n} meeting", "{n} meetings", meetings).format(n=i18n.number(meetings))])


@dataclass(frozen=True)
class Note:
    """Free text, linked to a cluster, a contact, or neither.

    *shared* (notes schema 7, issue 21): the user marked the note as shared with the
    delegation; a shared note about a contact travels with that contact to the mission's
    shared address book. Every other note stays on this computer (False, the default)."""

    body: str
    cluster_id: str | None = None
    contact_uid: str | None = None
    uid: str = field(default_factory=new_uid)
    id: int | None = None
    created_at: str = ""
    updated_at: str = ""
    version: int = 0
    shared: bool = False

    @property
    def title(self) -> str:
        """How a list names the note: its first line, at most 80 characters; ``"(empty note)"``."""
        first = self.body.strip().splitlines()[0] if self.body.strip() else _("(empty note)")
        return first[:80]


@dataclass(frozen=True)
class ShortlistItem:
    """One cluster on a shortlist (by id) and the user's remark on it ("" for none)."""

    cluster_id: str
    remark: str = ""


@dataclass(frozen=True)
class Shortlist:
    """A named, ordered list of clusters ("Monterrey mission, March")."""

    name: str
    items: tuple[ShortlistItem, ...] = ()
    uid: str = field(default_factory=new_uid)
    id: int | None = None
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class NoteHit:
    """A search result in the user's own data."""

    kind: str  # "contact" or "note"
    id: int
    title: str
    snippet: str


@dataclass(frozen=True)
class Conflict:
    """One field that another window (or an import) changed while this one edited it.

    The record keeps *theirs*; *ours* was kept as the note *kept_as* (its uid)."""

    kind: str  # "contact" or "note"
    record_uid: str
    record_title: str
    field: str
    theirs: str
    ours: str
    kept_as: str = ""
    #: The kept note's title, and the field as the user names it ("the comment").
    kept_title: str = ""
    field_label: str = ""
    #: More typing into a field already in conflict: the same note was updated.
    renewed: bool = False


@dataclass(frozen=True)
class SaveResult:
    """What a save stored: the record as it now is, any conflicts, and whether the record had
    been deleted elsewhere (then it was stored again, with the user's edits, under a new id)."""

    record: Contact | Note
    conflicts: tuple[Conflict, ...] = ()
    recreated: bool = False
