"""Read models shared by the pages and the CLI: SQL aggregations returning plain rows (one query, two faces)."""
from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import Float, Integer, and_, case, cast, func, literal, select, union_all
from sqlalchemy.orm import Session, aliased

from core import models as M
from core import periods
from core import reference as ref
from core.score_sql import MemberFilter, member_conditions, scored, unfiltered
from core.scoring import ATTENDANCE, CONTRIBUTION, standing_expr, stored_standing_rules

__all__ = ["MemberFilter"]  # the pages and the CLI name the filter through this module

today_wita = periods.today_wita


def _between(column, start: dt.date | None, end: dt.date | None):  # noqa: ANN001, ANN202
    conds = []
    if start is not None:
        conds.append(column >= start)
    if end is not None:
        conds.append(column <= end)
    return and_(True, *conds)


@functools.lru_cache(maxsize=256)
def _stored(period_id: int, filters: MemberFilter | None, previous_id: int | None = None):  # noqa: ANN202
    """scored's columns read from a stored period (core/periods.py), narrowed by the filters; with
    ``previous_id``, another stored period of the same version (so of the same members) joined by its primary key
    for ``previous_score``."""
    ps = M.PeriodScore
    q = select(ps.member_id, ps.score, ps.attended, ps.invited, ps.contributions).where(ps.period_id == period_id)
    if previous_id is not None:
        pv = aliased(M.PeriodScore, name="pv")
        q = q.add_columns(pv.score.label("previous_score")).join(
            pv, and_(pv.period_id == previous_id, pv.member_id == ps.member_id))
    if not unfiltered(filters):
        q = (q.join(M.Member, M.Member.id == ps.member_id).join(M.Sector, M.Sector.id == M.Member.sector_id)
             .where(*member_conditions(filters)))
    return q.subquery("sc0")


def _source(start: dt.date | None, end: dt.date | None, filters: MemberFilter | None,
            period_id: int | None):  # noqa: ANN202 - a Subquery
    return scored(start, end, filters) if period_id is None else _stored(period_id, filters)


def _lean(session: Session, start: dt.date | None, end: dt.date | None,
          filters: MemberFilter | None):  # noqa: ANN202 - a Subquery
    """The lean per-member scores: stored when the period is stored for the data version, else computed live."""
    return _source(start, end, filters, periods.stored_id(session, start, end))


@functools.lru_cache(maxsize=256)  # statements are immutable; building one costs more than a small query
def scores_select(start: dt.date | None = None, end: dt.date | None = None,
                  filters: MemberFilter | None = None, period_id: int | None = None,
                  previous_id: int | None = None):  # noqa: ANN201 - a SQLAlchemy Select
    """The per-member score query (see member_scores): the lean scores with names, standing and rank, read from
    the stored period ``period_id`` when given; with the stored ``previous_id`` too, each member's rank there
    (within the same filters) as ``previous_rank``."""
    sc = _source(start, end, filters, period_id) if previous_id is None else _stored(period_id, filters, previous_id)
    rank = func.rank().over(order_by=sc.c.score.desc())
    score = sc.c.score
    present = sc.c.attended
    n_contrib = sc.c.contributions
    rate = case((sc.c.invited > 0, cast(present, Float) / sc.c.invited), else_=None)
    q = (
        select(
            M.Member.id.label("member_id"),
            M.Member.code,
            M.Member.name,
            M.Organization.name.label("organization"),
            M.Sector.name.label("sector"),
            M.Sector.internal.label("internal"),
            score,
            rate.label("attendance_rate"),
            n_contrib,
            present,
            sc.c.invited,
            standing_expr(n_contrib, present, sc.c.invited, **stored_standing_rules()).label("standing"),
            rank.label("rank"),
        )
        .add_columns(M.Member.organization_id, M.Member.working_group_id, M.Member.dimension_id)
        .add_columns(*([] if previous_id is None else [
            func.rank().over(order_by=sc.c.previous_score.desc()).label("previous_rank")]))
        .select_from(sc)
        .join(M.Member, M.Member.id == sc.c.member_id)
        .join(M.Organization, M.Organization.id == M.Member.organization_id)
        .join(M.Sector, M.Sector.id == M.Member.sector_id)
    )
    return q.order_by(score.desc(), M.Member.name)


