"""One folding for every index and every query: text found by itself, in any form.

The index side is :func:`mxdesk.core.text.index_text` in a real FTS5 table with the tokenizer
the project uses (:data:`mxdesk.core.text.FTS_TOKENIZE`); the query side is
:func:`mxdesk.core.search.fts_query`. Nothing is mocked.
"""

from __future__ import annotations

import sqlite3
import sys
import unicodedata
from collections.abc import Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mxdesk.core.search import fts_query, search_terms
from mxdesk.core.text import FTS_TOKENIZE, fold, index_text, match_spans, snippet
from tests.conftest import fuzz_examples

# Text with the characters the folding treats specially mixed into any Unicode text, so the
# generator meets joiners, marks, ligatures and letters without decompositions often.
_SPECIAL = st.sampled_from(list(
    "-.'’&+·´`ʼ‐‑–−ßẞłŁøØđĐðÐħŧþÞæÆœŒıİﬁﬂﬀǅŉſςΣ\u0301\u0308\u0345\u00ad\u200d\ufeff"
    "AaCc. "))
_TEXT = st.text(alphabet=st.one_of(st.characters(exclude_categories=["Cs"]), _SPECIAL),
                max_size=60)


@pytest.fixture
def fts() -> Iterator[sqlite3.Connection]:
    """An in-memory FTS5 table made as the directory's and the notes' are."""
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '{FTS_TOKENIZE}', "
                 "prefix = '1 2 3')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    yield conn
    conn.close()


def _finds(conn: sqlite3.Connection, query: str) -> bool:
    return conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", [query]).fetchone()[0] > 0


def _index(conn: sqlite3.Connection, text: str) -> None:
    conn.execute("DELETE FROM t")
    conn.execute("INSERT INTO t (body) VALUES (?)", [index_text(text)])


# -- what users type and what they stored ---------------------------------------------------

#: (stored, typed): each was not found before the index and the query shared one folding.
FIXED = [
    ("Jürgen Groß", "Groß"),
    ("Jürgen Groß", "gross"),
    ("Jürgen Groß", "GROSS"),
    ("Maximilianstraße 12, München", "Maximilianstraße"),
    ("Maximilianstraße 12, München", "maximilianstrasse"),
    ("Head of \ufb01nance", "finance"),  # pasted from a PDF with the "ﬁ" ligature
    ("Querétaro", "Quere\u0301taro"),  # typed decomposed (NFD)
    ("Querétaro", "QUERE\u0301TARO"),
    ("Paweł Nowak", "pawel"),
    ("Søren Østergaard", "soren ostergaard"),
    ("Đorđe Đokić", "dorde dokic"),
    ("Æsir Lærdal", "aesir laerdal"),
    ("Œuvre Cœur", "oeuvre coeur"),
    ("Þórunn", "thorunn"),
    ("Istanbul Işık", "isik"),
    ("Pro-Aéreo 2012-2020", "ProAéreo"),
    ("Pro-Aéreo 2012-2020", "proaereo"),
    ("ProAéreo", "Pro-Aéreo"),  # the joined form: written as one word
    ("Consejo Agropecuario Poblano, A.C.", "AC"),
    ("Chihuahua´s aerospace cluster", "chihuahuas"),
    ("Ma\u00adximilian (a soft hyphen from a PDF)", "maximilian"),
]
#: (stored, typed): found before, and still.
KEPT = [
    ("Jürgen Gross", "Groß"),
    ("Maximilianstraße 12, München", "Maximilianstr"),
    ("Head of finance", "\ufb01nance"),
    ("Quere\u0301taro", "Querétaro"),  # stored decomposed, typed composed
    ("Paweł Nowak", "Paweł"),
    ("Pro-Aéreo 2012-2020", "pro aereo"),
    ("Pro-Aéreo 2012-2020", "Pro-Aéreo"),
    ("Pro-Aéreo 2012-2020", "Pro-Aé"),  # still being typed
    ("Pro Aéreo", "Pro-Aéreo"),  # the phrase: written with a space, typed with a hyphen
    ("Consejo Agropecuario Poblano, A.C.", "A.C."),
    ("Consejo Agropecuario Poblano, A. C.", "A.C."),
    ("public R&D spending", "R&D"),
    ("Chihuahua’s aerospace cluster", "Chihuahua's"),
]


@pytest.mark.parametrize(("stored", "query"), FIXED + KEPT)
def test_stored_text_is_found_by_what_users_type(fts: sqlite3.Connection, stored: str,
                                                 query: str) -> None:
    _index(fts, stored)
    assert _finds(fts, fts_query(query)), (index_text(stored), fts_query(query))


@pytest.mark.parametrize(("stored", "query"), [
    ("Academia Cívica de Cultura", "A.C."),  # "A.C." is not "a"* "c"*
    ("Accesorios y Comercio", "A.C."),
    ("Recursos y Desarrollo", "R&D"),
    ("Pro Bono, Aéreo", "Pro-Aéreo"),  # the parts, but not next to each other
])
def test_an_abbreviation_or_joined_word_is_not_matched_by_its_letters(
    fts: sqlite3.Connection, stored: str, query: str,
) -> None:
    _index(fts, stored)
    assert not _finds(fts, fts_query(query)), (index_text(stored), fts_query(query))


# -- any text finds itself -------------------------------------------------------------------

