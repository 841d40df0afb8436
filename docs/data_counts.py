"""The counts docs/data.md quotes, measured from a built directory database.

    python docs/data_counts.py            # print the table for data/clusters.db
    python docs/data_counts.py --write    # put it into docs/data.md, between its markers

tests/core/test_data.py checks that the table in docs/data.md is the one this script makes from
the committed database, so a count in data.md is never an estimate. Record kinds are found
generically (any table the build writes), so kinds added later are counted too.
"""

# ruff: noqa: S608 - every query is this script's own text, with table and column names read
# from the database's own schema; nothing comes from a user.

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_MD = ROOT / "docs" / "data.md"
BEGIN = "<!-- counts: made by `python docs/data_counts.py --write`; do not edit by hand -->"
END = "<!-- /counts -->"
#: The tables of records, in the order the table lists them (those present are counted).
RECORD_TABLES = ("states", "sectors", "clusters", "policies", "programmes", "partnerships",
                 "countries", "companies")
_TABLE_NAMES = {"table-2": "Table 2", "table-5": "Table 5", "table-6": "Table 6",
                "section-3.2": "section 3.2"}


def _one(db: sqlite3.Connection, sql: str, *args: object) -> int:
    return int(db.execute(sql, args).fetchone()[0])


def _tables(db: sqlite3.Connection) -> set[str]:
    return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def counts(db: sqlite3.Connection) -> list[tuple[str, str]]:
    """(what, count) rows, as data.md's table shows them."""
    tables = _tables(db)
    rows: list[tuple[str, str]] = []
    for table in RECORD_TABLES:
        if table in tables:
            rows.append((f"`{table}` records", f"{_one(db, f'SELECT count(*) FROM {table}'):,}"))
    kinds = db.execute("SELECT kind, count(*) FROM sectors GROUP BY kind ORDER BY kind")
    rows.append(("… sectors by kind", ", ".join(f"{n} {k}" for k, n in kinds)))
    rows.append(("… states with a Table 6 count (`annex_count`); the counts' sum",
                 f"{_one(db, 'SELECT count(*) FROM states WHERE annex_count IS NOT NULL')}; "
                 f"{_one(db, 'SELECT sum(annex_count) FROM states')}"))
    rows.append(("… clusters with no state", str(_one(
        db, "SELECT count(*) FROM clusters WHERE state_id IS NULL"))))
    labels = db.execute("SELECT label_level, count(*) FROM clusters WHERE label_level IS NOT "
                        "NULL GROUP BY 1 ORDER BY min(label_source_id)").fetchall()
    rows.append(("… clusters with an ECEI label (Table 2)", f"{sum(n for _l, n in labels)} ("
                 + ", ".join(f"{n} {level}" for level, n in labels) + ")"))
    rows.append(("… clusters with a website; from a Table 6 footnote (fn130–fn150)", (
        f"{_one(db, 'SELECT count(*) FROM clusters WHERE website IS NOT NULL')}; "
        + str(_one(db, "SELECT count(*) FROM clusters c WHERE c.website IN (SELECT url FROM "
                       "sources WHERE footnote BETWEEN 130 AND 150)")))))
    listed = db.execute("SELECT table_ref, count(*), count(DISTINCT cluster_id) FROM "
                        "cluster_listings GROUP BY 1 ORDER BY 1").fetchall()
    rows.append(("cluster listings (rows naming a cluster), by table", "; ".join(
        f"{_TABLE_NAMES.get(t, t)} {n}" + (f" (of {d} clusters)" if d != n else "")
        for t, n, d in listed)))
    owners = [c[1] for c in db.execute("PRAGMA table_info(facts)")
              if c[1].endswith("_id") and c[1] not in {"state_id", "source_id"}]
    rows.append(("facts", f"{_one(db, 'SELECT count(*) FROM facts'):,}"))
    rows.append(("… by record kind", ", ".join(
        f"{_one(db, f'SELECT count(*) FROM facts WHERE {o} IS NOT NULL')} on "
        f"{o.removesuffix('_id')}" for o in owners)))
    rows.append(("… figures (a number) / statements (text)",
                 f"{_one(db, 'SELECT count(*) FROM facts WHERE value IS NOT NULL')} / "
                 f"{_one(db, 'SELECT count(*) FROM facts WHERE value IS NULL')}"))
    rows.append(("… about one state (`state_id`)", str(_one(
        db, "SELECT count(*) FROM facts WHERE state_id IS NOT NULL"))))
    rows.append(("sources", str(_one(db, "SELECT count(*) FROM sources"))))
    footnotes = [_one(db, f"SELECT count(*) FROM sources WHERE {where}") for where in (
        "footnote IS NOT NULL", "footnote IS NOT NULL AND url IS NOT NULL",
        "same_as IS NOT NULL")]
    rows.append(("… footnotes (`fnN`); with an address; repeating another (`same_as`)",
                 "; ".join(str(n) for n in footnotes)))
    rows.append(("… passages: sections; tables; other", "; ".join(str(_one(db, (
        "SELECT count(*) FROM sources WHERE footnote IS NULL AND id " + like))) for like in (
        "LIKE '%-section-%'", "LIKE '%-table-%'",
        "NOT LIKE '%-section-%' AND id NOT LIKE '%-table-%'"))))
    aliases = sorted(t for t in tables if t.endswith("_aliases"))
    rows.append(("aliases", ", ".join(
        f"{_one(db, f'SELECT count(*) FROM {t}')} of {t.removesuffix('_aliases')}"
        for t in aliases)))
    if "redirects" in tables:
        rows.append(("redirects (ids of earlier releases)",
                     str(_one(db, "SELECT count(*) FROM redirects"))))
    return rows


def markdown(db: sqlite3.Connection) -> str:
    """The counts as data.md's block: markers, a sentence and the table."""
    lines = [BEGIN, "", "| what | count |", "|---|---|"]
    lines += [f"| {what} | {count} |" for what, count in counts(db)]
    return "\n".join([*lines, "", END])


def main(argv: list[str] | None = None) -> int:
    """Print the block, or with ``--write`` replace the one in docs/data.md. Returns 0, or 1
    when data.md has no markers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "clusters.db")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    try:
        block = markdown(db)
    finally:
        db.close()
    if not args.write:
        print(block)
        return 0
    text = DATA_MD.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"{DATA_MD}: no counts markers", file=sys.stderr)
        return 1
    head, rest = text.split(BEGIN, 1)
    DATA_MD.write_text(head + block + rest.split(END, 1)[1], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
