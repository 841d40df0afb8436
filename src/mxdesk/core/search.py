"""Accent- and case-free full-text search over the directory (SQLite FTS5).

User text never reaches FTS5 as syntax: :func:`fts_query` turns it into quoted prefix terms,
so ``"``, ``*``, ``AND (``, ``NEAR(`` or ``-`` are searched for as words, never parsed.
"""

from __future__ import annotations

import functools
import logging
import re
import sqlite3
from typing import Any

from mxdesk.core.directory import Directory
from mxdesk.core.records import Kind, SearchHit
from mxdesk.core.text import fold

log = logging.getLogger("mxdesk.search")

#: More words than this add nothing to a directory search but cost time.
MAX_TERMS = 16
#: Longer words are cut: nothing in the directory is this long.
MAX_TERM_LENGTH = 64

_WORD = re.compile(r"\w+", re.UNICODE)
# Column weights for bm25(): kind, record_id (unindexed), name, aliases, place, body.
_RANK = "bm25(search, 0.0, 0.0, 10.0, 6.0, 2.0, 1.0)"


@functools.lru_cache(maxsize=256)
def fts_query(text: str) -> str:
    """Turn free user text into a safe FTS5 query: every word a quoted prefix term.

    Returns ``""`` when the text has no searchable word.

    >>> fts_query('nuevo leon')
    '"nuevo"* "leon"*'
    >>> fts_query('AND ( "NEAR(')
    '"and"* "near"*'
    """
    terms: list[str] = []
    for word in _WORD.findall(text):
        term = fold(word).replace(" ", "")[:MAX_TERM_LENGTH]
        if term and term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    # fold() leaves letters and digits only, so no quote can reach the query.
    return " ".join(f'"{term}"*' for term in terms)


def search_terms(text: str) -> list[str]:
    """The folded words of *text* that a search matches as prefixes (for highlighting)."""
    return [term[1:-2] for term in fts_query(text).split(" ") if term]


def search(
    directory: Directory,
    text: str,
    kind: Kind | None = None,
    limit: int | None = 200,
    mark: tuple[str, str] = ("[", "]"),
) -> list[SearchHit]:
    """Records matching every word of *text* (as a word prefix), best first."""
    query = fts_query(text)
    if not query:
        return []
    # _RANK is a constant; user text only ever reaches SQLite as a bound parameter.
    sql = (
        f"SELECT kind, record_id, name, {_RANK} AS rank, "  # noqa: S608
        "snippet(search, -1, ?, ?, '…', 10) AS snip "
        "FROM search WHERE search MATCH ?"
    )
    params: list[Any] = [mark[0], mark[1], query]
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    sql += " ORDER BY rank, name"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    try:
        rows = directory.conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        # fts_query() only emits quoted terms, so this is a bug, not bad input: log it loudly
        # but let the user go on with an empty result rather than a crash mid-meeting.
        log.exception("search failed for query %r (FTS %r)", text, query)
        return []
    return [SearchHit(row[0], row[1], row[2], row[4], row[3]) for row in rows]


def matching_ids(directory: Directory, text: str, kind: Kind) -> list[str]:
    """Ids of the records of *kind* matching *text*, best first, with no limit."""
    return [hit.id for hit in search(directory, text, kind, limit=None)]
