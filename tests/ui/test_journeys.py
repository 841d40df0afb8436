"""The mission loop, click by click (issue 14): prepare, meet, follow up.

Each journey drives only what a user drives: mouse clicks on the real rows, check boxes, tabs
and buttons, typed keys and shortcuts, menu actions triggered as the menu does, and the real
dialogs (the brochure dialog, the Save and Open dialogs, the message boxes, the print preview)
answered by a timer acting in them as a user does. Nothing calls the slot behind a button. Each
step checks what the user sees: rows, texts, files written (read back by pypdf, vobject, csv
and json). `docs/screenshots/make.py` keeps a picture of each journey's end for a person.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import vobject
from PySide6.QtCore import QDate, QLocale, QPoint, Qt, QTimer
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QFileSystemModel,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from mxdesk.core import i18n
from mxdesk.core.i18n import _, ngettext, pgettext
from mxdesk.core.notes import NotesStore
from mxdesk.ui import language
from mxdesk.ui.export import BrochureDialog
from mxdesk.ui.tab import BrowserTab
from mxdesk.ui.window import MainWindow
from tests.conftest import ROOT
from tests.pdftext import pdf_text
from tests.ui.test_brochure_dialog import save_as
from tests.ui.test_i14_notes import click, click_row, shortlists_page, type_in_next_input_dialog
from tests.ui.test_window import facet_index

CASES = ROOT / "tests" / "data" / "cases"  # (copies of ../shared/cases: CI has only the clone)
LIST_NAME = "Querétaro & Monterrey"
REMARK = "Meeting Tue 10 March 10:00, Apodaca"


# -- what a user does, one gesture each ---------------------------------------------------------


def in_next_dialog(kind: type[QWidget], act: Callable[[QWidget], None],
                   seen: list[QWidget] | None = None) -> None:
    """When a dialog of *kind* is the active modal window, *act* in it (as a user would);
    an answer that fails closes it, so that exec() returns and the test says why."""
    def attempt(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            if tries < 500:
                QTimer.singleShot(10, lambda: attempt(tries + 1))
            return
        if seen is not None:
            seen.append(dialog)
        try:
            act(dialog)
        finally:
            if dialog.isVisible() and isinstance(dialog, QMessageBox | BrochureDialog
                                                 | QPrintPreviewDialog | QFileDialog):
                QTimer.singleShot(200, lambda: dialog.isVisible() and dialog.reject())

    QTimer.singleShot(0, attempt)


def press_button(qtbot: QtBot, dialog: QWidget, text: str) -> None:
    """Click the dialog's button that says *text* (its mnemonic mark aside)."""
    for button in dialog.findChildren(QAbstractButton):
        if button.text().replace("&", "") == text and button.isVisible():
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            return
    raise AssertionError(f"no button {text!r} in {dialog.windowTitle()!r}: "
                         f"{[b.text() for b in dialog.findChildren(QAbstractButton)]}")


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type *text* as a keyboard with the right layout sends it: a key press per character,
    with its text ("é" as the key É with the text "é"; QTest's keyClicks knows ASCII only)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
            continue
        code = ord(ch.upper())
        key = Qt.Key(code) if code < 0x100 else Qt.Key.Key_unknown
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, key, ch,
                           Qt.KeyboardModifier.NoModifier)


def click_tab(qtbot: QtBot, window: MainWindow, page: QWidget) -> None:
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                     pos=bar.tabRect(window.tabs.indexOf(page)).center())
    assert window.tabs.currentWidget() is page


