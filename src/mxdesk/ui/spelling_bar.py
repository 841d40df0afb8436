"""The bar over a list that says a misspelt search was corrected, with the way back to it.

"Showing results for Querétaro" and a button "Search instead for queretero"; once that is
clicked, "Searched for queretero as typed" and a button "Show results for Querétaro", the way
back (issue 17's trial: the bar went, and only retyping brought the correction back). The
correction itself is :mod:`mxdesk.core.spelling`'s; this widget decides which text a search
field's owner searches for (:meth:`SpellingBar.query_for`) and remembers a user's "search
instead" until the text changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _
from mxdesk.core.spelling import Correction
from mxdesk.ui.messages import label

log = logging.getLogger("mxdesk.ui")

#: What a search field's owner passes: the correction of a text, or None.
Corrector = Callable[[str], Correction | None]


class SpellingBar(QWidget):
    """Hidden until a search is corrected; then it names the words searched instead and
    offers the search as typed. *correct* corrects a text; *field* is the search field.

    Signals:
        searchChosen(): the user asked for the text as typed ("Search instead for …") or for
            the correction again ("Show results for …"): the owner searches again, and
            :meth:`query_for` gives the text chosen.
    """

    searchChosen = Signal()

    def __init__(self, correct: Corrector, field: QLineEdit, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self._correct = correct
        #: The text the user asked to search as typed (until the field holds another).
        self._literal: str | None = None
        self.correction: Correction | None = None
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # what was typed is never markup
        self.button = QPushButton(self)
        self.button.setFlat(True)
        self.button.setAutoDefault(False)  # in a dialog (Ctrl+K), Enter opens the record
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.setStyleSheet("QPushButton { color: palette(link); "
                                  "text-decoration: underline; border: none; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.button.clicked.connect(self._switch)
        # Any edit of the search field ends a "search instead" (a word typed again, even
        # the same, is corrected again), however many edits one search then covers.
        field.textChanged.connect(self._edited)
        self.hide()

    def _edited(self, text: str) -> None:
        if text != self._literal:
            self._literal = None

    def query_for(self, typed: str) -> str:
        """The text to search for what the user *typed*: corrected when a word matches nothing
        and a near word exists (the bar then says so), as typed otherwise or when the user
        asked for it (the bar then offers the correction back). A correction that cannot be
        read (the file gone) is logged and the text is searched as typed."""
        if typed != self._literal:
            self._literal = None
        correction = None
        if typed.strip():
            try:
                correction = self._correct(typed)
            except MxdeskError as error:
                log.warning("no spelling correction for %r: %s", typed, error)
        as_typed = self._literal is not None and correction is not None
        self._show(correction, as_typed)
        return correction.searched if correction and not as_typed else typed

    @property
    def as_typed(self) -> bool:
        """The user chose the search as typed over the correction the bar offers."""
        return self._literal is not None and self.correction is not None

    def clear(self) -> None:
        """The search was set from elsewhere (Back, a state's link, Clear): no correction."""
        self._literal = None
        self._show(None)

    def _show(self, correction: Correction | None, as_typed: bool = False) -> None:
        self.correction = correction
        if correction is None:
            self.hide()
            return
        typed = correction.typed.strip()
        if as_typed:
            self.label.setText(_("Searched for {typed} as typed").format(typed=typed))
            action = _("Show results for {words}").format(words=correction.searched)
        else:
            self.label.setText(_("Showing results for {words}").format(
                words=correction.searched))
            action = _("Search instead for {typed}").format(typed=typed)
        self.button.setText(label(action))
        self.button.setAccessibleName(action)
        self.show()

    def _switch(self) -> None:
        """The button: the search as typed, or (after that) the correction again."""
        if self.correction is None:
            return
        self._literal = None if self.as_typed else self.correction.typed
        self.searchChosen.emit()