def member_scores(session: Session, start: dt.date | None = None, end: dt.date | None = None,
                  filters: MemberFilter | None = None) -> list[dict]:
    """Per Aktif member over [start, end]: score, attendance rate, verified contributions, standing, rank.

    Score = attendance points (by status) + points of each verified contribution (by kind), with the
    weights stored in scoring_weight. Ranks share ties (1, 2, 2, 4), best first.
    """
    period_id = periods.stored_id(session, start, end)
    return _score_rows(session.connection().execute(scores_select(start, end, filters, period_id)))


def _score_rows(result) -> list[dict]:  # noqa: ANN001 - a CursorResult of scores_select's columns
    keys = list(result.keys())
    rows = []
    for r in result:  # one dict(zip()) per row: Row._asdict costs more than the query on large boards
        d = dict(zip(keys, r, strict=True))
        d["score"] = round(float(d["score"] or 0), 2)
        d["attendance_rate"] = None if d["attendance_rate"] is None else round(float(d["attendance_rate"]), 4)
        d["internal"] = bool(d["internal"])
        rows.append(d)
    return rows


BOARD_SORTS = ("rank", "name", "organization", "sector", "score", "attendance_rate", "contributions", "standing",
               "change")
_TEXT_SORTS = {"name", "organization", "sector", "standing"}


def leaderboard_page(session: Session, start: dt.date | None, end: dt.date | None,
                     filters: MemberFilter | None = None, *, previous: tuple[dt.date | None, dt.date | None] | None = None,
                     standings: tuple[str, ...] | None = None, sort: tuple[tuple[str, bool], ...] = (),
                     offset: int = 0, limit: int | None = 100) -> list[dict]:
    """One page of member_scores's board, cut in the database: ranks within the filters as in member_scores;
    ``standings`` narrows the rows without re-ranking them; ``previous`` adds each member's rank over that period
    (``previous_rank``, None when not ranked there) and ``change`` (previous rank - rank); ``sort`` is
    (column of BOARD_SORTS, descending) pairs, text case-insensitive, empty values last, then rank and name."""
    period_id = periods.stored_id(session, start, end)
    previous_id = None if previous is None or period_id is None else periods.stored_id(session, *previous)
    board = scores_select(start, end, filters, period_id, previous_id).order_by(None).subquery("b")
    q = select(*board.c)
    columns = dict(board.c)
    if previous_id is not None:  # both stored: the previous ranks came with the board
        columns["change"] = board.c.previous_rank - board.c.rank
        q = q.add_columns(columns["change"].label("change"))
    elif previous is not None:
        ranks = _ranks(session, *previous, filters)
        before = ranks.subquery("before")
        columns["previous_rank"] = before.c.rank
        columns["change"] = before.c.rank - board.c.rank
        q = (q.add_columns(columns["previous_rank"].label("previous_rank"), columns["change"].label("change"))
             .outerjoin(before, before.c.member_id == board.c.member_id))
    if standings is not None:
        q = q.where(board.c.standing.in_(standings))
    order = []
    for name, descending in sort:
        if name not in BOARD_SORTS or name not in columns:
            continue
        expr = func.lower(columns[name]) if name in _TEXT_SORTS else columns[name]
        order.append((expr.desc() if descending else expr.asc()).nulls_last())
    q = q.order_by(*order, board.c.rank, board.c.name, board.c.member_id).offset(offset)
    rows = _score_rows(session.connection().execute(q if limit is None else q.limit(limit)))
    if previous is None:
        for r in rows:
            r["previous_rank"] = r["change"] = None
    return rows


def _ranks(session: Session, start: dt.date | None, end: dt.date | None,
           filters: MemberFilter | None):  # noqa: ANN202 - a Select
    """member_id and rank (ties shared, as in member_scores), ranked in the database from the lean scores
    (stored or live)."""
    sc = _lean(session, start, end, filters)
    return select(sc.c.member_id, func.rank().over(order_by=sc.c.score.desc()).label("rank"))


def member_ranks(session: Session, start: dt.date | None = None, end: dt.date | None = None,
                 filters: MemberFilter | None = None) -> dict[int, int]:
    """Rank per member as in member_scores: member id -> rank only."""
    return {member_id: rank for member_id, rank in session.connection().execute(_ranks(session, start, end, filters))}


# --- Recommendations -----------------------------------------------------------------------------

STATUSES = (ref.SESUAI, ref.BELUM_SESUAI, ref.BELUM_TL, ref.TDTL)


def completion(status_counts: dict[str, int]) -> float:
    """Sesuai / (all - Tidak Dapat Ditindaklanjuti), the programme's completion measure."""
    denominator = sum(status_counts.values()) - status_counts.get(ref.TDTL, 0)
    return round(status_counts.get(ref.SESUAI, 0) / denominator, 4) if denominator > 0 else 0.0


