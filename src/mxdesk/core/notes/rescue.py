"""Whatever SQLite can still read from a damaged notes file, written out as a JSON export.

Over ~450 lines because it is one behaviour: mending rows into records uses the reading's
private row shapes and ``MAX_ROWID``, which a split would make public names. The text it
mends is :mod:`.rescue_text`'s, and the missions and meetings (schema 6) are
:mod:`.rescue_agenda`'s.

A file that fails its integrity check, has a b-tree page trashed, or holds bytes that are not
UTF-8 in a text value is still mostly readable. :func:`rescue_export` reads it without writing
to it, table by table and, where a table cannot be read whole, row by row; what it reads it
writes in the format of ``mxdesk notes export`` so that ``mxdesk notes import`` takes it into a
new notes file, and it says record by record what it could not read or had to mend.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mxdesk.core import paths
from mxdesk.core.i18n import N_, _
from mxdesk.core.notes import rescue_text as rt
from mxdesk.core.notes.errors import (
    SQLITE_CANTOPEN,
    SQLITE_READONLY,
    StoreError,
    os_error,
    result_code,
)
from mxdesk.core.notes.records import NotesCounts, new_uid
from mxdesk.core.notes.rescue_agenda import AGENDA_COLUMNS, AGENDA_TABLES, rescue_agenda
from mxdesk.core.notes.rescue_text import Row
from mxdesk.core.notes.schema import contact_sort_key
from mxdesk.core.notes.stored_text import record_name


def _mended(kind: str, record_id: object) -> str:
    """What a problem says of a record whose text had to be mended: "note 17: its text …"."""
    return _("{record}: {problem}").format(record=record_name(kind, record_id),
                                           problem=_(rt.MENDED))

log = logging.getLogger("mxdesk.notes")

#: When a damaged table's largest rowid cannot be read, probing stops after this many rowids
#: in a row gave nothing.
MAX_MISSES = 1000
#: A damaged table is never probed beyond this rowid: a garbled max(rowid) must not make the
#: rescue run for hours. mxdesk's ids count up from 1, one per record ever made.
MAX_ROWID = 10_000_000
#: The columns read from each table: those every schema version (1 to 7) has; and
#: contact_points, which files of schema 4 on have (every e-mail address and phone number),
#: and the missions' and meetings' tables of schema 6 (:mod:`.rescue_agenda`).
_COLUMNS = {
    "contacts": ("uid", "name", "role", "organisation", "cluster_id", "email", "phone",
                 "met_where", "met_on", "comment", "created_at", "updated_at"),
    "contact_tags": ("contact_id", "tag"),
    "contact_points": ("contact_id", "kind", "position", "value", "types"),
    "notes": ("uid", "body", "cluster_id", "contact_id", "created_at", "updated_at"),
    "shortlists": ("uid", "name", "created_at", "updated_at"),
    "shortlist_items": ("shortlist_id", "cluster_id", "position", "remark"),
    "settings": ("key", "value"),
    **AGENDA_COLUMNS,
}
#: Columns read too when the table has them all: a contact's name's parts (schema 6 on),
#: vCard N's five components; whether a note is shared (schema 7 on).
_LATER_COLUMNS = {
    "contacts": ("family_name", "given_names", "additional_names", "name_prefix",
                 "name_suffix"),
    "notes": ("shared",),
}


@dataclass(frozen=True)
class RescueReport:
    """What :func:`rescue_export` wrote: the records of each kind, and one sentence per thing
    it could not read or had to change (empty when the file was read whole and clean)."""

    contacts: int
    notes: int
    shortlists: int
    problems: tuple[str, ...] = ()
    missions: int = 0
    meetings: int = 0

    @property
    def counts(self) -> NotesCounts:
        """The records written, kind by kind (``describe()`` says them)."""
        return NotesCounts(self.contacts, self.notes, self.shortlists, self.missions,
                           self.meetings)


# -- reading ----------------------------------------------------------------------------------


def _open(source: Path, problems: list[str]) -> sqlite3.Connection:
    """A connection that reads *source* and can write nothing to it.

    ``mode=ro`` on a WAL-mode file creates an empty ``-wal`` and a ``-shm`` beside it when
    they are missing, so it is used only when a ``-wal`` is there to be read (SQLite may then
    still make the ``-shm``, its index of that journal); otherwise, and when ``mode=ro``
    cannot open the file, ``immutable=1`` reads the file alone and creates nothing.
    """
    if not source.is_file():
        raise StoreError(_("cannot rescue {path}: it is a folder").format(path=source)
                         if source.is_dir() else
                         _("cannot rescue {path}: there is no such file").format(path=source))
    wal = source.with_name(source.name + "-wal")
    modes = ["mode=ro", "immutable=1"] if wal.exists() else ["immutable=1"]
    for n, mode in enumerate(modes):
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(f"{source.resolve().as_uri()}?{mode}", uri=True)
            conn.text_factory = rt.decode
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            if n + 1 < len(modes) and result_code(exc) in (SQLITE_CANTOPEN, SQLITE_READONLY):
                log.warning("cannot read %s with its WAL (%s); reading the file alone",
                            source, exc)
                problems.append(_("{name} could not be read ({reason}); what was saved after "
                                  "the last checkpoint is not in the export").format(
                                      name=wal.name, reason=exc))
                continue
            raise StoreError(_("cannot rescue {path}: SQLite cannot open it ({reason})").format(
                path=source, reason=exc)) from exc
        return conn
    raise AssertionError("unreachable: the last mode returns or raises")


def _select(table: str, columns: tuple[str, ...], where: str = "") -> str:
    # Table and column names come from _COLUMNS above, never from the file or the user.
    return f"SELECT rowid, {', '.join(columns)} FROM {table}{where}"  # noqa: S608


def _ranges(rowids: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted *rowids*, as (first, last) pairs."""
    runs: list[tuple[int, int]] = []
    for rowid in rowids:
        if runs and runs[-1][1] == rowid - 1:
            runs[-1] = (runs[-1][0], rowid)
        else:
            runs.append((rowid, rowid))
    return runs


