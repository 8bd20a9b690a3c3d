"""The four leader pages: their plain functions and callbacks against the demo data, their layouts, their routes."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import dash
import pytest
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import i18n
from core import models as M
from core import reference as ref
from dashboard import queries as q
from dashboard.views import anggota as view
from dashboard.views import ringkasan as ringkasan_view
from dashboard.views.period import resolve_period

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo" / "rekap-demo.xlsx"
PAGES = ("ringkasan", "anggota", "rekomendasi", "peringkat")
PATHS = ("/", "/anggota", "/rekomendasi", "/peringkat")


def page(name: str):  # noqa: ANN201 - the page module as the app loaded it
    """Dash executes each page module itself (as `pages.<name>`); importing it again would register the page
    twice, so tests take the module the app registered."""
    for entry in dash.page_registry.values():
        if entry["module"].split(".")[-1] == name:
            return sys.modules[entry["module"]]
    raise LookupError(name)


def render(app, name: str, **query: str):  # noqa: ANN001, ANN201
    with app.server.test_request_context():
        return page(name).layout(**query)


def components(tree) -> list:  # noqa: ANN001
    return [tree, *tree._traverse()]


def ids(tree) -> set:  # noqa: ANN001
    return {str(getattr(c, "id", None)) for c in components(tree) if getattr(c, "id", None) is not None}


def everything(tree) -> str:  # noqa: ANN001
    """The tree as the JSON the browser receives."""
    return json.dumps(tree, cls=PlotlyJSONEncoder, ensure_ascii=False)


# --- Layouts and routes -----------------------------------------------------------------------------------


def test_every_page_renders_the_demo_data(demo, app):  # noqa: ANN001
    expected = {
        "ringkasan": {"ringkasan-content", "ringkasan-period", "ringkasan-range", "ringkasan-completion",
                      "ringkasan-rank", "ringkasan-movers"},
        "anggota": {"anggota-grid", "anggota-appreciation", "anggota-correction", "anggota-charts",
                    "anggota-by-sector-box", "anggota-modal", "anggota-sector", "anggota-organization"},
        "rekomendasi": {"rekomendasi-grid", "rekomendasi-overdue", "rekomendasi-by-dimension", "rekomendasi-by-pic",
                        "rekomendasi-per-evaluation", "rekomendasi-over-time"},
        "peringkat": {"peringkat-rank", "peringkat-score", "peringkat-dimensions", "peringkat-members"},
    }
    for name in PAGES:
        tree = render(app, name)
        found = ids(tree)
        assert expected[name] <= found, (name, expected[name] - found)
        assert f"{name}-empty" not in found
        # ids are prefixed with the page's name, so pages never collide
        assert all(i.startswith(name) or "'type': 'anggota-person'" in i for i in found), (name, found)


def test_routes_answer(demo, app, client_as):  # noqa: ANN001
    client = client_as("pimpinan")
    for path in (*PATHS, "/_dash-layout", "/_dash-dependencies"):
        assert client.get(path).status_code == 200, path


def test_empty_database_says_what_to_upload(engine, app, client_as):  # noqa: ANN001
    for name in PAGES:
        tree = render(app, name)
        alerts = [c for c in components(tree) if isinstance(c, dash.development.base_component.Component)
                  and getattr(c, "id", None) == f"{name}-empty"]
        assert len(alerts) == 1, name
        assert type(alerts[0]).__name__ == "Alert"
        text = everything(alerts[0])
        assert "Unggah" in text and "/unggah" in text
    client = client_as("pimpinan")
    for path in (*PATHS, "/_dash-layout"):
        assert client.get(path).status_code == 200, path


def test_pages_never_show_contact_details(demo, app):  # noqa: ANN001
    with Session(demo) as s:
        contacts = [v for row in s.execute(select(M.Member.email, M.Member.phone)) for v in row if v]
    assert contacts
    first, last = resolve_period("tahun")
    texts = [everything(render(app, name)) for name in PAGES]
    texts.append(everything(render(app, "anggota", member="1")))
    texts.append(str(view.member_detail_data(demo, 1, first, last)))
    for text in texts:
        assert not [c for c in contacts if c in text]


# --- /anggota ---------------------------------------------------------------------------------------------


ALL = {name: "semua" for name in ("sector", "internal", "working_group", "dimension", "organization", "standing")}


def board(demo, period: str = "tahun", start=None, end=None, **choice):  # noqa: ANN001, ANN201
    """The whole leaderboard as the page's view cuts it, in one block."""
    return view.leaderboard_rows(demo, period, start, end, {**ALL, **choice}, (), 0, None)


