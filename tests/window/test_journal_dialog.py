"""«Файл → История изменений»: the whole file's journal on screen, in Russian words, dates dd.MM.yyyy."""

import re

from conftest import fill_quarter

from model.areas import indicators


def test_the_whole_file_s_journal_shows_no_code_and_no_iso_date(qtbot, open_window, db, db_path, monkeypatch):
    from gui.dialogs.history import HistoryDialog

    fill_quarter(db)
    first = indicators.list_indicators(db)[0]
    indicators.set_values(db, 2018, 0, {first.id: indicators.Value(80, 85)})
    window = open_window(db_path)
    shown = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: shown.append(self))
    window.show_history()
    table = shown[0].table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert len(rows) > 150
    for when, _who, what, action, change in rows:
        assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d", when)
        assert action in ("добавлено", "изменено", "удалено")
        assert not re.search(r"[A-Za-z_]{2,}", what + change.replace("omsu@region.ru", "")), (what, change)
        assert not re.search(r"\d{4}-\d\d-\d\d", change), change
    assert [what for when, who, what, action, change in rows if change == "за 2018 год — план: 10 → 80; факт: 9 → 85"
            ] == [f"План и факт показателя № 1 «{first.name[:60]}…»"]
