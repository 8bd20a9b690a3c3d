"""`/anggota` Partisipasi Anggota: the leaderboard, who to thank and who to coach, and why each score is what it is.

The layout and the callbacks; what they show comes from the view models in dashboard/views/anggota.py."""
from __future__ import annotations

import dataclasses
import json

import dash
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, clientside_callback, ctx, dcc, html, no_update
from sqlalchemy.engine import Engine

from core import i18n
from core import reference as ref
from dashboard.auth import PIMPINAN, callback
from dashboard.components.charts import PRIMARY, STANDING_COLORS, empty_figure, graph, hbar, styled
from dashboard.components.grid import Column, data_grid, grid_rows
from dashboard.components.notices import missing_data
from dashboard.components.period import period_selector
from dashboard.inputs import BadInput, checked_dates
from dashboard.views import anggota as view
from dashboard.views.anggota import ALL_VALUES, FILTERS, GRID_BLOCK, LIST_LIMIT
from dashboard.views.period import normalize_period, period_label, resolve_period
from dashboard.web import current_engine

T = i18n.ANGGOTA
dash.register_page(__name__, path="/anggota", name=T["name"],
                   title=i18n.page_title(T["name"]), order=1)

FIRST_REQUEST = {"startRow": 0, "endRow": GRID_BLOCK, "sortModel": [], "filterModel": {}}  # as the grid first asks


def _change_text(change: int | None) -> str:
    if change is None:
        return "-"
    if change == 0:
        return T["change_same"]
    return ("▲ " if change > 0 else "▼ ") + i18n.format_number(abs(change))


# On a phone (below 576 px) only rank, name and score stay (phone=False: hidden there), each narrower.
COLUMNS = [
    Column("rank", T["col_rank"], numeric=True, width=110, phone_width=64, options={"minWidth": 56}),
    Column("change", T["col_change"], format=_change_text, numeric=True, width=125, phone=False,
           options={"headerTooltip": T["change_help"],
                    "cellClassRules": {"text-success fw-semibold": "params.value > 0",
                                       "text-danger fw-semibold": "params.value < 0"}}),
    Column("name", T["col_name"], flex=2, options={"minWidth": 150, "cellClass": "fw-semibold"}),
    Column("organization", T["col_organization"], flex=2, phone=False, options={"minWidth": 190}),
    Column("sector", T["col_sector"], width=130, phone=False),
    Column("score", T["col_score"], format=i18n.format_number, numeric=True, width=100, phone_width=76,
           options={"minWidth": 64}),
    Column("attendance_rate", T["col_attendance_rate"], format=i18n.format_percent, numeric=True, width=125,
           phone=False),
    Column("contributions", T["col_contributions"], format=i18n.format_number, numeric=True, width=125,
           phone=False),
    Column("standing", T["col_standing"], format=i18n.gettext, width=185, phone=False,
           options={"cellClassRules": {f"standing-{i}": f"params.value === '{s}'"
                                       for i, s in enumerate(ref.STANDINGS)}}),
]