def test_sector_filter_changes_the_leaderboard(demo, app):  # noqa: ANN001
    anggota = page("anggota")
    everyone = board(demo)
    academics = board(demo, sector="Akademisi")
    assert 0 < len(academics) < len(everyone)
    assert {r["sector"] for r in academics} == {"Akademisi"}
    assert academics[0]["rank"] == 1  # ranks are computed within the filter
    # the same through the callbacks, as the browser calls them (values of the selects)
    selects = ("Akademisi", "semua", "semua", "semua", "semua", "semua")
    with app.server.test_request_context():
        key, count, *_ = anggota.update_leaderboard("tahun", None, None, *selects)
        block = anggota.load_grid_rows({"startRow": 0, "endRow": 100, "sortModel": []}, "tahun", None, None, *selects)
        _, count_all, *_ = anggota.update_leaderboard("tahun", None, None, *ALL.values())
    assert [r["member_id"] for r in block["rowData"]] == [r["member_id"] for r in academics]
    assert block["rowCount"] == len(academics)
    assert count == f"{len(academics)} anggota" and count_all == f"{len(everyone)} anggota"
    assert "Akademisi" in key  # a new key makes the grid drop its rows and ask again


def test_the_grid_gets_its_rows_in_blocks_sorted_by_the_server(demo, app):  # noqa: ANN001
    anggota = page("anggota")
    everyone = board(demo)
    assert len(everyone) > 50
    with app.server.test_request_context():
        def block(first: int, last: int, *sort: tuple[str, str]) -> dict:
            request = {"startRow": first, "endRow": last, "sortModel": [{"colId": c, "sort": d} for c, d in sort]}
            return anggota.load_grid_rows(request, "tahun", None, None, *ALL.values())

        pages = [block(i, i + 20) for i in range(0, len(everyone), 20)]
        assert [r["member_id"] for p in pages for r in p["rowData"]] == [r["member_id"] for r in everyone]
        assert {p["rowCount"] for p in pages} == {len(everyone)}
        by_name = block(0, 1000, ("name", "asc"))["rowData"]
        assert [r["name"] for r in by_name] == sorted((r["name"] for r in everyone), key=str.lower)
        by_rate = [r["attendance_rate"] for r in block(0, 1000, ("attendance_rate", "desc"))["rowData"]]
        rates = [r for r in by_rate if r is not None]
        assert rates == sorted(rates, reverse=True) and by_rate[:len(rates)] == rates  # empty rates last
        row = block(0, 1)["rowData"][0]
        assert set(row) >= {"member_id", "rank", "score__text", "attendance_rate__text", "change__text"}
        assert "email" not in row and "phone" not in row
    tree = render(app, "anggota")
    grid = next(c for c in components(tree) if getattr(c, "id", None) == "anggota-grid")
    assert grid.rowModelType == "infinite" and not getattr(grid, "rowData", None)


def test_the_leaderboard_s_first_rows_come_with_the_layout(demo, app):  # noqa: ANN001
    """The grid draws its first block without a round trip: the layout carries it, for the view the URL asks for,
    keyed like the grid, in the order and size of the grid's first request."""
    anggota = page("anggota")
    tree = render(app, "anggota", sector="Akademisi")
    by_id = {c.id: c for c in components(tree) if isinstance(getattr(c, "id", None), str)}
    first = by_id["anggota-grid-first"].data
    assert first["key"] == by_id["anggota-grid-key"].data
    academics = board(demo, sector="Akademisi")
    assert 0 < len(academics) and first["response"]["rowCount"] == len(academics)
    assert [r["member_id"] for r in first["response"]["rowData"]] == \
        [r["member_id"] for r in academics[:view.GRID_BLOCK]]
    assert first["response"]["rowData"][0]["name"] == academics[0]["name"]
    grid = by_id["anggota-grid"]
    assert grid.dashGridOptions["cacheBlockSize"] == anggota.FIRST_REQUEST["endRow"] == view.GRID_BLOCK
    assert anggota.FIRST_REQUEST["startRow"] == 0 and not anggota.FIRST_REQUEST["sortModel"]
    # the address the page was built for, so its Location does not call sync_url on mounting
    assert by_id["anggota-url"].search == "?period=tahun&sector=Akademisi"


