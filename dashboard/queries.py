"""Read models shared by the pages and the CLI: SQL aggregations returning plain rows (one query, two faces)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Float, and_, case, cast, func, select
from sqlalchemy.orm import Session

from dashboard import models as M
from dashboard import reference as ref
from dashboard.scoring import ATTENDANCE, CONTRIBUTION, standing_expr
from dashboard.settings import TIMEZONE


def today_wita() -> dt.date:
    return dt.datetime.now(TIMEZONE).date()


@dataclass(frozen=True)
class MemberFilter:
    """Optional narrowing of the leaderboard; ranks are computed within what remains."""

    sector: str | None = None
    internal: bool | None = None
    working_group_id: int | None = None
    dimension_id: int | None = None
    organization_id: int | None = None


def _between(column, start: dt.date | None, end: dt.date | None):  # noqa: ANN001, ANN202
    conds = []
    if start is not None:
        conds.append(column >= start)
    if end is not None:
        conds.append(column <= end)
    return and_(True, *conds)


def scores_select(start: dt.date | None = None, end: dt.date | None = None,
                  filters: MemberFilter | None = None):  # noqa: ANN201 - a SQLAlchemy Select
    """The per-member score query (see member_scores); other read models aggregate over it as a subquery."""
    f = filters or MemberFilter()
    wa = M.ScoringWeight.__table__.alias("wa")
    wc = M.ScoringWeight.__table__.alias("wc")
    att = (
        select(
            M.Attendance.member_id.label("member_id"),
            func.sum(func.coalesce(wa.c.points, 0)).label("points"),
            func.sum(case((M.Attendance.status.in_(ref.COUNTED_PRESENT), 1), else_=0)).label("present"),
            func.sum(case((M.Attendance.status != ref.NOT_INVITED, 1), else_=0)).label("invited"),
        )
        .join(M.Activity, M.Activity.id == M.Attendance.activity_id)
        .outerjoin(wa, and_(wa.c.category == ATTENDANCE, wa.c.key == M.Attendance.status))
        .where(_between(M.Activity.date, start, end))
        .group_by(M.Attendance.member_id)
        .subquery("att")
    )
    con = (
        select(
            M.Contribution.member_id.label("member_id"),
            func.count().label("n"),
            func.sum(func.coalesce(wc.c.points, 0)).label("points"),
        )
        .outerjoin(wc, and_(wc.c.category == CONTRIBUTION, wc.c.key == M.Contribution.kind))
        .where(M.Contribution.verification == ref.VERIFIED, _between(M.Contribution.date, start, end))
        .group_by(M.Contribution.member_id)
        .subquery("con")
    )
    n_contrib = func.coalesce(con.c.n, 0)
    present = func.coalesce(att.c.present, 0)
    score = func.coalesce(att.c.points, 0) + func.coalesce(con.c.points, 0)
    rate = case((func.coalesce(att.c.invited, 0) > 0, cast(present, Float) / att.c.invited), else_=None)
    q = (
        select(
            M.Member.id.label("member_id"),
            M.Member.code,
            M.Member.name,
            M.Organization.name.label("organization"),
            M.Sector.name.label("sector"),
            M.Sector.internal.label("internal"),
            score.label("score"),
            rate.label("attendance_rate"),
            n_contrib.label("contributions"),
            present.label("attended"),
            func.coalesce(att.c.invited, 0).label("invited"),
            standing_expr(n_contrib, present).label("standing"),
            func.rank().over(order_by=score.desc()).label("rank"),
        )
        .add_columns(M.Member.organization_id, M.Member.working_group_id, M.Member.dimension_id)
        .join(M.Organization, M.Organization.id == M.Member.organization_id)
        .join(M.Sector, M.Sector.id == M.Member.sector_id)
        .outerjoin(att, att.c.member_id == M.Member.id)
        .outerjoin(con, con.c.member_id == M.Member.id)
        .where(M.Member.status == ref.ACTIVE)
    )
    if f.sector is not None:
        q = q.where(M.Sector.name == f.sector)
    if f.internal is not None:
        q = q.where(M.Sector.internal == f.internal)
    if f.working_group_id is not None:
        q = q.where(M.Member.working_group_id == f.working_group_id)
    if f.dimension_id is not None:
        q = q.where(M.Member.dimension_id == f.dimension_id)
    if f.organization_id is not None:
        q = q.where(M.Member.organization_id == f.organization_id)
    return q.order_by(score.desc(), M.Member.name)


def member_scores(session: Session, start: dt.date | None = None, end: dt.date | None = None,
                  filters: MemberFilter | None = None) -> list[dict]:
    """Per Aktif member over [start, end]: score, attendance rate, verified contributions, standing, rank.

    Score = attendance points (by status) + points of each verified contribution (by kind), with the
    weights stored in scoring_weight. Ranks share ties (1, 2, 2, 4), best first.
    """
    rows = []
    for r in session.execute(scores_select(start, end, filters)):
        d = r._asdict()
        d["score"] = round(float(d["score"] or 0), 2)
        d["attendance_rate"] = None if d["attendance_rate"] is None else round(float(d["attendance_rate"]), 4)
        d["internal"] = bool(d["internal"])
        rows.append(d)
    return rows


# --- Recommendations -----------------------------------------------------------------------------

STATUSES = (ref.SESUAI, ref.BELUM_SESUAI, ref.BELUM_TL, ref.TDTL)


def completion(status_counts: dict[str, int]) -> float:
    """Sesuai / (all - Tidak Dapat Ditindaklanjuti), the programme's completion measure."""
    denominator = sum(status_counts.values()) - status_counts.get(ref.TDTL, 0)
    return round(status_counts.get(ref.SESUAI, 0) / denominator, 4) if denominator > 0 else 0.0


