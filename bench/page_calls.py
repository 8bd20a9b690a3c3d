"""The data callbacks of every page, as plain calls the page benchmark can time (one list, kept beside it)."""
from __future__ import annotations

import sys

from dashboard import queries as q


def _page(name: str):  # noqa: ANN202
    """A page module as the app loaded it (Dash imports pages itself; importing again would register twice)."""
    return next(m for key, m in sys.modules.items() if key.endswith(f"pages.{name}") and hasattr(m, "layout"))


def page_calls(app, engine) -> list[tuple[str, callable]]:  # noqa: ANN001
    ringkasan, anggota, rekomendasi, peringkat = (_page(n) for n in ("ringkasan", "anggota", "rekomendasi",
                                                                    "peringkat"))
    from dashboard.big_screen import layar_data
    from dashboard.upload_flow import history
    from dashboard.views import ringkasan as ringkasan_view

    no_filter = {name: None for name in anggota.FILTERS}
    sector = {**no_filter, "sector": "Akademisi"}
    first_block = {"startRow": 0, "endRow": anggota.GRID_BLOCK, "sortModel": []}
    by_change = {**first_block, "sortModel": [{"colId": "change", "sort": "desc"}]}
    return [
        ("/ Ringkasan (tahun ini)", lambda: ringkasan_view.summary_figures(engine, "tahun")),
        ("/ Ringkasan (minggu ini)", lambda: ringkasan_view.summary_figures(engine, "minggu")),
        ("/anggota leaderboard (tahun ini)", lambda: anggota.leaderboard_view(engine, "tahun", None, None, no_filter)),
        ("/anggota grid rows (tahun ini, first block)",
         lambda: anggota.leaderboard_block(engine, "tahun", None, None, no_filter, first_block)),
        ("/anggota grid rows (sorted by change)",
         lambda: anggota.leaderboard_block(engine, "tahun", None, None, no_filter, by_change)),
        ("/anggota leaderboard (Akademisi, triwulan)",
         lambda: anggota.leaderboard_view(engine, "triwulan", None, None, sector)),
        ("/anggota grid rows (Akademisi, triwulan)",
         lambda: anggota.leaderboard_block(engine, "triwulan", None, None, sector, first_block)),
        ("/anggota member detail", lambda: anggota.member_detail_data(engine, 1, *q.period_bounds("tahun"))),
        ("/rekomendasi", lambda: rekomendasi.recommendation_data(engine)),
        ("/peringkat", lambda: peringkat.ranking_data(engine)),
        ("/layar refresh", lambda: layar_data(engine)),
        ("/unggah history", lambda: history(engine)),
    ]
