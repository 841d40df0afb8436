"""One measurement in a fresh process (run by benchmarks/run.py; not useful alone).

    python benchmarks/probe.py bare                 a bare PySide6 window with one empty table
    python benchmarks/probe.py stand-in             a Qt-only stand-in for mxdesk's window
    python benchmarks/probe.py startup DB           mxdesk's window, until the first rows show
    python benchmarks/probe.py work DB              search, selection, PDF and memory figures

Each prints one line of JSON. Qt runs offscreen, so no display is needed.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
QUERIES = ["queretaro", "nuevo leon", "aeroespacial", "automotriz bajio", "energia",
           "tecnologias de la informacion", "cluster medico", "a", "cl", "mueble jalisco"]


def peak_rss_mb() -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _shown(app: Any, window: Any, table: Any) -> dict[str, float]:
    """Show *window* at the benchmark's size, print READY once *table* has painted its first
    rows, as mxdesk's own probe does (mxdesk.ui.app.FirstRowsPainted, copied here so that the
    floor loads no mxdesk module), and quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Painted(QObject):
        rows = 0

        def eventFilter(self, watched: Any, event: Any) -> bool:
            model = table.model()
            if (event.type() == QEvent.Type.Paint and not self.rows and model.rowCount()
                    and table.rowAt(0) >= 0):
                self.rows = model.rowCount()
                table.viewport().removeEventFilter(self)
                # Queued: runs after the viewport has drawn this paint.
                QTimer.singleShot(0, ready)
            return False

    def ready() -> None:
        print("READY", flush=True)
        app.quit()

    painted = Painted(window)
    table.viewport().installEventFilter(painted)
    window.resize(1366, 768)
    window.show()
    app.exec()
    return {"rss_mb": peak_rss_mb(), "painted_rows": painted.rows}


def bare() -> dict[str, float]:
    """A bare PySide6 window with one table of 40 short rows, to its first painted rows.
    (Before issue 17 its table was empty and READY came before any paint.)"""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    table = QTableView(window)
    model = QStandardItemModel(40, 4, table)
    for r in range(40):
        for c in range(4):
            model.setItem(r, c, QStandardItem(f"Row {r} column {c}"))
    table.setModel(model)
    window.setCentralWidget(table)
    return _shown(app, window, table)