def _by_rowid(conn: sqlite3.Connection, table: str, columns: tuple[str, ...],
              problems: list[str]) -> list[Row]:
    """The rows of *table* read one at a time, skipping those SQLite cannot read."""
    try:
        # *table* is a key of _COLUMNS, never a name read from the file.
        last = rt.row_id(conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0])  # noqa: S608
    except sqlite3.DatabaseError:
        last = None  # the path to the last leaf is damaged too: probe until nothing is left
    one = _select(table, columns, " WHERE rowid = ?")
    rows: list[Row] = []
    failed: list[int] = []
    rowid, misses = 0, 0
    while rowid < MAX_ROWID and (rowid < last if last is not None else misses < MAX_MISSES):
        rowid += 1
        try:
            row = conn.execute(one, [rowid]).fetchone()
        except sqlite3.DatabaseError:
            failed.append(rowid)
            row = None
        if row is None:
            misses += 1
        else:
            rows.append(row)
            misses = 0
    tail: list[int] = []
    if last is None:
        # Rowids probed after the last row read may never have been used: say where the
        # damage starts, not how far the probing went.
        newest = rows[-1][0] if rows else 0
        tail = [r for r in failed if r > newest]
        failed = [r for r in failed if r <= newest]
    for first, end in _ranges(failed):
        problems.append(
            _("{table}: row {first} could not be read").format(table=table, first=first)
            if first == end else
            _("{table}: rows {first}–{end} could not be read").format(table=table, first=first,
                                                                      end=end))
    if tail:
        problems.append(_("{table}: rows from {first} on could not be read").format(
            table=table, first=tail[0]))
    if rowid >= MAX_ROWID and (last is None or last > MAX_ROWID):
        problems.append(_("{table}: rows after {last} were not looked for").format(
            table=table, last=MAX_ROWID))
    return rows


