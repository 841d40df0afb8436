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
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mxdesk.core import csvfile, paths, vcard
from mxdesk.core.errors import CancelledError, MxdeskError
from mxdesk.core.notes import (
    Contact,
    ContactPoint,
    Note,
    NotesStore,
    Shortlist,
    ShortlistItem,
    new_uid,
    parse_points,
)
from mxdesk.core.notes.records import CONTACT_FIELDS
from mxdesk.core.text import fold

FORMAT = "mxdesk-notes"
FORMAT_VERSION = 1
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


def _kind(path: Path, reading: bool = False) -> str:
    suffix = path.suffix.lower()
    known = IMPORT_SUFFIXES if reading else SUFFIXES
    if suffix not in known:
        raise ExchangeError(f"{path.name}: unknown format {suffix or '(no suffix)'}; use "
                            + ", ".join(known))
    return ".csv" if suffix == ".txt" else suffix


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


def _own_points(found: Sequence[ContactPoint]) -> str:
    """Points as mxdesk's CSV writes them: :func:`format_points` with the values escaped
    (:func:`csvfile.escape_value`), so that a ``;`` in a number never splits it."""
    return "; ".join(csvfile.escape_value(p.value) + (f" ({', '.join(p.types)})" if p.types
                                                      else "") for p in found)


def to_csv(contacts: Sequence[Contact]) -> str:
    out = io.StringIO()
    # Every field quoted: a spreadsheet that splits on ";" (Excel in German, Spanish, French;
    # LibreOffice set to 59) or a tab then keeps "Llamar;=2+5;" in one cell, never makes
    # "=2+5" a cell of its own, where it would be a formula.
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for c in contacts:
        row = [c.name, c.role, c.organisation, c.cluster_id or "", _own_points(c.emails),
               _own_points(c.phones), c.met_where, c.met_on, csvfile.join_escaped(c.tags),
               c.comment, c.uid]
        # Names and comments come from other people's files: no cell may become a formula.
        writer.writerow([csvfile.safe_cell(v, k) for k, v in zip(CSV_COLUMNS, row, strict=True)])
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
        # mkstemp makes a private file (0600); an export is an ordinary file the user shares.
        os.fchmod(handle, paths.shared_file_mode())
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
    #: What the import summary must say about reading: what was not kept, how it was read.
    notices: list[str] = field(default_factory=list)
    #: Where each record is in the file ("line 12 (card 3, Ana Pérez)"), for messages.
    contact_places: list[str] = field(default_factory=list)
    note_places: list[str] = field(default_factory=list)
    shortlist_places: list[str] = field(default_factory=list)
    #: The file's name, for messages about its records.
    source: str = ""


def _text(value: Any, where: str, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportFileError(f"{where}: “{name}” must be text, not {type(value).__name__}")
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_text(value: str, where: str) -> str:
    """*value* when it is a date YYYY-MM-DD and nothing else (or empty)."""
    value = value.strip()
    if value:
        try:
            if not _ISO_DATE.fullmatch(value):
                raise ValueError(value)
            dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ImportFileError(f"{where}: met_on “{value}” is not a date (YYYY-MM-DD)") \
                from exc
    return value


#: What mxdesk's JSON holds of a contact (the export's and the rescue's keys, and the older
#: single "email"/"phone").
_CONTACT_KEYS = {"uid", "name", "role", "organisation", "cluster_id", "email", "phone",
                 "emails", "phones", "met_where", "met_on", "tags", "comment", "created_at",
                 "updated_at", "id", "version"}


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
                and isinstance(p.get("types", []), list)
                and all(isinstance(t, str) for t in p.get("types", [])) for p in listed):
            raise ImportFileError(f"{where}: “{key}s” must be a list of "
                                  '{"value": …, "types": […]}')
        return tuple(ContactPoint(p["value"].strip(), tuple(t.lower() for t in
                                                            p.get("types", [])))
                     for p in listed if p["value"].strip())

    return Contact(
        name=name, role=text("role"), organisation=text("organisation"),
        cluster_id=text("cluster_id") or None, emails=reach("email"), phones=reach("phone"),
        met_where=text("met_where"), met_on=_date_text(text("met_on"), where),
        tags=tuple(t.strip() for t in tags if t.strip()), comment=text("comment"),
        uid=text("uid").strip() or new_uid(), created_at=text("created_at"),
        updated_at=text("updated_at"))


#: JSON's whitespace (RFC 8259): what may stand between two tokens.
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
#: The top-level lists whose records are read one at a time.
_RECORD_LISTS = ("contacts", "notes", "shortlists")


class _NotWalkedError(ValueError):
    """The file is not laid out as :func:`_walk_json` reads it (json.loads then decides)."""


