"""`/bench-floor-bundles`: the second floor for bench/browser.py, registered only when POKJA_BENCH_FLOOR=1.

Like `/bench-floor` (no callback of its own) but it loads what the data pages load: one AG Grid with a few rows
and one dcc.Graph, so the time it takes to settle is the browser's cost of the grid and chart bundles too.
"""
from __future__ import annotations

import os

import dash
import dash_ag_grid as dag
from dash import dcc, html

if os.environ.get("POKJA_BENCH_FLOOR") == "1":
    dash.register_page(__name__, path="/bench-floor-bundles", name="Bench floor (bundles)", nav=False, order=99)

ROWS = [{"rank": i, "name": f"Anggota {i}", "score": 10 * i} for i in range(1, 6)]


def layout(**_query: str) -> html.Div:
    return html.Div([
        dag.AgGrid(id="bench-floor-grid", rowData=ROWS, columnDefs=[{"field": k} for k in ROWS[0]],
                   style={"height": "260px"}),
        dcc.Graph(id="bench-floor-graph", figure={"data": [{"type": "bar", "x": [1, 2, 3], "y": [3, 1, 2]}],
                                                  "layout": {"height": 260}}, config={"displayModeBar": False}),
    ])
