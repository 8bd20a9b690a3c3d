"""`/bench-floor`: a bare page for bench/browser.py, registered only when POKJA_BENCH_FLOOR=1.

The same app, shell and bundles as every other page, no callback of its own: the time it takes to settle is the
floor the real pages are measured against (the browser's cost of Dash itself, not of the pages' work).
"""
from __future__ import annotations

import os

import dash
from dash import html

if os.environ.get("POKJA_BENCH_FLOOR") == "1":
    dash.register_page(__name__, path="/bench-floor", name="Bench floor", nav=False, order=99)


def layout(**_query: str) -> html.Div:
    return html.Div(html.P("-", id="bench-floor"))
