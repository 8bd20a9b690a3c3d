"""The /admin tab "Profil Pemetaan": the mapping profiles (a clerk's confirmed reading of a sheet layout, used by
itself on the next file of that layout; loaders/profiles.py), listed and deleted. The ids start with ``admin-``,
so only administrators may call these callbacks (dashboard/auth.py)."""
from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, html, no_update
from dash.exceptions import PreventUpdate
from sqlalchemy.orm import Session

from core import i18n
from dashboard.auth import current_actor
from dashboard.components.grid import Column, data_grid, grid_rows
from dashboard.web import current_engine
from loaders import profiles

T = i18n.ADMIN
PROFILE_COLUMNS = [
    Column("name", T["prof_col_name"], flex=2, wrap=True, options={"minWidth": 160}),
    Column("kind", T["prof_col_kind"], width=130, format=lambda k: i18n.KIND.get(k, k)),
    Column("columns", T["prof_col_columns"], width=110, numeric=True),
    Column("created_by", T["prof_col_by"], width=140),
    Column("created_at", T["prof_col_at"], width=230,
           format=lambda iso: i18n.format_datetime(dt.datetime.fromisoformat(iso)) if iso else "-"),
]


def _profiles() -> list[dict]:
    with Session(current_engine()) as s:
        return profiles.listing(s)


def _options(rows: list[dict]) -> list[dict]:
    return [{"label": n, "value": n} for n in dict.fromkeys(r["name"] for r in rows)]


def profiles_tab() -> html.Div:
    rows = _profiles()
    return html.Div(dbc.Card(dbc.CardBody([
        html.H3(T["prof_title"], className="h6"),
        html.P(T["prof_help"], className="small text-muted"),
        data_grid("admin-prof-grid", PROFILE_COLUMNS, grid_rows(PROFILE_COLUMNS, rows), height=300),
        dbc.Row([
            dbc.Col(dbc.Select(id="admin-prof-pick", options=_options(rows), placeholder=T["prof_pick"], size="sm"),
                    md=6),
            dbc.Col(dbc.Button(T["prof_delete"], id="admin-prof-delete", color="danger", outline=True, size="sm"),
                    md=6),
        ], className="g-2 mt-2"),
        html.Div(id="admin-prof-result", className="mt-3"),
    ]), className="shadow-sm"), className="pt-3")


@callback(
    Output("admin-prof-result", "children"),
    Output("admin-prof-grid", "rowData"),
    Output("admin-prof-pick", "options"),
    Input("admin-prof-delete", "n_clicks"),
    State("admin-prof-pick", "value"),
    prevent_initial_call=True,
)
def on_delete(n_clicks: int | None, name: str | None) -> tuple:
    if not n_clicks:
        raise PreventUpdate
    if not isinstance(name, str) or not name:
        return dbc.Alert(T["prof_pick"], color="warning", id="admin-prof-refused"), no_update, no_update
    with Session(current_engine()) as s:
        count = profiles.remove(s, name, current_actor())
        s.commit()
    rows = _profiles()
    alert = dbc.Alert(T["prof_deleted"].format(name=name, n=count), color="success", id="admin-prof-done") if count \
        else dbc.Alert(T["prof_missing"].format(name=name), color="warning", id="admin-prof-refused")
    return alert, grid_rows(PROFILE_COLUMNS, rows), _options(rows)
