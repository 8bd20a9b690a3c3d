"""One person, one member: people and organizations matched across files (loaders/identity.py), on SQLite and
PostgreSQL, with workbooks built as clerks write them."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import models as M
from core.settings import PROJECT_ROOT
from loaders.identity import OrgDirectory
from loaders.ingest import load_file
from tests.workbooks import workbook

MEMBER_HEADER = ["Kode Anggota", "Nama", "Instansi", "Unsur"]
FIRST = {
    "Anggota": [
        MEMBER_HEADER,
        [None, "Dr. Ir. Hasan Sulistyo, M.T.", "Dinas Komunikasi dan Informatika", "Pemerintah"],
        [None, "Rina Wulandari, S.Kom.", "Universitas Balikpapan", "Akademisi"],
        ["197501012000031002", "Agus Salim, S.H.", "Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan",
         "Pemerintah"],
        ["0012345", "Siti Aminah", "Komunitas Balikpapan Bersepeda", "Komunitas"],
    ],
    "Kegiatan": [["Kode Kegiatan", "Tanggal", "Nama Kegiatan"], ["K1", "13/05/2023", "FGD Masterplan"],
                 ["K2", "20/05/2023", "Rapat Koordinasi"]],
}

# The same people in a second file as clerks really write them: capitals, no titles, abbreviations, a code
# that lost its leading zeros, and one typo ("Siti Amina").
SECOND = {
    "Anggota": [
        ["Nama", "Instansi"],  # no Unsur, no codes
        ["HASAN SULISTYO", "Diskominfo"],
        ["RINA WULANDARI", "Universitas Balikpapan"],
        ["Agus Salim SH MH", "Bappeda Litbang"],
    ],
    "Kehadiran": [
        ["Kode Kegiatan", "Nama", "Instansi", "Kehadiran"],
        ["K1", "Hasan Sulistyo", "Dinas Kominfo", "Hadir"],
        ["K1", "rina wulandari", None, "Hadir"],
        ["K1", "Agus Salim", "BAPPEDA LITBANG", "Izin"],
        ["K1", "Siti Amina", None, "Hadir"],
    ],
    "Kontribusi": [
        ["Tanggal", "Kode Anggota", "Nama", "Instansi", "Jenis Kontribusi", "Uraian"],
        ["14/05/2023", 12345, None, None, "Data Dukung", "foto kegiatan"],
        ["15/05/2023", None, "Siti Amina", None, "Paparan", "paparan komunitas"],
    ],
}


def load(engine, settings, sheets, decisions=None, dry_run=False):  # noqa: ANN001, ANN201
    return load_file(engine, settings, workbook(sheets), "rekap.xlsx", "uji", dry_run=dry_run, decisions=decisions)


def member_ids(engine) -> dict[str, int]:  # noqa: ANN001
    with Session(engine) as s:
        return {name: mid for mid, name in s.execute(select(M.Member.id, M.Member.name))}


def test_a_second_file_with_titles_capitals_abbreviations_and_a_typo_splits_no_one(engine, settings):
    assert load(engine, settings, FIRST).ok
    ids = member_ids(engine)
    assert len(ids) == 4

    report = load(engine, settings, SECOND)
    # the typo is one question (one spelling, two rows), and nothing is written meanwhile
    assert report.errors == [], [e.as_dict() for e in report.errors]
    assert not report.ok and report.exit_code == 1
    [decision] = report.decisions
    assert decision.as_dict()["id"] == "Kehadiran!5" and decision.rows == ["Kehadiran!5", "Kontribusi!3"]
    [candidate] = decision.candidates
    assert candidate.as_dict()["ref"] == f"#{ids['Siti Aminah']}" and candidate.name == "Siti Aminah"
    assert candidate.organization == "Komunitas Balikpapan Bersepeda" and 0.85 <= candidate.as_dict()["similarity"] < 1
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(M.Attendance)) == 0

    report = load(engine, settings, SECOND, decisions={"Kehadiran!5": f"#{ids['Siti Aminah']}"})
    assert report.ok, [e.as_dict() for e in report.errors]
    assert member_ids(engine) == ids  # no duplicate member
    # Rina (no Instansi in Kehadiran) is found by name in the Anggota sheet's own spelling first: matched
    assert report.people == {"matched": 4, "matched_by_name": 0, "new": 0, "guests": 0, "decisions": 0}
    with Session(engine) as s:
        attended = {n: st for n, st in s.execute(select(M.Member.name, M.Attendance.status).join(M.Attendance))}
        assert attended == {"Dr. Ir. Hasan Sulistyo, M.T.": "Hadir", "Rina Wulandari, S.Kom.": "Hadir",
                            "Agus Salim, S.H.": "Izin", "Siti Aminah": "Hadir"}
        contributors = sorted(s.scalars(select(M.Member.name).join(M.Contribution, M.Contribution.member_id == M.Member.id)))
        assert contributors == ["Siti Aminah", "Siti Aminah"]  # by the code without zeros, and by the decided typo
        # the display names stay as the first member sheet wrote them; the stored sectors stay too
        hasan = s.get(M.Member, ids["Dr. Ir. Hasan Sulistyo, M.T."])
        assert hasan.sector.name == "Pemerintah" and hasan.organization.name == "Dinas Komunikasi dan Informatika"
        [alias] = s.execute(select(M.MemberAlias.member_id, M.MemberAlias.name_key, M.MemberAlias.organization_key)).all()
        assert tuple(alias) == (ids["Siti Aminah"], "siti amina", "")

    # the next file with that spelling matches without asking
    third = {"Kehadiran": [["Kode Kegiatan", "Nama", "Kehadiran"], ["K2", "Siti Amina", "Hadir"],
                           ["K2", "HASAN SULISTYO", "Hadir"]]}
    report = load(engine, settings, third)
    assert report.ok and report.decisions == [], [e.as_dict() for e in report.errors]
    assert member_ids(engine) == ids


def test_the_decision_is_undone_with_its_upload(engine, settings):
    from loaders.ingest import undo_upload

    assert load(engine, settings, FIRST).ok
    ids = member_ids(engine)
    report = load(engine, settings, SECOND, decisions={"Kehadiran!5": f"#{ids['Siti Aminah']}"})
    assert report.ok
    undo_upload(engine, report.upload_id, "uji")
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(M.MemberAlias)) == 0
    assert load(engine, settings, SECOND).decisions  # asked again


def test_answers_new_and_a_decision_nobody_asked(engine, settings):
    assert load(engine, settings, FIRST).ok
    ids = member_ids(engine)
    sheets = {"Kehadiran": [["Kode Kegiatan", "Nama", "Instansi", "Kehadiran"],
                            ["K1", "Siti Amina", "Komunitas Pesisir Lestari", "Hadir"]]}
    report = load(engine, settings, sheets, decisions={"Kehadiran!2": "new:Komunitas", "Kehadiran!9": "#1"})
    assert [(e.sheet, e.row) for e in report.errors] == [("Kehadiran", 9)]
    assert "tidak diminta" in report.errors[0].message
    report = load(engine, settings, sheets, decisions={"Kehadiran!2": "new:Komunitas"})
    assert report.ok, [e.as_dict() for e in report.errors]
    assert report.people["new"] == 1
    after = member_ids(engine)
    assert len(after) == 5 and after["Siti Aminah"] == ids["Siti Aminah"]
    with Session(engine) as s:
        amina = s.get(M.Member, after["Siti Amina"])
        assert (amina.organization.name, amina.sector.name) == ("Komunitas Pesisir Lestari", "Komunitas")
        assert s.scalar(select(func.count()).select_from(M.Attendance).where(M.Attendance.member_id == amina.id)) == 1


def test_a_new_member_from_an_attendance_row_needs_its_organization(engine, settings):
    assert load(engine, settings, FIRST).ok
    sheets = {"Kehadiran": [["Kode Kegiatan", "Nama", "Kehadiran"], ["K1", "Siti Amina", "Hadir"]]}
    report = load(engine, settings, sheets, decisions={"Kehadiran!2": "new"})
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [("Kehadiran", 2, "Nama")]
    assert "Instansi" in report.errors[0].message


def test_a_namesake_in_another_known_organization_is_a_question(engine, settings):
    assert load(engine, settings, FIRST).ok
    ids = member_ids(engine)
    sheets = {"Anggota": [MEMBER_HEADER, [None, "Hasan Sulistyo", "Dinas Perhubungan", "Pemerintah"]]}
    report = load(engine, settings, sheets)
    [decision] = report.decisions
    assert decision.id == "Anggota!2"
    assert [(c.member_id, c.similarity) for c in decision.candidates] == [(ids["Dr. Ir. Hasan Sulistyo, M.T."], 100)]
    # one person who moved: the clerk says so, and the member list's row moves that member (its name stays)
    report = load(engine, settings, sheets, decisions={"Anggota!2": f"#{ids['Dr. Ir. Hasan Sulistyo, M.T.']}"})
    assert report.ok and member_ids(engine) == ids
    with Session(engine) as s:
        hasan = s.get(M.Member, ids["Dr. Ir. Hasan Sulistyo, M.T."])
        assert hasan.organization.name == "Dinas Perhubungan"


def test_a_namesake_decided_to_be_two_people(engine, settings):
    assert load(engine, settings, FIRST).ok
    sheets = {"Anggota": [MEMBER_HEADER, [None, "Hasan Sulistyo", "Dinas Perhubungan", "Pemerintah"]]}
    assert load(engine, settings, sheets, decisions={"Anggota!2": "new"}).ok
    assert len(member_ids(engine)) == 5
    # the new namesake is found by name and organization from then on
    again = {"Anggota": [MEMBER_HEADER, [None, "H. Hasan Sulistyo", "Dishub", None]]}
    report = load(engine, settings, again)
    assert report.ok and report.decisions == [] and len(member_ids(engine)) == 5


def test_a_name_alone_matches_when_exactly_one_member_has_it(engine, settings):
    assert load(engine, settings, FIRST).ok
    sheets = {"Kehadiran": [["Kode Kegiatan", "Nama", "Instansi", "Kehadiran"],
                            ["K2", "Rina Wulandari", "Unit Kerja Yang Tidak Dikenal", "Hadir"]]}
    report = load(engine, settings, sheets)
    assert report.ok and report.people["matched_by_name"] == 1
    [warning] = report.warnings  # said, with its sheet and row: the clerk can check it
    assert (warning.sheet, warning.row) == ("Kehadiran", 2)
    assert "lewat nama saja" in warning.message and "Rina Wulandari, S.Kom." in warning.message


def test_sector_from_the_directory_from_keywords_or_asked(engine, settings):
    sheets = {"Anggota": [["Nama", "Instansi"],
                          ["Dewi Lestari", "Dinas Sosial"],  # a seeded agency: Pemerintah
                          ["Yudi Pratama", "Politeknik Negeri Balikpapan"],  # inferred, said in a warning
                          ["Bayu Aji", "Yayasan Peduli Teluk"]]}  # nothing to go by: asked
    report = load(engine, settings, sheets)
    assert [d.id for d in report.decisions] == ["Anggota!4"]
    assert [(w.row, "Akademisi" in w.message) for w in report.warnings] == [(3, True)]
    report = load(engine, settings, sheets, decisions={"Anggota!4": "new:Komunitas"})
    assert report.ok, [e.as_dict() for e in report.errors]
    with Session(engine) as s:
        sectors = {n: sector for n, sector in
                   s.execute(select(M.Member.name, M.Sector.name).join(M.Sector, M.Sector.id == M.Member.sector_id))}
    assert sectors == {"Dewi Lestari": "Pemerintah", "Yudi Pratama": "Akademisi", "Bayu Aji": "Komunitas"}


def test_a_code_that_lost_its_digits_is_a_warning_not_a_code(engine, settings):
    assert load(engine, settings, FIRST).ok
    sheets = {"Kontribusi": [["Tanggal", "Kode Anggota", "Nama", "Jenis Kontribusi"],
                             ["14/05/2023", 197501012000031002, "Agus Salim", "Paparan"]]}
    report = load(engine, settings, sheets)
    assert report.ok, [e.as_dict() for e in report.errors]
    warning, by_name = report.warnings  # the lost code, then the match by name alone that replaced it
    assert (warning.sheet, warning.row, warning.column) == ("Kontribusi", 2, "Kode Anggota")
    assert (by_name.sheet, by_name.row) == ("Kontribusi", 2) and "lewat nama saja" in by_name.message
    assert "15" in warning.message and "Teks" in warning.message


def _seed() -> tuple:
    import importlib.util

    path = PROJECT_ROOT / "dashboard" / "migrations" / "versions" / "0012_people_and_organizations.py"
    spec = importlib.util.spec_from_file_location("migration_0012", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SEED


def test_every_seeded_alias_resolves_to_its_agency(engine):
    seed = _seed()
    assert len(seed) >= 40
    with Session(engine) as s:
        government = s.scalar(select(M.Sector.id).where(M.Sector.name == "Pemerintah"))
        directory = OrgDirectory(s)
        for name, aliases in seed:
            oid = directory.resolve(name)
            assert oid is not None, name
            for alias in aliases:
                assert directory.resolve(alias) == oid, (alias, name)
            assert directory.sector_ids[oid] == government


def test_pokja_load_decide_round_trip(cli_env, tmp_path, db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("one subprocess check is enough, on SQLite")
    first, second = tmp_path / "satu.xlsx", tmp_path / "dua.xlsx"
    first.write_bytes(workbook(FIRST))
    second.write_bytes(workbook(SECOND))
    pokja = [sys.executable, "-m", "dashboard.cli"]
    assert subprocess.run([*pokja, "load", str(first)], env=cli_env, capture_output=True).returncode == 0
    asked = subprocess.run([*pokja, "load", str(second), "--json"], env=cli_env, capture_output=True, text=True)
    assert asked.returncode == 1, asked.stderr
    report = json.loads(asked.stdout)
    [decision] = report["decisions"]
    assert set(decision) == {"id", "sheet", "row", "rows", "name", "organization", "candidates",
                            "kind", "guest_allowed"}
    assert decision["kind"] == "person" and decision["guest_allowed"] is False  # a Kehadiran sheet: no guests
    assert set(decision["candidates"][0]) == {"ref", "code", "name", "organization", "similarity"}
    assert report["people"]["decisions"] == 1
    answered = subprocess.run([*pokja, "load", str(second), "--json", "--decide",
                               f"{decision['id']}={decision['candidates'][0]['ref']}"],
                              env=cli_env, capture_output=True, text=True)
    assert answered.returncode == 0, answered.stdout + answered.stderr
    bad = subprocess.run([*pokja, "load", str(second), "--decide", "Kehadiran5=#1"], env=cli_env,
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "SHEET!BARIS" in bad.stderr


# --- Duplicates already stored: listed, merged, the merge undone -------------------------------------------

TWO_SITIS = {
    "Anggota": [MEMBER_HEADER,
                [None, "Siti Aminah", "Komunitas Balikpapan Bersepeda", "Komunitas"],
                ["SA-2", "Siti Amina", "Komunitas Balikpapan Bersepeda", "Komunitas"]],
    "Kegiatan": [["Kode Kegiatan", "Tanggal", "Nama Kegiatan"], ["K1", "13/05/2023", "FGD Masterplan"],
                 ["K2", "20/05/2023", "Rapat Koordinasi"], ["K3", "27/05/2023", "Bimtek"]],
    "Kehadiran": [["Kode Kegiatan", "Kode Anggota", "Nama", "Kehadiran"],
                  ["K1", None, "Siti Aminah", "Tidak Hadir"], ["K1", "SA-2", None, "Hadir"],  # one activity twice
                  ["K2", "SA-2", None, "Hadir"], ["K3", None, "Siti Aminah", "Izin"]],
    "Kontribusi": [["Tanggal", "Kode Anggota", "Nama", "Jenis Kontribusi", "Uraian"],
                   ["14/05/2023", None, "Siti Aminah", "Paparan", "paparan komunitas"],
                   ["14/05/2023", "SA-2", None, "Paparan", "paparan komunitas"],  # the same natural key, merged
                   ["21/05/2023", "SA-2", None, "Data Dukung", "foto"]],
}


def _tables(engine) -> dict[str, list[tuple]]:  # noqa: ANN001
    out = {}
    with Session(engine) as s:
        for model in (M.Member, M.Attendance, M.Contribution, M.MemberAlias, M.MemberMerge, M.Organization):
            out[model.__tablename__] = sorted(tuple(r) for r in s.execute(select(model.__table__)))
        t = M.MemberTally.__table__
        out["member_tally"] = sorted(tuple(r) for r in s.execute(select(*[c for c in t.c if c.name != "id"])))
    return out


def test_duplicates_merge_and_its_undo(engine, settings):
    from dashboard import people_flow
    from loaders.ingest import undo_upload

    # two close names in one member sheet are two new members (only stored members are candidates): the
    # duplicates list is where the secretariat finds them
    report = load(engine, settings, TWO_SITIS)
    assert report.ok and report.decisions == [], [e.as_dict() for e in report.errors]
    ids = member_ids(engine)
    aminah, amina = ids["Siti Aminah"], ids["Siti Amina"]
    pairs = people_flow.duplicates(engine)
    # the one with a code is the one to keep
    assert pairs == [{"keep": f"#{amina}", "drop": f"#{aminah}", "names": ["Siti Amina", "Siti Aminah"],
                      "why": "nama mirip (95%), instansi sama"}]
    before = _tables(engine)

    result = people_flow.merge_members(engine, f"#{aminah}", "SA-2", "uji")
    assert result["attendance"] == 1 and result["contributions"] == 1 and result["dropped_duplicates"] == 2
    assert member_ids(engine) == {"Siti Aminah": aminah}
    with Session(engine) as s:
        statuses = {act: st for act, st in s.execute(select(M.Activity.code, M.Attendance.status)
                                                      .join(M.Attendance, M.Attendance.activity_id == M.Activity.id))}
        assert statuses == {"K1": "Hadir", "K2": "Hadir", "K3": "Izin"}  # K1: the better of Tidak Hadir and Hadir
        assert s.scalar(select(func.count()).select_from(M.Contribution)) == 2
        assert {(a.name_key, a.code_key) for a in s.scalars(select(M.MemberAlias))} == {("siti amina", "sa-2")}
        entry = s.get(M.Upload, result["id"])
        assert (entry.kind, entry.outcome) == ("merge", "committed")
        assert s.scalar(select(func.count()).select_from(M.AuditEvent).where(M.AuditEvent.action == "member.merge")) == 1
        tally = s.execute(select(M.MemberTally.member_id, func.max(M.MemberTally.con_total))
                          .group_by(M.MemberTally.member_id)).all()
        assert [tuple(t) for t in tally] == [(aminah, 2)]
    # the merged spelling and code now find the kept member without asking
    again = {"Kehadiran": [["Kode Kegiatan", "Kode Anggota", "Nama", "Kehadiran"], ["K3", "SA-2", None, "Hadir"]]}
    assert load(engine, settings, again, dry_run=True).ok

    undo_upload(engine, result["id"], "uji")
    assert _tables(engine) == before
    with Session(engine) as s:
        assert s.get(M.Upload, result["id"]).outcome == "undone"


def test_a_merge_is_not_undone_under_a_later_upload_that_built_on_it(engine, settings):
    from dashboard import people_flow
    from loaders.ingest import UndoRefused, undo_upload

    assert load(engine, settings, TWO_SITIS).ok
    ids = member_ids(engine)
    result = people_flow.merge_members(engine, f"#{ids['Siti Aminah']}", f"#{ids['Siti Amina']}", "uji")
    later = {"Kehadiran": [["Kode Kegiatan", "Nama", "Kehadiran"], ["K2", "Siti Aminah", "Izin"]]}
    assert load(engine, settings, later).ok  # changes the attendance the merge moved
    with pytest.raises(UndoRefused):
        undo_upload(engine, result["id"], "uji")


def test_merge_refusals(engine, settings):
    from dashboard import people_flow

    assert load(engine, settings, FIRST).ok
    ids = member_ids(engine)
    with pytest.raises(people_flow.DirectoryError, match="berbeda"):
        people_flow.merge_members(engine, f"#{ids['Siti Aminah']}", "12345", "uji")  # the same member by its code
    with pytest.raises(people_flow.DirectoryError, match="tidak ditemukan"):
        people_flow.merge_members(engine, "#999", f"#{ids['Siti Aminah']}", "uji")


def test_org_directory_alias_rename_merge_and_undo(engine, settings):
    from dashboard import people_flow
    from loaders.ingest import undo_upload

    sheets = {"Anggota": [MEMBER_HEADER, [None, "Bayu Aji", "Yayasan Peduli Teluk", "Komunitas"],
                          [None, "Rani", "Yys. Peduli Teluk", "Komunitas"]]}
    assert load(engine, settings, sheets).ok
    before = _tables(engine)
    result = people_flow.merge_orgs(engine, "Yayasan Peduli Teluk", "Yys. Peduli Teluk", "uji")
    assert result["members"] == 1
    rows = {r["name"]: r for r in people_flow.org_rows(engine)}
    assert rows["Yayasan Peduli Teluk"]["aliases"] == ["Yys. Peduli Teluk"] and rows["Yayasan Peduli Teluk"]["members"] == 2
    assert "Yys. Peduli Teluk" not in rows
    undo_upload(engine, result["id"], "uji")
    assert _tables(engine) == before

    assert "ditambahkan" in people_flow.org_alias(engine, "Yayasan Peduli Teluk", "YPT", "uji")
    with pytest.raises(people_flow.DirectoryError, match="sudah dipakai"):
        people_flow.org_alias(engine, "Yayasan Peduli Teluk", "Diskominfo", "uji")
    people_flow.org_rename(engine, "YPT", "Yayasan Peduli Teluk Balikpapan", "uji")
    rows = {r["name"]: r for r in people_flow.org_rows(engine)}
    assert set(rows["Yayasan Peduli Teluk Balikpapan"]["aliases"]) == {"YPT", "Yayasan Peduli Teluk"}
    # a file written with the old name or the alias still finds the members there
    report = load(engine, settings, {"Anggota": [MEMBER_HEADER, [None, "BAYU AJI", "YPT", None]]})
    assert report.ok and report.people["matched"] == 1


def test_pokja_members_and_org_commands(cli_env, tmp_path, db_url, capsys):
    from dashboard.cli import main

    path = tmp_path / "dua-siti.xlsx"
    path.write_bytes(workbook(TWO_SITIS))
    assert main(["load", str(path)]) == 0
    capsys.readouterr()
    assert main(["members", "duplicates", "--json"]) == 0
    [pair] = json.loads(capsys.readouterr().out)
    assert set(pair) == {"keep", "drop", "names", "why"}
    assert main(["members", "merge", pair["keep"], pair["drop"], "--json"]) == 0
    merged = json.loads(capsys.readouterr().out)
    assert main(["uploads", "--json"]) == 0
    log = json.loads(capsys.readouterr().out)
    assert [(u["id"], u["kind"]) for u in log][:2] == [(merged["id"], "merge"), (merged["id"] - 1, "file")]
    assert main(["undo", str(merged["id"])]) == 0
    assert "dibatalkan" in capsys.readouterr().out
    assert main(["org", "list", "--json"]) == 0
    orgs = json.loads(capsys.readouterr().out)
    assert {"Dinas Komunikasi dan Informatika", "Komunitas Balikpapan Bersepeda"} <= {o["name"] for o in orgs}
    assert main(["org", "alias", "Komunitas Balikpapan Bersepeda", "KBB"]) == 0
    assert main(["org", "alias", "KBB", "Diskominfo"]) == 1
    assert "sudah dipakai" in capsys.readouterr().err


def test_a_members_weekly_history_reads_the_merged_members_frozen_weeks(engine, settings):
    from dashboard import people_flow
    from dashboard.queries import member_rank_trend
    from dashboard.snapshots import take_snapshot

    assert load(engine, settings, TWO_SITIS).ok
    ids = member_ids(engine)
    take_snapshot(engine, "2023-W21", "uji")  # both members frozen, apart
    result = people_flow.merge_members(engine, f"#{ids['Siti Amina']}", f"#{ids['Siti Aminah']}", "uji")
    with Session(engine) as s:
        frozen = s.scalars(select(M.SnapshotMember.member_id).order_by(M.SnapshotMember.member_id)).all()
        assert frozen == sorted(ids.values())  # the frozen week is never changed
        trend = member_rank_trend(s, (ids["Siti Amina"],), 1, 12)
        assert [(r["week"], r["member_id"]) for r in trend] == [("2023-W21", ids["Siti Amina"])]
    take_snapshot(engine, "2023-W22", "uji")
    with Session(engine) as s:
        # the dropped member's history is read through the merge only when the kept one has no row that week
        s.execute(M.SnapshotMember.__table__.delete().where(M.SnapshotMember.member_id == ids["Siti Amina"]))
        trend = member_rank_trend(s, (ids["Siti Amina"],), 1, 12)
        assert [(r["week"], r["member_id"], r["name"]) for r in trend] == [("2023-W21", ids["Siti Amina"], "Siti Aminah")]
        s.rollback()
    assert result["id"]


def test_the_migration_keeps_data_stored_before(db_url):
    """Organizations that now share a key, or that the seed would duplicate, become one; members whose keys now
    collide are kept apart and listed as duplicates; every member gets its name key."""
    from alembic import command
    from sqlalchemy import text

    from core.db import _alembic_config, make_engine, upgrade_database
    from dashboard import people_flow

    engine = make_engine(db_url)
    cfg = _alembic_config(db_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0011")
    with engine.begin() as conn:
        sector = conn.execute(text("SELECT id FROM sector WHERE name = 'Pemerintah'")).scalar()
        for oid, key, name in [(1, "diskominfo", "Diskominfo"),
                               (2, "dinas komunikasi dan informatika", "Dinas Komunikasi dan Informatika"),
                               (3, "dinas p.u.", "Dinas P.U."), (4, "dinas pu", "Dinas PU"),
                               (5, "yayasan peduli teluk", "Yayasan Peduli Teluk")]:
            conn.execute(text("INSERT INTO organization (id, key, name) VALUES (:i, :k, :n)"), {"i": oid, "k": key, "n": name})
        for mid, key, name, org in [(1, "dr. hasan sulistyo, m.t.|diskominfo", "Dr. Hasan Sulistyo, M.T.", 1),
                                    (2, "hasan sulistyo|dinas komunikasi dan informatika", "HASAN SULISTYO", 2),
                                    (3, "budi|dinas p.u.", "Budi", 3), (4, "ani|dinas pu", "Ani", 4),
                                    (5, "bayu|yayasan peduli teluk", "Bayu", 5)]:
            conn.execute(text("INSERT INTO member (id, key, name, organization_id, sector_id, role, status) "
                              "VALUES (:i, :k, :n, :o, :s, 'Anggota', 'Aktif')"),
                         {"i": mid, "k": key, "n": name, "o": org, "s": sector})
        if conn.dialect.name == "postgresql":  # rows inserted with their ids: the sequences follow, as in real data
            for table in ("organization", "member"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 5)"))
    upgrade_database(engine)
    with Session(engine) as s:
        orgs = {m.name: m.organization.name for m in s.scalars(select(M.Member))}
        # stored names stay (the first one the seed names wins); the seed adds its name and aliases to them
        kominfo = "Dinas Komunikasi dan Informatika"
        assert orgs == {"Dr. Hasan Sulistyo, M.T.": kominfo, "HASAN SULISTYO": kominfo,
                        "Budi": "Dinas P.U.", "Ani": "Dinas P.U.", "Bayu": "Yayasan Peduli Teluk"}
        directory = OrgDirectory(s)
        kominfo = directory.resolve("Dinas Komunikasi dan Informatika")
        assert directory.resolve("Diskominfo") == kominfo == directory.resolve("Kominfo")
        assert directory.resolve("Dinas Pekerjaan Umum") == directory.resolve("Dinas PU")
        assert s.scalar(select(func.count()).select_from(M.Organization).where(M.Organization.name == "Dinas Pekerjaan Umum")) == 0
        assert {m.name_key for m in s.scalars(select(M.Member))} == {"hasan sulistyo", "budi", "ani", "bayu"}
    pairs = people_flow.duplicates(engine)
    assert [(p["keep"], p["drop"], p["why"]) for p in pairs] == [("#1", "#2", "nama sama, instansi sama")]
    engine.dispose()
