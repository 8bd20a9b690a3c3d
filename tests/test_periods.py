"""Stored scores of the standard periods (dashboard/periods.py): what the pages read after a commit must be exactly
what the live computation from the running totals gives, for every period, filter and ranking; a stored period is
only read at the data version it was computed for."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from dashboard import models as M
from dashboard import periods
from dashboard import queries as q
from dashboard.db import bump_data_version, data_version


def _live_scores(session: Session, start: dt.date, end: dt.date, f: q.MemberFilter | None) -> list[dict]:
    """member_scores computed from the running totals, bypassing whatever is stored."""
    return q._score_rows(session.connection().execute(q.scores_select(start, end, f, None)))


def _days_inside_the_demo(session: Session) -> list[dt.date]:
    """Days on which every standard period has records: the demo's year seen from a few 'todays'."""
    first, last = session.execute(select(func.min(M.Activity.date), func.max(M.Activity.date))).one()
    return [first + (last - first) * 2 // 3, last + dt.timedelta(days=3)]


def test_stored_periods_equal_the_live_figures_for_every_period_filter_and_ranking(demo):  # noqa: ANN001
    with Session(demo) as s:
        sectors = [n for n, _ in q.filter_options(s)["sectors"]]
        filters = [None, q.MemberFilter(internal=False), q.MemberFilter(sector=sectors[0])]
        compared = 0
        for today in _days_inside_the_demo(s):
            assert periods.refresh(s, today) == len(periods.standard_periods(today))
            for start, end in periods.standard_periods(today):
                assert periods.stored_id(s, start, end) is not None
                for f in filters:
                    live = _live_scores(s, start, end, f)
                    assert q.member_scores(s, start, end, f) == live, (today, start, end, f)
                    assert q.member_ranks(s, start, end, f) == {r["member_id"]: r["rank"] for r in live}
                    assert q.participation_summary(s, start, end, f) == q.participation_from(live)
                    for by in ("organization", "sector"):
                        assert q.score_breakdown(s, by, start, end, f) == q.breakdown_from(live, by)
                    for by_organization in (True, False):
                        assert _sorted(q.board_groups(s, start, end, f, by_organization)) == \
                            _sorted(_live_groups(s, start, end, f, by_organization)), (start, end, f)
                    _check_pages(s, start, end, f)
                    compared += sum(r["score"] > 0 for r in live)
            # the movers compare the two stored rolling years
            assert q.movers(s, today, limit=10_000) == _movers_live(s, today)
        assert compared > 500  # the comparison was of real scores, not of empty boards
        s.rollback()


def _live_groups(session: Session, start: dt.date, end: dt.date, f: q.MemberFilter | None,
                 by_organization: bool) -> list[dict]:
    """board_groups grouped from the running totals, bypassing stored scores and groups."""
    return q._named_groups(session, q.group_select(q._scored(start, end, f), by_organization))


def _sorted(groups: list[dict]) -> list[dict]:
    return sorted(groups, key=lambda g: (str(g["organization"]), g["sector"], g["standing"]))


def _check_pages(session: Session, start: dt.date, end: dt.date, f: q.MemberFilter | None) -> None:
    """leaderboard_page (stored, the previous ranks joined by key) against the live board sorted in Python."""
    previous = (start - periods.WEEK, end - periods.WEEK)
    live = _live_scores(session, start, end, f)
    before = {r["member_id"]: r["rank"] for r in _live_scores(session, *previous, f)}
    for r in live:
        r["previous_rank"] = before.get(r["member_id"])
        r["change"] = None if r["previous_rank"] is None else r["previous_rank"] - r["rank"]

    def key(r: dict) -> tuple:
        return r["member_id"], r["rank"], r["previous_rank"], r["change"], r["standing"], r["score"]

    def got(**kw) -> list[tuple]:  # noqa: ANN003
        return [key(r) for r in q.leaderboard_page(session, start, end, f, previous=previous, limit=None, **kw)]

    by_rank = sorted(live, key=lambda r: (r["rank"], r["name"], r["member_id"]))
    assert got() == [key(r) for r in by_rank]
    by_change = sorted(by_rank, key=lambda r: -r["change"])  # stable: ties stay in rank order
    assert got(sort=(("change", True),)) == [key(r) for r in by_change]
    contributing = [key(r) for r in by_rank if r["standing"] == "Berkontribusi"]
    assert got(standings=("Berkontribusi",)) == contributing
    assert [key(r) for r in q.leaderboard_page(session, start, end, f, previous=previous, offset=3, limit=4)] == \
        [key(r) for r in by_rank][3:7]


def _movers_live(session: Session, today: dt.date) -> list[dict]:
    week_ago = today - dt.timedelta(days=7)
    now = _live_scores(session, *periods.rolling_year(today), None)
    before = {r["member_id"]: r["rank"] for r in _live_scores(session, *periods.rolling_year(week_ago), None)}
    moves = [{"member_id": r["member_id"], "name": r["name"], "organization": r["organization"], "rank": r["rank"],
              "previous_rank": before[r["member_id"]], "change": before[r["member_id"]] - r["rank"]}
             for r in now if before[r["member_id"]] != r["rank"]]
    return sorted(moves, key=lambda m: (-abs(m["change"]), m["rank"], m["name"]))


def test_a_bump_stores_todays_periods_and_drops_those_of_older_versions(demo):  # noqa: ANN001
    with Session(demo) as s:
        today = periods.today_wita()
        version = bump_data_version(s)
        s.commit()
        stored = s.execute(select(M.ScorePeriod.data_version, M.ScorePeriod.start, M.ScorePeriod.end)).all()
        assert sorted((start, end) for _, start, end in stored) == sorted(periods.standard_periods(today))
        assert {v for v, _, _ in stored} == {version}
        members = s.scalar(select(func.count()).select_from(M.Member).where(M.Member.status == "Aktif"))
        year = periods.stored_id(s, *periods.calendar_period("tahun", today))
        assert s.scalar(select(func.count()).where(M.PeriodScore.period_id == year)) == members
        # the periods ending today have their board's groups stored; those a week earlier do not
        grouped = set(s.scalars(select(M.PeriodGroup.period_id).distinct()))
        assert grouped == {periods.stored_id(s, start, end) for start, end in periods.standard_periods(today)
                           if end == today}
        assert s.scalar(select(func.sum(M.PeriodGroup.members)).where(M.PeriodGroup.period_id == year)) == members
        assert periods.refresh(s, today) == 0  # already stored for this version and day: nothing recomputed


def test_a_stored_period_of_an_older_version_is_never_read(demo):  # noqa: ANN001
    """A figure computed before a change must not be served after it, even if the stored rows are still there."""
    with Session(demo) as s:
        first, last = s.execute(select(func.min(M.Activity.date), func.max(M.Activity.date))).one()
        today = first + (last - first) // 2
        periods.refresh(s, today)
        start, end = periods.calendar_period("tahun", today)
        before = q.member_scores(s, start, end)
        assert periods.stored_id(s, start, end) is not None
        # a change that bypasses the loaders' bump, then the version moves on by hand: the old rows stay
        s.execute(update(M.ScoringWeight).values(points=M.ScoringWeight.points * 3))
        s.execute(update(M.AppState).where(M.AppState.key == "data_version")
                  .values(value=str(data_version(s) + 1)))
        s.expire_all()
        assert periods.stored_id(s, start, end) is None
        after = q.member_scores(s, start, end)
        tripled = {r["member_id"]: round(r["score"] * 3, 2) for r in before}
        assert {r["member_id"]: r["score"] for r in after} == pytest.approx(tripled)
        s.rollback()


def test_the_web_app_stores_a_missed_standard_period_in_the_background(demo, monkeypatch):  # noqa: ANN001
    """A new day (or a database migrated without stored periods): the first page computes live and starts one
    refresh; afterwards the day's periods are read from storage."""
    with Session(demo) as s:
        s.execute(M.PeriodScore.__table__.delete())
        s.execute(M.PeriodGroup.__table__.delete())
        s.execute(M.ScorePeriod.__table__.delete())
        s.commit()
    started = []
    monkeypatch.setattr(periods, "_refresh_later",
                        lambda engine, version, today: started.append((version, today)))
    periods.enable_background_refresh()
    try:
        with Session(demo) as s:
            start, end = periods.calendar_period("bulan", periods.today_wita())
            assert periods.stored_id(s, start, end) is None
            assert periods.stored_id(s, dt.date(2001, 1, 1), dt.date(2001, 2, 1)) is None  # not standard: no refresh
            version = data_version(s)
        assert started == [(version, periods.today_wita())]
        periods._refresh_now(demo, version, periods.today_wita())  # what the thread runs
        with Session(demo) as s:
            assert periods.stored_id(s, start, end) is not None
    finally:
        periods.enable_background_refresh(False)
