"""The cost of drawing the Clusters tab's map as a user perceives it (issue 19: under 50 ms).

    QT_QPA_PLATFORM=offscreen python benchmarks/map.py

The real window at 1366×768, the map shown in the table's place with the whole list's
counts; timed from the paint request to the painted frame (``QWidget.repaint()``: the paint
event, the drawing and the window's backing store flushed), the median of 30:

- map: the map as the user sees it (outlines, shades, numbers, inset, legend, captions);
- first: the first paint after the widget's size changed (the states' paths built again);
- tiles: the tile grid;
- floor: the same paths, in the same window and size, filled with one colour, no text.

Three runs, each in a fresh process; prints each figure's min–max over the runs.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 3
REPEAT = 30


def once() -> dict[str, float]:
    """One run in this process: the figures in ms."""
    os.environ["MXDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="mxdesk-bench-")
    from PySide6.QtGui import QPainter, QPaintEvent
    from PySide6.QtWidgets import QApplication, QWidget

    from mxdesk.core.directory import Directory
    from mxdesk.core.notes import NotesStore, default_path
    from mxdesk.core.paths import bundled_database
    from mxdesk.export import statemap
    from mxdesk.ui.window import MainWindow, open_settings

    app = QApplication(sys.argv[:1])
    window = MainWindow(Directory(bundled_database()), open_settings(),
                        NotesStore(default_path(), allow_new=True))
    window.resize(1366, 768)
    window.show()
    window.map_action.trigger()
    switch = window.tab_pages["clusters"].table_or_map
    assert switch is not None
    cluster_map = switch.map
    for _ in range(20):
        app.processEvents()
        time.sleep(0.02)

    def median_ms(widget: QWidget, before: object = None) -> float:
        times = []
        for _ in range(REPEAT):
            if callable(before):
                before()
            start = time.perf_counter()
            widget.repaint()
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    out = {"map": median_ms(cluster_map),
           "first": median_ms(cluster_map, statemap._CACHE.clear)}
    switch.tiles_box.setChecked(True)
    out["tiles"] = median_ms(cluster_map)
    switch.tiles_box.setChecked(False)
    cluster_map.repaint()
    geometry = cluster_map.geometry_now()
    assert geometry is not None
    paths = [geometry.main_shape(s.state_id) for s in cluster_map.mexico.states]  # type: ignore[union-attr]
    colour = cluster_map.palette().window().color().darker(130)

    class Floor(QWidget):
        def paintEvent(self, _event: QPaintEvent) -> None:
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            for path in paths:
                painter.fillPath(path, colour)

    floor = Floor(switch.stack)
    switch.stack.addWidget(floor)
    switch.stack.setCurrentWidget(floor)
    app.processEvents()
    out["floor"] = median_ms(floor)
    out["size"] = [cluster_map.width(), cluster_map.height()]  # type: ignore[assignment]
    window.close()
    return out


def main() -> int:
    if "--once" in sys.argv:
        print(json.dumps(once()))
        return 0
    runs = []
    for _ in range(RUNS):
        done = subprocess.run([sys.executable, __file__, "--once"], capture_output=True,
                              text=True, check=True, env=dict(os.environ))
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"map widget {runs[0]['size'][0]}x{runs[0]['size'][1]} px in a 1366x768 window, "
          f"median of {REPEAT} repaints, {RUNS} runs (min-max):")
    for key, what in (("map", "the map"), ("first", "first paint at a new size"),
                      ("tiles", "the tile grid"), ("floor", "floor: same paths, one colour")):
        values = [run[key] for run in runs]
        print(f"  {what:32} {min(values):6.1f} - {max(values):6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
