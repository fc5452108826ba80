"""What a keystroke costs the database: the plan's typing is checked against the data in memory, patched there,
and stored by one statement (goal of the issue: at most three)."""

from conftest import Q2

from model.areas import plan


def statements(trace: list[str]) -> list[str]:
    """Top-level statements: sqlite's trace repeats a statement once for each trigger program it fires."""
    out: list[str] = []
    for sql in trace:
        if not out or out[-1] != sql:
            out.append(sql)
    return out


def test_a_keystroke_in_the_plan_is_one_statement(qtbot, window, db_path):
    plan.set_values(window.db, Q2, "2.1", {"B": 400})
    window.plan_tab.reload()
    window.plan_tab.select_item("2.1")
    field = window.plan_tab.form.counts["A"]
    trace: list[str] = []
    window.db.conn.set_trace_callback(trace.append)
    for text in ("3", "30", "301"):
        field.edit.setText(text)
        field._typed(text)
    window.db.conn.set_trace_callback(None)
    per_keystroke = len(statements(trace)) / 3
    assert per_keystroke <= 3, statements(trace)
    assert per_keystroke == 1 and all(s.startswith("INSERT INTO plan_inputs") for s in statements(trace))
    assert plan.load_inputs(window.db, Q2)["2.1"] == {"A": 301.0, "B": 400.0}  # on disk at once
    assert window.plan_tab._tree_items["2.1"].text(2) == "75,25"


def test_evidence_typing_is_one_statement(qtbot, window):
    window.plan_tab.select_item("2.2")
    form = window.plan_tab.form
    form.evidence.setPlainText("Стенды обновлены")
    form.flush_evidence()  # the quarter starts here
    trace: list[str] = []
    window.db.conn.set_trace_callback(trace.append)
    form.evidence.setPlainText("Стенды обновлены 12.04")
    form.flush_evidence()
    window.db.conn.set_trace_callback(None)
    assert len(statements(trace)) == 1
    assert plan.load_evidence(window.db, Q2) == {"2.2": "Стенды обновлены 12.04"}
