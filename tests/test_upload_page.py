"""The upload page's logic (dashboard.upload_flow) without a browser: preview, commit, undo, history, downloads."""
from __future__ import annotations

import base64
import io

import dash
import openpyxl
import pytest
from sqlalchemy.orm import Session

from core import i18n
from dashboard import queries as q
from dashboard import upload_flow as flow
from loaders.ingest import load_file
from tests.workbooks import messy_recap, workbook

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def as_upload(data: bytes) -> str:
    """What dcc.Upload hands the callback."""
    return f"data:{XLSX_MIME};base64," + base64.b64encode(data).decode("ascii")


def broken_recap() -> bytes:
    return workbook({
        "Anggota": [["Kode Anggota", "Nama", "Instansi", "Unsur"], ["A-1", "Budi", "Diskominfo", "Alien"]],
        "Kegiatan": [["Tanggal", "Nama Kegiatan"], ["31/02/2023", "Rapat"], ["=SUM(A1)", "FGD"]],
        "Rekomendasi": [["Kode", "Sumber", "Uraian", "Status", "Progres"],
                        ["R1", "Evaluasi 2023", "Uraian", "Entah", "150%"]],
        "Catatan": [["bukan sheet data"]],
    })


def stored(engine) -> dict[str, int]:  # noqa: ANN001
    with Session(engine) as s:
        return q.record_counts(s)


def upload_log(engine) -> list[dict]:  # noqa: ANN001
    with Session(engine) as s:
        return q.uploads(s)


def test_a_broken_file_previews_every_error_and_writes_nothing(engine, settings):  # noqa: ANN001
    p = flow.preview(engine, settings, as_upload(broken_recap()), "rekap-rusak.xlsx")

    assert not p["committable"] and not p["refused"]
    errors = p["report"]["errors"]
    where = {(e["sheet"], e["row"], e["column"]) for e in errors}
    assert ("Anggota", 2, "Unsur") in where
    assert ("Kegiatan", 2, "Tanggal") in where
    assert ("Rekomendasi", 2, "Status") in where and ("Rekomendasi", 2, "Progres") in where
    assert all(e["message"] for e in errors)
    assert any(e["value"] == "=SUM(A1)" for e in errors)  # a clerk's text, reported as written
    assert p["report"]["ignored_sheets"] == ["Catatan"]
    # A dry run writes no data and logs nothing; the bytes of a file that cannot be saved are not kept.
    assert not any(stored(engine).values())
    assert upload_log(engine) == []
    assert flow.staged_report(settings, p["token"])["errors"] == errors
    assert not list((settings.data_dir / "staging").glob("*.bin"))
    # ...and it can never be committed.
    assert flow.commit(engine, settings, p["token"])["report"] is None
    assert upload_log(engine) == []


def test_a_good_file_commits_exactly_once(engine, settings):  # noqa: ANN001
    p = flow.preview(engine, settings, as_upload(messy_recap()), "rekap.xlsx")
    assert p["committable"] and p["report"]["ok"] and p["report"]["errors"] == []
    counts = {c["kind"]: c for c in p["report"]["sheets"].values()}
    assert counts["members"]["inserted"] == 5 and counts["attendance"]["skipped"] == 1
    assert not any(stored(engine).values())  # the preview wrote nothing

    c = flow.commit(engine, settings, p["token"])
    assert c["ok"] and c["upload_id"] == 1
    assert c["message"].startswith("Berhasil disimpan sebagai unggahan #1:")
    assert stored(engine)["members"] == 5 and stored(engine)["recommendations"] == 4

    # A second click (or a replayed request) finds nothing to commit.
    again = flow.commit(engine, settings, p["token"])
    assert not again["ok"] and again["report"] is None and again["message"] == i18n.UNGGAH["expired"]
    assert [u["id"] for u in upload_log(engine)] == [1]

    [row] = flow.history(engine)
    assert row["filename"] == "rekap.xlsx" and row["by"] == flow.UPLOAD_USER
    assert row["outcome"] == i18n.OUTCOME["committed"] and row["can_undo"] and row["undo"]
    assert row["summary"] == "31 baru, 0 diubah, 0 tetap"
    assert flow.summary_text({"sheets": {"Anggota": {"inserted": 1477, "updated": 0, "unchanged": 1234}}}) == \
        "1.477 baru, 0 diubah, 1.234 tetap"
    assert row["at"].endswith("+08:00")  # WITA


