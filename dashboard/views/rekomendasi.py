"""`/rekomendasi` as data: the recommendations' follow-up (completion, what is overdue and by how many days, who
owns what, where evidence is missing), evaluation readiness and completion per snapshot week; and the evidence
each recommendation claims, which the evidence panel checks a choice against."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine

from dashboard.queries import STATUSES, cached, counted, today_wita
from dashboard.views.period import parse_date

__all__ = ["STATUSES", "completion_trend", "evidence_claims", "recommendation_data"]


def recommendation_data(engine: Engine, today: dt.date | None = None) -> dict:
    """The summary, the breakdowns by evaluation, dimension and PIC, readiness at the stored cut-off, and every
    item with its lateness. ``counted`` is completion's denominator (queries.counted: all but TDTL)."""
    today = today or today_wita()
    summary = cached.recommendation_summary(engine, today)
    cutoff = cached.stored_cutoff(engine, today)
    items = []
    for item in summary["items"]:
        target = parse_date(item["target"])
        late = (today - target).days if item["overdue"] and target else None
        items.append({**item, "days_late": late, "without_evidence": not item["evidence"]})
    counts = summary["status_counts"]
    return {
        "completion": summary["completion"],
        "status_counts": counts,
        "counted": counted(counts),
        "overdue_count": summary["overdue"],
        "items": items,
        "overdue": sorted((i for i in items if i["overdue"]), key=lambda i: (-(i["days_late"] or 0), i["code"])),
        "without_evidence": sum(1 for i in items if i["without_evidence"]),
        "by_source": cached.recommendation_breakdown(engine, "source", today),
        "by_dimension": cached.recommendation_breakdown(engine, "dimension", today),
        "by_pic": cached.recommendation_breakdown(engine, "pic", today),
        "readiness": cached.readiness(engine, cutoff),
        "readiness_cutoff": cutoff,
    }


def completion_trend(engine: Engine) -> list[dict]:
    """Completion per snapshot week as frozen that week, oldest first (each row with its ``counted``); empty until
    a week is frozen."""
    return cached.completion_trend(engine)


def evidence_claims(engine: Engine, today: dt.date | None = None) -> dict[str, int | None]:
    """Each recommendation's code and how many evidence items it has, as the page shows them."""
    summary = cached.recommendation_summary(engine, today or today_wita())
    return {i["code"]: i["evidence"] for i in summary["items"]}