def layout(period: str | None = None, start: str | None = None, end: str | None = None, member: str | None = None,
           **query: str) -> html.Div:
    engine = current_engine()
    header = [html.H2(T["title"], className="h4 mb-1"), html.P(T["lead"], className="text-muted")]
    counts = view.record_counts(engine)
    if counts["members"] == 0:
        return html.Div([*header, missing_data(T["no_members"], T["what_to_upload"], alert_id="anggota-empty")])
    options = view.filter_choices(engine)
    choice = view.choice_from(query, options)
    period = normalize_period(period)
    board = view.leaderboard_view(engine, period, start, end, choice)
    panels = _panels(board)
    weeks = view.snapshot_weeks(engine)
    first_block = leaderboard_block(engine, period, start, end, choice, FIRST_REQUEST)
    detail = view.member_detail_data(engine, view.as_id(member), *resolve_period(period, start, end)) \
        if member else {}
    return html.Div([
        # The view's address: period and filters are written into the query as they change (a new history
        # entry each, without reloading), so a view can be bookmarked or shared and Back restores the previous one.
        # It carries the address it was built for: a Location without a search sets it on mounting, which would
        # call sync_url for nothing on every first load.
        dcc.Location(id="anggota-url", refresh=False, search=_address_search(choice, period, start, end)),
        *header,
        period_selector("anggota", period, start, end),
        _filter_bar(options, choice),
        dbc.Alert(T["no_activity"], color="warning", className="py-2") if counts["activities"] == 0 else None,
        dbc.Card([
            dbc.CardHeader([html.Span(T["leaderboard"], className="fw-semibold"),
                            html.Span(board["count"], id="anggota-count", className="text-muted small ms-2")]),
            dbc.CardBody(data_grid("anggota-grid", leaderboard_columns(weeks), None, row_id="member_id",
                                   height=520, infinite=GRID_BLOCK,
                                   localeText={**i18n.GRID_LOCALE, "noRowsToShow": T["no_rows"]},
                                   rowClass="anggota-row"), className="p-0"),
        ], className="shadow-sm mb-3"),
        dcc.Store(id="anggota-grid-key", data=board["grid_key"]),
        # The grid's first block comes with the layout (answered in the browser: no round trip before rows are
        # drawn); any other block goes to the server through anggota-grid-request.
        dcc.Store(id="anggota-grid-first", data={"key": board["grid_key"], "response": first_block}),
        dcc.Store(id="anggota-grid-request"),
        dcc.Store(id="anggota-grid-purged"),
        dbc.Row([
            dbc.Col(_list_card(T["appreciation"], T["appreciation_note"], panels["appreciation"],
                               "anggota-appreciation", "success"), lg=6, className="mb-3"),
            dbc.Col(_list_card(T["correction"], T["correction_note"], panels["correction"],
                               "anggota-correction", "danger"), lg=6, className="mb-3"),
        ], className="g-3"),
        # The charts below the lists are drawn when they come near the screen (assets/lazy.js sets
        # anggota-charts-shown): Plotly's bundle is not loaded, parsed and run before the grid shows its rows.
        html.Div(dbc.Row([
            dbc.Col(_chart_card(T["by_organization"], _chart_placeholder(panels["by_organization"]),
                                "anggota-by-organization-box"), lg=7, className="mb-3"),
            dbc.Col(_chart_card(T["by_sector"], _chart_placeholder(panels["by_sector"]), "anggota-by-sector-box"),
                    lg=5, className="mb-3"),
        ], className="g-3"), className="lazy-charts",
           **{"data-shown": "anggota-charts-shown", "data-after": "#anggota-grid .ag-root-wrapper"}),
        dcc.Store(id="anggota-charts", data=_charts(panels)),
        dcc.Store(id="anggota-charts-shown", data=False),
        dbc.Modal([
            dbc.ModalHeader(dbc.ModalTitle(detail_title(detail), id="anggota-modal-title"), close_button=True),
            dbc.ModalBody(detail_body(detail) if detail else None, id="anggota-modal-body"),
        ], id="anggota-modal", size="xl", scrollable=True, is_open=bool(detail)),
    ])


@callback(
    Output("anggota-grid-key", "data"),
    Output("anggota-count", "children"),
    Output("anggota-appreciation", "children"),
    Output("anggota-correction", "children"),
    Output("anggota-charts", "data"),  # whole graphs: a graph's height follows its bars
    Output("anggota-range-wrap", "hidden"),
    Output("anggota-period-label", "children"),
    Input("anggota-period", "value"),
    Input("anggota-range", "start_date"),
    Input("anggota-range", "end_date"),
    *[Input(f"anggota-{name}", "value") for name in FILTERS],
    prevent_initial_call=True,  # the layout already rendered what the URL asked for
    level=PIMPINAN,
)
def update_leaderboard(period: str, start: str | None, end: str | None, *selected: str) -> tuple:
    checked_dates(start, end)
    board = view.leaderboard_view(current_engine(), period, start, end, dict(zip(FILTERS, selected)))
    panels = _panels(board)
    return (board["grid_key"], board["count"], panels["appreciation"], panels["correction"], _charts(panels),
            normalize_period(period) != "kustom", board["period_label"])


