"""KPI cards: one figure, its label and a note; a card with an href opens the page behind the figure."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html


def kpi_card(label: str, value: str, note: str | None = None, href: str | None = None,
             tone: str | None = None, card_id: str | None = None) -> dbc.Card | dcc.Link:
    """`tone` is a Bootstrap colour name (success, warning, danger...) drawn as the card's left border."""
    body = dbc.CardBody([
        html.Div(label, className="kpi-label text-muted small text-uppercase"),
        html.Div(value, className="kpi-value"),
        html.Div(note, className="kpi-note small text-muted") if note else None,
    ])
    classes = "kpi-card h-100 shadow-sm" + (f" kpi-tone-{tone}" if tone else "")
    card = dbc.Card(body, className=classes, **({"id": card_id} if card_id else {}))
    if href is None:
        return card
    return dcc.Link(card, href=href, className="kpi-link text-reset text-decoration-none d-block h-100")


def kpi_row(cards: list, md: int = 3) -> dbc.Row:
    return dbc.Row([dbc.Col(c, xs=12, sm=6, md=md, className="mb-3") for c in cards], className="g-3")
