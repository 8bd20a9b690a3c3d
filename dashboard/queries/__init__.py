"""Read models: SQL aggregations returning plain rows, one module per domain.

    scores              the per-member board (stored periods or live), ranks, movers, one member's points
    groups              the board grouped in one GROUP BY, and its roll-ups (participation, breakdowns)
    recommendations     follow-up of the recommendations: counts, completion, overdue, per group
    evaluation_results  the city's evaluations and their labels
    evidence_readiness  evaluation readiness from the dated evidence
    trends              what the weekly snapshots froze
    records             what is stored (counts, the demo, the upload log, filter and template choices)
    cached              the pages' one way in: each read above as ``fn(engine, ...)``, cached by the data version

Each function takes a Session and returns rows; this package re-exports them for the CLI, the flows, the exports
and the tests. Views (dashboard/views) read through ``cached`` only.
"""
from __future__ import annotations

from core.score_sql import MemberFilter
from dashboard.queries.evaluation_results import evaluations, latest_evaluation
from dashboard.queries.groups import (board_groups, breakdown_from, breakdown_from_groups, group_select,
                                      participation_from, participation_from_groups, participation_summary,
                                      score_breakdown)
from dashboard.queries.evidence_readiness import CUTOFF_KEY, readiness, stored_cutoff
from dashboard.queries.recommendations import (STATUSES, completion, counted, overdue_expr,
                                               recommendation_breakdown, recommendation_summary)
from dashboard.queries.records import (filter_options, has_data, is_demo, record_counts, template_choices, uploads,
                                       working_group_names)
from dashboard.queries.scores import (BOARD_SORTS, PERIODS, leaderboard_page, member_detail, member_ranks,
                                      member_scores, movers, period_bounds, scores_select, today_wita)
from dashboard.queries.trends import (completion_trend, latest_snapshot_moves, member_rank_trend,
                                      snapshot_week_changes, snapshot_weeks)

__all__ = [
    "BOARD_SORTS", "CUTOFF_KEY", "PERIODS", "STATUSES", "MemberFilter", "board_groups", "breakdown_from",
    "breakdown_from_groups", "completion", "completion_trend", "counted", "evaluations", "filter_options",
    "group_select", "has_data", "is_demo", "latest_evaluation", "latest_snapshot_moves", "leaderboard_page",
    "member_detail", "member_rank_trend", "member_ranks", "member_scores", "movers", "overdue_expr",
    "participation_from", "participation_from_groups", "participation_summary", "period_bounds", "readiness",
    "record_counts", "recommendation_breakdown", "recommendation_summary", "score_breakdown", "scores_select",
    "snapshot_week_changes", "snapshot_weeks", "stored_cutoff", "template_choices", "today_wita", "uploads",
    "working_group_names",
]
