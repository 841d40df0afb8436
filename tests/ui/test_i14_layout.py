"""Issue 14, item 11: on a laptop screen the record gets the room. The cluster's details are
not squeezed by an empty contact form (it opens when a contact is chosen or added), and the
table's columns leave the room to the names (a wide window gave "Quality label" 400 px while
names were cut). Driven by clicks on the real rows and buttons, at the window sizes users have.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QHeaderView, QLabel
from pytestqt.qtbot import QtBot

from mxdesk.core.notes import Contact, NotesStore
from mxdesk.ui.window import MainWindow
from tests.ui.test_i14_notes import click, click_row


def _show_first_cluster(qtbot: QtBot, window: MainWindow, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.wait(50)
    tab = window.tab_pages["clusters"]
    click_row(qtbot, tab.table, 0)
    qtbot.waitUntil(lambda: window.notes_panel.cluster_id is not None)
    qtbot.wait(50)


def test_an_empty_contact_form_does_not_take_the_record_s_room(
        qtbot: QtBot, window: MainWindow) -> None:
    _show_first_cluster(qtbot, window, 1366, 768)
    splitter = window.tab_pages["clusters"].detail_splitter
    detail, panel = splitter.sizes()
    assert detail >= 0.6 * (detail + panel), (detail, panel)
    editor = window.notes_panel.contact_editor
    assert not editor.isVisible()
    hint = window.notes_panel.findChild(QLabel, "contacts-hint")
    assert hint is not None
    assert hint.isVisible()
    assert "Add contact" in hint.text()


def test_add_contact_opens_the_form_with_room_and_leaving_gives_it_back(
        qtbot: QtBot, window: MainWindow, store: NotesStore) -> None:
    _show_first_cluster(qtbot, window, 1366, 768)
    splitter = window.tab_pages["clusters"].detail_splitter
    before = splitter.sizes()
    panel = window.notes_panel
    click(qtbot, panel.add_contact_button)
    qtbot.waitUntil(lambda: panel.contact_editor.isVisible()
                    and splitter.sizes()[1] > before[1])
    detail, room = splitter.sizes()
    assert room >= min(panel.sizeHint().height(), int(0.6 * (detail + room))) - 2
    assert panel.contact_editor.fields["name"].isVisible()
    # Another cluster, with no contact: the form closes and the record has its room back.
    click_row(qtbot, window.tab_pages["clusters"].table, 1)
    qtbot.waitUntil(lambda: not panel.contact_editor.isVisible())
    qtbot.waitUntil(lambda: splitter.sizes() == before)
    assert len(store.contacts()) == 1  # the contact added stays (its name can come later)


def test_choosing_a_contact_shows_the_form(qtbot: QtBot, window: MainWindow,
                                           store: NotesStore) -> None:
    tab = window.tab_pages["clusters"]
    first = tab.model.record_at(0)
    assert first is not None
    store.save_contact(Contact("Ana Perez", cluster_id=first[1]))
    _show_first_cluster(qtbot, window, 1366, 768)
    panel = window.notes_panel
    click_row(qtbot, panel.contact_view, 0)
    qtbot.waitUntil(panel.contact_editor.isVisible)
    assert panel.contact_editor.fields["name"].text() == "Ana Perez"


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_the_names_get_the_table_s_room_and_labels_show_whole(
        qtbot: QtBot, window: MainWindow, width: int, height: int) -> None:
    _show_first_cluster(qtbot, window, width, height)
    table = window.tab_pages["clusters"].table
    header = table.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(header.count())]
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    assert widths[0] == max(widths), widths
    # No column past the table's right edge: nothing to scroll to.
    assert sum(widths) <= table.viewport().width() + 1, (widths, table.viewport().width())
    model = table.model()
    labels = [model.index(r, 3).data() for r in range(model.rowCount())]
    shown = [t for t in labels if t]
    assert "Silver (expired 2019)" in shown
    metrics = table.fontMetrics()
    assert widths[3] >= max(metrics.horizontalAdvance(t) for t in shown) + 8, widths
    assert header.sectionSize(3) <= 180
