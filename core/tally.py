"""Running totals per member (the ``member_tally`` table): any period's score is two index lookups per member.

Scanning attendance for every leaderboard does not scale (a year of a large city is millions of rows), and a
period can be any range the leader picks. So for each member and each day on which the member has a record we
keep the member's counts *up to and including that day*: attendance per status, verified contributions per kind.
The counts of a period [start, end] are the row at the member's last day <= end minus the row at the last day
< start. Counts, not points: the weights stay editable and are applied in the query.

The table is derived data. ``rebuild`` recomputes it for the members an upload or an undo touched, inside that
same transaction, so it is never out of step with the records it sums. An upload also hands ``rebuild`` the
records it inserted (``NewRecords``): the totals of a member who had none (no attendance, no verified
contribution) and none of whose stored records the upload changed are summed from those in Python and
inserted, instead of grouping the member's rows in the database again.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import operator
import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy import Integer, case, delete, func, insert, literal, or_, select, union_all
from sqlalchemy.orm import Session

from core import models as M
from core import reference as ref
from core import trace
from core.db import insert_many

ATTENDANCE_COLUMNS: dict[str, str] = {
    ref.PRESENT: "att_hadir",
    ref.DELEGATED: "att_diwakili",
    ref.EXCUSED: "att_izin",
    ref.ABSENT: "att_tidak_hadir",
    ref.NOT_INVITED: "att_tidak_diundang",
}
CONTRIBUTION_COLUMNS: dict[str, str] = {
    "Tindak Lanjut Rekomendasi": "con_tindak_lanjut",
    "Data Dukung": "con_data_dukung",
    "Paparan (Narasumber)": "con_paparan",
    "Usulan Program": "con_usulan",
    "Laporan": "con_laporan",
    "Publikasi": "con_publikasi",
    "Lainnya": "con_lainnya",
}
TOTAL_CONTRIBUTIONS = "con_total"
COUNT_COLUMNS: tuple[str, ...] = (*ATTENDANCE_COLUMNS.values(), *CONTRIBUTION_COLUMNS.values(), TOTAL_CONTRIBUTIONS)

# Every value the loaders can store has its column; a new status or kind must be added here too.
assert set(ATTENDANCE_COLUMNS) == set(ref.ATTENDANCE.values), "attendance statuses and tally columns differ"
assert set(CONTRIBUTION_COLUMNS) == set(ref.CONTRIBUTION_KINDS.values), "contribution kinds and tally columns differ"

R = TypeVar("R")  # a result type (T names an i18n dict in the page modules)
_CHUNK = 500  # member ids per statement (well under every driver's parameter limit)


def _increments(member_ids: list[int] | None):  # noqa: ANN202 - a SQLAlchemy Select
    """One row per (member, day) with that day's counts."""
    a, act, c = M.Attendance, M.Activity, M.Contribution
    zero = literal(0)
    att_cols = [func.sum(_is(a.status, status)).label(col) for status, col in ATTENDANCE_COLUMNS.items()]
    att = (select(a.member_id.label("member_id"), act.date.label("day"), *att_cols,
                  *[zero.label(col) for col in (*CONTRIBUTION_COLUMNS.values(), TOTAL_CONTRIBUTIONS)])
           .join(act, act.id == a.activity_id)
           .group_by(a.member_id, act.date))
    con_cols = [func.sum(_is(c.kind, kind)).label(col) for kind, col in CONTRIBUTION_COLUMNS.items()]
    con = (select(c.member_id.label("member_id"), c.date.label("day"),
                  *[zero.label(col) for col in ATTENDANCE_COLUMNS.values()], *con_cols,
                  func.count().label(TOTAL_CONTRIBUTIONS))
           .where(c.verification == ref.VERIFIED)
           .group_by(c.member_id, c.date))
    if member_ids is not None:
        att = att.where(a.member_id.in_(member_ids))
        con = con.where(c.member_id.in_(member_ids))
    return union_all(att, con).subquery("inc")


