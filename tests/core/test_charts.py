"""core/charts.py: only comparable figures share an axis; each bar says what the briefing says."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mxdesk.core.charts import Chart, charts_of, shown_value
from mxdesk.core.details import FactRow, Figures, details
from mxdesk.core.directory import Directory
from mxdesk.core.records import Fact, RecordRef

UNITS = ["%", "billion EUR", "clusters", "rank (of 140 countries)", "rank (of 35 x)", "rank",
         "of 35 clusters"]
LABELS = ["Share of exports: machinery", "Share of exports: steel", "Share of imports: oil",
          "Figure alpha", "Figure beta (same thing)", "Figure gamma (same thing)",
          "i4.0 clusters in the IT sector", "i4.0 clusters in the car sector"]

facts = st.builds(
    Fact, label=st.sampled_from(LABELS), source_id=st.sampled_from(["fn1", "fn2"]),
    value=st.floats(-50, 5000, allow_nan=False), unit=st.sampled_from(UNITS),
    year=st.sampled_from([None, 2016, 2017]),
    period=st.sampled_from([None, None, "1999–2017"]),
    qualifier=st.sampled_from([None, "more than", "around", "up to", "expected"]),
    printed=st.sampled_from([None, "April 2018"]))


def _same_axis(a: Fact, b: Fact) -> bool:
    if a.unit != b.unit or a.when() != b.when():
        return False
    # Without a year, only figures printed together (one footnote, one document).
    return bool(a.when()) or (a.printed, a.source_id) == (b.printed, b.source_id)


@settings(max_examples=300, deadline=None)
@given(st.lists(facts, max_size=14))
def test_only_comparable_figures_share_an_axis(given_facts: list[Fact]) -> None:
    rows = [FactRow(f) for f in given_facts]
    by_bar: dict[int, Fact] = {}
    for chart in charts_of(rows):
        assert len(chart.bars) >= 2
        # Each bar is one of the figures, and every figure of a chart shares its axis.
        members = []
        for bar in chart.bars:
            match = [f for f in given_facts if f.source_ids == bar.source_ids
                     and f.value == bar.value and f.unit == chart.unit
                     and f.qualifier == bar.qualifier]
            assert match, bar
            members.append(match[0])
        first = members[0]
        assert all(_same_axis(first, other) for other in members), chart
        if chart.unit.startswith("rank"):
            assert chart.dots and "of " in chart.unit  # an "of N"-less rank never charts
        by_bar.update((id(b), f) for b, f in zip(chart.bars, members, strict=True))


def test_years_and_units_never_mix() -> None:
    rows = [FactRow(Fact("GDP: a", "fn1", 1.0, unit="%", year=2016)),
            FactRow(Fact("GDP: b", "fn1", 2.0, unit="%", year=2017)),
            FactRow(Fact("GDP: c", "fn1", 3.0, unit="billion EUR", year=2016)),
            FactRow(Fact("GDP: d", "fn1", 4.0, unit="%", year=2016))]
    (chart,) = charts_of(rows)
    assert [b.label for b in chart.bars] == ["A", "D"]
    assert (chart.unit, chart.when) == ("%", "2016")


def test_ranks_of_different_lengths_never_share_an_axis() -> None:
    rows = [FactRow(Fact("Rank: a", "fn1", 3, unit="rank (of 140 countries)", year=2018)),
            FactRow(Fact("Rank: b", "fn1", 9, unit="rank (of 190 countries)", year=2018)),
            FactRow(Fact("Rank: c", "fn1", 4, unit="rank", year=2018)),
            FactRow(Fact("Rank: d", "fn1", 5, unit="rank", year=2018))]
    assert charts_of(rows) == ()
    rows.append(FactRow(Fact("Rank: e", "fn1", 20, unit="rank (of 140 countries)", year=2018)))
    (chart,) = charts_of(rows)
    assert chart.dots and chart.top == 140 and [b.label for b in chart.bars] == ["A", "E"]


@pytest.mark.parametrize(("qualifier", "unit", "shown", "reach"), [
    ("more than", "direct jobs", "> 35,000", "open"),
    ("over", "%", "> 35,000%", "open"),
    ("at least", "million EUR", "≥ €35,000 million", "open"),
    ("around", "%", "≈ 35,000%", "about"),
    ("approximately", "clusters", "≈ 35,000", "about"),
    ("up to", "%", "≤ 35,000%", "ceiling"),
    (None, "rank (of 140 countries)", "#35,000", "exact"),
])
def test_a_qualified_figure_is_drawn_as_such(qualifier: str | None, unit: str, shown: str,
                                             reach: str) -> None:
    fact = Fact("Jobs: a", "fn1", 35000, unit=unit, qualifier=qualifier)
    assert shown_value(fact) == shown
    (chart,) = charts_of([FactRow(fact), FactRow(Fact("Jobs: b", "fn1", 1, unit=unit))])
    assert (chart.bars[0].shown, chart.bars[0].reach) == (shown, reach)


def test_expected_is_said_in_the_label() -> None:
    rows = [FactRow(Fact("Output: cars", "fn1", 5, unit="units", year=2020,
                         qualifier="expected")),
            FactRow(Fact("Output: trucks", "fn1", 2, unit="units", year=2020))]
    assert [b.label for b in charts_of(rows)[0].bars] == ["Cars (expected)", "Trucks"]


def test_mexico_sectors_and_industry_4_0(directory: Directory) -> None:
    country = details(directory, directory.country("mexico"))
    trade = next(s for s in country.sections if s.heading == "Trade with the EU")
    assert isinstance(trade.body, Figures)
    charts = charts_of(trade.body.rows)
    assert [c.title for c in charts] == ["Share of the EU's key exports to Mexico",
                                         "Share of the EU's key imports from Mexico"]
    assert charts[0].heading == "Share of the EU's key exports to Mexico — % (year not stated)"
    assert charts[0].bars[0].label == "Machinery and appliances"
    assert charts[0].bars[0].shown == "25.2%"

    i40 = charts_of(details(directory, directory.sector("industry-4-0")).facts)
    by_title = {c.title: c for c in i40}
    states = by_title["i4.0 competitiveness clusters in the state (of 35)"]
    assert [(b.label, b.value) for b in states.bars][:2] == [("Nuevo León", 6), ("Querétaro", 4)]
    assert states.when == "(as printed in April 2018)"
    topics = by_title["i4.0 clusters working on …"]
    assert topics.top == 35 and len(topics.bars) == 5
    assert topics.heading.startswith("i4.0 clusters working on … — clusters (of 35)")
    assert "i4.0 clusters in the … sector" in by_title


def test_text_alternative_names_every_bar() -> None:
    chart = Chart("T", "%", "2016", ())
    assert chart.text() == "T — %, 2016: ."
    rows = [FactRow(Fact("S: a", "fn1", 1, unit="%", year=2016)),
            FactRow(Fact("S: b", "fn2", 2, unit="%", year=2016), RecordRef("state", "x", "X"))]
    made = charts_of(rows)[0].marked({"fn1": "[1]", "fn2": "[2]"})
    assert made.text() == "S — %, 2016: A 1% [1]; B 2% [2]."
