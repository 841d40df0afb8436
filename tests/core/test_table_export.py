"""A tab's list as CSV and XLSX (core/table_export.py), read back with Python's csv, openpyxl
and LibreOffice."""

from __future__ import annotations

import csv
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest

from mxdesk.core.browse import BrowseQuery, View
from mxdesk.core.directory import Directory
from mxdesk.core.table_export import (
    Table,
    TableExportError,
    cli_view,
    export_table,
    read_table,
)
from mxdesk.core.tables import CLUSTERS, SECTORS
from tests.conftest import require_tool

#: Cells a spreadsheet would run, and accents a wrong encoding would mangle.
HOSTILE = Table("Clusters", ("Name", "Note", "Count"), [
    ("Querétaro Ñandú Łódź", "=HYPERLINK(\"http://evil\",\"x\")", 12),
    ("+52 55 1234", "@SUM(A1)", 0),
    ("-2+3", "Llamar;=2+5", None),
    ("0012", "https://example.org/", 1_234_567),
])


def csv_rows(path: Path, separator: str) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=separator))


def test_a_view_reads_as_the_tab_lists_it(directory: Directory) -> None:
    """Search, ticks and sort as the window's query gives them, in its order."""
    view = View("", (("State", ("Nuevo León",)),), sort_column=3)
    table = read_table(directory, CLUSTERS, view, [0, 3])
    query = BrowseQuery(CLUSTERS, "", {"State": {"Nuevo León"}}, 3)
    expected = [(r.cells[0], r.cells[3]) for r in query.rows(directory, 0, 1000)]
    assert table.header == ("Name", "Quality label")
    assert table.rows == expected
    assert len(expected) == 14
    assert table.rows[0] == ("Cluster Automotriz de Nuevo León", "Gold (expired 2019)")


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_csv_reads_back_whole_and_guarded(tmp_path: Path, separator: str) -> None:
    path = tmp_path / "list.csv"
    result = export_table(HOSTILE, path, separator)
    assert (result.format, result.rows) == ("csv", 4)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = csv_rows(path, separator)
    assert rows[0] == ["Name", "Note", "Count"]
    assert rows[1] == ["Querétaro Ñandú Łódź", "'=HYPERLINK(\"http://evil\",\"x\")", "12"]
    assert rows[2] == ["'+52 55 1234", "'@SUM(A1)", "0"]
    assert rows[3] == ["'-2+3", "Llamar;'=2+5", ""]
    assert rows[4] == ["0012", "https://example.org/", "1234567"]


def test_xlsx_reads_back_as_text_and_numbers(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    assert export_table(HOSTILE, path).rows == 4
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    assert sheet.title == "Clusters"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values == [
        ["Name", "Note", "Count"],
        ["Querétaro Ñandú Łódź", "=HYPERLINK(\"http://evil\",\"x\")", 12],
        ["+52 55 1234", "@SUM(A1)", 0],
        ["-2+3", "Llamar;=2+5", None],
        ["0012", "https://example.org/", 1_234_567],
    ]
    # Text, never a formula: openpyxl reads a formula cell's type as "f".
    assert {c.data_type for row in sheet.iter_rows(min_row=2, max_col=2) for c in row} == {"s"}
    assert sheet["C2"].data_type == "n"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C5"
    assert sheet["A1"].font.b
    assert not sheet["B2"].hyperlink
    assert not sheet["B5"].hyperlink
    assert 10 <= sheet.column_dimensions["A"].width <= 62


def test_sectors_counts_are_numbers_in_the_workbook(directory: Directory, tmp_path: Path) -> None:
    path = tmp_path / "sectors.xlsx"
    export_table(read_table(directory, SECTORS, View(sort_column=3)), path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header == ["Name", "Type", "Industry", "Clusters", "Key figures"]
    counts = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(n, int) for n in counts)
    assert counts == sorted(counts, reverse=True)  # "Clusters" sorted, most first
    assert counts[0] > 5


@pytest.mark.parametrize(("name", "folder_missing"), [("list.txt", False), ("list.csv", True)])
def test_a_bad_name_writes_nothing(tmp_path: Path, name: str, folder_missing: bool) -> None:
    target = (tmp_path / "gone" / name) if folder_missing else tmp_path / name
    with pytest.raises(TableExportError, match=r"cannot write|must end in"):
        export_table(HOSTILE, target)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(b"the user's earlier file")
    import xlsxwriter.worksheet

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsxwriter.worksheet.Worksheet, "write", broken)
    with pytest.raises(TableExportError, match="No space left"):
        export_table(HOSTILE, path)
    assert path.read_bytes() == b"the user's earlier file"
    assert [p.name for p in tmp_path.iterdir()] == ["list.xlsx"]


