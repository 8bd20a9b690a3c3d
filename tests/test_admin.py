"""The administration page: scoring rules as data, reference data, accounts, the audit trail; its callbacks as
plain functions on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import dash
import pytest
from dash.exceptions import PreventUpdate
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import models as M
from core import reference as ref
from core import scoring
from core.db import data_version
from dashboard import admin_flow as flow
from dashboard import auth, cache
from dashboard import queries as q
from dashboard.views import ringkasan as ringkasan_view
from loaders.ingest import load_file
from tests.test_pages import components, everything, ids, page
from tests.workbooks import workbook

ADDRESS = "10.9.8.7"


def request(app):  # noqa: ANN001, ANN201
    """A web request from ADDRESS, as the browser's callbacks run in."""
    return app.server.test_request_context(environ_base={"REMOTE_ADDR": ADDRESS})


def events(engine, prefix: str = "") -> list[M.AuditEvent]:  # noqa: ANN001
    with Session(engine) as s:
        return list(s.scalars(select(M.AuditEvent).where(M.AuditEvent.action.startswith(prefix))
                              .order_by(M.AuditEvent.id)))


def version(engine) -> int:  # noqa: ANN001
    with Session(engine) as s:
        return data_version(s)


def scores(engine) -> dict[int, dict]:  # noqa: ANN001
    with Session(engine) as s:
        return {r["member_id"]: r for r in q.member_scores(s)}


def form(engine, **changes: str) -> list[str]:  # noqa: ANN001
    """The rules form as shown, with some fields (by key) typed over."""
    texts = [flow.format_rule(v) for v in flow.current_rules(engine)]
    for i, f in enumerate(flow.RULE_FIELDS):
        if f.key in changes:
            texts[i] = changes[f.key]
    return texts


# --- Standing rules as data ------------------------------------------------------------------------------


def test_the_migration_seeds_the_standing_thresholds(engine):  # noqa: ANN001
    with Session(engine) as s:
        assert scoring.standing_rules(s) == {ref.MIN_CONTRIBUTIONS: 1, ref.MIN_ATTENDED: 1}
        assert scoring.weights(s)[scoring.STANDING] == {ref.MIN_CONTRIBUTIONS: 1.0, ref.MIN_ATTENDED: 1.0}


def test_standings_follow_the_stored_thresholds(demo):  # noqa: ANN001
    with Session(demo) as s:  # the demo's last week: most members were not invited to its few activities
        last = s.scalar(select(func.max(M.Activity.date)))
    period = (last - dt.timedelta(days=6), last)

    def check(min_contributions: int, min_attended: int) -> dict[str, int]:
        counts = {s: 0 for s in ref.STANDINGS}
        with Session(demo) as s:
            rows = q.member_scores(s, *period)
        for r in rows:
            expected = (ref.CONTRIBUTING if r["contributions"] >= min_contributions else
                        ref.NOT_YET_INVITED if r["invited"] == 0 and r["contributions"] == 0 else
                        ref.ATTENDS_ONLY if r["attended"] >= min_attended else ref.NOT_CONTRIBUTING)
            assert r["standing"] == expected, r
            counts[expected] += 1
        return counts

    default = check(1, 1)
    assert default[ref.NOT_YET_INVITED] > 0  # the demo has members never invited this far
    with Session(demo) as s, s.begin():
        scoring.set_weight(s, scoring.STANDING, ref.MIN_CONTRIBUTIONS, 3)
        scoring.set_weight(s, scoring.STANDING, ref.MIN_ATTENDED, 10)
    stricter = check(3, 10)
    assert stricter[ref.CONTRIBUTING] < default[ref.CONTRIBUTING]
    assert stricter[ref.NOT_CONTRIBUTING] > default[ref.NOT_CONTRIBUTING]
    # the aggregate over the same query agrees
    with Session(demo) as s:
        assert q.participation_summary(s, *period)["standings"] == stricter


def test_set_weight_refuses_unknown_keys(engine):  # noqa: ANN001
    with Session(engine) as s:
        for category, key in (("standing", "max_absences"), ("attendance", "Bolos"), ("bonus", "x")):
            with pytest.raises(ValueError):
                scoring.set_weight(s, category, key, 1)