def _walk_json(text: str, tick: Tick) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The top-level object of *text*, its record lists decoded a record at a time by the
    json module's own decoder (``raw_decode``), with a tick between records; and the line
    where each record starts, per list (1-based), for messages.

    json.loads of a whole file of 100,000 contacts is one call of 300 ms or more, in which
    the window's thread cannot run; a record is a fraction of a millisecond. Raises
    ValueError (or IndexError at an early end) where the text is not JSON."""
    decoder = json.JSONDecoder()

    def space(at: int) -> int:
        found = _JSON_SPACE.match(text, at)
        assert found is not None  # (the pattern matches the empty string)
        return found.end()

    def expect(at: int, mark: str) -> int:
        if text[at] != mark:
            raise _NotWalkedError(f"expected {mark!r} at {at}")
        return space(at + 1)

    data: dict[str, Any] = {}
    lines: dict[str, list[int]] = {}
    line, counted = 1, 0
    at = expect(space(0), "{")
    if text[at] == "}":
        at += 1
    else:
        while True:
            key, at = decoder.raw_decode(text, at)
            if not isinstance(key, str):
                raise _NotWalkedError(f"a key that is not a string at {at}")
            at = expect(space(at), ":")
            if key in _RECORD_LISTS and text[at] == "[":
                items: list[Any] = []
                starts: list[int] = []
                at = space(at + 1)
                while text[at] != "]":
                    tick()
                    line += text.count("\n", counted, at)
                    counted = at
                    starts.append(line)
                    item, at = decoder.raw_decode(text, at)
                    items.append(item)
                    at = space(at)
                    if text[at] == ",":
                        at = space(at + 1)
                        if text[at] == "]":
                            raise _NotWalkedError(f"a comma before ']' at {at}")
                    elif text[at] != "]":
                        raise _NotWalkedError(f"expected ',' or ']' at {at}")
                at += 1
                data[key], lines[key] = items, starts
            else:
                data[key], at = decoder.raw_decode(text, at)
            at = space(at)
            if text[at] == ",":
                at = space(at + 1)
                continue
            at = expect(at, "}")
            break
    if space(at) != len(text):
        raise _NotWalkedError(f"more after the object at {at}")
    return data, lines


def _decode_json(path: Path, text: str, tick: Tick) -> tuple[Any, dict[str, list[int]]]:
    """The file's JSON value and its records' lines (see :func:`_walk_json`); raises
    :class:`ImportFileError` naming the line and column where it is not JSON."""
    try:
        return _walk_json(text, tick)
    except (ValueError, IndexError, RecursionError):
        pass  # not an object of lists, or not JSON: the json module says which, and where
    try:
        return json.loads(text), {}
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"{path.name} line {exc.lineno} column {exc.colno}: "
                              f"not valid JSON ({exc.msg})") from exc
    except RecursionError as exc:
        # json's C scanner recurses once per bracket: a file of 100,000 "[" exhausts the stack.
        raise ImportFileError(f"{path.name}: nested too deeply to be an mxdesk notes file "
                              "(lists or objects inside each other thousands of levels "
                              "deep)") from exc


def read_json(path: Path, text: str, tick: Tick | None = None) -> Incoming:
    """The records of an mxdesk JSON file (:func:`to_json`, or a rescue's), *tick* called
    once per record; :class:`ImportFileError` names the record and its line."""
    tick = tick or _still
    data, starts = _decode_json(path, text, tick)
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
    not_kept: Counter[str] = Counter()

    def line_of(key: str, n: int) -> str:
        found = starts.get(key, [])
        return f"line {found[n]}" if n < len(found) else ""

    for n, item in enumerate(_handed_over(data.get("contacts", []), tick)):
        place = f"{line_of('contacts', n)} (contact {n + 1})"
        where = f"{path.name} {place}"
        incoming.contacts.append(_contact_from(item, where))
        incoming.contact_places.append(place)
        not_kept.update(str(k) for k in item if k not in _CONTACT_KEYS)
    if not_kept:
        listed = ", ".join(f"“{k}” ({_plural(n, 'contact')})" for k, n in not_kept.items())
        incoming.notices.append(f"Fields mxdesk does not keep, left out: {listed}.")
    for n, item in enumerate(_handed_over(data.get("notes", []), tick)):
        place = f"{line_of('notes', n)} (note {n + 1})"
        where = f"{path.name} {place}"
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
        incoming.note_places.append(place)
    for n, item in enumerate(_handed_over(data.get("shortlists", []), tick)):
        place = f"{line_of('shortlists', n)} (shortlist {n + 1})"
        where = f"{path.name} {place}"
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
        incoming.shortlist_places.append(place)
    return incoming


def _handed_over(records: list[Any], tick: Tick) -> Iterator[Any]:
    """Each of *records* in turn, its place in the list emptied as it is taken, with a tick
    before each: the records go as they are used, not all at the end (freeing 100,000 at once
    holds the GIL for 50-150 ms, in which the window cannot paint)."""
    for n, record in enumerate(records):
        tick()
        records[n] = None
        yield record


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _counted(n: int, word: str) -> str:
    """As :func:`_plural`, with thousands separated ("1,234 new contacts")."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


#: Numbers nobody calls: after the voice numbers unless the file prefers them.
_NOT_VOICE = {"fax", "pager", "telex", "textphone", "isdn", "modem"}


def _ordered(found: list[tuple[int, ContactPoint]]) -> tuple[ContactPoint, ...]:
    """Points in the file's order, the preferred ones first (rank 0 for PREF, 4.0's PREF=n);
    among points of one rank, a fax or pager after the numbers one calls (Outlook's columns
    put "Business Fax" before "Business Phone")."""
    return tuple(p for _rank, p in sorted(
        found, key=lambda x: (x[0], bool(_NOT_VOICE & set(x[1].types)))))


def _name_from_parts(prefix: str, given: str, middle: str, family: str, suffix: str) -> str:
    """A name as it is said: "Dr. José María Gutiérrez Ibáñez Jr."."""
    return " ".join(" ".join(x.replace(",", " ").split())
                    for x in (prefix, given, middle, family, suffix) if x.strip())


def read_csv(path: Path, raw: bytes, tick: Tick | None = None) -> Incoming:
    """Contacts from a CSV file: mxdesk's own, or a mail program's or spreadsheet's export."""
    try:
        text, encoding = csvfile.decode(raw)
    except csvfile.CsvFileError as exc:
        raise ImportFileError(f"{path.name} line {exc.line}: {exc.message}") from exc
    sep = csvfile.separator(text)
    found = f"read as {csvfile.SEPARATORS[sep]}-separated {encoding}"
    broken = csvfile.quote_problem(text, sep)
    if broken:
        raise ImportFileError(f"{path.name} line {broken[0]}: {broken[1]}; nothing was "
                              f"imported ({found})")
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=sep)
    # A long comment mxdesk wrote may pass the csv module's 131,072-character limit: the
    # limit becomes the file's length (never unbounded), and is put back afterwards.
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        return _read_csv_rows(path, rows, found, encoding, tick or _still)
    except csv.Error as exc:
        raise ImportFileError(f"{path.name} line {rows.line_num}: {exc} ({found})") from exc
    finally:
        csv.field_size_limit(limit)