def overdue_expr(today: dt.date):  # noqa: ANN201
    """Past its target and not Sesuai."""
    return and_(M.Recommendation.target.is_not(None), M.Recommendation.target < today,
                M.Recommendation.status != ref.SESUAI)


def recommendation_summary(session: Session, today: dt.date | None = None) -> dict:
    today = today or today_wita()
    counts = {s: 0 for s in STATUSES}
    for status, n in session.execute(select(M.Recommendation.status, func.count()).group_by(M.Recommendation.status)):
        counts[status] = n
    overdue = session.scalar(select(func.count()).where(overdue_expr(today))) or 0
    items = []
    q = (
        select(M.Recommendation, case((overdue_expr(today), True), else_=False).label("overdue"),
               M.Dimension.name.label("dimension"))
        .outerjoin(M.Dimension, M.Dimension.id == M.Recommendation.dimension_id)
        .order_by(M.Recommendation.year, M.Recommendation.code)
    )
    for rec, is_overdue, dimension in session.execute(q):
        items.append({
            "code": rec.code,
            "source": rec.source,
            "year": rec.year,
            "text": rec.text,
            "dimension": dimension,
            "pic": rec.pic,
            "status": rec.status,
            "progress": rec.progress,
            "target": rec.target.isoformat() if rec.target else None,
            "overdue": bool(is_overdue),
            "evidence": rec.evidence_count,
        })
    return {"completion": completion(counts), "status_counts": counts, "overdue": int(overdue), "items": items}


def latest_evaluation(session: Session) -> dict | None:
    stage_order = case((M.Evaluation.stage == "Final", 3), (M.Evaluation.stage == "II", 2), else_=1)
    e = session.scalars(select(M.Evaluation).where(M.Evaluation.rank.is_not(None))
                        .order_by(M.Evaluation.year.desc(), stage_order.desc()).limit(1)).first()
    if e is None:
        return None
    return {"year": e.year, "stage": e.stage, "rank": e.rank, "field_size": e.field_size, "score": e.score,
            "predicate": e.predicate}


def has_data(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(M.Member)) > 0 or \
        session.scalar(select(func.count()).select_from(M.Recommendation)) > 0


# --- Periods -------------------------------------------------------------------------------------

PERIODS = ("minggu", "bulan", "triwulan", "tahun", "kustom")


def period_bounds(kind: str, today: dt.date | None = None, start: dt.date | None = None,
                  end: dt.date | None = None) -> tuple[dt.date | None, dt.date | None]:
    """This ISO week / month / quarter / year (in WITA) up to today, or a custom range."""
    if kind in periods.CALENDAR_KINDS:
        return periods.calendar_period(kind, today or today_wita())
    return start, end


# --- Aggregates over the per-member scores ------------------------------------------------------


def board_groups(session: Session, start: dt.date | None, end: dt.date | None,
                 filters: MemberFilter | None = None, by_organization: bool = True) -> list[dict]:
    """The board in groups: one GROUP BY (organization, sector, internal, standing) over the lean per-member scores,
    with members, score sum, contributors, attended and invited per group. Participation and the breakdowns per
    organization and per sector are roll-ups of these rows, whatever the number of members. Without
    ``by_organization`` the groups are per (sector, standing) only (``organization`` None): a handful of rows, and
    a cheaper sort when organizations are many."""
    return _named_groups(session, group_select(_lean(session, start, end, filters), by_organization))


def group_select(sc, by_organization: bool = True):  # noqa: ANN001, ANN201 - lean scores in, a Select out
    """board_groups' GROUP BY over lean per-member scores ``sc``: organization_id, sector_id, standing, n, total,
    attended, invited."""
    standing = standing_expr(sc.c.contributions, sc.c.attended, sc.c.invited, **stored_standing_rules()).label("standing")
    organization = M.Member.organization_id if by_organization else literal(None, Integer)
    return (select(organization.label("organization_id"), M.Member.sector_id, standing, func.count().label("n"),
                   func.coalesce(func.sum(sc.c.score), 0).label("total"),
                   func.coalesce(func.sum(sc.c.attended), 0).label("attended"),
                   func.coalesce(func.sum(sc.c.invited), 0).label("invited"))
            .select_from(sc)
            .join(M.Member, M.Member.id == sc.c.member_id)
            .group_by(*([M.Member.organization_id] if by_organization else []), M.Member.sector_id, standing))


