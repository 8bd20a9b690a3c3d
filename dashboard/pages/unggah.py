"""`/unggah` Unggah Rekap: the secretariat drops a recap, reads the dry-run preview, saves it, or undoes an upload."""
from __future__ import annotations


import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, clientside_callback, dcc, html, no_update
from dash.exceptions import PreventUpdate

from core import i18n, language
from dashboard import request_limits
from dashboard import upload_flow as flow
from dashboard.auth import SEKRETARIAT, callback, current_actor
from dashboard.components.grid import TEXT_SUFFIX, Column, data_grid, grid_rows
from dashboard.components.guests_card import guests_card, preview_guests
from dashboard.components.mapping_step import mapping_card, mapping_objects, mapping_state_ids
from dashboard.components.upload_history import HISTORY_COLUMNS, history_rows
from dashboard.inputs import BadInput
from dashboard.web import current_engine, current_settings

T = i18n.UNGGAH
dash.register_page(__name__, path="/unggah", name=T["name"], title=i18n.page_title(T["name"]),
                   order=5)

ERROR_COLUMNS = [  # one row per group of errors (upload_flow.error_group_rows)
    Column("sheet", T["col_sheet"], width=140),
    Column("column", T["col_column"], width=140),
    Column("count", T["col_count"], numeric=True, width=100),
    Column("rows", T["col_rows"], width=170, wrap=True),
    Column("values", T["col_values"], width=170, wrap=True),
    Column("message", T["col_message"], flex=1, wrap=True),
]


def layout(**_query: str) -> html.Div:
    settings = current_settings()
    return html.Div([
        html.H2(T["title"], className="h4 mb-1"),
        html.P(T["lead"], className="text-muted"),
        dbc.Row([
            dbc.Col(dcc.Upload(
                id="unggah-upload",
                children=html.Div([
                    html.Div([T["drop"], html.A(T["drop_link"], className="link-primary")], className="fs-5"),
                    html.Div(T["drop_hint"].format(mb=flow.max_upload_mb(settings)), className="small text-muted"),
                ]),
                accept=flow.ACCEPT,
                multiple=False,
                className="unggah-drop",  # assets/unggah.css
                className_active="unggah-drop is-active",
                className_disabled="unggah-drop is-disabled",
            ), lg=8, className="mb-3"),
            dbc.Col(dbc.Card(dbc.CardBody([
                html.H3(T["template_title"], className="h6"),
                html.P(T["template_text"], className="small text-muted mb-2"),
                dbc.Button(T["template_button"], id="unggah-template-button", color="secondary", outline=True,
                           size="sm"),
                dcc.Download(id="unggah-template-download"),
            ]), className="h-100"), lg=4, className="mb-3"),
        ]),
        html.Div([dbc.Spinner(size="sm", spinner_class_name="me-2"), T["checking"]], id="unggah-checking",
                 hidden=True, className="text-primary mb-2"),
        # Refusals before any report (a file over the request limit: 413; every parse slot taken: 503), filled by
        # assets/unggah.js, which also checks the size before sending.
        html.Div(id="unggah-server-message", **{
            "data-max-request": str(request_limits.limit_for(SEKRETARIAT, settings.limits)),
            "data-too-large": T["too_large"].format(mb=flow.max_upload_mb(settings)),
            "data-busy": T["server_busy"]}),
        dcc.Store(id="unggah-demo-removed"),  # set when a commit removed the demo: the banner goes
        dcc.Store(id="unggah-demo-gone"),
        dcc.Store(id="unggah-token"),  # {"token", "filename", "committable"}; the bytes stay on the server
        html.Div(id="unggah-preview"),
        html.Div([
            dbc.Button(T["commit"], id="unggah-commit", color="primary", className="me-3 px-4", disabled=True),
            html.Span([dbc.Spinner(size="sm", spinner_class_name="me-2"), T["saving"]], id="unggah-saving",
                      hidden=True, className="text-primary"),
            html.Div(T["commit_hint"], className="small text-muted mt-1"),
        ], id="unggah-commit-bar", hidden=True, className="mb-3"),
        html.Div([
            html.Div([
                html.H3(T["errors_title"], className="h6 mb-0 me-3"),
                dbc.Button(T["errors_download"], id="unggah-errors-button", color="danger", outline=True,
                           size="sm"),
            ], className="d-flex align-items-center mb-2"),
            html.P(T["errors_grouped"], className="small text-muted mb-1"),
            data_grid("unggah-errors-grid", ERROR_COLUMNS, [], height=380),
            dcc.Download(id="unggah-errors-download"),
        ], id="unggah-errors", hidden=True, className="mb-4"),
        html.Div(id="unggah-result"),
        html.H3(T["history_title"], className="h5 mt-4"),
        data_grid("unggah-history", HISTORY_COLUMNS, history_rows(), row_id="id", height=420),
        guests_card(),
        dcc.Store(id="unggah-undo-target"),
        dbc.Modal([
            dbc.ModalHeader(dbc.ModalTitle(id="unggah-undo-title")),
            dbc.ModalBody(id="unggah-undo-body"),
            dbc.ModalFooter([
                dbc.Button(T["undo_cancel"], id="unggah-undo-cancel", color="secondary", outline=True),
                dbc.Button(T["undo_confirm"], id="unggah-undo-confirm", color="danger"),
            ]),
        ], id="unggah-undo-modal", is_open=False),
    ])


