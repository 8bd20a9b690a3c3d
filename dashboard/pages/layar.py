"""`/layar` the big screen: every chosen panel rendered once, rotated in the browser, its data refreshed in place.

Rotation is a clientside callback (assets/layar.js) that only swaps CSS classes; the refresh callback returns the
panels' text and figures, never a new page. A failed refresh leaves the old figures up; assets/layar.js reloads the
page after a long outage once the server answers again.
"""
from __future__ import annotations

import functools
import json

import dash
import plotly
from dash import ALL, ClientsideFunction, Input, Output, State, clientside_callback, ctx, dcc, html, \
    no_update

from core import i18n
from core import reference as ref
from dashboard import kiosk
from dashboard.access import current_kiosk_id
from dashboard.auth import KIOSK, callback
from dashboard.components.charts import STATUS_COLORS, plain_all, separators
from dashboard.views.layar import rendered, screen_config, updated, version_key
from dashboard.web import current_engine

T = i18n.LAYAR
dash.register_page(__name__, path="/layar", name=T["name"], title=i18n.page_title(T["name"]),
                   order=9, nav=False)

SLOT = "layar-slot"  # pattern-matching id type of every element whose children the refresh replaces
FIGURE = "layar-figure"
TEXT_COLOR = "#e9ecef"
GRID_COLOR = "rgba(255,255,255,0.12)"
LINE_COLOR = "#4dabf7"


def layout(rotate: str | None = None, refresh: str | None = None, panels: str | None = None,
           **_query: str) -> html.Div:
    config = screen_config(rotate, refresh, panels)
    engine = current_engine()
    data, slots, figures = _panels(engine)
    slots = for_this_screen(engine, slots, data)
    now = updated()
    builders = {"ringkasan": _ringkasan, "anggota": _anggota, "rekomendasi": _rekomendasi, "peringkat": _peringkat}
    return html.Div([
        dcc.Store(id="layar-config", data={"panels": list(config.panels),
                                           "labels": {name: T["panels"][name] for name in config.panels}}),
        dcc.Store(id="layar-version", data=data["version"]),
        dcc.Interval(id="layar-rotate", interval=config.rotate * 1000),
        dcc.Interval(id="layar-refresh", interval=config.refresh * 1000),
        html.Header([
            html.Div(T["brand"], className="layar-brand"),
            html.Div(now["updated_text"], id="layar-updated", **{"data-updated-at": now["updated_at"]}),
        ], className="layar-header"),
        html.Main([
            html.Section(builders[name](slots, figures), id={"type": "layar-panel", "panel": name},
                         className="layar-panel is-active" if i == 0 else "layar-panel", **{"data-panel": name})
            for i, name in enumerate(config.panels)
        ], className="layar-stage"),
        html.Footer([
            html.Div([html.Span(T["panels"][name], id={"type": "layar-dot", "panel": name},
                                className="layar-dot is-active" if i == 0 else "layar-dot")
                      for i, name in enumerate(config.panels)], className="layar-dots"),
            html.Div([html.Span(T["panels"][config.panels[0]], id="layar-active-panel"),
                      html.Span(f"1/{len(config.panels)}", id="layar-position")], className="layar-where"),
        ], className="layar-footer"),
    ], id="layar-root", className="layar",
        **{"data-rotate": str(config.rotate), "data-refresh": str(config.refresh),
           "data-panels": ",".join(config.panels)})


# --- Panels: built once; their slots' children and figures are what the refresh replaces -----------------


def _slot(slots: dict, key: str, class_name: str = "", tag=html.Div) -> html.Div:  # noqa: ANN001 - a component class
    return tag(slots[key], id={"type": SLOT, "key": key}, className=class_name)


def _graph(figures: dict, key: str) -> dcc.Graph:
    return dcc.Graph(id={"type": FIGURE, "key": key}, figure=figures[key], className="layar-graph",
                     style={"height": "100%", "width": "100%"},
                     config={"displayModeBar": False, "staticPlot": True, "responsive": True})


