"""Letters: piagam for the contributors, pembinaan to the heads of organizations whose invited members neither
attended nor contributed; numbers that never repeat; DOCX that python-docx opens and PDF whose text holds the names."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import models as M
from dashboard import letters
from dashboard.snapshots import take_snapshot
from loaders.ingest import load_file, undo_upload
from tests.workbooks import workbook

MEMBERS = [["Kode Anggota", "Nama", "Instansi", "Unsur"],
           ["A", "Ani Rahmawati", "Dinas A", "Pemerintah"],
           ["B", "Badu Santoso", "Dinas B", "Pemerintah"],
           ["C", "Cici Paramitha", "Dinas C", "Swasta"],
           ["D", "Dedi Kurniawan", "Dinas C", "Swasta"],
           ["E", "Eka Putri", "Dinas B", "Pemerintah"],  # never invited: Belum Diundang, on no letter
           ["F", "Fajar Nugroho", "Dinas B", "Pemerintah"]]
ACTIVITIES = [["Kode Kegiatan", "Tanggal", "Nama Kegiatan"],
              ["K1", "24/11/2026", "Rapat Koordinasi"], ["K2", "26/11/2026", "FGD Masterplan"]]
ATTENDANCE = [["Kode Anggota", "K1", "K2"], ["A", "H", "H"], ["B", "H", "T"], ["C", "T", "T"], ["D", "T", "T"],
              ["F", "T", "T"]]
CONTRIBUTIONS = [["Tanggal", "Kode Anggota", "Jenis", "Uraian"],
                 ["25/11/2026", "A", "Laporan", "Laporan rapat"],  # Ani: 2 + 2 + 2 = 6
                 ["25/11/2026", "D", "Data Dukung", "Foto kegiatan"]]  # Dedi: absent but contributed, 3
WEEK = "2026-W48"


def load(engine, settings, sheets):  # noqa: ANN001, ANN201
    report = load_file(engine, settings, workbook(sheets), "rekap.xlsx", "uji")
    assert report.ok, [e.as_dict() for e in report.errors]
    return report


@pytest.fixture
def team(engine, settings):  # noqa: ANN001, ANN201
    load(engine, settings, {"Anggota": MEMBERS, "Kegiatan": ACTIVITIES, "Kehadiran": ATTENDANCE,
                            "Kontribusi": CONTRIBUTIONS})
    return engine


def _pdf_text(path: str) -> str:
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout


def test_piagam_names_exactly_the_contributors_above_the_score(team, settings, tmp_path):
    result = letters.generate(team, settings, "piagam", tmp_path / "out", "uji", week=WEEK, min_score=5)
    assert {f["recipient"] for f in result["files"]} == {"Ani Rahmawati"}
    assert sorted(f["format"] for f in result["files"]) == ["docx", "pdf"]
    everyone = letters.generate(team, settings, "piagam", tmp_path / "all", "uji", start=dt.date(2026, 11, 23),
                                end=dt.date(2026, 11, 29))
    by_number = {f["number"]: f["members"] for f in everyone["files"]}
    # best first, numbers continuing the year's sequence after the first batch's 001
    assert by_number == {"002/SC-PIAGAM/" + str(dt.date.today().year): ["Ani Rahmawati"],
                         "003/SC-PIAGAM/" + str(dt.date.today().year): ["Dedi Kurniawan"]}
    pdf = next(f["path"] for f in everyone["files"] if f["format"] == "pdf" and f["recipient"] == "Dedi Kurniawan")
    text = _pdf_text(pdf)
    assert "Dedi Kurniawan" in text and "PIAGAM PENGHARGAAN" in text and "Ani" not in text


def test_pembinaan_goes_to_the_heads_and_names_only_invited_absent_non_contributors(team, settings, tmp_path):
    from docx import Document

    from dashboard import people_flow

    people_flow.org_head(team, "Dinas B", "Ir. Bambang Wijaya, M.T.", "uji")
    result = letters.generate(team, settings, "pembinaan", tmp_path, "uji", week=WEEK)
    letters_by_recipient = {f["recipient"]: f["members"] for f in result["files"]}
    # Badu attended (Hadir Saja), Dedi contributed, Eka was never invited: none of them is on a letter
    assert letters_by_recipient == {"Ir. Bambang Wijaya, M.T.": ["Fajar Nugroho"], "Kepala Dinas C": ["Cici Paramitha"]}
    docx = next(f["path"] for f in result["files"] if f["format"] == "docx" and f["recipient"] == "Kepala Dinas C")
    doc = Document(docx)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Yth. Kepala Dinas C" in text and "1. Cici Paramitha" in text and "Dedi" not in text
    assert round(doc.sections[0].page_width.cm, 1) == 21.0 and doc.styles["Normal"].font.name == "Times New Roman"
    pdf = next(f["path"] for f in result["files"] if f["format"] == "pdf" and f["recipient"].startswith("Ir."))
    text = _pdf_text(pdf)
    assert "Yth. Ir. Bambang Wijaya, M.T." in text and "Kepala Dinas B" in text and "Fajar Nugroho" in text
    assert "Eka Putri" not in text and "Badu" not in text
    with zipfile.ZipFile(result["zip"]) as z:
        assert sorted(n.rsplit(".", 1)[1] for n in z.namelist()) == ["docx", "docx", "pdf", "pdf"]
    with Session(team) as s:
        batch = s.scalar(select(M.LetterBatch))
        assert (batch.kind, batch.week, batch.created_by, batch.frozen) == ("pembinaan", WEEK, "uji", False)
        assert batch.zip_path.startswith(str(settings.data_dir / "letters"))
        assert s.scalar(select(M.AuditEvent.detail).where(M.AuditEvent.action == "letters.generate")).startswith(
            f"#{batch.id} pembinaan {WEEK}: 2 surat")


def test_a_frozen_week_reads_its_snapshot(team, settings, tmp_path):
    take_snapshot(team, WEEK, "uji")
    # after the freeze Cici's contribution is recorded: the frozen week still lists her
    load(team, settings, {"Kontribusi": [["Tanggal", "Kode Anggota", "Jenis", "Uraian"],
                                         ["25/11/2026", "C", "Laporan", "Terlambat"]]})
    frozen = letters.generate(team, settings, "pembinaan", tmp_path / "w", "uji", week=WEEK)
    assert {f["recipient"]: f["members"] for f in frozen["files"]}["Kepala Dinas C"] == ["Cici Paramitha"]
    assert frozen["frozen"] is True
    live = letters.generate(team, settings, "pembinaan", tmp_path / "p", "uji", start=dt.date(2026, 11, 23),
                            end=dt.date(2026, 11, 29))
    assert "Kepala Dinas C" not in {f["recipient"] for f in live["files"]}


def test_nobody_to_write_to_is_refused(team, settings, tmp_path):
    with pytest.raises(letters.LetterError, match="Berkontribusi"):
        letters.generate(team, settings, "piagam", tmp_path, "uji", week=WEEK, min_score=100)
    with pytest.raises(letters.LetterError, match="minggu"):
        letters.generate(team, settings, "piagam", tmp_path, "uji", start=dt.date(2026, 12, 1), end=dt.date(2026, 1, 1))


def test_the_sequence_never_repeats_and_is_yearly(engine):
    with Session(engine) as s:
        assert letters.allocate(s, 2026, "piagam", 3) == [1, 2, 3]
        assert letters.allocate(s, 2026, "piagam", 2) == [4, 5]
        assert letters.allocate(s, 2026, "pembinaan", 1) == [1]
        assert letters.allocate(s, 2027, "piagam", 1) == [1]
        s.commit()
    with Session(engine) as s:
        assert letters.allocate(s, 2026, "piagam", 1) == [6]
        s.rollback()  # a batch that failed gives its numbers back; nothing was issued
    with Session(engine) as s:
        assert letters.allocate(s, 2026, "piagam", 1) == [6]


def test_batches_at_once_never_share_a_number(engine):
    """Four batches allocate at the same time, each holding its transaction open a moment (as while its files are
    written): the upsert's row lock makes the others wait, so the twenty numbers are all different."""
    import threading
    import time

    got: list[list[int]] = []
    errors: list[BaseException] = []

    def batch() -> None:
        try:
            with Session(engine) as s:
                numbers = letters.allocate(s, 2026, "pembinaan", 5)
                time.sleep(0.1)
                s.commit()
                got.append(numbers)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=batch) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and sorted(n for numbers in got for n in numbers) == list(range(1, 21))
    assert all(numbers == list(range(numbers[0], numbers[0] + 5)) for numbers in got)


