"""Browsing tables in SQL: filters, facets, sort, and any text the user types."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mxdesk.core.browse import CLUSTERS, POLICIES, TABLES, Browse, TableSpec
from mxdesk.core.directory import Directory
from mxdesk.core.search import fts_query
from tests.conftest import fuzz_examples


def test_counts_and_totals(directory: Directory) -> None:
    browse = Browse(CLUSTERS)
    assert browse.count(directory) == browse.total(directory) == 98
    assert browse.describe(6, 98) == "6 of 98 clusters"
    assert browse.describe(1, 1) == "1 of 1 cluster"


def test_facets_are_disjunctive_within_and_conjunctive_across(directory: Directory) -> None:
    browse = Browse(CLUSTERS, selected={"State": {"Jalisco", "Querétaro"}})
    assert browse.count(directory) == 13
    counts = dict(browse.facet_counts(directory)["State"])
    # The State facet ignores its own ticks, so other states stay offered with their counts.
    assert counts["Nuevo León"] == 14
    browse.selected["Sector"] = {"ICT"}
    ids = {row.id for row in browse.rows(directory, 0, 100)}
    in_states = {r.id for s in ("jalisco", "queretaro") for r in directory.clusters_in_state(s)}
    ict = {r.id for r in directory.clusters_in_sectors(["ict"])}
    assert ids == in_states & ict
    assert len(ids) == 5


@pytest.mark.parametrize("name", list(TABLES))
def test_total_is_one_row_per_record(directory: Directory, name: str) -> None:
    spec = TABLES[name]
    rows, keys = directory.conn.execute(
        f"SELECT count(*), count(DISTINCT key) FROM ({spec.base})").fetchone()
    assert Browse(spec).total(directory) == rows == keys


def test_sort_both_ways(directory: Directory) -> None:
    up = Browse(POLICIES, sort_column=3)
    down = Browse(POLICIES, sort_column=3, descending=True)
    first_up = up.rows(directory, 0, 1)[0]
    last_down = down.rows(directory, up.count(directory) - 1, 1)[0]
    assert first_up == last_down


def test_position_matches_rows(directory: Directory) -> None:
    browse = Browse(CLUSTERS, text="aero")
    rows = browse.rows(directory, 0, 200)
    for n, row in enumerate(rows):
        assert browse.position(directory, row.kind, row.id) == n
    assert browse.position(directory, "cluster", "claut") is None


def _by_name(directory: Directory, spec: TableSpec, text: str) -> list[tuple[str, str]]:
    """The records matching *text*, in name order, worked out the slow way."""
    keys = {row[0] for row in directory.conn.execute(spec.search_keys, {"q": fts_query(text)})}
    rows = directory.conn.execute(f"SELECT key, kind, id, sort_key FROM ({spec.base})")
    return [(kind, rid) for key, kind, rid, _s in sorted(rows, key=lambda r: r[3]) if key in keys]


@pytest.mark.parametrize("name", list(TABLES))
@settings(max_examples=fuzz_examples(60), deadline=None)
@given(text=st.sampled_from(["a", "c", "cl", "de", "in", "aero", "nuevo l", "queretaro",
                             "energia", "mexico", "eu", "p", "x"]) | st.text(max_size=8))
def test_search_in_name_order_pages_through_the_index(directory: Directory, name: str,
                                                      text: str) -> None:
    """Typing uses the index's rowid order; it must list what the slow way lists."""
    spec = TABLES[name]
    expected = _by_name(directory, spec, text) if fts_query(text) else []
    up, down = Browse(spec, text=text), Browse(spec, text=text, descending=True)
    assert up.indexed == down.indexed == bool(fts_query(text))
    if not up.indexed:
        return
    assert up.count(directory) == down.count(directory) == len(expected)
    assert up.ordered_keys(directory) == expected
    assert down.ordered_keys(directory) == expected[::-1]
    paged = [(r.kind, r.id) for n in range(0, len(expected) + 7, 7)
             for r in up.rows(directory, n, 7)]
    assert paged == expected
    for n, key in [*enumerate(expected)][:4] + [*enumerate(expected)][-3:]:
        assert up.position(directory, *key) == n
        assert down.position(directory, *key) == len(expected) - 1 - n
    unlisted = {(r.kind, r.id) for r in Browse(spec).rows(directory, 0, 10_000)} - set(expected)
    for key in sorted(unlisted)[:3]:
        assert up.position(directory, *key) is None
    assert up.position(directory, spec.kinds[0], "no-such-record") is None
    if not expected:
        return
    # Ticking a facet leaves the index's order for the temporary table: same rows.
    everything = {spec.facets[0].title: {v for v, _n in up.facet_counts(directory)[
        spec.facets[0].title]}}
    slow = Browse(spec, text=text, selected=everything)
    assert not slow.indexed
    assert [(r.kind, r.id) for r in slow.rows(directory, 0, 10_000)] == expected


def test_tables_keep_their_own_matches_on_one_connection(directory: Directory) -> None:
    """Two tabs searching on one connection must not read each other's matches."""
    clusters = Browse(CLUSTERS, text="aero", sort_column=1)
    policies = Browse(POLICIES, text="aero", sort_column=1)
    before = [(r.kind, r.id) for r in clusters.rows(directory, 0, 500)]
    assert policies.count(directory) != len(before)
    assert [(r.kind, r.id) for r in clusters.rows(directory, 0, 500)] == before
    assert {r.kind for r in clusters.rows(directory, 0, 500)} == {"cluster"}


def test_punctuation_only_finds_nothing(directory: Directory) -> None:
    assert Browse(CLUSTERS, text='"*(').count(directory) == 0


@pytest.mark.parametrize("name", list(TABLES))
@settings(max_examples=fuzz_examples(150), deadline=None)
@given(text=st.text(max_size=60), facet_value=st.text(max_size=20))
def test_any_text_and_facet_value(directory: Directory, name: str, text: str,
                                  facet_value: str) -> None:
    spec = TABLES[name]
    browse = Browse(spec, text=text, selected={spec.facets[0].title: {facet_value}})
    matching = browse.count(directory)
    assert len(browse.rows(directory, 0, 50)) == min(matching, 50)
    browse.facet_counts(directory)


@pytest.mark.parametrize("name", list(TABLES))
def test_whole_table_in_name_order_finds_places_from_the_index(directory: Directory,
                                                               name: str) -> None:
    spec = TABLES[name]
    up, down = Browse(spec), Browse(spec, descending=True)
    assert up.paged
    assert down.paged
    assert not Browse(spec, sort_column=1).paged
    rows = [(r.kind, r.id) for r in up.rows(directory, 0, 10_000)]
    assert [(r.kind, r.id) for r in down.rows(directory, 0, 10_000)] == rows[::-1]
    for n, key in [*enumerate(rows)][:3] + [*enumerate(rows)][-2:]:
        assert up.position(directory, *key) == n
        assert down.position(directory, *key) == len(rows) - 1 - n
    assert up.position(directory, spec.kinds[0], "no-such-record") is None