# The charts, once shown (and again whenever a period or filter changes them).
clientside_callback(
    """function (shown, charts) {
        if (!shown || !charts) { return [window.dash_clientside.no_update, window.dash_clientside.no_update]; }
        return [charts.by_organization, charts.by_sector];
    }""",
    Output("anggota-by-organization-box", "children"),
    Output("anggota-by-sector-box", "children"),
    Input("anggota-charts-shown", "data"),
    Input("anggota-charts", "data"),
    prevent_initial_call=True,
)


@callback(
    Output("anggota-url", "search"),
    Output("anggota-period", "value"),
    Output("anggota-range", "start_date"),
    Output("anggota-range", "end_date"),
    *[Output(f"anggota-{name}", "value") for name in FILTERS],
    Input("anggota-url", "search"),
    Input("anggota-reset", "n_clicks"),
    Input("anggota-period", "value"),
    Input("anggota-range", "start_date"),
    Input("anggota-range", "end_date"),
    *[Input(f"anggota-{name}", "value") for name in FILTERS],
    prevent_initial_call=True,
    level=PIMPINAN,
)
def sync_url(search: str | None, _reset: int | None, period: str, start: str | None, end: str | None,
             *selected: str) -> tuple:
    """One callback both ways (Dash allows a cycle only within one callback): a choice writes the address; an
    address changed under the page (Back, Forward, the navigation's own link) sets the choices; "Hapus filter"
    sets every filter to all, keeping the period."""
    checked_dates(start, end)
    if search is not None and not isinstance(search, str):
        raise BadInput("search is not text")
    current = view.view_state(period, start, end, dict(zip(FILTERS, selected)))
    trigger = ctx.triggered_id
    if trigger == "anggota-url":
        wanted = view.state_from_search(search or "", view.filter_choices(current_engine()))
        if wanted == current:
            raise dash.exceptions.PreventUpdate
        return (no_update, wanted["period"], *_range_values(wanted),
                *[wanted[name] for name in FILTERS])
    if trigger == "anggota-reset":
        current = {**current, **{name: ALL_VALUES for name in FILTERS}}
        return (view.search_for(current), no_update, no_update, no_update, *[ALL_VALUES for _ in FILTERS])
    new = view.search_for(current)
    if new == (search or ""):
        raise dash.exceptions.PreventUpdate
    return (new, *[no_update] * (3 + len(FILTERS)))


# The folded filters' header counts the filters chosen (in the words the layout left in data-template).
clientside_callback(
    """function (...values) {
        const n = values.filter(v => v && v !== %s).length;
        const note = document.getElementById("anggota-filters-active");
        return n && note ? note.dataset.template.replace("{n}", n) : "";
    }""" % json.dumps(ALL_VALUES),
    Output("anggota-filters-active", "children"),
    *[Input(f"anggota-{name}", "value") for name in FILTERS],
    prevent_initial_call=True,
)


# New period or filters: the grid drops the rows it holds and asks again (with the selects' new values).
clientside_callback(
    """function (key) {
        const api = window.dash_ag_grid && dash_ag_grid.getApi && dash_ag_grid.getApi("anggota-grid");
        if (api) { api.purgeInfiniteCache(); }
        return key;
    }""",
    Output("anggota-grid-purged", "data"),
    Input("anggota-grid-key", "data"),
    prevent_initial_call=True,
)


