"""Errors grouped (issue 16, item 10): one structural mistake (two headers swapped) makes hundreds of row errors;
the report groups them by (sheet, column, message), says once that the sheet's reading looks wrong, and the
download still has one row per error."""
from __future__ import annotations

import io
import json

import openpyxl

from dashboard import upload_flow as flow
from dashboard.cli import main
from loaders.error_groups import generic_message, group_errors, suspect_sheets
from loaders.ingest import load_file
from loaders.parse import Issue
from tests.test_upload_page import as_upload
from tests.workbooks import workbook

N = 300


def swapped_headers() -> bytes:
    """300 good members; their contributions with the Tanggal and Jenis headers swapped (a clerk's one mistake),
    and one unrelated error on a good sheet."""
    members = [["Kode Anggota", "Nama", "Instansi", "Unsur"]]
    members += [[f"A{i:03d}", f"Orang Nomor {i}", "Diskominfo", "Pemerintah"] for i in range(N)]
    members.append(["B001", "Orang Lain", "Diskominfo", "Alien"])
    contributions = [["Jenis", "Kode Anggota", "Tanggal"]]
    contributions += [[f"{1 + i % 28:02d}/05/2023", f"A{i:03d}", "Rapat" if i % 2 else "Laporan"] for i in range(N)]
    return workbook({"Anggota": members, "Kontribusi": contributions})


def test_one_structural_mistake_is_two_groups_and_one_suspect_sheet(engine, settings):
    report = load_file(engine, settings, swapped_headers(), "rekap.xlsx", "tester", dry_run=True)
    out = report.as_dict()
    assert len(out["errors"]) == 2 * N + 1  # one entry per error, as before
    groups = out["error_groups"]
    assert [(g["sheet"], g["column"], g["count"]) for g in groups] == [
        ("Kontribusi", "Jenis", N), ("Kontribusi", "Tanggal", N), ("Anggota", "Unsur", 1)]
    assert groups[0]["rows"] == list(range(2, 12))  # the first ten Excel rows
    assert groups[1]["values"] == ["Laporan", "Rapat"]  # the first distinct values
    assert "'…'" in groups[1]["message"] and "Rapat" not in groups[1]["message"]
    assert groups[2]["values"] == ["Alien"] and groups[2]["rows"] == [N + 2]
    suspects = out["suspect_sheets"]
    assert [(s["sheet"], s["failed"], s["rows"]) for s in suspects] == [("Kontribusi", N, N)]  # not Anggota
    assert "300 dari 300 baris gagal" in suspects[0]["message"]


def test_the_cli_prints_groups_and_the_suspect_first(cli_env, tmp_path, capsys):
    path = tmp_path / "rekap.xlsx"
    path.write_bytes(swapped_headers())
    assert main(["load", str(path), "--dry-run"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("  PERIKSA PEMETAAN Sheet 'Kontribusi': 300 dari 300 baris gagal")
    errors = [ln for ln in lines if ln.startswith("  KESALAHAN")]
    assert len(errors) == 3
    assert errors[0].startswith("  KESALAHAN [sheet 'Kontribusi', kolom 'Jenis'] 300 kali, baris 2, 3, 4")
    assert "nilai 'Alien'" in errors[2] and "baris 302" in errors[2]
    assert main(["load", str(path), "--dry-run", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert len(report["error_groups"]) == 3 and len(report["suspect_sheets"]) == 1


def test_the_preview_shows_groups_and_the_download_keeps_every_error(engine, settings):
    p = flow.preview(engine, settings, as_upload(swapped_headers()), "rekap.xlsx")
    rows = flow.error_group_rows(p["report"])
    assert [(r["sheet"], r["column"], r["count"]) for r in rows][:2] == [("Kontribusi", "Jenis", N),
                                                                        ("Kontribusi", "Tanggal", N)]
    assert rows[0]["rows"].startswith("2, 3, 4") and rows[0]["rows"].endswith(" ...")
    wb = openpyxl.load_workbook(io.BytesIO(flow.errors_xlsx(flow.staged_report(settings, p["token"])["errors"])))
    assert wb.active.max_row == 1 + 2 * N + 1


def test_a_few_failing_rows_are_not_a_suspect_sheet():
    errors = [Issue("Anggota", r, "Unsur", "Alien", "'Alien' bukan Unsur.") for r in (2, 3, 4, 5, 6)]
    assert suspect_sheets(errors, {"Anggota": range(2, 20)}) == []  # 5 of 18 rows
    assert len(suspect_sheets(errors, {"Anggota": range(2, 8)})) == 1  # 5 of 6 rows
    assert suspect_sheets(errors[:4], {"Anggota": range(2, 6)}) == []  # fewer than 5 rows fail: no alarm
    assert generic_message(errors[0]) == "'…' bukan Unsur."
    assert group_errors(errors)[0]["values"] == ["Alien"]
