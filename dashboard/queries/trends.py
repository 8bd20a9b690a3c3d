"""Trends read from the weekly snapshots (frozen weeks). Taking a snapshot does not bump the data version: the
cached facade keys these by the snapshots as well (cache.cached_snapshot_query)."""
from __future__ import annotations

from sqlalchemy import Float, and_, case, cast, func, select
from sqlalchemy.orm import Session

from core import models as M
from core import reference as ref
from dashboard.queries.recommendations import STATUSES


def snapshot_weeks(session: Session) -> list[str]:
    """Every frozen ISO week, oldest first."""
    return list(session.scalars(select(M.Snapshot.week).order_by(M.Snapshot.week_start)))


def completion_trend(session: Session) -> list[dict]:
    """Per snapshot week, oldest first: the follow-up status counts, overdue count and completion as frozen that
    week (``counted`` and ``completion`` as in queries.recommendations: Sesuai / (all - Tidak Dapat
    Ditindaklanjuti), 0 when none counts; summed here in SQL over each week's frozen rows)."""
    r = M.SnapshotRecommendation

    def count_of(condition):  # noqa: ANN001, ANN202
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    counted = func.count(r.id) - count_of(r.status == ref.TDTL)
    q = (
        select(M.Snapshot.week, M.Snapshot.week_start, M.Snapshot.week_end, func.count(r.id).label("total"),
               *[count_of(r.status == s).label(f"status_{i}") for i, s in enumerate(STATUSES)],
               counted.label("counted"), count_of(r.overdue.is_(True)).label("overdue"),
               case((counted > 0, cast(count_of(r.status == ref.SESUAI), Float) / counted), else_=0.0)
               .label("completion"))
        .outerjoin(r, r.snapshot_id == M.Snapshot.id)
        .group_by(M.Snapshot.id, M.Snapshot.week, M.Snapshot.week_start, M.Snapshot.week_end)
        .order_by(M.Snapshot.week_start)
    )
    return [{"week": row.week, "week_start": row.week_start, "week_end": row.week_end, "total": int(row.total),
             "status_counts": {s: int(getattr(row, f"status_{i}")) for i, s in enumerate(STATUSES)},
             "counted": int(row.counted), "overdue": int(row.overdue), "completion": round(float(row.completion), 4)}
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
