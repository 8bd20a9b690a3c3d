"""Stored scores of the day's standard periods: the first page after a commit reads them instead of computing them.

For today in WITA the pages open with a few standard periods; ``period_score`` holds every Aktif member's score,
attendance, invited count and verified contributions over each of them, at one data version:

- this week, month, quarter and year up to today (the period selector's choices);
- each of them shifted back seven days (the leaderboard's "movement since last week");
- the rolling year up to today and up to a week ago (the Ringkasan's biggest movers).

Ranks and groups are not stored: they follow from the stored scores at read time (one window function, one
GROUP BY over one period's rows, dashboard/queries.py), so a change to a few members leaves every other stored row
valid. core/derived.py decides what to store when: after a change it ``carry_forward``s the day's periods to
the new data version, recomputing only the rows of the members the change touched (``carry_forward``); a rule
change recomputes everything (``store_missing`` after ``drop_all``); a new day's periods are stored in the
background (derived.keep_current), never by a read. A read asks ``stored_id`` for its (start, end) at the current
data version; a miss computes live from the running totals, exactly as before. Rows of an older version are
never read.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Collection

from sqlalchemy import Integer, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from core import models as M
from core import reference as ref
from core.db import data_version
from core.score_sql import scored_for_all, scored_for_members
from core.settings import TIMEZONE

WEEK = dt.timedelta(days=7)
WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")  # an ISO week code, 2026-W49
_CHUNK = 500


def today_wita() -> dt.date:
    return dt.datetime.now(TIMEZONE).date()


def rolling_year(end: dt.date) -> tuple[dt.date, dt.date]:
    """The 365 days up to and including ``end``: the range the movers and the weekly snapshots rank over."""
    return end - dt.timedelta(days=364), end


def calendar_period(kind: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """This ISO week / month / quarter / year up to today."""
    if kind == "minggu":
        return today - dt.timedelta(days=today.weekday()), today
    if kind == "bulan":
        return today.replace(day=1), today
    if kind == "triwulan":
        return dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today
    if kind == "tahun":
        return dt.date(today.year, 1, 1), today
    raise ValueError(kind)


CALENDAR_KINDS = ("minggu", "bulan", "triwulan", "tahun")


def standard_periods(today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The (start, end) ranges stored for ``today``, without repeats, in a fixed order."""
    out: list[tuple[dt.date, dt.date]] = []
    for kind in CALENDAR_KINDS:
        start, end = calendar_period(kind, today)
        out += [(start, end), (start - WEEK, end - WEEK)]
    out += [rolling_year(today), rolling_year(today - WEEK)]
    return list(dict.fromkeys(out))


def week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(week: str) -> tuple[dt.date, dt.date]:
    m = WEEK_RE.match(week or "")
    if not m:
        raise ValueError(f"Minggu '{week}' tidak sah; tulis seperti 2026-W47.")
    try:
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
    except ValueError:
        raise ValueError(f"Minggu '{week}' tidak ada di kalender ISO.") from None
    return monday, monday + dt.timedelta(days=6)


def stored_id(session: Session, start: dt.date | None, end: dt.date | None) -> int | None:
    """The stored period for exactly [start, end] at the session's data version, or None (compute live)."""
    if start is None or end is None:
        return None
    return session.scalar(select(M.ScorePeriod.id).where(M.ScorePeriod.data_version == data_version(session),
                                                         M.ScorePeriod.start == start, M.ScorePeriod.end == end))