# --- Saving weights and thresholds -----------------------------------------------------------------------


def test_invalid_values_are_all_reported_and_nothing_is_saved(demo):  # noqa: ANN001
    before_version, before_rules = version(demo), flow.current_rules(demo)
    texts = form(demo, **{ref.PRESENT: "-1", ref.DELEGATED: "satu", ref.EXCUSED: "",
                          ref.MIN_CONTRIBUTIONS: "1,5", ref.MIN_ATTENDED: "0", "Laporan": "5000"})
    result = flow.save_rules(demo, texts, "admin")
    assert not result.ok and result.changed == 0
    by_key = {f.key: e for f, e in zip(flow.RULE_FIELDS, result.errors, strict=True)}
    assert by_key[ref.PRESENT] == "Hadir: tidak boleh negatif."
    assert "'satu' bukan angka" in by_key[ref.DELEGATED]
    assert "isi dengan angka" in by_key[ref.EXCUSED]
    assert "bilangan bulat" in by_key[ref.MIN_CONTRIBUTIONS] and "bilangan bulat" in by_key[ref.MIN_ATTENDED]
    assert "paling besar 1.000" in by_key["Laporan"]
    assert by_key["Data Dukung"] is None
    assert version(demo) == before_version and flow.current_rules(demo) == before_rules
    assert events(demo, "weight.") == [] and events(demo, "standing.") == []


def test_a_weight_change_is_audited_bumps_the_version_and_changes_scores(demo):  # noqa: ANN001
    cached_scores = cache.cached_query(q.member_scores)
    before = cached_scores(demo)
    before_version = version(demo)
    with Session(demo) as s:
        delegated = {m: n for m, n in s.execute(select(M.Attendance.member_id, func.count())
                                                .where(M.Attendance.status == ref.DELEGATED)
                                                .group_by(M.Attendance.member_id))}
    assert delegated, "the demo data has delegated attendances"

    result = flow.save_rules(demo, form(demo, **{ref.DELEGATED: "1,5", "Laporan": "2"}), "budi")  # Laporan as stored

    assert result.ok and result.changed == 1 and result.data_version == before_version + 1
    assert version(demo) == before_version + 1
    assert "1 nilai diubah" in result.message and "anggota berubah" in result.effect
    with Session(demo) as s:
        assert scoring.weights(s)[scoring.ATTENDANCE][ref.DELEGATED] == 1.5
    [event] = events(demo, "weight.")
    assert (event.actor, event.action) == ("budi", "weight.change")
    assert event.detail == "Bobot kehadiran · Diwakili: 1 → 1,5"
    assert event.address is None  # not a web request
    # every score moved by half a point per delegated attendance, and the cached figures follow at once
    after = cached_scores(demo)
    assert after is not before
    old = {r["member_id"]: r["score"] for r in before}
    for r in after:
        assert r["score"] == pytest.approx(old[r["member_id"]] + 0.5 * delegated.get(r["member_id"], 0))
    assert any(r["score"] != old[r["member_id"]] for r in after)


def test_saving_the_same_values_writes_nothing(demo):  # noqa: ANN001
    before = version(demo)
    result = flow.save_rules(demo, form(demo, **{ref.PRESENT: "2,0"}), "admin")
    assert result.ok and result.changed == 0 and "Tidak ada yang berubah" in result.message
    assert version(demo) == before and events(demo, "weight.") == []


def test_a_threshold_change_moves_standings(demo):  # noqa: ANN001
    result = flow.save_rules(demo, form(demo, **{ref.MIN_CONTRIBUTIONS: "3"}), "admin")
    assert result.ok and result.changed == 1
    [event] = events(demo, "standing.")
    assert event.detail == "Aturan status · Berkontribusi (minimal kontribusi terverifikasi): 1 → 3"
    rows = scores(demo).values()
    assert all((r["standing"] == ref.CONTRIBUTING) == (r["contributions"] >= 3) for r in rows)
    with Session(demo) as s:  # the confirmation counts the members moved this year
        this_year = q.member_scores(s, *q.period_bounds("tahun"))
    moved = sum(1 for r in this_year if 1 <= r["contributions"] < 3)
    assert f"status {moved} anggota berubah" in result.effect and moved > 0


