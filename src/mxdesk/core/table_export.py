"""A tab's list taken away as a table: CSV or XLSX of what the list shows (its search, ticks,
sort and chosen columns), written for the window and for ``mxdesk search --csv/--xlsx``.

No Qt. Every file is written to a temporary name in the target folder and renamed into place:
a whole file or none.

- CSV: UTF-8 with a byte-order mark (Excel reads a CSV without one in the computer's legacy
  code page and mangles "Querétaro"; LibreOffice, Numbers and Python's ``utf-8-sig`` read it
  either way), ``;`` between cells by default (what Excel and LibreOffice expect in Germany,
  France, Spain, Italy…, where ``,`` is the decimal mark) or ``,`` or a tab; every text cell
  passes :func:`mxdesk.core.csvfile.safe_cell`, so nothing in it runs as a formula. Counts are
  written as bare numbers.
- XLSX (XlsxWriter): text stays text — ``strings_to_formulas``, ``strings_to_numbers`` and
  ``strings_to_urls`` are off, so "=…" or "0012" or a web address is shown as written and never
  evaluated; counts are numbers. A bold header row, frozen, with an autofilter, and columns as
  wide as their text (within 10–60 characters).

Language (issue 20): a CSV's header row stays English (the columns' titles as they are: the
file is read by programs as well as people, and a script's column names must not change with
the user's language), as does ``mxdesk search --json``. A workbook is read by people: its sheet's
name, header row and "About" sheet are in the current language (:mod:`mxdesk.core.i18n`), as
is the header of :func:`table_lines` (the terminal).
"""

from __future__ import annotations

import csv
import io
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mxdesk.core import csvfile, paths
from mxdesk.core.browse import BrowseQuery, View
from mxdesk.core.csvfile import safe_cell
from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import N_, _, pgettext
from mxdesk.core.tables import TAB_SPECS, TableSpec
from mxdesk.core.text import fold

log = logging.getLogger("mxdesk.export")

#: The separators a CSV can have: (key as the command line and the settings say it, character).
SEPARATORS: dict[str, str] = {"semicolon": ";", "comma": ",", "tab": "\t"}
#: The default separator: what Excel and LibreOffice in most of continental Europe expect.
DEFAULT_SEPARATOR = csvfile.DEFAULT_SEPARATOR
#: The formats by suffix.
SUFFIXES = (".csv", ".xlsx")
#: Rows read from the directory at a time.
_CHUNK = 500
#: An XLSX column is at least and at most this many characters wide.
_MIN_WIDTH, _MAX_WIDTH = 10, 60

#: Which tab's table ``mxdesk search --kind K --csv`` writes, and the Type tick that keeps one
#: kind of a table that lists two (the Cooperation tab).
TAB_OF_KIND: dict[str, tuple[str, tuple[str, str] | None]] = {
    "cluster": ("clusters", None),
    "sector": ("sectors", None),
    "policy": ("policies", None),
    "programme": ("cooperation", ("Type", "EU–Mexico programme")),
    "partnership": ("cooperation", ("Type", "European cluster partnership (ESCP-4i)")),
}


#: A table's title (its sheet's name) by the tab's plural noun, marked for translation.
TABLE_TITLES: dict[str, str] = {
    "clusters": N_("Clusters"), "sectors": N_("Sectors"), "policies": N_("Policies"),
    "programmes and partnerships": N_("Programmes and partnerships")}


def _title_of(spec: TableSpec) -> str:
    """*spec*'s table title in English ("Clusters"): :func:`shown` translates it."""
    return TABLE_TITLES.get(spec.plural, spec.plural.capitalize())


def shown(title: str) -> str:
    """A table's or column's English title as a person reads it in the current language (the
    titles are marked where they are written: :data:`TABLE_TITLES`, :mod:`mxdesk.core.tables`)."""
    return _(title) if title else title


class TableExportError(MxdeskError):
    """A table could not be exported (bad name, bad option, unwritable file); nothing was
    written."""