# The grid's request for a block: the first block in its default order is answered from the layout's copy (once:
# a later request for it, e.g. after sorting back, asks the server, whose data may have changed); any other
# request is passed to load_grid_rows.
clientside_callback(
    """function (request, first, key) {
        const none = window.dash_clientside.no_update;
        const plain = request && request.startRow === 0 && !(request.sortModel || []).length
            && !Object.keys(request.filterModel || {}).length;
        if (plain && first && first.key === key && first.response) { return [first.response, none, null]; }
        return [none, request, none];
    }""",
    Output("anggota-grid", "getRowsResponse", allow_duplicate=True),
    Output("anggota-grid-request", "data"),
    Output("anggota-grid-first", "data"),
    Input("anggota-grid", "getRowsRequest"),
    State("anggota-grid-first", "data"),
    State("anggota-grid-key", "data"),
    prevent_initial_call=True,
)


@callback(
    Output("anggota-grid", "getRowsResponse", allow_duplicate=True),
    Input("anggota-grid-request", "data"),
    State("anggota-period", "value"),
    State("anggota-range", "start_date"),
    State("anggota-range", "end_date"),
    *[State(f"anggota-{name}", "value") for name in FILTERS],
    prevent_initial_call=True,  # the grid asks when it is ready; the initial call had no request (a wasted trip)
    level=PIMPINAN,
)
def load_grid_rows(request: dict | None, period: str, start: str | None, end: str | None, *selected: str) -> dict:
    """A block of the leaderboard for the grid's infinite row model, cut and sorted in the database."""
    if not request:
        return no_update
    checked_dates(start, end)
    return leaderboard_block(current_engine(), period, start, end, dict(zip(FILTERS, selected)), request)


@callback(
    Output("anggota-modal", "is_open"),
    Output("anggota-modal-title", "children"),
    Output("anggota-modal-body", "children"),
    Input("anggota-grid", "cellClicked"),
    Input({"type": "anggota-person", "index": ALL}, "n_clicks"),
    State("anggota-period", "value"),
    State("anggota-range", "start_date"),
    State("anggota-range", "end_date"),
    prevent_initial_call=True,
    level=PIMPINAN,
)
def open_member_detail(cell: dict | None, _clicks: list, period: str, start: str | None, end: str | None) -> tuple:
    checked_dates(start, end)
    member_id = clicked_member(ctx.triggered_id, cell, ctx.triggered[0]["value"] if ctx.triggered else None)
    if member_id is None:
        return no_update, no_update, no_update
    return member_modal(current_engine(), member_id, period, start, end)


# --- Plain functions (tested without a browser) ----------------------------------------------------------


def _range_values(state: dict) -> tuple:
    """The date picker's values for a state: its own dates for a custom range, else left as they are."""
    if state["period"] != "kustom":
        return no_update, no_update
    return state["start"] or no_update, state["end"] or no_update


def leaderboard_columns(weeks: list[str]) -> list[Column]:
    """COLUMNS; once two snapshots exist the change column says it is live (seven days back over the period
    shown), not the frozen move between the two newest snapshots that /peringkat shows."""
    if len(weeks) < 2:
        return COLUMNS
    help_text = T["change_help_live"].format(before=weeks[-2], now=weeks[-1])
    return [dataclasses.replace(c, header=T["col_change_live"], options={**c.options, "headerTooltip": help_text})
            if c.field == "change" else c for c in COLUMNS]


def leaderboard_block(engine: Engine, period: str | None, start: object, end: object, choice: dict,
                      request: dict) -> dict:
    """The grid's getRowsResponse for its getRowsRequest: rows [startRow, endRow) in the grid's sort order, as the
    grid shows them (view.grid_block: BadInput, answered 400, for what no grid sends)."""
    block = view.grid_block(engine, period, start, end, choice, request)
    return {"rowData": grid_rows(COLUMNS, block["rows"], keep=("member_id",)), "rowCount": block["row_count"]}


