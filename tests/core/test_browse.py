"""Browsing tables in SQL: filters, facets, sort, and any text the user types."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mxdesk.core.browse import CLUSTERS, POLICIES, TABLES, Browse
from mxdesk.core.directory import Directory
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