@dataclass(frozen=True)
class Table:
    """What a file holds: a title (the sheet's name), the header and the rows.

    ``rows`` holds one tuple per record, one value per header entry: text, an int (a count),
    or None (no value).
    """

    title: str
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    #: What the rows are, as (label, text) lines: the data version and how old its figures
    #: are, the day, the search, the ticks and the sort (an XLSX's second sheet, "About").
    about: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Exported:
    """A file written: where, in which format ("csv" or "xlsx"), and how many rows (header
    not counted)."""

    path: Path
    format: str
    rows: int


def read_table(directory: Directory, spec: TableSpec, view: View,
               columns: Sequence[int] | None = None) -> Table:
    """The rows *view* (search, ticks, sort) leaves of *spec*'s table, in its order, with the
    *columns* given (indexes into ``spec.columns``, in the order wanted; None: every one).

    Raises:
        TableExportError: a column index is out of range, or none is given.
        DirectoryError: the directory cannot be read.
    """
    chosen = list(range(len(spec.columns))) if columns is None else list(columns)
    if not chosen:
        raise TableExportError(_("choose at least one column to export"))
    if any(not 0 <= c < len(spec.columns) for c in chosen):
        raise TableExportError(_("no such column in the {table} table: {columns}").format(
            table=shown(_title_of(spec)), columns=chosen))
    query = BrowseQuery(spec, view.text, view.ticked(), view.sort_column, view.descending)
    query.prepare(directory)
    keys = query.ordered_keys(directory)
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(keys), _CHUNK):
        for row in query.rows_for(directory, keys[start:start + _CHUNK]):
            rows.append(tuple(row.cells[c] for c in chosen))
    header = tuple(spec.columns[c].title for c in chosen)
    return Table(_title_of(spec), header, rows, _about(directory, spec, view, len(rows)))


def _about(directory: Directory, spec: TableSpec, view: View,
           count: int) -> tuple[tuple[str, str], ...]:
    """The lines of an export's "About" sheet (issue 17's trial: a file said nothing of
    where its rows came from), in the current language; the day stays ISO (2026-11-30)."""
    import datetime as dt

    from mxdesk.core import i18n
    from mxdesk.core.dating import figures_until

    info = directory.info()
    until = figures_until(directory)
    ticks = "; ".join(f"{shown(title)}: {', '.join(values)}" for title, values in view.selected)
    order = shown(spec.columns[view.sort_column].title if 0 <= view.sort_column < len(
        spec.columns) else spec.columns[0].title)
    none = pgettext("workbook", "(none)")
    data = _("mxdesk directory {version}, built {date}").format(
        version=info.data_version, date=i18n.made_on(info.build_date))
    return (
        # Translators: the labels of an exported workbook's "About" sheet (column A).
        (pgettext("workbook", "Table"), shown(_title_of(spec))),
        (pgettext("workbook", "Search"), view.text.strip() or none),
        (pgettext("workbook", "Filters"), ticks or none),
        (pgettext("workbook", "Sorted by"),
         _("{column} (descending)").format(column=order) if view.descending else order),
        (pgettext("workbook", "Rows"), i18n.number(count)),
        (pgettext("workbook", "Data"), data + (f"; {until}" if until else "")),
        (pgettext("workbook", "Exported"), dt.date.today().isoformat()),
    )


def export_table(table: Table, path: Path, separator: str = DEFAULT_SEPARATOR) -> Exported:
    """Write *table* to *path*, as CSV or XLSX by its suffix (``.csv``, ``.xlsx``), atomically.
    *separator* (one of :data:`SEPARATORS`' characters) is a CSV's.

    Raises:
        TableExportError: the suffix is neither, the separator is not offered, the folder does
            not exist, *path* is a folder, or the file cannot be written (nothing is left).
    """
    path = Path(path)
    kind = path.suffix.lower()
    if kind not in SUFFIXES:
        raise TableExportError(_("cannot write {path}: the name must end in .csv or "
                                 ".xlsx").format(path=path))
    if separator not in SEPARATORS.values():
        raise TableExportError(_("{separator} is not a CSV separator mxdesk writes (; , or a "
                                 "tab)").format(separator=repr(separator)))
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise TableExportError(_("cannot write {path}: the folder {folder} does not "
                                 "exist").format(path=path, folder=folder))
    if path.is_dir():
        raise TableExportError(_("cannot write {path}: it is a folder").format(path=path))
    with _Partial(path) as partial:
        if kind == ".csv":
            partial.write_bytes(csv_bytes(table, separator))
        else:
            _write_xlsx(table, partial)
    log.info("wrote %d rows to %s", len(table.rows), path)
    return Exported(path, kind[1:], len(table.rows))


