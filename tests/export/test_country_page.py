"""Mexico at a glance in every brochure (issue 16): the page after the contents, read back
from the PDF with pypdf (its text and its bookmark) as a reader's viewer would."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pypdf import PdfReader

from mxdesk.core import sheets
from mxdesk.core.directory import Directory
from mxdesk.export.pdf import export_pdf


@pytest.fixture(scope="module")
def brochure_pdf(directory: Directory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    ids, label = sheets.clusters_of_state(directory, "Nuevo León")
    content = sheets.brochure(directory, ids, "Clusters of Nuevo León", label)
    path = tmp_path_factory.mktemp("country") / "nuevo-leon.pdf"
    export_pdf(content, path)
    return path


def _text(reader: PdfReader, first: int, last: int) -> str:
    return " ".join(" ".join(reader.pages[n].extract_text().split())
                    for n in range(first - 1, last))


def test_the_country_page_follows_the_contents(brochure_pdf: Path) -> None:
    reader = PdfReader(brochure_pdf)
    marks = [(item.title, reader.get_destination_page_number(item) + 1)
             for item in reader.outline]
    assert marks[:3] == [("Cover", 1), ("Contents", 2), ("Mexico at a glance", 3)]
    country_end = marks[3][1] - 1  # the page before the first fact sheet
    assert country_end >= 3
    text = _text(reader, 3, country_end)
    for expected in ("Mexico at a glance", "Economy", "Trade with the EU", "Investment",
                     "46th (of 140 countries)", "7,800 EUR", "€137.3 billion", "1999–2017",
                     "Conclusions of the briefing", "ESCP-4i"):
        assert expected in text, expected
    # Topics in the order the record gives them, the conclusions last.
    assert (text.index("Economy") < text.index("Exports") < text.index("Trade with the EU")
            < text.index("Research and innovation") < text.index("Conclusions of the briefing"))
    # The contents give the page, and the country's sources are in the brochure's list.
    contents = " ".join(reader.pages[1].extract_text().split())
    assert "Mexico at a glance 3" in contents
    sources = _text(reader, marks[-1][1], len(reader.pages))
    assert "European Union, Trade in goods with Mexico" in sources
    assert "5. Conclusion" in sources


def test_the_country_page_cites_its_sources_first(directory: Directory) -> None:
    """Its citations are the brochure's first: [1] is footnote 1, as the page cites it."""
    ids, label = sheets.clusters_of_state(directory, "Querétaro")
    content = sheets.brochure(directory, ids, "Clusters of Querétaro", label)
    assert content.country is not None
    assert content.country.title == "Mexico at a glance"
    assert [topic for topic, _figures in content.country.topics][:2] == [
        "Economy", "Competitiveness and business climate"]
    assert len(content.country.conclusions) == 8
    assert content.sources[0].id == "fn1"
    assert not content.is_single_sheet


def test_a_single_fact_sheet_has_no_country_page(directory: Directory, tmp_path: Path) -> None:
    one = sheets.single_sheet(directory, "claut")
    assert one.country is None
    assert one.is_single_sheet
    result = export_pdf(one, tmp_path / "claut.pdf")
    assert [title for title, _page in result.bookmarks] == ["Cluster Automotriz de Nuevo León"]


def test_a_directory_without_a_country_prints_none(directory: Directory, tmp_path: Path) -> None:
    ids, label = sheets.clusters_of_state(directory, "Colima")
    content = dataclasses.replace(sheets.brochure(directory, ids, "Colima", label), country=None)
    result = export_pdf(content, tmp_path / "colima.pdf")
    assert "Mexico at a glance" not in [title for title, _page in result.bookmarks]
