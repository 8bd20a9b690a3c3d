"""Weekly snapshots: frozen facts, week-over-week changes, exports that never turn text into formulas."""
from __future__ import annotations

import csv
import datetime as dt
import json

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import models as M
from dashboard.cli import main
from dashboard.snapshots import (
    catch_up,
    csv_safe,
    export_week,
    last_completed_week,
    stored_week,
    take_snapshot,
    week_bounds,
    week_of,
)
from loaders.ingest import load_file
from tests.workbooks import workbook

MEMBERS = [["Kode Anggota", "Nama", "Instansi", "Unsur"],
           ["A", "Ani", "Dinas A", "Pemerintah"], ["B", "Badu", "Dinas B", "Media"], ["C", "Cici", "Dinas C", "Swasta"]]
ACTIVITIES = [["Kode Kegiatan", "Tanggal", "Nama Kegiatan"],
              ["K1", "10/11/2026", "Rapat Minggu 46"], ["K2", "17/11/2026", "Rapat Minggu 47"]]


def load(engine, settings, sheets):  # noqa: ANN001, ANN201
    report = load_file(engine, settings, workbook(sheets), "rekap.xlsx", "tester")
    assert report.ok, [e.as_dict() for e in report.errors]
    return report


def test_weeks_are_iso_weeks_in_wita():
    assert week_of(dt.date(2026, 11, 16)) == "2026-W47"
    assert week_bounds("2026-W47") == (dt.date(2026, 11, 16), dt.date(2026, 11, 22))
    assert last_completed_week(dt.date(2026, 11, 23)) == "2026-W47"  # a Monday: last week is complete
    assert last_completed_week(dt.date(2026, 11, 22)) == "2026-W46"  # a Sunday: W47 is still running
    with pytest.raises(ValueError):
        week_bounds("2026-47")


def test_freeze_change_freeze_keeps_the_first_and_diffs_right(engine, settings):
    load(engine, settings, {
        "Anggota": MEMBERS, "Kegiatan": ACTIVITIES,
        "Kehadiran": [["Kode Anggota", "K1", "K2"], ["A", "H", "H"], ["B", "H", "T"], ["C", "T", "T"]],
        "Kontribusi": [["Tanggal", "Kode Anggota", "Jenis", "Uraian"], ["11/11/2026", "A", "Laporan", "satu"]],
        "Rekomendasi": [["Kode", "Sumber", "Uraian", "Status"], ["R1", "Evaluasi 2023", "Satu", "Belum"]],
    })
    first = take_snapshot(engine, "2026-W46", "tester")
    assert first.created
    with Session(engine) as s:
        frozen = stored_week(s, "2026-W46")
    assert [(m["code"], m["ytd_rank"], m["ytd_score"]) for m in frozen["members"]] == [
        ("A", 1, 4.0), ("B", 2, 2.0), ("C", 3, 0.0)]

    # The data changes after the freeze: C contributes a lot in week 46 itself, R1 is done.
    load(engine, settings, {
        "Kontribusi": [["Tanggal", "Kode Anggota", "Jenis", "Uraian"],
                       ["12/11/2026", "C", "Tindak Lanjut Rekomendasi", "dua"]],
        "Rekomendasi": [["Kode", "Sumber", "Uraian", "Status"], ["R1", "Evaluasi 2023", "Satu", "Sesuai"]],
    })
    again = take_snapshot(engine, "2026-W46", "tester")
    assert not again.created and again.snapshot_id == first.snapshot_id
    with Session(engine) as s:
        assert stored_week(s, "2026-W46")["members"] == frozen["members"]  # a snapshot never changes
    second = take_snapshot(engine, "2026-W47", "tester")
    assert second.created

    paths = export_week(engine, "2026-W47", settings.data_dir / "out")
    wb = openpyxl.load_workbook(paths[0])
    assert wb.sheetnames == ["Ringkasan", "Peringkat Anggota", "Apresiasi", "Koreksi", "Rekomendasi", "Tren",
                             "Perubahan"]
    changes = [r for r in wb["Perubahan"].iter_rows(min_row=2, values_only=True)]
    # Year to date at W47: A 2+2+2 = 6, C 5 (contribution in W46), B 2.
    assert ("Perubahan peringkat", "Cici", "Dinas C", "3", "2", "naik 1") in changes
    assert ("Perubahan peringkat", "Badu", "Dinas B", "2", "3", "turun 1") in changes
    assert ("Kontributor baru", "Cici", "Dinas C", None, "Berkontribusi", None) in changes
    assert ("Status rekomendasi berubah", "R1", "Satu", "Belum Ditindaklanjuti", "Sesuai", None) in changes
    trend = list(wb["Tren"].iter_rows(values_only=True))
    assert trend[0] == ("Nama", "2026-W46", "2026-W47")
    assert ("Cici", 3, 2) in trend
    ws = wb["Peringkat Anggota"]
    assert ws.freeze_panes == "A2" and ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert wb["Rekomendasi"]["F1"].value == "Target"


