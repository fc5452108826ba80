"""Input widgets that speak the Russian number format and refuse bad input next to the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar, cast
from weakref import WeakSet

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QCalendarWidget,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.style import ERROR, ERROR_FIELD, MUTED, REGION, REGION_FIELD, restyle, retip
from model.areas.region_targets import REGION_SET, RegionTarget
from model.base.period import Period
from model.base.ru import format_count, format_date, not_saved, parse_count, parse_optional_date
from model.errors import InputRefused

T = TypeVar("T")


def hint_label(text: str = "", selectable: bool = True) -> QLabel:
    """A muted, wrapped line of explanation; plain text, so nothing in it is read as markup. A selectable one (its
    text can be copied) is laid out as a text document, several times dearer than a plain label: a caption nobody
    copies is not selectable."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(f"color: {MUTED};")
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def summary_label(wrap: bool = True) -> QLabel:
    """The bold line over a page (or a part of it): what its figures come to."""
    label = QLabel()
    restyle(label, "font-size: 11pt; font-weight: 600;")
    if wrap:
        label.setWordWrap(True)
    return label


class Refusals(QObject):
    """Says that a red message appeared or went anywhere, so the window's status bar never says «all saved» beside
    one (a red message means something typed or chosen is not stored)."""

    changed = Signal()

    def later(self, *_gone) -> None:
        """A message's label is being destroyed: look again once it is gone."""
        QTimer.singleShot(0, self.changed.emit)


REFUSALS = Refusals()


class ErrorLabel(QLabel):
    """A red message under a field; hidden while there is nothing to say."""

    made: WeakSet[ErrorLabel] = WeakSet()  # every one alive: the status bar looks at these, not at every widget

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        ErrorLabel.made.add(self)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR};")
        self.setAccessibleName("Сообщение об ошибке")
        self.hide()
        self.destroyed.connect(REFUSALS.later)  # a form gone with its message: the status bar looks again

    def say(self, text: str) -> None:
        was = self.saying()
        self.setText(text)
        self.setVisible(bool(text))
        if was or text:
            REFUSALS.changed.emit()

    def saying(self) -> bool:
        """Whether a message is up (on its page, even while another page or tab is on the screen)."""
        return bool(self.text()) and not self.isHidden()


_NO_SESSION = object()