def stand_in() -> dict[str, float]:
    """A Qt-only stand-in for mxdesk's first window: the same kinds of widgets (menus, a
    toolbar with the style's icons, five tabs, a search field, a facet tree, a 98-row table,
    a text browser, splitters), filled with made-up text, and no mxdesk code or data. It
    tells how much of mxdesk's start-up is Qt's own price for such a window."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QApplication,
        QHBoxLayout,
        QHeaderView,
        QLabel,
        QLineEdit,
        QMainWindow,
        QSplitter,
        QStyle,
        QTableView,
        QTabWidget,
        QTextBrowser,
        QToolBar,
        QTreeView,
        QVBoxLayout,
        QWidget,
    )

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    tabs = QTabWidget(window)
    tabs.setDocumentMode(True)
    page = QWidget()
    layout = QVBoxLayout(page)
    search = QLineEdit()
    search.setClearButtonEnabled(True)
    layout.addWidget(search)
    split = QSplitter(Qt.Orientation.Horizontal)
    layout.addWidget(split)
    facets = QStandardItemModel()
    for g in range(4):
        group = QStandardItem(f"Group {g}")
        for v in range(12):
            item = QStandardItem(f"Value {v} (3)")
            item.setCheckable(True)
            group.appendRow(item)
        facets.appendRow(group)
    tree = QTreeView()
    tree.setModel(facets)
    tree.setHeaderHidden(True)
    tree.expandAll()
    split.addWidget(tree)
    rows = QStandardItemModel(98, 4)
    rows.setHorizontalHeaderLabels(["Name", "State", "Sectors", "Quality label"])
    for r in range(98):
        for c in range(4):
            rows.setItem(r, c, QStandardItem(f"Cluster {r} column {c}"))
    table = QTableView()
    table.setModel(rows)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSortingEnabled(True)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    split.addWidget(table)
    right = QSplitter(Qt.Orientation.Vertical)
    bar = QWidget()
    QHBoxLayout(bar)
    right.addWidget(bar)
    detail = QTextBrowser()
    detail.setPlaceholderText("Select a row")
    right.addWidget(detail)
    right.addWidget(QLabel("Notes"))
    split.addWidget(right)
    tabs.addTab(page, "&Clusters")
    for title in ("&Sectors", "&Policies", "C&ooperation", "My &notes"):
        tabs.addTab(QWidget(), title)
    window.setCentralWidget(tabs)
    toolbar = QToolBar()
    window.addToolBar(toolbar)
    menus = [window.menuBar().addMenu(t) for t in ("&File", "&Edit", "&View", "&Go", "&Help")]
    sp = QStyle.StandardPixmap
    icons = [sp.SP_ArrowBack, sp.SP_ArrowForward, sp.SP_FileDialogDetailedView,
             sp.SP_DialogResetButton, sp.SP_DialogSaveButton, sp.SP_DialogSaveButton,
             sp.SP_MessageBoxInformation]
    for n in range(23):
        action = QAction(f"Action {n}", window)
        action.setShortcut(QKeySequence(f"Ctrl+Shift+{n % 10}"))
        if n < len(icons):
            action.setIcon(window.style().standardIcon(icons[n]))
            toolbar.addAction(action)
        menus[n % len(menus)].addAction(action)
    window.statusBar().showMessage("98 of 98 clusters")
    return _shown(app, window, table)


def startup(db: Path) -> dict[str, float]:
    os.environ["MXDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="mxdesk-bench-")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from mxdesk.core.directory import Directory
    from mxdesk.core.notes import NotesStore
    from mxdesk.ui.window import MainWindow, open_settings

    app = QApplication(sys.argv[:1])
    window = MainWindow(Directory(db), open_settings(), NotesStore())
    window.resize(1366, 768)
    window.show()
    tab = window.tab_pages["clusters"]

    def check() -> None:
        if tab.model.rowCount() and not tab.model.busy:
            print("READY", flush=True)
            app.quit()
        else:
            QTimer.singleShot(1, check)

    QTimer.singleShot(0, check)
    app.exec()
    window.close()
    return {"rss_mb": peak_rss_mb()}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def work(db: Path) -> dict[str, object]:
    os.environ["MXDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="mxdesk-bench-")
    import sqlite3

    from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from mxdesk.core import sheets
    from mxdesk.core.browse import CLUSTERS
    from mxdesk.core.directory import Directory
    from mxdesk.core.notes import NotesStore
    from mxdesk.core.schema import search_rowids
    from mxdesk.core.search import fts_query
    from mxdesk.export.pdf import export_pdf
    from mxdesk.ui.window import MainWindow, open_settings

    app = QApplication(sys.argv[:1])
    prefixes = [q[:n] for q in QUERIES for n in range(1, len(q) + 1)]

    # -- the floor, first, with nothing else running (no window, no query thread) ---------
    # The same statements the app runs for a keystroke — the first page of matches in name
    # order from FTS5, their rows, the count — on a plain sqlite3 connection, warmed by one
    # pass first. (Before issue 17 it was measured between the app's keystrokes, while the
    # query thread counted the facets of the keystroke before: that doubled it.)
    raw = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    low, high = search_rowids("cluster")
    names = ", ".join(c.name for c in CLUSTERS.columns)

    def floor_statements(text: str) -> None:
        query = [fts_query(text), low, high]
        ids = [r[0] for r in raw.execute(
            "SELECT record_id FROM search WHERE search MATCH ? AND rowid BETWEEN ? AND ? "
            "ORDER BY rowid LIMIT 200", query)]
        raw.execute(f"SELECT kind, id, {names} FROM ({CLUSTERS.base}) "
                    f"WHERE key IN ({', '.join('?' for _ in ids)})", ids).fetchall()
        raw.execute("SELECT count(*) FROM search WHERE search MATCH ? "
                    "AND rowid BETWEEN ? AND ?", query).fetchone()

    floors: list[float] = []
    for timed in (False, True):
        for text in prefixes:
            started = time.perf_counter()
            floor_statements(text)
            if timed:
                floors.append((time.perf_counter() - started) * 1000)

    directory = Directory(db)
    window = MainWindow(directory, open_settings(), NotesStore())
    window.resize(1366, 768)
    window.show()
    tab = window.tab_pages["clusters"]
    model = tab.model

    def wait(condition: object, limit: float = 30.0) -> None:
        deadline = time.monotonic() + limit
        while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
            app.processEvents()
            time.sleep(0.0005)

    wait(lambda: model.rowCount() and not model.busy)
    rss_open = peak_rss_mb()

    def settle(condition: object, limit: float = 30.0) -> None:
        """Run the event loop, idle as in the app, until *condition* holds: it is checked
        when the table's counts change and when the typing timer has fired (a corrected
        word may need no new search), with no polling timer of ours taking Python's lock
        from the query thread meanwhile (a 1–5 ms poll did, and slowed its queries)."""
        if condition():  # type: ignore[operator]
            return
        loop = QEventLoop()

        def check() -> None:
            if condition():  # type: ignore[operator]
                loop.quit()

        model.countsChanged.connect(check)
        tab._timer.timeout.connect(check)
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(loop.quit)
        guard.start(int(limit * 1000))
        # (Queued: the typing timer's own slot, connected first, runs the search first.)
        loop.exec()
        model.countsChanged.disconnect(check)
        tab._timer.timeout.disconnect(check)

    def idle() -> None:
        """Clear the field and let the window finish (facet counts after the pause)."""
        tab.search_field.clear()
        quiet = time.monotonic() + 0.6
        while time.monotonic() < quiet or not window.worker.idle():
            app.processEvents()
            time.sleep(0.005)

    # -- search: keystroke to table updated, letter by letter, typed as real keys ---------
    # Each keystroke takes the real path: a key event in the search field, the typo
    # correction, the query thread (or the window's thread for a small table), the model's
    # reset. One untimed pass first warms the app's connections as the floor's was.
    class Painted(QObject):
        """Counts the paint events of the table's viewport."""

        count = 0

        def eventFilter(self, _watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    painted = Painted()
    tab.table.viewport().installEventFilter(painted)
    # The paints counted when the model last reset: the keystroke's rows are painted by the
    # first paint after that. (Counting from before the key let the previous keystroke's
    # paint, still pending when the next key came, stand for this one's: each keystroke was
    # then timed to its model's reset and began by painting the one before's rows.)
    at_reset = [0]
    model.modelReset.connect(lambda: at_reset.__setitem__(0, painted.count))

    def until_painted(since: int) -> None:
        """Run the event loop until the viewport has painted since *since* paints (1 s at
        most)."""
        deadline = time.monotonic() + 1.0
        while painted.count == since and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)

    # Timed to the table painted with the keystroke's rows (before issue 17, to the model's
    # reset: the table's paint then ran during the next keystroke's query).
    latencies: list[float] = []
    for timed in (False, True):
        for query in QUERIES:
            idle()
            for n, letter in enumerate(query, start=1):
                shown = model._shown_generation
                started = time.perf_counter()
                QTest.keyClick(tab.search_field, letter)
                # Handled: the typing timer (0 ms) fired, and the newest search is shown
                # (a corrected word that corrects as the one before needs no new search).
                settle(lambda text=query[:n]: tab.search_field.text() == text
                       and not tab._timer.isActive() and not model.busy)
                if model._shown_generation != shown:
                    until_painted(at_reset[0])
                if timed:
                    latencies.append((time.perf_counter() - started) * 1000)

    # -- the longest stall of the event loop while typing at 12 keys a second --------------
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def beat() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(2)
    heartbeat.timeout.connect(beat)
    for typed in ["agro", "clus", "que", "a"]:
        idle()
        last[0] = clock.nsecsElapsed()
        heartbeat.start()
        for letter in typed:  # real key events, the pause included: facet counts then
            QTest.keyClick(tab.search_field, letter)
            end = time.monotonic() + 1 / 12
            while time.monotonic() < end:
                app.processEvents()
                time.sleep(0.001)
        end = time.monotonic() + 1.0  # typing paused: the facet counts come meanwhile
        while time.monotonic() < end or not window.worker.idle():
            app.processEvents()
            time.sleep(0.001)
        heartbeat.stop()

    # -- selection: row selected to detail pane rendered ---------------------------------
    tab.clear_filters()
    wait(lambda: not model.busy and model.rowCount() > 0)
    # Let the window finish what typing started (facet counts, the detail pane's new
    # highlight) before timing selections.
    quiet = time.monotonic() + 1.0
    while time.monotonic() < quiet or not window.worker.idle():
        app.processEvents()
        time.sleep(0.005)
    rng = random.Random(7)
    picks: list[float] = []
    for _ in range(40):
        row = rng.randrange(min(model.rowCount(), 200))
        started = time.perf_counter()
        tab.table.selectRow(row)
        app.processEvents()
        picks.append((time.perf_counter() - started) * 1000)

    # -- PDFs ---------------------------------------------------------------------------
    out = Path(tempfile.mkdtemp(prefix="mxdesk-bench-pdf-"))
    started = time.perf_counter()
    export_pdf(sheets.single_sheet(directory, "claugto"), out / "sheet.pdf")
    sheet_ms = (time.perf_counter() - started) * 1000
    ids = [r.id for r in directory.all_refs("cluster")][:1000]
    # The longest wait between two progress reports, from the start (as the window's
    # progress dialog sees them: gathering the fact sheets, laying out, writing pages).
    progress_gaps: list[float] = []

    def step(_stage: str, _done: int, _total: int) -> bool:
        now = time.perf_counter()
        progress_gaps.append(now - last_step[0])
        last_step[0] = now
        return True

    started = time.perf_counter()
    last_step = [started]
    content = sheets.brochure(directory, ids, "Benchmark brochure", f"{len(ids)} clusters",
                              progress=step)
    result = export_pdf(content, out / "brochure.pdf", progress=step)
    progress_gaps.append(time.perf_counter() - last_step[0])  # the last report to the end
    brochure_s = time.perf_counter() - started
    window.close()
    return {
        "clusters": model.total,
        "search_p50_ms": statistics.median(latencies),
        "search_p95_ms": _percentile(latencies, 0.95),
        "search_max_ms": max(latencies),
        "floor_p50_ms": statistics.median(floors),
        "floor_p95_ms": _percentile(floors, 0.95),
        "keystrokes": len(latencies),
        "longest_stall_ms": max(gaps) if gaps else 0.0,
        "select_p95_ms": _percentile(picks, 0.95),
        "fact_sheet_ms": sheet_ms,
        "brochure_clusters": len(ids),
        "brochure_pages": result.pages,
        "brochure_s": brochure_s,
        "brochure_longest_progress_gap_s": max(progress_gaps) if progress_gaps else 0.0,
        "rss_open_mb": rss_open,
        "rss_after_brochure_mb": peak_rss_mb(),
    }


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "bare":
        data: dict[str, object] = dict(bare())
    elif mode == "stand-in":
        data = dict(stand_in())
    elif mode == "startup":
        data = dict(startup(Path(sys.argv[2])))
    else:
        data = work(Path(sys.argv[2]))
    print(json.dumps(data), flush=True)
