"""Counts that never scan a table at open, and facet counts that stop where a user cannot tell.

The build stores (issue 17):

- ``row_counts``: how many rows each table holds, so opening a tab reads its total from one
  row instead of counting 1,000,000 (``count(*)`` walks a whole index);
- ``facet_counts``: each tab's facet values with their counts for the whole, unfiltered
  list, in the order the facet shows them. A facet whose values depend on today's date (a
  quality label in force or expired) is stored once for each day a value changes
  (:attr:`mxdesk.core.tables.Facet.changes_on`), and the reader takes the rows in force today.

While a search narrows the list, :func:`live_facet_counts` counts the matches a chunk at a
time in name order, and stops once every value has reached :data:`CAP` (shown "1,000+") or
:data:`LIVE_ROWS` matches have been counted: a list of up to that many rows gets exact counts
whatever the size of the directory, a longer one costs no more than that, and a count that
may be higher than shown says so (:attr:`FacetCount.at_least`). A search that matches every
row gets the stored counts, exact, at once.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from mxdesk.core.i18n import number
from mxdesk.core.schema import search_rowids
from mxdesk.core.tables import TAB_SPECS, TODAY_SQL, Facet, TableSpec, shown_value

#: A live count stops at this many rows per value: "1,000+" (nobody can tell 3,112 from
#: 3,113 in a list of thousands while typing; the status line has the list's exact size).
CAP = 1_000
#: Matches counted at most for one search's live counts (≈ 0.1–0.2 s of SQL on the machine of
#: docs/performance.md); a list of up to this many rows gets exact counts.
LIVE_ROWS = 20_000
#: Matches counted per step (between two checks whether every value has reached the cap).
CHUNK = 2_500
#: The tables the build writes (checked when a directory is opened).
ROW_COUNTS_TABLE = "row_counts"
FACET_COUNTS_TABLE = "facet_counts"
#: The ``since`` of a facet that does not depend on the date (before any ISO date).
ALWAYS = ""


class FacetCount(NamedTuple):
    """One facet value as the facet shows it: ``value``, ``rows`` (how many rows of the
    current list have it) and ``at_least`` (True: counting stopped, there may be more)."""

    value: str
    rows: int
    at_least: bool = False

    def label(self) -> str:
        """``"Jalisco (3,112)"``, ``"Jalisco (1,000+)"``: the value in the current language
        (:func:`mxdesk.core.tables.shown_value`; the value itself, what a tick stores, stays
        as the table writes it), the count in its conventions."""
        return f"{shown_value(self.value)} ({number(self.rows)}{'+' if self.at_least else ''})"


def count_sql(spec: TableSpec, facet: Facet, where: str = "") -> str:
    """SQL giving ``(value, rows)`` of *facet* over the rows of *spec*'s base query that
    *where* (``" WHERE …"`` over the base query, or "") leaves, most rows first."""
    return (f"SELECT value, count(DISTINCT key) AS n FROM ({facet.sql}) "  # noqa: S608 - constants
            f"WHERE key IN (SELECT key FROM ({spec.base}){where}) "
            "GROUP BY value ORDER BY n DESC, value")


# -- written by the build -----------------------------------------------------------------


def write_stored_counts(conn: sqlite3.Connection,
                        specs: Mapping[str, TableSpec] = TAB_SPECS) -> int:
    """Create and fill :data:`ROW_COUNTS_TABLE` (every table a tab lists -> its rows) and
    :data:`FACET_COUNTS_TABLE` (tab, facet, since, position, value, rows) on *conn*, a
    directory being built. Returns the number of facet rows written. Raises
    :class:`sqlite3.Error` as the connection does."""
    conn.execute(f"CREATE TABLE {ROW_COUNTS_TABLE} (name TEXT PRIMARY KEY, "
                 "rows INTEGER NOT NULL) WITHOUT ROWID")
    conn.execute(f"CREATE TABLE {FACET_COUNTS_TABLE} (tab TEXT NOT NULL, facet TEXT NOT NULL, "
                 "since TEXT NOT NULL, position INTEGER NOT NULL, value TEXT NOT NULL, "
                 "rows INTEGER NOT NULL, PRIMARY KEY (tab, facet, since, position)) "
                 "WITHOUT ROWID")
    tables = sorted({table for spec in specs.values() for table in spec.tables})
    conn.executemany(f"INSERT INTO {ROW_COUNTS_TABLE} VALUES (?, ?)",  # noqa: S608
                     [(t, conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])  # noqa: S608
                      for t in tables])
    rows: list[tuple[str, str, str, int, str, int]] = []
    for name, spec in specs.items():
        for facet in spec.facets:
            days = [ALWAYS]
            sql = count_sql(spec, facet)
            if facet.changes_on:
                days += sorted(str(d) for (d,) in conn.execute(facet.changes_on) if d)
                sql = sql.replace(TODAY_SQL, ":today")
            for since in days:
                # Before the first change, any day before it stands for all of them.
                today = since or "0000-01-01"
                counts = conn.execute(sql, {"today": today} if facet.changes_on else {})
                rows += [(name, facet.title, since, n, str(value), int(count))
                         for n, (value, count) in enumerate(counts)]
    conn.executemany(f"INSERT INTO {FACET_COUNTS_TABLE} VALUES (?, ?, ?, ?, ?, ?)",  # noqa: S608
                     rows)
    return len(rows)


# -- read at run time ---------------------------------------------------------------------

Run = Callable[[str, Mapping[str, Any] | Sequence[Any]], list[Any]]


def stored_rows(run: Run, tables: Sequence[str]) -> int:
    """How many rows *tables* hold together, from :data:`ROW_COUNTS_TABLE` (*run* executes
    SQL and returns its rows; it raises what the caller's reader raises)."""
    marks = ", ".join("?" for _ in tables)
    found = run(f"SELECT coalesce(sum(rows), 0) FROM {ROW_COUNTS_TABLE} "  # noqa: S608
                f"WHERE name IN ({marks})", list(tables))
    return int(found[0][0])


def stored_facet_counts(run: Run, spec: TableSpec,
                        today: dt.date | None = None) -> dict[str, list[FacetCount]]:
    """Each facet of *spec*'s tab over the whole list, as the build counted it, for *today*
    (this computer's date by default): facet title -> values, most rows first. A facet the
    file does not hold is left out. *run* as for :func:`stored_rows`."""
    name = next((n for n, s in TAB_SPECS.items() if s is spec), spec.plural)
    day = (today or dt.date.today()).isoformat()
    out: dict[str, list[FacetCount]] = {}
    for facet in spec.facets:
        found = run(f"SELECT value, rows FROM {FACET_COUNTS_TABLE} WHERE tab = ? "  # noqa: S608
                    "AND facet = ? AND since = (SELECT max(since) FROM "
                    f"{FACET_COUNTS_TABLE} WHERE tab = ? AND facet = ? AND since <= ?) "
                    "ORDER BY position", [name, facet.title, name, facet.title, day])
        if found:
            out[facet.title] = [FacetCount(str(v), int(n)) for v, n in found]
    return out


def live_facet_counts(run: Run, spec: TableSpec, query: str, matching: int, total: int,
                      stored: Mapping[str, list[FacetCount]],
                      stale: Callable[[], bool] = lambda: False,
                      cap: int | None = None, limit: int | None = None,
                      ) -> dict[str, list[FacetCount]] | None:
    """The facet counts of the rows the full-text *query* (as :func:`mxdesk.core.search.
    fts_query` makes it) matches in *spec*'s table, *matching* of its *total* rows, no value
    ticked: counted a :data:`CHUNK` of matches at a time in name order, until every value
    has *cap* rows (:data:`CAP` by default) or *limit* matches (:data:`LIVE_ROWS`) are
    counted (then each count that may be higher says ``at_least``). *stored* is
    :func:`stored_facet_counts`' answer (used as it is when every row matches). Returns
    None when *stale* says a newer search came meanwhile. Raises what *run* raises (an
    interrupt included)."""
    cap = CAP if cap is None else cap
    limit = LIVE_ROWS if limit is None else limit
    if matching >= total and set(stored) == {f.title for f in spec.facets}:
        return {title: list(values) for title, values in stored.items()}
    low, high = search_rowids(spec.kinds[0])
    counts: dict[str, dict[str, int]] = {f.title: {} for f in spec.facets}
    after, seen = low - 1, 0
    keyed = "kind || ':' || record_id" if len(spec.kinds) > 1 else "record_id"
    while seen < min(matching, limit):
        if stale():
            return None
        found = run(f"SELECT rowid, {keyed} FROM search WHERE search MATCH ? "  # noqa: S608
                    "AND rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?",
                    [query, after, high, min(CHUNK, limit - seen)])
        if not found:
            break
        after, seen = int(found[-1][0]), seen + len(found)
        keys = [str(k) for _r, k in found]
        marks = ", ".join("?" for _ in keys)
        for facet in spec.facets:
            tally = counts[facet.title]
            sql = (f"SELECT value, count(DISTINCT key) FROM ({facet.sql}) "  # noqa: S608
                   f"WHERE key IN ({marks}) GROUP BY value")
            for value, n in run(sql, keys):
                tally[str(value)] = tally.get(str(value), 0) + int(n)
        if all(n >= cap for tally in counts.values() for n in tally.values()) \
                and _every_value_seen(counts, stored):
            break
    complete = seen >= matching
    out: dict[str, list[FacetCount]] = {}
    for facet in spec.facets:
        # Counting stopped early: a value at the cap shows "1,000+", any other "412+" (at
        # least that many; values not met yet are left out, as a value with no row is).
        shown = [FacetCount(v, n, False) if complete else FacetCount(v, min(n, cap), True)
                 for v, n in counts[facet.title].items()]
        out[facet.title] = sorted(shown, key=lambda c: (-c.rows, c.value))
    return out


def _every_value_seen(counts: Mapping[str, Mapping[str, int]],
                      stored: Mapping[str, list[FacetCount]]) -> bool:
    """Whether every value the whole list has is among the values counted (a value not met
    yet could still turn up)."""
    return all({c.value for c in stored.get(title, [])} <= set(tally)
               for title, tally in counts.items())
