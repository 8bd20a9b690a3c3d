"""`/unduhan` Unduhan: the weekly snapshots with their downloads, and an on-demand export of the current week."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, ctx, dcc, html

from core import i18n, language
from core.periods import today_wita
from dashboard.auth import PIMPINAN, callback
from dashboard.components import letters_panel
from dashboard.components.evidence_panel import can_edit
from dashboard.components.letters_panel import letters_card
from dashboard.snapshots import export_bytes, snapshot_rows, week_of

T = i18n.UNDUHAN

dash.register_page(__name__, path="/unduhan", name=T["name"], title=i18n.page_title(T["name"]), order=6)
letters_panel.register_callbacks()


def layout(**_query) -> html.Div:
    from dashboard.web import current_engine

    rows = snapshot_rows(current_engine())
    current = week_of(today_wita())
    header = html.Thead(html.Tr([html.Th(i18n.UNDUHAN["week"]), html.Th(i18n.UNDUHAN["period"]),
                                 html.Th(i18n.UNDUHAN["frozen"]), html.Th(i18n.UNDUHAN["files"])]))
    body = html.Tbody([
        html.Tr([
            html.Td(i18n.format_week(r["week"]), title=r["week"]),
            html.Td(f"{i18n.format_date(r['start'])} – {i18n.format_date(r['end'])}"),
            html.Td(f"{i18n.format_datetime(r['created_at'])} ({r['created_by']})"),
            html.Td([
                dbc.Button("xlsx", id={"type": "unduhan-xlsx", "week": r["week"]}, size="sm", color="primary",
                           className="me-2"),
                dbc.Button("CSV (zip)", id={"type": "unduhan-csv", "week": r["week"]}, size="sm",
                           color="secondary", outline=True),
            ]),
        ]) for r in rows
    ])
    snapshots = dbc.Table([header, body], striped=True, hover=True, size="sm") if rows else dbc.Alert(
        i18n.UNDUHAN["none"], color="info", id="unduhan-none")
    return html.Div([
        html.H2(i18n.UNDUHAN["title"]),
        html.P(i18n.UNDUHAN["lead"], className="text-muted"),
        dbc.Card(dbc.CardBody([
            html.H5(i18n.UNDUHAN["current"].format(week=i18n.format_week(current)), id="unduhan-current-week"),
            html.P(i18n.UNDUHAN["current_help"], className="text-muted"),
            dbc.Button(i18n.UNDUHAN["export_now"], id="unduhan-current", color="success"),
        ]), className="mb-4"),
        letters_card(can_edit()),
        html.H4(i18n.UNDUHAN["list"]),
        snapshots,
        dcc.Download(id="unduhan-download"),
    ])


@callback(
    Output("unduhan-download", "data"),
    Input({"type": "unduhan-xlsx", "week": ALL}, "n_clicks"),
    Input({"type": "unduhan-csv", "week": ALL}, "n_clicks"),
    Input("unduhan-current", "n_clicks"),
    prevent_initial_call=True,
    level=PIMPINAN,
)
def download(_xlsx, _csv, _current):  # noqa: ANN001, ANN201
    from dashboard.web import current_engine

    trigger = ctx.triggered_id
    if trigger is None or not ctx.triggered[0]["value"]:
        return dash.no_update
    with language.use("id"):  # the exports stay Indonesian whatever the page's language
        if trigger == "unduhan-current":
            data, name = export_bytes(current_engine(), week_of(today_wita()), "xlsx", live=True)
        else:
            kind = "xlsx" if trigger["type"] == "unduhan-xlsx" else "csv"
            data, name = export_bytes(current_engine(), trigger["week"], kind)
    return dcc.send_bytes(data, name)
