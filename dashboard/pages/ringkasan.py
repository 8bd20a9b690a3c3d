"""`/` Ringkasan: the headline figures for the mayor (placeholder until the dashboard issue lands)."""
import dash
import dash_bootstrap_components as dbc
from dash import html
from flask import current_app
from sqlalchemy.orm import Session

from dashboard import i18n
from dashboard.queries import latest_evaluation, member_scores, recommendation_summary

dash.register_page(__name__, path="/", name="Ringkasan", order=0)


def layout(**_query) -> html.Div:
    engine = current_app.extensions["pokja.engine"]
    with Session(engine) as s:
        scores = member_scores(s)
        recs = recommendation_summary(s)
        ev = latest_evaluation(s)
    if not scores and not recs["items"]:
        return dbc.Alert("Belum ada data. Unggah rekap Anggota, Kegiatan, Kehadiran dan Kontribusi.", color="info")
    contributing = sum(1 for r in scores if r["standing"] == "Berkontribusi")
    cards = [
        ("Anggota aktif", i18n.format_number(len(scores))),
        ("Berkontribusi", i18n.format_number(contributing)),
        ("Penyelesaian rekomendasi", i18n.format_percent(recs["completion"])),
        ("Peringkat terakhir", f"{ev['rank']} dari {ev['field_size']}" if ev else "-"),
    ]
    return dbc.Row([dbc.Col(dbc.Card(dbc.CardBody([html.Div(label, className="text-muted"),
                                                   html.H2(value, className="kpi")])), md=3)
                    for label, value in cards])
