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
