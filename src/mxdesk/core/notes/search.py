"""Search of the user's contacts and notes: every word typed, accents and case ignored, best
first, each hit named and shown with a short passage around its match.

Reads the FTS5 table ``search`` that :mod:`mxdesk.core.notes.schema` keeps: a record in parts
of about ``PART_CHARS`` (2,000) characters, one row each, numbered so that ``rowid >>
PART_BITS`` names the record. User text reaches FTS5 only through
:func:`mxdesk.core.search.fts_query`; the SQL is composed from this module's own constants.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Sequence

from mxdesk.core.notes.parts import OpenStore
from mxdesk.core.notes.records import NoteHit
from mxdesk.core.notes.schema import MANY, PART_BITS, record_of, record_rowids
from mxdesk.core.notes.stored_text import NOT_UTF8, undecodable
from mxdesk.core.search import Term, fts_query, search_terms
from mxdesk.core.text import match_spans, snippet

log = logging.getLogger("mxdesk.notes")

#: A hit's passage is cut from this many characters of its part before and after the first
#: match (then trimmed to about ten words by :func:`mxdesk.core.text.snippet`).
_AROUND = (200, 600)
#: bm25 weights: the title (a contact's name) counts five times the rest; the other
#: columns (parts, start, label, text) are not searched.
_RANK = "bm25(search, 5.0, 1.0, 0.0, 0.0, 0.0, 0.0)"
_WHITE = re.compile(r"\s")


def search(store: OpenStore, text: str, limit: int = 200) -> list[NoteHit]:
    """At most *limit* hits for *text*, best first; records held in several parts that match
    only across them come after, oldest first. A record that cannot be read is left out (and
    put in ``store.unreadable``). An FTS error is a bug (logged), and gives no hits."""
    query = fts_query(text)
    if not query or limit <= 0:
        return []
    terms = search_terms(text)
    try:
        found = _ranked(store.conn, f"{{title body}} : ({query})", limit)
        if len(terms) > 1 and len(found) < limit:
            found += _across_parts(store.conn, terms, {record for record, _ in found},
                                   limit - len(found))
    except sqlite3.OperationalError:
        # fts_query() emits quoted terms only, so this is a bug, not bad input: log it,
        # and let the user go on with no result rather than a crash mid-meeting.
        log.exception("notes search failed for %r (FTS %r)", text, query)
        return []
    hits = []
    for record, first in found:
        hit = _hit(store, record, first, terms)
        if hit is not None:
            hits.append(hit)
    return hits


def _ranked(conn: sqlite3.Connection, match: str, limit: int) -> list[tuple[int, int]]:
    """(record, its first matching rowid) of the records with a part matching *match*,
    best first: the best part of each record ranks it."""
    return [(int(record), int(first)) for record, first, _score in conn.execute(
        f"WITH found AS MATERIALIZED (SELECT rowid >> {PART_BITS} AS record, rowid, "  # noqa: S608
        f"{_RANK} AS score FROM search WHERE search MATCH ?) "
        "SELECT record, min(rowid), min(score) AS best FROM found GROUP BY record "
        "ORDER BY best, record LIMIT ?", [match, limit])]


def _across_parts(conn: sqlite3.Connection, terms: Sequence[Term], known: set[int], limit: int
                  ) -> list[tuple[int, int]]:
    """Records held in several parts whose parts match every term between them but no
    part all of them (words far apart in a long note): after the others, oldest first.
    Only the parts of such records are read (:data:`~mxdesk.core.notes.schema.MANY`)."""
    firsts: dict[int, int] = {}
    common: set[int] | None = None
    for term in terms:
        # The term alone, as fts_query makes it (folding its folded parts changes nothing).
        alone = fts_query("-".join(term.parts))
        if not alone:
            continue
        match = f"parts : {MANY} AND {{title body}} : ({alone})"
        seen: dict[int, int] = {}
        for (rowid,) in conn.execute("SELECT rowid FROM search WHERE search MATCH ?",
                                     [match]):
            record = rowid >> PART_BITS
            seen[record] = min(rowid, seen.get(record, rowid))
        common = set(seen) if common is None else common & set(seen)
        for record in common:
            firsts[record] = min(seen[record], firsts.get(record, seen[record]))
        if not common - known:
            return []
    return [(record, firsts[record]) for record in sorted((common or set()) - known)[:limit]]


def _hit(store: OpenStore, record: int, first: int, terms: Sequence[Term]) -> NoteHit | None:
    """The hit for *record*, named as indexed, with a passage of its part *first*."""
    kind, record_id = record_of(first)
    if (kind, record_id) in store.unreadable:
        return None
    base, _after = record_rowids(kind, record_id)
    row = store.conn.execute("SELECT start, parts, label, text FROM search WHERE rowid = ?",
                             [first]).fetchone()
    if row is None:
        return None
    start, many, label, part = row
    if first != base:
        named = store.conn.execute("SELECT label FROM search WHERE rowid = ?",
                                   [base]).fetchone()
        label = named[0] if named else ""
    if undecodable(label, part):
        store.unreadable[(kind, record_id)] = NOT_UTF8
        return None
    more = bool(many) and store.conn.execute("SELECT 1 FROM search WHERE rowid = ?",
                                             [first + 1]).fetchone() is not None
    return NoteHit(kind, record_id, str(label),
                   passage(str(part), terms, int(start or 0) > 0, more))


def passage(part: str, terms: Sequence[Term], before: bool, after: bool) -> str:
    """About ten words of *part* around a match, the matches marked ``[…]``; "…" where the
    record's text goes on (*before*, *after*: other parts do). The passage is cut around the
    first match of the term matched least often (the one that tells this hit from others).
    The work is bounded by the part's length, never the record's."""
    found = [spans for spans in (match_spans(part, [term]) for term in terms) if spans]
    anchor = min(found, key=len)[0] if found else None
    low, high = 0, min(len(part), _AROUND[0] + _AROUND[1])
    if anchor is not None:
        low = max(0, anchor[0] - _AROUND[0])
        high = min(len(part), anchor[1] + _AROUND[1])
        if low > 0:  # start at a word
            white = _WHITE.search(part, low, anchor[0])
            low = white.end() if white else anchor[0]
    if high < len(part):  # end at a word
        space = max(part.rfind(" ", low, high), part.rfind("\n", low, high))
        high = space if space > (anchor[1] if anchor else low) else high
    cut = snippet(part[low:high], terms, ("[", "]"), size=10)
    if (before or low > 0) and not cut.startswith("…"):
        cut = "…" + cut
    if (after or high < len(part)) and not cut.endswith("…"):
        cut += "…"
    return cut