def overdue_expr(today: dt.date):  # noqa: ANN201
    """Past its target and not Sesuai."""
    return and_(M.Recommendation.target.is_not(None), M.Recommendation.target < today,
                M.Recommendation.status != ref.SESUAI)


def recommendation_summary(session: Session, today: dt.date | None = None) -> dict:
    today = today or today_wita()
    counts = {s: 0 for s in STATUSES}
    for status, n in session.execute(select(M.Recommendation.status, func.count()).group_by(M.Recommendation.status)):
        counts[status] = n
    overdue = session.scalar(select(func.count()).where(overdue_expr(today))) or 0
    items = []
    q = (
        select(M.Recommendation, case((overdue_expr(today), True), else_=False).label("overdue"),
               M.Dimension.name.label("dimension"))
        .outerjoin(M.Dimension, M.Dimension.id == M.Recommendation.dimension_id)
        .order_by(M.Recommendation.year, M.Recommendation.code)
    )
    for rec, is_overdue, dimension in session.execute(q):
        items.append({
            "code": rec.code,
            "source": rec.source,
            "year": rec.year,
            "text": rec.text,
            "dimension": dimension,
            "pic": rec.pic,
            "status": rec.status,
            "progress": rec.progress,
            "target": rec.target.isoformat() if rec.target else None,
            "overdue": bool(is_overdue),
            "evidence": rec.evidence_count,
        })
    return {"completion": completion(counts), "status_counts": counts, "overdue": int(overdue), "items": items}


def latest_evaluation(session: Session) -> dict | None:
    stage_order = case((M.Evaluation.stage == "Final", 3), (M.Evaluation.stage == "II", 2), else_=1)
    e = session.scalars(select(M.Evaluation).where(M.Evaluation.rank.is_not(None))
                        .order_by(M.Evaluation.year.desc(), stage_order.desc()).limit(1)).first()
    if e is None:
        return None
    return {"year": e.year, "stage": e.stage, "rank": e.rank, "field_size": e.field_size, "score": e.score,
            "predicate": e.predicate}


def has_data(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(M.Member)) > 0 or \
        session.scalar(select(func.count()).select_from(M.Recommendation)) > 0
