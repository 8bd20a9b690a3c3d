"""The upload page shows the server's refusals that come before any report: a file over the limit (413, checked by
the page before sending and by the server) and a server whose parse slots are all taken (503)."""
from __future__ import annotations

import json
import re

from tests.e2e.test_browser import keep_demo
from tests.workbooks import workbook

BUSY = "Server sedang memeriksa berkas lain, coba lagi sebentar lagi."


def _good(tmp_path):  # noqa: ANN001, ANN202
    path = tmp_path / "rekap-baik.xlsx"
    path.write_bytes(workbook({"Anggota": [["Kode Anggota", "Nama", "Instansi", "Unsur"],
                                           ["E2E-9", "Peserta Uji Batas", "Dinas Uji", "Media"]]}))
    return path


def test_a_busy_server_is_explained_on_the_upload_page(live_server, page_as, tmp_path, request) -> None:  # noqa: ANN001
    request.node.allow_console_errors = True  # the browser logs the 503, as it should
    page = page_as("sekretariat")
    page.goto(live_server.url + "/unggah")
    page.wait_for_selector("#unggah-upload input[type=file]", state="attached")
    answered = []

    def busy(route):  # noqa: ANN001, ANN202
        if "base64," in (route.request.post_data or ""):  # a file is being sent (not the page clearing it)
            answered.append(503)
            route.fulfill(status=503, content_type="application/json", body=json.dumps({"error": BUSY}))
        else:
            route.continue_()

    callbacks = re.compile(r"/_dash-update-component(\?|$)")  # the URL carries ?endId=...
    page.route(callbacks, busy)
    page.set_input_files("#unggah-upload input[type=file]", str(_good(tmp_path)))
    page.wait_for_selector("#unggah-server-message >> text=" + BUSY, timeout=15000)
    assert answered == [503]
    page.unroute(callbacks)
    # Trying again once the server has room: the file previews, and the message goes. (A copy: the browser fires
    # no change event for the very file already chosen in the input.)
    again = tmp_path / "rekap-baik-lagi.xlsx"
    again.write_bytes(_good(tmp_path).read_bytes())
    page.set_input_files("#unggah-upload input[type=file]", str(again))
    keep_demo(page)
    page.wait_for_selector("#unggah-commit:not([disabled])", timeout=30000)
    assert BUSY not in page.inner_text("#unggah-server-message")


def test_a_file_over_the_limit_is_refused_before_it_is_sent(live_server, page_as, tmp_path, request) -> None:  # noqa: ANN001
    request.node.allow_console_errors = True
    page = page_as("sekretariat")
    page.goto(live_server.url + "/unggah")
    page.wait_for_selector("#unggah-upload input[type=file]", state="attached")
    sent = []
    page.on("request", lambda r: sent.append(len(r.post_data or "")) if "_dash-update-component" in r.url
            and "base64," in (r.post_data or "") else None)
    big = tmp_path / "rekap-besar.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\0" * (21 * 2**20))  # over the default 20 MB
    page.set_input_files("#unggah-upload input[type=file]", str(big))
    page.wait_for_selector("#unggah-server-message >> text=Berkas terlalu besar untuk diunggah", timeout=30000)
    assert "batasnya 20 MB" in page.inner_text("#unggah-server-message")
    assert sent == []  # 28 MB of base64 never left the browser
