"""The upload log on /unggah (its grid's columns and rows), shared by the page and the cards that add entries to
it (a guest's promotion)."""
from __future__ import annotations

import datetime as dt

from core import i18n
from dashboard import upload_flow as flow
from dashboard.components.grid import Column, grid_rows
from dashboard.web import current_engine

T = i18n.UNGGAH
HISTORY_COLUMNS = [
    Column("id", T["col_id"], numeric=True, width=80),
    Column("filename", T["col_file"], flex=2, wrap=True),
    Column("by", T["col_by"], width=130),
    # Sorted on the ISO time (WITA), shown as `13 Mei 2023 14.05 WITA`.
    Column("at", T["col_at"], width=250, format=lambda iso: i18n.format_datetime(dt.datetime.fromisoformat(iso))
           if iso else "-"),
    Column("outcome", T["col_outcome"], width=120),
    Column("summary", T["col_summary"], flex=3, wrap=True),
    Column("undo", T["col_action"], width=140,
           options={"cellRenderer": "UnggahUndoButton", "sortable": False}),  # assets/unggah.js
]


def history_rows() -> list[dict]:
    """The upload log's rows for the grid (also refreshed by the guests card after a promotion)."""
    return grid_rows(HISTORY_COLUMNS, flow.history(current_engine()), keep=("can_undo",))
