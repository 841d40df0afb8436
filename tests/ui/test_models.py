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


def test_browse_model_fetches_lazily(qtmodeltester: ModelTester, directory: Directory,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "PAGE_SIZE", 10)
    model = BrowseModel(directory, TABLES["clusters"])
    assert model.rowCount() == 10
    assert model.matching == model.total == 98
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 20
    row = model.row_of("cluster", "polos-de-innovacion")
    assert row is not None
    assert model.index(row, 0).data(RecordIdRole) == "polos-de-innovacion"
    qtmodeltester.check(model)


def test_facet_model(qtmodeltester: ModelTester, directory: Directory) -> None:
    model = FacetModel()
    browse = BrowseModel(directory, TABLES["clusters"]).browse
    model.set_counts(browse.facet_counts(directory), {"State": {"Jalisco"}})
    qtmodeltester.check(model)
    assert model.selected() == {"State": {"Jalisco"}}
