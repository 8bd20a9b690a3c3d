"""`/admin` Administrasi: scoring weights and standing rules, sectors and dimensions, users, kiosk tokens for the
big screen, the audit trail.

Every component id starts with `admin-`: callbacks writing `admin-*` ids are the administrators' alone. The work
is in dashboard.admin_flow; each callback here is a thin wrapper that the tests call as plain functions.
"""
from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from core import i18n, scoring
from dashboard import admin_flow as flow
from dashboard import kiosk
from dashboard.auth import MIN_PASSWORD, ROLES, AccountError, current_actor
from dashboard.components import letters_tab
from dashboard.components.directory_tab import directory_tab
from dashboard.components.grid import Column, data_grid, grid_rows
from dashboard.components.profiles_tab import profiles_tab
from dashboard.inputs import checked_dates, whole_number
from dashboard.views.period import parse_date
from dashboard.web import current_engine

T = i18n.ADMIN
dash.register_page(__name__, path="/admin", name=T["name"], title=i18n.page_title(T["name"]), order=7)
letters_tab.register_callbacks()

RULE_IDS = [f"admin-rule-{i}" for i in range(len(flow.RULE_FIELDS))]
RULE_UNITS = {scoring.ATTENDANCE: T["points"], scoring.CONTRIBUTION: T["points"], scoring.STANDING: T["times"]}
KINDS = (flow.DIMENSION, flow.SECTOR)
ALL = "*"  # the filters' "no filter" choice (never a user name)


def _when(iso: str | None) -> str:
    return i18n.format_datetime(dt.datetime.fromisoformat(iso)) if iso else T["never"]


# AG Grid draws a true/false column as checkboxes; these say it in words.
AS_TEXT = {"cellDataType": "text"}


def _reference_columns(kind: str) -> list[Column]:
    flag = Column("internal", T["col_internal"], width=110, options=AS_TEXT,
                  format=lambda v: T["internal_yes"] if v else T["internal_no"]) if kind == flow.SECTOR else \
        Column("cross_cutting", T["col_kind"], width=130, options=AS_TEXT,
               format=lambda v: T["cross_cutting"] if v else "")
    return [Column("name", T["col_name"], flex=2, wrap=True), Column("aliases", T["col_aliases"], flex=3, wrap=True),
            flag, Column("uses_text", T["col_uses"], flex=3, wrap=True)]


REFERENCE_COLUMNS = {kind: _reference_columns(kind) for kind in KINDS}
USER_COLUMNS = [
    Column("username", T["col_username"], flex=2),
    Column("role", T["col_role"], width=140, format=lambda r: T["roles"].get(r, r)),
    Column("active", T["col_active"], width=120, format=lambda a: T["active_yes"] if a else T["active_no"],
           options={**AS_TEXT, "cellClassRules": {"text-danger fw-semibold": "!params.value"}}),
    Column("last_login_at", T["col_last_login"], width=230, format=_when),
    Column("created_at", T["col_created"], width=230, format=_when),
]
# Ordered (newest first) and paged by the database: sorting one page in the browser would mislead.
UNSORTED = {"sortable": False}
AUDIT_COLUMNS = [
    Column("at", T["col_at"], width=230, format=_when, options=UNSORTED),
    Column("actor", T["col_actor"], width=140, options=UNSORTED),
    Column("action", T["col_action"], width=240, format=lambda a: T["actions"].get(a, a), options=UNSORTED),
    Column("detail", T["col_detail"], flex=1, wrap=True, options=UNSORTED),
    Column("address", T["col_address"], width=150, format=lambda a: a or "-", options=UNSORTED),
]


