"""Issue 16 §3: every view says what the figures describe (the briefings' dates, each
figure's year, "(year not stated)" where there is none)."""

from __future__ import annotations

from pathlib import Path

from mxdesk.core.dating import (
    YEAR_NOT_STATED,
    BriefingDate,
    briefing_dates,
    fact_when,
    figures_sentence,
    latest_figures,
    no_year,
    sentence,
)
from mxdesk.core.directory import Directory
from mxdesk.core.records import Fact
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


# -- a figure without a year of its own, in the summary dated April 2018 (issue 17) ----------


def test_a_figure_of_the_dated_summary_says_when_it_was_printed(directory: Directory) -> None:
    """The i4.0 summary prints "April 2018" and no year for most of its figures: they say
    they were printed then, not that they are figures of 2018; the undated briefing's keep
    "(year not stated)"."""
    summary = directory.sector("industry-4-0").facts
    assert {f.printed for f in summary} == {"April 2018"}
    assert fact_when(next(f for f in summary if f.value == 35)) == "(as printed in April 2018)"
    assert fact_when(next(f for f in summary if f.year == 2011)) == "2011"
    claut = directory.cluster("claut").facts
    assert {f.printed for f in claut} == {None}
    assert fact_when(next(f for f in claut if f.label == "Members")) == YEAR_NOT_STATED
    assert no_year(Fact("x", "s", value=1, printed="May 2020")) == "(as printed in May 2020)"
    assert no_year(Fact("x", "s", value=1)) == YEAR_NOT_STATED


def test_show_says_a_summary_figure_was_printed_in_april_2018() -> None:
    sector = _words(mxdesk("show", "industry 4.0").stdout)
    assert ("Competitiveness clusters making up Mexico's innovation ecosystem for advanced "
            "manufacturing: 35 clusters (as printed in April 2018) [1]") in sector
    assert "(year not stated)" not in sector
    state = _words(mxdesk("show", "nuevo leon").stdout)
    assert ("i4.0 competitiveness clusters in the state (of 35): 6 clusters (as printed in "
            "April 2018)") in state
    claut = mxdesk("show", "claut")
    assert "Members: 92 members (year not stated)" in claut.stdout, claut.stderr


def test_show_cites_both_footnotes_printed_beside_a_figure() -> None:
    """Issue 17: the FDI figure is printed with marks 35 and 36; `mxdesk show` cites both and
    lists both footnotes."""
    shown = mxdesk("show", "aerospace", "--kind", "sector").stdout
    line = next(x for x in shown.splitlines() if "Inward aerospace FDI" in x)
    marks = line.rsplit("[", 1)[1].rstrip("]").split(", ")
    assert len(marks) == 2
    listed = [x.strip()[1:].split("] ", 1) for x in shown.splitlines()
              if x.startswith("  [") and "] Footnote" in x]
    sources = {pair[0]: pair[1] for pair in listed}
    assert sources[marks[0]].startswith("Footnote 35:")
    assert sources[marks[1]].startswith("Footnote 36:")
