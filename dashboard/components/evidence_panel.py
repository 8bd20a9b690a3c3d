"""Evidence (data dukung) on /rekomendasi: per recommendation its attached evidence and count beside the sheet's
claimed Data Dukung count ("klaim rekap", never counted as evidence); the secretariat attaches a file or a link and
removes (undoable, audited: dashboard/evidence.py); pimpinan reads and downloads (the evidence index as xlsx, one
zip per recommendation); the readiness view per evaluation and per PIC.

Levels (dashboard/auth.py): reading and downloading need pimpinan, so a kiosk is refused; attaching, removing and
undoing need the secretariat. The ids start with ``rekomendasi-ev-``."""
from __future__ import annotations

import base64
import binascii
import datetime as dt

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from core import i18n
from dashboard import evidence
from dashboard.auth import PIMPINAN, SEKRETARIAT, callback, current_actor
from dashboard.web import current_engine, current_settings

T = i18n.EVIDENCE
R = i18n.REKOMENDASI
FORM_FIELDS = ("code", "title", "date", "by", "link")  # the attach callback's states, in its arguments' order


def _clicked() -> object:
    """The id of the button (or pattern-matched button) that fired the callback; PreventUpdate when none did
    (a list redrawn with new buttons fires with n_clicks None)."""
    trigger = ctx.triggered_id
    if trigger is None or not ctx.triggered[0]["value"]:
        raise PreventUpdate
    return trigger


def evidence_card(items: list[dict], can_edit: bool) -> dbc.Card:
    """The card: a recommendation picker, its evidence (filled by a callback), downloads and, for the
    secretariat, the form that attaches evidence."""
    options = [{"label": T["option"].format(code=i["code"], text=_short(i["text"])), "value": i["code"]}
               for i in items]
    body = [
        html.P(T["help"], className="small text-muted"),
        dbc.Row([
            dbc.Col(dbc.Select(id="rekomendasi-ev-code", options=options, value=options[0]["value"] if options else None,
                               size="sm"), lg=6, className="mb-2"),
            dbc.Col([dbc.Button(T["zip"], id="rekomendasi-ev-zip", size="sm", color="primary", outline=True,
                                className="me-2 mb-1"),
                     dbc.Button(T["index"], id="rekomendasi-ev-index", size="sm", color="secondary", outline=True,
                                className="mb-1")], lg=6, className="mb-2 text-lg-end"),
        ]),
        html.Div(id="rekomendasi-ev-list"),
        dcc.Store(id="rekomendasi-ev-version", data=0),
        dcc.Download(id="rekomendasi-ev-download"),
    ]
    if can_edit:
        body.append(_form())
    else:
        body.append(html.P(T["readonly"], className="small text-muted mt-2 mb-0"))
    return dbc.Card([dbc.CardHeader(T["title"], className="fw-semibold"), dbc.CardBody(body, id="rekomendasi-evidence")],
                    className="shadow-sm mb-3")


