"""Enforcement: the login page, the session cookie, slowing down guessing, and the guard on every route and
every Dash callback, through Flask's test client against a real database."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from dash import Input, Output
from flask.testing import FlaskClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core import models as M
from core.settings import Access
from dashboard import access, auth, kiosk
from dashboard.web import ENGINE_KEY, create_app
from tests.conftest import PASSWORD, login

# Which level each part of the site needs, written out here (not read from dashboard.auth) so the test can fail.
PAGE_EXPECTED = {"/": "pimpinan", "/anggota": "pimpinan", "/rekomendasi": "pimpinan", "/peringkat": "pimpinan",
                 "/unduhan": "pimpinan", "/tidak-ada": "pimpinan", "/unggah": "sekretariat", "/UNGGAH/": "sekretariat",
                 "/admin": "admin", "/admin/pengguna": "admin", "/layar": "kiosk"}
ORDER = ["anonymous", "kiosk", "pimpinan", "sekretariat", "admin"]
REFUSED = (401, 403)


def engine_of(app):  # noqa: ANN001, ANN201
    return app.server.extensions[ENGINE_KEY]


# The Dash URL prefixes the app is tested under: none; its own (every route under /pokja/); behind a proxy that
# takes /pokja/ off (the browser asks for /pokja/..., the server sees /...).
URL_PREFIXES = {
    "root": {},
    "base": {"DASH_URL_BASE_PATHNAME": "/pokja/"},
    "proxy": {"DASH_REQUESTS_PATHNAME_PREFIX": "/pokja/", "DASH_ROUTES_PATHNAME_PREFIX": "/"},
}


class PrefixClient(FlaskClient):
    """A browser behind the app's URL prefix, seen from the tests as if there were none: it asks for the server's
    paths under the routes prefix, sends the page router the browser's pathname (under the requests prefix),
    and takes the requests prefix off the redirects it gets, so every assertion reads the same."""

    paths = auth.ROOT  # set per app by the `app` fixture, from the Dash app's config

    def open(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        paths = self.paths
        if args and isinstance(args[0], str) and args[0].startswith("/"):
            args = (paths.route(args[0]), *args[1:])
        payload = kwargs.get("json")
        if isinstance(payload, dict) and isinstance(payload.get("inputs"), list):
            payload = json.loads(json.dumps(payload))
            for item in payload["inputs"]:
                if isinstance(item, dict) and item.get("id") == "_pages_location" \
                        and item.get("property") == "pathname" and isinstance(item.get("value"), str):
                    item["value"] = paths.url(item["value"])
            kwargs["json"] = payload
        response = super().open(*args, **kwargs)
        location = response.headers.get("Location")
        if location and location.startswith(paths.requests):
            response.headers["Location"] = "/" + location[len(paths.requests):]
        return response


def unprefixed(client, url: str) -> str:  # noqa: ANN001
    """A link in a page, relative to the app."""
    requests = getattr(client, "paths", auth.ROOT).requests
    return "/" + url[len(requests):] if url.startswith(requests) else url


@pytest.fixture(params=list(URL_PREFIXES))
def app(request, settings, monkeypatch):  # noqa: ANN001, ANN201
    """The Dash app on this test's database, under each URL prefix (the prefixes on SQLite only: the rules about
    paths never touch the database)."""
    if request.param != "root" and not settings.database_url.startswith("sqlite"):
        pytest.skip("the URL prefix does not touch the database")
    for name, value in URL_PREFIXES[request.param].items():
        monkeypatch.setenv(name, value)
    return behind_prefix(create_app(settings))


def behind_prefix(app):  # noqa: ANN001, ANN201
    """The app, its test clients made PrefixClients for its URL prefix (read from the Dash app's config)."""
    paths = auth.SitePaths(app.config.routes_pathname_prefix, app.config.requests_pathname_prefix)
    app.server.test_client_class = type("PrefixClient", (PrefixClient,), {"paths": paths})
    return app


def events(engine, action: str) -> list[M.AuditEvent]:  # noqa: ANN001
    with Session(engine) as s:
        return list(s.scalars(select(M.AuditEvent).where(M.AuditEvent.action == action).order_by(M.AuditEvent.id)))


def kiosk_client(app):  # noqa: ANN001, ANN201
    """A client holding a kiosk session (no account), and its token."""
    _, token = kiosk.create(engine_of(app), "Lobi", "pytest")
    client = app.server.test_client()
    assert client.get(kiosk.path_for(token)).status_code == 200
    return client, token


@pytest.fixture
def clients(app, client_as):  # noqa: ANN001
    return {"anonymous": app.server.test_client(), "kiosk": kiosk_client(app)[0],
            **{role: client_as(role) for role in auth.ROLES}}


# --- The Dash callbacks: every one, as the renderer would call it ----------------------------------------


def _id(text: str) -> object:
    return json.loads(text) if text.startswith("{") else text


def _outputs(output: str) -> object:
    """The ``outputs`` the renderer sends for a callback's output string (wildcard ALL outputs: none on screen)."""
    multi = output.startswith("..") and output.endswith("..")
    found = []
    for part in output[2:-2].split("...") if multi else [output]:
        cut = part.rfind(".")
        cid, prop = _id(part[:cut].replace("\\.", ".")), part[cut + 1:].split("@")[0]
        found.append([] if isinstance(cid, dict) else {"id": cid, "property": prop})
    return found if multi else found[0]


def _inputs(items: list[dict], pathname: str | None = None) -> list:
    values = {"pathname": pathname, "search": ""}
    return [[] if isinstance(_id(i["id"]), dict) else
            {"id": i["id"], "property": i["property"],
             "value": values.get(i["property"]) if i["id"] == "_pages_location" else None}
            for i in items]


def body(dep: dict, pathname: str | None = None) -> dict:
    first = next((i for i in dep["inputs"] if not i["id"].startswith("{")), None)
    return {"output": dep["output"], "outputs": _outputs(dep["output"]), "inputs": _inputs(dep["inputs"], pathname),
            "state": _inputs(dep["state"]), "changedPropIds": [f"{first['id']}.{first['property']}"] if first else []}


def output_ids(dep: dict) -> list[str]:
    """Each output's component id, or a pattern-matching id's type."""
    outs = _outputs(dep["output"])
    ids = []
    for part, out in zip(dep["output"][2:-2].split("...") if isinstance(outs, list) else [dep["output"]],
                         outs if isinstance(outs, list) else [outs]):
        cid = _id(part[:part.rfind(".")].replace("\\.", "."))
        ids.append(cid["type"] if isinstance(cid, dict) else cid)
    return ids


# The evidence panel on /rekomendasi and the letters on /unduhan: pimpinan reads and downloads; what writes the
# attach/remove message (and the chosen file's name) and generates letters is the secretariat's.
SECRETARIAT_WRITES = {"rekomendasi-ev-message", "rekomendasi-ev-drop-text", "unduhan-letters-result"}


def expected_level(dep: dict) -> str:
    ids = output_ids(dep)
    if SECRETARIAT_WRITES & set(ids):
        return "sekretariat"
    for prefix, level in (("unggah-", "sekretariat"), ("admin-", "admin"), ("layar-", "kiosk")):
        if all(i.startswith(prefix) for i in ids):
            return level
    return "pimpinan"


def test_every_callback_is_refused_to_the_wrong_people_and_served_to_the_right_ones(demo, app, clients):  # noqa: ANN001
    deps = clients["admin"].get("/_dash-dependencies").get_json()
    assert clients["anonymous"].get("/_dash-dependencies").status_code == 401
    server_side = [d for d in deps if d.get("clientside_function") is None]
    outputs = {o for d in server_side for o in output_ids(d)}
    # the enumeration covers the pages' callbacks (so an empty list cannot pass)
    assert {"unggah-token", "anggota-grid", "ringkasan-content", "layar-updated", "unduhan-download",
            "admin-users-grid", "admin-audit-grid", "admin-rules-result", "_pages_content",
            # evidence and letters: a kiosk is refused each of them (reading needs pimpinan)
            "rekomendasi-ev-list", "rekomendasi-ev-download", "unduhan-letters-download", "admin-letters-result"} <= outputs
    cases = []
    for dep in server_side:
        if "_pages_content" in output_ids(dep):  # Dash's page router: the level of the page it would render
            cases += [(dep, path, PAGE_EXPECTED[path]) for path in PAGE_EXPECTED]
        else:
            cases.append((dep, None, expected_level(dep)))
    assert {level for *_, level in cases} == {"kiosk", "pimpinan", "sekretariat", "admin"}
    for dep, path, level in cases:
        for who in ORDER:
            r = clients[who].post("/_dash-update-component", json=body(dep, path))
            allowed = who != "anonymous" and ORDER.index(who) >= ORDER.index(level)
            assert (r.status_code not in REFUSED) == allowed, (who, dep["output"], path, r.status_code)
            if who == "anonymous":
                assert r.status_code == 401
    # clientside callbacks never run on the server: asking the server for one is refused, even to an admin
    for dep in (d for d in deps if d.get("clientside_function") is not None):
        assert clients["admin"].post("/_dash-update-component", json=body(dep)).status_code == 403


def test_an_undeclared_callback_is_refused_and_admin_outputs_need_admin(settings, client_as):  # noqa: ANN001
    app = behind_prefix(create_app(settings))  # under the prefix the app fixture set (client_as made it)

    @app.callback(Output("lain-out", "children"), Input("lain-in", "value"))
    def undeclared(value):  # noqa: ANN001, ANN202
        return value

    @app.callback(Output("admin-out", "children"), Output({"type": "admin-row", "index": 1}, "children"),
                  Input("admin-in", "value"))
    def admin_only(value):  # noqa: ANN001, ANN202
        return value, value

    client = app.server.test_client()
    for role in ("pimpinan", "sekretariat", "admin"):
        auth.add_user(engine_of(app), f"uji-{role}", role, PASSWORD, "pytest")
    status = {}
    for role in ("sekretariat", "admin"):
        client = app.server.test_client()
        assert login(client, f"uji-{role}").status_code == 302
        deps = {d["output"]: d for d in client.get("/_dash-dependencies").get_json()}
        for output in ("lain-out.children", '..admin-out.children...{"index":1,"type":"admin-row"}.children..'):
            dep = deps[output]
            payload = {**body(dep), "outputs": [{"id": "admin-out", "property": "children"},
                                                {"id": {"index": 1, "type": "admin-row"}, "property": "children"}]
                       } if output.startswith("..") else body(dep)
            payload["inputs"][0]["value"] = "x"
            status[role, output.split(".")[0] or "admin"] = client.post("/_dash-update-component",
                                                                       json=payload).status_code
    assert status == {("sekretariat", "lain-out"): 403, ("admin", "lain-out"): 403,
                      ("sekretariat", "admin"): 403, ("admin", "admin"): 200}
    assert client.post("/_dash-update-component", data="not json", content_type="application/json").status_code \
        == 403


# --- Routes ---------------------------------------------------------------------------------------------


def test_pages_by_role_and_the_public_routes(engine, app, clients):  # noqa: ANN001
    anonymous = clients["anonymous"]
    for path in ("/health", "/masuk", "/assets/00-bootstrap.min.css", "/assets/layar.js", "/_favicon.ico"):
        assert anonymous.get(path).status_code == 200, path
    index = clients["pimpinan"].get("/").get_data(as_text=True)
    suites = re.findall(r'src="[^"]*?(/_dash-component-suites/[^"]+)"', index)
    assert suites and all(anonymous.get(s).status_code == 200 for s in suites)  # the renderer's own scripts
    for path in ("/_dash-layout", "/_dash-dependencies", "/_reload-hash"):
        assert anonymous.get(path).status_code == 401, path
    for path, level in PAGE_EXPECTED.items():
        r = anonymous.get(path)
        assert r.status_code == 302 and r.headers["Location"].startswith("/masuk?next="), path
        for who in ORDER[2:]:
            r = clients[who].get(path)
            if ORDER.index(who) >= ORDER.index(level):
                assert r.status_code == 200, (who, path)
            else:
                assert r.status_code == 403, (who, path)
                text = r.get_data(as_text=True)
                assert "tidak berhak" in text and "Traceback" not in text and f"uji-{who}" in text
    # other routes are guarded too: Flask's static folder (outside any Dash prefix), any method
    raw = FlaskClient(app.server, app.server.response_class)
    assert raw.get(app.server.static_url_path + "/x.js").status_code == 401
    assert anonymous.post("/unggah").status_code == 401


def _props(node: object, name: str) -> list:
    """Every value of the prop ``name`` in a layout's JSON."""
    if isinstance(node, list):
        return [v for child in node for v in _props(child, name)]
    if not isinstance(node, dict):
        return []
    props = node.get("props", {})
    return ([props[name]] if name in props else []) + _props(props.get("children"), name)


def _nodes(node: object) -> list[dict]:
    """Every component in a layout's JSON."""
    if isinstance(node, list):
        return [n for child in node for n in _nodes(child)]
    if not isinstance(node, dict):
        return []
    return [node, *_nodes(node.get("props", {}).get("children"))]


def test_the_navigation_shows_the_user_and_only_the_pages_of_their_role(engine, app, clients):  # noqa: ANN001
    def layout(who: str) -> tuple[list, str]:
        r = clients[who].get("/_dash-layout")
        assert r.status_code == 200
        return [unprefixed(clients[who], h) for h in _props(r.get_json(), "href")], \
            json.dumps(r.get_json(), ensure_ascii=False)

    for who in ("pimpinan", "sekretariat", "admin"):
        hrefs, text = layout(who)
        actions = [unprefixed(clients[who], a) for a in _props(json.loads(text), "action")]
        assert f"uji-{who}" in text and actions == ["/bahasa", "/keluar"]  # the language switch, the way out
        assert "/anggota" in hrefs and ("/unggah" in hrefs) == (who != "pimpinan"), (who, hrefs)
    hrefs, text = layout("kiosk")
    assert "/anggota" not in hrefs and "/keluar" not in text and "/bahasa" not in text  # a kiosk: ?lang= only


def test_login_goes_back_to_the_page_asked_for_and_is_audited(engine, app):  # noqa: ANN001
    auth.add_user(engine, "sekda", "pimpinan", PASSWORD, "pytest")
    client = app.server.test_client()
    r = client.get("/anggota?period=tahun&sector=Media")
    target = parse_qs(urlsplit(r.headers["Location"]).query)["next"][0]
    assert target == "/anggota?period=tahun&sector=Media"
    form = client.get(r.headers["Location"]).get_data(as_text=True)
    assert 'name="next" value="/anggota?period=tahun&amp;sector=Media"' in form
    assert "Nama pengguna" in form and "Kata sandi" in form and "/assets/00-bootstrap.min.css" in form
    assert "cdn" not in form.lower() and "http" not in form.lower()

    r = login(client, "sekda", "salah-sandi-1234", target)
    assert r.status_code == 401 and "salah" in r.get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 401
    r = login(client, "Sekda", PASSWORD, target)
    assert r.status_code == 302 and r.headers["Location"] == target
    assert client.get(target).status_code == 200 and client.get("/_dash-layout").status_code == 200
    assert client.get("/masuk?next=/rekomendasi").headers["Location"] == "/rekomendasi"  # already logged in
    failure, success = events(engine, "login.failure")[0], events(engine, "login.success")[0]
    assert (failure.actor, failure.address, success.actor, success.address) == ("sekda", "127.0.0.1",
                                                                                 "sekda", "127.0.0.1")
    assert success.at >= failure.at

    # A form without its CSRF token (posted from another site) logs nobody in.
    fresh = app.server.test_client()
    r = fresh.post("/masuk", data={"username": "sekda", "password": PASSWORD})
    assert r.status_code == 400 and fresh.get("/_dash-layout").status_code == 401

    # Logging out: a confirmation page on GET, the logout itself on POST; audited.
    assert client.get("/keluar").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/keluar").get_data(as_text=True)).group(1)
    r = client.post("/keluar", data={"csrf": csrf})
    assert r.status_code == 302 and r.headers["Location"] == "/masuk?keluar=1"
    assert client.get("/_dash-layout").status_code == 401
    assert "Anda telah keluar" in client.get("/masuk?keluar=1").get_data(as_text=True)
    assert [e.actor for e in events(engine, "logout")] == ["sekda"]


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
                                    "/\t/evil.example", "javascript:alert(1)", "evil.example", "http:/evil.example",
                                    "/masuk", " /anggota", "/%0d%0aSet-Cookie:x=1"])
