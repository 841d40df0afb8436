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
from mxdesk.core import i18n, paths
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import N_, _, ngettext


def _step(name: str, action: Callable[[], str]) -> bool:
    """Run one check and say how it went; *name* is marked with N_ where it is written."""
    started = time.perf_counter()
    try:
        detail = action()
    except (MxdeskError, OSError, sqlite3.DatabaseError) as exc:
        # Translators: a failed check of `mxdesk selftest`; keep "FAIL" as wide as "ok    ".
        print(_("FAIL  {step}: {problem}").format(step=_(name), problem=exc))
        return False
    # Translators: a passed check of `mxdesk selftest`: "ok", the step, what it found, its time.
    print(_("ok    {step}: {detail} ({ms} ms)").format(
        step=_(name), detail=detail, ms=i18n.number(round(
            (time.perf_counter() - started) * 1000))))
    return True


#: The steps, as each line names them.
_DIRECTORY = N_("directory database")
_NOTES = N_("notes store")
_WINDOW = N_("main window")
_PDF = N_("PDF fact sheet")
_MAP = N_("map of Mexico")


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
    print(_("mxdesk {version} selftest (Python {python})").format(
        version=__version__, python=sys.version.split()[0]))
    state: dict[str, object] = {}

    def directory() -> str:
        opened = Directory(db)
        result = opened.conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise MxdeskError(_("{path}: integrity check says {result}").format(
                path=db, result=result))
        info = opened.info()
        state["directory"] = opened
        clusters, sources = info.counts["cluster"], info.counts["source"]
        return _("{path} — data {version}, {clusters}, {sources}, integrity ok").format(
            path=db, version=info.data_version,
            clusters=ngettext("{n} cluster", "{n} clusters", clusters).format(
                n=i18n.number(clusters)),
            sources=ngettext("{n} source", "{n} sources", sources).format(
                n=i18n.number(sources)))

    def notes() -> str:
        store = NotesStore()
        state["store"] = store
        return _("{path} — {what}, integrity ok").format(path=store.path,
                                                          what=store.counts().describe())

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
            raise MxdeskError(_("the window shows no cluster"))
        if not icon:
            raise MxdeskError(_("the application icon is missing"))
        return ngettext("main window shown offscreen with {n} cluster, icon loaded",
                        "main window shown offscreen with {n} clusters, icon loaded",
                        rows).format(n=i18n.number(rows))

    def pdf() -> str:
        from mxdesk.core import sheets
        from mxdesk.export.pdf import export_pdf

        opened = state["directory"]
        first = opened.all_refs("cluster")[0]  # type: ignore[attr-defined]
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "selftest.pdf"
            result = export_pdf(sheets.single_sheet(opened, first.id), out)  # type: ignore[arg-type]
            size = out.stat().st_size
        return _("fact sheet of “{name}”: {pages}, {size}").format(
            name=first.name,
            pages=ngettext("{n} page", "{n} pages", result.pages).format(
                n=i18n.number(result.pages)),
            size=ngettext("{n} byte", "{n} bytes", size).format(n=i18n.number(size)))

    def state_map() -> str:
        from mxdesk.core.state_counts import search_counts
        from mxdesk.export.mapfile import write_map

        opened = state["directory"]
        with tempfile.TemporaryDirectory() as folder:
            written = write_map(Path(folder) / "selftest.svg",
                                opened.mexico_map(),  # type: ignore[attr-defined]
                                search_counts(opened))  # type: ignore[arg-type]
            size = written.path.stat().st_size
        return _("map of the clusters by state: {what}, {size}").format(
            what=written.describe(),
            size=ngettext("{n} byte", "{n} bytes", size).format(n=i18n.number(size)))

    ok = _step(_DIRECTORY, directory)
    ok = _step(_NOTES, notes) and ok
    if ok:
        ok = _step(_WINDOW, window) and ok
        ok = _step(_PDF, pdf) and ok
        ok = _step(_MAP, state_map) and ok
    for key in ("store", "directory"):
        opened = state.get(key)
        if opened is not None:
            opened.close()  # type: ignore[attr-defined]
    print(_("selftest passed") if ok else _("selftest FAILED"))
    return 0 if ok else 1
