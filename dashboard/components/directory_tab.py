"""The /admin tab "Instansi & Anggota Ganda": the organization directory (aliases, renames, sectors, merges) and
the stored members that are probably one person (merged, undoably). The work is in dashboard.people_flow; the
ids start with ``admin-``, so only administrators may call these callbacks (dashboard/auth.py)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, html, no_update
from dash.exceptions import PreventUpdate

from core import i18n
from dashboard import people_flow as flow
from dashboard.auth import current_actor
from dashboard.components.grid import Column, data_grid, grid_rows
from dashboard.views import admin as view
from dashboard.web import current_engine

T = i18n.ADMIN
NO_SECTOR = "-"
ORG_COLUMNS = [
    # a phone scrolls the grid sideways rather than squeezing a name to a word a line
    Column("name", T["col_name"], flex=3, wrap=True, options={"minWidth": 200}),
    Column("aliases", T["col_aliases"], flex=3, wrap=True, format=lambda a: ", ".join(a), options={"minWidth": 200}),
    Column("sector", T["dir_col_sector"], width=130, format=lambda s: s or "-"),
    Column("members", T["dir_col_members"], width=110, numeric=True),
]
DUPLICATE_COLUMNS = [
    Column("keep_text", T["dir_col_keep"], flex=2, wrap=True, options={"minWidth": 160}),
    Column("drop_text", T["dir_col_drop"], flex=2, wrap=True, options={"minWidth": 160}),
    Column("why", T["dir_col_why"], flex=2, wrap=True, options={"minWidth": 160}),
]


def _org_options(rows: list[dict]) -> list[dict]:
    return [{"label": r["name"], "value": f"#{r['id']}"} for r in rows]


def _duplicate_rows() -> list[dict]:
    return [{**p, "keep_text": f"{p['keep']} {p['names'][0]}", "drop_text": f"{p['drop']} {p['names'][1]}"}
            for p in view.duplicate_pairs(current_engine())]


def _sector_options() -> list[dict]:
    sectors = view.sector_names(current_engine())
    return [{"label": T["dir_no_sector"], "value": NO_SECTOR}, *({"label": n, "value": n} for n in sectors)]


def directory_tab() -> html.Div:
    orgs = flow.org_rows(current_engine())
    options = _org_options(orgs)
    return html.Div([
        dbc.Card(dbc.CardBody([
            html.H3(T["dir_orgs_title"], className="h6"),
            html.P(T["dir_orgs_help"], className="small text-muted"),
            data_grid("admin-dir-orgs", ORG_COLUMNS, grid_rows(ORG_COLUMNS, orgs, keep=("id",)), row_id="id",
                      height=380),
            dbc.Row([
                dbc.Col(dbc.Select(id="admin-dir-org", options=options, placeholder=T["dir_pick_org"], size="sm"),
                        md=4),
                dbc.Col(dbc.Input(id="admin-dir-text", placeholder=T["dir_text"], size="sm"), md=4),
                dbc.Col([dbc.Button(T["dir_add_alias"], id="admin-dir-alias", color="primary", size="sm",
                                    className="me-2 mb-1"),
                         dbc.Button(T["dir_rename"], id="admin-dir-rename", color="secondary", outline=True, size="sm",
                                    className="mb-1")], md=4),
                dbc.Col(dbc.Select(id="admin-dir-sector", options=_sector_options(), value=NO_SECTOR, size="sm"),
                        md=4),
                dbc.Col(dbc.Button(T["dir_set_sector"], id="admin-dir-set-sector", color="secondary", outline=True,
                                   size="sm"), md=8),
                dbc.Col(dbc.Select(id="admin-dir-target", options=options, placeholder=T["dir_pick_target"],
                                   size="sm"), md=4),
                dbc.Col(dbc.Button(T["dir_merge_orgs"], id="admin-dir-merge-orgs", color="danger", outline=True,
                                   size="sm"), md=8),
            ], className="g-2 mt-2"),
            html.Div(id="admin-dir-org-result", className="mt-3"),
        ]), className="mb-3 shadow-sm"),
        dbc.Card(dbc.CardBody([
            html.H3(T["dir_dupes_title"], className="h6"),
            html.P(T["dir_dupes_help"], className="small text-muted"),
            data_grid("admin-dir-dupes", DUPLICATE_COLUMNS, grid_rows(DUPLICATE_COLUMNS, _duplicate_rows(),
                                                                      keep=("keep", "drop")), height=300,
                      rowSelection={"mode": "singleRow", "checkboxes": False, "enableClickSelection": True}),
            dbc.Row([
                dbc.Col(dbc.Input(id="admin-dir-keep", placeholder=T["dir_keep"], size="sm"), md=4),
                dbc.Col(dbc.Input(id="admin-dir-drop", placeholder=T["dir_drop"], size="sm"), md=4),
                dbc.Col(dbc.Button(T["dir_merge_members"], id="admin-dir-merge-members", color="danger", size="sm"),
                        md=4),
            ], className="g-2 mt-2"),
            html.Div(id="admin-dir-member-result", className="mt-3"),
        ]), className="shadow-sm"),
    ], className="pt-3")


def org_action(action: str, org: object, text: object, sector: object, target: object) -> tuple:
    """(alert, grid rows, pick options, target options, text value) after an action on the directory."""
    engine, actor = current_engine(), current_actor()
    try:
        if action == "alias":
            message = flow.org_alias(engine, org, text, actor)
        elif action == "rename":
            message = flow.org_rename(engine, org, text, actor)
        elif action == "set-sector":
            message = flow.org_sector(engine, org, "" if sector == NO_SECTOR else sector, actor)
        elif action == "merge-orgs":
            if not org or not target:
                raise flow.DirectoryError(T["dir_pick_target"])
            r = flow.merge_orgs(engine, target, org, actor)
            message = T["dir_orgs_merged"].format(**r)
        else:
            raise PreventUpdate
    except flow.DirectoryError as exc:
        return dbc.Alert(str(exc), color="warning", id="admin-dir-refused"), no_update, no_update, no_update, no_update
    rows = flow.org_rows(engine)
    options = _org_options(rows)
    return (dbc.Alert(message, color="success", id="admin-dir-done"), grid_rows(ORG_COLUMNS, rows, keep=("id",)),
            options, options, "")


@callback(
    Output("admin-dir-org-result", "children"),
    Output("admin-dir-orgs", "rowData"),
    Output("admin-dir-org", "options"),
    Output("admin-dir-target", "options"),
    Output("admin-dir-text", "value"),
    Input("admin-dir-alias", "n_clicks"),
    Input("admin-dir-rename", "n_clicks"),
    Input("admin-dir-set-sector", "n_clicks"),
    Input("admin-dir-merge-orgs", "n_clicks"),
    State("admin-dir-org", "value"),
    State("admin-dir-text", "value"),
    State("admin-dir-sector", "value"),
    State("admin-dir-target", "value"),
    prevent_initial_call=True,
)
def on_org_action(_alias, _rename, _sector, _merge, org, text, sector, target) -> tuple:  # noqa: ANN001
    trigger = ctx.triggered_id
    if not trigger:
        raise PreventUpdate
    return org_action(trigger.removeprefix("admin-dir-"), org, text, sector, target)


def merge_members(keep: object, drop: object) -> tuple:
    """(alert, duplicate rows) after merging DROP into KEEP."""
    try:
        r = flow.merge_members(current_engine(), keep, drop, current_actor())
    except flow.DirectoryError as exc:
        return dbc.Alert(str(exc), color="warning", id="admin-dir-member-refused"), no_update
    message = T["dir_merged"].format(id=r["id"], keep=r["keep"], drop=r["drop"], attendance=r["attendance"],
                                     contributions=r["contributions"], dropped=r["dropped_duplicates"])
    return (dbc.Alert(message, color="success", id="admin-dir-member-done"),
            grid_rows(DUPLICATE_COLUMNS, _duplicate_rows(), keep=("keep", "drop")))


@callback(
    Output("admin-dir-keep", "value"),
    Output("admin-dir-drop", "value"),
    Input("admin-dir-dupes", "selectedRows"),
    prevent_initial_call=True,
)
def on_pair_picked(selected: list[dict] | None) -> tuple:
    if not selected:
        raise PreventUpdate
    return selected[0]["keep"], selected[0]["drop"]


@callback(
    Output("admin-dir-member-result", "children"),
    Output("admin-dir-dupes", "rowData"),
    Input("admin-dir-merge-members", "n_clicks"),
    State("admin-dir-keep", "value"),
    State("admin-dir-drop", "value"),
    prevent_initial_call=True,
)
def on_merge_members(n_clicks: int | None, keep: str | None, drop: str | None) -> tuple:
    if not n_clicks:
        raise PreventUpdate
    return merge_members(keep, drop)