def test_the_summary_cards_say_the_rules_in_force(demo, app):  # noqa: ANN001
    ringkasan = page("ringkasan")
    with request(app):
        before = everything(ringkasan.summary_content(ringkasan_view.summary_figures(demo, "tahun")))
        assert "minimal satu kontribusi terverifikasi" in before
        flow.save_rules(demo, form(demo, **{ref.MIN_CONTRIBUTIONS: "2", ref.MIN_ATTENDED: "3"}), "admin")
        after = everything(ringkasan.summary_content(ringkasan_view.summary_figures(demo, "tahun")))
    assert "minimal 2 kontribusi terverifikasi" in after
    assert "hadir minimal 3 kali, kontribusi terverifikasi kurang dari 2" in after


def test_the_rules_callback_records_the_address_and_shows_the_confirmation(demo, app):  # noqa: ANN001
    admin = page("admin")
    texts = form(demo, **{ref.PRESENT: "2,5"})
    with request(app):
        out = admin.on_save_rules(1, *texts)
    n = len(flow.RULE_FIELDS)
    alert, invalid, errors, values = out[0], out[1:1 + n], out[1 + n:1 + 2 * n], out[1 + 2 * n:]
    assert alert.id == "admin-rules-saved" and "dihitung ulang" in everything(alert)
    assert not any(invalid) and not any(errors) and values[0] == "2,5"
    [event] = events(demo, "weight.")
    assert event.address == ADDRESS and event.actor == "admin"
    with request(app):
        out = admin.on_save_rules(2, *form(demo, **{ref.PRESENT: "-3"}))
    assert out[0].id == "admin-rules-invalid" and out[1] is True and "negatif" in out[1 + n]


# --- Reference data --------------------------------------------------------------------------------------


def members_sheet(*rows: list[object]) -> bytes:
    return workbook({"Anggota": [["Kode Anggota", "Nama", "Instansi", "Unsur", "Dimensi"], *rows]})


def sector_of(engine, code: str) -> str:  # noqa: ANN001
    with Session(engine) as s:
        return s.scalar(select(M.Sector.name).join(M.Member).where(M.Member.code == code))


def row(engine, kind: str, name: str) -> dict:  # noqa: ANN001
    return next(r for r in flow.reference_rows(engine, kind) if r["name"] == name)


def test_renamed_and_added_sectors_keep_uploads_working(engine, settings):  # noqa: ANN001
    media = row(engine, flow.SECTOR, "Media")
    v0 = version(engine)
    message = flow.rename_reference(engine, flow.SECTOR, str(media["id"]), " Media  Massa ", "admin")
    assert message == "Unsur 'Media' diganti menjadi 'Media Massa'. Nama lama tetap dikenali saat unggah."
    assert row(engine, flow.SECTOR, "Media Massa")["aliases"] == "Media"
    flow.add_reference(engine, flow.SECTOR, "Lembaga Swadaya", "LSM, NGO, lsm", "admin")
    assert row(engine, flow.SECTOR, "Lembaga Swadaya")["aliases"] == "LSM, NGO"
    assert version(engine) == v0 + 2
    # the old name, the new name and the new aliases all load
    report = load_file(engine, settings, members_sheet(["A-1", "Ani", "Tribun", "media", "Smart Living"],
                                                       ["A-2", "Bima", "Kaltim Post", "Media Massa", "Living"],
                                                       ["A-3", "Citra", "Yayasan Hijau", "ngo", "Environment"]),
                       "anggota.xlsx", "sekretariat")
    assert report.ok, report.as_dict()["errors"]
    assert [sector_of(engine, c) for c in ("A-1", "A-2", "A-3")] == ["Media Massa", "Media Massa", "Lembaga Swadaya"]
    # a name or alias already taken is refused, case-insensitively, whatever row holds it
    for name, aliases in (("media", ""), ("Yayasan", "Pemda")):
        with pytest.raises(flow.AdminError, match="sudah dipakai"):
            flow.add_reference(engine, flow.SECTOR, name, aliases, "admin")
    with pytest.raises(flow.AdminError, match="sudah dipakai"):
        flow.rename_reference(engine, flow.SECTOR, str(media["id"]), "OPD", "admin")
    with pytest.raises(flow.AdminError, match="tidak boleh kosong"):
        flow.add_reference(engine, flow.SECTOR, "   ", "", "admin")
    assert [e.action for e in events(engine, "sector.")] == ["sector.rename", "sector.add"]
    assert events(engine, "sector.")[0].detail == "Media → Media Massa"


