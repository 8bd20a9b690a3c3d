"""Errors grouped for reading (issue 16, item 10): one structural mistake must not bury the clerk in 855 lines.

Errors are grouped by (sheet, column, message), the message with its own value left out (``'kemarin' bukan
tanggal`` and ``'besok' bukan tanggal`` are one group), each with a count, its first rows and first values. A
sheet where most rows fail is a *suspect*: its reading (header row, column meanings) is likely wrong, said once.
The error list itself keeps one entry per error (the download is made from it).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from core.i18n import LOADER as T
from loaders.parse import Issue

FIRST_ROWS = 10  # rows listed per group
FIRST_VALUES = 3  # distinct values listed per group
SUSPECT_SHARE = 0.5  # a sheet is suspect when more than this share of its rows fail ...
SUSPECT_MIN_ROWS = 5  # ... and at least this many
VALUE_MARK = "…"


def generic_message(issue: Issue) -> str:
    """The message with the issue's own value replaced by ``…`` (quoted or not), so rows that fail the same
    way group together."""
    message = issue.message
    value = issue.value
    if value is None or value == "":
        return message
    value = str(value)
    for quoted in (f"'{value}'", f'"{value}"'):
        if quoted in message:
            return message.replace(quoted, f"'{VALUE_MARK}'")
    return message


def group_errors(errors: Iterable[Issue]) -> list[dict]:
    """``[{"sheet", "column", "message", "count", "rows", "values"}]``, biggest group first (ties: first seen).
    ``rows`` are the first ``FIRST_ROWS`` Excel rows, ``values`` the first ``FIRST_VALUES`` distinct values."""
    groups: dict[tuple, dict] = {}
    for e in errors:
        message = generic_message(e)
        key = (e.sheet, e.column, message)
        g = groups.get(key)
        if g is None:
            g = groups[key] = {"sheet": e.sheet, "column": e.column, "message": message, "count": 0, "rows": [],
                               "values": []}
            if message == e.message:  # no value to leave out: the message as written
                g["values"] = None
        g["count"] += 1
        if e.row is not None and len(g["rows"]) < FIRST_ROWS and e.row not in g["rows"]:
            g["rows"].append(e.row)
        if g["values"] is not None and e.value not in (None, "") and len(g["values"]) < FIRST_VALUES \
                and e.value not in g["values"]:
            g["values"].append(e.value)
    out = list(groups.values())
    for g in out:
        if g["values"] is None:
            g["values"] = []
    order = {id(g): i for i, g in enumerate(out)}
    return sorted(out, key=lambda g: (-g["count"], order[id(g)]))


def suspect_sheets(errors: list[Issue], rows_read: Mapping[str, Iterable[int]],
                   groups: list[dict] | None = None) -> list[dict]:
    """Sheets where most rows fail: ``[{"sheet", "failed", "rows", "message"}]``. ``rows_read``: per sheet, the
    Excel rows the loader took as records (valid after reading); a row that failed while being read is counted
    from the errors."""
    failed: dict[str, set[int]] = {}
    for e in errors:
        if e.sheet is not None and e.row is not None:
            failed.setdefault(e.sheet, set()).add(e.row)
    groups = group_errors(errors) if groups is None else groups
    out = []
    for sheet, bad in failed.items():
        total = len(bad | set(rows_read.get(sheet, ())))
        if len(bad) < SUSPECT_MIN_ROWS or len(bad) <= SUSPECT_SHARE * total:
            continue
        top = next((g for g in groups if g["sheet"] == sheet), None)
        where = T["suspect_column"].format(column=top["column"]) if top and top["column"] else ""
        worst = T["suspect_worst"].format(count=top["count"], where=where, message=top["message"]) if top else ""
        out.append({"sheet": sheet, "failed": len(bad), "rows": total,
                    "message": T["suspect_sheet"].format(sheet=sheet, failed=len(bad), total=total, worst=worst)})
    return out