def _columns(headers: list[str]) -> list[csvfile.Column] | None:
    """What each header means, or None when none of them holds a name."""
    keys = {csvfile.header_key(h) for h in headers}
    columns = [csvfile.column(h, keys) for h in headers]
    titles = [n for n, h in enumerate(headers) if csvfile.header_key(h) == "titre"]
    if len(titles) > 1:  # French Outlook: "Titre" (Mme, Dr) … "Titre" (the job title)
        columns[titles[0]] = csvfile.Column(headers[titles[0]], "prefix")
    return columns if {c.field for c in columns} & {"name", "given", "family", "middle"} \
        else None


def _read_csv_rows(path: Path, rows: Any, found: str, encoding: str,
                   tick: Tick) -> Incoming:
    incoming = Incoming()
    first = next(rows, None)
    if first is not None and len(first) == 1 and re.fullmatch(r"sep=.", first[0]):
        first = next(rows, None)  # Excel's separator line, already used
    if first is None:
        raise ImportFileError(f"{path.name}: the file is empty ({found})")
    columns, first_line = _columns(first), rows.line_num
    skipped = 0
    while columns is None and skipped < 10:
        # Some exports (LinkedIn's) put a few lines of explanation above the column names.
        candidate = next(rows, None)
        if candidate is None:
            break
        skipped += 1
        columns = _columns(candidate)
    if columns is None:
        shown = ", ".join(f"“{h}”" for h in first[:12]) or "none"
        more = f" and {len(first) - 12} more" if len(first) > 12 else ""
        raise ImportFileError(
            f"{path.name} line {first_line}: no column for the name among the {len(first)} "
            f"columns found ({shown}{more}; {found}); mxdesk reads "
            f"{', '.join(csvfile.COLUMNS)}, or First Name / Last Name and the columns of "
            "Outlook, Google and Thunderbird exports")
    if skipped:
        incoming.notices.append(
            f"The column names are on line {rows.line_num}; the "
            f"{_plural(rows.line_num - 1, 'line')} above them, not part of the table, "
            "were skipped.")
    if encoding == "Windows-1252":
        incoming.notices.append(
            "The file is not UTF-8: it was read as Windows-1252 (the Western European Windows "
            "encoding); check that accented letters look right.")
    # mxdesk's own file (as exported, or re-saved by a spreadsheet): its cells of several
    # values are escaped (csvfile.join_escaped) and its comments kept as written.
    own = {csvfile.header_key(c.header) for c in columns} == {
        csvfile.header_key(c) for c in csvfile.COLUMNS}
    kept_as_written = {n for n, c in enumerate(columns) if own and c.field == "comment"}
    not_kept: Counter[str] = Counter()
    named_otherwise: list[int] = []
    exchange_paths: list[int] = []
    dates: dict[str, list[int]] = {}
    end = rows.line_num
    for row in rows:
        tick()
        start, end = end + 1, rows.line_num
        where = f"{path.name} line {start}"
        # A comment keeps its spaces in mxdesk's own file; line breaks are "\n" everywhere.
        cells = [csvfile.unguard(c.replace("\r\n", "\n") if n in kept_as_written
                                 else c.replace("\r\n", "\n").strip(), inner=own)
                 for n, c in enumerate(row)]
        if len(cells) > len(columns):
            if any(cells[len(columns):]):
                raise ImportFileError(f"{where}: more fields than columns ({len(cells)} "
                                      f"fields, {len(columns)} columns; {found})")
            cells = cells[:len(columns)]
        if not any(cells):
            continue
        values: dict[str, list[str]] = {}
        emails: list[tuple[int, ContactPoint]] = []
        phones: list[tuple[int, ContactPoint]] = []
        pairs: dict[str, tuple[tuple[str, ...], bool]] = {}
        for col, cell in zip(columns, cells, strict=False):
            if col.is_type and cell:
                pairs[col.pair] = csvfile.google_types(cell)
        for col, cell in zip(columns, cells, strict=False):
            if not cell or col.is_type or col.field == csvfile.IGNORED:
                continue
            if col.field in ("email", "phone"):
                target = emails if col.field == "email" else phones
                types, preferred = pairs.get(col.pair, ((), False))
                header_types = tuple(t for t in (*col.types, *types) if t != "pref")
                first = preferred or "pref" in col.types
                if col.pair:
                    cell_points = tuple(ContactPoint(v) for v in csvfile.points_of(cell))
                elif own:
                    cell_points = tuple(ContactPoint(v, tuple(
                        t.strip().lower() for t in types.split(",") if t.strip()))
                        for v, types in csvfile.split_escaped(cell))
                else:
                    cell_points = parse_points(cell)
                for point in cell_points:
                    if col.field == "email" and point.value.lower().startswith("/o="):
                        # Outlook's type "EX": an Exchange directory path, not an address.
                        exchange_paths.append(start)
                        continue
                    typed = point if point.types else ContactPoint(point.value, header_types)
                    target.append((0 if first else 1, typed))
            elif col.field:
                values.setdefault(col.field, []).append(cell)
            elif cell.casefold() not in csvfile.OUTLOOK_DEFAULTS:
                not_kept[col.header.strip()] += 1

        def one(key: str, joiner: str = " ", values: dict[str, list[str]] = values) -> str:
            return joiner.join(values.get(key, []))

        name = one("name")
        parts = _name_from_parts(one("prefix"), one("given"), one("middle"), one("family"),
                                 one("suffix"))
        if not name or set(fold(name).split()) < set(fold(parts).split()):
            # "Nombre" beside "Apellidos" taken for the whole name would lose the surname.
            name = parts
        organisation = ", ".join(x for x in (one("organisation", ", "), one("department", ", "))
                                 if x)
        if own:
            tags = [t for cell in values.get("tags", []) for t, _ in csvfile.split_escaped(cell)]
        else:
            tags = [t.strip().lstrip("*").strip() for cell in values.get("tags", [])
                    for t in re.split(r";|:::", cell)]
        if not name:
            name = organisation or next((p.value for p in (*_ordered(emails),
                                                             *_ordered(phones))), "")
            if name:
                named_otherwise.append(start)
        met_on = one("met_on").strip()
        if met_on and not _ISO_DATE.fullmatch(met_on):
            iso = csvfile.iso_date(met_on)
            if iso:
                dates.setdefault(f"“{met_on}” as {iso}", []).append(start)
                met_on = iso
            elif csvfile.iso_date(met_on.replace("/", ".").replace("-", ".")):
                raise ImportFileError(
                    f"{where}: met_on “{met_on}” could be day/month or month/day; write it "
                    "as YYYY-MM-DD (or day.month.year); nothing was imported")
        data = {"name": name, "role": one("role", ", "), "organisation": organisation,
                "cluster_id": one("cluster_id"), "met_where": one("met_where"),
                "met_on": met_on, "tags": [t for t in tags if t],
                "comment": one("comment", "\n\n"), "uid": one("uid"),
                "emails": [{"value": p.value, "types": list(p.types)} for p in _ordered(emails)],
                "phones": [{"value": p.value, "types": list(p.types)} for p in _ordered(phones)]}
        if not name:
            raise ImportFileError(f"{where}: a contact needs a name (this row has no name, "
                                  "organisation, e-mail address or phone number)")
        incoming.contacts.append(_contact_from(data, where))
        incoming.contact_places.append(f"line {start}")
    if named_otherwise:
        incoming.notices.append(
            f"{_plural(len(named_otherwise), 'row')} had no name and "
            f"{'was' if len(named_otherwise) == 1 else 'were'} named by the organisation, "
            f"e-mail address or phone number (line "
            f"{', '.join(map(str, named_otherwise[:10]))}).")
    if exchange_paths:
        incoming.notices.append(
            f"{_plural(len(exchange_paths), 'e-mail')} of Outlook type EX "
            f"(an Exchange directory path, “/o=…”, not an address) left out (line "
            f"{', '.join(map(str, exchange_paths[:10]))}).")
    if dates:
        read = [f"{said} (line {', '.join(map(str, at[:5]))}{', …' if len(at) > 5 else ''})"
                for said, at in dates.items()]
        incoming.notices.append("Dates in met_on stored as YYYY-MM-DD: " + ", ".join(
            read[:5]) + (", …" if len(read) > 5 else "") + ".")
    if not_kept:
        listed = ", ".join(f"“{h}” ({_plural(n, 'row')})" for h, n in not_kept.items())
        incoming.notices.append(f"Columns mxdesk does not keep, left out: {listed}.")
    return incoming


