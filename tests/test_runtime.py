"""The Python/Qt runtime mxdesk runs on keeps its promises."""

import sys

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication


def test_void_qt_calls_keep_none_alive(qapp: QApplication) -> None:
    """PySide6 6.12.0 on Python 3.11 decrements None on every void call and aborts after a
    few thousand; a whole brochure makes tens of thousands."""
    image = QImage(10, 10, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(2000):
            painter.save()
            painter.translate(0, 0)
            painter.setClipRect(QRectF(0, 0, 5, 5))
            painter.restore()
        assert sys.getrefcount(None) >= before - 10
    finally:
        painter.end()
