"""Notes in and out: JSON (everything), CSV and vCard (contacts).

Export writes a whole file or nothing. Import first *reads and plans*: a malformed file raises
:class:`ImportFileError` naming the place that is wrong, and nothing is written; a good file
yields an :class:`ImportPlan` (new records, duplicates, what a merge would change) that the
caller shows to the user before :func:`apply_plan` writes it in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mxdesk.core.errors import MxdeskError
from mxdesk.core.notes import (
    Contact,
    ContactPoint,
    Note,
    NotesStore,
    Shortlist,
    ShortlistItem,
    format_points,
    new_uid,
    parse_points,
)
from mxdesk.core.notes.records import CONTACT_FIELDS

FORMAT = "mxdesk-notes"
FORMAT_VERSION = 1
SUFFIXES = (".json", ".csv", ".vcf")
#: Larger files are refused before reading: no address book of contacts is this big, and
#: reading one whole would starve a laptop's memory.
MAX_IMPORT_BYTES = 64 * 1024 * 1024
CSV_COLUMNS = ("name", "role", "organisation", "cluster_id", "email", "phone", "met_where",
               "met_on", "tags", "comment", "uid")


class ExchangeError(MxdeskError):
    """A file cannot be written, or is of an unknown kind."""


class ImportFileError(MxdeskError):
    """An import file is malformed; the message says where. Nothing was written."""


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExchangeError(f"{path.name}: unknown format {suffix or '(no suffix)'}; use "
                            + ", ".join(SUFFIXES))
    return suffix


# -- export -----------------------------------------------------------------------------------


def _contact_data(c: Contact) -> dict[str, Any]:
    return {"uid": c.uid, "name": c.name, "role": c.role, "organisation": c.organisation,
            "cluster_id": c.cluster_id,
            "emails": [{"value": p.value, "types": list(p.types)} for p in c.emails],
            "phones": [{"value": p.value, "types": list(p.types)} for p in c.phones],
            "met_where": c.met_where, "met_on": c.met_on, "tags": list(c.tags),
            "comment": c.comment, "created_at": c.created_at, "updated_at": c.updated_at}


def to_json(store: NotesStore) -> str:
    current = store.current_shortlist()
    data = {
        "format": FORMAT, "version": FORMAT_VERSION,
        "exported_at": dt.datetime.now(tz=dt.UTC).isoformat(timespec="seconds"),
        "contacts": [_contact_data(c) for c in store.contacts()],
        "notes": [{"uid": n.uid, "body": n.body, "cluster_id": n.cluster_id,
                   "contact_uid": n.contact_uid, "created_at": n.created_at,
                   "updated_at": n.updated_at} for n in store.notes()],
        "shortlists": [{"uid": s.uid, "name": s.name, "created_at": s.created_at,
                        "updated_at": s.updated_at,
                        "items": [{"cluster_id": i.cluster_id, "remark": i.remark}
                                  for i in s.items]} for s in store.shortlists()],
        "current_shortlist_uid": current.uid if current else None,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_csv(contacts: Sequence[Contact]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for c in contacts:
        writer.writerow([c.name, c.role, c.organisation, c.cluster_id or "",
                         format_points(c.emails), format_points(c.phones),
                         c.met_where, c.met_on, "; ".join(c.tags), c.comment, c.uid])
    return out.getvalue()


def to_vcard(contacts: Sequence[Contact], cluster_names: dict[str, str] | None = None) -> str:
    """vCard 3.0, one card per contact, written by vobject (folding and escaping included)."""
    import vobject

    names = cluster_names or {}
    cards = []
    for c in contacts:
        card = vobject.vCard()
        card.add("fn").value = c.name
        parts = c.name.split()
        card.add("n").value = vobject.vcard.Name(family=parts[-1] if len(parts) > 1 else c.name,
                                                 given=" ".join(parts[:-1]))
        organisation = c.organisation or names.get(c.cluster_id or "", "")
        if organisation:
            card.add("org").value = [organisation]
        if c.role:
            card.add("title").value = c.role
        for point in c.emails:
            email = card.add("email")
            email.value = point.value
            email.type_paramlist = ["INTERNET", *(t.upper() for t in point.types)]
        for point in c.phones:
            tel = card.add("tel")
            tel.value = point.value
            if point.types:
                tel.type_paramlist = [t.upper() for t in point.types]
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
                 cluster_names: dict[str, str] | None = None) -> int:
    """Write the store to *path* (format from the suffix), atomically; returns records written."""
    path = Path(path)
    kind = _kind(path)
    if kind == ".json":
        text = to_json(store)
        # What was written, not what the file holds: a record that cannot be read is left out.
        count = sum(len(json.loads(text)[key]) for key in ("contacts", "notes", "shortlists"))
        encoding = "utf-8"
    elif kind == ".csv":
        contacts = store.contacts()
        # utf-8-sig: the byte-order mark makes spreadsheets read the accents as UTF-8.
        text, count, encoding = to_csv(contacts), len(contacts), "utf-8-sig"
    else:
        contacts = store.contacts()
        text, count, encoding = to_vcard(contacts, cluster_names), len(contacts), "utf-8"
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise ExchangeError(f"cannot write {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise ExchangeError(f"cannot write {path}: it is a folder")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
        with os.fdopen(handle, "w", encoding=encoding, newline="") as out:
            out.write(text)
        Path(name).replace(path)
    except OSError as exc:
        if "name" in locals():
            Path(name).unlink(missing_ok=True)
        raise ExchangeError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return count


# -- import: read ---------------------------------------------------------------------------


@dataclass
class Incoming:
    """What a file holds, before anything is compared or written."""

    contacts: list[Contact] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    shortlists: list[Shortlist] = field(default_factory=list)
    current_shortlist_uid: str | None = None


def _text(value: Any, where: str, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportFileError(f"{where}: “{name}” must be text, not {type(value).__name__}")
    return value


def _date_text(value: str, where: str) -> str:
    if value:
        try:
            dt.date.fromisoformat(value[:10])
        except ValueError as exc:
            raise ImportFileError(f"{where}: met_on “{value}” is not a date (YYYY-MM-DD)") \
                from exc
    return value


def _contact_from(data: Any, where: str) -> Contact:
    if not isinstance(data, dict):
        raise ImportFileError(f"{where}: a contact must be an object")
    name = _text(data.get("name"), where, "name").strip()
    if not name:
        raise ImportFileError(f"{where}: a contact needs a name")
    tags = data.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(";")]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ImportFileError(f"{where}: “tags” must be a list of text")
    def text(key: str) -> str:
        return _text(data.get(key), where, key)

    def reach(key: str) -> tuple[ContactPoint, ...]:
        # "emails": [{"value", "types"}] (format 1 since notes schema 4), else the one "email".
        listed = data.get(f"{key}s")
        if listed is None:
            return parse_points(text(key))
        if not isinstance(listed, list) or not all(
                isinstance(p, dict) and isinstance(p.get("value"), str)
                and isinstance(p.get("types", []), list) for p in listed):
            raise ImportFileError(f"{where}: “{key}s” must be a list of "
                                  '{"value": …, "types": […]}')
        return tuple(ContactPoint(p["value"].strip(), tuple(str(t).lower() for t in
                                                            p.get("types", [])))
                     for p in listed if p["value"].strip())

    return Contact(
        name=name, role=text("role"), organisation=text("organisation"),
        cluster_id=text("cluster_id") or None, emails=reach("email"), phones=reach("phone"),
        met_where=text("met_where"), met_on=_date_text(text("met_on"), where),
        tags=tuple(t for t in tags if t), comment=text("comment"),
        uid=text("uid").strip() or new_uid(), created_at=text("created_at"),
        updated_at=text("updated_at"))


def _json_line(text: str, index: int, key: str) -> str:
    """Where the *index*-th object of *key* starts, as 'line N' (for messages)."""
    position, depth = text.find(f'"{key}"'), -1
    if position < 0:
        return ""
    line = text.count("\n", 0, position) + 1
    for n, row in enumerate(text[position:].splitlines()):
        if row.strip().startswith("{") and depth < index:
            depth += 1
            if depth == index:
                return f"line {line + n}"
    return f"line {line}"


def read_json(path: Path, text: str) -> Incoming:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"{path.name} line {exc.lineno} column {exc.colno}: "
                              f"not valid JSON ({exc.msg})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFileError(f"{path.name}: not an mxdesk notes file (no \"format\": "
                              f"\"{FORMAT}\")")
    if not isinstance(data.get("version"), int) or data["version"] > FORMAT_VERSION:
        raise ImportFileError(f"{path.name}: made by a newer mxdesk (format version "
                              f"{data.get('version')}); install the newer mxdesk to import it")
    current = data.get("current_shortlist_uid")
    incoming = Incoming(current_shortlist_uid=current if isinstance(current, str) else None)
    for key in ("contacts", "notes", "shortlists"):
        if not isinstance(data.get(key, []), list):
            raise ImportFileError(f"{path.name}: “{key}” must be a list")
    for n, item in enumerate(data.get("contacts", [])):
        where = f"{path.name} {_json_line(text, n, 'contacts')} (contact {n + 1})"
        incoming.contacts.append(_contact_from(item, where))
    for n, item in enumerate(data.get("notes", [])):
        where = f"{path.name} {_json_line(text, n, 'notes')} (note {n + 1})"
        if not isinstance(item, dict):
            raise ImportFileError(f"{where}: a note must be an object")
        body = _text(item.get("body"), where, "body")
        if not body.strip():
            raise ImportFileError(f"{where}: a note needs some text")
        incoming.notes.append(Note(
            body=body, cluster_id=_text(item.get("cluster_id"), where, "cluster_id") or None,
            contact_uid=_text(item.get("contact_uid"), where, "contact_uid") or None,
            uid=_text(item.get("uid"), where, "uid").strip() or new_uid(),
            created_at=_text(item.get("created_at"), where, "created_at"),
            updated_at=_text(item.get("updated_at"), where, "updated_at")))
    for n, item in enumerate(data.get("shortlists", [])):
        where = f"{path.name} {_json_line(text, n, 'shortlists')} (shortlist {n + 1})"
        if not isinstance(item, dict) or not _text(item.get("name"), where, "name").strip():
            raise ImportFileError(f"{where}: a shortlist needs a name")
        items = item.get("items", [])
        if not isinstance(items, list) or not all(
                isinstance(i, dict) and isinstance(i.get("cluster_id"), str) for i in items):
            raise ImportFileError(f"{where}: “items” must be a list of {{\"cluster_id\": …}}")
        incoming.shortlists.append(Shortlist(
            name=item["name"].strip(),
            items=tuple(ShortlistItem(i["cluster_id"], _text(i.get("remark"), where, "remark"))
                        for i in items),
            uid=_text(item.get("uid"), where, "uid").strip() or new_uid(),
            created_at=_text(item.get("created_at"), where, "created_at"),
            updated_at=_text(item.get("updated_at"), where, "updated_at")))
    return incoming


def read_csv(path: Path, text: str) -> Incoming:
    # newline="": the csv module does its own line-ending handling (\r, \r\n, \n).
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        return _read_csv_rows(path, reader)
    except csv.Error as exc:
        raise ImportFileError(f"{path.name} line {reader.line_num}: {exc}") from exc


def _read_csv_rows(path: Path, reader: csv.DictReader[str]) -> Incoming:
    columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    if "name" not in columns:
        raise ImportFileError(f"{path.name} line 1: no “name” column (the columns are "
                              f"{', '.join(columns) or 'missing'}; expected "
                              f"{', '.join(CSV_COLUMNS)})")
    unknown = [c for c in columns if c and c not in CSV_COLUMNS]
    if unknown:
        raise ImportFileError(f"{path.name} line 1: unknown column(s) {', '.join(unknown)}; "
                              f"known: {', '.join(CSV_COLUMNS)}")
    incoming = Incoming()
    for row in reader:
        where = f"{path.name} line {reader.line_num}"
        if None in row:
            raise ImportFileError(f"{where}: more fields than columns")
        data = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if not any(data.values()):
            continue
        incoming.contacts.append(_contact_from(data, where))
    return incoming


def _vcard_value(card: Any, name: str) -> str:
    child = getattr(card, name, None)
    if child is None:
        return ""
    value = child.value
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def read_vcard(path: Path, text: str) -> Incoming:
    import vobject

    incoming = Incoming()
    try:
        cards = list(vobject.readComponents(text, validate=True))
    except (vobject.base.ParseError, vobject.base.ValidateError, ValueError) as exc:
        line = getattr(exc, "lineNumber", None)
        where = f" line {line}" if line else ""
        raise ImportFileError(f"{path.name}{where}: not a valid vCard file ({exc})") from exc
    for n, card in enumerate(cards):
        where = f"{path.name} (card {n + 1})"
        if card.name != "VCARD":
            raise ImportFileError(f"{where}: expected a VCARD, found {card.name}")
        name = _vcard_value(card, "fn").strip()
        if not name:
            raise ImportFileError(f"{where}: a card needs a name (FN)")
        comment = _vcard_value(card, "x_mxdesk_comment")
        if not comment:
            lines = _vcard_value(card, "note").splitlines()
            comment = "\n".join(x for x in lines if not x.startswith("Met: "))
        categories = getattr(card, "categories", None)
        tags = tuple(str(t) for t in categories.value) if categories is not None else ()
        incoming.contacts.append(Contact(
            name=name, role=_vcard_value(card, "title"),
            organisation=_vcard_value(card, "org"),
            cluster_id=_vcard_value(card, "x_mxdesk_cluster") or None,
            emails=tuple(ContactPoint(str(e.value).strip(), tuple(
                t.lower() for t in e.params.get("TYPE", []) if t.lower() not in ("internet",)))
                for e in card.contents.get("email", []) if str(e.value).strip()),
            phones=tuple(ContactPoint(str(t.value).strip(), tuple(
                x.lower() for x in t.params.get("TYPE", [])))
                for t in card.contents.get("tel", []) if str(t.value).strip()),
            met_where=_vcard_value(card, "x_mxdesk_met_where"),
            met_on=_date_text(_vcard_value(card, "x_mxdesk_met_on"), where),
            tags=tags, comment=comment,
            uid=_vcard_value(card, "uid").strip() or new_uid()))
    return incoming


def read_file(path: Path) -> Incoming:
    path = Path(path)
    kind = _kind(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ImportFileError(f"{path} is a folder, not a file")
        if size > MAX_IMPORT_BYTES:
            raise ImportFileError(f"{path.name} is {size / 1e6:.0f} MB: too large to be a notes "
                                  f"or contacts file (the limit is "
                                  f"{MAX_IMPORT_BYTES // 1024 // 1024} MB); nothing was read")
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ImportFileError(f"{path.name} line {line}: not UTF-8 text") from exc
    reader = {".json": read_json, ".csv": read_csv, ".vcf": read_vcard}[kind]
    return reader(path, text)


# -- import: plan and apply -------------------------------------------------------------------


@dataclass
class ImportPlan:
    """What an import would do; nothing is written until :func:`apply_plan`."""

    new_contacts: list[Contact] = field(default_factory=list)
    #: (incoming, existing) pairs of the same person whose details differ
    changed_contacts: list[tuple[Contact, Contact]] = field(default_factory=list)
    same_contacts: int = 0
    new_notes: list[Note] = field(default_factory=list)
    same_notes: int = 0
    changed_notes: list[tuple[Note, Note]] = field(default_factory=list)
    new_shortlists: list[Shortlist] = field(default_factory=list)
    changed_shortlists: list[tuple[Shortlist, Shortlist]] = field(default_factory=list)
    same_shortlists: int = 0
    current_shortlist_uid: str | None = None

    def summary(self, merge: bool) -> str:
        """One paragraph a person reads before saying yes."""
        verb = ("merged (empty fields filled and others updated from the file; a comment or "
                "note text that differs stays, with the file's version kept in a note beside it)"
                if merge else "skipped, kept as they are")
        lines = [
            f"{len(self.new_contacts)} new contacts, {len(self.new_notes)} new notes, "
            f"{len(self.new_shortlists)} new shortlists will be added.",
            f"{self.same_contacts + self.same_notes + self.same_shortlists} records are already "
            "here unchanged and will be skipped.",
        ]
        changed = (len(self.changed_contacts) + len(self.changed_notes)
                   + len(self.changed_shortlists))
        if changed:
            names = ", ".join(a.name for a, _b in self.changed_contacts[:5])
            more = "…" if len(self.changed_contacts) > 5 else ""
            which = f"{names}{more}" if names else "notes and shortlists"
            lines.append(f"{changed} records differ from the ones here ({which}); they will "
                         f"be {verb}.")
        return " ".join(lines)

    @property
    def empty(self) -> bool:
        return not (self.new_contacts or self.new_notes or self.new_shortlists
                    or self.changed_contacts or self.changed_notes or self.changed_shortlists)


def plan_import(store: NotesStore, incoming: Incoming) -> ImportPlan:
    """Compare a file's records with the store: by uid, else by name and e-mail."""
    plan = ImportPlan(current_shortlist_uid=incoming.current_shortlist_uid)
    existing = store.contacts()
    by_uid = {c.uid: c for c in existing}
    by_key = {c.exchange_key(): c for c in existing}
    seen: set[str] = set()
    for contact in incoming.contacts:
        match = by_uid.get(contact.uid) or by_key.get(contact.exchange_key())
        if match is None:
            if contact.uid in seen:
                continue  # the same uid twice in one file
            seen.add(contact.uid)
            plan.new_contacts.append(contact)
        elif match.same_content(contact):
            plan.same_contacts += 1
        else:
            plan.changed_contacts.append((contact, match))
    notes_by_uid = {n.uid: n for n in store.notes()}
    for note in incoming.notes:
        known = notes_by_uid.get(note.uid)
        if known is None:
            plan.new_notes.append(note)
        elif (known.body, known.cluster_id) == (note.body, note.cluster_id):
            plan.same_notes += 1
        else:
            plan.changed_notes.append((note, known))
    lists = store.shortlists()
    lists_by_uid = {s.uid: s for s in lists}
    lists_by_name = {s.name.casefold(): s for s in lists}
    for shortlist in incoming.shortlists:
        current = lists_by_uid.get(shortlist.uid) or lists_by_name.get(shortlist.name.casefold())
        if current is None:
            plan.new_shortlists.append(shortlist)
        elif current.items == shortlist.items and current.name == shortlist.name:
            plan.same_shortlists += 1
        else:
            plan.changed_shortlists.append((shortlist, current))
    return plan