#: vCard properties mxdesk has no place for, as the summary names them.
_NOT_KEPT = {
    "ADR": "postal addresses", "LABEL": "postal addresses", "X-SAMSUNGADR": "postal addresses",
    "BDAY": "birthdays",
    "ANNIVERSARY": "anniversaries", "X-ANNIVERSARY": "anniversaries", "URL": "web addresses",
    "PHOTO": "photos", "LOGO": "logos", "SOUND": "sounds", "KEY": "public keys",
    "NICKNAME": "nicknames", "IMPP": "chat addresses", "X-AIM": "chat addresses",
    "X-JABBER": "chat addresses", "X-SKYPE": "chat addresses", "X-MSN": "chat addresses",
    "X-ICQ": "chat addresses", "X-YAHOO": "chat addresses", "X-QQ": "chat addresses",
    "X-SOCIALPROFILE": "social profiles", "GEO": "map positions", "TZ": "time zones",
    "RELATED": "related people", "X-ABRELATEDNAMES": "related people",
    "X-ABDATE": "dates", "GENDER": "genders", "X-GENDER": "genders", "LANG": "languages",
    "FBURL": "calendar addresses", "CALURI": "calendar addresses",
    "CALADRURI": "calendar addresses", "MEMBER": "group members", "AGENT": "agents",
    "X-PHONETIC-FIRST-NAME": "phonetic names", "X-PHONETIC-LAST-NAME": "phonetic names",
    "X-PHONETIC-MIDDLE-NAME": "phonetic names", "SORT-STRING": "sorting names",
}
#: Properties that hold nothing of the person's beyond what is kept (or only the file's own
#: housekeeping): read, used where they help, never reported.
_HOUSEKEEPING = {"VERSION", "PRODID", "REV", "N", "FN", "UID", "X-ABLABEL", "X-ABUID",
                 "X-ABADR", "X-IMAGETYPE", "X-IMAGEHASH",
                 "CLASS", "KIND", "X-ADDRESSBOOKSERVER-KIND", "SOURCE", "NAME", "PROFILE",
                 "MAILER", "X-ABSHOWAS", "CLIENTPIDMAP", "EMAIL", "TEL", "ORG", "TITLE", "ROLE",
                 "CATEGORIES", "NOTE", "X-MXDESK-CLUSTER", "X-MXDESK-MET-WHERE",
                 "X-MXDESK-MET-ON", "X-MXDESK-COMMENT"}
