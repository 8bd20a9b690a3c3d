"""The pages in real headless Chromium against the real app with the demo data."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.workbooks import workbook

pytestmark = pytest.mark.e2e

PAGES = ["/", "/anggota", "/rekomendasi", "/peringkat", "/unggah", "/unduhan", "/admin", "/layar"]
SIZES = [(1920, 1080), (1366, 768), (390, 844)]
SCREENSHOT_DIR = os.environ.get("POKJA_SCREENSHOT_DIR")


def open_page(page, url: str) -> None:  # noqa: ANN001
    """Go to a page and wait until Dash has rendered it (not merely until the network is idle)."""
    page.goto(url)
    page.wait_for_selector("#layar-root" if "/layar" in url else "#_pages_content > *", timeout=30000)
    page.wait_for_load_state("networkidle")


def keep_demo(page, choice: str = "Biarkan data demo") -> None:  # noqa: ANN001
    """A committable preview while the demo is loaded asks what becomes of it (Simpan waits): answer it."""
    page.wait_for_selector("#unggah-commit:not([disabled]), #unggah-demo-card", timeout=30000)
    if page.locator("#unggah-demo-card").count():
        page.locator("#unggah-demo-card label", has_text=choice).click()


LOADED_ROWS = "#anggota-grid .ag-row [col-id='name']"


def wait_for_board(page, expected_sector: str | None = None) -> list[str]:  # noqa: ANN001
    """Wait until the leaderboard grid shows loaded rows (the infinite row model first draws empty placeholder
    rows, then fills them when the block arrives), all of ``expected_sector`` when given; their sectors."""
    page.wait_for_function(
        """([sel, sector]) => {
            const rows = Array.from(document.querySelectorAll(sel)).map(e => e.closest('.ag-row'));
            if (!rows.length) return false;
            return rows.every(r => {
                const name = r.querySelector("[col-id='name']").innerText.trim();
                const s = r.querySelector("[col-id='sector']").innerText.trim();
                return name !== '' && (sector === null || s === sector);
            });
        }""", arg=[LOADED_ROWS, expected_sector], timeout=15000)
    return page.eval_on_selector_all("#anggota-grid .ag-row [col-id='sector']", "els => els.map(e => e.innerText)")


def _shot_name(path: str, size: tuple[int, int]) -> str:
    return f"{path.strip('/') or 'ringkasan'}-{size[0]}x{size[1]}.png"


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_without_console_errors(live_server, page, path, tmp_path):
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        open_page(page, live_server.url + path)
        body = page.inner_text("body")
        assert "Traceback" not in body and "Error" not in page.title()
        if path != "/layar":
            assert "Data contoh (demo)" in body  # demo data is labelled on every page
        # Nothing sticks out sideways: the navigation of an admin (the longest) fits 1366 px, log-out button included.
        right = page.evaluate("Math.max(0, ...Array.from(document.querySelectorAll('#app-chrome nav *'),"
                              " e => e.getBoundingClientRect().right))")
        assert right <= width, (path, width, right)
        folder = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        shot = str(folder / _shot_name(path, (width, height)))
        if path == "/layar":
            page.screenshot(path=shot)
        else:
            # A whole-page capture in one go: Chromium's full_page capture resizes the window while it shoots, and a
            # grid below the fold redraws its rows during that and comes out blank. So the window is made as tall as
            # the page first, the grids settle, then the capture.
            page.set_viewport_size({"width": width, "height": page.evaluate("document.documentElement.scrollHeight")})
            page.wait_for_timeout(500)
            page.screenshot(path=shot)
            page.set_viewport_size({"width": width, "height": height})
    assert page.console_errors == []


def test_the_login_page_renders_without_console_errors(live_server, page_as, tmp_path):  # noqa: ANN001
    page = page_as(None)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_server.url + "/masuk")
        page.wait_for_load_state("networkidle")
        assert page.is_visible("#masuk-username") and page.is_visible("#masuk-password")
        folder = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / _shot_name("/masuk", (width, height))))
    assert page.console_errors == []


def test_ringkasan_shows_the_headline_figures(live_server, page):
    open_page(page, live_server.url + "/")
    text = page.inner_text("body")
    assert "peringkat 40 dari 100" in text
    assert re.search(r"\d+,\d%", text)  # Indonesian decimal comma


def test_a_filter_changes_the_leaderboard(live_server, page):
    page.goto(live_server.url + "/anggota")
    assert len(set(wait_for_board(page))) > 1  # the whole board: more than one sector
    before = page.inner_text("#anggota-count")
    page.select_option("#anggota-sector", "Akademisi")
    page.wait_for_function("(b) => document.querySelector('#anggota-count').innerText !== b", arg=before)
    after = page.inner_text("#anggota-count")
    assert int(after.split()[0]) < int(before.split()[0])
    sectors = wait_for_board(page, "Akademisi")  # times out when a row of another sector stays
    assert sectors and set(sectors) == {"Akademisi"}


def test_anggota_draws_its_rows_without_asking_and_its_charts_when_scrolled_to(live_server, page):
    """The first block of rows comes with the layout (one request on first load: the page router's); the charts
    below the lists are drawn only once they come near the screen, and then drawn; a filter still asks the server."""
    page.set_viewport_size({"width": 1366, "height": 768})
    calls = []
    page.on("request", lambda r: calls.append(r.post_data or "") if "_dash-update-component" in r.url else None)
    page.goto(live_server.url + "/anggota?period=tahun&sector=Akademisi")
    assert set(wait_for_board(page, "Akademisi")) == {"Akademisi"}
    page.wait_for_timeout(300)
    assert len(calls) == 1 and "_pages_content" in calls[0], calls
    assert page.locator("#anggota-by-sector-box .main-svg").count() == 0  # below the fold: not drawn yet
    page.locator("#anggota-by-sector-box").scroll_into_view_if_needed()
    page.wait_for_selector("#anggota-by-sector-box .main-svg", timeout=15000)
    page.wait_for_selector("#anggota-by-organization-box .main-svg", timeout=15000)
    page.select_option("#anggota-sector", "Media")
    assert set(wait_for_board(page, "Media")) == {"Media"}
    assert any("anggota-grid-request" in c for c in calls)
    assert page.console_errors == []


def test_upload_flow_broken_then_good_then_undo(live_server, page, tmp_path):
    bad = tmp_path / "rekap-rusak.xlsx"
    bad.write_bytes(workbook({"Anggota": [["Nama", "Instansi", "Unsur"], ["Uji Coba", "Dinas Uji", "Alien"]]}))
    good = tmp_path / "rekap-baik.xlsx"
    good.write_bytes(workbook({"Anggota": [["Kode Anggota", "Nama", "Instansi", "Unsur"],
                                           ["E2E-1", "Peserta Uji Peramban", "Dinas Uji", "Media"]]}))
    open_page(page, live_server.url + "/unggah")

    page.set_input_files("#unggah-upload input[type=file]", str(bad))
    page.wait_for_selector("#unggah-errors .ag-row")
    errors = page.inner_text("#unggah-errors")
    assert "Alien" in errors and "Unsur" in errors
    assert page.is_disabled("#unggah-commit") or not page.is_visible("#unggah-commit")

    page.set_input_files("#unggah-upload input[type=file]", str(good))
    assert page.is_disabled("#unggah-commit") or not page.is_visible("#unggah-commit")  # the demo: asked first
    keep_demo(page)
    page.wait_for_selector("#unggah-commit:not([disabled])")
    page.click("#unggah-commit")
    page.wait_for_selector("#unggah-history .ag-row >> text=rekap-baik.xlsx")

    page.goto(live_server.url + "/anggota")
    wait_for_board(page)
    page.select_option("#anggota-sector", "Media")
    page.wait_for_selector("#anggota-grid >> text=Peserta Uji Peramban")
    media_with = int(page.inner_text("#anggota-count").split()[0])

    page.goto(live_server.url + "/unggah")
    row = page.locator("#unggah-history .ag-row", has_text="rekap-baik.xlsx")
    row.locator("button", has_text="Batalkan").click()
    page.click("#unggah-undo-confirm")
    page.wait_for_selector("#unggah-history .ag-row:has-text('rekap-baik.xlsx'):has-text('dibatalkan')")

    page.goto(live_server.url + "/anggota")
    wait_for_board(page)
    page.select_option("#anggota-sector", "Media")
    wait_for_board(page, "Media")
    assert int(page.inner_text("#anggota-count").split()[0]) == media_with - 1
    assert "Peserta Uji Peramban" not in page.inner_text("#anggota-grid")


def test_layar_rotates_and_refreshes(live_server, page):
    page.goto(live_server.url + "/layar?rotate=5&refresh=10")
    page.wait_for_selector("#layar-active-panel")
    first = page.inner_text("#layar-active-panel")
    stamp = page.get_attribute("#layar-updated", "data-updated-at")
    page.wait_for_function("(f) => document.querySelector('#layar-active-panel').innerText !== f", arg=first,
                           timeout=15000)
    page.wait_for_function(
        "(s) => document.querySelector('#layar-updated').getAttribute('data-updated-at') !== s", arg=stamp,
        timeout=25000)
    assert not page.is_visible("#app-chrome nav")
    text = page.inner_text("body")
    assert "0812-" not in text and "@example" not in text  # no personal contact data on the big screen


def _save_rules(page) -> None:  # noqa: ANN001
    page.click("#admin-rules-save")
    page.wait_for_selector("#admin-rules-result .alert")


def test_admin_changes_a_weight_and_scores_are_recomputed(live_server, page):
    open_page(page, live_server.url + "/admin")
    assert page.input_value("#admin-rule-0") == "2"  # Hadir
    page.fill("#admin-rule-0", "-1")
    _save_rules(page)
    assert page.is_visible("#admin-rules-invalid")
    assert "Hadir: tidak boleh negatif." in page.inner_text("#admin-rule-0-error")

    page.fill("#admin-rule-0", "2,5")
    _save_rules(page)
    page.wait_for_selector("#admin-rules-saved")
    saved = page.inner_text("#admin-rules-saved")
    assert "1 nilai diubah" in saved and "Skor dihitung ulang" in saved
    assert page.inner_text("#admin-rule-0-error") == ""

    page.click("#admin-tabs .nav-link >> text='Jejak Audit'")
    page.wait_for_selector("#admin-audit-grid .ag-row")
    assert "Bobot kehadiran · Hadir: 2 → 2,5" in page.inner_text("#admin-audit-grid")

    # put the contract's weight back, so the other tests see the demo's scores
    page.click("#admin-tabs .nav-link >> text='Bobot & Aturan Status'")
    page.fill("#admin-rule-0", "2")
    _save_rules(page)
    page.wait_for_selector("#admin-rules-saved")
    assert page.console_errors == []


def test_admin_reference_users_and_audit_filters(live_server, page):
    open_page(page, live_server.url + "/admin")
    page.click("#admin-tabs .nav-link >> text='Data Referensi'")
    page.select_option("#admin-sector-pick", label="Pemerintah")
    page.click("#admin-sector-delete")
    assert "dipakai oleh" in page.inner_text("#admin-sector-refused")
    page.fill("#admin-dimension-add-name", "Smart Mobility")
    page.click("#admin-dimension-add")
    page.wait_for_selector("#admin-dimension-done")
    page.wait_for_selector("#admin-dimension-grid .ag-row >> text='Smart Mobility'")
    page.select_option("#admin-dimension-pick", label="Smart Mobility")
    page.click("#admin-dimension-delete")
    page.wait_for_selector("#admin-dimension-done >> text=dihapus")

    page.click("#admin-tabs .nav-link >> text='Pengguna'")
    page.fill("#admin-user-name", "uji.peramban")
    page.fill("#admin-user-password", "sandi-uji-peramban")
    page.fill("#admin-user-password-again", "sandi-lain-sekali")
    page.click("#admin-user-add")
    page.wait_for_selector("#admin-users-refused >> text=tidak sama")
    assert page.input_value("#admin-user-password") == ""  # passwords are not kept in the form
    page.fill("#admin-user-password", "sandi-uji-peramban")
    page.fill("#admin-user-password-again", "sandi-uji-peramban")
    page.click("#admin-user-add")
    page.wait_for_selector("#admin-users-done")
    page.wait_for_selector("#admin-users-grid .ag-row >> text='uji.peramban'")

    page.click("#admin-tabs .nav-link >> text='Jejak Audit'")
    page.wait_for_selector("#admin-audit-grid .ag-row")
    page.select_option("#admin-audit-kind", "reference")
    page.wait_for_function("() => document.querySelector('#admin-audit-count').innerText.startsWith('2 catatan')")
    grid = page.inner_text("#admin-audit-grid")
    assert "Dimensi ditambahkan" in grid and "Dimensi dihapus" in grid and "Pengguna ditambahkan" not in grid
    assert page.console_errors == []
