import pytest
from conftest import Q2
from PySide6.QtCore import QSettings

from gui.main_window import MainWindow


@pytest.fixture(autouse=True, scope="session")
def russian_qt(qapp):
    """Qt's own texts in Russian, as the program installs them."""
    from gui.app import install_russian

    assert install_russian(qapp)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_window(qtbot, settings):
    windows = []

    def make(path):
        window = MainWindow(path, settings, period=Q2)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.db.conn.close()


@pytest.fixture
def window(open_window, db_path):
    return open_window(db_path)