_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_")
_LABEL_TYPES = {"mobile": "cell", "iphone": "cell", "homefax": "home,fax",
                "workfax": "work,fax", "otherfax": "other,fax"}


def _card_points(card: vcard.Card, name: str) -> tuple[ContactPoint, ...]:
    labels = {p.group: card.text(p) for p in card.all("X-ABLABEL") if p.group}
    found: list[tuple[int, ContactPoint]] = []
    for prop in card.all(name):
        value = card.text(prop).strip()
        if name == "TEL" and value.lower().startswith("tel:"):
            value = value[4:]  # vCard 4.0: VALUE=uri
        if name == "EMAIL" and value.lower().startswith("mailto:"):
            value = value[7:]
        if not value:
            continue
        types = [t for t in prop.types if t not in ("internet", "x400", "pref")]
        label = labels.get(prop.group, "") if prop.group else ""
        if label:
            apple = _APPLE_LABEL.fullmatch(label)
            word = (apple[1] if apple else label).strip().lower()
            types.extend(_LABEL_TYPES.get(word, word).split(","))
        pref = prop.param("PREF")
        rank = (0 if "pref" in prop.types else
                int(pref) if pref.isdigit() else 101)
        found.append((rank, ContactPoint(value, tuple(dict.fromkeys(t for t in types if t)))))
    return _ordered(found)


def _card_name(card: vcard.Card) -> tuple[str, str]:
    """(name, what it was taken from when not FN or N)."""
    fn = next((card.text(p).strip() for p in card.all("FN") if card.text(p).strip()), "")
    if fn:
        return " ".join(fn.split()), ""
    n = card.first("N")
    if n is not None:
        parts = [*card.parts(n), "", "", "", "", ""][:5]
        family, given, middle, prefix, suffix = parts
        name = _name_from_parts(prefix, given, middle, family, suffix)
        if name:
            return name, ""
    for source, prop_name in (("nickname", "NICKNAME"), ("organisation", "ORG"),
                              ("e-mail address", "EMAIL"), ("phone number", "TEL")):
        prop = card.first(prop_name)
        if prop is not None:
            value = ", ".join(p.strip() for p in card.parts(prop) if p.strip()) \
                if prop_name == "ORG" else card.text(prop).strip()
            if prop_name == "TEL":
                value = value.removeprefix("tel:").removeprefix("TEL:")
            if value:
                return value, source
    return "", ""


