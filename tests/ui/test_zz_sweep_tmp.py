from PySide6.QtWidgets import QWidget, QMenu, QAbstractButton, QLabel, QLineEdit
from mxdesk.core import i18n
import re

def unmarked(t):
    t = t.strip()
    if not t or "⟦" in t: return False
    return bool(re.search(r"[A-Za-z]{3,}", t))

def test_sweep(make_window, qtbot):
    i18n.set_language("qps-ploc")
    w = make_window()
    w.named_actions["map"].trigger()
    for name in ("sectors", "policies", "cooperation"):
        w.tab_pages[name]
    found = set()
    for a in w.findChildren(__import__("PySide6.QtGui", fromlist=["QAction"]).QAction):
        for t in (a.text(), a.toolTip(), a.statusTip()):
            if unmarked(t): found.add(("action", t))
    for wd in w.findChildren(QWidget):
        for t in (wd.toolTip(), wd.accessibleName(), wd.accessibleDescription()):
            if unmarked(t): found.add((type(wd).__name__, t[:120]))
        if isinstance(wd, (QAbstractButton, QLabel)) and unmarked(wd.text()):
            found.add((type(wd).__name__, wd.text()[:120]))
        if isinstance(wd, QLineEdit) and unmarked(wd.placeholderText()):
            found.add(("placeholder", wd.placeholderText()[:120]))
    for i in range(w.tabs.count()):
        if unmarked(w.tabs.tabText(i)): found.add(("tab", w.tabs.tabText(i)))
    from PySide6.QtCore import Qt
    for name in ("clusters","sectors","policies","cooperation"):
        m = w.tab_pages[name].model
        for c in range(m.columnCount()):
            t = m.headerData(c, Qt.Orientation.Horizontal)
            if unmarked(t): found.add(("header "+name, t))
        f = w.tab_pages[name].facets
        for g in range(f.rowCount()):
            if unmarked(f.item(g).text()): found.add(("facet "+name, f.item(g).text()))
    found.add(("status", w.statusBar().currentMessage()))
    for x in sorted(found): print(x)