def test_the_grid_reads_a_custom_range_as_the_range(demo, app):  # noqa: ANN001
    """A block request's own row numbers never stand in for the period's end (they once did: a custom range's
    grid showed the board up to today while the rest of the page showed the range)."""
    anggota = page("anggota")
    with Session(demo) as s:
        busy = set(s.scalars(select(M.Activity.date))) | set(s.scalars(select(M.Contribution.date)))
    day = max(busy) - dt.timedelta(days=1)
    while day in busy:  # a day before the demo's last records with nobody invited and nothing contributed
        day -= dt.timedelta(days=1)
    day = day.isoformat()
    expected = board(demo, "kustom", day, day)
    assert {r["standing"] for r in expected} == {ref.NOT_YET_INVITED}
    with app.server.test_request_context():
        block = anggota.load_grid_rows({"startRow": 0, "endRow": 100, "sortModel": []}, "kustom", day, day,
                                       *ALL.values())
    assert [r["member_id"] for r in block["rowData"]] == [r["member_id"] for r in expected]
    assert {r["standing"] for r in block["rowData"]} == {ref.NOT_YET_INVITED}


def test_filters_from_the_url_and_the_selects(demo, app):  # noqa: ANN001
    f = view.member_filter({"sector": "semua", "internal": "false", "working_group": "3", "dimension": "",
                               "organization": None})
    assert f == q.MemberFilter(internal=False, working_group_id=3)
    tree = render(app, "anggota", sector="Bukan Unsur", standing=ref.ATTENDS_ONLY, internal="true")
    selects = {c.id: c.value for c in components(tree) if type(c).__name__ == "Select"}
    assert selects["anggota-sector"] == "semua"  # unknown values fall back to all
    assert selects["anggota-standing"] == ref.ATTENDS_ONLY and selects["anggota-internal"] == "true"
    attends_only = board(demo, standing=ref.ATTENDS_ONLY, internal="true")
    assert attends_only and {r["standing"] for r in attends_only} == {ref.ATTENDS_ONLY}
    assert all(r["internal"] for r in attends_only)
    # narrowed by standing, not re-ranked: the ranks are those of the internal board
    internal = {r["member_id"]: r["rank"] for r in board(demo, internal="true")}
    assert all(internal[r["member_id"]] == r["rank"] for r in attends_only)
    external = board(demo, internal="false")
    assert external and not any(r["internal"] for r in external)


def test_member_detail_points_sum_to_the_leaderboard_score(demo, app):  # noqa: ANN001
    for period, start, end in (("tahun", None, None), ("kustom", "2026-03-01", "2026-06-30"),
                               ("kustom", None, None)):
        first, last = resolve_period(period, start, end)
        rows = board(demo, period, start, end)
        assert any(r["score"] > 0 for r in rows)
        for r in rows:
            detail = view.member_detail_data(demo, r["member_id"], first, last)
            points = sum(a["points"] for a in detail["attendance"]) + sum(c["points"] for c in detail["contributions"])
            assert points == pytest.approx(r["score"]), (period, r["name"])
            assert detail["score"] == pytest.approx(r["score"])
            assert "email" not in detail["member"] and "phone" not in detail["member"]


def test_member_detail_opens_from_a_click(demo, app):  # noqa: ANN001
    anggota = page("anggota")
    top = board(demo)[0]
    cell = {"rowId": str(top["member_id"]), "colId": "name"}
    assert anggota.clicked_member("anggota-grid", cell, cell) == top["member_id"]
    assert anggota.clicked_member({"type": "anggota-person", "index": 7}, None, 1) == 7
    assert anggota.clicked_member({"type": "anggota-person", "index": 7}, None, 0) is None  # a re-render, no click
    is_open, title, body = anggota.member_modal(demo, top["member_id"], "tahun", None, None)
    assert is_open is True and title == top["name"]
    total = next(c for c in components(dash.html.Div(body)) if getattr(c, "id", None) == "anggota-detail-total")
    assert f"Skor {i18n.format_number(top['score'])} =" in everything(total)


