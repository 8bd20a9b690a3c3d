"""The story on Ringkasan in words (dashboard/components/story.py): the city's rank trend, the members to thank
and to coach by name, and what changed since last week; /peringkat says the rank trend the same way."""
from __future__ import annotations

import dash
from sqlalchemy.orm import Session

from core import i18n
from core import reference as ref
from dashboard.snapshots import changes, stored_week, take_snapshot
from dashboard.views import ringkasan as ringkasan_view
from loaders.ingest import DEMO_USER, load_file
from tests.test_pages import components, page, render
from tests.test_snapshot_trends import set_status
from tests.workbooks import workbook

YEAR = ("kustom", "2025-11-24", "2026-11-20")  # the demo's whole year, whatever today is
YEAR_ARGS = "period=kustom&start=2025-11-24&end=2026-11-20"
RANK = ("Kota Balikpapan naik 12 peringkat sejak 2021: dari peringkat 52 ke peringkat 40 dari 100 daerah pada "
        "evaluasi 2023.")


def words(node) -> str:  # noqa: ANN001
    """The text a component shows, as the browser would join it."""
    if node is None:
        return ""
    if isinstance(node, (str, int, float)):
        return str(node)
    if isinstance(node, (list, tuple)):
        return "".join(words(n) for n in node)
    return words(getattr(node, "children", None))


def by_id(tree, wanted: str):  # noqa: ANN001, ANN201
    return next(c for c in components(tree) if getattr(c, "id", None) == wanted)


def story(demo, *period: str):  # noqa: ANN001, ANN201
    ringkasan = page("ringkasan")
    return dash.html.Div(ringkasan.summary_content(ringkasan_view.summary_figures(demo, *period)))


def test_the_story_says_the_rank_trend_and_names_whom_to_thank_and_coach(demo, app):  # noqa: ANN001
    tree = story(demo, *YEAR)
    assert words(by_id(tree, "ringkasan-story-rank")) == RANK + " Lihat tren peringkat"
    thank = by_id(tree, "ringkasan-story-thank")
    assert words(thank) == ("Terima kasih kepada Maya Sekarwangi, Rizal Hamdani, Nurhayati Kusumastuti dan "
                            "30 lainnya.")
    links = {words(c): c.href for c in components(thank) if type(c).__name__ == "Link"}
    assert links == {"Maya Sekarwangi": f"/anggota?{YEAR_ARGS}&member=4",
                     "Rizal Hamdani": f"/anggota?{YEAR_ARGS}&member=3",
                     "Nurhayati Kusumastuti": f"/anggota?{YEAR_ARGS}&member=2",
                     "30 lainnya": f"/anggota?{YEAR_ARGS}&standing=Berkontribusi"}
    # Belum Berkontribusi by rank first (8 of them), then Hadir Saja (16); the 5 Belum Diundang never
    coach = by_id(tree, "ringkasan-story-coach")
    assert words(coach) == "Perlu dibina: Agung Permana, Darmawan Sitepu, Indra Wijaya Kusuma dan 21 lainnya."
    assert {c.href for c in components(coach) if type(c).__name__ == "Link"} >= {
        f"/anggota?{YEAR_ARGS}&member=30", f"/anggota?{YEAR_ARGS}&standing=Belum+Berkontribusi"}
    # no weekly snapshots yet
    assert words(by_id(tree, "ringkasan-story-week")) == i18n.CERITA["week_pending"]


def test_members_never_invited_are_never_named_for_coaching(demo, app):  # noqa: ANN001
    quiet = ("kustom", "2026-11-22", "2026-11-22")  # a Sunday after the demo's last record: nobody invited
    figures = ringkasan_view.summary_figures(demo, *quiet)
    assert figures["participation"]["standings"][ref.NOT_YET_INVITED] == figures["participation"]["members"] > 0
    tree = story(demo, *quiet)
    assert words(by_id(tree, "ringkasan-story-coach")) == "Tidak ada anggota yang perlu dibina pada periode ini."
    assert words(by_id(tree, "ringkasan-story-thank")) == "Belum ada anggota yang berkontribusi pada periode ini."


CONTRIBUTION_HEAD = ["Kode Kontribusi", "Tanggal", "Kode Anggota", "Jenis Kontribusi", "Uraian", "Verifikasi"]


def test_the_story_says_what_changed_since_last_week(demo, settings, app):  # noqa: ANN001
    take_snapshot(demo, "2026-W45", "t")
    set_status(demo, settings, ["2022-08", "Evaluasi 2022", "Strategi branding kota", "Sesuai"])
    # two members who only attended so far contribute in W46
    report = load_file(demo, settings, workbook({"Kontribusi": [CONTRIBUTION_HEAD, *[
        [f"KON-9{i}", "10/11/2026", code, "Data Dukung", "Data dukung evaluasi", "Terverifikasi"]
        for i, code in enumerate(("ANG-025", "ANG-022"))]]}), "k.xlsx", DEMO_USER)  # more demo data: a real
    # upload would never attach to demo members (tests/test_demo_apart.py)
    assert report.ok, report.as_dict()["errors"][:3]
    take_snapshot(demo, "2026-W46", "t")
    with Session(demo) as s:  # the Python comparison of the weekly export says the same
        ch = changes(stored_week(s, "2026-W46"), stored_week(s, "2026-W45"))
    assert sorted(m["name"] for m in ch["new_contributors"]) == ["Rahmadi Noor", "Rosdiana Pakpahan"]
    up = sum(m["change"] > 0 for m in ch["moves"])
    down = sum(m["change"] < 0 for m in ch["moves"])
    assert (len(ch["fell"]), len(ch["status_changes"])) == (0, 1)
    week = by_id(story(demo, *YEAR), "ringkasan-story-week")
    assert words(week) == ("Pekan yang berakhir 15 November 2026 dibanding pekan yang berakhir 8 November 2026: "
                           "2 anggota mulai berkontribusi (Rahmadi Noor, Rosdiana Pakpahan); "
                           f"{up} anggota naik peringkat, {down} turun; 1 rekomendasi berubah status; "
                           "penyelesaian rekomendasi dari 33,3% ke 38,9%.")
    assert (up, down) == (8, 8)


def test_peringkat_says_the_rank_trend_as_ringkasan_does(demo, app):  # noqa: ANN001
    assert words(by_id(render(app, "peringkat"), "peringkat-story")) == RANK
    assert words(by_id(render(app, "peringkat"), "peringkat-change")).startswith(
        "Dibanding evaluasi sebelumnyanaik 5 peringkat")