def test_no_open_redirect_after_login(engine, app, target):  # noqa: ANN001
    if not engine.url.get_backend_name() == "sqlite":
        pytest.skip("the redirect rule does not touch the database")
    auth.add_user(engine, "sekda", "pimpinan", PASSWORD, "pytest")
    client = app.server.test_client()
    r = login(client, "sekda", PASSWORD, target)
    assert r.status_code == 302
    location = r.headers["Location"]
    assert location == "/" or (target == "/%0d%0aSet-Cookie:x=1" and location == target), location
    assert access.safe_next(target) in ("/", "/%0d%0aSet-Cookie:x=1")
    assert access.safe_next("/anggota?period=tahun") == "/anggota?period=tahun"


def test_session_cookie_flags_and_lifetime(settings, engine):  # noqa: ANN001
    auth.add_user(engine, "sekda", "pimpinan", PASSWORD, "pytest")
    for https in (False, True):
        app = create_app(dataclasses.replace(settings, access=Access(https=https, session_hours=12)))
        client = app.server.test_client()
        before = time.time()
        cookie = login(client, "sekda").headers["Set-Cookie"]
        parts = {p.strip().split("=")[0].lower(): p.strip() for p in cookie.split(";")}
        assert "httponly" in parts and parts["samesite"] == "SameSite=Lax"
        assert ("secure" in parts) == https
        expires = dt.datetime.strptime(parts["expires"].split("=", 1)[1], "%a, %d %b %Y %H:%M:%S GMT")
        lifetime = expires.replace(tzinfo=dt.UTC).timestamp() - before
        assert 12 * 3600 - 60 < lifetime < 12 * 3600 + 60