def _title(panel: str, slots: dict, with_period: bool) -> html.Div:
    period = _slot(slots, f"{panel}.period", "layar-period") if with_period else None
    return html.Div([html.H1(T["panels"][panel], className="layar-title"), period], className="layar-heading")


def _tile(label: str, slots: dict, value_key: str, note_key: str | None = None, tone: str = "",
          note: str | None = None) -> html.Div:
    return html.Div([
        html.Div(label, className="layar-label"),
        _slot(slots, value_key, "layar-kpi"),
        _slot(slots, note_key, "layar-note") if note_key else html.Div(note, className="layar-note"),
    ], className=f"layar-tile {tone}".strip())


def _ringkasan(slots: dict, figures: dict) -> list:
    return [
        _title("ringkasan", slots, with_period=True),
        html.Div([
            _tile(T["members"], slots, "ringkasan.members", "ringkasan.members_split"),
            _tile(T["internal_rate"], slots, "ringkasan.internal_rate", "ringkasan.rate_note"),
            _tile(T["external_rate"], slots, "ringkasan.external_rate", "ringkasan.rate_note_external"),
            _tile(T["latest_rank"], slots, "ringkasan.rank", "ringkasan.rank_note"),
            _tile(T["completion"], slots, "ringkasan.completion", "ringkasan.completion_note"),
            *[_tile(i18n.gettext(standing), slots, f"ringkasan.standing.{i}", None, f"layar-tone-{i}", T["standing_notes"][standing])
              for i, standing in enumerate(ref.STANDINGS)],
        ], className="layar-tiles"),
    ]


def _anggota(slots: dict, figures: dict) -> list:
    return [
        _title("anggota", slots, with_period=True),
        html.Div([
            html.Div([html.H2(T["top"], className="layar-subtitle"),
                      _slot(slots, "anggota.top", "layar-board")], className="layar-col-wide"),
            html.Div([
                _slot(slots, "anggota.appreciation_title", "layar-subtitle layar-tone-0-text", html.H2),
                _slot(slots, "anggota.appreciation", "layar-names"),
                _slot(slots, "anggota.correction_title", "layar-subtitle layar-tone-2-text", html.H2),
                _slot(slots, "anggota.correction", "layar-names"),
            ], className="layar-col"),
        ], className="layar-columns"),
    ]


def _rekomendasi(slots: dict, figures: dict) -> list:
    return [
        _title("rekomendasi", slots, with_period=False),
        html.Div([
            html.Div([
                _tile(T["completion"], slots, "rekomendasi.completion", "rekomendasi.completion_note"),
                _tile(T["overdue"], slots, "rekomendasi.overdue", "rekomendasi.overdue_note", "layar-tone-2"),
                _tile(T["readiness"], slots, "rekomendasi.readiness", "rekomendasi.readiness_note"),
            ], className="layar-stack"),
            html.Div([
                html.H2(T["status_counts"], className="layar-subtitle"),
                _slot(slots, "rekomendasi.status", "layar-statuses"),
                html.H2(T["per_evaluation"], className="layar-subtitle"),
                _slot(slots, "rekomendasi.by_evaluation", "layar-bars"),
            ], className="layar-col-wide"),
        ], className="layar-columns"),
    ]


def _peringkat(slots: dict, figures: dict) -> list:
    return [
        _title("peringkat", slots, with_period=False),
        _slot(slots, "peringkat.latest", "layar-headline"),
        html.H2(T["rank_chart"], className="layar-subtitle"),
        _graph(figures, "peringkat.rank"),
    ]


# --- Data -> slot children and figures (the same functions build the page and every refresh) -------------