def clicked_member(trigger: object, cell: dict | None, value: object) -> int | None:
    """The member a click points at: a grid row (by its row id) or a name in the lists (by its pattern id)."""
    if trigger == "anggota-grid":
        if cell is not None and not isinstance(cell, dict):
            raise BadInput("cellClicked: not an object")
        return view.as_id((cell or {}).get("rowId"))
    if isinstance(trigger, dict) and value:  # lists re-rendered by a filter send n_clicks 0: not a click
        return view.as_id(trigger.get("index"))
    return None


def member_modal(engine: Engine, member_id: int, period: str | None, start: object, end: object) -> tuple:
    """(is_open, title, body) of the member detail for the period shown."""
    detail = view.member_detail_data(engine, member_id, *resolve_period(period, start, end))
    return True, detail_title(detail), detail_body(detail)


def detail_title(detail: dict) -> str:
    return detail["member"]["name"] if detail else T["detail_missing"]


def detail_body(detail: dict) -> list:
    if not detail:
        return [html.P(T["detail_missing"])]
    m = detail["member"]
    position = T["detail_position"].format(position=m["position"], role=m["role"]) if m["position"] else m["role"]
    total = T["detail_total"].format(score=i18n.format_number(detail["score"]),
                                     attendance=i18n.format_number(detail["attendance_points"]),
                                     contributions=i18n.format_number(detail["contribution_points"]))
    return [
        html.P([T["detail_lead"].format(organization=m["organization"], sector=m["sector"]), html.Br(),
                html.Span(position, className="text-muted")]),
        dbc.Alert([html.Strong(total), html.Br(), html.Span(period_label(detail["start"], detail["end"]),
                                                            className="small")],
                  color="primary", className="py-2", id="anggota-detail-total"),
        *([html.H5(T["detail_rank_trend"], className="h6 mt-3"),
           graph("anggota-detail-rank", rank_sparkline(detail["rank_trend"]))] if detail.get("rank_trend") else []),
        html.H5(T["detail_contributions"], className="h6 mt-3"),
        _contribution_table(detail["contributions"]),
        html.H5(T["detail_attendance"], className="h6 mt-3"),
        _attendance_table(detail["attendance"]),
    ]


def rank_sparkline(trend: list[dict]) -> go.Figure:
    """A member's year-to-date rank per snapshot week, small, rank 1 at the top."""
    ranks = [r["ytd_rank"] for r in trend]
    line = go.Scatter(x=[i18n.format_week_short(r["week"]) for r in trend], y=ranks, mode="lines+markers+text",
                      text=[str(r) for r in ranks], textposition="top center", cliponaxis=False,
                      line={"color": PRIMARY, "width": 2}, marker={"size": 7},
                      hovertemplate=T["detail_rank_hover"])
    return styled(line, height=170, showlegend=False, margin={"l": 10, "r": 20, "t": 25, "b": 10},
                  xaxis={"type": "category", "title": None},
                  # high-to-low range: rank 1 at the top, with room for the labels
                  yaxis={"range": [max(ranks) + 0.8, min(ranks) - 0.8], "title": None, "zeroline": False,
                         "tickmode": "array", "tickvals": sorted({min(ranks), max(ranks)})})


# --- Pieces of the page ----------------------------------------------------------------------------------


def _address_search(choice: dict, period: str, start: str | None, end: str | None) -> str:
    """The query string the page was opened with (as the pages router sent it), else the view's own."""
    try:
        search = ctx.inputs.get("_pages_location.search")
    except Exception:  # noqa: BLE001 - outside a callback (a test building the layout): no address to read
        search = None
    return search if isinstance(search, str) else view.search_for(view.view_state(period, start, end, choice))