def test_a_login_expires_after_the_session_lifetime(settings, engine, monkeypatch):  # noqa: ANN001
    auth.add_user(engine, "sekda", "pimpinan", PASSWORD, "pytest")
    app = create_app(dataclasses.replace(settings, access=Access(session_hours=2)))
    client = app.server.test_client()
    login(client, "sekda")
    monkeypatch.setattr(access, "_now", lambda: time.time() + 1.5 * 3600)
    assert client.get("/_dash-layout").status_code == 200  # within two hours, even after a pause
    monkeypatch.setattr(access, "_now", lambda: time.time() + 2.1 * 3600)
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/anggota").headers["Location"] == "/masuk?next=/anggota"
    monkeypatch.setattr(access, "_now", time.time)
    assert client.get("/_dash-layout").status_code == 401  # that session is over for good


def test_password_change_and_disabling_end_open_sessions(engine, app, client_as):  # noqa: ANN001
    client = client_as("pimpinan")
    assert client.get("/_dash-layout").status_code == 200
    auth.set_password(engine, "uji-pimpinan", "sandi-baru-panjang", "admin")
    assert client.get("/_dash-layout").status_code == 401
    client = app.server.test_client()
    assert login(client, "uji-pimpinan", "sandi-baru-panjang").status_code == 302
    auth.disable_user(engine, "uji-pimpinan", "admin")
    assert client.get("/_dash-layout").status_code == 401