def tick(qtbot: QtBot, tab: BrowserTab, title: str, value: str) -> None:
    """Click a facet's check box, as tests/ui/test_window.py's mouse test does."""
    view = tab.facet_view
    index = facet_index(tab, title, value)
    view.scrollTo(index)
    rect = view.visualRect(index)
    indicator = view.style().pixelMetric(view.style().PixelMetric.PM_IndicatorWidth)
    point = rect.topLeft() + QPoint(3 + indicator // 2, rect.height() // 2)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def listed(tab: BrowserTab) -> list[str]:
    return [tab.model.index(r, 0).data() for r in range(tab.model.rowCount())]


def start(qtbot: QtBot, window: MainWindow) -> None:
    """The window as on a laptop, in front and active (it has the keyboard)."""
    window.resize(1366, 768)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def choose_row(qtbot: QtBot, tab: BrowserTab, name: str) -> None:
    rows = listed(tab)
    assert name in rows, rows
    click_row(qtbot, tab.table, rows.index(name))
    qtbot.waitUntil(lambda: tab.detail.toPlainText().startswith(name))


@pytest.fixture(params=[i18n.ENGLISH, i18n.SPANISH], autouse=True)
def speaking(request: pytest.FixtureRequest) -> Iterator[str]:
    """Every journey is walked in English and in Spanish (issue 20): the window is made in
    the language, and every text the test looks for is the one that language shows."""
    language.apply(request.param)
    yield request.param
    language.apply(i18n.ENGLISH)


@pytest.fixture
def en_gb() -> Iterator[None]:
    """The user's language writes dates day first (British English)."""
    before = QLocale()
    QLocale.setDefault(QLocale("en_GB"))
    yield
    QLocale.setDefault(before)


# -- prepare ----------------------------------------------------------------------------------


def test_prepare_a_mission_brochure_from_a_shortlist(
        qtbot: QtBot, window: MainWindow, store: NotesStore, tmp_path: Path) -> None:
    start(qtbot, window)
    clusters = window.tab_pages["clusters"]
    # Search, then tick two states and a sector.
    qtbot.mouseClick(clusters.search_field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(clusters.search_field, "cluster")
    qtbot.keyClick(clusters.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: clusters.model.matching < 98)
    qtbot.keyClick(clusters.search_field, Qt.Key.Key_Escape)  # Esc clears the search
    qtbot.waitUntil(lambda: clusters.model.matching == 98)
    tick(qtbot, clusters, _("State"), "Nuevo León")
    tick(qtbot, clusters, _("State"), "Querétaro")
    tick(qtbot, clusters, _("Sector"), "Automotive")
    qtbot.waitUntil(lambda: clusters.model.matching == 2)
    assert listed(clusters) == ["Cluster Automotriz de Nuevo León",
                                "Cluster Automotriz de Querétaro"]

    # A shortlist made with "New…", the one the star adds to.
    shortlists_page(qtbot, window)
    notes = window.my_notes
    type_in_next_input_dialog(LIST_NAME)
    click(qtbot, notes.new_list_button)
    qtbot.waitUntil(lambda: any(s.name == LIST_NAME for s in store.shortlists()))
    names = [notes.shortlist_model.item(r).text() for r in range(notes.shortlist_model.rowCount())]
    click_row(qtbot, notes.shortlist_view, next(n for n, t in enumerate(names) if LIST_NAME in t))
    if notes.current_list_button.isEnabled():
        click(qtbot, notes.current_list_button)
    current = store.current_shortlist()
    assert current is not None
    assert current.name == LIST_NAME

    # Star three clusters: the two listed, then one more after changing the sector.
    click_tab(qtbot, window, clusters)
    for name in listed(clusters):
        choose_row(qtbot, clusters, name)
        star = window.notes_panel.star
        assert "Querétaro && M" in star.text()  # "&" shown as itself (elided to fit)
        click(qtbot, star)
    tick(qtbot, clusters, _("Sector"), "Automotive")
    tick(qtbot, clusters, _("Sector"), "Aerospace")
    qtbot.waitUntil(lambda: "Monterrey Aerocluster" in listed(clusters))
    choose_row(qtbot, clusters, "Monterrey Aerocluster")
    click(qtbot, window.notes_panel.star)
    current = store.current_shortlist()
    assert current is not None
    assert [i.cluster_id for i in current.items] == [
        "claut", "cluster-automotriz-queretaro", "monterrey-aerocluster"]

    # Reorder: the aerocluster up one; then a remark for the Nuevo León cluster.
    shortlists_page(qtbot, window)
    qtbot.waitUntil(lambda: notes.items_model.rowCount() == 3)
    click_row(qtbot, notes.items_view, 2)
    click(qtbot, notes.up_button)
    qtbot.waitUntil(lambda: [i.cluster_id for i in store.shortlist(int(current.id or 0)).items]
                    == ["claut", "monterrey-aerocluster", "cluster-automotriz-queretaro"])
    cell = notes.items_model.index(0, 2)
    rect = notes.items_view.visualRect(cell)
    # A double click is a press, a release and a double click, as the system sends it.
    qtbot.mouseClick(notes.items_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(notes.items_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: notes.items_view.findChild(QLineEdit) is not None)
    editor = notes.items_view.findChild(QLineEdit)
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, REMARK)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: store.shortlist(int(current.id or 0)).items[0].remark == REMARK)

    # The brochure of the shortlist: the remark is printed with its cluster, in this order.
    out = tmp_path / "out"
    out.mkdir()
    offered: list[str] = []
    in_next_dialog(BrochureDialog, lambda d: (
        offered.append(d.group.checkedButton().text()),
        qtbot.mouseClick(d.export_button, Qt.MouseButton.LeftButton)))  # type: ignore[attr-defined]
    save_as(qtbot, out, "Queretaro and Monterrey", 0)
    click(qtbot, notes.brochure_button)
    qtbot.waitUntil(lambda: window.exports.last_export is not None, timeout=20_000)
    assert "Querétaro && Monterrey" in offered[0]
    assert window.exports.last_export is not None
    assert window.exports.last_export.path == out / "Queretaro and Monterrey.pdf"
    text = pdf_text(window.exports.last_export.path)
    assert f"{_('Your remark')} {REMARK}" in text
    order = [text.index(f"{name} {_('Cluster organisation')}") for name in (
        "Cluster Automotriz de Nuevo León", "Monterrey Aerocluster",
        "Cluster Automotriz de Querétaro")]
    assert order == sorted(order)

    # Print preview of the same brochure: it opens with its pages; closing it prints nothing.
    previews: list[QWidget] = []
    in_next_dialog(BrochureDialog, lambda d: qtbot.mouseClick(
        d.print_button, Qt.MouseButton.LeftButton))  # type: ignore[attr-defined]
    in_next_dialog(QPrintPreviewDialog, lambda d: qtbot.keyClick(d, Qt.Key.Key_Escape),
                   previews)
    click(qtbot, notes.brochure_button)
    qtbot.waitUntil(lambda: bool(previews) and not previews[0].isVisible(), timeout=20_000)
    assert previews[0].windowTitle() == _("Print — {title}").format(title=LIST_NAME)
    window.grab().save(str(tmp_path / "prepare.png"))


# -- meet -------------------------------------------------------------------------------------


#: The offscreen platform cannot raise the calendar pop-up or give it the keyboard; it says so,
#: and the pop-up works all the same.
@pytest.mark.qt_log_ignore("This plugin does not support raise",
                           "This plugin does not support grabbing the keyboard")
def test_meet_contacts_dates_a_note_and_undo(qtbot: QtBot, en_gb: None, window: MainWindow,
                                             store: NotesStore) -> None:
    start(qtbot, window)
    clusters = window.tab_pages["clusters"]
    qtbot.mouseClick(clusters.search_field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(clusters.search_field, "CLAUT")
    qtbot.keyClick(clusters.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Cluster Automotriz de Nuevo León" in listed(clusters))
    choose_row(qtbot, clusters, "Cluster Automotriz de Nuevo León")
    panel = window.notes_panel
    editor = panel.contact_editor

    # Ana, met on a date picked in the calendar, with two e-mail addresses.
    click(qtbot, panel.add_contact_button)
    qtbot.waitUntil(editor.isVisible)
    type_text(qtbot, editor.fields["name"], "Ana Pérez")
    emails = editor.points["emails"]
    qtbot.mouseClick(emails.rows[0].value, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(emails.rows[0].value, "ana@claut.mx")
    click(qtbot, emails.add_button)
    qtbot.waitUntil(lambda: len(emails.rows) == 2)
    qtbot.keyClicks(emails.rows[1].value, "ana.perez@gmail.com")
    click(qtbot, editor.date_field.button)
    calendar = editor.date_field.calendar
    qtbot.waitUntil(calendar.isVisible)
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, Qt.Key.Key_Left)  # it opens at today (a new contact's date):
    qtbot.keyClick(focus, Qt.Key.Key_Return)  # the day before
    yesterday = QDate.currentDate().addDays(-1).toString("yyyy-MM-dd")
    qtbot.waitUntil(lambda: [c.met_on for c in store.contacts()] == [yesterday])
    qtbot.mouseClick(editor.fields["role"], Qt.MouseButton.LeftButton)  # on to another field
    qtbot.waitUntil(lambda: [c.name for c in store.contacts()] == ["Ana Pérez"])
    [ana] = store.contacts()
    assert ana.name == "Ana Pérez"
    assert [p.value for p in ana.emails] == ["ana@claut.mx", "ana.perez@gmail.com"]

    # Luis, met on a date typed as a British user writes it.
    click(qtbot, panel.add_contact_button)
    qtbot.waitUntil(lambda: editor.fields["name"].text() == _("New contact"))  # selected
    type_text(qtbot, editor.fields["name"], "Luis Gómez")
    met_on = editor.fields["met_on"]
    qtbot.mouseClick(met_on, Qt.MouseButton.LeftButton)
    qtbot.keyClick(met_on, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(met_on, "10/03/2027")
    qtbot.mouseClick(editor.fields["role"], Qt.MouseButton.LeftButton)  # leaves the date
    qtbot.waitUntil(lambda: any(c.name == "Luis Gómez" and c.met_on == "2027-03-10"
                                for c in store.contacts()))
    assert met_on.text() == "10/03/2027"

    # A note on the cluster.
    tabs = panel.tabs
    qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=tabs.tabBar().tabRect(1).center())
    click(qtbot, panel.add_note_button)
    body = panel.note_editor.text
    qtbot.waitUntil(body.isVisible)
    qtbot.keyClicks(body, "Visit the test track on day 2")
    qtbot.waitUntil(lambda: [n.body for n in store.notes()] == ["Visit the test track on day 2"],
                    timeout=5000)  # saved after the typing pause

    # Delete Luis, then Ctrl+Z brings him back.
    qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=tabs.tabBar().tabRect(0).center())
    names = [panel.contact_list.index(r, 0).data() for r in range(panel.contact_list.rowCount())]
    click_row(qtbot, panel.contact_view, next(n for n, t in enumerate(names) if "Luis" in t))
    qtbot.waitUntil(lambda: editor.fields["name"].text() == "Luis Gómez")
    click(qtbot, panel.delete_contact_button)
    qtbot.waitUntil(lambda: [c.name for c in store.contacts()] == ["Ana Pérez"])
    window.activateWindow()  # (offscreen, a closed pop-up does not hand activation back)
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.focusWidget() or panel.contact_view, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: sorted(c.name for c in store.contacts())
                    == ["Ana Pérez", "Luis Gómez"])
    luis = next(c for c in store.contacts() if c.name == "Luis Gómez")
    assert luis.met_on == "2027-03-10"


# -- follow up --------------------------------------------------------------------------------


@pytest.mark.qt_log_ignore("This plugin does not support raise",
                           "This plugin does not support grabbing the keyboard")
def test_follow_up_export_import_and_find(qtbot: QtBot, window: MainWindow, store: NotesStore,
                                          tmp_path: Path) -> None:
    from mxdesk.core.notes import Contact, points

    start(qtbot, window)
    store.save_contact(Contact("Ana Pérez", organisation="CLAUT", cluster_id="claut",
                               emails=points("ana@claut.mx", "ana.perez@gmail.com")))
    out = tmp_path / "out"
    out.mkdir()
    # File ▸ Export my notes, three times: vCard, CSV, JSON, each read back.
    for typed, kinds_down in (("contacts.vcf", 0), ("contacts", 1), ("everything.json", 0)):
        save_as(qtbot, out, typed, kinds_down)
        window.export_notes_action.trigger()
    assert sorted(p.name for p in out.iterdir()) == ["contacts.csv", "contacts.vcf",
                                                     "everything.json"]
    [card] = vobject.readComponents((out / "contacts.vcf").read_text(encoding="utf-8"))
    assert card.fn.value == "Ana Pérez"
    assert [e.value for e in card.contents["email"]] == ["ana@claut.mx", "ana.perez@gmail.com"]
    with (out / "contacts.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [r["name"] for r in csv.DictReader(handle, delimiter=";")] == ["Ana Pérez"]
    assert [c["name"] for c in json.loads(
        (out / "everything.json").read_text(encoding="utf-8"))["contacts"]] == ["Ana Pérez"]

    # File ▸ Import of a phone's vCard (vCard 2.1, quoted-printable, soft line breaks),
    # chosen in the real Open dialog; the import's question answered with its Import button.
    source = tmp_path / "from phone.vcf"
    shutil.copy(CASES / "vc02_android_qp_softbreak.vcf", source)

    def open_it(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        with qtbot.waitSignal(dialog.findChild(QFileSystemModel).directoryLoaded):
            dialog.setDirectory(str(tmp_path))
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        name.clear()
        qtbot.keyClicks(name, source.name)
        button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Open)
        qtbot.waitUntil(button.isEnabled)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    summaries: list[str] = []
    in_next_dialog(QFileDialog, open_it)
    in_next_dialog(QMessageBox, lambda box: (summaries.append(box.text()),
                                             press_button(qtbot, box,
                                                          pgettext("verb", "Import"))))
    window.import_notes_action.trigger()
    qtbot.waitUntil(lambda: len(store.contacts()) == 2, timeout=20_000)
    assert summaries
    new = ngettext("{n} new contact", "{n} new contacts", 1).format(n=1)
    assert summaries[0].startswith(
        ngettext("{items} will be added.", "{items} will be added.", 1).format(items=new))
    imported = next(c for c in store.contacts() if c.name != "Ana Pérez")
    assert imported.name == "José María Gutiérrez Ibáñez"
    assert imported.comment == ("Reunión en Querétaro: interés en el clúster aeroespacial; "
                                "seguimiento en marzo.")

    # Ctrl+K finds the new contact as typed without accents.
    window.activateWindow()  # (the dialogs gone, the window has the keyboard again)
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_K,
                   Qt.KeyboardModifier.ControlModifier)
    box = window.search_everything
    qtbot.waitUntil(box.isVisible)
    qtbot.keyClicks(box.field, "jose maria gutierrez")
    qtbot.waitUntil(lambda: any(
        "José María Gutiérrez Ibáñez" in (box.results.item(g).child(r).text() or "")
        for g in range(box.results.rowCount())
        for r in range(box.results.item(g).rowCount())), timeout=5000)
    qtbot.keyClick(box.field, Qt.Key.Key_Escape)