def test_renaming_a_dimension_keeps_evaluation_headers_and_names(demo, settings):  # noqa: ANN001
    living = row(demo, flow.DIMENSION, "Smart Living")
    flow.rename_reference(demo, flow.DIMENSION, living["id"], "Smart Living Kota", "admin")
    assert row(demo, flow.DIMENSION, "Smart Living Kota")["aliases"] == "Living, Smart Living"
    report = load_file(demo, settings, members_sheet(["A-9", "Dodi", "Dinkes", "Pemerintah", "smart living"]),
                       "anggota.xlsx", "sekretariat")
    assert report.ok, report.as_dict()["errors"]
    with Session(demo) as s:
        assert s.scalar(select(M.Dimension.name).join(M.Member, M.Member.dimension_id == M.Dimension.id)
                        .where(M.Member.code == "A-9")) == "Smart Living Kota"
        assert "Smart Living Kota" in {n for _, n in q.filter_options(s)["dimensions"]}


def test_referenced_rows_cannot_be_deleted_unreferenced_ones_can(demo):  # noqa: ANN001
    v0 = version(demo)
    governance = row(demo, flow.DIMENSION, "Smart Governance")
    with pytest.raises(flow.AdminError) as refused:
        flow.delete_reference(demo, flow.DIMENSION, governance["id"], "admin")
    assert str(refused.value).startswith("Dimensi 'Smart Governance' dipakai oleh ")
    assert "anggota" in str(refused.value) and "kegiatan" in str(refused.value)
    with pytest.raises(flow.AdminError, match="dipakai oleh"):
        flow.delete_reference(demo, flow.SECTOR, row(demo, flow.SECTOR, "Pemerintah")["id"], "admin")
    with pytest.raises(flow.AdminError, match="lintas"):
        flow.delete_reference(demo, flow.DIMENSION, row(demo, flow.DIMENSION, ref.CROSS_DIMENSION)["id"], "admin")
    assert version(demo) == v0
    flow.add_reference(demo, flow.DIMENSION, "Smart Mobility", "Mobility", "admin")
    mobility = row(demo, flow.DIMENSION, "Smart Mobility")
    assert mobility["uses"] == 0
    names = [r["name"] for r in flow.reference_rows(demo, flow.DIMENSION)]
    assert names[-2:] == ["Smart Mobility", ref.CROSS_DIMENSION]  # before the cross-cutting one
    assert flow.delete_reference(demo, flow.DIMENSION, mobility["id"], "admin") == "Dimensi 'Smart Mobility' dihapus."
    assert "Smart Mobility" not in [r["name"] for r in flow.reference_rows(demo, flow.DIMENSION)]
    assert [e.action for e in events(demo, "dimension.")] == ["dimension.add", "dimension.delete"]
    assert version(demo) == v0 + 2
    with pytest.raises(flow.AdminError, match="Pilih dimensi"):
        flow.delete_reference(demo, flow.DIMENSION, None, "admin")
    with pytest.raises(flow.AdminError, match="tidak ditemukan"):
        flow.delete_reference(demo, flow.DIMENSION, str(mobility["id"]), "admin")


def test_toggling_a_sector_moves_its_members_between_internal_and_external(demo):  # noqa: ANN001
    with Session(demo) as s:
        before = q.participation_summary(s, None, None)
    media = row(demo, flow.SECTOR, "Media")
    assert flow.toggle_internal(demo, media["id"], "admin") == "Unsur 'Media' sekarang internal."
    with Session(demo) as s:
        after = q.participation_summary(s, None, None)
    active_media = sum(1 for r in scores(demo).values() if r["sector"] == "Media")
    assert active_media > 0 and after["internal_members"] == before["internal_members"] + active_media
    [event] = events(demo, "sector.internal")
    assert event.detail == "Media: eksternal → internal"