# --- Rendering a load report -----------------------------------------------------------------------------


def _report_view(title: str, report: dict, refused: bool, message: str | None = None) -> html.Div:
    errors = report["errors"]
    decisions = report.get("decisions") or []
    if report["ok"]:
        head = dbc.Alert(message or T["preview_ok"], color="success", className="mb-2", id="unggah-status")
    elif decisions and not errors:
        head = dbc.Alert(T["preview_deciding"].format(n=i18n.format_number(len(decisions))), color="warning",
                         className="mb-2", id="unggah-status")
    elif refused:
        head = dbc.Alert([html.Strong(T["refused"] + " "), errors[0]["message"] if errors else ""], color="danger",
                         className="mb-2", id="unggah-status")
    else:
        head = dbc.Alert(message or T["preview_errors"].format(n=i18n.format_number(len(errors))), color="danger",
                         className="mb-2", id="unggah-status")
    parts: list = [html.H3(title, className="h6 mt-2"), head]
    suspects = report.get("suspect_sheets") or []
    if suspects:  # a sheet whose reading looks wrong: said once, above everything else
        parts.append(dbc.Alert([html.Strong(T["suspect_title"]), html.Ul([html.Li(x["message"]) for x in suspects],
                                                                         className="mb-0")],
                               color="warning", className="mb-2", id="unggah-suspects"))
    if report["sheets"]:
        header = html.Thead(html.Tr([html.Th(T["col_sheet"]), html.Th(T["col_kind"])]
                                    + [html.Th(T[k], className="text-end") for k in
                                       ("col_inserted", "col_updated", "col_unchanged", "col_skipped")]))
        body = html.Tbody([
            html.Tr([html.Td(name), html.Td(i18n.KIND.get(c["kind"], c["kind"]))]
                    + [html.Td(i18n.format_number(c[k]), className="text-end")
                       for k in ("inserted", "updated", "unchanged", "skipped")])
            for name, c in report["sheets"].items()
        ])
        parts.append(html.Div(dbc.Table([header, body], size="sm", bordered=True, className="w-auto mb-2",
                                         id="unggah-counts"), className="table-responsive"))
    elif not refused:
        parts.append(html.P(T["no_sheets"], className="text-muted"))
    notes = []
    if report["ignored_sheets"]:
        notes.append(html.Li(T["ignored_sheets"].format(names=", ".join(report["ignored_sheets"]))))
    for sheet, columns in report["ignored_columns"].items():
        notes.append(html.Li(T["ignored_columns"].format(sheet=sheet, names=", ".join(str(c) for c in columns))))
    for w in report["warnings"]:
        where = ", ".join(str(x) for x in (w.get("sheet"), w.get("row") and f"{T['col_row'].lower()} {w['row']}")
                          if x)
        notes.append(html.Li(f"{T['warnings']} [{where}]: {w['message']}" if where else w["message"]))
    people = report.get("people") or {}
    if any(v for k, v in people.items() if k != "decisions"):
        notes.insert(0, html.Li(T["people"].format(
            matched=i18n.format_number(people["matched"]), by_name=i18n.format_number(people["matched_by_name"]),
            new=i18n.format_number(people["new"]), guests=i18n.format_number(people["guests"]))))
    if notes:
        parts.append(html.Ul(notes, className="small text-muted mb-2", id="unggah-notes"))
    guests_seen = preview_guests(report.get("guests") or [])
    if guests_seen is not None:
        parts.append(guests_seen)
    if decisions and not errors:
        parts.append(_decisions_view(decisions))
    return html.Div(parts, className="mb-2")


