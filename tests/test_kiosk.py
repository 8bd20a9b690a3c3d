"""Kiosk tokens: made, listed, revoked and verified (only their hash stored, all audited), the kiosk session they
open on /layar and nowhere else, and `pokja kiosk`."""
from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import models as M
from dashboard import kiosk
from dashboard.cli import main
from tests.test_access import body, engine_of, events


def test_tokens_are_stored_hashed_verified_and_revoked(engine):  # noqa: ANN001
    token_id, token = kiosk.create(engine, "  Lobi Balai Kota ", "admin1")
    other_id, other = kiosk.create(engine, "Ruang Rapat", "admin1")
    assert len(token) >= 43 and token != other
    with Session(engine) as s:
        rows = {r.id: r for r in s.scalars(select(M.KioskToken))}
    assert rows[token_id].token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {v for r in rows.values() for v in (r.name, r.token_hash, r.created_by)}
    assert (rows[token_id].name, rows[token_id].created_by, rows[token_id].revoked_at) == ("Lobi Balai Kota",
                                                                                             "admin1", None)

    assert kiosk.verify(engine, token, "10.0.0.5") == {"id": token_id, "name": "Lobi Balai Kota"}
    for wrong in (token[:-1], token + "x", "", None, "x" * 5000, other.upper()):
        assert kiosk.verify(engine, wrong, "10.0.0.6") is None
    listed = {t["id"]: t for t in kiosk.list_tokens(engine)}
    assert listed[token_id]["active"] and listed[token_id]["last_used_at"] is not None
    assert listed[other_id]["last_used_at"] is None

    kiosk.revoke(engine, token_id, "admin2")
    assert kiosk.verify(engine, token) is None and not kiosk.is_active(engine, token_id)
    assert kiosk.is_active(engine, other_id) and not kiosk.is_active(engine, 999)
    with pytest.raises(kiosk.KioskError, match="sudah dicabut"):
        kiosk.revoke(engine, token_id, "admin2")
    with pytest.raises(kiosk.KioskError, match="tidak ditemukan"):
        kiosk.revoke(engine, 999, "admin2")
    with pytest.raises(kiosk.KioskError, match="wajib"):
        kiosk.create(engine, "  ", "admin1")
    assert not {t["id"]: t for t in kiosk.list_tokens(engine)}[token_id]["active"]

    assert [(e.actor, e.detail) for e in events(engine, "kiosk.add")] == [
        ("admin1", f"#{token_id} Lobi Balai Kota"), ("admin1", f"#{other_id} Ruang Rapat")]
    assert [(e.actor, e.address) for e in events(engine, "kiosk.session")] == [("kiosk:Lobi Balai Kota", "10.0.0.5")]
    refused = events(engine, "kiosk.refused")
    # one row per address and window (see test_refused_kiosk_tokens_are_rate_limited...): 10.0.0.6's six made-up
    # tokens, then the revoked one from no address
    assert len(refused) == 2 and refused[0].address == "10.0.0.6" and refused[-1].detail == f"#{token_id} Lobi Balai Kota: sudah dicabut"
    assert [e.actor for e in events(engine, "kiosk.revoke")] == ["admin2"]


def test_last_used_is_written_at_most_every_few_minutes(engine):  # noqa: ANN001
    token_id, _ = kiosk.create(engine, "Lobi", "admin")

    def last_used():  # noqa: ANN202
        with Session(engine) as s:
            return s.get(M.KioskToken, token_id).last_used_at

    now = M.utcnow()
    assert kiosk.is_active(engine, token_id, now) and last_used() == now
    assert kiosk.is_active(engine, token_id, now + dt.timedelta(minutes=4)) and last_used() == now
    later = now + dt.timedelta(minutes=6)
    assert kiosk.is_active(engine, token_id, later) and last_used() == later


