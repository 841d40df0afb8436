"""Opening the directory database and finding records by name."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from mxdesk.core.directory import Directory
from mxdesk.core.errors import AmbiguousNameError, DirectoryError, NotFoundError
from mxdesk.core.profile import label_status, record_data, text_profile
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
    assert "— valid as of" in label_status(claut, before)
    assert "— expired as of" in label_status(claut, after)


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
