"""Writing exports: the store as mxdesk JSON, contacts as CSV or vCard, and
:func:`export_notes`, which writes a whole file or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mxdesk.core import csvfile, paths
from mxdesk.core.exchange.agenda import agenda_data
from mxdesk.core.exchange.common import CSV_COLUMNS, FORMAT, FORMAT_VERSION, ExchangeError, _kind
from mxdesk.core.exchange.fields import NAME_PART_KEYS
from mxdesk.core.i18n import _
from mxdesk.core.notes import Contact, ContactPoint, NotesStore


def _contact_data(c: Contact) -> dict[str, Any]:
    return {"uid": c.uid, "name": c.name, "role": c.role, "organisation": c.organisation,
            "cluster_id": c.cluster_id,
            "emails": [{"value": p.value, "types": list(p.types)} for p in c.emails],
            "phones": [{"value": p.value, "types": list(p.types)} for p in c.phones],
            "met_where": c.met_where, "met_on": c.met_on, "tags": list(c.tags),
            "comment": c.comment, "created_at": c.created_at, "updated_at": c.updated_at,
            # Only when known (a file's N or First/Last Name columns): never guessed.
            **({"name_parts": dict(zip(NAME_PART_KEYS, c.name_parts.as_tuple(), strict=True))}
               if c.name_parts else {})}


def to_json(store: NotesStore) -> str:
    """The whole store as mxdesk JSON (``"format": "mxdesk-notes"``, ``FORMAT_VERSION``): its
    contacts, notes, shortlists, missions and meetings with their uids and times (UTC, ISO
    8601), and which shortlist the star adds to. Records that cannot be read are left out (see
    ``NotesStore.unreadable``); nothing is raised for them."""
    current = store.current_shortlist()
    data = {
        "format": FORMAT, "version": FORMAT_VERSION,
        "exported_at": dt.datetime.now(tz=dt.UTC).isoformat(timespec="seconds"),
        "contacts": [_contact_data(c) for c in store.contacts()],
        "notes": [{"uid": n.uid, "body": n.body, "cluster_id": n.cluster_id,
                   "contact_uid": n.contact_uid, "created_at": n.created_at,
                   "updated_at": n.updated_at, "shared": n.shared} for n in store.notes()],
        "shortlists": [{"uid": s.uid, "name": s.name, "created_at": s.created_at,
                        "updated_at": s.updated_at,
                        "items": [{"cluster_id": i.cluster_id, "remark": i.remark}
                                  for i in s.items]} for s in store.shortlists()],
        **agenda_data(store),
        "current_shortlist_uid": current.uid if current else None,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _own_points(found: Sequence[ContactPoint]) -> str:
    """Points as mxdesk's CSV writes them: :func:`format_points` with the values escaped
    (:func:`csvfile.escape_value`), so that a ``;`` in a number never splits it."""
    return "; ".join(csvfile.escape_value(p.value) + (f" ({', '.join(p.types)})" if p.types
                                                      else "") for p in found)


def to_csv(contacts: Sequence[Contact], separator: str = csvfile.DEFAULT_SEPARATOR) -> str:
    """*contacts* as CSV: a header of ``CSV_COLUMNS``, then one row per contact, every cell
    quoted, CRLF line ends, *separator* between cells (``;`` as the list export writes by
    default, ``,`` or a tab; see :mod:`mxdesk.core.table_export`); e-mails and phones in one
    cell each (``"a@b.mx (work); …"``); no cell can become a spreadsheet formula
    (:func:`csvfile.safe_cell`). Raises :class:`ExchangeError` for another separator."""
    if separator not in csvfile.SEPARATORS:
        raise ExchangeError(f"{separator!r} is not a CSV separator mxdesk writes (; , or a tab)")
    out = io.StringIO()
    # Every field quoted: a spreadsheet that splits on ";" (Excel in German, Spanish, French;
    # LibreOffice set to 59) or a tab then keeps "Llamar;=2+5;" in one cell, never makes
    # "=2+5" a cell of its own, where it would be a formula.
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n",
                        quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for c in contacts:
        row = [c.name, c.role, c.organisation, c.cluster_id or "", _own_points(c.emails),
               _own_points(c.phones), c.met_where, c.met_on, csvfile.join_escaped(c.tags),
               c.comment, c.uid, *c.name_parts.as_tuple()]
        # Names and comments come from other people's files: no cell may become a formula.
        writer.writerow([csvfile.safe_cell(v, k) for k, v in zip(CSV_COLUMNS, row, strict=True)])
    return out.getvalue()


def _vcard_name(c: Contact) -> Any:
    """N as kept (:class:`NameParts`); when none is known, the whole name in N's first
    component and the others empty, as Android writes a contact that has only a display
    name (AOSP VCardBuilder): the name never split at a guess ("Gutiérrez Ibáñez" is one
    family name, "José María" one given name), every address book shows it whole, and
    mxdesk reads it back as no parts (:func:`.vcard_in._card_parts`)."""
    import vobject

    if not c.name_parts:
        return vobject.vcard.Name(family=c.name)
    # A component of several values (RFC 6350: "Philip,Paul") is a list to vobject, which
    # writes it comma-separated; a single value is escaped.
    values = [p.split(",") if "," in p else p for p in c.name_parts.as_tuple()]
    return vobject.vcard.Name(**dict(zip(("family", "given", "additional", "prefix",
                                          "suffix"), values, strict=True)))


def to_vcard(contacts: Sequence[Contact], cluster_names: dict[str, str] | None = None) -> str:
    """vCard 3.0, one card per contact, written by vobject (folding and escaping included);
    N from the name's kept parts, never guessed from the whole name (:func:`_vcard_name`)."""
    import vobject

    names = cluster_names or {}
    cards = []
    for c in contacts:
        card = vobject.vCard()
        card.add("fn").value = c.name
        card.add("n").value = _vcard_name(c)
        organisation = c.organisation or names.get(c.cluster_id or "", "")
        if organisation:
            card.add("org").value = [organisation]
        if c.role:
            card.add("title").value = c.role
        # The first address or number is the preferred one: said with PREF when there are
        # several, as phones and address books read it (and mxdesk puts it first again).
        for n, point in enumerate(c.emails):
            email = card.add("email")
            email.value = point.value
            email.type_paramlist = ["INTERNET", *(t.upper() for t in point.types),
                                    *(["PREF"] if n == 0 and len(c.emails) > 1 else [])]
        for n, point in enumerate(c.phones):
            tel = card.add("tel")
            tel.value = point.value
            types = [*(t.upper() for t in point.types),
                     *(["PREF"] if n == 0 and len(c.phones) > 1 else [])]
            if types:
                tel.type_paramlist = types
        if c.tags:
            card.add("categories").value = list(c.tags)
        met = ", ".join(x for x in (c.met_where, c.met_on) if x)
        note = "\n".join(x for x in (f"Met: {met}" if met else "", c.comment) if x)
        if note:
            card.add("note").value = note
        card.add("uid").value = c.uid
        if c.cluster_id:
            card.add("x-mxdesk-cluster").value = c.cluster_id
        if c.met_where:
            card.add("x-mxdesk-met-where").value = c.met_where
        if c.met_on:
            card.add("x-mxdesk-met-on").value = c.met_on
        if c.comment:
            card.add("x-mxdesk-comment").value = c.comment
        cards.append(card.serialize())
    return "".join(cards)


