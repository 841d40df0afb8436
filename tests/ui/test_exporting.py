"""ui/exporting.py: the window's PDF work as an object the window holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from mxdesk.core import selections
from mxdesk.core.notes import NotesStore, ShortlistItem
from mxdesk.core.selections import Selection
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


def test_the_choices_are_the_core_selections(window: MainWindow) -> None:
    """The window's brochures are titled by mxdesk.core.selections, as export-pdf's are;
    only the texts of the dialog's buttons are the window's own."""
    directory = window.directory
    window.navigate("sector", "aerospace")
    window.navigate("state", "jalisco")
    window.tab_pages["clusters"].table.selectAll()
    offered = {c.key: c for c in window.exports.brochure_choices()}
    jalisco = [r.id for r in directory.clusters_in_state("jalisco")]
    assert offered["state"].selection == selections.of_states_and_sectors(
        directory, ["jalisco"], [])
    assert offered["sector"].selection == selections.of_states_and_sectors(
        directory, [], ["aerospace"])
    assert offered["all"].selection == selections.whole_directory(directory)
    assert offered["selected"].selection == selections.of_selection(directory, jalisco)
    assert offered["list"].selection == selections.of_listing(jalisco, "State: Jalisco")
    assert [c.text for c in offered.values()] == [
        "The 7 clusters selected in the Clusters tab", "All clusters in Jalisco (7)",
        "The current list of the Clusters tab (7 clusters)",
        "All clusters in the Aerospace sector (6)", "The whole directory (98 clusters)"]

    # A theme or an industry is called so, as the directory and the brochure's cover do.
    window.navigate("sector", "industry-4-0")
    offered = {c.key: c for c in window.exports.brochure_choices()}
    assert offered["sector"].text == "All clusters in the Industry 4.0 theme (0)"
    window.navigate("sector", "transportation")
    offered = {c.key: c for c in window.exports.brochure_choices()}
    assert offered["sector"].text == "All clusters in the Transportation industry (15)"


def test_each_shortlist_is_offered_with_its_own_clusters(window: MainWindow,
                                                         store: NotesStore) -> None:
    """Two shortlists whose names differ only in accents and case are two choices, each
    with its own clusters, remarks and name (the second once showed the first's)."""
    first = store.create_shortlist("Bajío")
    store.set_items(int(first.id or 0), [ShortlistItem("claut", "Meeting")])
    second = store.create_shortlist("bajio")
    store.set_items(int(second.id or 0), [ShortlistItem("claugto"), ShortlistItem("csoftmty")])
    offered = {c.key: c for c in window.exports.brochure_choices()}
    assert offered[f"shortlist-{first.id}"].selection == Selection(
        f"shortlist-{first.id}", ("claut",), "Bajío", "the shortlist “Bajío”",
        (("claut", "Meeting"),))
    assert offered[f"shortlist-{second.id}"].selection == Selection(
        f"shortlist-{second.id}", ("claugto", "csoftmty"), "bajio", "the shortlist “bajio”")
    assert offered[f"shortlist-{second.id}"].text == "Your shortlist “bajio” (2 clusters)"