def _panels(engine, wait: bool = True) -> tuple[dict, dict, dict] | None:  # noqa: ANN001
    """(data, slot children, figures) of what is stored now, as the JSON the browser receives: built once per data
    version, day and language in each process (views.layar.rendered), then shared by every screen's page load and
    refresh.

    Hundreds of screens refresh on the same version. Building the rank figure costs about 100 ms and serializing
    the components about 15 ms per answer; the plain JSON form (lists, dicts, strings: what the components
    serialize to, so the browser gets the very same thing) is serialized in well under a millisecond.
    With ``wait=False`` the answer is None while another thread of this process builds them.
    """

    def render(data: dict) -> tuple[dict, dict]:
        plain = json.loads(json.dumps({"slots": _slots(data), "figures": _figures(data)},
                                      cls=plotly.utils.PlotlyJSONEncoder))
        return plain["slots"], plain["figures"]

    built = rendered(engine, render, wait)
    if built is None:
        return None
    data, (slots, figures) = built
    return data, slots, figures


def for_this_screen(engine, slots: dict, data: dict) -> dict:  # noqa: ANN001
    """The slots as the screen asking may see them: a kiosk whose token says "counts" gets the correction list as a
    count, so the names never leave the server for it; everyone else (other kiosks, a logged-in user) the names."""
    token_id = current_kiosk_id()
    if token_id is None or kiosk.corrections_for(engine, token_id) == kiosk.CORRECTIONS_NAMES:
        return slots
    counted = html.Div([
        html.Div(i18n.format_number(data["anggota"]["correction"]["total"]), className="layar-count"),
        html.Div(T["correction_hidden"], className="layar-note"),
    ], className="layar-counts-only")
    return {**slots, "anggota.correction": json.loads(json.dumps(counted, cls=plotly.utils.PlotlyJSONEncoder))}


def _pct(fraction: float | None) -> str:
    return i18n.format_percent(fraction)


def _slots(d: dict) -> dict[str, object]:
    r, a, k = d["ringkasan"], d["anggota"], d["rekomendasi"]
    latest = r["latest"]
    slots: dict[str, object] = {
        "ringkasan.period": d["period"]["text"],
        "anggota.period": d["period"]["text"],
        "ringkasan.members": i18n.format_number(r["members"]),
        "ringkasan.members_split": T["members_split"].format(internal=i18n.format_number(r["internal_members"]),
                                                             external=i18n.format_number(r["external_members"])),
        "ringkasan.internal_rate": _pct(r["internal_rate"]),
        "ringkasan.rate_note": T["rate_note"],
        "ringkasan.external_rate": _pct(r["external_rate"]),
        "ringkasan.rate_note_external": T["rate_note"],
        "ringkasan.rank": [html.Span(str(latest["rank"])),
                           html.Span(" " + T["rank_of"].format(field=latest["field_size"] or "-"),
                                     className="layar-unit")]
        if latest and latest["rank"] is not None else "-",
        "ringkasan.rank_note": T["rank_note"].format(label=latest["label"]) if latest else T["no_rank"],
        "ringkasan.completion": _pct(r["completion"]) if r["has_recommendations"] else "-",
        "ringkasan.completion_note": T["completion_note"].format(done=i18n.format_number(r["done"]),
                                                                 counted=i18n.format_number(r["counted"])),
        "anggota.top": _board(a["top"]),
        "anggota.appreciation_title": T["appreciation"].format(n=i18n.format_number(a["appreciation"]["total"])),
        "anggota.appreciation": _names(a["appreciation"]),
        "anggota.correction_title": T["correction"].format(n=i18n.format_number(a["correction"]["total"])),
        "anggota.correction": _names(a["correction"]),
        "rekomendasi.completion": _pct(k["completion"]) if k["total"] else "-",
        "rekomendasi.completion_note": T["completion_note"].format(done=i18n.format_number(k["done"]),
                                                                   counted=i18n.format_number(k["counted"])),
        "rekomendasi.overdue": i18n.format_number(k["overdue"]),
        "rekomendasi.overdue_note": T["overdue_note"],
        "rekomendasi.readiness": _pct(k["ready"] / k["ready_counted"]) if k["ready_counted"] else "-",
        "rekomendasi.readiness_note": T["readiness_note"].format(
            ready=i18n.format_number(k["ready"]), counted=i18n.format_number(k["ready_counted"]),
            bare=i18n.format_number(k["sesuai_without_evidence"])),
        "rekomendasi.status": _statuses(k["status_counts"]) if k["total"] else T["no_recommendations"],
        "rekomendasi.by_evaluation": _evaluation_bars(k["by_evaluation"]) if k["total"] else None,
        "peringkat.latest": T["rank_value"].format(rank=latest["rank"], field=latest["field_size"] or "-")
        + " · " + T["rank_note"].format(label=latest["label"]) if latest else T["no_evaluations"],
    }
    for i, standing in enumerate(ref.STANDINGS):
        slots[f"ringkasan.standing.{i}"] = i18n.format_number(r["standings"][standing])
    return slots


