"""Languages in headless Chromium (issue 18 item 7): the navbar switch to English and back, kept per user; a
kiosk in English by its address; the date picker in Indonesian; the 404 page; /unduhan's weeks."""
from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import PASSWORD, log_in
from tests.e2e.test_browser import open_page, wait_for_board
from tests.e2e.test_leaders import SIZES, _shot

pytestmark = pytest.mark.e2e


def _new_page(browser, width: int = 1920, height: int = 1080):  # noqa: ANN001, ANN202
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US",
                                  timezone_id="Asia/Makassar")  # an English browser: the page still says id
    return context, context.new_page()


def _switch(page) -> None:  # noqa: ANN001
    with page.expect_navigation():
        page.eval_on_selector("#nav-language", "form => form.submit()")  # on a phone the button may be folded
    page.wait_for_selector("#_pages_content > *", timeout=30000)
    page.wait_for_load_state("networkidle")


def _no_sideways_scroll(page) -> bool:  # noqa: ANN001
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture(scope="module")
def speaker(live_server):  # noqa: ANN001
    """An account of its own: its stored language must not leak into the other tests' accounts."""
    live_server.pokja("user", "add", "e2e-bahasa", "--role", "pimpinan", "--password-stdin", stdin=PASSWORD + "\n")
    return "e2e-bahasa"


def test_the_switch_turns_the_page_english_and_back_kept_per_user(live_server, browser, speaker, tmp_path):  # noqa: ANN001
    context, page = _new_page(browser)
    log_in(page, live_server.url, speaker)
    open_page(page, live_server.url + "/anggota")
    assert page.get_attribute("html", "lang") == "id"
    assert page.inner_text("#app-chrome .navbar-nav .active") == "Partisipasi Anggota"
    wait_for_board(page)

    _switch(page)
    assert page.url.endswith("/anggota") and page.get_attribute("html", "lang") == "en"
    assert page.inner_text("#app-chrome .navbar-nav .active") == "Member Participation"
    assert page.inner_text("h2") == "Member participation" or "Member participation" in page.inner_text("body")
    wait_for_board(page)
    headers = page.eval_on_selector_all("#anggota-grid .ag-header-cell-text", "els => els.map(e => e.innerText)")
    assert "Name" in headers and "Nama" not in headers
    standings = set(page.eval_on_selector_all("#anggota-grid .ag-row [col-id='standing']",
                                              "els => els.map(e => e.innerText.trim())"))
    assert standings and standings <= {"Contributing", "Attends Only", "Not Contributing", "Not Invited Yet"}
    assert "Period 1 January" in page.inner_text("#anggota-period-label")
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        for path in ("/", "/anggota"):
            open_page(page, live_server.url + path)
            page.wait_for_timeout(500)
            assert _no_sideways_scroll(page), (path, width)
            _shot(page, tmp_path, f"en{path.replace('/', '-').rstrip('-') or '-ringkasan'}-{width}x{height}.png")
    context.close()

    # kept per user: a fresh login in another browser is English too
    context, page = _new_page(browser)
    log_in(page, live_server.url, speaker)
    open_page(page, live_server.url + "/")
    assert page.get_attribute("html", "lang") == "en" and "Summary" in page.inner_text("#app-chrome")
    _switch(page)  # and back
    assert page.get_attribute("html", "lang") == "id" and "Ringkasan" in page.inner_text("#app-chrome")
    context.close()
    context, page = _new_page(browser)
    log_in(page, live_server.url, speaker)
    open_page(page, live_server.url + "/")
    assert page.get_attribute("html", "lang") == "id"
    context.close()


def test_a_kiosk_speaks_english_when_its_address_asks(live_server, browser, tmp_path):  # noqa: ANN001
    made = json.loads(live_server.pokja("kiosk", "add", "Layar bahasa", "--json"))
    for width, height in SIZES[:2]:
        context, page = _new_page(browser, width, height)
        open_page(page, live_server.url + made["path"] + "&panels=ringkasan&lang=en")
        panel = ".layar-panel.is-active[data-panel='ringkasan']"
        page.wait_for_selector(panel)
        text = page.inner_text(panel)
        assert "Not Invited Yet" in text and "Active members" in text and "Belum Diundang" not in text
        assert page.get_attribute("html", "lang") == "en"
        page.wait_for_timeout(800)
        _shot(page, tmp_path, f"en-layar-{width}x{height}.png")
        context.close()


def test_the_date_picker_speaks_indonesian(live_server, page, tmp_path):  # noqa: ANN001
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        open_page(page, live_server.url + "/anggota?period=kustom&start=2026-01-05&end=2026-01-20")
        assert page.input_value("#anggota-range") == "5 Jan 2026"
        assert page.input_value("#anggota-range-end-date") == "20 Jan 2026"
        page.click("#anggota-range")
        calendar = page.wait_for_selector("[role=dialog] .dash-datepicker-calendar-wrapper")
        text = calendar.inner_text()
        assert "Januari 2026" in text and "Sen" in text and "Min" in text
        assert "January" not in text and "Mo" not in text.split()
        _shot(page, tmp_path, f"datepicker-{width}x{height}.png")
        page.keyboard.press("Escape")


def test_an_unknown_address_gets_an_indonesian_404(live_server, page, tmp_path):  # noqa: ANN001
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        open_page(page, live_server.url + "/halaman-yang-tidak-ada")
        assert page.inner_text("#not-found-title") == "Halaman tidak ditemukan"
        assert "404" not in page.inner_text("#app-page") and "Page not found" not in page.inner_text("body")
        page.wait_for_function("() => document.title.startsWith('Halaman tidak ditemukan')")
        assert _no_sideways_scroll(page)
        _shot(page, tmp_path, f"404-{width}x{height}.png")


def test_unduhan_names_its_weeks_and_asks_no_shell_command(live_server, page, tmp_path):  # noqa: ANN001
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        open_page(page, live_server.url + "/unduhan")
        week = page.inner_text("#unduhan-current-week")
        assert week.startswith("Minggu berjalan: Minggu ke-") and "W" not in week.split(":", 1)[1]
        page.wait_for_function("() => document.title.startsWith('Unduhan')")
        body = page.inner_text("#app-page")
        assert "pokja" not in body and "snapshot" not in body.lower()
        _shot(page, tmp_path, f"unduhan-{width}x{height}.png")
