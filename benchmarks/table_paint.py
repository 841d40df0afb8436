"""How long one paint of the Clusters table takes while a search is shown, with the
highlight delegate and with Qt's plain delegate, in the same run.

    QT_QPA_PLATFORM=offscreen python benchmarks/table_paint.py DIRECTORY.db [WORD]

Prints, in ms per paint of the table's viewport at 1366×768: "marked" (the marks' places
known, as when the table repaints with the same search), "marked, afresh" (worked out again,
as after a keystroke), and "plain" (Qt's own delegate, no marks: the floor of a paint).
Each is the median of 5 rounds of 20 paints (afresh: of 40 single paints).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    os.environ["MXDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="mxdesk-bench-")
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QStyledItemDelegate

    from mxdesk.core.directory import Directory
    from mxdesk.core.notes import NotesStore
    from mxdesk.ui import delegates
    from mxdesk.ui.window import MainWindow, open_settings

    db, word = Path(sys.argv[1]), (sys.argv[2] if len(sys.argv) > 2 else "quere")
    app = QApplication(sys.argv[:1])
    window = MainWindow(Directory(db), open_settings(), NotesStore())
    window.resize(1366, 768)
    window.show()
    tab = window.tab_pages["clusters"]

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.001)

    pump(1.5)
    QTest.keyClicks(tab.search_field, word)
    pump(1.5)
    viewport = tab.table.viewport()
    marked = tab.table.itemDelegate()

    def rounds() -> float:
        for _ in range(5):
            viewport.repaint()
        times = []
        for _ in range(5):
            started = time.perf_counter()
            for _ in range(20):
                viewport.repaint()
            times.append((time.perf_counter() - started) / 20 * 1000)
        return statistics.median(times)

    size = f"{viewport.width()}×{viewport.height()}"
    print(f"{tab.model.rowCount():,} rows for {word!r}, viewport {size}")
    print(f"marked:         {rounds():.2f} ms")
    afresh = []
    for _ in range(40):
        marked._terms_list = None  # as a new search does
        delegates._spans.cache_clear()
        started = time.perf_counter()
        viewport.repaint()
        afresh.append((time.perf_counter() - started) * 1000)
    print(f"marked, afresh: {statistics.median(afresh):.2f} ms")
    tab.table.setItemDelegate(QStyledItemDelegate(tab.table))
    print(f"plain:          {rounds():.2f} ms")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