def test_settings_are_stored_checked_and_used(team, settings, tmp_path):
    with pytest.raises(letters.LetterError, match="seq"):
        letters.save_settings(team, {"number_format_piagam": "SC/{tahun}"}, "uji")
    with pytest.raises(letters.LetterError, match="tidak dikenal"):
        letters.save_settings(team, {"warna": "merah"}, "uji")
    letters.save_settings(team, {"letterhead": "PEMERINTAH KOTA UJI\nDINAS UJI", "signatory_name": "Dr. Rahmad Mas'ud",
                                 "signatory_nip": "19700101 199001 1 001",
                                 "number_format_piagam": "{year}/PGM/{seq:04d}"}, "uji")
    result = letters.generate(team, settings, "piagam", tmp_path, "uji", week=WEEK, min_score=5)
    assert result["files"][0]["number"] == f"{dt.date.today().year}/PGM/0001"
    text = _pdf_text(next(f["path"] for f in result["files"] if f["format"] == "pdf"))
    assert "PEMERINTAH KOTA UJI" in text and "Dr. Rahmad Mas'ud" in text and "NIP. 19700101 199001 1 001" in text


def test_pokja_letters_org_head_and_evidence_link(cli_env, team, settings, tmp_path, capsys):
    from dashboard.cli import main

    assert main(["org", "head", "Dinas C", "Hj. Siti Aminah"]) == 0
    capsys.readouterr()
    out = tmp_path / "surat"
    assert main(["letters", "--week", WEEK, "--kind", "pembinaan", "--out", str(out), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"files", "zip"}
    assert {(f["recipient"], f["format"]) for f in printed["files"]} == {
        ("Hj. Siti Aminah", "docx"), ("Hj. Siti Aminah", "pdf"), ("Kepala Dinas B", "docx"), ("Kepala Dinas B", "pdf")}
    assert all(set(f) == {"path", "format", "recipient", "number", "members"} for f in printed["files"])
    assert main(["letters", "--from", "2026-11-23", "--kind", "piagam", "--out", str(out)]) == 2
    assert main(["letters", "--week", "2026-W47", "--kind", "piagam", "--out", str(out)]) == 1
    assert "Tidak ada anggota" in capsys.readouterr().err

    with Session(team) as s:
        con_id = s.scalar(select(M.Contribution.id).where(M.Contribution.kind == "Data Dukung"))
        other = s.scalar(select(M.Contribution.id).where(M.Contribution.kind == "Laporan"))
    load(team, settings, {"Rekomendasi": [["Kode", "Sumber", "Uraian", "Status"], ["R1", "Evaluasi 2023", "Satu",
                                                                                    "Sesuai"]]})
    assert main(["evidence", "add", "R1", "https://example.org/foto", "--title", "Foto", "--json"]) == 0
    ev_id = json.loads(capsys.readouterr().out)["id"]
    assert main(["evidence", "link", str(other), str(ev_id)]) == 1  # a Laporan is not Data Dukung
    assert "Data Dukung" in capsys.readouterr().err
    assert main(["evidence", "link", str(con_id), str(ev_id)]) == 0
    entry = int(capsys.readouterr().out.split("entri #")[1].split(";")[0])
    with Session(team) as s:
        assert s.get(M.Contribution, con_id).evidence_id == ev_id
    undo_upload(team, entry, "uji")
    with Session(team) as s:
        assert s.get(M.Contribution, con_id).evidence_id is None  # the link undone


def test_a_rendered_page_is_written_for_looking_at(team, settings, tmp_path):
    """pdftoppm renders the first page of each kind into tests/screenshots/_last/ (look at them)."""
    shots = Path(__file__).parent / "screenshots" / "_last"
    shots.mkdir(parents=True, exist_ok=True)
    letters.save_settings(team, {"signatory_name": "Dr. H. Rahmad Mas'ud, S.E., M.E."}, "uji")
    for kind in letters.KINDS:
        result = letters.generate(team, settings, kind, tmp_path / kind, "uji", week=WEEK)
        pdf = next(f["path"] for f in result["files"] if f["format"] == "pdf")
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf,
                        str(shots / f"surat-{kind}")], check=True)
        assert (shots / f"surat-{kind}.png").stat().st_size > 5000
    assert shutil.which("pdftotext")


