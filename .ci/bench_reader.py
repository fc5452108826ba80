"""How long and how much memory reading (or refusing) the worst workbooks of at most 5 MB takes, whole process.

    .venv/bin/python .ci/bench_reader.py [--keep DIR] [CASE …]

Each case is a workbook written here (from a district's book the program exports), then read in a fresh process
twice: by the reader alone (`read_sheet`, what import, consolidate and the expected list all go through) and by
`main.py import` into a new database. Time and peak memory are /usr/bin/time's (wall seconds, maximum resident
size), or resource.getrusage where it is absent. The promise: under 2 s and under 300 MB, read or refused.
Not part of the tests (a minute or two); the figures go to README.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import string
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import hostile_files as h  # noqa: E402
from region_books import make_books  # noqa: E402

LIMIT_MB, LIMIT_S, MAX_DISK = 300, 2.0, 5 * 1024 * 1024
READ = ("import sys; from model.exchange.sheet import read_sheet\n"
        "try:\n    print(len(read_sheet(sys.argv[1])), 'строк')\n"
        "except Exception as exc:\n    print('отказ:', str(exc)[:150])")


def _random_text(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(string.ascii_letters + "абвгдежзийклмнопрстуфхцчшщыэюя ", k=n))


def _rows(n: int, cells) -> str:
    return "".join(f'<row r="{r}">{cells(r)}</row>' for r in range(2, n + 2))


def cases(source: Path) -> dict:
    """name → maker(target): the worst we could think of, each at most 5 MB on disk."""
    rng = random.Random(5)
    head = '<row r="1"><c r="A1" t="inlineStr"><is><t>section</t></is></c></row>'

    def sheet(xml_cells: str, dimension: str | None = None):
        return lambda t: h.with_data_sheet(source, t, h.sheet_xml(head + xml_cells, dimension))

    def sst_with(count: int, text) -> bytes:
        body = "".join(f"<si><t>{text(i)}</t></si>" for i in range(count))
        return (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                f'2006/main" count="{count}" uniqueCount="{count}">{body}</sst>').encode()

    def shared(count: int, text, cells: str = ""):
        def make(t: Path) -> Path:
            middle = t.with_name("m_" + t.name)
            h._with_shared_strings(source, middle, sst_with(count, text))
            if cells:
                h.with_data_sheet(middle, t, h.sheet_xml(head + cells))
                middle.unlink()
            else:
                middle.rename(t)
            return t
        return make

    def many_sheets(t: Path) -> Path:
        """1 990 sheets (the archive's parts are bounded at 2 000), each a few cells."""
        with zipfile.ZipFile(source) as src:
            parts = {i.filename: src.read(i.filename) for i in src.infolist()}
        n = 1990 - len(parts)
        sheets = "".join(f'<sheet name="л{i}" sheetId="{i + 10}" r:id="rX{i}"/>' for i in range(n))
        rels = "".join(f'<Relationship Id="rX{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                       f'relationships/worksheet" Target="worksheets/x{i}.xml"/>' for i in range(n))
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"</sheets>", sheets.encode() + b"</sheets>")
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>", rels.encode() + b"</Relationships>")
        small = h.sheet_xml('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>')
        with zipfile.ZipFile(t, "w", zipfile.ZIP_DEFLATED) as dst:
            for name, data in parts.items():
                dst.writestr(name, data)
            for i in range(n):
                dst.writestr(f"xl/worksheets/x{i}.xml", small)
        return t

    def big_parts(t: Path) -> Path:
        """Nine other XML parts of 15 MB each (135 MB unpacked, under the ratio a bomb is refused at)."""
        current = source
        for i in range(9):
            block = "<x>" + _random_text(rng, 2000) * 10 + "</x>"
            text = block * (15 * 2**20 // len(block.encode()))
            nxt = t.with_name(f"p{i}_" + t.name)
            h.add_member(current, nxt, f"docProps/custom{i}.xml", text.encode())
            if current != source:
                current.unlink()
            current = nxt
        current.rename(t)
        return t

    def styles_bomb(t: Path) -> Path:
        formats = "".join(f'<numFmt numFmtId="{200 + i}" formatCode="{_random_text(rng, 12)}"/>'
                          for i in range(200_000))
        with zipfile.ZipFile(source) as zf:
            styles = zf.read("xl/styles.xml").decode()
        styles = styles.replace("<fonts", f'<numFmts count="200000">{formats}</numFmts><fonts', 1)
        return h.add_member(source, t, "xl/styles.xml", styles.encode())

    def nested(t: Path) -> Path:
        depth = 400_000
        return sheet('<row r="2"><c r="A2" t="inlineStr"><is><t>plan</t></is></c></row>' + "<x>" * depth
                     + "</x>" * depth)(t)

    def history(t: Path) -> Path:
        """The district's own book with 35 000 rows of its history of changes: near the largest a real district
        sends (the data sheet is bounded at 50 000 rows), read and imported whole."""
        entry = ('{"key": "1.1/A1", "action": "update", "old": 1.0, "new": 2.0}').replace('"', "&quot;")
        rows = "".join(f'<row><c t="inlineStr"><is><t>audit</t></is></c><c t="inlineStr"><is><t>{900_000 + n}</t>'
                       f'</is></c><c t="inlineStr"><is><t>plan_inputs</t></is></c><c t="inlineStr"><is><t>'
                       f'2018-06-{1 + n % 28:02d}T10:{n % 60:02d}:00</t></is></c><c t="inlineStr"><is><t>{entry}</t>'
                       f'</is></c><c t="inlineStr"><is><t>Исполнитель {n % 7}</t></is></c></row>'
                       for n in range(35_000))
        return h.with_sheet_edit(source, t, lambda x: x.replace("</sheetData>", rows + "</sheetData>"))

    legit_cells = _rows(50_000, lambda r: "".join(
        f'<c r="{c}{r}" t="inlineStr"><is><t>{_random_text(rng, 6)}</t></is></c>' for c in "ABCD")
        + f'<c r="E{r}"><v>{rng.random() * 1000:.3f}</v></c><c r="F{r}" t="inlineStr"/>')
    return {
        "far_cell_XFD1048576": lambda t: h.far_cell(source, t),
        "far_cell_XFD5000": lambda t: h.far_cell(source, t, "XFD5000"),
        "far_dimension": lambda t: h.far_dimension(source, t),
        "huge_row_number": lambda t: h.huge_row_number(source, t),
        "shared_strings_declared_4e9": lambda t: h.shared_strings_count(source, t),
        "largest_area_allowed_BH50001": sheet('<row r="50001"><c r="BH50001"><v>1</v></c></row>'),
        "50000_rows_6_columns_inline": sheet(legit_cells),
        "real_book_with_35000_history_rows": history,
        "cells_at_the_bound_350k": sheet(_rows(50_000, lambda r: "<c><v>1</v></c>" * 7)),
        "a_million_cells_refused": sheet(_rows(50_000, lambda r: "<c><v>1</v></c>" * 20)),
        "cells_over_the_bound": lambda t: h.many_cells(source, t),
        "one_row_of_1_3M_cells": sheet('<row r="2">' + '<c r="A2"/>' * 1_300_000 + "</row>"),
        "shared_strings_5MB_random": shared(1_200, lambda i: _random_text(rng, 4_000)),
        "shared_strings_700k_and_300k_cells": shared(700_000, lambda i: str(i), _rows(50_000, lambda r: "".join(
            f'<c r="{c}{r}" t="s"><v>{rng.randrange(700_000)}</v></c>' for c in "ABCDEF"))),
        "one_14MB_string": shared(1, lambda i: _random_text(rng, 8_000) * 1_200),
        "deep_nesting_400k": nested,
        "many_sheets_1990": many_sheets,
        "other_parts_135MB": big_parts,
        "styles_200k_formats": styles_bomb,
        "zip_bomb_300MB": lambda t: h.zip_bomb(source, t, 300),
        "billion_laughs": lambda t: h.billion_laughs(source, t),
    }


def measure(argv: list[str]) -> tuple[float, float, str, int]:
    """Wall seconds, peak MB, the last line of output, the exit code of one process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    timer = shutil.which("time") and Path("/usr/bin/time").exists()
    start = time.perf_counter()
    if timer:
        out = subprocess.run(["/usr/bin/time", "-f", "@@%e %M", *argv], capture_output=True, text=True, env=env,
                             timeout=300)
        seconds, kb = out.stderr.rsplit("@@", 1)[1].split()
        wall, peak = float(seconds), int(kb) / 1024
        err = "\n".join(line for line in out.stderr.rsplit("@@", 1)[0].splitlines()
                        if not line.startswith("Command exited"))
    else:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        out = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300)
        wall, peak, err = time.perf_counter() - start, max(before, resource.getrusage(
            resource.RUSAGE_CHILDREN).ru_maxrss) / 1024, out.stderr
    said = (out.stdout.strip() or err.strip()).splitlines()
    return wall, peak, said[-1][:110] if said else "", out.returncode


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path)
    parser.add_argument("only", nargs="*")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_reader_"))
    folder = args.keep or work
    folder.mkdir(parents=True, exist_ok=True)
    source = make_books(work / "книги", 1, seed=5)[0].path
    worst = (0.0, 0.0, "")
    failed = []
    print(f"{'случай':36} {'МБ на диске':>11} {'чтение с':>9} {'МБ':>6} {'импорт с':>9} {'МБ':>6}  итог")
    for name, make in cases(source).items():
        if args.only and name not in args.only:
            continue
        book = make(folder / f"{name}.xlsx")
        size = book.stat().st_size
        assert size <= MAX_DISK, (name, size)
        r_wall, r_peak, said, _ = measure([sys.executable, "-c", READ, str(book)])
        i_wall, i_peak, i_said, code = measure([sys.executable, str(ROOT / "main.py"), "import", "--db",
                                                str(work / f"{name}.sqlite"), str(book)])
        print(f"{name:36} {size / 2**20:11.2f} {r_wall:9.2f} {r_peak:6.0f} {i_wall:9.2f} {i_peak:6.0f}  "
              f"{said} | import {code}: {i_said[:60]}")
        for wall, peak in ((r_wall, r_peak), (i_wall, i_peak)):
            worst = max(worst, (wall, peak, name))
            if wall > LIMIT_S or peak > LIMIT_MB:
                failed.append(name)
    print(f"Худший случай по времени: {worst[2]} — {worst[0]:.2f} с, {worst[1]:.0f} МБ")
    if failed:
        print("Сверх предела:", ", ".join(sorted(set(failed))))
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
