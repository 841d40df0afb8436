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

    def cell(self, row: int, column: int) -> str | int | None:
        """What a cell holds before it is made text (``None`` while its page waits)."""


class HighlightDelegate(QStyledItemDelegate):
    """Paints the words that match the search with a highlight behind them.

    The terms are read from *model* at each paint, so the delegate follows every new search.
    A right-aligned cell (a count) is never marked. The mark is :data:`_LIGHT_MARK` on a light
    base colour and :data:`_DARK_MARK` on a dark one (base lightness below 128 of 255).
    """

    def __init__(self, model: Searched, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._terms_list: list[Term] | None = None
        self._terms: tuple[Term, ...] = ()
        # (text, cell width, cell height) → its marks as (left, top, width, height) from
        # the cell's top left, for the search shown; emptied when the search changes.
        self._marks: dict[tuple[str, int, int], list[tuple[int, int, int, int]]] = {}
        self._palette = -1
        self._colour = _LIGHT_MARK

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: _Index) -> None:
        """Qt: draw the cell, its matches marked (only while a search is typed; a count never).

        A cell of a row that is not selected — nearly all of them — is drawn by Qt itself
        after its marks are filled in behind the text: the marks' places are worked out once
        per text, column width and search, so a repaint costs Qt's own paint and a few
        rectangles (the table's paint at 100,000 clusters while a word is typed: 7.9 ms with
        every marked cell drawn in Python, against 4.0 ms for Qt's plain cells; see
        docs/performance.md). A selected row draws its marked text again over the marks, in
        the text colour, so it reads on them."""
        terms = self._model.terms
        if not terms:
            super().paint(painter, option, index)
            return
        if not option.state & QStyle.StateFlag.State_Selected:
            self._paint_unselected(painter, option, index, terms)
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

    def _paint_unselected(self, painter: Any, option: QStyleOptionViewItem, index: _Index,
                          terms: list[Term]) -> None:
        """Fill the marks of a cell that is not selected, then let Qt draw the cell over them
        (its text is drawn on a transparent background: the row's own background was drawn by
        the view before the delegate)."""
        if terms is not self._terms_list:  # a new search: the marks' places change
            self._terms_list = terms
            self._terms = tuple(terms)
            self._marks.clear()
        value = self._model.cell(index.row(), index.column())
        if value and isinstance(value, str):  # (a count, an int, is never marked)
            rect = option.rect
            key = (value, rect.width(), rect.height())
            marks = self._marks.get(key)
            if marks is None:
                if len(self._marks) > 4096:  # scrolled far through one long list
                    self._marks.clear()
                marks = self._marks[key] = _marks_of(value, self._terms, option)
            if marks:
                palette = option.palette
                if palette.cacheKey() != self._palette:
                    self._palette = palette.cacheKey()
                    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
                    self._colour = _DARK_MARK if dark else _LIGHT_MARK
                x, y = rect.left(), rect.top()
                for left, top, width, height in marks:
                    painter.fillRect(x + left, y + top, width, height, self._colour)
        super().paint(painter, option, index)


def _marks_of(text: str, terms: tuple[Term, ...],
              option: QStyleOptionViewItem) -> list[tuple[int, int, int, int]]:
    """Where the matches of *terms* are drawn in a cell showing *text*, as (left, top, width,
    height) in pixels from the cell's top left: within Qt's text rectangle (the cell less the
    focus frame's margin and one pixel each side), the text elided at its right as Qt elides
    it, a box the font's height around each match still shown, cut at the rectangle's edge."""
    widget: QWidget | None = option.widget
    style = widget.style() if widget else QApplication.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
    width = option.rect.width() - 2 * margin
    if width <= 0:
        return []
    metrics = option.fontMetrics
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    height = metrics.height()
    top = (option.rect.height() - height) // 2
    marks = []
    for start, end in _spans(shown, terms):
        left = margin + metrics.horizontalAdvance(shown[:start])
        right = min(left + metrics.horizontalAdvance(shown[start:end]), margin + width)
        if right > left:
            marks.append((left, top, right - left, height))
    return marks


#: The highlight behind a matched word: yellow on a light theme, amber on a dark one.
_LIGHT_MARK = QColor("#ffe066")
_DARK_MARK = QColor("#7a5d00")


@functools.lru_cache(maxsize=2048)
def _spans(text: str, terms: tuple[Term, ...]) -> list[tuple[int, int]]:
    """match_spans, remembered: a repaint asks again for every visible cell."""
    return match_spans(text, list(terms))
