"""The country ("Mexico at a glance") and companies in the build (issue 16): their tables,
what the build refuses, the names they are looked up by and the search rows they get."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from mxdesk.core import paths
from mxdesk.core.build import build
from mxdesk.core.errors import BuildError
from mxdesk.core.search import fts_query


@pytest.fixture
def db(fresh_db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(fresh_db)
    yield conn
    conn.close()


def test_the_country_is_written_with_its_facts_topics_and_conclusions(
        db: sqlite3.Connection) -> None:
    assert db.execute("SELECT id, name FROM countries").fetchall() == [("mexico", "Mexico")]
    topics = [t for (t,) in db.execute(
        "SELECT topic FROM facts WHERE country_id = 'mexico' GROUP BY topic ORDER BY min(id)")]
    assert topics == ["Economy", "Competitiveness and business climate", "Exports",
                      "Trade with the EU", "Investment", "Trade agreements and memberships",
                      "Research and innovation", "Cluster mapping"]
    assert db.execute("SELECT count(*) FROM facts WHERE country_id = 'mexico'").fetchone() == (54,)
    # Only the country's facts have topics today; every other fact's topic is NULL.
    assert db.execute("SELECT count(*) FROM facts WHERE topic IS NOT NULL AND country_id IS "
                      "NULL").fetchone() == (0,)
    conclusions = db.execute("SELECT position, source_id FROM country_conclusions "
                             "ORDER BY position").fetchall()
    assert conclusions == [(n, "briefing-section-5") for n in range(8)]
    sources = {s for (s,) in db.execute("SELECT source_id FROM country_sources")}
    assert {"fn1", "fn4", "briefing-section-2-1", "briefing-section-5"} <= sources


def test_companies_are_written_with_their_links(db: sqlite3.Connection) -> None:
    assert db.execute("SELECT count(*) FROM companies").fetchone() == (40,)
    assert db.execute("SELECT origin, description IS NOT NULL FROM companies "
                      "WHERE id = 'bombardier'").fetchone() == ("Canada", 1)
    assert db.execute("SELECT origin FROM companies WHERE id = 'bmw'").fetchone() == (None,)
    assert db.execute("SELECT state_id FROM company_states").fetchall() == [("queretaro",)]
    assert sorted(s for (s,) in db.execute(
        "SELECT sector_id FROM company_sectors WHERE company_id = 'cfe'")) == [
        "energy", "renewable-energy"]
    assert db.execute("SELECT count(*) FROM company_sectors WHERE sector_id = 'automotive'"
                      ).fetchone() == (12,)
    assert db.execute("SELECT alias FROM company_aliases WHERE company_id = 'general-electric'"
                      ).fetchall() == [("GE",)]


def test_states_and_policies_have_their_websites(db: sqlite3.Connection) -> None:
    assert db.execute("SELECT website FROM states WHERE id = 'nuevo-leon'").fetchone() == (
        "https://icluster-nuevoleon.spribo.com/clusters",)
    assert db.execute("SELECT count(*) FROM states WHERE website IS NOT NULL").fetchone() == (9,)
    assert db.execute("SELECT website FROM policies WHERE id = 'inadem'").fetchone() == (
        "www.inadem.gob.mx",)
    assert db.execute("SELECT count(*) FROM policies WHERE website IS NOT NULL").fetchone() == (
        9,)


@pytest.mark.parametrize(("key", "kind", "record_id"), [
    ("mexico", "country", "mexico"), ("bmw", "company", "bmw"),
    ("ge", "company", "general-electric"), ("cfe", "company", "cfe"),
    ("comision federal de electricidad", "company", "cfe"),
])
def test_names_find_the_new_kinds(db: sqlite3.Connection, key: str, kind: str,
                                  record_id: str) -> None:
    assert (kind, record_id) in db.execute(
        "SELECT kind, record_id FROM names WHERE key = ?", (key,)).fetchall()


@pytest.mark.parametrize(("text", "kind", "record_id"), [
    ("bmw", "company", "bmw"), ("germany", "company", "sap"),
    ("queretaro bombardier", "company", "bombardier"), ("aerospace", "company", "honeywell"),
    ("doing business", "country", "mexico"), ("trade with the eu", "country", "mexico"),
    ("escp-4i", "country", "mexico"),  # a conclusion's words
])
def test_the_search_index_holds_the_new_kinds(db: sqlite3.Connection, text: str, kind: str,
                                              record_id: str) -> None:
    found = db.execute("SELECT kind, record_id FROM search WHERE search MATCH ?",
                       (fts_query(text),)).fetchall()
    assert (kind, record_id) in found


@pytest.fixture
def source_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "source"
    shutil.copytree(paths.source_dir(), copy)
    return copy


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("companies.toml", 'sectors = ["automotive"]', 'sectors = ["atlantis"]',
     r"companies\.toml general-motors: unknown sector 'atlantis'"),
    ("companies.toml", 'sectors = ["automotive"]', "sectors = []",
     r"companies\.toml general-motors: no sectors"),
    ("companies.toml", 'states = ["queretaro"]', 'states = ["texas"]',
     r"companies\.toml bombardier: unknown state 'texas'"),
    ("companies.toml", 'origin = "Canada"', "origin = 1",
     r"companies\.toml bombardier: origin is not a text"),
    ("companies.toml", 'id = "ford"', 'id = "general-motors"', "duplicate id"),
    ("companies.toml", 'sources = ["fn40"]', 'sources = ["fn999"]', "unknown source 'fn999'"),
    ("companies.toml", 'id = "bmw"', 'id = "BMW"', "bad or missing id"),
    ("country.toml", 'source = "briefing-section-5"', 'source = "nowhere"',
     r"country\.toml mexico conclusion #1: unknown source 'nowhere'"),
    ("country.toml", 'topic = "Economy"', "topic = 7", "topic is not a text"),
    ("country.toml", 'topic = "Economy"', 'topic = "Economy"\nstate = "atlantis"',
     "unknown state 'atlantis'"),
    ("states.toml", 'website = "https://www.clusteroaxaca.com/"', 'website = ""',
     r"states\.toml oaxaca: website is not a text"),
    ("policies.toml", 'website = "www.inadem.gob.mx"', "website = []",
     r"policies\.toml inadem: website is not a text"),
])
def test_broken_new_kinds_are_refused_and_nothing_is_written(
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


def test_a_company_and_a_conclusion_need_their_words(source_copy: Path, tmp_path: Path) -> None:
    """A company without a description, a country without one, and a conclusion without a
    text are each named."""
    for file, old, new in (
            ("companies.toml", "description = ", "# description = "),
            ("country.toml", "description = ", "# description = "),
    ):
        path = source_copy / file
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    country = source_copy / "country.toml"
    text = country.read_text(encoding="utf-8")
    at = text.index("[[country.conclusion]]\ntext = ")
    country.write_text(text[:at] + text[at:].replace("text = ", "text = '' # ", 1),
                       encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build(source_copy, tmp_path / "clusters.db")
    message = str(caught.value)
    assert "companies.toml general-motors: no description" in message
    assert "country.toml mexico: no description" in message
    assert "country.toml mexico conclusion #1: no text" in message


def test_a_missing_companies_file_is_refused(source_copy: Path, tmp_path: Path) -> None:
    (source_copy / "companies.toml").unlink()
    with pytest.raises(BuildError, match=r"companies\.toml: missing"):
        build(source_copy, tmp_path / "clusters.db")