def _is(column, value: str):  # noqa: ANN001, ANN202
    return case((column == value, 1), else_=0)


def _running(member_ids: list[int] | None):  # noqa: ANN202
    inc = _increments(member_ids)
    running = [func.sum(func.sum(inc.c[col])).over(partition_by=inc.c.member_id, order_by=inc.c.day).label(col)
               for col in COUNT_COLUMNS]
    return select(inc.c.member_id, inc.c.day, *running).group_by(inc.c.member_id, inc.c.day)


class NewRecords:
    """What one upload wrote that the running totals count, for ``rebuild``: the attendance and contributions it
    inserted, by member and day, the members of the stored attendance and contributions it updated (before and
    after the update), and the activities it updated; ``touched`` tells the members ``members_touched_by`` would.

    Each counted record is kept as one int, ((member id << 20 | the day's ordinal) << 4 | its column's position in
    COUNT_COLUMNS): built and sorted in C (map, sort), so the rows of a 100,000-record upload take one short loop.
    """

    _DAY_BITS, _POS_BITS = 20, 4  # ordinals up to the year 2870; 12 counted columns before the total
    _TOTAL = COUNT_COLUMNS.index(TOTAL_CONTRIBUTIONS)
    _KIND_POS = {kind: COUNT_COLUMNS.index(col) for kind, col in CONTRIBUTION_COLUMNS.items()}
    _STATUS_POS = {status: COUNT_COLUMNS.index(col) for status, col in ATTENDANCE_COLUMNS.items()}
    assert max(_KIND_POS.values()) < _TOTAL < 1 << _POS_BITS and dt.date.max.toordinal() < 1 << 22

    def __init__(self) -> None:
        self.keys: list[int] = []
        self.changed: set[int] = set()
        self._members: set[int] = set()  # of the attendance and contributions inserted or updated
        self._activities: set[int] = set()  # updated
        self._attendance: list[tuple[list[int], list[int], list[str]]] = []  # days looked up by activity later

    def updated(self, before: int, after: int) -> None:
        """An attendance or contribution row of member ``before`` updated, now of member ``after``."""
        self.changed.update((before, after))
        self._members.update((before, after))

    def activities_updated(self, ids: Iterable[int]) -> None:
        self._activities.update(ids)

    def touched(self, session: Session) -> set[int]:
        """What ``members_touched_by`` finds for the upload, from what it wrote: the members of the attendance and
        contributions it inserted or updated (before and after), and the attendees of the activities it updated
        (those it inserted have only attendance it inserted)."""
        ids = set(self._members)
        activities = sorted(self._activities)
        a = M.Attendance
        for i in range(0, len(activities), _CHUNK):
            ids.update(session.scalars(select(a.member_id).where(a.activity_id.in_(activities[i:i + _CHUNK]))
                                       .distinct()))
        return ids

    def _add(self, members: list[int], days: list[dt.date], positions: Iterable[int],
             counted: Iterable[bool] | None = None) -> None:
        """Records by column (``counted``: which of them count; all when None)."""
        if len(members) != len(days):
            raise ValueError("one day per member")
        ordinal = {d: d.toordinal() for d in set(days)}
        day_bits, pos_bits = itertools.repeat(self._DAY_BITS), itertools.repeat(self._POS_BITS)
        member_day = map(operator.or_, map(operator.lshift, members, day_bits), map(ordinal.__getitem__, days))
        keys = map(operator.or_, map(operator.lshift, member_day, pos_bits), positions)
        self.keys.extend(keys if counted is None else itertools.compress(keys, counted))

    def contributions(self, members: list[int], days: list[dt.date], kinds: list[str],
                      verifications: list[str]) -> None:
        self._members.update(members)
        self._add(members, days, map(self._KIND_POS.__getitem__, kinds),
                  map(ref.VERIFIED.__eq__, verifications))

    def attendance(self, members: list[int], activities: list[int], statuses: list[str]) -> None:
        self._members.update(members)
        self._attendance.append((members, activities, statuses))

    def _resolve_attendance(self, session: Session) -> None:
        """The inserted attendance counts on its activity's date as stored now (this transaction may move it)."""
        if not self._attendance:
            return
        wanted = sorted({a for _, activities, _ in self._attendance for a in activities})
        dates: dict[int, dt.date] = {}
        for i in range(0, len(wanted), _CHUNK):
            dates.update((a, day) for a, day in session.execute(select(M.Activity.id, M.Activity.date)
                                                                .where(M.Activity.id.in_(wanted[i:i + _CHUNK]))))
        for members, activities, statuses in self._attendance:
            self._add(members, list(map(dates.__getitem__, activities)), map(self._STATUS_POS.__getitem__, statuses))
        self._attendance = []

    def running_rows(self, members: set[int], iso: bool = False) -> list[tuple]:
        """(member_id, day, *running counts) of these members, from the inserted records alone; with ``iso``,
        days as ISO text (SQLite)."""
        self.keys.sort()
        rows: list[tuple] = []
        day_mask, pos_mask = (1 << self._DAY_BITS) - 1, (1 << self._POS_BITS) - 1
        total = self._TOTAL
        first_contribution = min(self._KIND_POS.values())
        days: dict[int, object] = {}
        width = len(COUNT_COLUMNS)
        member = day = member_day = None
        keep = False
        running: list[int] = []
        for key in self.keys:
            if key >> self._POS_BITS != member_day:
                if keep:
                    rows.append((member, day, *running))
                member_day = key >> self._POS_BITS
                if member_day >> self._DAY_BITS != member:
                    member = member_day >> self._DAY_BITS
                    keep = member in members
                    running = [0] * width
                ordinal = member_day & day_mask
                day = days.get(ordinal)
                if day is None:
                    day = days[ordinal] = dt.date.fromordinal(ordinal).isoformat() if iso else \
                        dt.date.fromordinal(ordinal)
            pos = key & pos_mask
            running[pos] += 1
            if pos >= first_contribution:
                running[total] += 1
        if keep:
            rows.append((member, day, *running))
        return rows


