"""Stored scores of the day's standard periods: the first page after a commit reads them instead of computing them.

Figures change only in a transaction that bumps the data version (``dashboard.db.bump_data_version``: an upload's
commit, an undo, an administrator's change to the rules). In that same transaction ``refresh`` computes, for today
in WITA, the periods the pages open with and stores every Aktif member's score, attendance, verified contributions
and rank among all Aktif members in ``period_score``:

- this week, month, quarter and year up to today (the period selector's choices);
- each of them shifted back seven days (the leaderboard's "movement since last week");
- the rolling year up to today and up to a week ago (the Ringkasan's biggest movers).

A read asks ``stored_id`` for its (start, end) at the current data version. A miss (a custom range, a filter's
own ranking, or the first page of a new day) computes live from the running totals (dashboard/tally.py), exactly
as before; in the web app a miss on one of today's standard periods also starts one refresh in the background, so
the rest of the day reads stored figures again. Stored rows of an older version are never read, and the next
refresh deletes them.
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
import threading

from sqlalchemy import Date, Engine, Integer, bindparam, delete, func, insert, literal, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard import models as M
from dashboard.db import data_version
from dashboard.settings import TIMEZONE

log = logging.getLogger(__name__)

WEEK = dt.timedelta(days=7)
_CHUNK = 500

_background = False
_started: set[tuple] = set()
_started_lock = threading.Lock()


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


def stored_id(session: Session, start: dt.date | None, end: dt.date | None) -> int | None:
    """The stored period for exactly [start, end] at the session's data version, or None (compute live)."""
    if start is None or end is None:
        return None
    version = data_version(session)
    found = session.scalar(select(M.ScorePeriod.id).where(M.ScorePeriod.data_version == version,
                                                          M.ScorePeriod.start == start, M.ScorePeriod.end == end))
    if found is None and _background:
        today = today_wita()
        if (start, end) in standard_periods(today):
            _refresh_later(session.get_bind().engine, version, today)
    return found


def refresh(session: Session, today: dt.date | None = None) -> int:
    """Store today's standard periods for the session's data version (in its transaction; the caller commits).
    Deletes what no later read can use: periods of older versions and of other days. Returns how many periods
    it computed (those already stored for this version and day are kept)."""
    from dashboard.queries import _stored, group_select  # queries imports this module

    today = today or today_wita()
    version = data_version(session)
    wanted = standard_periods(today)
    have: set[tuple[dt.date, dt.date]] = set()
    stale: list[int] = []
    for pid, v, start, end in session.execute(select(M.ScorePeriod.id, M.ScorePeriod.data_version,
                                                     M.ScorePeriod.start, M.ScorePeriod.end)):
        if v == version and (start, end) in wanted:
            have.add((start, end))
        elif v <= version:  # a newer version's rows belong to a transaction that committed after ours began
            stale.append(pid)
    for i in range(0, len(stale), _CHUNK):
        chunk = stale[i:i + _CHUNK]
        session.execute(delete(M.PeriodScore).where(M.PeriodScore.period_id.in_(chunk)))
        session.execute(delete(M.PeriodGroup).where(M.PeriodGroup.period_id.in_(chunk)))
        session.execute(delete(M.ScorePeriod).where(M.ScorePeriod.id.in_(chunk)))
    missing = [M.ScorePeriod(data_version=version, start=start, end=end) for start, end in wanted
               if (start, end) not in have]
    if not missing:
        return 0
    session.add_all(missing)
    session.flush()
    store, conn = _store_statement(), session.connection()
    for period in missing:
        conn.execute(store, {"period_id": period.id, "start": period.start, "end": period.end})
        if period.end == today:  # a period the pages open with: its board's groups too (queries.board_groups)
            session.execute(insert(M.PeriodGroup).from_select(
                ["organization_id", "sector_id", "standing", "members", "score", "attended", "invited", "period_id"],
                group_select(_stored(period.id, None)).add_columns(literal(period.id))))
    return len(missing)


@functools.cache
def _store_statement():  # noqa: ANN202 - an Insert
    """INSERT ... SELECT of one period's scores and ranks, the period's id and range as parameters: built and
    compiled once for the ten periods (building the score query costs more than running it)."""
    from dashboard.queries import _scored  # the live per-member scores; queries imports this module

    sc = _scored(bindparam("start", type_=Date), bindparam("end", type_=Date), None)
    rank = func.rank().over(order_by=sc.c.score.desc())
    return insert(M.PeriodScore.__table__).from_select(
        ["period_id", "member_id", "score", "attended", "invited", "contributions", "rank"],
        select(bindparam("period_id", type_=Integer), sc.c.member_id, sc.c.score, sc.c.attended, sc.c.invited,
               sc.c.contributions, rank))


def enable_background_refresh(enabled: bool = True) -> None:
    """The web app turns this on: a miss on one of today's standard periods starts a refresh in a thread."""
    global _background
    _background = enabled


def _refresh_later(engine: Engine, version: int, today: dt.date) -> None:
    key = (str(engine.url), version, today)
    with _started_lock:
        if key in _started:
            return
        _started.add(key)
    threading.Thread(target=_refresh_now, args=(engine, version, today), name="pokja-period-refresh",
                     daemon=True).start()


def _refresh_now(engine: Engine, version: int, today: dt.date) -> None:
    try:
        with Session(engine) as s:
            if data_version(s) != version:
                return  # a commit came first and refreshed in its own transaction
            n = refresh(s, today)
            s.commit()
            log.info("stored the scores of %d periods for data version %d, %s", n, version, today)
    except SQLAlchemyError as exc:  # e.g. another worker stored the same periods first: the pages read theirs
        log.info("period refresh for data version %d skipped: %s", version, exc)