def test_a_kiosk_session_sees_the_big_screen_only_until_revoked(demo, app):  # noqa: ANN001
    engine = engine_of(app)
    token_id, token = kiosk.create(engine, "Lobi", "admin")
    client = app.server.test_client()
    r = client.get(kiosk.path_for(token) + "&rotate=10")
    assert r.status_code == 200 and "_dash-config" in r.get_data(as_text=True)
    assert r.headers["Referrer-Policy"] == "same-origin"
    assert client.get("/layar").status_code == 200  # the session, not the URL, lets it in from now on
    for path in ("/_dash-layout", "/_dash-dependencies"):
        assert client.get(path).status_code == 200
    for path in ("/", "/anggota", "/unggah", "/unduhan"):
        assert client.get(path).status_code == 302  # no account: to the login page
    deps = {d["output"]: d for d in client.get("/_dash-dependencies").get_json()}
    refresh = next(d for o, d in deps.items() if "layar-updated" in o)
    leaderboard = next(d for o, d in deps.items() if "anggota-grid.getRowsResponse" in o)
    router = next(d for o, d in deps.items() if "_pages_content" in o)
    refresh_body = {**body(refresh), "inputs": [{"id": "layar-refresh", "property": "n_intervals", "value": 1}]}
    assert client.post("/_dash-update-component", json=refresh_body).status_code == 200
    assert client.post("/_dash-update-component", json=body(router, "/layar")).status_code == 200
    assert client.post("/_dash-update-component", json=body(router, "/anggota")).status_code == 403
    assert client.post("/_dash-update-component", json=body(leaderboard)).status_code == 403

    kiosk.revoke(engine, token_id, "admin")
    assert client.post("/_dash-update-component", json=refresh_body).status_code == 401  # the very next request
    assert client.get("/_dash-layout").status_code == 401
    r = client.get(kiosk.path_for(token))
    assert r.status_code == 403 and "tidak berlaku atau sudah dicabut" in r.get_data(as_text=True)
    r = app.server.test_client().get("/layar?token=tebakan")
    assert r.status_code == 403 and "Traceback" not in r.get_data(as_text=True)


