"""member_tally (running totals) against a plain-Python recount of the records, through uploads, corrections
and undos: every period's counts must equal what the attendance and contribution rows say."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard import models as M
from dashboard import reference as ref
from dashboard import tally
from dashboard.queries import member_scores
from loaders.ingest import load_file, undo_upload
from tests.workbooks import workbook

RANGES = [
    (None, None),
    (dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
    (dt.date(2023, 5, 13), dt.date(2023, 5, 13)),
    (dt.date(2023, 5, 14), None),
    (None, dt.date(2023, 5, 12)),
    (dt.date(2023, 3, 1), dt.date(2023, 8, 31)),
    (dt.date(2030, 1, 1), dt.date(2030, 12, 31)),
]


def oracle(session: Session, start: dt.date | None, end: dt.date | None) -> dict[int, dict[str, int]]:
    """Counts per member in [start, end], straight from the rows, in Python."""
    def inside(day: dt.date) -> bool:
        return (start is None or day >= start) and (end is None or day <= end)

    out: dict[int, Counter] = defaultdict(Counter)
    for member_id, status, day in session.execute(
            select(M.Attendance.member_id, M.Attendance.status, M.Activity.date)
            .join(M.Activity, M.Activity.id == M.Attendance.activity_id)):
        if inside(day):
            out[member_id][tally.ATTENDANCE_COLUMNS[status]] += 1
    for member_id, kind, day, verification in session.execute(
            select(M.Contribution.member_id, M.Contribution.kind, M.Contribution.date, M.Contribution.verification)):
        if inside(day) and verification == ref.VERIFIED:
            out[member_id][tally.CONTRIBUTION_COLUMNS[kind]] += 1
            out[member_id][tally.TOTAL_CONTRIBUTIONS] += 1
    return {m: dict(c) for m, c in out.items() if any(c.values())}


def from_tally(session: Session, start: dt.date | None, end: dt.date | None) -> dict[int, dict[str, int]]:
    p = tally.period_counts(start, end)
    out = {}
    for row in session.execute(select(p)):
        counts = {col: int(getattr(row, col)) for col in tally.COUNT_COLUMNS if getattr(row, col)}
        if counts:
            out[row.member_id] = counts
    return out


def assert_tally_matches(engine) -> None:  # noqa: ANN001
    with Session(engine) as s:
        for start, end in RANGES:
            assert from_tally(s, start, end) == oracle(s, start, end), (start, end)


def test_demo_tally_matches_the_records_for_every_period(demo):
    assert_tally_matches(demo)
    with Session(demo) as s:
        first, last = s.execute(select(func.min(M.Activity.date), func.max(M.Activity.date))).one()
        day = first
        while day <= last:  # every week of the demo year, a week at a time
            assert from_tally(s, day, day + dt.timedelta(days=6)) == oracle(s, day, day + dt.timedelta(days=6))
            day += dt.timedelta(days=7)


MEMBERS = ["Kode Anggota", "Nama", "Instansi", "Unsur"]
ACTIVITIES = ["Kode Kegiatan", "Tanggal", "Nama Kegiatan"]
ATTENDANCE = ["Kode Anggota", "Kode Kegiatan", "Kehadiran"]
CONTRIBUTIONS = ["Kode Kontribusi", "Tanggal", "Kode Anggota", "Jenis", "Verifikasi"]


def first_recap() -> bytes:
    return workbook({
        "Anggota": [MEMBERS, ["A", "Ani", "Dinas A", "Pemerintah"], ["B", "Badu", "Kampus B", "Akademisi"]],
        "Kegiatan": [ACTIVITIES, ["K1", "13/05/2023", "Rapat Pokja"], ["K2", "20/06/2023", "FGD"]],
        "Kehadiran": [ATTENDANCE, ["A", "K1", "Hadir"], ["B", "K1", "Izin"], ["A", "K2", "Tidak Hadir"],
                      ["B", "K2", "Diwakili"]],
        "Kontribusi": [CONTRIBUTIONS, ["C1", "14/05/2023", "A", "Laporan", "Terverifikasi"],
                       ["C2", "21/06/2023", "B", "Data Dukung", "Menunggu"]],
    })


def corrected_recap() -> bytes:
    """K1 moves to another month, C1 moves to B, C2 is verified, A's K2 attendance is corrected, a new row."""
    return workbook({
        "Kegiatan": [ACTIVITIES, ["K1", "02/08/2023", "Rapat Pokja"], ["K2", "20/06/2023", "FGD"]],
        "Kehadiran": [ATTENDANCE, ["A", "K2", "Hadir"], ["B", "K2", "Diwakili"]],
        "Kontribusi": [CONTRIBUTIONS, ["C1", "14/05/2023", "B", "Laporan", "Terverifikasi"],
                       ["C2", "21/06/2023", "B", "Data Dukung", "Terverifikasi"],
                       ["C3", "01/09/2023", "A", "Publikasi", "Terverifikasi"]],
    })