def _decisions_view(decisions: list[dict]) -> dbc.Card:
    """One question per spelling: its rows and a choice among the close stored members or a new member."""
    engine = current_engine()
    sectors = flow.sector_names(engine)  # once for every question
    items = []
    for d in decisions:
        rows = ", ".join(d["rows"][:8]) + (" ..." if len(d["rows"]) > 8 else "")
        org = f" · {d['organization']}" if d["organization"] else (
            f" · {T['decision_activity']}" if d.get("kind") == "activity" else "")
        items.append(html.Div([
            html.Div([html.Strong(d["name"]), html.Span(org, className="text-muted")]),
            html.Div(T["decision_rows"].format(rows=rows), className="small text-muted mb-1"),
            dcc.Dropdown(id={"type": "unggah-decision", "id": d["id"]}, options=flow.decision_options(engine, d, sectors),
                         placeholder=T["decide_placeholder"], clearable=True, className="unggah-decision"),
        ], className="mb-3"))
    return dbc.Card(dbc.CardBody([
        html.H3(T["decisions_title"], className="h6"),
        html.P(T["decisions_lead"], className="small text-muted"),
        *items,
        dbc.Button(T["decide_button"], id="unggah-decide", color="primary", outline=True),
    ]), className="mb-3", id="unggah-decisions")


# --- Callbacks (thin: the work is in dashboard.upload_flow) ----------------------------------------------


def _actor() -> str:
    """Who the upload log and the audit trail name: the logged-in user."""
    return current_actor(flow.UPLOAD_USER)


@callback(
    Output("unggah-token", "data"),
    Output("unggah-preview", "children"),
    Output("unggah-errors-grid", "rowData"),
    Output("unggah-errors", "hidden"),
    Output("unggah-commit-bar", "hidden"),
    Output("unggah-commit", "disabled"),
    Output("unggah-result", "children"),
    Output("unggah-upload", "contents"),  # cleared, so dropping the same file again previews it again
    Output("unggah-server-message", "children"),
    Input("unggah-upload", "contents"),
    State("unggah-upload", "filename"),
    running=[(Output("unggah-upload", "disabled"), True, False),
             (Output("unggah-checking", "hidden"), False, True)],
    prevent_initial_call=True,
    level=SEKRETARIAT,
)
def on_drop(contents: str | None, filename: str | None) -> tuple:
    if not contents:
        raise PreventUpdate
    p = flow.preview(current_engine(), current_settings(), contents, filename, _actor())
    return *_preview_outputs(p), None, None, None


# What a second preview of the staged file (answers to decisions, a mapping) updates: _preview_outputs and the result
REPREVIEW_OUTPUTS = (
    Output("unggah-token", "data", allow_duplicate=True),
    Output("unggah-preview", "children", allow_duplicate=True),
    Output("unggah-errors-grid", "rowData", allow_duplicate=True),
    Output("unggah-errors", "hidden", allow_duplicate=True),
    Output("unggah-commit-bar", "hidden", allow_duplicate=True),
    Output("unggah-commit", "disabled", allow_duplicate=True),
    Output("unggah-result", "children", allow_duplicate=True),
)


def _preview_outputs(p: dict) -> tuple:
    """A preview's token store, view, error rows, and whether the errors, the commit bar and Simpan are hidden
    or disabled."""
    view = _report_view(T["preview_title"].format(filename=p["filename"]), p["report"], p["refused"])
    if p.get("demo"):  # the demo is loaded: Simpan waits for the clerk's word on it (on_demo_choice)
        view.children.append(_demo_choice())
    if p.get("mappable"):  # the reading is not sure: the mapping step (on_map_apply)
        sheets = flow.mapping_sheets(current_engine(), current_settings(), p["token"])
        if sheets:
            report = p["report"]
            view.children.append(mapping_card(sheets, unsure=bool(report["unclear_sheets"] or report["suspect_sheets"]
                                                                  or not report["sheets"] or report["errors"])))
    errors = p["report"]["errors"]
    token = {"token": p["token"], "filename": p["filename"], "committable": p["committable"]}
    return (token, view, flow.error_group_rows(p["report"]), not errors, not p["committable"],
            not p["committable"] or bool(p.get("demo")))


def _demo_choice() -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H3(T["demo_title"], className="h6"),
        html.P(T["demo_lead"], className="small text-muted mb-2"),
        dbc.RadioItems(id={"type": "unggah-demo", "id": "choice"}, options=[{"label": T["demo_replace"], "value": "replace"},
                                                  {"label": T["demo_keep"], "value": "keep"}], value=None),
    ]), color="warning", outline=True, className="mb-3", id="unggah-demo-card")


