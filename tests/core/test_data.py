"""The directory's content against the briefings it is built from.

These tests read the committed data/clusters.db and the briefings, kept verbatim in data/seeds/.
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
import tomllib
from collections import Counter
from collections.abc import Iterator

import pytest

from mxdesk.core.directory import Directory
from tests.conftest import COMMITTED_DB, ROOT

DATA_MD = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
REGIONS = {"Norte", "Centro-Norte", "Centro", "Sur"}
#: Table 6 states a count that disagrees with the names it lists (see docs/data.md).
COUNT_MISMATCHES = {"san-luis-potosi": 3}
#: Clusters a state's page lists beyond its Table 6 rows: named only in Tables 2 and 5 or in the
#: profiles of section 3.2 (docs/data.md, "Annex counts and the clusters a state lists").
BEYOND_TABLE_6 = {
    "chihuahua": {"chihuahua-it-cluster"},
    "jalisco": {"ijalti"},
    "nuevo-leon": {"monterrey-it-cluster", "nuevo-leon-energy-cluster"},
    "puebla": {"cleantech-cluster-mexico"},
    "queretaro": {"integracion-tecnologica-queretaro"},
}
#: Table 2 read by its page layout: a label line opens the rows printed after it (docs/data.md).
TABLE_2_LABELS = {"claut": "Gold", "csoftmty": "Silver", "ijalti": "Silver", "it-baja": "Silver",
                  "claugto": "Silver", "ciat": "Bronze", "monterrey-aerocluster": "Bronze",
                  "polos-de-innovacion": "Bronze"}
LABEL_FOOTNOTES = {"Gold": "fn68", "Silver": "fn69", "Bronze": "fn70"}
#: The i4.0 summary's clusters per state, as printed ("Nuevo León (6), …").
I40_BY_STATE = {"nuevo-leon": 6, "queretaro": 4, "baja-california": 4, "chihuahua": 4,
                "jalisco": 3, "aguascalientes": 2, "puebla": 2}


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
    assert rows == [("Bronze", "fn70", 3), ("Gold", "fn68", 1), ("Silver", "fn69", 4)]
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



def _table_2_by_the_page() -> dict[str, str]:
    """Table 2's Name column as the dump prints it, read by the rule: a label line opens the
    rows printed after it; a row printed before every label line holds the label printed
    next after it (a one-row cell, printed on the row's own line)."""
    text = _seed("000_b1590986cb6d8db3.txt")
    table = text[text.index("TABLE 2 -"):]
    column = table[table.index("\nName\n") + 6:table.index("\nSector\n")]
    lines = [line.strip() for line in column.splitlines() if line.strip()]
    labels = [(n, line.split()[0]) for n, line in enumerate(lines) if " Label" in line]
    first_words = {"CLAUT": "claut", "csoftmty": "csoftmty", "IJALTI": "ijalti",
                   "IT@Baja": "it-baja", "CLAUGTO": "claugto", "Cluster de Integradores": "ciat",
                   "Monterrey Aerocluster": "monterrey-aerocluster",
                   "Polos de Innovacion": "polos-de-innovacion"}
    read = {}
    for start, cluster in first_words.items():
        row = next(n for n, line in enumerate(lines) if line.startswith(start))
        above = [label for n, label in labels if n < row]
        read[cluster] = above[-1] if above else next(label for n, label in labels if n > row)
    return read


def test_table_2_labels_as_the_page_reads(db: sqlite3.Connection) -> None:
    assert _table_2_by_the_page() == TABLE_2_LABELS
    rows = {cid: (level, source) for cid, level, source in db.execute(
        "SELECT id, label_level, label_source_id FROM clusters WHERE label_level IS NOT NULL")}
    assert rows == {cid: (level, LABEL_FOOTNOTES[level]) for cid, level in TABLE_2_LABELS.items()}
    for cid, level in TABLE_2_LABELS.items():
        sources = {s for (s,) in db.execute(
            "SELECT source_id FROM cluster_sources WHERE cluster_id = ?", [cid])}
        assert sources & set(LABEL_FOOTNOTES.values()) == {LABEL_FOOTNOTES[level]}, cid
        (description,) = db.execute("SELECT description FROM clusters WHERE id = ?",
                                    [cid]).fetchone()
        named = {word for word in ("gold", "silver", "bronze") if word in description.lower()}
        assert named <= {level.lower()}, cid
    assert "Gold = CLAUT alone" in DATA_MD


def test_a_state_lists_its_table_6_rows_and_the_clusters_named_elsewhere(
        db: sqlite3.Connection) -> None:
    """"Annex count: 5" above six clusters (Querétaro) is Table 6's count beside every
    cluster the briefings place in the state; each difference is a documented cluster."""
    for state, count in db.execute("SELECT id, annex_count FROM states"):
        placed = {c for (c,) in db.execute("SELECT id FROM clusters WHERE state_id = ?", [state])}
        rows = {c for (c,) in db.execute("SELECT cluster_id FROM cluster_listings WHERE "
                                         "table_ref = 'table-6' AND state_id = ?", [state])}
        assert rows <= placed, state
        assert placed - rows == BEYOND_TABLE_6.get(state, set()), state
        if count is not None:
            assert len(rows) == COUNT_MISMATCHES.get(state, count), state
    for extra in BEYOND_TABLE_6.values():
        assert all(f"`{cid}`" in DATA_MD for cid in extra)


def _alias_groups(db: sqlite3.Connection) -> Iterator[tuple[str, str, list[str]]]:
    """Every record's name, acronym (clusters) and aliases: (table, id, forms)."""
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = "
                                             "'table' AND name LIKE '%\\_aliases' ESCAPE '\\'")}
    for aliases in sorted(tables):
        kind = aliases.removesuffix("_aliases")
        owner = {"policy": "policies", "company": "companies", "country": "countries"}.get(
            kind, f"{kind}s")
        columns = {c[1] for c in db.execute(f"PRAGMA table_info({owner})")}
        acronym = "acronym" if "acronym" in columns else "NULL"
        for rid, name, short in db.execute(f"SELECT id, name, {acronym} FROM {owner}"):
            forms = [name, *([short] if short else []), *(a for (a,) in db.execute(
                f"SELECT alias FROM {aliases} WHERE {kind}_id = ?", [rid]))]
            yield owner, rid, forms


