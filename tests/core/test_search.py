"""Full-text search: accent-free, prefix matching, and safe against any input."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mxdesk.core.directory import Directory
from mxdesk.core.search import MAX_TERMS, fts_query, matching_ids, search, search_counts
from tests.conftest import fuzz_examples


def _ids(directory: Directory, text: str, kind: str | None = "cluster") -> set[str]:
    return {hit.id for hit in search(directory, text, kind, limit=None)}  # type: ignore[arg-type]


def _clusters_in(directory: Directory, state_id: str) -> set[str]:
    return {ref.id for ref in directory.clusters_in_state(state_id)}


@pytest.mark.parametrize(("query", "state_id"), [
    ("queretaro", "queretaro"),
    ("Querétaro", "queretaro"),
    ("QUERETARO", "queretaro"),
    ("nuevo leon", "nuevo-leon"),
    ("Nuevo León", "nuevo-leon"),
    ("san luis potosi", "san-luis-potosi"),
    ("yucatan", "yucatan"),
])
def test_state_names_find_every_cluster_of_the_state(
    directory: Directory, query: str, state_id: str,
) -> None:
    in_state = _clusters_in(directory, state_id)
    found = _ids(directory, query)
    assert in_state, state_id
    assert in_state <= found


def test_queretaro_finds_only_queretaro_clusters_first(directory: Directory) -> None:
    hits = search(directory, "queretaro", "cluster", limit=None)
    in_state = _clusters_in(directory, "queretaro")
    # Clusters located in the state rank before those that only mention it.
    top = {hit.id for hit in hits[: len(in_state)]}
    assert top == in_state


@pytest.mark.parametrize(("query", "expected"), [
    ("CLAUGTO", "claugto"),
    ("claugto", "claugto"),
    ("csoftmty", "csoftmty"),
    ("Consejo para el Desarrollo de la Industria de Software", "csoftmty"),
    ("IJALTI", "ijalti"),
    ("mentefactura", "mentefactura"),
    ("Jalisco Information Technology Cluster", "ijalti"),
    ("IT@Baja", "it-baja"),
    ("itbaja", "it-baja"),
    ("xqzv", None),
    ("aerocluster quer", "aerocluster-queretaro"),
    ("Guanajuato Auto Cluster", "claugto"),
    ("clusmin", "clusmin"),
    ("Cluster Minero", "clusmin"),
])
def test_names_aliases_and_acronyms_find_the_cluster(
    directory: Directory, query: str, expected: str | None,
) -> None:
    found = _ids(directory, query)
    if expected is None:
        assert found == set()
    else:
        assert expected in found


@pytest.mark.parametrize(("query", "kind", "expected"), [
    ("energia", "cluster", "cluster-energia-coahuila"),
    ("energía", "cluster", "cluster-energetico-tamaulipas"),
    ("aeroespacial", "cluster", "cluster-aeroespacial-sonora"),
    ("pro aereo", "policy", "pro-aereo"),
    ("INNOVAPYME", "policy", "innovapyme"),
    ("PECITI", "policy", "peciti"),
    ("horizon 2020", "policy", "horizon-2020"),
    ("geothermal", "programme", "gemex"),
    ("GEO-ENERGY", "partnership", "geo-energy-europe"),
])
def test_search_across_kinds(directory: Directory, query: str, kind: str | None,
                             expected: str) -> None:
    assert expected in _ids(directory, query, kind)


@pytest.mark.parametrize("query", [
    '"', '""', "*", "AND (", "NEAR(", "-", ":", "OR", "NOT", "a OR b", "col:val", "^start",
    "(", ")", "'", "\\", "\x00", "\u200f\u05e9\u05dc\u05d5\u05dd", "Ω" * 10_000, "🙂",
    "queretaro*", '"nuevo leon"', "-aero", "a" * 100,
])
def test_fts_syntax_never_raises(directory: Directory, query: str) -> None:
    search(directory, query)


def test_prefix_and_conjunction(directory: Directory) -> None:
    both = _ids(directory, "auto guanaj")
    assert "claugto" in both
    assert both <= _ids(directory, "auto")


def test_empty_query_finds_nothing(directory: Directory) -> None:
    assert search(directory, "   ") == []
    assert fts_query("¿?!") == ""


def test_fts_query_is_bounded() -> None:
    query = fts_query(" ".join(f"w{n}" for n in range(1000)))
    assert query.count('"*') == MAX_TERMS


_TERM = re.compile(r'"[^"*()]+"\*?|\("[^"*()]+"\*? OR "[^"*()]+"\*?\)')


@settings(max_examples=fuzz_examples(2000), deadline=None, derandomize=True)
@given(st.text())
def test_fts_query_yields_only_quoted_terms(text: str) -> None:
    query = fts_query(text)
    for term in query.split(" AND ") if query else []:
        assert _TERM.fullmatch(term), (text, query)


@settings(max_examples=fuzz_examples(1000), deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_search_never_raises_on_any_text(directory: Directory, text: str) -> None:
    query = fts_query(text)
    if query:  # SQLite itself accepts the query against the real index
        directory.conn.execute("SELECT count(*) FROM search WHERE search MATCH ?",
                               [query]).fetchone()
    hits = search(directory, text, limit=5)
    assert len(hits) <= 5


# -- one folding for the index and the query (issue 13) ------------------------------------

#: (query, kind, a record it must find): each failed before the index and the query were
#: folded by the same function.
FOLDING_CASES = [
    ("Quere\u0301taro", "state", "queretaro"),  # typed decomposed (NFD), exactly
    ("QUERE\u0301TARO", "cluster", "cluster-automotriz-queretaro"),
    ("Estado de Me\u0301xico", "state", "estado-de-mexico"),
    ("ProAéreo", "policy", "pro-aereo"),  # written "Pro-Aéreo"
    ("proaereo", "policy", "pro-aereo"),
    ("Chihuahuas", "cluster", "chihuahua-aerospace-cluster"),  # written "Chihuahua’s"
]


@pytest.mark.parametrize(("query", "kind", "expected"), FOLDING_CASES)
def test_one_folding_finds_the_record(directory: Directory, query: str, kind: str,
                                      expected: str) -> None:
    assert expected in _ids(directory, query, kind)


def _written(directory: Directory, pattern: str) -> set[tuple[str, str]]:
    """The records whose indexed text, as written, matches the regular expression."""
    rows = directory.conn.execute(
        "SELECT s.kind, s.record_id, t.name || ' ' || t.aliases || ' ' || t.place || ' ' || "
        "t.body FROM search s JOIN display_text t ON t.rowid = s.rowid").fetchall()
    return {(kind, rid) for kind, rid, text in rows if re.search(pattern, text)}


@pytest.mark.parametrize(("query", "pattern"), [
    ("A.C.", r"\bA\. ?C\b"),  # before: every record with a word in a... and c...
    ("a.c", r"\bA\. ?C\b"),
    ("R&D", r"\bR ?& ?D\b"),
    ("S&T", r"\bS ?& ?T\b"),
])
def test_an_abbreviation_finds_exactly_the_records_that_write_it(
    directory: Directory, query: str, pattern: str,
) -> None:
    found = {(hit.kind, hit.id) for hit in search(directory, query, limit=None)}
    assert found == _written(directory, pattern)
    assert found


@pytest.mark.parametrize(("query", "kind", "name", "marked"), [
    ("Pro-Aéreo", "policy", "Pro-Aéreo 2012-2020", "[Pro-Aéreo] 2012-2020"),
    ("proaereo", "policy", "Pro-Aéreo 2012-2020", "[Pro-Aéreo] 2012-2020"),
    ("Quere\u0301taro", "state", "Querétaro", "[Querétaro]"),
    ("a.c. poblano", "cluster", "Consejo Agropecuario Poblano A.C.",
     "Consejo Agropecuario [Poblano] [A.C.]"),
])
def test_hits_show_the_text_as_written_with_the_matches_marked(
    directory: Directory, query: str, kind: str, name: str, marked: str,
) -> None:
    hit = search(directory, query, kind, limit=1)[0]
    assert (hit.name, hit.snippet) == (name, marked)


def test_search_counts_and_per_kind(directory: Directory) -> None:
    every = search(directory, "cluster", limit=None)
    counts = search_counts(directory, "cluster")
    assert counts == {kind: sum(1 for h in every if h.kind == kind) for kind in counts}
    few = search(directory, "cluster", limit=None, per_kind=2)
    assert {kind: sum(1 for h in few if h.kind == kind) for kind in counts} == {
        kind: min(2, n) for kind, n in counts.items()}
    for kind in counts:
        assert [h for h in few if h.kind == kind] == [h for h in every if h.kind == kind][:2]
    assert matching_ids(directory, "cluster", "sector") == [
        h.id for h in every if h.kind == "sector"]
