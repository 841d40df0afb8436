"""The action table (mxdesk/ui/actions.py): keys, menus and the About box all come from it."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QIcon, QImage, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QToolBar

from mxdesk.core import paths
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


def drawn(icon: QIcon) -> QImage:
    """The icon as the toolbar draws it (20 px), to compare what people see."""
    return icon.pixmap(QSize(20, 20)).toImage().convertToFormat(QImage.Format.Format_ARGB32)


def test_no_two_toolbar_buttons_look_alike(window: MainWindow) -> None:
    toolbar = window.findChild(QToolBar, "navigation-toolbar")
    shown = [a for a in toolbar.actions() if not a.isSeparator()]
    images = [drawn(a.icon()) for a in shown]
    assert all(not image.isNull() for image in images)
    alike = [(a.text(), b.text()) for n, (a, x) in enumerate(zip(shown, images, strict=True))
             for b, y in zip(shown[n + 1:], images[n + 1:], strict=True) if x == y]
    assert alike == []


def test_copy_record_shows_a_copy_icon_not_save(window: MainWindow) -> None:
    """In the menus and on the toolbar (one action): the theme's edit-copy, or mxdesk's
    drawing of it; never the floppy disk of "save"."""
    copy = window.named_actions["copy"]
    menus = [a for item in window.menuBar().actions()
             if isinstance(menu := item.menu(), QMenu) for a in menu_items(menu)]
    assert menus.count(copy) == 2  # File and Edit
    save = window.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
    assert drawn(copy.icon()) != drawn(save)
    ours = QIcon(str(paths.resource("edit-copy.svg")))
    assert not ours.isNull()
    expected = QIcon.fromTheme("edit-copy") if QIcon.hasThemeIcon("edit-copy") else ours
    assert drawn(copy.icon()) == drawn(expected)


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
    for words in ("Ctrl+F search this tab", "Alt+Left/Right back and forward", "Ctrl+1…6 tabs",
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
