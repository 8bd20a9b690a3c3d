"""Periods as the pages read them: this ISO week, month, quarter or year in WITA up to today, or a custom range;
their labels and how they travel in a page's address."""
from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlencode

from core import i18n
from dashboard.queries import PERIODS, period_bounds, today_wita

CUSTOM = "kustom"
# A year of records is what a leader reviews first; the selector narrows it.
DEFAULT_PERIOD = "tahun"


def parse_date(value: object) -> dt.date | None:
    """A date from the picker (`2026-05-13` or `2026-05-13T00:00:00`) or a query string; None when absent."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def normalize_period(period: object) -> str:
    return period if period in PERIODS else DEFAULT_PERIOD


def resolve_period(period: object, start: object = None, end: object = None,
                   today: dt.date | None = None) -> tuple[dt.date | None, dt.date | None]:
    """The dates a period covers; a custom range given backwards is read forwards."""
    first, last = period_bounds(normalize_period(period), today or today_wita(), parse_date(start), parse_date(end))
    if first and last and first > last:
        first, last = last, first
    return first, last


def period_label(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return i18n.PERIOD["range"].format(start=i18n.format_date(start), end=i18n.format_date(end))
    if start:
        return i18n.PERIOD["since"].format(start=i18n.format_date(start))
    if end:
        return i18n.PERIOD["until"].format(end=i18n.format_date(end))
    return i18n.PERIOD["all_time"]


def period_query(period: object, start: object = None, end: object = None) -> dict[str, str]:
    """Query-string arguments that carry a period to another page, so its figures match."""
    period = normalize_period(period)
    args = {"period": period}
    if period == CUSTOM:
        for key, value in (("start", parse_date(start)), ("end", parse_date(end))):
            if value:
                args[key] = value.isoformat()
    return args


def href(path: str, **args: object) -> str:
    """`path?key=value...`, leaving out empty values."""
    query = urlencode({k: v for k, v in args.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


def period_search(period: object, start: object = None, end: object = None) -> str:
    """The query string that keeps a page's period in its address (`?period=bulan`, with `start` and `end` for a
    custom range)."""
    return "?" + urlencode(period_query(period, start, end))


def period_from_search(search: str | None) -> tuple[str, str | None, str | None]:
    """(period, start, end) a query string asks for; an unknown period reads as the default."""
    query = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}
    period = normalize_period(query.get("period"))
    if period != CUSTOM:
        return period, None, None
    first, last = parse_date(query.get("start")), parse_date(query.get("end"))
    return period, first.isoformat() if first else None, last.isoformat() if last else None
