"""core/details.py: one record's layout (fields, sections, sources), built without Qt."""

from __future__ import annotations

import datetime as dt

import pytest

from mxdesk.core import details as details_module
from mxdesk.core.details import (
    Aliases,
    Bullets,
    Citations,
    Details,
    Field,
    LabelStatus,
    Links,
    Listed,
    Place,
    Plain,
    RecordList,
    RelatedLists,
    View,
    WebLink,
    details,
)
from mxdesk.core.directory import Directory
from mxdesk.core.records import RecordRef, Source

DAY = dt.date(2026, 11, 29)


def _labels(fields: tuple[Field, ...]) -> list[str]:
    return [f.label for f in fields]


def _headings(record: Details, view: View) -> list[str]:
    return [s.heading for s in record.sections_in(view)]


def test_a_cluster_has_its_fields_in_order_and_each_view_its_own(directory: Directory) -> None:
    claut = details(directory, directory.cluster("claut"), DAY)
    assert (claut.kind, claut.id, claut.title, claut.subtitle) == (
        "cluster", "claut", "Cluster Automotriz de Nuevo León", "Cluster organisation · CLAUT")
    assert claut.long_title == "CLAUT — Cluster Automotriz de Nuevo León"
    nuevo_leon = RecordRef("state", "nuevo-leon", "Nuevo León")
    # No "Founded": an empty field is left out.
    assert claut.fields_in("pane") == (
        Field("Also known as", Aliases(("CLAUT", "Nuevo León Auto Cluster",
                                        "Nuevo León Auto Cluster (CLAUT)",
                                        "Cluster Automotriz de Nuevo León (CLAUT)"))),
        Field("State", Place(nuevo_leon, "Norte")),
        Field("Sectors", RecordList((RecordRef("sector", "automotive", "Automotive"),
                                     RecordRef("sector", "transportation", "Transportation")),
                                    2)),
        Field("Legal form", "non-profit organisation"),
        Field("Quality label", LabelStatus(
            "Gold label (Transportation and mobility), valid until 2019-06-23 — expired (checked "
            "2026-11-29)", valid=False, source_id="fn68")),
        Field("Website", WebLink("www.claut.com.mx/home")),
    )
    assert _labels(claut.fields_in("text")) == [
        "Kind", "Id", "Also known as", "State", "Sectors", "Legal form", "Quality label",
        "Website"]
    # The pane shows the figures before the lists and links related records; the text
    # lists the figures last.
    assert _headings(claut, "pane") == ["Key figures", "Strategic partners", "Related",
                                        "Listed in the briefing"]
    assert _headings(claut, "text") == ["Strategic partners", "Listed in the briefing",
                                        "Key figures"]
    assert [row.fact.label for row in claut.facts] == ["Members", "Work groups", "Committees",
                                                       "Subcommittees"]
    listed = claut.sections_in("text")[1].body
    assert isinstance(listed, Bullets)
    assert listed.items[0] == Listed("Table 2 (ECEI quality labels)", "CLAUT",
                                     "Transportation and mobility")


def test_a_label_is_valid_or_expired_on_the_day_asked(directory: Directory) -> None:
    before = details(directory, directory.cluster("claut"), dt.date(2019, 1, 1))
    label = next(f.value for f in before.fields if f.label == "Quality label")
    assert isinstance(label, LabelStatus)
    assert label.valid
    assert label.text.endswith("— valid (checked 2019-01-01)")


def test_sources_are_the_records_then_its_figures_then_its_labels(directory: Directory) -> None:
    claut = details(directory, directory.cluster("claut"), DAY)
    assert [s.id for s in claut.sources] == ["fn68", "fn74", "fn146", "briefing-section-3-2",
                                             "briefing-table-2", "briefing-table-6"]
    assert claut.more_sources == ()


def test_related_lists_leave_out_the_record_itself(directory: Directory) -> None:
    claut = details(directory, directory.cluster("claut"), DAY)
    related = claut.sections_in("pane")[2].body
    assert isinstance(related, RelatedLists)
    labels = [label for label, _refs in related.lists]
    assert labels == ["Policies touching Automotive, Transportation",
                      "Other clusters in Nuevo León", "Other clusters in the same sectors",
                      "EU cooperation in these sectors"]
    in_state = related.lists[1][1]
    assert "claut" not in [r.id for r in in_state.refs]
    assert in_state.total == directory.count_clusters_in_state("nuevo-leon") - 1
    assert in_state.everything == RecordRef("state", "nuevo-leon", "")


def test_a_state_lists_its_clusters_as_far_as_asked(directory: Directory,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(details_module, "LINK_LIMIT", 3)
    state = directory.state("nuevo-leon")
    count = directory.count_clusters_in_state("nuevo-leon")
    pane = details(directory, state, DAY)
    assert _labels(pane.fields_in("pane")) == ["Also known as", "Region",
                                               "Formally organised clusters", "Website"]
    assert pane.fields_in("pane")[1] == Field("Region", Plain("Norte"))
    assert _headings(pane, "pane") == [
        f"Clusters in Nuevo León ({count})", "State cluster policy", "Figures about this state",
        "Named among the top locations of"]
    assert _headings(pane, "text") == ["Clusters", "State policies", "Figures about this state",
                                       "Named among the top locations of"]
    shown = pane.sections_in("pane")[0].body
    assert isinstance(shown, Links)
    assert (len(shown.records.refs), shown.records.total) == (4, count)
    whole = details(directory, state, DAY, whole_lists=True)
    listed = whole.sections_in("text")[0].body
    assert isinstance(listed, Bullets)
    assert listed.items == directory.clusters_in_state("nuevo-leon")
    # Figures about the state and Tables 3 and 4 cite sources the state does not list.
    assert [s.id for s in pane.sources] == ["fn146", "briefing-table-6", "region-convention"]
    assert [s.id for s in pane.more_sources] == ["i40-brief", "fn73", "fn93"]


def test_a_partnership_says_its_generation_in_each_views_words(directory: Directory) -> None:
    record = details(directory, directory.partnership("eacp-abroad"))
    assert [(f.label, f.value) for f in record.fields_in("text")] == [
        ("Kind", "partnership"), ("Id", "eacp-abroad"), ("Acronym", "EACP ABROAD"),
        ("Generation", "first"), ("Sector", "Aerospace Vehicles and Defence")]
    assert [(f.label, f.value) for f in record.fields_in("pane")][1:3] == [
        ("Generation", Plain("First generation ESCP-4i")),
        ("Sector", "Aerospace Vehicles and Defence")]
    assert _headings(record, "pane") == ["Related"]
    assert _headings(record, "text") == []


def test_citations_are_numbered_in_the_order_first_cited() -> None:
    citations = Citations()
    assert [citations.number(i) for i in ("b", "a", "b", "c")] == [1, 2, 1, 3]
    a, b = Source("a", "doc", "A"), Source("b", "doc", "B")
    # "c" is not among the sources given: the list skips it.
    assert citations.listed([a, b]) == [(1, b), (2, a)]