def read_vcard(path: Path, raw: bytes, tick: Tick | None = None) -> Incoming:
    """Contacts from vCards 2.1, 3.0 and 4.0 (phones, Google, Apple, Outlook, Thunderbird)."""
    tick = tick or _still
    try:
        cards = vcard.read_cards(raw, tick)
    except vcard.VCardError as exc:
        which = (f" (card {exc.card}{', ' + exc.card_name if exc.card_name else ''})"
                 if exc.card else "")
        raise ImportFileError(f"{path.name} line {exc.line}{which}: {exc.message}; nothing was "
                              "imported") from exc
    incoming = Incoming()
    not_kept: dict[str, set[int]] = {}
    others: dict[str, set[int]] = {}
    read_as: dict[str, list[int]] = {}  # what a card's reading said, and at which lines
    groups: list[str] = []
    named: list[str] = []
    for card in _handed_over(cards, tick):
        name, source = _card_name(card)
        place = f"line {card.line} (card {card.number}{', ' + name if name else ''})"
        where = f"{path.name} {place}"
        for line, text in card.notices:
            read_as.setdefault(text, []).append(line)
        kind = card.first("KIND") or card.first("X-ADDRESSBOOKSERVER-KIND")
        if kind is not None and card.text(kind).strip().lower() == "group":
            groups.append(f"card {card.number}{' “' + name + '”' if name else ''}")
            continue
        if not name:
            raise ImportFileError(f"{where}: a card needs a name (FN or N), or at least an "
                                  "organisation, e-mail address or phone number; nothing was "
                                  "imported")
        if source:
            named.append(f"card {card.number} by its {source}, “{name}”")
        used_nickname = source == "nickname"
        for prop in card.properties:
            if prop.name in _HOUSEKEEPING or (prop.name == "NICKNAME" and used_nickname):
                continue
            label = _NOT_KEPT.get(prop.name)
            if label:
                not_kept.setdefault(label, set()).add(card.number)
            else:
                others.setdefault(prop.name, set()).add(card.number)
        orgs = [", ".join(x.strip() for x in card.parts(p) if x.strip())
                for p in card.all("ORG")]
        roles = [card.text(p).strip() for p in (*card.all("TITLE"), *card.all("ROLE"))]
        tags = [t.strip() for p in card.all("CATEGORIES") for t in card.parts(p, ",")]
        notes = [card.text(p) for p in card.all("NOTE")]

        def single(prop_name: str, card: vcard.Card = card) -> str:
            prop = card.first(prop_name)
            return card.text(prop) if prop is not None else ""

        ours = any(card.first(x) for x in ("X-MXDESK-MET-WHERE", "X-MXDESK-MET-ON"))
        kept_comment = card.first("X-MXDESK-COMMENT")
        if kept_comment is not None:
            comment = card.text(kept_comment)
        elif ours and notes:
            # mxdesk's own NOTE starts with "Met: where, when" (kept in its own fields).
            lines = notes[0].split("\n")
            comment = "\n".join(lines[1:] if lines[0].startswith("Met: ") else lines)
        else:
            comment = "\n\n".join(x.strip("\n") for x in notes if x.strip())
        incoming.contacts.append(Contact(
            name=name, role=", ".join(dict.fromkeys(r for r in roles if r)),
            organisation=", ".join(dict.fromkeys(o for o in orgs if o)),
            cluster_id=single("X-MXDESK-CLUSTER").strip() or None,
            emails=_card_points(card, "EMAIL"), phones=_card_points(card, "TEL"),
            met_where=single("X-MXDESK-MET-WHERE"),
            met_on=_date_text(single("X-MXDESK-MET-ON").strip(), where),
            tags=tuple(dict.fromkeys(t for t in tags if t)), comment=comment,
            uid=single("UID").strip() or new_uid()))
        incoming.contact_places.append(place)

    def some(items: list[Any], limit: int = 5) -> str:
        return ", ".join(map(str, items[:limit])) + (", …" if len(items) > limit else "")

    for text, at in read_as.items():
        incoming.notices.append(f"{text} (line {some(at)}).")
    if named:
        incoming.notices.append(f"{_plural(len(named), 'card')} had no name and "
                                f"{'was' if len(named) == 1 else 'were'} named otherwise: "
                                f"{some(named, 3)}.")
    if groups:
        incoming.notices.append(f"Contact groups (not people) left out: {some(groups)}.")
    for label, numbers in not_kept.items():
        incoming.notices.append(f"{_plural(len(numbers), 'card')} had {label}, which mxdesk "
                                "does not keep.")
    if others:
        count = len(set().union(*others.values()))
        incoming.notices.append(f"{_plural(count, 'card')} had other fields mxdesk does not "
                                f"keep ({', '.join(sorted(others))}).")
    return incoming


# -- import: the checks every file passes -----------------------------------------------------


#: Text that is still encoded: "=C3=AD" (quoted-printable left undecoded), "b'…'" (a Python
#: bytes object turned into text). A field like that is a failed import, never stored text.
_QP_LEFT = re.compile(r"(?:=[0-9A-F]{2}){2,}")
#: One Latin-1 escape inside a word ("Mart=EDn"): hex digits are upper case, words are not.
_QP_IN_WORD = re.compile(r"[^\W\d_]=[89A-F][0-9A-F][a-z]")
_BYTES_REPR = re.compile(r"b(['\"]).*\1", re.DOTALL)


def _still_encoded(value: object) -> str:
    if isinstance(value, bytes | bytearray):
        return "bytes, not text"
    if not isinstance(value, str):
        return ""
    if _BYTES_REPR.fullmatch(value.strip()):
        return f"a Python bytes value written as text ({value[:40]})"
    for run in _QP_LEFT.findall(value):
        data = bytes.fromhex(run.replace("=", ""))
        if len(data) >= 3 or any(b >= 0x80 for b in data):
            return f"quoted-printable escapes left undecoded ({run[:24]})"
    word = _QP_IN_WORD.search(value)
    if word:
        return f"quoted-printable escapes left undecoded ({word[0][1:4]})"
    return ""


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
            place = places[n] if n < len(places) else f"({kind} {n + 1})"
            where = f"{path.name} {place}".rstrip()
            for name, value in _texts(record):
                problem = _still_encoded(value)
                if problem:
                    raise ImportFileError(f"{where}: its {name} is {problem}; nothing was "
                                          "imported (the file may be damaged, or made by a "
                                          "program mxdesk cannot read yet)")
            if record.uid in seen:
                first = seen[record.uid]
                earlier = places[first] if first < len(places) else f"({kind} {first + 1})"
                raise ImportFileError(f"{where}: its uid {record.uid} is also the uid of "
                                      f"{earlier}; a uid names one {kind}, nothing was "
                                      "imported")
            seen[record.uid] = n


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


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