def _named_groups(session: Session, grouped) -> list[dict]:  # noqa: ANN001 - group_select's columns
    # grouped by the ids (integers sort faster than names), named afterwards
    g = grouped.subquery("g")
    q = (select(M.Organization.name, M.Sector.name, M.Sector.internal, g.c.standing, g.c.n, g.c.total, g.c.attended,
                g.c.invited)
         .outerjoin(M.Organization, M.Organization.id == g.c.organization_id)
         .join(M.Sector, M.Sector.id == g.c.sector_id))
    return [{"organization": org, "sector": sector, "internal": bool(internal), "standing": st, "members": int(n),
             "score": float(total), "attended": int(attended), "invited": int(invited)}
            for org, sector, internal, st, n, total, attended, invited in session.connection().execute(q)]


def participation_summary(session: Session, start: dt.date | None, end: dt.date | None,
                          filters: MemberFilter | None = None) -> dict:
    """Members internal/external, attendance rate internal vs external, members per standing (board_groups)."""
    return participation_from_groups(board_groups(session, start, end, filters, by_organization=False))


def participation_from_groups(groups: list[dict]) -> dict:
    return _participation((g["internal"], g["standing"], g["members"], g["attended"], g["invited"]) for g in groups)


def _participation(groups) -> dict:  # noqa: ANN001 - rows (internal, standing, members, attended, invited)
    totals = {True: {"members": 0, "attended": 0, "invited": 0}, False: {"members": 0, "attended": 0, "invited": 0}}
    standings = {s: 0 for s in ref.STANDINGS}
    for internal, standing, members, attended, invited in groups:
        g = totals[bool(internal)]
        g["members"] += int(members)
        g["attended"] += int(attended or 0)
        g["invited"] += int(invited or 0)
        standings[standing] += int(members)

    def rate(g: dict) -> float | None:
        return round(g["attended"] / g["invited"], 4) if g["invited"] else None

    return {
        "members": totals[True]["members"] + totals[False]["members"],
        "internal_members": totals[True]["members"],
        "external_members": totals[False]["members"],
        "internal_attendance_rate": rate(totals[True]),
        "external_attendance_rate": rate(totals[False]),
        "standings": standings,
    }


def participation_from(scores: list[dict]) -> dict:
    """participation_summary rolled up from member_scores rows: the same figures, each member its own group."""
    return participation_from_groups(_member_groups(scores))


def _member_groups(scores: list[dict]) -> list[dict]:
    """member_scores rows as board_groups rows of one member each."""
    return [{"organization": r["organization"], "sector": r["sector"], "internal": bool(r["internal"]),
             "standing": r["standing"], "members": 1, "score": float(r["score"] or 0),
             "attended": int(r["attended"] or 0), "invited": int(r["invited"] or 0)} for r in scores]


def score_breakdown(session: Session, by: str, start: dt.date | None, end: dt.date | None,
                    filters: MemberFilter | None = None) -> list[dict]:
    """Per organization or per sector: members, average score, contributors, attendance rate (board_groups)."""
    return breakdown_from_groups(board_groups(session, start, end, filters), by)


def breakdown_from_groups(groups: list[dict], by: str) -> list[dict]:
    totals: dict[str, dict] = {}
    for g in groups:
        t = totals.setdefault(g[by], {"name": g[by], "members": 0, "total_score": 0.0, "contributing": 0,
                                      "attended": 0, "invited": 0})
        t["members"] += g["members"]
        t["total_score"] += g["score"]
        t["contributing"] += g["members"] if g["standing"] == ref.CONTRIBUTING else 0
        t["attended"] += g["attended"]
        t["invited"] += g["invited"]
    return _breakdown(list(totals.values()))


def breakdown_from(scores: list[dict], by: str) -> list[dict]:
    """score_breakdown rolled up from member_scores rows, best average first."""
    return breakdown_from_groups(_member_groups(scores), by)


def _breakdown(groups: list[dict]) -> list[dict]:
    out = []
    for g in groups:
        g["avg_score"] = round(g["total_score"] / g["members"], 2)
        g["total_score"] = round(g["total_score"], 2)
        g["attendance_rate"] = round(g["attended"] / g["invited"], 4) if g["invited"] else None
        out.append(g)
    out.sort(key=lambda g: (-g["avg_score"], g["name"]))
    return out