@pytest.mark.parametrize("sector", [None, "Akademisi"])
@pytest.mark.parametrize("period", ["bulan", "tahun", "kustom"])
def test_rank_change_compares_with_a_week_earlier(demo, app, period, sector):  # noqa: ANN001
    anggota = page("anggota")
    start, end = ("2026-02-01", "2026-05-31") if period == "kustom" else (None, None)  # custom: computed live
    first, last = resolve_period(period, start, end)
    choice = {"sector": sector} if sector else {}
    rows = board(demo, period, start, end, **choice)
    with Session(demo) as s:
        before = {r["member_id"]: r["rank"] for r in q.member_scores(s, first - dt.timedelta(days=7),
                                                                     last - dt.timedelta(days=7),
                                                                     q.MemberFilter(sector=sector))}
    assert len(rows) == len(before)
    for r in rows:
        assert r["previous_rank"] == before[r["member_id"]]
        assert r["change"] == before[r["member_id"]] - r["rank"]
    by_change = view.leaderboard_rows(demo, period, start, end, {**ALL, **choice}, (("change", True),), 0, None)
    assert [r["change"] for r in by_change] == sorted((r["change"] for r in rows), reverse=True)
    text = {c.field: c.format for c in anggota.COLUMNS}["change"]
    assert (text(3), text(-2), text(0), text(None)) == ("▲ 3", "▼ 2", "=", "-")


def test_appreciation_and_correction_lists(demo, app):  # noqa: ANN001
    rows = board(demo)
    appreciation, n_appreciation, correction, n_correction = view.person_lists(demo, "tahun", None, None, ALL)
    contributing = [r for r in rows if r["standing"] == ref.CONTRIBUTING]
    idle = [r for r in rows if r["standing"] == ref.NOT_CONTRIBUTING]
    attends = sorted((r for r in rows if r["standing"] == ref.ATTENDS_ONLY), key=lambda r: (r["score"], r["name"]))
    assert len(contributing) > view.LIST_LIMIT and idle and attends
    assert [(r["member_id"], r["rank"], r["score"]) for r in appreciation] == \
        [(r["member_id"], r["rank"], r["score"]) for r in contributing[:view.LIST_LIMIT]]
    assert n_appreciation == len(contributing)
    assert [r["member_id"] for r in correction] == [r["member_id"] for r in (idle + attends)[:view.LIST_LIMIT]]
    assert n_correction == len(idle) + len(attends)
    only = view.person_lists(demo, "tahun", None, None, {**ALL, "standing": ref.ATTENDS_ONLY})
    assert only[0] == [] and only[1] == 0 and {r["standing"] for r in only[2]} == {ref.ATTENDS_ONLY}
    assert only[3] == len(attends)
    tree = render(app, "anggota")
    more = f"{len(contributing) - view.LIST_LIMIT}"
    assert more in everything(next(c for c in components(tree) if getattr(c, "id", None) == "anggota-appreciation"))


def test_breakdown_charts_use_indonesian_numbers(demo, app):  # noqa: ANN001
    anggota = page("anggota")
    first, last = resolve_period("tahun")
    by_organization, by_sector = map(anggota._breakdown_figure, view.breakdowns(demo, first, last, q.MemberFilter()))
    assert len(by_organization.data[0].y) == 15
    with Session(demo) as s:
        sectors = q.score_breakdown(s, "sector", first, last)
    assert list(by_sector.data[0].y) == [r["name"] for r in sectors]
    assert by_sector.layout.separators == ",."
    assert all("." not in t for t in by_sector.data[0].text)  # 34,4, never 34.4


# --- / (Ringkasan) ----------------------------------------------------------------------------------------


def test_summary_figures_and_their_links(demo, app):  # noqa: ANN001
    ringkasan = page("ringkasan")
    f = ringkasan_view.summary_figures(demo, "tahun")
    p = f["participation"]
    assert p["members"] == p["internal_members"] + p["external_members"] == sum(p["standings"].values()) > 0
    assert f["evaluation"]["rank"] == 40 and f["evaluation"]["field_size"] == 100
    tree = dash.html.Div(ringkasan.summary_content(f))
    text = everything(tree)
    assert "peringkat 40 dari 100" in text
    links = {c.href for c in components(tree) if type(c).__name__ == "Link"}
    assert {"/rekomendasi", "/peringkat"} <= links
    assert "/anggota?period=tahun&standing=Hadir+Saja" in links
    assert "/anggota?period=tahun&internal=false" in links
    custom = ringkasan_view.summary_figures(demo, "kustom", "2026-06-30", "2026-03-01")  # given backwards
    assert (custom["start"], custom["end"]) == (dt.date(2026, 3, 1), dt.date(2026, 6, 30))
    assert custom["participation"]["members"] == p["members"]
    with app.server.test_request_context():
        content, hidden, label = ringkasan.update_summary("kustom", "2026-03-01", "2026-06-30")
    assert hidden is False and label == "Periode 1 Maret 2026 s.d. 30 Juni 2026"