def test_repeated_failures_are_refused_for_a_while(settings, engine):  # noqa: ANN001
    app = create_app(dataclasses.replace(settings, access=Access(max_failures_per_user=3, max_failures_per_address=7,
                                                                 failure_window_minutes=15)))
    auth.add_user(engine, "sekda", "pimpinan", PASSWORD, "pytest")
    auth.add_user(engine, "kadis", "pimpinan", PASSWORD, "pytest")
    office = {"environ_base": {"REMOTE_ADDR": "10.1.1.1"}}
    client = app.server.test_client()
    # failures before a success do not count after it
    for _ in range(2):
        assert login(client, "sekda", "salah-sandi-1234", **office).status_code == 401
    assert login(client, "sekda", PASSWORD, **office).status_code == 302
    client = app.server.test_client()
    for _ in range(3):
        assert login(client, "sekda", "salah-sandi-1234", **office).status_code == 401
    r = login(client, "sekda", PASSWORD, **office)  # the right password, refused: too many failures for sekda here
    assert r.status_code == 429 and "Coba lagi dalam 15 menit" in r.get_data(as_text=True)
    assert login(app.server.test_client(), "SEKDA", PASSWORD, **office).status_code == 429
    # from another address the account is not locked (see test_failures_from_one_address_do_not_lock...)
    assert login(app.server.test_client(), "sekda", PASSWORD, environ_base={"REMOTE_ADDR": "10.9.9.9"}) \
        .status_code == 302
    assert login(app.server.test_client(), "kadis", PASSWORD, **office).status_code == 302  # others may log in
    # refusals are audited once per address and reason within the window, not once per attempt
    assert [(e.actor, e.address, e.detail) for e in events(engine, "login.throttled")] == [
        ("sekda", "10.1.1.1", "terlalu banyak kegagalan (username)")]

    # too many failures from one address (five so far, seven allowed), whatever the usernames
    for name in ("a1", "a2"):
        assert login(app.server.test_client(), name, "salah-sandi-1234", **office).status_code == 401
    r = login(app.server.test_client(), "kadis", PASSWORD, **office)
    assert r.status_code == 429
    assert events(engine, "login.throttled")[-1].detail == "terlalu banyak kegagalan (address)"
    assert login(app.server.test_client(), "kadis", PASSWORD, environ_base={"REMOTE_ADDR": "10.2.2.2"}) \
        .status_code == 302

    # the counters' windows: once they have passed, logins work again
    with Session(engine) as s, s.begin():
        s.execute(update(M.AttemptCounter).values(window_start=M.AttemptCounter.window_start
                                                  - dt.timedelta(minutes=16)))
    assert login(app.server.test_client(), "sekda", PASSWORD, **office).status_code == 302


