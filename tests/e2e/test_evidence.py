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