def read_file(path: Path, tick: Tick | None = None) -> Incoming:
    """Read and check an import file; :class:`ImportFileError` names what is wrong, where.

    *tick* is called once per record read (see :data:`Tick`); what it raises ends the
    reading."""
    tick = tick or _still
    path = Path(path)
    kind = _kind(path, reading=True)
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
    if kind == ".json":
        try:
            # JSON is UTF-8 (RFC 8259); a byte-order mark of UTF-8 or UTF-16 is forgiven.
            text, _encoding = csvfile.decode(raw, fallback=False)
        except csvfile.CsvFileError as exc:
            raise ImportFileError(f"{path.name} line {exc.line}: {exc.message}") from exc
        incoming = read_json(path, text, tick)
    elif kind == ".csv":
        incoming = read_csv(path, raw, tick)
    else:
        incoming = read_vcard(path, raw, tick)
    _check(path, incoming, tick)
    incoming.source = path.name
    return _normalised(incoming, tick)


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
    #: What reading the file left out or assumed (said after the counts).
    notices: list[str] = field(default_factory=list)

    def summary(self, merge: bool) -> str:
        """One paragraph a person reads before saying yes. Merging is spoken of only when
        records differ (only then is there a choice); counts are in words ("1 new contact",
        "1,234 new contacts")."""
        verb = ("merged (empty fields filled and others updated from the file; a comment or "
                "note text that differs stays, with the file's version kept in a note beside it)"
                if merge else "skipped, kept as they are")
        same = self.same_contacts + self.same_notes + self.same_shortlists
        new = len(self.new_contacts) + len(self.new_notes) + len(self.new_shortlists)
        lines = [
            f"{_counted(len(self.new_contacts), 'new contact')}, "
            f"{_counted(len(self.new_notes), 'new note')}, "
            f"{_counted(len(self.new_shortlists), 'new shortlist')} will be added."
            if new else "Nothing in the file is new to your notes.",
        ]
        if same:
            lines.append(f"{_counted(same, 'record')} {'is' if same == 1 else 'are'} already "
                         "here unchanged and will be skipped.")
        changed = (len(self.changed_contacts) + len(self.changed_notes)
                   + len(self.changed_shortlists))
        if changed:
            names = ", ".join(a.name for a, _b in self.changed_contacts[:5])
            more = "…" if len(self.changed_contacts) > 5 else ""
            which = f"{names}{more}" if names else "notes and shortlists"
            lines.append(f"{_counted(changed, 'record')} "
                         f"{'differs from the one' if changed == 1 else 'differ from the ones'} "
                         f"here ({which}); {'it' if changed == 1 else 'they'} will be {verb}.")
        return " ".join(lines) + "".join(f"\n{notice}" for notice in self.notices)

    @property
    def differs(self) -> bool:
        """Whether some records differ from those here: only then is there a choice between
        merging and keeping them as they are."""
        return bool(self.changed_contacts or self.changed_notes or self.changed_shortlists)

    @property
    def total(self) -> int:
        """How many records :func:`apply_plan` writes at most (its progress counts these)."""
        return (len(self.new_contacts) + len(self.changed_contacts) + len(self.new_notes)
                + len(self.changed_notes) + len(self.new_shortlists)
                + len(self.changed_shortlists))

    @property
    def empty(self) -> bool:
        return not (self.new_contacts or self.new_notes or self.new_shortlists
                    or self.changed_contacts or self.changed_notes or self.changed_shortlists)


def _same_person(a: Contact, b: Contact) -> bool:
    """Whether two records with one uid can be the same person: a word of the name or an
    e-mail address in common (a renamed contact keeps one or the other)."""
    emails = {p.value.casefold() for p in a.emails} & {p.value.casefold() for p in b.emails}
    return bool(emails or set(fold(a.name).split()) & set(fold(b.name).split()))


def plan_import(store: NotesStore, incoming: Incoming, tick: Tick | None = None) -> ImportPlan:
    """Compare a file's records with the store: by uid, else by name and e-mail (folded:
    case, accents and Unicode composition aside).

    Raises :class:`ImportFileError` when a record's uid is that of another person here;
    *tick* as for :func:`read_file`."""
    tick = tick or _still
    plan = ImportPlan(current_shortlist_uid=incoming.current_shortlist_uid,
                      notices=list(incoming.notices))
    existing = store.contacts()
    by_uid = {c.uid: c for c in existing}
    by_key = {c.exchange_key(): c for c in existing}
    by_name: dict[str, list[Contact]] = {}
    for c in existing:
        by_name.setdefault(c.exchange_key()[0], []).append(c)

    def same_name_and_an_address(contact: Contact) -> Contact | None:
        """The contact here of the same folded name with an e-mail address in common (the
        preferred one may differ between two address books)."""
        theirs = {_nfc(p.value).casefold() for p in contact.emails}
        return next((c for c in by_name.get(contact.exchange_key()[0], [])
                     if theirs & {_nfc(p.value).casefold() for p in c.emails}), None)

    for n, contact in enumerate(incoming.contacts):
        tick()
        same_uid = by_uid.get(contact.uid)
        if same_uid is not None and not _same_person(same_uid, contact):
            place = incoming.contact_places[n] if n < len(incoming.contact_places) else ""
            where = " ".join(x for x in (incoming.source, place) if x) or f"contact {n + 1}"
            raise ImportFileError(f"{where}: “{contact.name}” has the uid {contact.uid} of "
                                  f"“{same_uid.name}” here, another person (no name or e-mail "
                                  "in common); nothing was imported")
        match = (same_uid or by_key.get(contact.exchange_key())
                 or same_name_and_an_address(contact))
        if match is None:
            plan.new_contacts.append(contact)
        elif match.same_content(contact):
            plan.same_contacts += 1
        else:
            plan.changed_contacts.append((contact, match))
    notes_by_uid = {n.uid: n for n in store.notes()}
    for note in incoming.notes:
        tick()
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
        tick()
        current = lists_by_uid.get(shortlist.uid) or lists_by_name.get(shortlist.name.casefold())
        if current is None:
            plan.new_shortlists.append(shortlist)
        elif current.items == shortlist.items and current.name == shortlist.name:
            plan.same_shortlists += 1
        else:
            plan.changed_shortlists.append((shortlist, current))
    return plan