def _read(conn: sqlite3.Connection, table: str, tables: set[str],
          problems: list[str]) -> list[Row]:
    """The rows of *table* as (rowid, columns of _COLUMNS…, those of _LATER_COLUMNS when the
    table has them): all of them in one SELECT, or, when that fails, as many as can be read
    one by one."""
    if table not in tables:
        problems.append(_("{table}: the table is missing; nothing of it could be read").format(
            table=table))
        return []
    try:
        present = {str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")}
    except sqlite3.DatabaseError as exc:
        problems.append(_("{table}: its columns cannot be read ({reason}); nothing of it was "
                          "read").format(table=table, reason=exc))
        return []
    missing = [c for c in _COLUMNS[table] if c not in present]
    if missing:
        problems.append(_("{table}: the table has no column {columns}; nothing of it was "
                          "read").format(table=table, columns=", ".join(missing)))
        return []
    later = _LATER_COLUMNS.get(table, ())
    columns = _COLUMNS[table] + (later if set(later) <= present else ())
    try:
        return conn.execute(_select(table, columns)).fetchall()
    except sqlite3.DatabaseError as exc:
        log.warning("%s cannot be read whole (%s); reading it row by row", table, exc)
    return _by_rowid(conn, table, columns, problems)


def _is_date(value: str) -> bool:
    """What the importer accepts as a date (exchange.fields): ISO 8601's first 10 chars."""
    try:
        dt.date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


Point = dict[str, Any]


def _points(point_rows: list[Row], mended: set[int]) -> dict[tuple[int, str], list[Point]]:
    """Each contact's e-mail addresses and phone numbers, (id, "email" or "phone") -> list in
    their order, as the export writes them: ``{"value": …, "types": […]}``."""
    found: dict[tuple[int, str], list[tuple[int, int, Point]]] = defaultdict(list)
    for rowid, contact_id, kind, position, value, types in point_rows:
        text, type_text = rt.text(value), rt.text(types)
        if not isinstance(contact_id, int) or kind not in ("email", "phone") or not text.strip():
            continue
        if rt.mended([text, type_text]):
            mended.add(contact_id)
        order = position if isinstance(position, int) else MAX_ROWID
        found[contact_id, kind].append((order, rowid, {
            "value": str(text).strip(),
            "types": [str(t) for t in type_text.split(",") if t.strip()]}))
    return {key: [point for _order, _rowid, point in sorted(listed, key=lambda p: p[:2])]
            for key, listed in found.items()}


def _with_preferred(listed: list[Point], preferred: str, what: str, rowid: int,
                    have_table: bool, problems: list[str]) -> list[Point]:
    """A contact's points with the value of its own email or phone column first when that
    one is not among them (a file older than schema 4, or rows of its table lost)."""
    if not preferred.strip() or any(p["value"] == preferred.strip() for p in listed):
        return listed
    if have_table:
        problems.append(_(
            "contact {id}: its {what} “{value}” was only in the contact's own row (the rows of "
            "its e-mails and phones are missing); it is exported first").format(
                id=rowid, what=_(what), value=preferred.strip()))
    return [{"value": preferred.strip(), "types": []}, *listed]


def _contacts(rows: list[Row], tag_rows: list[Row], point_rows: list[Row] | None,
              problems: list[str]) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """The contacts as the export writes them, and each one's uid by its id. *point_rows*
    is None for a file without contact_points (before schema 4): then a contact's e-mail
    and phone are those of its own row. A row of schema 6 on ends with the name's five parts:
    they are written as ``"name_parts"`` when one is known, as the export does."""
    # Here, not at the top: exchange imports mxdesk.core.notes, which names this module.
    from mxdesk.core.exchange.fields import NAME_PART_KEYS

    tags: dict[int, list[str]] = defaultdict(list)
    mended_tags: set[int] = set()
    for _rowid, contact_id, tag in tag_rows:
        text = rt.text(tag)
        if isinstance(contact_id, int) and text.strip():
            tags[contact_id].append(text)
            if isinstance(text, rt.Mended):
                mended_tags.add(contact_id)
    points = _points(point_rows or [], mended_tags)
    out: list[tuple[tuple[str, int], dict[str, Any]]] = []
    uids: dict[int, str] = {}
    for rowid, *values in rows:
        texts = [rt.text(v) for v in values]
        (uid, name, role, organisation, cluster_id, email, phone, met_where, met_on, comment,
         created_at, updated_at) = (str(t) for t in texts[:12])
        parts = [str(t).strip() for t in texts[12:]]
        if rt.mended(texts) or rowid in mended_tags:
            problems.append(_mended("contact", rowid))
        if not uid.strip():
            uid = new_uid()
            problems.append(_("contact {id}: it had no uid; it was given a new one").format(
                id=rowid))
        if not name.strip():
            name = _("(no name)")
            problems.append(_("contact {id}: it had no name; it is exported as “{name}”").format(
                id=rowid, name=name))
        if met_on and not _is_date(met_on):
            comment = "\n".join(x for x in (comment, _("Met on: {date}").format(date=met_on))
                                if x)
            problems.append(_("contact {id}: its meeting date “{date}” is not a date "
                              "(YYYY-MM-DD); it was moved to the comment").format(
                                  id=rowid, date=met_on))
            met_on = ""
        uids[rowid] = uid
        have_table = point_rows is not None
        emails = _with_preferred(points.get((rowid, "email"), []), email, N_("e-mail address"),
                                 rowid, have_table, problems)
        phones = _with_preferred(points.get((rowid, "phone"), []), phone, N_("phone number"),
                                 rowid, have_table, problems)
        out.append(((contact_sort_key(name), rowid), {
            "uid": uid, "name": name, "role": role, "organisation": organisation,
            "cluster_id": cluster_id or None, "emails": emails, "phones": phones,
            "met_where": met_where, "met_on": met_on,
            "tags": sorted(str(t) for t in tags.get(rowid, [])), "comment": comment,
            "created_at": created_at, "updated_at": updated_at,
            **({"name_parts": dict(zip(NAME_PART_KEYS, parts, strict=True))}
               if any(parts) else {})}))
    # The order of the store's own export: by folded name (the sort key), then id.
    return [data for _key, data in sorted(out, key=lambda pair: pair[0])], uids


def _notes(rows: list[Row], contact_uids: dict[int, str],
           problems: list[str]) -> list[dict[str, Any]]:
    out: list[tuple[tuple[str, int], dict[str, Any]]] = []
    for rowid, uid, body, cluster_id, contact_id, created_at, updated_at, *later in rows:
        # Shared only when the file says so plainly: a damaged value keeps the note private.
        shared = later == [1]
        texts = [rt.text(v) for v in (uid, body, cluster_id, created_at, updated_at)]
        if rt.mended(texts):
            problems.append(_mended("note", rowid))
        uid_text, body_text, cluster_text, created, updated = (str(t) for t in texts)
        if not body_text.strip():
            # The importer refuses a note without text, and would refuse the whole file.
            problems.append(_("note {id}: it has no text; it was left out").format(id=rowid))
            continue
        contact_uid = None
        if contact_id is not None:
            contact_uid = contact_uids.get(contact_id) if isinstance(contact_id, int) else None
            if contact_uid is None:
                problems.append(_("note {id}: its contact ({contact}) could not be read; the "
                                  "note is exported without it").format(id=rowid,
                                                                        contact=contact_id))
        out.append(((updated, rowid), {
            "uid": uid_text.strip() or new_uid(), "body": body_text,
            "cluster_id": cluster_text or None, "contact_uid": contact_uid,
            "created_at": created, "updated_at": updated, "shared": shared}))
    # The order of the store's own export: the most recently changed first.
    return [data for _key, data in sorted(out, key=lambda pair: pair[0], reverse=True)]


def _shortlists(rows: list[Row], item_rows: list[Row],
                problems: list[str]) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """The shortlists with their items in position order, and each one's uid by its id."""
    items: dict[int, list[tuple[int, int, dict[str, str]]]] = defaultdict(list)
    for rowid, shortlist_id, cluster_id, position, remark in item_rows:
        if not isinstance(shortlist_id, int):
            continue
        texts = [rt.text(cluster_id), rt.text(remark)]
        if rt.mended(texts):
            problems.append(_mended("shortlist", shortlist_id))
        if not texts[0].strip():
            problems.append(_("shortlist {id}: an item with no cluster was left out").format(
                id=shortlist_id))
            continue
        order = position if isinstance(position, int) else MAX_ROWID
        items[shortlist_id].append((order, rowid, {"cluster_id": str(texts[0]),
                                                   "remark": str(texts[1])}))
    out: list[tuple[str, dict[str, Any]]] = []
    uids: dict[int, str] = {}
    for rowid, *values in rows:
        texts = [rt.text(v) for v in values]
        if rt.mended(texts):
            problems.append(_mended("shortlist", rowid))
        uid, name, created_at, updated_at = (str(t) for t in texts)
        if not name.strip():
            name = _("Shortlist {id}").format(id=rowid)
            problems.append(_("shortlist {id}: it had no name; it is exported as “{name}”").format(
                id=rowid, name=name))
        uids[rowid] = uid.strip() or new_uid()
        out.append((name.casefold(), {
            "uid": uids[rowid], "name": name, "created_at": created_at,
            "updated_at": updated_at,
            "items": [item for _order, _rowid, item in sorted(items.get(rowid, []),
                                                              key=lambda i: i[:2])]}))
    return [data for _key, data in sorted(out, key=lambda pair: pair[0])], uids


def _damage(conn: sqlite3.Connection) -> str | None:
    """What SQLite's quick check says is wrong with the file (None when nothing is)."""
    try:
        verdict = [str(rt.text(r[0])) for r in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if verdict == ["ok"] else "; ".join(verdict)


# -- writing ----------------------------------------------------------------------------------


def _write(out: Path, text: str) -> None:
    """*text* to *out* whole or not at all: a temporary file in the same folder, renamed."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial",
                                        dir=out.parent)
    except OSError as exc:
        raise os_error(exc, _("cannot write {path}").format(path=out)) from exc
    partial = Path(name)
    try:
        # mkstemp makes a private file (0600); the rescued export is an ordinary file.
        os.fchmod(handle, paths.shared_file_mode())
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        partial.replace(out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise os_error(exc, _("cannot write {path}").format(path=out)) from exc


def rescue_export(source: Path, out: Path) -> RescueReport:
    """Read every record SQLite can still read from the notes file *source* and write them to
    *out* as an mxdesk JSON export (``exchange.read_json`` and ``mxdesk notes import`` read it).

    *source* is never written: it is opened read-only, or as immutable when that cannot open
    it (a ``-wal`` that cannot be read beside it is then left out, and said so). A table that
    cannot be read whole is read row by row; text that is not UTF-8 is kept with its bad bytes
    replaced by U+FFFD. *out* is written whole or not at all. Schema versions 1 to 7: every
    e-mail address and phone number with its types (``"emails"``/``"phones"``, as the export
    writes them) from contact_points, or a contact's one of each from its row before schema 4;
    from schema 6, the contacts' name parts and the missions and meetings with their clusters
    and contacts (:func:`.rescue_agenda.rescue_agenda`; ``[]`` for an older file); from
    schema 7, whether each note is shared (``false`` for an older file).

    Returns the counts written and the problems met, one sentence each, naming the record
    ("note 17: …") or the rows ("contacts: rows 12–40 could not be read"). Raises
    :class:`StoreError` when *source* cannot be opened at all (missing, not a database, not
    a notes file, its schema unreadable) or *out* cannot be written.
    """
    # Here, not at the top: exchange imports mxdesk.core.notes, which names this module.
    from mxdesk.core import exchange

    source, out = Path(source), Path(out)
    if out.resolve() == source.resolve():
        raise StoreError(_("cannot rescue {path} into itself: choose another file to "
                           "write").format(path=source))
    problems: list[str] = []
    conn = _open(source, problems)
    try:
        try:
            tables = {str(name) for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise StoreError(_("cannot rescue {path}: the list of its tables cannot be read "
                               "({reason})").format(path=source, reason=exc)) from exc
        if not tables & {"contacts", "notes", "shortlists"}:
            raise StoreError(_("cannot rescue {path}: it is not an mxdesk notes file (it has no "
                               "contacts, notes or shortlists table)").format(path=source))
        damage = _damage(conn)
        if damage:
            problems.append(_("the file is damaged; SQLite's check says: {damage}").format(
                damage=damage))

        def read(table: str) -> list[Row]:
            return _read(conn, table, tables, problems)

        # contact_points came with schema 4: a file without it is older, not damaged.
        point_rows = read("contact_points") if "contact_points" in tables else None
        contacts, contact_uids = _contacts(read("contacts"), read("contact_tags"), point_rows,
                                           problems)
        notes = _notes(read("notes"), contact_uids, problems)
        shortlists, shortlist_uids = _shortlists(read("shortlists"), read("shortlist_items"),
                                                 problems)
        settings = {str(rt.text(key)): rt.text(value) for _rowid, key, value in read("settings")}
        # The agenda's tables came with schema 6: a file without any of them is older.
        missions, meetings = (rescue_agenda(read, problems) if tables & AGENDA_TABLES
                              else ([], []))
    finally:
        conn.close()
    current = settings.get("current_shortlist", "")
    data = {
        "format": exchange.FORMAT, "version": exchange.FORMAT_VERSION,
        "exported_at": dt.datetime.now(tz=dt.UTC).isoformat(timespec="seconds"),
        "contacts": contacts,
        "notes": notes,
        "shortlists": shortlists,
        "missions": missions,
        "meetings": meetings,
        "current_shortlist_uid": (shortlist_uids.get(int(current))
                                  if current.strip().isdigit() else None),
    }
    _write(out, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    unique = tuple(dict.fromkeys(problems))
    for problem in unique:
        log.warning("rescue of %s: %s", source, problem)
    log.info("rescued %s to %s: %d contacts, %d notes, %d shortlists, %d missions, "
             "%d meetings, %d problems", source, out, len(contacts), len(notes),
             len(shortlists), len(missions), len(meetings), len(unique))
    return RescueReport(len(contacts), len(notes), len(shortlists), unique,
                        missions=len(missions), meetings=len(meetings))
