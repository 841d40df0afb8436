"""Today's outputs pinned before each record's layout is unified (issue 15): what `mxdesk show`
prints, the detail pane's HTML and what a fact sheet says, for records of every kind, on a fixed
day. A change to any of them shows here as a diff to read and accept, never silently.

    MXDESK_UPDATE_GOLDEN=1 pytest tests/test_golden.py     # write the files again, then review
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path

import pytest

from mxdesk.core.directory import Directory
from mxdesk.core.profile import text_profile
from mxdesk.core.sheets import fact_sheet

GOLDEN = Path(__file__).parent / "golden"
#: The day the outputs are made for (labels' "expired (checked …)", the sheet's date).
DAY = dt.date(2026, 11, 29)
RECORDS = [("cluster", "claut"), ("cluster", "claugto"), ("cluster", "aerocluster-queretaro"),
           ("cluster", "claut-edomex"), ("sector", "aerospace"),
           ("policy", "automotive-sector-priorities-2016"), ("programme", "eu-mex-innova"),
           ("partnership", "eacp-abroad"), ("state", "nuevo-leon"),
           # Issue 16: the country page, a carmaker (no origin, no state stated) and a firm
           # with both.
           ("country", "mexico"), ("company", "bmw"), ("company", "bombardier")]
CLUSTERS = ["claut", "claugto", "aerocluster-queretaro"]


def _same(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("MXDESK_UPDATE_GOLDEN") == "1" or not path.exists():
        if os.environ.get("CI") and not path.exists():
            pytest.fail(f"{path} is missing: make it with MXDESK_UPDATE_GOLDEN=1 and commit it")
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed: see git diff"


@pytest.mark.parametrize(("kind", "record_id"), RECORDS, ids=[r[1] for r in RECORDS])
def test_record_text_is_pinned(directory: Directory, kind: str, record_id: str) -> None:
    record = directory.get(kind, record_id)  # type: ignore[arg-type]
    _same(f"show-{kind}-{record_id}.txt", text_profile(directory, record, DAY))


@pytest.mark.parametrize(("kind", "record_id"), RECORDS, ids=[r[1] for r in RECORDS])
def test_detail_html_is_pinned(directory: Directory, kind: str, record_id: str) -> None:
    from mxdesk.ui.detail import record_html

    record = directory.get(kind, record_id)  # type: ignore[arg-type]
    _same(f"detail-{kind}-{record_id}.html", record_html(directory, record, today=DAY))


@pytest.mark.parametrize("cluster_id", CLUSTERS)
def test_fact_sheet_content_is_pinned(directory: Directory, cluster_id: str) -> None:
    sheet = dataclasses.asdict(fact_sheet(directory, cluster_id, DAY))
    _same(f"sheet-{cluster_id}.json",
          json.dumps(sheet, ensure_ascii=False, indent=1, default=str) + "\n")
