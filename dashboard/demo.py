"""The demo data as a first start loads it: its dates moved to the load day, and its weekly history frozen.

data/demo/rekap-demo.xlsx is deterministic and its dates are fixed (a year of activities and contributions). Loaded
as it is, a month later "Minggu ini" is empty and no page has a trend to show. So the dashboard (first start on an
empty database, `pokja demo`) loads a copy whose dated records are moved by whole days so that the last one falls on
the load day (WITA), then freezes every completed week since its first record, as `pokja snapshot --backfill` does
(labelled "demo (diisi mundur)"): a new user sees this week's figures and the weekly trends at once. The tests keep
loading the workbook as it is (tests/conftest.py), so their expected figures do not move with the calendar.

Only the activity and contribution dates move; recommendation targets and evaluation years are history.
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import Engine

DEMO_WORKBOOK = Path(__file__).resolve().parents[1] / "data" / "demo" / "rekap-demo.xlsx"
DEMO_USER = "demo"  # loaders.ingest.DEMO_USER: the demo's uploads and its weekly history are made as this user
DATED_SHEETS = {"Kegiatan": "Tanggal", "Kontribusi": "Tanggal"}  # sheet -> its date column, moved with the load day


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _date_cells(wb) -> list:  # noqa: ANN001 - an openpyxl workbook
    cells = []
    for sheet, column in DATED_SHEETS.items():
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        j = header.index(column) + 1
        cells += [row[0] for row in ws.iter_rows(min_row=2, min_col=j, max_col=j) if _as_date(row[0].value)]
    return cells


def dated_workbook(raw: bytes, today: dt.date) -> tuple[bytes, dt.date]:
    """The workbook with its activity and contribution dates moved so the last of them is ``today``, and the
    first of them after the move."""
    wb = load_workbook(io.BytesIO(raw))
    cells = _date_cells(wb)
    shift = today - max(_as_date(c.value) for c in cells)
    for c in cells:
        moved = _as_date(c.value) + shift
        c.value = dt.datetime.combine(moved, dt.time()) if isinstance(c.value, dt.datetime) else moved
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), min(_as_date(c.value) for c in cells)


def load_demo(engine: Engine, settings, today: dt.date | None = None):  # noqa: ANN001, ANN201 - a LoadReport
    """Load the demo dated to ``today`` (WITA) and freeze its past weeks; the load's report."""
    from dashboard.queries import today_wita
    from dashboard.snapshots import backfill, week_of
    from loaders.ingest import load_file

    today = today or today_wita()
    data, first = dated_workbook(DEMO_WORKBOOK.read_bytes(), today)
    report = load_file(engine, settings, data, DEMO_WORKBOOK.name, DEMO_USER)
    if report.ok and not getattr(report, "dry_run", False):
        backfill(engine, week_of(first), DEMO_USER, today=today)
    return report
