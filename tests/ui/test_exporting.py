"""ui/exporting.py: the window's PDF work as an object the window holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from mxdesk.ui.export import Choice
from mxdesk.ui.exporting import Exports
from mxdesk.ui.window import MainWindow


def test_the_window_holds_its_exports(window: MainWindow) -> None:
    assert isinstance(window.exports, Exports)
    assert window.exports.parent() is window
    assert window.exports.last_export is None


def test_the_exports_ask_through_what_the_window_holds_when_asked(
        window: MainWindow, tmp_path: Path) -> None:
    """ask_path replaced after the window was made is the one asked."""
    window.ask_path = lambda suggested: tmp_path / suggested
    window.navigate("cluster", "claut")
    window.exports.export_fact_sheet()
    written = window.exports.last_export
    assert written is not None
    assert written.path == tmp_path / "mxdesk-fact-sheet-claut.pdf"
    assert window.exports.last_export is written


def test_a_cancelled_brochure_dialog_writes_and_remembers_nothing(window: MainWindow) -> None:
    """run_brochure_dialog replaced after the window was made is the one asked."""
    paper = window.window_settings.paper
    offered: list[list[Choice]] = []

    def cancel(choices: list[Choice]) -> None:
        offered.append(choices)

    window.run_brochure_dialog = cancel
    window.ask_path = lambda _suggested: pytest.fail("cancelled: nothing is asked")
    window.named_actions["export_brochure"].trigger()
    assert [c.key for c in offered[0]][-1] == "all"
    assert window.exports.last_export is None
    assert window.window_settings.paper == paper
