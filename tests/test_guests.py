"""Guests (issue 16, item 4): unknown people on a meeting list with no close candidate are stored as guests with
the upload, recognised across uploads, never scored; promoted to members by an undoable log entry."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import models as M
from dashboard import guests
from dashboard.cli import main
from dashboard.people_flow import DirectoryError
from loaders.ingest import load_file, undo_upload
from tests.workbooks import workbook

MEMBERS = [["Kode Anggota", "Nama", "Instansi", "Unsur"],
           ["P1", "Rina Wulandari", "Diskominfo", "Pemerintah"],
           ["P2", "Budi Santoso", "Diskominfo", "Pemerintah"]]


def meeting(title: str, day: str, people: list[tuple[str, str]]) -> list[list[object]]:
    rows = [["DAFTAR HADIR"], [f"Acara : {title}"], [f"Hari/Tanggal : {day}"], []]
    rows.append(["No", "Nama", "Instansi", "Tanda Tangan"])
    rows += [[k, name, org, f"{k}. ...."] for k, (name, org) in enumerate(people, start=1)]
    return rows


def load(engine, settings, sheets: dict, dry_run: bool = False):  # noqa: ANN001, ANN201
    return load_file(engine, settings, workbook(sheets), "daftar-hadir.xlsx", "tester", dry_run=dry_run)


def counts(engine) -> dict[str, int]:  # noqa: ANN001
    with Session(engine) as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m))
                for m in (M.Member, M.Attendance, M.Guest, M.GuestAttendance)}


def test_unknown_people_on_a_meeting_list_are_guests_recognised_across_uploads(engine, settings):
    load(engine, settings, {"Anggota": MEMBERS})
    first = {"Sheet1": meeting("FGD Masterplan Smart City", "Senin, 7 Agustus 2023",
                               [("Rina Wulandari", "Diskominfo"), ("Prof. Hendra Gunawan", "Universitas Balikpapan"),
                                ("Maya Sari", "PT Pertamina")])}
    preview = load(engine, settings, first, dry_run=True)
    assert preview.errors == [], [e.as_dict() for e in preview.errors]
    assert [(g["name"], g["organization"], g["known"], g["activities"]) for g in preview.guests] == [
        ("Prof. Hendra Gunawan", "Universitas Balikpapan", False, ["FGD Masterplan Smart City (07/08/2023)"]),
        ("Maya Sari", "PT Pertamina", False, ["FGD Masterplan Smart City (07/08/2023)"])]
    assert preview.people["guests"] == 2 and preview.people["matched"] == 1
    assert preview.as_dict()["guests"] == preview.guests
    report = load(engine, settings, first)
    assert report.ok and report.sheets["Sheet1"].inserted == 2  # the activity and the member's attendance: guests never count
    assert counts(engine) == {"member": 2, "attendance": 1, "guest": 2, "guest_attendance": 2}

    second = {"Sheet1": meeting("Rapat Koordinasi", "8 Agustus 2023",
                                [("HENDRA GUNAWAN", "Universitas Balikpapan"), ("Budi Santoso", "Diskominfo")])}
    again = load(engine, settings, second)
    assert again.ok and [(g["name"], g["known"]) for g in again.guests] == [("HENDRA GUNAWAN", True)]
    assert counts(engine) == {"member": 2, "attendance": 2, "guest": 2, "guest_attendance": 3}
    hendra = next(r for r in guests.rows(engine) if r["name"] == "Prof. Hendra Gunawan")
    assert hendra["attendance"] == 2 and hendra["member"] is None
    # Undoing the second upload removes only what it added; the first one, which the second built on, is refused.
    undo_upload(engine, again.upload_id, "tester")
    assert counts(engine) == {"member": 2, "attendance": 1, "guest": 2, "guest_attendance": 2}
    undo_upload(engine, report.upload_id, "tester")
    assert counts(engine) == {"member": 2, "attendance": 0, "guest": 0, "guest_attendance": 0}


def test_a_close_name_on_a_meeting_list_is_a_decision_that_may_answer_guest(engine, settings):
    load(engine, settings, {"Anggota": MEMBERS})
    sheets = {"Sheet1": meeting("FGD", "7 Agustus 2023", [("Rina Wulandar", "Diskominfo")])}
    report = load(engine, settings, sheets, dry_run=True)
    [decision] = report.as_dict()["decisions"]
    assert decision["kind"] == "person" and decision["guest_allowed"] is True
    answered = load_file(engine, settings, workbook(sheets), "x.xlsx", "tester",
                         decisions={decision["id"]: "guest"})
    assert answered.ok and [g["name"] for g in answered.guests] == ["Rina Wulandar"]
    assert counts(engine)["guest"] == 1 and counts(engine)["attendance"] == 0


def test_in_the_contract_kehadiran_sheet_an_unknown_member_stays_an_error(engine, settings):
    sheets = {"Anggota": MEMBERS,
              "Kegiatan": [["Kode Kegiatan", "Tanggal", "Nama Kegiatan"], ["K1", "07/08/2023", "FGD"]],
              "Kehadiran": [["Kode Kegiatan", "Nama", "Instansi", "Status"], ["K1", "Orang Asing", "Dinas X", "Hadir"]]}
    report = load(engine, settings, sheets, dry_run=True)
    assert [e.column for e in report.errors] == ["Nama"] and report.guests == []
    assert "tidak ada di sheet Anggota" in report.errors[0].message


def test_promote_makes_the_guest_a_member_whose_attendance_counts_and_undo_reverts_it(engine, settings):
    load(engine, settings, {"Anggota": MEMBERS})
    load(engine, settings, {"Sheet1": meeting("FGD", "7 Agustus 2023", [("Maya Sari", "Kedai Kopi Nusantara")]),
                            "Sheet2": meeting("Rapat", "9 Agustus 2023", [("Maya Sari", "Kedai Kopi Nusantara")])})
    [maya] = guests.rows(engine)
    with pytest.raises(DirectoryError, match="Unsur tamu"):  # nothing in the name tells its sector
        guests.promote(engine, maya["id"], "tester")
    result = guests.promote(engine, maya["id"], "tester", sector="Komunitas")
    assert result["attendance"] == 2
    assert counts(engine) == {"member": 3, "attendance": 2, "guest": 1, "guest_attendance": 2}
    assert guests.rows(engine) == [] and guests.rows(engine, include_promoted=True)[0]["member"] == result["member"]
    with Session(engine) as s:
        entry = s.get(M.Upload, result["id"])
        assert (entry.kind, entry.outcome) == ("promotion", "committed")
        assert s.scalar(select(M.AuditEvent.action).order_by(M.AuditEvent.id.desc())) == "guest.promote"
        member = s.scalar(select(M.Member).where(M.Member.name == "Maya Sari"))
        assert member.sector.name == "Komunitas" and member.organization.name == "Kedai Kopi Nusantara"
        assert s.scalar(select(func.max(M.MemberTally.att_hadir)).where(M.MemberTally.member_id == member.id)) == 2
    with pytest.raises(DirectoryError, match="sudah dijadikan anggota"):
        guests.promote(engine, maya["id"], "tester", sector="Komunitas")
    # The next list naming her finds the member her promotion made.
    nxt = load(engine, settings, {"Sheet1": meeting("Bimtek", "10 Agustus 2023", [("Maya Sari", "Kedai Kopi Nusantara")])})
    assert nxt.ok and nxt.guests == [] and counts(engine)["attendance"] == 3
    undo_upload(engine, nxt.upload_id, "tester")
    undo_upload(engine, result["id"], "tester")
    assert counts(engine) == {"member": 2, "attendance": 0, "guest": 1, "guest_attendance": 2}
    assert guests.rows(engine)[0]["member"] is None


def test_the_guests_command(cli_env, engine, settings, capsys):
    load(engine, settings, {"Sheet1": meeting("FGD", "7 Agustus 2023", [("Maya Sari", "Universitas Mulia")])})
    assert main(["guests", "list", "--json"]) == 0
    [maya] = json.loads(capsys.readouterr().out)
    assert maya["name"] == "Maya Sari" and maya["attendance"] == 1
    assert main(["guests", "promote", str(maya["id"] + 100)]) == 1
    assert "tidak ditemukan" in capsys.readouterr().err
    assert main(["guests", "promote", str(maya["id"])]) == 0  # a university: Akademisi from its name
    out = capsys.readouterr().out
    assert out.startswith(f"Tamu #{maya['id']} dijadikan anggota #") and "pokja undo" in out
    assert main(["guests", "list"]) == 0 and "Tidak ada tamu" in capsys.readouterr().out
    assert main(["guests", "list", "--all"]) == 0 and "-> anggota #" in capsys.readouterr().out
