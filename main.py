"""Отчётность ОМСУ: starts the window, or runs a command without a screen. The command line is here, beside the
window's start, as the other interface over model/: its Russian argparse and the commands (scores, export, import,
consolidate, methodology, backup). With no command given, main() starts the window (gui/app.py)."""

from __future__ import annotations

import argparse
import codecs
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from model import APP_NAME
from model.base.faults import logged_unraisable, os_reason, sentence, sqlite_reason
from model.base.version import program_name
from model.base.windowed import has_console, without_console

if TYPE_CHECKING:
    from datetime import date

    from model.base.period import Period
    from model.region.expected import Municipality

# argparse's own texts, in Russian: it looks each up through its module's `_` when it is used.
ARGPARSE_RU = {
    "usage: ": "Использование: ",
    "positional arguments": "обязательные значения",
    "options": "параметры",
    "show this help message and exit": "показать эту справку и выйти",
    "the following arguments are required: %s": "не указаны обязательные параметры: %s",
    "unrecognized arguments: %s": "неизвестные параметры: %s",
    "expected one argument": "после параметра нужно значение",
    "expected at most one argument": "после параметра — не больше одного значения",
    "expected at least one argument": "нужно хотя бы одно значение",
    "argument %(argument_name)s: %(message)s": "параметр %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "недопустимое значение %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "недопустимое значение %(value)r (возможны: %(choices)s)",
    "not allowed with argument %s": "нельзя вместе с параметром %s",
    "one of the arguments %s is required": "нужен один из параметров %s",
    "ambiguous option: %(option)s could match %(matches)s": "неоднозначный параметр %(option)s: подходят %(matches)s",
    "ignored explicit argument %r": "лишнее значение %r",
    "unexpected option string: %s": "неожиданный параметр %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
}
argparse._ = lambda text: ARGPARSE_RU.get(text, text)  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not a usage dump
        print(f"Ошибка в параметрах: {message}. Справка: {program_name()} --help", file=sys.stderr)
        raise SystemExit(2)


