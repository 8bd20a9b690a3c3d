"""A question about a person, answered on /unggah in real headless Chromium (desktop and phone sizes)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.test_browser import open_page
from tests.workbooks import workbook

pytestmark = pytest.mark.e2e

SIZES = [(1920, 1080), (1366, 768), (390, 844)]
# one spelling per size: an answered spelling is remembered, and the live server is shared by the session
TYPOS = {1920: "MAYA SEKARWANGGI", 1366: "Maya Sekarwangy", 390: "Maya Sekar Wangi"}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_typo_of_a_demo_member_is_a_question_answered_in_the_preview(live_server, page, tmp_path, size):
    """The demo has Maya Sekarwangi (Diskominfo); a sign-in list spells her "MAYA SEKARWANGGI": asked, not guessed.
    At phone size the question is only looked at (the answer is the same code path)."""
    path = tmp_path / f"daftar-hadir-{size[0]}.xlsx"
    path.write_bytes(workbook({"Kehadiran": [["Kode Kegiatan", "Nama", "Kehadiran"],
                                             ["KEG-002", TYPOS[size[0]], "Hadir"]]}))
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_page(page, live_server.url + "/unggah")
    page.set_input_files("#unggah-upload input[type=file]", str(path))
    page.wait_for_selector("#unggah-decisions")
    text = page.inner_text("#unggah-preview")
    assert TYPOS[size[0]] in text and "perlu keputusan" in text
    assert page.is_disabled("#unggah-commit") or not page.is_visible("#unggah-commit")
    folder = Path(os.environ.get("POKJA_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.locator("#unggah-decisions").scroll_into_view_if_needed()
    page.screenshot(path=str(folder / f"unggah-keputusan-{size[0]}x{size[1]}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size[0], f"the decision card overflows sideways: {width}px"
    if size[0] < 1000:
        return

    page.click("#unggah-decisions .unggah-decision")
    page.get_by_text("Sama dengan Maya Sekarwangi", exact=False).first.click()
    page.click("#unggah-decide")
    page.wait_for_selector("#unggah-commit:not([disabled])")
    page.click("#unggah-commit")
    page.wait_for_selector(f"#unggah-history .ag-row >> text={path.name}")
    assert "Berhasil disimpan" in page.inner_text("#unggah-preview")