def test_tally_follows_corrections_and_undo(engine, settings):
    first = load_file(engine, settings, first_recap(), "rekap-1.xlsx", "tester")
    assert first.ok, first.as_dict()["errors"]
    assert_tally_matches(engine)
    with Session(engine) as s:
        before = {r["code"]: (r["score"], r["attended"], r["contributions"]) for r in member_scores(s)}
    assert before == {"A": (2 + 2, 1, 1), "B": (1, 1, 0)}

    second = load_file(engine, settings, corrected_recap(), "rekap-2.xlsx", "tester")
    assert second.ok, second.as_dict()["errors"]
    assert_tally_matches(engine)
    with Session(engine) as s:
        may = {r["code"]: r["score"] for r in member_scores(s, dt.date(2023, 5, 1), dt.date(2023, 5, 31))}
        august = {r["code"]: r["attended"] for r in member_scores(s, dt.date(2023, 8, 1), dt.date(2023, 8, 31))}
    assert may == {"B": 2.0, "A": 0.0}  # K1 left May; C1 (Laporan, 2 points) is now B's
    assert august == {"A": 1, "B": 0}  # A's Hadir at K1 moved with the activity

    undo_upload(engine, second.upload_id, "tester")
    assert_tally_matches(engine)
    with Session(engine) as s:
        assert {r["code"]: (r["score"], r["attended"], r["contributions"]) for r in member_scores(s)} == before

    undo_upload(engine, first.upload_id, "tester")
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(M.MemberTally)) == 0


def test_full_rebuild_equals_incremental_upkeep(demo):
    with Session(demo) as s:
        kept = sorted(tuple(r) for r in s.execute(select(M.MemberTally.member_id, M.MemberTally.day,
                                                         *[getattr(M.MemberTally, c) for c in tally.COUNT_COLUMNS])))
        tally.rebuild(s)
        rebuilt = sorted(tuple(r) for r in s.execute(select(M.MemberTally.member_id, M.MemberTally.day,
                                                            *[getattr(M.MemberTally, c) for c in tally.COUNT_COLUMNS])))
        s.rollback()
    assert kept and kept == rebuilt


@pytest.mark.parametrize("size", [1, tally._CHUNK + 1])
def test_rebuild_in_chunks(demo, size, monkeypatch):
    """Many touched members are rebuilt a chunk at a time; the result does not depend on the chunk size."""
    monkeypatch.setattr(tally, "_CHUNK", size)
    with Session(demo) as s:
        ids = list(s.scalars(select(M.Member.id)))
        tally.rebuild(s, ids[: len(ids) // 3])  # a third of the members: rebuilt by id, a chunk at a time
        s.flush()
        assert from_tally(s, None, None) == oracle(s, None, None)
        tally.rebuild(s, ids)  # all of them: one full pass
        s.flush()
        assert from_tally(s, None, None) == oracle(s, None, None)
        s.rollback()
