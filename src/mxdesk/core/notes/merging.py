"""Saving a field at a time: a contact's or note's edited fields merged into the record as it is
now, and both texts kept, as a note, where two writers changed the same field.

An editor saves the fields typed since it loaded the record (its *base*); another window, an
import or a draft saved at start may have changed the record meanwhile. A field only we changed
is written; a field they changed keeps their value, and ours goes into a conflict note beside
the record (:func:`keep_conflict`), so neither text is ever lost.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping
from dataclasses import replace

from mxdesk.core.i18n import N_, _
from mxdesk.core.notes import cluster_notes, contacts
from mxdesk.core.notes.parts import OpenStore
from mxdesk.core.notes.records import (
    Conflict,
    Contact,
    ContactPoint,
    NameParts,
    Note,
    SaveResult,
    format_points,
)
from mxdesk.core.notes.stored_text import nfc

log = logging.getLogger("mxdesk.notes")

#: How a conflict note names each field.
#: (English, marked: translated where shown, ``_(label)``.)
FIELD_LABELS = {"name": N_("the name"), "name_parts": N_("the name's parts"),
                "role": N_("the role"), "organisation": N_("the organisation"),
                "cluster_id": N_("the cluster"), "emails": N_("the e-mail addresses"),
                "phones": N_("the phone numbers"),
                "met_where": N_("where you met"), "met_on": N_("when you met"),
                "tags": N_("the tags"), "comment": N_("the comment"), "body": N_("the text"),
                "contact_uid": N_("the contact")}


def _normal(value: object) -> object:
    """A field's value as compared for a merge: text in NFC, points and lists item by item."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, ContactPoint):
        return ContactPoint(nfc(value.value), tuple(nfc(t) for t in value.types))
    if isinstance(value, tuple | list):
        return type(value)(_normal(v) for v in value)
    return value


def _same(a: object, b: object) -> bool:
    """Whether two values of a field are the same text: a difference of Unicode form alone
    (composed or decomposed accents) is none."""
    a, b = _normal(a), _normal(b)
    if _is_points(a) or _is_points(b):
        return tuple(a or ()) == tuple(b or ())  # type: ignore[arg-type]
    if isinstance(a, tuple | list) or isinstance(b, tuple | list):
        return sorted(map(str, a or ())) == sorted(map(str, b or ()))  # type: ignore[call-overload]
    return (a or "") == (b or "")


def _is_points(value: object) -> bool:
    return isinstance(value, tuple | list) and any(isinstance(v, ContactPoint) for v in value)


def _text(value: object) -> str:
    if isinstance(value, NameParts):
        return "; ".join(f"{label}: {part}" for label, part in zip(
            ("family", "given", "additional", "prefix", "suffix"), value.as_tuple(),
            strict=True) if part)
    if _is_points(value):
        return format_points(value)  # type: ignore[arg-type]
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return str(value or "")


def update(store: OpenStore, kind: str, base: Contact | Note, changes: Mapping[str, object],
           kept: Mapping[str, str] | None = None) -> SaveResult:
    """:func:`merge_in` in a transaction of its own, *kind* "contact" or "note"; returns the
    record as stored, the conflicts, and whether it was stored again. Raises what
    ``NotesStore.transaction`` raises."""
    with store.transaction() as conn:
        record_id, conflicts, recreated = merge_in(conn, kind, base, changes, kept)
    record = (contacts.contact(store, record_id) if kind == "contact"
              else cluster_notes.note(store, record_id))
    return SaveResult(record, tuple(conflicts), recreated)


def merge_in(conn: sqlite3.Connection, kind: str, base: Contact | Note,
             changes: Mapping[str, object], kept: Mapping[str, str] | None = None
             ) -> tuple[int, list[Conflict], bool]:
    """Inside an open transaction: write the fields in *changes*, edited from *base*, into
    the record (*kind* "contact" or "note") as it is now; *kept* names, per field, the
    conflict note an earlier merge made. Returns (the record's id, the conflicts, whether it
    was stored again because it had been deleted)."""
    read = ((lambda row: contacts.from_row(conn, row)) if kind == "contact"
            else cluster_notes.make_note)
    write = contacts.write_contact if kind == "contact" else cluster_notes.write_note
    sql = (f"SELECT {contacts.COLUMNS} FROM contacts WHERE id = ?"  # noqa: S608
           if kind == "contact" else f"{cluster_notes.SELECT} WHERE n.id = ?")
    row = conn.execute(sql, [base.id]).fetchone()
    current = read(row) if row is not None else None
    if current is None or current.uid != base.uid:
        # Deleted in another window while this one was typing: keep what was typed.
        return write(conn, replace(base, id=None, version=0, **changes)), [], True  # type: ignore[arg-type]
    apply: dict[str, object] = {}
    conflicts = []
    for name, ours in changes.items():
        theirs, before = getattr(current, name), getattr(base, name)
        if _same(theirs, ours):
            continue
        if _same(theirs, before):
            apply[name] = ours
        else:
            conflicts.append(keep_conflict(conn, kind, current, name, theirs, ours,
                                           (kept or {}).get(name)))
    if isinstance(current, Contact) and "name" in apply and "name_parts" not in changes \
            and not current.name_parts.fits(str(apply["name"])):
        # Renamed so that the kept family or given name is no longer in it: the parts would
        # file the contact under someone else's name (an export then writes N unguessed).
        apply["name_parts"] = NameParts()
    if apply:
        write(conn, replace(current, **apply))  # type: ignore[arg-type]
    return int(current.id or 0), conflicts, False


def keep_conflict(conn: sqlite3.Connection, kind: str, current: Contact | Note,
                  name: str, theirs: object, ours: object,
                  renew: str | None = None) -> Conflict:
    """Inside an open transaction: keep both sides of field *name* that two writers changed.
    The record keeps *theirs*; a new note beside it (or the note *renew*, the uid of the one
    an earlier conflict made) holds both texts. Returns the :class:`Conflict` told to the
    user."""
    label = FIELD_LABELS.get(name, name)
    if isinstance(current, Contact):
        # Translators: the first line is the conflict note's title; {field} is "the name",
        # "the role"… as translated above.
        body = _("Conflicting edit of {field} of “{name}”\n\n"
                 "Two versions of {field} of this contact met (another window, an import, "
                 "or text kept from an earlier session). The contact kept:\n{theirs}"
                 "\n\nThe other version, kept here:\n{ours}").format(
            field=_(label), name=current.name, theirs=_text(theirs), ours=_text(ours))
        note = Note(body, cluster_id=current.cluster_id, contact_uid=current.uid)
    else:
        body = _("Conflicting copy of “{title}”\n\n"
                 "Two versions of this note met (another window, an import, or text kept "
                 "from an earlier session). This is the other version:\n\n"
                 "{ours}\n\n— The note kept:\n\n{theirs}").format(
            title=current.title, ours=_text(ours), theirs=_text(theirs))
        note = Note(body, cluster_id=current.cluster_id, contact_uid=current.contact_uid)
    earlier = conn.execute("SELECT id FROM notes WHERE uid = ?", [renew]).fetchone() \
        if renew else None
    if earlier is not None:  # more typing into the same conflict: that note follows it
        note = replace(note, uid=str(renew), id=int(earlier[0]))
    cluster_notes.write_note(conn, note)
    log.warning("conflicting edit of %s of %s %s kept as note %s", name, kind, current.uid,
                note.uid)
    title = current.name if isinstance(current, Contact) else current.title
    return Conflict(kind, current.uid, title, name, _text(theirs), _text(ours), note.uid,
                    note.title, label, renewed=earlier is not None)
