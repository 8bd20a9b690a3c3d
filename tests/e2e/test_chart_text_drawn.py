"""User text in the charts, drawn by the real plotly.js in headless Chromium: no <a> anywhere in a plot, the
hostile names shown as the literal text they are (the figures: tests/test_chart_text.py)."""
from __future__ import annotations

import json

import pytest

from tests.test_chart_text import EVIL_PCT, EVIL_URL, _plain, figures, plotly_js

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # charts, not the database


def test_no_link_appears_in_the_drawn_charts(app, browser, tmp_path) -> None:  # noqa: ANN001
    """Each figure drawn by the real plotly.js in headless Chromium, every trace's first point hovered: no <a>
    anywhere in the plot, and the hostile name is shown as the literal text it is."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    js = tmp_path / "plotly.min.js"
    js.write_text(plotly_js())
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
