"""member_tally (running totals) against a plain-Python recount of the records, through uploads, corrections
and undos: every period's counts must equal what the attendance and contribution rows say."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import models as M
from core import reference as ref
from core import tally
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


def tally_rows(session: Session) -> list[tuple]:
    return sorted(tuple(r) for r in session.execute(select(M.MemberTally.member_id, M.MemberTally.day,
                                                           *[getattr(M.MemberTally, c) for c in tally.COUNT_COLUMNS])))


def assert_equals_full_rebuild(engine) -> None:  # noqa: ANN001
    """The running totals kept by the uploads are exactly what a full rebuild from the records computes."""
    with Session(engine) as s:
        kept = tally_rows(s)
        tally.rebuild(s)
        rebuilt = tally_rows(s)
        s.rollback()
    assert kept == rebuilt


def test_totals_summed_from_the_inserted_records_equal_the_rebuild(engine, settings, monkeypatch):
    """An upload sums the totals of members who had none from the records it inserted (NewRecords), and
    regroups the stored rows of the others; either way the table equals a full rebuild. A member whose stored
    row the upload changes (verified now, or moved to them) goes the stored way even with no totals yet."""
    summed_ids: list[set[int]] = []
    real = tally.NewRecords.running_rows

    def spy(self, members, iso=False):  # noqa: ANN001, ANN202
        summed_ids.append(set(members))
        return real(self, members, iso)

    def summed() -> list[set[str]]:
        with Session(engine) as s:
            codes = {i: code for i, code in s.execute(select(M.Member.id, M.Member.code))}
        return [{codes[m] for m in ids} for ids in summed_ids]

    monkeypatch.setattr(tally.NewRecords, "running_rows", spy)
    touched: list[set[int]] = []
    real_rebuild = tally.rebuild

    def rebuild_spy(session, member_ids=None, new=None, pending=None):  # noqa: ANN001, ANN202
        if new is not None:  # an upload's
            touched.append(set(member_ids))
        return real_rebuild(session, member_ids, new, pending)

    monkeypatch.setattr(tally, "rebuild", rebuild_spy)

    def assert_touched_as_stored(upload_id: int) -> None:
        """The members the upload handed to rebuild are those members_touched_by reads from the records."""
        with Session(engine) as s:
            assert touched.pop() == tally.members_touched_by(s, upload_id)
    members = [MEMBERS, ["A", "Ani", "Dinas A", "Pemerintah"], ["B", "Badu", "Kampus B", "Akademisi"],
               ["C", "Cici", "Dinas C", "Pemerintah"], ["D", "Dodi", "Kampus D", "Akademisi"],
               ["G", "Gani", "Dinas G", "Pemerintah"]]
    first = workbook({
        "Anggota": members,
        "Kegiatan": [ACTIVITIES, ["K1", "13/05/2023", "Rapat Pokja"], ["K2", "20/06/2023", "FGD"]],
        "Kehadiran": [ATTENDANCE, ["A", "K1", "Hadir"], ["B", "K1", "Izin"], ["A", "K2", "Tidak Hadir"],
                      ["G", "K1", "Hadir"]],
        "Kontribusi": [CONTRIBUTIONS, ["C1", "14/05/2023", "A", "Laporan", "Terverifikasi"],
                       ["C2", "14/05/2023", "A", "Publikasi", "Terverifikasi"],
                       ["C3", "21/06/2023", "B", "Data Dukung", "Menunggu"],
                       ["C4", "22/06/2023", "C", "Laporan", "Menunggu"]],
    })
    report = load_file(engine, settings, first, "rekap-1.xlsx", "tester")
    assert report.ok, report.as_dict()["errors"]
    assert summed() == [{"A", "B", "C", "G"}]  # C has only an unverified contribution: no totals, nothing to sum
    assert_touched_as_stored(report.upload_id)
    assert_equals_full_rebuild(engine)
    assert_tally_matches(engine)

    second = workbook({
        "Anggota": [*members, ["E", "Eka", "Dinas E", "Pemerintah"], ["F", "Fifi", "Dinas F", "Pemerintah"]],
        # K1 moves to August: A, B and G attended it (stored), F's new attendance counts on the new date.
        "Kegiatan": [ACTIVITIES, ["K1", "02/08/2023", "Rapat Pokja"], ["K2", "20/06/2023", "FGD"],
                     ["K3", "03/08/2023", "Rapat Pleno"]],
        "Kehadiran": [ATTENDANCE, ["F", "K1", "Hadir"], ["F", "K3", "Diwakili"], ["E", "K3", "Hadir"]],
        "Kontribusi": [CONTRIBUTIONS,
                       ["C3", "21/06/2023", "D", "Data Dukung", "Menunggu"],  # B's unverified row moves to D
                       ["C4", "22/06/2023", "C", "Laporan", "Terverifikasi"],  # C's row is verified now
                       ["C5", "01/09/2023", "A", "Publikasi", "Terverifikasi"],  # A has totals: regrouped
                       ["C6", "01/09/2023", "E", "Publikasi", "Terverifikasi"],
                       ["C7", "01/09/2023", "E", "Laporan", "Terverifikasi"],
                       ["C8", "30/08/2023", "E", "Laporan", "Ditolak"]],
    })
    report = load_file(engine, settings, second, "rekap-2.xlsx", "tester")
    assert report.ok, report.as_dict()["errors"]
    assert summed()[1] == {"E", "F"}  # C and D: a stored row changed; A, B and G: totals stored
    assert_touched_as_stored(report.upload_id)
    assert_equals_full_rebuild(engine)
    assert_tally_matches(engine)
    with Session(engine) as s:
        august = {r["code"]: r["attended"] for r in member_scores(s, dt.date(2023, 8, 1), dt.date(2023, 8, 31))}
    assert august == {"A": 1, "E": 1, "F": 2, "G": 1, "B": 0, "C": 0, "D": 0}

    undo_upload(engine, report.upload_id, "tester")
    assert_equals_full_rebuild(engine)
    assert_tally_matches(engine)


def test_a_failed_bulk_insert_beside_the_summing_writes_nothing(engine, settings, monkeypatch):
    """The contributions inserted by column run in a thread while their running totals are summed: an error
    there reaches load_file's caller after both ended, and the upload writes nothing."""
    from loaders import bulk
    from loaders import inflight

    real = bulk.insert_columns

    def failing(session, table, groups, constants):  # noqa: ANN001, ANN202
        if table.name == "contribution":
            raise RuntimeError("disk full")
        return real(session, table, groups, constants)

    monkeypatch.setattr(bulk, "insert_columns", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        load_file(engine, settings, first_recap(), "rekap-1.xlsx", "tester")
    with Session(engine) as s:
        for model in (M.Member, M.Attendance, M.Contribution, M.MemberTally):
            assert s.scalar(select(func.count()).select_from(model)) == 0, model
        assert s.execute(select(M.Upload.outcome, M.Upload.message)).one() == (
            "interrupted", inflight.FAILED_MESSAGE.format(error="RuntimeError"))