def test_the_admin_tab_and_the_unduhan_panel(team, settings, monkeypatch):
    from dashboard.components import letters_panel, letters_tab

    for module in (letters_panel, letters_tab):
        monkeypatch.setattr(module, "current_engine", lambda: team)
    monkeypatch.setattr(letters_panel, "current_settings", lambda: settings)
    values = ["Samarinda", "", "Ketua Tim", "", "{seq}/PGM/{year}", "{seq}/PBN/{year}"]
    assert letters_tab.save_settings("KOP SATU\n\nKOP DUA", *values) == (True, letters.T["saved"])
    with Session(team) as s:
        cfg = letters.get_settings(s)
    assert cfg["letterhead"] == ["KOP SATU", "KOP DUA"] and cfg["place"] == "Samarinda"
    ok, message = letters_tab.save_settings("KOP", *values[:4], "PGM/{tahun}", values[5])
    assert not ok and "{seq}" in message
    ok, message = letters_panel.generate(WEEK, None, None, "pembinaan", "")
    assert ok and "2 surat" in message
    ok, message = letters_panel.generate(letters_panel.PERIOD, "2026-11-23", "2026-11-29", "piagam", "5")
    assert ok and "1 surat" in message
    ok, message = letters_panel.generate(letters_panel.PERIOD, "2026-11-29", "2026-11-23", "piagam", "0")
    assert not ok
    assert [(b["kind"], b["letters"]) for b in letters.batches(team)] == [("piagam", 1), ("pembinaan", 2)]
    assert all(Path(b["zip"]).is_file() for b in letters.batches(team))


def test_letter_batches_and_evidence_are_kinds_of_the_audit_filter(team, settings, tmp_path):
    from dashboard import admin_flow

    letters.generate(team, settings, "piagam", tmp_path, "uji", week=WEEK)
    page = admin_flow.audit_page(team, kind="letters")
    assert [e["action"] for e in page["rows"]] == ["letters.generate"]
    assert admin_flow.audit_page(team, kind="evidence")["rows"] == []
