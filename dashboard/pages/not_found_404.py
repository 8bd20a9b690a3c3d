"""The page Dash's router shows for an address no page has (Dash looks for a page module named not_found_404)."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from core import i18n

T = i18n.SHELL

dash.register_page(__name__, path="/404", name=T["not_found_name"], nav=False,
                   title=i18n.page_title(T["not_found_name"]))


def layout(**_query) -> html.Div:
    from dashboard.access import site_paths

    return html.Div([
        html.H2(T["not_found_name"], id="not-found-title"),
        html.P(T["not_found"], className="lead"),
        dcc.Link(dbc.Button(T["back_home"], color="primary"), href=site_paths().url("/")),
    ], id="not-found", className="py-4")
