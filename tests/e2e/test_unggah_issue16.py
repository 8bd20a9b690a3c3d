"""/unggah's additions of issue 16 in real headless Chromium at 1920x1080, 1366x768 and 390x844: errors grouped
with the suspect sheet said once, and the guests of a meeting list (preview, card, promote)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.test_browser import keep_demo, open_page
from tests.test_error_groups import swapped_headers
from tests.workbooks import workbook

pytestmark = pytest.mark.e2e

SIZES = [(1920, 1080), (1366, 768), (390, 844)]
# one guest per size (the live server is shared by the session; a name key ignores digits)
GUESTS = {1920: "Hendra Wijayakusuma", 1366: "Lestari Purbaningrum", 390: "Yohanes Batubara"}


def _shots(page, tmp_path: Path, name: str, size: tuple[int, int]) -> None:  # noqa: ANN001
    folder = Path(os.environ.get("POKJA_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}-{size[0]}x{size[1]}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size[0], f"/unggah overflows sideways at {size}: {width}px"


def meeting_list(title: str, day: str, name: str, organization: str) -> bytes:
    return workbook({"Sheet1": [["DAFTAR HADIR"], [f"Acara : {title}"], [f"Hari/Tanggal : {day}"], [],
                                ["No", "Nama", "Instansi", "Tanda Tangan"], [1, name, organization, "1. ...."]]})


def upload_on_unggah(page, url: str, path: Path, size: tuple[int, int]) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_page(page, url + "/unggah")
    page.set_input_files("#unggah-upload input[type=file]", str(path))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_one_structural_mistake_shows_as_groups_and_one_warning(live_server, page, tmp_path, size):
    path = tmp_path / "rekap-tertukar.xlsx"
    path.write_bytes(swapped_headers())
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_page(page, live_server.url + "/unggah")
    page.set_input_files("#unggah-upload input[type=file]", str(path))
    page.wait_for_selector("#unggah-suspects")
    assert "300 dari 300 baris gagal" in page.inner_text("#unggah-suspects")
    page.wait_for_selector("#unggah-errors .ag-row", state="attached")
    # (a phone draws only the columns in view: the count may be off to the right, the sheet is not)
    page.locator("#unggah-errors").scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('#unggah-errors').innerText.includes('Kontribusi')")
    grid = page.inner_text("#unggah-errors")
    assert "Kontribusi" in grid and "dikelompokkan" in grid
    assert "300" in grid or size[0] < 1000
    if size[0] > 1000:  # a phone draws only the rows its grid shows (wrapped messages are tall)
        assert page.locator("#unggah-errors .ag-center-cols-container .ag-row").count() == 3  # 601 errors, 3 groups
    _shots(page, tmp_path, "unggah-kesalahan-berkelompok", size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_guests_of_a_meeting_list_are_previewed_listed_and_promoted(live_server, page, tmp_path, size):
    guest = GUESTS[size[0]]
    path = tmp_path / f"daftar-hadir-tamu-{size[0]}.xlsx"
    path.write_bytes(meeting_list(f"Diskusi {guest}", f"{SIZES.index(size) + 7} Agustus 2023", guest,
                                  "Kedai Kopi Nusantara"))
    upload_on_unggah(page, live_server.url, path, size)
    page.wait_for_selector("#unggah-preview-guests")
    assert guest in page.inner_text("#unggah-preview-guests")
    # The demo is loaded: Simpan waits until the clerk says what becomes of it.
    page.wait_for_selector("#unggah-demo-card")
    assert page.is_disabled("#unggah-commit")
    page.locator("#unggah-demo-card").scroll_into_view_if_needed()
    _shots(page, tmp_path, "unggah-demo-pilihan", size)
    keep_demo(page)
    page.wait_for_selector("#unggah-commit:not([disabled])")
    page.click("#unggah-commit")
    page.wait_for_selector(f"#unggah-history .ag-row >> text={path.name}")
    page.wait_for_selector(f"#unggah-guests-grid .ag-row >> text={guest}")
    page.locator("#unggah-guests").scroll_into_view_if_needed()
    _shots(page, tmp_path, "unggah-tamu", size)

    option = page.locator("#unggah-guests-pick option", has_text=guest).get_attribute("value")
    page.select_option("#unggah-guests-pick", option)
    page.click("#unggah-guests-promote")  # Unsur from a coffee shop's name: unknown, asked
    page.wait_for_selector("#unggah-guests-refused >> text=Unsur")
    page.select_option("#unggah-guests-sector", "Komunitas")
    page.click("#unggah-guests-promote")
    page.wait_for_selector("#unggah-guests-done >> text=dijadikan anggota")
    page.wait_for_selector("#unggah-history .ag-row >> text=dijadikan anggota")
    assert guest not in page.inner_text("#unggah-guests-grid")


def test_admin_lists_and_deletes_mapping_profiles(live_server, page_as, tmp_path):  # noqa: ANN001
    import json

    path = tmp_path / "pegawai-bappeda.xlsx"
    path.write_bytes(workbook({"Sheet1": [["DATA PEGAWAI"], [], ["No", "Nama Pegawai", "Instansi", "Golongan"],
                                          [1, "Rina Profilwati", "Bappeda", "III/a"]]}))
    sheets = json.loads(live_server.pokja("inspect", str(path), "--json"))
    sheets[0]["kind"] = "members"
    for letter, meaning in (("A", None), ("B", "Nama"), ("C", "Instansi"), ("D", "Jabatan")):
        sheets[0]["columns"][letter]["maps_to"] = meaning
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps(sheets), encoding="utf-8")
    live_server.pokja("load", str(path), "--mapping", str(mapping), "--save-profile", "format Bappeda", "--keep-demo")

    page = page_as("admin")
    open_page(page, live_server.url + "/admin")
    page.click("#admin-tabs .nav-link >> text='Profil Pemetaan'")
    page.wait_for_selector("#admin-prof-grid .ag-row >> text=format Bappeda")
    for size in SIZES:
        page.set_viewport_size({"width": size[0], "height": size[1]})
        _shots(page, tmp_path, "admin-profil-pemetaan", size)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.select_option("#admin-prof-pick", "format Bappeda")
    page.click("#admin-prof-delete")
    page.wait_for_selector("#admin-prof-done >> text=format Bappeda")
    assert "format Bappeda" not in page.inner_text("#admin-prof-grid")
    assert json.loads(live_server.pokja("profiles", "list", "--json")) == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_mapping_step_reads_an_unknown_layout_as_the_clerk_maps_it(live_server, page, tmp_path, size):
    person = {1920: "Rahmawati Kusumaningtyas", 1366: "Bonifasius Hutagalung", 390: "Fransiska Simanjorang"}[size[0]]
    path = tmp_path / f"data-pegawai-{size[0]}.xlsx"
    path.write_bytes(workbook({"Sheet2": [["Nama Pegawai", "Instansi", "Golongan"], [person, "Bappeda", "III/a"]]}))
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_page(page, live_server.url + "/unggah")
    page.set_input_files("#unggah-upload input[type=file]", str(path))
    page.wait_for_selector("#unggah-mapping")
    card = page.locator("#unggah-mapping .card").first
    assert person in card.inner_text()  # its first rows
    selects = card.locator("select")
    selects.nth(0).select_option("members")
    for k, meaning in enumerate(("Nama", "Instansi", "Jabatan"), start=1):
        selects.nth(k).select_option(meaning)
    page.locator("#unggah-mapping").scroll_into_view_if_needed()
    _shots(page, tmp_path, "unggah-pemetaan", size)
    page.click("#unggah-map-apply")
    keep_demo(page)
    page.wait_for_selector("#unggah-commit:not([disabled])")
    page.click("#unggah-commit")
    page.wait_for_selector(f"#unggah-history .ag-row >> text={path.name}")
    assert "Berhasil disimpan" in page.inner_text("#unggah-preview")


# one working group and its people per size (the live server is shared by the session)
# (and its meeting: another name on another day, so that no activity is close to the other)
INVITE = {1920: ("Tim Uji Undangan Besar", "Aryani Kusumadewi", "Bonaventura Sitompul",
                 "Lokakarya Data Terbuka", "Senin, 7 Agustus 2023"),
          390: ("Tim Uji Undangan Ponsel", "Cahyaningrum Lestari", "Damianus Simatupang",
                "Sosialisasi Aplikasi Warga", "Rabu, 9 Agustus 2023")}


@pytest.mark.parametrize("size", [(1920, 1080), (390, 844)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_clerk_picks_a_meeting_lists_invitees_in_the_mapping_step(live_server, page, tmp_path, size):
    import json

    group, present, absent, meeting, day = INVITE[size[0]]
    seed = tmp_path / f"anggota-undangan-{size[0]}.xlsx"
    seed.write_bytes(workbook({"Anggota": [["Nama", "Instansi", "Unsur", "Kelompok Kerja", "Status"],
                                           [present, "Dinas Uji Undangan", "Pemerintah", group, "Aktif"],
                                           [absent, "Dinas Uji Undangan", "Pemerintah", group, "Aktif"]]}))
    live_server.pokja("load", str(seed), "--keep-demo")
    path = tmp_path / f"daftar-hadir-undangan-{size[0]}.xlsx"
    path.write_bytes(meeting_list(meeting, day, present, "Dinas Uji Undangan"))
    upload_on_unggah(page, live_server.url, path, size)
    page.wait_for_selector("#unggah-mapping .unggah-map-invited")
    assert "Hanya kehadiran yang dicatat" in page.inner_text("#unggah-preview")
    picker = page.locator("#unggah-mapping .unggah-map-invited")
    picker.click()
    page.keyboard.type(group)
    page.get_by_role("option", name=group).first.click()
    page.keyboard.press("Escape")
    assert group in picker.inner_text()
    picker.scroll_into_view_if_needed()
    _shots(page, tmp_path, "unggah-undangan", size)
    page.click("#unggah-map-apply")
    page.wait_for_function("() => !document.querySelector('#unggah-preview').innerText"
                           ".includes('Hanya kehadiran yang dicatat')")
    assert group in page.inner_text("#unggah-mapping .unggah-map-invited")  # the choice stays shown
    keep_demo(page)
    page.wait_for_selector("#unggah-commit:not([disabled])")
    page.click("#unggah-commit")
    page.wait_for_selector(f"#unggah-history .ag-row >> text={path.name}")
    assert "Berhasil disimpan" in page.inner_text("#unggah-preview")
    [upload] = [u for u in json.loads(live_server.pokja("uploads", "--json")) if u["filename"] == path.name]
    # the activity, the present member's Hadir and the absent invitee's Tidak Hadir
    assert upload["counts"]["Sheet1"]["inserted"] == 3, upload
