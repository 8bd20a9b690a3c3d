"""Accounts in the real browser: logging in and out, what a role sees, the demo account, kiosk tokens on /layar."""
from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import log_in, refresh_every

pytestmark = pytest.mark.e2e


# Dash's renderer reads a 401 answer's body twice (once looking for an expired JWT, once to report the error), and
# the browser logs the second read as an error: part of a refusal, not a fault of the page.
DASH_401_REREAD = "Failed to execute 'text' on 'Response': body stream already read"


def only_refusals(page, *statuses: int) -> None:  # noqa: ANN001
    """The browser logs every refused request as a console error: those, and nothing else, are expected."""
    expected = [f"status of {s}" for s in statuses] + ([DASH_401_REREAD] if 401 in statuses else [])
    assert all(any(x in e for x in expected) for e in page.console_errors), page.console_errors


def test_login_then_see_the_page_asked_for_then_log_out(live_server, page_as, request):  # noqa: ANN001
    request.node.allow_console_errors = True  # the wrong password's answer is a 401
    page = page_as(None)
    page.goto(live_server.url + "/anggota?period=tahun")
    assert "/masuk?next=" in page.url and page.is_visible("#masuk-username")
    log_in(page, live_server.url, "e2e-pimpinan", "salah-sandi-1234")
    assert "salah" in page.inner_text("#masuk-error")
    log_in(page, live_server.url, "e2e-pimpinan")
    assert page.url == live_server.url + "/anggota?period=tahun"
    page.wait_for_selector("#anggota-grid .ag-row")
    assert "e2e-pimpinan" in page.inner_text("#akun-user") and "Pimpinan" in page.inner_text("#akun-user")
    with page.expect_navigation():
        page.click("#akun-keluar")
    assert "Anda telah keluar" in page.inner_text("body")
    page.goto(live_server.url + "/")
    assert "/masuk" in page.url
    only_refusals(page, 401)


def test_pimpinan_does_not_see_the_upload_page(live_server, page_as, request):  # noqa: ANN001
    request.node.allow_console_errors = True  # the refusal's answer is a 403
    page = page_as("pimpinan")
    page.goto(live_server.url + "/")
    page.wait_for_selector("#_pages_content > *")
    nav = page.inner_text("#app-chrome nav")
    assert "Partisipasi Anggota" in nav and "Unggah Rekap" not in nav
    response = page.goto(live_server.url + "/unggah")
    assert response.status == 403
    assert "tidak berhak" in page.inner_text("#pesan-text") and "Traceback" not in page.content()
    assert not page.is_visible("#unggah-upload")
    only_refusals(page, 403)


def test_sekretariat_sees_the_upload_page(live_server, page_as):  # noqa: ANN001
    page = page_as("sekretariat")
    page.goto(live_server.url + "/unggah")
    page.wait_for_selector("#unggah-upload")
    assert "Unggah Rekap" in page.inner_text("#app-chrome nav")


def test_the_demo_account_printed_on_the_first_start_logs_in(live_server, page_as):  # noqa: ANN001
    passwords = re.findall(r"nama pengguna 'demo', kata sandi '([^']+)'", live_server.console())
    assert len(passwords) == 1
    page = page_as(None)
    page.goto(live_server.url + "/")
    log_in(page, live_server.url, "demo", passwords[0])
    page.wait_for_selector("#_pages_content > *")
    assert "demo" in page.inner_text("#akun-user") and "Admin" in page.inner_text("#akun-user")


def _kiosk_path(live_server) -> tuple[int, str]:  # noqa: ANN001
    added = json.loads(live_server.pokja("kiosk", "add", "Layar E2E", "--json"))
    return added["id"], added["path"]


def test_a_kiosk_token_shows_the_big_screen_without_an_account_until_revoked(live_server, page_as, request):  # noqa: ANN001
    request.node.allow_console_errors = True  # the refused refresh is logged by the browser, as it should be
    token_id, path = _kiosk_path(live_server)
    page = page_as(None)
    page.goto(live_server.url + path + "&refresh=10")
    refresh_every(page, 1500)
    stamp = page.get_attribute("#layar-updated", "data-updated-at")
    page.wait_for_function(
        "(s) => document.querySelector('#layar-updated').getAttribute('data-updated-at') !== s", arg=stamp,
        timeout=25000)
    assert page.console_errors == []
    page.goto(live_server.url + "/anggota")  # the token opens the big screen only
    assert "/masuk" in page.url

    page.goto(live_server.url + path + "&refresh=10")
    page.wait_for_selector("#layar-active-panel")
    live_server.pokja("kiosk", "revoke", str(token_id))
    with page.expect_response(lambda r: "_dash-update-component" in r.url, timeout=25000) as refused:
        pass
    assert refused.value.status == 401
    page.reload()
    assert "tidak berlaku atau sudah dicabut" in page.inner_text("body")
    assert not page.is_visible("#layar-root")
    only_refusals(page, 401, 403)


