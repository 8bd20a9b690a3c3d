"""The guests on /unggah (issue 16): the guests a preview found, and the card of stored guests with the promote
action. The work is in dashboard.guests; the ids start with ``unggah-guests-`` (the secretariat's level)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate

from core import i18n
from dashboard import guests
from dashboard import upload_flow as flow
from dashboard.auth import SEKRETARIAT, callback, current_actor
from dashboard.components.grid import Column, data_grid, grid_rows
from dashboard.components.upload_history import history_rows
from dashboard.people_flow import DirectoryError
from dashboard.web import current_engine

T = i18n.UNGGAH
FROM_ORGANIZATION = "-"  # the sector choice "as the organization implies"
GUEST_COLUMNS = [
    Column("id", T["col_id"], numeric=True, width=80),
    Column("name", T["guests_col_name"], flex=2, wrap=True, options={"minWidth": 160}),
    Column("organization", T["guests_col_org"], flex=2, wrap=True, format=lambda o: o or "-",
           options={"minWidth": 150}),
    Column("attendance", T["guests_col_count"], numeric=True, width=110),
    Column("activities", T["guests_col_activities"], flex=3, wrap=True, format=lambda a: "; ".join(a),
           options={"minWidth": 200}),
]


def preview_guests(items: list[dict]) -> dbc.Alert | None:
    """The guests of a preview: who, from where, at which activities; said to be never scored."""
    if not items:
        return None
    lines = []
    for g in items:
        org = f" · {g['organization']}" if g["organization"] else ""
        known = T["guest_known"] if g["known"] else T["guest_new"]
        lines.append(html.Li([html.Strong(g["name"]), org, f" — {', '.join(g['activities'])} ({known})"]))
    return dbc.Alert([html.Strong(T["preview_guests"].format(n=i18n.format_number(len(items)))),
                      html.Ul(lines, className="mb-0 small")], color="info", className="mb-2",
                     id="unggah-preview-guests")


def _rows() -> list[dict]:
    return grid_rows(GUEST_COLUMNS, guests.rows(current_engine()), keep=("id",))


def _options(rows: list[dict]) -> list[dict]:
    return [{"label": f"#{r['id']} {r['name']}", "value": str(r["id"])} for r in rows]


def guests_card() -> dbc.Card:
    rows = _rows()
    sectors = flow.sector_names(current_engine())
    return dbc.Card(dbc.CardBody([
        html.H3(T["guests_title"], className="h6"),
        html.P(T["guests_lead"], className="small text-muted"),
        data_grid("unggah-guests-grid", GUEST_COLUMNS, rows, row_id="id", height=260),
        dbc.Row([
            dbc.Col(dbc.Select(id="unggah-guests-pick", options=_options(rows), placeholder=T["guests_pick"],
                               size="sm"), md=4),
            dbc.Col(dbc.Select(id="unggah-guests-sector", value=FROM_ORGANIZATION, size="sm",
                               options=[{"label": T["guests_sector_auto"], "value": FROM_ORGANIZATION},
                                        *({"label": n, "value": n} for n in sectors)]), md=3),
            dbc.Col(dbc.Input(id="unggah-guests-org", placeholder=T["guests_org"], size="sm"), md=3),
            dbc.Col(dbc.Button(T["guests_promote"], id="unggah-guests-promote", color="primary", size="sm",
                               className="w-100"), md=2),
        ], className="g-2 mt-2"),
        html.Div(id="unggah-guests-result", className="mt-2"),
    ]), className="mb-3 shadow-sm", id="unggah-guests")


@callback(
    Output("unggah-guests-result", "children"),
    Output("unggah-guests-grid", "rowData"),
    Output("unggah-guests-pick", "options"),
    Output("unggah-history", "rowData", allow_duplicate=True),
    Input("unggah-guests-promote", "n_clicks"),
    State("unggah-guests-pick", "value"),
    State("unggah-guests-sector", "value"),
    State("unggah-guests-org", "value"),
    prevent_initial_call=True,
    level=SEKRETARIAT,
)
def on_promote(n_clicks: int | None, guest: str | None, sector: str | None, organization: str | None) -> tuple:
    if not n_clicks:
        raise PreventUpdate
    if not isinstance(guest, str) or not guest.isdigit():
        return dbc.Alert(T["guests_pick"], color="warning", id="unggah-guests-refused"), no_update, no_update, no_update
    try:
        r = guests.promote(current_engine(), int(guest), current_actor(flow.UPLOAD_USER),
                           sector=sector if isinstance(sector, str) and sector != FROM_ORGANIZATION else None,
                           organization=organization if isinstance(organization, str) else None)
    except DirectoryError as exc:
        return dbc.Alert(str(exc), color="warning", id="unggah-guests-refused"), no_update, no_update, no_update
    rows = _rows()
    return (dbc.Alert(i18n.GUESTS["promoted"].format(**r), color="success", id="unggah-guests-done"), rows,
            _options(rows), history_rows())


@callback(
    Output("unggah-guests-grid", "rowData", allow_duplicate=True),
    Output("unggah-guests-pick", "options", allow_duplicate=True),
    Input("unggah-history", "rowData"),
    prevent_initial_call=True,
    level=SEKRETARIAT,
)
def on_history_changed(_rows_now: list | None) -> tuple:
    """An upload saved or undone changes the guests: read them again."""
    rows = _rows()
    return rows, _options(rows)
