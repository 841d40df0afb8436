"""Every item model passes Qt's model tester, in every state a user can put it in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from mxdesk.core.browse import TABLES
from mxdesk.core.directory import Directory
from mxdesk.ui import models
from mxdesk.ui.models import BrowseModel, FacetModel, RecordIdRole


@pytest.mark.parametrize("name", list(TABLES))
def test_browse_model(qtmodeltester: ModelTester, directory: Directory, name: str) -> None:
    model = BrowseModel(directory, TABLES[name])
    qtmodeltester.check(model)
    model.set_text("energy")
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    model.set_text('"AND (')
    qtmodeltester.check(model)


def test_browse_model_reads_pages_as_they_are_shown(qtmodeltester: ModelTester,
                                                    directory: Directory,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "PAGE_SIZE", 10)
    monkeypatch.setattr(models, "KEPT_PAGES", 3)
    model = BrowseModel(directory, TABLES["clusters"])
    assert model.rowCount() == model.matching == model.total == 98  # a row for every match
    assert list(model._pages) == [0]  # one page read
    expected = [r.id for r in model.browse.rows(directory, 0, 200)]
    assert [model.index(r, 0).data(RecordIdRole) for r in range(98)] == expected
    assert len(model._pages) == 3  # only the pages used last are kept
    row = model.row_of("cluster", "polos-de-innovacion")
    assert row is not None
    assert model.index(row, 0).data(RecordIdRole) == "polos-de-innovacion"
    assert model.record_at(97) == ("cluster", expected[97])
    assert model.record_at(98) is None
    qtmodeltester.check(model)


def test_facet_model(qtmodeltester: ModelTester, directory: Directory) -> None:
    model = FacetModel()
    browse = BrowseModel(directory, TABLES["clusters"]).browse
    model.set_counts(browse.facet_counts(directory), {"State": {"Jalisco"}})
    qtmodeltester.check(model)
    assert model.selected() == {"State": {"Jalisco"}}
