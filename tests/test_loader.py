"""The loader end to end on real workbooks: messy input, every error reported, idempotence, updates, undo."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import models as M
from dashboard.queries import member_scores, recommendation_summary
from loaders.ingest import UndoRefused, load_file, undo_upload
from tests.workbooks import messy_recap, workbook


def counts(engine) -> dict[str, int]:  # noqa: ANN001
    """Rows written by uploads, per table (the organization directory's seed is not one)."""
    with Session(engine) as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m).where(m.created_upload_id.is_not(None)))
                for m in M.TRACED_TABLES}


def load(engine, settings, data: bytes, name: str = "rekap.xlsx", dry_run: bool = False):  # noqa: ANN001, ANN201
    return load_file(engine, settings, data, name, "tester", dry_run=dry_run)


MEMBERS_HEADER = ["Kode Anggota", "Nama", "Instansi", "Unsur", "Status"]


def members_wb(*rows: list[object]) -> bytes:
    return workbook({"Anggota": [MEMBERS_HEADER, *rows]})


def test_messy_workbook_loads_to_exactly_the_expected_rows_and_scores(engine, settings):
    report = load(engine, settings, messy_recap())
    assert report.errors == [], [e.as_dict() for e in report.errors]
    assert report.ok and report.exit_code == 0
    by_kind = {c.kind: c for c in report.sheets.values()}
    assert by_kind["members"].inserted == 5 and by_kind["members"].skipped == 0
    assert by_kind["activities"].inserted == 3
    assert by_kind["recommendations"].inserted == 4
    assert by_kind["evaluations"].inserted == 2
    assert by_kind["attendance"].inserted == 12  # 4 members x 3 activity columns
    assert by_kind["attendance"].skipped == 1  # the Jumlah row
    assert by_kind["contributions"].inserted == 5 and by_kind["contributions"].skipped == 1
    assert report.ignored_sheets == ["Catatan Sekretariat"]
    assert set(report.ignored_columns["daftar  anggota"]) == {"No.", "Keterangan Tambahan"}
    assert set(report.ignored_columns["Rekap Kehadiran"]) == {"No", "Jumlah Hadir", "Paraf"}

    with Session(engine) as s:
        members = {m.code: m for m in s.scalars(select(M.Member))}
        # merged cell; "Diskominfo" resolves through the directory to the seeded agency
        assert members["ANG-04"].organization.name == "Dinas Komunikasi dan Informatika"
        assert members["ANG-05"].organization.name == "Dinas Komunikasi dan Informatika"
        assert members["ANG-03"].sector.name == "Swasta" and members["ANG-02"].sector.name == "Akademisi"
        assert members["ANG-04"].sector.name == "Pemerintah"
        assert members["ANG-01"].role == "Ketua" and members["ANG-02"].role == "Anggota"
        assert members["ANG-05"].status == "Nonaktif"
        assert members["ANG-01"].phone == "0812-0000-0001"
        acts = {a.code: a for a in s.scalars(select(M.Activity))}
        assert acts["KEG-02"].date == dt.date(2023, 5, 13) and acts["KEG-02"].kind == "FGD"
        assert acts["KEG-03"].kind == "Bimtek"
        status = {(m, a): st for m, a, st in s.execute(
            select(M.Member.code, M.Activity.code, M.Attendance.status).join(M.Member).join(M.Activity))}
        assert status[("ANG-01", "KEG-01")] == "Hadir" and status[("ANG-01", "KEG-03")] == "Diwakili"
        assert status[("ANG-02", "KEG-02")] == "Tidak Hadir"  # empty matrix cell
        assert status[("ANG-03", "KEG-01")] == "Tidak Diundang"  # x
        rec = s.scalar(select(M.Recommendation).where(M.Recommendation.code == "2023-I-06"))
        assert rec.status == "Belum Sesuai" and rec.progress == 0.5 and rec.evidence_count == 2
        assert rec.target == dt.date(2024, 6, 30) and rec.year == 2023
        con = s.scalar(select(M.Contribution).where(M.Contribution.kind == "Data Dukung"))
        assert con.description == "- Menyusun data dukung"
        assert con.date == dt.date(2023, 1, 16)
        ev = s.scalar(select(M.Evaluation).where(M.Evaluation.year == 2023))
        assert (ev.rank, ev.field_size, ev.score, ev.stage) == (40, 100, 3.31, "Final")
        dims = dict(s.execute(select(M.Dimension.name, M.EvaluationScore.score).join(M.Dimension)
                              .where(M.EvaluationScore.evaluation_id == ev.id)).all())
        assert dims == {"Smart Governance": 3.4, "Smart Branding": 3.2}

        scores = {r["code"]: r for r in member_scores(s, dt.date(2023, 1, 1), dt.date(2023, 12, 31))}
    # ANG-01: H(2)+H(2)+W(1) + TL Rekomendasi(5) = 10; ANG-02: I(0)+absent(0)+v(2) + Data Dukung 3 + Paparan 3 = 8
    # ANG-03: not invited + Hadir(2) + absent; Laporan pending and Publikasi rejected do not score = 2
    # ANG-04: TH, A, empty = 0; ANG-05 is Nonaktif: not ranked.
    assert {c: r["score"] for c, r in scores.items()} == {"ANG-01": 10, "ANG-02": 8, "ANG-03": 2, "ANG-04": 0}
    assert [scores[c]["rank"] for c in ("ANG-01", "ANG-02", "ANG-03", "ANG-04")] == [1, 2, 3, 4]
    assert scores["ANG-01"]["standing"] == "Berkontribusi" and scores["ANG-02"]["standing"] == "Berkontribusi"
    assert scores["ANG-03"]["standing"] == "Hadir Saja" and scores["ANG-04"]["standing"] == "Belum Berkontribusi"
    assert scores["ANG-01"]["attendance_rate"] == 1.0
    assert scores["ANG-02"]["attendance_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert scores["ANG-03"]["attendance_rate"] == pytest.approx(0.5)  # not invited excluded
    assert scores["ANG-02"]["contributions"] == 2 and scores["ANG-03"]["contributions"] == 0


def test_ties_share_a_rank_and_periods_filter(engine, settings):
    data = workbook({
        "Anggota": [MEMBERS_HEADER, ["A", "Ani", "Dinas A", "Pemerintah"], ["B", "Badu", "Dinas B", "Media"],
                    ["C", "Cici", "Dinas C", "Komunitas"], ["D", "Dodo", "Dinas D", "Masyarakat"]],
        "Kontribusi": [["Tanggal", "Kode Anggota", "Jenis"],
                       ["01/02/2023", "A", "Laporan"], ["01/02/2023", "B", "Publikasi"],
                       ["01/02/2024", "C", "Tindak Lanjut Rekomendasi"], ["02/02/2023", "D", "Lainnya"]],
    })
    assert load(engine, settings, data).ok
    with Session(engine) as s:
        rows = member_scores(s, dt.date(2023, 1, 1), dt.date(2023, 12, 31))
        assert [(r["code"], r["rank"], r["score"]) for r in rows] == [("A", 1, 2), ("B", 1, 2), ("D", 3, 1),
                                                                      ("C", 4, 0)]
        # C: no invitation and no verified contribution in 2023: Belum Diundang, not someone to correct
        assert rows[-1]["standing"] == "Belum Diundang" and rows[-1]["attendance_rate"] is None
        all_time = member_scores(s)
        assert all_time[0]["code"] == "C" and all_time[0]["score"] == 5


def test_broken_workbook_reports_every_planted_error_and_writes_nothing(engine, settings):
    assert load(engine, settings, members_wb(["X1", "Lama", "Dinas X", "Pemerintah"])).ok
    before = counts(engine)
    data = workbook({
        "Anggota": [["Judul"], MEMBERS_HEADER,
                    ["A1", "Ani", "Dinas A", "Pemerintah"],
                    ["A2", None, "Dinas B", "Swasta"],  # row 4: Nama missing
                    ["A3", "Cici", "Dinas C", "Alien"],  # row 5: unknown Unsur
                    ["A4", "Dodo", "Dinas D", "Media", "Cuti Panjang"]],  # row 6: bad Status
        "Kegiatan": [["Kode Kegiatan", "Tanggal", "Nama Kegiatan"],
                     ["K1", "31 Februari 2023", "Rapat"],  # row 2: impossible date
                     ["K2", "13/05/2023", "FGD"]],
        "Kehadiran": [["Kode Anggota", "K2", "14/05/2023", "Jumlah"],
                      ["A1", "H", "H", 1],  # column C (14/05/2023): no activity that day
                      ["A1", "Q", "H", 1]],  # row 3: duplicate member, and Q is no attendance code
        "Kontribusi": [["Tanggal", "Kode Anggota", "Jenis", "Kode Rekomendasi"],
                       ["01/02/2023", "ZZ", "Laporan", None],  # row 2: unknown member
                       ["01/02/2023", "A1", "Sulap", None],  # row 3: unknown kind
                       ["01/02/2023", "A1", "Laporan", "2099-01"]],  # row 4: unknown recommendation
        "Rekomendasi": [["Kode", "Sumber", "Uraian", "Status", "Progres"],
                        ["R1", "Evaluasi 2023", "Satu", "Sesuai", "150%"],  # row 2: over 100 %
                        ["R2", "Evaluasi 2023", "Dua", "Entah", None]],  # row 3: unknown status
    })
    report = load(engine, settings, data, "rusak.xlsx")
    assert not report.ok and report.exit_code == 1 and report.upload_id is None
    found = {(e.sheet, e.row, e.column) for e in report.errors}
    expected = {
        ("Anggota", 4, "Nama"),
        ("Anggota", 5, "Unsur"),
        ("Anggota", 6, "Status"),
        ("Kegiatan", 2, "Tanggal"),
        ("Kehadiran", 1, "14/05/2023"),
        ("Kehadiran", 3, "K2"),
        ("Kontribusi", 2, "Kode Anggota"),
        ("Kontribusi", 3, "Jenis"),
        ("Kontribusi", 4, "Kode Rekomendasi"),
        ("Rekomendasi", 2, "Progres"),
        ("Rekomendasi", 3, "Status"),
    }
    assert expected <= found, sorted(found)
    by_place = {(e.sheet, e.row, e.column): e for e in report.errors}
    assert by_place[("Kegiatan", 2, "Tanggal")].value == "31 Februari 2023"
    assert "tidak ada di kalender" in by_place[("Kegiatan", 2, "Tanggal")].message
    assert "Pemerintah" in by_place[("Anggota", 5, "Unsur")].message  # names what is accepted
    assert "100%" in by_place[("Rekomendasi", 2, "Progres")].message
    assert counts(engine) == before
    with Session(engine) as s:
        last = s.scalars(select(M.Upload).order_by(M.Upload.id.desc())).first()
        assert last.outcome == "rejected" and last.error_count == len(report.errors)
        assert (settings.data_dir / last.archive_path).read_bytes() == data


def test_missing_required_column_and_no_header(engine, settings):
    report = load(engine, settings, workbook({
        "Anggota": [["Nama", "Jabatan"], ["Ani", "Staf"]],
        "Kegiatan": [["apa"], ["ini"]],
    }))
    messages = {(e.sheet, e.row): e.message for e in report.errors}
    assert "Instansi" in messages[("Anggota", 1)] or any("Instansi" in e.message for e in report.errors)
    assert any(e.sheet == "Kegiatan" and "judul kolom" in e.message for e in report.errors)


def test_loading_twice_is_idempotent(engine, settings):
    first = load(engine, settings, messy_recap())
    snapshot = counts(engine)
    second = load(engine, settings, messy_recap())
    assert second.ok and second.upload_id != first.upload_id
    for name, c in second.sheets.items():
        assert c.inserted == 0 and c.updated == 0, name
        assert c.unchanged == first.sheets[name].inserted, name
    assert counts(engine) == snapshot


def test_dry_run_writes_nothing(engine, settings):
    report = load(engine, settings, messy_recap(), dry_run=True)
    assert report.ok and report.upload_id is None and report.dry_run
    assert sum(c.inserted for c in report.sheets.values()) == 5 + 3 + 4 + 2 + 12 + 5
    assert sum(counts(engine).values()) == 0
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(M.Upload)) == 0


