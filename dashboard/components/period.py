"""The period selector the pages share: buttons for this week, month, quarter or year (WITA), and a date picker
for a custom range (what a period covers: dashboard/views/period.py)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from core import i18n
from dashboard.views.period import (
    CUSTOM,
    PERIODS,
    normalize_period,
    period_label,
    resolve_period,
)


def period_selector(prefix: str, period: str, start: object = None, end: object = None) -> dbc.Row:
    """Buttons for the periods and, for a custom range, a date picker; ids are `{prefix}-period`,
    `{prefix}-range`, `{prefix}-range-wrap` (hidden unless custom) and `{prefix}-period-label`."""
    period = normalize_period(period)
    first, last = resolve_period(period, start, end)
    return dbc.Row([
        dbc.Col(dbc.RadioItems(
            id=f"{prefix}-period",
            options=[{"label": i18n.PERIOD_LABELS[p], "value": p} for p in PERIODS],
            value=period,
            className="btn-group period-buttons",
            inputClassName="btn-check",
            labelClassName="btn btn-outline-primary btn-sm",
            labelCheckedClassName="active",
        ), width="auto"),
        dbc.Col(html.Div(dcc.DatePickerRange(
            id=f"{prefix}-range",
            start_date=first.isoformat() if first else None,
            end_date=last.isoformat() if last else None,
            # month names in the page's language: the date-fns locale the index loads (dashboard/web.py)
            display_format="D MMM YYYY",
            month_format="MMMM YYYY",
            first_day_of_week=1,  # ISO weeks start on Monday
            start_date_placeholder_text=i18n.PERIOD["start"],
            end_date_placeholder_text=i18n.PERIOD["end"],
            updatemode="bothdates",
        ), id=f"{prefix}-range-wrap", hidden=period != CUSTOM), width="auto"),
        dbc.Col(html.Span(period_label(first, last), id=f"{prefix}-period-label", className="text-muted small"),
                width="auto"),
    ], className="g-2 align-items-center mb-3")
