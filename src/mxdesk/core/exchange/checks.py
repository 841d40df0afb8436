"""The checks every import file passes, whatever its format: no text left encoded, no uid
twice (:func:`_check`), every text in composed Unicode (:func:`_normalised`)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from mxdesk.core.exchange.common import ImportFileError, Incoming, Tick, _handed_over, _nfc
from mxdesk.core.i18n import N_, _
from mxdesk.core.notes import Contact, ContactPoint, Note, Shortlist, ShortlistItem

#: Text that is still encoded: "=C3=AD" (quoted-printable left undecoded), "b'…'" (a Python
#: bytes object turned into text). A field like that is a failed import, never stored text.
_QP_LEFT = re.compile(r"(?:=[0-9A-F]{2}){2,}")
#: One Latin-1 escape inside a word ("Mart=EDn"): hex digits are upper case, words are not.
_QP_IN_WORD = re.compile(r"[^\W\d_]=[89A-F][0-9A-F][a-z]")
_BYTES_REPR = re.compile(r"b(['\"]).*\1", re.DOTALL)


def _still_encoded(value: object) -> str:
    if isinstance(value, bytes | bytearray):
        return _("bytes, not text")
    if not isinstance(value, str):
        return ""
    if _BYTES_REPR.fullmatch(value.strip()):
        return _("a Python bytes value written as text ({value})").format(value=value[:40])
    for run in _QP_LEFT.findall(value):
        data = bytes.fromhex(run.replace("=", ""))
        if len(data) >= 3 or any(b >= 0x80 for b in data):
            return _("quoted-printable escapes left undecoded ({value})").format(
                value=run[:24])
    word = _QP_IN_WORD.search(value)
    if word:
        return _("quoted-printable escapes left undecoded ({value})").format(
            value=word[0][1:4])
    return ""


#: A record's place when the reading gave none, and what a repeated uid says, by kind.
_PLACES = {"contact": N_("(contact {number})"), "note": N_("(note {number})"),
           "shortlist": N_("(shortlist {number})")}
_SAME_UID = {
    "contact": N_("{where}: its uid {uid} is also the uid of {earlier}; a uid names one "
                  "contact, nothing was imported"),
    "note": N_("{where}: its uid {uid} is also the uid of {earlier}; a uid names one note, "
               "nothing was imported"),
    "shortlist": N_("{where}: its uid {uid} is also the uid of {earlier}; a uid names one "
                    "shortlist, nothing was imported"),
}


def _texts(record: Contact | Note | Shortlist) -> Iterator[tuple[str, object]]:
    if isinstance(record, Contact):
        for name in ("name", "role", "organisation", "cluster_id", "met_where", "met_on",
                     "comment", "uid"):
            yield name, getattr(record, name)
        for tag in record.tags:
            yield "tags", tag
        for kind in ("emails", "phones"):
            for point in getattr(record, kind):
                yield kind, point.value
                for t in point.types:
                    yield kind, t
    elif isinstance(record, Note):
        for name in ("body", "cluster_id", "contact_uid", "uid"):
            yield name, getattr(record, name)
    else:
        yield "name", record.name
        yield "uid", record.uid
        for item in record.items:
            yield "items", item.cluster_id
            yield "items", item.remark


def _check(path: Path, incoming: Incoming, tick: Tick) -> None:
    """Refuse a file whose records hold undecoded text or repeat a uid, naming the record."""
    groups: list[tuple[str, Sequence[Contact | Note | Shortlist], list[str]]] = [
        ("contact", incoming.contacts, incoming.contact_places),
        ("note", incoming.notes, incoming.note_places),
        ("shortlist", incoming.shortlists, incoming.shortlist_places)]
    for kind, records, places in groups:
        seen: dict[str, int] = {}
        for n, record in enumerate(records):
            tick()
            place = places[n] if n < len(places) else _(_PLACES[kind]).format(number=n + 1)
            where = f"{path.name} {place}".rstrip()
            for name, value in _texts(record):
                problem = _still_encoded(value)
                if problem:
                    # Translators: {field} is the field's name in the file ("comment").
                    raise ImportFileError(_(
                        "{where}: its {field} is {problem}; nothing was imported (the file "
                        "may be damaged, or made by a program mxdesk cannot read "
                        "yet)").format(where=where, field=name, problem=problem))
            if record.uid in seen:
                first = seen[record.uid]
                earlier = (places[first] if first < len(places)
                           else _(_PLACES[kind]).format(number=first + 1))
                raise ImportFileError(_(_SAME_UID[kind]).format(where=where, uid=record.uid,
                                                                earlier=earlier))
            seen[record.uid] = n


def _normalised(incoming: Incoming, tick: Tick) -> Incoming:
    """Every text in composed Unicode (NFC): "José" typed on a Mac (NFD) is the same text as
    on Windows, so it is one contact and found by one search."""
    def points(found: tuple[ContactPoint, ...]) -> tuple[ContactPoint, ...]:
        return tuple(ContactPoint(_nfc(p.value), tuple(_nfc(t) for t in p.types))
                     for p in found)

    incoming.contacts = [replace(
        c, name=_nfc(c.name), role=_nfc(c.role), organisation=_nfc(c.organisation),
        cluster_id=_nfc(c.cluster_id) if c.cluster_id else c.cluster_id,
        emails=points(c.emails), phones=points(c.phones), met_where=_nfc(c.met_where),
        met_on=_nfc(c.met_on), tags=tuple(_nfc(t) for t in c.tags), comment=_nfc(c.comment),
        uid=_nfc(c.uid)) for c in _handed_over(incoming.contacts, tick)]
    incoming.notes = [replace(n, body=_nfc(n.body), uid=_nfc(n.uid),
                              cluster_id=_nfc(n.cluster_id) if n.cluster_id else n.cluster_id,
                              contact_uid=_nfc(n.contact_uid) if n.contact_uid
                              else n.contact_uid) for n in _handed_over(incoming.notes, tick)]
    incoming.shortlists = [replace(
        s, name=_nfc(s.name), uid=_nfc(s.uid),
        items=tuple(ShortlistItem(_nfc(i.cluster_id), _nfc(i.remark)) for i in s.items))
        for s in _handed_over(incoming.shortlists, tick)]
    return incoming