def test_the_reference_callbacks(demo, app):  # noqa: ANN001
    admin = page("admin")
    media = row(demo, flow.SECTOR, "Media")
    with request(app):
        alert, rows, options, new_name, *_ = admin.reference_action(flow.SECTOR, "rename", str(media["id"]), "Pers",
                                                                    None, None)
        assert alert.id == "admin-sector-done" and new_name == ""
        assert "Pers" in [r["name"] for r in rows] and {"label": "Pers", "value": str(media["id"])} in options
        alert, rows, *_ = admin.reference_action(flow.SECTOR, "delete", str(media["id"]), None, None, None)
        assert alert.id == "admin-sector-refused" and "dipakai oleh 5 anggota" in alert.children
        alert, rows, _, _, add_name, add_aliases = admin.reference_action(flow.SECTOR, "add", None, None, "Filantropi",
                                                                          "Yayasan", True)
        assert alert.id == "admin-sector-done" and (add_name, add_aliases) == ("", "")
        assert next(r for r in rows if r["name"] == "Filantropi")["internal__text"] == "internal"
    added = row(demo, flow.SECTOR, "Filantropi")
    assert added["internal"] is True and added["aliases"] == "Yayasan"
    assert {e.address for e in events(demo, "sector.")} == {ADDRESS}


# --- Users -----------------------------------------------------------------------------------------------


def test_user_management(engine):  # noqa: ANN001
    with pytest.raises(flow.AdminError, match="tidak sama"):
        flow.add_user(engine, "sekda", "pimpinan", "rahasia-sekali-1", "rahasia-sekali-2", "root")
    with pytest.raises(auth.AccountError, match="minimal 10"):
        flow.add_user(engine, "sekda", "pimpinan", "pendek", "pendek", "root")
    assert flow.add_user(engine, "Sekda", "pimpinan", "rahasia-sekali-1", "rahasia-sekali-1", "root") == \
        "Pengguna 'sekda' (Pimpinan) ditambahkan."
    flow.add_user(engine, "root", "admin", "rahasia-admin-1", "rahasia-admin-1", "setup")
    assert flow.set_role(engine, "sekda", "admin", "root") == "Peran 'sekda' sekarang Admin."
    assert flow.set_role(engine, "sekda", "sekretariat", "root") == "Peran 'sekda' sekarang Sekretariat."
    # nobody disables or demotes themselves, nor the last active admin
    with pytest.raises(flow.AdminError, match="sendiri"):
        flow.set_active(engine, "root", False, "root")
    with pytest.raises(flow.AdminError, match="admin aktif terakhir"):
        flow.set_active(engine, "root", False, "sekda")
    with pytest.raises(flow.AdminError, match="admin aktif terakhir"):
        flow.set_role(engine, "root", "pimpinan", "sekda")
    with pytest.raises(flow.AdminError, match="Pilih pengguna"):
        flow.set_active(engine, "", False, "root")
    assert "dinonaktifkan" in flow.set_active(engine, "sekda", False, "root")
    assert auth.authenticate(engine, "sekda", "rahasia-sekali-1") is None
    assert "diaktifkan kembali" in flow.set_active(engine, "sekda", True, "root")
    with pytest.raises(flow.AdminError, match="tidak sama"):
        flow.reset_password(engine, "sekda", "sandi-baru-panjang", "sandi-baru-lain", "root")
    flow.reset_password(engine, "sekda", "sandi-baru-panjang", "sandi-baru-panjang", "root")
    assert auth.authenticate(engine, "sekda", "sandi-baru-panjang")["role"] == "sekretariat"
    users = {u["username"]: u for u in flow.user_rows(engine)}
    assert users["sekda"]["last_login_at"] is not None and users["root"]["last_login_at"] is None
    actions = [(e.actor, e.action, e.detail) for e in events(engine, "user.")]
    assert actions == [
        ("root", "user.add", "sekda (pimpinan)"), ("setup", "user.add", "root (admin)"),
        ("root", "user.role", "sekda: pimpinan → admin"), ("root", "user.role", "sekda: admin → sekretariat"),
        ("root", "user.disable", "sekda"), ("root", "user.enable", "sekda"), ("root", "user.passwd", "sekda"),
    ]