def test_corrected_file_updates_changed_rows_and_keeps_absent_ones(engine, settings):
    first = load(engine, settings, members_wb(["A", "Ani", "Dinas A", "Pemerintah"],
                                              ["B", "Badu", "Dinas B", "Media"],
                                              ["C", "Cici", "Dinas C", "Komunitas"]))
    second = load(engine, settings, members_wb(["A", "Ani", "Dinas A", "Pemerintah"],
                                               ["B", "Badu Baru", "Dinas B", "Swasta", "Nonaktif"]))
    c = next(iter(second.sheets.values()))
    assert (c.inserted, c.updated, c.unchanged) == (0, 1, 1)
    with Session(engine) as s:
        members = {m.code: m for m in s.scalars(select(M.Member))}
        assert members["B"].name == "Badu Baru" and members["B"].sector.name == "Swasta"
        assert members["B"].status == "Nonaktif" and members["B"].upload_id == second.upload_id
        assert members["C"].name == "Cici"  # absent from the later file: kept
        assert members["A"].upload_id == first.upload_id  # unchanged rows keep their writer


def test_undo_restores_updates_and_removes_inserts(engine, settings):
    first = load(engine, settings, messy_recap())
    after_first = counts(engine)
    corrected = workbook({
        "Anggota": [MEMBERS_HEADER, ["ANG-01", "Budi Santoso", "Diskominfo", "Swasta"],
                    ["ANG-09", "Baru Sekali", "Dinas Baru", "Media"]],
        "Rekomendasi": [["Kode", "Sumber", "Uraian", "Status"],
                        ["2023-I-06", "Evaluasi 2023 Tahap I", "Dasbor partisipasi untuk pimpinan daerah", "Sesuai"]],
    })
    second = load(engine, settings, corrected)
    assert second.ok
    with Session(engine) as s:
        assert s.scalar(select(M.Recommendation.status).where(M.Recommendation.code == "2023-I-06")) == "Sesuai"
    result = undo_upload(engine, second.upload_id, "tester")
    assert result == {"restored": 2, "deleted": 2}  # ANG-01 and 2023-I-06 restored; ANG-09 and its new organization removed
    assert counts(engine) == after_first
    with Session(engine) as s:
        rec = s.scalar(select(M.Recommendation).where(M.Recommendation.code == "2023-I-06"))
        assert rec.status == "Belum Sesuai" and rec.progress == 0.5 and rec.upload_id == first.upload_id
        m = s.scalar(select(M.Member).where(M.Member.code == "ANG-01"))
        assert m.sector.name == "Pemerintah" and m.upload_id == first.upload_id
        assert s.get(M.Upload, second.upload_id).outcome == "undone"
    with pytest.raises(UndoRefused, match="sudah dibatalkan"):
        undo_upload(engine, second.upload_id, "tester")
    undo_upload(engine, first.upload_id, "tester")
    assert sum(counts(engine).values()) == 0


