"""The country ("Mexico at a glance") and companies read from the directory and laid out
(issue 16): their records, the cross-links from sectors and states, the websites of states and
policies, and the facts about a state that any record holds. No Qt."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator

import pytest

from mxdesk.core import paths
from mxdesk.core.build import build
from mxdesk.core.details import (
    CONCLUSIONS,
    KEY_FIGURES,
    NOT_STATED,
    Aliases,
    Bullets,
    Cited,
    Field,
    Figures,
    Plain,
    RecordList,
    RelatedLists,
    Unstated,
    WebLink,
    details,
)
from mxdesk.core.directory import Directory
from mxdesk.core.record_text import record_data, text_profile
from mxdesk.core.records import Company, Conclusion, Country, Fact, RecordRef

DAY = dt.date(2026, 11, 29)
TOPICS = ["Economy", "Competitiveness and business climate", "Exports", "Trade with the EU",
          "Investment", "Trade agreements and memberships", "Research and innovation",
          "Cluster mapping"]


def test_the_country_record(directory: Directory) -> None:
    mexico = directory.country("mexico")
    assert isinstance(mexico, Country)
    assert directory.get("country", "mexico") == mexico
    assert (mexico.name, mexico.aliases) == ("Mexico", ())
    assert len(mexico.facts) == 54
    assert list(dict.fromkeys(f.topic for f in mexico.facts)) == TOPICS
    assert len(mexico.conclusions) == 8
    assert mexico.conclusions[0] == Conclusion(mexico.conclusions[0].text, "briefing-section-5")
    assert "fn1" in mexico.source_ids
    gdp = next(f for f in mexico.facts if f.label == "GDP per capita")
    assert (gdp.value, gdp.unit, gdp.year, gdp.display_value()) == (7800, "EUR", 2017, "7,800 EUR")


def test_a_company_record(directory: Directory) -> None:
    bombardier = directory.company("bombardier")
    assert isinstance(bombardier, Company)
    assert bombardier.origin == "Canada"
    assert bombardier.sectors == (RecordRef("sector", "aerospace", "Aerospace"),)
    assert bombardier.states == (RecordRef("state", "queretaro", "Querétaro"),)
    assert bombardier.source_ids == ("fn40",)
    cfe = directory.company("cfe")
    assert cfe.aliases == ("CFE",)
    assert [s.id for s in cfe.sectors] == ["energy", "renewable-energy"]
    assert directory.company("bmw").origin is None


def test_companies_of_sectors_and_states(directory: Directory) -> None:
    carmakers = directory.companies_in_sectors(["automotive"])
    assert len(carmakers) == 12
    assert [r.name for r in carmakers] == sorted(r.name for r in carmakers)
    # A firm in two of the sectors asked for is listed once.
    ict = directory.companies_in_sectors(["ict", "software-it"])
    assert len(ict) == len({r.id for r in ict}) == 16
    assert directory.companies_in_state("queretaro") == (
        RecordRef("company", "bombardier", "Bombardier"),)
    assert directory.companies_in_state("jalisco") == ()
    assert directory.info().counts["company"] == 40
    assert directory.info().counts["country"] == 1


@pytest.mark.parametrize(("text", "kind", "record_id"), [
    ("mexico", "country", "mexico"), ("México", "country", "mexico"), ("BMW", "company", "bmw"),
    ("GE", "company", "general-electric"), ("Comision Federal de Electricidad", "company", "cfe"),
])
def test_mxdesk_show_resolves_the_new_kinds_by_name(directory: Directory, text: str, kind: str,
                                                    record_id: str) -> None:
    assert directory.resolve(text) == directory.ref(kind, record_id)  # type: ignore[arg-type]


def test_the_country_page_groups_its_figures_under_their_topics(directory: Directory) -> None:
    page = details(directory, directory.country("mexico"), DAY)
    assert (page.kind, page.title, page.long_title) == (
        "country", "Mexico at a glance", "Mexico at a glance")
    for view in ("pane", "text"):
        headings = [s.heading for s in page.sections_in(view)]  # type: ignore[arg-type]
        assert headings == [*TOPICS, CONCLUSIONS]
    sections = page.sections_in("pane")
    for section in sections[:-1]:
        assert isinstance(section.body, Figures)
        assert {row.fact.topic for row in section.body.rows} == {section.heading}
    assert sum(len(s.body.rows) for s in sections[:-1]  # type: ignore[union-attr]
               ) == len(page.facts) == 54
    conclusions = sections[-1].body
    assert isinstance(conclusions, Bullets)
    assert all(isinstance(item, Cited) for item in conclusions.items)
    assert len(conclusions.items) == 8
    # The conclusions' passage is among the sources the text lists.
    assert "briefing-section-5" in [s.id for s in page.sources]


def test_a_figure_without_a_topic_goes_under_key_figures(directory: Directory) -> None:
    mexico = directory.country("mexico")
    loose = Country(mexico.id, mexico.name, mexico.description,
                    facts=(Fact(label="Loose", source_id="fn1", value=1),
                           *mexico.facts[:1]))
    headings = [s.heading for s in details(directory, loose, DAY).sections_in("pane")]
    assert headings == [KEY_FIGURES, "Economy"]


def test_a_company_page(directory: Directory) -> None:
    page = details(directory, directory.company("bmw"), DAY)
    assert page.subtitle == "Company"
    assert page.fields_in("pane") == (
        Field("Origin", Unstated(NOT_STATED)),
        Field("Sectors", RecordList((RecordRef("sector", "automotive", "Automotive"),), 1)),
        Field("States", Unstated(NOT_STATED)),
    )
    related = page.sections_in("pane")[-1].body
    assert isinstance(related, RelatedLists)
    labels = [label for label, _refs in related.lists]
    assert labels == ["Other companies in these sectors", "Clusters in these sectors"]
    others = related.lists[0][1]
    assert "bmw" not in [r.id for r in others.refs]
    assert len(others.refs) == 11
    bombardier = details(directory, directory.company("bombardier"), DAY)
    assert bombardier.subtitle == "Company · Canada"
    assert Field("Origin", Plain("Canada")) in bombardier.fields
    ge = details(directory, directory.company("general-electric"), DAY)
    assert Field("Also known as", Aliases(("GE",))) in ge.fields


def test_a_sector_lists_its_companies_and_an_industry_its_sectors(directory: Directory) -> None:
    automotive = details(directory, directory.sector("automotive"), DAY)
    related = next(s.body for s in automotive.sections_in("pane")
                   if isinstance(s.body, RelatedLists))
    companies = dict(related.lists)["Companies"]
    assert len(companies.refs) == 12
    text = next(s.body for s in automotive.sections_in("text") if s.heading == "Companies")
    assert isinstance(text, Bullets)
    assert len(text.items) == 12
    # An industry's page lists its sectors' companies.
    transportation = details(directory, directory.sector("transportation"), DAY)
    text = next(s.body for s in transportation.sections_in("text") if s.heading == "Companies")
    assert isinstance(text, Bullets)
    assert {"bmw", "bombardier"} <= {i.id for i in text.items}  # type: ignore[union-attr]
    # A sector no firm is named in has no such list.
    food = details(directory, directory.sector("food"), DAY)
    assert "Companies" not in [s.heading for s in food.sections]


def test_a_state_shows_its_website_and_companies(directory: Directory) -> None:
    queretaro = details(directory, directory.state("queretaro"), DAY)
    website = Field("Website", WebLink("https://icluster-queretaro.spribo.com/clusters"))
    assert website in queretaro.fields_in("pane")
    assert website in queretaro.fields_in("text")
    companies = next(s for s in queretaro.sections if s.heading == "Companies")
    assert companies.shown == "both"
    assert companies.body == Bullets((RecordRef("company", "bombardier", "Bombardier"),))
    # Guanajuato's footnote (fn139) is Jalisco's network page: Jalisco's website, not its own.
    jalisco = details(directory, directory.state("jalisco"), DAY)
    assert Field("Website", WebLink("https://icluster-jalisco.spribo.com/clusters")) in (
        jalisco.fields)
    assert "Companies" not in [s.heading for s in jalisco.sections]
    guanajuato = details(directory, directory.state("guanajuato"), DAY)
    assert "Website" not in [f.label for f in guanajuato.fields]


def test_a_policy_shows_its_website(directory: Directory) -> None:
    inadem = details(directory, directory.policy("inadem"), DAY)
    assert Field("Website", WebLink("www.inadem.gob.mx")) in inadem.fields_in("pane")
    assert "Website:       www.inadem.gob.mx" in text_profile(
        directory, directory.policy("inadem"), DAY)


def test_the_country_and_a_company_as_json(directory: Directory) -> None:
    data = record_data(directory, directory.country("mexico"))
    assert data["kind"] == "country"
    assert len(data["facts"]) == 54
    assert data["facts"][0]["topic"] == "Economy"
    assert len(data["conclusions"]) == 8
    assert "briefing-section-5" in [s["id"] for s in data["sources"]]
    company = record_data(directory, directory.company("bombardier"))
    assert (company["kind"], company["origin"]) == ("company", "Canada")
    assert company["states"] == [{"kind": "state", "id": "queretaro", "name": "Querétaro"}]


# -- facts about a state from any record ----------------------------------------------------


@pytest.fixture(scope="module")
def placed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    """A directory whose country has a figure about Jalisco and whose company BMW has one
    about San Luis Potosí (the real data has neither: a country's or a company's fact may
    name a state, as a sector's does)."""
    source = tmp_path_factory.mktemp("placed") / "source"
    shutil.copytree(paths.source_dir(), source)
    country = source / "country.toml"
    text = country.read_text(encoding="utf-8")
    country.write_text(text.replace('label = "GDP per capita"',
                                    'label = "GDP per capita"\nstate = "jalisco"', 1),
                       encoding="utf-8")
    companies = source / "companies.toml"
    text = companies.read_text(encoding="utf-8")
    at = text.index('id = "bmw"')
    end = text.index("[[company]]", at)
    fact = ('\n[[company.fact]]\nlabel = "A test figure"\nvalue = 1\nunit = "plants"\n'
            'state = "san-luis-potosi"\nsource = "briefing-section-2-3"\n\n')
    companies.write_text(text[:end] + fact + text[end:], encoding="utf-8")
    out = source.parent / "clusters.db"
    build(source, out)
    with Directory(out) as opened:
        yield opened


def test_facts_about_a_state_come_from_any_record(placed: Directory) -> None:
    jalisco = placed.facts_about_state("jalisco")
    assert [(owner, fact.label) for owner, fact in jalisco
            if owner.kind == "country"] == [
        (RecordRef("country", "mexico", "Mexico"), "GDP per capita")]
    slp = placed.facts_about_state("san-luis-potosi")
    assert (RecordRef("company", "bmw", "BMW"), "A test figure") in [
        (owner, fact.label) for owner, fact in slp]
    page = details(placed, placed.state("jalisco"), DAY)
    figures = next(s.body for s in page.sections if s.heading == "Figures about this state")
    assert isinstance(figures, Figures)
    assert RecordRef("country", "mexico", "Mexico") in [row.owner for row in figures.rows]
    # The company's page shows its figure with its state.
    bmw = details(placed, placed.company("bmw"), DAY)
    assert [(row.fact.label, row.state) for row in bmw.facts] == [
        ("A test figure", RecordRef("state", "san-luis-potosi", "San Luis Potosí"))]
    assert next(s.heading for s in bmw.sections_in("text")) == KEY_FIGURES