def test_the_user_callback(engine, app):  # noqa: ANN001
    admin = page("admin")
    with request(app):
        out = admin.user_action("add", "wali", "pimpinan", "kata-sandi-wali", "kata-sandi-wali", None, None, None,
                                None)
        alert, rows, options, name, *passwords = out
        assert alert.id == "admin-users-done" and name == "" and passwords == ["", "", "", ""]
        assert [(r["username"], r["role__text"], r["active__text"], r["last_login_at__text"]) for r in rows] == \
            [("wali", "Pimpinan", "aktif", "belum pernah")]
        assert options == [{"label": "wali", "value": "wali"}]
        out = admin.user_action("reset", None, None, None, None, "wali", None, "pendek", "pendek")
        assert out[0].id == "admin-users-refused" and "minimal" in out[0].children
        assert out[4:] == ("", "", "", "")  # passwords never go back to the browser
        out = admin.user_action("disable", None, None, None, None, "wali", None, None, None)
        assert out[1][0]["active__text"] == "nonaktif"
    [added, disabled] = events(engine, "user.")
    assert added.address == ADDRESS and disabled.action == "user.disable"


def test_current_actor_without_a_login():
    from flask import Flask

    assert auth.current_actor() == "admin"  # outside a request (CLI, scheduler)
    with Flask(__name__).test_request_context():
        assert auth.current_actor() == "admin"  # no login manager yet


# --- Audit trail -----------------------------------------------------------------------------------------


def test_the_audit_trail_is_paged_and_filtered_in_sql(engine):  # noqa: ANN001
    wita_day = dt.date(2026, 5, 13)
    with Session(engine) as s, s.begin():
        for i in range(120):
            # 13 May 00:00 WITA is 12 May 16:00 UTC: the first 30 minutes of events fall on 12 May UTC
            at = dt.datetime(2026, 5, 12, 16, 0) + dt.timedelta(minutes=i)
            s.add(M.AuditEvent(at=at, actor="budi" if i % 2 else "sari", action="upload.commit" if i % 3 else
                               "login.success", detail=f"#{i}", address="10.0.0.1"))
        s.add(M.AuditEvent(at=dt.datetime(2026, 5, 12, 15, 59), actor="budi", action="weight.change", detail="early"))
    first = flow.audit_page(engine, page_size=50)
    assert first["total"] == 121 and first["pages"] == 3 and len(first["rows"]) == 50
    assert [r["detail"] for r in first["rows"][:2]] == ["#119", "#118"]  # newest first
    last = flow.audit_page(engine, page=3, page_size=50)
    assert len(last["rows"]) == 21 and last["rows"][-1]["detail"] == "early"
    assert flow.audit_page(engine, page=99, page_size=50)["page"] == 3  # clamped
    assert flow.audit_page(engine, kind="login")["total"] == 40
    assert flow.audit_page(engine, kind="scoring")["total"] == 1
    assert flow.audit_page(engine, actor="budi", kind="upload")["total"] == 40
    on_the_day = flow.audit_page(engine, start=wita_day, end=wita_day)
    assert on_the_day["total"] == 120  # 12 May 15:59 UTC is 12 May 23:59 WITA
    assert flow.audit_page(engine, end=wita_day - dt.timedelta(days=1))["rows"][0]["detail"] == "early"
    assert first["rows"][0]["at"].startswith("2026-05-13T01:59") and first["rows"][0]["at"].endswith("+08:00")
    assert flow.audit_actors(engine) == ["budi", "sari"]


def test_the_audit_callback(demo, app):  # noqa: ANN001
    admin = page("admin")
    flow.save_rules(demo, form(demo, **{ref.PRESENT: "4"}), "budi")
    with request(app):
        rows, pages, shown, count, actors = admin.audit_view("scoring", "budi", None, None, 1)
        assert [(r["actor"], r["action__text"], r["detail"]) for r in rows] == \
            [("budi", "Bobot diubah", "Bobot kehadiran · Hadir: 2 → 4")]
        assert (pages, shown, count) == (1, 1, "1 catatan · halaman 1 dari 1")
        assert {"label": "budi", "value": "budi"} in actors and {"label": "demo", "value": "demo"} in actors
        # dates given backwards are read forwards; a day without events is empty
        assert admin.audit_view(admin.ALL, admin.ALL, "2001-01-02", "2001-01-01", 1)[0] == []
        everyone = admin.audit_view(admin.ALL, admin.ALL, None, None, 1)
        assert [r["action"] for r in everyone[0]] == ["weight.change", "upload.commit"]
        with pytest.raises(PreventUpdate):  # the trail is read when its tab opens
            admin.on_audit("admin-tab-rules", None, None, None, None, 1)