def test_force_replaces_and_the_audit_trail_says_so(engine, settings):
    load(engine, settings, {"Anggota": MEMBERS})
    first = take_snapshot(engine, "2026-W46", "tester")
    load(engine, settings, {"Anggota": [MEMBERS[0], ["D", "Dodo", "Dinas D", "Media"]]})
    forced = take_snapshot(engine, "2026-W46", "tester", force=True)
    assert forced.created and forced.replaced
    with Session(engine) as s:
        assert len(stored_week(s, "2026-W46")["members"]) == 4
        events = [(e.action, e.detail) for e in s.scalars(select(M.AuditEvent).order_by(M.AuditEvent.id))]
    assert ("snapshot.create", "2026-W46") in events
    assert any(a == "snapshot.replace" and f"#{first.snapshot_id}" in d for a, d in events)


def test_catch_up_freezes_missed_weeks(engine, settings):
    load(engine, settings, {"Anggota": MEMBERS})
    assert [r.week for r in catch_up(engine, today=dt.date(2026, 11, 4))] == ["2026-W44"]
    made = catch_up(engine, today=dt.date(2026, 11, 24))
    assert [r.week for r in made] == ["2026-W45", "2026-W46", "2026-W47"] and all(r.created for r in made)
    assert catch_up(engine, today=dt.date(2026, 11, 25)) == []
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(M.Snapshot)) == 4


DANGEROUS = ["=SUM(A1:A9)", "+62 812 0000", "-1+1", "- Menyusun SOP pengelolaan data", "@SUM(1)",
             "\tTab di depan", "\rCR di depan", "\nLF di depan", "=HYPERLINK(\"http://x\",\"klik\")"]


def test_exports_keep_dangerous_texts_as_text(engine, settings):
    rows = [["Kode Anggota", "Nama", "Instansi", "Unsur"]]
    contributions = [["Tanggal", "Kode Anggota", "Jenis", "Uraian"]]
    recs = [["Kode", "Sumber", "Uraian", "Status"]]
    for i, text in enumerate(DANGEROUS):
        rows.append([f"X{i}", f"Nama {i}", text, "Pemerintah"])
        recs.append([f"R{i}", "Evaluasi 2023", text, "Belum"])
    load(engine, settings, {"Anggota": rows, "Rekomendasi": recs, "Kontribusi": contributions})
    with Session(engine) as s:  # the loader trims and collapses whitespace: compare against what is stored
        stored = sorted(s.scalars(select(M.Recommendation.text)))
    take_snapshot(engine, "2026-W46", "tester")
    xlsx, *csvs = export_week(engine, "2026-W46", settings.data_dir / "out")

    wb = openpyxl.load_workbook(xlsx)
    ws = wb["Rekomendasi"]
    texts = sorted(ws.cell(row=r, column=3).value for r in range(2, ws.max_row + 1))
    assert texts == stored
    assert "- Menyusun SOP pengelolaan data" in texts and "=SUM(A1:A9)" in texts
    for r in range(2, ws.max_row + 1):
        assert ws.cell(row=r, column=3).data_type == "s"
    orgs = {ws2.cell(row=r, column=4).value for ws2 in [wb["Peringkat Anggota"]] for r in range(2, ws2.max_row + 1)}
    assert "=HYPERLINK(\"http://x\",\"klik\")" in orgs
    for sheet in wb.worksheets:  # no formula anywhere in the workbook
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)

    rec_csv = next(p for p in csvs if p.name.endswith("-rekomendasi.csv"))
    with rec_csv.open(encoding="utf-8-sig", newline="") as fh:
        values = sorted(r["Uraian"] for r in csv.DictReader(fh))
    assert values == sorted(csv_safe(t) for t in stored)
    assert all(not v.startswith(("=", "+", "-", "@", "\t", "\r", "\n")) for v in values)
    assert "'- Menyusun SOP pengelolaan data" in values


