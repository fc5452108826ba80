"""What a new version of a methodology changes, printed as the annex to the ministry's order (PDF, A4 portrait): the
same changes `methodology install` and `methodology diff` print (model/methodology/changes.py), numbered and grouped
by the header, the total and each section, under a title that names both versions."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from model import APP_NAME
from model.methodology.changes import Change, change_list
from model.methodology.types import Methodology
from model.reports.pdf_style import MARGIN, register_fonts, styles, text, write_document
from model.reports.pdf_table import table

WIDTH = A4[0] - 2 * MARGIN - 12  # A4 portrait less the margins and the frame's padding
COLUMNS = (10 * mm, 28 * mm)  # «№» and «Что изменено»; the change takes the rest


def annex_title(new: Methodology) -> str:
    return f"Изменения методики оценки «{' '.join(new.title.split())}»"


def build_changes_story(old: Methodology, new: Methodology, made_at: datetime | None = None) -> list[Flowable]:
    st = styles()
    right = ParagraphStyle("right", parent=st["text"], alignment=TA_RIGHT)
    story: list[Flowable] = [
        text("Приложение\nк приказу от «___» ____________ 20___ г. № _______", right), Spacer(1, 8 * mm),
        text(annex_title(new), st["title"]), Spacer(1, 3 * mm),
        text(f"Новая редакция: методика {new.describe()}", st["subtitle"]),
        text(f"Прежняя редакция: методика {old.describe()}", st["subtitle"]), Spacer(1, 5 * mm)]
    found = change_list(old, new)
    if not found:
        story.append(text("Изменений нет: содержание методики в новой редакции то же, что в прежней.", st["text"]))
    groups: list[tuple[str, list[Change]]] = []
    for change in found:
        if not groups or groups[-1][0] != change.group:
            groups.append((change.group, []))
        groups[-1][1].append(change)
    number = 0
    head = [text("№", st["head"]), text("Что изменено", st["head"]), text("Изменение", st["head"])]
    for group, items in groups:
        rows: list[list] = [head]
        for change in items:
            number += 1
            rows.append([text(f"{number}.", st["num"]), text(change.place.capitalize(), st["cell"]),
                         text(change.what[:1].upper() + change.what[1:], st["cell"])])
        heading = text(group, st["h2"])
        widths = [*COLUMNS, WIDTH - sum(COLUMNS)]
        # a section's heading never stays alone at a page's foot: it goes on with its table's first rows
        story += [CondPageBreak(40 * mm), heading, table(rows, widths), Spacer(1, 3 * mm)]
    when = made_at or datetime.now()
    story += [Spacer(1, 4 * mm), text(f"Всего изменений: {number}. Сформировано {when:%d.%m.%Y %H:%M} программой "
                                      f"«{APP_NAME}».", st["note"])]
    return story


def write_changes_pdf(old: Methodology, new: Methodology, path: Path | str) -> Path:
    """The annex listing what `new` changes against `old`; the file appears whole or not at all."""
    register_fonts()
    footer = f"Изменения методики оценки: версия {new.version} против версии {old.version}"
    return write_document(build_changes_story(old, new), path, f"Приложение к приказу — {annex_title(new)}"[:200],
                          APP_NAME, footer, pagesize=A4)