# --- The page --------------------------------------------------------------------------------------------


def test_the_page_renders_with_admin_ids_only(demo, app, client_as):  # noqa: ANN001
    admin = page("admin")
    with request(app):
        tree = admin.layout()
    found = ids(tree)
    assert all(i.startswith("admin-") for i in found), [i for i in found if not i.startswith("admin-")]
    assert {"admin-tabs", "admin-rules-save", "admin-sector-grid", "admin-dimension-grid", "admin-users-grid",
            "admin-audit-grid", "admin-audit-pager", *admin.RULE_IDS} <= found
    inputs = {c.id: c.value for c in components(tree) if type(c).__name__ == "Input" and c.id in admin.RULE_IDS}
    assert list(inputs.values())[:2] == ["2", "1"]  # Hadir, Diwakili as stored
    text = everything(tree)
    assert "Smart Governance" in text and "Pemerintah" in text and "Lintas Dimensi" in text
    # nothing on the page edits the trail: its grid has no editable column
    grid = next(c for c in components(tree) if getattr(c, "id", None) == "admin-audit-grid")
    assert not any(col.get("editable") for col in grid.columnDefs)
    assert client_as("admin").get("/admin").status_code == 200
    assert client_as("sekretariat").get("/admin").status_code == 403
    assert any(p["path"] == "/admin" and p["name"] == "Administrasi" for p in dash.page_registry.values())


def test_the_kiosk_tab_makes_shows_once_and_revokes_tokens(engine, app):  # noqa: ANN001
    from dashboard import kiosk

    admin = page("admin")
    with request(app):
        alert, rows, options, name = admin.kiosk_action("add", "Ruang Rapat", None, "https://dasbor.example/")
        url = next(c for c in components(alert) if getattr(c, "id", None) == "admin-kiosk-url").children
        assert alert.id == "admin-kiosk-done" and name == ""
        assert url.startswith("https://dasbor.example/layar?token=") and len(url) > 60
        token = url.split("token=", 1)[1]
        assert [(r["name"], r["active__text"], r["corrections__text"]) for r in rows] == [
            ("Ruang Rapat", "aktif", "nama")]  # the default: the screen names the members to correct
        assert options == [{"label": f"#{rows[0]['id']} Ruang Rapat", "value": rows[0]["id"]}]
        assert token not in str(rows)  # the grid never holds the token
        assert kiosk.verify(engine, token)["name"] == "Ruang Rapat"

        _, lobby, _, _ = admin.kiosk_action("add", "Lobi Balai Kota", None, "https://dasbor.example/", "counts")
        assert (lobby[1]["name"], lobby[1]["corrections__text"]) == ("Lobi Balai Kota", "jumlah saja")
        assert kiosk.corrections_for(engine, lobby[1]["id"]) == "counts"
        # the choice on the tab, its default "names"
        tab = admin._kiosk_tab()
        choice = next(c for c in components(tab) if getattr(c, "id", None) == "admin-kiosk-corrections")
        assert choice.value == "names" and [o["value"] for o in choice.options] == ["names", "counts"]

        refused = admin.kiosk_action("add", "  ", None)[0]
        assert refused.id == "admin-kiosk-refused" and "wajib" in refused.children
        assert admin.kiosk_action("revoke", None, None)[0].id == "admin-kiosk-refused"

        alert, rows, options, _ = admin.kiosk_action("revoke", None, str(rows[0]["id"]))
        assert alert.id == "admin-kiosk-done" and rows[0]["active__text"] == "dicabut"
        assert [o["value"] for o in options] == [lobby[1]["id"]]
        assert kiosk.verify(engine, token) is None
    made = [e for e in events(engine, "kiosk.") if e.action in ("kiosk.add", "kiosk.revoke")]
    assert [e.action for e in made] == ["kiosk.add", "kiosk.add", "kiosk.revoke"]
    assert all(e.address == ADDRESS and e.actor == "admin" for e in made)
