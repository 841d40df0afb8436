"""Figures tables on paper keep their cells apart (issue 19, second trial): on Industry
4.0's page a value ran into its date's second line ("…for Mexico to stay a" against "April
2018)"). Every word of a brochure (the country's page, a sector's or theme's page, each
cluster's fact sheet), A4 and letter, keeps a space's room from the word beside it
(pdftotext -bbox word boxes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from mxdesk.core import selections, sheets
from mxdesk.core.directory import Directory
from mxdesk.export.pdf import export_pdf
from tests.export.test_paper_maps import _touching, _words


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("sector", ["industry-4-0", "automotive", "ict"])
def test_no_words_of_two_cells_touch_in_a_brochure(directory: Directory, tmp_path: Path,
                                                   sector: str, paper: str) -> None:
    path = tmp_path / f"{sector}.pdf"
    export_pdf(sheets.brochure_of(directory, selections.of_sector(directory, sector)), path,
               paper)
    pages = len(PdfReader(path).pages)
    touching = [f"p{page}: {pair}" for page in range(1, pages + 1)
                for pair in _touching(_words(path, page))]
    assert touching == [], touching