def _merged(incoming: Contact, current: Contact) -> Contact:
    values = {f: getattr(incoming, f) or getattr(current, f) for f in (
        "name", "role", "organisation", "cluster_id", "emails", "phones", "met_where", "met_on",
        "comment")}
    tags = tuple(dict.fromkeys([*current.tags, *incoming.tags]))
    return replace(current, tags=tags, **values)


def apply_plan(store: NotesStore, plan: ImportPlan, merge: bool) -> tuple[int, int]:
    """Write the plan in one transaction; returns (records added, records merged).

    The notes as they were are backed up first (``before-import``), so any import can be
    taken back with File ▸ Restore. Merging fills and updates fields from the file, but a text
    (a comment, a note) that differs on both sides is never replaced: the record keeps its own
    and the file's is kept in a note beside it. Raises StoreError (nothing written) when the
    backup or the write fails."""
    added = merged = 0
    if not plan.empty and store.counts() != (0, 0, 0):
        store.backup(reason="before-import")
    with store.transaction() as conn:
        for contact in plan.new_contacts:
            clean = replace(contact, id=None)
            if store.contact_by_uid(clean.uid) is not None:
                clean = replace(clean, uid=Contact("x").uid)
            store.write_contact(conn, clean)
            added += 1
        if merge:
            # Field by field from the record the plan was made against: what another window
            # saved since is kept, never overwritten with the plan's older copy.
            for incoming, current in plan.changed_contacts:
                wanted = _merged(incoming, current)
                changes = {f: getattr(wanted, f) for f in CONTACT_FIELDS
                           if getattr(wanted, f) != getattr(current, f)}
                if current.comment and "comment" in changes:
                    store.keep_conflict(conn, "contact", current, "comment", current.comment,
                                        changes.pop("comment"))
                store.merge_in(conn, "contact", current, changes)
                merged += 1
        for note in plan.new_notes:
            store.write_note(conn, replace(note, id=None))
            added += 1
        if merge:
            for incoming_note, current_note in plan.changed_notes:
                fields: dict[str, object] = {"cluster_id": incoming_note.cluster_id}
                if current_note.body.strip() and incoming_note.body != current_note.body:
                    store.keep_conflict(conn, "note", current_note, "body", current_note.body,
                                        incoming_note.body)
                else:
                    fields["body"] = incoming_note.body
                store.merge_in(conn, "note", current_note, fields)
                merged += 1
        now = dt.datetime.now(tz=dt.UTC).isoformat(timespec="seconds")
        for shortlist in plan.new_shortlists:
            name = shortlist.name
            taken = {s.name.casefold() for s in store.shortlists()}
            n = 2
            while name.casefold() in taken:
                name, n = f"{shortlist.name} ({n})", n + 1
            cur = conn.execute("INSERT INTO shortlists (uid, name, created_at, updated_at) "
                               "VALUES (?, ?, ?, ?)", [shortlist.uid, name,
                                                      shortlist.created_at or now,
                                                      shortlist.updated_at or now])
            _insert_items(conn, int(cur.lastrowid or 0), shortlist.items)
            added += 1
        if merge:
            for incoming_list, current_list in plan.changed_shortlists:
                known = {i.cluster_id for i in current_list.items}
                items = [*current_list.items,
                         *(i for i in incoming_list.items if i.cluster_id not in known)]
                conn.execute("DELETE FROM shortlist_items WHERE shortlist_id = ?",
                             [current_list.id])
                _insert_items(conn, int(current_list.id or 0), items)
                merged += 1
        if plan.current_shortlist_uid and not store.setting("current_shortlist"):
            row = conn.execute("SELECT id FROM shortlists WHERE uid = ?",
                               [plan.current_shortlist_uid]).fetchone()
            if row:
                conn.execute("INSERT INTO settings (key, value) VALUES ('current_shortlist', ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                             [str(row[0])])
    return added, merged


def _insert_items(conn: Any, shortlist_id: int, items: Sequence[ShortlistItem]) -> None:
    conn.executemany("INSERT OR IGNORE INTO shortlist_items (shortlist_id, cluster_id, position, "
                     "remark) VALUES (?, ?, ?, ?)",
                     [(shortlist_id, i.cluster_id, n, i.remark) for n, i in enumerate(items)])
