"""The big screen (`/layar`): URL settings clamped, its data from the read models, never any contact data."""
from __future__ import annotations

import datetime as dt
import json
import threading
import time

import dash
import plotly
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import Member
from dashboard.views import layar as view
from dashboard.web import create_app
from loaders.ingest import load_file, undo_upload
from tests.workbooks import messy_recap, workbook

IN_2023 = dt.date(2023, 12, 31)  # the messy recap's year: "this year" on the screen
PHONE = "0812-0000-0001"  # in messy_recap's member sheet
CONTACTS = workbook({"Anggota": [
    ["Kode Anggota", "Nama", "Instansi", "Unsur", "Email", "No HP", "WA"],
    ["ANG-09", "Rina Wulandari", "Bappeda", "OPD", "rina.rahasia@example.go.id", "0813-5555-0199", "+62 813 5555 0199"],
]})
CONTACT_VALUES = (PHONE, "0812", "rina.rahasia", "example.go.id", "0813-5555-0199", "+62 813")


@pytest.mark.parametrize(("raw", "expected"), [
    (None, 20), ("", 20), ("20", 20), ("5", 5), ("1", 5), ("0", 5), ("-30", 5), ("7.9", 7), ("7,9", 7),
    ("45", 45), ("600", 600), ("100000", 600), ("1e9", 600), ("abc", 20), ("nan", 20), ("inf", 20),
    (["30", "40"], 30),
])
def test_rotation_seconds_are_clamped(raw, expected):  # noqa: ANN001
    assert view.screen_config(rotate=raw).rotate == expected


@pytest.mark.parametrize(("raw", "expected"), [
    (None, 60), ("60", 60), ("3", 10), ("10", 10), ("300", 300), ("999999", 3600), ("satu menit", 60),
])
def test_refresh_seconds_are_clamped(raw, expected):  # noqa: ANN001
    assert view.screen_config(refresh=raw).refresh == expected


@pytest.mark.parametrize(("raw", "expected"), [
    (None, view.PANELS),
    ("", view.PANELS),
    ("ringkasan,anggota,rekomendasi,peringkat", view.PANELS),
    ("peringkat,ringkasan", ("peringkat", "ringkasan")),
    (" Anggota , PERINGKAT,anggota,foo", ("anggota", "peringkat")),
    ("foo,bar", view.PANELS),
    (["anggota", "rekomendasi"], ("anggota", "rekomendasi")),
])
def test_panels_are_known_names_in_the_order_given(raw, expected):  # noqa: ANN001
    assert view.screen_config(panels=raw).panels == expected


def test_an_empty_database_gives_a_calm_screen(engine):  # noqa: ANN001
    d = view.layar_data(engine, IN_2023)
    json.dumps(d)  # plain values only
    assert d["ringkasan"]["members"] == 0 and d["ringkasan"]["latest"] is None
    assert d["anggota"]["top"] == [] and d["peringkat"]["evaluations"] == []
    assert d["rekomendasi"]["total"] == 0


def test_the_screen_shows_the_read_models_figures(engine, settings):  # noqa: ANN001
    assert load_file(engine, settings, messy_recap(), "rekap.xlsx", "sekretariat").ok
    d = view.layar_data(engine, IN_2023, dt.datetime(2023, 5, 13, 6, 5, tzinfo=dt.UTC))

    assert d["updated_text"] == "Diperbarui 13 Mei 2023 14.05 WITA"
    assert d["period"]["text"] == "Tahun ini: 1 Januari 2023 s.d. 31 Desember 2023"
    r = d["ringkasan"]
    assert (r["members"], r["internal_members"], r["external_members"]) == (4, 2, 2)  # ANG-05 is Nonaktif
    assert r["standings"] == {"Berkontribusi": 2, "Hadir Saja": 1, "Belum Berkontribusi": 1, "Belum Diundang": 0}
    assert r["latest"] == {"label": "2023", "rank": 40, "field_size": 100}
    assert (r["done"], r["counted"]) == (1, 3)

    a = d["anggota"]
    assert [m["name"] for m in a["top"]] == ["Budi Santoso", "Siti Aminah", "Rahmat Hidayat", "Dewi Lestari"]
    assert set(a["top"][0]) == set(view.PUBLIC_MEMBER_FIELDS)
    assert [m["name"] for m in a["appreciation"]["shown"]] == ["Budi Santoso", "Siti Aminah"]
    assert [m["name"] for m in a["correction"]["shown"]] == ["Dewi Lestari"]

    k = d["rekomendasi"]
    assert k["status_counts"] == {"Sesuai": 1, "Belum Sesuai": 1, "Belum Ditindaklanjuti": 1,
                                  "Tidak Dapat Ditindaklanjuti": 1}
    assert k["overdue"] == 1 and k["completion"] == pytest.approx(1 / 3, abs=1e-4)
    assert [(g["name"], g["total"]) for g in k["by_evaluation"]] == [("Evaluasi 2022", 2),
                                                                     ("Evaluasi 2023 Tahap I", 2)]
    assert [(e["label"], e["rank"]) for e in d["peringkat"]["evaluations"]] == [("2022", 45), ("2023", 40)]