def rebuild(session: Session, member_ids: Iterable[int] | None = None, new: NewRecords | None = None,
            pending: Callable[[], object] | None = None) -> None:
    """Recompute the running totals of these members (of everybody when None) in the session's transaction.

    ``new``: the records the transaction inserted and the members whose stored records it changed (see
    NewRecords); the members among ``member_ids`` that had no running totals and are not among those changed
    get theirs from ``new`` alone. ``pending``: the transaction's last writes (an upload's bulk insert of
    records already in ``new``), run first; in a thread while those totals are summed, when there are any
    (the driver leaves Python's lock to the summing while the database works)."""
    t = M.MemberTally.__table__
    target = ["member_id", "day", *COUNT_COLUMNS]
    ids = sorted(set(member_ids)) if member_ids is not None else []
    fresh = set(ids) - new.changed - _with_totals(session, ids) if new is not None and ids else set()
    if fresh:
        ids = [i for i in ids if i not in fresh]
    full = member_ids is None or (
        len(ids) > _CHUNK and 2 * len(ids) >= (session.scalar(select(func.count()).select_from(M.Member)) or 0))
    if fresh and not full:
        new._resolve_attendance(session)
        conn = session.connection()
        rows = _meanwhile(pending, lambda: new.running_rows(fresh, iso=conn.dialect.name == "sqlite"))
        trace.mark("running totals summed (and the pending bulk insert done)")
        insert_many(conn, t, target, rows)
        trace.mark("running totals inserted")
    elif pending is not None:
        pending()
    if full:  # everybody, or most members touched (a full-year upload): one pass beats lookups by id
        session.execute(delete(t))
        session.execute(insert(t).from_select(target, _running(None)))
        return
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        session.execute(delete(t).where(t.c.member_id.in_(chunk)))
        session.execute(insert(t).from_select(target, _running(chunk)))