def test_forwarded_addresses_are_believed_only_behind_a_trusted_proxy(settings, engine):  # noqa: ANN001
    auth.add_user(engine, "sekda", "pimpinan", PASSWORD, "pytest")
    forwarded = {"headers": {"X-Forwarded-For": "203.0.113.7"}}
    for proxies, expected in ((0, "127.0.0.1"), (1, "203.0.113.7")):
        app = create_app(dataclasses.replace(settings, access=Access(trusted_proxies=proxies)))
        assert login(app.server.test_client(), "sekda", PASSWORD, **forwarded).status_code == 302
        assert events(engine, "login.success")[-1].address == expected


def test_the_session_key_is_shared_by_workers_and_restarts(settings, tmp_path):  # noqa: ANN001
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("no database involved")
    unset = dataclasses.replace(settings, secret_key="", data_dir=tmp_path / "shared")
    first, second = access.session_secret(unset), access.session_secret(unset)
    assert first == second and len(first) == 64
    assert (tmp_path / "shared" / "secret_key").stat().st_mode & 0o777 == 0o600
    assert access.session_secret(dataclasses.replace(unset, secret_key="from-env")) == "from-env"


# --- A callback request must have the shape of the callback it names ------------------------------------


def _router(client) -> dict:  # noqa: ANN001
    deps = client.get("/_dash-dependencies").get_json()
    return next(d for d in deps if "_pages_content" in output_ids(d))