def layout(**_query: str) -> html.Div:
    engine = current_engine()
    return html.Div([
        html.H2(T["title"], className="h4 mb-1"),
        html.P(T["lead"], className="text-muted"),
        dbc.Tabs([
            dbc.Tab(_rules_tab(flow.current_rules(engine)), label=T["tab_rules"], tab_id="admin-tab-rules"),
            dbc.Tab(dbc.Row([dbc.Col(_reference_card(kind), xl=6, className="mb-3") for kind in KINDS]),
                    label=T["tab_reference"], tab_id="admin-tab-reference"),
            dbc.Tab(_users_tab(), label=T["tab_users"], tab_id="admin-tab-users"),
            dbc.Tab(_kiosk_tab(), label=T["tab_kiosk"], tab_id="admin-tab-kiosk"),
            dbc.Tab(directory_tab(), label=T["tab_directory"], tab_id="admin-tab-directory"),
            dbc.Tab(letters_tab.letters_tab(), label=T["tab_letters"], tab_id="admin-tab-letters"),
            dbc.Tab(profiles_tab(), label=T["tab_profiles"], tab_id="admin-tab-profiles"),
            dbc.Tab(_audit_tab(), label=T["tab_audit"], tab_id="admin-tab-audit"),
        ], id="admin-tabs", active_tab="admin-tab-rules", className="mb-3"),
    ])


# --- Scoring weights and standing rules ------------------------------------------------------------------


def _rule_row(i: int, field: flow.RuleField, value: float) -> dbc.Row:
    return dbc.Row([
        dbc.Label(field.label, html_for=RULE_IDS[i], width=7, className="small"),
        dbc.Col([
            dbc.InputGroup([dbc.Input(id=RULE_IDS[i], value=flow.format_rule(value), type="text",
                                      inputMode="decimal", debounce=True, className="text-end"),
                            dbc.InputGroupText(RULE_UNITS[field.category])], size="sm"),
            html.Div(id=f"{RULE_IDS[i]}-error", className="small text-danger"),
        ], width=5),
    ], className="mb-2 align-items-center")


def _rules_card(category: str, title: str, help_text: str, values: list[float]) -> dbc.Card:
    rows = [_rule_row(i, f, values[i]) for i, f in enumerate(flow.RULE_FIELDS) if f.category == category]
    return dbc.Card(dbc.CardBody([html.H3(title, className="h6"), html.P(help_text, className="small text-muted"),
                                  *rows]), className="h-100 shadow-sm")


def _rules_tab(values: list[float]) -> html.Div:
    return html.Div([
        dbc.Row([
            dbc.Col(_rules_card(scoring.ATTENDANCE, T["attendance_title"], T["attendance_help"], values), lg=4,
                    className="mb-3"),
            dbc.Col(_rules_card(scoring.CONTRIBUTION, T["contribution_title"], T["contribution_help"], values), lg=4,
                    className="mb-3"),
            dbc.Col(_rules_card(scoring.STANDING, T["standing_title"], T["standing_help"], values), lg=4,
                    className="mb-3"),
        ], className="g-3"),
        html.Div([
            dbc.Button(T["save_rules"], id="admin-rules-save", color="primary", className="me-3 px-4"),
            html.Span([dbc.Spinner(size="sm", spinner_class_name="me-2"), T["saving"]], id="admin-rules-saving",
                      hidden=True, className="text-primary"),
            html.Div(T["rules_hint"], className="small text-muted mt-1"),
        ], className="mb-3"),
        html.Div(id="admin-rules-result"),
    ], className="pt-3")


def save_rules(texts: list[object]) -> tuple:
    """(result alert, per field: invalid, error text, shown value) for the rules form."""
    result = flow.save_rules(current_engine(), list(texts), current_actor())
    invalid = [bool(e) for e in result.errors]
    errors = [e or "" for e in result.errors]
    if not result.ok:
        alert = dbc.Alert(result.message, color="danger", id="admin-rules-invalid")
        return alert, invalid, errors, [no_update] * len(texts)
    if not result.changed:
        return dbc.Alert(result.message, color="info", id="admin-rules-unchanged"), invalid, errors, \
            [no_update] * len(texts)
    alert = dbc.Alert([html.Strong(result.message), html.Div(result.effect, className="small mt-1")],
                      color="success", id="admin-rules-saved")
    values = [flow.format_rule(flow.parse_rule(f, t)) for f, t in zip(flow.RULE_FIELDS, texts, strict=True)]
    return alert, invalid, errors, values


