"""The directory's content against the briefings it is built from.

These tests read the committed data/clusters.db and the briefings, kept verbatim in data/seeds/.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterator

import pytest

from mxdesk.core.directory import Directory
from tests.conftest import COMMITTED_DB, ROOT

DATA_MD = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
REGIONS = {"Norte", "Centro-Norte", "Centro", "Sur"}
#: Table 6 states a count that disagrees with the names it lists (see docs/data.md).
COUNT_MISMATCHES = {"san-luis-potosi": 3}


def _seed(name: str) -> str:
    for folder in (ROOT / "data" / "seeds", ROOT.parent / "shared" / "seeds"):
        if (folder / name).exists():
            return (folder / name).read_text(encoding="utf-8")
    pytest.fail(f"briefing {name} not found")


def _flat(text: str) -> str:
    """The briefing with line breaks and hyphenation joins undone, for substring checks."""
    return re.sub(r"\s+", " ", text)


BRIEFINGS = {
    "briefing": _flat(_seed("000_b1590986cb6d8db3.txt")),
    "i40": _flat(_seed("004_a79b6a55f015be15.txt")),
}


@pytest.fixture(scope="module")
def db() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{COMMITTED_DB}?mode=ro", uri=True)
    yield conn
    conn.close()


def test_all_32_federal_entities(db: sqlite3.Connection) -> None:
    rows = db.execute("SELECT id, name, region FROM states").fetchall()
    assert len(rows) == 32
    assert {region for _id, _name, region in rows} == REGIONS
    names = {name for _id, name, _region in rows}
    assert {"Ciudad de México", "Nuevo León", "Querétaro", "Durango", "Guerrero"} <= names


def test_table_6_counts_per_state(db: sqlite3.Connection) -> None:
    listed = Counter(state for (state,) in db.execute(
        "SELECT state_id FROM cluster_listings WHERE table_ref = 'table-6'"))
    stated = dict(db.execute("SELECT id, annex_count FROM states WHERE annex_count IS NOT NULL"))
    assert len(stated) == 24
    assert set(listed) == set(stated)
    for state, count in stated.items():
        assert listed[state] == COUNT_MISMATCHES.get(state, count), state
    assert sum(stated.values()) == 87
    assert sum(listed.values()) == 88
    assert "San Luis Potosí" in DATA_MD


def test_annex_listing_state_is_the_cluster_state(db: sqlite3.Connection) -> None:
    assert db.execute(
        "SELECT l.cluster_id FROM cluster_listings l JOIN clusters c ON c.id = l.cluster_id "
        "WHERE l.table_ref = 'table-6' AND l.state_id IS NOT c.state_id").fetchall() == []


def test_table_sizes(db: sqlite3.Connection) -> None:
    def listed(table: str) -> int:
        return db.execute("SELECT count(DISTINCT cluster_id) FROM cluster_listings "
                          "WHERE table_ref = ?", [table]).fetchone()[0]

    assert listed("table-2") == 8
    assert listed("table-5") == 13
    assert listed("table-6") == 88
    assert db.execute("SELECT count(*) FROM programmes").fetchone()[0] == 17
    assert db.execute("SELECT count(*) FROM partnerships").fetchone()[0] == 6
    assert db.execute("SELECT generation, count(*) FROM partnerships GROUP BY generation "
                      "ORDER BY generation").fetchall() == [(1, 4), (2, 2)]


def test_quality_labels(db: sqlite3.Connection) -> None:
    rows = db.execute("SELECT label_level, label_source_id, count(*) FROM clusters "
                      "WHERE label_level IS NOT NULL GROUP BY 1, 2 ORDER BY 1").fetchall()
    assert rows == [("Bronze", "fn70", 3), ("Gold", "fn68", 3), ("Silver", "fn69", 2)]
    for (day,) in db.execute("SELECT label_valid_until FROM clusters WHERE label_level IS NOT "
                             "NULL"):
        assert day.replace("-", "/") in BRIEFINGS["briefing"]


@pytest.mark.parametrize("kind", ["state", "sector", "cluster", "policy", "programme",
                                  "partnership"])
def test_every_record_has_a_source(db: sqlite3.Connection, kind: str) -> None:
    table = {"policy": "policies", "state": "states"}.get(kind, f"{kind}s")
    unsourced = db.execute(
        f"SELECT id FROM {table} WHERE id NOT IN (SELECT {kind}_id FROM {kind}_sources)"
    ).fetchall()
    assert unsourced == []


def test_every_footnote_is_a_source(db: sqlite3.Connection) -> None:
    footnotes = {n for (n,) in db.execute(
        "SELECT footnote FROM sources WHERE document_id = 'briefing' AND footnote IS NOT NULL")}
    assert footnotes == set(range(1, 152))


def test_no_orphans(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # Every sector a cluster names exists, and every cluster is in at least one sector.
    assert db.execute("SELECT id FROM clusters WHERE id NOT IN "
                      "(SELECT cluster_id FROM cluster_sectors)").fetchall() == []


def _words_in_order(name: str, text: str) -> bool:
    """Whether the words of *name* occur in *text* in order (other words may come between)."""
    position = 0
    for word in name.split():
        position = text.find(word, position)
        if position < 0:
            return False
        position += len(word)
    return True


def test_listing_names_are_printed_in_the_briefing(db: sqlite3.Connection) -> None:
    briefing = BRIEFINGS["briefing"]
    # Table 5's two columns are interleaved line by line in the text, so a long name there is
    # printed in pieces: its words must still all be in Table 5, in order.
    table_5 = briefing[briefing.index("TABLE 5 - ICT CLUSTERS"):
                       briefing.index("Below are a few examples")]
    missing = [
        (table, name) for table, name in db.execute("SELECT table_ref, name FROM cluster_listings")
        if _flat(name) not in briefing
        and not (table == "table-5" and _words_in_order(name, table_5))
    ]
    assert missing == []


def test_websites_come_from_footnotes(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT c.id, c.website FROM clusters c WHERE c.website IS NOT NULL AND c.website NOT IN "
        "(SELECT s.url FROM cluster_sources l JOIN sources s ON s.id = l.source_id "
        " WHERE l.cluster_id = c.id)").fetchall()
    assert rows == []


_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve"]
_ORDINALS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth"]


def _printed_forms(value: float) -> set[str]:
    forms = set()
    if float(value).is_integer():
        n = int(value)
        forms |= {str(n), f"{n:,}"}
        if 0 <= n < len(_WORDS):
            forms |= {_WORDS[n], _WORDS[n].capitalize()}
        if 0 < n < len(_ORDINALS):
            forms.add(_ORDINALS[n])
    else:
        text = repr(float(value))
        whole, frac = text.split(".")
        forms |= {text, f"{int(whole):,}.{frac}"}
    return forms


def test_every_figure_is_printed_in_its_briefing(db: sqlite3.Connection) -> None:
    """A cheap guard against typos: the number itself occurs in the briefing cited."""
    rows = db.execute(
        "SELECT f.label, f.value, s.document_id, coalesce(f.cluster_id, f.sector_id, "
        "f.policy_id) FROM facts f JOIN sources s ON s.id = f.source_id "
        "WHERE f.value IS NOT NULL").fetchall()
    assert len(rows) > 150
    missing = [(owner, label, value) for label, value, document, owner in rows
               if not any(form in BRIEFINGS[document] for form in _printed_forms(value))]
    assert missing == []


def test_documented_merges_and_gaps(db: sqlite3.Connection) -> None:
    """Every merged organisation and every cluster without a state is explained in data.md."""
    merged = [cid for (cid,) in db.execute(
        "SELECT cluster_id FROM cluster_listings GROUP BY cluster_id "
        "HAVING count(DISTINCT table_ref) > 1")]
    stateless = [cid for (cid,) in db.execute("SELECT id FROM clusters WHERE state_id IS NULL")]
    assert len(merged) >= 10
    undocumented = [cid for cid in merged + stateless if f"`{cid}`" not in DATA_MD]
    assert undocumented == []


@pytest.mark.parametrize(("kind", "record_id", "label", "value"), [
    ("cluster", "claut", "Members", 92),
    ("cluster", "claugto", "Members", 119),
    ("cluster", "it-baja", "Jobs", 7500),
    ("sector", "aerospace", "Aerospace exports", 6.8),
    ("sector", "automotive", "Vehicles produced", 3.47),
    ("sector", "ict", "Internet users", 79),
    ("sector", "industry-4-0", "competitiveness clusters", 35),
    ("policy", "pro-aereo", "Jobs", 110_000),
    ("policy", "horizon-2020", "participat", 49),
])
def test_key_figures(directory: Directory, kind: str, record_id: str, label: str,
                     value: float) -> None:
    record = directory.get(kind, record_id)  # type: ignore[arg-type]
    values = {f.value for f in record.facts if label.lower() in f.label.lower()}  # type: ignore[union-attr]
    assert value in values, [f.label for f in record.facts]  # type: ignore[union-attr]