def _merged_points(incoming: tuple[ContactPoint, ...],
                   current: tuple[ContactPoint, ...]) -> tuple[ContactPoint, ...]:
    """The file's addresses first (its preferred one becomes preferred), then every one here
    that the file lacks: a merge never loses an address or a number."""
    known = {p.value.casefold() for p in incoming}
    return (*incoming, *(p for p in current if p.value.casefold() not in known))


def _merged(incoming: Contact, current: Contact) -> Contact:
    values = {f: getattr(incoming, f) or getattr(current, f) for f in (
        "name", "role", "organisation", "cluster_id", "met_where", "met_on", "comment")}
    tags = tuple(dict.fromkeys([*current.tags, *incoming.tags]))
    return replace(current, tags=tags, emails=_merged_points(incoming.emails, current.emails),
                   phones=_merged_points(incoming.phones, current.phones), **values)


class ImportCancelled(CancelledError):  # noqa: N818 - named as the window's code calls it
    """The user stopped an import while it was being written: nothing of it was kept."""


def apply_plan(store: NotesStore, plan: ImportPlan, merge: bool,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> tuple[int, int]:
    """Write the plan in one transaction; returns (records added, records merged).

    *progress* is called with (records done, records in all) as they are written, from the
    caller's thread; when *cancelled* returns True, :class:`ImportCancelled` is raised and the
    transaction rolled back: nothing of the import is written.

    The notes as they were are backed up first (``before-import``), so any import can be
    taken back with File ▸ Restore. Merging fills and updates fields from the file, but a text
    (a comment, a note) that differs on both sides is never replaced: the record keeps its own
    and the file's is kept in a note beside it. Raises StoreError (nothing written) when the
    backup or the write fails."""
    added = merged = 0
    total = plan.total if merge else plan.total - len(plan.changed_contacts) - len(
        plan.changed_notes) - len(plan.changed_shortlists)
    done = 0

    def step() -> None:
        """Before each record: stop if asked; after the previous one, say how far."""
        nonlocal done
        if cancelled is not None and cancelled():
            raise ImportCancelled(f"Import stopped after {done} of {total} records: nothing "
                                  "of it was written.")
        if progress is not None and done:
            progress(done, total)
        done += 1

    if cancelled is not None and cancelled():
        raise ImportCancelled("Import stopped before it started: nothing was written.")
    if not plan.empty and store.counts() != (0, 0, 0):
        store.backup(reason="before-import")
    with store.transaction() as conn:
        for contact in plan.new_contacts:
            step()
            clean = replace(contact, id=None)
            if store.contact_by_uid(clean.uid) is not None:
                clean = replace(clean, uid=Contact("x").uid)
            store.write_contact(conn, clean)
            added += 1
        if merge:
            # Field by field from the record the plan was made against: what another window
            # saved since is kept, never overwritten with the plan's older copy.
            for incoming, current in plan.changed_contacts:
                step()
                wanted = _merged(incoming, current)
                changes = {f: getattr(wanted, f) for f in CONTACT_FIELDS
                           if getattr(wanted, f) != getattr(current, f)}
                if current.comment and "comment" in changes:
                    store.keep_conflict(conn, "contact", current, "comment", current.comment,
                                        changes.pop("comment"))
                store.merge_in(conn, "contact", current, changes)
                merged += 1
        for note in plan.new_notes:
            step()
            store.write_note(conn, replace(note, id=None))
            added += 1
        if merge:
            for incoming_note, current_note in plan.changed_notes:
                step()
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
            step()
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
                step()
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
        if cancelled is not None and cancelled():
            raise ImportCancelled(f"Import stopped after {done} of {total} records: nothing "
                                  "of it was written.")
    if progress is not None:
        progress(total, total)
    return added, merged


def _insert_items(conn: Any, shortlist_id: int, items: Sequence[ShortlistItem]) -> None:
    conn.executemany("INSERT OR IGNORE INTO shortlist_items (shortlist_id, cluster_id, position, "
                     "remark) VALUES (?, ?, ?, ?)",
                     [(shortlist_id, i.cluster_id, n, i.remark) for n, i in enumerate(items)])