def _filter_bar(options: dict, choice: dict) -> html.Div:
    labels = {"sector": T["filter_sector"], "internal": T["filter_internal"],
              "working_group": T["filter_working_group"], "dimension": T["filter_dimension"],
              "organization": T["filter_organization"], "standing": T["filter_standing"]}
    cols = [
        dbc.Col([
            dbc.Label(labels[name], html_for=f"anggota-{name}", className="small text-muted mb-0"),
            dbc.Select(id=f"anggota-{name}", value=choice[name], size="sm",
                       options=[{"label": T["all"], "value": ALL_VALUES}]
                       + [{"label": label, "value": value} for value, label in options[name]]),
        ], xs=12, sm=6, md=4, xl=2)
        for name in FILTERS
    ]
    # On a phone the selects fold behind one header (assets/phone.js), so the list starts on the first screen.
    header = html.Div([T["filters"], html.Span(_active_text(choice), id="anggota-filters-active",
                                               className="small text-muted fw-normal ms-2 me-auto",
                                               **{"data-template": T["filters_active"]})],
                      className="fold-header fw-semibold d-sm-none py-2")
    return html.Div([
        header,
        html.Div([
            dbc.Row(cols, className="g-2"),
            html.Div(dbc.Button(T["reset"], id="anggota-reset", color="link", size="sm", n_clicks=0,
                                className="p-0"), className="text-end mt-1"),
        ], className="fold-body"),
    ], className="mb-3 fold-phone", id="anggota-filters")


def _active_text(choice: dict) -> str:
    """How many filters narrow the board (the folded header's note on a phone); empty when none."""
    n = sum(1 for name in FILTERS if choice.get(name) not in (None, "", ALL_VALUES))
    return T["filters_active"].format(n=n) if n else ""


def _panels(board: dict) -> dict:
    """The lists and the charts of a leaderboard view (view.leaderboard_view), drawn."""
    return {
        "appreciation": _person_list(board["appreciation"]["rows"], board["appreciation"]["total"], "success",
                                     show_standing=False),
        "correction": _person_list(board["correction"]["rows"], board["correction"]["total"], "danger",
                                   show_standing=True),
        "by_organization": graph("anggota-by-organization", _breakdown_figure(board["by_organization"])),
        "by_sector": graph("anggota-by-sector", _breakdown_figure(board["by_sector"])),
    }


def _person_list(rows: list[dict], total: int, tone: str, show_standing: bool) -> html.Div:
    if not rows:
        return html.P(T["list_empty"], className="text-muted mb-0 p-3")
    items = [
        dbc.ListGroupItem([
            html.Div([
                html.Div([html.Span(f"{r['rank']}. ", className="text-muted"),
                          html.Span(r["name"], className="fw-semibold")]),
                html.Div([r["organization"], " · ",
                          html.Span([i18n.gettext(r["standing"]), " · "], className=f"text-{_tone(r)}") if show_standing else None,
                          T["list_attendance"].format(rate=i18n.format_percent(r["attendance_rate"])),
                          " · " + T["list_contributions"].format(n=r["contributions"]) if not show_standing else None],
                         className="small text-muted"),
            ]),
            html.Span(T["points"].format(score=i18n.format_number(r["score"])),
                      className=f"badge rounded-pill text-bg-{tone} align-self-center"),
        ], id={"type": "anggota-person", "index": r["member_id"]}, action=True, n_clicks=0,
            className="d-flex justify-content-between gap-2")
        for r in rows[:LIST_LIMIT]
    ]
    more = [html.Div(T["list_more"].format(n=total - len(items)), className="small text-muted p-2")] \
        if total > len(items) else []
    return html.Div([dbc.ListGroup(items, flush=True), *more])


def _tone(row: dict) -> str:
    return {ref.CONTRIBUTING: "success", ref.ATTENDS_ONLY: "warning-emphasis",
            ref.NOT_YET_INVITED: "secondary"}.get(row["standing"], "danger")


def _list_card(title: str, note: str, content: html.Div, content_id: str, tone: str) -> dbc.Card:
    return dbc.Card([
        dbc.CardHeader([html.Span(title, className="fw-semibold"), html.Span(" · " + note, className="small")],
                       className=f"bg-{tone}-subtle"),
        html.Div(content, id=content_id),
    ], className="shadow-sm h-100")


