"""The query engine of the browse tabs: filter, facet and sort in SQL, fetch a page at a time.

Each tab is a :class:`~mxdesk.core.tables.TableSpec` (in :mod:`mxdesk.core.tables`): a base
query with one row per record, the columns a person sees, the facets that narrow it down and
the search kinds that feed it. A :class:`BrowseQuery` holds the current search text, facet
selections and sort, and turns them into SQL, so that a keystroke costs one indexed query
whatever the size of the directory. "Page" here always means a page of rows (``offset``,
``limit``), never a tab.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mxdesk.core.directory import Directory
from mxdesk.core.errors import DirectoryError
from mxdesk.core.facet_counts import (
    FacetCount,
    count_sql,
    live_facet_counts,
    stored_facet_counts,
    stored_rows,
)
from mxdesk.core.i18n import ngettext, number
from mxdesk.core.schema import search_rowids
from mxdesk.core.search import fts_query

# (The specs lived here before core/tables.py: their old import path keeps working.)
from mxdesk.core.tables import (  # noqa: F401 - re-exported
    CLUSTERS,
    COOPERATION,
    POLICIES,
    SECTORS,
    TAB_SPECS,
    Column,
    Facet,
    TableSpec,
    same_order_in_language,
    shown_value,
    sort_column,
)

log = logging.getLogger("mxdesk.search")

#: The old name of :data:`mxdesk.core.tables.TAB_SPECS` (one meaning per name: the directory's
#: own table names are :data:`mxdesk.core.directory.TABLE_OF_KIND`).
TABLES = TAB_SPECS


@dataclass(frozen=True)
class Row:
    """One fetched row of a tab's table: which record it is and the value of each column.

    ``cells`` holds one value per :attr:`TableSpec.columns`, in their order, as SQLite gives
    it: text, or an int for a count (the Sectors tab's "Clusters"); None for no value.
    """

    kind: str
    id: str
    cells: tuple[Any, ...]


@dataclass(frozen=True)
class View:
    """What a table shows of its records: the search, the ticked facet values and the sort.
    The browsing history keeps one with each record, so that Back shows the list it was in."""

    text: str = ""
    #: (facet title, the values ticked), both sorted
    selected: tuple[tuple[str, tuple[str, ...]], ...] = ()
    sort_column: int = 0
    descending: bool = False

    def ticked(self) -> dict[str, set[str]]:
        """The ticked values as :attr:`BrowseQuery.selected` holds them: facet title -> values."""
        return {title: set(values) for title, values in self.selected}


@dataclass
class BrowseQuery:
    """The state of one tab's table: search text, facet selections and sort, as SQL.

    A search in the default order (by name, either way) with no facet ticked — what typing
    in the search box does — is answered by the full-text index alone: its rowids number each
    table's records in name order, so the first page is the first matches of a rowid walk
    and the count is a count of the index's matches, with no temporary table and no sort,
    however many records match. Other orders and ticked facets first put the matches in a
    temporary table (:meth:`prepare`) that the page, the count and the facets then share.

    Every method that reads raises :class:`~mxdesk.core.errors.DirectoryError` when SQLite
    fails (including an interrupt from the query thread: its message says "interrupted").
    """

    spec: TableSpec
    text: str = ""
    #: facet title -> the values ticked (a row matches any of them)
    selected: dict[str, set[str]] = field(default_factory=dict)
    sort_column: int = 0
    descending: bool = False

    def view(self) -> View:
        """The search, ticks and sort as a value (for the history)."""
        selected = tuple(sorted((title, tuple(sorted(values)))
                                for title, values in self.selected.items() if values))
        return View(self.text, selected, self.sort_column, self.descending)

    @property
    def indexed(self) -> bool:
        """True when the full-text index alone lists the rows, in order (its rowids follow
        the English names: in Spanish, only for tables whose Spanish names sort alike)."""
        return bool(fts_query(self.text)) and self.sort_column == 0 \
            and not any(self.selected.values()) and same_order_in_language(self.spec)

    @property
    def whole_in_name_order(self) -> bool:
        """True when every row is listed in name order: pages and places come straight from
        the tables' ``sort_key`` indexes, whatever their size."""
        return not self.text.strip() and self.sort_column == 0 \
            and not any(self.selected.values())

    @property
    def paged(self) -> bool:
        """True when any page (and any row's place) costs one indexed query: no need to list
        every row's key first."""
        return self.indexed or self.whole_in_name_order

    def prepare(self, directory: Directory) -> None:
        """Fill the temporary table of matching keys that :meth:`count`, :meth:`rows` and
        the facet counts share, when they need it (not for an :attr:`indexed` search). Call
        it on the connection that runs them, before them; they call it themselves if not."""
        if not self.indexed:
            self._fill(directory)

    @property
    def _table(self) -> str:
        """This table's temporary table of matches (one per table and connection)."""
        return f"temp.mx_matches_{self.spec.kinds[0]}"

    def _fill(self, directory: Directory) -> None:
        conn = directory.conn
        try:
            conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {self._table} "
                         "(key TEXT PRIMARY KEY) WITHOUT ROWID")
            conn.execute(f"DELETE FROM {self._table}")
            query = fts_query(self.text)
            if query:
                conn.execute(f"INSERT OR IGNORE INTO {self._table} {self.spec.search_keys}",
                             {"q": query})
        except sqlite3.DatabaseError as exc:
            raise DirectoryError(f"cannot read {directory.path}: {exc}") from exc
        self._filled = (id(conn), self.text)

    def _ensure(self, directory: Directory) -> None:
        """Fill the temporary table unless this connection holds this text's matches."""
        if getattr(self, "_filled", None) != (id(directory.conn), self.text):
            self._fill(directory)

    def _matches(self, columns: str, tail: str = "") -> tuple[str, dict[str, Any]]:
        """SQL over the full-text matches in this table's block of rowids, in name order."""
        low, high = search_rowids(self.spec.kinds[0])
        sql = (f"SELECT {columns} FROM search WHERE search MATCH :q "
               f"AND rowid BETWEEN :low AND :high {tail}")
        return sql, {"q": fts_query(self.text), "low": low, "high": high}

    def _indexed_keys(self, directory: Directory, offset: int = 0,
                      limit: int = -1) -> list[tuple[str, str]]:
        order = "DESC" if self.descending else "ASC"
        sql, params = self._matches("kind, record_id",
                                    f"ORDER BY rowid {order} LIMIT :limit OFFSET :offset")
        params.update(limit=limit, offset=offset)
        return [(str(k), str(i)) for k, i in _run(directory, sql, params)]

    def _where(self, skip_facet: str | None = None) -> tuple[str, dict[str, Any]]:
        clauses: list[str] = []
        params: dict[str, Any] = {}
        if self.text.strip():
            # Only punctuation leaves no word: nothing can match, say so (not everything).
            clauses.append(f"key IN {self._table}" if fts_query(self.text) else "0")
        for n, facet in enumerate(self.spec.facets):
            values = sorted(self.selected.get(facet.title, ()))
            if not values or facet.title == skip_facet:
                continue
            marks = ", ".join(f":f{n}_{m}" for m in range(len(values)))
            clauses.append(f"key IN (SELECT key FROM ({facet.sql}) WHERE value IN ({marks}))")
            params.update({f"f{n}_{m}": v for m, v in enumerate(values)})
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def _order(self) -> str:
        column = self.spec.columns[min(max(self.sort_column, 0), len(self.spec.columns) - 1)]
        terms = [term.strip() for term in column.sort.split(",")]
        if column.shown_name() != column.name:
            # Sorted by what it shows: the Spanish names in Spanish (issue 20).
            terms = [column.shown_name() + term[len(column.name):]
                     if term.split()[0] == column.name else term for term in terms]
        # Ties and names in the order of the names shown (sort_key_es in Spanish).
        terms = [" ".join([sort_column(term.split()[0]), *term.split()[1:]])
                 for term in terms]
        if self.descending:
            terms = [term[: -len(" DESC")] if term.endswith(" DESC") else f"{term} DESC"
                     for term in terms]
        return ", ".join(terms)

    def count(self, directory: Directory) -> int:
        """How many rows the search and ticks leave (every row with neither)."""
        if self.indexed:
            sql, params = self._matches("count(*)")
            return int(_run(directory, sql, params)[0][0])
        if not self.text.strip() and not any(self.selected.values()):
            return self.total(directory)
        self._ensure(directory)
        if fts_query(self.text) and not any(self.selected.values()):
            # Every full-text match is one row of the table: count the matches alone.
            return int(_run(directory, f"SELECT count(*) FROM {self._table}", {})[0][0])
        where, params = self._where()
        sql = f"SELECT count(*) FROM ({self.spec.base}){where}"
        return int(_run(directory, sql, params)[0][0])

    def total(self, directory: Directory) -> int:
        """Every row of the table: one per record of its tables (stored by the build, so
        nothing is counted at open)."""
        return stored_rows(lambda sql, params: _run(directory, sql, params), self.spec.tables)

    def rows(self, directory: Directory, offset: int, limit: int) -> list[Row]:
        """*limit* rows from row number *offset* (0-based) on, in the current order."""
        if self.indexed:
            return self.rows_for(directory, self._indexed_keys(directory, offset, limit))
        if self.whole_in_name_order and len(self.spec.tables) == 1:
            # The page's ids from the name index alone (skipping 80,000 rows of the joined
            # view costs twenty times more), then their rows.
            order = "DESC" if self.descending else "ASC"
            sql = (f"SELECT id FROM {self.spec.tables[0]} ORDER BY {sort_column('sort_key')} "
                   f"{order} LIMIT :limit OFFSET :offset")
            kind = self.spec.kinds[0]
            ids = _run(directory, sql, {"limit": limit, "offset": offset})
            return self.rows_for(directory, [(kind, str(i)) for (i,) in ids])
        self._ensure(directory)
        where, params = self._where()
        names = ", ".join(c.shown_name() for c in self.spec.columns)
        sql = (f"SELECT kind, id, {names} FROM ({self.spec.base}){where} "
               f"ORDER BY {self._order()} LIMIT :limit OFFSET :offset")
        params.update(limit=limit, offset=offset)
        return [self._row(r) for r in _run(directory, sql, params)]

    def _row(self, fetched: Sequence[Any]) -> Row:
        """A fetched row (kind, id, cells) with the table's own words in the current
        language (issue 20: "Industry", "Gold (valid until 2021)")."""
        cells = tuple(shown_value(v) if c.words and isinstance(v, str) else v
                      for c, v in zip(self.spec.columns, fetched[2:], strict=True))
        return Row(fetched[0], fetched[1], cells)

    def ordered_keys(self, directory: Directory) -> list[tuple[str, str]]:
        """(kind, id) of every matching row, in the table's order. Raises :class:`DirectoryError`
        when SQLite fails (an interrupt included)."""
        if self.indexed:
            return self._indexed_keys(directory)
        self._ensure(directory)
        where, params = self._where()
        sql = (f"SELECT kind, id FROM ({self.spec.base}){where} ORDER BY {self._order()}")
        # A whole directory's keys (100,000 at the largest) are held at once: read them off
        # the cursor instead of a fetchall() list of rows, and share one string per kind
        # instead of a copy per row (together ~30 MB -> ~12 MB of peak memory at 100,000).
        kinds: dict[str, str] = {}
        try:
            return [(kinds.setdefault(k, str(k)), str(i))
                    for k, i in directory.conn.execute(sql, params)]
        except sqlite3.DatabaseError as exc:
            raise DirectoryError(f"cannot read {directory.path}: {exc}") from exc

    def rows_for(self, directory: Directory, keys: Sequence[tuple[str, str]]) -> list[Row]:
        """The rows of these records, in the order given (one page of the table)."""
        if not keys:
            return []
        names = ", ".join(c.shown_name() for c in self.spec.columns)
        marks = ", ".join("?" for _ in keys)
        # "key IN (…)" reaches the tables' primary keys through the base query.
        sql = f"SELECT kind, id, {names} FROM ({self.spec.base}) WHERE key IN ({marks})"
        found = {(r[0], r[1]): self._row(r)
                 for r in _run(directory, sql, [self.spec.key_of(*key) for key in keys])}
        return [found[k] for k in keys if k in found]

    def _rank(self, directory: Directory, kind: str, record_id: str,
              column: str = "sort_key") -> int | None:
        """How many records of the table come before this one by name (None: not listed),
        in the order of *column* (``sort_key``, the English names', or ``sort_key_es``)."""
        found = _run(directory, f"SELECT {column} FROM ({self.spec.base}) "
                     "WHERE key = :key", {"key": self.spec.key_of(kind, record_id)})
        if not found:
            return None
        return sum(int(_run(directory, f"SELECT count(*) FROM {table} "
                            f"WHERE {column} < :key", {"key": found[0][0]})[0][0])
                   for table in self.spec.tables)

    def position(self, directory: Directory, kind: str, record_id: str) -> int | None:
        """The row number of a record in the current order, or None when it is filtered out."""
        if self.whole_in_name_order:
            before = self._rank(directory, kind, record_id, sort_column("sort_key"))
            if before is None or not self.descending:
                return before
            return self.total(directory) - 1 - before
        if self.indexed:
            # The record's rowid is its place in name order; count the matches before it.
            before = self._rank(directory, kind, record_id)
            if before is None:
                return None
            target = search_rowids(self.spec.kinds[0])[0] + before
            sql, params = self._matches("count(*), sum(rowid = :target)",
                                        "AND rowid >= :target" if self.descending else
                                        "AND rowid <= :target")
            params["target"] = target
            upto, listed = _run(directory, sql, params)[0]
            return int(upto) - 1 if listed else None
        self._ensure(directory)
        where, params = self._where()
        sql = (f"SELECT n FROM (SELECT kind, id, row_number() OVER "
               f"(ORDER BY {self._order()}) - 1 AS n FROM ({self.spec.base}){where}) "
               "WHERE kind = :kind AND id = :id")
        params.update(kind=kind, id=record_id)
        found = _run(directory, sql, params)
        return int(found[0][0]) if found else None

    def facet_counts(self, directory: Directory) -> dict[str, list[tuple[str, int]]]:
        """For each facet, its values and how many rows each would show: facet title ->
        [(value, rows), …].

        A facet's counts apply the search and the *other* facets' selections, so ticking a
        second state widens the list instead of emptying it (disjunctive faceting). Ticked
        values stay listed even when their count drops to zero.
        """
        if not self.text.strip() and not any(self.selected.values()):
            stored = self.stored_facet_counts(directory)
            if len(stored) == len(self.spec.facets):  # the whole list: counted by the build
                return {title: [(c.value, c.rows) for c in values]
                        for title, values in stored.items()}
        self._ensure(directory)
        out: dict[str, list[tuple[str, int]]] = {}
        for facet in self.spec.facets:
            where, params = self._where(skip_facet=facet.title)
            sql = count_sql(self.spec, facet, where)
            counts = [(str(r[0]), int(r[1])) for r in _run(directory, sql, params)]
            shown = {value for value, _n in counts}
            counts += [(v, 0) for v in sorted(self.selected.get(facet.title, ())) if v not in shown]
            out[facet.title] = counts
        return out

    def stored_facet_counts(self, directory: Directory) -> dict[str, list[FacetCount]]:
        """Each facet over the whole, unfiltered list, as the build stored it (read, not
        counted): facet title -> values, most rows first."""
        return stored_facet_counts(lambda sql, params: _run(directory, sql, params), self.spec)

    def live_facet_counts(self, directory: Directory, matching: int,
                          stale: Callable[[], bool] = lambda: False,
                          ) -> dict[str, list[FacetCount]] | None:
        """The facet counts of the list as it is now, *matching* rows, as the facet panel
        shows them while the user types: capped for a search with nothing ticked
        (:func:`mxdesk.core.facet_counts.live_facet_counts`), exact otherwise; the stored
        counts for the whole list. None when *stale* says a newer search came meanwhile."""
        stored = self.stored_facet_counts(directory)
        query = fts_query(self.text)
        if not self.text.strip() and not any(self.selected.values()) \
                and len(stored) == len(self.spec.facets):
            return stored
        if query and not any(self.selected.values()):
            return live_facet_counts(lambda sql, params: _run(directory, sql, params),
                                     self.spec, query, matching, self.total(directory),
                                     stored, stale)
        return {title: [FacetCount(v, n) for v, n in values]
                for title, values in self.facet_counts(directory).items()}

    def describe(self, shown: int, total: int) -> str:
        """The status line: ``"12 of 118 clusters"``, in the current language."""
        said = _STATUS.get(self.spec.kinds[0])
        if said is None:  # a table of another kind: its own nouns, in English
            noun = self.spec.noun if total == 1 else self.spec.plural
            return f"{shown:,} of {total:,} {noun}"
        return said(total).format(shown=number(shown), total=number(total))


#: Each tab's status line, a whole sentence per tab (the translator needs the noun's gender).
_STATUS: dict[str, Callable[[int], str]] = {
    "cluster": lambda n: ngettext("{shown} of {total} cluster", "{shown} of {total} clusters",
                                  n),
    "sector": lambda n: ngettext("{shown} of {total} sector", "{shown} of {total} sectors", n),
    "policy": lambda n: ngettext("{shown} of {total} policy", "{shown} of {total} policies",
                                 n),
    "programme": lambda n: ngettext("{shown} of {total} programme or partnership",
                                    "{shown} of {total} programmes and partnerships", n),
}


#: The old name of :class:`BrowseQuery`, kept for callers (one class, not a copy).
Browse = BrowseQuery


def _run(directory: Directory, sql: str, params: Mapping[str, Any] | Sequence[Any]) -> list[Any]:
    try:
        return directory.conn.execute(sql, params).fetchall()
    except sqlite3.DatabaseError as exc:
        raise DirectoryError(f"cannot read {directory.path}: {exc}") from exc