def movers(session: Session, today: dt.date | None = None, limit: int = 5) -> list[dict]:
    """Biggest rank moves of the past week: the rank over the 365 days up to today against the rank over the 365
    days up to a week ago (weekly snapshots freeze the same figure), stored or live. Both rankings are one window
    over the two score sets stacked (a join of two ranked subqueries has no index and costs minutes at 40,000
    members); only the ``limit`` moves come back."""
    today = today or today_wita()
    week_ago = today - dt.timedelta(days=7)
    now = _lean(session, *periods.rolling_year(today), None)
    before = _lean(session, *periods.rolling_year(week_ago), None)
    stacked = union_all(select(now.c.member_id, now.c.score, literal(1).label("is_now")),
                        select(before.c.member_id, before.c.score, literal(0).label("is_now"))).subquery("stacked")
    ranked = select(stacked.c.member_id, stacked.c.is_now, func.rank().over(
        partition_by=stacked.c.is_now, order_by=stacked.c.score.desc()).label("rank")).subquery("ranked")
    both = (select(ranked.c.member_id,
                   func.max(case((ranked.c.is_now == 1, ranked.c.rank))).label("rank"),
                   func.max(case((ranked.c.is_now == 0, ranked.c.rank))).label("previous_rank"))
            .group_by(ranked.c.member_id).subquery("both"))
    change = (both.c.previous_rank - both.c.rank).label("change")
    q = (select(both.c.member_id, M.Member.name, M.Organization.name.label("organization"), both.c.rank,
                both.c.previous_rank, change)
         .join(M.Member, M.Member.id == both.c.member_id)
         .join(M.Organization, M.Organization.id == M.Member.organization_id)
         .where(both.c.previous_rank != both.c.rank)
         .order_by(func.abs(change).desc(), both.c.rank, M.Member.name)
         .limit(limit))
    return [r._asdict() for r in session.execute(q)]


def member_detail(session: Session, member_id: int, start: dt.date | None, end: dt.date | None) -> dict:
    """Every attendance and verified-or-not contribution behind a member's score, with its points."""
    wa = M.ScoringWeight.__table__.alias("wa")
    wc = M.ScoringWeight.__table__.alias("wc")
    member = session.execute(
        select(M.Member.id, M.Member.code, M.Member.name, M.Member.position, M.Member.role, M.Member.status,
               M.Organization.name.label("organization"), M.Sector.name.label("sector"))
        .join(M.Organization, M.Organization.id == M.Member.organization_id).join(M.Sector, M.Sector.id == M.Member.sector_id).where(M.Member.id == member_id)
    ).first()
    if member is None:
        return {}
    attendance = [r._asdict() for r in session.execute(
        select(M.Activity.date, M.Activity.name.label("activity"), M.Activity.kind, M.Attendance.status,
               func.coalesce(wa.c.points, 0).label("points"))
        .join(M.Activity, M.Activity.id == M.Attendance.activity_id)
        .outerjoin(wa, and_(wa.c.category == ATTENDANCE, wa.c.key == M.Attendance.status))
        .where(M.Attendance.member_id == member_id, _between(M.Activity.date, start, end))
        .order_by(M.Activity.date.desc()))]
    contributions = [r._asdict() for r in session.execute(
        select(M.Contribution.date, M.Contribution.kind, M.Contribution.description, M.Contribution.verification,
               M.Recommendation.code.label("recommendation"), M.Contribution.evidence,
               case((M.Contribution.verification == ref.VERIFIED, func.coalesce(wc.c.points, 0)), else_=0)
               .label("points"))
        .outerjoin(wc, and_(wc.c.category == CONTRIBUTION, wc.c.key == M.Contribution.kind))
        .outerjoin(M.Recommendation, M.Recommendation.id == M.Contribution.recommendation_id)
        .where(M.Contribution.member_id == member_id, _between(M.Contribution.date, start, end))
        .order_by(M.Contribution.date.desc()))]
    return {"member": member._asdict(), "attendance": attendance, "contributions": contributions}


def working_group_names(session: Session) -> list[str]:
    """The stored working groups' names, sorted (the invitees a meeting list may name)."""
    return list(session.scalars(select(M.WorkingGroup.name).order_by(M.WorkingGroup.name)))