@callback(
    Output("admin-rules-result", "children"),
    *[Output(i, "invalid") for i in RULE_IDS],
    *[Output(f"{i}-error", "children") for i in RULE_IDS],
    *[Output(i, "value") for i in RULE_IDS],
    Input("admin-rules-save", "n_clicks"),
    *[State(i, "value") for i in RULE_IDS],
    running=[(Output("admin-rules-save", "disabled"), True, False),
             (Output("admin-rules-saving", "hidden"), False, True)],
    prevent_initial_call=True,
)
def on_save_rules(n_clicks: int | None, *texts: str) -> tuple:
    if not n_clicks:
        raise PreventUpdate
    alert, invalid, errors, values = save_rules(texts)
    return alert, *invalid, *errors, *values


# --- Reference data ---------------------------------------------------------------------------------------


def _pick_options(rows: list[dict]) -> list[dict]:
    return [{"label": r["name"], "value": str(r["id"])} for r in rows]


def _reference_card(kind: str) -> dbc.Card:
    rows = flow.reference_rows(current_engine(), kind)
    word = T[f"{kind}_kind"]
    buttons = [dbc.Button(T["rename"], id=f"admin-{kind}-rename", color="primary", size="sm", className="me-2")]
    if kind == flow.SECTOR:
        buttons.append(dbc.Button(T["toggle_internal"], id=f"admin-{kind}-toggle", color="secondary", outline=True,
                                  size="sm", className="me-2"))
    buttons.append(dbc.Button(T["delete"], id=f"admin-{kind}-delete", color="danger", outline=True, size="sm"))
    add_fields = [
        dbc.Col(dbc.Input(id=f"admin-{kind}-add-name", placeholder=T["add_name"], size="sm"), md=4),
        dbc.Col(dbc.Input(id=f"admin-{kind}-add-aliases", placeholder=T["add_aliases"], size="sm"), md=5),
    ]
    if kind == flow.SECTOR:
        add_fields.append(dbc.Col(dbc.Checkbox(id=f"admin-{kind}-add-internal", label=T["add_internal"], value=False,
                                               className="small"), md=12, className="order-last mt-1"))
    add_fields.append(dbc.Col(dbc.Button(T["add"], id=f"admin-{kind}-add", color="success", size="sm"), md=3))
    return dbc.Card(dbc.CardBody([
        html.H3(T[f"{kind}_title"], className="h6"),
        html.P(T["reference_help"], className="small text-muted"),
        data_grid(f"admin-{kind}-grid", REFERENCE_COLUMNS[kind], grid_rows(REFERENCE_COLUMNS[kind], rows, keep=("id",)),
                  row_id="id", height=430),
        dbc.Row([
            dbc.Col(dbc.Select(id=f"admin-{kind}-pick", options=_pick_options(rows), placeholder=T["pick"].format(
                kind=word.lower()), size="sm"), md=4),
            dbc.Col(dbc.Input(id=f"admin-{kind}-new-name", placeholder=T["new_name"], size="sm"), md=4),
            dbc.Col(buttons, md=12, className="mt-2"),
        ], className="g-2 mt-2"),
        html.H4(T["add_title"].format(kind=word.lower()), className="h6 mt-3"),
        dbc.Row(add_fields, className="g-2"),
        html.Div(id=f"admin-{kind}-result", className="mt-3"),
    ]), className="h-100 shadow-sm")


def reference_action(kind: str, action: str, pick: object, new_name: object, add_name: object, add_aliases: object,
                     add_internal: bool = False) -> tuple:
    """(result alert, grid rows, pick options, new-name value, add-name value, add-aliases value) after an action:
    rename, toggle, delete or add."""
    engine, actor = current_engine(), current_actor()
    try:
        if action == "rename":
            message = flow.rename_reference(engine, kind, pick, new_name, actor)
        elif action == "toggle":
            message = flow.toggle_internal(engine, pick, actor)
        elif action == "delete":
            message = flow.delete_reference(engine, kind, pick, actor)
        elif action == "add":
            message = flow.add_reference(engine, kind, add_name, add_aliases, actor, internal=bool(add_internal))
        else:
            raise PreventUpdate
    except flow.AdminError as e:
        return (dbc.Alert(str(e), color="warning", id=f"admin-{kind}-refused"), no_update, no_update, no_update,
                no_update, no_update)
    rows = flow.reference_rows(engine, kind)
    cleared = "" if action == "add" else no_update
    return (dbc.Alert(message, color="success", id=f"admin-{kind}-done"),
            grid_rows(REFERENCE_COLUMNS[kind], rows, keep=("id",)), _pick_options(rows),
            "" if action == "rename" else no_update, cleared, cleared)


