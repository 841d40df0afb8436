"""``mxdesk selftest``: is this installation whole? Each step reported on its own line."""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mxdesk import __version__
from mxdesk.core import paths
from mxdesk.core.errors import MxdeskError


def _step(name: str, action: Callable[[], str]) -> bool:
    started = time.perf_counter()
    try:
        detail = action()
    except (MxdeskError, OSError, sqlite3.DatabaseError) as exc:
        print(f"FAIL  {name}: {exc}")
        return False
    print(f"ok    {name}: {detail} ({(time.perf_counter() - started) * 1000:.0f} ms)")
    return True


def run_selftest(db_path: Path | None) -> int:
    """Check the directory, the notes store, the window, the PDF writer and the map; 0 when
    all pass."""
    # The window is shown offscreen: the check must work on a machine with no display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def quiet(kind: QtMsgType, _context: object, message: str) -> None:
        # The offscreen platform's notice about window size hints is not a finding.
        if "propagateSizeHints" not in message:
            print(f"qt: {message}", file=sys.stderr)

    qInstallMessageHandler(quiet)
    from mxdesk.core.directory import Directory
    from mxdesk.core.notes import NotesStore

    db = db_path or paths.bundled_database()
    print(f"mxdesk {__version__} selftest (Python {sys.version.split()[0]})")
    state: dict[str, object] = {}

    def directory() -> str:
        opened = Directory(db)
        result = opened.conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise MxdeskError(f"{db}: integrity check says {result}")
        info = opened.info()
        state["directory"] = opened
        return (f"{db} — data {info.data_version}, {info.counts['cluster']} clusters, "
                f"{info.counts['source']} sources, integrity ok")

    def notes() -> str:
        store = NotesStore()
        state["store"] = store
        return f"{store.path} — {store.counts().describe()}, integrity ok"

    def window() -> str:
        from PySide6.QtWidgets import QApplication

        from mxdesk.ui.window import MainWindow, open_settings, window_icon

        app = QApplication.instance() or QApplication(["mxdesk"])
        QApplication.setApplicationName("mxdesk")
        QApplication.setWindowIcon(window_icon())
        opened = state["directory"]
        win = MainWindow(opened, open_settings(), state["store"],  # type: ignore[arg-type]
                         background=False)
        win.show()
        app.processEvents()
        rows = win.tab_pages["clusters"].model.rowCount()
        icon = not QApplication.windowIcon().isNull()
        win.close()
        if not rows:
            raise MxdeskError("the window shows no cluster")
        if not icon:
            raise MxdeskError("the application icon is missing")
        return f"main window shown offscreen with {rows} clusters, icon loaded"

    def pdf() -> str:
        from mxdesk.core import sheets
        from mxdesk.export.pdf import export_pdf

        opened = state["directory"]
        first = opened.all_refs("cluster")[0]  # type: ignore[attr-defined]
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "selftest.pdf"
            result = export_pdf(sheets.single_sheet(opened, first.id), out)  # type: ignore[arg-type]
            size = out.stat().st_size
        return f"fact sheet of “{first.name}”: {result.pages} page(s), {size:,} bytes"

    def state_map() -> str:
        from mxdesk.core.state_counts import search_counts
        from mxdesk.export.mapfile import write_map

        opened = state["directory"]
        with tempfile.TemporaryDirectory() as folder:
            written = write_map(Path(folder) / "selftest.svg",
                                opened.mexico_map(),  # type: ignore[attr-defined]
                                search_counts(opened))  # type: ignore[arg-type]
            size = written.path.stat().st_size
        return f"map of the clusters by state: {written.describe()}, {size:,} bytes"

    ok = _step("directory database", directory)
    ok = _step("notes store", notes) and ok
    if ok:
        ok = _step("main window", window) and ok
        ok = _step("PDF fact sheet", pdf) and ok
        ok = _step("map of Mexico", state_map) and ok
    for key in ("store", "directory"):
        opened = state.get(key)
        if opened is not None:
            opened.close()  # type: ignore[attr-defined]
    print("selftest passed" if ok else "selftest FAILED")
    return 0 if ok else 1
