"""``mxdesk search … --csv/--xlsx``: a tab's table written from the command line, run as a
separate process as a user runs it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from mxdesk.core.browse import View
from mxdesk.core.notes import NotesStore, default_path
from mxdesk.core.saved_views import save_view
from tests.test_cli import mxdesk


def read_csv(path: Path, separator: str = ";") -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=separator))


def test_search_writes_the_clusters_it_finds(tmp_path: Path) -> None:
    out = tmp_path / "queretaro.xlsx"
    result = mxdesk("search", "queretaro", "--xlsx", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Wrote 6 clusters to {out}\n"
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Name", "State", "Sectors", "Quality label")
    assert len(rows) == 7
    assert {r[1] for r in rows[1:]} >= {"Querétaro"}


def test_filters_sort_and_columns(tmp_path: Path) -> None:
    out = tmp_path / "nl.csv"
    result = mxdesk("search", "", "--where", "state=nuevo leon", "--sort", "quality label",
                    "--columns", "quality label,name", "--csv", str(out))
    assert result.returncode == 0, result.stderr
    rows = read_csv(out)
    assert rows[0] == ["Quality label", "Name"]
    assert len(rows) == 15
    assert rows[1] == ["Gold (expired 2019)", "Cluster Automotriz de Nuevo León"]


def test_a_kind_of_a_shared_table_keeps_that_kind(tmp_path: Path) -> None:
    out = tmp_path / "programmes.csv"
    result = mxdesk("search", "", "--kind", "programme", "--csv", str(out),
                    "--csv-separator", "comma")
    assert result.returncode == 0, result.stderr
    rows = read_csv(out, ",")
    assert {r[1] for r in rows[1:]} == {"EU–Mexico programme"}


@pytest.mark.parametrize(("args", "says", "status"), [
    (["--kind", "state", "--csv", "x.csv"], "state has none", 1),
    (["--where", "Planet=Mars", "--csv", "x.csv"], "no filter 'Planet'; the filters are: "
                                                   "State, Region, Sector, Quality label", 1),
    (["--where", "State=Atlantis", "--xlsx", "x.xlsx"], "no State value 'Atlantis'", 1),
    (["--sort", "Colour", "--csv", "x.csv"], "no column 'Colour'", 1),
    (["--view", "Nothing", "--csv", "x.csv"], "no saved view is called 'Nothing'", 1),
    (["--sort", "Name", "--json", "--csv", "x.csv"], "one of --csv, --xlsx or --json", 2),
    (["--csv", "x.csv", "--xlsx", "y.xlsx"], "one of --csv, --xlsx or --json", 2),
])
def test_bad_options_say_why_and_write_nothing(tmp_path: Path, args: list[str], says: str,
                                               status: int) -> None:
    result = mxdesk("search", "aero", *[str(tmp_path / a) if "." in a and "=" not in a
                                        else a for a in args])
    assert result.returncode == status
    assert says in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_view_saved_in_the_window_writes_its_list(tmp_path: Path) -> None:
    default_path().parent.mkdir(parents=True, exist_ok=True)
    with NotesStore(default_path()) as store:
        save_view(store, "Aero north", "clusters",
                  View("", (("State", ("Chihuahua", "Nuevo León")),), 1, True))
    out = tmp_path / "view.csv"
    result = mxdesk("search", "", "--view", "aero NORTH", "--csv", str(out))
    assert result.returncode == 0, result.stderr
    rows = read_csv(out)
    states = [r[1] for r in rows[1:]]
    assert set(states) == {"Chihuahua", "Nuevo León"}
    assert states == sorted(states, reverse=True)  # its sort: State, descending
    # A QUERY narrows the view's list: its ticks and sort stay.
    result = mxdesk("search", "aeroespacial", "--view", "aero north", "--csv", str(out))
    assert result.returncode == 0, result.stderr
    assert 0 < len(read_csv(out)) - 1 < len(states)


def test_a_saved_view_is_listed_in_the_terminal_without_a_file(tmp_path: Path) -> None:
    """``--view NAME`` without --csv/--xlsx was a usage error (issue 17's trial, §4): it
    lists the view as a plain search lists its hits, and --json gives its rows."""
    default_path().parent.mkdir(parents=True, exist_ok=True)
    with NotesStore(default_path()) as store:
        save_view(store, "Aero north", "clusters",
                  View("", (("State", ("Chihuahua", "Nuevo León")),), 1, True), columns=(
                      "name", "state"))
    out = tmp_path / "view.csv"
    assert mxdesk("search", "", "--view", "aero north", "--csv", str(out)).returncode == 0
    rows = read_csv(out)
    result = mxdesk("search", "", "--view", "aero north")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Clusters ({len(rows) - 1})"
    assert lines[1].split() == ["Name", "State"]
    assert [line.strip().rsplit("  ", 1)[-1].strip() for line in lines[2:]] == [
        r[1] for r in rows[1:]]  # the view's sort: State, descending
    assert [line.strip().rsplit("  ", 1)[0].strip() for line in lines[2:]] == [
        r[0] if len(r[0]) <= 40 else r[0][:39] + "…" for r in rows[1:]]  # long names cut
    result = mxdesk("search", "", "--view", "aero north", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"Name": r[0], "State": r[1]} for r in rows[1:]]
    result = mxdesk("search", "zzzzqqq", "--exact", "--view", "aero north")
    assert (result.returncode, result.stdout) == (0, "No clusters match.\n")


def test_reverse_reverses_the_columns_usual_order_and_descending_still_works(
        tmp_path: Path) -> None:
    """A count lists the most first; --reverse (the clear name, issue 17's trial §7) lists
    the fewest first, and the older --descending does the same for scripts that use it."""
    usual = mxdesk("search", "", "--kind", "sector", "--sort", "Clusters",
                   "--columns", "Name,Clusters", "--csv", "-")
    reverse = mxdesk("search", "", "--kind", "sector", "--sort", "Clusters",
                     "--columns", "Name,Clusters", "--reverse", "--csv", "-")
    descending = mxdesk("search", "", "--kind", "sector", "--sort", "Clusters",
                        "--columns", "Name,Clusters", "--descending", "--csv", "-")
    counts = [int(r.split(";")[1]) for r in usual.stdout.splitlines()[1:]]
    assert counts == sorted(counts, reverse=True)
    assert [int(r.split(";")[1]) for r in reverse.stdout.splitlines()[1:]] == sorted(counts)
    assert descending.stdout == reverse.stdout
    assert not list(tmp_path.iterdir())
    helped = mxdesk("search", "--help").stdout
    assert "--reverse, --descending" in helped
    assert "reverse the column's usual order" in " ".join(helped.split())