def test_no_alias_differs_from_another_only_in_case(db: sqlite3.Connection) -> None:
    repeated = []
    for owner, rid, forms in _alias_groups(db):
        first: dict[str, str] = {}
        for form in forms:
            if first.setdefault(form.casefold(), form) != form:
                repeated.append((owner, rid, first[form.casefold()], form))
    assert repeated == []


def test_an_ibidem_names_what_it_repeats(db: sqlite3.Connection) -> None:
    rows = db.execute("SELECT s.title, s.url, t.title, t.url, t.footnote FROM sources s "
                      "JOIN sources t ON t.id = s.same_as").fetchall()
    assert len(rows) == 2
    for title, url, target_title, target_url, footnote in rows:
        assert url == target_url
        assert title.startswith(target_title)
        assert f"“Ibidem {footnote}”" in title  # the printed form stays visible
    assert db.execute("SELECT id FROM sources WHERE title LIKE 'Ibidem%'").fetchall() == []


def test_records_are_what_they_say(db: sqlite3.Connection) -> None:
    assert db.execute("SELECT id FROM policies WHERE id = 'three-helixes' OR "
                      "name LIKE '%three helixes%'").fetchall() == []
    assert db.execute("SELECT id FROM programmes WHERE name = 'Not specific programme'"
                      ).fetchall() == []
    assert db.execute("SELECT name FROM clusters WHERE id = 'monterrey-it-cluster'"
                      ).fetchone() == ("Monterrey IT Cluster",)
    # Issue 17: the id no longer copies the misprint; the old id redirects to it.
    assert db.execute("SELECT id FROM clusters WHERE id = 'monterry-it-cluster'").fetchall() == []
    aliases = {a for (a,) in db.execute(
        "SELECT alias FROM cluster_aliases WHERE cluster_id = 'monterrey-it-cluster'")}
    assert "Monterry IT Cluster" in aliases  # the misprint, as Table 5 prints it
    (helixes,) = db.execute("SELECT count(*) FROM facts WHERE sector_id = 'aerospace' AND "
                            "text LIKE '%three helixes%'").fetchone()
    assert helixes == 1


