"""Reading CSV files of contacts: mxdesk's own, or a mail program's or spreadsheet's
export, a row at a time (:func:`read_csv`)."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

from mxdesk.core import csvfile, i18n
from mxdesk.core.exchange.common import (
    ImportFileError,
    Incoming,
    Tick,
    _at_line,
    _lines,
    _still,
)
from mxdesk.core.exchange.fields import (
    _ISO_DATE,
    NAME_PART_KEYS,
    _contact_from,
    _name_from_parts,
    _ordered,
)
from mxdesk.core.exchange.vcard_in import GOOGLE_SYSTEM_GROUPS, not_kept_groups
from mxdesk.core.i18n import N_, _, ngettext, pgettext
from mxdesk.core.notes import ContactPoint, parse_points
from mxdesk.core.text import fold

#: How a CSV file was read, by its separator: said after every error about the file.
_READ_AS = {
    ",": N_("read as comma-separated {encoding}"),
    ";": N_("read as semicolon-separated {encoding}"),
    "\t": N_("read as tab-separated {encoding}"),
}


def read_csv(path: Path, raw: bytes, tick: Tick | None = None) -> Incoming:
    """Contacts from a CSV file *raw* (its bytes): mxdesk's own, or a mail program's or
    spreadsheet's export, in any encoding and separator :mod:`mxdesk.core.csvfile` finds.
    *tick* is called once per row. Raises :class:`ImportFileError` naming the line that is
    wrong (undecodable text, a broken quote, more fields than columns, a row with no name)."""
    try:
        text, encoding = csvfile.decode(raw)
    except csvfile.CsvFileError as exc:
        raise ImportFileError(_("{file} line {line}: {problem}").format(
            file=path.name, line=exc.line, problem=exc.message)) from exc
    sep = csvfile.separator(text)
    found = _(_READ_AS[sep]).format(encoding=encoding)
    broken = csvfile.quote_problem(text, sep)
    if broken:
        raise ImportFileError(_("{where}: {problem}; nothing was imported ({read_as})").format(
            where=_at_line(path.name, broken[0]), problem=broken[1], read_as=found))
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=sep)
    # A long comment mxdesk wrote may pass the csv module's 131,072-character limit: the
    # limit becomes the file's length (never unbounded), and is put back afterwards.
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        return _read_csv_rows(path, rows, found, encoding, tick or _still)
    except csv.Error as exc:
        raise ImportFileError(_("{where}: {problem} ({read_as})").format(
            where=_at_line(path.name, rows.line_num), problem=exc, read_as=found)) from exc
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
        raise ImportFileError(_("{file}: the file is empty ({read_as})").format(
            file=path.name, read_as=found))
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
        shown = ", ".join(f"“{h}”" for h in first[:12]) or pgettext("columns", "none")
        if len(first) > 12:
            shown = _("{columns} and {n} more").format(columns=shown,
                                                       n=i18n.number(len(first) - 12))
        # Translators: {columns} are the file's own column names, {read_as} says how the
        # file was read ("read as comma-separated UTF-8"), {names} mxdesk's own columns.
        raise ImportFileError(_(
            "{where}: no column for the name among the {n} columns found ({columns}; "
            "{read_as}); mxdesk reads {names}, or First Name / Last Name and the columns of "
            "Outlook, Google and Thunderbird exports").format(
                where=_at_line(path.name, first_line), n=i18n.number(len(first)),
                columns=shown, read_as=found, names=", ".join(csvfile.COLUMNS)))
    if skipped:
        above = rows.line_num - 1
        incoming.notices.append(ngettext(
            "The column names are on line {line}; the {n} line above them, not part of the "
            "table, was skipped.",
            "The column names are on line {line}; the {n} lines above them, not part of the "
            "table, were skipped.", above).format(line=rows.line_num, n=i18n.number(above)))
    if encoding == "Windows-1252":
        incoming.notices.append(_(
            "The file is not UTF-8: it was read as Windows-1252 (the Western European Windows "
            "encoding); check that accented letters look right."))
    # mxdesk's own file (as exported, or re-saved by a spreadsheet): its cells of several
    # values are escaped (csvfile.join_escaped) and its comments kept as written.
    own_keys = {csvfile.header_key(c) for c in csvfile.COLUMNS}
    before = own_keys - {csvfile.header_key(c) for c in csvfile.NAME_COLUMNS}
    own = {csvfile.header_key(c.header) for c in columns} in (own_keys, before)
    kept_as_written = {n for n, c in enumerate(columns) if own and c.field == "comment"}
    not_kept: Counter[str] = Counter()
    system: dict[str, set[int]] = {}  # Google's system groups left out of the tags
    named_otherwise: list[int] = []
    exchange_paths: list[int] = []
    dates: dict[str, list[int]] = {}
    end = rows.line_num
    for row in rows:
        tick()
        start, end = end + 1, rows.line_num
        where = _at_line(path.name, start)
        # A comment keeps its spaces in mxdesk's own file; line breaks are "\n" everywhere.
        cells = [csvfile.unguard(c.replace("\r\n", "\n") if n in kept_as_written
                                 else c.replace("\r\n", "\n").strip(), inner=own)
                 for n, c in enumerate(row)]
        if len(cells) > len(columns):
            if any(cells[len(columns):]):
                raise ImportFileError(ngettext(
                    "{where}: more fields than columns ({fields} fields, {n} column; "
                    "{read_as})",
                    "{where}: more fields than columns ({fields} fields, {n} columns; "
                    "{read_as})", len(columns)).format(
                        where=where, fields=i18n.number(len(cells)),
                        n=i18n.number(len(columns)), read_as=found))
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
            tags = [t for cell in values.get("tags", [])
                    for t, _types in csvfile.split_escaped(cell)]
        else:
            tags = []
            for cell in values.get("tags", []):
                for tag in re.split(r";|:::", cell):
                    tag = tag.strip().lstrip("*").strip()
                    if tag in GOOGLE_SYSTEM_GROUPS:
                        # Google's CSV writes its system groups in "Group Membership"
                        # ("* myContacts"), as its vCards do in CATEGORIES: not a label.
                        system.setdefault(tag, set()).add(start)
                    else:
                        tags.append(tag)
        if not name:
            name = organisation or next((p.value for p in (*_ordered(emails),
                                                             *_ordered(phones))), "")
            if name:
                named_otherwise.append(start)
        met_on = one("met_on").strip()
        if met_on and not _ISO_DATE.fullmatch(met_on):
            iso = csvfile.iso_date(met_on)
            if iso:
                # Translators: a date as the file wrote it, and as mxdesk stores it.
                dates.setdefault(_("“{written}” as {iso}").format(written=met_on, iso=iso),
                                 []).append(start)
                met_on = iso
            elif csvfile.iso_date(met_on.replace("/", ".").replace("-", ".")):
                raise ImportFileError(_(
                    "{where}: met_on “{value}” could be day/month or month/day; write it "
                    "as YYYY-MM-DD (or day.month.year); nothing was imported").format(
                        where=where, value=met_on))
        data = {"name": name, "role": one("role", ", "), "organisation": organisation,
                "cluster_id": one("cluster_id"), "met_where": one("met_where"),
                "met_on": met_on, "tags": [t for t in tags if t],
                "comment": one("comment", "\n\n"), "uid": one("uid"),
                "name_parts": dict(zip(NAME_PART_KEYS, (one("family"), one("given"),
                                                        one("middle"), one("prefix"),
                                                        one("suffix")), strict=True)),
                "emails": [{"value": p.value, "types": list(p.types)} for p in _ordered(emails)],
                "phones": [{"value": p.value, "types": list(p.types)} for p in _ordered(phones)]}
        if not name:
            raise ImportFileError(_(
                "{where}: a contact needs a name (this row has no name, organisation, e-mail "
                "address or phone number)").format(where=where))
        incoming.contacts.append(_contact_from(data, where))
        incoming.contact_places.append(_("line {line}").format(line=start))
    if named_otherwise:
        count = len(named_otherwise)
        incoming.notices.append(ngettext(
            "{n} row had no name and was named by the organisation, e-mail address or phone "
            "number (line {lines}).",
            "{n} rows had no name and were named by the organisation, e-mail address or phone "
            "number (line {lines}).", count).format(n=i18n.number(count),
                                                    lines=_lines(named_otherwise)))
    if exchange_paths:
        count = len(exchange_paths)
        incoming.notices.append(ngettext(
            "{n} e-mail of Outlook type EX (an Exchange directory path, “/o=…”, not an "
            "address) left out (line {lines}).",
            "{n} e-mails of Outlook type EX (an Exchange directory path, “/o=…”, not an "
            "address) left out (line {lines}).", count).format(
                n=i18n.number(count), lines=_lines(exchange_paths)))
    if dates:
        read = [_("{date} (line {lines})").format(date=said, lines=_lines(at, 5, more=True))
                for said, at in dates.items()]
        incoming.notices.append(_("Dates in met_on stored as YYYY-MM-DD: {dates}.").format(
            dates=", ".join(read[:5]) + (", …" if len(read) > 5 else "")))
    if system:
        headers = sorted({c.header.strip() for c in columns if c.field == "tags"})
        incoming.notices.append(not_kept_groups(", ".join(headers), system, "row"))
    if not_kept:
        listed = ", ".join(ngettext("“{column}” ({n} row)", "“{column}” ({n} rows)", n).format(
            column=h, n=i18n.number(n)) for h, n in not_kept.items())
        incoming.notices.append(_("Columns mxdesk does not keep, left out: {columns}.").format(
            columns=listed))
    return incoming