def test_cli_kiosk_commands(cli_env, settings, engine, capsys):  # noqa: ANN001
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("the CLI wiring is the same on both databases")
    assert main(["kiosk", "add", "Lobi Balai Kota"]) == 0
    out = capsys.readouterr().out
    path = next(line for line in out.splitlines() if line.startswith("/layar?token="))
    assert kiosk.verify(engine, path.split("=", 1)[1]) is not None
    assert main(["kiosk", "add", "Ruang Rapat", "--json"]) == 0
    added = json.loads(capsys.readouterr().out)
    assert added["id"] == 2 and added["name"] == "Ruang Rapat" and added["path"].startswith("/layar?token=")
    assert main(["kiosk", "add", "Lobi Utama", "--corrections", "counts", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["corrections"] == "counts"
    assert main(["kiosk", "revoke", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"id": 1, "revoked": True}
    assert main(["kiosk", "revoke", "1"]) == 1
    assert "sudah dicabut" in capsys.readouterr().err
    assert main(["kiosk", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(t["id"], t["name"], t["active"], t["corrections"]) for t in listed] == [
        (1, "Lobi Balai Kota", False, "names"), (2, "Ruang Rapat", True, "names"), (3, "Lobi Utama", True, "counts")]
    assert listed[0]["revoked_at"] and listed[0]["last_used_at"] and "token" not in json.dumps(listed)
    assert main(["kiosk", "list"]) == 0
    text = capsys.readouterr().out
    assert "Lobi Balai Kota" in text and "dicabut" in text and "aktif" in text
    assert path.split("=", 1)[1] not in text


def test_a_token_says_whether_its_screen_names_the_members_to_correct(engine):  # noqa: ANN001
    first, _ = kiosk.create(engine, "Ruang Wali Kota", "admin")
    second, _ = kiosk.create(engine, "Lobi Balai Kota", "admin", corrections="counts")
    assert [(t["id"], t["corrections"]) for t in kiosk.list_tokens(engine)] == [(first, "names"), (second, "counts")]
    assert kiosk.corrections_for(engine, first) == "names" and kiosk.corrections_for(engine, second) == "counts"
    with pytest.raises(kiosk.KioskError, match="names.*counts"):
        kiosk.create(engine, "Aula", "admin", corrections="semua")


def _router_response(client, deps: dict, path: str) -> str:  # noqa: ANN001
    router = next(d for o, d in deps.items() if "_pages_content" in o)
    answer = client.post("/_dash-update-component", json=body(router, path))
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def test_a_counts_only_screen_never_receives_the_names_to_correct(demo, app):  # noqa: ANN001
    from dashboard.views.layar import layar_data

    engine = engine_of(app)
    correction = layar_data(engine)["anggota"]["correction"]
    names = [m["name"] for m in correction["shown"]]
    assert names  # the demo has members to correct this year, so this test can fail
    answers = {}
    for mode in ("names", "counts"):
        _, token = kiosk.create(engine, f"Layar {mode}", "admin", corrections=mode)
        client = app.server.test_client()
        assert client.get(kiosk.path_for(token)).status_code == 200
        deps = {d["output"]: d for d in client.get("/_dash-dependencies").get_json()}
        page = _router_response(client, deps, "/layar")
        refresh = next(d for o, d in deps.items() if "layar-updated" in o)
        refreshed = client.post("/_dash-update-component", json={
            **body(refresh), "inputs": [{"id": "layar-refresh", "property": "n_intervals", "value": 1}],
            "state": [{"id": "layar-version", "property": "data", "value": None}]})
        assert refreshed.status_code == 200
        answers[mode] = page + refreshed.get_data(as_text=True)
    assert all(name in answers["names"] for name in names)
    assert not [name for name in names if name in answers["counts"]]
    total = str(correction["total"])
    assert "Nama tidak ditampilkan" in answers["counts"] and total in answers["counts"]


def test_refused_kiosk_tokens_are_rate_limited_per_address_and_audited_once_per_window(settings, engine):  # noqa: ANN001
    import dataclasses

    from sqlalchemy import update

    from core.settings import Access
    from dashboard.web import create_app

    app = create_app(dataclasses.replace(settings, access=Access(max_kiosk_refusals_per_address=10)))
    flood = {"environ_base": {"REMOTE_ADDR": "203.0.113.5"}}
    client = app.server.test_client()
    statuses = [client.get("/layar?token=tebakan", **flood).status_code for _ in range(300)]
    assert statuses[:10] == [403] * 10 and set(statuses[10:]) == {429}, statuses[:12]
    rows = [(e.action, e.address, e.detail) for e in events(engine, "kiosk.refused") + events(engine, "kiosk.throttled")]
    assert len(rows) == 2 and rows[0] == ("kiosk.refused", "203.0.113.5", "token tidak dikenal")
    assert rows[1][:2] == ("kiosk.throttled", "203.0.113.5") and "10" in rows[1][2]
    # another address has its own count; a valid token from the flooding address still opens the big screen
    assert app.server.test_client().get("/layar?token=tebakan", environ_base={"REMOTE_ADDR": "10.0.0.9"}) \
        .status_code == 403
    _, token = kiosk.create(engine, "Lobi", "admin")
    assert app.server.test_client().get(kiosk.path_for(token), **flood).status_code == 200
    assert len(events(engine, "kiosk.refused")) == 2
    # a new window: counted (and audited) again
    with Session(engine) as s, s.begin():
        s.execute(update(M.AttemptCounter).values(window_start=M.AttemptCounter.window_start
                                                  - dt.timedelta(minutes=16)))
    assert client.get("/layar?token=tebakan", **flood).status_code == 403
    assert len(events(engine, "kiosk.refused")) == 3