def missing(session: Session, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Today's standard periods not stored at the session's data version."""
    version = data_version(session)
    have = set(session.execute(select(M.ScorePeriod.start, M.ScorePeriod.end)
                               .where(M.ScorePeriod.data_version == version)).all())
    return [p for p in standard_periods(today) if p not in have]


def store_missing(session: Session, today: dt.date) -> int:
    """Store today's standard periods for the session's data version (in its transaction; the caller commits) and
    delete what no later read can use: periods of older versions and of other days. Returns how many periods it
    computed (those already stored for this version and day are kept)."""
    version = data_version(session)
    wanted = standard_periods(today)
    stale = [pid for pid, v, start, end in session.execute(
        select(M.ScorePeriod.id, M.ScorePeriod.data_version, M.ScorePeriod.start, M.ScorePeriod.end))
        # a newer version's rows belong to a transaction that committed after ours began
        if v < version or (v == version and (start, end) not in wanted)]
    _delete(session, stale)
    todo = missing(session, today)
    if not todo:
        return 0
    fresh = [M.ScorePeriod(data_version=version, start=start, end=end) for start, end in todo]
    session.add_all(fresh)
    session.flush()
    store, conn = _store_statement(False), session.connection()
    for period in fresh:
        conn.execute(store, {"period_id": period.id, "start": period.start, "end": period.end})
    return len(fresh)


def drop_all(session: Session) -> None:
    """Delete every stored period (a rule change: every stored score is wrong)."""
    session.execute(delete(M.PeriodScore))
    session.execute(delete(M.ScorePeriod))


def carry_forward(session: Session, old_version: int, new_version: int, members: Collection[int],
                  today: dt.date) -> int:
    """After a change that moved the data version from ``old_version`` to ``new_version`` and touched the records
    of ``members`` only: today's periods stored at the old version become the new version's, with the rows of
    those members (and of members that joined or left the Aktif members) recomputed. Periods of other days and
    versions are left for ``store_missing`` (deleting 40,000 rows per period is not the upload's work). Returns
    the rows recomputed, per period."""
    wanted = standard_periods(today)
    periods = [(pid, start, end) for pid, start, end in session.execute(
        select(M.ScorePeriod.id, M.ScorePeriod.start, M.ScorePeriod.end)
        .where(M.ScorePeriod.data_version == old_version)) if (start, end) in wanted]
    if not periods:
        return 0  # nothing stored for today: derived.keep_current stores the day's periods in the background
    ids = [pid for pid, _, _ in periods]
    session.execute(update(M.ScorePeriod).where(M.ScorePeriod.id.in_(ids)).values(data_version=new_version))
    redo = sorted(set(members) | _membership_changes(session, ids[0]))
    conn, store = session.connection(), _store_statement(True)
    for i in range(0, len(redo), _CHUNK):
        chunk = redo[i:i + _CHUNK]
        conn.execute(delete(M.PeriodScore).where(M.PeriodScore.period_id.in_(ids), M.PeriodScore.member_id.in_(chunk)))
        for pid, start, end in periods:
            conn.execute(store, {"period_id": pid, "start": start, "end": end, "member_ids": chunk})
    return len(redo)


def _membership_changes(session: Session, period_id: int) -> set[int]:
    """Aktif members without a row in a stored period (new, or made Aktif) and rows of members no longer Aktif
    (deleted, merged away, made Nonaktif): every stored period of a version holds the same members."""
    ps, m = M.PeriodScore, M.Member
    joined = select(m.id).where(m.status == ref.ACTIVE, m.id.not_in(
        select(ps.member_id).where(ps.period_id == period_id)))
    left = select(ps.member_id).where(ps.period_id == period_id, ps.member_id.not_in(
        select(m.id).where(m.status == ref.ACTIVE)))
    return set(session.scalars(joined)) | set(session.scalars(left))


def _delete(session: Session, period_ids: list[int]) -> None:
    for i in range(0, len(period_ids), _CHUNK):
        chunk = period_ids[i:i + _CHUNK]
        session.execute(delete(M.PeriodScore).where(M.PeriodScore.period_id.in_(chunk)))
        session.execute(delete(M.ScorePeriod).where(M.ScorePeriod.id.in_(chunk)))


@functools.cache
def _store_statement(some: bool):  # noqa: ANN202 - an Insert
    """INSERT ... SELECT of one period's scores (of the members in the expanding parameter ``member_ids`` when
    ``some``), the period's id and range as parameters: built and compiled once."""
    sc = scored_for_members() if some else scored_for_all()
    return insert(M.PeriodScore.__table__).from_select(
        ["period_id", "member_id", "score", "attended", "invited", "contributions"],
        select(bindparam("period_id", type_=Integer), sc.c.member_id, sc.c.score, sc.c.attended, sc.c.invited,
               sc.c.contributions))