def test_redirects_name_ids_that_are_gone(db: sqlite3.Connection) -> None:
    with (ROOT / "data" / "source" / "redirects.toml").open("rb") as handle:
        redirects = tomllib.load(handle)["redirect"]
    current = {rid for table in ("states", "sectors", "clusters", "policies", "programmes",
                                 "partnerships")
               for (rid,) in db.execute(f"SELECT id FROM {table}")}
    assert {"three-helixes"} <= {r["old"] for r in redirects}
    for entry in redirects:
        assert entry["old"] not in current
        assert entry.get("new") is None or entry["new"] in current
        assert entry["release"]
        assert entry["reason"]


def test_i40_counts_by_state_beside_table_6(db: sqlite3.Connection) -> None:
    """The i4.0 summary's clusters per state are facts about each state; where its count
    exceeds what Table 6 lists (Chihuahua), the theme and data.md say so."""
    rows = dict(db.execute(
        "SELECT state_id, value FROM facts WHERE sector_id = 'industry-4-0' AND state_id IS "
        "NOT NULL"))
    assert rows == I40_BY_STATE
    names = dict(db.execute("SELECT id, name FROM states"))
    for state, count in I40_BY_STATE.items():
        assert f"{names[state]} ({count})" in BRIEFINGS["i40"]
    annex = dict(db.execute("SELECT id, annex_count FROM states"))
    assert {s for s, n in I40_BY_STATE.items() if n > annex[s]} == {"chihuahua"}
    (theme,) = db.execute("SELECT description FROM sectors WHERE id = 'industry-4-0'").fetchone()
    assert "Chihuahua" in theme
    # data.md's table of the counts side by side, its directory column measured here.
    section = DATA_MD[DATA_MD.index("### The i4.0 counts"):].split("\n### ", 1)[0]
    section = section.replace("**", "")
    for state, count in I40_BY_STATE.items():
        (placed,) = db.execute("SELECT count(*) FROM clusters WHERE state_id = ?",
                               [state]).fetchone()
        assert f"| {names[state]} | {count} | {annex[state]} | {placed} |" in section, state
    (ict,) = db.execute("SELECT count(*) FROM cluster_sectors WHERE sector_id = 'ict'").fetchone()
    assert f"{ict} clusters in `ict`" in section


def test_table_6_footnotes_that_became_websites_are_listed(db: sqlite3.Connection) -> None:
    rows = [cid for (cid,) in db.execute(
        "SELECT c.id FROM clusters c WHERE c.website IN (SELECT url FROM sources WHERE "
        "footnote BETWEEN 130 AND 150) ORDER BY c.id")]
    assert len(rows) == 6
    assert all(f"`{cid}`" in DATA_MD for cid in rows)