def test_undo_restores_what_the_upload_changed(engine, settings):  # noqa: ANN001
    before = stored(engine)
    upload_id = flow.commit(engine, settings, flow.preview(engine, settings, as_upload(messy_recap()),
                                                           "rekap.xlsx")["token"])["upload_id"]
    u = flow.undo(engine, upload_id)
    assert u["ok"], u["message"]
    assert u["message"].startswith(f"Unggahan #{upload_id} dibatalkan:")
    assert stored(engine) == before
    [row] = flow.history(engine)
    assert row["outcome"] == i18n.OUTCOME["undone"] and not row["can_undo"] and row["undo"] == ""

    refused = flow.undo(engine, upload_id)
    assert not refused["ok"] and "sudah dibatalkan" in refused["message"]


def test_undo_is_refused_with_the_loaders_reason_when_a_later_upload_built_on_it(engine, settings):  # noqa: ANN001
    first = flow.commit(engine, settings, flow.preview(engine, settings, as_upload(messy_recap()), "a.xlsx")["token"])
    change = workbook({"Anggota": [["Kode Anggota", "Nama", "Instansi", "Unsur", "Jabatan"],
                                   ["ANG-01", "Budi Santoso", "Diskominfo", "OPD", "Sekretaris Dinas"]]})
    second = flow.commit(engine, settings, flow.preview(engine, settings, as_upload(change), "b.xlsx")["token"])
    assert first["ok"] and second["ok"]

    refused = flow.undo(engine, first["upload_id"])
    assert not refused["ok"]
    assert f"#{second['upload_id']}" in refused["message"] and "terlebih dahulu" in refused["message"]
    assert stored(engine)["members"] == 5  # nothing was undone

    assert flow.undo(engine, second["upload_id"])["ok"]
    assert flow.undo(engine, first["upload_id"])["ok"]
    assert stored(engine)["members"] == 0


def test_a_commit_rejected_after_a_clean_preview_keeps_its_errors_downloadable(engine, settings):  # noqa: ANN001
    members = workbook({"Anggota": [["Kode Anggota", "Nama", "Instansi", "Unsur"],
                                    ["ANG-01", "Budi Santoso", "Diskominfo", "OPD"]],
                        "Kegiatan": [["Kode Kegiatan", "Tanggal", "Nama Kegiatan"], ["KEG-01", "16/01/2023", "Rapat"]]})
    attendance = workbook({"Kehadiran": [["Kode Kegiatan", "Kode Anggota", "Kehadiran"], ["KEG-01", "ANG-01", "H"]]})
    loaded = load_file(engine, settings, members, "anggota.xlsx", "sekretariat")
    p = flow.preview(engine, settings, as_upload(attendance), "hadir.xlsx")
    assert p["committable"]
    flow.undo(engine, loaded.upload_id)  # the member the preview resolved is gone before the commit

    c = flow.commit(engine, settings, p["token"])
    assert not c["ok"] and c["report"]["errors"]
    assert flow.staged_report(settings, c["errors_token"])["errors"] == c["report"]["errors"]
    assert upload_log(engine)[0]["outcome"] == "rejected"
    assert flow.history(engine)[0]["summary"].startswith("1 kesalahan")


def test_the_error_download_round_trips_text_that_looks_like_a_formula(engine, settings):  # noqa: ANN001
    p = flow.preview(engine, settings, as_upload(broken_recap()), "rekap-rusak.xlsx")
    errors = flow.staged_report(settings, p["token"])["errors"]
    tricky = ["=SUM(A1)", "+62 812", "-1", "@HYPERLINK(\"x\")", "=1+1\n=2", "bell\x07"]
    errors = errors + [{"sheet": "Kegiatan", "row": 9, "column": "Tanggal", "value": v, "message": "m"} for v in tricky]

    ws = openpyxl.load_workbook(io.BytesIO(flow.errors_xlsx(errors))).active
    rows = list(ws.iter_rows(min_row=2))
    assert [c.value for c in next(ws.iter_rows(max_row=1))] == ["Sheet", "Baris", "Kolom", "Nilai", "Pesan"]
    assert len(rows) == len(errors)
    for error, row in zip(errors, rows):
        sheet, line, column, value, message = row
        assert sheet.value == error["sheet"] and line.value == error["row"] and message.value == error["message"]
        expected = None if error["value"] is None else error["value"].replace("\x07", "\ufffd")
        assert value.value == expected
        if value.value is not None:
            assert value.data_type == "s"  # a string, never a formula
    assert any(c.value == "=SUM(A1)" for c in ws["D"])
    assert flow.errors_filename("Rekap Januari (final).xlsx") == "kesalahan-Rekap-Januari-final.xlsx"


