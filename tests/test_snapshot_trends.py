"""Trends read from the weekly snapshots: the read models, the pages that draw them, and a cache that never lags."""
from __future__ import annotations

import dash
import pytest
from sqlalchemy.orm import Session

from core import i18n
from core import reference as ref
from dashboard import queries as q
from dashboard.cache import cached_snapshot_query
from dashboard.snapshots import changes, stored_week, take_snapshot
from loaders.ingest import DEMO_USER, load_file
from tests.test_pages import components, everything, ids, page, render
from tests.workbooks import workbook

WEEKS = ("2026-W45", "2026-W46", "2026-W47")
AXIS = ("Mg 45 2026", "Mg 46 2026", "Mg 47 2026")  # the same weeks on a chart's axis (i18n.format_week_short)
RECOMMENDATION_HEAD = ["Kode", "Sumber", "Uraian", "Status"]


def set_status(engine, settings, *rows: list[str]) -> None:  # noqa: ANN001
    """Upload a small recap that changes the demo recommendations' follow-up status: as the demo user (more demo
    data), since a real upload never writes into demo rows (tests/test_demo_apart.py)."""
    report = load_file(engine, settings, workbook({"Rekomendasi": [RECOMMENDATION_HEAD, *rows]}), "tl.xlsx",
                       DEMO_USER)
    assert report.ok, report.as_dict()["errors"][:3]


@pytest.fixture
def three_weeks(demo, settings):  # noqa: ANN001
    """The demo frozen in W45; 2022-08 done before W46; 2022-12 done and 2022-02 declared not actionable
    before W47. The demo has 19 recommendations: 6 Sesuai, 1 Tidak Dapat Ditindaklanjuti, 13 overdue."""
    take_snapshot(demo, WEEKS[0], "t")
    set_status(demo, settings, ["2022-08", "Evaluasi 2022", "Strategi branding kota", "Sesuai"])
    take_snapshot(demo, WEEKS[1], "t")
    set_status(demo, settings, ["2022-12", "Evaluasi 2022", "Data kualitas udara dan air", "Sesuai"],
               ["2022-02", "Evaluasi 2022", "Pelibatan badan usaha", "Tidak Dapat Ditindaklanjuti"])
    take_snapshot(demo, WEEKS[2], "t")
    return demo


# --- Read models --------------------------------------------------------------------------------------------


def test_completion_trend_per_week(three_weeks):  # noqa: ANN001
    with Session(three_weeks) as s:
        assert q.snapshot_weeks(s) == list(WEEKS)
        trend = q.completion_trend(s)
        frozen = [stored_week(s, w)["headline"] for w in WEEKS]
    assert [t["week"] for t in trend] == list(WEEKS)
    assert [t["completion"] for t in trend] == [round(6 / 18, 4), round(7 / 18, 4), round(8 / 17, 4)]
    assert [t["status_counts"][ref.SESUAI] for t in trend] == [6, 7, 8]
    assert [t["status_counts"][ref.TDTL] for t in trend] == [1, 1, 2]
    assert [t["overdue"] for t in trend] == [13, 12, 11]  # a declared not-actionable item is still late
    assert all(t["total"] == 19 for t in trend)
    # the SQL over the frozen rows agrees with the headline each snapshot froze
    for t, h in zip(trend, frozen, strict=True):
        assert (t["completion"], t["status_counts"], t["overdue"]) == (h["completion"], h["status_counts"],
                                                                      h["overdue"])


