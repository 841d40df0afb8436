"""Small pieces the notes screens share: a button's click without its argument, the Delete
key on a list, a write whose refusal is told to the user, and a list above its row of buttons."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    Qt,
    SignalInstance,
)
from PySide6.QtGui import (
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QListView,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core.errors import MxdeskError

log = logging.getLogger("mxdesk.notes")


def _delete_key(view: QAbstractItemView, button: QPushButton) -> None:
    """The Delete key on a list deletes its current record, as its Delete button does (and
    only when that button can act); Ctrl+Z brings it back."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), view)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

    def press() -> None:
        if button.isEnabled():
            button.click()

    shortcut.activated.connect(press)


def _attempt(refused: SignalInstance, action: Callable[[], Any]) -> Any:
    """Run a write; a refusal (read-only, full disk, busy) goes to *refused* for the user,
    never to the excepthook. None when refused."""
    try:
        return action()
    except MxdeskError as exc:
        log.warning("refused: %s", exc)
        refused.emit(str(exc))
        return None


def _on_click(button: QAbstractButton, action: Callable[[], object]) -> None:
    """Run *action* when *button* is clicked, with no argument: clicked(bool) would otherwise
    reach a method with an optional parameter as that parameter (Shortlists ▸ New… took the
    click's False as the new list's name on every click)."""
    button.clicked.connect(lambda _checked=False: action())



def _list_with_buttons(parent: QWidget, name: str, model: QAbstractItemModel,
                       buttons: list[tuple[str, str]], below: QBoxLayout | None = None
                       ) -> tuple[QListView, list[QPushButton], QVBoxLayout]:
    """A list above a row of buttons ((label, tool tip) each): the shape of every list of the
    user's records. With *below*, the buttons go there (a row under the list and its editor,
    so a narrow list leaves the editor the room)."""
    view = QListView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setUniformItemSizes(True)
    # As wide as the layout's stretch gives it, whatever the longest title: the editor
    # beside it needs the room more (a long title is cut, and whole in its tool tip).
    view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
    view.setMinimumWidth(120)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    column = QVBoxLayout()
    column.addWidget(view, 1)
    row = QHBoxLayout()
    made = []
    for text, tip in buttons:
        button = QPushButton(text, parent)
        if tip:
            button.setToolTip(tip)
        row.addWidget(button)
        made.append(button)
    if below is None:
        column.addLayout(row)
    else:
        row.addStretch(1)
        below.addLayout(row)
    return view, made, column