def _charts(panels: dict) -> dict:
    return {"by_organization": panels["by_organization"], "by_sector": panels["by_sector"]}


def _chart_placeholder(chart: dcc.Graph) -> html.Div:
    """The room a chart takes until it is drawn, so the page does not jump when it is."""
    return html.Div(className="chart-placeholder", style={"height": chart.style["height"]})


def _chart_card(title: str, chart: dcc.Graph, body_id: str) -> dbc.Card:
    return dbc.Card([dbc.CardHeader(title, className="fw-semibold"), dbc.CardBody(chart, id=body_id)],
                    className="shadow-sm h-100")


def _breakdown_figure(rows: list[dict]) -> go.Figure:
    if not rows:
        return empty_figure(T["no_rows"])
    hover = [T["hover_breakdown"].format(members=r["members"], contributing=r["contributing"],
                                         rate=i18n.format_percent(r["attendance_rate"])) for r in rows]
    return hbar([r["name"] for r in rows], [r["avg_score"] for r in rows],
                [i18n.format_number(r["avg_score"]) for r in rows], hover=hover,
                color=STANDING_COLORS[ref.CONTRIBUTING], x_title=T["avg_score"])


def _attendance_table(rows: list[dict]) -> html.Div | dbc.Table:
    if not rows:
        return html.P(T["detail_none"], className="text-muted")
    head = html.Thead(html.Tr([html.Th(T["detail_date"]), html.Th(T["detail_activity"]), html.Th(T["detail_kind"]),
                               html.Th(T["detail_status"]), html.Th(T["detail_points"], className="text-end")]))
    body = []
    for a in rows:
        not_invited = a["status"] == ref.NOT_INVITED
        body.append(html.Tr([
            html.Td(i18n.format_date(a["date"]), className="text-nowrap"), html.Td(a["activity"]), html.Td(i18n.gettext(a["kind"])),
            html.Td(i18n.gettext(a["status"])),
            html.Td(T["detail_not_invited"] if not_invited else i18n.format_number(a["points"]),
                    className="text-end" + (" text-muted small" if not_invited else "")),
        ], className="text-muted" if not_invited else None))
    return dbc.Table([head, html.Tbody(body)], size="sm", striped=True, hover=True, responsive=True,
                     id="anggota-detail-attendance")


def _contribution_table(rows: list[dict]) -> html.Div | dbc.Table:
    if not rows:
        return html.P(T["detail_none"], className="text-muted")
    head = html.Thead(html.Tr([html.Th(T["detail_date"]), html.Th(T["detail_kind"]), html.Th(T["detail_description"]),
                               html.Th(T["detail_recommendation"]), html.Th(T["detail_verification"]),
                               html.Th(T["detail_evidence"]), html.Th(T["detail_points"], className="text-end")]))
    body = []
    for c in rows:
        counted = c["verification"] == ref.VERIFIED
        body.append(html.Tr([
            html.Td(i18n.format_date(c["date"]), className="text-nowrap"), html.Td(i18n.gettext(c["kind"])),
            html.Td(c["description"] or "-"), html.Td(c["recommendation"] or "-"), html.Td(c["verification"]),
            html.Td(_evidence(c["evidence"])),
            html.Td(i18n.format_number(c["points"]) if counted else T["detail_not_counted"],
                    className="text-end" + ("" if counted else " text-muted small")),
        ], className=None if counted else "text-muted"))
    return dbc.Table([head, html.Tbody(body)], size="sm", striped=True, hover=True, responsive=True,
                     id="anggota-detail-contributions")


def _evidence(value: str | None) -> object:
    if not value:
        return "-"
    if value.startswith(("http://", "https://")):
        return html.A(T["detail_open"], href=value, target="_blank", rel="noopener noreferrer", title=value)
    return value