def _register_reference_callbacks(kind: str) -> None:
    actions = ["rename", "delete", "add"] + (["toggle"] if kind == flow.SECTOR else [])

    @callback(
        Output(f"admin-{kind}-result", "children"),
        Output(f"admin-{kind}-grid", "rowData"),
        Output(f"admin-{kind}-pick", "options"),
        Output(f"admin-{kind}-new-name", "value"),
        Output(f"admin-{kind}-add-name", "value"),
        Output(f"admin-{kind}-add-aliases", "value"),
        *[Input(f"admin-{kind}-{a}", "n_clicks") for a in actions],
        State(f"admin-{kind}-pick", "value"),
        State(f"admin-{kind}-new-name", "value"),
        State(f"admin-{kind}-add-name", "value"),
        State(f"admin-{kind}-add-aliases", "value"),
        *([State(f"admin-{kind}-add-internal", "value")] if kind == flow.SECTOR else []),
        prevent_initial_call=True,
    )
    def on_reference(*args: object) -> tuple:
        clicks, (pick, new_name, add_name, add_aliases, *internal) = args[:len(actions)], args[len(actions):]
        trigger = ctx.triggered_id
        if not trigger or not any(clicks):
            raise PreventUpdate
        return reference_action(kind, trigger.rsplit("-", 1)[-1], pick, new_name, add_name, add_aliases,
                                bool(internal and internal[0]))


for _kind in KINDS:
    _register_reference_callbacks(_kind)


# --- Users ------------------------------------------------------------------------------------------------


def _user_rows() -> list[dict]:
    rows = [{**u, "last_login_at": u["last_login_at"] and u["last_login_at"].isoformat(),
             "created_at": u["created_at"] and u["created_at"].isoformat()} for u in flow.user_rows(current_engine())]
    return grid_rows(USER_COLUMNS, rows)


def _user_options(rows: list[dict]) -> list[dict]:
    return [{"label": r["username"], "value": r["username"]} for r in rows]


def _role_options() -> list[dict]:
    return [{"label": T["roles"][r], "value": r} for r in ROLES]


def _password(field_id: str, placeholder: str) -> dbc.Input:
    return dbc.Input(id=field_id, type="password", placeholder=placeholder, autoComplete="new-password", size="sm")


def _users_tab() -> dbc.Row:
    rows = _user_rows()
    add = dbc.Card(dbc.CardBody([
        html.H3(T["user_add_title"], className="h6"),
        dbc.Input(id="admin-user-name", placeholder=T["username"], autoComplete="off", size="sm", className="mb-2"),
        dbc.Select(id="admin-user-role", options=_role_options(), value="pimpinan", size="sm", className="mb-2"),
        _password("admin-user-password", T["password"].format(n=MIN_PASSWORD)),
        _password("admin-user-password-again", T["password_again"]),
        dbc.Button(T["user_add"], id="admin-user-add", color="success", size="sm", className="mt-2"),
    ]), className="shadow-sm mb-3")
    manage = dbc.Card(dbc.CardBody([
        html.H3(T["user_manage_title"], className="h6"),
        dbc.Select(id="admin-user-pick", options=_user_options(rows), placeholder=T["pick_user"], size="sm",
                   className="mb-2"),
        dbc.InputGroup([dbc.Select(id="admin-user-new-role", options=_role_options(), value="pimpinan"),
                        dbc.Button(T["set_role"], id="admin-user-set-role", color="primary")], size="sm",
                       className="mb-2"),
        html.Div([dbc.Button(T["disable"], id="admin-user-disable", color="danger", outline=True, size="sm",
                             className="me-2"),
                  dbc.Button(T["enable"], id="admin-user-enable", color="secondary", outline=True, size="sm")],
                 className="mb-3"),
        _password("admin-user-new-password", T["new_password"].format(n=MIN_PASSWORD)),
        _password("admin-user-new-password-again", T["password_again"]),
        dbc.Button(T["reset_password"], id="admin-user-reset", color="warning", size="sm", className="mt-2"),
    ]), className="shadow-sm mb-3")
    return dbc.Row([
        dbc.Col([html.H3(T["users_title"], className="h6"),
                 data_grid("admin-users-grid", USER_COLUMNS, rows, row_id="username", height=360),
                 html.Div(id="admin-users-result", className="mt-3")], lg=8),
        dbc.Col([add, manage], lg=4),
    ], className="pt-3")