def test_cli_snapshot_json(cli_env, settings, tmp_path, capsys):
    path = tmp_path / "a.xlsx"
    path.write_bytes(workbook({"Anggota": MEMBERS}))
    assert main(["load", str(path)]) == 0
    capsys.readouterr()
    assert main(["snapshot", "--week", "2026-W47", "--json", "--out", str(tmp_path / "x")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["week"] == "2026-W47" and out["created"] is True
    assert any(f.endswith("rekap-mingguan-2026-W47.xlsx") for f in out["files"])
    assert main(["snapshot", "--week", "2026-W47", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"week": "2026-W47", "created": False, "files": []}
    assert main(["snapshot", "--week", "2026-W48", "--json"]) == 0  # into POKJA_DATA_DIR/snapshots/2026-W48
    made = json.loads(capsys.readouterr().out)["files"]
    assert main(["snapshot", "--week", "2026-W48", "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["created"] is False and sorted(again["files"]) == sorted(made)
    assert main(["snapshot", "--week", "minggu-lalu"]) == 2


def test_schedule_is_monday_half_past_midnight_wita():
    from core.settings import TIMEZONE
    from dashboard.snapshots import next_run

    sunday_night = dt.datetime(2026, 11, 22, 23, 0, tzinfo=TIMEZONE)
    assert next_run(sunday_night) == dt.datetime(2026, 11, 23, 0, 30, tzinfo=TIMEZONE)
    just_after = dt.datetime(2026, 11, 23, 0, 30, 1, tzinfo=TIMEZONE)
    assert next_run(just_after) == dt.datetime(2026, 11, 30, 0, 30, tzinfo=TIMEZONE)
    # 16:45 UTC on Sunday is already Monday 00:45 WITA
    assert next_run(dt.datetime(2026, 11, 22, 16, 45, tzinfo=dt.UTC)) == dt.datetime(2026, 11, 30, 0, 30,
                                                                                      tzinfo=TIMEZONE)


def test_two_workers_freeze_the_same_week_once(engine, settings):
    import threading

    load(engine, settings, {"Anggota": MEMBERS})
    results = []
    threads = [threading.Thread(target=lambda: results.append(take_snapshot(engine, "2026-W46", "w")))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.created for r in results) == 1
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(M.Snapshot)) == 1


def test_download_bytes_for_the_page(engine, settings):
    import io
    import zipfile

    from dashboard.snapshots import export_bytes, snapshot_rows

    load(engine, settings, {"Anggota": MEMBERS})
    take_snapshot(engine, "2026-W46", "tester")
    assert [r["week"] for r in snapshot_rows(engine)] == ["2026-W46"]
    data, name = export_bytes(engine, "2026-W46", "csv")
    assert name == "rekap-mingguan-2026-W46-csv.zip"
    assert len(zipfile.ZipFile(io.BytesIO(data)).namelist()) == 7
    data, name = export_bytes(engine, "2026-W47", "xlsx", live=True)  # the running week, not frozen
    assert name == "rekap-mingguan-2026-W47-sementara.xlsx"
    assert openpyxl.load_workbook(io.BytesIO(data))["Tren"]["C1"].value == "2026-W47"
    assert [r["week"] for r in snapshot_rows(engine)] == ["2026-W46"]


def test_a_member_never_invited_is_belum_diundang_and_off_the_correction_sheet(engine, settings):
    load(engine, settings, {
        "Anggota": MEMBERS + [["D", "Dodi", "Dinas D", "Komunitas"]],
        "Kegiatan": ACTIVITIES[:2],
        # A attends and contributes, B attends, C is not invited, D is invited and absent.
        "Kehadiran": [["Kode Anggota", "K1"], ["A", "H"], ["B", "H"], ["C", "TD"], ["D", "T"]],
        "Kontribusi": [["Tanggal", "Kode Anggota", "Jenis", "Uraian"], ["11/11/2026", "A", "Laporan", "satu"]],
    })
    take_snapshot(engine, "2026-W46", "tester")
    with Session(engine) as s:
        frozen = stored_week(s, "2026-W46")
    assert {m["code"]: m["ytd_standing"] for m in frozen["members"]} == {
        "A": "Berkontribusi", "B": "Hadir Saja", "C": "Belum Diundang", "D": "Belum Berkontribusi"}
    assert frozen["headline"]["ytd_participation"]["standings"] == {
        "Berkontribusi": 1, "Hadir Saja": 1, "Belum Berkontribusi": 1, "Belum Diundang": 1}
    wb = openpyxl.load_workbook(export_week(engine, "2026-W46", settings.data_dir / "out")[0])
    assert [r[2] for r in wb["Koreksi"].iter_rows(min_row=2, values_only=True)] == ["Dodi", "Badu"]
    summary = dict(wb["Ringkasan"].iter_rows(min_row=2, values_only=True))
    assert summary["Anggota Belum Diundang (sejak awal tahun)"] == 1


def test_a_snapshot_frozen_before_the_fourth_standing_keeps_its_standings(engine, settings):
    load(engine, settings, {"Anggota": MEMBERS, "Kegiatan": ACTIVITIES[:2],
                            "Kehadiran": [["Kode Anggota", "K1"], ["A", "H"], ["B", "T"]]})
    take_snapshot(engine, "2026-W46", "tester")
    with Session(engine) as s:
        assert {m["code"]: m["ytd_standing"] for m in stored_week(s, "2026-W46")["members"]}["C"] == "Belum Diundang"
    with Session(engine) as s, s.begin():  # as a snapshot taken with three standings stored it
        s.execute(M.SnapshotMember.__table__.update().where(M.SnapshotMember.code == "C")
                  .values(ytd_standing="Belum Berkontribusi"))
    take_snapshot(engine, "2026-W46", "tester")  # taking it again writes nothing
    with Session(engine) as s:
        assert {m["code"]: m["ytd_standing"] for m in stored_week(s, "2026-W46")["members"]}["C"] == \
            "Belum Berkontribusi"
    wb = openpyxl.load_workbook(export_week(engine, "2026-W46", settings.data_dir / "out")[0])
    assert [r[2] for r in wb["Koreksi"].iter_rows(min_row=2, values_only=True)] == ["Badu", "Cici", "Ani"]


def test_backfill_freezes_each_missing_past_week_once_labelled(engine, settings):
    from dashboard.snapshots import BACKFILLED, backfill

    load(engine, settings, {
        "Anggota": MEMBERS, "Kegiatan": ACTIVITIES,
        "Kehadiran": [["Kode Anggota", "K1", "K2"], ["A", "H", "H"], ["B", "H", "T"], ["C", "T", "T"]],
    })
    take_snapshot(engine, "2026-W46", "jadwal")  # one week already frozen by the schedule
    done = backfill(engine, "2026-W45", "admin", today=dt.date(2026, 11, 25))  # W48 is still running
    assert [(r.week, r.created) for r in done] == [("2026-W45", True), ("2026-W46", False), ("2026-W47", True)]
    with Session(engine) as s:
        by = dict(s.execute(select(M.Snapshot.week, M.Snapshot.created_by)).all())
        assert by == {"2026-W45": f"admin {BACKFILLED}", "2026-W46": "jadwal", "2026-W47": f"admin {BACKFILLED}"}
        assert [m["ytd_rank"] for m in stored_week(s, "2026-W47")["members"]] == [1, 2, 3]
    again = backfill(engine, "2026-W45", "admin", today=dt.date(2026, 11, 25))
    assert not any(r.created for r in again)  # each week once
    assert backfill(engine, "2026-W49", "admin", today=dt.date(2026, 11, 25)) == []  # nothing completed yet
    with pytest.raises(ValueError):
        backfill(engine, "kemarin", "admin")


def test_cli_snapshot_backfill(cli_env, settings, tmp_path, capsys):
    from dashboard.snapshots import last_completed_week

    first = last_completed_week()
    assert main(["snapshot", "--backfill", first, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"backfill_from": first, "weeks": [{"week": first, "created": True}]}
    assert main(["snapshot", "--backfill", first]) == 0
    assert "sudah ada" in capsys.readouterr().out
    assert main(["snapshot", "--backfill", "minggu-lalu"]) == 2