@settings(max_examples=fuzz_examples(2000), deadline=None, derandomize=True)
@given(_TEXT)
@example("Groß Maximilianstraße \ufb01 Paweł Pro-Aéreo A.C.")
@example("\u1c90")  # Georgian Mtavruli: a letter to Python 3.11, not to unicode61's tables
@example("a\u0345")  # upper-cased it becomes "AΙ": the folding must say "aι" for both
def test_any_text_is_found_by_itself_composed_decomposed_and_upper_cased(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '{FTS_TOKENIZE}')")
        conn.execute("INSERT INTO t (body) VALUES (?)", [index_text(text)])
        for typed in (text, unicodedata.normalize("NFD", text),
                      unicodedata.normalize("NFC", text), text.upper(), text.lower()):
            query = fts_query(typed)
            if not fold(text):
                assert query == ""
                continue
            assert _finds(conn, query), (text, typed, index_text(text), query)
    finally:
        conn.close()


@settings(max_examples=fuzz_examples(2000), deadline=None, derandomize=True)
@given(_TEXT)
@example("\u1c90\u10d0 \U0001e900 \u0d4e")  # letters newer than unicode61's tables
def test_the_tokenizer_splits_folded_text_exactly_where_python_does(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '{FTS_TOKENIZE}')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        indexed = index_text(text)
        conn.execute("INSERT INTO t (body) VALUES (?)", [indexed])
        tokens = [term for (term,) in conn.execute("SELECT term FROM v ORDER BY offset")]
        assert tokens == indexed.split(), (text, indexed)
    finally:
        conn.close()


@settings(max_examples=fuzz_examples(2000), deadline=None, derandomize=True)
@given(st.text())
@example('"AND ( * NEAR( - \x00 \u0301 col:x ^y OR NOT')
def test_fts5_accepts_every_query(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '{FTS_TOKENIZE}')")
        conn.execute("INSERT INTO t (body) VALUES ('x')")
        query = fts_query(text)
        if query:
            conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", [query]).fetchone()
    finally:
        conn.close()


@settings(max_examples=fuzz_examples(2000), deadline=None, derandomize=True)
@given(_TEXT)
def test_every_search_term_of_a_text_is_marked_in_it(text: str) -> None:
    """What the index finds, the highlighting marks: each term of a text matches in it."""
    for term in search_terms(text):
        if len(term.joined) < 64:  # (a cut term is marked too, but only its first part)
            assert match_spans(text, [term]), (text, term)


# -- the folding itself, for every code point ------------------------------------------------

def _code_points() -> Iterator[str]:
    for code in range(sys.maxunicode + 1):
        if not 0xD800 <= code <= 0xDFFF:
            yield chr(code)


def test_every_code_point_folds_once_into_what_the_tokenizer_keeps() -> None:
    """Folding twice changes nothing; what is left is lower-case ASCII letters, digits,
    spaces, or characters above U+007F (all word characters to the ascii tokenizer); and
    upper or lower case, composed or decomposed, fold the same."""
    unassigned = {"Cn", "Co"}  # no case, no decomposition: they separate words
    assigned = [ch for ch in _code_points() if unicodedata.category(ch) not in unassigned]
    wrong: list[str] = []
    for ch in assigned:
        folded = index_text(ch)
        same = {index_text(ch.upper()), index_text(ch.lower()),
                index_text(unicodedata.normalize("NFD", ch)),
                index_text(unicodedata.normalize("NFKC", ch)), index_text(folded)}
        ascii_ok = all(c.isdigit() or c.islower() or c == " " for c in folded if c.isascii())
        if same != {folded} or not ascii_ok or "  " in folded:
            wrong.append(f"U+{ord(ch):04X} {folded!r}")
    assert wrong == []
    rest = "".join(ch for ch in _code_points() if unicodedata.category(ch) in unassigned)
    assert index_text(f"a{rest}b") == "a b"


# -- highlighting and passages from the text as written --------------------------------------

@pytest.mark.parametrize(("text", "query", "marked"), [
    ("Jürgen Groß", "gross", ["Groß"]),
    ("Jürgen Groß", "Groß", ["Groß"]),
    ("Paweł Nowak", "pawel", ["Paweł"]),
    ("Maximilianstraße 12", "maximilianstr", ["Maximilianstr"]),
    ("Head of \ufb01nance", "finance", ["\ufb01nance"]),
    ("Quere\u0301taro", "queretaro", ["Quere\u0301taro"]),
    ("Querétaro", "Quere\u0301taro", ["Querétaro"]),
    ("Pro-Aéreo 2012-2020", "proaereo", ["Pro-Aéreo"]),
    ("Pro-Aéreo 2012-2020", "Pro-Aéreo", ["Pro-Aéreo"]),
    ("Pro-Aéreo 2012-2020", "aereo", ["Aéreo"]),
    ("Poblano, A. C. y Accesorios", "A.C.", ["A. C."]),
    ("Poblano, A.C. y Accesorios", "A.C.", ["A.C."]),
    ("Poblano A.C.x", "A.C.", ["A.C"]),
    ("Accesorios", "A.C.", []),
    ("Clúster Querétaro", "queret", ["Querét"]),
])
def test_matches_are_marked_in_the_text_as_written(text: str, query: str,
                                                   marked: list[str]) -> None:
    spans = match_spans(text, search_terms(query))
    assert [text[start:end] for start, end in spans] == marked


def test_a_passage_is_cut_from_the_text_as_written() -> None:
    text = ("The federal programme for the aerospace industry, known as Pro-Aéreo, set targets "
            "for exports and jobs up to 2020 with Jürgen Groß as adviser.")
    assert snippet(text, search_terms("proaereo gross"), size=8) == (
        "…known as [Pro-Aéreo], set targets for exports and…")
    assert snippet(text, search_terms("gross"), mark=("<b>", "</b>"), size=4) == (
        "…with Jürgen <b>Groß</b> as…")
    assert snippet("Querétaro", search_terms("xyz")) == "Querétaro"
    assert snippet("", search_terms("x")) == ""
