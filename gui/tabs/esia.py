"""«Регистрации в ЕСИА»: the year's plan, month by month, its completion, and a chart against the target."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gui.editor import Editor
from gui.models.esia_months import EsiaMonthsModel
from gui.style import WARN, restyle
from gui.widgets.fields import CountField, ErrorLabel, hint_label, summary_label
from gui.widgets.grid import GridView
from gui.widgets.registrations_chart import RegistrationsChart
from model.areas import esia
from model.areas.esia import MONTHS, EsiaPlan
from model.areas.region_targets import YEAR, TargetKey
from model.base.ru import (
    NBSP,
    format_count,
    format_date,
    format_number,
    format_percent,
    not_saved,
    parse_count,
    parse_date,
    parse_non_negative,
    percent_text,
    unbroken,
)
from model.errors import InputRefused
from model.quarter import edits


class EsiaPage(QWidget):
    """Edits the year's registrations plan; each accepted value is stored at once, with undo."""

    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor, self.db, self.year = editor, editor.db, editor.quarter.period.year
        self.plan = editor.quarter.esia_plan
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)  # as the plan's: the twelve months whole at 1366×690, no scroll bar
        left = QVBoxLayout()
        self.title = summary_label(wrap=False)
        left.addWidget(self.title)
        inputs = QGroupBox("Исходные данные на год")
        form = QVBoxLayout(inputs)
        self.fields: dict[str, CountField] = {}
        for key, label in esia.FIELDS.items():
            parse = parse_non_negative if key == "target_end" else parse_count
            show = (lambda v: format_number(v, 2)) if key == "target_end" else format_count
            field = CountField(label, "", self._field_store(key), parse=parse, show=show)
            field.committed.connect(editor.seal)
            self.fields[key] = field
            form.addWidget(field)
        as_of_row = QFormLayout()
        self.as_of = QLineEdit()
        self.as_of.setPlaceholderText("дд.мм.гггг")
        self.as_of.setMaximumWidth(180)
        self.as_of.setAccessibleName("Дата, на которую указано «всего зарегистрировано»")
        self.as_of.editingFinished.connect(self._as_of_edited)
        as_of_row.addRow("«Всего зарегистрировано» — по состоянию на:", self.as_of)
        form.addLayout(as_of_row)
        self.form_error = ErrorLabel()
        form.addWidget(self.form_error)
        left.addWidget(inputs)
        self.model = EsiaMonthsModel(self.store_months)
        self.model.refused.connect(lambda m: self.table_error.say(m))
        self.view = GridView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Регистрации по месяцам")
        self.view.fit_columns(stretch=range(len(self.model.columns)))
        left.addWidget(self.view, 1)
        self.table_error = ErrorLabel()
        left.addWidget(self.table_error)
        hint = hint_label("Числа можно вставить из Excel: скопируйте столбец ячеек и нажмите Ctrl+V на нужном месяце.")
        hint.setWordWrap(True)
        left.addWidget(hint)
        layout.addLayout(left, 3)
        right = QVBoxLayout()
        self.figures_label = QLabel()
        self.figures_label.setWordWrap(True)
        self.figures_label.setTextFormat(Qt.TextFormat.PlainText)
        restyle(self.figures_label, "font-size: 11pt;")
        right.addWidget(self.figures_label)
        self.check_label = QLabel()
        self.check_label.setWordWrap(True)
        self.check_label.setTextFormat(Qt.TextFormat.PlainText)
        self.check_label.setStyleSheet(f"color: {WARN}; font-weight: 600;")
        right.addWidget(self.check_label)
        self.chart = RegistrationsChart()
        right.addWidget(self.chart, 1)
        layout.addLayout(right, 2)
        self.refresh()

    def reload(self) -> None:
        """Read the year's plan again from the database and show it."""
        self.editor.reread("esia")

    def refresh(self) -> None:
        """Show the year's plan as the quarter's data in memory holds it."""
        self.plan = self.editor.quarter.esia_plan
        self.title.setText(f"План регистраций в ЕСИА на {self.year} год")
        targets = self.editor.quarter.targets
        for key, field in self.fields.items():
            field.show_value(getattr(self.plan, key))
            target = targets.get(TargetKey(self.year, YEAR, "esia", "", key))
            field.mark_region(target)
        if not self.as_of.hasFocus():
            self.as_of.setText(format_date(self.plan.total_as_of))
        current = self.view.currentIndex()
        self.model.reset(self.plan)
        if current.isValid():
            self.view.setCurrentIndex(self.model.index(current.row(), current.column()))
        f = self.model.figures
        lines = [
            "Целевой показатель на год (Y = T − R0): "
            + ("—" if f.year_target is None else format_number(f.year_target, 2)),
            "План на месяц (Y / 12): " + ("—" if f.monthly_target is None else format_number(f.monthly_target, 2)),
        ]
        last = max((k for k, v in f.to_date.items() if v is not None and k in self.plan.months), default=None)
        if last is not None and f.to_date_pct[last] is not None:
            expected = last / 12 * 100
            lag = f.to_date_pct[last] - expected  # type: ignore[operator]
            lines.append(f"Выполнение с начала года по {MONTHS[last - 1]}: {percent_text(f.to_date_pct[last])} "
                         f"при плане {percent_text(expected)} — "
                         + ("опережение" if lag >= 0 else "отставание")
                         + f" на {format_percent(abs(lag))}{NBSP}п.{NBSP}п.")
        lines.append("Зарегистрировано от численности населения: "
                     + percent_text(f.share_pct)
                     + ("" if f.per_1000 is None else f"; на 1000 жителей: {format_percent(f.per_1000)}"))
        self.figures_label.setText(unbroken("\n".join(lines)))
        mismatch = esia.total_check(self.plan)
        self.check_label.setText(mismatch or "")
        self.check_label.setVisible(bool(mismatch))
        self.chart.show_plan(self.plan, f)

    # -- writing -------------------------------------------------------------------------------------------
    def _save(self, new: EsiaPlan, text: str, merge_key: str | None = None) -> None:
        db, old = self.db, self.plan
        self.editor.do_reasoned("esia", text, lambda d, why: edits.save_esia(db, d, new, why),
                                lambda d, why: edits.save_esia(db, d, old, why), merge_key)

    def _field_store(self, key: str) -> Callable[[float | None], None]:
        def store(value: float | None) -> None:
            self._save(replace(self.plan, **{key: value}), f"ЕСИА {self.year}: {esia.FIELDS[key].lower()}",
                       merge_key=f"esia:{self.year}:{key}")
        return store

    def _as_of_edited(self) -> None:
        text = self.as_of.text().strip()
        try:
            day = parse_date(text) if text else None
            if day != self.plan.total_as_of:
                self._save(replace(self.plan, total_as_of=day), f"ЕСИА {self.year}: дата итога")
        except InputRefused as exc:
            self.form_error.say(not_saved(exc))
            return
        self.form_error.say("")

    def store_months(self, values: dict[int, int | None]) -> None:
        months = dict(self.plan.months)
        for month, value in values.items():
            if value is None:
                months.pop(month, None)
            else:
                months[month] = value
        self._save(replace(self.plan, months=months), f"ЕСИА {self.year}: регистрации по месяцам")
        self.table_error.say("")
