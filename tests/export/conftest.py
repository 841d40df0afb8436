"""The export tests share pytest-qt's QApplication (and its orderly shutdown) with the rest."""

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture(scope="session", autouse=True)
def _application(qapp: QApplication) -> QApplication:
    return qapp
