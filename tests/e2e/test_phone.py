"""A 390 x 844 phone (issue 18 item 6): no page scrolls sideways for any role or the kiosk, the navigation
collapses behind a toggler, the leaderboard shows name and score, Rekomendasi keeps its long sections folded."""
from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import ROLES
from tests.e2e.test_browser import PAGES, open_page

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
OVERFLOW = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
WIDEST = """() => Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right
    > window.innerWidth + 1 && getComputedStyle(e).position !== 'fixed').slice(0, 5).map(e =>
    `${e.tagName}#${e.id}.${String(e.className).slice(0, 60)} ${Math.round(e.getBoundingClientRect().right)}`)"""


def _fits(page, what: str) -> None:  # noqa: ANN001
    page.wait_for_timeout(300)  # charts and grids size themselves to their box after the first frame
    scroll, inner = page.evaluate(OVERFLOW)
    assert scroll <= inner, (what, scroll, inner, page.evaluate(WIDEST))


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways_on_a_phone(live_server, page_as, role, request):  # noqa: ANN001
    request.node.allow_console_errors = True  # a page the role may not open answers 403 ("Tidak berhak")
    page = page_as(role)
    page.set_viewport_size(PHONE)
    for path in [*PAGES, "/anggota?member=1"]:
        if path == "/layar":
            continue  # the kiosk's own test below
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        if "Tidak berhak" not in page.title():
            open_page(page, live_server.url + path)
        _fits(page, f"{role} {path}")


def test_the_login_page_the_refusal_and_the_kiosk_fit_a_phone(live_server, page_as, request):  # noqa: ANN001
    request.node.allow_console_errors = True  # the refusal's answer is a 403
    anonymous = page_as(None)
    anonymous.set_viewport_size(PHONE)
    anonymous.goto(live_server.url + "/masuk")
    anonymous.wait_for_load_state("networkidle")
    _fits(anonymous, "/masuk")
    pimpinan = page_as("pimpinan")
    pimpinan.set_viewport_size(PHONE)
    pimpinan.goto(live_server.url + "/admin")
    pimpinan.wait_for_load_state("networkidle")
    assert "Tidak berhak" in pimpinan.inner_text("body")
    _fits(pimpinan, "Tidak berhak")
    made = json.loads(live_server.pokja("kiosk", "add", "Layar ponsel", "--json"))
    screen = page_as(None)
    screen.set_viewport_size(PHONE)
    for panel in ("ringkasan", "anggota", "rekomendasi", "peringkat"):
        screen.goto(live_server.url + made["path"] + f"&panels={panel}")
        screen.wait_for_selector(f".layar-panel.is-active[data-panel='{panel}']")
        _fits(screen, f"kiosk {panel}")


def test_the_navigation_folds_and_the_lists_fit_a_phone(live_server, page):  # noqa: ANN001
    page.set_viewport_size(PHONE)
    open_page(page, live_server.url + "/")
    link = "#nav-collapse a.nav-link[href$='/anggota']"
    assert page.is_visible("#nav-toggler") and not page.is_visible(link)  # folded
    assert page.query_selector("#nav-language") is not None  # the language switch's place
    page.click("#nav-toggler")
    page.wait_for_selector(link, state="visible")
    page.click(link)
    page.wait_for_selector("#anggota-grid .ag-row [col-id='name']")
    page.wait_for_selector(link, state="hidden")  # following a link folds the menu again
    # the leaderboard: rank, name and score inside the screen, the other columns hidden
    page.wait_for_function("() => document.querySelector(\"#anggota-grid .ag-row [col-id='name']\").innerText")
    page.wait_for_function("() => !document.querySelector(\"#anggota-grid .ag-header-cell[col-id='organization']\")")
    for col in ("rank", "name", "score"):
        box = page.query_selector(f"#anggota-grid .ag-row [col-id='{col}']").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (col, box)
    name = page.query_selector("#anggota-grid .ag-row [col-id='name']")
    assert name.evaluate("e => e.scrollWidth <= e.clientWidth + 1")  # the first name is not cut
    _fits(page, "/anggota")
    # wider again, every column is back
    page.set_viewport_size({"width": 1366, "height": 768})
    page.wait_for_selector("#anggota-grid .ag-header-cell[col-id='organization']")


def test_rekomendasi_folds_its_long_sections_on_a_phone(live_server, page):  # noqa: ANN001
    page.set_viewport_size(PHONE)
    open_page(page, live_server.url + "/rekomendasi")
    screens = page.evaluate("document.scrollingElement.scrollHeight") / PHONE["height"]
    assert screens < 4.5, screens  # 8.5 screens before the long sections folded
    header = "#rekomendasi-overdue >> xpath=.. >> .card-header"
    assert not page.is_visible("#rekomendasi-overdue")
    page.click(header)
    page.wait_for_selector("#rekomendasi-overdue", state="visible")
    _fits(page, "/rekomendasi opened")
    assert page.get_attribute(header, "role") == "button" and page.get_attribute(header, "aria-expanded") == "true"
    page.set_viewport_size({"width": 1366, "height": 768})
    assert page.is_visible("#rekomendasi-readiness")  # wider screens never fold
    # where it does not fold, a header is no button (nothing to press, nothing expanded)
    page.wait_for_function("() => !document.querySelector('.fold-phone > .card-header[role]')")
    assert page.get_attribute(header, "aria-expanded") is None and page.get_attribute(header, "tabindex") is None


def test_anggota_folds_its_filters_on_a_phone(live_server, page):  # noqa: ANN001
    """On a phone the six selects fold behind one header, so the leaderboard starts on the first screen; the
    header says how many filters a shared address chose, and opens them."""
    page.set_viewport_size(PHONE)
    open_page(page, live_server.url + "/anggota?period=tahun&sector=Akademisi")
    page.wait_for_selector("#anggota-grid .ag-row [col-id='name']")
    assert not page.is_visible("#anggota-sector")
    assert page.inner_text("#anggota-filters-active") == "1 aktif"
    board_top = page.query_selector("#anggota-grid").bounding_box()["y"]
    assert board_top < PHONE["height"] * 0.75, board_top  # the first rows on the first screen
    header = "#anggota-filters > .fold-header"
    assert page.get_attribute(header, "role") == "button"
    page.click(header)
    page.wait_for_selector("#anggota-sector", state="visible")
    page.select_option("#anggota-internal", "true")
    page.wait_for_function("() => document.querySelector('#anggota-filters-active').innerText === '2 aktif'")
    _fits(page, "/anggota filters opened")
    page.set_viewport_size({"width": 1366, "height": 768})
    assert page.is_visible("#anggota-sector") and not page.is_visible(header)  # wider: always shown, no header