@callback(
    Output("unggah-commit", "disabled", allow_duplicate=True),
    Input({"type": "unggah-demo", "id": ALL}, "value"),
    State("unggah-token", "data"),
    prevent_initial_call=True,
    level=SEKRETARIAT,
)
def on_demo_choice(choices: list, token: dict | None) -> bool:
    """Simpan is enabled once the clerk said what becomes of the demo data."""
    return not (isinstance(token, dict) and token.get("committable") and _demo_answer(choices) is not None)


def _demo_answer(choices: object) -> str | None:
    """The demo radio's value (a pattern-matching State: a list, empty when no demo is loaded)."""
    if isinstance(choices, list) and choices and choices[0] in flow.DEMO_CHOICES:
        return choices[0]
    return None


# The demo banner goes with the demo (the next page drawn has none; this one loses it now).
clientside_callback(
    """function(removed) {
        if (removed) { const b = document.getElementById('demo-banner'); if (b) { b.remove(); } }
        return window.dash_clientside.no_update;
    }""",
    Output("unggah-demo-gone", "data"),
    Input("unggah-demo-removed", "data"),
    prevent_initial_call=True,
)


@callback(
    Output("unggah-token", "data", allow_duplicate=True),
    Output("unggah-preview", "children", allow_duplicate=True),
    Output("unggah-errors-grid", "rowData", allow_duplicate=True),
    Output("unggah-errors", "hidden", allow_duplicate=True),
    Output("unggah-commit-bar", "hidden", allow_duplicate=True),
    Output("unggah-result", "children", allow_duplicate=True),
    Output("unggah-history", "rowData", allow_duplicate=True),
    Output("unggah-server-message", "children", allow_duplicate=True),
    Output("unggah-demo-removed", "data"),
    Input("unggah-commit", "n_clicks"),
    State("unggah-token", "data"),
    State({"type": "unggah-demo", "id": ALL}, "value"),
    running=[(Output("unggah-commit", "disabled"), True, False),
             (Output("unggah-upload", "disabled"), True, False),
             (Output("unggah-saving", "hidden"), False, True)],
    prevent_initial_call=True,
    level=SEKRETARIAT,
)
def on_commit(n_clicks: int | None, token: dict | None, demo: list | None = None) -> tuple:
    if not n_clicks or not token or not token.get("committable"):
        raise PreventUpdate
    c = flow.commit(current_engine(), current_settings(), token["token"], _actor(),
                    demo=_demo_answer(demo))
    if c.get("staged"):  # the demo's fate not said yet: nothing claimed, the preview stays
        return (no_update, no_update, no_update, no_update, no_update,
                dbc.Alert(c["message"], color="warning", id="unggah-demo-refused"), no_update, None, no_update)
    if c["report"] is None:  # already saved, or too old
        return (None, no_update, no_update, no_update, True, dbc.Alert(c["message"], color="warning"),
                history_rows(), None, no_update)
    view = _report_view(T["result_title"].format(filename=c["filename"]), c["report"], False, c["message"])
    errors = flow.error_group_rows(c["report"])
    next_token = None if c["ok"] else {"token": c["errors_token"], "filename": c["filename"], "committable": False}
    return next_token, view, errors, not errors, True, None, history_rows(), None, c["demo_removed"] is not None


@callback(
    *REPREVIEW_OUTPUTS,
    Input("unggah-decide", "n_clicks"),
    State({"type": "unggah-decision", "id": ALL}, "value"),
    State({"type": "unggah-decision", "id": ALL}, "id"),
    State("unggah-token", "data"),
    running=[(Output("unggah-checking", "hidden"), False, True)],
    prevent_initial_call=True,
    level=SEKRETARIAT,
)
def on_decide(n_clicks: int | None, values: list, ids: list[dict], token: dict | None) -> tuple:
    if not n_clicks or not token:
        raise PreventUpdate
    answers = {i["id"]: v for i, v in zip(ids, values) if isinstance(i, dict) and isinstance(v, str) and v}
    p = flow.answer(current_engine(), current_settings(), token["token"], answers, _actor())
    if p is None:
        return (None, no_update, no_update, no_update, True, True, dbc.Alert(T["expired"], color="warning"))
    return *_preview_outputs(p), None