def test_the_page_router_with_relabelled_inputs_is_refused_for_every_page_and_role(demo, app, clients):  # noqa: ANN001
    """The router renders inputs[0] whatever its label says: inputs labelled in another order than declared
    (a kiosk showing /admin by calling its page "search" and /layar its "pathname") are refused to everyone."""
    router = _router(clients["admin"])
    for who in ("kiosk", "pimpinan", "sekretariat", "admin"):
        for path in PAGE_EXPECTED:
            for cover in ("/layar", "/"):
                swapped = {**body(router, cover), "inputs": [
                    {"id": "_pages_location", "property": "search", "value": path},
                    {"id": "_pages_location", "property": "pathname", "value": cover}]}
                r = clients[who].post("/_dash-update-component", json=swapped)
                text = r.get_data(as_text=True)
                assert r.status_code in (400, 403), (who, path, cover, r.status_code)
                assert "admin-users-grid" not in text and "unggah-upload" not in text, (who, path)
            # the honest request is decided by the page's own level
            r = clients[who].post("/_dash-update-component", json=body(router, path))
            allowed = ORDER.index(who) >= ORDER.index(PAGE_EXPECTED[path])
            assert (r.status_code == 200) == allowed, (who, path, r.status_code)


def test_a_callback_request_whose_inputs_or_state_differ_from_the_declared_ones_is_refused(demo, app, clients):  # noqa: ANN001
    admin = clients["admin"]
    deps = {d["output"]: d for d in admin.get("/_dash-dependencies").get_json()}
    router = _router(admin)
    rows = next(d for o, d in deps.items() if "anggota-grid.getRowsResponse" in o and not d.get("clientside_function"))
    detail = next(d for o, d in deps.items() if "anggota-modal.is_open" in o)
    download = next(d for o, d in deps.items() if "unduhan-download" in o)
    person = {"id": {"index": 1, "type": "anggota-person"}, "property": "n_clicks", "value": 1}
    honest = [
        body(router, "/"),
        {**body(rows), "inputs": [{"id": "anggota-grid-request", "property": "data",
                                   "value": {"startRow": 0, "endRow": 10}}]},
        {**body(detail), "inputs": [{"id": "anggota-grid", "property": "cellClicked"}, [person]]},
        {**body(download), "inputs": [[], [], {"id": "unduhan-current", "property": "n_clicks", "value": None}]},
    ]
    for request in honest:
        assert admin.post("/_dash-update-component", json=request).status_code == 200, request["output"]

    def changed(request: dict, where: str, index: int, value: object) -> dict:
        request = json.loads(json.dumps(request))
        request[where][index] = value
        return request

    router_body, rows_body, detail_body, download_body = honest
    bad = [
        changed(router_body, "inputs", 0, {"id": "_pages_location", "property": "search", "value": "/admin"}),
        changed(router_body, "inputs", 0, {"id": "url", "property": "pathname", "value": "/admin"}),
        changed(router_body, "inputs", 0, "/admin"),
        {**router_body, "inputs": router_body["inputs"][:1]},  # one missing
        {**router_body, "inputs": [*router_body["inputs"], router_body["inputs"][0]]},  # one too many
        {**router_body, "inputs": {"0": router_body["inputs"][0]}},
        {**router_body, "state": [{"id": "_pages_location", "property": "pathname", "value": "/admin"}]},
        changed(rows_body, "state", 0, {"id": "anggota-range", "property": "start_date", "value": None}),
        {**rows_body, "state": rows_body["state"][1:]},
        {**rows_body, "state": None},
        changed(detail_body, "inputs", 1, person),  # ALL: a list, not one item
        changed(detail_body, "inputs", 1, [{**person, "id": {"index": 1, "type": "admin-user"}}]),
        changed(detail_body, "inputs", 1, [{**person, "id": {"index": 1, "type": "anggota-person", "x": 1}}]),
        changed(detail_body, "inputs", 1, [{**person, "id": {"index": {"a": 1}, "type": "anggota-person"}}]),
        changed(detail_body, "inputs", 1, [{**person, "property": "children"}]),
        changed(detail_body, "inputs", 1, [{**person, "extra": 1}]),
        changed(download_body, "inputs", 2, [{"id": "unduhan-current", "property": "n_clicks", "value": 1}]),
        changed(download_body, "inputs", 0, [{"id": {"type": "unduhan-csv", "week": "2026-W01"},
                                               "property": "n_clicks", "value": 1}]),
    ]
    for who in ("kiosk", "pimpinan", "admin"):
        for request in bad:
            r = clients[who].post("/_dash-update-component", json=request)
            assert r.status_code in (400, 403), (who, request)
            assert "Traceback" not in r.get_data(as_text=True)


