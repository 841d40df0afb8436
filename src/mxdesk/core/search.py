"""Accent- and case-free full-text search over the directory (SQLite FTS5).

User text never reaches FTS5 as syntax: :func:`fts_query` turns it into quoted terms of the
folding that built the index (:mod:`mxdesk.core.text`), so ``"``, ``*``, ``AND (``,
``NEAR(`` or ``-`` are searched for as words, never parsed.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
from typing import Any

from mxdesk.core import i18n
from mxdesk.core.directory import Directory
from mxdesk.core.i18n import N_
from mxdesk.core.records import Kind, SearchHit
from mxdesk.core.text import FTS_TOKENIZE, Term, match_spans, snippet, words

__all__ = ["FTS_TOKENIZE", "MAX_TERMS", "MAX_TERM_LENGTH", "SEARCH_GROUPS", "Term",
           "fts_query", "matching_ids", "named_ids", "search", "search_terms"]

log = logging.getLogger("mxdesk.search")

#: More words than this add nothing to a directory search but cost time.
MAX_TERMS = 16
#: Longer words are cut: nothing in the directory is this long.
MAX_TERM_LENGTH = 64
#: The kinds a search finds, in the order results are listed (the window's Ctrl+K and
#: ``mxdesk search``), with the heading of each group.
#: The headings are marked for translation: show them with ``_(title)``.
SEARCH_GROUPS: tuple[tuple[str, str], ...] = (
    ("cluster", N_("Clusters")), ("sector", N_("Sectors")), ("policy", N_("Policies")),
    ("programme", N_("EU–Mexico programmes")), ("partnership", N_("Cluster partnerships")),
    ("state", N_("States")), ("company", N_("Companies")), ("country", N_("Country")),
    ("contact", N_("Your contacts")), ("note", N_("Your notes")),
    ("mission", N_("Your missions")), ("meeting", N_("Your meetings")),
)

# Column weights for bm25(): kind, record_id (unindexed), name, aliases, place, body.
_RANK = "bm25(search, 0.0, 0.0, 10.0, 6.0, 2.0, 1.0)"
_COLUMNS = ("name", "aliases", "place", "body")


@functools.lru_cache(maxsize=256)
def _terms(text: str) -> tuple[Term, ...]:
    terms: list[Term] = []
    for parts in words(text):
        joined = "".join(parts)
        if len(joined) > MAX_TERM_LENGTH:
            term = Term((joined[:MAX_TERM_LENGTH],), prefix=True)
        elif len(parts) > 1 and all(len(part) == 1 for part in parts):
            # An abbreviation ("A.C.", "S.A.", "R&D", "I+D") is matched whole: as prefixes,
            # "a"* "c"* would match nearly every record, and the user typed its last letter.
            term = Term(tuple(parts), prefix=False)
        else:
            # Any other word may still be being typed: "Pro-Aé" finds "Pro-Aéreo".
            term = Term(tuple(parts), prefix=True)
        if term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return tuple(terms)


def search_terms(text: str) -> list[Term]:
    """The terms a search for *text* matches (for highlighting with ``match_spans``)."""
    return list(_terms(text))


def _fts(term: Term) -> str:
    star = "*" if term.prefix else ""
    if len(term.parts) == 1:
        return f'"{term.joined}"{star}'
    # The parts as consecutive words ("Pro Aéreo", "A. C.") or written as one word
    # ("ProAéreo", and index_text's joined form of "Pro-Aéreo").
    return f'("{" ".join(term.parts)}"{star} OR "{term.joined}"{star})'


@functools.lru_cache(maxsize=256)
def fts_query(text: str) -> str:
    """Turn free user text into a safe FTS5 query over columns filled by ``index_text``.

    Every word becomes a quoted prefix term; a word of parts joined by hyphens, dots,
    apostrophes, ``&`` or ``+`` matches its parts as a phrase or written as one word, whole
    when every part is one letter (an abbreviation). Returns ``""`` when the text has no
    searchable word.

    >>> fts_query('nuevo leon')
    '"nuevo"* AND "leon"*'
    >>> fts_query('AND ( "NEAR(')
    '"and"* AND "near"*'
    >>> fts_query('A.C. Pro-Aéreo')
    '("a c" OR "ac") AND ("pro aereo"* OR "proaereo"*)'
    """
    # The folding leaves word characters only, so no quote, star or bracket of the user's
    # can reach the query. An explicit AND: FTS5 refuses a bracket after an implicit one.
    return " AND ".join(_fts(term) for term in _terms(text))


def _snippet(texts: tuple[str, ...], terms: tuple[Term, ...], mark: tuple[str, str]) -> str:
    """The passage of the column matching the most of *terms* (the first such), marked."""
    best, most = 0, -1
    for n, text in enumerate(texts):
        matched = sum(1 for term in terms if match_spans(text, [term]))
        if matched > most:
            best, most = n, matched
        if most == len(terms):
            break  # no later column can do better
    return snippet(texts[best], terms, mark, size=10)


def _run(directory: Directory, text: str, sql: str, params: list[Any]) -> list[Any]:
    try:
        return directory.conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        # fts_query() only emits quoted terms, so this is a bug, not bad input: log it loudly
        # but let the user go on with an empty result rather than a crash mid-meeting.
        log.exception("search failed for query %r (FTS %r)", text, params[0])
        return []


def search(
    directory: Directory,
    text: str,
    kind: Kind | None = None,
    limit: int | None = 200,
    mark: tuple[str, str] = ("[", "]"),
    per_kind: int | None = None,
) -> list[SearchHit]:
    """Records matching every word of *text* (as a word prefix), best first: at most *limit*,
    and at most *per_kind* of each kind. Each hit's snippet is a passage of its text with
    the matches between *mark*'s strings. Raises nothing for any text typed: an FTS error is
    our bug, logged, and gives no hits; a damaged file's :class:`sqlite3.DatabaseError`
    propagates."""
    query = fts_query(text)
    if not query:
        return []
    # _RANK is a constant; user text only ever reaches SQLite as a bound parameter.
    sql = (f"SELECT rowid AS id, kind, record_id, name AS folded, {_RANK} AS rank "  # noqa: S608
           "FROM search WHERE search MATCH ?")
    params: list[Any] = [query]
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    order = "rank, folded, record_id"
    if per_kind is not None:
        sql = (f"SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY kind "  # noqa: S608
               f"ORDER BY {order}) AS place_in_kind FROM ({sql})) WHERE place_in_kind <= ?")
        params.append(per_kind)
    # A hit's name in the current language: its Spanish name in Spanish (issue 20).
    name = "coalesce(shown.name_es, shown.name)" if i18n.language() == i18n.SPANISH \
        else "shown.name"
    sql = (f"SELECT found.kind, found.record_id, found.rank, {name}, "  # noqa: S608
           f"shown.aliases, shown.place, shown.body FROM ({sql}) AS found "
           f"JOIN display_text AS shown ON shown.rowid = found.id ORDER BY {order}")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    rows = _run(directory, text, sql, params)
    terms = _terms(text)
    # The passages come from the text as written (the index holds it folded), and only
    # for the hits returned.
    return [SearchHit(kind_, record_id, name, _snippet((name, *more), terms, mark), rank)
            for kind_, record_id, rank, name, *more in rows]


def search_counts(directory: Directory, text: str) -> dict[str, int]:
    """How many records of each kind match *text*: kind -> count (kinds with none left out).
    Raises as :func:`search`."""
    query = fts_query(text)
    if not query:
        return {}
    rows = _run(directory, text, "SELECT kind, count(*) FROM search WHERE search MATCH ? "
                "GROUP BY kind", [query])
    return {str(kind): int(count) for kind, count in rows}


def finds_any(directory: Directory, text: str, kinds: tuple[str, ...] = ()) -> bool:
    """Whether *text* matches any record (of *kinds*, when given): one row of the index is
    enough, so it costs a fraction of a count (a corrected search is checked with it before
    it is offered, :func:`mxdesk.core.spelling.correct`). Raises as :func:`search`."""
    from mxdesk.core.schema import search_rowids

    query = fts_query(text)
    if not query:
        return False
    if not kinds:
        return bool(_run(directory, text, "SELECT 1 FROM search WHERE search MATCH ? LIMIT 1",
                         [query]))
    return any(_run(directory, text, "SELECT 1 FROM search WHERE search MATCH ? "
                    "AND rowid BETWEEN ? AND ? LIMIT 1", [query, *search_rowids(kind)])
               for kind in kinds)


def matching_ids(directory: Directory, text: str, kind: Kind) -> list[str]:
    """Ids of the records of *kind* matching *text*, best first, with no limit. Raises as
    :func:`search`."""
    query = fts_query(text)
    if not query:
        return []
    sql = (f"SELECT record_id FROM search WHERE search MATCH ? AND kind = ? "  # noqa: S608
           f"ORDER BY {_RANK}, name, record_id")
    return [str(rid) for (rid,) in _run(directory, text, sql, [query, kind])]


def named_ids(directory: Directory, text: str, kind: Kind, limit: int = 500) -> list[str]:
    """Ids of the records of *kind* whose name or aliases hold every word of *text* (as word
    starts), at most *limit* of them, best first: what My notes' search adds to its own
    matches, so "monterrey" finds a note filed on Monterrey Aerocluster (issue 17's trial).
    Raises as :func:`search`."""
    query = fts_query(text)
    if not query:
        return []
    sql = (f"SELECT record_id FROM search WHERE search MATCH ? AND kind = ? "  # noqa: S608
           f"ORDER BY {_RANK}, name, record_id LIMIT ?")
    return [str(rid) for (rid,) in _run(directory, text, sql,
                                         ["{name aliases} : (" + query + ")", kind, limit])]