def export_notes(store: NotesStore, path: Path,
                 cluster_names: dict[str, str] | None = None,
                 separator: str = csvfile.DEFAULT_SEPARATOR) -> int:
    """Write the store to *path* (format from the suffix: ``.json`` everything, ``.csv`` and
    ``.vcf`` the contacts), atomically: a whole file or none. Returns how many records were
    written. *cluster_names* (cluster id -> name) gives a vCard without an organisation its
    cluster's name as one; *separator* is a CSV's (``;`` by default, as the list export's).

    Raises :class:`ExchangeError` when the suffix is unknown, the separator is not one of
    ``; , tab``, the folder does not exist, *path* is a folder, or the file cannot be written
    (nothing is left behind).
    """
    path = Path(path)
    kind = _kind(path)
    if kind == ".json":
        text = to_json(store)
        # What was written, not what the file holds: a record that cannot be read is left out.
        count = sum(len(json.loads(text)[key]) for key in ("contacts", "notes", "shortlists",
                                                         "missions", "meetings"))
        encoding = "utf-8"
    elif kind == ".csv":
        contacts = store.contacts()
        # utf-8-sig: the byte-order mark makes spreadsheets read the accents as UTF-8.
        text, count, encoding = to_csv(contacts, separator), len(contacts), "utf-8-sig"
    else:
        contacts = store.contacts()
        text, count, encoding = to_vcard(contacts, cluster_names), len(contacts), "utf-8"
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise ExchangeError(_("cannot write {path}: the folder {folder} does not exist").format(
            path=path, folder=folder))
    if path.is_dir():
        raise ExchangeError(_("cannot write {path}: it is a folder").format(path=path))
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
        # mkstemp makes a private file (0600); an export is an ordinary file the user shares.
        os.fchmod(handle, paths.shared_file_mode())
        with os.fdopen(handle, "w", encoding=encoding, newline="") as out:
            out.write(text)
        Path(name).replace(path)
    except OSError as exc:
        if "name" in locals():
            Path(name).unlink(missing_ok=True)
        raise ExchangeError(_("cannot write {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from exc
    return count
