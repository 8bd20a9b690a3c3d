"""Per-member scores: the board (ranked in the database, one page at a time), ranks, the week's movers and the
points behind one member's score. Read from today's stored periods when the data version has them
(core/periods.py), else computed live (core/score_sql.py)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, and_, case, cast, func, literal, select, union_all
from sqlalchemy.orm import Session, aliased

from core import models as M
from core import periods
from core import reference as ref
from core.score_sql import MemberFilter, member_conditions, scored, unfiltered
from core.scoring import ATTENDANCE, CONTRIBUTION, standing_expr, stored_standing_rules

today_wita = periods.today_wita


def _between(column, start: dt.date | None, end: dt.date | None):  # noqa: ANN001, ANN202
    conds = []
    if start is not None:
        conds.append(column >= start)
    if end is not None:
        conds.append(column <= end)
    return and_(True, *conds)


def _stored(period_id: int, filters: MemberFilter | None, previous_id: int | None = None):  # noqa: ANN202
    """scored's columns read from a stored period (core/periods.py), narrowed by the filters; with
    ``previous_id``, another stored period of the same version (so of the same members) joined by its primary key
    for ``previous_score``."""
    ps = M.PeriodScore
    q = select(ps.member_id, ps.score, ps.attended, ps.invited, ps.contributions).where(ps.period_id == period_id)
    if previous_id is not None:
        pv = aliased(M.PeriodScore, name="pv")
        q = q.add_columns(pv.score.label("previous_score")).join(
            pv, and_(pv.period_id == previous_id, pv.member_id == ps.member_id))
    if not unfiltered(filters):
        q = (q.join(M.Member, M.Member.id == ps.member_id).join(M.Sector, M.Sector.id == M.Member.sector_id)
             .where(*member_conditions(filters)))
    return q.subquery("sc0")


def _source(start: dt.date | None, end: dt.date | None, filters: MemberFilter | None,
            period_id: int | None):  # noqa: ANN202 - a Subquery
    return scored(start, end, filters) if period_id is None else _stored(period_id, filters)


def _lean(session: Session, start: dt.date | None, end: dt.date | None,
          filters: MemberFilter | None):  # noqa: ANN202 - a Subquery
    """The lean per-member scores: stored when the period is stored for the data version, else computed live."""
    return _source(start, end, filters, periods.stored_id(session, start, end))


def scores_select(start: dt.date | None = None, end: dt.date | None = None,
                  filters: MemberFilter | None = None, period_id: int | None = None,
                  previous_id: int | None = None):  # noqa: ANN201 - a SQLAlchemy Select
    """The per-member score query (see member_scores): the lean scores with names, standing and rank, read from
    the stored period ``period_id`` when given; with the stored ``previous_id`` too, each member's rank there
    (within the same filters) as ``previous_rank``."""
    sc = _source(start, end, filters, period_id) if previous_id is None else _stored(period_id, filters, previous_id)
    rank = func.rank().over(order_by=sc.c.score.desc())
    score = sc.c.score
    present = sc.c.attended
    n_contrib = sc.c.contributions
    rate = case((sc.c.invited > 0, cast(present, Float) / sc.c.invited), else_=None)
    q = (
        select(
            M.Member.id.label("member_id"),
            M.Member.code,
            M.Member.name,
            M.Organization.name.label("organization"),
            M.Sector.name.label("sector"),
            M.Sector.internal.label("internal"),
            score,
            rate.label("attendance_rate"),
            n_contrib,
            present,
            sc.c.invited,
            standing_expr(n_contrib, present, sc.c.invited, **stored_standing_rules()).label("standing"),
            rank.label("rank"),
        )
        .add_columns(M.Member.organization_id, M.Member.working_group_id, M.Member.dimension_id)
        .add_columns(*([] if previous_id is None else [
            func.rank().over(order_by=sc.c.previous_score.desc()).label("previous_rank")]))
        .select_from(sc)
        .join(M.Member, M.Member.id == sc.c.member_id)
        .join(M.Organization, M.Organization.id == M.Member.organization_id)
        .join(M.Sector, M.Sector.id == M.Member.sector_id)
    )
    return q.order_by(score.desc(), M.Member.name)


def member_scores(session: Session, start: dt.date | None = None, end: dt.date | None = None,
                  filters: MemberFilter | None = None) -> list[dict]:
    """Per Aktif member over [start, end]: score, attendance rate, verified contributions, standing, rank.

    Score = attendance points (by status) + points of each verified contribution (by kind), with the
    weights stored in scoring_weight. Ranks share ties (1, 2, 2, 4), best first.
    """
    period_id = periods.stored_id(session, start, end)
    return _score_rows(session.connection().execute(scores_select(start, end, filters, period_id)))


def _score_rows(result) -> list[dict]:  # noqa: ANN001 - a CursorResult of scores_select's columns
    keys = list(result.keys())
    rows = []
    for r in result:  # one dict(zip()) per row: Row._asdict costs more than the query on large boards
        d = dict(zip(keys, r, strict=True))
        d["score"] = round(float(d["score"] or 0), 2)
        d["attendance_rate"] = None if d["attendance_rate"] is None else round(float(d["attendance_rate"]), 4)
        d["internal"] = bool(d["internal"])
        rows.append(d)
    return rows


# --- The board ------------------------------------------------------------------------------------

BOARD_SORTS = ("rank", "name", "organization", "sector", "score", "attendance_rate", "contributions", "standing",
               "change")
_TEXT_SORTS = {"name", "organization", "sector", "standing"}


def leaderboard_page(session: Session, start: dt.date | None, end: dt.date | None,
                     filters: MemberFilter | None = None, *, previous: tuple[dt.date | None, dt.date | None] | None = None,
                     standings: tuple[str, ...] | None = None, sort: tuple[tuple[str, bool], ...] = (),
                     offset: int = 0, limit: int | None = 100) -> list[dict]:
    """One page of member_scores's board, cut in the database: ranks within the filters as in member_scores;
    ``standings`` narrows the rows without re-ranking them; ``previous`` adds each member's rank over that period
    (``previous_rank``, None when not ranked there) and ``change`` (previous rank - rank); ``sort`` is
    (column of BOARD_SORTS, descending) pairs, text case-insensitive, empty values last, then rank and name."""
    period_id = periods.stored_id(session, start, end)
    previous_id = None if previous is None or period_id is None else periods.stored_id(session, *previous)
    board = scores_select(start, end, filters, period_id, previous_id).order_by(None).subquery("b")
    q = select(*board.c)
    columns = dict(board.c)
    if previous_id is not None:  # both stored: the previous ranks came with the board
        columns["change"] = board.c.previous_rank - board.c.rank
        q = q.add_columns(columns["change"].label("change"))
    elif previous is not None:
        ranks = _ranks(session, *previous, filters)
        before = ranks.subquery("before")
        columns["previous_rank"] = before.c.rank
        columns["change"] = before.c.rank - board.c.rank
        q = (q.add_columns(columns["previous_rank"].label("previous_rank"), columns["change"].label("change"))
             .outerjoin(before, before.c.member_id == board.c.member_id))
    if standings is not None:
        q = q.where(board.c.standing.in_(standings))
    order = []
    for name, descending in sort:
        if name not in BOARD_SORTS or name not in columns:
            continue
        expr = func.lower(columns[name]) if name in _TEXT_SORTS else columns[name]
        order.append((expr.desc() if descending else expr.asc()).nulls_last())
    q = q.order_by(*order, board.c.rank, board.c.name, board.c.member_id).offset(offset)
    rows = _score_rows(session.connection().execute(q if limit is None else q.limit(limit)))
    if previous is None:
        for r in rows:
            r["previous_rank"] = r["change"] = None
    return rows


def _ranks(session: Session, start: dt.date | None, end: dt.date | None,
           filters: MemberFilter | None):  # noqa: ANN202 - a Select
    """member_id and rank (ties shared, as in member_scores), ranked in the database from the lean scores
    (stored or live)."""
    sc = _lean(session, start, end, filters)
    return select(sc.c.member_id, func.rank().over(order_by=sc.c.score.desc()).label("rank"))


def member_ranks(session: Session, start: dt.date | None = None, end: dt.date | None = None,
                 filters: MemberFilter | None = None) -> dict[int, int]:
    """Rank per member as in member_scores: member id -> rank only."""
    return {member_id: rank for member_id, rank in session.connection().execute(_ranks(session, start, end, filters))}


# --- Periods ------------------------------------------------------------------------------------

PERIODS = ("minggu", "bulan", "triwulan", "tahun", "kustom")


def period_bounds(kind: str, today: dt.date | None = None, start: dt.date | None = None,
                  end: dt.date | None = None) -> tuple[dt.date | None, dt.date | None]:
    """This ISO week / month / quarter / year (in WITA) up to today, or a custom range."""
    if kind in periods.CALENDAR_KINDS:
        return periods.calendar_period(kind, today or today_wita())
    return start, end


# --- Aggregates over the per-member scores ------------------------------------------------------


# --- Moves and one member's points -------------------------------------------------------------


def movers(session: Session, today: dt.date | None = None, limit: int = 5) -> list[dict]:
    """Biggest rank moves of the past week: the rank over the 365 days up to today against the rank over the 365
    days up to a week ago (weekly snapshots freeze the same figure), stored or live; only the ``limit`` moves come
    back. Both stored (the keeper stores both every day): one period joined to the other by its primary key, ranked
    by two windows. Else both rankings are one window over the two score sets stacked (a join of two ranked
    subqueries has no index and costs minutes at 40,000 members)."""
    today = today or today_wita()
    week_ago = today - dt.timedelta(days=7)
    now_id = periods.stored_id(session, *periods.rolling_year(today))
    before_id = None if now_id is None else periods.stored_id(session, *periods.rolling_year(week_ago))
    if before_id is not None:
        sc = _stored(now_id, None, before_id)
        both = select(sc.c.member_id, func.rank().over(order_by=sc.c.score.desc()).label("rank"),
                      func.rank().over(order_by=sc.c.previous_score.desc()).label("previous_rank")).subquery("both")
    else:
        both = _stacked_ranks(_lean(session, *periods.rolling_year(today), None),
                              _lean(session, *periods.rolling_year(week_ago), None))
    change = (both.c.previous_rank - both.c.rank).label("change")
    q = (select(both.c.member_id, M.Member.name, M.Organization.name.label("organization"), both.c.rank,
                both.c.previous_rank, change)
         .join(M.Member, M.Member.id == both.c.member_id)
         .join(M.Organization, M.Organization.id == M.Member.organization_id)
         .where(both.c.previous_rank != both.c.rank)
         .order_by(func.abs(change).desc(), both.c.rank, M.Member.name)
         .limit(limit))
    return [r._asdict() for r in session.execute(q)]


def _stacked_ranks(now, before):  # noqa: ANN001, ANN202 - two lean score sets in, (member_id, rank, previous_rank) out
    stacked = union_all(select(now.c.member_id, now.c.score, literal(1).label("is_now")),
                        select(before.c.member_id, before.c.score, literal(0).label("is_now"))).subquery("stacked")
    ranked = select(stacked.c.member_id, stacked.c.is_now, func.rank().over(
        partition_by=stacked.c.is_now, order_by=stacked.c.score.desc()).label("rank")).subquery("ranked")
    return (select(ranked.c.member_id,
                   func.max(case((ranked.c.is_now == 1, ranked.c.rank))).label("rank"),
                   func.max(case((ranked.c.is_now == 0, ranked.c.rank))).label("previous_rank"))
            .group_by(ranked.c.member_id).subquery("both"))


def member_detail(session: Session, member_id: int, start: dt.date | None, end: dt.date | None) -> dict:
    """Every attendance and verified-or-not contribution behind a member's score, with its points."""
    wa = M.ScoringWeight.__table__.alias("wa")
    wc = M.ScoringWeight.__table__.alias("wc")
    member = session.execute(
        select(M.Member.id, M.Member.code, M.Member.name, M.Member.position, M.Member.role, M.Member.status,
               M.Organization.name.label("organization"), M.Sector.name.label("sector"))
        .join(M.Organization, M.Organization.id == M.Member.organization_id).join(M.Sector, M.Sector.id == M.Member.sector_id).where(M.Member.id == member_id)
    ).first()
    if member is None:
        return {}
    attendance = [r._asdict() for r in session.execute(
        select(M.Activity.date, M.Activity.name.label("activity"), M.Activity.kind, M.Attendance.status,
               func.coalesce(wa.c.points, 0).label("points"))
        .join(M.Activity, M.Activity.id == M.Attendance.activity_id)
        .outerjoin(wa, and_(wa.c.category == ATTENDANCE, wa.c.key == M.Attendance.status))
        .where(M.Attendance.member_id == member_id, _between(M.Activity.date, start, end))
        .order_by(M.Activity.date.desc()))]
    contributions = [r._asdict() for r in session.execute(
        select(M.Contribution.date, M.Contribution.kind, M.Contribution.description, M.Contribution.verification,
               M.Recommendation.code.label("recommendation"), M.Contribution.evidence,
               case((M.Contribution.verification == ref.VERIFIED, func.coalesce(wc.c.points, 0)), else_=0)
               .label("points"))
        .outerjoin(wc, and_(wc.c.category == CONTRIBUTION, wc.c.key == M.Contribution.kind))
        .outerjoin(M.Recommendation, M.Recommendation.id == M.Contribution.recommendation_id)
        .where(M.Contribution.member_id == member_id, _between(M.Contribution.date, start, end))
        .order_by(M.Contribution.date.desc()))]
    return {"member": member._asdict(), "attendance": attendance, "contributions": contributions}