def _meanwhile(background: Callable[[], object] | None, work: Callable[[], R]) -> R:
    """``work()``, with ``background()`` run in a thread meanwhile (its error raised here, after both ended)."""
    if background is None:
        return work()
    failed: list[BaseException] = []

    def run() -> None:
        try:
            background()
            trace.mark("background work done")
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            failed.append(exc)

    thread = threading.Thread(target=run, name="pokja-bulk-insert")
    thread.start()
    try:
        return work()
    finally:
        thread.join()
        if failed:
            raise failed[0]


def _with_totals(session: Session, member_ids: list[int]) -> set[int]:
    """Those of these members that have running totals stored."""
    t = M.MemberTally
    if session.scalar(select(t.id).limit(1)) is None:
        return set()
    found: set[int] = set()
    for i in range(0, len(member_ids), _CHUNK):
        found.update(session.scalars(select(t.member_id).where(t.member_id.in_(member_ids[i:i + _CHUNK])).distinct()))
    return found


def members_touched_by(session: Session, upload_id: int) -> set[int]:
    """Members whose totals an upload (or its undo) can change: those of the attendance and contributions it
    created or last wrote, the attendees of activities it created or last wrote (a new date moves them), and the
    members named in the previous values of rows it updated (a contribution may move to another member)."""
    a, act, c = M.Attendance, M.Activity, M.Contribution
    ids: set[int] = set()
    ids.update(session.scalars(select(a.member_id).where(or_(a.upload_id == upload_id,
                                                             a.created_upload_id == upload_id)).distinct()))
    ids.update(session.scalars(select(c.member_id).where(or_(c.upload_id == upload_id,
                                                             c.created_upload_id == upload_id)).distinct()))
    moved = select(act.id).where(or_(act.upload_id == upload_id, act.created_upload_id == upload_id))
    changed_activities = select(M.UploadChange.row_id).where(M.UploadChange.upload_id == upload_id,
                                                             M.UploadChange.table_name == act.__tablename__)
    ids.update(session.scalars(select(a.member_id).where(or_(a.activity_id.in_(moved),
                                                             a.activity_id.in_(changed_activities))).distinct()))
    for (before,) in session.execute(select(M.UploadChange.before_json).where(
            M.UploadChange.upload_id == upload_id,
            M.UploadChange.table_name.in_((a.__tablename__, c.__tablename__)))):
        member = json.loads(before).get("member_id")
        if member is not None:
            ids.add(int(member))
    return ids


def period_counts(start: dt.date | None, end: dt.date | None, where=()):  # noqa: ANN001, ANN201 - a Subquery
    """Per member matching ``where`` (conditions on member and sector): the counts of [start, end], one column
    per COUNT_COLUMNS name, zero where the member has no record in the period."""
    t = M.MemberTally
    hi_t = M.MemberTally.__table__.alias("hi")
    lo_t = M.MemberTally.__table__.alias("lo")

    def last_row(*conds):  # noqa: ANN001, ANN202
        return (select(t.id).where(t.member_id == M.Member.id, *conds)
                .order_by(t.day.desc()).limit(1).correlate(M.Member).scalar_subquery())

    ends = select(
        M.Member.id.label("member_id"),
        (last_row(t.day <= end) if end is not None else last_row()).label("hi_id"),
        (last_row(t.day < start) if start is not None else literal(None, Integer)).label("lo_id"),
    ).join(M.Sector, M.Sector.id == M.Member.sector_id).where(*where).subquery("ends")
    cols = [(func.coalesce(hi_t.c[col], 0) - func.coalesce(lo_t.c[col], 0)).label(col) for col in COUNT_COLUMNS]
    return (select(ends.c.member_id, *cols)
            .outerjoin(hi_t, hi_t.c.id == ends.c.hi_id)
            .outerjoin(lo_t, lo_t.c.id == ends.c.lo_id)
            .subquery("period"))
