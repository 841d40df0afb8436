"""The Mission tab with a busy mission: 100 meetings over three days in two zones.

    QT_QPA_PLATFORM=offscreen python benchmarks/agenda.py

Prints, in ms: the tab's first showing (made lazily, its agenda laid out and painted) and one
refresh of the agenda (the day rows, the checks' flags and free periods worked out again, the
tab painted), the median of 5. Three runs, in fresh processes, are what docs/performance.md
reports.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time


def main() -> int:
    os.environ["MXDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="mxdesk-bench-")
    from PySide6.QtWidgets import QApplication

    from mxdesk.core.directory import Directory
    from mxdesk.core.mission import Meeting, Mission
    from mxdesk.core.notes import NotesStore, default_path
    from mxdesk.core.paths import bundled_database
    from mxdesk.ui.window import MainWindow, open_settings

    app = QApplication(sys.argv[:1])
    store = NotesStore(default_path(), allow_new=True)
    trip = store.create_mission(Mission("Busy", dt.date(2027, 3, 8), dt.date(2027, 3, 10),
                                        "Europe/Madrid"))
    clusters = {"aerocluster-queretaro": "Aerocluster de Querétaro",
                "claut": "Clúster Automotriz de Nuevo León"}
    ids = list(clusters)
    for n in range(100):
        start = dt.datetime(2027, 3, 8 + n % 3, 8) + dt.timedelta(minutes=20 * (n // 3))
        zone = "America/Monterrey" if n % 2 else "America/Mexico_City"
        store.save_meeting(Meeting(f"Meeting {n}", start, zone, 30, f"Place {n % 7}",
                                   mission_id=trip.id, clusters=(ids[n % 2],)),
                           {ids[n % 2]: clusters[ids[n % 2]]})
    window = MainWindow(Directory(bundled_database()), open_settings(), store)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    started = time.perf_counter()
    window.tabs.setCurrentIndex(window.tabs.count() - 1)  # the Mission tab, made now
    tab = window.tabs.currentWidget()
    tab.repaint()
    app.processEvents()
    first = (time.perf_counter() - started) * 1000
    refreshes = []
    for _ in range(5):
        started = time.perf_counter()
        tab.show_agenda()
        tab.repaint()
        app.processEvents()
        refreshes.append((time.perf_counter() - started) * 1000)
    print(f"Mission tab first shown: {first:.0f} ms; agenda of 100 meetings refreshed: "
          f"{statistics.median(refreshes):.0f} ms (median of 5)")
    window.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