def csv_bytes(table: Table, separator: str = DEFAULT_SEPARATOR) -> bytes:
    """*table* as a CSV file's bytes: UTF-8 with a byte-order mark, CRLF line ends, text cells
    guarded against formulas (:func:`~mxdesk.core.csvfile.safe_cell`), numbers bare."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow([safe_cell(title) for title in table.header])
    for row in table.rows:
        writer.writerow(["" if v is None else v if isinstance(v, int | float)
                         else safe_cell(str(v)) for v in row])
    return out.getvalue().encode("utf-8-sig")


def _write_xlsx(table: Table, path: Path) -> None:
    import xlsxwriter  # (on first use: the window never needs it otherwise)
    from xlsxwriter.exceptions import XlsxWriterException

    workbook = xlsxwriter.Workbook(str(path), {
        # Text is text: no "=…" becomes a formula, no "0012" a number, no address a link
        # (Excel allows 65,530 links a sheet; the table's addresses are read, not clicked).
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
        # Rows are written in order: a 100,000-row table keeps one row in memory.
        "constant_memory": True})
    try:
        sheet = workbook.add_worksheet(_sheet_name(shown(table.title)))
        bold = workbook.add_format({"bold": True})
        header = [shown(title) for title in table.header]
        for column, title in enumerate(header):
            longest = max((len(str(row[column])) for row in table.rows[:2000]
                           if row[column] is not None), default=0)
            width = min(_MAX_WIDTH, max(_MIN_WIDTH, len(title) + 2, longest + 2))
            sheet.set_column(column, column, width)
        sheet.write_row(0, 0, header, bold)
        for r, row in enumerate(table.rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    sheet.write_number(r, c, value)
                elif value is not None and value != "":
                    # write(), not write_string(): the workbook's options above decide, and
                    # the tests check they keep "=…", "0012" and addresses as text.
                    sheet.write(r, c, str(value))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(table.rows), 1), max(len(table.header) - 1, 0))
        # Printed, the columns fit the width of a landscape page and the header repeats
        # (issue 17's trial: the columns split over two pages).
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0)
        if table.about:
            # Translators: the name of an exported workbook's second sheet (31 characters
            # at most, no []:*?/\\).
            about = workbook.add_worksheet(_sheet_name(pgettext("workbook", "About")))
            about.set_column(0, 0, 14)
            about.set_column(1, 1, 80)
            for r, (label, text) in enumerate(table.about):
                about.write(r, 0, label, bold)
                about.write(r, 1, text)
    finally:
        try:
            workbook.close()
        except (XlsxWriterException, OSError) as exc:
            raise TableExportError(_("cannot write the workbook: {reason}").format(
                reason=exc)) from exc


def _sheet_name(title: str) -> str:
    """*title* as Excel allows a sheet's name: no ``[]:*?/\\``, at most 31 characters."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip("' ")
    return cleaned[:31] or pgettext("workbook", "Table")


