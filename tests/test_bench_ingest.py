"""bench/ingest.py's write floor (w) replays exactly the writes a load makes after the read: the bound it prints for
c/b is only a bound if the replay writes what a load writes, row for row. SQLite only, like the benchmark."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from bench.ingest import FLOOR_PHASES, build_workbook, fresh_engine, replay_writes, write_floor_template
from core import periods
from loaders.ingest import load_file

# Every column. No stored period: a first upload finds none of the day to carry forward (core/derived.py).
COMPARED = {
    "contribution": "*",
    "member_tally": "*",
}


def _rows(db: Path, table: str, columns: str) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return sorted(con.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
    finally:
        con.close()


def test_the_write_floor_replays_exactly_what_a_load_writes(tmp_path, monkeypatch):
    # A day inside the workbook's years, so that every stored period has contributions in it.
    monkeypatch.setattr(periods, "today_wita", lambda: dt.date(2024, 6, 14))
    path = tmp_path / "rekap.xlsx"
    build_workbook(path, rows=600, members=40)
    data = path.read_bytes()
    engine, settings = fresh_engine(tmp_path / "loaded")
    try:
        assert load_file(engine, settings, data, path.name, "test").ok
    finally:
        engine.dispose()
    loaded = tmp_path / "loaded" / "pokja.db"

    template, columns, tally, upload_id = write_floor_template(data, path.name, tmp_path / "floor")
    assert len(columns["key"]) == 600 and upload_id == 1
    for table in COMPARED:
        assert _rows(template, table, "COUNT(*)") == [(0,)], f"{table} not emptied"
    assert _rows(template, "member", "COUNT(*)") == [(40,)]

    phases = replay_writes(template, columns, tally, upload_id)
    assert list(phases) == list(FLOOR_PHASES) and all(s >= 0 for s in phases.values())
    for table, cols in COMPARED.items():
        expected = _rows(loaded, table, cols)
        assert expected, f"the load wrote no {table}: nothing compared"
        assert _rows(template, table, cols) == expected, table
    for table in ("score_period", "period_score"):
        assert _rows(loaded, table, "COUNT(*)") == _rows(template, table, "COUNT(*)") == [(0,)]
