"""The contribution score rules: weights (stored in scoring_weight, editable) and the standing of a member."""
from __future__ import annotations

from sqlalchemy import case, literal, select
from sqlalchemy.orm import Session

from dashboard import reference as ref
from dashboard.models import ScoringWeight

ATTENDANCE = "attendance"
CONTRIBUTION = "contribution"


def weights(session: Session) -> dict[str, dict[str, float]]:
    """{category: {key: points}} as stored; the contract's defaults are seeded by the migrations."""
    out: dict[str, dict[str, float]] = {ATTENDANCE: {}, CONTRIBUTION: {}}
    for w in session.scalars(select(ScoringWeight)):
        out.setdefault(w.category, {})[w.key] = w.points
    return out


def set_weight(session: Session, category: str, key: str, points: float) -> None:
    if category == ATTENDANCE and key not in ref.DEFAULT_ATTENDANCE_POINTS:
        raise ValueError(f"unknown attendance status {key!r}")
    if category == CONTRIBUTION and key not in ref.DEFAULT_CONTRIBUTION_POINTS:
        raise ValueError(f"unknown contribution kind {key!r}")
    row = session.scalar(select(ScoringWeight).where(ScoringWeight.category == category, ScoringWeight.key == key))
    if row is None:
        session.add(ScoringWeight(category=category, key=key, points=points))
    else:
        row.points = points


def standing_expr(verified_contributions, attended):  # noqa: ANN001, ANN201 - SQL expressions
    """Berkontribusi: a verified contribution; Hadir Saja: attended (or delegated), no contribution;
    otherwise Belum Berkontribusi. As a SQL CASE so rankings aggregate in the database."""
    return case(
        (verified_contributions > 0, literal(ref.CONTRIBUTING)),
        (attended > 0, literal(ref.ATTENDS_ONLY)),
        else_=literal(ref.NOT_CONTRIBUTING),
    )
