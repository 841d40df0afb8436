"""A form field whose text may be refused (a date that is no date, a cluster no one is
called): a red border and one line below it say so; the text itself is never replaced."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mxdesk.ui.messages import plain_tip

#: The red of what could not be saved (as the editors' notice).
REFUSED = "#b3261e"


class MarkedField(QWidget):
    """A line edit (in :attr:`row`, where a subclass adds its buttons) above a line, kept
    while hidden, that says why its text was not saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.row = QHBoxLayout()
        self.row.setSpacing(2)
        self.edit = QLineEdit(self)
        self.row.addWidget(self.edit, 1)
        layout.addLayout(self.row)
        self.message = QLabel(self)
        self.message.setStyleSheet(f"color: {REFUSED};")
        # One line, kept while hidden: the form below never jumps when it comes and goes (a
        # click aimed at a tab landed on the star after a wrapped message went); a narrow
        # form cuts it, its tool tip has it whole.
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)
        self.message.setSizePolicy(policy)
        self.message.hide()
        layout.addWidget(self.message)

    def mark(self, message: str) -> None:
        """The text cannot be saved: a red border, and *message* below the field."""
        self.edit.setStyleSheet(f"QLineEdit {{ border: 2px solid {REFUSED}; "
                                "border-radius: 3px; padding: 1px; }")
        self.edit.setAccessibleDescription(message)
        self.message.setText(message)
        self.message.setToolTip(plain_tip(message))
        self.message.show()

    def unmark(self) -> None:
        """The text can be saved: no red border, no line below."""
        if self.message.isHidden() and not self.edit.styleSheet():
            return
        self.edit.setStyleSheet("")
        self.edit.setAccessibleDescription("")
        self.message.hide()

    def marked(self) -> bool:
        """Whether the field is marked now (its text cannot be saved)."""
        return not self.message.isHidden()
