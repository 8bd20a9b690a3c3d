"""Evidence (data dukung): files judged by their content, links, undoable attach and remove, readiness figures."""
from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import i18n
from core import models as M
from dashboard import evidence
from dashboard import queries as q
from loaders.ingest import load_file, undo_upload
from tests.workbooks import workbook

RECOMMENDATIONS = {"Rekomendasi": [
    ["Kode", "Sumber", "Uraian", "Status", "PIC"],
    ["2022-01", "Evaluasi 2022", "Perwali Smart City", "Sesuai", "Bappeda Litbang"],
    ["2022-02", "Evaluasi 2022", "Masterplan", "Sesuai", "Diskominfo"],
    ["2022-03", "Evaluasi 2022", "Dashboard", "Belum Sesuai", "Dinas Komunikasi dan Informatika"],
    ["2022-04", "Evaluasi 2022", "Tidak relevan", "Tidak Dapat Ditindaklanjuti", "Diskominfo"],
    ["2023-I-01", "Evaluasi 2023 Tahap I", "Forum", "Belum Ditindaklanjuti", "Bappeda Litbang"],
]}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _zip(entries: dict[str, bytes], encrypt_flag: bool = False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    data = bytearray(buf.getvalue())
    if encrypt_flag:  # set the "encrypted" bit in every local and central header, as an encrypted zip has
        for sig in (b"PK\x03\x04", b"PK\x01\x02"):
            start = 0
            while (i := data.find(sig, start)) >= 0:
                offset = 6 if sig == b"PK\x03\x04" else 8
                data[i + offset] |= 1
                start = i + 4
    return bytes(data)


DOCX = _zip({"[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
                                    b'wordprocessingml.document.main+xml"/></Types>', "word/document.xml": b"<w/>"})
DOCM = _zip({"[Content_Types].xml": b'<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.'
                                    b'main+xml"/></Types>', "word/document.xml": b"<w/>", "word/vbaProject.bin": b"x"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


@pytest.mark.parametrize(("data", "kind"), [
    (PDF, "application/pdf"), (b"\x89PNG\r\n\x1a\n" + b"0" * 20, "image/png"), (b"\xff\xd8\xff\xe0" + b"0" * 20, "image/jpeg"),
    (DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (ODT, "application/vnd.oasis.opendocument.text"),
])
def test_accepted_files_by_content(data, kind):
    assert evidence.sniff(data).media_type == kind


@pytest.mark.parametrize(("data", "words"), [
    (b"MZ\x90\x00" + b"\x00" * 100, "program"),  # an executable, whatever it is named
    (b"\x7fELF" + b"\x00" * 100, "program"),
    (b"#!/bin/sh\nrm -rf /\n", "program"),
    (DOCM, "makro"),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "Basic/Standard/Module1.xml": b"x"}), "makro"),
    (_zip({"laporan.pdf": PDF}, encrypt_flag=True), "kata sandi"),
    (_zip({"laporan.pdf": PDF}), "ZIP biasa"),
    (PDF.replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt 2 0 R"), "kata sandi"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Office lama"),
    (b"just some text", "tidak dikenali"),
    (b"", "kosong"),
])
def test_refused_files_say_why(data, words):
    with pytest.raises(evidence.EvidenceRefused, match=words):
        evidence.sniff(data)


def test_an_oversized_file_is_refused(monkeypatch):
    monkeypatch.setattr(evidence, "MAX_BYTES", 1000)
    with pytest.raises(evidence.EvidenceRefused, match="terlalu besar"):
        evidence.sniff(PDF + b"0" * 2000)


def test_add_list_remove_and_undo(engine, settings):
    assert load_file(engine, settings, workbook(RECOMMENDATIONS), "rek.xlsx", "uji").ok
    item = evidence.add(engine, settings, "2022-01", PDF, "Perwali No. 5/2023", "uji", filename="perwali.pdf",
                        date=dt.date(2026, 3, 2), by="Bagian Hukum")
    assert set(item) == {"id", "code", "title", "kind", "sha256", "date", "by"} and item["kind"] == "file"
    stored = settings.data_dir / "evidence" / item["sha256"][:2] / f"{item['sha256']}.pdf"
    assert stored.read_bytes() == PDF and (stored.stat().st_mode & 0o777) == 0o600
    link = evidence.add(engine, settings, "2022-01", "https://balikpapan.go.id/berita/forum", "Berita forum", "uji")
    assert link["kind"] == "link" and link["url"].startswith("https://") and "sha256" not in link
    with pytest.raises(evidence.EvidenceRefused, match="http"):
        evidence.add(engine, settings, "2022-01", "javascript:alert(1)", "x", "uji")
    with pytest.raises(evidence.EvidenceRefused, match="tidak ada"):
        evidence.add(engine, settings, "2099-99", PDF, "x", "uji")
    assert [e["id"] for e in evidence.items(engine, "2022-01")] == [link["id"], item["id"]]

    removed = evidence.remove(engine, item["id"], "uji")
    assert [e["id"] for e in evidence.items(engine)] == [link["id"]]
    undo_upload(engine, removed, "uji")  # the removal undone: the item is back, whole
    assert [e for e in evidence.items(engine) if e["id"] == item["id"]] == [item]
    with Session(engine) as s:
        kinds = s.scalars(select(M.Upload.kind).order_by(M.Upload.id)).all()
        assert kinds == ["file", "evidence", "evidence", "evidence"]
        assert s.scalar(select(func.count()).select_from(M.AuditEvent)
                        .where(M.AuditEvent.action.in_(("evidence.add", "evidence.remove")))) == 3


def test_readiness_figures(engine, settings):
    assert load_file(engine, settings, workbook(RECOMMENDATIONS), "rek.xlsx", "uji").ok
    cutoff = dt.date(2026, 1, 1)
    evidence.add(engine, settings, "2022-01", PDF, "baru", "uji", date=dt.date(2026, 2, 1))  # ready
    evidence.add(engine, settings, "2022-03", "https://x.example/lama", "lama", "uji", date=dt.date(2025, 6, 1))  # stale
    evidence.add(engine, settings, "2022-04", "https://x.example/tdtl", "tdtl", "uji", date=dt.date(2026, 2, 1))
    with Session(engine) as s:
        figures = q.readiness(s, cutoff)
    assert figures["cutoff"] == "2026-01-01"
    assert figures["evaluations"] == [
        # 4 recommendations, TDTL out of the denominator: 1 ready of 3
        {"source": "Evaluasi 2022", "recommendations": 4, "with_evidence": 3, "sesuai_without_evidence": 1,
         "stale": 1, "readiness": round(1 / 3, 4)},
        {"source": "Evaluasi 2023 Tahap I", "recommendations": 1, "with_evidence": 0, "sesuai_without_evidence": 0,
         "stale": 0, "readiness": 0.0},
    ]
    items = {i["code"]: i for i in figures["items"]}
    assert items["2022-01"] == {"code": "2022-01", "status": "Sesuai", "evidence": 1, "latest_evidence": "2026-02-01",
                                "ready": True}
    assert not items["2022-03"]["ready"] and not items["2022-04"]["ready"]  # stale; TDTL never ready
    # PIC through the organization directory: Diskominfo and its full name are one
    pics = {p["pic"]: p for p in figures["pics"]}
    assert pics["Dinas Komunikasi dan Informatika"]["recommendations"] == 3
    assert pics["Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan"]["ready"] == 1


def test_pokja_evidence_and_readiness_commands(cli_env, engine, settings, tmp_path, capsys):
    from dashboard.cli import main

    assert load_file(engine, settings, workbook(RECOMMENDATIONS), "rek.xlsx", "uji").ok
    good, bad = tmp_path / "perwali.pdf", tmp_path / "laporan.pdf"
    good.write_bytes(PDF)
    bad.write_bytes(b"MZ\x90\x00" + b"\x00" * 64)  # an executable named .pdf
    assert main(["evidence", "add", "2022-01", str(good), "--title", "Perwali", "--date", "2026-02-01", "--json"]) == 0
    added = json.loads(capsys.readouterr().out)
    assert added["code"] == "2022-01" and added["date"] == "2026-02-01"
    assert main(["evidence", "add", "2022-01", str(bad), "--title", "Laporan"]) == 1
    assert "program" in capsys.readouterr().err
    assert main(["evidence", "list", "2022-01", "--json"]) == 0
    assert [e["id"] for e in json.loads(capsys.readouterr().out)] == [added["id"]]
    assert main(["readiness", "--cutoff", "2026-01-01", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert set(figures) >= {"cutoff", "evaluations", "items"} and figures["items"][0]["ready"] is True
    assert main(["evidence", "remove", str(added["id"])]) == 0
    assert main(["evidence", "list", "--json"]) == 0
    assert "[]" in capsys.readouterr().out.split("\n", 1)[1]


def test_downloads_and_the_stored_cutoff(engine, settings):
    import openpyxl

    assert load_file(engine, settings, workbook(RECOMMENDATIONS), "rek.xlsx", "uji").ok
    item = evidence.add(engine, settings, "2022-01", PDF, "Perwali", "uji", filename="perwali.pdf",
                        date=dt.date(2025, 12, 1))
    evidence.add(engine, settings, "2022-01", "https://balikpapan.go.id/perwali", "=HYPERLINK(\"x\")", "uji",
                 date=dt.date(2026, 2, 1), by="Bagian Hukum")
    data, name = evidence.recommendation_zip(engine, settings, "2022-01")
    assert name == "data-dukung-2022-01.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert sorted(z.namelist()) == ["02-perwali.pdf", "DAFTAR.txt"]  # newest first: the link is item 1
        assert z.read("02-perwali.pdf") == PDF
        listing = z.read("DAFTAR.txt").decode()
        assert "https://balikpapan.go.id/perwali" in listing and "Bagian Hukum" in listing
    assert evidence.file_download(engine, settings, item["id"]) == (PDF, "perwali.pdf")
    data, name = evidence.index_xlsx(engine)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("Kode", "Sumber", "Status", "Judul") and len(rows) == 3
    assert rows[1][3] == "=HYPERLINK(\"x\")" and ws.cell(2, 4).data_type == "s"  # text, never a formula
    # the cut-off set on /admin is readiness's default: the December file no longer counts before it
    with Session(engine) as s:
        assert q.readiness(s)["cutoff"] == f"{dt.date.today().year}-01-01"
    evidence.set_cutoff(engine, dt.date(2026, 3, 1), "uji")
    with Session(engine) as s:
        figures = q.readiness(s)
    assert figures["cutoff"] == "2026-03-01"
    assert {i["code"]: i["ready"] for i in figures["items"]}["2022-01"] is False


def test_the_panel_attaches_one_file_or_one_link(engine, settings, monkeypatch):
    import base64

    from dashboard.components import evidence_panel as panel

    assert load_file(engine, settings, workbook(RECOMMENDATIONS), "rek.xlsx", "uji").ok
    monkeypatch.setattr(panel, "current_engine", lambda: engine)
    monkeypatch.setattr(panel, "current_settings", lambda: settings)
    pdf = "data:application/pdf;base64," + base64.b64encode(PDF).decode()
    exe = "data:application/pdf;base64," + base64.b64encode(b"MZ\x90\x00" + b"\x00" * 64).decode()
    assert panel.attach("2022-01", "Perwali", "2026-02-01", None, "https://x.example", pdf, "p.pdf") == (
        False, i18n.EVIDENCE["need_source"])
    ok, message = panel.attach("2022-01", "Laporan", "2026-02-01", None, None, exe, "laporan.pdf")
    assert not ok and "program" in message
    ok, message = panel.attach("2022-01", "Perwali", "2026-02-01", "Bagian Hukum", "", pdf, "perwali.pdf")
    assert ok and "Perwali" in message
    assert [(e["title"], e["filename"], e["by"]) for e in evidence.details(engine, "2022-01")] == [
        ("Perwali", "perwali.pdf", "Bagian Hukum")]
