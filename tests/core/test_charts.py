"""core/charts.py: only comparable figures share an axis; each bar says what the briefing says."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mxdesk.core.charts import Chart, charts_of, common_scales, known_names, shown_value
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


def _axis(f: Fact) -> tuple[object, ...]:
    """What figures must share to share an axis: unit and year; without a year, the footnote
    and the document too (printed together)."""
    return (f.unit, f.when()) if f.when() else (f.unit, "", f.printed, f.source_id)


@settings(max_examples=300, deadline=None)
@given(st.lists(facts, max_size=14))
def test_only_comparable_figures_share_an_axis(given_facts: list[Fact]) -> None:
    rows = [FactRow(f) for f in given_facts]
    for chart in charts_of(rows):
        assert len(chart.bars) >= 2
        # Each bar is one of the figures (several may look alike: any of them), and one
        # axis holds a figure of every bar.
        shared: set[tuple[object, ...]] | None = None
        for bar in chart.bars:
            match = {_axis(f) for f in given_facts if f.source_ids == bar.source_ids
                     and f.value == bar.value and f.unit == chart.unit
                     and f.qualifier == bar.qualifier}
            assert match, bar
            shared = match if shared is None else shared & match
        assert shared, chart
        if chart.unit.startswith("rank"):
            assert chart.dots
            assert "of " in chart.unit  # a rank without "of N" never charts


def test_years_and_units_never_mix() -> None:
    rows = [FactRow(Fact("GDP: a", "fn1", 1.0, unit="%", year=2016)),
            FactRow(Fact("GDP: b", "fn1", 2.0, unit="%", year=2017)),
            FactRow(Fact("GDP: c", "fn1", 3.0, unit="billion EUR", year=2016)),
            FactRow(Fact("GDP: d", "fn1", 4.0, unit="%", year=2016))]
    (chart,) = charts_of(rows)
    assert [b.label for b in chart.bars] == ["A", "D"]
    assert (chart.unit, chart.when) == ("%", "2016")


def test_shares_of_different_wholes_never_share_an_axis() -> None:
    """A percentage is a part of a whole its label names: 3% of total GDP and 18% of
    manufacturing GDP are not drawn as if 18 were six times 3 of one thing."""
    def pct(label: str, value: float) -> FactRow:
        return FactRow(Fact(label, "fn1", value, unit="%", year=2016))

    assert charts_of([pct("Share of Mexico's total GDP", 3),
                      pct("Share of Mexico's manufacturing GDP", 18)]) == ()
    assert charts_of([pct("Steel share of total GDP", 3),
                      pct("Steel share of manufacturing GDP", 18)]) == ()
    # Shares of one whole, by "Share of …: part" or "Whole: part", do.
    (chart,) = charts_of([pct("Share of exports: machinery", 25),
                          pct("Share of exports: steel", 12)])
    assert [b.label for b in chart.bars] == ["Machinery", "Steel"]
    (chart,) = charts_of([pct("Installed capacity: wind", 5), pct("Installed capacity: sun", 1)])
    assert len(chart.bars) == 2
    # A share and a growth rate never meet; an annual rate meets only annual rates.
    assert charts_of([pct("Share of exports: machinery", 25),
                      pct("Growth of exports of machinery", 12)]) == ()
    assert charts_of([pct("Growth of the IT industry", 2),
                      pct("Average annual growth rate of cloud services", 29)]) == ()
    (chart,) = charts_of([pct("Growth of aerospace GDP", 54),
                          pct("Increase in value of aerospace production", 60)])
    assert len(chart.bars) == 2


def test_automotive_shares_of_total_and_manufacturing_gdp_are_not_one_chart(
        directory: Directory) -> None:
    rows = details(directory, directory.sector("automotive")).facts
    for chart in charts_of(rows, known_names(directory)):
        assert not {"3%", "18%"} <= {b.shown for b in chart.bars}, chart.heading
        assert "GDP" not in chart.heading


def test_ranks_of_different_lengths_never_share_an_axis() -> None:
    rows = [FactRow(Fact("Rank: a", "fn1", 3, unit="rank (of 140 countries)", year=2018)),
            FactRow(Fact("Rank: b", "fn1", 9, unit="rank (of 190 countries)", year=2018)),
            FactRow(Fact("Rank: c", "fn1", 4, unit="rank", year=2018)),
            FactRow(Fact("Rank: d", "fn1", 5, unit="rank", year=2018))]
    assert charts_of(rows) == ()
    rows.append(FactRow(Fact("Rank: e", "fn1", 20, unit="rank (of 140 countries)", year=2018)))
    (chart,) = charts_of(rows)
    assert chart.dots
    assert chart.top == 140
    assert [b.label for b in chart.bars] == ["A", "E"]


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
    assert charts[0].heading == "Share of the EU's key exports to Mexico — %, year not stated"
    assert charts[0].bars[0].label == "Machinery and appliances"
    assert charts[0].bars[0].shown == "25.2%"

    i40 = charts_of(details(directory, directory.sector("industry-4-0")).facts)
    by_title = {c.title: c for c in i40}
    states = by_title["i4.0 competitiveness clusters by state (of 35)"]
    assert (states.unit, states.top) == ("of 35 clusters", 35)
    assert [(b.label, b.value) for b in states.bars][:2] == [("Nuevo León", 6), ("Querétaro", 4)]
    assert states.when == "(as printed in April 2018)"
    topics = by_title["i4.0 clusters by topic"]
    assert topics.top == 35
    assert len(topics.bars) == 5


#: Every chart the committed directory draws for a sector or the country: its title line
#: as a person would write it (no "…", no bland "Figures" when the labels say more, the
#: unit said once) and its bars' labels. From the labels' words only.
REAL_TITLES = [
    ("sector", "aerospace",
     "Aerospace GDP and value of aerospace production — million EUR, 2013",
     ["Aerospace GDP", "Value of aerospace production"]),
    ("sector", "aerospace", "Aerospace GDP and exports — billion EUR, 2017", ["GDP", "Exports"]),
    ("sector", "aerospace",
     "Growth of aerospace GDP and increase in value of aerospace production — %, 2013–2017",
     ["Growth of aerospace GDP", "Increase in value of aerospace production (as printed; "
      "€330 million to €531.9 million is 61.2%)"]),
    ("sector", "aerospace", "Share of aerospace firms — %, year not stated",
     ["Manufacturers", "Design and engineering", "MRO services", "Other support entities"]),
    ("sector", "automotive", "Vehicles produced and exported — million vehicles, 2016",
     ["Produced", "Exported"]),
    ("sector", "automotive", "Increase in vehicle production and exports — %, 2016",
     ["Production compared to the previous year", "Exports compared to 2015"]),
    ("sector", "automotive", "Government goal — million vehicles, 2020",
     ["Expected vehicle production", "Expected vehicle production for the domestic market"]),
    ("sector", "automotive",
     "Light-vehicle and heavy-vehicle production plants — plants, year not stated",
     ["Light-vehicle", "Heavy-vehicle"]),
    ("sector", "ict", "States hosting the IT and industrial clusters — states, year not stated",
     ["IT clusters and tech parks", "Industrial clusters specialised in IT and BPO"]),
    ("sector", "industry-4-0",
     "i4.0 clusters by topic — clusters of 35, as printed in April 2018",
     ["Technology research, development and transference", "Digital factories",
      "Automation integration, movement and control", "Industrial supply",
      "Energy efficiency"]),
    ("sector", "industry-4-0",
     "i4.0 competitiveness clusters by state — clusters of 35, as printed in April 2018",
     ["Nuevo León", "Querétaro", "Baja California", "Chihuahua", "Jalisco", "Aguascalientes",
      "Puebla"]),
    ("sector", "industry-4-0", "i4.0 clusters by sector — clusters, as printed in April 2018",
     ["Information Technology", "Automotive", "Metal-mechanic", "Aerospace", "Electronics"]),
    ("sector", "renewable-energy", "Installed capacity — %, year not stated",
     ["Large-scale hydroelectric dams", "Wind power (printed 'winder power')",
      "Geothermal energy", "Biomass", "Solar energy"]),
    ("country", "mexico", "Share of the EU's key exports to Mexico — %, year not stated",
     ["Machinery and appliances", "Transport equipment", "Mineral products",
      "Optical and photographic instruments", "Products of the chemical or allied industries"]),
    ("country", "mexico", "Share of the EU's key imports from Mexico — %, year not stated",
     ["Machinery and appliances", "Transport equipment",
      "Products of the chemical or allied industries", "Base metals and articles thereof",
      "Plastics, rubber and articles thereof"]),
    ("country", "mexico", "EU–Mexico FDI balance — billion EUR, 2016",
     ["EU investment in Mexico", "Mexico's investment in the EU"]),
    ("country", "mexico", "Share of accrued FDI — %, 1999–2017",
     ["Manufacturing industries", "Financial and insurance services", "Trade", "Mining",
      "Information on mass media"]),
]


def _real_charts(directory: Directory) -> list[tuple[str, str, str, list[str]]]:
    known = known_names(directory)
    out = []
    for kind in ("sector", "country"):
        for ref in directory.all_refs(kind):
            record = directory.sector(ref.id) if kind == "sector" else directory.country(ref.id)
            for section in details(directory, record).sections_in("pane"):
                if isinstance(section.body, Figures):
                    out += [(kind, ref.id, c.heading, [b.label for b in c.bars])
                            for c in charts_of(section.body.rows, known)]
    return out


#: Every title line: "<what> — <unit>, <date>", the what a phrase (no colon at its end, no
#: bracket left open), the unit and the date after one dash.
TITLE_LINE = re.compile(r"^(?P<what>[^—]+[^\s:(]) — (?P<unit>[^,—]+), (?P<when>[^,—]+)$")


def test_titles_of_the_real_charts(directory: Directory) -> None:
    made = _real_charts(directory)
    assert made == [tuple(row) for row in REAL_TITLES]
    assert not any("…" in heading or heading.startswith(("Figures", "Other figures"))
                   for _, _, heading, _ in made)


def test_every_real_title_says_what_unit_and_date_in_one_format(directory: Directory) -> None:
    for _, _, heading, _ in _real_charts(directory):
        found = TITLE_LINE.match(heading)
        assert found, heading
        assert not found["what"].endswith(":"), heading
        assert found["unit"].strip(), heading


@pytest.mark.parametrize(("labels", "known", "title"), [
    # What varies is a state or a sector the directory knows: "<shared start> by <it>".
    (["Firms working in Jalisco", "Firms working in Puebla"], {"jalisco": "state",
                                                                "puebla": "state"},
     "Firms by state"),
    (["Firms working in Jalisco", "Firms working in Puebla"], {},
     "Firms working in Jalisco and Puebla"),
    # No fragment ("Firms working:"): the labels listed instead.
    (["Firms working in the north of Jalisco", "Firms working in all of Puebla state"], {},
     "Firms working in the north of Jalisco and firms working in all of Puebla state"),
    # Labels one word apart, then a participle ("Increase in vehicle (%, 2016):" before).
    (["Increase in vehicle production compared to the previous year",
      "Increase in vehicle exports compared to 2015"], {},
     "Increase in vehicle production and exports"),
    (["States hosting the IT clusters and tech parks",
      "States hosting the industrial clusters specialised in IT and BPO"], {},
     "States hosting the IT and industrial clusters"),
    (["Jobs of the aerospace sector", "Jobs of the automotive sector"], {}, "Jobs by sector"),
    # Nothing shared: two labels listed; many: the bland title.
    (["Alpha one", "Beta two"], {}, "Alpha one and beta two"),
    (["Alpha one", "Puebla two"], {"puebla": "state"}, "Alpha one and Puebla two"),
    (["Alpha one", "Beta two", "Gamma three", "Delta four"], {}, "Figures"),
])
def test_a_title_says_what_varies(labels: list[str], known: dict[str, str],
                                  title: str) -> None:
    rows = [FactRow(Fact(x, "fn1", n + 1, unit="firms", year=2016))
            for n, x in enumerate(labels)]
    (chart,) = charts_of(rows, known)
    assert chart.title == title


def test_every_heading_says_unit_and_date_in_one_format() -> None:
    chart = Chart("i4.0 clusters by topic", "of 35 clusters", "(as printed in April 2018)",
                  ())
    assert chart.heading == ("i4.0 clusters by topic — clusters of 35, as printed in April "
                             "2018")
    other = Chart("i4.0 clusters by state (of 35)", "of 35 clusters", "2018", ())
    assert other.heading == "i4.0 clusters by state — clusters of 35, 2018"
    plants = Chart("Light-vehicle and heavy-vehicle production plants", "plants",
                   "(year not stated)", ())
    assert plants.heading == ("Light-vehicle and heavy-vehicle production plants — plants, "
                              "year not stated")
    ranks = Chart("Index", "rank (of 140 countries)", "2018", (), dots=True)
    assert ranks.heading == "Index — rank of 140 countries; 1 is best, 2018"


def test_no_title_from_the_labels_falls_back_on_the_record() -> None:
    rows = [FactRow(Fact(x, "fn1", n + 1, unit="firms", year=2016)) for n, x in
            enumerate(["Alpha one", "Beta two", "Gamma three", "Delta four"])]
    (chart,) = charts_of(rows, {}, "Automotive")
    assert chart.heading == "Automotive figures — firms, 2016"


def test_text_alternative_names_every_bar() -> None:
    chart = Chart("T", "%", "2016", ())
    assert chart.text() == "T — %, 2016: ."
    rows = [FactRow(Fact("S: a", "fn1", 1, unit="%", year=2016)),
            FactRow(Fact("S: b", "fn2", 2, unit="%", year=2016), RecordRef("state", "x", "X"))]
    made = charts_of(rows)[0].marked({"fn1": "[1]", "fn2": "[2]"})
    assert made.text() == "S — %, 2016: A 1% [1]; B 2% [2]."


def test_charts_of_one_unit_on_a_page_share_a_scale(directory: Directory) -> None:
    """Issue 19's second trial: Automotive's 2020 goal (5 million vehicles) was drawn to its
    own scale, shorter than 2016's 3.47 million produced. Charts of one unit on a page share
    the scale of the largest value among them; a unit one chart alone uses keeps its own."""
    shown = details(directory, directory.sector("automotive"))
    rows = [r for s in shown.sections_in("pane") if isinstance(s.body, Figures)
            for r in s.body.rows]
    charts = {c.heading: c for c in common_scales(charts_of(rows, known_names(directory),
                                                             shown.title))}
    produced = charts["Vehicles produced and exported — million vehicles, 2016"]
    goal = charts["Government goal — million vehicles, 2020"]
    assert produced.scale == goal.scale == (0.0, 5.0)
    assert charts["Light-vehicle and heavy-vehicle production plants — plants, "
                  "year not stated"].scale is None
    # "of 35" and ranks keep the end their unit gives, even when two charts share it.
    whole = Chart("A", "of 35 clusters", "2018", (), top=35.0)
    assert [c.scale for c in common_scales([whole, whole])] == [None, None]