def test_counts_in_data_md_are_measured(db: sqlite3.Connection) -> None:
    """docs/data.md's table of counts is what docs/data_counts.py makes of this database."""
    spec = importlib.util.spec_from_file_location("data_counts", ROOT / "docs" / "data_counts.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.markdown(db) in DATA_MD, "run: python docs/data_counts.py --write"


#: Totals the briefing prints beside their parts: (owner column, record, the total's label
#: start, the parts' label starts, how the sum of the parts is written). Where the parts do not
#: add up to the printed total, docs/data.md ("Printed figures that do not add up") has the
#: total's label say so; where they do, the label says nothing (issue 16).
PRINTED_TOTALS = [
    ("policy_id", "special-programme-renewable-energy", "Renewable energy capacity to be installed",
     ("Hydropower capacity target", "Wind energy capacity target", "Geothermal capacity target",
      "Bioenergy capacity target", "Solar PV capacity target"), "{:,.0f} MW"),
    ("sector_id", "renewable-energy", "Share of renewable energy capacity",
     ("Installed capacity: large-scale", "Installed capacity: wind", "Installed capacity: geo",
      "Installed capacity: biomass", "Installed capacity: solar"), "{:.1f}%"),
    ("cluster_id", "claugto", "Members",
     ("Tier 1 members", "Development suppliers", "Institutions", "Collaborators",
      "OEMs in the Advisory Council"), "{:,.0f}"),
    ("cluster_id", "claut", "Work groups", ("Committees", "Subcommittees"), "{:,.0f}"),
]


def _one_value(db: sqlite3.Connection, owner: str, record: str, start: str) -> tuple[str, float]:
    rows = db.execute(f"SELECT label, value FROM facts WHERE {owner} = ? AND label LIKE ? "
                      "AND value IS NOT NULL", [record, start + "%"]).fetchall()
    assert len(rows) == 1, (record, start, rows)
    return rows[0][0], rows[0][1]


@pytest.mark.parametrize(("owner", "record", "total", "parts", "form"), PRINTED_TOTALS,
                         ids=[t[1] for t in PRINTED_TOTALS])
def test_a_total_its_parts_do_not_make_says_so(db: sqlite3.Connection, owner: str, record: str,
                                               total: str, parts: tuple[str, ...],
                                               form: str) -> None:
    label, printed = _one_value(db, owner, record, total)
    added = round(sum(_one_value(db, owner, record, part)[1] for part in parts), 6)
    if added == printed:
        assert "as printed" not in label, label
    else:
        assert "(as printed; " in label, (label, added)
        assert form.format(added) in label, (label, added)
        assert form.format(added).replace(" MW", "") in DATA_MD


def test_every_flagged_total_is_held_by_a_test(db: sqlite3.Connection) -> None:
    """A label that says "(as printed; …)" is a total above, or the one printed rate that its
    own two values contradict (aerospace production, 60.5%), so no flag goes unchecked."""
    flagged = {(record, label) for record, label in db.execute(
        "SELECT coalesce(sector_id, policy_id, cluster_id, country_id, company_id), label "
        "FROM facts WHERE label LIKE '%(as printed;%'")}
    held = {(record, _one_value(db, owner, record, total)[0])
            for owner, record, total, _parts, _form in PRINTED_TOTALS}
    rate = ("aerospace", "Increase in value of aerospace production (as printed; €330 million "
                         "to €531.9 million is 61.2%)")
    assert flagged - held == {rate}
    # The rate: 531.9 / 330 is 1.612, a 61.2% increase, against the printed 60.5%.
    assert f"{(531.9 / 330 - 1) * 100:.1f}%" == "61.2%"


#: Words that hedge a figure ("about 105", "more than 45", "up to 100%").
_HEDGE = (r"(?:some|about|around|approximately|roughly|nearly|almost|over|more than|up to|"
          r"at least|top|minimum|under|less than)")
_DESCRIBED = {"clusters": "cluster_id", "sectors": "sector_id", "policies": "policy_id",
              "countries": "country_id", "companies": "company_id"}


def _written(value: float) -> set[str]:
    whole = int(value)
    return {str(whole), f"{whole:,}"} if value == whole else {repr(value), f"{value:,}"}


def test_a_description_hedges_a_figure_as_its_fact_does(db: sqlite3.Connection) -> None:
    """A description says "some 500" only where the briefing hedges the 500 (the record's fact
    has a qualifier), and a figure the briefing hedges ("up to 100%") keeps a hedge when the
    description repeats it (issue 16: IJALTI's plain 500, the accelerated depreciation's
    "up to 100%")."""
    hedged_number = re.compile(rf"\b{_HEDGE}\s+€?(\d[\d,]*(?:\.\d+)?)", re.IGNORECASE)
    added, dropped = [], []
    for table, owner in _DESCRIBED.items():
        for record, description in db.execute(f"SELECT id, description FROM {table}"):
            text = description or ""
            facts = db.execute(f"SELECT value, qualifier FROM facts WHERE {owner} = ? "
                               "AND value IS NOT NULL", [record]).fetchall()
            for match in hedged_number.finditer(text):
                number = float(match.group(1).replace(",", ""))
                if not any(value == number and qualifier for value, qualifier in facts):
                    added.append((record, match.group(0)))
            for value, qualifier in facts:
                if not qualifier:
                    continue
                for form in _written(value):
                    for match in re.finditer(rf"(?<![\d,.]){re.escape(form)}(?!\d)", text):
                        if not re.search(rf"{_HEDGE}\s+€?$", text[:match.start()], re.IGNORECASE):
                            dropped.append((record, qualifier, form))
    assert added == []
    assert dropped == []


def _cited_sources(db: sqlite3.Connection) -> set[str]:
    """Every source a record, a fact, a location, a label or a conclusion cites."""
    tables = ["sector_sources", "cluster_sources", "policy_sources", "state_sources",
              "company_sources", "country_sources", "programme_sources", "partnership_sources",
              "facts", "fact_sources", "sector_locations", "country_conclusions"]
    cited = {s for table in tables for (s,) in db.execute(f"SELECT source_id FROM {table}")}
    cited |= {s for (s,) in db.execute(
        "SELECT label_source_id FROM clusters WHERE label_source_id IS NOT NULL")}
    return cited


def test_every_footnote_is_cited_by_some_record(db: sqlite3.Connection) -> None:
    """A footnote nobody cites is a passage of the briefing the directory skipped (issue 16:
    fn10, fn30, fn44, fn49, fn67, fn80 and fn81 were)."""
    footnotes = {s for (s,) in db.execute(
        "SELECT id FROM sources WHERE document_id = 'briefing' AND footnote IS NOT NULL")}
    assert sorted(footnotes - _cited_sources(db), key=lambda s: int(s[2:])) == []


def test_the_conclusion_on_table_2_counts_every_row(db: sqlite3.Connection) -> None:
    """Conclusion 4's remark of ours names Table 2's sector cells and counts all its rows."""
    (text,) = db.execute("SELECT text FROM country_conclusions WHERE text LIKE '%Table 2%'"
                         ).fetchone()
    remark = text[text.index("(Table 2"):]
    sectors = Counter(s for (s,) in db.execute(
        "SELECT label_sector FROM clusters WHERE label_level IS NOT NULL"))
    words = {1: "one", 2: "two", 3: "three", 4: "four", 8: "eight"}
    assert f"lists {words[sum(sectors.values())]}" in remark
    for sector, n in sectors.items():
        assert re.search(rf"{words[n]} (?:\w+ )*?(?:clusters? )?in {re.escape(sector.lower())}"
                         rf"|{words[n]} {re.escape(sector)} cluster", remark), (sector, n)


def test_an_annex_label_description_counts_its_rows(db: sqlite3.Connection) -> None:
    """"The annex files a … cluster" only where one Table 6 row carries the label, "… clusters"
    only where several do (issue 16: `robotics` said "clusters" for its one row)."""
    rows = [t.lower() for (t,) in db.execute(
        "SELECT sector_text FROM cluster_listings WHERE table_ref = 'table-6'") if t]
    for sector_id, name, description in db.execute(
            "SELECT id, name, description FROM sectors WHERE description LIKE 'The annex files%'"):
        labels = {name.lower()} | {a.lower() for (a,) in db.execute(
            "SELECT alias FROM sector_aliases WHERE sector_id = ?", (sector_id,))}
        count = sum(1 for r in rows if r in labels)
        opening = description.split(" under this label", 1)[0]
        assert count >= 1, sector_id
        assert opening.endswith("clusters") == (count > 1), (sector_id, count, opening)


def test_texts_claim_only_what_the_briefings_say(db: sqlite3.Connection) -> None:
    """Two wrongs issue 16's reading found, held: the i4.0 summary is not ProMéxico's own (the
    text says only that it describes ProMéxico's study), and the briefing never calls Delta or
    Aeromexico an airline."""
    texts = [t for (t,) in db.execute(
        "SELECT description FROM sectors UNION ALL SELECT description FROM companies "
        "UNION ALL SELECT text FROM facts WHERE text IS NOT NULL")]
    assert [t for t in texts if "ProMéxico's April 2018" in t or "ProMéxico's summary" in t] == []
    delta = [s for s in re.split(r"(?<=\.) ", BRIEFINGS["briefing"]) if "Delta-Aeromexico" in s]
    assert delta
    assert not any("airline" in s.lower() for s in delta)
    assert db.execute("SELECT id FROM companies WHERE description LIKE '%airline%'"
                      ).fetchall() == []
