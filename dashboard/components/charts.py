"""Chart helpers: plotly figures in the house look, with Indonesian numbers (`1.234,5`: plotly `separators=",."`)."""
from __future__ import annotations

import html
from collections.abc import Sequence

import plotly.graph_objects as go
from dash import dcc

from core import i18n
from core import reference as ref

SEPARATORS = ",."  # decimal comma, thousands dot
ENGLISH_SEPARATORS = ".,"  # an English page: 1,234.5


def separators() -> str:
    """Plotly's separators for the request's language (core.language)."""
    from core import language

    return ENGLISH_SEPARATORS if language.current() == "en" else SEPARATORS
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
PRIMARY = "#0d6efd"
MUTED = "#adb5bd"

# Bootstrap's colours, so a status looks the same in a chart and on a card.
STATUS_COLORS = {
    ref.SESUAI: "#198754",
    ref.BELUM_SESUAI: "#ffc107",
    ref.BELUM_TL: "#dc3545",
    ref.TDTL: "#6c757d",
}
STATUS_TONES = {ref.SESUAI: "success", ref.BELUM_SESUAI: "warning", ref.BELUM_TL: "danger", ref.TDTL: "secondary"}
STANDING_COLORS = {
    ref.CONTRIBUTING: "#198754",
    ref.ATTENDS_ONLY: "#ffc107",
    ref.NOT_CONTRIBUTING: "#dc3545",
    ref.NOT_YET_INVITED: "#6c757d",
}
STANDING_TONES = {ref.CONTRIBUTING: "success", ref.ATTENDS_ONLY: "warning", ref.NOT_CONTRIBUTING: "danger",
                  ref.NOT_YET_INVITED: "secondary"}
SERIES_COLORS = ("#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#d63384", "#6c757d")

# plotly_white's look, written out and given to go.Figure at construction: a figure made first and styled after
# copies plotly's default template and re-validates its layout path by path (30-45 ms a figure, a tenth of a
# cold /anggota); built in one go it takes about 2 ms.
_AXIS = {"gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "zerolinecolor": "#EBF0F8", "zerolinewidth": 2, "ticks": "",
         "automargin": True, "title": {"standoff": 15}}
HOUSE_LAYOUT = {
    "template": "none", "separators": SEPARATORS, "paper_bgcolor": "white", "plot_bgcolor": "white",
    "hovermode": "closest", "colorway": list(SERIES_COLORS), "xaxis": _AXIS, "yaxis": _AXIS,
    "font": {"family": FONT, "size": 13, "color": "#2a3f5f"},
    "margin": {"l": 10, "r": 20, "t": 10, "b": 10},
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    "hoverlabel": {"font": {"family": FONT}, "align": "left"},
}


def plain(text: object) -> str:
    """User text (an organization, a PIC, a dimension, an evaluation stage, a member's name) as Plotly text.

    Plotly draws a subset of HTML in tick labels, bar texts, legends and hover labels (`<a href>` becomes a link,
    `<b>` bold) and decodes only a few entities (`&amp;`, `&lt;`, `&gt;`, numeric ones; not `&quot;`), so `&`, `<`
    and `>` are escaped and quotes are left as they are: the text shows exactly as typed, never as markup. Plotly
    also fills `%{...}` placeholders in trace names, titles and hover templates, so `{` goes in as `&#123;` (drawn
    as `{`). Names never go inside a hovertemplate: they go in as data (``%{meta}``, ``%{y}``).
    """
    return html.escape(str(text), quote=False).replace("{", "&#123;")


def plain_all(texts: Sequence[object]) -> list[str]:
    return [plain(t) for t in texts]


def merged(base: dict, changes: dict) -> dict:
    """``base`` updated by ``changes``, nested dicts merged key by key (plotly's update_layout semantics)."""
    out = dict(base)
    for key, value in changes.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def styled(traces: object, height: int = 360, **layout: object) -> go.Figure:
    """A figure of ``traces`` (one trace or a list) in the house look; ``layout`` adds to or overrides it."""
    data = list(traces) if isinstance(traces, (list, tuple)) else [traces]
    return go.Figure(data=data, layout=merged(HOUSE_LAYOUT, {"height": height, "separators": separators(), **layout}))


def hbar(names: Sequence[str], values: Sequence[float], text: Sequence[str], hover: Sequence[str] | None = None,
         color: str | Sequence[str] = PRIMARY, x_title: str | None = None) -> go.Figure:
    """Horizontal bars, first item at the top; long category names get the room they need. ``names`` and
    ``hover`` are shown as text, never as markup (they come from users)."""
    bar = go.Bar(
        x=list(values), y=plain_all(names), orientation="h", marker_color=color, text=plain_all(text),
        textposition="outside", cliponaxis=False,
        hovertext=plain_all(hover) if hover is not None else None,
        hovertemplate="<b>%{y}</b><br>%{hovertext}<extra></extra>" if hover is not None else None,
    )
    height = max(220, 34 * len(names) + 60)
    return styled(bar, height=height, showlegend=False,
                  yaxis={"autorange": "reversed", "automargin": True, "title": None},
                  xaxis={"title": x_title, "rangemode": "tozero"})


def stacked_hbar(names: Sequence[str], series: dict[str, Sequence[float]], colors: dict[str, str]) -> go.Figure:
    """One horizontal bar per name, stacked by series (e.g. counts per follow-up status); names and series labels
    are shown as text, never as markup."""
    bars = [
        go.Bar(name=plain(i18n.gettext(label)), x=list(values), y=plain_all(names), orientation="h",
               marker_color=colors.get(label), meta=plain(i18n.gettext(label)),
               hovertemplate="<b>%{y}</b><br>%{meta}: %{x}<extra></extra>")
        for label, values in series.items()
    ]
    height = max(240, 32 * len(names) + 90)
    return styled(bars, height=height, barmode="stack", legend_traceorder="normal",
                  yaxis={"autorange": "reversed", "automargin": True, "title": None},
                  xaxis={"dtick": 1, "title": None})


def graph(graph_id: str, figure: go.Figure) -> dcc.Graph:
    """A responsive graph; its box takes the figure's height, or `responsive` would squash it to the parent's."""
    height = figure.layout.height or 360
    return dcc.Graph(id=graph_id, figure=figure, config={"displayModeBar": False, "responsive": True},
                     style={"height": f"{height}px"})


def empty_figure(message: str, height: int = 220) -> go.Figure:
    """A blank chart that says why it is blank (nothing matches the filters)."""
    note = {"text": message, "showarrow": False, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper",
            "font": {"color": "#6c757d"}}
    return styled([], height=height, annotations=[note], xaxis={"visible": False}, yaxis={"visible": False})
