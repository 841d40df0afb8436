"""The notes in the window with many contacts: what a user feels of each action.

    python benchmarks/notes_ui.py                    100,000 contacts beside a floor of 10
    python benchmarks/notes_ui.py --contacts 20000   another size
    python benchmarks/notes_ui.py --runs 5 --json out.json

For each action it measures, as a user feels it, the time from the input event (a real click or
key press, sent as Qt sends it) to the next frame painted, and the longest time the event loop
was blocked meanwhile (a 10 ms timer measuring its own lateness). The actions: opening My notes,
selecting a contact, typing a character, the autosave pause after it, filtering the list as
you type, choosing a note, and, in the Clusters tab, showing a cluster with its contacts and
typing there while My notes is open. Every run is a fresh process (Qt offscreen) on a fresh
copy of the notes file; the floor is the same actions with 10 contacts in the same run. The
notes files are made once with raw SQLite (see :func:`make_notes`) and kept in the system's
temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUNDLED = ROOT / "data" / "clusters.db"
FLOOR_CONTACTS = 10
#: mxdesk.ui.models.RecordIdRole (Qt.ItemDataRole.UserRole + 1), without importing Qt here.
RECORD_ID_ROLE = 0x0100 + 1
#: Every note's text starts with this word, which no contact's text holds: filtering by it
#: lists the notes alone.
NOTE_WORD = "agenda"

_FIRST = ["Ana", "Luis", "María", "José", "Carmen", "Diego", "Sofía", "Pedro", "Lucía",
          "Jorge", "Elena", "Raúl", "Isabel", "Tomás", "Beatriz", "Andrés", "Paula", "Héctor",
          "Claudia", "Martín", "Ingrid", "Klaus", "Sabine", "Pierre", "Giulia", "Jan"]
_LAST = ["Pérez", "Gómez", "Núñez", "López", "García", "Martínez", "Hernández", "Ruiz", "Díaz",
         "Mora", "Fernández", "Peña", "Castillo", "Vargas", "Ortega", "Schmidt", "Müller",
         "Dubois", "Rossi", "de Vries", "Kowalski", "Lindqvist", "Navarro", "Ibarra"]
_ROLES = ["Director", "Gerente de Proyectos", "Coordinadora", "Head of Sales", "CEO",
          "Ingeniero", "Project manager", "Presidente", "Purchasing", ""]
_TAGS = ["follow-up", "automotive", "aerospace", "supplier", "mission-2026"]
_PLACES = ["Querétaro", "Monterrey", "León", "Guadalajara", "Saltillo", "CDMX", ""]


def make_notes(path: Path, contacts: int, notes: int, cluster_ids: Sequence[str],
               seed: int = 13) -> None:
    """A notes file with *contacts* contacts (one or two typed e-mail addresses, a typed phone,
    a tag for a third of them) spread over *cluster_ids*, and *notes* notes, fast: the file is
    made by :class:`NotesStore` (its real schema), the rows go in with raw ``executemany``
    and the search index is filled by the store's own :func:`rebuild_index`."""
    from mxdesk.core.notes import NotesStore
    from mxdesk.core.notes.schema import contact_sort_key, rebuild_index

    NotesStore(path).close()
    rng = random.Random(seed)  # noqa: S311 - made-up contacts, not secrets
    stamp = "2026-03-{:02d}T{:02d}:{:02d}:00+00:00"
    people = []
    points = []
    tags = []
    for n in range(1, contacts + 1):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        handle = f"{first[0]}.{last.split()[-1]}{n}".lower()
        cluster = rng.choice(cluster_ids) if n % 7 else None
        changed = stamp.format(1 + n % 28, n % 24, n % 60)
        people.append((n, f"bench-contact-{n}", f"{first} {last}",
                       contact_sort_key(f"{first} {last}"), rng.choice(_ROLES),
                       f"Empresa {last} S.A. de C.V.", cluster, f"{handle}@example.org",
                       f"+52 55 {n:04d} {n % 9973:04d}", rng.choice(_PLACES),
                       changed[:10], "", changed, changed))
        points.append((n, "email", 0, f"{handle}@example.org", "work"))
        if n % 2:
            points.append((n, "email", 1, f"{handle}@home.example", "home"))
        points.append((n, "phone", 0, f"+52 55 {n:04d} {n % 9973:04d}", "cell"))
        if n % 3 == 0:
            tags.append((n, rng.choice(_TAGS)))
    writings = []
    for n in range(1, notes + 1):
        cluster = rng.choice(cluster_ids)
        linked = rng.randrange(1, contacts + 1) if contacts and n % 2 else None
        changed = stamp.format(1 + n % 28, n % 24, n % 60)
        writings.append((n, f"bench-note-{n}", f"{NOTE_WORD.capitalize()} {n}: visit, "
                         "brochure, call back", cluster, linked, changed, changed))
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO contacts (id, uid, name, sort_key, role, organisation, cluster_id, "
            "email, phone, met_where, met_on, comment, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", people)
        conn.executemany("INSERT INTO contact_points (contact_id, kind, position, value, types) "
                         "VALUES (?, ?, ?, ?, ?)", points)
        conn.executemany("INSERT INTO contact_tags (contact_id, tag) VALUES (?, ?)", tags)
        conn.executemany("INSERT INTO notes (id, uid, body, cluster_id, contact_id, created_at, "
                         "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", writings)
        rebuild_index(conn)  # the store's own indexing, reading each table once
        conn.execute("COMMIT")
    finally:
        conn.close()


