"""Stored scores of the standard periods (core/periods.py): what the pages read after a commit must be exactly
what the live computation from the running totals gives, for every period, filter and ranking; a stored period is
only read at the data version it was computed for."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core import derived, periods
from core import models as M
from core.db import data_version
from core.score_sql import scored
from dashboard import queries as q
from dashboard.queries.groups import _named_groups
from dashboard.queries.scores import _score_rows


def _live_scores(session: Session, start: dt.date, end: dt.date, f: q.MemberFilter | None) -> list[dict]:
    """member_scores computed from the running totals, bypassing whatever is stored."""
    return _score_rows(session.connection().execute(q.scores_select(start, end, f, None)))


def _days_inside_the_demo(session: Session) -> list[dt.date]:
    """Days on which every standard period has records: the demo's year seen from a few 'todays'."""
    first, last = session.execute(select(func.min(M.Activity.date), func.max(M.Activity.date))).one()
    return [first + (last - first) * 2 // 3, last + dt.timedelta(days=3)]


def test_stored_periods_equal_the_live_figures_for_every_period_filter_and_ranking(demo):  # noqa: ANN001
    with Session(demo) as s:
        compared = 0
        for today in _days_inside_the_demo(s):
            assert periods.store_missing(s, today) == len(periods.standard_periods(today))
            compared += _compare_stored_with_live(s, today)
        assert compared > 500  # the comparison was of real scores, not of empty boards
        s.rollback()


def _compare_stored_with_live(s: Session, today: dt.date) -> int:
    """Every stored period of ``today`` read through every query the pages use, against the live computation;
    returns how many non-zero scores were compared."""
    sectors = [n for n, _ in q.filter_options(s)["sectors"]]
    filters = [None, q.MemberFilter(internal=False), q.MemberFilter(sector=sectors[0])]
    compared = 0
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
    return compared


def _live_groups(session: Session, start: dt.date, end: dt.date, f: q.MemberFilter | None,
                 by_organization: bool) -> list[dict]:
    """board_groups grouped from the running totals, bypassing stored scores and groups."""
    return _named_groups(session, q.group_select(scored(start, end, f), by_organization))


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




def _stored_row(s: Session, start: dt.date, end: dt.date, member_id: int) -> M.PeriodScore | None:
    return s.get(M.PeriodScore, (periods.stored_id(s, start, end), member_id))


def _two_members_with_records(s: Session, today: dt.date) -> tuple[int, int]:
    start, end = periods.calendar_period("tahun", today)
    rows = [r for r in _live_scores(s, start, end, None) if r["score"] > 0]
    return rows[0]["member_id"], rows[-1]["member_id"]


def test_a_change_recomputes_only_the_rows_of_the_members_it_touched(demo):  # noqa: ANN001
    """derived.after_change carries today's stored periods to the new version: the touched member's rows are
    recomputed, every other row is kept as it was (a row planted with a wrong score stays wrong, which shows it was
    not recomputed), and the pages read the stored rows at the new version."""
    with Session(demo) as s:
        today = periods.today_wita()
        periods.store_missing(s, today)
        touched, untouched = _two_members_with_records(s, today)
        year = periods.calendar_period("tahun", today)
        _stored_row(s, *year, untouched).score = 9999.0
        before = data_version(s)
        # the change: every attendance of ``touched`` this year becomes Tidak Hadir
        s.execute(update(M.Attendance).where(M.Attendance.member_id == touched).values(status="Tidak Hadir"))
        version = derived.after_change(s, [touched])
        assert version == before + 1
        assert periods.missing(s, today) == []  # all of today's periods carried to the new version
        assert _stored_row(s, *year, untouched).score == 9999.0
        live = {r["member_id"]: r for r in _live_scores(s, *year, None)}
        assert _stored_row(s, *year, touched).attended == live[touched]["attended"] == 0
        _stored_row(s, *year, untouched).score = live[untouched]["score"]
        s.flush()
        assert _compare_stored_with_live(s, today) > 100
        s.rollback()


def test_members_who_join_or_leave_the_aktif_members_are_carried_without_being_named(demo):  # noqa: ANN001
    """A flow need not name a new member without records or a member made Nonaktif: every stored period holds the
    Aktif members, and the carry finds the difference."""
    with Session(demo) as s:
        today = periods.today_wita()
        periods.store_missing(s, today)
        leaving, _ = _two_members_with_records(s, today)
        s.get(M.Member, leaving).status = "Nonaktif"
        other = s.get(M.Member, _)
        s.add(M.Member(key="periods-test-new", name="Anggota Baru Uji", name_key="anggota baru uji",
                       organization_id=other.organization_id, sector_id=other.sector_id, role="Anggota",
                       status="Aktif"))
        s.flush()
        newcomer = s.scalar(select(M.Member.id).where(M.Member.key == "periods-test-new"))
        derived.after_change(s)
        year = periods.calendar_period("tahun", today)
        assert _stored_row(s, *year, leaving) is None
        assert _stored_row(s, *year, newcomer).score == 0
        _compare_stored_with_live(s, today)
        s.rollback()


def test_a_change_of_the_weights_recomputes_every_stored_row(demo):  # noqa: ANN001
    with Session(demo) as s:
        today = periods.today_wita()
        periods.store_missing(s, today)
        _, untouched = _two_members_with_records(s, today)
        year = periods.calendar_period("tahun", today)
        _stored_row(s, *year, untouched).score = 9999.0
        s.execute(update(M.ScoringWeight).values(points=M.ScoringWeight.points * 2))
        derived.after_change(s, weights=True)
        assert _stored_row(s, *year, untouched).score != 9999.0
        _compare_stored_with_live(s, today)
        s.rollback()


def test_the_first_change_of_a_day_stores_nothing_and_the_keeper_stores_the_day(demo):  # noqa: ANN001
    """No period of today is stored (a new day): the commit does not compute the board; the pages compute live
    until the background keeper (derived.keep_current, a thread of the web app) has stored the day's periods,
    and it drops the periods of other days and versions."""
    with Session(demo) as s:
        yesterday = periods.today_wita() - dt.timedelta(days=1)
        periods.drop_all(s)
        periods.store_missing(s, yesterday)
        derived.after_change(s)
        s.commit()
        today = periods.today_wita()
        assert periods.missing(s, today) == periods.standard_periods(today)
        start, end = periods.calendar_period("bulan", today)
        assert q.member_scores(s, start, end) == _live_scores(s, start, end, None)
    assert derived.keep_current(demo) == len(periods.standard_periods(today))
    assert derived.keep_current(demo) == 0  # stored: one small query, nothing computed
    with Session(demo) as s:
        kept = set(s.execute(select(M.ScorePeriod.data_version, M.ScorePeriod.start, M.ScorePeriod.end)).all())
        assert kept == {(data_version(s), a, b) for a, b in periods.standard_periods(today)}
        assert _compare_stored_with_live(s, today) > 100


def test_reads_start_no_work(demo, monkeypatch):  # noqa: ANN001
    """A read of a period that is not stored computes live and starts nothing (no thread, no write)."""
    import threading

    with Session(demo) as s:
        periods.drop_all(s)
        s.commit()
        threads = threading.active_count()
        start, end = periods.calendar_period("bulan", periods.today_wita())
        assert q.member_scores(s, start, end)
        assert periods.stored_id(s, start, end) is None
        assert threading.active_count() == threads
        assert not s.new and not s.dirty
