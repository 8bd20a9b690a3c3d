"""Evaluation readiness on /rekomendasi in real headless Chromium, with evidence attached through `pokja evidence`."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.test_browser import open_page

pytestmark = pytest.mark.e2e

SIZES = [(1920, 1080), (1366, 768), (390, 844)]


def test_readiness_shows_attached_evidence(live_server, page, tmp_path):
    import datetime as dt

    today = dt.date.today().isoformat()
    live_server.pokja("evidence", "add", "2022-01", "https://balikpapan.go.id/perwali-smart-city",
                      "--title", "Perwali Smart City", "--date", today)
    open_page(page, live_server.url + "/rekomendasi")
    card = page.inner_text("#rekomendasi-readiness")
    assert "1 dari 12 rekomendasi berdata dukung" in card  # the demo's 12 recommendations of 2022
    assert "Belum ada data dukung terlampir" in card and "2022-01," not in card.split("terlampir:")[-1]
    folder = Path(os.environ.get("POKJA_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        if not page.is_visible("#rekomendasi-readiness"):  # a phone folds the section: open it
            page.click("#rekomendasi-readiness >> xpath=.. >> .card-header")
        page.locator("#rekomendasi-readiness").scroll_into_view_if_needed()
        page.locator("#rekomendasi-readiness").screenshot(path=str(folder / f"rekomendasi-kesiapan-{width}x{height}.png"))
        assert page.evaluate("document.querySelector('#rekomendasi-readiness').scrollWidth") <= width
        # the per-PIC table fits too (a responsive table would otherwise scroll inside its card)
        assert page.evaluate("(() => { const t = document.querySelector('#rekomendasi-readiness-pics');"
                             " return t.offsetWidth <= t.parentElement.clientWidth; })()")


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_the_secretariat_attaches_removes_and_undoes_and_pimpinan_reads(live_server, page_as, tmp_path):
    folder = Path(os.environ.get("POKJA_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page = page_as("sekretariat")
    open_page(page, live_server.url + "/rekomendasi")
    page.select_option("#rekomendasi-ev-code", "2022-03")
    # the summary names the recommendation it counts: wait for 2022-03's, not the first one's drawn at load
    page.wait_for_selector("#rekomendasi-ev-summary:has-text('2022-03:')")
    assert "2022-03: 0 data dukung terlampir · klaim rekap: 2" in page.inner_text("#rekomendasi-ev-summary")
    page.set_input_files("#rekomendasi-ev-upload input[type=file]",
                         files=[{"name": "laporan-dashboard.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.wait_for_selector("#rekomendasi-ev-drop-text:has-text('laporan-dashboard.pdf')")
    page.fill("#rekomendasi-ev-title", "Laporan dashboard kota")
    page.fill("#rekomendasi-ev-by", "Diskominfo")
    page.click("#rekomendasi-ev-add")
    page.wait_for_selector("#rekomendasi-ev-alert:has-text('ditambahkan ke 2022-03')")
    page.wait_for_selector("#rekomendasi-ev-list:has-text('Laporan dashboard kota')")
    assert "1 data dukung terlampir" in page.inner_text("#rekomendasi-ev-summary")
    # a renamed executable is refused with the CLI's message
    page.set_input_files("#rekomendasi-ev-upload input[type=file]",
                         files=[{"name": "foto.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" + b"\0" * 64}])
    page.fill("#rekomendasi-ev-title", "Foto")
    page.click("#rekomendasi-ev-add")
    page.wait_for_selector("#rekomendasi-ev-alert:has-text('program')")
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        card = page.locator("#rekomendasi-evidence")
        card.scroll_into_view_if_needed()
        card.screenshot(path=str(folder / f"rekomendasi-data-dukung-{width}x{height}.png"))
        assert page.evaluate("document.querySelector('#rekomendasi-evidence').scrollWidth") <= width
    page.set_viewport_size({"width": 1366, "height": 768})
    page.click("#rekomendasi-ev-list button:has-text('Hapus')")
    page.wait_for_selector("#rekomendasi-ev-alert:has-text('dihapus')")
    page.wait_for_selector("#rekomendasi-ev-list:has-text('Belum ada data dukung terlampir')")
    page.click("#rekomendasi-ev-undo")
    page.wait_for_selector("#rekomendasi-ev-alert:has-text('dibatalkan')")
    page.wait_for_selector("#rekomendasi-ev-list:has-text('Laporan dashboard kota')")

    reader = page_as("pimpinan")
    open_page(reader, live_server.url + "/rekomendasi")
    assert reader.locator("#rekomendasi-ev-form").count() == 0  # pimpinan reads only
    reader.select_option("#rekomendasi-ev-code", "2022-03")
    reader.wait_for_selector("#rekomendasi-ev-list:has-text('Laporan dashboard kota')")
    assert reader.locator("#rekomendasi-ev-list button:has-text('Hapus')").count() == 0
    with reader.expect_download() as got:
        reader.click("#rekomendasi-ev-zip")
    assert got.value.suggested_filename == "data-dukung-2022-03.zip"
    with reader.expect_download() as got:
        reader.click("#rekomendasi-ev-list button:has-text('Unduh')")
    assert got.value.suggested_filename == "laporan-dashboard.pdf"
    with reader.expect_download() as got:
        reader.click("#rekomendasi-ev-index")
    assert got.value.suggested_filename.startswith("indeks-data-dukung-")


def test_the_big_screen_shows_readiness_counts_never_titles(live_server, page_as, tmp_path, request):
    import json

    request.node.allow_console_errors = True  # the refused evidence call's answer is a 403

    live_server.pokja("evidence", "add", "2022-02", "https://balikpapan.go.id/masterplan", "--title",
                      "Masterplan Rahasia Layar")
    added = json.loads(live_server.pokja("kiosk", "add", "Layar Kesiapan", "--json"))
    kiosk = page_as(None)
    open_page(kiosk, live_server.url + added["path"] + "&panels=rekomendasi")
    kiosk.wait_for_selector("#layar-root:has-text('Kesiapan evaluasi')")
    assert "Masterplan Rahasia Layar" not in kiosk.content() and "Sesuai tanpa data dukung" in kiosk.inner_text("body")
    folder = Path(os.environ.get("POKJA_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        kiosk.set_viewport_size({"width": width, "height": height})
        kiosk.wait_for_timeout(300)
        kiosk.screenshot(path=str(folder / f"layar-kesiapan-{width}x{height}.png"))
        assert kiosk.evaluate("document.documentElement.scrollWidth") <= width
    # the kiosk session may not ask for the evidence panel (pimpinan's): refused by the guard
    status = kiosk.evaluate("""async () => (await fetch('/_dash-update-component', {method: 'POST',
        headers: {'Content-Type': 'application/json'}, body: JSON.stringify({output: 'rekomendasi-ev-list.children',
        outputs: {id: 'rekomendasi-ev-list', property: 'children'}, inputs: [{id: 'rekomendasi-ev-code',
        property: 'value', value: '2022-02'}, {id: 'rekomendasi-ev-version', property: 'data', value: 0}],
        changedPropIds: ['rekomendasi-ev-code.value']})})).status""")
    assert status in (401, 403)
    live_server.pokja("kiosk", "revoke", str(added["id"]))