def cluster_ids() -> list[str]:
    with sqlite3.connect(f"file:{BUNDLED}?mode=ro", uri=True) as conn:
        return [str(r[0]) for r in conn.execute("SELECT id FROM clusters ORDER BY id")]


def notes_file(contacts: int) -> Path:
    """The benchmark's notes file of this size, made once for each schema version."""
    from mxdesk.core.notes.schema import NOTES_SCHEMA_VERSION

    path = Path(tempfile.gettempdir()) / f"mxdesk-bench-notes-{contacts}-v{NOTES_SCHEMA_VERSION}.db"
    if not path.exists():
        print(f"making {contacts:,} contacts in {path} (once)…", flush=True)
        make_notes(path, contacts, max(contacts // 100, 5), cluster_ids())
    return path


# -- measuring what a user feels ---------------------------------------------------------------


class Meter:
    """Input to next painted frame, and the longest block of the event loop, for one window.

    :meth:`start` is called just before an input event is sent; the first repaint of the
    window that ends after it gives ``frame_ms``. A 10 ms timer measures its own lateness:
    ``stall_ms`` is the worst of it since :meth:`start`. ``shown_ms`` is the first frame
    after :meth:`changed` was called (e.g. a list's model reset: the result on screen)."""

    def __init__(self, window: Any) -> None:
        from PySide6.QtCore import QEvent, QObject, Qt, QTimer

        meter = self

        class _Frames(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:
                if event.type() != QEvent.Type.UpdateRequest or meter.started is None:
                    return False
                # Paint now, to know when the frame ends.
                watched.event(event)
                meter.frame_done()
                return True

        self.window = window
        self.started: float | None = None
        self.frame_ms: float | None = None
        self.shown_ms: float | None = None
        self.stall_ms = 0.0
        self._changed: float | None = None
        self._last = time.perf_counter()
        self._frames = _Frames()
        window.installEventFilter(self._frames)
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._beat)
        self._timer.start()

    def watch(self, window: Any) -> None:
        """Count the frames of another top-level window too (a popup list)."""
        window.installEventFilter(self._frames)

    def _beat(self) -> None:
        now = time.perf_counter()
        if self.started is not None:
            self.stall_ms = max(self.stall_ms, (now - self._last) * 1000 - 10)
        self._last = now

    def start(self) -> None:
        self._last = time.perf_counter()
        self.started = time.perf_counter()
        self.frame_ms = self.shown_ms = self._changed = None
        self.stall_ms = 0.0

    def changed(self, *_args: object) -> None:
        if self.started is not None and self._changed is None:
            self._changed = time.perf_counter()

    def frame_done(self) -> None:
        assert self.started is not None
        now = (time.perf_counter() - self.started) * 1000
        if self.frame_ms is None:
            self.frame_ms = now
        if self._changed is not None and self.shown_ms is None:
            self.shown_ms = now

    def stop(self) -> dict[str, float]:
        figures = {"frame_ms": self.frame_ms or 0.0, "stall_ms": max(self.stall_ms, 0.0)}
        if self._changed is not None:
            figures["shown_ms"] = self.shown_ms or 0.0
        self.started = None
        return figures


def drive(steps: Iterator[int]) -> None:
    """Run *steps* inside an event loop, as input arrives in the app: each yields how many ms
    the loop then runs freely (painting, timers, autosaves) before the next step."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()

    def step() -> None:
        try:
            delay = next(steps)
        except StopIteration:
            loop.quit()
            return
        QTimer.singleShot(delay, step)

    QTimer.singleShot(0, step)
    loop.exec()


def click(widget: Any, pos: Any = None) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     pos if pos is not None else widget.rect().center())


def key(widget: Any, text: str) -> None:
    from PySide6.QtTest import QTest

    QTest.keyClicks(widget, text)


def click_row(view: Any, row: int, column: int = 0) -> None:
    index = view.model().index(row, column)
    view.scrollTo(index)
    click(view.viewport(), view.visualRect(index).center())


def actions(window: Any, results: dict[str, dict[str, float]],
            quick: bool = False, importing: int = 0) -> Iterator[int]:
    """The user's steps, each measured; *results* gets action -> figures. *quick* waits less
    between steps (tests), never less than an autosave needs; *importing*: a last step
    imports that many contacts."""
    from mxdesk.ui.notes_ui import AUTOSAVE_MS

    meter = Meter(window)
    resets = [0]

    def pace(ms: int) -> int:
        return max(ms // 4, 100) if quick else ms

    def measure(name: str, act: Callable[[], object], settle_ms: int = 600,
                changed: Any = None) -> Iterator[int]:
        if changed is not None:
            changed.connect(meter.changed)
        meter.start()
        before = resets[0]
        act()
        yield settle_ms
        results[name] = {**meter.stop(), "list_resets": float(resets[0] - before)}
        if changed is not None:
            changed.disconnect(meter.changed)

    saving = AUTOSAVE_MS + 400  # the typing pause, the save, and its frame
    yield pace(1500)  # the window settles after start (first rows, first cluster shown)
    tabs = window.tabs
    index = next(i for i in range(tabs.count()) if "notes" in tabs.tabText(i).lower())
    bar = tabs.tabBar()
    yield from measure("open My notes", lambda: click(bar, bar.tabRect(index).center()),
                       pace(1500))
    notes = window.my_notes
    table = notes.table
    model = table.model()
    model.modelReset.connect(lambda: resets.__setitem__(0, resets[0] + 1))
    yield from measure("select a contact", lambda: click_row(table, 2, 1), pace(600))
    editor = notes.contact_editor
    role = editor.fields["role"]
    click(role)
    role.end(False)
    yield pace(300)
    yield from measure("type a character", lambda: key(role, "x"), 100)
    results["type a character"]["contact_id"] = float(editor.base.id)
    yield from measure("autosave pause", lambda: None, saving)
    search = notes.search_field
    click(search)
    yield pace(200)
    for n, letter in enumerate("ana"):
        yield from measure(f"filter: letter {n + 1}", lambda letter=letter: key(search, letter),
                           pace(700), model.modelReset)
    search.selectAll()
    key(search, NOTE_WORD)
    yield pace(1200)
    yield from measure("choose a note", lambda: click_row(table, 0, 1), pace(900))
    about = getattr(notes.note_editor, "about", None)
    if about is not None:  # the searchable "About" field (not in older versions)
        picker = about.field
        meter.watch(about.popup)
        click(picker)
        picker.selectAll()  # typing replaces the contact linked now
        yield pace(200)
        yield from measure("About: type a letter", lambda: key(picker, "m"), pace(600))
        results["About: type a letter"]["suggested"] = float(about.model.rowCount())
        about.popup.hide()
    # The Clusters tab: a cluster with its contacts, and typing there while My notes is open.
    clusters = window.tab_pages["clusters"]
    yield from measure("open Clusters", lambda: click(bar, bar.tabRect(0).center()), pace(900))
    # The cluster with the most contacts (about 1,000 of 100,000 over the 98 clusters).
    busiest = window.store.conn.execute(
        "SELECT cluster_id FROM contacts WHERE cluster_id IS NOT NULL GROUP BY cluster_id "
        "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    cluster_model = clusters.table.model()
    row = next(r for r in range(cluster_model.rowCount())
               if cluster_model.index(r, 0).data(RECORD_ID_ROLE) == busiest)
    yield from measure("show a cluster", lambda: click_row(clusters.table, row, 0), pace(900))
    panel = window.notes_panel
    if panel.contact_list.rowCount():
        panel_role = panel.contact_editor.fields["role"]
        click(panel_role)
        yield pace(300)
        yield from measure("cluster panel: type a character", lambda: key(panel_role, "y"),
                           100)
        yield from measure("cluster panel: autosave pause", lambda: None, saving)
    if importing and hasattr(window, "_import"):  # (the import ran on the window's thread before)
        yield from import_contacts(window, meter, importing, results)
    for name in ("autosave pause", "cluster panel: autosave pause"):
        if name in results:  # no input event: only the stall counts
            results[name]["frame_ms"] = 0.0


def write_contacts_csv(path: Path, count: int) -> Path:
    """A contacts CSV of *count* made-up people, as a spreadsheet would export it."""
    with path.open("w", encoding="utf-8") as out:
        out.write("name,email,phone,organisation\n")
        for n in range(count):
            out.write(f"Person {n:06d},p{n}@example.org,+52 55 {n:08d},Empresa {n % 97}\n")
    return path


def import_contacts(window: Any, meter: Meter, count: int,
                    results: dict[str, dict[str, float]]) -> Iterator[int]:
    """File ▸ Import of a CSV of *count* new contacts, to its end: the longest stall while it
    runs, and how long it takes."""
    source = write_contacts_csv(Path(tempfile.mkdtemp(prefix="mxdesk-bench-import-"))
                                / "contacts.csv", count)
    window.notes.prompts.open_path = lambda: source
    window.notes.prompts.confirm_import = lambda _summary: "skip"
    window.notes.prompts.ask_import = lambda _summary: True
    meter.start()
    started = time.perf_counter()
    window.import_notes_action.trigger()
    while window.notes.current_import is not None and window.notes.current_import.task is not None:
        yield 50
    yield 300  # the lists follow the import
    results[f"import {count:,} contacts"] = {
        **meter.stop(), "seconds": time.perf_counter() - started,
        "imported": float(window.store.counts()[0])}
    shutil.rmtree(source.parent, ignore_errors=True)


def probe(notes: Path) -> dict[str, Any]:
    """One run, in this process, on a copy of *notes*: action -> figures."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data = Path(tempfile.mkdtemp(prefix="mxdesk-bench-notes-"))
    os.environ["MXDESK_DATA_DIR"] = str(data)
    shutil.copy(notes, data / "notes.db")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from mxdesk.core.directory import Directory
    from mxdesk.core.notes import NotesStore
    from mxdesk.ui.window import MainWindow

    app = QApplication(sys.argv[:1])  # noqa: F841 - Qt needs it alive while the window runs
    store = NotesStore(data / "notes.db")
    window = MainWindow(Directory(BUNDLED), QSettings(str(data / "settings.ini"),
                                                      QSettings.Format.IniFormat), store)
    window.ask_unsaved = lambda _text: "discard"  # type: ignore[method-assign]
    window.resize(1366, 768)
    window.show()
    results: dict[str, dict[str, float]] = {}
    contacts = store.counts()[0]
    drive(actions(window, results, importing=contacts))
    window.close()
    store.close()
    shutil.rmtree(data, ignore_errors=True)
    return results


def _spawn(notes: Path) -> dict[str, dict[str, float]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run([sys.executable, str(Path(__file__)), "probe", str(notes)],
                         capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if out.returncode:
        sys.exit(f"probe failed ({out.returncode}):\n{out.stderr}")
    line = [x for x in out.stdout.splitlines() if x.startswith("{")][-1]
    return json.loads(line)  # type: ignore[no-any-return]


def _range(values: list[float]) -> str:
    return (f"{statistics.median(values):7.1f} [{min(values):.1f}–{max(values):.1f}]"
            if values else "      –")


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "probe":
        print(json.dumps(probe(Path(sys.argv[2]))), flush=True)
        return 0
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, metavar="OUT.json")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    sizes = [args.contacts, FLOOR_CONTACTS]
    files = {size: notes_file(size) for size in sizes}
    runs: dict[int, list[dict[str, dict[str, float]]]] = {size: [] for size in sizes}
    for _ in range(args.runs):  # the sizes take turns, so a busy moment weighs on both
        for size in sizes:
            runs[size].append(_spawn(files[size]))
    names = list(dict.fromkeys(name for size in sizes for r in runs[size] for name in r))
    print(f"\nms, median [min–max] of {args.runs} runs; input → next frame painted, "
          "longest event-loop stall")
    print(f"{'action':34} {f'{args.contacts:,} frame':>22} {'stall':>22} "
          f"{f'{FLOOR_CONTACTS} frame':>22} {'stall':>22}")
    table: dict[str, dict[str, list[float]]] = {}
    for name in names:
        if name.startswith("import "):
            continue
        cells = []
        for size in sizes:
            for figure in ("frame_ms", "stall_ms"):
                values = [r[name][figure] for r in runs[size] if name in r]
                table.setdefault(name, {})[f"{size}_{figure}"] = values
                cells.append(_range(values))
        print(f"{name:34} " + " ".join(f"{c:>22}" for c in cells))
        shown = {size: [r[name]["shown_ms"] for r in runs[size] if "shown_ms" in r.get(name, {})]
                 for size in sizes}
        if shown[args.contacts]:
            print(f"{'  … list shown filtered':34} {_range(shown[args.contacts]):>22} {'':>22} "
                  f"{_range(shown[FLOOR_CONTACTS]):>22}")
            for size in sizes:
                table[name][f"{size}_shown_ms"] = shown[size]
    for size in sizes:  # File ▸ Import of as many new contacts as the notes hold
        name = f"import {size:,} contacts"
        done = [r[name] for r in runs[size] if name in r]
        if done:
            seconds = [d["seconds"] for d in done]
            stalls = [d["stall_ms"] for d in done]
            table[name] = {"seconds": seconds, "stall_ms": stalls}
            print(f"{name:34} {_range(seconds)} s to the end, longest stall {_range(stalls)} ms")
    if args.json:
        args.json.write_text(json.dumps({
            "machine": {"python": platform.python_version(), "platform": platform.platform(),
                        "cpus": os.cpu_count()},
            "contacts": args.contacts, "floor_contacts": FLOOR_CONTACTS, "runs": args.runs,
            "figures": table}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
