"""Item delegates: how the cells of the browse tabs' tables are painted.

Kept apart from the models (what the cells hold), as qutebrowser's completiondelegate.py and
PySide's bookdelegate.py are.
"""

from __future__ import annotations

import functools
from typing import Any, Protocol

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from mxdesk.core.text import Term, match_spans

_Index = QModelIndex | QPersistentModelIndex


class Searched(Protocol):
    """What :class:`HighlightDelegate` paints for: a model that knows the search's terms
    (:class:`mxdesk.ui.models.BrowseModel`)."""

    #: The terms of the search shown, as :func:`mxdesk.core.search.search_terms` gives
    #: them; empty when nothing is searched for.
    terms: list[Term]


class HighlightDelegate(QStyledItemDelegate):
    """Paints the words that match the search with a highlight behind them.

    The terms are read from *model* at each paint, so the delegate follows every new search.
    A right-aligned cell (a count) is never marked. The mark is :data:`_LIGHT_MARK` on a light
    base colour and :data:`_DARK_MARK` on a dark one (base lightness below 128 of 255).
    """

    def __init__(self, model: Searched, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: _Index) -> None:
        """Qt: draw the cell, its matches marked (only while a search is typed; a count never)."""
        terms = self._model.terms
        if not terms:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget: QWidget | None = opt.widget
        style = widget.style() if widget else QApplication.style()
        if (opt.displayAlignment & Qt.AlignmentFlag.AlignRight  # a count: never marked
                or not _spans(opt.text, tuple(terms))):
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
            return
        # Elide like the plain cells do, then mark the matches in what is still shown.
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        rect = rect.adjusted(margin, 0, -margin, 0)
        metrics = opt.fontMetrics
        text = metrics.elidedText(opt.text, Qt.TextElideMode.ElideRight, rect.width())
        spans = _spans(text, tuple(terms))
        if not spans:
            super().paint(painter, option, index)
            return
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = (QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        dark = opt.palette.color(QPalette.ColorRole.Base).lightness() < 128
        left = rect.left()
        if opt.displayAlignment & Qt.AlignmentFlag.AlignRight:
            left = rect.right() + 1 - metrics.horizontalAdvance(text)
        top = rect.top() + (rect.height() - metrics.height()) / 2
        box = QRectF(left, rect.top(), rect.right() + 1 - left, rect.height())
        align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        marks = [QRectF(left + metrics.horizontalAdvance(text[:start]), top,
                        metrics.horizontalAdvance(text[start:end]), metrics.height())
                 for start, end in spans]
        painter.save()
        painter.setClipRect(rect)
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(role))
        painter.drawText(box, align, text)
        # The marked words: a yellow (dark: amber) box, and the text again in the base colour
        # clipped to it, so it reads on the mark even in a selected row.
        painter.setPen(opt.palette.color(QPalette.ColorRole.Text))
        for mark in marks:
            painter.setClipRect(mark.intersected(QRectF(rect)))
            painter.fillRect(mark, _DARK_MARK if dark else _LIGHT_MARK)
            painter.drawText(box, align, text)
        painter.restore()


#: The highlight behind a matched word: yellow on a light theme, amber on a dark one.
_LIGHT_MARK = QColor("#ffe066")
_DARK_MARK = QColor("#7a5d00")


@functools.lru_cache(maxsize=2048)
def _spans(text: str, terms: tuple[Term, ...]) -> list[tuple[int, int]]:
    """match_spans, remembered: a repaint asks again for every visible cell."""
    return match_spans(text, list(terms))
