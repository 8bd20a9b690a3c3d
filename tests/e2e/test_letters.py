"""Letters in real headless Chromium: the /admin tab "Surat & Data Dukung" and the letters section of /unduhan
(the secretariat generates, pimpinan downloads), at 1920x1080, 1366x768 and 390x844."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.test_browser import open_page

pytestmark = pytest.mark.e2e

SIZES = [(1920, 1080), (1366, 768), (390, 844)]


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("POKJA_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sizes(page, selector: str, folder: Path, name: str) -> None:  # noqa: ANN001
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.locator(selector).scroll_into_view_if_needed()
        page.locator(selector).screenshot(path=str(folder / f"{name}-{width}x{height}.png"))
        assert page.evaluate(f"document.querySelector('{selector}').scrollWidth") <= width


def test_admin_sets_the_letters_heads_and_cutoff(live_server, page, tmp_path):
    open_page(page, live_server.url + "/admin")
    page.click("a:has-text('Surat & Data Dukung')")
    page.fill("#admin-letters-signatory_name", "Dr. H. Rahmad Mas'ud, S.E., M.E.")
    page.fill("#admin-letters-number_format_piagam", "SC/{tahun}")
    page.click("#admin-letters-save")
    page.wait_for_selector("#admin-letters-result:has-text('tidak sah')")
    page.fill("#admin-letters-number_format_piagam", "{seq:03d}/SC-PIAGAM/{year}")
    page.click("#admin-letters-save")
    page.wait_for_selector("#admin-letters-result:has-text('disimpan')")
    assert "Dr. H. Rahmad Mas'ud" in live_server.pokja("letter-settings", "--json")
    org = page.locator("#admin-letters-org option").nth(1).get_attribute("value")
    page.select_option("#admin-letters-org", org)
    page.fill("#admin-letters-head", "Ir. Kepala Uji")
    page.click("#admin-letters-head-save")
    page.wait_for_selector("#admin-letters-head-result:has-text('Ir. Kepala Uji')")
    page.fill("#admin-letters-cutoff", "2026-03-01")
    page.click("#admin-letters-cutoff-save")
    page.wait_for_selector("#admin-letters-cutoff-result:has-text('1 Maret 2026')")
    page.fill("#admin-letters-cutoff", "")
    page.click("#admin-letters-cutoff-save")
    page.wait_for_selector("#admin-letters-cutoff-result:has-text('1 Januari')")
    _sizes(page, "#admin-tabs + .tab-content", _shots(tmp_path), "admin-surat")


def test_the_secretariat_generates_letters_and_pimpinan_downloads(live_server, page_as, tmp_path):
    page = page_as("sekretariat")
    open_page(page, live_server.url + "/unduhan")
    page.select_option("#unduhan-letters-week", "period")
    page.fill("#unduhan-letters-from", "2020-01-01")
    page.fill("#unduhan-letters-to", "2030-12-31")
    page.select_option("#unduhan-letters-kind", "pembinaan")
    page.click("#unduhan-letters-generate")
    page.wait_for_selector("#unduhan-letters-alert:has-text('surat dibuat')", timeout=60000)
    assert page.locator("#unduhan-letters-batches button:has-text('Unduh zip')").count() >= 1
    _sizes(page, "#unduhan-letters", _shots(tmp_path), "unduhan-surat")

    reader = page_as("pimpinan")
    open_page(reader, live_server.url + "/unduhan")
    assert reader.locator("#unduhan-letters-generate").count() == 0  # pimpinan downloads only
    with reader.expect_download() as got:
        reader.locator("#unduhan-letters-batches button:has-text('Unduh zip')").first.click()
    assert got.value.suggested_filename.startswith("surat-pembinaan-2020-01-01_2030-12-31-")