@callback(
    *REPREVIEW_OUTPUTS,
    Input("unggah-map-apply", "n_clicks"),
    *(State(pattern, prop) for pattern, prop in mapping_state_ids()),
    State("unggah-map-profile", "value"),
    State("unggah-token", "data"),
    running=[(Output("unggah-checking", "hidden"), False, True)],
    prevent_initial_call=True,
    level=SEKRETARIAT,
)
def on_map_apply(n_clicks: int | None, kinds: list, kind_ids: list, rows: list, row_ids: list, cols: list,
                 col_ids: list, invited: list, invited_ids: list, profile: str | None, token: dict | None) -> tuple:
    if not n_clicks or not isinstance(token, dict) or not isinstance(token.get("token"), str):
        raise PreventUpdate
    lists = (kinds, kind_ids, rows, row_ids, cols, col_ids, invited, invited_ids)
    if not all(isinstance(x, list) for x in lists):
        raise BadInput("mapping states: not lists")
    mapping = mapping_objects(*lists)
    p = flow.remap(current_engine(), current_settings(), token["token"], mapping,
                   profile if isinstance(profile, str) else None, _actor())
    if p is None:
        return (None, no_update, no_update, no_update, True, True, dbc.Alert(T["expired"], color="warning"))
    return *_preview_outputs(p), None


@callback(
    Output("unggah-errors-download", "data"),
    Input("unggah-errors-button", "n_clicks"),
    State("unggah-token", "data"),
    prevent_initial_call=True,
    level=SEKRETARIAT,
)
def on_errors_download(n_clicks: int | None, token: dict | None) -> dict:
    report = flow.staged_report(current_settings(), token["token"]) if n_clicks and token else None
    if report is None:
        raise PreventUpdate
    with language.use("id"):  # the exports stay Indonesian whatever the page's language
        return dcc.send_bytes(flow.errors_xlsx(report["errors"]), flow.errors_filename(token["filename"]))


@callback(
    Output("unggah-template-download", "data"),
    Input("unggah-template-button", "n_clicks"),
    prevent_initial_call=True,
    level=SEKRETARIAT,
)
def on_template_download(n_clicks: int | None) -> dict:
    if not n_clicks:
        raise PreventUpdate
    with language.use("id"):
        return dcc.send_bytes(flow.template_bytes(current_engine()), T["template_filename"])


@callback(
    Output("unggah-undo-target", "data"),
    Output("unggah-undo-title", "children"),
    Output("unggah-undo-body", "children"),
    Output("unggah-undo-modal", "is_open"),
    Input("unggah-history", "cellRendererData"),
    State("unggah-history", "rowData"),
    prevent_initial_call=True,
    level=SEKRETARIAT,
)
def on_undo_asked(clicked: dict | None, rows: list[dict] | None) -> tuple:
    if not isinstance(clicked, (dict, type(None))) or not isinstance(rows, (list, type(None))) \
            or not all(isinstance(r, dict) and {"id", "can_undo"} <= r.keys() for r in rows or []):
        raise BadInput("cellRendererData/rowData: not the grid's")
    row = next((r for r in rows or [] if clicked and r["id"] == clicked.get("value") and r["can_undo"]), None)
    if row is None:
        raise PreventUpdate
    return (row["id"], T["undo_title"].format(id=row["id"]),
            T["undo_body"].format(id=row["id"], filename=row["filename"], at=row["at" + TEXT_SUFFIX]), True)


@callback(
    Output("unggah-undo-modal", "is_open", allow_duplicate=True),
    Output("unggah-result", "children", allow_duplicate=True),
    Output("unggah-history", "rowData", allow_duplicate=True),
    Input("unggah-undo-confirm", "n_clicks"),
    State("unggah-undo-target", "data"),
    running=[(Output("unggah-undo-confirm", "disabled"), True, False)],
    prevent_initial_call=True,
    level=SEKRETARIAT,
)
def on_undo_confirmed(n_clicks: int | None, upload_id: int | None) -> tuple:
    if not n_clicks or upload_id is None:
        raise PreventUpdate
    u = flow.undo(current_engine(), upload_id, _actor())
    alert = dbc.Alert(u["message"], color="success", id="unggah-undone") if u["ok"] else \
        dbc.Alert([html.Strong(T["undo_refused"]), u["message"]], color="warning", id="unggah-undo-refused")
    return False, alert, history_rows()


@callback(
    Output("unggah-undo-modal", "is_open", allow_duplicate=True),
    Input("unggah-undo-cancel", "n_clicks"),
    prevent_initial_call=True,
    level=SEKRETARIAT,
)
def on_undo_cancelled(n_clicks: int | None) -> bool:
    if not n_clicks:
        raise PreventUpdate
    return False
