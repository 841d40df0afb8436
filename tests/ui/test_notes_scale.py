"""The notes in the window with 100,000 contacts: every action answers as with ten.

The notes file is made fast (benchmarks/notes_ui.py's :func:`make_notes`: raw SQLite rows and
the store's own index rebuild), and the user's steps are the benchmark's own, driven through
real clicks and keys inside the event loop. The bounds are generous (CI machines are slow and
busy): they fail on a list read whole, a save that reloads everything, or a combo box of every
contact — each of which took seconds here — not on a few milliseconds more.
"""

from __future__ import annotations

import gc
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks.notes_ui import Meter, actions, cluster_ids, drive, make_notes
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from mxdesk.core.directory import Directory
from mxdesk.core.notes import Contact, Note, NotesStore, points
from mxdesk.ui.notes_models import PAGE_SIZE
from mxdesk.ui.window import MainWindow

CONTACTS = 100_000
#: The longest the window may be blocked by any one notes action (ms), on any machine.
STALL_BOUND_MS = 250
#: Input to painted frame, likewise.
FRAME_BOUND_MS = 250


@pytest.fixture(autouse=True)
def own_heap() -> Iterator[None]:
    """The window measured with the garbage collector's load of a user's mxdesk, not of the
    whole suite: the objects the earlier tests left behind are frozen out of its reach.

    A full collection walks every tracked object with the GIL held. After the suite's 2,000
    tests there are about 290,000, and one collection takes about 230 ms here. One landing
    inside a measured step read as a 250-265 ms stall in two CI runs, against 35-70 ms
    otherwise. mxdesk's own heap, with these 100,000 contacts and My notes open, is about
    45,000 objects, collected in 11-15 ms. The objects made from here on (the window's, the
    import's) are still collected as in the field."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@pytest.fixture(scope="module")
def many_notes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("many") / "notes.db"
    make_notes(path, CONTACTS, CONTACTS // 100, cluster_ids())
    return path


@pytest.fixture
def big_store(many_notes: Path, tmp_path: Path) -> Iterator[NotesStore]:
    copy = tmp_path / "notes.db"
    shutil.copy(many_notes, copy)
    store = NotesStore(copy)
    yield store
    store.close()


#: The offscreen platform cannot raise a popup or give it the keyboard (the About field's
#: suggestions); it says so, and the popup works all the same.
@pytest.mark.qt_log_ignore("This plugin does not support raise",
                           "This plugin does not support grabbing the keyboard")
def test_every_notes_action_stays_quick_with_100000_contacts(
        qtbot: QtBot, directory: Directory, big_store: NotesStore, tmp_path: Path) -> None:
    window = MainWindow(directory, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                        big_store, background=True)
    window.ask_unsaved = lambda _text: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    results: dict[str, dict[str, float]] = {}
    drive(actions(window, results, quick=True))
    said = "\n".join(f"{name}: {figures}" for name, figures in results.items())
    assert {"open My notes", "select a contact", "autosave pause", "filter: letter 1",
            "choose a note", "About: type a letter", "show a cluster",
            "cluster panel: autosave pause"} <= set(results), said
    for figures in results.values():
        assert figures["stall_ms"] < STALL_BOUND_MS, said
        assert figures["frame_ms"] < FRAME_BOUND_MS, said
    # What keeps it so: a page of rows, not 100,000; a save changes its row, not the list;
    # the About field suggests a few contacts, not all of them.
    notes = window.my_notes
    assert notes.model.rowCount() <= 2 * PAGE_SIZE
    assert results["autosave pause"]["list_resets"] == 0, said
    assert 0 < results["About: type a letter"]["suggested"] <= 50, said
    typed_in = big_store.contact(int(results["type a character"]["contact_id"]))
    assert typed_in.role.endswith("x")  # saved after the pause
    window.close()


def test_an_import_of_100000_contacts_keeps_the_window_responsive_and_cancels_cleanly(
        qtbot: QtBot, window: MainWindow, store: NotesStore, tmp_path: Path) -> None:
    """File ▸ Import of 100,000 contacts runs off the window's thread: a 10 ms timer is never
    held up long, the progress dialog counts the records, and Cancel — clicked while they are
    being written — leaves the notes exactly as they were."""
    store.save_contact(Contact("Ana Perez", cluster_id="claut", emails=points("ana@x.org")))
    store.save_note(Note("Agenda for Monterrey", cluster_id="claut"))
    before = (store.contacts(), store.notes(), store.shortlists())
    source = tmp_path / "many.csv"
    with source.open("w", encoding="utf-8") as out:
        out.write("name,email,phone,organisation\n")
        for n in range(CONTACTS):
            out.write(f"Person {n:06d},p{n}@example.org,+52 55 {n:08d},Empresa {n % 97}\n")
    asked: list[str] = []
    meter = Meter(window)
    reading: dict[str, float] = {}

    def confirm(summary: str) -> str:
        asked.append(summary)
        reading.update(meter.stop())  # read and compared; the writing is measured apart
        meter.start()
        return "skip"

    window.notes.prompts.open_path = lambda: source
    window.notes.prompts.confirm_import = confirm
    window.notes.prompts.ask_import = lambda summary: confirm(summary) == "skip"
    clicked: list[int] = []

    def cancel_once_writing() -> None:
        job = window.notes.current_import
        dialog = job.progress if job is not None else None
        if (not clicked and dialog is not None and dialog.isVisible()
                and dialog.maximum() > 0 and dialog.value() >= dialog.maximum() // 10):
            clicked.append(dialog.value())
            qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)

    watch = QTimer(window)
    watch.timeout.connect(cancel_once_writing)
    watch.start(50)
    meter.start()
    window.import_notes_action.trigger()
    qtbot.waitUntil(lambda: (job := window.notes.current_import) is not None
                    and not job.running() and job.task is None, timeout=120_000)
    writing = meter.stop()
    watch.stop()
    assert f"{CONTACTS:,} new contacts".replace(",", "") in asked[0].replace(",", "")
    assert clicked, "the import ended before Cancel could be clicked while writing"
    assert clicked[0] < CONTACTS
    assert (store.contacts(), store.notes(), store.shortlists()) == before
    assert window.statusBar().currentMessage().startswith("Import cancelled")
    assert writing["stall_ms"] < STALL_BOUND_MS, (reading, writing)
    # Reading and comparing are held to the same bound as writing: before the reader let the
    # window's thread run at each record (and kept the garbage collector off for both
    # threads) this stall was 1-5 s.
    assert reading["stall_ms"] < STALL_BOUND_MS, (reading, writing)


def test_my_notes_lists_contacts_with_accented_names_among_the_others(
        qtbot: QtBot, directory: Directory, tmp_path: Path) -> None:
    """A new-user trial: "Álvaro" and "Łukasz" sorted after "Zoë" (raw characters), out of
    reach by scrolling among 100,000 contacts. My notes lists them by their folded name."""
    store = NotesStore(tmp_path / "notes.db")
    with store.transaction() as conn:
        for name in ("Zoë", "Álvaro", "Beatriz", "Bärbel", "Łukasz", "Luis"):
            store.write_contact(conn, Contact(name))
    window = MainWindow(directory, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                        store, background=True)
    qtbot.addWidget(window)
    window.show()
    tabs = window.tabs
    index = next(i for i in range(tabs.count()) if "notes" in tabs.tabText(i).lower())
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index
    model = window.my_notes.model
    qtbot.waitUntil(lambda: model.rowCount() == 6)
    assert [model.index(row, 1).data() for row in range(6)] == [
        "Álvaro", "Bärbel", "Beatriz", "Luis", "Łukasz", "Zoë"]
    window.close()
    store.close()


def test_cancel_while_a_large_file_is_read_stops_the_reading_at_once(
        qtbot: QtBot, window: MainWindow, store: NotesStore, tmp_path: Path) -> None:
    """Cancel, clicked while 100,000 contacts are still being read, ends the import within a
    moment (the reader stops at the next record), asks nothing and writes nothing."""
    store.save_contact(Contact("Ana Perez", cluster_id="claut", emails=points("ana@x.org")))
    before = store.contacts()
    source = tmp_path / "many.vcf"
    with source.open("w", encoding="utf-8") as out:
        for n in range(CONTACTS):
            out.write(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {n:06d}\r\n"
                      f"EMAIL;TYPE=work:p{n}@example.org\r\nEND:VCARD\r\n")
    asked: list[str] = []
    window.notes.prompts.open_path = lambda: source
    window.notes.prompts.confirm_import = lambda summary: asked.append(summary) or "skip"
    window.notes.prompts.ask_import = lambda summary: asked.append(summary) or True
    meter = Meter(window)
    meter.start()
    window.import_notes_action.trigger()
    job = window.notes.current_import
    assert job is not None
    qtbot.waitUntil(lambda: job.progress is not None and job.progress.isVisible(), timeout=5000)
    assert job.progress is not None
    assert job.progress.labelText() == "Reading many.vcf…"
    clicked = time.perf_counter()
    qtbot.mouseClick(job.progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not job.running() and job.task is None, timeout=60_000)
    stopped_s = time.perf_counter() - clicked
    figures = meter.stop()
    assert asked == []
    assert store.contacts() == before
    assert window.statusBar().currentMessage().startswith("Import cancelled")
    # Reading the whole file takes 10 s or more; stopping is the next record's check.
    assert stopped_s < 2.0, stopped_s
    assert figures["stall_ms"] < STALL_BOUND_MS, figures
