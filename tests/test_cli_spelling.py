"""``mxdesk search`` with a misspelt word (issue 17), run as a user runs it: the correction is
printed on a line before the results (on stderr with --json, where each hit carries it), and
--exact searches as typed."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.test_cli import mxdesk

#: The issue's typos: (typed, searched instead, kind, a record the search must find).
TYPOS = [
    ("queretero", "Querétaro", "state", "queretaro"),
    ("monterey", "Monterrey", "cluster", "monterrey-aerocluster"),
    ("aeroespace", "Aerospace", "sector", "aerospace"),
    ("chihuaha", "Chihuahua", "state", "chihuahua"),
    ("automotrix", "Automotriz", "cluster", "cluster-automotriz-puebla"),
    ("nuevo lein", "Nuevo León", "state", "nuevo-leon"),
]


@pytest.mark.parametrize(("typed", "searched", "kind", "record_id"), TYPOS)
def test_a_typo_finds_the_intended_record_and_says_so(typed: str, searched: str, kind: str,
                                                      record_id: str) -> None:
    result = mxdesk("search", typed, "--kind", kind)
    assert result.returncode == 0, result.stderr
    first, *rest = result.stdout.splitlines()
    assert first.startswith(f"Showing results for {searched} (nothing matches ")
    assert any(line.split()[:1] == [record_id] for line in rest), result.stdout


def test_json_carries_the_correction_in_each_hit() -> None:
    result = mxdesk("search", "nuevo lein", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)  # stdout is JSON alone: the line went to stderr
    assert ("state", "nuevo-leon") in {(h["kind"], h["id"]) for h in hits}
    assert {json.dumps(h["spelling"], ensure_ascii=False) for h in hits} == {json.dumps(
        {"typed": "nuevo lein", "searched": "Nuevo León", "words": [["lein", "León"]]},
        ensure_ascii=False)}
    assert result.stderr.startswith("Showing results for Nuevo León (nothing matches 'lein'")


def test_exact_searches_as_typed() -> None:
    result = mxdesk("search", "queretero", "--exact")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "No matches for 'queretero'.\n"


def test_a_word_that_matches_is_not_corrected() -> None:
    result = mxdesk("search", "queretaro", "--kind", "state", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert [(h["id"], "spelling" in h) for h in json.loads(result.stdout)] == [
        ("queretaro", False)]


@pytest.mark.parametrize("typed", ["qro", "gto", "slp", "mty", "bcn"])
def test_a_three_letter_abbreviation_is_never_corrected(typed: str) -> None:
    """Issue 17's trial: "qro" was searched as "quotas", "mty" as "may"."""
    result = mxdesk("search", typed)
    assert result.returncode == 0, result.stderr
    assert "Showing results for" not in result.stdout + result.stderr


def test_a_table_written_to_a_file_is_corrected_too(tmp_path: Path) -> None:
    """Issue 17's trial: `--csv` wrote an empty table for "queretero" while the window and
    the plain search found six clusters; read back with csv."""
    out = tmp_path / "q.csv"
    result = mxdesk("search", "queretero", "--csv", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Showing results for Querétaro (")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert len(rows) == 7
    assert all(row[1] == "Querétaro" for row in rows[1:])
    # "-" writes the table to standard output, the correction to standard error.
    piped = mxdesk("search", "queretero", "--csv", "-")
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.lstrip("\ufeff").startswith("Name;State;Sectors")
    assert len(piped.stdout.splitlines()) == 7
    assert "Showing results for Querétaro" in piped.stderr


def test_a_correction_is_printed_only_when_it_finds_something() -> None:
    """Issue 17's second trial: "jurgen grob" printed "Showing results for jurgen grow" and
    then nothing, while Jürgen Groß was among the contacts. The correction tries the next
    words until one finds something, and says nothing when none does."""
    from mxdesk.core.notes import Contact, NotesStore, default_path

    with NotesStore(default_path(), allow_new=True) as store:
        store.save_contact(Contact(name="Jürgen Groß", organisation="Automotive Cluster Bayern"))
    result = mxdesk("search", "jurgen grob")
    assert result.returncode == 0, result.stderr
    first, *rest = result.stdout.splitlines()
    assert first.startswith("Showing results for Jürgen Groß (nothing matches 'grob'")
    assert "Jürgen Groß" in "\n".join(rest)
    nothing = mxdesk("search", "puebla aeroespace", "--kind", "cluster")
    assert nothing.returncode == 0, nothing.stderr
    assert nothing.stdout == "No matches for 'puebla aeroespace'.\n"