def filter_options(session: Session) -> dict[str, list[tuple[int | str, str]]]:
    """Choices for the leaderboard filters, from the reference data and what is stored."""
    return {
        "sectors": [(n, n) for n in session.scalars(select(M.Sector.name).order_by(M.Sector.sort_order))],
        "working_groups": [tuple(r) for r in session.execute(select(M.WorkingGroup.id, M.WorkingGroup.name)
                                                             .order_by(M.WorkingGroup.name))],
        "dimensions": [tuple(r) for r in session.execute(select(M.Dimension.id, M.Dimension.name)
                                                         .order_by(M.Dimension.sort_order))],
        "organizations": [tuple(r) for r in session.execute(select(M.Organization.id, M.Organization.name)
                                                            .order_by(M.Organization.name))],
    }


# --- Recommendations by group, evaluations ---------------------------------------------------------


def recommendation_breakdown(session: Session, by: str, today: dt.date | None = None) -> list[dict]:
    """Counts per status and completion per evaluation source, dimension or PIC."""
    today = today or today_wita()
    key = {
        "source": M.Recommendation.source,
        "dimension": func.coalesce(M.Dimension.name, "Tanpa dimensi"),
        "pic": func.coalesce(M.Recommendation.pic, "Tanpa PIC"),
    }[by]
    q = (
        select(key.label("name"), M.Recommendation.status, func.count().label("n"),
               func.sum(case((overdue_expr(today), 1), else_=0)).label("overdue"),
               func.min(M.Recommendation.year).label("year"))
        .outerjoin(M.Dimension, M.Dimension.id == M.Recommendation.dimension_id)
        .group_by(key, M.Recommendation.status)
    )
    groups: dict[str, dict] = {}
    for name, status, n, overdue, year in session.execute(q):
        g = groups.setdefault(name, {"name": name, "year": year, "status_counts": {s: 0 for s in STATUSES},
                                     "overdue": 0})
        g["status_counts"][status] += n
        g["overdue"] += int(overdue or 0)
        g["year"] = min(g["year"] or year or 0, year or 0) or None
    out = []
    for g in groups.values():
        g["total"] = sum(g["status_counts"].values())
        g["completion"] = completion(g["status_counts"])
        out.append(g)
    out.sort(key=lambda g: (g["year"] or 0, g["name"]) if by == "source" else (-g["total"], g["name"]))
    return out


def evaluations(session: Session) -> list[dict]:
    """Every evaluation of the city, oldest first, with its per-dimension scores."""
    stage_order = case((M.Evaluation.stage == "I", 1), (M.Evaluation.stage == "II", 2), else_=3)
    rows = [e for e in session.scalars(select(M.Evaluation).order_by(M.Evaluation.year, stage_order))]
    scores: dict[int, dict[str, float | None]] = {}
    for eid, dim, score in session.execute(
            select(M.EvaluationScore.evaluation_id, M.Dimension.name, M.EvaluationScore.score)
            .join(M.Dimension).order_by(M.Dimension.sort_order)):
        scores.setdefault(eid, {})[dim] = score
    return [{"year": e.year, "stage": e.stage, "label": f"{e.year}" if e.stage == "Final" else f"{e.year} Tahap {e.stage}",
             "rank": e.rank, "field_size": e.field_size, "score": e.score, "predicate": e.predicate,
             "dimensions": scores.get(e.id, {})} for e in rows]


def uploads(session: Session, limit: int | None = 100) -> list[dict]:
    """The upload log, newest first (the page shows ``limit``; the CLI passes None for all)."""
    import json

    return [{"id": u.id, "kind": u.kind, "filename": u.filename, "sha256": u.sha256, "by": u.uploaded_by,
             "at": u.uploaded_at,
             "outcome": u.outcome, "summary": u.message, "counts": json.loads(u.counts_json or "{}"),
             "error_count": u.error_count}
            for u in session.scalars(select(M.Upload).order_by(M.Upload.id.desc()).limit(limit))]


def is_demo(session: Session) -> bool:
    """Demo data is loaded: some stored rows were written by the demo upload."""
    demo_ids = select(M.Upload.id).where(M.Upload.uploaded_by == "demo", M.Upload.outcome == "committed")
    return session.scalar(select(func.count()).select_from(M.Member).where(M.Member.created_upload_id.in_(demo_ids))) > 0


# --- What is stored, per sheet of the contract (pages name what to upload when something is missing) ---


def record_counts(session: Session) -> dict[str, int]:
    """Rows stored per kind of record; keys as in the load report (``members``, ``activities``, ...)."""
    tables = {
        "members": M.Member,
        "activities": M.Activity,
        "attendance": M.Attendance,
        "contributions": M.Contribution,
        "recommendations": M.Recommendation,
        "evaluations": M.Evaluation,
    }
    return {kind: session.scalar(select(func.count()).select_from(table)) or 0 for kind, table in tables.items()}


