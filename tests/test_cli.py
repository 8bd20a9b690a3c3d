"""The `pokja` command: its JSON contracts and exit codes (other tools and the pages rely on them)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from dashboard.cli import main
from tests.workbooks import messy_recap, workbook


def run(capsys, *argv: str) -> tuple[int, str]:  # noqa: ANN001
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_load_json_contract_and_exit_codes(cli_env, tmp_path, capsys):
    good = tmp_path / "rekap.xlsx"
    good.write_bytes(messy_recap())
    code, out = run(capsys, "load", str(good), "--dry-run", "--json")
    report = json.loads(out)
    assert code == 0
    assert set(report) == {"ok", "upload_id", "dry_run", "sheets", "errors", "warnings", "ignored_sheets",
                           "ignored_columns", "decisions", "people", "unclear_sheets",
                           "detected_sheets", "profiles_used", "error_groups", "suspect_sheets", "guests"}
    assert report["ok"] is True and report["dry_run"] is True and report["upload_id"] is None
    sheet = report["sheets"]["Rekap Kehadiran"]
    assert sheet == {"kind": "attendance", "inserted": 12, "updated": 0, "unchanged": 0, "skipped": 1}
    assert {w["sheet"] for w in report["warnings"]} >= {"Rekap Kehadiran"}
    assert set(report["warnings"][0]) == {"sheet", "row", "column", "value", "message"}

    code, out = run(capsys, "load", str(good), "--json")
    report = json.loads(out)
    assert code == 0 and report["upload_id"] == 1 and report["dry_run"] is False

    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(workbook({"Anggota": [["Nama", "Instansi", "Unsur"], ["Ani", "Dinas", "Alien"]]}))
    code, out = run(capsys, "load", str(bad), "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["upload_id"] is None
    assert report["errors"] == [{"sheet": "Anggota", "row": 2, "column": "Unsur", "value": "Alien",
                                 "message": report["errors"][0]["message"]}]

    refused = tmp_path / "catatan.txt"
    refused.write_text("bukan excel")
    code, out = run(capsys, "load", str(refused), "--json")
    assert code == 2 and json.loads(out)["errors"][0]["row"] is None

    code, out = run(capsys, "uploads", "--json")
    uploads = json.loads(out)
    assert [u["outcome"] for u in uploads] == ["refused", "rejected", "committed"]
    assert [list(u) for u in uploads] == [["id", "kind", "filename", "sha256", "by", "at", "outcome", "summary",
                                           "counts"]] * 3  # docs/cli-json.md: the fields and their order
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", uploads[0]["at"])  # WITA, to the second


def test_scores_and_recommendations_json(cli_env, tmp_path, capsys):
    path = tmp_path / "rekap.xlsx"
    path.write_bytes(messy_recap())
    assert run(capsys, "load", str(path))[0] == 0
    code, out = run(capsys, "scores", "--from", "2023-01-01", "--to", "2023-12-31", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["code"] for r in rows] == ["ANG-01", "ANG-02", "ANG-03", "ANG-04"]
    assert set(rows[0]) == {"rank", "code", "name", "organization", "sector", "internal", "score",
                            "attendance_rate", "contributions", "standing"}
    assert rows[0]["internal"] is True and rows[1]["internal"] is False
    # before the first activity nobody was invited: every member is Belum Diundang, none Belum Berkontribusi
    code, out = run(capsys, "scores", "--from", "2022-01-01", "--to", "2022-12-31", "--json")
    assert code == 0 and {r["standing"] for r in json.loads(out)} == {"Belum Diundang"}
    code, out = run(capsys, "recommendations", "--json")
    rec = json.loads(out)
    assert set(rec) == {"completion", "status_counts", "overdue", "items"}
    assert set(rec["status_counts"]) == {"Sesuai", "Belum Sesuai", "Belum Ditindaklanjuti",
                                         "Tidak Dapat Ditindaklanjuti"}
    assert set(rec["items"][0]) == {"code", "source", "year", "text", "status", "progress", "target", "overdue",
                                    "evidence"}
    # Every target in the messy workbook has passed by now (WITA): all but the Sesuai one are overdue.
    assert rec["overdue"] == 2


def test_undo_and_template(cli_env, tmp_path, capsys):
    path = tmp_path / "rekap.xlsx"
    path.write_bytes(messy_recap())
    run(capsys, "load", str(path))
    code, out = run(capsys, "undo", "1")
    assert code == 0 and "dibatalkan" in out
    assert run(capsys, "undo", "1")[0] == 1
    tpl = tmp_path / "templat.xlsx"
    assert run(capsys, "template", str(tpl))[0] == 0
    names = openpyxl.load_workbook(tpl).sheetnames
    assert names[:7] == ["Petunjuk", "Anggota", "Kegiatan", "Kehadiran", "Kontribusi", "Rekomendasi", "Evaluasi"]
    code, out = run(capsys, "load", str(tpl), "--json")
    assert code == 0 and all(c["inserted"] == 0 for c in json.loads(out)["sheets"].values())


def test_demo_loads_and_console_script_works(cli_env, settings):
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("the console-script smoke test runs once, on SQLite")
    proc = subprocess.run(["pokja", "demo"], env=cli_env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run(["pokja", "recommendations", "--json"], env=cli_env, capture_output=True, text=True,
                          timeout=60)
    rec = json.loads(proc.stdout)
    assert len(rec["items"]) == 19
    assert sum(1 for i in rec["items"] if i["source"] == "Evaluasi 2023 Tahap I") == 7
    assert Path(settings.data_dir, "archive").is_dir()


def test_load_runs_without_the_page_stack_and_refuses_what_it_cannot_read(cli_env, settings, tmp_path):
    """`pokja load` starts its reader before SQLAlchemy, never imports pandas, plotly, dash or openpyxl, and
    still reports an unreadable or refused file with its exit code."""
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("one subprocess check is enough, on SQLite")
    path = tmp_path / "rekap.xlsx"
    path.write_bytes(messy_recap())
    probe = (
        "import sys\n"
        "from dashboard.cli import main\n"
        "code = main(['load', sys.argv[1], '--json'])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'plotly', 'dash', 'openpyxl', 'numpy'})\n"
        "print('HEAVY', heavy, 'CODE', code)\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe, str(path)], env=cli_env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "HEAVY [] CODE 0"
    assert json.loads(proc.stdout[:proc.stdout.rindex("HEAVY")])["upload_id"] == 1

    missing = subprocess.run(["pokja", "load", str(tmp_path / "tidak-ada.xlsx")], env=cli_env, capture_output=True,
                             text=True, timeout=120)
    assert missing.returncode == 2 and "Berkas tidak dapat dibuka" in missing.stderr
    text_file = tmp_path / "catatan.xlsx"
    text_file.write_text("bukan excel")
    refused = subprocess.run(["pokja", "load", str(text_file), "--json"], env=cli_env, capture_output=True,
                             text=True, timeout=120)
    assert refused.returncode == 2 and json.loads(refused.stdout)["errors"][0]["message"].startswith("Berkas bukan")


def test_load_trace_marks_its_phases_on_one_time_line(cli_env, settings, tmp_path):
    """POKJA_TRACE=1 prints `pokja load`'s phases to stderr, the reader child's too, in order, since the process
    started; the JSON on stdout is unchanged. Without it, nothing is printed."""
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("one subprocess check is enough, on SQLite")
    path = tmp_path / "rekap.xlsx"
    path.write_bytes(messy_recap())
    quiet = subprocess.run(["pokja", "load", str(path), "--json", "--dry-run"], env=cli_env, capture_output=True,
                           text=True, timeout=120)
    assert quiet.returncode == 0 and "[trace]" not in quiet.stderr
    proc = subprocess.run(["pokja", "load", str(path), "--json"], env={**cli_env, "POKJA_TRACE": "1"},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["ok"] is True
    marks = [line.split(None, 2)[1:] for line in proc.stderr.splitlines() if line.startswith("[trace]")]
    at = {label.split(" [")[0]: float(t) for t, label in marks}  # the reader thread's marks end in " [name]"
    parent = ["reader started", "database migrated", "waiting for the reader", "parsed", "resolved", "committed",
              "loaded"]
    child = ["reader child started", "reader child parsed", "reader child pickled"]
    assert all(label in at for label in parent + child), at
    assert [at[label] for label in parent] == sorted(at[label] for label in parent), at
    assert at["reader started"] <= at["reader child started"] <= at["reader child parsed"] <= at["loaded"], at
    received = next(at[label] for label in at if label.startswith("reader's output received"))
    assert at["reader child pickled"] <= received <= at["parsed"], at
    assert 0 < at["reader started"] and at["loaded"] == max(at.values()) < 120, at


def test_load_in_process_leaves_the_collector_as_it_was(cli_env, settings, tmp_path, capsys):
    import gc

    path = tmp_path / "rekap.xlsx"
    path.write_bytes(messy_recap())
    assert gc.isenabled()
    assert run(capsys, "load", str(path), "--dry-run")[0] == 0
    assert gc.isenabled()
    assert run(capsys, "load", str(tmp_path / "tidak-ada.xlsx"))[0] == 2
    assert gc.isenabled()
