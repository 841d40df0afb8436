"""`mxdesk show` and `mxdesk search` for the country and companies (issue 16), through the
command line as a user runs it."""

from __future__ import annotations

import itertools
import json

from tests.test_cli import mxdesk


def test_show_mexico_prints_the_country_page() -> None:
    result = mxdesk("show", "mexico")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Mexico at a glance\n==================\nKind:          country\n")
    lines = out.splitlines()
    # A section's heading is the unindented line its indented items follow.
    headings = [line for line, after in itertools.pairwise(lines)
                if line and not line.startswith(" ") and after.startswith("  ")]
    assert headings[:8] == ["Economy",
                            "Competitiveness and business climate", "Exports",
                            "Trade with the EU", "Investment", "Trade agreements and memberships",
                            "Research and innovation", "Cluster mapping"]
    assert headings[8:] == ["Conclusions of the briefing", "Sources"]
    assert "GDP per capita: 7,800 EUR (2017)" in out
    assert "EU investment in Mexico (EU–Mexico FDI balance): €137.3 billion (2016)" in out
    assert out.index("Conclusions of the briefing") < out.index("\nSources\n")
    assert "Preparatory Briefing on Mexico, 5. Conclusion" in out


def test_show_a_company_by_its_name_and_its_alias() -> None:
    result = mxdesk("show", "BMW")
    assert result.returncode == 0, result.stderr
    assert "Kind:          company" in result.stdout
    assert "Origin:        not stated in the briefing" in result.stdout
    assert "Sectors:       Automotive" in result.stdout
    result = mxdesk("show", "GE", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["kind"], data["id"], data["aliases"]) == ("company", "general-electric", ["GE"])
    assert [s["id"] for s in data["sources"]] == ["fn40"]


def test_show_a_state_and_a_policy_with_their_websites() -> None:
    result = mxdesk("show", "queretaro", "--kind", "state")
    assert result.returncode == 0, result.stderr
    assert "Website:       https://icluster-queretaro.spribo.com/clusters" in result.stdout
    assert "\nCompanies\n  Bombardier\n" in result.stdout
    result = mxdesk("show", "automotive")
    assert "\nCompanies\n  Audi\n  BMW\n" in result.stdout


def test_search_companies_and_the_country() -> None:
    result = mxdesk("search", "germany", "--kind", "company", "--json")
    assert result.returncode == 0, result.stderr
    assert [hit["id"] for hit in json.loads(result.stdout)] == ["sap"]
    result = mxdesk("search", "doing business")
    assert result.returncode == 0, result.stderr
    assert "Country (1)" in result.stdout.splitlines()
    assert "mexico" in result.stdout


def test_show_a_state_prints_what_the_pane_shows_of_it() -> None:
    """Issue 16's fresh read: `mxdesk show chihuahua` left out the state's i4.0 count and the
    Table 3/4 groups naming it, which the pane shows; each now cites its source."""
    result = mxdesk("show", "chihuahua")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    i40 = out.split("Figures about this state\n", 1)[1]
    assert "i4.0 competitiveness clusters in the state (of 35): 4 clusters" in " ".join(
        i40.split())
    locations = out.split("Named among the top locations of\n", 1)[1].split("\n\n", 1)[0]
    assert "Automotive — Light vehicles and their engines [" in locations
    assert "Renewable Energy — Wind Power Projects [" in locations
    number = locations.split("Wind Power Projects [", 1)[1].split("]", 1)[0]
    assert f"[{number}] Footnote 93:" in out

    data = json.loads(mxdesk("show", "chihuahua", "--json").stdout)
    i40_fact = data["facts_about_state"][0]
    assert (i40_fact["record"], i40_fact["value"]) == ("industry-4-0", 4.0)
    assert {"sector": "renewable-energy", "group": "Wind Power Projects",
            "source_id": "fn93"} in data["top_locations"]
    assert "fn93" in {s["id"] for s in data["sources"]}


def test_a_policy_known_only_by_its_end_says_until() -> None:
    """A law replaced in 2014 is not "Years: 2014" (which reads as its start)."""
    out = mxdesk("show", "law-use-renewable-sources-energy").stdout
    assert "Years:         until 2014 (ended)" in out
    assert "Years:         2012–2020 (ended)" in mxdesk("show", "pro-aereo").stdout


def test_search_finds_words_said_only_in_a_fact() -> None:
    """SEMARNAT and PROFECO are named only in a fact's statement of the NOMs record."""
    for word in ("semarnat", "Pacific Rim"):
        result = mxdesk("search", word, "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout), word
    ids = {hit["id"] for hit in json.loads(mxdesk("search", "semarnat", "--json").stdout)}
    assert "official-mexican-norms" in ids


def test_search_marks_labels_and_policies_past_their_end() -> None:
    """Issue 16: a list says what is over, as the details do."""
    out = mxdesk("search", "claut").stdout
    assert "claut         Cluster Automotriz de Nuevo León  (label expired)" in out
    assert "claut-edomex  Clúster Automotriz Estado de México\n" in out
    hits = json.loads(mxdesk("search", "promexico", "--kind", "policy", "--json").stdout)
    marks = {h["id"]: h.get("past_end") for h in hits}
    assert marks["promexico"] == "ended 2018"
    assert marks["secretariat-of-economy"] is None



def test_search_lists_the_record_named_first() -> None:
    """The group of the record the words name comes first, that record at its top."""
    out = mxdesk("search", "bombardier").stdout.splitlines()
    assert out[:2] == ["Companies (5)", "  bombardier        Bombardier"]
    assert mxdesk("search", "pro aereo").stdout.startswith(
        "Policies (3)\n  pro-aereo               Pro-Aéreo 2012-2020  (ended 2020)\n")


def test_search_lists_your_missions_and_meetings() -> None:
    """`mxdesk search` groups them as Ctrl+K does (issue 18): a meeting found by its place."""
    import datetime as dt

    from mxdesk.core.mission.records import Meeting, Mission
    from mxdesk.core.notes import NotesStore

    with NotesStore() as store:
        trip = store.create_mission(Mission("Bajio trip", dt.date(2026, 7, 14),
                                            dt.date(2026, 7, 16), "Europe/Madrid"))
        store.save_meeting(Meeting("Baja visit", dt.datetime(2026, 7, 14, 9),
                                   "America/Tijuana", place="Parque Industrial Pacífico",
                                   mission_id=trip.id))
    found = mxdesk("search", "pacifico")
    assert found.returncode == 0, found.stderr
    # (A sector's Spanish text says "Cuenca del Pacífico": search finds either language.)
    assert "Your meetings (1)\n  1  Baja visit\n" in found.stdout
    named = mxdesk("search", "bajio trip")
    assert "Your missions (1)\n  1  Bajio trip\n" in named.stdout