# --- The recap template's dropdowns ----------------------------------------------------------------


def template_choices(session: Session) -> tuple[list[str], list[str]]:
    """Sectors and (non cross-cutting) dimensions, in their order, for the blank recap template."""
    sectors = list(session.scalars(select(M.Sector.name).order_by(M.Sector.sort_order)))
    dimensions = list(session.scalars(select(M.Dimension.name).where(M.Dimension.cross_cutting.is_(False))
                                      .order_by(M.Dimension.sort_order)))
    return sectors, dimensions


# --- Weekly snapshots: trends read from the frozen weeks ------------------------------------------------
# Taking a snapshot does not bump the data version: pages cache these with cache.cached_snapshot_query.


def snapshot_weeks(session: Session) -> list[str]:
    """Every frozen ISO week, oldest first."""
    return list(session.scalars(select(M.Snapshot.week).order_by(M.Snapshot.week_start)))


def completion_trend(session: Session) -> list[dict]:
    """Per snapshot week, oldest first: the follow-up status counts, overdue count and completion as frozen that
    week (completion as in ``completion``: Sesuai / (all - Tidak Dapat Ditindaklanjuti), 0 when none counts)."""
    r = M.SnapshotRecommendation

    def count_of(condition):  # noqa: ANN001, ANN202
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    counted = func.count(r.id) - count_of(r.status == ref.TDTL)
    q = (
        select(M.Snapshot.week, M.Snapshot.week_start, M.Snapshot.week_end, func.count(r.id).label("total"),
               *[count_of(r.status == s).label(f"status_{i}") for i, s in enumerate(STATUSES)],
               count_of(r.overdue.is_(True)).label("overdue"),
               case((counted > 0, cast(count_of(r.status == ref.SESUAI), Float) / counted), else_=0.0)
               .label("completion"))
        .outerjoin(r, r.snapshot_id == M.Snapshot.id)
        .group_by(M.Snapshot.id, M.Snapshot.week, M.Snapshot.week_start, M.Snapshot.week_end)
        .order_by(M.Snapshot.week_start)
    )
    return [{"week": row.week, "week_start": row.week_start, "week_end": row.week_end, "total": int(row.total),
             "status_counts": {s: int(getattr(row, f"status_{i}")) for i, s in enumerate(STATUSES)},
             "overdue": int(row.overdue), "completion": round(float(row.completion), 4)}
            for row in session.execute(q)]


def member_rank_trend(session: Session, member_ids: tuple[int, ...] | None = None, top: int = 10,
                      weeks: int = 12) -> list[dict]:
    """Year-to-date rank and score per snapshot week (the newest ``weeks``, oldest first) of ``member_ids``, or
    of the ``top`` members of the newest snapshot; rows (week, week_end, member_id, name, ytd_rank, ytd_score)."""
    sm = M.SnapshotMember
    newest_first = select(M.Snapshot.id).order_by(M.Snapshot.week_start.desc())
    merged: dict[int, int] = {}
    if member_ids is None:
        members = (select(sm.member_id).where(sm.snapshot_id == newest_first.limit(1).scalar_subquery())
                   .order_by(sm.ytd_rank, sm.name).limit(top))
    else:
        # frozen weeks never change: a member's history reads the weeks of the members merged into it
        merged = {d: k for d, k in session.execute(select(M.MemberMerge.drop_id, M.MemberMerge.keep_id)
                                                   .where(M.MemberMerge.keep_id.in_(member_ids)))}
        members = [*member_ids, *merged]
    q = (
        select(M.Snapshot.week, M.Snapshot.week_end, sm.member_id, sm.name, sm.ytd_rank, sm.ytd_score)
        .join(M.Snapshot, M.Snapshot.id == sm.snapshot_id)
        .where(sm.snapshot_id.in_(newest_first.limit(weeks)), sm.member_id.in_(members))
        .order_by(M.Snapshot.week_start, sm.ytd_rank, sm.name)
    )
    rows = [row._asdict() for row in session.execute(q)]
    if not merged:
        return rows
    own = {(r["week"], r["member_id"]) for r in rows if r["member_id"] not in merged}
    out = []
    for r in rows:  # a week the member has a row of its own keeps it; else the merged member's row stands in
        keep = merged.get(r["member_id"])
        if keep is None:
            out.append(r)
        elif (r["week"], keep) not in own:
            own.add((r["week"], keep))
            out.append({**r, "member_id": keep})
    return out


