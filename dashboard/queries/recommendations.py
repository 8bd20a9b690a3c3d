"""The follow-up of the evaluations' recommendations: counts per status, completion, overdue, per group."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from core import models as M
from core import periods
from core import reference as ref

today_wita = periods.today_wita


STATUSES = (ref.SESUAI, ref.BELUM_SESUAI, ref.BELUM_TL, ref.TDTL)


def counted(status_counts: dict[str, int]) -> int:
    """The recommendations completion counts: all but Tidak Dapat Ditindaklanjuti."""
    return sum(status_counts.values()) - status_counts.get(ref.TDTL, 0)


def completion(status_counts: dict[str, int]) -> float:
    """Sesuai / counted (all - Tidak Dapat Ditindaklanjuti), the programme's completion measure; 0 when none
    counts."""
    denominator = counted(status_counts)
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


def recommendation_breakdown(session: Session, by: str, today: dt.date | None = None) -> list[dict]:
    """Counts per status and completion per evaluation source, dimension or PIC."""
    today = today or today_wita()
    key = {
        "source": M.Recommendation.source,
        "dimension": func.coalesce(M.Dimension.name, "Tanpa dimensi"),
        "pic": func.coalesce(M.Recommendation.pic, "Tanpa PIC"),
    }[by]
    q = (
        select(key.label("name"), M.Recommendation.status, func.count().label("n"),
               func.sum(case((overdue_expr(today), 1), else_=0)).label("overdue"),
               func.min(M.Recommendation.year).label("year"))
        .outerjoin(M.Dimension, M.Dimension.id == M.Recommendation.dimension_id)
        .group_by(key, M.Recommendation.status)
    )
    groups: dict[str, dict] = {}
    for name, status, n, overdue, year in session.execute(q):
        g = groups.setdefault(name, {"name": name, "year": year, "status_counts": {s: 0 for s in STATUSES},
                                     "overdue": 0})
        g["status_counts"][status] += n
        g["overdue"] += int(overdue or 0)
        g["year"] = min(g["year"] or year or 0, year or 0) or None
    out = []
    for g in groups.values():
        g["total"] = sum(g["status_counts"].values())
        g["counted"] = counted(g["status_counts"])
        g["completion"] = completion(g["status_counts"])
        out.append(g)
    out.sort(key=lambda g: (g["year"] or 0, g["name"]) if by == "source" else (-g["total"], g["name"]))
    return out
