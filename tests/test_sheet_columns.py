"""Sheets cross from the reader's child process by column (each column's distinct values and a code per row).

These check that nothing is lost on the way: every cell comes back as it was, of the type it was, and parsing
decides blank rows and total rows exactly as the row-by-row rule says.
"""
from __future__ import annotations

import datetime as dt
import random

import python_calamine
import pytest
import xlsxwriter

from core.settings import Limits
from loaders import sheets as S
from loaders.parse import _data_rows, _is_total_row, parse_sheet
from loaders.reader import _SAMPLE, Sheet, encode_columns, read_workbook
from tests.test_values import VOCAB


def _trimmed(rows: list[list[object]]) -> list[list[object]]:
    """Rows as the reader hands them: empty trailing cells ('' or None) dropped."""
    out = []
    for row in rows:
        end = len(row)
        while end and row[end - 1] in ("", None):
            end -= 1
        out.append(list(row[:end]))
    return out


def _typed(rows: list[list[object]]) -> list[list[tuple[type, object]]]:
    """Compare cells with their type: True == 1 == 1.0 in Python, but not in a workbook."""
    return [[(type(c), c) for c in row] for row in rows]


def _from_columns(sheet: Sheet) -> Sheet:
    return Sheet(sheet.name, height=sheet.height, columns=sheet.columns)


MIXED_ROWS = [
    ["Kode", "Nilai", "Tanggal", "", None],
    ["A", 1.0, dt.date(2023, 5, 13), "", ""],
    ["B", True, dt.datetime(2023, 5, 13), None, ""],
    ["C", 1, dt.datetime(2023, 5, 13, 8, 30), "", None],
    ["D", 0.0, "", "", ""],
    ["E", False],
    [],
    ["", None, "  "],
    ["A", 0, dt.date(2023, 5, 13)],
]


def test_columns_give_back_every_cell_with_its_type():
    sheet = Sheet("x", MIXED_ROWS)
    height, columns = encode_columns(MIXED_ROWS)
    assert height == len(MIXED_ROWS)
    assert len(columns) == 3  # the two empty trailing columns are dropped
    back = _from_columns(sheet)
    assert _typed(back.rows) == _typed(_trimmed(MIXED_ROWS))
    assert back.head(3) == _trimmed(MIXED_ROWS)[:3]
    # A column mixing booleans and numbers keeps True, 1 and 1.0 apart (and False, 0 and 0.0).
    values, codes = columns[1]
    assert {(type(v), v) for v in values} >= {(float, 1.0), (bool, True), (int, 1), (float, 0.0), (bool, False),
                                              (int, 0)}
    assert Sheet("y", height=4, columns=[]).rows == [[], [], [], []]


def test_long_columns_shared_or_sent_whole_round_trip():
    rnd = random.Random(7)
    n = 2 * _SAMPLE + 500
    rows = [[f"KON-{i:06d}",  # all different: sent whole
             rnd.choice(["Rapat", "FGD", " Paparan ", ""]),  # few values: shared
             rnd.choice([1.0, 2.0, True, False, 1, None]),  # mixed types: shared, keyed by type
             dt.date(2023, 1, 1) + dt.timedelta(days=rnd.randrange(400)),
             f"uraian {i}" if i % 3 else ""] for i in range(n)]
    rows[5].extend(["", None])
    height, columns = encode_columns(rows)
    assert height == n and len(columns) == 5
    assert columns[0][1] is None and columns[4][1] is None  # unique text: the cells themselves
    assert all(codes is not None for _, codes in columns[1:4])
    assert len(columns[1][0]) == 4 and len(columns[2][0]) == 6
    back = Sheet("k", height=height, columns=columns)
    assert _typed(back.rows) == _typed(_trimmed(rows))