class CountField(QWidget):
    """A whole-number field ('1 250'): stores each valid keystroke through `store`, refuses the rest."""

    committed = Signal()

    def __init__(self, label: str, hint: str, store: Callable[[int | None], None], parent: QWidget | None = None,
                 parse: Callable[[str], float | None] = parse_count,
                 show: Callable[[float | None], str] = format_count):
        super().__init__(parent)
        self._store, self._parse, self._format = store, parse, show
        self._shown: float | None = None
        self._session_start: object = _NO_SESSION
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("не заполнено")
        self.edit.setMaximumWidth(180)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.setToolTip(hint or label)
        self.edit.setAccessibleName(label)
        caption = QLabel(label)
        caption.setWordWrap(True)
        caption.setBuddy(self.edit)
        caption.setToolTip(hint)
        self.error = ErrorLabel()
        self._hint = hint or label
        self._region_told: str | None = None
        self._storing = False
        self.region = QLabel(REGION_SET)  # a value the region set: quiet, beside the field
        restyle(self.region, f"color: {REGION}; font-size: 8pt;")
        self.region.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(caption, 1)
        row.addWidget(self.region)
        row.addWidget(self.edit)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 2, 0, 2)
        box.setSpacing(2)
        box.addLayout(row)
        self.error.setAlignment(Qt.AlignmentFlag.AlignRight)
        box.addWidget(self.error)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._finished)
        # Enter goes on to the next input, as in the grids and as Tab: the next number typed went into this field,
        # glued to the one before («1100», Enter, «1250» stored 11 001 250)
        self.edit.returnPressed.connect(self.edit.focusNextChild)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.edit, activated=self._let_go,
                  context=Qt.ShortcutContext.WidgetShortcut)

    def _let_go(self) -> None:
        """Esc on a refused text: the stored value comes back and the red message goes (it stayed until the item
        was left, the status bar saying «Не всё сохранено» meanwhile)."""
        if self.error.isVisible():
            self._session_start = _NO_SESSION
            self.revert()
            self.edit.selectAll()

    def show_value(self, value: float | None) -> None:
        """Show the stored value (no store); a field already showing it is left as typed — a refused text too, with
        its message, while its stored value stays (another field's edit used to wipe it: B's 30, refused beside
        A's 40, was gone without a word once A was corrected; see `retry`)."""
        if value == self._shown:
            return
        self._shown = value
        self.edit.setText(self._format(value))
        self._mark("")

    def retry(self) -> bool:
        """Another input of the same item was stored: a refused text here is tried again (the conflict it had —
        A greater than B — may be gone). Whether it was stored now."""
        if not self.error.isVisible() or self._region_told is not None:
            return False
        try:
            value = self._parse(self.edit.text())
        except InputRefused:
            return False  # refused for itself (letters, a negative count): nothing else can change that
        old, self._shown = self._shown, value
        try:
            self._store(value)
        except InputRefused as exc:
            self._shown = old
            self._mark(not_saved(exc))
            return False
        self._mark("")
        return True

    def mark_region(self, target: RegionTarget | None) -> None:
        """«задано регионом» (or «изменено районом» once the district changed it) beside the field, the region's
        value and the reason in its tooltip (RegionTarget.told); no mark for None."""
        told = target.told if target is not None else None
        self._region_told = told
        self.region.setText(target.mark if target is not None else REGION_SET)
        self.region.setVisible(told is not None)
        retip(self.region, told or "")
        retip(self.edit, f"{self._hint}\n{told[:1].upper()}{told[1:]}" if told else self._hint)
        if not self.error.isVisible():
            restyle(self.edit, REGION_FIELD if told else "")

    def _mark(self, message: str) -> None:
        self.error.say(message)
        restyle(self.edit, ERROR_FIELD if message else REGION_FIELD if self._region_told else "")

    def _typed(self, text: str) -> None:
        if self._region_told is not None:  # a value the region set: stored when the field is left (a change asks
            try:  # why — once for the number typed, not at each keystroke)
                self._parse(text)
            except InputRefused as exc:
                self._mark(not_saved(exc))
                return
            self._mark("")
            return
        if self._session_start is _NO_SESSION:
            self._session_start = self._shown
        old = self._shown
        try:
            value = self._parse(text)
            if value != old:
                self._shown = value  # set first: the refresh that the store triggers must not retype the field
                self._store(value)
        except InputRefused as exc:
            self._shown = old
            self._restore_session_start()
            self._mark(not_saved(exc))
            return
        self._mark("")

    def flush(self) -> None:
        """A value the region set, typed but the field not left yet: stored now (before another period, another
        database or closing); other values are stored as they are typed."""
        if self._region_told is not None and not self._storing:
            self._store_typed()

    def _store_typed(self) -> None:
        """A value the region set, typed and left: stored now (cancelling the question of why leaves it as it was:
        the stored value is shown again below)."""
        try:
            value = self._parse(self.edit.text())
        except InputRefused as exc:
            self._mark(not_saved(exc))
            return
        if value == self._shown:
            return
        self._storing = True  # the question takes the focus: the field is «left» once more meanwhile
        old, self._shown = self._shown, value  # as _typed: a cancelled question shows the stored value again
        try:
            self._store(value)  # type: ignore[arg-type]
        except InputRefused as exc:
            self._shown = old
            self._mark(not_saved(exc))
            return
        finally:
            self._storing = False
        self._mark("")

    def _restore_session_start(self) -> None:
        """A refused text leaves stored what was there before this typing began, not a valid prefix of it."""
        start = self._session_start
        if start is not _NO_SESSION and start != self._shown:
            previous = self._shown
            self._shown = start  # type: ignore[assignment]
            try:
                self._store(start)  # type: ignore[arg-type]
            except InputRefused:  # nothing could be written: what is stored is still the previous value
                self._shown = previous

    def _finished(self) -> None:
        if self._region_told is not None and not self._storing:
            self._store_typed()
        self._session_start = _NO_SESSION
        if not self.error.isVisible():
            self.edit.setText(self._format(self._shown))
        self.committed.emit()

    def revert(self) -> None:
        """The stored value shown again, a refused text and its message let go."""
        self.edit.setText(self._format(self._shown))
        self._mark("")