def latest_snapshot_moves(session: Session) -> dict:
    """Year-to-date rank change between the two newest snapshots of every member in both (the moves of
    ``snapshots.changes``, plus the unchanged with change 0): {"week", "previous_week", "moves": {member_id:
    {member_id, name, organization, previous_rank, ytd_rank, change}}}; a positive change moved up."""
    newest = session.execute(select(M.Snapshot.id, M.Snapshot.week)
                             .order_by(M.Snapshot.week_start.desc()).limit(2)).all()
    if len(newest) < 2:
        return {"week": newest[0].week if newest else None, "previous_week": None, "moves": {}}
    cur = M.SnapshotMember.__table__.alias("cur")
    prev = M.SnapshotMember.__table__.alias("prev")
    q = (
        select(cur.c.member_id, cur.c.name, cur.c.organization, prev.c.ytd_rank.label("previous_rank"),
               cur.c.ytd_rank, (prev.c.ytd_rank - cur.c.ytd_rank).label("change"))
        .join(prev, and_(prev.c.member_id == cur.c.member_id, prev.c.snapshot_id == newest[1].id))
        .where(cur.c.snapshot_id == newest[0].id)
    )
    return {"week": newest[0].week, "previous_week": newest[1].week,
            "moves": {row.member_id: row._asdict() for row in session.execute(q)}}


def snapshot_week_changes(session: Session, limit: int = 3) -> dict | None:
    """What changed between the two newest snapshots (year-to-date standings and ranks, recommendation statuses),
    or None with fewer than two: members who became Berkontribusi and who fell to Belum Berkontribusi (the first
    ``limit`` of each by rank, and how many), how many moved up and down, how many recommendations changed status,
    and the completion of both weeks. The same comparison as ``snapshots.changes``, done in the database."""
    newest = session.execute(select(M.Snapshot.id, M.Snapshot.week, M.Snapshot.week_end)
                             .order_by(M.Snapshot.week_start.desc()).limit(2)).all()
    if len(newest) < 2:
        return None
    (now_id, week, week_end), (before_id, previous_week, previous_end) = newest
    cur = M.SnapshotMember.__table__.alias("cur")
    prev = M.SnapshotMember.__table__.alias("prev")
    pair = (select(cur.c.member_id, cur.c.name, cur.c.ytd_rank, cur.c.ytd_standing,
                   prev.c.ytd_standing.label("previous_standing"))
            .join(prev, and_(prev.c.member_id == cur.c.member_id, prev.c.snapshot_id == before_id))
            .where(cur.c.snapshot_id == now_id))
    moved = session.execute(
        select(func.coalesce(func.sum(case((prev.c.ytd_rank > cur.c.ytd_rank, 1), else_=0)), 0),
               func.coalesce(func.sum(case((prev.c.ytd_rank < cur.c.ytd_rank, 1), else_=0)), 0))
        .select_from(cur).join(prev, and_(prev.c.member_id == cur.c.member_id, prev.c.snapshot_id == before_id))
        .where(cur.c.snapshot_id == now_id)).one()

    def became(standing: str) -> tuple[list[dict], int]:
        q = pair.where(cur.c.ytd_standing == standing, prev.c.ytd_standing != standing)
        count = session.scalar(select(func.count()).select_from(q.subquery()))
        return [r._asdict() for r in session.execute(q.order_by(cur.c.ytd_rank, cur.c.name).limit(limit))], count

    new, n_new = became(ref.CONTRIBUTING)
    fell, n_fell = became(ref.NOT_CONTRIBUTING)
    rc = M.SnapshotRecommendation.__table__.alias("rc")
    rp = M.SnapshotRecommendation.__table__.alias("rp")
    status_changes = session.scalar(
        select(func.count()).select_from(rc).join(rp, and_(rp.c.code == rc.c.code, rp.c.snapshot_id == before_id))
        .where(rc.c.snapshot_id == now_id, rc.c.status != rp.c.status))
    completion = {t["week"]: t["completion"] for t in completion_trend(session)[-2:]}
    return {"week": week, "week_end": week_end, "previous_week": previous_week, "previous_end": previous_end,
            "new_contributors": new, "new_count": n_new, "fell": fell, "fell_count": n_fell,
            "up": int(moved[0]), "down": int(moved[1]), "status_changes": int(status_changes or 0),
            "completion": completion.get(week), "previous_completion": completion.get(previous_week)}
