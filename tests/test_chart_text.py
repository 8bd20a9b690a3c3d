"""Names typed by users (organizations, sectors, PICs, dimensions, evaluation stages, members) reach Plotly as text,
never as markup: Plotly renders a subset of HTML (`<a href>`, `<b>`, `<br>`...) in tick labels, bar texts, legends
and hover labels, so an organization named `<a href=...>` would otherwise become a link on the mayor's screen."""
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
    groups = [{"name": EVIL, "status_counts": {s: 1 for s in rekomendasi.q.STATUSES}}]
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


@pytest.fixture(scope="module")
def chromium():  # noqa: ANN201
    from tests.e2e.conftest import CHROMIUM_FLAGS, chromium_path

    path = chromium_path()
    if path is None:
        pytest.skip("no chromium on this machine")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def test_no_link_appears_in_the_drawn_charts(app, chromium, tmp_path) -> None:  # noqa: ANN001
    """Each figure drawn by the real plotly.js in headless Chromium, every trace's first point hovered: no <a>
    anywhere in the plot, and the hostile name is shown as the literal text it is."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    js = tmp_path / "plotly.min.js"
    js.write_text(_plotly_js())
    try:
        for name, fig in figures(app).items():
            html_path = tmp_path / f"{name}.html"
            html_path.write_text(
                '<!doctype html><html><head><meta charset="utf-8"><script src="plotly.min.js"></script></head>'
                f'<body><div id="g" style="width:1200px;height:700px"></div><script>'
                f'Plotly.newPlot("g", {json.dumps(_plain(fig))}.data, {json.dumps(_plain(fig))}.layout, '
                '{displayModeBar: false});'
                "</script></body></html>", "utf-8")
            pg.goto(html_path.as_uri())
            pg.wait_for_selector("#g .main-svg")
            found = pg.evaluate("""() => {
                const gd = document.getElementById('g');
                const out = {links: [], hovered: 0};
                gd.data.forEach((trace, i) => {
                    if (!trace.x || !trace.x.length) return;
                    Plotly.Fx.hover(gd, [{curveNumber: i, pointNumber: 0}]);
                    out.hovered += document.querySelectorAll('#g .hoverlayer .hovertext').length;
                    document.querySelectorAll('#g a').forEach(a => out.links.push(a.outerHTML));
                });
                document.querySelectorAll('#g a').forEach(a => out.links.push(a.outerHTML));
                out.text = gd.innerText || gd.textContent;
                return out;
            }""")
            assert found["links"] == [], f"{name}: {found['links'][:3]}"
            assert f'<a href="{EVIL_URL}">' in found["text"], f"{name}: the name is not shown as text"
            assert found["hovered"] > 0, f"{name}: no hover label drawn"
            if name == "peringkat.dimension":  # in the legend, as typed: no placeholder filled, no bold
                assert EVIL_PCT in found["text"], found["text"]
    finally:
        context.close()


def _plotly_js() -> str:
    from importlib.resources import files

    return (files("plotly") / "package_data" / "plotly.min.js").read_text("utf-8")
