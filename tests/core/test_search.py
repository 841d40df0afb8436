"""Full-text search: accent-free, prefix matching, and safe against any input."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mxdesk.core.directory import Directory
from mxdesk.core.search import MAX_TERMS, fts_query, search
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


@settings(max_examples=fuzz_examples(2000), deadline=None)
@given(st.text())
def test_fts_query_yields_only_quoted_terms(text: str) -> None:
    query = fts_query(text)
    for term in query.split(" AND ") if query else []:
        assert _TERM.fullmatch(term), (text, query)


@settings(max_examples=fuzz_examples(1000), deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_search_never_raises_on_any_text(directory: Directory, text: str) -> None:
    hits = search(directory, text, limit=5)
    assert len(hits) <= 5
