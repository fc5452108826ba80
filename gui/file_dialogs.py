"""Where every file and folder dialog opens: the folder the clerk last saved to or chose a file from, kept in the
window's settings, or the Documents folder the first time (the home folder where there is none)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

KEY = "files/last_folder"


def _settings(widget: QWidget | None) -> QSettings | None:
    """The settings of the window the widget is in (a dialog's parent window too); None outside one."""
    while widget is not None:
        settings = getattr(widget, "settings", None)
        if isinstance(settings, QSettings):
            return settings
        widget = widget.parentWidget()
    return None


def start_folder(widget: QWidget | None) -> str:
    """The last folder used if it is still there, else Documents, else home."""
    settings = _settings(widget)
    last = str(settings.value(KEY, "") or "") if settings is not None else ""
    if last and Path(last).is_dir():
        return last
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


def remember(widget: QWidget | None, chosen: str) -> str:
    """Keep the folder of what was chosen (a file's folder, or the folder itself) for the next dialog."""
    settings = _settings(widget)
    if chosen and settings is not None:
        path = Path(chosen)
        settings.setValue(KEY, str(path if path.is_dir() else path.parent))
    return chosen


def save_name(widget: QWidget, title: str, name: str, filters: str) -> str:
    """«Сохранить как…» offering `name` in the folder of the last choice; the chosen path, or "" if cancelled."""
    chosen, _ = QFileDialog.getSaveFileName(widget, title, str(Path(start_folder(widget)) / name), filters)
    return remember(widget, chosen)


def open_name(widget: QWidget, title: str, filters: str) -> str:
    chosen, _ = QFileDialog.getOpenFileName(widget, title, start_folder(widget), filters)
    return remember(widget, chosen)


def open_names(widget: QWidget, title: str, filters: str = "") -> list[str]:
    chosen, _ = QFileDialog.getOpenFileNames(widget, title, start_folder(widget), filters)
    if chosen:
        remember(widget, chosen[0])
    return chosen


def folder_name(widget: QWidget, title: str) -> str:
    return remember(widget, QFileDialog.getExistingDirectory(widget, title, start_folder(widget)))
