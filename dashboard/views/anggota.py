"""`/anggota`'s view models: the leaderboard for a period and the filters' values, its blocks for the grid, who to
thank and who to coach, the breakdowns per organization and per sector, one member's detail, and the page's
address. Plain data (rows, counts, sentences) read through the cached read models (dashboard.queries.cached);
pages/anggota.py lays it out.
"""
from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs, urlencode

from sqlalchemy.engine import Engine

from core import i18n
from core import reference as ref
from dashboard.cache import cached_view
from dashboard.inputs import grid_request
from dashboard.queries import (BOARD_SORTS, MemberFilter, breakdown_from_groups, cached, participation_from_groups,
                               today_wita)
from dashboard.views.period import normalize_period, parse_date, period_label, resolve_period

__all__ = [
    "ALL_VALUES", "FILTERS", "GRID_BLOCK", "LIST_LIMIT", "RANK_TREND_WEEKS", "TOP_ORGANIZATIONS", "MemberFilter",
    "as_id", "board_counts", "breakdowns", "choice_from", "filter_choices", "grid_block", "leaderboard_rows",
    "leaderboard_view", "member_detail_data", "member_filter", "person_lists", "record_counts", "search_for",
    "snapshot_weeks", "state_from_search", "view_state", "week_earlier",
]

T = i18n.ANGGOTA

LIST_LIMIT = 10  # names in each of the appreciation and correction lists
GRID_BLOCK = 100  # rows per request of the grid's infinite row model
TOP_ORGANIZATIONS = 15
RANK_TREND_WEEKS = 26  # the member detail's weekly rank line: about half a year of snapshots
FILTERS = ("sector", "internal", "working_group", "dimension", "organization", "standing")
INTERNAL = {"true": True, "false": False}
ALL_VALUES = "semua"  # a <select> option cannot carry None, and "" reads as "no choice" to dbc.Select


# --- What is stored -----------------------------------------------------------------------------------------


def record_counts(engine: Engine) -> dict[str, int]:
    """Rows stored per kind of record (the page says what to upload when there are no members or activities)."""
    return cached.record_counts(engine)


def snapshot_weeks(engine: Engine) -> list[str]:
    """Every frozen ISO week, oldest first (the change column's help names the two newest)."""
    return cached.snapshot_weeks(engine)


# --- The filters --------------------------------------------------------------------------------------------


def as_id(value: object) -> int | None:
    """An id from a select, the URL or a click; None when it is none (no row has an id beyond 32 bits)."""
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    return number if -2**31 <= number < 2**31 else None


def filter_choices(engine: Engine) -> dict[str, list[tuple[str, str]]]:
    """(value, label) choices for each filter select; values are strings, as a <select> sends them."""
    o = cached.filter_options(engine)
    return {
        "sector": [(str(v), label) for v, label in o["sectors"]],
        "internal": [("true", T["internal"]), ("false", T["external"])],
        "working_group": [(str(v), label) for v, label in o["working_groups"]],
        "dimension": [(str(v), label) for v, label in o["dimensions"]],
        "organization": [(str(v), label) for v, label in o["organizations"]],
        "standing": [(s, i18n.gettext(s)) for s in ref.STANDINGS],
    }


def _pick(value: object, choices: list[tuple[str, str]]) -> str:
    """A filter value from the URL, kept only when it is one of the choices."""
    return str(value) if value is not None and str(value) in {v for v, _ in choices} else ALL_VALUES