def test_long_lists_are_cut_and_counted(engine, settings):  # noqa: ANN001
    rows = [["Kode Anggota", "Nama", "Instansi", "Unsur"]]
    rows += [[f"M-{i:02}", f"Anggota {i:02}", "Diskominfo", "OPD"] for i in range(15)]
    # invited and absent: Belum Berkontribusi (never invited they would be Belum Diundang, not listed)
    sheets = {"Anggota": rows, "Kegiatan": [["Kode Kegiatan", "Tanggal", "Nama Kegiatan"], ["K1", "10/3/2023", "Rapat"]],
              "Kehadiran": [["Kode Anggota", "K1"]] + [[f"M-{i:02}", "T"] for i in range(15)]}
    assert load_file(engine, settings, workbook(sheets), "anggota.xlsx", "sekretariat").ok
    a = view.layar_data(engine, IN_2023)["anggota"]
    assert len(a["top"]) == view.TOP_N
    assert len(a["correction"]["shown"]) == view.LIST_MAX and a["correction"]["more"] == 15 - view.LIST_MAX
    assert a["correction"]["total"] == 15


def test_members_never_invited_are_counted_apart_and_never_listed_for_correction(engine, settings):  # noqa: ANN001
    assert load_file(engine, settings, messy_recap(), "rekap.xlsx", "sekretariat").ok
    newcomers = [["Kode Anggota", "Nama", "Instansi", "Unsur"], ["ANG-90", "Nadia Baru", "Diskominfo", "OPD"],
                 ["ANG-91", "Yusuf Baru", "Dinas Pariwisata", "OPD"]]
    assert load_file(engine, settings, workbook({"Anggota": newcomers}), "anggota.xlsx", "sekretariat").ok
    d = view.layar_data(engine, IN_2023)
    assert d["ringkasan"]["standings"] == {"Berkontribusi": 2, "Hadir Saja": 1, "Belum Berkontribusi": 1,
                                           "Belum Diundang": 2}
    assert [m["name"] for m in d["anggota"]["correction"]["shown"]] == ["Dewi Lestari"]
    assert d["anggota"]["correction"]["total"] == 1


def test_contact_data_never_reaches_the_screen(engine, settings):  # noqa: ANN001
    assert load_file(engine, settings, messy_recap(), "rekap.xlsx", "sekretariat").ok
    assert load_file(engine, settings, CONTACTS, "kontak.xlsx", "sekretariat").ok
    with Session(engine) as s:  # the contacts are stored (so this test can fail)...
        assert set(s.scalars(select(Member.phone))) >= {PHONE, "0813-5555-0199"}
        assert "rina.rahasia@example.go.id" in set(s.scalars(select(Member.email)))
    data = json.dumps(view.layar_data(engine, IN_2023), ensure_ascii=False)
    assert "Rina Wulandari" in data and "Budi Santoso" in data  # the members are there...
    for value in CONTACT_VALUES:  # ...never their contacts
        assert value not in data

    app = create_app(settings)
    with app.server.test_request_context("/layar"):
        page = next(p for p in dash.page_registry.values() if p["path"] == "/layar")
        rendered = json.dumps(page["layout"](), cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)
    assert "Budi Santoso" in rendered
    for value in CONTACT_VALUES:
        assert value not in rendered


def test_commit_and_undo_change_the_version_the_screen_refreshes_on(engine, settings):  # noqa: ANN001
    empty = view.layar_data(engine, IN_2023)
    report = load_file(engine, settings, messy_recap(), "rekap.xlsx", "sekretariat")
    loaded = view.layar_data(engine, IN_2023)
    assert loaded["version"] != empty["version"] and loaded["ringkasan"]["members"] == 4  # no cache clearing
    undo_upload(engine, report.upload_id, "sekretariat")
    undone = view.layar_data(engine, IN_2023)
    assert undone["version"] not in (empty["version"], loaded["version"])
    assert undone["ringkasan"]["members"] == 0
    assert view.layar_data(engine, IN_2023 + dt.timedelta(days=1))["version"] != undone["version"]  # a new day


def _components(node):  # noqa: ANN001, ANN202
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _components(child)