def test_what_the_browser_sends_is_never_trusted(engine, settings):  # noqa: ANN001
    p = flow.preview(engine, settings, "not a data url", "rekap.xlsx")
    assert p["refused"] and not p["committable"]
    assert p["report"]["errors"][0]["message"] == i18n.UNGGAH["bad_contents"]
    staging = flow.Staging.of(settings)
    for token in ("../../etc/passwd", "..", "", None, 42, "a" * 200):
        assert staging.meta(token) is None and staging.claim(token) is None
    assert flow.commit(engine, settings, "../staging/x")["report"] is None


def test_a_refused_file_says_why(engine, settings):  # noqa: ANN001
    p = flow.preview(engine, settings, as_upload(b"Nama,Instansi\nBudi,Diskominfo\n"), "rekap.csv")
    assert p["refused"] and not p["committable"]
    assert ".xlsx" in p["report"]["errors"][0]["message"]


def test_the_template_download_is_the_loaders_template(engine):  # noqa: ANN001
    wb = openpyxl.load_workbook(io.BytesIO(flow.template_bytes(engine)))
    assert wb.sheetnames[:7] == ["Petunjuk", "Anggota", "Kegiatan", "Kehadiran", "Kontribusi", "Rekomendasi",
                                 "Evaluasi"]


def test_old_previews_are_swept(settings):  # noqa: ANN001
    staging = flow.Staging.of(settings)
    token = staging.put(b"bytes", {"filename": "a.xlsx", "report": {}})
    staging.sweep(now=__import__("time").time() + flow.STAGING_TTL_S + 60)
    assert staging.claim(token) is None


def test_the_page_is_served_and_renders_the_history(settings, engine, app, client_as):  # noqa: ANN001
    load_file(engine, settings, messy_recap(), "rekap.xlsx", "sekretariat")
    assert client_as("sekretariat").get("/unggah").status_code == 200
    assert client_as("pimpinan").get("/unggah").status_code == 403
    with app.server.test_request_context("/unggah"):
        page = next(p for p in dash.page_registry.values() if p["path"] == "/unggah")
        text = str(page["layout"]())
    assert "unggah-upload" in text and "rekap.xlsx" in text and "unggah-history" in text


@pytest.mark.parametrize("name", ["rekap.xlsx", "C:\\fakepath\\rekap.xlsx", None])
def test_the_file_name_is_only_a_name(engine, settings, name):  # noqa: ANN001
    p = flow.preview(engine, settings, as_upload(messy_recap()), name)
    assert p["filename"] == "rekap.xlsx"


def test_uploads_through_the_page_are_recorded_as_the_logged_in_user(engine, app, client_as):  # noqa: ANN001
    client = client_as("sekretariat")
    deps = client.get("/_dash-dependencies").get_json()

    def call(input_id: str, inputs: list, state: list) -> dict:  # noqa: ANN202
        dep = next(d for d in deps if d["inputs"][0]["id"] == input_id)
        outputs = [{"id": o.split(".")[0], "property": o.split(".")[1].split("@")[0]}
                   for o in dep["output"][2:-2].split("...")]
        r = client.post("/_dash-update-component", json={
            "output": dep["output"], "outputs": outputs, "inputs": inputs, "state": state,
            "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"]})
        assert r.status_code == 200, r.get_data(as_text=True)
        return r.get_json()["response"]

    dropped = call("unggah-upload", [{"id": "unggah-upload", "property": "contents",
                                      "value": as_upload(messy_recap())}],
                   [{"id": "unggah-upload", "property": "filename", "value": "rekap.xlsx"}])
    token = dropped["unggah-token"]["data"]
    assert token["committable"]
    committed = call("unggah-commit", [{"id": "unggah-commit", "property": "n_clicks", "value": 1}],
                     [{"id": "unggah-token", "property": "data", "value": token},
                      []])  # the demo's fate: no demo loaded, no radio (a pattern-matching State: empty)
    assert committed["unggah-history"]["rowData"][0]["by"] == "uji-sekretariat"
    assert [u["by"] for u in upload_log(engine)] == ["uji-sekretariat"]