def test_a_kiosk_screen_recovers_its_session_after_a_restart_and_a_lost_cookie(live_server, page_as, request):  # noqa: ANN001
    request.node.allow_console_errors = True  # refreshes fail while the server is down
    _, path = _kiosk_path(live_server)
    page = page_as(None)
    page.add_init_script("window.layarCheckMs = 500; window.layarMinOutageMs = 1000;")
    page.goto(live_server.url + path + "&refresh=10")
    refresh_every(page, 1500)

    live_server.restart()  # the session survives: every process signs with the key kept in POKJA_DATA_DIR
    stamp = page.get_attribute("#layar-updated", "data-updated-at")
    page.wait_for_function(
        "(s) => document.querySelector('#layar-updated').getAttribute('data-updated-at') !== s", arg=stamp,
        timeout=40000)

    # The session is lost (cookie gone): refreshes are refused, the watchdog reloads the page once the server
    # answers /health, and the token still in the URL opens a new kiosk session.
    page.evaluate("window.beforeReload = true")
    page.context.clear_cookies()
    page.wait_for_function("() => window.beforeReload === undefined && document.querySelector('#layar-updated')",
                           timeout=45000)
    assert "token=" in page.url
    refresh_every(page, 1500)
    stamp = page.get_attribute("#layar-updated", "data-updated-at")
    page.wait_for_function(
        "(s) => document.querySelector('#layar-updated').getAttribute('data-updated-at') !== s", arg=stamp,
        timeout=25000)


CSP_LISTENER = """window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(
    e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sample || '')));"""
PAGES = ["/", "/anggota", "/rekomendasi", "/peringkat", "/unggah", "/unduhan", "/admin", "/layar?refresh=10"]


def _csp_of(response) -> dict[str, list[str]]:  # noqa: ANN001
    policy = response.headers.get("content-security-policy", "")
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def test_every_page_works_under_the_content_security_policy(live_server, page_as):  # noqa: ANN001
    """A Content-Security-Policy without 'unsafe-inline' scripts (Dash's inline renderer script allowed by its
    hash), and no page, the login page and a kiosk's big screen included, makes the browser report a violation."""
    page = page_as("admin")
    page.add_init_script(CSP_LISTENER)
    for path in PAGES:
        response = page.goto(live_server.url + path)
        csp = _csp_of(response)
        assert csp.get("script-src") and "'unsafe-inline'" not in csp["script-src"], csp
        assert "'unsafe-eval'" not in csp["script-src"] and csp.get("object-src") == ["'none'"]
        assert any(s.startswith("'sha256-") for s in csp["script-src"]), csp  # Dash's inline renderer script
        page.wait_for_selector("#layar-active-panel" if "layar" in path else "#_pages_content > *", timeout=30000)
        page.wait_for_timeout(1500)  # charts, grids and the async chunks they load
        assert page.evaluate("window.cspViolations") == [], path
    page.goto(live_server.url + "/admin")
    # a tab that loads a grid and a date picker after the page
    page.click("#admin-tabs .nav-link >> text='Jejak Audit'")
    page.wait_for_selector("#admin-audit-grid .ag-row")
    assert page.evaluate("window.cspViolations") == []
    assert not [e for e in page.console_errors if "Content Security Policy" in e], page.console_errors

    anonymous = page_as(None)
    anonymous.add_init_script(CSP_LISTENER)
    response = anonymous.goto(live_server.url + "/masuk")
    assert _csp_of(response).get("script-src") and anonymous.evaluate("window.cspViolations") == []
    _, kiosk_path = _kiosk_path(live_server)
    screen = page_as(None)
    screen.add_init_script(CSP_LISTENER)
    screen.goto(live_server.url + kiosk_path + "&refresh=10")
    screen.wait_for_selector("#layar-active-panel")
    screen.wait_for_timeout(1500)
    assert screen.evaluate("window.cspViolations") == []
    assert not [e for e in screen.console_errors if "Content Security Policy" in e]