def test_every_selected_panel_is_rendered_once_with_hooks_for_tests(settings, engine, app, client_as):  # noqa: ANN001
    load_file(engine, settings, messy_recap(), "rekap.xlsx", "sekretariat")
    client = client_as("pimpinan")
    for url in ("/layar", "/layar?rotate=5", "/layar?rotate=abc&refresh=-1&panels=zzz"):
        assert client.get(url).status_code == 200
    with app.server.test_request_context("/layar"):
        page = next(p for p in dash.page_registry.values() if p["path"] == "/layar")
        root = page["layout"](rotate="1", refresh="100000", panels="peringkat,anggota")
    nodes = list(_components(root))
    by_id = {n.id: n for n in nodes if isinstance(getattr(n, "id", None), str)}

    assert "layar" in root.className.split()
    panels = [n for n in nodes if "data-panel" in n.to_plotly_json()["props"]]
    assert [p.to_plotly_json()["props"]["data-panel"] for p in panels] == ["peringkat", "anggota"]
    assert ["is-active" in p.className for p in panels] == [True, False]
    assert by_id["layar-active-panel"].children == "Peringkat"  # the panel's label, as the dots say it
    assert by_id["layar-updated"].children.startswith("Diperbarui ") and by_id["layar-updated"].children.endswith(
        " WITA")
    assert by_id["layar-rotate"].interval == view.ROTATE_MIN * 1000
    assert by_id["layar-refresh"].interval == view.REFRESH_MAX * 1000
    assert by_id["layar-config"].data == {"panels": ["peringkat", "anggota"],
                                          "labels": {"peringkat": "Peringkat", "anggota": "Anggota"}}


# --- The refresh callback as the browser calls it (bench/soak.py sends the same bodies) ---------------------


def _post(client, body: dict) -> dict:  # noqa: ANN001
    answer = client.post("/_dash-update-component", json=body)
    assert answer.status_code == 200, answer.data[:300]
    return answer.get_json()["response"]


def test_the_refresh_answers_new_panels_once_per_version_and_the_same_json_as_the_components(engine, settings):  # noqa: ANN001
    import sys

    from bench.soak import page_body, refresh_body, refresh_outputs
    from dashboard import cache

    from dashboard import kiosk

    app = create_app(settings)
    layar = sys.modules[next(p for p in dash.page_registry.values() if p["path"] == "/layar")["module"]]
    client = app.server.test_client()  # a meeting-room screen: a kiosk session, no account
    _, token = kiosk.create(engine, "Ruang Rapat", "pytest")
    assert client.get(kiosk.path_for(token)).status_code == 200
    outputs, version = refresh_outputs(_post(client, page_body()))
    assert len(outputs[0]) == 30 and len(outputs[1]) == 1  # a slot per figure (four standings; readiness and its note)

    same = _post(client, refresh_body(outputs, 1, version))
    assert set(same) == {"layar-updated", "layar-version"}  # nothing changed: no panels re-sent
    assert same["layar-version"]["data"] == version

    assert load_file(engine, settings, messy_recap(), "rekap.xlsx", "sekretariat").ok
    fresh = _post(client, refresh_body(outputs, 2, version))
    new_version = fresh["layar-version"]["data"]
    assert new_version != version
    members = json.dumps(fresh['{"key":"ringkasan.members","type":"layar-slot"}'])
    assert '"4"' in members  # the new figures...
    with app.server.test_request_context("/layar"):  # ...exactly as the components themselves serialize
        data = view.layar_data(engine)
        expected = json.loads(json.dumps({**layar._slots(data), **layar._figures(data)},
                                         cls=plotly.utils.PlotlyJSONEncoder))
    for output in outputs[0] + outputs[1]:
        key = json.dumps(output["id"], separators=(",", ":"), sort_keys=True)
        assert fresh[key][output["property"]] == expected[output["id"]["key"]]

    # While another thread of the worker builds the panels of a new version, a screen keeps its own (no waiting).
    assert undo_upload(engine, 1, "sekretariat")
    panels_key = ("layar.panels", str(engine.url), *view.version_key(engine), "id")  # + language
    building = threading.Event()

    def built() -> None:  # the other thread finishes (after 5 s at the latest, so a refresh that waits fails)
        with cache._lock:
            cache._computing.pop(panels_key, None)
        building.set()

    with cache._lock:
        cache._computing[panels_key] = building
    finisher = threading.Timer(5, built)
    finisher.start()
    try:
        held = _post(client, refresh_body(outputs, 3, new_version))
    finally:
        finisher.cancel()
        built()
    assert set(held) == {"layar-updated", "layar-version"} and held["layar-version"]["data"] == new_version
    after = _post(client, refresh_body(outputs, 4, new_version))
    assert after["layar-version"]["data"] not in (version, new_version)
    assert '"0"' in json.dumps(after['{"key":"ringkasan.members","type":"layar-slot"}'])


def test_one_computation_per_key_at_a_time():
    from dashboard.cache import cached_value

    calls, release = [], threading.Event()

    def slow():  # noqa: ANN202
        calls.append(1)
        release.wait(5)
        return "nilai"

    key = ("test", object())
    results = []
    threads = [threading.Thread(target=lambda: results.append(cached_value(key, slow))) for _ in range(6)]
    for t in threads:
        t.start()
    while not calls:
        time.sleep(0.01)
    assert cached_value(key, slow, busy="sibuk") == "sibuk"  # a caller that cannot wait is told at once
    release.set()
    for t in threads:
        t.join(5)
    assert results == ["nilai"] * 6 and len(calls) == 1
    assert cached_value(key, lambda: "lain") == "nilai"
