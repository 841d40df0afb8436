"""Reading a PDF's text back as a person searching it would see it."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader


def pdf_text(path: Path, page: int | None = None) -> str:
    """The text of one page (0-based) or of the whole file, whitespace folded to spaces.

    poppler's pdftotext when installed (.ci/run installs it), else pypdf's extractor.
    """
    if shutil.which("pdftotext"):
        pages = ["-f", str(page + 1), "-l", str(page + 1)] if page is not None else []
        out = subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True,
                             text=True, check=True, encoding="utf-8").stdout
    else:
        reader = PdfReader(path)
        chosen = [reader.pages[page]] if page is not None else list(reader.pages)
        out = " ".join(p.extract_text() for p in chosen)
    return " ".join(out.split())


@dataclass(frozen=True)
class TextRun:
    """A piece of text a page draws: where it stands and how big it is."""

    #: 0-based page number.
    page: int
    #: Points from the top of the page to the baseline.
    baseline: float
    #: Font size in points.
    size: float
    text: str


def text_runs(path: Path) -> list[TextRun]:
    """Every piece of text in the PDF's content, drawn where it is drawn — text a clip hides
    from the eye included, as a search or a screen reader still finds it."""
    runs: list[TextRun] = []
    for number, page in enumerate(PdfReader(path).pages):
        height = float(page.mediabox.height)

        def seen(text: str, cm: list[float], tm: list[float], _font: object, size: float,
                 number: int = number, height: float = height) -> None:
            if text.strip():
                # The text matrix, then the transformation matrix (ISO 32000-1 §9.4.4).
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append(TextRun(number, height - y, abs(size * tm[3] * cm[3]),
                                    " ".join(text.split())))

        page.extract_text(visitor_text=seen)
    return runs
