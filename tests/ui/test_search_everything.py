"""Search everything (mxdesk/ui/search_everything.py): contacts that share a name are told
apart in the list, by what differs between them. Opened with Ctrl+K and typed into, as a user
does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from mxdesk.core.notes import Contact, NotesStore, points
from mxdesk.ui.window import MainWindow


def typed_in_ctrl_k(qtbot: QtBot, window: MainWindow, typed: str) -> None:
    """Ctrl+K in the window, *typed* typed into the box, its results shown."""
    window.activateWindow()  # the keyboard's, as the window a user has just clicked
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_K,
                   Qt.KeyboardModifier.ControlModifier)
    dialog = window.search_everything
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.field, typed)
    qtbot.waitUntil(lambda: "found" in dialog.hint.text())


def contact_rows(qtbot: QtBot, window: MainWindow, typed: str,
                 group_title: str = "Your contacts") -> list[str]:
    """The rows of "Your contacts" (or another group) after Ctrl+K and typing *typed*."""
    typed_in_ctrl_k(qtbot, window, typed)
    results = window.search_everything.results
    [group] = [results.item(r) for r in range(results.rowCount())
               if results.item(r).text().startswith(group_title)]
    return sorted(group.child(r).text() for r in range(group.rowCount()))


@pytest.fixture(autouse=True)
def closed_after(qtbot: QtBot, window: MainWindow) -> Iterator[None]:
    """Esc closes the box after each test: left open, the modal box of one test would keep
    the keys from the next test's window."""
    yield
    dialog = window.search_everything
    if dialog.isVisible():
        qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not dialog.isVisible())


@pytest.mark.parametrize(("contacts", "rows"), [
    # Two clusters: the cluster tells them apart.
    ([Contact("Ana Pérez", cluster_id="claugto", role="Directora"),
      Contact("Ana Perez", cluster_id="aerocluster-queretaro", role="Directora")],
     ["Ana Perez · Aerocluster de Querétaro", "Ana Pérez · Cluster Automotriz de Guanajuato"]),
    # One cluster: their roles.
    ([Contact("Ana Pérez", cluster_id="claugto", role="Directora"),
      Contact("Ana Pérez", cluster_id="claugto", role="Gerente de compras")],
     ["Ana Pérez · Directora", "Ana Pérez · Gerente de compras"]),
    # Nothing but their e-mail addresses; one without any shows its number.
    ([Contact("Ana Pérez", emails=points("ana@example.org")),
      Contact("Ana Pérez", emails=points("ana.perez@example.net")),
      Contact("Ana Pérez", phones=points("+52 477 555 0101"))],
     ["Ana Pérez · +52 477 555 0101", "Ana Pérez · ana.perez@example.net",
      "Ana Pérez · ana@example.org"]),
    # A name of its own needs nothing more.
    ([Contact("Ana Pérez", cluster_id="claugto"), Contact("Ana María Pérez",
                                                          cluster_id="claugto")],
     ["Ana María Pérez", "Ana Pérez"]),
])
def test_contacts_of_one_name_are_told_apart(qtbot: QtBot, window: MainWindow,
                                             store: NotesStore, contacts: list[Contact],
                                             rows: list[str]) -> None:
    for contact in contacts:
        store.save_contact(contact)
    assert contact_rows(qtbot, window, "ana perez") == rows


def test_the_row_told_apart_opens_its_own_contact(qtbot: QtBot, window: MainWindow,
                                                  store: NotesStore) -> None:
    store.save_contact(Contact("Ana Pérez", cluster_id="claugto"))
    other = store.save_contact(Contact("Ana Pérez", cluster_id="aerocluster-queretaro"))
    contact_rows(qtbot, window, "ana perez")
    dialog = window.search_everything
    for _ in range(2):  # the first row is chosen; ↓ to the Ana Pérez of the Aerocluster
        if dialog.view.currentIndex().data() == "Ana Pérez · Aerocluster de Querétaro":
            break
        qtbot.keyClick(dialog.field, Qt.Key.Key_Down)
    assert dialog.view.currentIndex().data() == "Ana Pérez · Aerocluster de Querétaro"
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert window.my_notes.current == ("contact", str(other.id))


def test_a_label_or_policy_past_its_end_says_so(qtbot: QtBot, window: MainWindow) -> None:
    """Issue 16: every list marks an expired label and an ended policy, Ctrl+K's too (every
    label in the briefings ended by 2021; ProMéxico closed in 2018)."""
    assert "Cluster Automotriz de Nuevo León  (label expired)" in contact_rows(
        qtbot, window, "claut", "Clusters")
    dialog = window.search_everything
    qtbot.keyClick(dialog.field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.field, "promexico")

    def policies() -> list[str]:
        results = dialog.results
        return [g.child(r).text() for g in (results.item(i) for i in range(results.rowCount()))
                if g.text().startswith("Policies") for r in range(g.rowCount())]

    qtbot.waitUntil(lambda: "ProMéxico  (ended 2018)" in policies())
    assert "Secretariat of Economy" in policies()



@pytest.mark.parametrize(("typed", "opened"), [
    ("bombardier", ("company", "bombardier")),  # not the Aerospace sector that names it
    ("energy reform", ("policy", "energy-reform")),
    ("pro aereo", ("policy", "pro-aereo")),  # not the cluster whose figures name the plan
])
def test_enter_opens_the_record_named_by_the_words(qtbot: QtBot, window: MainWindow,
                                                    typed: str, opened: tuple[str, str]) -> None:
    """Issue 16's new-user trial: Enter opened the first group's first row, a record that
    only mentioned the words."""
    typed_in_ctrl_k(qtbot, window, typed)
    qtbot.keyClick(window.search_everything.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.search_everything.isVisible())
    page = window.tabs.currentWidget()
    assert page.current == opened


def test_clusters_of_one_name_are_told_apart_by_state(qtbot: QtBot, window: MainWindow) -> None:
    rows = contact_rows(qtbot, window, "cluster automotriz", "Clusters")
    assert {"Cluster Automotriz · Coahuila", "Cluster Automotriz · San Luis Potosí"} <= set(rows)
    assert "Cluster Automotriz" not in rows
    group = window.search_everything.results.item(0)
    # The two clusters named exactly so come first.
    assert {group.child(0).text(), group.child(1).text()} == {
        "Cluster Automotriz · Coahuila", "Cluster Automotriz · San Luis Potosí"}
