"""`/` Ringkasan: the headline figures for the mayor over a chosen period, each linking to the page behind it."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate
from core import i18n
from core import reference as ref
from dashboard.auth import PIMPINAN, callback
from dashboard.components.cards import kpi_card, kpi_row
from dashboard.components.charts import STANDING_TONES
from dashboard.components.notices import missing_data
from dashboard.components.period import period_selector
from dashboard.components.story import story_card
from dashboard.inputs import checked_dates
from dashboard.views.period import href, normalize_period, period_from_search, period_label, period_search
from dashboard.views.ringkasan import record_counts, summary_figures
from dashboard.web import current_engine

T = i18n.RINGKASAN
dash.register_page(__name__, path="/", name=T["name"],
                   title=i18n.page_title(T["name"]), order=0)


def layout(period: str | None = None, start: str | None = None, end: str | None = None, **_query: str) -> html.Div:
    engine = current_engine()
    header = [html.H2(T["title"], className="h4 mb-1"), html.P(T["lead"], className="text-muted")]
    if not any(record_counts(engine).values()):
        return html.Div([*header, missing_data(T["empty"], i18n.ANGGOTA["what_to_upload"] + " "
                                               + i18n.REKOMENDASI["what_to_upload"], alert_id="ringkasan-empty")])
    period = normalize_period(period)
    return html.Div([
        dcc.Location(id="ringkasan-url", refresh=False),  # the period in the address (see sync_url)
        *header,
        period_selector("ringkasan", period, start, end),
        html.Div(summary_content(summary_figures(engine, period, start, end)), id="ringkasan-content"),
    ])


@callback(
    Output("ringkasan-content", "children"),
    Output("ringkasan-range-wrap", "hidden"),
    Output("ringkasan-period-label", "children"),
    Input("ringkasan-period", "value"),
    Input("ringkasan-range", "start_date"),
    Input("ringkasan-range", "end_date"),
    prevent_initial_call=True,  # the layout already rendered the default period
    level=PIMPINAN,
)
def update_summary(period: str, start: str | None, end: str | None) -> tuple:
    checked_dates(start, end)
    figures = summary_figures(current_engine(), period, start, end)
    return summary_content(figures), figures["period"] != "kustom", period_label(figures["start"], figures["end"])


@callback(
    Output("ringkasan-url", "search"),
    Output("ringkasan-period", "value"),
    Output("ringkasan-range", "start_date"),
    Output("ringkasan-range", "end_date"),
    Input("ringkasan-url", "search"),
    Input("ringkasan-period", "value"),
    Input("ringkasan-range", "start_date"),
    Input("ringkasan-range", "end_date"),
    prevent_initial_call=True,
    level=PIMPINAN,
)
def sync_url(search: str | None, period: str, start: str | None, end: str | None) -> tuple:
    """A period chosen is written into the address (a history entry, no reload); an address changed under the
    page (Back, Forward) sets the period. One callback both ways: Dash allows a cycle only within one."""
    checked_dates(start, end)
    current = period_search(period, start, end)
    if ctx.triggered_id == "ringkasan-url":
        wanted, first, last = period_from_search(search if isinstance(search, str) else "")
        if period_search(wanted, first, last) == current:
            raise PreventUpdate
        return no_update, wanted, first or no_update, last or no_update
    if current == (search or ""):
        raise PreventUpdate
    return current, no_update, no_update, no_update


# --- Rendering (the figures: dashboard/views/ringkasan.py) --------------------------------------------------


def summary_content(f: dict) -> list:
    return [
        story_card(f["story"], f["link_args"]),
        html.H3(T["section_members"], className="h6 text-uppercase text-muted mt-2"),
        _member_cards(f) if f["has_members"] else dbc.Alert(T["no_members"], color="light"),
        dbc.Row([
            dbc.Col([html.H3(T["section_recommendations"], className="h6 text-uppercase text-muted mt-2"),
                     _recommendation_cards(f)], lg=6),
            dbc.Col([html.H3(T["section_rank"], className="h6 text-uppercase text-muted mt-2"),
                     kpi_row([_rank_card(f)], md=12)], lg=3),
            dbc.Col([html.H3(T["movers"], className="h6 text-uppercase text-muted mt-2"), _movers(f)], lg=3),
        ], className="g-3"),
    ]


def _member_cards(f: dict) -> html.Div:
    p = f["participation"]
    args = f["link_args"]
    top = [
        kpi_card(T["internal_members"], i18n.format_number(p["internal_members"]), T["internal_members_note"],
                 href=href("/anggota", **args, internal="true"), card_id="ringkasan-internal-members"),
        kpi_card(T["external_members"], i18n.format_number(p["external_members"]), T["external_members_note"],
                 href=href("/anggota", **args, internal="false"), card_id="ringkasan-external-members"),
        kpi_card(T["internal_rate"], i18n.format_percent(p["internal_attendance_rate"]), T["rate_note"],
                 href=href("/anggota", **args, internal="true"), card_id="ringkasan-internal-rate"),
        kpi_card(T["external_rate"], i18n.format_percent(p["external_attendance_rate"]), T["rate_note"],
                 href=href("/anggota", **args, internal="false"), card_id="ringkasan-external-rate"),
    ]
    notes = i18n.standing_notes(f["standing_rules"])
    standings = [
        kpi_card(i18n.gettext(standing), i18n.format_number(p["standings"][standing]), notes[standing],
                 href=href("/anggota", **args, standing=standing), tone=STANDING_TONES[standing],
                 card_id=f"ringkasan-standing-{i}")
        for i, standing in enumerate(ref.STANDINGS)
    ]
    return html.Div([kpi_row(top), kpi_row(standings)])


def _recommendation_cards(f: dict) -> dbc.Row:
    if not f["has_recommendations"]:
        return dbc.Alert(T["no_recommendations"], color="light")
    return kpi_row([
        kpi_card(T["completion"], i18n.format_percent(f["completion"]),
                 T["completion_note"].format(done=f["status_counts"].get(ref.SESUAI, 0), counted=f["counted"]),
                 href="/rekomendasi", tone="success", card_id="ringkasan-completion"),
        kpi_card(T["overdue"], i18n.format_number(f["overdue"]), T["overdue_note"], href="/rekomendasi",
                 tone="danger" if f["overdue"] else None, card_id="ringkasan-overdue"),
    ], md=6)


def _rank_card(f: dict) -> dbc.Card | dcc.Link:
    ev = f["evaluation"]
    if ev is None:
        return kpi_card(T["rank"], "-", T["no_evaluations"], href="/peringkat", card_id="ringkasan-rank")
    value = T["rank_value"].format(rank=ev["rank"], field=i18n.format_number(ev["field_size"])) \
        if ev["field_size"] else str(ev["rank"])
    note = T["rank_note"].format(label=ev["label"], score=i18n.format_number(ev["score"], 2))
    return kpi_card(T["rank"], value, note, href="/peringkat", tone="primary", card_id="ringkasan-rank")


def _movers(f: dict) -> html.Div:
    if not f["movers"]:
        return html.P(T["no_movers"], className="text-muted small")
    items = []
    for m in f["movers"]:
        up = m["change"] > 0
        arrow = html.Span(("▲ " if up else "▼ ") + i18n.format_number(abs(m["change"])),
                          className="fw-semibold " + ("text-success" if up else "text-danger"))
        items.append(dbc.ListGroupItem(dcc.Link([
            html.Div([html.Span(m["name"], className="fw-semibold"), arrow],
                     className="d-flex justify-content-between gap-2"),
            html.Div([m["organization"], " · ", T["mover_ranks"].format(before=m["previous_rank"], now=m["rank"])],
                     className="small text-muted"),
        ], href=href("/anggota", **f["link_args"], member=m["member_id"]),
            className="text-reset text-decoration-none")))
    return html.Div([dbc.ListGroup(items, flush=True, className="shadow-sm border rounded", id="ringkasan-movers"),
                     html.Div(T["movers_note"], className="small text-muted mt-1")])