# --- /rekomendasi -----------------------------------------------------------------------------------------


def test_recommendation_data(demo, app):  # noqa: ANN001
    from dashboard.views.rekomendasi import recommendation_data

    rekomendasi = page("rekomendasi")
    today = dt.date(2026, 11, 23)
    data = recommendation_data(demo, today)
    assert len(data["items"]) == 19
    assert [g["name"] for g in data["by_source"]] == ["Evaluasi 2022", "Evaluasi 2023 Tahap I"]
    assert data["overdue_count"] == len(data["overdue"]) > 0
    assert all(i["overdue"] and i["days_late"] > 0 for i in data["overdue"])
    assert [i["days_late"] for i in data["overdue"]] == sorted((i["days_late"] for i in data["overdue"]), reverse=True)
    missing = [i["code"] for i in data["items"] if i["without_evidence"]]
    assert missing and data["without_evidence"] == len(missing)
    rows = {r["code"]: r for r in rekomendasi.grid_rows(rekomendasi.COLUMNS, data["items"])}
    assert all(rows[code]["evidence__text"] == "belum ada data dukung" for code in missing)
    assert rows["2022-01"]["target__text"] == "30 Juni 2023"
    assert rows["2022-02"]["progress__text"] == "60%"


def test_completion_over_time_waits_for_snapshots(demo, app):  # noqa: ANN001
    tree = render(app, "rekomendasi")
    section = next(c for c in components(tree) if getattr(c, "id", None) == "rekomendasi-over-time")
    assert type(section).__name__ == "Alert" and "snapshot" in everything(section)
    assert not [c for c in components(section) if type(c).__name__ == "Graph"]  # nothing invented


# --- /peringkat -------------------------------------------------------------------------------------------


def test_rank_chart_puts_rank_one_on_top(demo, app):  # noqa: ANN001
    from dashboard.views.ranking import city_ranking

    peringkat = page("peringkat")
    data = city_ranking(demo)
    assert [e["rank"] for e in data["evaluations"]] == [52, 45, 40]
    fig = peringkat.rank_figure(data["evaluations"])
    low, high = fig.layout.yaxis.range
    assert low > high  # reversed: rank 1 at the top
    assert high < 1 <= 100 < low  # the whole field is shown
    city = fig.data[-1]
    assert list(city.text) == ["52 dari 100", "45 dari 100", "40 dari 100"]
    assert fig.layout.separators == ",."
    text = everything(render(app, "peringkat"))
    assert "naik 5 peringkat" in text and "3,10" in text


def test_members_never_invited_are_counted_apart_and_off_the_correction_list(demo, app):  # noqa: ANN001
    with Session(demo) as s:  # the demo's last week: most members were not invited to its few activities
        last = s.scalar(select(func.max(M.Activity.date)))
    start, end = (last - dt.timedelta(days=6)).isoformat(), last.isoformat()
    rows = board(demo, "kustom", start, end)
    uninvited = [r for r in rows if r["standing"] == ref.NOT_YET_INVITED]
    assert uninvited and all(r["invited"] == 0 and r["contributions"] == 0 for r in uninvited)
    _, _, correction, n_correction = view.person_lists(demo, "kustom", start, end, ALL)
    assert correction and not {r["member_id"] for r in correction} & {r["member_id"] for r in uninvited}
    assert n_correction == sum(r["standing"] in ref.CORRECTION_STANDINGS for r in rows)
    # the standing filter offers it, and narrows the board to it
    options = everything(next(c for c in components(render(app, "anggota")) if getattr(c, "id", None)
                              == "anggota-standing"))
    assert ref.NOT_YET_INVITED in options
    only = board(demo, "kustom", start, end, standing=ref.NOT_YET_INVITED)
    assert [r["member_id"] for r in only] == [r["member_id"] for r in uninvited]
    # Ringkasan counts them on a card of their own, linked to the board narrowed to them
    ringkasan = page("ringkasan")
    f = ringkasan_view.summary_figures(demo, "kustom", start, end)
    assert f["participation"]["standings"][ref.NOT_YET_INVITED] == len(uninvited)
    tree = dash.html.Div(ringkasan.summary_content(f))
    link = next(c for c in components(tree) if type(c).__name__ == "Link"
                and getattr(c.children, "id", None) == "ringkasan-standing-3")
    assert ref.NOT_YET_INVITED in everything(link) and i18n.format_number(len(uninvited)) in everything(link)
    assert "standing=Belum+Diundang" in link.href