def file_name(text: str) -> Path:
    """A file or folder named on the command line: an empty name (or one of spaces) is no name at all."""
    if not text.strip():
        raise argparse.ArgumentTypeError("пустое имя файла или папки")
    return Path(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=program_name(), description=f"{APP_NAME}: квартальная отчётность муниципального района.")
    parser.add_argument("--db", metavar="ФАЙЛ", type=file_name,
                        help="файл базы данных (по умолчанию — открытый последним, а в первый раз — в папке данных "
                        "пользователя)")
    parser.add_argument("--smoke", action="store_true", help="построить главное окно, показать его и выйти (проверка)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="КОМАНДА")
    scores = sub.add_parser("scores", help="рассчитать оценки плана популяризации и вывести JSON")
    scores.add_argument("--db", metavar="ФАЙЛ", type=file_name, dest="scores_db", help="файл базы данных")
    scores.add_argument("--period", metavar="ПЕРИОД", help="период, например 2018-Q2 (вместе с --db)")
    scores.add_argument("--inputs", metavar="ФАЙЛ", type=file_name, help="JSON-файл с исходными данными (без базы)")
    scores.add_argument("--year", metavar="ГОД", type=int,
                        help="год, по методике которого считать --inputs (по умолчанию 2018)")
    export = sub.add_parser("export", help="записать отчёт за период: PDF и книгу Excel")
    export.add_argument("--db", metavar="ФАЙЛ", type=file_name, dest="cmd_db", required=True, help="файл базы данных")
    export.add_argument("--period", metavar="ПЕРИОД", required=True, help="период, например 2018-Q2")
    export.add_argument("--out", metavar="ПАПКА", type=file_name, required=True, help="папка, куда записать файлы")
    imp = sub.add_parser("import", help="загрузить в базу данные из книги Excel (лист data)")
    imp.add_argument("--db", metavar="ФАЙЛ", type=file_name, dest="cmd_db", required=True, help="файл базы данных")
    imp.add_argument("workbook", metavar="КНИГА", type=file_name, help="книга .xlsx, выгруженная программой")
    cons = sub.add_parser("consolidate", help="свод по региону: книги районов за квартал → рейтинг, свод PDF и XLSX")
    cons.add_argument("--period", metavar="ПЕРИОД", required=True, help="период свода, например 2018-Q2")
    cons.add_argument("--expected", metavar="КНИГА", type=file_name,
                      help="книга со списком муниципалитетов (Наименование, ОКТМО)")
    cons.add_argument("--deadline", metavar="ДАТА",
                      help="срок представления, ДД.ММ.ГГГГ: выгруженные позже — с опозданием")
    cons.add_argument("--out", metavar="ПАПКА", type=file_name, required=True,
                      help="папка для свода (создаётся, если её нет)")
    cons.add_argument("--json", action="store_true", help="вывести результат одним объектом JSON")
    cons.add_argument("--answers", metavar="ПАПКА", type=file_name,
                      help="записать итоги для районов: файл на каждый муниципалитет и один на всех")
    cons.add_argument("--return", metavar="ОКТМО=ПРИЧИНА", action="append", default=[], dest="returned",
                      help="вернуть книгу муниципалитета на доработку с замечанием региона (можно несколько раз)")
    cons.add_argument("--remark", metavar="ОКТМО=ЗАМЕЧАНИЕ", action="append", default=[], dest="remarks",
                      help="замечание региона к принятой книге (можно несколько раз)")
    cons.add_argument("--accept", metavar="ФАЙЛ=ПРИЧИНА", action="append", default=[], dest="accepted",
                      help="принять в свод книгу, печать которой не сходится, с причиной (в журнал истории)")
    cons.add_argument("inputs", type=file_name, nargs="+", metavar="ФАЙЛ_ИЛИ_ПАПКА",
                      help="книги .xlsx или папки с ними")
    meth = sub.add_parser("methodology",
                          help="методики оценки: список, проверка, установка файла из региона, книга Excel, "
                               "сравнение версий")
    meth_sub = meth.add_subparsers(dest="action", parser_class=_Parser, required=True, metavar="ДЕЙСТВИЕ")
    listing = meth_sub.add_parser("list", help="методики, которые знает программа")
    listing.add_argument("--json", action="store_true", help="вывести список в JSON")
    check = meth_sub.add_parser("check", help="проверить файл методики, ничего не устанавливая")
    check.add_argument("file", metavar="ФАЙЛ", type=file_name, help="файл методики .toml")
    install = meth_sub.add_parser("install", help="проверить и установить файл методики")
    install.add_argument("file", metavar="ФАЙЛ", type=file_name, help="файл методики .toml")
    diff = meth_sub.add_parser("diff", help="что изменено в новой методике против прежней (и приложение к приказу "
                               "в PDF)")
    diff.add_argument("old", metavar="ПРЕЖНЯЯ", type=file_name, help="файл прежней методики .toml")
    diff.add_argument("new", metavar="НОВАЯ", type=file_name, help="файл новой методики .toml")
    diff.add_argument("--pdf", metavar="ФАЙЛ", type=file_name, help="записать список изменений в PDF — приложение к "
                      "приказу")
    to_xlsx = meth_sub.add_parser("to-xlsx", help="выгрузить методику в книгу Excel для правки")
    to_xlsx.add_argument("file", metavar="ФАЙЛ", type=file_name, help="файл методики .toml")
    to_xlsx.add_argument("--out", metavar="КНИГА", type=file_name, required=True, help="книга .xlsx, которую записать")
    from_xlsx = meth_sub.add_parser("from-xlsx", help="сделать файл методики из книги Excel")
    from_xlsx.add_argument("file", metavar="КНИГА", type=file_name, help="книга методики .xlsx, .xls или .ods")
    from_xlsx.add_argument("--out", metavar="ФАЙЛ", type=file_name, required=True,
                           help="файл методики .toml, который записать")
    package = sub.add_parser("package", help="файлы из региона: пакет для районов на год (сделать, загрузить) и итоги")
    package_sub = package.add_subparsers(dest="action", parser_class=_Parser, required=True, metavar="ДЕЙСТВИЕ")
    make = package_sub.add_parser("make", help="сделать пакет для районов на год: методика, сроки, целевые "
                                               "показатели по муниципалитетам, ключи печати")
    make.add_argument("--year", metavar="ГОД", type=int, required=True, help="год пакета")
    make.add_argument("--region", metavar="РЕГИОН", help="наименование региона (по умолчанию — из истории свода)")
    make.add_argument("--targets", metavar="КНИГА", type=file_name, required=True,
                      help="книга целевых показателей по муниципалитетам (.xlsx, .xls, .ods)")
    make.add_argument("--methodology", metavar="ФАЙЛ", type=file_name, action="append", default=[],
                      help="файл методики .toml (по умолчанию — методика, действующая на год)")
    make.add_argument("--deadline", metavar="КВАРТАЛ=ДАТА", action="append", default=[],
                      help="срок отчёта за квартал, например 1=10.04.2027 (можно несколько раз)")
    make.add_argument("--out", metavar="ФАЙЛ", type=file_name, required=True, help="файл пакета .json")
    make.add_argument("--split", metavar="ПАПКА", type=file_name,
                      help="также записать в папку по файлу на муниципалитет (только его показатели и ключ)")
    apply = package_sub.add_parser("apply", help="загрузить в базу района файл из региона: пакет или итоги свода")
    apply.add_argument("--db", metavar="ФАЙЛ", type=file_name, dest="cmd_db", required=True, help="файл базы данных")
    apply.add_argument("--dry-run", action="store_true", help="только показать, что изменится, ничего не меняя")
    apply.add_argument("file", metavar="ФАЙЛ", type=file_name, help="пакет или итоги свода (.json) из региона")
    backups = sub.add_parser("backup", help="резервные копии базы данных: список и восстановление")
    backup_sub = backups.add_subparsers(dest="action", parser_class=_Parser, required=True, metavar="ДЕЙСТВИЕ")
    listed = backup_sub.add_parser("list", help="копии файла базы данных, новые первыми")
    listed.add_argument("--db", metavar="ФАЙЛ", type=file_name, dest="cmd_db", required=True, help="файл базы данных")
    restore = backup_sub.add_parser("restore", help="заменить базу данных копией (текущий файл сначала копируется)")
    restore.add_argument("--db", metavar="ФАЙЛ", type=file_name, dest="cmd_db", required=True, help="файл базы данных")
    restore.add_argument("copy", metavar="КОПИЯ", type=file_name, help="файл копии (из папки «Резервные копии»)")
    restore.add_argument("--force", action="store_true",
                         help="восстановить, даже если в копии меньше данных, чем в текущей базе")
    return parser


def utf8_when_redirected(*streams: Any) -> None:
    """Output to a file or a pipe is UTF-8 (`--help > f.txt`, `| more`, a script reading `--json`).

    Python writes redirected streams in the ANSI code page — cp1251 on a Russian Windows, cp1252 on an English
    one — where «→» (cp1251) or every Russian letter (cp1252) does not exist: the command died with
    UnicodeEncodeError, and JSON came out in cp1251. A console (a tty) keeps its own encoding: Windows' console
    takes any text, and a terminal's locale is the user's choice. Only the encoding changes: the error handler
    stays the one Python chose (strict on stdout, so a script reads exact text or the command fails;
    backslashreplace on stderr, so a message always comes out). The windowed executable has no streams at all.
    """
    for stream in streams or (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        try:
            if reconfigure is None or stream.isatty():
                continue
            if codecs.lookup(stream.encoding).name != "utf-8":
                reconfigure(encoding="utf-8", errors=stream.errors)
        except (OSError, ValueError, LookupError):  # a closed or odd stream: left as it is
            continue


def fail(*parts: str) -> int:
    """Tell the user why a command did nothing, as sentences on stderr; exit code 2."""
    print("Ошибка: " + sentence(*parts), file=sys.stderr)
    return 2


def given_file(path: Path, what: str) -> bool:
    """Whether a file named on the command line is there and is a plain file (a folder, a pipe or a dangling link
    is said as such: opening a pipe would wait forever)."""
    try:
        if path.is_file():
            return True
        path.lstat()
    except FileNotFoundError:
        pass
    except OSError as exc:  # a name too long, a folder without rights on the way
        fail(f"Файл {what} {path} не открыть: {os_reason(exc)}")
        return False
    if path.is_symlink() and not path.exists():
        fail(f"Файл {what} {path} — ссылка на файл, которого нет")
    elif path.is_dir():
        fail(f"{path} — папка, а не файл {what}")
    elif path.exists():
        fail(f"{path} — не обычный файл (устройство или канал)", f"Укажите файл {what}")
    else:
        fail(f"Файла {what} {path} нет")
    return False


def hold(database: Path, *advice: str) -> int | None:
    """Take the database's writer lock for the command; None when held, else the exit code after saying why (another
    program has it open, or the file cannot be opened)."""
    from model.base import writer_lock as lock

    try:
        lock.acquire(database)
    except lock.AlreadyOpen as exc:
        return fail(str(exc), "Закройте программу там и повторите")
    except OSError as exc:
        return fail(f"Файл базы данных {database} открыть нельзя: {os_reason(exc)}", *advice)
    return None


def make_folder(folder: Path) -> bool | None:
    """Create the output folder if needed: True if made now, False if it was there, None (said) if it cannot be."""
    if folder.exists() and not folder.is_dir():
        fail(f"{folder} — файл, а не папка", "Укажите папку для файлов")
        return None
    if folder.is_dir():
        return False
    from model.base.paths import too_long, too_long_message

    limit = too_long(folder, folder=True)
    if limit is not None:  # Windows would say «no such folder» for one too long to make
        fail(too_long_message(folder, None, limit))
        return None
    try:
        folder.mkdir(parents=True)
    except OSError as exc:
        fail(f"Папку {folder} создать нельзя: {os_reason(exc)}", "Укажите другую папку")
        return None
    return True


def forget_folder(folder: Path, made: bool | None) -> None:
    """An output folder made by a run that wrote nothing goes again (only if it is still empty)."""
    if made:
        try:
            folder.rmdir()
        except OSError:
            pass


def run_export(args: argparse.Namespace) -> int:
    from model.areas.periods import period_id
    from model.base.period import Period
    from model.errors import DatabaseRefused, WriteError
    from model.reports.sending import export_files
    from model.store.db import open_database

    try:
        period = Period.parse(args.period)
        if not args.cmd_db.exists():
            return fail(f"файла базы данных {args.cmd_db} нет")
        db = open_database(args.cmd_db)
        if period_id(db, period) is None:
            return fail(f"в базе {args.cmd_db} нет данных за период {period}")
    except (ValueError, DatabaseRefused) as exc:
        return fail(str(exc))
    made = make_folder(args.out)
    if made is None:
        return 2
    try:
        pdf, xlsx = export_files(db, period, args.out, at_once=True)  # the two files side by side where safe
    except (ValueError, DatabaseRefused, WriteError) as exc:
        forget_folder(args.out, made)
        return fail(str(exc))
    print(pdf)
    print(xlsx)
    from model.base.paths import excel_warning

    warning = excel_warning(xlsx)
    if warning is not None:  # written all the same: the clerk may move it
        print(f"Предупреждение: {warning}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from model.base import writer_lock as lock
    from model.errors import DatabaseRefused, InputRefused, WriteError
    from model.exchange import check_whole, decode, import_report
    from model.store.db import open_database

    if not given_file(args.workbook, "книги"):
        return 2
    if not args.cmd_db.parent.is_dir():
        return fail(f"Папки {args.cmd_db.parent} для файла базы данных нет", "Укажите существующую папку")
    try:
        report = decode(args.workbook)  # the book is checked before the database is touched (or made)
        check_whole(report)
    except InputRefused as exc:
        return fail(str(exc), "База данных не изменена")
    refused = hold(args.cmd_db, "Выберите другую папку или более короткое имя")
    if refused is not None:
        return refused
    try:
        period = import_report(open_database(args.cmd_db), report)
    except (InputRefused, DatabaseRefused, WriteError) as exc:
        return fail(str(exc), "База данных не изменена")
    finally:
        lock.release(args.cmd_db)
    print(f"Загружены данные за {period.title()}")
    return 0


def run_scores(args: argparse.Namespace) -> int:
    from model.areas.periods import period_id
    from model.base.numbers import write_json
    from model.base.period import Period
    from model.errors import DatabaseRefused, InputRefused
    from model.methodology import MethodologyError, for_year, shipped_2018
    from model.quarter.data import load_period
    from model.scoring.calculator import read_inputs_file
    from model.scoring.score import score_plan, scores_as_json
    from model.store.db import open_database

    db_path = args.scores_db or args.db
    if bool(args.inputs) == bool(db_path):
        print("Ошибка: укажите либо --inputs ФАЙЛ.json, либо --db ФАЙЛ и --period ГГГГ-QN", file=sys.stderr)
        return 2
    try:
        if args.inputs and not given_file(args.inputs, "исходных данных"):
            return 2
    except OSError as exc:  # a name too long for the system, a folder on the way that cannot be read
        return fail(f"Файл исходных данных {args.inputs} открыть нельзя: {os_reason(exc)}")
    try:
        if args.inputs:
            found = for_year(args.year) if args.year is not None else [shipped_2018()]
            if not found:
                return fail(f"для {args.year} года методика не установлена")
            scores = score_plan(found[0], read_inputs_file(args.inputs, found[0]))
        else:
            if not args.period:
                print("Ошибка: вместе с --db укажите --period, например 2018-Q2", file=sys.stderr)
                return 2
            period = Period.parse(args.period)
            if not db_path.exists():
                return fail(f"файла базы данных {db_path} нет")
            db = open_database(db_path, read_only=True)
            if period_id(db, period) is None:
                return fail(f"в базе {db_path} нет данных за период {period}")
            scores = load_period(db, period).scores
    except (InputRefused, ValueError, DatabaseRefused, MethodologyError) as exc:
        return fail(str(exc))
    print(write_json(scores_as_json(scores)))  # NaN or Infinity are never printed: JSON has neither
    return 0


def summary_writers() -> None:
    """The modules the summary's files are written with (reportlab, openpyxl: ~0,25 s), loaded while the books'
    readers read (see model/region/reading.py read_all) — openpyxl only when no writer started early waits to write
    the workbook."""
    import model.region.summary_pdf  # noqa: F401
    from model.region import reading
    if not reading.waiting(reading.WRITER_FLAG):
        import model.region.summary_xlsx  # noqa: F401


def run_consolidate(args: argparse.Namespace) -> int:
    """0: everyone expected reported and no file has a problem; 1: made, but something is missing or wrong;
    2: nothing could be done (bad arguments, no readable file). Once the arguments are found good, its readers and
    the workbook's writer are started first, and start while it loads the merge's modules."""
    from model.base.period import Period
    from model.base.ru import parse_date
    from model.errors import InputRefused
    from model.region import reading

    if args.expected and not given_file(args.expected, "списка муниципалитетов"):
        return 2
    try:
        period = Period.parse(args.period)
        deadline = parse_date(args.deadline) if args.deadline else None
        expected = None
        if args.expected:
            from model.region.expected import read_expected

            expected = read_expected(args.expected)
        returned = pairs(args.returned, "--return", "ОКТМО=ПРИЧИНА")
        remarks = pairs(args.remarks, "--remark", "ОКТМО=ЗАМЕЧАНИЕ")
        accepted = {file: reasons[-1] for file, reasons in pairs(args.accepted, "--accept", "ФАЙЛ=ПРИЧИНА").items()}
    except (ValueError, InputRefused) as exc:
        return fail(str(exc))
    if args.answers is not None and args.answers.exists() and not args.answers.is_dir():
        return fail(f"{args.answers} — файл, а не папка", "Укажите папку для итогов")
    reading.start_merge_helpers(args.inputs)
    try:
        return merge_and_write(args, period, deadline, expected, returned, remarks, accepted)
    finally:
        reading.end_early()


def merge_and_write(args: argparse.Namespace, period: Period, deadline: date | None,
                    expected: list[Municipality] | None, returned: dict[str, list[str]],
                    remarks: dict[str, list[str]], accepted: dict[str, str]) -> int:
    """The merge `consolidate` asks for, its arguments read and checked, and what it writes and says."""
    import sqlite3

    from model.base.numbers import write_json
    from model.errors import InputRefused, NothingToMerge, Refused, WriteError
    from model.exchange import ImportRefused
    from model.region.consolidate import summary_json
    from model.region.history import open_history
    from model.region.merge import merge
    from model.region.summary_files import write_summary
    from model.region.tables import headline
    try:
        history = open_history()
    except Refused as exc:
        return fail(str(exc), "Свод не составлен")
    with history:
        try:
            summary = merge(args.inputs, period, expected, deadline, history=history,
                            exclude=[args.expected] if args.expected else [], accept=accepted,
                            returned=list(returned), named=list(remarks), meanwhile=summary_writers)
        except (NothingToMerge, InputRefused) as exc:
            return fail(str(exc))
        except sqlite3.Error as exc:
            return fail(f"История свода не записана: {sqlite_reason(exc)}", "Закройте другую программу, которая "
                        "составляет свод, и повторите")
        made = make_folder(args.out)
        if made is None:
            return 2
        try:
            pdf, xlsx = write_summary(summary, args.out)
        except (WriteError, ImportRefused) as exc:
            forget_folder(args.out, made)
            return fail(str(exc))
        except OSError as exc:
            forget_folder(args.out, made)
            return fail(f"Свод в папку {args.out} не записан: {os_reason(exc)}", "Прежние файлы свода не изменены")
        answers: list[Path] = []
        if args.answers is not None:
            from model.region.answers import make_answers, write_answers

            try:
                answers = write_answers(make_answers(summary, history, remarks, returned), args.answers)
            except (WriteError, OSError) as exc:
                reason = str(exc) if isinstance(exc, WriteError) else os_reason(exc)
                return fail(f"Итоги в папку {args.answers} не записаны: {reason}", "Свод записан: "
                            f"{pdf}, {xlsx}")
    if args.json:
        print(write_json({**summary_json(summary), "output": {"pdf": str(pdf), "xlsx": str(xlsx)},
                          **({"answers": [str(a) for a in answers]} if args.answers is not None else {})}))
    else:
        for line in [str(pdf), str(xlsx), *map(str, answers), *headline(summary)]:
            print(line)
        for m in summary.missing:
            print(f"Не представил отчёт: {m.name}" + (f" (ОКТМО {m.oktmo})" if m.oktmo else ""))
        for problem in summary.problems:
            print(f"{problem.file}: {problem.reason}")
        for note in summary.notes:
            print(f"{note.file}: к сведению — {note.reason}")
    return 0 if summary.clean else 1


def pairs(values: list[str], option: str, form: str) -> dict[str, list[str]]:
    """`KEY=TEXT` options (repeatable) as KEY → its texts; InputRefused naming the option for one without «=», an
    empty key or an empty text."""
    from model.errors import InputRefused

    out: dict[str, list[str]] = {}
    for value in values:
        key, sign, text = value.partition("=")
        key, text = key.strip(), " ".join(text.split())
        if not sign or not key or not text:
            raise InputRefused(f"Параметр {option} «{value[:60]}»: ожидается {form} — например, {option} "
                               f"{'район_001.xlsx' if form.startswith('ФАЙЛ') else '76618000'}=текст")
        out.setdefault(key, []).append(text)
    return out


def run_methodology(args: argparse.Namespace) -> int:
    """list, check FILE, install FILE, diff OLD NEW: 0 sound (or installed), 1 refused with the problems on stderr, 2
    bad call."""
    from model.base.numbers import write_json
    from model.errors import WriteError
    from model.methodology import MethodologyError, registry

    if args.action == "diff":
        return run_methodology_diff(args)
    if args.action == "list":
        found = registry.entries()
        if args.json:
            print(write_json([{"id": e.methodology.id, "version": e.methodology.version,
                               "years": list(e.methodology.years), "title": e.methodology.title,
                               "origin": "shipped" if e.origin == registry.SHIPPED else "installed",
                               "installed_at": e.installed_at.isoformat() if e.installed_at else None,
                               "path": str(e.path)} for e in found]))
            return 0
        for e in found:
            origin = f"установлена {e.installed_at:%d.%m.%Y %H:%M}" if e.installed_at else e.origin
            print(f"{e.methodology.describe()} — {origin}")
        return 0
    if args.action in ("to-xlsx", "from-xlsx"):
        return run_methodology_book(args)
    try:
        if not given_file(args.file, "методики"):
            return 2
    except OSError as exc:  # a name too long for the system, a folder on the way that cannot be read
        return fail(f"Файл методики {args.file} открыть нельзя: {os_reason(exc)}", "Установленные методики не изменены")
    try:
        if args.action == "check":
            from model.methodology.draft import Draft
            from model.region.methodology_book import problem_words

            draft = Draft.open(args.file)  # refused as registry.check_file refuses it
            m = draft.base
            assert m is not None
            print(f"Методика {m.describe()} проверена: ошибок нет; разделов {len(m.sections)}, "
                  f"пунктов {len(m.items())}")
            for warning in draft.warnings():  # allowed, but worth a look: on stderr, stdout stays as it was
                print(f"Предупреждение. {warning.where[:1].upper()}{warning.where[1:]}: {problem_words(warning)}",
                      file=sys.stderr)
            return 0
        done = registry.install(args.file)
    except MethodologyError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except WriteError as exc:
        print(f"Ошибка: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print("Ошибка: " + sentence(f"Методика не установлена: {os_reason(exc)} ({exc.filename or 'папка методик'})",
                                    "Установленные методики не изменены"), file=sys.stderr)
        return 1
    m = done.methodology
    if done.already:
        print(f"Методика {m.describe()} уже установлена: {done.path}")
        return 0
    print(f"Установлена методика {m.describe()}: {done.path}")
    for version, lines in done.replaces.items():
        print_changes(version, lines)
    return 0


def print_changes(version: str, lines: list[str]) -> None:
    """What a methodology changes against an older version, as `install` and `diff` print it."""
    print(f"Изменения относительно версии {version}:" if lines else f"По сравнению с версией {version} изменений нет")
    for line in lines:
        print(f"  {line}")


def run_methodology_diff(args: argparse.Namespace) -> int:
    """diff ПРЕЖНЯЯ НОВАЯ [--pdf ФАЙЛ]: 0 the changes printed (and the annex written), 1 a file refused by the loader
    or the annex not written, 2 a bad call."""
    from model.errors import WriteError
    from model.methodology import MethodologyError, registry

    try:
        if not (given_file(args.old, "прежней методики") and given_file(args.new, "новой методики")):
            return 2
    except OSError as exc:
        return fail(f"Файл методики открыть нельзя: {os_reason(exc)}")
    try:
        old, new = registry.check_file(args.old), registry.check_file(args.new)
    except MethodologyError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print_changes(old.version, registry.changes(old, new))
    if args.pdf is not None:
        from model.reports.pdf_changes import write_changes_pdf

        try:
            written = write_changes_pdf(old, new, args.pdf)
        except WriteError as exc:
            print(f"Ошибка: {exc}", file=sys.stderr)
            return 1
        print(f"Приложение к приказу записано: {written}")
    return 0


def run_methodology_book(args: argparse.Namespace) -> int:
    """to-xlsx FILE --out BOOK, from-xlsx BOOK --out FILE: 0 written, 1 refused (every problem on stderr, nothing
    written), 2 bad call (no such file)."""
    from model.errors import MethodologyError, WriteError
    from model.region import methodology_book

    book = args.action == "from-xlsx"
    try:
        if not given_file(args.file, "книги методики" if book else "методики"):
            return 2
    except OSError as exc:
        return fail(f"Файл {args.file} открыть нельзя: {os_reason(exc)}")
    if not book and args.out.suffix.lower() != ".xlsx":
        return fail(f"Книга записывается в формате Excel (.xlsx), а указано имя {args.out.name}",
                    f"Укажите имя с расширением .xlsx, например {args.out.with_suffix('.xlsx').name}")
    try:
        if not book:
            methodology_book.to_xlsx(args.file, args.out)
            print(f"Методика из {args.file} выгружена в книгу {args.out}: листы "
                  f"{', '.join(f'«{s}»' for s in methodology_book.SHEETS)}")
            return 0
        read = methodology_book.from_xlsx(args.file, args.out)
    except MethodologyError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except WriteError as exc:
        print(f"Ошибка: {exc}", file=sys.stderr)
        return 1
    if read.problems or read.methodology is None:
        count = len(read.problems)
        print(f"{args.file}: методика не записана — " + ("ошибка" if count == 1 else f"ошибок: {count}"),
              file=sys.stderr)
        for problem in read.problems:
            print(f"  {problem.text}", file=sys.stderr)
        return 1
    m = read.methodology
    print(f"Методика {m.describe()} из книги {args.file} записана в {args.out}: разделов {len(m.sections)}, "
          f"пунктов {len(m.items())}")
    return 0


def run_package(args: argparse.Namespace) -> int:
    return run_package_make(args) if args.action == "make" else run_package_apply(args)


def run_package_make(args: argparse.Namespace) -> int:
    """0: the package written; 1: refused (the targets or a methodology), nothing written; 2: a bad call."""
    import re

    from model.base.ru import parse_date
    from model.errors import DatabaseRefused, ImportRefused, InputRefused, MethodologyError, WriteError
    from model.region.history import open_history
    from model.region.package_make import check_deadlines, describe, make_package, package_methodologies, save_package
    from model.region.targets import read_targets

    if not given_file(args.targets, "целевых показателей"):
        return 2
    for path in args.methodology:
        if not given_file(path, "методики"):
            return 2
    deadlines = {}
    for given in args.deadline:
        match = re.fullmatch(r"\s*([1-4])\s*=\s*(.+)", given)
        if match is None:
            return fail(f"Срок «{given}» не понят: укажите квартал и дату, например --deadline 1=10.04.{args.year}")
        try:
            deadlines[int(match.group(1))] = parse_date(match.group(2))
        except (ValueError, InputRefused) as exc:
            return fail(f"Срок «{given}»: {exc}")
    try:
        check_deadlines(args.year, deadlines)
    except InputRefused as exc:
        return fail(str(exc))
    if args.split is not None and args.split.exists() and not args.split.is_dir():
        return fail(f"{args.split} — файл, а не папка", "Укажите папку для файлов муниципалитетов")
    try:
        history = open_history()
    except DatabaseRefused as exc:
        return fail(str(exc))
    with history:
        region = (args.region or "").strip() or history.region()
        if not region:
            return fail("Не указан регион: укажите --region «Наименование региона» (в следующий раз он будет взят "
                        "из истории свода)")
        try:
            methodologies = package_methodologies(args.year, args.methodology or None)
            targets = read_targets(args.targets, [m for m, _ in methodologies])
            package = make_package(region, args.year, targets, history, args.methodology or None, deadlines)
        except MethodologyError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        except ImportRefused as exc:  # the targets' problems, one line each
            print(str(exc), file=sys.stderr)
            return 1
        except InputRefused as exc:  # the year or the region's name
            return fail(str(exc))
        try:
            written = save_package(package, args.out, history, args.split)
        except WriteError as exc:
            return fail(str(exc))
        except OSError as exc:
            return fail(f"Пакет {args.out} не записан: {os_reason(exc)}")
    for path in written:
        print(path)
    print(describe(package, [m for m, _ in methodologies]))
    return 0


def run_package_apply(args: argparse.Namespace) -> int:
    """0: applied (or already applied); 1: refused, nothing changed; 2: a bad call."""
    from model.base import writer_lock as lock
    from model.base.words import counted
    from model.errors import DatabaseRefused, ImportRefused, Refused
    from model.exchange import from_region, region_files
    from model.store.db import open_database

    if not given_file(args.file, "из региона"):
        return 2
    if not args.cmd_db.is_file():
        return fail(f"Файла базы данных {args.cmd_db} нет", "Укажите базу района, в которую загрузить файл")
    try:
        document = region_files.read(args.file)  # checked whole before the database is touched
    except ImportRefused as exc:
        return fail(str(exc))
    refused = hold(args.cmd_db)
    if refused is not None:
        return refused
    try:
        db = open_database(args.cmd_db)
        try:
            seen = from_region.preview(db, document)
            if seen.refusal:
                print("Отказ: " + seen.refusal, file=sys.stderr)
                return 1
            print(seen.title)
            if seen.nothing_to_do:
                print(seen.nothing_to_do)
                return 0
            for line in seen.lines:
                print("  " + line.told())
            if seen.skipped:
                print("Не загружается:")
                for line in seen.skipped:
                    print("  " + line.told())
            if args.dry_run:
                print("Проверка без загрузки: база данных не изменена")
                return 0
            done = from_region.apply(db, document)
        finally:
            db.conn.close()
    except DatabaseRefused as exc:
        return fail(str(exc))
    except Refused as exc:
        print("Отказ: " + sentence(str(exc), "База данных не изменена"), file=sys.stderr)
        return 1
    finally:
        lock.release(args.cmd_db)
    if done.nothing_to_do:
        print(done.nothing_to_do)
    else:
        changed = sum(1 for line in done.lines if line.changes)
        print(f"Загружено: {counted(len(done.lines), 'значение', 'значения', 'значений')} из файла региона, "
              f"изменено {changed}" + (f", не загружено {len(done.skipped)}" if done.skipped else ""))
    return 0


def run_backup(args: argparse.Namespace) -> int:
    """list: the copies, newest first; restore КОПИЯ: 0 restored, 2 refused (a copy with fewer data than the file
    without --force, a file that is not the program's database, a damaged copy) with the database unchanged."""
    from datetime import datetime

    from model.base import writer_lock as lock
    from model.base.ru import format_number
    from model.errors import WriteError
    from model.store import backup

    if not given_file(args.cmd_db, "базы данных"):
        return 2
    if args.action == "list":
        for b in backup.list_backups(args.cmd_db):
            print(f"{b.made_at:%d.%m.%Y %H:%M:%S}  {b.reason_text()}  {format_number(b.size / 1024, 0)} КБ  {b.path}")
        return 0
    if not given_file(args.copy, "копии"):
        return 2
    stat = args.copy.stat()
    chosen = backup.Backup(args.copy, datetime.fromtimestamp(stat.st_mtime), stat.st_size, "manual")
    refused = hold(args.cmd_db)
    if refused is not None:
        return refused
    try:
        before = backup.restore(args.cmd_db, chosen, fewer_allowed=args.force)
    except backup.FewerData as exc:
        return fail(str(exc), "Чтобы восстановить всё равно, повторите команду с параметром --force")
    except WriteError as exc:
        return fail(str(exc))
    finally:
        lock.release(args.cmd_db)
    print(f"Восстановлена копия {args.copy}")
    if before.path != args.copy:
        print(f"Прежний файл сохранён в копию {before.path}")
    return 0


def has_display() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


COMMANDS = {"scores": run_scores, "export": run_export, "import": run_import, "methodology": run_methodology,
            "consolidate": run_consolidate, "backup": run_backup, "package": run_package}


def run_command(args: argparse.Namespace) -> int:
    """Run the command the arguments name; its exit code. The log goes to its file (never to the user's screen); a
    fault below is told in one Russian line (exit code 2), never as a traceback: a file or the database the system
    refused with the reason by its code, a refusal (model.errors.Refused) as its message, anything else as a fault of
    the program with the log's place."""
    import sqlite3

    from model.base.logs import log, setup_logging
    from model.errors import Refused

    log_file = setup_logging()
    sys.unraisablehook = logged_unraisable
    try:
        code = COMMANDS[args.command](args)
        if sys.stdout is not None:  # what it printed reaches its file or pipe here, where a full disk is told:
            sys.stdout.flush()      # exit_now ends the process without Python's own last flush
        return code
    except Refused as exc:  # a refusal a command did not tell itself: its message is already the user's sentence
        log.warning("Команда %s не выполнена", args.command, exc_info=exc)
        return fail(str(exc))
    except OSError as exc:
        log.warning("Команда %s не выполнена", args.command, exc_info=exc)
        where = f" ({exc.filename})" if exc.filename else ""
        return fail(f"Команда «{args.command}» не выполнена: {os_reason(exc)}{where}",
                    "Данные не изменены, недописанные файлы не оставлены")
    except sqlite3.Error as exc:
        log.warning("Команда %s не выполнена", args.command, exc_info=exc)
        return fail(f"Команда «{args.command}» не выполнена: база данных — {sqlite_reason(exc)}",
                    "Данные не изменены")
    except Exception as exc:  # the boundary: whatever went wrong below, the caller gets a sentence and a code
        log.error("Команда %s не выполнена", args.command, exc_info=exc)
        print(f"Ошибка программы при выполнении команды «{args.command}» (внутренняя ошибка). Данные не изменены, "
              f"файлы, которые не удалось записать целиком, не появились. Подробности — в журнале {log_file}: "
              "пришлите его разработчикам.", file=sys.stderr)
        return 2


def window_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The window's own arguments, `--db ФАЙЛ` and `--smoke`, as the parser would read them, without building every
    command's parser (about 9 ms of each start); None for anything else (a command, --help, a value the parser
    refuses or would read otherwise), which the whole parser then reads and tells."""
    db: str | None = None
    smoke = False
    rest = iter(argv)
    for arg in rest:
        if arg == "--smoke":
            smoke = True
        elif arg == "--db":
            db = next(rest, None)
            if db is None or db.startswith("-"):
                return None
        elif arg.startswith("--db="):
            db = arg.removeprefix("--db=")
        else:
            return None
        if db is not None and not db.strip():  # each one given is checked, as the parser does
            return None
    return argparse.Namespace(db=None if db is None else Path(db), smoke=smoke, command=None)


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    # started by a merge as its helper: a share of its books (model/region/reading.py) or its summary's workbook
    # (model/region/summary_files.py)
    if given in (["--read-books"], ["--write-workbook"]):
        from model.base.logs import setup_logging

        setup_logging(rotating=False)  # the merge that started it writes the log meanwhile
        if given == ["--read-books"]:
            from model.region.consolidate import read_district
            from model.region.reading import serve

            return serve(read_district)
        from model.region.summary_files import serve_workbook

        return serve_workbook()
    quick = window_arguments(given)
    if has_console():
        utf8_when_redirected()  # before anything is printed, --help and argument errors included
        args = quick or build_parser().parse_args(argv)
    elif quick is not None:
        args = quick
    else:  # the windowed executable: a command's output would be lost, so it says to use the console twin
        parsed = without_console(build_parser(), argv)
        if isinstance(parsed, int):
            return parsed
        args = parsed
    if args.command:
        return run_command(args)
    if not has_display():
        if not args.smoke:
            print("Нет графического дисплея: запустите программу в графическом сеансе "
                  f"или через виртуальный экран: xvfb-run {program_name()}", file=sys.stderr)
            return 1
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # Start-up creates a few hundred thousand objects that live as long as the window; the cyclic collector would
    # walk them again and again while they are made. run_app switches it back on once the first screen is up.
    gc.disable()
    from gui.app import run_app

    return run_app(args.db, smoke=args.smoke)


def exit_now(code: int) -> NoReturn:
    """End a command or a helper of the merge at once, with `code`: its exit functions run (atexit: the log flushed
    and closed), what it printed flushed, the interpreter's teardown skipped — freeing every object and module one
    by one just before the process vanishes (~35 ms after a merge's workbook is written, ~80 ms after a merge).
    Everything it wrote is already whole and closed: the files by their writers, the databases by their `with`."""
    import atexit

    atexit._run_exitfuncs()  # as at any exit: logging's shutdown (the log flushed and closed), a library's own
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass  # a command flushed its output and said a failure (run_command); a reader gone away (`| head`)
    os._exit(code)


if __name__ == "__main__":
    ended = main()
    if window_arguments(sys.argv[1:]) is None:  # a command (or a helper of the merge): nothing of the window to end
        exit_now(ended)
    sys.exit(ended)  # the window: Qt's objects and the settings end as Python ends