def _board(top: list[dict]) -> object:
    if not top:
        return html.Div(T["no_members"], className="layar-empty")
    return html.Table([
        html.Thead(html.Tr([html.Th(T["col_rank"]), html.Th(T["col_name"]), html.Th(T["col_organization"]),
                            html.Th(T["col_score"], className="layar-num")])),
        html.Tbody([html.Tr([
            html.Td(str(m["rank"]), className="layar-num"),
            html.Td(m["name"], className="layar-name"),
            html.Td(m["organization"], className="layar-org"),
            html.Td(i18n.format_number(m["score"]), className="layar-num"),
        ], className=f"layar-standing-{ref.STANDINGS.index(m['standing'])}") for m in top]),
    ], className="layar-table")


def _names(group: dict) -> object:
    if not group["shown"]:
        return html.Div(T["nobody"], className="layar-empty")
    items = [html.Li([html.Span(m["name"], className="layar-name"),
                      html.Span(" · " + m["organization"], className="layar-org")]) for m in group["shown"]]
    if group["more"]:
        items.append(html.Li(T["more"].format(n=i18n.format_number(group["more"])), className="layar-more"))
    return html.Ul(items)


def _statuses(counts: dict[str, int]) -> object:
    return [html.Div([html.Div(i18n.format_number(n), className="layar-value"),
                      html.Div(i18n.gettext(status), className="layar-status-label")],
                     className="layar-status", style={"borderColor": STATUS_COLORS.get(status)})
            for status, n in counts.items()]


def _evaluation_bars(groups: list[dict]) -> object:
    rows = []
    for g in groups:
        width = f"{round((g['completion'] or 0) * 100, 1)}%"
        rows.append(html.Div([
            html.Div([html.Span(g["name"], className="layar-name"),
                      html.Span(_pct(g["completion"]), className="layar-pct")], className="layar-bar-head"),
            html.Div(html.Div(className="layar-fill", style={"width": width}), className="layar-bar"),
            html.Div(T["evaluation_row"].format(done=i18n.format_number(g["done"]),
                                                counted=i18n.format_number(g["counted"]),
                                                overdue=i18n.format_number(g["overdue"])), className="layar-note"),
        ], className="layar-bar-row"))
    return rows


def _figures(d: dict) -> dict[str, dict]:
    return {"peringkat.rank": _rank_figure(d["peringkat"]["evaluations"])}


@functools.cache
def _dark_template() -> dict:
    """plotly's "plotly_dark" template as the browser receives it, read once per process."""
    import plotly.io as pio

    return pio.templates["plotly_dark"].to_plotly_json()