class WrappedChoice(QWidget):
    """A radio button or check box whose long text wraps; a click on the text works like one on the box."""

    def __init__(self, button: QAbstractButton, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = button
        self.button.setAccessibleDescription(text)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.label.mousePressEvent = lambda _e: self.button.click()  # type: ignore[method-assign]
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1, Qt.AlignmentFlag.AlignTop)

    def _height_at_width(self) -> int:
        # A wrapped label guesses its height for a narrower width; compute it for the real width.
        text_width = self.width() - self.button.sizeHint().width() - self.layout().spacing()
        label_height = self.label.heightForWidth(text_width) if text_width > 50 else -1
        if label_height < 0:
            return -1
        return max(self.button.sizeHint().height(), label_height) + 4

    def _fitted(self, hint: QSize) -> QSize:
        height = self._height_at_width()
        if height > 0:
            hint.setHeight(height)
        return hint

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self._fitted(super().sizeHint())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self._fitted(super().minimumSizeHint())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()


class DateField(QWidget):
    """A date typed as дд.мм.гггг (or eight digits, 12042018); empty stays empty until filled. The button next to
    it opens a calendar — a convenience, not the way in — on the quarter being reported (`quarter`) while the field
    is empty. `edited` is emitted when a typed date is finished (and when a refused one is put right, even back to
    what it was); `returned` when Enter is pressed in it. A text that is not a date is framed in red."""

    edited = Signal()
    returned = Signal()

    def __init__(self, name: str, parent: QWidget | None = None,
                 quarter: Callable[[], Period] | None = None) -> None:
        super().__init__(parent)
        self.quarter = quarter
        self.refused = False  # the text last finished was not a date
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("дд.мм.гггг")
        self.edit.setAccessibleName(name)
        self.edit.setMaxLength(10)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("00.00.00000") + 12)
        self.edit.editingFinished.connect(self._finished)
        self.edit.returnPressed.connect(self.returned.emit)
        self.edit.installEventFilter(self)
        self.button = QToolButton()
        self.button.setText("…")
        self.button.setToolTip("Выбрать в календаре")
        self.button.setAccessibleName(f"{name}: календарь")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field, past the button
        self.button.clicked.connect(self._calendar)
        box.addWidget(self.edit)
        box.addWidget(self.button)
        self._shown = ""

    def value(self) -> date | None:
        """The typed date, None when empty; InputRefused says what to type."""
        return parse_optional_date(self.edit.text())

    def set_value(self, value: date | None) -> None:
        self._shown = format_date(value)
        self.edit.setText(self._shown)
        self._mark(False)

    def _mark(self, refused: bool) -> None:
        if refused != self.refused:
            self.refused = refused
            restyle(self.edit, ERROR_FIELD if refused else "")

    def refuse(self) -> None:
        """The date typed is refused by its owner's rules (outside the quarter): framed in red as one that is not a
        date, until it is put right."""
        self._mark(True)

    def _finished(self) -> None:
        text = self.edit.text().strip()
        if text == self._shown and not self.refused:
            return
        try:
            day = parse_optional_date(text)
        except InputRefused:
            self._mark(True)
            self.edited.emit()  # the owner shows why; the typed text stays for correcting
            return
        self._mark(False)
        self._shown = format_date(day)
        self.edit.setText(self._shown)
        self.edited.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Esc brings back the date last accepted (empty, for a new one) where something else was typed, and the
        owner's message goes with the red frame (`edited`); with nothing typed, Esc goes on to the dialog."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress \
                and cast(QKeyEvent, event).key() == Qt.Key.Key_Escape \
                and (self.edit.text().strip() != self._shown or self.refused):
            self.edit.setText(self._shown)
            self._mark(False)
            self.edited.emit()
            return True
        return super().eventFilter(watched, event)

    def opens_on(self) -> date:
        """The day the calendar opens on: the typed date; with none, today if it is in the quarter being reported,
        else that quarter's day nearest to today."""
        try:
            typed = self.value()
        except InputRefused:
            typed = None
        today = date.today()
        if typed is not None or self.quarter is None:
            return typed or today
        quarter = self.quarter()
        return min(max(today, quarter.first_day()), quarter.last_day())

    def _calendar(self) -> None:
        popup = QCalendarWidget(self)
        popup.setWindowFlags(Qt.WindowType.Popup)
        popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        popup.setGridVisible(True)
        popup.setSelectedDate(self.opens_on())  # shows its month; the field stays empty until a day is clicked
        popup.clicked.connect(lambda d: (self.edit.setText(d.toString("dd.MM.yyyy")), popup.close(),
                                         self._finished()))
        popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        popup.show()