def test_read_workbook_gives_the_cells_calamine_reads(tmp_path):
    """Through the child process: the same cells, of the same types, as calamine's own rows."""
    path = tmp_path / "rekap.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Kontribusi")
    ws.write_row(0, 0, ["Kode Kontribusi", "Tanggal", "Kode Anggota", "Jenis Kontribusi", "Uraian", "Nilai"])
    rnd = random.Random(3)
    for r in range(1, 2 * _SAMPLE + 100):
        ws.write_string(r, 0, f"KON-{r:06d}")
        if r % 50:
            ws.write_datetime(r, 1, dt.datetime(2023, 1, 1) + dt.timedelta(days=rnd.randrange(300)), date_fmt)
        ws.write_string(r, 2, f"ANG-{rnd.randrange(40):03d}")
        ws.write_string(r, 3, rnd.choice(["Rapat", "Data Dukung", "Paparan (Narasumber)"]))
        if r % 7:
            ws.write_string(r, 4, f"uraian {r}")
        value = rnd.choice([1, 1.5, True, False, 0, None])
        if value is not None:
            ws.write(r, 5, value)
    ws.write_blank(3, 9, None, date_fmt)  # a formatted empty cell far right
    wb.close()
    data = path.read_bytes()
    sheet = read_workbook(data, "rekap.xlsx", Limits(), wanted=S.match_sheet).sheets["Kontribusi"]
    expected = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Kontribusi") \
        .to_python(skip_empty_area=False)
    assert sheet.height == len(expected)
    assert _typed(sheet.rows) == _typed(_trimmed(expected))


# --- Deciding rows by column ---------------------------------------------------------------------------

def _reference_rows(rows: list[list[object]], start: int) -> tuple[list[int], list[tuple[int, object]]]:
    """The row-by-row rule: a row is blank when every cell is empty or white space (but cell A counts as
    filled unless it is empty or starts with a space, tab or line break); the first text cell decides a
    total row."""
    data, totals = [], []
    for i in range(start, len(rows)):
        row = rows[i]
        first = row[0] if row else None
        if type(first) is not str or not first or first[0] in " \t\n\r":
            if all(c is None or c == "" or (type(c) is str and not c.strip()) for c in row):
                continue
        if _is_total_row(row):
            totals.append((i, next(c for c in row if isinstance(c, str) and c.strip())))
            continue
        data.append(i)
    return data, totals


CELLS = [None, "", " ", "\t", "\xa0", " \xa0x", "Jumlah", "  total", "Rata-rata", "JUMLAH TOTAL", "Jumlah Hadir",
         "Rina", "jalan", 5.0, 0.0, True, False, dt.date(2023, 5, 13), "x", "rapat"]


@pytest.mark.parametrize("seed", range(6))
def test_blank_and_total_rows_decided_as_row_by_row(seed):
    rnd = random.Random(seed)
    rows = [["No", "Nama", "Instansi", "Unsur"]]
    for _ in range(600):
        width = rnd.randrange(0, 6)
        rows.append([rnd.choice(CELLS) for _ in range(width)])
    sheet = Sheet("s", rows)
    expected = _reference_rows(rows, 1)
    assert _data_rows(sheet, 1) == expected
    assert _data_rows(Sheet("t", [["x"], ["", "y"], ["z"], [None, " ", "Total"]]), 0) == ([0, 1, 2], [(3, "Total")])
    whole = Sheet("s", height=sheet.height, columns=[(list(v[c] for c in codes), None) for v, codes in sheet.columns])
    assert _data_rows(whole, 1) == expected  # columns sent whole decide the same


def test_parse_sheet_skips_blank_and_total_rows_wherever_the_label_stands():
    rows = [
        ["REKAP ANGGOTA"],
        ["No", "Nama", "Instansi", "Unsur"],
        [1, "Ani", "Dinas A", "Pemerintah"],
        ["", "  ", None, "\t"],
        [2, "Budi", "Kampus B", "Akademisi"],
        [None, "Jumlah", None, 2],
        ["   Total  "],
        [3.0, " Citra ", "Komunitas C", "Komunitas"],
        [],
    ]
    errors, warnings = [], []
    parsed = parse_sheet(Sheet("Anggota", rows), S.MEMBERS, VOCAB, errors, warnings)
    assert errors == []
    assert [r.row for r in parsed.records] == [3, 5, 8]
    assert [r.values["name"] for r in parsed.records] == ["Ani", "Budi", "Citra"]
    assert [(w.row, w.value) for w in warnings] == [(6, "Jumlah"), (7, "Total")]
    assert parsed.skipped == 2