class _Partial:
    """A temporary file beside *path* renamed into place when the block ends without error,
    removed otherwise; with the mode of an ordinary new file (not mkstemp's 0600)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = Path()

    def __enter__(self) -> Path:
        folder = self.path.parent if str(self.path.parent) else Path()
        try:
            handle, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".partial",
                                            dir=folder)
            os.fchmod(handle, paths.shared_file_mode())
            os.close(handle)
        except OSError as exc:
            raise TableExportError(_cannot_write(self.path, exc.strerror or exc)) from exc
        self.name = Path(name)
        return self.name

    def __exit__(self, kind: object, exc: BaseException | None, _tb: object) -> None:
        if exc is None:
            try:
                self.name.replace(self.path)
                return
            except OSError as failure:
                self.name.unlink(missing_ok=True)
                raise TableExportError(
                    _cannot_write(self.path, failure.strerror or failure)) from failure
        self.name.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise TableExportError(_cannot_write(self.path, exc.strerror or exc)) from exc


def _cannot_write(path: Path, reason: object) -> str:
    return _("cannot write {path}: {reason}").format(path=path, reason=reason)


#: A temporary file renamed into place when its block ends without error (the mission's
#: workbooks, :mod:`mxdesk.core.mission.workbook`, are written the same way).
partial_file = _Partial


# -- the command line's words for a view ------------------------------------------------------


def spec_for_kind(kind: str | None) -> tuple[str, tuple[str, str] | None]:
    """The tab whose table ``mxdesk search --kind KIND --csv`` writes (clusters without a kind),
    and the tick that keeps that kind alone where the tab lists two.

    Raises:
        TableExportError: the kind has no table (a state, a company, the country, your notes).
    """
    found = TAB_OF_KIND.get(kind or "cluster")
    if found is None:
        # Your contacts have a file of their own (issue 17's trial: nothing said where).
        if kind in ("contact", "note"):
            said = _("--csv and --xlsx write a tab's table; {kind} has none (use --kind "
                     "cluster, sector, policy, programme or partnership, or --json); your "
                     "contacts and notes are written by `mxdesk notes export FILE.csv` (or "
                     ".json, .vcf)")
        else:
            said = _("--csv and --xlsx write a tab's table; {kind} has none (use --kind "
                     "cluster, sector, policy, programme or partnership, or --json)")
        raise TableExportError(said.format(kind=kind))
    return found


def _pick(wanted: str, offered: Sequence[str], what: str, facet: str = "",
          translated: bool = True) -> str:
    """The one of *offered* that *wanted* names, case and accents ignored (a title in English
    or in the current language, unless not *translated*: a facet's values are the
    directory's); else :class:`TableExportError` saying that no *what* ("filter", "column",
    "value" of *facet*) is called so, and listing those there are."""
    by_fold = {fold(name): name for name in offered}
    if translated:
        for name in offered:
            by_fold.setdefault(fold(shown(name)), name)
    found = by_fold.get(fold(wanted))
    if found is None:
        names = [shown(name) if translated else name for name in offered]
        listed = ", ".join(names[:40]) + (" …" if len(names) > 40 else "")
        if what == "filter":
            said = _("no filter {wanted}; the filters are: {names}")
        elif what == "column":
            said = _("no column {wanted}; the columns are: {names}")
        else:
            said = _("no {facet} value {wanted}; the values of {facet} are: {names}")
        raise TableExportError(said.format(wanted=repr(wanted), names=listed,
                                           facet=shown(facet)))
    return found


def cli_view(directory: Directory, tab: str, text: str, where: Sequence[str] = (),
             sort: str | None = None, descending: bool = False,
             extra: tuple[str, str] | None = None) -> View:
    """The view the command line's words describe: *text* searched, each ``FACET=VALUE`` of
    *where* ticked (several values of one facet: any of them; of several facets: all), sorted
    by the column titled *sort* (Name when None). Facet, value and column are matched with
    case and accents ignored. *extra* is one more tick, (facet, value), as given.

    Raises:
        TableExportError: a ``where`` without ``=``, or a facet, value or column the table has
            not (the message lists those it has).
        DirectoryError: the directory cannot be read.
    """
    spec = TAB_SPECS[tab]
    ticked: dict[str, set[str]] = {}
    counts: dict[str, list[tuple[str, int]]] | None = None
    for item in where:
        facet_text, sep, value_text = item.partition("=")
        if not sep:
            raise TableExportError(_("--where {item}: write it as FACET=VALUE (e.g. "
                                     "\"State=Nuevo León\")").format(item=repr(item)))
        facet = _pick(facet_text.strip(), [f.title for f in spec.facets], "filter")
        if counts is None:
            counts = BrowseQuery(spec).facet_counts(directory)
        values = sorted(v for v, _n in counts.get(facet, []))
        ticked.setdefault(facet, set()).add(_pick(value_text.strip(), values, "value",
                                                  facet, translated=False))
    if extra is not None:
        ticked.setdefault(extra[0], set()).add(extra[1])
    column = 0
    if sort is not None:
        titles = [c.title for c in spec.columns]
        column = titles.index(_pick(sort, titles, "column"))
    return BrowseQuery(spec, text, ticked, column, descending).view()


def cli_columns(spec: TableSpec, names: str | None) -> list[int] | None:
    """The column indexes a comma-separated list of titles names, in its order (None: the
    columns a tab shows at first, leaving out those a user adds such as Website). Raises
    :class:`TableExportError` for a title the table has not."""
    if names is None:
        return [n for n, c in enumerate(spec.columns) if c.shown]
    titles = [c.title for c in spec.columns]
    return [titles.index(_pick(name.strip(), titles, "column"))
            for name in names.split(",") if name.strip()]



def search_to_file(directory: Directory, path: Path, *, text: str, kind: str | None = None,
                   where: Sequence[str] = (), sort: str | None = None,
                   descending: bool = False, columns: str | None = None,
                   separator: str = DEFAULT_SEPARATOR,
                   base: tuple[str, View] | None = None,
                   base_columns: Sequence[str] = ()) -> tuple[Exported, TableSpec]:
    """``mxdesk search TEXT --kind KIND --csv|--xlsx PATH``: :func:`search_table`'s table,
    written to *path*. Returns what was written and the table's spec.

    Raises:
        TableExportError: as :func:`search_table`, or the file cannot be written (nothing
            is).
        DirectoryError: the directory cannot be read.
    """
    table, spec = search_table(directory, text=text, kind=kind, where=where, sort=sort,
                               descending=descending, columns=columns, base=base,
                               base_columns=base_columns)
    return export_table(table, path, separator), spec


def search_table(directory: Directory, *, text: str, kind: str | None = None,
                 where: Sequence[str] = (), sort: str | None = None,
                 descending: bool = False, columns: str | None = None,
                 base: tuple[str, View] | None = None,
                 base_columns: Sequence[str] = ()) -> tuple[Table, TableSpec]:
    """The table of KIND's tab (see :func:`spec_for_kind`) as that tab lists *text* with the
    ticks of *where* and the sort by the column titled *sort* (*descending*: the column's
    usual order reversed), with the *columns* titled (comma-separated; None: all). *base* is
    a saved view, (its tab, its view): its ticks and sort are kept, its search is replaced by
    *text* when *text* is not empty, *where* adds ticks and *sort* replaces its sort; its
    *base_columns* (names) are the columns when *columns* is None. Returns the table and its
    tab's spec.

    Raises:
        TableExportError: the kind has no table, a saved view's tab is not the kind's, or a
            facet, value or column is unknown.
        DirectoryError: the directory cannot be read.
    """
    if base is not None:
        tab, saved = base
        if kind is not None and spec_for_kind(kind)[0] != tab:
            raise TableExportError(_("the saved view lists {table}, not {kind} records: "
                                     "leave --kind out").format(
                table=shown(_title_of(TAB_SPECS[tab])).lower(), kind=kind))
        extra = None
    else:
        tab, extra = spec_for_kind(kind)
        saved = View()
    spec = TAB_SPECS[tab]
    view = cli_view(directory, tab, text.strip() or saved.text, where, sort, descending, extra)
    ticks = {title: set(values) for title, values in saved.selected}
    for title, values in view.selected:
        ticks.setdefault(title, set()).update(values)
    if sort is None and base is not None:
        column, descending = saved.sort_column, saved.descending or descending
    else:
        column = view.sort_column
    view = BrowseQuery(spec, view.text, ticks, column, descending).view()
    names = [c.name for c in spec.columns]
    chosen = ([names.index(n) for n in base_columns if n in names]
              if columns is None and base_columns else cli_columns(spec, columns))
    return read_table(directory, spec, view, chosen), spec


def table_lines(table: Table, widest: int = 40) -> list[str]:
    """*table* as lines of text for a terminal: its header (in the current language), then
    one line per row, the
    columns aligned two spaces apart, each at most *widest* characters (a longer value is
    cut with "…"); no value is blank. The last column is not padded."""
    def cell(value: object) -> str:
        text = "" if value is None else " ".join(str(value).split())
        return text if len(text) <= widest else text[:widest - 1] + "…"

    cells = [[cell(shown(v)) for v in table.header],
             *[[cell(v) for v in row] for row in table.rows]]
    widths = [max(len(line[c]) for line in cells) for c in range(len(table.header))]
    return ["  ".join(value.ljust(width) for value, width in zip(line, widths, strict=True)
                      ).rstrip() for line in cells]
