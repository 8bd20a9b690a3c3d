"""`/rekomendasi` Tindak Lanjut Rekomendasi: completion, what is overdue, who owns what, where evidence is missing."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import html

from core import i18n
from core import reference as ref
from dashboard.components import evidence_panel
from dashboard.components.cards import kpi_card, kpi_row
from dashboard.components.charts import (
    STATUS_COLORS,
    STATUS_TONES,
    graph,
    stacked_hbar,
    styled,
)
from dashboard.components.evidence_panel import can_edit, evidence_card, readiness_view
from dashboard.components.grid import Column, data_grid, grid_rows
from dashboard.components.notices import missing_data, pending_snapshots
from dashboard.views import rekomendasi as view
from dashboard.views.period import parse_date
from dashboard.views.rekomendasi import STATUSES
from dashboard.web import current_engine

T = i18n.REKOMENDASI
dash.register_page(__name__, path="/rekomendasi", name=T["name"],
                   title=i18n.page_title(T["name"]), order=2)
evidence_panel.register_callbacks()


def _evidence_text(count: int | None) -> str:
    return T["evidence_count"].format(n=i18n.format_number(count)) if count else T["no_evidence"]


COLUMNS = [
    # on a phone (phone=False: hidden below 576 px) code, text and progress stay
    Column("code", T["col_code"], width=110, options={"pinned": "left", "cellClass": "fw-semibold", "minWidth": 76}),
    Column("source", T["col_source"], width=180, phone=False),
    Column("text", T["col_text"], flex=3, wrap=True, options={"minWidth": 160}),
    Column("dimension", T["col_dimension"], width=165, phone=False),
    Column("pic", T["col_pic"], width=165, phone=False),
    Column("target", T["col_target"], format=lambda v: i18n.format_date(parse_date(v)), width=150, phone=False),
    Column("status", T["col_status"], format=i18n.gettext, width=200, phone=False,
           options={"cellClassRules": {f"status-{i}": f"params.value === '{s}'" for i, s in enumerate(STATUSES)}}),
    Column("progress", T["col_progress"], format=i18n.format_percent, numeric=True, width=110,
           options={"minWidth": 80}),
    Column("evidence", T["col_evidence"], format=_evidence_text, width=190, phone=False,
           options={"cellClassRules": {"text-danger fw-semibold": "!params.value"}}),
]


def layout(**_query: str) -> html.Div:
    engine = current_engine()
    header = [html.H2(T["title"], className="h4 mb-1"), html.P(T["lead"], className="text-muted")]
    data = view.recommendation_data(engine)
    if not data["items"]:
        return html.Div([*header, missing_data(T["no_recommendations"], T["what_to_upload"],
                                               alert_id="rekomendasi-empty")])
    counts = data["status_counts"]
    return html.Div([
        *header,
        kpi_row([
            kpi_card(T["completion"], i18n.format_percent(data["completion"]),
                     T["completion_note"].format(done=counts[ref.SESUAI], counted=data["counted"]), tone="success",
                     card_id="rekomendasi-completion"),
            kpi_card(T["overdue"], i18n.format_number(data["overdue_count"]), T["overdue_note"],
                     tone="danger" if data["overdue_count"] else None, card_id="rekomendasi-overdue-count"),
            kpi_card(T["total"], i18n.format_number(len(data["items"])),
                     T["no_evidence_count"].format(n=data["without_evidence"]), card_id="rekomendasi-total"),
        ], md=4),
        kpi_row([kpi_card(i18n.gettext(status), i18n.format_number(counts[status]), tone=STATUS_TONES[status],
                          card_id=f"rekomendasi-status-{i}") for i, status in enumerate(STATUSES)]),
        dbc.Row([
            dbc.Col(_card(T["per_evaluation"], _per_evaluation(data["by_source"]), "rekomendasi-per-evaluation"),
                    lg=4, className="mb-3"),
            dbc.Col(_card(T["by_dimension"], graph("rekomendasi-by-dimension", status_figure(data["by_dimension"])),
                          fold=True), lg=4, className="mb-3"),
            dbc.Col(_card(T["by_pic"], graph("rekomendasi-by-pic", status_figure(data["by_pic"])), fold=True),
                    lg=4, className="mb-3"),
        ], className="g-3"),
        _card(T["readiness_title"].format(cutoff=i18n.format_date(data["readiness_cutoff"])),
              readiness_view(data["readiness"]), "rekomendasi-readiness", className="mb-3", fold=True),
        evidence_card(data["items"], can_edit()),
        _card(T["overdue_list"], _overdue_table(data["overdue"]), "rekomendasi-overdue", className="mb-3", fold=True),
        _card(T["all"], data_grid("rekomendasi-grid", COLUMNS, grid_rows(COLUMNS, data["items"], keep=("overdue",)),
                                  row_id="code", height=560,
                                  grid_props={"rowClassRules": {"rekomendasi-overdue-row": "params.data.overdue"}}),
              body_class="p-0", className="mb-3", fold=True),
        _card(T["over_time"], _over_time(view.completion_trend(engine)), className="mb-3"),
    ])


# --- Plain functions (tested without a browser) ----------------------------------------------------------


def status_figure(groups: list[dict]) -> go.Figure:
    """Counts per follow-up status, one stacked bar per group."""
    return stacked_hbar([g["name"] for g in groups],
                        {status: [g["status_counts"][status] for g in groups] for status in STATUSES},
                        STATUS_COLORS)


def completion_figure(trend: list[dict]) -> go.Figure:
    """Completion per snapshot week, as frozen that week (oldest first)."""
    hover = [T["over_time_hover"].format(
        week=i18n.format_week_short(w["week"]), start=i18n.format_date(w["week_start"]), end=i18n.format_date(w["week_end"]),
        completion=i18n.format_percent(w["completion"]), done=w["status_counts"][ref.SESUAI],
        counted=w["counted"], overdue=w["overdue"]) for w in trend]
    # a figure is written where it changes and at the newest week (a year of weeks labelled each would overlap)
    text = [i18n.format_percent(w["completion"]) if i in (0, len(trend) - 1)
            or w["completion"] != trend[i - 1]["completion"] else "" for i, w in enumerate(trend)]
    line = go.Scatter(
        x=[i18n.format_week_short(w["week"]) for w in trend], y=[w["completion"] for w in trend], mode="lines+markers+text",
        text=text, textposition="top center", cliponaxis=False,
        line={"color": STATUS_COLORS[ref.SESUAI], "width": 3}, marker={"size": 9 if len(trend) <= 12 else 5},
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>")
    return styled(line, height=300, showlegend=False, margin={"l": 10, "r": 20, "t": 30, "b": 10},
                  xaxis={"type": "category", "title": None},
                  yaxis={"title": T["over_time_axis"], "tickformat": ".0%", "range": [0, 1.05]})


# --- Pieces of the page ----------------------------------------------------------------------------------


def _over_time(trend: list[dict]) -> object:
    """The completion line once a week is frozen; until then say why there is nothing to draw."""
    if not trend:
        return pending_snapshots(T["over_time_pending"], alert_id="rekomendasi-over-time")
    return html.Div([html.P(T["over_time_note"].format(n=len(trend)), className="small text-muted mb-1"),
                     graph("rekomendasi-over-time", completion_figure(trend))])


def _card(title: str, body: object, body_id: str | None = None, body_class: str = "",
          className: str = "h-100", fold: bool = False) -> dbc.Card:
    """``fold``: on a phone only the header shows until tapped (assets/phone.js), so the page stays short."""
    # role=button, tabindex and aria-expanded are given by assets/phone.js on a phone only, where it folds
    header = html.Div(title, className="card-header fw-semibold") if fold else dbc.CardHeader(title, className="fw-semibold")
    className += " fold-phone" if fold else ""
    return dbc.Card([header,
                     dbc.CardBody(body, className=body_class, **({"id": body_id} if body_id else {}))],
                    className=f"shadow-sm {className}")


def _per_evaluation(groups: list[dict]) -> html.Div:
    blocks = []
    for g in groups:
        counts = g["status_counts"]
        blocks.append(html.Div([
            html.Div([html.Span(g["name"], className="fw-semibold"),
                      html.Span(i18n.format_percent(g["completion"]), className="fw-semibold")],
                     className="d-flex justify-content-between"),
            dbc.Progress(value=round(g["completion"] * 100, 1), color="success", className="my-1",
                         style={"height": "10px"}),
            html.Div(T["evaluation_row"].format(total=g["total"], overdue=g["overdue"]), className="small text-muted"),
            html.Div([html.Span(f"{i18n.gettext(status)}: {counts[status]}", className=f"badge text-bg-{STATUS_TONES[status]} me-1")
                      for status in STATUSES if counts[status]], className="mt-1"),
        ], className="mb-3"))
    return html.Div(blocks)


def _overdue_table(items: list[dict]) -> html.Div | dbc.Table:
    if not items:
        return html.P(T["overdue_none"], className="text-muted mb-0")
    head = html.Thead(html.Tr([html.Th(T["col_code"]), html.Th(T["col_text"]), html.Th(T["col_pic"]),
                               html.Th(T["col_target"]), html.Th(T["col_status"]),
                               html.Th(T["col_progress"], className="text-end"),
                               html.Th(T["col_late"], className="text-end")]))
    rows = [html.Tr([
        html.Td(i["code"], className="fw-semibold text-nowrap"),
        html.Td(i["text"]),
        html.Td(i["pic"] or "-"),
        html.Td(i18n.format_date(parse_date(i["target"])), className="text-nowrap"),
        html.Td(html.Span(i18n.gettext(i["status"]), className=f"badge text-bg-{STATUS_TONES[i['status']]}")),
        html.Td(i18n.format_percent(i["progress"]), className="text-end"),
        html.Td(T["days_late"].format(n=i18n.format_number(i["days_late"])),
                className="text-end text-danger text-nowrap"),
    ]) for i in items]
    return dbc.Table([head, html.Tbody(rows)], size="sm", hover=True, responsive=True, className="mb-0")
