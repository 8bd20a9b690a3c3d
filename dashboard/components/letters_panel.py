"""The letters section of /unduhan: choose a week (its snapshot when frozen) or a period, a kind and a minimum
score; the secretariat generates the letters (dashboard/letters.py), pimpinan downloads the batches' zips.
Levels: generating needs the secretariat, downloading pimpinan (so a kiosk is refused). Ids ``unduhan-letters-``."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import i18n
from core import models as M
from dashboard import letters
from dashboard.auth import PIMPINAN, SEKRETARIAT, callback, current_actor
from dashboard.web import current_engine, current_settings

T = i18n.LETTERS
PERIOD = "period"  # the week picker's choice for "the dates below"
WEEKS_BACK = 12


def _week_options() -> list[dict]:
    from core.periods import today_wita
    from dashboard.snapshots import week_bounds, week_of

    with Session(current_engine()) as s:
        frozen = set(s.scalars(select(M.Snapshot.week)))
    today = today_wita()
    weeks = [week_of(today - dt.timedelta(days=7 * n)) for n in range(WEEKS_BACK)]
    options = []
    for w in weeks:
        start, end = week_bounds(w)
        label = f"{w} ({i18n.format_date(start)} – {i18n.format_date(end)})"
        options.append({"label": label + (f" · {i18n.UNDUHAN['frozen'].lower()}" if w in frozen else ""), "value": w})
    return [*options, {"label": T["choose_period"], "value": PERIOD}]


def letters_card(can_generate: bool) -> dbc.Card:
    from dashboard.snapshots import last_completed_week

    today = dt.date.today()
    controls = dbc.Row([
        dbc.Col([dbc.Label(T["choose_week"], className="small mb-0"),
                 dbc.Select(id="unduhan-letters-week", options=_week_options(), value=last_completed_week(),
                            size="sm")], md=4, className="mb-2"),
        dbc.Col([dbc.Label(T["choose_period"], className="small mb-0"),
                 html.Div([dbc.Input(id="unduhan-letters-from", type="date", size="sm",
                                     value=dt.date(today.year, 1, 1).isoformat(), className="me-1"),
                           dbc.Input(id="unduhan-letters-to", type="date", size="sm", value=today.isoformat())],
                          className="d-flex")], md=4, className="mb-2"),
        dbc.Col([dbc.Label(T["field_kind"], className="small mb-0"),
                 dbc.Select(id="unduhan-letters-kind", size="sm", value="piagam",
                            options=[{"label": T["kinds"][k], "value": k} for k in letters.KINDS])], md=2,
                className="mb-2"),
        dbc.Col([dbc.Label(T["field_min_score"], className="small mb-0"),
                 dbc.Input(id="unduhan-letters-min", type="number", min=0, step=0.5, value=0, size="sm")], md=2,
                className="mb-2"),
    ], className="g-2")
    action = (html.Div([dbc.Button(T["generate"], id="unduhan-letters-generate", color="success", size="sm"),
                        html.Div(id="unduhan-letters-result", className="mt-2")])
              if can_generate else html.P(T["readonly"], className="small text-muted mb-0"))
    return dbc.Card(dbc.CardBody([
        html.H5(T["unduhan_title"]), html.P(T["unduhan_help"], className="text-muted small"),
        controls, action,
        html.H6(T["batches"], className="mt-3"),
        html.Div(batch_list(), id="unduhan-letters-batches"),
        dcc.Download(id="unduhan-letters-download"),
    ]), className="mb-4", id="unduhan-letters")


def batch_list() -> html.Div:
    rows = letters.batches(current_engine(), limit=20)
    if not rows:
        return html.P(T["no_batches"], className="text-muted small mb-0")
    items = []
    for b in rows:
        period = b["week"] or f"{i18n.format_date(b['start'])} – {i18n.format_date(b['end'])}"
        items.append(dbc.ListGroupItem(html.Div([
            html.Span(T["batch_row"].format(id=b["id"], kind=T["kinds"][b["kind"]], period=period,
                                            letters=b["letters"], by=b["by"], at=i18n.format_datetime(b["at"])),
                      className="small me-2"),
            dbc.Button(T["download_zip"], id={"type": "unduhan-letters-zip", "id": b["id"]}, size="sm",
                       color="primary", outline=True),
        ], className="d-flex flex-wrap justify-content-between align-items-center gap-1")))
    return dbc.ListGroup(items, flush=True)


def generate(week: object, start: object, end: object, kind: object, min_score: object) -> tuple[bool, str]:
    """Generate one batch from the form's values; (ok, message)."""
    try:
        args = {"week": week} if isinstance(week, str) and week and week != PERIOD else {
            "start": dt.date.fromisoformat(start) if isinstance(start, str) and start else None,
            "end": dt.date.fromisoformat(end) if isinstance(end, str) and end else None}
        score = float(min_score) if isinstance(min_score, (int, float, str)) and str(min_score).strip() else 0.0
    except ValueError:
        return False, T["bad_period"]
    settings = current_settings()
    out = settings.data_dir / "letters" / "berkas" / dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    try:
        result = letters.generate(current_engine(), settings, kind if isinstance(kind, str) else "", out,
                                  current_actor(), min_score=score, **args)
    except letters.LetterError as exc:
        return False, str(exc)
    return True, T["generated"].format(n=len({f["number"] for f in result["files"]}), batch=result["batch"])


def register_callbacks() -> None:
    """Register this part's callbacks on the app being built. The page module calls this at its top level: Dash
    runs page modules again for every app it builds (tests build many), an imported component module only once."""

    @callback(
        Output("unduhan-letters-result", "children"),
        Output("unduhan-letters-batches", "children"),
        Input("unduhan-letters-generate", "n_clicks"),
        State("unduhan-letters-week", "value"),
        State("unduhan-letters-from", "value"),
        State("unduhan-letters-to", "value"),
        State("unduhan-letters-kind", "value"),
        State("unduhan-letters-min", "value"),
        prevent_initial_call=True,
        level=SEKRETARIAT,
    )
    def on_generate(n_clicks, week, start, end, kind, min_score):  # noqa: ANN001, ANN201
        if not n_clicks:
            raise PreventUpdate
        ok, message = generate(week, start, end, kind, min_score)
        alert = dbc.Alert(message, color="success" if ok else "warning", className="py-2 small mb-0",
                          id="unduhan-letters-alert")
        return alert, batch_list() if ok else no_update

    @callback(
        Output("unduhan-letters-download", "data"),
        Input({"type": "unduhan-letters-zip", "id": ALL}, "n_clicks"),
        prevent_initial_call=True,
        level=PIMPINAN,
    )
    def on_download(_clicks):  # noqa: ANN001, ANN201
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not isinstance(trigger.get("id"), int) or not ctx.triggered[0]["value"]:
            raise PreventUpdate
        with Session(current_engine()) as s:
            batch = s.get(M.LetterBatch, trigger["id"])
            path = Path(batch.zip_path) if batch is not None and batch.zip_path else None
        if path is None or not path.is_file():
            return no_update
        return dcc.send_file(str(path), filename=path.name)
