"""The mapping step on /unggah (issue 16, item 9), without a browser: an unsure reading keeps the file staged,
shows each sheet (first rows, header rows, kind, each column's meaning), previews again as the clerk mapped it,
and saves the mapping as a profile with the upload; the next file of that layout is read by the profile."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import models as M
from dashboard import upload_flow as flow
from dashboard.components.mapping_step import IGNORE, mapping_objects
from loaders import profiles
from tests.test_upload_page import as_upload
from tests.workbooks import workbook


def staff(*people: tuple[str, str, str]) -> bytes:
    return workbook({"Sheet2": [["Nama Pegawai", "Instansi", "Golongan"], *people], "Lain": [["halo"]]})


def test_an_unsure_reading_is_mapped_previewed_again_saved_with_a_profile(engine, settings):
    p = flow.preview(engine, settings, as_upload(staff(("Rina Wulandari", "Bappeda", "III/a"))), "pegawai.xlsx")
    assert not p["committable"] and p["mappable"]
    sheets = flow.mapping_sheets(engine, settings, p["token"])
    sheet = next(s for s in sheets if s["sheet"] == "Sheet2")
    assert sheet["first_rows"][:2] == [["Nama Pegawai", "Instansi", "Golongan"], ["Rina Wulandari", "Bappeda", "III/a"]]
    assert sheet["header_rows"] == [1] and set(sheet["columns"]) == {"A", "B", "C"}

    # What the page's selects send: the kind, the header rows as typed, a meaning per column.
    kinds, kind_ids = ["members", IGNORE], [{"type": "unggah-map-kind", "sheet": "Sheet2"},
                                            {"type": "unggah-map-kind", "sheet": "Lain"}]
    rows, row_ids = ["1"], [{"type": "unggah-map-rows", "sheet": "Sheet2"}]
    cols = ["Nama", "Instansi", "Jabatan"]
    col_ids = [{"type": "unggah-map-col", "sheet": "Sheet2", "col": c} for c in "ABC"]
    mapping = mapping_objects(kinds, kind_ids, rows, row_ids, cols, col_ids)
    assert mapping[0] == {"sheet": "Sheet2", "kind": "members", "header_rows": [1],
                          "columns": {"A": {"maps_to": "Nama"}, "B": {"maps_to": "Instansi"},
                                      "C": {"maps_to": "Jabatan"}}}
    assert mapping[1] == {"sheet": "Lain", "kind": None, "columns": {}}
    again = flow.remap(engine, settings, p["token"], mapping, "format Bappeda")
    assert again["committable"], again["report"]["errors"]
    assert flow.remap(engine, settings, p["token"], mapping, None) is None  # claimed once
    c = flow.commit(engine, settings, again["token"])
    assert c["ok"], c["report"]["errors"]
    with Session(engine) as s:
        assert [(m.name, m.position) for m in s.scalars(select(M.Member))] == [("Rina Wulandari", "III/a")]
        assert [x["name"] for x in profiles.listing(s)] == ["format Bappeda"]

    nxt = flow.preview(engine, settings, as_upload(staff(("Budi Santoso", "Diskominfo", "III/b"))), "pegawai-2.xlsx")
    assert nxt["committable"] and nxt["report"]["profiles_used"] == {"Sheet2": "format Bappeda"}


def test_a_malformed_header_row_is_said_and_the_file_stays_staged(engine, settings):
    p = flow.preview(engine, settings, as_upload(staff(("Rina Wulandari", "Bappeda", "III/a"))), "pegawai.xlsx")
    mapping = mapping_objects(["members"], [{"type": "unggah-map-kind", "sheet": "Sheet2"}], ["satu"],
                              [{"type": "unggah-map-rows", "sheet": "Sheet2"}], [], [])
    bad = flow.remap(engine, settings, p["token"], mapping, None)
    assert "header_rows" in bad["report"]["errors"][0]["message"] and bad["mappable"]
    assert flow.mapping_sheets(engine, settings, bad["token"]) is not None


def test_the_clerk_picks_a_meeting_lists_invitees_in_the_mapping_step(engine, settings):
    from tests.test_real_layouts import EVALUASI, INVITE_MEMBERS, UNNAMED, attendance_of, load

    load(engine, settings, workbook({"Anggota": INVITE_MEMBERS}))
    p = flow.preview(engine, settings, as_upload(workbook({"Sheet1": UNNAMED})), "daftar-hadir.xlsx")
    assert p["committable"] and p["mappable"]  # read fine: the step is offered for the invitees
    assert any(w["message"].startswith("Hanya kehadiran") for w in p["report"]["warnings"])
    [sheet] = flow.mapping_sheets(engine, settings, p["token"])
    assert sheet["shape"] == "meeting_list" and sheet["invited"] is None
    assert sheet["groups"] == ["Dewan Smart City", "Tim Pelaksana"]

    kind_ids = [{"type": "unggah-map-kind", "sheet": "Sheet1"}]
    col_ids = [{"type": "unggah-map-col", "sheet": "Sheet1", "col": c} for c in sheet["columns"]]
    cols = [c["maps_to"] or IGNORE for c in sheet["columns"].values()]
    mapping = mapping_objects([sheet["kind"]], kind_ids, [], [], cols, col_ids,
                              [["Tim Pelaksana"]], [{"type": "unggah-map-invited", "sheet": "Sheet1"}])
    assert mapping[0]["invited"] == ["Tim Pelaksana"]
    again = flow.remap(engine, settings, p["token"], mapping, None)
    assert again["committable"], again["report"]["errors"]
    assert not any(w["message"].startswith("Hanya kehadiran") for w in again["report"]["warnings"])
    assert flow.mapping_sheets(engine, settings, again["token"])[0]["invited"] == ["Tim Pelaksana"]  # kept
    c = flow.commit(engine, settings, again["token"])
    assert c["ok"], c["report"]["errors"]
    assert attendance_of(engine) == {("P1", *EVALUASI, "Hadir"), ("P4", *EVALUASI, "Izin"),
                                     ("P2", *EVALUASI, "Tidak Hadir")}

    # an empty choice: nobody named, only presence (the preview says so)
    p = flow.preview(engine, settings, as_upload(workbook({"Sheet1": UNNAMED})), "lagi.xlsx")
    empty = mapping_objects([sheet["kind"]], kind_ids, [], [], cols, col_ids,
                            [None], [{"type": "unggah-map-invited", "sheet": "Sheet1"}])
    assert empty[0]["invited"] == []
    again = flow.remap(engine, settings, p["token"], empty, None)
    assert any(w["message"].startswith("Hanya kehadiran") for w in again["report"]["warnings"])
