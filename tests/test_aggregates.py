"""The figures the database aggregates itself (participation, movers) against the same figures rolled up in
Python from the per-member rows, on the demo data: one definition, two routes, equal results."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import models as M
from dashboard import queries as q


def _demo_days(session: Session) -> list[dt.date]:
    first, last = session.execute(select(func.min(M.Activity.date), func.max(M.Activity.date))).one()
    days, day = [], first
    while day <= last + dt.timedelta(days=14):
        days.append(day)
        day += dt.timedelta(days=9)
    return days


def test_participation_and_ranks_in_sql_equal_the_roll_up_of_member_rows(demo):  # noqa: ANN001
    with Session(demo) as s:
        days = _demo_days(s)
        sectors = [n for n, _ in q.filter_options(s)["sectors"]]
        periods = [(None, None), (days[0], days[-1]), (days[len(days) // 2], days[-1]), (days[1], days[2]),
                   (dt.date(2000, 1, 1), dt.date(2000, 12, 31))]
        filters = [None, q.MemberFilter(internal=True), q.MemberFilter(internal=False),
                   *[q.MemberFilter(sector=n) for n in sectors]]
        checked = 0
        for start, end in periods:
            for f in filters:
                rows = q.member_scores(s, start, end, f)
                assert q.participation_summary(s, start, end, f) == q.participation_from(rows), (start, end, f)
                assert q.member_ranks(s, start, end, f) == {r["member_id"]: r["rank"] for r in rows}
                checked += bool(rows)
        assert checked > len(periods)  # most combinations had members: the comparison is not of empties
        everyone = q.participation_summary(s, None, None)
        assert everyone["members"] > 0 and sum(everyone["standings"].values()) == everyone["members"]


def expected_movers(session: Session, today: dt.date) -> list[dict]:
    """The moves from two full member_scores boards, compared in Python."""
    week_ago = today - dt.timedelta(days=7)
    now = q.member_scores(session, today - dt.timedelta(days=364), today)
    before = {r["member_id"]: r["rank"] for r in q.member_scores(session, week_ago - dt.timedelta(days=364), week_ago)}
    return [{"member_id": r["member_id"], "name": r["name"], "organization": r["organization"], "rank": r["rank"],
             "previous_rank": before[r["member_id"]], "change": before[r["member_id"]] - r["rank"]}
            for r in now if r["member_id"] in before and before[r["member_id"]] != r["rank"]]


def test_movers_ranked_in_sql_equal_the_moves_of_two_boards(demo):  # noqa: ANN001
    with Session(demo) as s:
        seen_moves = 0
        for today in _demo_days(s):
            expected = expected_movers(s, today)
            got = q.movers(s, today, limit=10_000)
            key = lambda m: m["member_id"]  # noqa: E731
            assert sorted(got, key=key) == sorted(expected, key=key), today
            changes = [abs(m["change"]) for m in got]
            assert changes == sorted(changes, reverse=True)
            assert q.movers(s, today) == got[:5]
            seen_moves += len(got)
        assert seen_moves > 0  # the demo data moves somebody in some week