def test_command_line_words_make_the_view(directory: Directory) -> None:
    view = cli_view(directory, "clusters", "aero", ["state=queretaro", "STATE=nuevo leon"],
                    sort="quality LABEL", descending=True)
    assert view == View("aero", (("State", ("Nuevo León", "Querétaro")),), 3, True)
    with pytest.raises(TableExportError, match=r"the values of State are: .*Jalisco"):
        cli_view(directory, "clusters", "", ["State=Atlantis"])
    with pytest.raises(TableExportError, match="FACET=VALUE"):
        cli_view(directory, "clusters", "", ["State"])


def _libreoffice_rows(tmp_path: Path, path: Path, infilter: str | None) -> list[list[str]]:
    """*path* opened by LibreOffice and saved as a flat spreadsheet: each row's cells as
    LibreOffice shows them, with a cell's value type checked: no cell is a formula."""
    soffice = require_tool("soffice")
    out = tmp_path / "lo"
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         *([f"--infilter={infilter}"] if infilter else []),
         "--convert-to", "fods", "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    text = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    rows = []
    for row in ET.parse(out / f"{path.stem}.fods").iter(f"{table}table-row"):
        cells = []
        for cell in row.iter(f"{table}table-cell"):
            assert cell.get(f"{table}formula") is None
            shown = "\n".join(p.text or "" for p in cell.iter(f"{text}p"))
            kind = cell.get(f"{office}value-type")
            cells.append(f"{shown}#{kind}" if kind == "float" else shown)
        if any(cells):
            rows.append(cells)
    return rows


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_libreoffice_opens_the_list_with_accents_and_numbers(
        directory: Directory, tmp_path: Path, suffix: str) -> None:
    """The issue's test: the exported list opened by LibreOffice (headless) shows the names
    with their accents and the counts as numbers; the CSV with ";" read as German or Spanish
    LibreOffice reads it (59 = ";", 34 = '"', 76 = UTF-8, 1 = first line)."""
    table = read_table(directory, SECTORS, View("automotive"))
    hostile = Table(table.title, table.header,
                    [*table.rows, ("=1+1 Querétaro", "Type", "", 7, 0)])
    path = tmp_path / f"sectors{suffix}"
    export_table(hostile, path, ";")
    rows = _libreoffice_rows(tmp_path, path, "CSV:59,34,76,1" if suffix == ".csv" else None)
    assert rows[0][:5] == ["Name", "Type", "Industry", "Clusters", "Key figures"]
    by_name = {r[0]: r for r in rows[1:]}
    automotive = next(r for r in table.rows if r[0] == "Automotive")
    assert by_name["Automotive"][3:5] == [f"{automotive[3]}#float", f"{automotive[4]}#float"]
    # A formula start stays text (the CSV shows the apostrophe that guards it).
    guarded = "'=1+1 Querétaro" if suffix == ".csv" else "=1+1 Querétaro"
    assert by_name[guarded][3] == "7#float"
    names = [r[0] for r in rows[1:]]
    assert all("\ufffd" not in n and "Ã" not in n for n in names)
    accented = [n for n in names if any(ch in n for ch in "áéíóúñ")]
    assert accented, names


def test_a_workbook_says_what_its_rows_are_and_prints_on_one_page_width(
        directory: Directory, tmp_path: Path) -> None:
    """Issue 17's trial: a file said nothing of its data or filters, and printed, its
    columns split over two pages (read back with openpyxl)."""
    view = View("aerospace", (("State", ("Querétaro",)),), sort_column=1, descending=True)
    path = tmp_path / "aero.xlsx"
    export_table(read_table(directory, CLUSTERS, view), path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Clusters", "About"]
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Search"] == "aerospace"
    assert about["Filters"] == "State: Querétaro"
    assert about["Sorted by"] == "State (descending)"
    assert about["Rows"] == "1"
    assert about["Data"].startswith(f"mxdesk directory {directory.info().data_version}, built ")
    assert about["Data"].endswith("; figures of 2018 and earlier")
    sheet = book["Clusters"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1)  # (1, the default, is not written)
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$1"
