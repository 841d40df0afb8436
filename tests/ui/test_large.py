"""A directory bigger than a page: typing, scrolling and going to a record far down the list.

The bundled directory fits on one page of the table (200 rows), so these tests build a
synthetic one of 1,500 clusters with the real build (``mxdesk.core.synth``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from mxdesk.core.browse import CLUSTERS, Browse
from mxdesk.core.build import build_from
from mxdesk.core.directory import Directory
from mxdesk.core.notes import NotesStore
from mxdesk.core.synth import synthetic_sources
from mxdesk.ui import models
from mxdesk.ui.models import PAGE_SIZE, RecordIdRole
from mxdesk.ui.window import MainWindow


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    path = tmp_path_factory.mktemp("large") / "synthetic.db"
    build_from(synthetic_sources(1_500), path)
    with Directory(path) as opened:
        yield opened


@pytest.fixture
def large_window(qtbot: QtBot, large: Directory, tmp_path: Path,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    # 1,598 rows: a "small" table by the app's measure; send its searches to the thread, as
    # a large directory's are.
    monkeypatch.setattr(models, "SMALL_TABLE", 1_000)
    store = NotesStore(tmp_path / "notes.db")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(large, settings, store, background=True)
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    yield window
    window.close()
    store.close()


def listed(window: MainWindow) -> list[str]:
    model = window.tab_pages["clusters"].model
    return [model.index(r, 0).data(RecordIdRole) for r in range(model.rowCount())]


def test_typing_pages_through_the_matches_in_name_order(qtbot: QtBot, large: Directory,
                                                        large_window: MainWindow) -> None:
    tab = large_window.tab_pages["clusters"]
    for text in ("c", "cl", "clu", "a", "ag", "agr"):  # the real path: textChanged, thread
        tab.search_field.setText(text)
    expected = [i for _k, i in Browse(CLUSTERS, text="agr").ordered_keys(large)]
    assert len(expected) > PAGE_SIZE
    qtbot.waitUntil(lambda: tab.model.browse.text == "agr" and not tab.model.busy)
    assert tab.model.matching == tab.model.rowCount() == len(expected)
    # The table reads each page as it is shown, in the same order, from its first page to
    # its last, or straight to the end (dragging the scroll bar).
    last = len(expected) - 1
    assert tab.model.index(last, 0).data(RecordIdRole) == expected[last]
    assert listed(large_window) == expected
    assert large_window.statusBar().currentMessage() == f"{len(expected):,} of 1,598 clusters"


def test_going_to_a_record_far_down_the_list(qtbot: QtBot, large: Directory,
                                             large_window: MainWindow) -> None:
    tab = large_window.tab_pages["clusters"]
    tab.search_field.setText("agr")
    qtbot.waitUntil(lambda: tab.model.browse.text == "agr" and not tab.model.busy)
    expected = [i for _k, i in Browse(CLUSTERS, text="agr").ordered_keys(large)]
    far = expected[-3]
    large_window.navigate("cluster", far)
    qtbot.waitUntil(lambda: tab.table.currentIndex().data(RecordIdRole) == far)
    assert tab.table.currentIndex().row() == len(expected) - 3
    assert tab.model.browse.text == "agr"  # it was listed: the search stays
    # Sorted the other way, the same record is third from the top.
    tab.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not tab.model.busy and listed(large_window)[:1] == [expected[-1]])
    assert tab.model.row_of("cluster", far) == 2


def test_matches_are_marked_in_the_table(qtbot: QtBot, large_window: MainWindow) -> None:
    tab = large_window.tab_pages["clusters"]
    tab.search_field.setText("agroalimentario")
    qtbot.waitUntil(lambda: tab.model.browse.text == "agroalimentario" and not tab.model.busy
                    and tab.model.rowCount() > 0)
    image = tab.table.viewport().grab().toImage()
    mark = QColor("#ffe066").rgb()
    marked = sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
                 if image.pixel(x, y) == mark)
    assert marked > 100, "the matching words are not highlighted"
    tab.search_field.setText("")
    qtbot.waitUntil(lambda: tab.model.browse.text == "" and not tab.model.busy)
    image = tab.table.viewport().grab().toImage()
    assert not any(image.pixel(x, y) == mark for y in range(0, image.height(), 2)
                   for x in range(0, image.width(), 2))


def _related(html: str, heading: str) -> str:
    start = html.index(f"<b>{heading}")
    return html[start:html.index("</li>", start)]


def test_long_cross_link_lists_show_a_start_and_a_way_to_all(large: Directory,
                                                             directory: Directory) -> None:
    from mxdesk.core.details import LINK_LIMIT
    from mxdesk.ui.detail import record_html
    from mxdesk.ui.detail_html import LONG_LIST_START

    cluster = large.cluster("synth-000123")
    assert cluster.state is not None
    others = large.count_clusters_in_state(cluster.state.id) - 1
    assert others > LINK_LIMIT
    listed = _related(record_html(large, cluster), f"Other clusters in {cluster.state.name}:")
    assert listed.count("mxdesk://cluster/") == LONG_LIST_START
    assert f"<a href='mxdesk://state/{cluster.state.id}'>{others - LONG_LIST_START:,} more</a>" \
        in listed
    # The bundled directory's lists are short enough to show whole: ICT's has 23 others.
    ict = next(c for c in directory.clusters_in_sectors(["ict"])
               if [s.id for s in directory.cluster(c.id).sectors] == ["ict"])
    html = record_html(directory, directory.cluster(ict.id))
    listed = _related(html, "Other clusters in the same sectors:")
    assert listed.count("mxdesk://cluster/") == 23
    assert "more" not in listed


def test_scrolling_a_sorted_list_waits_for_the_thread_not_the_window(
        qtbot: QtBot, large: Directory, large_window: MainWindow) -> None:
    """Sorted by state, a page needs every row's order, which the query thread lists: a row
    shown before it is done reads "…" at once (the window is not held), then its record."""
    tab = large_window.tab_pages["clusters"]
    model = tab.model
    tab.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not model.busy and model.browse.sort_column == 1)
    expected = [i for _k, i in Browse(CLUSTERS, sort_column=1).ordered_keys(large)]
    far = len(expected) - 5
    if model._keys is None:  # most often: the order of every row has not come back yet
        assert model.index(far, 0).data() == "…"
    qtbot.waitUntil(lambda: model.index(far, 0).data(RecordIdRole) == expected[far])
    assert listed(large_window) == expected


def test_the_scroll_bar_spans_every_match_and_a_new_search_starts_at_the_top(
        qtbot: QtBot, large: Directory, large_window: MainWindow) -> None:
    tab = large_window.tab_pages["clusters"]
    bar = tab.table.verticalScrollBar()
    qtbot.waitUntil(lambda: not tab.model.busy and tab.model.rowCount() == 1_598)
    bar.setValue(bar.maximum())  # dragged to the end: the last rows are read and shown
    qtbot.waitUntil(lambda: tab.table.indexAt(tab.table.viewport().rect().center()).row()
                    > 1_500)
    last = Browse(CLUSTERS).rows(large, 1_597, 1)[0].id
    assert tab.model.index(1_597, 0).data(RecordIdRole) == last
    tab.search_field.setText("agr")
    qtbot.waitUntil(lambda: tab.model.browse.text == "agr" and not tab.model.busy)
    assert bar.value() == 0


def test_selecting_every_row_of_a_large_list(qtbot: QtBot, large: Directory,
                                             large_window: MainWindow) -> None:
    tab = large_window.tab_pages["clusters"]
    qtbot.waitUntil(lambda: not tab.model.busy and tab.model.rowCount() == 1_598)
    tab.table.selectAll()
    expected = [(k, i) for k, i in Browse(CLUSTERS).ordered_keys(large)]
    assert tab.selected_records() == expected
    # (Not selectRow: it follows the keyboard's modifiers, which other tests may leave set.)
    tab.table.selectionModel().select(
        tab.model.index(1_200, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    assert tab.selected_records() == [expected[1_200]]