def test_under_a_dash_url_prefix_pimpinan_cannot_create_an_admin_account(settings, monkeypatch):  # noqa: ANN001
    """The guard's paths come from the app's config: under DASH_URL_BASE_PATHNAME every Dash route moves, and
    a guard that knew only /_dash-update-component let any login call any callback there."""
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("the URL prefix does not touch the database")
    monkeypatch.setenv("DASH_URL_BASE_PATHNAME", "/pokja/")
    app = create_app(settings)
    engine = engine_of(app)
    auth.add_user(engine, "sekda", "pimpinan", PASSWORD, "pytest")
    client = app.server.test_client()
    login_path = next(p for p in ("/pokja/masuk", "/masuk") if client.get(p).status_code == 200)
    form = client.get(login_path).get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    assert client.post(login_path, data={"username": "sekda", "password": PASSWORD, "csrf": csrf}).status_code == 302
    deps = client.get("/pokja/_dash-dependencies").get_json()
    dep = next(d for d in deps if "admin-users-grid" in output_ids(d))
    router = next(d for d in deps if "_pages_content" in output_ids(d))
    fields = {"admin-user-name": "penyusup", "admin-user-role": "admin", "admin-user-password": "sandi-penyusup-1",
              "admin-user-password-again": "sandi-penyusup-1"}
    request = body(dep)
    request["inputs"][0]["value"] = 1
    request["changedPropIds"] = [f"{request['inputs'][0]['id']}.n_clicks"]
    for item in request["state"]:
        item["value"] = fields.get(item["id"])
    r = client.post("/pokja/_dash-update-component", json=request)
    assert r.status_code == 403, r.status_code
    assert "penyusup" not in {u["username"] for u in auth.list_users(engine)}
    assert client.post("/pokja/_dash-update-component", json=body(router, "/pokja/admin")).status_code == 403


# --- Logins at once, and who may lock whom out --------------------------------------------------------------


def _csrf_client(app, address: str):  # noqa: ANN001, ANN202
    """A client that has fetched the login form (its CSRF token), from ``address``."""
    client = app.server.test_client()
    form = client.get("/masuk", environ_base={"REMOTE_ADDR": address}).get_data(as_text=True)
    return client, re.search(r'name="csrf" value="([^"]+)"', form).group(1)


def test_concurrent_wrong_passwords_check_no_more_passwords_than_the_limit(settings, engine):  # noqa: ANN001
    import threading

    app = create_app(dataclasses.replace(settings, access=Access(max_failures_per_user=5)))
    auth.add_user(engine, "sekda", "pimpinan", PASSWORD, "pytest")
    prepared = [_csrf_client(app, "10.3.3.3") for _ in range(40)]
    start = threading.Barrier(len(prepared))
    statuses: list[int] = []

    def attempt(client, csrf: str) -> None:  # noqa: ANN001
        start.wait()
        r = client.post("/masuk", data={"username": "sekda", "password": "salah-sandi-1234", "csrf": csrf},
                        environ_base={"REMOTE_ADDR": "10.3.3.3"})
        statuses.append(r.status_code)

    threads = [threading.Thread(target=attempt, args=pair) for pair in prepared]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(set(statuses)) == [401, 429]
    assert statuses.count(401) == len(events(engine, "login.failure")) <= 5  # passwords actually checked
    client, csrf = _csrf_client(app, "10.3.3.3")
    r = client.post("/masuk", data={"username": "sekda", "password": PASSWORD, "csrf": csrf},
                    environ_base={"REMOTE_ADDR": "10.3.3.3"})
    assert r.status_code == 429  # the right password too, from there, until the window has passed


