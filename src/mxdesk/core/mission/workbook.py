"""A mission's tables as an XLSX workbook (the agenda, the report), written with XlsxWriter
as :mod:`mxdesk.core.table_export` writes a tab's list: text stays text (no formulas,
numbers or links made of it), dates and times are real Excel dates and times, a bold header
row, frozen, with an autofilter; written to a temporary name and renamed into place. No Qt.

Language (issue 20): a workbook is read by people, so its callers give the sheets' names and
the columns' titles in the current language (``pgettext("workbook", …)``,
``pgettext("column", …)``), as :mod:`mxdesk.core.table_export` does for a tab's workbook; a
name is cut to what Excel allows here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mxdesk.core.i18n import _
from mxdesk.core.table_export import TableExportError, partial_file

__all__ = ["Column", "Sheet", "write_workbook"]

#: The number formats of dates and times as Excel shows them.
_FORMATS = {"date": "yyyy-mm-dd", "time": "hh:mm", "datetime": "yyyy-mm-dd hh:mm"}
_MIN_WIDTH, _MAX_WIDTH = 8, 60


@dataclass(frozen=True)
class Column:
    """A column: its *title* and what its cells hold (*kind*): "text" (a number in it is
    written as a number, a date as a date), "number", "date" (a :class:`datetime.date`), "time" (a
    :class:`datetime.time`) or "datetime" (naive)."""

    title: str
    kind: str = "text"


@dataclass(frozen=True)
class Sheet:
    """A worksheet: its *name* (31 characters at most, none of ``[]:*?/\\``), its columns
    and its rows (one value per column; None or "" for an empty cell)."""

    name: str
    columns: tuple[Column, ...]
    rows: Sequence[Sequence[object]]


def _width(column: Column, values: list[object]) -> float:
    if column.kind in _FORMATS:
        return max(len(column.title) + 2, len(_FORMATS[column.kind]) + 2)
    longest = max((len(str(v)) for v in values if v not in (None, "")), default=0)
    return min(_MAX_WIDTH, max(_MIN_WIDTH, len(column.title) + 2, longest + 2))


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> Path:
    """Write *sheets* to *path* (a name ending in .xlsx) atomically and return it. Raises
    :class:`TableExportError` for another suffix, a missing folder or a file that cannot
    be written (nothing is left behind), ValueError for a value that is not of its
    column's kind."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise TableExportError(_("{path}: the file name must end in .xlsx").format(path=path))
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise TableExportError(_("cannot write {path}: the folder {folder} does not "
                                 "exist").format(path=path, folder=folder))
    import xlsxwriter  # (on first use: the window never needs it otherwise)
    from xlsxwriter.exceptions import XlsxWriterException

    with partial_file(path) as drawn:
        workbook = xlsxwriter.Workbook(str(drawn), {
            # Text is text: no "=…" becomes a formula, no "0012" a number, no link.
            "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False})
        try:
            bold = workbook.add_format({"bold": True})
            formats = {kind: workbook.add_format({"num_format": shape, "align": "left"})
                       for kind, shape in _FORMATS.items()}
            for sheet in sheets:
                _write_sheet(workbook.add_worksheet(_sheet_name(sheet.name)), sheet, bold,
                             formats)
        finally:
            try:
                workbook.close()
            except (XlsxWriterException, OSError) as exc:
                raise TableExportError(_("cannot write {path}: {reason}").format(
                    path=path, reason=exc)) from exc
    return path


def _sheet_name(name: str) -> str:
    """*name* as Excel allows a sheet's name: no ``[]:*?/\\``, at most 31 characters (a
    translation may be longer than its English)."""
    return "".join(" " if ch in "[]:*?/\\" else ch for ch in name).strip("' ")[:31] or "Sheet"


def _write_sheet(ws: object, sheet: Sheet, bold: object, formats: dict[str, object]) -> None:
    """One worksheet's header, rows and settings (*ws* an XlsxWriter worksheet)."""
    from typing import Any

    out: Any = ws
    for c, column in enumerate(sheet.columns):
        out.set_column(c, c, _width(column, [row[c] for row in sheet.rows[:2000]]))
    out.write_row(0, 0, [c.title for c in sheet.columns], bold)
    for r, row in enumerate(sheet.rows, start=1):
        for c, (column, value) in enumerate(zip(sheet.columns, row, strict=True)):
            if value is None or value == "":
                continue
            if column.kind == "number" or (isinstance(value, int | float)
                                           and not isinstance(value, bool)):
                out.write_number(r, c, value)
            elif column.kind == "text" and isinstance(value, dt.date):
                # A date in a column of mixed values (the report's Summary): a real date.
                kind = "datetime" if isinstance(value, dt.datetime) else "date"
                out.write_datetime(r, c, value, formats[kind])
            elif column.kind in _FORMATS:
                if (column.kind == "date" and not isinstance(value, dt.date)) \
                        or (column.kind == "datetime" and not isinstance(value, dt.datetime)) \
                        or (column.kind == "time" and not isinstance(value, dt.time)):
                    raise ValueError(f"{sheet.name}, {column.title}: {value!r} is not a "
                                     f"{column.kind}")
                out.write_datetime(r, c, value, formats[column.kind])
            else:
                # write(), not write_string(): the workbook's options keep "=…" as text.
                out.write(r, c, str(value))
    out.freeze_panes(1, 0)
    out.autofilter(0, 0, max(len(sheet.rows), 1), max(len(sheet.columns) - 1, 0))
    out.set_landscape()
    out.fit_to_pages(1, 0)
    out.repeat_rows(0)
