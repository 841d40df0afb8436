"""Render resources/mxdesk.svg to the PNG sizes desktops look for (hicolor theme layout).

    python packaging/make_icons.py      # writes resources/icons/hicolor/NxN/apps/mxdesk.png
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402 - the platform must be chosen first
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs it alive while rendering
    renderer = QSvgRenderer(str(ROOT / "resources" / "mxdesk.svg"))
    if not renderer.isValid():
        sys.exit("resources/mxdesk.svg is not a valid SVG")
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        out = ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "mxdesk.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        image.save(str(out))
        print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
