"""Checking callback inputs that only a hand-made request could get wrong (the browser never sends them).

A callback that finds one raises BadInput; the Flask error handler in dashboard/web.py answers 400 with a short
message and logs one line without a traceback (the caller's mistake, not the app's).
"""
from __future__ import annotations

import datetime as dt

# What a date picker of ours may send: nothing the dashboard shows lies outside, and dates near year 1 or 9999
# overflow when turned into WITA bounds or stepped by a day.
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
MAX_ROW = 10_000_000  # far beyond any grid of ours; keeps OFFSET within every database's integer


class BadInput(ValueError):
    """A callback input the page never sends: answered 400."""


def checked_date(value: object, name: str = "date") -> dt.date | None:
    """A picker's date (``2026-05-13`` or ``2026-05-13T00:00:00``), None when empty; BadInput otherwise."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise BadInput(f"{name}: not a date")
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        raise BadInput(f"{name}: not a date") from None
    if not DATE_MIN <= day <= DATE_MAX:
        raise BadInput(f"{name}: outside {DATE_MIN}..{DATE_MAX}")
    return day


def checked_dates(*values: object) -> None:
    for value in values:
        checked_date(value)


def whole_number(value: object, low: int, high: int, name: str = "number", default: int | None = None) -> int:
    """An integer within [low, high] (None: ``default`` when one is given); BadInput otherwise."""
    if value is None and default is not None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BadInput(f"{name}: not a whole number in {low}..{high}")
    return value


def grid_request(request: object, sortable: frozenset | set | dict) -> tuple[int, int | None, list[tuple[str, bool]]]:
    """An AG Grid infinite-model getRowsRequest: (startRow, endRow or None, [(column, descending)]), each checked;
    sort columns not in ``sortable`` are left out."""
    if not isinstance(request, dict):
        raise BadInput("getRowsRequest: not an object")
    start = whole_number(request.get("startRow"), 0, MAX_ROW, "startRow", default=0)
    end = None if request.get("endRow") is None else whole_number(request["endRow"], 0, MAX_ROW, "endRow")
    model = request.get("sortModel")
    if model is None:
        model = []
    if not isinstance(model, list):
        raise BadInput("sortModel: not a list")
    sort = []
    for item in model:
        if not isinstance(item, dict) or not isinstance(item.get("colId"), str) \
                or item.get("sort") not in ("asc", "desc", None):
            raise BadInput("sortModel: not a list of {colId, sort}")
        if item["colId"] in sortable:
            sort.append((item["colId"], item.get("sort") == "desc"))
    return start, end, sort