def test_questions_about_people_are_answered_in_the_preview_then_saved(engine, settings):  # noqa: ANN001
    first = workbook({"Anggota": [["Nama", "Instansi", "Unsur"], ["Siti Aminah", "Komunitas Pesisir", "Komunitas"]],
                      "Kegiatan": [["Kode Kegiatan", "Tanggal", "Nama Kegiatan"], ["K1", "13/05/2023", "FGD"]]})
    assert load_file(engine, settings, first, "satu.xlsx", "uji").ok
    second = workbook({"Kehadiran": [["Kode Kegiatan", "Nama", "Kehadiran"], ["K1", "Siti Amina", "Hadir"]]})
    p = flow.preview(engine, settings, as_upload(second), "dua.xlsx")
    assert p["deciding"] and not p["committable"] and p["report"]["errors"] == []
    [decision] = p["report"]["decisions"]
    options = flow.decision_options(engine, decision)
    assert options[0]["value"] == decision["candidates"][0]["ref"] and "Siti Aminah" in options[0]["label"]
    assert {"new", "new:Komunitas"} <= {o["value"] for o in options}

    # an unanswered question keeps the file uncommittable; the answer makes it committable
    again = flow.answer(engine, settings, p["token"], {decision["id"]: None})
    assert again["deciding"] and not again["committable"]
    answered = flow.answer(engine, settings, again["token"], {decision["id"]: options[0]["value"]})
    assert answered["committable"] and answered["report"]["ok"]
    assert flow.answer(engine, settings, again["token"], {}) is None  # an old preview is gone
    c = flow.commit(engine, settings, answered["token"])
    assert c["ok"], c["report"]["errors"]
    assert stored(engine)["attendance"] == 1


def test_an_oversized_upload_is_refused_before_it_is_decoded(engine, settings):  # noqa: ANN001
    """A file over the limit is judged by the length of its base64 text: never decoded, never copied (a 100 MB
    upload used to be decoded, 100 MB more, before the 20 MB check)."""
    import dataclasses
    import tracemalloc

    small = dataclasses.replace(settings, limits=dataclasses.replace(settings.limits, max_upload_bytes=2**20))
    contents = f"data:{XLSX_MIME};base64," + "QUFB" * (2**20)  # 4 MiB of base64: a 3 MiB file
    tracemalloc.start()
    try:
        p = flow.preview(engine, small, contents, "besar.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert p["refused"] and not p["committable"]
    message = p["report"]["errors"][0]["message"]
    assert "terlalu besar (3,0 MB)" in message and "batasnya 1,0 MB" in message, message
    assert peak < 2**20, f"{peak / 2**20:.1f} MiB allocated while refusing"
    # Just under the limit (with the base64 padding) is still read as a file.
    fits = as_upload(messy_recap())
    assert not flow.preview(engine, dataclasses.replace(small), fits, "rekap.xlsx")["refused"]


def test_while_the_demo_is_loaded_simpan_waits_for_its_fate_and_replace_removes_it(demo, settings):  # noqa: ANN001
    engine = demo
    data = workbook({"Anggota": [["Kode Anggota", "Nama", "Instansi", "Unsur"],
                                 ["REAL-1", "Anggota Sebenarnya", "Dinas Uji", "Pemerintah"]]})
    p = flow.preview(engine, settings, as_upload(data), "rekap-asli.xlsx")
    assert p["committable"] and p["demo"] is True
    waiting = flow.commit(engine, settings, p["token"])  # no answer: nothing claimed, nothing written
    assert waiting["staged"] and waiting["message"] == i18n.UNGGAH["demo_choose"]
    with Session(engine) as s:
        assert q.is_demo(s)
    c = flow.commit(engine, settings, p["token"], demo="replace")
    assert c["ok"] and c["demo_removed"] > 0 and "Data demo dihapus" in c["message"]
    with Session(engine) as s:
        assert not q.is_demo(s)  # the banner goes with the demo
        assert q.record_counts(s)["members"] == 1
    again = flow.preview(engine, settings, as_upload(data), "rekap-asli.xlsx")
    assert again["demo"] is False  # no demo, no question


def test_keep_demo_commits_beside_it(demo, settings):  # noqa: ANN001
    data = workbook({"Anggota": [["Kode Anggota", "Nama", "Instansi", "Unsur"],
                                 ["REAL-2", "Anggota Lain Sebenarnya", "Dinas Uji", "Pemerintah"]]})
    p = flow.preview(demo, settings, as_upload(data), "rekap-asli.xlsx")
    c = flow.commit(demo, settings, p["token"], demo="keep")
    assert c["ok"] and c["demo_removed"] is None
    with Session(demo) as s:
        assert q.is_demo(s)
