"""Draws the program's icon (a report sheet with a tick and a bar chart) into resources/icons/."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402  (pillow comes with reportlab)
from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int = 256) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#0b57d0"))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    p.setBrush(QColor("white"))
    sheet = QPainterPath()
    sheet.addRoundedRect(QRectF(56 * s, 36 * s, 144 * s, 184 * s), 12 * s, 12 * s)
    p.drawPath(sheet)
    p.setBrush(QColor("#c9d7f5"))
    for n, height in enumerate((46, 76, 106)):
        p.drawRect(QRectF((78 + n * 36) * s, (196 - height) * s, 24 * s, height * s))
    pen = QPen(QColor("#1b8a3a"), 18 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    tick = QPainterPath(QPointF(80 * s, 84 * s))
    tick.lineTo(QPointF(108 * s, 110 * s))
    tick.lineTo(QPointF(176 * s, 52 * s))
    p.drawPath(tick)
    p.end()
    return image


def main() -> None:
    app = QGuiApplication(sys.argv)  # noqa: F841 (QPainter needs it)
    OUT.mkdir(parents=True, exist_ok=True)
    png = OUT / "omsu-report.png"
    draw(256).save(str(png))
    Image.open(png).save(OUT / "omsu-report.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64),
                                                         (128, 128), (256, 256)])
    print(png, OUT / "omsu-report.ico")


if __name__ == "__main__":
    main()
