"""Evaluation readiness: which recommendations have evidence dated on or after the cut-off (dashboard/evidence.py
keeps the evidence itself)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from core import models as M
from core import reference as ref
from loaders.identity import OrgDirectory


CUTOFF_KEY = "evidence.cutoff"


def stored_cutoff(session: Session, today: dt.date | None = None) -> dt.date:
    """The cut-off set on /admin (app_state), else 1 January of the current year."""
    row = session.get(M.AppState, CUTOFF_KEY)
    if row is not None and row.value:
        return dt.date.fromisoformat(row.value)
    return dt.date((today or dt.date.today()).year, 1, 1)


def readiness(session: Session, cutoff: dt.date | None = None) -> dict:
    """The evaluation-readiness figures (the JSON of ``pokja readiness``): per evaluation (the recommendation's
    Sumber), per PIC (resolved through the organization directory) and per recommendation. Without ``cutoff``, the
    one set on /admin (stored_cutoff)."""
    cutoff = cutoff or stored_cutoff(session)
    r, e = M.Recommendation, M.Evidence
    per = (select(e.recommendation_id, func.count().label("n"), func.max(e.date).label("latest"))
           .group_by(e.recommendation_id).subquery())
    n = func.coalesce(per.c.n, 0)
    ready = case((and_(r.status != ref.TDTL, per.c.latest >= cutoff), 1), else_=0)
    counted = case((r.status != ref.TDTL, 1), else_=0)
    rows = select(r.source, r.pic, r.code, r.status, r.year, n.label("evidence"), per.c.latest, ready.label("ready"),
                  counted.label("counted")).outerjoin(per, per.c.recommendation_id == r.id).subquery()
    s = session
    evaluations = [
        {"source": source, "recommendations": int(total), "with_evidence": int(with_ev or 0),
         "sesuai_without_evidence": int(bare or 0), "stale": int(stale or 0),
         "readiness": round(int(ready_n or 0) / int(base), 4) if base else None}
        for source, total, with_ev, bare, stale, ready_n, base in s.execute(
            select(rows.c.source, func.count(),
                   func.sum(case((rows.c.evidence > 0, 1), else_=0)),
                   func.sum(case((and_(rows.c.status == ref.SESUAI, rows.c.evidence == 0), 1), else_=0)),
                   func.sum(case((and_(rows.c.evidence > 0, rows.c.latest < cutoff), 1), else_=0)),
                   func.sum(rows.c.ready), func.sum(rows.c.counted))
            .group_by(rows.c.source).order_by(func.min(rows.c.year), rows.c.source))]
    item_rows = s.execute(select(rows).order_by(rows.c.year, rows.c.code)).all()
    directory = OrgDirectory(s)
    pics: dict[str, list[int]] = {}
    for row in item_rows:
        oid = directory.resolve(row.pic)
        name = directory.names[oid] if oid is not None else (row.pic or "-")
        bucket = pics.setdefault(name, [0, 0, 0])
        bucket[0] += 1
        bucket[1] += row.ready
        bucket[2] += row.counted
    return {
        "cutoff": cutoff.isoformat(),
        "evaluations": evaluations,
        "pics": [{"pic": name, "recommendations": total, "ready": ready_n,
                  "readiness": round(ready_n / base, 4) if base else None}
                 for name, (total, ready_n, base) in sorted(pics.items())],
        "items": [{"code": row.code, "status": row.status, "evidence": int(row.evidence),
                   "latest_evidence": row.latest.isoformat() if row.latest else None, "ready": bool(row.ready)}
                  for row in item_rows],
    }
