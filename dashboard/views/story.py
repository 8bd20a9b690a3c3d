"""What Ringkasan's story says: the city's rank trend (views.ranking, as /peringkat says it), the members to thank
and to coach by name, and what changed between the two newest weekly snapshots."""
from __future__ import annotations

from sqlalchemy.engine import Engine

from core import reference as ref
from dashboard.queries import cached
from dashboard.views.period import resolve_period
from dashboard.views.ranking import city_ranking

NAMES = 3  # members named in each sentence; the rest are counted


def story_data(engine: Engine, period: str, start: object, end: object) -> dict:
    """Everything the card says for a period: the rank trend, the first NAMES members to thank (Berkontribusi,
    best first) and to coach (Belum Berkontribusi by rank, then Hadir Saja lowest score first; never Belum
    Diundang), with how many there are, and the week's changes."""
    first, last = resolve_period(period, start, end)
    board = cached.participation_summary(engine, first, last)["standings"]

    def names(standing: str, sort: tuple, limit: int) -> list[dict]:
        if limit <= 0:
            return []
        rows = cached.leaderboard_page(engine, first, last, standings=(standing,), sort=sort, limit=limit)
        return [{"member_id": r["member_id"], "name": r["name"]} for r in rows]

    coach = names(ref.NOT_CONTRIBUTING, (), NAMES)
    coach += names(ref.ATTENDS_ONLY, (("score", False), ("name", False)), NAMES - len(coach))
    return {
        "rank": city_ranking(engine)["trend"],
        "thank": names(ref.CONTRIBUTING, (), NAMES), "thank_count": board[ref.CONTRIBUTING],
        "coach": coach, "coach_count": sum(board[s] for s in ref.CORRECTION_STANDINGS),
        "week": cached.snapshot_week_changes(engine),
    }
