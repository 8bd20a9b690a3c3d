"""The /admin tab "Surat & Data Dukung": the letter settings (letterhead, place, signatory, number formats), the
heads of the organizations letters of correction address, and the evidence cut-off. The work is in
dashboard.letters, dashboard.people_flow and dashboard.evidence; the ids start with ``admin-`` (admin only)."""
from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate
from sqlalchemy.orm import Session

from core import i18n
from dashboard import evidence, letters
from dashboard import people_flow as flow
from dashboard.auth import ADMIN, callback, current_actor
from dashboard.views.admin import evidence_cutoff
from dashboard.web import current_engine

T = i18n.LETTERS
TEXT_FIELDS = ("place", "signatory_name", "signatory_position", "signatory_nip", "number_format_piagam",
               "number_format_pembinaan")


def _org_options() -> list[dict]:
    return [{"label": T["org_option"].format(name=r["name"], head=r["head"]) if r["head"] else r["name"],
             "value": f"#{r['id']}"} for r in flow.org_rows(current_engine())]


def letters_tab() -> dbc.Row:
    engine = current_engine()
    with Session(engine) as s:
        cfg = letters.get_settings(s)
    cutoff = evidence_cutoff(engine)
    fields = [dbc.Label(T["field_letterhead"], html_for="admin-letters-letterhead", className="small mb-0"),
              dbc.Textarea(id="admin-letters-letterhead", value="\n".join(cfg["letterhead"]), rows=3, size="sm",
                           className="mb-2")]
    for key in TEXT_FIELDS:
        fields += [dbc.Label(T[f"field_{key}"], html_for=f"admin-letters-{key}", className="small mb-0"),
                   dbc.Input(id=f"admin-letters-{key}", value=cfg[key], size="sm", className="mb-2",
                             maxLength=letters.LIMITS[key])]
    settings_card = dbc.Card(dbc.CardBody([
        html.H3(T["settings_title"], className="h6"), html.P(T["settings_help"], className="small text-muted"),
        *fields,
        dbc.Button(T["save"], id="admin-letters-save", size="sm", color="primary"),
        html.Div(id="admin-letters-result", className="mt-2"),
    ]), className="shadow-sm mb-3")
    heads_card = dbc.Card(dbc.CardBody([
        html.H3(T["heads_title"], className="h6"), html.P(T["heads_help"], className="small text-muted"),
        dbc.Select(id="admin-letters-org", options=_org_options(), placeholder=T["pick_org"], size="sm",
                   className="mb-2"),
        dbc.Input(id="admin-letters-head", placeholder=T["head_name"], size="sm", maxLength=300, className="mb-2"),
        dbc.Button(T["save"], id="admin-letters-head-save", size="sm", color="primary"),
        html.Div(id="admin-letters-head-result", className="mt-2"),
    ]), className="shadow-sm mb-3")
    cutoff_card = dbc.Card(dbc.CardBody([
        html.H3(T["cutoff_title"], className="h6"), html.P(T["cutoff_help"], className="small text-muted"),
        dbc.Input(id="admin-letters-cutoff", type="date", value=cutoff.isoformat(), size="sm", className="mb-2"),
        dbc.Button(T["save"], id="admin-letters-cutoff-save", size="sm", color="primary"),
        html.Div(id="admin-letters-cutoff-result", className="mt-2"),
    ]), className="shadow-sm mb-3")
    return dbc.Row([dbc.Col(settings_card, lg=6), dbc.Col([heads_card, cutoff_card], lg=6)])


def _result(ok: bool, text: str) -> dbc.Alert:
    return dbc.Alert(text, color="success" if ok else "danger", className="py-2 small mb-0")


def save_settings(letterhead: object, *values: object) -> tuple[bool, str]:
    """Store what the form holds; (ok, message)."""
    changes = {"letterhead": letterhead if isinstance(letterhead, str) else ""}
    changes.update({k: v if isinstance(v, str) else "" for k, v in zip(TEXT_FIELDS, values, strict=True)})
    try:
        letters.save_settings(current_engine(), changes, current_actor())
    except letters.LetterError as exc:
        return False, str(exc)
    return True, T["saved"]


def register_callbacks() -> None:
    """Register this part's callbacks on the app being built. The page module calls this at its top level: Dash
    runs page modules again for every app it builds (tests build many), an imported component module only once."""

    @callback(
        Output("admin-letters-result", "children"),
        Input("admin-letters-save", "n_clicks"),
        State("admin-letters-letterhead", "value"),
        *[State(f"admin-letters-{key}", "value") for key in TEXT_FIELDS],
        prevent_initial_call=True,
        level=ADMIN,
    )
    def on_save(n_clicks, letterhead, *values):  # noqa: ANN001, ANN201
        if not n_clicks:
            raise PreventUpdate
        return _result(*save_settings(letterhead, *values))

    @callback(
        Output("admin-letters-head-result", "children"),
        Output("admin-letters-org", "options"),
        Input("admin-letters-head-save", "n_clicks"),
        State("admin-letters-org", "value"),
        State("admin-letters-head", "value"),
        prevent_initial_call=True,
        level=ADMIN,
    )
    def on_head(n_clicks, org, name):  # noqa: ANN001, ANN201
        if not n_clicks or not isinstance(org, str) or not org:
            raise PreventUpdate
        try:
            message = flow.org_head(current_engine(), org, name if isinstance(name, str) else "", current_actor())
        except flow.DirectoryError as exc:
            return _result(False, str(exc)), no_update
        return _result(True, message), _org_options()

    @callback(
        Output("admin-letters-cutoff-result", "children"),
        Input("admin-letters-cutoff-save", "n_clicks"),
        State("admin-letters-cutoff", "value"),
        prevent_initial_call=True,
        level=ADMIN,
    )
    def on_cutoff(n_clicks, value):  # noqa: ANN001, ANN201
        if not n_clicks:
            raise PreventUpdate
        try:
            day = dt.date.fromisoformat(value) if isinstance(value, str) and value else None
        except ValueError:
            return _result(False, i18n.EVIDENCE["bad_date"])
        evidence.set_cutoff(current_engine(), day, current_actor())
        shown = evidence_cutoff(current_engine())
        return _result(True, T["cutoff_saved"].format(date=i18n.format_date(shown)))
