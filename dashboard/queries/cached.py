"""The read models' one cached face: every read the views need, as ``fn(engine, *args, **kwargs)``.

A call opens a session, reads the data version (one primary-key lookup) and serves the figure from this
process's cache while the version is unchanged (dashboard/cache.py: every upload, undo and rule change bumps it
in its own transaction). Reads over the weekly snapshots are keyed by the snapshots as well, since taking a
snapshot changes no data. The key holds the language too: labels come back in the page's language.
"""
from __future__ import annotations

from core import scoring
from dashboard.cache import cached_query, cached_snapshot_query
from dashboard.queries import evaluation_results as _evaluations
from dashboard.queries import groups as _groups
from dashboard.queries import evidence_readiness as _readiness
from dashboard.queries import recommendations as _recommendations
from dashboard.queries import records as _records
from dashboard.queries import scores as _scores
from dashboard.queries import trends as _trends

# scores
leaderboard_page = cached_query(_scores.leaderboard_page)
member_scores = cached_query(_scores.member_scores)
member_ranks = cached_query(_scores.member_ranks)
movers = cached_query(_scores.movers)
member_detail = cached_query(_scores.member_detail)
standing_rules = cached_query(scoring.standing_rules)

# groups
board_groups = cached_query(_groups.board_groups)
participation_summary = cached_query(_groups.participation_summary)
score_breakdown = cached_query(_groups.score_breakdown)

# recommendations, evaluations, readiness
recommendation_summary = cached_query(_recommendations.recommendation_summary)
recommendation_breakdown = cached_query(_recommendations.recommendation_breakdown)
evaluations = cached_query(_evaluations.evaluations)
latest_evaluation = cached_query(_evaluations.latest_evaluation)
stored_cutoff = cached_query(_readiness.stored_cutoff)
readiness = cached_query(_readiness.readiness)

# what is stored
has_data = cached_query(_records.has_data)
is_demo = cached_query(_records.is_demo)
record_counts = cached_query(_records.record_counts)
filter_options = cached_query(_records.filter_options)
working_group_names = cached_query(_records.working_group_names)
template_choices = cached_query(_records.template_choices)

# the weekly snapshots
snapshot_weeks = cached_snapshot_query(_trends.snapshot_weeks)
completion_trend = cached_snapshot_query(_trends.completion_trend)
member_rank_trend = cached_snapshot_query(_trends.member_rank_trend)
latest_snapshot_moves = cached_snapshot_query(_trends.latest_snapshot_moves)
snapshot_week_changes = cached_snapshot_query(_trends.snapshot_week_changes)
