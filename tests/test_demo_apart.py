"""While the demo data is kept beside a real upload, real rows never attach to demo members (issue 16, item 11)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import models as M
from loaders.ingest import DEMO_USER, load_file
from tests.test_guests import meeting
from tests.workbooks import workbook

# Demo members (data/demo/rekap-demo.xlsx): ANG-004 Maya Sekarwangi and ANG-003 Rizal Hamdani, Diskominfo,
# both Aktif in Tim Pelaksana.
KEGIATAN = [["Kode Kegiatan", "Tanggal", "Nama Kegiatan"], ["R1", "07/08/2023", "Rapat Sebenarnya"]]


def load(engine, settings, sheets: dict, **kw):  # noqa: ANN001, ANN201
    return load_file(engine, settings, workbook(sheets), "rekap-asli.xlsx", "sekretariat", **kw)


def demo_ids(session: Session) -> set[int]:
    uploads = select(M.Upload.id).where(M.Upload.uploaded_by == DEMO_USER)
    return set(session.scalars(select(M.Member.id).where(M.Member.created_upload_id.in_(uploads))))


def test_a_real_name_equal_to_a_demo_members_is_a_new_real_member(demo, settings):  # noqa: ANN001
    with Session(demo) as s:
        before = s.scalar(select(func.count()).select_from(M.Member))
        maya = s.scalar(select(M.Member).where(M.Member.code == "ANG-004"))
        maya_state = (maya.id, maya.name, maya.key, maya.upload_id, maya.position)
    sheets = {"Anggota": [["Nama", "Instansi", "Unsur", "Jabatan"],
                          ["Maya Sekarwangi", "Diskominfo", "Pemerintah", "Staf"],  # the demo's name, exactly
                          ["Maya Sekarwangy", "Diskominfo", "Pemerintah", "Staf"]]}  # close to it: no question
    report = load(demo, settings, sheets)
    assert report.ok, [e.as_dict() for e in report.errors]
    assert report.decisions == [] and report.people["new"] == 2 and report.people["matched"] == 0
    with Session(demo) as s:
        assert s.scalar(select(func.count()).select_from(M.Member)) == before + 2
        maya = s.get(M.Member, maya_state[0])
        assert (maya.id, maya.name, maya.key, maya.upload_id, maya.position) == maya_state  # untouched
        real = list(s.scalars(select(M.Member).where(M.Member.created_upload_id == report.upload_id)))
        assert sorted(m.name for m in real) == ["Maya Sekarwangi", "Maya Sekarwangy"]
        assert not {m.id for m in real} & demo_ids(s)
    # the same file again: the real members are found, the demo's still is not
    again = load(demo, settings, sheets)
    assert again.ok and again.people["matched"] == 2 and again.people["new"] == 0
    assert again.sheets["Anggota"].unchanged == 2


def test_on_a_meeting_list_a_demo_members_name_is_a_guest(demo, settings):  # noqa: ANN001
    sheets = {"Sheet1": meeting("Rapat Sebenarnya", "Senin, 7 Agustus 2023",
                                [("Maya Sekarwangi", "Diskominfo"), ("MAYA SEKARWANGGI", "Diskominfo")])}
    report = load(demo, settings, sheets)
    assert report.ok and report.decisions == [], [e.as_dict() for e in report.errors]
    assert [g["name"] for g in report.guests] == ["Maya Sekarwangi", "MAYA SEKARWANGGI"]
    with Session(demo) as s:
        assert s.scalar(select(func.count()).select_from(M.Attendance)
                        .where(M.Attendance.created_upload_id == report.upload_id)) == 0


def test_in_the_contract_kehadiran_sheet_a_demo_members_name_or_code_is_unknown(demo, settings):  # noqa: ANN001
    sheets = {"Kegiatan": KEGIATAN,
              "Kehadiran": [["Kode Kegiatan", "Kode Anggota", "Nama", "Instansi", "Status"],
                            ["R1", None, "Maya Sekarwangi", "Diskominfo", "Hadir"],
                            ["R1", "ANG-003", None, None, "Hadir"]]}
    report = load(demo, settings, sheets, dry_run=True)
    assert [(e.row, e.column) for e in report.errors] == [(2, "Nama"), (3, "Kode Anggota")]
    assert "tidak ada di sheet Anggota" in report.errors[0].message
    assert report.decisions == []


def test_a_demo_members_code_on_a_real_member_row_is_refused_with_the_way_out(demo, settings):  # noqa: ANN001
    report = load(demo, settings, {"Anggota": [["Kode Anggota", "Nama", "Instansi", "Unsur"],
                                               ["ANG-004", "Orang Lain", "Dinas Uji", "Pemerintah"]]}, dry_run=True)
    [error] = report.errors
    assert error.row == 2 and error.column == "Kode Anggota" and "data demo" in error.message
    assert "Ganti data demo" in error.message and "--replace-demo" in error.message


def test_invitees_of_a_demo_group_are_not_demo_members(demo, settings):  # noqa: ANN001
    rows = meeting("Rapat Sebenarnya", "Senin, 7 Agustus 2023", [("Tamu Satu", "Dinas Uji")])
    rows.insert(3, ["Kelompok Kerja : Tim Pelaksana"])
    report = load(demo, settings, {"Sheet1": rows})
    assert report.ok, [e.as_dict() for e in report.errors]
    with Session(demo) as s:
        assert s.scalar(select(func.count()).select_from(M.Attendance)
                        .where(M.Attendance.created_upload_id == report.upload_id)) == 0


def test_real_members_kept_beside_the_demo_survive_its_removal(demo, settings):  # noqa: ANN001
    kept = load(demo, settings, {"Anggota": [["Nama", "Instansi", "Unsur", "Kelompok Kerja"],
                                             ["Maya Sekarwangi", "Diskominfo", "Pemerintah", "Tim Pelaksana"]]})
    assert kept.ok, [e.as_dict() for e in kept.errors]
    replaced = load(demo, settings, {"Kegiatan": KEGIATAN}, replace_demo=True)
    assert replaced.ok and replaced.demo_removed > 0, [e.as_dict() for e in replaced.errors]
    with Session(demo) as s:
        [maya] = s.scalars(select(M.Member))
        assert maya.name == "Maya Sekarwangi" and maya.created_upload_id == kept.upload_id
        assert s.get(M.Organization, maya.organization_id).name == "Dinas Komunikasi dan Informatika"  # its alias
        assert s.get(M.WorkingGroup, maya.working_group_id).name == "Tim Pelaksana"
    # and the same file again finds her (the demo is gone, her key still names her)
    again = load(demo, settings, {"Anggota": [["Nama", "Instansi", "Unsur", "Kelompok Kerja"],
                                              ["Maya Sekarwangi", "Diskominfo", "Pemerintah", "Tim Pelaksana"]]})
    assert again.ok and again.people["matched"] == 1 and again.sheets["Anggota"].unchanged == 1


def _demo_activity(session: Session) -> M.Activity:
    uploads = select(M.Upload.id).where(M.Upload.uploaded_by == DEMO_USER)
    return session.scalars(select(M.Activity).where(M.Activity.created_upload_id.in_(uploads))
                           .order_by(M.Activity.id)).first()


def _way_out(error) -> bool:  # noqa: ANN001
    return "data demo" in error.message and "--replace-demo" in error.message


def test_a_real_activity_or_recommendation_never_lands_on_a_demo_one(demo, settings):  # noqa: ANN001
    """A real Kegiatan row with a demo activity's code or date and name, a meeting list held on a demo activity's
    date under its name, and a real Rekomendasi row with a demo recommendation's code are refused with the way out
    (they would write real rows into demo rows); a Kehadiran row naming a demo activity finds nothing."""
    with Session(demo) as s:
        act = _demo_activity(s)
        code, day, name = act.code, act.date, act.name
        rec_code = s.scalar(select(M.Recommendation.code).order_by(M.Recommendation.id))
    shown = day.strftime("%d/%m/%Y")
    by_code = load(demo, settings, {"Kegiatan": [["Kode Kegiatan", "Tanggal", "Nama Kegiatan"],
                                                 [code, shown, "Nama Lain Sama Sekali"]]}, dry_run=True)
    by_key = load(demo, settings, {"Kegiatan": [["Tanggal", "Nama Kegiatan"], [shown, name]]}, dry_run=True)
    listed = load(demo, settings, {"Sheet1": meeting(name, shown, [("Orang Sebenarnya", "Dinas Uji")])},
                  dry_run=True)
    recs = load(demo, settings, {"Rekomendasi": [["Kode", "Sumber", "Tahun", "Uraian", "Status"],
                                                 [rec_code, "Evaluasi 2024", 2024, "Uraian sebenarnya", "Sesuai"]]},
                dry_run=True)
    for report in (by_code, by_key, listed, recs):
        assert not report.ok
        assert any(_way_out(e) for e in report.errors), [e.as_dict() for e in report.errors]
    attended = load(demo, settings, {"Anggota": [["Nama", "Instansi", "Unsur"],
                                                 ["Orang Sebenarnya", "Dinas Uji", "Pemerintah"]],
                                     "Kehadiran": [["Kode Kegiatan", "Nama", "Instansi", "Status"],
                                                   [code, "Orang Sebenarnya", "Dinas Uji", "Hadir"]]}, dry_run=True)
    assert [(e.row, e.column) for e in attended.errors] == [(2, "Kode Kegiatan")], \
        [e.as_dict() for e in attended.errors]
