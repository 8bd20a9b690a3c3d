"""`/peringkat` as data: members' weekly rank movement from the snapshots (the city's ranking is views.ranking's
city_ranking, which Ringkasan's story reads too)."""
from __future__ import annotations

from sqlalchemy.engine import Engine

from dashboard.queries import cached

TOP_MEMBERS = 10
TREND_WEEKS = 12
MOVERS_LIMIT = 8


def member_movement_data(engine: Engine) -> dict:
    """From the weekly snapshots: the year-to-date rank per week of the newest snapshot's top members, and the
    biggest moves between the two newest snapshots (biggest first, then the better rank)."""
    trend = cached.member_rank_trend(engine, None, TOP_MEMBERS, TREND_WEEKS)
    latest = cached.latest_snapshot_moves(engine)
    moves = sorted((m for m in latest["moves"].values() if m["change"]),
                   key=lambda m: (-abs(m["change"]), m["ytd_rank"], m["name"]))
    return {"trend": trend, "week": latest["week"], "previous_week": latest["previous_week"],
            "movers": moves[:MOVERS_LIMIT]}