def test_member_rank_trend_and_moves(three_weeks):  # noqa: ANN001
    with Session(three_weeks) as s:
        frozen = {w: stored_week(s, w) for w in WEEKS}
        rows = q.member_rank_trend(s)
        last_two = q.member_rank_trend(s, None, 10, 2)
        one = q.member_rank_trend(s, (frozen[WEEKS[0]]["members"][-1]["member_id"],), 10, 52)
        moves = q.latest_snapshot_moves(s)
    top = [m["member_id"] for m in frozen[WEEKS[-1]]["members"][:10]]  # stored_week sorts by rank, name
    assert len(rows) == 30 and {r["member_id"] for r in rows} == set(top)
    assert [r["week"] for r in rows] == [w for w in WEEKS for _ in range(10)]
    for r in rows:
        member = next(m for m in frozen[r["week"]]["members"] if m["member_id"] == r["member_id"])
        assert (r["ytd_rank"], r["ytd_score"], r["name"]) == (member["ytd_rank"], member["ytd_score"], member["name"])
    assert [r["ytd_rank"] for r in rows if r["week"] == WEEKS[-1]] == sorted(r["ytd_rank"] for r in rows[-10:])
    assert {r["week"] for r in last_two} == set(WEEKS[1:]) and len(last_two) == 20
    assert [r["week"] for r in one] == list(WEEKS)
    # the moves between the two newest snapshots are those the weekly export lists
    assert (moves["week"], moves["previous_week"]) == (WEEKS[2], WEEKS[1])
    expected = {m["member_id"]: m["change"] for m in changes(frozen[WEEKS[2]], frozen[WEEKS[1]])["moves"]}
    assert expected, "the demo's ranks move between W46 and W47"
    assert {mid: m["change"] for mid, m in moves["moves"].items() if m["change"]} == expected
    assert len(moves["moves"]) == len(frozen[WEEKS[2]]["members"])


def test_read_models_without_snapshots(demo):  # noqa: ANN001
    with Session(demo) as s:
        assert q.snapshot_weeks(s) == [] and q.completion_trend(s) == [] and q.member_rank_trend(s) == []
        assert q.latest_snapshot_moves(s) == {"week": None, "previous_week": None, "moves": {}}
    take_snapshot(demo, WEEKS[0], "t")
    with Session(demo) as s:
        assert q.latest_snapshot_moves(s) == {"week": WEEKS[0], "previous_week": None, "moves": {}}


def test_cached_read_models_show_a_new_snapshot_at_once(demo, settings, app):  # noqa: ANN001
    trend = cached_snapshot_query(q.completion_trend)
    assert trend(demo) == []
    assert "rekomendasi-over-time" in ids(render(app, "rekomendasi"))  # the placeholder
    take_snapshot(demo, WEEKS[0], "t")  # the data version does not change ...
    assert [t["week"] for t in trend(demo)] == [WEEKS[0]]  # ... the cache still sees the snapshot
    assert len(_graph(render(app, "rekomendasi"), "rekomendasi-over-time").figure.data[0].x) == 1
    take_snapshot(demo, WEEKS[1], "t")
    assert [t["week"] for t in trend(demo)] == list(WEEKS[:2])
    assert len(_graph(render(app, "peringkat"), "peringkat-members").figure.data[0].x) == 2
    # a forced replacement shows too
    set_status(demo, settings, ["2022-08", "Evaluasi 2022", "Strategi branding kota", "Sesuai"])
    assert trend(demo)[-1]["status_counts"][ref.SESUAI] == 6
    take_snapshot(demo, WEEKS[1], "t", force=True)
    assert trend(demo)[-1]["status_counts"][ref.SESUAI] == 7
    assert cached_snapshot_query(q.snapshot_weeks)(demo) == list(WEEKS[:2])


# --- Pages ----------------------------------------------------------------------------------------------------


def _graph(tree, graph_id: str):  # noqa: ANN001, ANN202
    return next(c for c in components(tree) if getattr(c, "id", None) == graph_id and type(c).__name__ == "Graph")


def test_completion_chart_per_snapshot_week(three_weeks, app):  # noqa: ANN001
    tree = render(app, "rekomendasi")
    fig = _graph(tree, "rekomendasi-over-time").figure
    line = fig.data[0]
    assert list(line.x) == list(AXIS)
    assert list(line.y) == [round(6 / 18, 4), round(7 / 18, 4), round(8 / 17, 4)]
    assert list(line.text) == ["33,3%", "38,9%", "47,1%"]  # Indonesian separators, as the other charts
    assert fig.layout.separators == ",." and fig.layout.yaxis.tickformat == ".0%"
    assert "8 Sesuai dari 17 · 11 terlambat" in line.hovertext[-1]
    assert "Menunggu snapshot" not in everything(tree)