def test_standing_words_cover_every_standing():
    assert set(i18n.RINGKASAN["standing_note"]) == set(ref.STANDINGS)


def test_health_endpoint(app):
    client = app.server.test_client()
    r = client.get("/health")
    assert r.status_code == 200 and r.get_json()["status"] == "ok"
    assert isinstance(r.get_json()["data_version"], int)


def test_proxy_hops_is_read_as_the_trusted_proxies_setting(monkeypatch):  # noqa: ANN001
    """POKJA_PROXY_HOPS (an earlier name) sets what POKJA_TRUSTED_PROXIES sets; the newer name wins.
    What the setting does to client addresses and https is tested in test_access.py."""
    from core.settings import Settings

    monkeypatch.delenv("POKJA_TRUSTED_PROXIES", raising=False)
    monkeypatch.setenv("POKJA_PROXY_HOPS", "1")
    assert Settings.from_env().access.trusted_proxies == 1
    monkeypatch.setenv("POKJA_TRUSTED_PROXIES", "2")
    assert Settings.from_env().access.trusted_proxies == 2


def test_grid_rows_format_each_distinct_value_once_and_keep_what_they_cannot_hash():
    from dashboard.components.grid import TEXT_SUFFIX, Column, grid_rows

    calls = []

    def fmt(value):  # noqa: ANN001, ANN202
        calls.append(value)
        return f"<{value}>"

    columns = [Column("score", "Skor", format=fmt), Column("name", "Nama")]
    rows = [{"score": s, "name": f"A{i}", "id": i} for i, s in enumerate([3, 1.5, 3, None, 1.5, 3])]
    rows.append({"score": [1], "name": "list", "id": 99})  # unhashable: formatted, not memoized
    out = grid_rows(columns, rows, keep=("id",))
    assert [r[f"score{TEXT_SUFFIX}"] for r in out] == ["<3>", "<1.5>", "<3>", "<None>", "<1.5>", "<3>", "<[1]>"]
    assert [r["id"] for r in out] == [*range(6), 99] and out[0]["name"] == "A0" and "name" + TEXT_SUFFIX not in out[0]
    assert calls == [3, 1.5, None, [1]]


def test_the_anggota_view_round_trips_through_its_query_string(demo, app):  # noqa: ANN001
    options = view.filter_choices(demo)
    organization = options["organization"][0][0]
    choice = {**ALL, "sector": "Akademisi", "organization": organization, "standing": ref.NOT_YET_INVITED}
    state = view.view_state("kustom", "2026-03-01", "2026-06-30T00:00:00", choice)
    search = view.search_for(state)
    assert search == (f"?period=kustom&start=2026-03-01&end=2026-06-30&sector=Akademisi&organization={organization}"
                      "&standing=Belum+Diundang")
    assert view.state_from_search(search, options) == state
    # the defaults say nothing beyond the period; a period's dates are only kept for a custom range
    assert view.search_for(view.view_state("bulan", "2026-03-01", "2026-06-30", ALL)) == "?period=bulan"
    # what no select offers falls back to all, as the layout reads it
    odd = view.state_from_search("?period=abad&sector=Bukan+Unsur&internal=mungkin&standing=x", options)
    assert odd == view.view_state("tahun", None, None, ALL)
    # the layout renders what the address says
    tree = render(app, "anggota", **{k: v for k, v in state.items() if v != "semua"})
    selects = {c.id: c.value for c in components(tree) if type(c).__name__ == "Select"}
    assert selects["anggota-sector"] == "Akademisi" and selects["anggota-standing"] == ref.NOT_YET_INVITED


def test_a_period_round_trips_through_a_query_string():
    from dashboard.views.period import period_from_search, period_search

    assert period_search("bulan", "2026-01-01", "2026-02-01") == "?period=bulan"
    assert period_search("kustom", "2026-01-01", "2026-02-01T00:00:00") == \
        "?period=kustom&start=2026-01-01&end=2026-02-01"
    for search in ("?period=bulan", "?period=kustom&start=2026-01-01&end=2026-02-01"):
        assert period_search(*period_from_search(search)) == search
    assert period_from_search("?period=abad&start=x") == ("tahun", None, None)
    assert period_from_search(None) == ("tahun", None, None)
