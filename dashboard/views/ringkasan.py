"""Ringkasan's figures for a period: participation, the follow-up of the recommendations, the city's latest
rank, the week's movers and the story, each read through the cached facade."""
from __future__ import annotations

from sqlalchemy.engine import Engine

from dashboard.cache import cached_view
from dashboard.queries import cached, counted, today_wita
from dashboard.views.period import normalize_period, period_query, resolve_period
from dashboard.views.story import story_data


def record_counts(engine: Engine) -> dict[str, int]:
    """Rows stored per kind of record (the page names what to upload when nothing is)."""
    return cached.record_counts(engine)


@cached_view
def summary_figures(engine: Engine, period: str | None, start: object = None, end: object = None) -> dict:
    """Every number on the page, from the read models, for the period chosen."""
    period = normalize_period(period)
    first, last = resolve_period(period, start, end)
    today = today_wita()
    counts = cached.record_counts(engine)
    recommendations = cached.recommendation_summary(engine, today)
    return {
        "period": period,
        "start": first,
        "end": last,
        "link_args": period_query(period, start, end),
        "has_members": counts["members"] > 0,
        "participation": cached.participation_summary(engine, first, last),
        "has_recommendations": counts["recommendations"] > 0,
        "completion": recommendations["completion"],
        "status_counts": recommendations["status_counts"],
        "counted": counted(recommendations["status_counts"]),
        "overdue": recommendations["overdue"],
        "evaluation": cached.latest_evaluation(engine),
        "movers": cached.movers(engine, today),
        "standing_rules": cached.standing_rules(engine),
        "story": story_data(engine, period, start, end),
    }