USER_ACTIONS = ("add", "set-role", "disable", "enable", "reset")


def user_action(action: str, name: object, role: object, password: object, again: object, pick: object,
                new_role: object, new_password: object, new_again: object) -> tuple:
    """(result alert, grid rows, pick options, and the username and four password fields cleared or kept)."""
    engine, actor = current_engine(), current_actor()
    try:
        if action == "add":
            message = flow.add_user(engine, name, role, password, again, actor)
        elif action == "set-role":
            message = flow.set_role(engine, pick, new_role, actor)
        elif action in ("disable", "enable"):
            message = flow.set_active(engine, pick, action == "enable", actor)
        elif action == "reset":
            message = flow.reset_password(engine, pick, new_password, new_again, actor)
        else:
            raise PreventUpdate
    except (flow.AdminError, AccountError) as e:
        # Passwords are never sent back to the browser: the fields are emptied whatever happened.
        return (dbc.Alert(str(e), color="warning", id="admin-users-refused"), no_update, no_update, no_update,
                "", "", "", "")
    rows = _user_rows()
    return (dbc.Alert(message, color="success", id="admin-users-done"), rows, _user_options(rows),
            "" if action == "add" else no_update, "", "", "", "")


@callback(
    Output("admin-users-result", "children"),
    Output("admin-users-grid", "rowData"),
    Output("admin-user-pick", "options"),
    Output("admin-user-name", "value"),
    Output("admin-user-password", "value"),
    Output("admin-user-password-again", "value"),
    Output("admin-user-new-password", "value"),
    Output("admin-user-new-password-again", "value"),
    *[Input(f"admin-user-{a}", "n_clicks") for a in USER_ACTIONS],
    State("admin-user-name", "value"),
    State("admin-user-role", "value"),
    State("admin-user-password", "value"),
    State("admin-user-password-again", "value"),
    State("admin-user-pick", "value"),
    State("admin-user-new-role", "value"),
    State("admin-user-new-password", "value"),
    State("admin-user-new-password-again", "value"),
    prevent_initial_call=True,
)
def on_user_action(*args: object) -> tuple:
    clicks, fields = args[:len(USER_ACTIONS)], args[len(USER_ACTIONS):]
    trigger = ctx.triggered_id
    if not trigger or not any(clicks):
        raise PreventUpdate
    return user_action(trigger.removeprefix("admin-user-"), *fields)


# --- Kiosk tokens (the big screen without an account) ------------------------------------------------------

KIOSK_COLUMNS = [
    Column("id", "#", width=70),
    Column("name", T["col_screen"], flex=2, wrap=True, options={"minWidth": 180}),
    Column("created_by", T["col_created_by"], width=130),
    Column("created_at", T["col_created"], width=210, format=_when, wrap=True),
    Column("last_used_at", T["col_last_used"], width=210, format=_when, wrap=True),
    Column("corrections", T["col_corrections"], width=150, format=lambda c: T["kiosk_correction_modes"].get(c, c),
           options=AS_TEXT),
    Column("active", T["col_status"], width=120, format=lambda a: T["kiosk_active"] if a else T["kiosk_revoked_status"],
           options={**AS_TEXT, "cellClassRules": {"text-danger fw-semibold": "!params.value"}}),
]


