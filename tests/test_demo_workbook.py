"""The demo recap workbook: deterministic, self-consistent, and within the recap-workbook contract."""
from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import openpyxl
import pytest

from core import reference as ref
from core import values as v
from loaders.sheets import (
    COUNT_OR_LINKS, DATE, DIMENSION, ENUM, INT, NUMBER, PERCENT, SECTOR, SPECS, TEXT, YEAR, match_sheet,
)

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / "data" / "demo"
COMMITTED = DEMO_DIR / "rekap-demo.xlsx"
SHEETS = ["Anggota", "Kegiatan", "Kehadiran", "Kontribusi", "Rekomendasi", "Evaluasi"]


def _load_make_demo():
    spec = importlib.util.spec_from_file_location("make_demo", DEMO_DIR / "make_demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "x.xlsx"
    _load_make_demo().build_demo(path)
    return path


@pytest.fixture(scope="module")
def book(built):
    return openpyxl.load_workbook(built)


def _records(wb, title: str) -> list[dict]:
    ws = wb[title]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    return [dict(zip(header, r)) for r in rows[1:]]


def _values(wb) -> dict[str, list[tuple]]:
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def test_same_values_as_committed_workbook(book):
    assert COMMITTED.exists(), "run `python data/demo/make_demo.py` and commit data/demo/rekap-demo.xlsx"
    committed = openpyxl.load_workbook(COMMITTED)
    assert book.sheetnames == committed.sheetnames == SHEETS
    built_values, committed_values = _values(book), _values(committed)
    for title in SHEETS:
        assert built_values[title] == committed_values[title], f"sheet {title} differs from the committed demo"


def test_build_is_deterministic(tmp_path, book):
    again = tmp_path / "again.xlsx"
    _load_make_demo().build_demo(again)
    assert _values(openpyxl.load_workbook(again)) == _values(book)


def test_nineteen_recommendations(book):
    recs = _records(book, "Rekomendasi")
    assert len(recs) == 19
    sources = [r["Sumber"] for r in recs]
    assert sources.count("Evaluasi 2023 Tahap I") == 7
    assert sources.count("Evaluasi 2022") == 12
    assert len({r["Kode"] for r in recs}) == 19
    assert {r["Status"] for r in recs} == {ref.SESUAI, ref.BELUM_SESUAI, ref.BELUM_TL, ref.TDTL}
    for r in recs:
        if r["Status"] == ref.TDTL:
            assert r["Catatan"], "a TDTL recommendation gives its reason in Catatan"
    assert sum(1 for r in recs if (r["Catatan"] or "").endswith("(ilustrasi)")) == 5


def test_2023_rank_is_40_of_100(book):
    rows = [r for r in _records(book, "Evaluasi") if r["Tahun"] == 2023]
    assert len(rows) == 1
    assert rows[0]["Peringkat"] == 40
    assert rows[0]["Jumlah Daerah"] == 100


def test_member_references_exist(book):
    members = {r["Kode Anggota"] for r in _records(book, "Anggota")}
    activities = {r["Kode Kegiatan"] for r in _records(book, "Kegiatan")}
    attendance = _records(book, "Kehadiran")
    contributions = _records(book, "Kontribusi")
    assert attendance and contributions
    assert {r["Kode Anggota"] for r in attendance} <= members
    assert {r["Kode Kegiatan"] for r in attendance} <= activities
    assert {r["Kode Anggota"] for r in contributions} <= members
    pairs = [(r["Kode Kegiatan"], r["Kode Anggota"]) for r in attendance]
    assert len(pairs) == len(set(pairs)), "one attendance row per member per activity"


def test_recommendation_references_exist(book):
    recs = {r["Kode"] for r in _records(book, "Rekomendasi")}
    contributions = _records(book, "Kontribusi")
    used = {r["Kode Rekomendasi"] for r in contributions if r["Kode Rekomendasi"]}
    assert used and used <= recs
    for r in contributions:
        if r["Jenis Kontribusi"] in ("Tindak Lanjut Rekomendasi", "Data Dukung"):
            assert r["Kode Rekomendasi"] in recs


def test_every_standing_is_represented(book):
    members = _records(book, "Anggota")
    present = {r["Kode Anggota"] for r in _records(book, "Kehadiran") if r["Kehadiran"] in ref.COUNTED_PRESENT}
    invited = {r["Kode Anggota"] for r in _records(book, "Kehadiran") if r["Kehadiran"] != ref.NOT_INVITED}
    verified = {r["Kode Anggota"] for r in _records(book, "Kontribusi") if r["Verifikasi"] == ref.VERIFIED}
    standings = {
        m["Kode Anggota"]: ref.CONTRIBUTING if m["Kode Anggota"] in verified
        else ref.NOT_YET_INVITED if m["Kode Anggota"] not in invited
        else ref.ATTENDS_ONLY if m["Kode Anggota"] in present
        else ref.NOT_CONTRIBUTING
        for m in members
    }
    counts = {s: list(standings.values()).count(s) for s in ref.STANDINGS}
    assert all(n >= 5 for n in counts.values()), counts


# --- Contract: every header and cell parses the way the loader reads it ---------------------------

def _sector_matcher() -> v.Matcher:
    pairs = [(s.name, s.name) for s in ref.SECTORS] + [(a, s.name) for s in ref.SECTORS for a in s.aliases]
    return v.Matcher("Unsur", pairs, [s.name for s in ref.SECTORS])


def _check_cell(column, value) -> None:
    if column.type == TEXT:
        assert isinstance(value, str) and v.clean_text(value) == value, (column.name, value)
    elif column.type == DATE:
        assert isinstance(value, (dt.date, dt.datetime)), (column.name, value)
        v.parse_date(value)
    elif column.type == NUMBER:
        v.parse_number(value)
    elif column.type == PERCENT:
        assert isinstance(value, (int, float)) and 0 <= value <= 1, (column.name, value)
        v.parse_percent(value)
    elif column.type in (INT, COUNT_OR_LINKS):
        v.parse_int(value, minimum=0)
    elif column.type == YEAR:
        v.parse_year(value)
    elif column.type == ENUM:
        assert value in column.vocabulary.values, (column.name, value)
    elif column.type == SECTOR:
        assert _sector_matcher().parse(value) == value
    elif column.type == DIMENSION:
        assert value in (*ref.DIMENSIONS, ref.CROSS_DIMENSION), (column.name, value)
    else:  # pragma: no cover - a new column type needs a check here
        raise AssertionError(column.type)


def test_cells_follow_the_contract(book):
    for ws in book.worksheets:
        spec = match_sheet(ws.title)
        assert spec is not None and spec.name == ws.title
        header = [c.value for c in ws[1]]
        columns = []
        for h in header:
            key = v.header_key(h)
            found = [c for c in spec.columns if key in c.header_keys]
            if not found and spec.kind == "evaluations" and h in ref.DIMENSIONS:
                columns.append(None)  # per-dimension score
                continue
            assert len(found) == 1, f"{ws.title}: header {h!r} matches {len(found)} columns"
            columns.append(found[0])
        for c in spec.columns:
            if c.required:
                assert c in columns, f"{ws.title}: required column {c.name} missing"
        for row in ws.iter_rows(min_row=2):
            for column, cell in zip(columns, row):
                if cell.value is None:
                    continue
                if column is None:
                    v.parse_number(cell.value)
                    continue
                _check_cell(column, cell.value)
                if column.type == DATE:
                    assert cell.number_format == "DD/MM/YYYY"
    assert {s.name for s in SPECS} == set(book.sheetnames)


def test_dates_within_the_demo_year(book):
    start, end = dt.datetime(2025, 11, 24), dt.datetime(2026, 11, 20)
    for title in ("Kegiatan", "Kontribusi"):
        dates = [r["Tanggal"] for r in _records(book, title)]
        assert min(dates) >= start and max(dates) <= end
    assert min(r["Tanggal"] for r in _records(book, "Kegiatan")) == start
    assert max(r["Tanggal"] for r in _records(book, "Kegiatan")) == end