def choice_from(query: dict, options: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """Every filter's value as an address asks for it: unknown values fall back to all."""
    return {name: _pick(query.get(name), options[name]) for name in FILTERS}


def member_filter(choice: dict[str, str | None]) -> MemberFilter:
    """The read model's filter from the selects' values ("semua", "" or None means all)."""
    def value(name: str) -> str | None:
        v = choice.get(name)
        return None if v in (None, "", ALL_VALUES) else str(v)

    return MemberFilter(
        sector=value("sector"),
        internal=INTERNAL.get(value("internal") or ""),
        working_group_id=as_id(value("working_group")),
        dimension_id=as_id(value("dimension")),
        organization_id=as_id(value("organization")),
    )


def _standings(choice: dict) -> tuple[str, ...] | None:
    standing = choice.get("standing")
    return (standing,) if standing in ref.STANDINGS else None


# --- The board ----------------------------------------------------------------------------------------------


def week_earlier(first: dt.date | None, last: dt.date | None) -> tuple[dt.date | None, dt.date]:
    """The period shifted back seven days: the leaderboard's movement compares with the ranks there (weekly
    snapshots freeze the same figure later)."""
    week = dt.timedelta(days=7)
    return (first - week if first else None), (last or today_wita()) - week


def leaderboard_rows(engine: Engine, period: str | None, start: object, end: object, choice: dict,
                     sort: tuple = (), offset: int = 0, limit: int | None = GRID_BLOCK,
                     movement: bool = True) -> list[dict]:
    """Rows of the board for a period and the filters' values (ranks within the filters; the standing filter
    narrows the rows without re-ranking them), each with ``previous_rank`` and ``change`` (against a week
    earlier) when ``movement``."""
    first, last = resolve_period(period, start, end)
    return cached.leaderboard_page(engine, first, last, member_filter(choice),
                                   previous=week_earlier(first, last) if movement else None,
                                   standings=_standings(choice), sort=sort, offset=offset, limit=limit)


def board_counts(engine: Engine, first: dt.date | None, last: dt.date | None, filters: MemberFilter) -> dict:
    """Members on the board and per standing, rolled up from the board's groups (one GROUP BY for the page)."""
    return participation_from_groups(cached.board_groups(engine, first, last, filters))


def _shown(counts: dict, standings: tuple[str, ...] | None) -> int:
    return counts["members"] if standings is None else sum(counts["standings"][s] for s in standings)


def grid_block(engine: Engine, period: str | None, start: object, end: object, choice: dict,
               request: dict) -> dict:
    """The rows the grid asks for in a getRowsRequest, [startRow, endRow) in its sort order (cut and sorted in the
    database), and how many rows the whole board has: ``{"rows": [...], "row_count": n}``. BadInput (400) for a
    request no grid sends."""
    offset, end_row, sorted_by = grid_request(request, BOARD_SORTS)
    limit = min(max(1, (end_row or offset + GRID_BLOCK) - offset), 10 * GRID_BLOCK)
    return _block(engine, period, start, end, choice, [list(s) for s in sorted_by], offset, limit)


@cached_view
def _block(engine: Engine, period: str | None, start: object, end: object, choice: dict, sort: list,
           offset: int, limit: int) -> dict:
    """A block cached whole, keyed by what it depends on: a warm block skips resolving the period, the board's
    read and rolling up the count again."""
    rows = leaderboard_rows(engine, period, start, end, choice, tuple(map(tuple, sort)), offset, limit)
    first, last = resolve_period(period, start, end)
    return {"rows": rows, "row_count": _shown(board_counts(engine, first, last, member_filter(choice)),
                                              _standings(choice))}


def person_lists(engine: Engine, period: str | None, start: object, end: object, choice: dict,
                 counts: dict | None = None) -> tuple[list[dict], int, list[dict], int]:
    """(appreciation, its total, correction, its total), the first LIST_LIMIT of each. Appreciation: Berkontribusi,
    best first. Correction: Belum Berkontribusi (by rank), then Hadir Saja (lowest score first). Within the
    standing filter when one is chosen. ``counts``: members per standing on the board, when the caller has them."""
    if counts is None:
        first, last = resolve_period(period, start, end)
        counts = board_counts(engine, first, last, member_filter(choice))["standings"]
    allowed = _standings(choice) or ref.STANDINGS

    def rows(standing: str, sort: tuple, limit: int) -> list[dict]:
        if standing not in allowed or limit <= 0:
            return []
        return leaderboard_rows(engine, period, start, end, {**choice, "standing": standing}, sort, 0, limit,
                                movement=False)

    appreciation = rows(ref.CONTRIBUTING, (), LIST_LIMIT)
    correction = rows(ref.NOT_CONTRIBUTING, (), LIST_LIMIT)
    correction += rows(ref.ATTENDS_ONLY, (("score", False), ("name", False)), LIST_LIMIT - len(correction))
    return (appreciation, counts[ref.CONTRIBUTING] if ref.CONTRIBUTING in allowed else 0, correction,
            sum(counts[s] for s in (ref.NOT_CONTRIBUTING, ref.ATTENDS_ONLY) if s in allowed))


def breakdowns(engine: Engine, first: dt.date | None, last: dt.date | None,
               filters: MemberFilter) -> tuple[list[dict], list[dict]]:
    """Average score per organization (the TOP_ORGANIZATIONS best) and per sector: rows (name, avg_score, members,
    contributing, attendance_rate), from the board's groups."""
    groups = cached.board_groups(engine, first, last, filters)
    organizations, sectors = breakdown_from_groups(groups, "organization"), breakdown_from_groups(groups, "sector")
    return organizations[:TOP_ORGANIZATIONS], sectors


@cached_view
def leaderboard_view(engine: Engine, period: str | None, start: object, end: object, choice: dict) -> dict:
    """Everything the page shows around the grid for a period and the filters' values; the grid asks for its
    rows block by block (grid_block). ``grid_key`` changes with the period and the filters.

    ``appreciation`` and ``correction``: {"rows", "total"} (person_lists); ``by_organization`` and ``by_sector``:
    breakdowns' rows; ``count``: the members shown, in words; ``period_label``: the dates covered, in words."""
    filters = member_filter(choice)
    first, last = resolve_period(period, start, end)
    counts = board_counts(engine, first, last, filters)
    appreciation, n_appreciation, correction, n_correction = person_lists(engine, period, start, end, choice,
                                                                          counts["standings"])
    by_organization, by_sector = breakdowns(engine, first, last, filters)
    shown = _shown(counts, _standings(choice))
    return {
        "grid_key": json.dumps([str(first), str(last), choice], sort_keys=True, default=str),
        "shown": shown,
        "count": T["members_shown"].format(n=i18n.format_number(shown)),
        "appreciation": {"rows": appreciation, "total": n_appreciation},
        "correction": {"rows": correction, "total": n_correction},
        "by_organization": by_organization,
        "by_sector": by_sector,
        "period_label": period_label(first, last),
    }


# --- One member ---------------------------------------------------------------------------------------------


def member_detail_data(engine: Engine, member_id: int | None, first: dt.date | None,
                       last: dt.date | None) -> dict:
    """Every attendance and contribution behind a member's score over the period, with the point totals and the
    member's weekly rank in the snapshots; {} for no such member."""
    if member_id is None:
        return {}
    detail = cached.member_detail(engine, member_id, first, last)
    if not detail:
        return {}
    attendance_points = sum(float(a["points"] or 0) for a in detail["attendance"])
    contribution_points = sum(float(c["points"] or 0) for c in detail["contributions"])
    rank_trend = cached.member_rank_trend(engine, (member_id,), 1, RANK_TREND_WEEKS)
    return {**detail, "start": first, "end": last, "attendance_points": attendance_points,
            "contribution_points": contribution_points, "score": round(attendance_points + contribution_points, 2),
            "rank_trend": rank_trend}


# --- The page's address -------------------------------------------------------------------------------------


def view_state(period: object, start: object, end: object, choice: dict) -> dict[str, str | None]:
    """What the address holds: the period (its dates only for a custom range) and every filter's value."""
    period = normalize_period(period)
    custom = period == "kustom"
    first, last = (parse_date(start), parse_date(end)) if custom else (None, None)
    return {"period": period, "start": first.isoformat() if first else None,
            "end": last.isoformat() if last else None,
            **{name: ALL_VALUES if choice.get(name) in (None, "") else str(choice[name]) for name in FILTERS}}


def search_for(state: dict) -> str:
    """The query string of a view: `?period=...` then the filters that narrow it (see the README)."""
    args = {"period": state["period"], "start": state.get("start"), "end": state.get("end"),
            **{name: state[name] for name in FILTERS if state.get(name) not in (None, ALL_VALUES)}}
    query = urlencode({k: v for k, v in args.items() if v not in (None, "")})
    return f"?{query}" if query else ""


def state_from_search(search: str, options: dict[str, list[tuple[str, str]]]) -> dict[str, str | None]:
    """The view a query string asks for, as layout reads it: unknown values fall back to all, a period to the
    default."""
    query = {k: v[-1] for k, v in parse_qs(search.lstrip("?")).items()}
    return view_state(query.get("period"), query.get("start"), query.get("end"), choice_from(query, options))