def _rank_figure(evaluations: list[dict]) -> dict:
    """The city's rank per evaluation, as a plain figure dict (what go.Figure would serialize to, without the
    tenth of a second go.Figure spends validating and copying its template)."""
    ranked = [e for e in evaluations if e["rank"] is not None]
    xaxis = {"type": "category", "tickfont": {"size": 34}, "gridcolor": GRID_COLOR}
    yaxis = {"title": {"text": T["rank_axis"], "font": {"size": 32}}, "tickfont": {"size": 32},
             "gridcolor": GRID_COLOR, "zeroline": False}
    layout = {"separators": separators(), "template": _dark_template(), "paper_bgcolor": "rgba(0,0,0,0)",
              "plot_bgcolor": "rgba(0,0,0,0)", "font": {"size": 32, "color": TEXT_COLOR},
              "margin": {"l": 150, "r": 80, "t": 30, "b": 70}, "showlegend": False, "xaxis": xaxis, "yaxis": yaxis}
    if not ranked:
        layout["annotations"] = [{"text": T["no_evaluations"], "showarrow": False, "x": 0.5, "y": 0.5,
                                  "xref": "paper", "yref": "paper", "font": {"size": 36, "color": TEXT_COLOR}}]
        xaxis["visible"] = yaxis["visible"] = False
        return {"data": [], "layout": layout}
    worst = max(max(e["rank"] for e in ranked), max((e["field_size"] or 0) for e in ranked))
    step = 10 if worst <= 60 else 20 if worst <= 150 else 50
    # Reversed range: rank 1 at the top, the size of the field at the bottom.
    yaxis["range"] = [worst + max(2, worst * 0.06), -max(1, worst * 0.04)]
    yaxis["tickvals"] = [1, *range(step, worst + 1, step)]
    trace = {"type": "scatter", "x": plain_all(e["label"] for e in ranked), "y": [e["rank"] for e in ranked],
             "mode": "lines+markers+text", "line": {"color": LINE_COLOR, "width": 6},
             "marker": {"size": 26, "color": LINE_COLOR},
             "text": [T["rank_label"].format(rank=e["rank"], field=e["field_size"] or "-") for e in ranked],
             "textposition": "top center", "textfont": {"size": 36, "color": TEXT_COLOR}, "cliponaxis": False}
    return {"data": [trace], "layout": layout}


# --- Callbacks ------------------------------------------------------------------------------------------

clientside_callback(
    ClientsideFunction(namespace="layar", function_name="rotate"),
    Output({"type": "layar-panel", "panel": ALL}, "className"),
    Output({"type": "layar-dot", "panel": ALL}, "className"),
    Output("layar-active-panel", "children"),
    Output("layar-position", "children"),
    Input("layar-rotate", "n_intervals"),
    State("layar-config", "data"),
    prevent_initial_call=True,
)


@callback(
    Output({"type": SLOT, "key": ALL}, "children"),
    Output({"type": FIGURE, "key": ALL}, "figure"),
    Output("layar-updated", "children"),
    Output("layar-updated", "data-updated-at"),
    Output("layar-version", "data"),
    Input("layar-refresh", "n_intervals"),
    State("layar-version", "data"),
    prevent_initial_call=True,
    level=KIOSK,
)
def on_refresh(_n: int | None, version: list | None) -> tuple:
    engine = current_engine()
    current = version_key(engine)  # one primary-key read while nothing changed
    now = updated()
    slot_outputs, figure_outputs = ctx.outputs_list[0], ctx.outputs_list[1]
    built = None if current == version else _panels(engine, wait=False)
    if built is None:
        # Nothing stored changed, or another thread of this worker is building the new panels (then this screen
        # keeps its own one tick longer instead of waiting): only say the screen is current.
        return ([no_update] * len(slot_outputs), [no_update] * len(figure_outputs), now["updated_text"],
                now["updated_at"], version)
    data, slots, figures = built
    slots = for_this_screen(engine, slots, data)
    return ([slots[o["id"]["key"]] for o in slot_outputs], [figures[o["id"]["key"]] for o in figure_outputs],
            now["updated_text"], now["updated_at"], data["version"])