def test_undo_refused_when_a_later_upload_touched_the_same_rows(engine, settings):
    first = load(engine, settings, members_wb(["A", "Ani", "Dinas A", "Pemerintah"]))
    second = load(engine, settings, members_wb(["A", "Ani", "Dinas A", "Media"]))
    with pytest.raises(UndoRefused, match=f"#{second.upload_id}"):
        undo_upload(engine, first.upload_id, "tester")
    # A later upload that only refers to a member the first one created also blocks it.
    third = load(engine, settings, workbook({"Anggota": [MEMBERS_HEADER, ["B", "Badu", "Dinas B", "Media"]]}))
    load(engine, settings, workbook({"Kontribusi": [["Tanggal", "Kode Anggota", "Jenis"], ["1/2/2023", "B", "Laporan"]]}))
    before = counts(engine)
    with pytest.raises(UndoRefused):
        undo_upload(engine, third.upload_id, "tester")
    assert counts(engine) == before


def test_references_resolve_across_sheets_and_earlier_uploads(engine, settings):
    assert load(engine, settings, workbook({
        "Rekomendasi": [["Kode", "Sumber", "Uraian", "Status"], ["2022-01", "Evaluasi 2022", "Perwali", "Belum"]],
        "Anggota": [["Nama", "Instansi", "Unsur"], ["Ani", "Dinas A", "OPD"], ["Ani", "Dinas B", "OPD"]],
        "Kegiatan": [["Tanggal", "Nama Kegiatan"], ["13/05/2023", "Rapat"]],
    })).ok
    report = load(engine, settings, workbook({
        "Kontribusi": [["Tanggal", "Nama", "Instansi", "Jenis", "Kode Rekomendasi"],
                       ["14/05/2023", "ani", "dinas b", "Tindak Lanjut Rekomendasi", "2022-01"]],
        "Kehadiran": [["Tanggal", "Nama Kegiatan", "Nama", "Instansi", "Kehadiran"],
                      ["13 Mei 2023", "rapat", "Ani", "Dinas A", "Hadir"],
                      ["13 Mei 2023", "rapat", "Ani", None, "Hadir"]],  # ambiguous namesake
    }))
    # the namesake without an Instansi is a question for the clerk: which Ani (nothing is written meanwhile)
    assert report.errors == [] and not report.ok and report.exit_code == 1
    [decision] = report.decisions
    assert (decision.id, decision.rows) == ("Kehadiran!3", ["Kehadiran!3"])
    assert sorted(c.organization for c in decision.candidates) == ["Dinas A", "Dinas B"]


