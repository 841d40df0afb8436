"""Message boxes and tool tips that show text as text.

Qt guesses whether a string is rich text; a file name, a contact or a record holding ``<b>`` or
``<script>`` would be interpreted; and it reads "&" in a label as a keyboard mnemonic.
Everything user- or data-derived goes through here.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from mxdesk.core.i18n import _


def translated(text: str) -> str:
    """*text*, a constant marked with ``N_`` (here or in the module that owns it: a column's
    or a facet's title), in the current language; the empty string stays empty (gettext
    would give the catalogue's header), and a string never marked stays as it is."""
    return _(text) if text else text


def label(text: str) -> str:
    """*text* as the label of a button, action, menu item, radio or check box: Qt reads "&"
    there as the mark of a keyboard mnemonic ("Querétaro & Monterrey" showed as
    "Querétaro _Monterrey"); a user's or the data's "&" is a letter, so it is doubled.
    Use it for every label that holds a name, never for our own "&File"."""
    return text.replace("&", "&&")


def plain_tip(text: str) -> str:
    """A tool tip that shows *text* literally (and wraps long lines)."""
    return f"<p style='white-space: pre-wrap'>{html.escape(text)}</p>" if text else ""


def tell(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> None:
    """A modal message with an OK button, its text never interpreted as markup."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def ask(parent: QWidget | None, title: str, text: str, default_yes: bool = False) -> bool:
    """A Yes/No question in plain text; True for Yes."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.Yes if default_yes
                         else QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def notify(parent: QWidget, title: str, text: str) -> None:
    """Tell the user something without taking the keyboard from them (a conflict kept while
    they type): a plain-text message box that is neither modal nor activated, and is deleted
    when closed."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
