"""The contribution score rules as data: weights and standing thresholds (stored in scoring_weight, editable)."""
from __future__ import annotations

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from core import reference as ref
from core.models import ScoringWeight

ATTENDANCE = "attendance"
CONTRIBUTION = "contribution"
STANDING = "standing"

# The keys each category may hold, with the contract's defaults (seeded by the migrations).
DEFAULTS: dict[str, dict[str, float]] = {
    ATTENDANCE: dict(ref.DEFAULT_ATTENDANCE_POINTS),
    CONTRIBUTION: dict(ref.DEFAULT_CONTRIBUTION_POINTS),
    STANDING: {k: float(v) for k, v in ref.DEFAULT_STANDING_RULES.items()},
}


def weights(session: Session) -> dict[str, dict[str, float]]:
    """{category: {key: points}} as stored (standing thresholds under STANDING)."""
    out: dict[str, dict[str, float]] = {category: {} for category in DEFAULTS}
    for w in session.scalars(select(ScoringWeight)):
        out.setdefault(w.category, {})[w.key] = w.points
    return out


def standing_rules(session: Session) -> dict[str, int]:
    """The stored standing thresholds, the defaults where a row is missing."""
    stored = weights(session)[STANDING]
    return {key: int(stored.get(key, default)) for key, default in ref.DEFAULT_STANDING_RULES.items()}


def set_weight(session: Session, category: str, key: str, points: float) -> float | None:
    """Store one value; returns the previous one (None when there was no row)."""
    if category not in DEFAULTS:
        raise ValueError(f"unknown scoring category {category!r}")
    if key not in DEFAULTS[category]:
        raise ValueError(f"unknown {category} key {key!r}")
    row = session.scalar(select(ScoringWeight).where(ScoringWeight.category == category, ScoringWeight.key == key))
    if row is None:
        session.add(ScoringWeight(category=category, key=key, points=points))
        return None
    before, row.points = row.points, points
    return before


def stored_standing_rules() -> dict:
    """The thresholds as SQL scalar subqueries on scoring_weight, for standing_expr inside a query that has no
    session at hand; the database reads them once per query (uncorrelated), the defaults if a row is missing."""
    def stored(key: str):  # noqa: ANN202
        return func.coalesce(
            select(ScoringWeight.points)
            .where(ScoringWeight.category == STANDING, ScoringWeight.key == key)
            .scalar_subquery(),
            ref.DEFAULT_STANDING_RULES[key],
        )

    return {key: stored(key) for key in ref.DEFAULT_STANDING_RULES}


def standing_expr(verified_contributions, attended, invited, min_contributions=1, min_attended=1):  # noqa: ANN001, ANN201
    """Berkontribusi: at least `min_contributions` verified contributions; Belum Diundang: no invitation and no
    verified contribution in the period (no chance to take part yet, so never on the correction list); Hadir Saja:
    at least `min_attended` activities attended (or delegated); otherwise Belum Berkontribusi. The thresholds are
    numbers or SQL expressions (see stored_standing_rules). As a SQL CASE so rankings aggregate in the database.

    Belum Diundang comes before Hadir Saja so that a threshold of 0 attendances does not call someone never
    invited "Hadir Saja"; with a threshold of 1 or more the order makes no difference (no invitation, no
    attendance)."""
    return case(
        (verified_contributions >= min_contributions, literal(ref.CONTRIBUTING)),
        (and_(invited == 0, verified_contributions == 0), literal(ref.NOT_YET_INVITED)),
        (attended >= min_attended, literal(ref.ATTENDS_ONLY)),
        else_=literal(ref.NOT_CONTRIBUTING),
    )