def _kiosk_rows() -> list[dict]:
    rows = [{**t, **{k: t[k] and t[k].isoformat() for k in ("created_at", "last_used_at")}}
            for t in kiosk.list_tokens(current_engine())]
    return grid_rows(KIOSK_COLUMNS, rows)


def _kiosk_options(rows: list[dict]) -> list[dict]:
    return [{"label": f"#{r['id']} {r['name']}", "value": r["id"]} for r in rows if r["active"]]


def _kiosk_tab() -> dbc.Row:
    rows = _kiosk_rows()
    add = dbc.Card(dbc.CardBody([
        html.H3(T["kiosk_add_title"], className="h6"),
        dbc.Input(id="admin-kiosk-name", placeholder=T["kiosk_name"], autoComplete="off", size="sm",
                  className="mb-2"),
        dbc.Label(T["kiosk_corrections"], html_for="admin-kiosk-corrections", className="small mb-0"),
        dbc.RadioItems(id="admin-kiosk-corrections", value=kiosk.CORRECTIONS_NAMES, inline=True,
                       options=[{"label": T["kiosk_correction_modes"][m], "value": m} for m in kiosk.CORRECTIONS]),
        html.Div(T["kiosk_corrections_help"], className="small text-muted mb-2"),
        dbc.Button(T["kiosk_add"], id="admin-kiosk-add", color="success", size="sm"),
    ]), className="shadow-sm mb-3")
    revoke = dbc.Card(dbc.CardBody([
        html.H3(T["kiosk_revoke_title"], className="h6"),
        dbc.Select(id="admin-kiosk-pick", options=_kiosk_options(rows), placeholder=T["kiosk_pick"], size="sm",
                   className="mb-2"),
        dbc.Button(T["kiosk_revoke"], id="admin-kiosk-revoke", color="danger", outline=True, size="sm"),
    ]), className="shadow-sm mb-3")
    return dbc.Row([
        dbc.Col([html.H3(T["kiosk_title"], className="h6"), html.P(T["kiosk_help"], className="small text-muted"),
                 data_grid("admin-kiosk-grid", KIOSK_COLUMNS, rows, row_id="id", height=300),
                 html.Div(id="admin-kiosk-result", className="mt-3")], lg=8),
        dbc.Col([add, revoke], lg=4),
    ], className="pt-3")


def kiosk_action(action: str, name: object, pick: object, base_url: str = "",
                 corrections: object = kiosk.CORRECTIONS_NAMES) -> tuple:
    """(result alert, grid rows, revoke options, name field). A new token's address is shown here once."""
    engine, actor = current_engine(), current_actor()
    try:
        if action == "add":
            token_id, token = kiosk.create(engine, str(name or ""), actor, str(corrections or kiosk.CORRECTIONS_NAMES))
            message = [T["kiosk_created"].format(name=str(name).strip()),
                       html.Pre(base_url.rstrip("/") + kiosk.path_for(token), id="admin-kiosk-url",
                                className="mt-2 mb-0 user-select-all")]
        elif action == "revoke":
            if pick in (None, ""):
                raise kiosk.KioskError(T["kiosk_need_pick"])
            kiosk.revoke(engine, int(pick), actor)
            message = T["kiosk_revoked"].format(id=int(pick))
        else:
            raise PreventUpdate
    except kiosk.KioskError as e:
        return dbc.Alert(str(e), color="warning", id="admin-kiosk-refused"), no_update, no_update, no_update
    rows = _kiosk_rows()
    return (dbc.Alert(message, color="success", id="admin-kiosk-done"), rows, _kiosk_options(rows),
            "" if action == "add" else no_update)


@callback(
    Output("admin-kiosk-result", "children"),
    Output("admin-kiosk-grid", "rowData"),
    Output("admin-kiosk-pick", "options"),
    Output("admin-kiosk-name", "value"),
    Input("admin-kiosk-add", "n_clicks"),
    Input("admin-kiosk-revoke", "n_clicks"),
    State("admin-kiosk-name", "value"),
    State("admin-kiosk-pick", "value"),
    State("admin-kiosk-corrections", "value"),
    prevent_initial_call=True,
)
def on_kiosk_action(add: int | None, revoke: int | None, name: str | None, pick: str | None,
                    corrections: str | None) -> tuple:
    from flask import request

    if not ctx.triggered_id or not (add or revoke):
        raise PreventUpdate
    return kiosk_action(ctx.triggered_id.removeprefix("admin-kiosk-"), name, pick, request.host_url, corrections)


