"""The «Показатели» tab: the indicator register with plan against fact, pictures, and control points."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.dialogs.indicator import IndicatorDialog
from gui.editor import Editor
from gui.models.indicators import COMMENT, IndicatorValuesModel
from gui.tabs.points import ControlPointsPage
from gui.tabs.register import RegisterActions
from gui.widgets.fields import hint_label, summary_label
from gui.widgets.indicator_charts import AchievementOverview, IndicatorChart
from gui.widgets.page import PagedTab, button_row, page_grid
from model.areas import indicators as ind
from model.areas.indicators import Indicator, Value
from model.base.ru import format_number, percent_text, unbroken
from model.quarter import edits
from model.quarter.change import Change
from model.quarter.control_ratios import indicator_place
from model.quarter.quarter import Quarter


class IndicatorsPage(QWidget, RegisterActions[Indicator]):
    """The register and, for the chosen year or quarter, each indicator's plan, fact and achievement."""

    def __init__(self, editor: Editor, today: Callable[[], date]) -> None:
        super().__init__()
        self.editor, self.db, self.today = editor, editor.db, today
        self.year = year = editor.quarter.period.year
        layout = QVBoxLayout(self)
        self.summary = summary_label()
        head = QHBoxLayout()
        head.addWidget(self.summary, 1)
        self.granularity = QComboBox()  # here, as the checkbox: the buttons below need the whole width (1093 px)
        self.granularity.addItem(f"{year} год", ind.YEAR)
        for q in range(1, 5):
            self.granularity.addItem(f"{q} квартал {year} года", q)
        self.granularity.setAccessibleName("Период значений показателей")
        self.granularity.currentIndexChanged.connect(self.refresh)
        choice = QVBoxLayout()
        period = QHBoxLayout()
        period.addWidget(QLabel("Значения за:"))
        period.addWidget(self.granularity)
        choice.addLayout(period)
        self.show_retired = QCheckBox("Показывать выведенные")  # here, as on the centers' page
        choice.addWidget(self.show_retired)
        head.addLayout(choice)
        layout.addLayout(head)

        self.add_button = QPushButton("Добавить…")
        self.add_button.clicked.connect(self.add_indicator)
        self.edit_button = QPushButton("Изменить…")
        self.edit_button.clicked.connect(self.edit_indicator)
        self.up_button = QPushButton("▲ Выше")
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton("▼ Ниже")
        self.down_button.clicked.connect(lambda: self.move(1))
        self.retire_button = QPushButton("Вывести из состава")
        self.retire_button.clicked.connect(self.toggle_active)
        self.delete_button = QPushButton("Удалить…")
        self.delete_button.clicked.connect(self.delete_indicator)
        self.composite_button = QPushButton("Состав…")
        self.composite_button.setToolTip("Сделать показатель составным: его значение — взвешенное среднее "
                                         "достижения выбранных показателей (как «цифровая зрелость»)")
        self.composite_button.clicked.connect(self.edit_composite)
        self.starter_button = QPushButton("Загрузить набор")  # the menu button draws its own arrow
        self.starter_button.setToolTip("Готовые наборы показателей с базовыми значениями и планами")
        menu = QMenu(self.starter_button)
        for name, title in ind.STARTER_SETS.items():
            menu.addAction(title, lambda name=name: self.load_starter(name))
        self.starter_button.setMenu(menu)
        self.history_button = QPushButton("История…")
        self.history_button.clicked.connect(self.show_history)
        self.show_retired.toggled.connect(self.refresh)
        layout.addLayout(button_row(self.add_button, self.edit_button, self.composite_button, self.up_button,
                                    self.down_button, self.retire_button, self.delete_button, self.history_button,
                                    self.starter_button))

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = IndicatorValuesModel(self.store_values)
        self.view, self.error = page_grid(self.model, "Показатели: план и факт", stretch=(1,),
                                          most={2: 100}, wrap=True)  # a long unit wraps rather than squeezing names
        self.view.doubleClicked.connect(lambda i: self.edit_indicator() if i.column() < 5 else None)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_chart())
        splitter.addWidget(self.view)
        pictures = QWidget()
        row = QHBoxLayout(pictures)
        row.setContentsMargins(0, 0, 0, 0)
        self.chart = IndicatorChart()
        self.overview = AchievementOverview()
        row.addWidget(self.chart, 1)
        row.addWidget(self.overview, 1)
        splitter.addWidget(pictures)
        splitter.setStretchFactor(0, 3)  # the grid first; the pictures take what is left
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        hint = hint_label("План и факт вводятся числами: «>25» или «25\u00a0%» не принимаются — введите 25. "
                      "Блок ячеек можно вставить из Excel (Ctrl+V).")
        layout.addWidget(hint)
        self.refresh()

    def quarter(self) -> int:
        return int(self.granularity.currentData())

    def period_text(self) -> str:
        return ind.period_label(self.year, self.quarter())

    def shown(self) -> list[Indicator]:
        return self.model.rows

    def reload(self) -> None:
        """Read the indicators again from the database and show them."""
        self.editor.reread("indicator")

    def refresh(self) -> None:
        """Show the indicators as the quarter's data in memory holds them."""
        selected = self.selected()
        column = max(self.view.currentIndex().column(), 0)
        data = self.editor.quarter
        rows = [i for i in data.indicators if i.active or self.show_retired.isChecked()]
        quarter = self.quarter()
        set_by_region = {k.key: t.told for k, t in data.targets.items()
                         if k.area == "indicator" and k.year == self.year and k.quarter == quarter}
        self.model.reset(rows, data.values(self.year, quarter), {i: self._breakdown(i) for i in data.composites},
                         {r.id: set_by_region[r.number] for r in rows if r.id and r.number in set_by_region})
        ids = [r.id for r in rows]
        if ids:
            row = ids.index(selected.id) if selected is not None and selected.id in ids else 0
            self.view.setCurrentIndex(self.model.index(row, column))
        results = [ind.achievement(self.model.values.get(r.id or 0, Value()), r.direction) for r in rows if r.active]
        counts = {s: sum(1 for x in results if x.status == s) for s in (ind.ACHIEVED, ind.NOT_ACHIEVED, ind.NO_DATA)}
        points = data.control_points
        text = (f"{self.period_text()}: показателей {len(results)} — достигнуто {counts[ind.ACHIEVED]}, "
                f"не достигнуто {counts[ind.NOT_ACHIEVED]}, нет данных {counts[ind.NO_DATA]}")
        if points:
            text += f". Контрольные точки: {ind.points_summary(points, self.today())}"
        self.summary.setText(unbroken(text))
        self.overview.show_rows(self.period_text(), [
            (r, ind.achievement(self.model.values.get(r.id or 0, Value()), r.direction)) for r in rows if r.active])
        self._show_chart()

    def _breakdown(self, composite_id: int) -> str:
        """A composite's fact, told: each member's achievement as counted, and what is missing."""
        result = self.editor.quarter.composite(composite_id, self.year, self.quarter())
        lines = ["Рассчитывается из состава (взвешенное среднее достижения):"]
        for part in result.parts:
            counted = percent_text(part.counted) if part.counted is not None else "нет данных"
            lines.append(f"{part.indicator.number or part.indicator.name[:30]} — вес {format_number(part.weight)}, "
                         f"учтено {counted}")
        if result.percent is None and result.provisional is not None:
            lines.append(f"Не рассчитан: по остальным сейчас {percent_text(result.provisional)}")
        return "\n".join(lines)

    def _show_chart(self) -> None:
        current = self.selected()
        history = ind.history(self.db, current.id) if current and current.id else []
        data = self.editor.quarter
        if current is not None and current.id in data.composites:  # its fact is computed: this year's, shown
            history = [(y, q, data.values(y, q).get(current.id or 0, v) if y == self.year else v)
                       for y, q, v in history]
        self.chart.show_history(current, history)
        for b in (self.edit_button, self.composite_button, self.up_button, self.down_button, self.retire_button,
                  self.delete_button):
            b.setEnabled(current is not None)
        if current is not None:
            self.retire_button.setText("Вывести из состава" if current.active else "Вернуть в состав")

    # -- writing: each action one model edit, through the editor onto the undo stack ---------------------------
    def store_values(self, changes: dict[int, Value]) -> None:
        db, year, quarter = self.db, self.year, self.quarter()
        composites = self.editor.quarter.composites
        changes = {i: replace(v, fact=None) if i in composites else v for i, v in changes.items()}  # computed
        stored = self.editor.quarter.indicator_values.get((year, quarter), {})
        old = {i: stored.get(i, Value()) for i in changes}
        self.editor.do_reasoned("indicator", f"Показатели: значения за {self.period_text()}",
                                lambda d, why: edits.set_indicator_values(db, d, year, quarter, changes, why),
                                lambda d, why: edits.set_indicator_values(db, d, year, quarter, old, why))
        self.error.say("")
        self._ask_for_comment(changes)

    def _ask_for_comment(self, changes: dict[int, Value]) -> None:
        """A fact that jumped past the control ratio's limit since the quarter before: say so, and put the cursor
        on its comment — the warning is explained there (the same engine checks the report before sending)."""
        if self.quarter() != self.editor.quarter.period.quarter:
            return
        data = self.editor.need("esia", "indicator", "service", "ratio_note")  # what the control ratios read
        names = {indicator_place(i): i.id for i in data.indicators if i.id in changes}
        jumps = [v for v in data.violations  # a warning the indicator's comment explains, whichever rule it is
                 if v.rule.explained_by == "indicator.comment" and not v.explained and v.where in names]
        if not jumps:
            return
        v = jumps[0]
        self.error.say(f"Проверьте: {v.where} — {v.detail}. Если так и есть, поясните в комментарии: без "
                       "пояснения это предупреждение уйдёт в регион.")
        ids = [r.id for r in self.model.rows]
        if names[v.where] in ids:
            self.view.setCurrentIndex(self.model.index(ids.index(names[v.where]), COMMENT))

    def _territory(self) -> str:
        return self.editor.quarter.profile.district

    def show_history(self) -> None:
        from gui.dialogs.history import HistoryDialog

        current = self.selected()
        if current is not None:
            HistoryDialog(self.db, f"indicator:{current.id}", f"показатель {current.number}", self).exec()

    def add_indicator(self) -> None:
        dialog = IndicatorDialog(territory=self._territory(), parent=self)
        if not dialog.exec() or dialog.indicator() is None:
            return
        db, new = self.db, dialog.indicator()
        assert new is not None
        stored: list[tuple[Indicator, int]] = []  # as first stored, and its place: redo puts it back so

        def add(d: Quarter) -> Change:
            if stored:
                return edits.restore_indicator(db, d, *stored[0])
            change, indicator_id = edits.save_indicator(db, d, new)
            stored.append((ind.get_indicator(db, indicator_id), len(d.indicators)))
            return change

        self._do(f"Новый показатель {new.number}", add,
                 lambda d: edits.delete_indicator(db, d, stored[0][0].id or 0))

    def edit_indicator(self) -> None:
        self.edit_selected(lambda current: IndicatorDialog(current, parent=self), lambda dialog: dialog.indicator(),
                           lambda current: f"Изменение показателя {current.number}", edits.save_indicator)

    def move(self, step: int) -> None:
        current = self.selected()
        if current is None or current.id is None:
            return
        db, before = self.db, [i.id or 0 for i in self.editor.quarter.indicators]
        shown = [r.id for r in self.model.rows]
        index = shown.index(current.id)
        if not 0 <= index + step < len(shown):
            return
        neighbour = shown[index + step]
        after = list(before)
        a, b = after.index(current.id), after.index(neighbour)  # type: ignore[arg-type]
        after[a], after[b] = after[b], after[a]
        self._do("Порядок показателей", lambda d: edits.set_indicator_order(db, d, after),
                 lambda d: edits.set_indicator_order(db, d, before))

    def toggle_active(self) -> None:
        self.toggle_selected(lambda current, active: ("Возврат показателя " if active else "Вывод из состава: ")
                             + current.number, edits.set_indicator_active)

    def delete_indicator(self) -> None:
        db = self.db

        def restore(current: Indicator) -> Callable[[Quarter], Change]:
            position = [i.id for i in self.editor.quarter.indicators].index(current.id) + 1
            return lambda d: edits.restore_indicator(db, d, current, position)

        self.delete_selected(
            "Удаление показателя",
            lambda current: "У показателя есть значения, поэтому удалить его нельзя. Нажмите «Вывести из состава»: он "
                            "скроется, а история сохранится." if ind.history(db, current.id or 0) else None,
            lambda current: f"Удалить показатель «{current.name[:80]}»? Его можно будет вернуть командой «Правка → "
                            "Отменить».",
            lambda _: "Удаление показателя", edits.delete_indicator, restore)

    def edit_composite(self) -> None:
        from gui.dialogs.composite import CompositeDialog

        current = self.selected()
        if current is None or current.id is None:
            return
        data = self.editor.quarter
        others = {i: c for i, c in data.composites.items() if i != current.id}
        candidates = [i for i in data.indicators if i.active and i.id != current.id and i.id not in others]
        old = data.composites.get(current.id, ind.Composite(current.id, ()))
        dialog = CompositeDialog(current, candidates, data.composites.get(current.id), others, self)
        if not dialog.exec() or dialog.composite() is None:
            return
        db, new = self.db, dialog.composite()
        assert new is not None
        self._do(f"Состав показателя {current.number}", lambda d: edits.set_composite(db, d, new),
                 lambda d: edits.set_composite(db, d, old))

    def load_starter(self, name: str = "digital-government") -> None:
        db, territory = self.db, self._territory()
        stored: list[edits.StarterSet] = []  # what was loaded: redo puts exactly that back

        def load(d: Quarter) -> Change:
            if stored:
                return edits.restore_starter_set(db, d, stored[0])
            change, loaded = edits.load_starter_set(db, d, territory, name)
            stored.append(loaded)
            return change

        self._do(f"Загрузка набора «{ind.STARTER_SETS[name]}»", load,
                 lambda d: edits.remove_starter_set(db, d, stored[0]))


class IndicatorsTab(PagedTab):
    """Two parts: indicators with plan against fact, and control points (each page counts the other's)."""

    shows = ("indicator", "control_point")
    owns = ("indicator", "control_point")

    def __init__(self, editor: Editor, today: Callable[[], date] = date.today) -> None:
        super().__init__(editor)
        self.indicators_page = IndicatorsPage(editor, today)
        self.add_page(self.indicators_page, "Показатели", self.shows)
        self.add_page(lambda: ControlPointsPage(editor, today), "Контрольные точки", self.shows)  # when first shown

    @property
    def points_page(self) -> ControlPointsPage:
        return self.page(1)  # type: ignore[return-value]

    def guide_section(self) -> str:
        """The user guide's section about this tab (F1 opens it)."""
        return "Показатели"