def test_member_movement_on_peringkat(three_weeks, app):  # noqa: ANN001
    from dashboard.views import peringkat as view

    peringkat = page("peringkat")
    data = view.member_movement_data(three_weeks)
    fig = peringkat.member_rank_figure(data["trend"])
    assert len(fig.data) == 10 and all(len(trace.x) == 3 for trace in fig.data)
    low, high = fig.layout.yaxis.range
    assert low > high  # rank 1 at the top
    assert fig.data[0].name.startswith("1. ")  # the legend follows the newest week's ranks
    assert data["movers"] and len(data["movers"]) <= view.MOVERS_LIMIT
    changes_ = [abs(m["change"]) for m in data["movers"]]
    assert changes_ == sorted(changes_, reverse=True) and 0 not in changes_
    tree = render(app, "peringkat")
    assert {"peringkat-members", "peringkat-movers"} <= ids(tree)
    movers = next(c for c in components(tree) if getattr(c, "id", None) == "peringkat-movers")
    text = everything(movers)
    assert f"{AXIS[1]} → {AXIS[2]}" in text and data["movers"][0]["name"] in text
    assert "Menunggu snapshot" not in everything(tree)


def test_member_movement_with_one_snapshot_and_none(demo, app):  # noqa: ANN001
    section = next(c for c in components(render(app, "peringkat")) if getattr(c, "id", None) == "peringkat-members")
    assert type(section).__name__ == "Alert" and "snapshot" in everything(section)
    take_snapshot(demo, WEEKS[0], "t")
    tree = render(app, "peringkat")
    assert all(len(trace.x) == 1 for trace in _graph(tree, "peringkat-members").figure.data)
    assert "baru ada snapshot Mg 45 2026" in everything(tree)


def test_leaderboard_change_column_is_labelled_live_once_two_snapshots_exist(demo, app):  # noqa: ANN001
    anggota = page("anggota")

    def change_column(tree) -> dict:  # noqa: ANN001
        grid = next(c for c in components(tree) if getattr(c, "id", None) == "anggota-grid")
        return next(c for c in grid.columnDefs if c["field"] == "change")

    assert change_column(render(app, "anggota"))["headerName"] == i18n.ANGGOTA["col_change"]
    take_snapshot(demo, WEEKS[0], "t")
    assert change_column(render(app, "anggota"))["headerName"] == i18n.ANGGOTA["col_change"]
    take_snapshot(demo, WEEKS[1], "t")
    column = change_column(render(app, "anggota"))
    assert column["headerName"] == "Perubahan 7 hari"
    assert "langsung" in column["headerTooltip"] and f"{WEEKS[0]} → {WEEKS[1]}" in column["headerTooltip"]
    assert anggota.COLUMNS[1].header == i18n.ANGGOTA["col_change"]  # the module's columns stay as they were


def test_member_detail_shows_the_weekly_rank(three_weeks, app):  # noqa: ANN001
    anggota = page("anggota")
    with Session(three_weeks) as s:
        member = stored_week(s, WEEKS[-1])["members"][4]
        ranks = [next(m["ytd_rank"] for m in stored_week(s, w)["members"] if m["member_id"] == member["member_id"])
                 for w in WEEKS]
    _open, _title, body = anggota.member_modal(three_weeks, member["member_id"], "tahun", None, None)
    line = _graph(dash.html.Div(body), "anggota-detail-rank").figure.data[0]
    assert list(line.x) == list(AXIS) and list(line.y) == ranks
    tree = render(app, "anggota", member=str(member["member_id"]))
    assert "anggota-detail-rank" in ids(tree)


def test_member_detail_without_snapshots_has_no_rank_line(demo, app):  # noqa: ANN001
    tree = render(app, "anggota", member="1")
    assert "anggota-detail-total" in ids(tree) and "anggota-detail-rank" not in ids(tree)
