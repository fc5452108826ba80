"""Typing and moving within a frame, on the full quarter at 1366×768: each path timed with Qt's own timer from the key
event to an idle event queue, painting included, and printed with `-s` (median and 95th percentile; README «Start-up
and effort, measured» holds the development machine's figures). No time is asserted — the machine is shared and
noisy — but each path's behaviour is: the keystroke stored, the item moved, the undo undone, a hidden tab showing the
new value when it comes to the front.

`OMSU_PROFILE=FOLDER pytest tests/window/test_frame_budget.py -s` also writes a cProfile of each path there (a tab's
first opening, which happens once, is then timed under the profiler)."""

from __future__ import annotations

import cProfile
import os
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median, quantiles

from conftest import Q2, fill_quarter
from PySide6.QtCore import QElapsedTimer, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.quarter_tabs import NAMES
from gui.tabs.plan import PREPARE_AFTER_MS
from model.areas import plan as plan_area
from model.areas.public_services import Requests, Service

CTRL = Qt.KeyboardModifier.ControlModifier
PROFILE = os.environ.get("OMSU_PROFILE")


class Took(float):
    """ms from an action (a key event) until the event queue is idle, the frame it causes painted (Qt's
    QElapsedTimer); `cpu`: the ms of processor time the window's thread spent meanwhile (the machine is shared:
    the wall time also holds the waits for the disk and for other programs, the processor time does not)."""

    cpu: float
    sql: float  # of the wall time: in SQLite's statements (the write, and its wait for the disk: fsync)


SQL = [0.0]  # ms spent in the database's statements so far (counted by `counting`)


def counting(db) -> None:
    """Count the time of each statement the window's database runs (the edits' writes and their fsync)."""
    run = db.execute

    def execute(*args, **kwargs):
        timer = QElapsedTimer()
        timer.start()
        try:
            return run(*args, **kwargs)
        finally:
            SQL[0] += timer.nsecsElapsed() / 1e6

    db.execute = execute


def idle_after(action: Callable[[], object]) -> Took:
    timer = QElapsedTimer()
    cpu, sql = time.thread_time_ns(), SQL[0]
    timer.start()
    action()
    QApplication.processEvents()
    took = Took(timer.nsecsElapsed() / 1e6)
    took.cpu, took.sql = (time.thread_time_ns() - cpu) / 1e6, SQL[0] - sql
    return took


def timed(name: str, times: int, before: Callable[[int], object], action: Callable[[int], object],
          warm: int = 3, profiled: bool = True) -> list[Took]:
    """`action(i)` timed `times` times (after `before(i)`, not timed); the first `warm` warm the caches. With
    OMSU_PROFILE set, the timed parts run again under cProfile, its stats written to FOLDER/name.prof."""
    result = []
    for i in range(times):
        before(i)
        result.append(idle_after(lambda i=i: action(i)))
    if PROFILE and profiled:
        profile = cProfile.Profile()
        for i in range(times):
            before(i)
            profile.enable()
            action(i)
            QApplication.processEvents()
            profile.disable()
        Path(PROFILE).mkdir(parents=True, exist_ok=True)
        profile.dump_stats(str(Path(PROFILE) / f"{name}.prof"))
    return result[warm:]


def p95(values: list[float]) -> float:
    return quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def told(name: str, times: list[Took]) -> str:
    cpu, sql = [t.cpu for t in times], [t.sql for t in times]
    return (f"{name}: p50 {median(times):.1f} / p95 {p95(times):.1f} ms (processor {median(cpu):.1f} / "
            f"{p95(cpu):.1f} ms" + (f"; SQLite's write {median(sql):.1f} / {p95(sql):.1f} ms" if max(sql) else "")
            + f"; n={len(times)})")


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key into whatever has the focus, through the shortcuts first, as a person's key goes."""
    QTest.keyClick(QApplication.focusWidget(), key, modifier)


def digit(widget, text: str) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, text))


def filled(window):
    fill_quarter(window.db)
    window.imported(Q2)  # read afresh, as after a workbook loaded
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    counting(window.db)
    window.activateWindow()
    QApplication.processEvents()
    return window


def keystrokes(window, name: str, count: int) -> list[float]:
    """Count keystrokes into 1.1's A1, each a new value (so each is stored and scored)."""
    tab = window.plan_tab
    window.tabs.setCurrentWidget(tab)
    tab.select_item("1.1")
    field = tab.form.counts["A1"]
    field.edit.setFocus()
    QApplication.processEvents()
    values = [1 + i % 9 for i in range(count)]
    times = timed(name, count, lambda i: field.edit.selectAll(), lambda i: digit(field.edit, str(values[i])))
    assert window.editor.quarter.inputs["1.1"]["A1"] == values[-1]
    assert plan_area.load_inputs(window.db, Q2)["1.1"]["A1"] == values[-1]  # on disk, not only on screen
    return times


