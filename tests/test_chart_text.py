"""Names typed by users (organizations, sectors, PICs, dimensions, evaluation stages, members) reach Plotly as text,
never as markup: Plotly renders a subset of HTML (`<a href>`, `<b>`, `<br>`...) in tick labels, bar texts, legends
and hover labels, so an organization named `<a href=...>` would otherwise become a link on the mayor's screen.
The same figures drawn by plotly.js in Chromium: tests/e2e/test_chart_text_drawn.py."""
from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go
import pytest
from plotly.utils import PlotlyJSONEncoder

from tests.test_pages import page

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # charts, not the database

EVIL_URL = "https://evil.example/login"
EVIL = f'<a href="{EVIL_URL}">Klik di sini</a>'
EVIL_PCT = "Dimensi %{y} <b>tebal</b>"  # a hovertemplate placeholder inside a name must stay literal too


def _rows_for_breakdown() -> list[dict]:
    return [{"name": EVIL, "avg_score": 12.5, "members": 3, "contributing": 1, "attendance_rate": 0.5},
            {"name": "Diskominfo", "avg_score": 8.0, "members": 2, "contributing": 2, "attendance_rate": 0.9}]


def _evaluations() -> list[dict]:
    return [{"year": 2024, "stage": EVIL, "label": f"2024 Tahap {EVIL}", "rank": 40, "field_size": 100,
             "score": 3.1, "dimensions": {EVIL: 3.0, EVIL_PCT: 2.5}},
            {"year": 2025, "stage": "Final", "label": "2025", "rank": 35, "field_size": 100, "score": 3.4,
             "dimensions": {EVIL: 3.2, EVIL_PCT: 2.7}}]


def _trend() -> list[dict]:
    return [{"week": w, "week_end": dt.date(2026, 11, 1), "member_id": 1, "name": EVIL, "ytd_rank": r,
             "ytd_score": 10.0} for w, r in (("2026-W44", 3), ("2026-W45", 2))]


def figures(app) -> dict[str, object]:  # noqa: ANN001
    """Every chart of the pages whose labels carry user text, built with hostile names."""
    anggota, rekomendasi, peringkat, layar = (page(n) for n in ("anggota", "rekomendasi", "peringkat", "layar"))
    evals = _evaluations()
    groups = [{"name": EVIL, "status_counts": {s: 1 for s in rekomendasi.STATUSES}}]
    layar_evals = [{"label": e["label"], "rank": e["rank"], "field_size": e["field_size"]} for e in evals]
    return {
        "anggota.breakdown": anggota._breakdown_figure(_rows_for_breakdown()),
        "rekomendasi.status": rekomendasi.status_figure(groups),
        "peringkat.rank": peringkat.rank_figure(evals),
        "peringkat.score": peringkat.score_figure(evals),
        "peringkat.dimension": peringkat.dimension_figure(evals),
        "peringkat.members": peringkat.member_rank_figure(_trend()),
        "layar.rank": layar._rank_figure(layar_evals),
    }


def _plain(fig) -> dict:  # noqa: ANN001
    fig = fig.to_plotly_json() if isinstance(fig, go.Figure) else fig
    return json.loads(json.dumps(fig, cls=PlotlyJSONEncoder))


def _strings(node: object, path: str = ""):  # noqa: ANN201
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            if k != "template":
                yield from _strings(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, f"{path}[{i}]")


def test_user_text_reaches_plotly_escaped(app) -> None:  # noqa: ANN001
    for name, fig in figures(app).items():
        strings = list(_strings(_plain(fig)))
        leaks = [(p, s) for p, s in strings if "<a" in s or "<b>tebal" in s
                 or (p.endswith("hovertemplate") and ("Dimensi" in s or "Klik" in s))]
        assert not leaks, f"{name}: {leaks}"
        assert any("&lt;a href" in s for _, s in strings), f"{name}: the hostile name vanished instead of showing"


def test_escaped_names_keep_their_categories_apart(app) -> None:  # noqa: ANN001
    """The escaped text is still the text: one bar per name, in the given order."""
    fig = figures(app)["anggota.breakdown"]
    assert list(fig.data[0].y) == ['&lt;a href="https://evil.example/login"&gt;Klik di sini&lt;/a&gt;', "Diskominfo"]


def plotly_js() -> str:
    from importlib.resources import files

    return (files("plotly") / "package_data" / "plotly.min.js").read_text("utf-8")
