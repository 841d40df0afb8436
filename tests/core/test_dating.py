"""Issue 16 §3: every view says what the figures describe (the briefings' dates, each
figure's year, "(year not stated)" where there is none)."""

from __future__ import annotations

from pathlib import Path

from mxdesk.core.dating import (
    BriefingDate,
    briefing_dates,
    figures_sentence,
    latest_figures,
    sentence,
)
from mxdesk.core.directory import Directory
from tests.test_cli import mxdesk

SENTENCE = ("Figures as published in the Preparatory Briefing on Mexico (undated; its latest "
            "figures are of 2018) and \"Mexico's competitiveness clusters in industrial "
            "innovation\" (April 2018); each figure shows its year.")


def test_the_briefing_prints_no_date_and_is_dated_by_its_latest_figures(
        directory: Directory) -> None:
    dates = {d.document_id: d for d in briefing_dates(directory)}
    assert set(dates) == {"briefing", "i40"}  # not the directory's conventions
    assert dates["briefing"].date is None
    assert dates["briefing"].latest == 2018
    assert dates["i40"].shown() == "April 2018"
    assert figures_sentence(directory) == SENTENCE


def test_targets_after_the_newest_cited_publication_are_not_latest_figures() -> None:
    # "50% by 2050" is a target: nothing the briefing cites is later than 2018.
    assert latest_figures([2016, 2017, 2018, 2020, 2050], ["GCI 2018 edition", "x_2017.pdf"]) \
        == 2018
    assert latest_figures([2016, 2017], []) == 2017
    assert latest_figures([], ["2018"]) is None
    assert BriefingDate("b", "T", None, None).shown() == "undated"
    assert sentence(()) == ""


def _words(text: str) -> str:
    return " ".join(text.split())


def test_show_ends_with_the_sentence_and_marks_a_missing_year() -> None:
    result = mxdesk("show", "mexico")
    assert result.returncode == 0, result.stderr
    assert _words(result.stdout).endswith(SENTENCE)
    assert "Annual GDP growth rate (moderate): around 2% (year not stated)" in result.stdout
    assert "GDP per capita: 7,800 EUR (2017)" in result.stdout


def test_every_pdf_says_what_the_figures_describe(tmp_path: Path) -> None:
    from tests.pdftext import pdf_text

    sheet = tmp_path / "claugto.pdf"
    assert mxdesk("export-pdf", "--cluster", "CLAUGTO", "-o", str(sheet)).returncode == 0
    assert SENTENCE in _words(pdf_text(sheet, 0))
    brochure = tmp_path / "nl.pdf"
    assert mxdesk("export-pdf", "--state", "nuevo leon", "-o", str(brochure)).returncode == 0
    cover = _words(pdf_text(brochure, 0))
    assert SENTENCE in cover
    glance = _words(pdf_text(brochure, 2))
    assert "around 2% (year not" in glance  # the cell wraps "stated)" onto a second line
