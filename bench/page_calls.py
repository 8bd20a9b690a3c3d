"""The data callbacks of every page, as plain calls the page benchmark can time (one list, kept beside it).

A page's callback, or the layout of a page that has none, is timed whole (the view model and the drawing of it,
as the browser waits for it); the big screen's refresh and the upload history through their view and flow."""
from __future__ import annotations

import sys



def _page(name: str):  # noqa: ANN202
    """A page module as the app loaded it (Dash imports pages itself; importing again would register twice)."""
    return next(m for key, m in sys.modules.items() if key.endswith(f"pages.{name}") and hasattr(m, "layout"))


def page_calls(app, engine) -> list[tuple[str, callable]]:  # noqa: ANN001
    ringkasan, anggota, rekomendasi, peringkat = (_page(n) for n in ("ringkasan", "anggota", "rekomendasi",
                                                                    "peringkat"))
    from dashboard.views.layar import layar_data
    from dashboard.upload_flow import history

    everyone = [None] * len(anggota.FILTERS)  # the filter selects' values, in the callbacks' order
    academia = [{"sector": "Akademisi"}.get(name) for name in anggota.FILTERS]
    first_block = {"startRow": 0, "endRow": anggota.GRID_BLOCK, "sortModel": []}
    by_change = {**first_block, "sortModel": [{"colId": "change", "sort": "desc"}]}
    return [
        ("/ Ringkasan (tahun ini)", lambda: ringkasan.update_summary("tahun", None, None)),
        ("/ Ringkasan (minggu ini)", lambda: ringkasan.update_summary("minggu", None, None)),
        ("/anggota leaderboard (tahun ini)", lambda: anggota.update_leaderboard("tahun", None, None, *everyone)),
        ("/anggota grid rows (tahun ini, first block)",
         lambda: anggota.load_grid_rows(first_block, "tahun", None, None, *everyone)),
        ("/anggota grid rows (sorted by change)",
         lambda: anggota.load_grid_rows(by_change, "tahun", None, None, *everyone)),
        ("/anggota leaderboard (Akademisi, triwulan)",
         lambda: anggota.update_leaderboard("triwulan", None, None, *academia)),
        ("/anggota grid rows (Akademisi, triwulan)",
         lambda: anggota.load_grid_rows(first_block, "triwulan", None, None, *academia)),
        ("/anggota member detail", lambda: anggota.member_modal(engine, 1, "tahun", None, None)),
        ("/rekomendasi (layout)", lambda: rekomendasi.layout()),
        ("/peringkat (layout)", lambda: peringkat.layout()),
        ("/layar refresh", lambda: layar_data(engine)),
        ("/unggah history", lambda: history(engine)),
    ]
