"""A fresh install: the demo comes dated to the load day and with its weekly history, so every trend shows at once."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import models as M
from core.periods import calendar_period, today_wita
from dashboard import queries as q
from dashboard.demo import DEMO_WORKBOOK, dated_workbook, load_demo
from dashboard.snapshots import BACKFILLED, last_completed_week, week_of, weeks_between
from tests.test_pages import everything, ids, render

LOAD_DAY = dt.date(2027, 3, 10)  # a Wednesday, months after the workbook's own last date


def _dates(raw: bytes, sheet: str) -> list[dt.date]:
    ws = load_workbook(io.BytesIO(raw))[sheet]
    j = [c.value for c in ws[1]].index("Tanggal")
    return [row[j].date() for row in ws.iter_rows(min_row=2, values_only=True) if row[j]]


def test_the_demo_dates_move_so_the_last_record_is_on_the_load_day():
    raw = DEMO_WORKBOOK.read_bytes()
    moved, first = dated_workbook(raw, LOAD_DAY)
    before = _dates(raw, "Kegiatan") + _dates(raw, "Kontribusi")
    after = _dates(moved, "Kegiatan") + _dates(moved, "Kontribusi")
    assert max(after) == LOAD_DAY and min(after) == first
    shift = LOAD_DAY - max(before)
    assert [d - shift for d in after] == before  # every date by the same number of days, the order kept
    # the evaluations and the recommendations' targets are history: unchanged
    targets = [r[6] for r in load_workbook(io.BytesIO(moved))["Rekomendasi"].iter_rows(min_row=2, values_only=True)]
    assert targets == [r[6] for r in load_workbook(io.BytesIO(raw))["Rekomendasi"].iter_rows(min_row=2,
                                                                                             values_only=True)]


def test_the_demo_loads_with_its_past_weeks_frozen_once(engine, settings):  # noqa: ANN001
    report = load_demo(engine, settings, today=LOAD_DAY)
    assert report.ok
    with Session(engine) as s:
        first = s.scalar(select(func.min(M.Activity.date)))
        last = s.scalar(select(func.max(M.Contribution.date)))
        snaps = list(s.execute(select(M.Snapshot.week, M.Snapshot.created_by).order_by(M.Snapshot.week_start)))
    assert last == LOAD_DAY
    expected = weeks_between(week_of(first), last_completed_week(LOAD_DAY))
    assert [w for w, _ in snaps] == expected and 50 <= len(expected) <= 53
    assert {by for _, by in snaps} == {f"demo {BACKFILLED}"}  # labelled: demo, filled in after the fact
    assert "2027-W10" not in expected  # the load week is not complete: not frozen


def test_a_fresh_install_shows_this_week_and_every_trend(settings, capsys):  # noqa: ANN001
    from dashboard.web import create_app

    app = create_app(dataclasses.replace(settings, load_demo_when_empty=True))
    capsys.readouterr()  # the demo account's password
    engine = app.server.extensions["pokja.engine"]
    today = today_wita()
    with Session(engine) as s:
        week = q.participation_summary(s, *calendar_period("minggu", today))
        assert sum(week["standings"].values()) > 0 and week["internal_attendance_rate"] is not None
        assert q.snapshot_weeks(s)[-1] == last_completed_week(today)
        member = q.member_rank_trend(s, top=1)[-1]["member_id"]
    for name in ("rekomendasi", "peringkat"):
        tree = render(app, name)
        assert "Menunggu snapshot" not in everything(tree), name
    assert {"rekomendasi-over-time", "peringkat-members"} <= ids(render(app, "rekomendasi")) | ids(
        render(app, "peringkat"))
    assert "anggota-detail-rank" in ids(render(app, "anggota", member=str(member)))


def test_a_year_of_flat_weeks_is_labelled_where_it_changes_and_at_the_end(settings, capsys):  # noqa: ANN001
    from dashboard.web import create_app
    from tests.test_pages import page

    app = create_app(dataclasses.replace(settings, load_demo_when_empty=True))
    capsys.readouterr()
    engine = app.server.extensions["pokja.engine"]
    with Session(engine) as s:
        trend = q.completion_trend(s)
    assert len(trend) > 40
    line = page("rekomendasi").completion_figure(trend).data[0]
    labelled = [i for i, t in enumerate(line.text) if t]
    assert labelled[0] == 0 and labelled[-1] == len(trend) - 1 and len(labelled) < 10
