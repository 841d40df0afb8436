"""The build pipeline: data/source -> data/clusters.db."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from mxdesk.core import paths
from mxdesk.core.build import build
from mxdesk.core.errors import BuildError
from mxdesk.core.schema import DIRECTORY_SCHEMA_VERSION, SEARCH_BLOCKS, search_rowids
from mxdesk.core.text import FTS_TOKENIZE, index_text
from tests.conftest import COMMITTED_DB


def _content(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every ordinary table, sorted; the build date is the one allowed change."""
    conn = sqlite3.connect(db)
    try:
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'search_%' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        content = {}
        for table in tables:
            # The search index's rowids carry its order (see schema.SEARCH_BLOCKS).
            columns = "rowid, *" if table == "search" else "*"
            rows = conn.execute(f"SELECT {columns} FROM [{table}]").fetchall()
            if table == "meta":
                rows = [r for r in rows if r[0] != "build_date"]
            content[table] = sorted(rows, key=repr)
        content["__schema__"] = sorted(conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
        content["__user_version__"] = [conn.execute("PRAGMA user_version").fetchone()]
        return content
    finally:
        conn.close()


def test_committed_database_equals_a_fresh_build(fresh_db: Path) -> None:
    committed, fresh = _content(COMMITTED_DB), _content(fresh_db)
    assert committed.keys() == fresh.keys()
    for table in fresh:
        assert committed[table] == fresh[table], (
            f"data/clusters.db is stale in table {table}: run `python -m mxdesk.core.build`")


@pytest.mark.parametrize(("kinds", "tables"), [
    (("state",), ("states",)), (("sector",), ("sectors",)), (("cluster",), ("clusters",)),
    (("policy",), ("policies",)), (("programme", "partnership"), ("programmes", "partnerships")),
    (("company",), ("companies",)), (("country",), ("countries",)),
])
def test_search_rowids_number_each_table_in_name_order(fresh_db: Path, kinds: tuple[str, ...],
                                                       tables: tuple[str, ...]) -> None:
    conn = sqlite3.connect(fresh_db)
    low, high = search_rowids(kinds[0])
    assert {search_rowids(kind) for kind in kinds} == {(low, high)}
    indexed = conn.execute("SELECT rowid, kind, record_id FROM search "
                           "WHERE rowid BETWEEN ? AND ? ORDER BY rowid", (low, high)).fetchall()
    by_name = conn.execute(" UNION ALL ".join(
        f"SELECT sort_key, '{kind}', id FROM {table}" for kind, table in zip(
            kinds, tables, strict=True)) + " ORDER BY 1").fetchall()
    assert [(kind, rid) for _rowid, kind, rid in indexed] == [(k, i) for _s, k, i in by_name]
    assert [rowid for rowid, _k, _i in indexed] == list(range(low, low + len(indexed)))
    blocks = {search_rowids(kind) for kind in SEARCH_BLOCKS}
    counted = sum(conn.execute("SELECT count(*) FROM search WHERE rowid BETWEEN ? AND ?",
                               block).fetchone()[0] for block in blocks)
    assert counted == conn.execute("SELECT count(*) FROM search").fetchone()[0]
    conn.close()


def test_build_is_consistent(fresh_db: Path) -> None:
    conn = sqlite3.connect(fresh_db)
    conn.execute("PRAGMA foreign_keys = ON")
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA user_version").fetchone() == (DIRECTORY_SCHEMA_VERSION,)
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    assert set(meta) == {"data_version", "build_date", "schema_version", "title",
                         "map_view_box", "map_attribution", "map_source", "sorted_apart_in_spanish"}
    conn.close()


def test_relations_are_declared_as_foreign_keys(fresh_db: Path) -> None:
    conn = sqlite3.connect(fresh_db)
    fks = {(table, row[3], row[2]) for (table,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")
        for row in conn.execute(f"PRAGMA foreign_key_list([{table}])")}
    conn.close()
    for expected in [
        ("clusters", "state_id", "states"), ("cluster_sectors", "sector_id", "sectors"),
        ("cluster_sources", "source_id", "sources"), ("policies", "parent_id", "policies"),
        ("facts", "source_id", "sources"), ("sector_locations", "state_id", "states"),
        ("policy_sectors", "policy_id", "policies"), ("sectors", "industry_id", "sectors"),
        # Issue 16: the country and companies.
        ("facts", "country_id", "countries"), ("facts", "company_id", "companies"),
        ("country_sources", "source_id", "sources"), ("country_aliases", "country_id", "countries"),
        ("country_conclusions", "country_id", "countries"),
        ("country_conclusions", "source_id", "sources"),
        ("company_sectors", "sector_id", "sectors"), ("company_states", "state_id", "states"),
        ("company_states", "company_id", "companies"), ("company_sources", "source_id", "sources"),
        ("company_aliases", "company_id", "companies"),
        # Issue 17: a fact's sources printed side by side.
        ("fact_sources", "fact_id", "facts"), ("fact_sources", "source_id", "sources"),
    ]:
        assert expected in fks


def test_search_index_holds_the_folded_text_and_display_text_the_text_as_written(
    fresh_db: Path,
) -> None:
    conn = sqlite3.connect(fresh_db)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'search'").fetchone()[0]
    # The tokenizer only splits at the spaces the folding leaves (mxdesk.core.text).
    assert f"tokenize = '{FTS_TOKENIZE}'" in sql
    rows = conn.execute(
        "SELECT s.rowid, s.name, s.aliases, s.place, s.body, t.name, t.aliases, t.place, "
        "t.body FROM search s JOIN display_text t ON t.rowid = s.rowid").fetchall()
    assert len(rows) == conn.execute("SELECT count(*) FROM search").fetchone()[0]
    assert len(rows) == conn.execute("SELECT count(*) FROM display_text").fetchone()[0]
    for row in rows:
        assert row[1:5] == tuple(index_text(text) for text in row[5:9]), row[0]
    written = dict(conn.execute("SELECT record_id, t.name FROM search s "
                                "JOIN display_text t ON t.rowid = s.rowid "
                                "WHERE s.kind = 'policy'"))
    conn.close()
    assert written["pro-aereo"] == "Pro-Aéreo 2012-2020"


@pytest.fixture
def source_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "source"
    shutil.copytree(paths.source_dir(), copy)
    return copy


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("clusters.toml", 'state = "nuevo-leon"', 'state = "atlantis"', "unknown state 'atlantis'"),
    ("clusters.toml", '"fn74"', '"fn999"', "unknown source 'fn999'"),
    ("policies.toml", 'level = "federal"', 'level = "federal"\nbogus = [', "not valid TOML"),
    # A fact's sources printed side by side ("35,36", issue 17): a list of different, known ids.
    ("sectors.toml", 'sources = ["fn35", "fn36"]', 'sources = ["fn35", "fn999"]',
     "unknown source 'fn999'"),
    ("sectors.toml", 'sources = ["fn35", "fn36"]', 'sources = ["fn35", "fn35"]',
     "sources must be a list of different ids"),
    ("sectors.toml", 'sources = ["fn35", "fn36"]', 'sources = []',
     "sources must be a list of different ids"),
    ("sectors.toml", 'sources = ["fn35", "fn36"]', 'sources = ["fn35", "fn36"]\nsource = "fn35"',
     "give one of source"),
])
def test_broken_source_is_refused_and_nothing_is_written(
    source_copy: Path, tmp_path: Path, file: str, old: str, new: str, message: str,
) -> None:
    path = source_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out" / "clusters.db"
    with pytest.raises(BuildError, match=message):
        build(source_copy, out)
    assert not out.exists()
    assert not out.parent.exists() or not any(out.parent.iterdir())


def test_missing_source_file_is_refused(source_copy: Path, tmp_path: Path) -> None:
    (source_copy / "sectors.toml").unlink()
    with pytest.raises(BuildError, match=r"sectors\.toml: missing"):
        build(source_copy, tmp_path / "clusters.db")
