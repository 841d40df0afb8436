"""The action table (mxdesk/ui/actions.py): keys, menus and the About box all come from it."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QToolBar

from mxdesk.ui import about
from mxdesk.ui.actions import ACTIONS, ActionSpec, shortcuts
from mxdesk.ui.window import MainWindow


def key_texts(spec: ActionSpec) -> list[str]:
    return [key.toString(QKeySequence.SequenceFormat.NativeText) for key in shortcuts(spec)]


def menu_items(menu: QMenu) -> list[QAction]:
    """Every action reachable in *menu*, its submenus' included."""
    found: list[QAction] = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            found += menu_items(sub)
        elif not action.isSeparator():
            found.append(action)
    return found


def test_shortcuts_are_unique_across_the_table(qapp: QApplication) -> None:
    keys = Counter(key for spec in ACTIONS for key in key_texts(spec))
    assert keys, "the table declares no key"
    assert [key for key, n in keys.items() if n > 1] == []
    assert len({spec.name for spec in ACTIONS}) == len(ACTIONS)


def test_every_action_is_in_a_menu(window: MainWindow) -> None:
    reachable = [a for bar_item in window.menuBar().actions()
                 if isinstance(menu := bar_item.menu(), QMenu) for a in menu_items(menu)]
    for spec in ACTIONS:
        action = window.named_actions[spec.name]
        assert action in reachable, spec.name
        assert getattr(window, f"{spec.name}_action") is action
        # Its keys are the table's, whoever made it (the undo stack makes Undo and Redo).
        assert action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) == \
            (key_texts(spec) or [""])[0]
    assert all(a in reachable for a in window.theme_actions.actions())


def test_the_toolbar_is_the_table_s(window: MainWindow) -> None:
    toolbar = window.findChild(QToolBar, "navigation-toolbar")
    placed = sorted((s for s in ACTIONS if s.toolbar), key=lambda s: s.toolbar)
    shown = [a for a in toolbar.actions() if not a.isSeparator()]
    assert shown == [window.named_actions[s.name] for s in placed]
    assert [a.text() for a in shown][:2] == ["&Back", "&Forward"]


def test_a_menu_item_runs_its_command_with_no_argument(window: MainWindow) -> None:
    """triggered(bool) must not reach the command (restore_notes' chooser took False)."""
    ran: list[tuple[object, ...]] = []
    window.appearance.zoom_reset = lambda *args: ran.append(args)  # type: ignore[method-assign]
    window.named_actions["zoom_reset"].trigger()
    assert ran == [()]


def test_the_about_box_lists_the_table_s_keys(qapp: QApplication, window: MainWindow) -> None:
    text = window.about_text()
    assert about.key_list() in text
    for spec in ACTIONS:
        if spec.keys:  # (its text as a phrase: the first letter lower-cased)
            words = spec.about or spec.text.replace("&", "").rstrip("…")[1:]
            assert words in text, spec.name
    for words in ("Ctrl+F search this tab", "Alt+Left/Right back and forward", "Ctrl+1…5 tabs",
                  "Ctrl++/Ctrl+- text size", "Ctrl+Q quit", "Ctrl+Z undo a delete"):
        assert words in text


@pytest.mark.parametrize(("specs", "expected"), [
    ((), ""),
    ((ActionSpec("a", "&Go home", "", print, ("Ctrl+H",)),), "Ctrl+H go home"),
    ((ActionSpec("a", "A", "", print, ("Alt+Up",), about="up and down"),
      ActionSpec("b", "B", "", print, ("Alt+Down",), about="up and down"),
      ActionSpec("c", "C…", "", print)), "Alt+Up/Down up and down"),
    ((ActionSpec("a", "A", "", print, ("Ctrl+7",), about="x"),
      ActionSpec("b", "B", "", print, ("Ctrl+8",), about="x"),
      ActionSpec("c", "C", "", print, ("Ctrl+9",), about="x"),
      ActionSpec("d", "&Print…", "", print, ("Ctrl+P", "Ctrl+Shift+P"))),
     "Ctrl+7…9 x · Ctrl+P print"),
])
def test_key_list(qapp: QApplication, specs: tuple[ActionSpec, ...], expected: str) -> None:
    assert about.key_list(specs) == expected