def test_summary_of_recommendations(engine, settings):
    load(engine, settings, messy_recap())
    with Session(engine) as s:
        summary = recommendation_summary(s, today=dt.date(2024, 1, 15))
    assert summary["status_counts"] == {"Sesuai": 1, "Belum Sesuai": 1, "Belum Ditindaklanjuti": 1,
                                        "Tidak Dapat Ditindaklanjuti": 1}
    assert summary["completion"] == pytest.approx(1 / 3, abs=1e-4)
    overdue = {i["code"] for i in summary["items"] if i["overdue"]}
    assert overdue == {"2022-07"}  # target 1/1/2023, not Sesuai; 2023-I-06 is due mid-2024
    assert summary["overdue"] == 1


def test_an_evaluation_whose_dimension_score_changed_counts_as_updated(engine, settings):
    header = ["Tahun", "Peringkat", "Dari", "Nilai", "Smart Governance"]
    load(engine, settings, workbook({"Evaluasi": [header, [2023, 40, 100, "3,31", "3,4"]]}))
    report = load(engine, settings, workbook({"Evaluasi": [header, [2023, 40, 100, "3,31", "3,5"]]}))
    c = next(iter(report.sheets.values()))
    assert (c.inserted, c.updated, c.unchanged) == (0, 1, 0)
    undo_upload(engine, report.upload_id, "tester")
    with Session(engine) as s:
        assert s.scalar(select(M.EvaluationScore.score)) == 3.4


