"""The live per-member score query: counts of a period from the running totals (core/tally.py), weighted by
the stored points. What the pages read (dashboard/queries.py) and what is stored for the day's standard periods
(core/periods.py) are both this query; it imports neither."""
from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Date, and_, bindparam, case, func, select, true

from core import models as M
from core import reference as ref
from core import tally
from core.scoring import ATTENDANCE, CONTRIBUTION


@dataclass(frozen=True)
class MemberFilter:
    """Optional narrowing of the leaderboard; ranks are computed within what remains."""

    sector: str | None = None
    internal: bool | None = None
    working_group_id: int | None = None
    dimension_id: int | None = None
    organization_id: int | None = None


def unfiltered(filters: MemberFilter | None) -> bool:
    return filters is None or filters == MemberFilter()


def member_conditions(f: MemberFilter) -> list:
    """Aktif members matching the filter (conditions on member and sector)."""
    conds = [M.Member.status == ref.ACTIVE]
    if f.sector is not None:
        conds.append(M.Sector.name == f.sector)
    if f.internal is not None:
        conds.append(M.Sector.internal == f.internal)
    if f.working_group_id is not None:
        conds.append(M.Member.working_group_id == f.working_group_id)
    if f.dimension_id is not None:
        conds.append(M.Member.dimension_id == f.dimension_id)
    if f.organization_id is not None:
        conds.append(M.Member.organization_id == f.organization_id)
    return conds


def _weights_row():  # noqa: ANN202
    """The stored points as one row, a column per tally count (0 for a status or kind without a weight)."""
    w = M.ScoringWeight

    def points(category: str, key: str):  # noqa: ANN202
        return func.coalesce(func.max(case((and_(w.category == category, w.key == key), w.points))), 0)

    return select(*[points(ATTENDANCE, s).label(c) for s, c in tally.ATTENDANCE_COLUMNS.items()],
                  *[points(CONTRIBUTION, k).label(c) for k, c in tally.CONTRIBUTION_COLUMNS.items()]).subquery("w")


def _add(terms: Iterable):  # noqa: ANN202
    terms = list(terms)
    return functools.reduce(operator.add, terms[1:], terms[0])


def _lean(conditions: list):  # noqa: ANN202 - a Subquery
    return _weighted(tally.period_counts(bindparam("start", type_=Date), bindparam("end", type_=Date), conditions))


def _weighted(p):  # noqa: ANN001, ANN202 - period_counts' subquery in, the lean scores out
    w = _weights_row()
    counted = {**tally.ATTENDANCE_COLUMNS, **tally.CONTRIBUTION_COLUMNS}.values()
    att = tally.ATTENDANCE_COLUMNS
    return select(
        p.c.member_id,
        _add(w.c[col] * p.c[col] for col in counted).label("score"),
        _add(p.c[att[s]] for s in ref.COUNTED_PRESENT).label("attended"),
        _add(p.c[col] for s, col in att.items() if s != ref.NOT_INVITED).label("invited"),
        p.c[tally.TOTAL_CONTRIBUTIONS].label("contributions"),
    ).join(w, true()).subquery("sc0")


def scored(start: dt.date | None, end: dt.date | None, filters: MemberFilter | None):  # noqa: ANN201 - a Subquery
    """Per Aktif member matching the filters: member_id, score, attended, invited, contributions. The lean core
    of every score query: aggregates (participation, movers) read this alone, without names or ranks.

    Counts come from the running totals in member_tally (core/tally.py): two index lookups per member
    whatever the period, instead of a scan of attendance and contributions."""
    return _weighted(tally.period_counts(start, end, member_conditions(filters or MemberFilter())))


@functools.cache
def scored_for_members():  # noqa: ANN201 - a Subquery
    """``scored`` of the Aktif members among the expanding parameter ``member_ids``, over the parameters
    ``start`` and ``end``: built once for every period and every set of members (core/periods.py)."""
    ids = bindparam("member_ids", expanding=True)
    return _lean([M.Member.status == ref.ACTIVE, M.Member.id.in_(ids)])


@functools.cache
def scored_for_all():  # noqa: ANN201 - a Subquery
    """``scored`` of every Aktif member over the parameters ``start`` and ``end``, built once."""
    return _lean([M.Member.status == ref.ACTIVE])