def say_date(field: DateField, error: ErrorLabel, what: str) -> None:
    """Under a row that adds something dated: why the date typed is not one, or nothing once it is put right."""
    try:
        field.value()
    except InputRefused as exc:
        error.say(f"{what}: {exc}")
        return
    error.say("")


def tell_saved(parent: QWidget, title: str, text: str, folder: str) -> None:
    """Say a file was written, with «Открыть папку» beside «Закрыть»."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    open_folder = box.addButton("Открыть папку", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Закрыть", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is open_folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(folder))


def ask_text(parent: QWidget, title: str, question: str, text: str = "", multiline: bool = False) -> tuple[str, bool]:
    """QInputDialog.getText with the question wrapped to the dialog's width (Qt's own keeps it on one line: a long
    question made the dialog wider than the screen); the answer and whether it was given. `multiline`: a field of
    several lines (a reason, a remark), wide enough for the whole offered text, the cursor after it."""
    if multiline:
        return _ask_long_text(parent, title, question, text)
    dialog = text_dialog(parent, title, question, text)
    answered = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.textValue(), answered


def ask_until_done(parent: QWidget, title: str, question: str, act: Callable[[str], T], text: str = "",
                   multiline: bool = False) -> T | None:
    """Ask for a text and act on it until the action is done or the user gives up («Отмена»): a refused answer
    (its message shown by `attempt`) is asked again with what was typed, not lost with the dialog. The action's
    result, or None when the user gave up."""
    from gui.failure import attempt

    while True:
        text, ok = ask_text(parent, title, question, text=text, multiline=multiline)
        if not ok:
            return None
        done = attempt(parent, title, lambda text=text: act(text))
        if done is not None:
            return done


def text_dialog(parent: QWidget, title: str, question: str, text: str = "") -> QDialog:
    """ask_text's dialog: the question wrapped in lines of about 520 pixels (the label's own least width: the dialog's
    layout sizes the dialog to its contents, a width set on the dialog is not kept)."""
    from PySide6.QtWidgets import QInputDialog

    from gui.widgets.screen import free_area

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setLabelText(question)
    dialog.setTextValue(text)
    for label in dialog.findChildren(QLabel):
        label.setWordWrap(True)
        label.setMinimumWidth(min(520, free_area(dialog)[0] - 40))
    return dialog


class LongTextDialog(QDialog):
    """A question above a field of several lines: the offered text whole, nothing selected (the first key does not
    erase it), the cursor at its end; wide enough for its title."""

    def __init__(self, parent: QWidget | None, title: str, question: str, text: str = "") -> None:
        from PySide6.QtGui import QTextCursor
        from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit

        from gui.widgets.screen import free_area

        super().__init__(parent)
        self.setWindowTitle(title)
        box = QVBoxLayout(self)
        label = QLabel(question)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(label)
        self.field = QPlainTextEdit()
        self.field.setAccessibleName(title)
        self.field.setTabChangesFocus(True)
        self.field.setPlainText(text)
        self.field.moveCursor(QTextCursor.MoveOperation.End)
        self.field.setMinimumHeight(self.field.fontMetrics().lineSpacing() * 5 + 12)
        label.setBuddy(self.field)
        box.addWidget(self.field, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        room_w, room_h = free_area(self)
        self.setMinimumWidth(min(580, room_w))
        self.resize(min(640, room_w), min(300, room_h))
        self.field.setFocus()

    @property
    def text(self) -> str:
        return self.field.toPlainText()


def _ask_long_text(parent: QWidget, title: str, question: str, text: str) -> tuple[str, bool]:
    dialog = LongTextDialog(parent, title, question, text)
    answered = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.text, answered
