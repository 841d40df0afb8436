"""Reading a PDF's text back as a person searching it would see it."""

from __future__ import annotations

import shutil
import subprocess
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