def build_every_tab(window) -> dict[str, tuple[Took, list[Took]]]:
    """Each tab's first opening, and its showings again (after the plan in front each time)."""
    plan = window.plan_tab
    shown: dict[str, tuple[Took, list[Took]]] = {}
    for name in NAMES[1:]:
        profile = cProfile.Profile() if PROFILE else None  # a first opening happens once: profiled as it is timed
        if profile is not None:
            profile.enable()
        first = idle_after(lambda name=name: window.tabs.setCurrentIndex(NAMES.index(name)))
        if profile is not None:
            profile.disable()
            Path(PROFILE).mkdir(parents=True, exist_ok=True)
            profile.dump_stats(str(Path(PROFILE) / f"first_{name}.prof"))
        shown[name] = (first, [])
    for _ in range(8):
        for name in NAMES:
            window.tabs.setCurrentWidget(plan if name != "plan" else window.quarter_tabs.get("centers"))
            QApplication.processEvents()
            shown.setdefault(name, (Took(0), []))[1].append(
                idle_after(lambda name=name: window.tabs.setCurrentIndex(NAMES.index(name))))
    return shown


def test_each_path_timed_and_doing_what_it_says(qtbot, window):
    filled(window)
    lines = [told("count keystroke, only the plan built", keystrokes(window, "key_plan_only", 43))]
    shown = build_every_tab(window)
    lines.append(told("count keystroke, every tab built", keystrokes(window, "key_every_tab", 83)))

    tab = window.plan_tab
    numbers = [i.number for i in tab.methodology.items()]

    def to_first(_i: int) -> None:
        if tab.current_item() == numbers[-1] or _i == 0:
            tab.select_item(numbers[0])
            tab.form.focus_first_input()
            QApplication.processEvents()

    moved: list[tuple[str, str]] = []

    def step(_i: int) -> None:
        before = tab.current_item()
        press(Qt.Key.Key_PageDown, CTRL)
        moved.append((before, tab.current_item()))
        assert tab.form.item.number == moved[-1][1] and tab.form.isVisible()
        assert QApplication.focusWidget() is not None and tab.form.isAncestorOf(QApplication.focusWidget())

    def pause(i: int) -> None:
        to_first(i)
        qtbot.wait(PREPARE_AFTER_MS + 150)  # the user reads the item: the next one's form is built meanwhile
        assert numbers[i + 1] in tab.forms

    first = timed("next_item_first", len(numbers) - 1, pause, step, warm=0, profiled=False)
    lines.append(told("Ctrl+PgDown after a pause to an item not shown before, every tab built", first))
    lines.append(told("Ctrl+PgDown to an item shown before, every tab built", timed("next_item", 60, to_first, step)))
    assert all(numbers.index(after) == numbers.index(before) + 1 for before, after in moved)
    assert [number for number, _ in moved[:len(numbers) - 1]] == numbers[:-1]

    tab.select_item("2.1")
    field = tab.form.counts["A"]
    stored = window.editor.quarter.inputs["2.1"]["A"]

    def typed(i: int) -> None:
        field.edit.setFocus()
        field.edit.selectAll()
        digit(field.edit, str(1 + i % 9))
        tab.tree.setFocus()  # the field left: the next keystroke is a step of its own
        QApplication.processEvents()
        assert window.editor.quarter.inputs["2.1"]["A"] == 1 + i % 9

    undone: list[float] = []

    def undo(_i: int) -> None:
        press(Qt.Key.Key_Z, CTRL)
        undone.append(window.editor.quarter.inputs["2.1"]["A"])

    lines.append(told("undo (Ctrl+Z), every tab built", timed("undo", 43, typed, undo)))
    assert undone and all(a == stored for a in undone)  # each typed value taken back to the one before
    assert plan_area.load_inputs(window.db, Q2)["2.1"]["A"] == undone[-1]

    for name, (first, again) in shown.items():
        lines.append(f"«{name}» " + (f"first opening {first:.0f} ms (processor {first.cpu:.0f}); "
                                    if name != "plan" else "") + told("shown again", again[2:]))
    print("\n" + "\n".join(lines))


def test_ctrl_pgdown_held_builds_each_form_once(qtbot, window):
    """Ctrl+PgDown with no pause between (the key held): each item's form is built when first shown, then kept."""
    filled(window)
    build_every_tab(window)
    tab = window.plan_tab
    window.tabs.setCurrentWidget(tab)
    numbers = [i.number for i in tab.methodology.items()]
    tab.select_item(numbers[0])
    tab.form.focus_first_input()
    QApplication.processEvents()
    forms = []

    def step(_i: int) -> None:
        press(Qt.Key.Key_PageDown, CTRL)
        forms.append(tab.form)

    cold = timed("next_item_held", len(numbers) - 1, lambda i: None, step, warm=0, profiled=False)
    assert [form.item.number for form in forms] == numbers[1:] and len(tab.forms) == len(numbers)
    tab.select_item(numbers[0])
    QApplication.processEvents()
    again = timed("next_item_held_again", len(numbers) - 1, lambda i: None, step, warm=0, profiled=False)
    assert forms[len(numbers) - 1:] == forms[:len(numbers) - 1]  # the same forms, filled again
    print("\n" + told("Ctrl+PgDown held, each item's form built", cold) + "\n"
          + told("Ctrl+PgDown held, the forms kept", again))