def test_duplicate_keys_and_codes_in_one_file_are_errors(engine, settings):
    report = load(engine, settings, workbook({
        "Anggota": [MEMBERS_HEADER, ["A", "Ani", "Dinas A", "Pemerintah"], ["A", "Badu", "Dinas B", "Media"],
                    ["C", "ani", "dinas a", "Media"]],
        "Kegiatan": [["Kode Kegiatan", "Tanggal", "Nama Kegiatan"], ["K1", "1/2/2023", "Rapat"],
                     ["K2", "01/02/2023", "rapat"]],
    }))
    messages = {(e.sheet, e.row): e.message for e in report.errors}
    assert "Kode Anggota A sudah dipakai di baris 2" in messages[("Anggota", 3)]
    assert "baris 2" in messages[("Anggota", 4)]  # same Nama and Instansi, other case
    assert "Tanggal dan Nama yang sama" in messages[("Kegiatan", 3)]
    assert counts(engine)["member"] == 0


def test_the_collector_is_paused_during_a_load_and_back_after(engine, settings, monkeypatch):
    """load_file pauses the cyclic collector while it runs (also when it fails) and leaves it as it found it."""
    import gc

    import loaders.ingest as LI

    seen = []
    real_parse = LI.parse_sheet

    def parse_and_look(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        seen.append(gc.isenabled())
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(LI, "parse_sheet", parse_and_look)
    assert gc.isenabled()
    assert load(engine, settings, members_wb(["ANG-1", "Ani", "Dinas", "Pemerintah", "Aktif"])).ok
    assert seen == [False] and gc.isenabled()

    def boom(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("parse failed")

    monkeypatch.setattr(LI, "parse_sheet", boom)
    with pytest.raises(RuntimeError):
        load(engine, settings, members_wb(["ANG-2", "Budi", "Dinas", "Pemerintah", "Aktif"]))
    assert gc.isenabled()
    gc.disable()
    try:  # a caller that had it off gets it back off
        monkeypatch.setattr(LI, "parse_sheet", real_parse)
        assert load(engine, settings, members_wb(["ANG-2", "Budi", "Dinas", "Pemerintah", "Aktif"])).ok
        assert not gc.isenabled()
    finally:
        gc.enable()
