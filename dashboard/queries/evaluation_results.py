"""The city's evaluations in the programme: rank, field, score and per-dimension scores."""
from __future__ import annotations

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from core import i18n
from core import models as M


def latest_evaluation(session: Session) -> dict | None:
    """The newest evaluation that ranked the city (a final one before the stages of its year)."""
    stage_order = case((M.Evaluation.stage == "Final", 3), (M.Evaluation.stage == "II", 2), else_=1)
    e = session.scalars(select(M.Evaluation).where(M.Evaluation.rank.is_not(None))
                        .order_by(M.Evaluation.year.desc(), stage_order.desc()).limit(1)).first()
    if e is None:
        return None
    return {"year": e.year, "stage": e.stage, "label": i18n.evaluation_label(e.year, e.stage), "rank": e.rank,
            "field_size": e.field_size, "score": e.score, "predicate": e.predicate}


def evaluations(session: Session) -> list[dict]:
    """Every evaluation of the city, oldest first, with its per-dimension scores."""
    stage_order = case((M.Evaluation.stage == "I", 1), (M.Evaluation.stage == "II", 2), else_=3)
    rows = [e for e in session.scalars(select(M.Evaluation).order_by(M.Evaluation.year, stage_order))]
    scores: dict[int, dict[str, float | None]] = {}
    for eid, dim, score in session.execute(
            select(M.EvaluationScore.evaluation_id, M.Dimension.name, M.EvaluationScore.score)
            .join(M.Dimension).order_by(M.Dimension.sort_order)):
        scores.setdefault(eid, {})[dim] = score
    return [{"year": e.year, "stage": e.stage, "label": i18n.evaluation_label(e.year, e.stage),
             "rank": e.rank, "field_size": e.field_size, "score": e.score, "predicate": e.predicate,
             "dimensions": scores.get(e.id, {})} for e in rows]
