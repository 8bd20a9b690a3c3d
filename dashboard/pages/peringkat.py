"""`/peringkat` Tren Peringkat: the city's rank and index scores per evaluation, and members' weekly rank movement."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import html

from core import i18n
from dashboard.components.cards import kpi_card, kpi_row
from dashboard.components.charts import MUTED, PRIMARY, SERIES_COLORS, graph, plain, plain_all, styled
from dashboard.components.notices import missing_data, pending_snapshots
from dashboard.views.peringkat import member_movement_data
from dashboard.views.ranking import change_words, city_ranking
from dashboard.web import current_engine

T = i18n.PERINGKAT
dash.register_page(__name__, path="/peringkat", name=T["name"],
                   title=i18n.page_title(T["name"]), order=3)


def layout(**_query: str) -> html.Div:
    engine = current_engine()
    header = [html.H2(T["title"], className="h4 mb-1"), html.P(T["lead"], className="text-muted")]
    data = city_ranking(engine)
    if not data["evaluations"]:
        return html.Div([*header, missing_data(T["no_evaluations"], T["what_to_upload"], alert_id="peringkat-empty")])
    trend = data["trend"]
    return html.Div([
        *header,
        html.P(trend["sentence"], id="peringkat-story", className="lead fs-6") if trend else None,
        kpi_row(_headline_cards(data), md=4),
        dbc.Row([
            dbc.Col(_card(T["rank_chart"], graph("peringkat-rank", rank_figure(data["evaluations"]))), lg=6,
                    className="mb-3"),
            dbc.Col(_card(T["score_chart"], graph("peringkat-score", score_figure(data["evaluations"]))), lg=6,
                    className="mb-3"),
        ], className="g-3"),
        dbc.Row([
            dbc.Col(_card(T["dimension_chart"], graph("peringkat-dimensions", dimension_figure(data["evaluations"]))),
                    lg=6, className="mb-3"),
            dbc.Col(_card(T["table"], _table(data["evaluations"]), body_class="px-2 py-1"), lg=6, className="mb-3"),
        ], className="g-3"),
        _card(T["members_movement"], _members_movement(member_movement_data(engine)), className="mb-3"),
    ])


# --- Plain functions (tested without a browser) ----------------------------------------------------------


def rank_label(e: dict) -> str:
    if e["field_size"]:
        return T["rank_label"].format(rank=e["rank"], field=i18n.format_number(e["field_size"]))
    return str(e["rank"])


def rank_figure(evals: list[dict]) -> go.Figure:
    """Rank per evaluation, rank 1 at the top, drawn against the size of the field ranked."""
    ranked = [e for e in evals if e["rank"] is not None]
    labels = plain_all(e["label"] for e in ranked)  # evaluation stages are typed by users: text, never markup
    traces = []
    with_field = [e for e in ranked if e["field_size"]]
    if with_field:
        traces.append(go.Scatter(x=plain_all(e["label"] for e in with_field), y=[e["field_size"] for e in with_field],
                                 name=T["field_trace"], mode="lines+markers",
                                 line={"color": MUTED, "dash": "dash"}, marker={"color": MUTED},
                                 hovertemplate=T["field_hover"]))
    traces.append(go.Scatter(x=labels, y=[e["rank"] for e in ranked], name=T["rank_trace"], mode="lines+markers+text",
                             text=[rank_label(e) for e in ranked], textposition="top center",
                             line={"color": PRIMARY, "width": 3}, marker={"size": 10},
                             hovertemplate="%{x}: %{text}<extra></extra>"))
    bottom = max([e["field_size"] or 0 for e in ranked] + [e["rank"] for e in ranked])
    return styled(traces, height=360, margin={"l": 10, "r": 20, "t": 40, "b": 10},
                  # half a category of room each side: the first and last labels ("52 dari 100") are not cut
                  xaxis={"type": "category", "title": None, "range": [-0.5, len(labels) - 0.5]},
                  # a range given high-to-low reverses the axis: rank 1 sits at the top
                  yaxis={"range": [bottom * 1.08, 1 - bottom * 0.08], "title": T["rank_axis"], "zeroline": False,
                         "tickmode": "array", "tickvals": _rank_ticks(bottom)})


def _rank_ticks(bottom: int) -> list[int]:
    """1 (the best rank) and round steps down to the size of the field."""
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500) if bottom / s <= 6), 1000)
    return [1] + list(range(step, bottom + 1, step))


def score_figure(evals: list[dict]) -> go.Figure:
    scored = [e for e in evals if e["score"] is not None]
    bar = go.Bar(x=plain_all(e["label"] for e in scored), y=[e["score"] for e in scored], marker_color=PRIMARY,
                 text=[i18n.format_number(e["score"], 2) for e in scored], textposition="outside",
                 cliponaxis=False, hovertemplate="%{x}: %{y:.2f}<extra></extra>")
    return styled(bar, height=360, showlegend=False, margin={"l": 10, "r": 20, "t": 30, "b": 10},
                  xaxis={"type": "category", "title": None}, yaxis={"title": T["score_axis"], "rangemode": "tozero"})


def dimension_figure(evals: list[dict]) -> go.Figure:
    """One line per dimension across the evaluations (dimensions in their reference order)."""
    names: list[str] = []
    for e in evals:
        names += [n for n in e["dimensions"] if n not in names]
    lines = [
        go.Scatter(x=plain_all(e["label"] for e in evals), y=[e["dimensions"].get(name) for e in evals],
                   name=plain(name), meta=plain(name), mode="lines+markers",
                   line={"color": SERIES_COLORS[i % len(SERIES_COLORS)]},
                   hovertemplate="%{meta}<br>%{x}: %{y:.2f}<extra></extra>")
        for i, name in enumerate(names)
    ]
    return styled(lines, height=360, margin={"l": 10, "r": 20, "t": 60, "b": 10},
                  xaxis={"type": "category", "title": None}, yaxis={"title": T["score_axis"]})


def member_rank_figure(trend: list[dict]) -> go.Figure:
    """One line per member: year-to-date rank per snapshot week, rank 1 at the top; the legend in the order of
    the newest week."""
    weeks = sorted({r["week"] for r in trend})
    lines: dict[int, list[dict]] = {}
    for r in trend:
        lines.setdefault(r["member_id"], []).append(r)
    order = sorted(lines, key=lambda mid: (lines[mid][-1]["week"] != weeks[-1], lines[mid][-1]["ytd_rank"],
                                           lines[mid][-1]["name"]))
    traces = [
        go.Scatter(x=[i18n.format_week_short(r["week"]) for r in lines[mid]], y=[r["ytd_rank"] for r in lines[mid]],
                   name=f"{lines[mid][-1]['ytd_rank']}. {plain(lines[mid][-1]['name'])}", mode="lines+markers",
                   # more members than colours: the second round of colours is dotted
                   line={"color": SERIES_COLORS[i % len(SERIES_COLORS)], "width": 2,
                         "dash": "solid" if i < len(SERIES_COLORS) else "dot"},
                   customdata=[i18n.format_number(r["ytd_score"]) for r in lines[mid]],
                   meta=plain(lines[mid][-1]["name"]), hovertemplate=T["members_hover"])
        for i, mid in enumerate(order)
    ]
    bottom = max(r["ytd_rank"] for r in trend)
    return styled(traces, height=380, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                  legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top"},
                  xaxis={"type": "category", "categoryorder": "array",
                         "categoryarray": [i18n.format_week_short(w) for w in weeks], "title": None},
                  # high-to-low range: rank 1 at the top
                  yaxis={"range": [bottom + 0.5, 0.5], "title": T["members_axis"], "zeroline": False,
                         "tickmode": "array", "tickvals": _rank_ticks(bottom)})


# --- Pieces of the page ----------------------------------------------------------------------------------


def _members_movement(data: dict) -> object:
    if not data["trend"]:
        return pending_snapshots(T["members_movement_pending"], alert_id="peringkat-members")
    return dbc.Row([
        dbc.Col([html.Div(T["members_chart"].format(week=i18n.format_week_short(data["week"])), className="small text-muted mb-1"),
                 graph("peringkat-members", member_rank_figure(data["trend"]))], lg=8),
        dbc.Col([html.Div(T["movers"].format(before=i18n.format_week_short(data["previous_week"]),
                                                   now=i18n.format_week_short(data["week"])),
                          className="small text-muted mb-1") if data["previous_week"] else None,
                 _movers_table(data)], lg=4, id="peringkat-movers"),
    ], className="g-3")


def _movers_table(data: dict) -> html.P | dbc.Table:
    if not data["previous_week"]:
        return html.P(T["movers_single"].format(week=i18n.format_week_short(data["week"])), className="text-muted")
    if not data["movers"]:
        return html.P(T["movers_none"].format(before=i18n.format_week_short(data["previous_week"]),
                                                  now=i18n.format_week_short(data["week"])), className="text-muted")
    head = html.Thead(html.Tr([html.Th(T["col_member"]), html.Th(T["col_before"], className="text-end"),
                               html.Th(T["col_now"], className="text-end"),
                               html.Th(T["col_move"], className="text-end")]))
    rows = [html.Tr([
        html.Td([html.Div(m["name"], className="fw-semibold"),
                 html.Div(m["organization"], className="small text-muted")]),
        html.Td(m["previous_rank"], className="text-end"),
        html.Td(m["ytd_rank"], className="text-end"),
        html.Td(T["move_up" if m["change"] > 0 else "move_down"].format(n=abs(m["change"])),
                className="text-end text-nowrap fw-semibold " + ("text-success" if m["change"] > 0 else "text-danger")),
    ]) for m in data["movers"]]
    return dbc.Table([head, html.Tbody(rows)], size="sm", hover=True, responsive=True, className="mb-0")


def _headline_cards(data: dict) -> list:
    latest, previous, scored = data["latest"], data["previous"], data["latest_scored"]
    cards = [kpi_card(T["latest"], T["rank_value"].format(rank=latest["rank"],
                                                         field=i18n.format_number(latest["field_size"]))
                      if latest and latest["field_size"] else (str(latest["rank"]) if latest else "-"),
                      T["latest_note"].format(label=latest["label"]) if latest else None, tone="primary",
                      card_id="peringkat-latest")]
    if latest and previous:
        moved = previous["rank"] - latest["rank"]
        cards.append(kpi_card(T["change"], change_words(moved), T["change_note"].format(before=previous["label"],
                                                                         now=latest["label"]),
                              tone="success" if moved > 0 else "danger" if moved < 0 else None,
                              card_id="peringkat-change"))
    if scored:
        cards.append(kpi_card(T["score"], i18n.format_number(scored["score"], 2),
                              T["predicate"].format(predicate=scored["predicate"]) if scored["predicate"] else None,
                              card_id="peringkat-score-card"))
    return cards


def _card(title: str, body: object, body_class: str = "", className: str = "h-100") -> dbc.Card:
    return dbc.Card([dbc.CardHeader(title, className="fw-semibold"), dbc.CardBody(body, className=body_class)],
                    className=f"shadow-sm {className}")


def _table(evals: list[dict]) -> dbc.Table:
    names: list[str] = []
    for e in evals:
        names += [n for n in e["dimensions"] if n not in names]
    head = html.Thead(html.Tr([html.Th(T["col_evaluation"]), html.Th(T["col_rank"]),
                               html.Th(T["col_score"], className="text-end"),
                               *[html.Th(n.replace("Smart ", ""), className="text-end", title=n) for n in names],
                               html.Th(T["col_predicate"])]))
    rows = [html.Tr([
        html.Td(e["label"], className="fw-semibold"),
        html.Td(rank_label(e) if e["rank"] is not None else "-", className="text-nowrap"),
        html.Td(i18n.format_number(e["score"], 2), className="text-end"),
        *[html.Td(i18n.format_number(e["dimensions"].get(n), 2), className="text-end") for n in names],
        html.Td(e["predicate"] or "-"),
    ]) for e in reversed(evals)]
    return dbc.Table([head, html.Tbody(rows)], size="sm", hover=True, responsive=True, className="mb-0")
