"""The detail pane: a record shown in full, and a new selection redrawing only what changed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from mxdesk.core.directory import Directory
from mxdesk.ui.detail import DetailPane, record_html
from mxdesk.ui.models import RecordIdRole
from mxdesk.ui.window import MainWindow


class _LayoutRequests(QObject):
    """Counts the layout requests that reach some widgets."""

    def __init__(self, watched: list[QObject]) -> None:
        super().__init__()
        self.watched = watched
        self.seen: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and watched in self.watched:
            self.seen.append(type(watched).__name__)
        return False


def _settle() -> None:
    """Let posted layout requests run: each pass may post one for the parent."""
    for _ in range(10):
        QApplication.processEvents()


def test_selecting_a_cluster_relays_out_nothing_but_the_pane(window: MainWindow) -> None:
    """Before, every selection asked the whole window for a new layout (the notes panel's
    tab titles and star tool tip were set again) and so repainted all of it."""
    tab = window.tab_pages["clusters"]
    for row in (0, 1, 2):  # the first selections enable Back and show the scroll bar
        tab.table.selectRow(row)
        _settle()
    watcher = _LayoutRequests([window, window.tabs, tab, tab.splitter, tab.detail_splitter,
                               window.notes_panel])
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(watcher)
    try:
        tab.table.selectRow(3)
        _settle()
    finally:
        app.removeEventFilter(watcher)
    assert watcher.seen == []
    record_id = tab.model.index(3, 0).data(RecordIdRole)
    assert tab.current == ("cluster", record_id)
    assert window.notes_panel.cluster_id == record_id
    assert window.notes_panel.tabs.tabText(0) == "Contacts (0)"
    text = tab.detail.toPlainText()
    assert window.directory.cluster(record_id).name in text
    assert "Sources" in text


def test_pane_shows_the_whole_record_and_the_scroll_bar_follows(
        qtbot: QtBot, directory: Directory) -> None:
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.resize(420, 240)
    pane.show()
    long_body = record_html(directory, directory.cluster("claugto"))
    short_body = "<h2>Short</h2><p>One line.</p>"
    bar = pane.verticalScrollBar()

    pane.show_html(long_body)
    _settle()
    assert bar.isVisible()
    pane.show_html(record_html(directory, directory.cluster("claut")))
    _settle()
    assert bar.isVisible()
    assert bar.value() == 0
    assert "Sources" in pane.toPlainText()
    assert pane.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
    # The page is as wide as the viewport beside the bar: laid out once, at that width.
    assert pane.document().textWidth() == pane.viewport().width()

    pane.show_html(short_body)
    _settle()
    assert not bar.isVisible()
    assert pane.toPlainText().startswith("Short")
    assert pane.document().textWidth() == pane.viewport().width()

    pane.show_html(long_body)
    _settle()
    assert bar.isVisible()
    assert "Cluster Automotriz de Guanajuato" in pane.toPlainText()
    assert pane.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded


def test_related_lists_share_one_section(directory: Directory) -> None:
    policy = directory.policy("nuevo-leon-state-cluster-council")
    html = record_html(directory, policy)
    assert html.count(">Related<") == 1
    assert "<b>Clusters in Nuevo León:</b>" in html
    assert html.count("mxdesk://cluster/") == directory.count_clusters_in_state("nuevo-leon")