def test_hidden_tabs_show_an_edit_when_they_come_to_the_front(qtbot, window, monkeypatch):
    """Every tab built, the plan in front: an edit to what a hidden tab (or a hidden page of one) shows does no work
    there, and the tab shows the new value when it comes to the front — each page once, when it is shown."""
    from dataclasses import replace
    from datetime import date

    from model.areas.indicators import ControlPoint
    from model.quarter import edits

    filled(window)
    for name in NAMES[1:]:
        window.tabs.setCurrentIndex(NAMES.index(name))
        QApplication.processEvents()
    centers, indicators = window.quarter_tabs.get("centers"), window.quarter_tabs.get("indicators")
    services, reports, plan = window.quarter_tabs.get("services"), window.quarter_tabs.get("reports"), window.plan_tab
    centers.setCurrentWidget(centers.centers_page)
    indicators.setCurrentWidget(indicators.indicators_page)
    pages = {"centers": centers.centers_page, "esia": centers.esia_page, "indicators": indicators.indicators_page,
             "points": indicators.points_page, "services": services, "plan": plan}
    refreshed: list[str] = []
    for name, page in pages.items():
        monkeypatch.setattr(page, "refresh", lambda name=name, shown=page.refresh: (refreshed.append(name), shown()))
    window.tabs.setCurrentWidget(plan)
    QApplication.processEvents()
    db = window.db

    def do(step) -> None:
        window.editor.do("правка", step, step)
        QApplication.processEvents()

    esia = window.editor.quarter.esia_plan
    do(lambda d: edits.save_esia(db, d, replace(esia, months={**esia.months, 5: 777})))
    sid = edits.save_services(db, window.editor.quarter, [Service(None, "Выдача разрешения на строительство")])[1][0]
    service = next(s for s in window.editor.quarter.services if s.id == sid)
    do(lambda d: edits.set_service_requests(db, d, {service.id: Requests(total=4321, electronic=1234)}))
    do(lambda d: edits.save_point(db, d, ControlPoint(None, "Пункт проверки скрытых вкладок", date(2018, 6, 1)))[0])
    plan_keys = len(refreshed)
    assert refreshed == ["plan"]  # the plan shows the registrations (1.3's hint); the hidden tabs wait
    reports.data = None  # let go of on the edit: read and drawn again only when shown
    assert reports.drawn is False

    show = window.tabs.setCurrentWidget
    show(centers)
    QApplication.processEvents()
    assert refreshed[plan_keys:] == []  # the centers' page in front did not change: the ESIA page is behind it
    centers.setCurrentWidget(centers.esia_page)
    assert refreshed[plan_keys:] == ["esia"] and centers.esia_page.plan.months[5] == 777
    show(services)
    QApplication.processEvents()
    assert refreshed[plan_keys:] == ["esia", "services"]
    assert services.model.requests[service.id] == Requests(total=4321, electronic=1234)
    show(indicators)
    QApplication.processEvents()
    assert refreshed[plan_keys:] == ["esia", "services", "indicators"]
    assert "Контрольные точки" in indicators.indicators_page.summary.text()
    indicators.setCurrentWidget(indicators.points_page)
    assert refreshed[plan_keys:] == ["esia", "services", "indicators", "points"]
    assert any(p.title == "Пункт проверки скрытых вкладок" for p in indicators.points_page.model.points)
    show(reports)
    QApplication.processEvents()
    assert reports.drawn and reports.data is not None
    assert reports.data.service_requests[Q2.quarter][service.id] == Requests(total=4321, electronic=1234)

    # a change of the centers with the centers tab in front: the plan (its 1.2) shows it when it is next shown
    show(centers)
    centers.setCurrentWidget(centers.centers_page)
    QApplication.processEvents()
    refreshed.clear()
    center = next(c for c in window.editor.quarter.centers if c.active)
    do(lambda d: edits.set_center_active(db, d, center.id, False))
    assert refreshed == ["centers"]
    show(plan)
    QApplication.processEvents()
    assert refreshed == ["centers", "plan"]


def test_an_item_shown_again_shows_what_is_stored_now_and_not_what_was_refused(qtbot, window):
    """Forms are kept between showings of their item: shown again, one is filled with what is stored then."""
    filled(window)
    tab = window.plan_tab
    tab.select_item("1.1")
    form = tab.form
    field = form.counts["A1"]
    field.edit.setFocus()
    field.edit.selectAll()
    for ch in "99":  # more than all (B1 = 50): refused, said in red
        digit(field.edit, ch)
    assert field.error.isVisible() and window.editor.quarter.inputs["1.1"]["A1"] == 45
    tab.select_item("2.1")
    assert not field.error.saying() and "Не всё сохранено" not in window.saved_label.text()
    window.editor.do("1.1", lambda d: edits_set(window, d, 12), lambda d: edits_set(window, d, 45))
    tab.select_item("1.1")
    assert tab.form is form and field.edit.text() == "12" and not field.error.isVisible()
    assert "42,00" in form.score_label.text()  # ((12/50) + (120/200)) / 2


def edits_set(window, data, value):
    from model.quarter import edits

    return edits.set_plan_values(window.db, data, "1.1", {"A1": value})