def _short(text: str, n: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _form() -> html.Div:
    return html.Div([
        html.Hr(),
        html.H3(T["add_title"], className="h6"),
        dbc.Row([
            dbc.Col(dbc.Input(id="rekomendasi-ev-title", placeholder=T["field_title"], size="sm", maxLength=300),
                    md=5, className="mb-2"),
            dbc.Col(dbc.Input(id="rekomendasi-ev-date", type="date", size="sm", value=dt.date.today().isoformat(),
                              placeholder=T["field_date"]), md=3, className="mb-2"),
            dbc.Col(dbc.Input(id="rekomendasi-ev-by", placeholder=T["field_by"], size="sm", maxLength=300), md=4,
                    className="mb-2"),
        ], className="g-2"),
        dcc.Upload(id="rekomendasi-ev-upload", children=html.Div(T["drop"], id="rekomendasi-ev-drop-text"),
                   className="border border-2 rounded p-3 text-center small text-muted mb-2",
                   style={"borderStyle": "dashed", "cursor": "pointer"}, max_size=evidence.MAX_BYTES, multiple=False),
        dbc.Row([
            dbc.Col(dbc.Input(id="rekomendasi-ev-link", placeholder=T["field_link"], size="sm", type="url",
                              maxLength=2000), md=9, className="mb-2"),
            dbc.Col(dbc.Button(T["attach"], id="rekomendasi-ev-add", size="sm", color="success", className="w-100"),
                    md=3, className="mb-2"),
        ], className="g-2"),
        html.Div(id="rekomendasi-ev-message"),
        dcc.Store(id="rekomendasi-ev-last"),
        dbc.Button(T["undo"], id="rekomendasi-ev-undo", size="sm", color="warning", outline=True,
                   style={"display": "none"}),
    ], id="rekomendasi-ev-form")


def evidence_list(code: str | None, claim: int | None, can_edit: bool) -> html.Div:
    """One recommendation's evidence: the count beside the sheet's claim, then the items newest first."""
    if not code:
        return html.Div()
    rows = evidence.details(current_engine(), code)
    summary = html.P(T["summary"].format(code=code, n=i18n.format_number(len(rows)),
                                         claim=T["claim_none"] if claim is None else i18n.format_number(claim)),
                     className="fw-semibold mb-2", id="rekomendasi-ev-summary")
    if not rows:
        return html.Div([summary, html.P(T["none"], className="text-muted small")])
    entries = []
    for r in rows:
        if r["kind"] == "file":
            action = [dbc.Button(T["download"], id={"type": "rekomendasi-ev-file", "id": r["id"]}, size="sm",
                                 color="link", className="p-0 me-3")]
        else:
            action = [html.A(T["open"], href=r["url"], target="_blank", rel="noopener noreferrer",
                             className="me-3 small")]
        if can_edit:
            action.append(dbc.Button(T["remove"], id={"type": "rekomendasi-ev-remove", "id": r["id"]}, size="sm",
                                     color="link", className="p-0 text-danger"))
        facts = " · ".join(x for x in (i18n.format_date(dt.date.fromisoformat(r["date"])),
                                       T["kind_file"] if r["kind"] == "file" else T["kind_link"], r["by"]) if x)
        entries.append(dbc.ListGroupItem([
            html.Div(r["title"], className="fw-semibold"),
            html.Div(facts, className="small text-muted"),
            html.Div(r["filename"] or r.get("url") or "", className="small text-muted text-break"),
            html.Div(action, className="mt-1"),
        ], style={"overflowWrap": "anywhere"}))
    return html.Div([summary, dbc.ListGroup(entries, flush=True)])


def readiness_view(figures: dict) -> html.Div:
    """Per evaluation: the share ready for the assessors and what keeps the others from it; the lists of
    recommendations without evidence, with only stale evidence, and Sesuai without evidence; readiness per PIC."""
    blocks = []
    for i, e in enumerate(figures["evaluations"]):
        share = e["readiness"] or 0.0
        blocks.append(html.Div([
            html.Div([html.Span(e["source"], className="fw-semibold"),
                      html.Span(i18n.format_percent(e["readiness"]), className="fw-semibold")],
                     className="d-flex justify-content-between"),
            dbc.Progress(value=round(share * 100, 1), color="info", className="my-1", style={"height": "10px"}),
            html.Div(R["readiness_row"].format(with_evidence=e["with_evidence"], total=e["recommendations"],
                                               bare=e["sesuai_without_evidence"], stale=e["stale"]),
                     className="small text-muted"),
        ], className="mb-3", id=f"rekomendasi-readiness-{i}"))
    items = figures["items"]
    cutoff = dt.date.fromisoformat(figures["cutoff"])
    lists = [
        (R["readiness_missing"], [i["code"] for i in items if not i["evidence"]], "rekomendasi-readiness-missing"),
        (T["stale_list"], [i["code"] for i in items if i["evidence"] and i["latest_evidence"]
                           and dt.date.fromisoformat(i["latest_evidence"]) < cutoff], "rekomendasi-readiness-stale"),
        (T["bare_list"], [i["code"] for i in items if i["status"] == "Sesuai" and not i["evidence"]],
         "rekomendasi-readiness-bare"),
    ]
    for text, codes, list_id in lists:
        if codes:
            blocks.append(html.Div(text.format(codes=", ".join(codes)), className="small mb-1", id=list_id))
    if figures.get("pics"):
        head = html.Thead(html.Tr([html.Th(T["col_pic"]), html.Th(T["col_ready"], className="text-end"),
                                   html.Th(T["col_readiness"], className="text-end")]))
        rows = [html.Tr([html.Td(p["pic"]),
                         html.Td(T["ready_of"].format(ready=i18n.format_number(p["ready"]),
                                                      total=i18n.format_number(p["recommendations"])),
                                 className="text-end text-nowrap"),
                         html.Td(i18n.format_percent(p["readiness"]), className="text-end")]) for p in figures["pics"]]
        blocks.append(html.H3(T["per_pic"], className="h6 mt-3"))
        blocks.append(dbc.Table([head, html.Tbody(rows)], size="sm", responsive=True, className="mb-0",
                                id="rekomendasi-readiness-pics"))
    blocks.append(html.Div(R["readiness_hint"], className="small text-muted mt-2"))
    return html.Div(blocks)


# --- Callbacks -------------------------------------------------------------------------------------------


def _claims() -> dict[str, int | None]:
    from dashboard.views.rekomendasi import evidence_claims

    return evidence_claims(current_engine())


def can_edit() -> bool:
    """Whether the page is built for (or the callback called by) the secretariat or an admin."""
    from dashboard.access import current_level
    from dashboard.auth import allows

    return allows(current_level(), SEKRETARIAT)


def attach(code: object, title: object, day: object, by: object, link: object, contents: object,
           filename: object) -> tuple[bool, str]:
    """Attach what the form holds (exactly one of a file and a link); (ok, message)."""
    if not isinstance(code, str) or not code:
        return False, T["need_source"]
    link = (link or "").strip() if isinstance(link, str) else ""
    has_file = isinstance(contents, str) and bool(contents)
    if has_file == bool(link):
        return False, T["need_source"]
    try:
        date = dt.date.fromisoformat(day) if isinstance(day, str) and day else None
    except ValueError:
        return False, T["bad_date"]
    source: bytes | str = link
    if has_file:
        try:
            source = base64.b64decode(contents.split(",", 1)[1], validate=True)
        except (IndexError, ValueError, binascii.Error):
            return False, T["need_source"]
    try:
        item = evidence.add(current_engine(), current_settings(), code, source, title if isinstance(title, str) else "",
                            current_actor(), filename=filename if isinstance(filename, str) else None, date=date,
                            by=by if isinstance(by, str) else None)
    except evidence.EvidenceRefused as exc:
        return False, str(exc)
    return True, T["added"].format(id=item["id"], code=item["code"], title=item["title"])


def register_callbacks() -> None:
    """Register this part's callbacks on the app being built. The page module calls this at its top level: Dash
    runs page modules again for every app it builds (tests build many), an imported component module only once."""

    @callback(
        Output("rekomendasi-ev-list", "children"),
        Input("rekomendasi-ev-code", "value"),
        Input("rekomendasi-ev-version", "data"),
        level=PIMPINAN,
    )
    def show_list(code: str | None, _version: int | None) -> html.Div:
        if code is not None and not isinstance(code, str):
            raise PreventUpdate
        return evidence_list(code, _claims().get(code), can_edit())

    @callback(
        Output("rekomendasi-ev-message", "children"),
        Output("rekomendasi-ev-version", "data"),
        Output("rekomendasi-ev-upload", "contents"),
        Output("rekomendasi-ev-link", "value"),
        Output("rekomendasi-ev-title", "value"),
        Output("rekomendasi-ev-undo", "style"),
        Input("rekomendasi-ev-add", "n_clicks"),
        *[State(f"rekomendasi-ev-{field}", "value") for field in FORM_FIELDS],
        State("rekomendasi-ev-upload", "contents"),
        State("rekomendasi-ev-upload", "filename"),
        State("rekomendasi-ev-version", "data"),
        prevent_initial_call=True,
        level=SEKRETARIAT,
    )
    def on_attach(n_clicks, code, title, day, by, link, contents, filename, version):  # noqa: ANN001, ANN201
        if not n_clicks:
            raise PreventUpdate
        ok, message = attach(code, title, day, by, link, contents, filename)
        alert = dbc.Alert(message, color="success" if ok else "danger", className="py-2 small mb-2",
                          id="rekomendasi-ev-alert")
        if not ok:
            return alert, no_update, no_update, no_update, no_update, {"display": "none"}
        return alert, (version or 0) + 1, None, "", "", {"display": "none"}

    @callback(
        Output("rekomendasi-ev-drop-text", "children"),
        Input("rekomendasi-ev-upload", "filename"),
        level=SEKRETARIAT,
    )
    def on_choose(filename: object) -> str:
        return T["chosen"].format(name=filename) if isinstance(filename, str) and filename else T["drop"]

    @callback(
        Output("rekomendasi-ev-message", "children", allow_duplicate=True),
        Output("rekomendasi-ev-version", "data", allow_duplicate=True),
        Output("rekomendasi-ev-last", "data"),
        Output("rekomendasi-ev-undo", "style", allow_duplicate=True),
        Input({"type": "rekomendasi-ev-remove", "id": ALL}, "n_clicks"),
        Input("rekomendasi-ev-undo", "n_clicks"),
        State("rekomendasi-ev-last", "data"),
        State("rekomendasi-ev-version", "data"),
        prevent_initial_call=True,
        level=SEKRETARIAT,
    )
    def on_remove_or_undo(_removes, _undo, last, version):  # noqa: ANN001, ANN201
        trigger = _clicked()
        hidden, shown = {"display": "none"}, {"display": "inline-block"}
        if trigger == "rekomendasi-ev-undo":
            from loaders.ingest import UndoRefused, undo_upload

            if not isinstance(last, int):
                raise PreventUpdate
            try:
                undo_upload(current_engine(), last, current_actor())
            except UndoRefused as exc:
                return dbc.Alert(str(exc), color="danger", className="py-2 small mb-2"), no_update, None, hidden
            return (dbc.Alert(T["undone"], color="success", className="py-2 small mb-2", id="rekomendasi-ev-alert"),
                    (version or 0) + 1, None, hidden)
        evidence_id = trigger.get("id") if isinstance(trigger, dict) else None
        if not isinstance(evidence_id, int):
            raise PreventUpdate
        try:
            entry = evidence.remove(current_engine(), evidence_id, current_actor())
        except evidence.EvidenceRefused as exc:
            return dbc.Alert(str(exc), color="danger", className="py-2 small mb-2"), no_update, no_update, hidden
        return (dbc.Alert(T["removed"].format(id=evidence_id, entry=entry), color="info", className="py-2 small mb-2",
                          id="rekomendasi-ev-alert"), (version or 0) + 1, entry, shown)

    @callback(
        Output("rekomendasi-ev-download", "data"),
        Input("rekomendasi-ev-index", "n_clicks"),
        Input("rekomendasi-ev-zip", "n_clicks"),
        Input({"type": "rekomendasi-ev-file", "id": ALL}, "n_clicks"),
        State("rekomendasi-ev-code", "value"),
        prevent_initial_call=True,
        level=PIMPINAN,
    )
    def on_download(_index, _zip, _files, code):  # noqa: ANN001, ANN201
        trigger = _clicked()
        try:
            if trigger == "rekomendasi-ev-index":
                data, name = evidence.index_xlsx(current_engine())
            elif trigger == "rekomendasi-ev-zip":
                if not isinstance(code, str) or not code:
                    raise PreventUpdate
                data, name = evidence.recommendation_zip(current_engine(), current_settings(), code)
            elif isinstance(trigger, dict) and isinstance(trigger.get("id"), int):
                data, name = evidence.file_download(current_engine(), current_settings(), trigger["id"])
            else:
                raise PreventUpdate
        except evidence.EvidenceRefused:
            return no_update
        return dcc.send_bytes(data, name)
