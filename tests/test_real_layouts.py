"""Recaps as the secretariat really keeps them (issue 16): letterheads, headers over two rows, title-block fields,
rows that are not records, tick-box statuses, matrix columns, day or month first. Exact records and skip counts."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import models as M
from loaders.ingest import load_file, undo_upload
from tests.workbooks import workbook

LETTERHEAD = [["PEMERINTAH KOTA BALIKPAPAN"], ["BADAN PERENCANAAN PEMBANGUNAN DAERAH"],
              ["Jl. Jenderal Sudirman No. 1 Balikpapan"], []]
UNITS = ("BAPPEDA", "DISKOMINFO", "DINAS PERHUBUNGAN", "DLH", "DISDUKCAPIL", "INSPEKTORAT", "BAGIAN ORGANISASI",
         "KECAMATAN BALIKPAPAN KOTA", "RSUD BERIMAN")
ORGS = ("Bappeda", "Diskominfo", "Dinas Perhubungan", "DLH", "Disdukcapil", "Inspektorat", "Bagian Organisasi",
        "Kecamatan Balikpapan Kota", "RSUD Beriman")


def load(engine, settings, data: bytes, dry_run: bool = False, name: str = "rekap.xlsx"):  # noqa: ANN001, ANN201
    return load_file(engine, settings, data, name, "tester", dry_run=dry_run)


def nip(k: int) -> str:
    return f"19{70 + k % 20:02d}0101 199{k % 10}03 1 {k:03d}"


def sign_sheet() -> tuple[list[list[object]], list[str], int]:
    """A sign-in list of 63 people in 9 units: letterhead, title, a two-row header (merged down), a row of
    column numbers, name and NIP on alternating rows, unit headings, pre-numbered empty rows, a summary table
    and a signature block below. Read naively it is 155 rows of "members"."""
    rows: list[list[object]] = [*LETTERHEAD, ["DAFTAR NAMA ANGGOTA TIM PELAKSANA SMART CITY"], []]
    top = len(rows) + 1  # Excel row of the header's first row
    rows.append(["No", "Nama / NIP", "Instansi", "Jabatan", "Tanda Tangan"])
    rows.append(["No", "Nama / NIP", "Instansi", "Jabatan", "Tanda Tangan"])
    merges = [f"{c}{top}:{c}{top + 1}" for c in "ABCDE"]
    rows.append(["(1)", "(2)", "(3)", "(4)", "(5)"])
    k = 0
    for unit, org in zip(UNITS, ORGS, strict=True):
        rows.append([None, unit])
        for _ in range(7):
            k += 1
            rows.append([k, f"Pegawai Nomor{chr(64 + k % 26)} {org} {k}", org, "Staf", f"{k}. ........"])
            rows.append([None, f"NIP. {nip(k)}"])
    for n in range(64, 77):  # pre-numbered rows nobody filled
        rows.append([n, None, None, None, f"{n}. ........"])
    rows.append([])
    rows += [[None, "Unsur", "Jumlah"], [None, "Pemerintah", 63], [None, "Jumlah", 63]]
    rows.append([])
    rows += [[None, None, None, "Balikpapan, 13 Mei 2023"], [None, None, None, "Kepala Bappeda"],
             [None, None, None, "Drs. Kepala Badan, M.Si."], [None, None, None, "NIP. 19650101 199003 1 001"]]
    return rows, merges, k


def test_a_sign_sheet_gives_its_63_people_not_155(engine, settings):
    rows, merges, people = sign_sheet()
    assert people == 63
    naive = [r for r in rows[9:] if any(c not in (None, "") for c in r)]
    assert len(naive) == 155  # what the loader took as members before
    report = load(engine, settings, workbook({"Anggota": rows}, {"Anggota": merges}))
    assert report.errors == [], [e.as_dict() for e in report.errors][:5]
    counts = report.sheets["Anggota"]
    assert counts.inserted == 63
    assert counts.skips == {"nip": 63, "headings": 9, "numbering": 14, "after_gap": 7}
    assert counts.note == ("63 orang; 63 baris NIP digabung; 9 judul unit dilewati; 14 baris bernomor kosong "
                           "dilewati; 7 baris setelah tabel dilewati (tanda tangan atau tabel lain)")
    assert counts.as_dict()["note"] == counts.note
    headings = [w for w in report.warnings if "judul unit" in w.message]
    assert [(w.row, w.value) for w in headings][:2] == [(10, "BAPPEDA"), (25, "DISKOMINFO")]
    gap = [w for w in report.warnings if "Tabel berakhir" in w.message]
    assert len(gap) == 1 and gap[0].row == 9 + 9 + 63 * 2 + 13 + 1 + 1
    with Session(engine) as s:
        members = {m.code: (m.name, m.organization.name) for m in s.scalars(select(M.Member))}
    assert len(members) == 63
    name, org = members["197101011991031001"]
    assert name == "Pegawai NomorA Bappeda 1" and org.startswith("Badan Perencanaan")
    assert members[nip(63).replace(" ", "")][0] == "Pegawai NomorK RSUD Beriman 63"


def test_the_template_shape_is_read_as_before(engine, settings):
    """Header in row 1, no No column, no merges: a lone name is still an error, not a heading."""
    report = load(engine, settings, workbook({"Anggota": [["Nama", "Instansi"], ["Rina", "Diskominfo"], ["Budi"]]}),
                  dry_run=True)
    assert [(e.row, e.column, e.message) for e in report.errors] == [(3, "Instansi", "Kolom Instansi wajib diisi.")]
    assert "skips" not in report.sheets["Anggota"].as_dict()


def recommendations_sheet(marks: list[tuple[object, ...]]) -> tuple[list[list[object]], list[str]]:
    """A follow-up matrix: letterhead, `Sumber : ...` in the title block, a two-row header whose status is four
    tick-box columns under a merged parent."""
    rows: list[list[object]] = [*LETTERHEAD, ["MATRIKS TINDAK LANJUT REKOMENDASI"],
                                ["Sumber", ":", "Evaluasi 2023 Tahap I"], []]
    top = len(rows) + 1
    rows.append(["No", "Kode", "Rekomendasi", "PIC", "Status Tindak Lanjut", None, None, None, "Keterangan"])
    rows.append([None, None, None, None, "Sesuai", "Belum Sesuai", "Belum Ditindaklanjuti",
                 "Tidak Dapat Ditindaklanjuti", None])
    merges = [f"{c}{top}:{c}{top + 1}" for c in "ABCDI"] + [f"E{top}:H{top}"]
    for k, mark in enumerate(marks, start=1):
        rows.append([k, f"2023-I-{k:02d}", f"Rekomendasi {k}", "Diskominfo", *mark, None])
    return rows, merges


def test_tick_box_statuses_and_a_title_block_source(engine, settings):
    marks = [("√", None, None, None), (None, "v", None, None), (None, None, "X", None), (None, None, None, "Ya"),
             (1, None, None, None), (None, "✓", None, None)]
    rows, merges = recommendations_sheet(marks)
    report = load(engine, settings, workbook({"Tindak Lanjut": rows}, {"Tindak Lanjut": merges}))
    assert report.errors == [], [e.as_dict() for e in report.errors]
    with Session(engine) as s:
        got = {r.code: (r.status, r.source, r.year) for r in s.scalars(select(M.Recommendation))}
    assert got == {
        "2023-I-01": ("Sesuai", "Evaluasi 2023 Tahap I", 2023),
        "2023-I-02": ("Belum Sesuai", "Evaluasi 2023 Tahap I", 2023),
        "2023-I-03": ("Belum Ditindaklanjuti", "Evaluasi 2023 Tahap I", 2023),
        "2023-I-04": ("Tidak Dapat Ditindaklanjuti", "Evaluasi 2023 Tahap I", 2023),
        "2023-I-05": ("Sesuai", "Evaluasi 2023 Tahap I", 2023),
        "2023-I-06": ("Belum Sesuai", "Evaluasi 2023 Tahap I", 2023),
    }


def test_no_tick_or_two_ticks_is_an_error_naming_the_row(engine, settings):
    rows, merges = recommendations_sheet([("v", None, None, None), (None, None, None, None), ("v", "v", None, None)])
    report = load(engine, settings, workbook({"Rekomendasi": rows}, {"Rekomendasi": merges}), dry_run=True)
    choices = "Sesuai, Belum Sesuai, Belum Ditindaklanjuti, Tidak Dapat Ditindaklanjuti"
    assert [(e.sheet, e.row, e.column, e.message) for e in report.errors] == [
        ("Rekomendasi", 11, "Status Tindak Lanjut",
         f"Tandai tepat satu kolom Status Tindak Lanjut ({choices}); di baris ini tidak ada yang ditandai."),
        ("Rekomendasi", 12, "Status Tindak Lanjut",
         f"Tandai tepat satu kolom Status Tindak Lanjut ({choices}); di baris ini 2 ditandai (Sesuai, Belum Sesuai)."),
    ]


def meeting_sheet(when: object, remarks: list[object]) -> list[list[object]]:
    rows: list[list[object]] = [["DAFTAR HADIR"], ["Acara", ":", "FGD Masterplan Smart City"],
                                ["Hari/Tanggal : " + when] if isinstance(when, str) else ["Hari/Tanggal", when], []]
    rows.append(["No", "Nama", "Instansi", "Keterangan", "Tanda Tangan"])
    for k, remark in enumerate(remarks, start=1):
        rows.append([k, f"Peserta Rapat {k}", "Diskominfo", remark, f"{k}. ...."])
    rows += [[len(remarks) + 1, None, None, None, f"{len(remarks) + 1}. ...."], []]
    rows += [[None, None, None, "Balikpapan, 13 Mei 2023"], [None, None, None, "Notulis"]]
    return rows


def test_a_meeting_list_takes_its_activity_from_the_title_block(engine, settings):
    members = [["Kode Anggota", "Nama", "Instansi"]] + [[f"P{k}", f"Peserta Rapat {k}", "Diskominfo"] for k in range(1, 5)]
    activities = [["Tanggal", "Nama Kegiatan"], [dt.date(2023, 5, 13), "FGD Masterplan Smart City"]]
    sheet = meeting_sheet("Senin / 13 Mei 2023", [None, "Izin", "Diwakili", "Kabid"])
    report = load(engine, settings, workbook({"Anggota": members, "Kegiatan": activities, "Daftar Hadir": sheet}))
    assert report.errors == [], [e.as_dict() for e in report.errors]
    assert report.sheets["Daftar Hadir"].skips == {"numbering": 1, "after_gap": 2}
    with Session(engine) as s:
        got = set(s.execute(select(M.Member.code, M.Activity.name, M.Activity.date, M.Attendance.status)
                            .join(M.Member, M.Member.id == M.Attendance.member_id)
                            .join(M.Activity, M.Activity.id == M.Attendance.activity_id)))
    assert got == {("P1", "FGD Masterplan Smart City", dt.date(2023, 5, 13), "Hadir"),
                   ("P2", "FGD Masterplan Smart City", dt.date(2023, 5, 13), "Izin"),
                   ("P3", "FGD Masterplan Smart City", dt.date(2023, 5, 13), "Diwakili"),
                   ("P4", "FGD Masterplan Smart City", dt.date(2023, 5, 13), "Hadir")}


def test_matrix_columns_only_for_dates_and_activity_codes(engine, settings):
    members = [["Kode Anggota", "Nama", "Instansi"], ["A1", "Rina", "Diskominfo"], ["A2", "Budi", "Bappeda"]]
    activities = [["Kode Kegiatan", "Tanggal", "Nama Kegiatan"], ["RK-1", dt.date(2023, 5, 13), "Rapat Satu"],
                  [None, dt.date(2023, 6, 2), "Rapat Dua"]]
    matrix = [["REKAP KEHADIRAN"], [],
              ["No", "Kode Anggota", "Nama", "RK-1", "02/06/2023", "Jml", "Jml Hadir", "Catatan Rapat", "Persentase"],
              [1, "A1", "Rina", "H", "I", 1, 1, "tepat waktu", "50%"],
              [2, "A2", "Budi", None, "v", 1, 1, None, "50%"]]
    report = load(engine, settings, workbook({"Anggota": members, "Kegiatan": activities, "Kehadiran": matrix}))
    assert report.errors == [], [e.as_dict() for e in report.errors]
    assert report.ignored_columns["Kehadiran"] == ["No", "Jml", "Jml Hadir", "Catatan Rapat", "Persentase"]
    with Session(engine) as s:
        got = set(s.execute(select(M.Member.code, M.Activity.name, M.Attendance.status)
                            .join(M.Member, M.Member.id == M.Attendance.member_id)
                            .join(M.Activity, M.Activity.id == M.Attendance.activity_id)))
    assert got == {("A1", "Rapat Satu", "Hadir"), ("A1", "Rapat Dua", "Izin"),
                   ("A2", "Rapat Satu", "Tidak Hadir"), ("A2", "Rapat Dua", "Hadir")}


def test_a_month_first_date_column_and_a_mixed_one(engine, settings):
    good = [["Tanggal", "Nama Kegiatan"], ["05/13/2023", "Rapat A"], ["06/01/2023", "Rapat B"], ["5/2/2023", "Rapat C"]]
    report = load(engine, settings, workbook({"Kegiatan": good}))
    assert report.errors == [], [e.as_dict() for e in report.errors]
    with Session(engine) as s:
        got = {a.name: a.date for a in s.scalars(select(M.Activity))}
    assert got == {"Rapat A": dt.date(2023, 5, 13), "Rapat B": dt.date(2023, 6, 1), "Rapat C": dt.date(2023, 5, 2)}
    mixed = [["Tanggal", "Nama Kegiatan"], ["05/13/2023", "Rapat A"], ["14/05/2023", "Rapat B"]]
    report = load(engine, settings, workbook({"Kegiatan": mixed}), dry_run=True)
    assert [(e.sheet, e.row, e.column, e.message) for e in report.errors] == [
        ("Kegiatan", 1, "Tanggal",
         "Kolom Tanggal mencampur urutan tanggal: '14/05/2023' (baris 3) hanya bisa hari-bulan, '05/13/2023' "
         "(baris 2) hanya bisa bulan-hari. Samakan urutannya di seluruh kolom (sebaiknya 13/05/2023).")]


def test_a_day_first_column_stays_day_first(engine, settings):
    report = load(engine, settings, workbook({"Kegiatan": [["Tanggal", "Nama Kegiatan"], ["02/05/2023", "Rapat A"]]}))
    assert report.errors == []
    with Session(engine) as s:
        assert s.scalar(select(M.Activity.date)) == dt.date(2023, 5, 2)


def meeting(title: list[list[object]], names: list[tuple[str, object]]) -> list[list[object]]:
    rows = [["PEMERINTAH KOTA BALIKPAPAN"], ["DAFTAR HADIR"], *title, []]
    rows.append(["No", "Nama", "Instansi", "Keterangan", "Tanda Tangan"])
    rows += [[k, name, "Diskominfo", remark, f"{k}. ...."] for k, (name, remark) in enumerate(names, start=1)]
    return rows


def attendance_of(engine) -> set[tuple]:  # noqa: ANN001
    with Session(engine) as s:
        return set(s.execute(select(M.Member.code, M.Activity.name, M.Activity.date, M.Attendance.status)
                             .join(M.Member, M.Member.id == M.Attendance.member_id)
                             .join(M.Activity, M.Activity.id == M.Attendance.activity_id)))


def test_three_meeting_sheets_named_like_sheet1_and_a_date(engine, settings):
    members = [["Kode Anggota", "Nama", "Instansi", "Kelompok Kerja", "Status"],
               ["P1", "Rina Wulandari", "Diskominfo", "Tim Pelaksana", "Aktif"],
               ["P2", "Budi Santoso", "Diskominfo", "Tim Pelaksana", "Aktif"],
               ["P3", "Siti Aminah", "Diskominfo", "Tim Pelaksana", "Nonaktif"],
               ["P4", "Agus Salim", "Diskominfo", "Dewan Smart City", "Aktif"]]
    load(engine, settings, workbook({"Anggota": members}))
    sheets = {
        "Sheet1": meeting([["Acara", ":", "FGD Masterplan Smart City"], ["Hari/Tanggal : Senin, 7 Agustus 2023"],
                           ["Peserta", ":", "Tim Pelaksana"]], [("Rina Wulandari", None)]),
        "7-8-2023": meeting([["Acara : Rapat Koordinasi Dewan"], ["Hari/Tanggal", ": Senin / 7 Agustus 2023"]],
                            [("Agus Salim", "Diwakili"), ("Budi Santoso", None)]),
        "Sheet3": meeting([["Perihal : Bimtek SPBE"], ["Tanggal : 08/09/2023"], ["Tim : Dewan Smart City"]],
                          [("Rina Wulandari", "Izin")]),
        "Catatan": [["catatan rapat bebas"], ["tidak ada tabel di sini"]],
    }
    report = load(engine, settings, workbook(sheets))
    assert report.errors == [], [e.as_dict() for e in report.errors]
    # header words 0.19 + a person and one meeting 0.35 + its date and name in the title block 0.25 + `DAFTAR HADIR`
    # 0.25 (+ the sheet's name a date 0.15, capped at 1)
    assert report.detected_sheets == {"Sheet1": {"kind": "attendance", "confidence": 0.97},
                                      "7-8-2023": {"kind": "attendance", "confidence": 1.0},
                                      "Sheet3": {"kind": "attendance", "confidence": 0.97}}
    assert report.ignored_sheets == ["Catatan"]
    fgd, dewan, bimtek = (("FGD Masterplan Smart City", dt.date(2023, 8, 7)),
                          ("Rapat Koordinasi Dewan", dt.date(2023, 8, 7)), ("Bimtek SPBE", dt.date(2023, 9, 8)))
    assert attendance_of(engine) == {
        ("P1", *fgd, "Hadir"), ("P2", *fgd, "Tidak Hadir"),  # invited (Tim Pelaksana, Aktif), not on the list
        ("P4", *dewan, "Diwakili"), ("P2", *dewan, "Hadir"),  # no invitees named: only presence
        ("P1", *bimtek, "Izin"), ("P4", *bimtek, "Tidak Hadir"),
    }
    only_presence = [w for w in report.warnings if w.message.startswith("Hanya kehadiran yang dicatat")]
    assert [w.sheet for w in only_presence] == ["7-8-2023"]
    made = [w.value for w in report.warnings if w.message.startswith("Kegiatan baru dibuat")]
    assert sorted(made) == ["Bimtek SPBE", "FGD Masterplan Smart City", "Rapat Koordinasi Dewan"]
    # The same file again changes nothing: the activities are found by their natural key.
    again = load(engine, settings, workbook(sheets), dry_run=True)
    assert again.errors == [] and sum(c.inserted for c in again.sheets.values()) == 0


def test_an_unknown_invited_group_is_an_error(engine, settings):
    sheet = meeting([["Acara : FGD"], ["Tanggal : 13/05/2023"], ["Pokja : Tim Hantu"]], [("Rina", None)])
    report = load(engine, settings, workbook({"Sheet1": sheet}), dry_run=True)
    assert [(e.sheet, e.value) for e in report.errors if "Kelompok kerja" in e.message] == [("Sheet1", "Tim Hantu")]


INVITE_MEMBERS = [["Kode Anggota", "Nama", "Instansi", "Kelompok Kerja", "Status"],
                  ["P1", "Rina Wulandari", "Diskominfo", "Tim Pelaksana", "Aktif"],
                  ["P2", "Budi Santoso", "Diskominfo", "Tim Pelaksana", "Aktif"],
                  ["P3", "Siti Aminah", "Diskominfo", "Tim Pelaksana", "Nonaktif"],
                  ["P4", "Agus Salim", "Diskominfo", "Dewan Smart City", "Aktif"],
                  ["P5", "Dewi Lestari", "Diskominfo", "Dewan Smart City", "Aktif"]]
# A list that names nobody as invited: only presence, unless the clerk's mapping names the groups.
UNNAMED = meeting([["Acara : Rapat Evaluasi"], ["Tanggal : 14/09/2023"]], [("Rina Wulandari", None),
                                                                          ("Agus Salim", "Izin")])
EVALUASI = ("Rapat Evaluasi", dt.date(2023, 9, 14))


def test_a_mapping_that_names_the_invited_groups_records_the_absent(engine, settings):
    from loaders.inspect import inspect_file, mapping_from_json

    load(engine, settings, workbook({"Anggota": INVITE_MEMBERS}))
    data = workbook({"Sheet1": UNNAMED})
    [sheet] = inspect_file(engine, settings, data, "daftar-hadir.xlsx")
    assert sheet["shape"] == "meeting_list" and sheet["invited"] is None
    only = load(engine, settings, data, dry_run=True)
    assert [w.sheet for w in only.warnings if w.message.startswith("Hanya kehadiran")] == ["Sheet1"]
    sheet["invited"] = ["tim pelaksana", "Dewan Smart City"]  # any case: groups are found folded
    report = load_file(engine, settings, data, "daftar-hadir.xlsx", "tester", mapping=mapping_from_json([sheet]))
    assert report.ok, [e.as_dict() for e in report.errors]
    assert not [w for w in report.warnings if w.message.startswith("Hanya kehadiran")]
    assert attendance_of(engine) == {("P1", *EVALUASI, "Hadir"), ("P4", *EVALUASI, "Izin"),
                                     ("P2", *EVALUASI, "Tidak Hadir"), ("P5", *EVALUASI, "Tidak Hadir")}  # P3 Nonaktif
    # "invited": [] says nobody was named: the title block's own invitees are not read either
    named = workbook({"Sheet1": meeting([["Acara : Rapat Lain"], ["Tanggal : 15/09/2023"], ["Pokja : Tim Pelaksana"]],
                                        [("Rina Wulandari", None)])})
    [sheet] = inspect_file(engine, settings, named, "lain.xlsx")
    assert sheet["invited"] == ["Tim Pelaksana"]
    sheet["invited"] = []
    cleared = load_file(engine, settings, named, "lain.xlsx", "tester", dry_run=True,
                        mapping=mapping_from_json([sheet]))
    assert cleared.ok and cleared.sheets["Sheet1"].inserted == 2  # the activity and Rina: nobody absent
    assert [w.sheet for w in cleared.warnings if w.message.startswith("Hanya kehadiran")] == ["Sheet1"]


def test_the_invited_round_trip_inspect_edit_load(cli_env, tmp_path, engine, settings):
    import json

    load(engine, settings, workbook({"Anggota": INVITE_MEMBERS}))
    path = tmp_path / "daftar-hadir.xlsx"
    path.write_bytes(workbook({"Sheet1": UNNAMED}))
    code, out = run_cli("inspect", str(path), "--json")
    sheets = json.loads(out)
    assert code == 0 and sheets[0]["invited"] is None
    sheets[0]["invited"] = ["Dewan Smart City"]
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps(sheets), encoding="utf-8")
    code, out = run_cli("load", str(path), "--json", "--mapping", str(mapping))
    assert code == 0, json.loads(out)["errors"]
    assert attendance_of(engine) == {("P1", *EVALUASI, "Hadir"), ("P4", *EVALUASI, "Izin"),
                                     ("P5", *EVALUASI, "Tidak Hadir")}
    sheets[0]["invited"] = ["Tim Hantu"]
    mapping.write_text(json.dumps(sheets), encoding="utf-8")
    code, out = run_cli("load", str(path), "--json", "--dry-run", "--mapping", str(mapping))
    assert code == 1 and [e["value"] for e in json.loads(out)["errors"]] == ["Tim Hantu"]


def test_a_sheet_of_unclear_kind_stops_the_load_with_its_guesses(cli_env, tmp_path, engine, settings):
    import json

    from dashboard.cli import main

    path = tmp_path / "campur.xlsx"
    path.write_bytes(workbook({"Sheet2": [["Nama", "Instansi"], ["Rina", "Diskominfo"]],
                               "Lain": [["halo"]]}))
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["load", str(path), "--json"])
    report = json.loads(out.getvalue())
    assert code == 1 and report["ok"] is False
    assert report["unclear_sheets"] == [{"sheet": "Sheet2", "guesses": [
        {"kind": "members", "confidence": 0.47}, {"kind": "attendance", "confidence": 0.12},
        {"kind": "contributions", "confidence": 0.12}]}]
    assert report["ignored_sheets"] == ["Lain"]
    assert "jenisnya tidak jelas" in report["errors"][0]["message"]


def run_cli(*argv: str) -> tuple[int, str]:
    import contextlib
    import io

    from dashboard.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def test_the_mapping_round_trip_inspect_edit_load(cli_env, tmp_path, engine, settings):
    import json

    rows = [["DATA PEGAWAI"], ["Unit : Bappeda"], [], ["No", "Nama Pegawai", "Instansi", "Golongan"],
            [1, "Rina Wulandari", "Bappeda", "III/a"], [2, "Budi Santoso", "Diskominfo", "III/b"]]
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(workbook({"Sheet1": rows}))
    code, out = run_cli("inspect", str(path), "--json")
    assert code == 0
    sheets = json.loads(out)
    assert sheets == [{  # one known header (Instansi): looks like nothing, shown for mapping
        "sheet": "Sheet1", "kind": None, "confidence": 0.0, "shape": "table", "header_rows": [4],
        "title_fields": {}, "invited": None, "profile": None,
        "columns": {"A": {"header": "No", "maps_to": None}, "B": {"header": "Nama Pegawai", "maps_to": None},
                    "C": {"header": "Instansi", "maps_to": None}, "D": {"header": "Golongan", "maps_to": None}},
    }]
    code, out = run_cli("load", str(path), "--json", "--dry-run")
    assert code == 1 and json.loads(out)["ignored_sheets"] == ["Sheet1"]
    sheets[0]["kind"] = "members"
    sheets[0]["columns"]["B"]["maps_to"] = "Nama"
    sheets[0]["columns"]["C"]["maps_to"] = "Instansi"
    sheets[0]["columns"]["D"]["maps_to"] = "Jabatan"
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps(sheets), encoding="utf-8")
    code, out = run_cli("load", str(path), "--json", "--mapping", str(mapping))
    report = json.loads(out)
    assert code == 0, report["errors"]
    assert report["sheets"]["Sheet1"]["inserted"] == 2
    with Session(engine) as s:
        got = {(m.name, m.position) for m in s.scalars(select(M.Member))}
    assert got == {("Rina Wulandari", "III/a"), ("Budi Santoso", "III/b")}


def test_a_mapping_that_names_no_column_is_refused_with_its_sheet_and_column(cli_env, tmp_path, engine, settings):
    import json

    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(workbook({"Sheet1": [["No", "Nama Pegawai", "Instansi"], [1, "Rina", "Bappeda"]]}))
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps([{"sheet": "Sheet1", "kind": "members", "columns": {"B": {"maps_to": "Namanya"}}},
                                   {"sheet": "Tidak Ada", "kind": None}]), encoding="utf-8")
    code, out = run_cli("load", str(path), "--json", "--dry-run", "--mapping", str(mapping))
    errors = [(e["sheet"], e["column"], e["message"]) for e in json.loads(out)["errors"]]
    assert code == 1
    assert errors[0] == ("Sheet1", "Nama Pegawai", "Pemetaan kolom 'Nama Pegawai': 'Namanya' bukan kolom sheet Anggota. "
                         "Kolom yang dikenal: Kode Anggota, Nama, Instansi, Jabatan, Unsur, Peran, Kelompok Kerja, "
                         "Dimensi, Status, Email, No HP.")
    assert ("Tidak Ada", None, "Pemetaan menyebut sheet 'Tidak Ada', tetapi berkas ini tidak punya sheet dengan "
                               "nama itu.") in errors
    mapping.write_text(json.dumps([{"sheet": "Sheet1", "kind": "anggota"}]), encoding="utf-8")
    code, _ = run_cli("load", str(path), "--mapping", str(mapping))
    assert code == 2


def test_the_command_line_refuses_a_real_upload_over_the_demo_until_told(cli_env, tmp_path, engine, settings, capsys):
    import json

    from dashboard.cli import DEMO_WORKBOOK
    from dashboard.queries import is_demo

    load_file(engine, settings, DEMO_WORKBOOK.read_bytes(), DEMO_WORKBOOK.name, "demo")
    with Session(engine) as s:
        assert is_demo(s) and s.scalar(select(func.count()).select_from(M.Member)) > 0
        s.add(M.Snapshot(**snapshot_values()))
        s.commit()
    path = tmp_path / "nyata.xlsx"
    path.write_bytes(workbook({"Anggota": [["Kode Anggota", "Nama", "Instansi"], ["R1", "Rina Wulandari", "Bappeda"]]}))
    code, _ = run_cli("load", str(path))
    assert code == 1
    assert "--replace-demo" in capsys.readouterr().err
    code, out = run_cli("load", str(path), "--json", "--replace-demo")
    assert code == 0, json.loads(out)["errors"]
    with Session(engine) as s:
        assert [m.code for m in s.scalars(select(M.Member))] == ["R1"]
        assert not is_demo(s)
        assert s.scalar(select(func.count()).select_from(M.Snapshot)) == 0
        assert s.scalar(select(func.count()).select_from(M.Activity)) == 0
        assert s.scalar(select(func.count()).select_from(M.MemberTally)) == 0
        assert {u.outcome for u in s.scalars(select(M.Upload).where(M.Upload.uploaded_by == "demo"))} == {"undone"}
    code, _ = run_cli("load", str(path))  # the demo is gone: no question any more
    assert code == 0


def snapshot_values() -> dict:
    return {"week": "2023-W20", "week_start": dt.date(2023, 5, 15), "week_end": dt.date(2023, 5, 21),
            "created_by": "tester", "data_version": 1, "headline_json": "{}", "evaluation_json": "{}"}


def test_a_close_activity_name_on_the_same_date_is_asked_not_guessed(engine, settings):
    activities = [["Tanggal", "Nama Kegiatan"], [dt.date(2023, 5, 13), "FGD Masterplan Smart City"]]
    members = [["Kode Anggota", "Nama", "Instansi"], ["P1", "Peserta Rapat 1", "Diskominfo"]]
    load(engine, settings, workbook({"Anggota": members, "Kegiatan": activities}))
    sheet = meeting([["Acara : FGD Masterplan"], ["Tanggal : 13/05/2023"]], [("Peserta Rapat 1", None)])
    report = load(engine, settings, workbook({"Sheet1": sheet}), dry_run=True)
    assert report.errors == [] and not report.ok
    [decision] = [d.as_dict() for d in report.decisions]
    assert decision["kind"] == "activity" and decision["id"] == "Sheet1!7" and decision["name"] == "FGD Masterplan"
    [candidate] = decision["candidates"]
    assert (candidate["ref"], candidate["name"], candidate["date"]) == ("same", "FGD Masterplan Smart City",
                                                                         "2023-05-13")
    data = workbook({"Sheet1": sheet})
    same = load_file(engine, settings, data, "x.xlsx", "tester", decisions={"Sheet1!7": "same"})
    assert same.ok and same.decisions == []
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(M.Activity)) == 1
        assert s.scalar(select(func.count()).select_from(M.Attendance)) == 1
    undo_upload(engine, same.upload_id, "tester")
    wrong = load_file(engine, settings, data, "x.xlsx", "tester", dry_run=True, decisions={"Sheet1!7": "mungkin"})
    assert [e.message for e in wrong.errors] == [
        "Keputusan Sheet1!7: jawab same (kegiatan yang sama dengan 'FGD Masterplan Smart City') atau new (kegiatan lain)."]
    new = load_file(engine, settings, data, "x.xlsx", "tester", decisions={"Sheet1!7": "new"})
    assert new.ok
    with Session(engine) as s:
        assert sorted(s.scalars(select(M.Activity.name))) == ["FGD Masterplan", "FGD Masterplan Smart City"]
    other = meeting([["Acara : Bimtek SPBE"], ["Tanggal : 13/05/2023"]], [("Peserta Rapat 1", None)])
    assert load(engine, settings, workbook({"Sheet1": other}), dry_run=True).errors == []


def test_a_saved_profile_reads_the_next_file_of_that_layout_by_itself(cli_env, tmp_path, engine, settings):
    import json

    def staff(*people: tuple[str, str, str]) -> bytes:
        return workbook({"Sheet1": [["DATA PEGAWAI"], [], ["No", "Nama Pegawai", "Instansi", "Golongan"],
                                    *[[k, *p] for k, p in enumerate(people, start=1)]]})

    first, second = tmp_path / "januari.xlsx", tmp_path / "februari.xlsx"
    first.write_bytes(staff(("Rina Wulandari", "Bappeda", "III/a")))
    second.write_bytes(staff(("Budi Santoso", "Diskominfo", "III/b"), ("Siti Aminah", "Bappeda", "IV/a")))
    code, out = run_cli("inspect", str(first), "--json")
    sheets = json.loads(out)
    sheets[0]["kind"] = "members"
    for letter, meaning in (("A", None), ("B", "Nama"), ("C", "Instansi"), ("D", "Jabatan")):
        sheets[0]["columns"][letter]["maps_to"] = meaning
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps(sheets), encoding="utf-8")
    code, out = run_cli("load", str(first), "--json", "--mapping", str(mapping), "--save-profile", "format Bappeda")
    assert code == 0, json.loads(out)["errors"]
    code, out = run_cli("profiles", "list", "--json")
    listed = json.loads(out)
    assert [(p["name"], p["kind"], p["columns"]) for p in listed] == [("format Bappeda", "members", 4)]

    code, out = run_cli("inspect", str(second), "--json")
    seen = json.loads(out)[0]
    assert (seen["kind"], seen["profile"], seen["columns"]["D"]["maps_to"]) == ("members", "format Bappeda", "Jabatan")
    code, out = run_cli("load", str(second), "--json")
    report = json.loads(out)
    assert code == 0 and report["profiles_used"] == {"Sheet1": "format Bappeda"}
    with Session(engine) as s:
        got = {(m.name, m.position) for m in s.scalars(select(M.Member))}
    assert got == {("Rina Wulandari", "III/a"), ("Budi Santoso", "III/b"), ("Siti Aminah", "IV/a")}

    assert run_cli("profiles", "delete", "format Bappeda")[0] == 0
    assert run_cli("profiles", "delete", "format Bappeda")[0] == 1
    code, out = run_cli("load", str(second), "--json", "--dry-run")
    assert code == 1 and json.loads(out)["profiles_used"] == {}


def test_the_activity_question_in_the_cli_text_and_on_unggah(engine, settings):
    from core import i18n
    from dashboard import upload_flow as flow

    activities = [["Tanggal", "Nama Kegiatan"], [dt.date(2023, 5, 13), "FGD Masterplan Smart City"]]
    load(engine, settings, workbook({"Kegiatan": activities}))
    sheet = meeting([["Acara : FGD Masterplan"], ["Tanggal : 13/05/2023"]], [("Peserta Rapat 1", None)])
    report = load(engine, settings, workbook({"Sheet1": sheet}), dry_run=True).as_dict()
    text = i18n.format_load_report(report)
    assert ("  KEPUTUSAN Sheet1!7: kegiatan 'FGD Masterplan' pada 13 Mei 2023 mirip kegiatan 'FGD Masterplan Smart "
            "City' yang sudah ada. Pilihan:") in text
    assert "Sheet1!7=same" in text and "Sheet1!7=new" in text
    [decision] = report["decisions"]
    assert [o["value"] for o in flow.decision_options(engine, decision)] == ["same", "new"]
