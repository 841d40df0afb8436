"""Opening the directory database and finding records by name."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from mxdesk.core.build import build_from
from mxdesk.core.directory import Directory
from mxdesk.core.errors import AmbiguousNameError, DirectoryError, NotFoundError
from mxdesk.core.profile import label_status, record_data, text_profile
from mxdesk.core.records import Kind, RecordRef, Source
from mxdesk.core.synth import synthetic_sources
from tests.conftest import COMMITTED_DB


@pytest.mark.parametrize(("text", "expected"), [
    ("claugto", ("cluster", "claugto")),
    ("CLAUGTO", ("cluster", "claugto")),
    ("The Guanajuato Auto Cluster (CLAUGTO)", ("cluster", "claugto")),
    ("cluster automotriz de guanajuato", ("cluster", "claugto")),
    ("Csoftmty", ("cluster", "csoftmty")),
    ("it@baja", ("cluster", "it-baja")),
    ("Queretaro", ("state", "queretaro")),
    ("nuevo leon", ("state", "nuevo-leon")),
    ("Mexico City", ("state", "ciudad-de-mexico")),
    ("ict", ("sector", "ict")),
])
def test_resolve(directory: Directory, text: str, expected: tuple[str, str]) -> None:
    ref = directory.resolve(text)
    assert (ref.kind, ref.id) == expected


def test_exact_id_wins_over_an_acronym(directory: Directory) -> None:
    assert directory.resolve("claut").id == "claut"
    assert directory.resolve("claut-edomex").id == "claut-edomex"


def test_ambiguous_name_lists_candidates(directory: Directory) -> None:
    with pytest.raises(AmbiguousNameError) as caught:
        directory.resolve("CLAUT")
    ids = {record_id for _kind, record_id, _name in caught.value.candidates}
    assert ids == {"claut", "claut-edomex"}


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("automotriz nuevo leon", None, ("cluster", "claut")),  # words of one name only
    ("Auto Cluster Chihuahua", "cluster", ("cluster", "chihuahua-auto-cluster")),  # an alias
    ("baja california", None, ("state", "baja-california")),  # whole, beside "… Sur"
    ("nuevo", "state", ("state", "nuevo-leon")),
    ("aero", "sector", ("sector", "aerospace")),
])
def test_a_whole_name_wins_then_words_of_one_name(directory: Directory, text: str,
                                                   kind: Kind | None,
                                                   expected: tuple[str, str]) -> None:
    ref = directory.resolve(text, kind)
    assert (ref.kind, ref.id) == expected


def test_words_of_several_names_are_ambiguous(directory: Directory) -> None:
    with pytest.raises(AmbiguousNameError, match="part of the names of 2 records") as caught:
        directory.resolve("baja", "state")
    assert caught.value.partial
    assert [c[1] for c in caught.value.candidates] == ["baja-california", "baja-california-sur"]


def test_unknown_name(directory: Directory) -> None:
    with pytest.raises(NotFoundError, match="Atlantis"):
        directory.resolve("Atlantis Space Cluster")


def test_cluster_record(directory: Directory) -> None:
    claugto = directory.cluster("claugto")
    assert claugto.name == "Cluster Automotriz de Guanajuato"
    assert claugto.acronym == "CLAUGTO"
    assert claugto.state is not None
    assert claugto.state.id == "guanajuato"
    assert "automotive" in [s.id for s in claugto.sectors]
    assert claugto.founded == 2012
    assert claugto.website == "http://claugto.org/"
    assert claugto.label is not None
    assert claugto.label.level == "Silver"
    members = [f for f in claugto.facts if f.label == "Members"]
    assert [(f.value, f.source_id) for f in members] == [(119, "fn75")]
    assert {"table-2", "table-6", "section-3.2"} <= {x.table for x in claugto.listings}
    assert "fn75" in claugto.source_ids


def test_expired_label_is_shown_as_expired(directory: Directory) -> None:
    claut = directory.cluster("claut")
    assert claut.label is not None
    before = claut.label.valid_until - dt.timedelta(days=1)
    after = claut.label.valid_until + dt.timedelta(days=1)
    assert "— valid (checked" in label_status(claut, before)
    assert "— expired (checked" in label_status(claut, after)


def test_text_profile_has_sources_and_figures(directory: Directory) -> None:
    text = text_profile(directory, directory.cluster("claugto"))
    assert "Cluster Automotriz de Guanajuato" in text
    assert "119" in text
    assert "http://claugto.org/" in text
    assert text.index("Sources") > text.index("Key figures")


def test_record_data_is_plain(directory: Directory) -> None:
    data = record_data(directory, directory.cluster("claugto"))
    assert data["kind"] == "cluster"
    assert data["label"]["valid_until"].startswith("20")
    assert any(s["id"] == "fn75" for s in data["sources"])


def test_database_is_opened_read_only(directory: Directory) -> None:
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        directory.conn.execute("DELETE FROM clusters")


def test_missing_database(tmp_path: Path) -> None:
    with pytest.raises(DirectoryError, match="not found"):
        Directory(tmp_path / "nope.db")


def test_not_sqlite(tmp_path: Path) -> None:
    bogus = tmp_path / "clusters.db"
    bogus.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DirectoryError, match="not a readable directory database"):
        Directory(bogus)


def test_truncated_database(tmp_path: Path) -> None:
    truncated = tmp_path / "clusters.db"
    truncated.write_bytes(COMMITTED_DB.read_bytes()[:4096])
    with pytest.raises(DirectoryError):
        Directory(truncated).info()


def test_foreign_sqlite_file(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(DirectoryError, match="not an mxdesk directory database"):
        Directory(other)


@pytest.mark.parametrize(("version", "word"), [(99, "newer"), (0, "older")])
def test_other_schema_version(tmp_path: Path, version: int, word: str) -> None:
    copy = tmp_path / "clusters.db"
    shutil.copy(COMMITTED_DB, copy)
    conn = sqlite3.connect(copy)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    with pytest.raises(DirectoryError, match=word):
        Directory(copy)


# -- cross-link answers: counted by merging index order, kept while the file is open ---------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    """A 1,500-cluster synthetic directory: many clusters in two sectors at once."""
    path = tmp_path_factory.mktemp("synth") / "clusters.db"
    build_from(synthetic_sources(1500, seed=7), path)
    with Directory(path) as opened:
        yield opened


def _sector_sets(d: Directory) -> list[list[str]]:
    """Every sector alone, every pair of sectors, and some threes and a five."""
    ids = [r[0] for r in d.conn.execute("SELECT id FROM sectors ORDER BY id")]
    pairs = [[a, b] for i, a in enumerate(ids) for b in ids[i + 1:]]
    return [[x] for x in ids] + pairs + [ids[i:i + 3] for i in range(0, len(ids), 4)] \
        + [ids[:5], [ids[0], ids[0]], []]


@pytest.mark.parametrize("which", ["committed", "synthetic"])
def test_sector_counts_match_a_plain_distinct_count(
        request: pytest.FixtureRequest, which: str) -> None:
    d: Directory = request.getfixturevalue("directory" if which == "committed" else "synthetic")
    overlapping = 0
    for ids in _sector_sets(d):
        unique = list(dict.fromkeys(ids))
        marks = ",".join("?" * len(unique))
        expected = d.conn.execute(
            f"SELECT count(DISTINCT cluster_id) FROM cluster_sectors WHERE sector_id IN ({marks})",
            unique).fetchone()[0]
        assert d.count_clusters_in_sectors(ids) == expected, ids
        assert d.count_clusters_in_sectors(list(reversed(ids))) == expected, ids
        total = d.conn.execute(
            f"SELECT count(*) FROM cluster_sectors WHERE sector_id IN ({marks})",
            unique).fetchone()[0]
        overlapping += total > expected
    # The check means something only if clusters in two of the sectors were counted once.
    assert overlapping > (10 if which == "synthetic" else 0)


def test_sector_cluster_lists_are_the_first_by_name(synthetic: Directory) -> None:
    ids = [r[0] for r in synthetic.conn.execute("SELECT id FROM sectors ORDER BY id LIMIT 3")]
    everything = synthetic.clusters_in_sectors(ids)
    assert len(everything) == synthetic.count_clusters_in_sectors(ids)
    assert synthetic.clusters_in_sectors(ids, 41) == everything[:41]
    assert synthetic.clusters_in_sectors(list(reversed(ids)), 41) == everything[:41]


def test_answers_kept_are_the_answers_read(directory: Directory) -> None:
    fresh = Directory(directory.path)
    try:
        for _ in range(2):  # the first time read from the file, the second kept
            assert fresh.clusters_in_state("jalisco", 3) == directory.clusters_in_state(
                "jalisco")[:3]
            assert fresh.count_clusters_in_state("jalisco") == len(
                directory.clusters_in_state("jalisco"))
            assert fresh.policies_for_sectors(["automotive", "automotive"]) == \
                directory.policies_for_sectors(["automotive"])
            assert fresh.cooperation_for_sectors(["aerospace"]) == \
                directory.cooperation_for_sectors(["aerospace"])
            assert fresh.state("jalisco") == directory.state("jalisco")
            assert fresh.ref("state", "jalisco") == RecordRef("state", "jalisco", "Jalisco")
    finally:
        fresh.close()


def test_unknown_state_is_still_not_found(directory: Directory) -> None:
    directory.ref("state", "jalisco")
    with pytest.raises(NotFoundError):
        directory.ref("state", "atlantis")
    with pytest.raises(NotFoundError):
        directory.state("atlantis")


def test_sources_in_the_order_asked_without_unknown_ones(directory: Directory) -> None:
    ids = [r[0] for r in directory.conn.execute("SELECT id FROM sources ORDER BY id DESC LIMIT 4")]
    got = directory.sources([ids[2], "no-such-source", ids[0], ids[2], ids[1]])
    assert [s.id for s in got] == [ids[2], ids[0], ids[1]]
    row = directory.conn.execute("SELECT * FROM sources WHERE id = ?", [ids[0]]).fetchone()
    assert got[1] == Source(row["id"], row["document_id"], row["title"], row["footnote"],
                            row["url"], row["section"])


def test_a_figure_printed_with_two_footnote_marks_cites_both(directory: Directory) -> None:
    """Issue 17: "approximately €2.6 billion inward investment over the last 10 years35,36"
    cites footnotes 35 and 36, in that order; a figure with one mark cites one."""
    facts = {f.label: f for f in directory.sector("aerospace").facts}
    assert facts["Inward aerospace FDI"].source_ids == ("fn35", "fn36")
    assert facts["Inward aerospace FDI"].source_id == "fn35"
    assert facts["Aerospace exports"].source_ids == ("fn34",)
    # "… or clusters37, 38." closes the paragraph on the In-bond programme of 1965.
    assert facts["In-bond or Maquiladora programme established"].source_ids == ("fn37", "fn38")