# --- Audit trail ------------------------------------------------------------------------------------------


def _audit_tab() -> html.Div:
    kinds = [{"label": T["all_kinds"], "value": ALL}] + [{"label": T["kinds"][k], "value": k} for k in flow.AUDIT_KINDS]
    return html.Div([
        html.P(T["audit_help"], className="small text-muted"),
        dbc.Row([
            dbc.Col([dbc.Label(T["filter_kind"], html_for="admin-audit-kind", className="small mb-0"),
                     dbc.Select(id="admin-audit-kind", options=kinds, value=ALL, size="sm")], md=3),
            dbc.Col([dbc.Label(T["filter_actor"], html_for="admin-audit-actor", className="small mb-0"),
                     dbc.Select(id="admin-audit-actor", options=[{"label": T["all_actors"], "value": ALL}], value=ALL,
                                size="sm")], md=3),
            dbc.Col([dbc.Label(T["filter_dates"], className="small mb-0 d-block"),
                     dcc.DatePickerRange(id="admin-audit-range", display_format="DD/MM/YYYY", month_format="MM/YYYY",
                                         first_day_of_week=1, start_date_placeholder_text=i18n.PERIOD["start"],
                                         end_date_placeholder_text=i18n.PERIOD["end"], clearable=True,
                                         updatemode="bothdates")], md="auto"),
        ], className="g-2 mb-2 align-items-end"),
        data_grid("admin-audit-grid", AUDIT_COLUMNS, [], row_id="id", height=520),
        dbc.Row([
            dbc.Col(dbc.Pagination(id="admin-audit-pager", max_value=1, active_page=1, fully_expanded=False,
                                   first_last=True, previous_next=True, size="sm", className="mb-0"), width="auto"),
            dbc.Col(html.Span(id="admin-audit-count", className="small text-muted"), width="auto"),
        ], className="g-2 mt-2 align-items-center"),
    ], className="pt-3")


def audit_view(kind: str | None, actor: str | None, start: object, end: object, page: int | None) -> tuple:
    """(grid rows, page count, the page shown, "N catatan · halaman p dari n", actor filter options)."""
    engine = current_engine()
    first, last = parse_date(start), parse_date(end)
    if first and last and first > last:
        first, last = last, first
    data = flow.audit_page(engine, None if kind == ALL else kind, None if actor == ALL else actor or None, first, last,
                           page or 1)
    count = T["audit_count"].format(total=i18n.format_number(data["total"]), page=data["page"], pages=data["pages"])
    actors = [{"label": T["all_actors"], "value": ALL}] + [{"label": a, "value": a} for a in flow.audit_actors(engine)]
    return grid_rows(AUDIT_COLUMNS, data["rows"], keep=("id",)), data["pages"], data["page"], count, actors


@callback(
    Output("admin-audit-grid", "rowData"),
    Output("admin-audit-pager", "max_value"),
    Output("admin-audit-pager", "active_page"),
    Output("admin-audit-count", "children"),
    Output("admin-audit-actor", "options"),
    Input("admin-tabs", "active_tab"),
    Input("admin-audit-kind", "value"),
    Input("admin-audit-actor", "value"),
    Input("admin-audit-range", "start_date"),
    Input("admin-audit-range", "end_date"),
    Input("admin-audit-pager", "active_page"),
)
def on_audit(tab: str | None, kind: str | None, actor: str | None, start: str | None, end: str | None,
             page: int | None) -> tuple:
    if tab != "admin-tab-audit":
        raise PreventUpdate  # read when opened, so it always shows the newest events
    checked_dates(start, end)
    page = whole_number(page, 1, 10**6, "active_page", default=1)
    # A new filter starts at the first page; only the pager moves between pages.
    return audit_view(kind, actor, start, end, page if ctx.triggered_id == "admin-audit-pager" else 1)