def test_failures_from_one_address_do_not_lock_the_account_out_elsewhere(settings, engine):  # noqa: ANN001
    app = create_app(dataclasses.replace(settings, access=Access(
        max_failures_per_user=3, max_failures_per_account=8, max_failures_per_address=50)))
    auth.add_user(engine, "sekda", "pimpinan", PASSWORD, "pytest")
    attacker = {"environ_base": {"REMOTE_ADDR": "198.51.100.9"}}
    for _ in range(3):
        assert login(app.server.test_client(), "sekda", "salah-sandi-1234", **attacker).status_code == 401
    assert login(app.server.test_client(), "sekda", "salah-sandi-1234", **attacker).status_code == 429
    assert login(app.server.test_client(), "sekda", PASSWORD, **attacker).status_code == 429
    # the account's owner, from the office, is not locked out by the attacker's failures
    office = {"environ_base": {"REMOTE_ADDR": "10.1.1.1"}}
    assert login(app.server.test_client(), "sekda", PASSWORD, **office).status_code == 302
    # ... until the account's own ceiling (failures from every address) is reached
    for n in range(5):
        address = {"environ_base": {"REMOTE_ADDR": f"198.51.100.{20 + n // 3}"}}
        assert login(app.server.test_client(), "sekda", "salah-sandi-1234", **address).status_code == 401
    assert login(app.server.test_client(), "sekda", PASSWORD, **office).status_code == 429


# --- Sessions on the server -----------------------------------------------------------------------------


def test_logout_ends_the_session_on_the_server(settings, engine):  # noqa: ANN001
    app = create_app(settings)
    auth.add_user(engine, "sekda", "pimpinan", PASSWORD, "pytest")
    client = app.server.test_client()
    assert login(client, "sekda").status_code == 302
    copied = client.get_cookie("pokja_session").value  # taken before the logout (a shared computer, a thief)
    assert client.get("/anggota").status_code == 200
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/keluar").get_data(as_text=True)).group(1)
    assert client.post("/keluar", data={"csrf": csrf}).status_code == 302
    thief = app.server.test_client()
    thief.set_cookie("pokja_session", copied)
    assert thief.get("/anggota").status_code == 302 and thief.get("/_dash-layout").status_code == 401
    # another login of the same account is a session of its own: it lives on
    other = app.server.test_client()
    assert login(other, "sekda").status_code == 302
    third = app.server.test_client()
    assert login(third, "sekda").status_code == 302
    csrf = re.search(r'name="csrf" value="([^"]+)"', third.get("/keluar").get_data(as_text=True)).group(1)
    assert third.post("/keluar", data={"csrf": csrf}).status_code == 302
    assert other.get("/_dash-layout").status_code == 200


def test_logout_needs_the_csrf_token(settings, engine):  # noqa: ANN001
    app = create_app(settings)
    auth.add_user(engine, "sekda", "pimpinan", PASSWORD, "pytest")
    client = app.server.test_client()
    assert login(client, "sekda").status_code == 302
    page = client.get("/keluar").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    for data in ({}, {"csrf": "tebakan"}):
        r = client.post("/keluar", data=data)  # a form on another site
        assert r.status_code == 400
        assert client.get("/_dash-layout").status_code == 200
    # the session was not replaced: the same token, the same login
    assert re.search(r'name="csrf" value="([^"]+)"', client.get("/keluar").get_data(as_text=True)).group(1) == token
    assert events(engine, "logout") == []
    # the logout form (and the language switch) of every page carries the token
    forms = [n for n in _nodes(client.get("/_dash-layout").get_json()) if n.get("props", {}).get("name") == "csrf"]
    assert [f["props"]["value"] for f in forms] == [token, token]
    anonymous = app.server.test_client()
    assert anonymous.post("/keluar").status_code == 400


def test_password_change_and_disabling_end_sessions_on_the_server(settings, engine):  # noqa: ANN001
    from core import models as M

    app = create_app(settings)
    auth.add_user(engine, "sekda", "pimpinan", PASSWORD, "pytest")
    client = app.server.test_client()
    assert login(client, "sekda").status_code == 302
    with Session(engine) as s:
        rows = list(s.scalars(select(M.LoginSession)))
    assert len(rows) == 1 and rows[0].ended_at is None and rows[0].address == "127.0.0.1"
    assert len(rows[0].token_hash) == 64 and rows[0].token_hash not in client.get_cookie("pokja_session").value
    auth.set_password(engine, "sekda", "sandi-baru-panjang", "admin")
    with Session(engine) as s:
        assert [(r.end_reason, r.ended_at is not None) for r in s.scalars(select(M.LoginSession))] == [
            ("password", True)]
    assert client.get("/_dash-layout").status_code == 401
    assert login(client, "sekda", "sandi-baru-panjang").status_code == 302
    auth.disable_user(engine, "sekda", "admin")
    with Session(engine) as s:
        reasons = [r.end_reason for r in s.scalars(select(M.LoginSession).order_by(M.LoginSession.id))]
    assert reasons == ["password", "disabled"]
