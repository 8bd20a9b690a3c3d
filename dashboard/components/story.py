"""The story card on Ringkasan: the city's rank trend in words, the members to thank and to coach by name (each
linking to its detail), and what changed since last week. Its data: dashboard/views/story.py."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from core import i18n
from core import reference as ref
from dashboard.views.period import href

T = i18n.CERITA


def _member_links(members: list[dict], total: int, link_args: dict, standing: str) -> list:
    """Names, each linking to its detail on /anggota, joined as a sentence; "dan N lainnya" links to the list."""
    parts: list = []
    links = [dcc.Link(m["name"], href=href("/anggota", **link_args, member=m["member_id"]),
                      className="fw-semibold") for m in members]
    rest = total - len(members)
    if rest > 0:
        links.append(dcc.Link(T["others"].format(n=i18n.format_number(rest)),
                              href=href("/anggota", **link_args, standing=standing)))
    for i, link in enumerate(links):
        if i:
            parts.append(T["and"] if i == len(links) - 1 else ", ")
        parts.append(link)
    return parts


def _week_sentence(w: dict | None) -> list:
    if w is None:
        return [T["week_pending"]]
    parts = [T["week_intro"].format(end=i18n.format_date(w["week_end"]), before=i18n.format_date(w["previous_end"]))]
    clauses = []
    if w["new_count"]:
        clauses.append(T["week_new"].format(n=i18n.format_number(w["new_count"]),
                                            names=", ".join(m["name"] for m in w["new_contributors"])))
    if w["fell_count"]:
        clauses.append(T["week_fell"].format(n=i18n.format_number(w["fell_count"]),
                                             names=", ".join(m["name"] for m in w["fell"])))
    if w["up"] or w["down"]:
        clauses.append(T["week_moves"].format(up=i18n.format_number(w["up"]), down=i18n.format_number(w["down"])))
    if w["status_changes"]:
        clauses.append(T["week_status"].format(n=i18n.format_number(w["status_changes"])))
    if w["completion"] is not None and w["previous_completion"] is not None \
            and w["completion"] != w["previous_completion"]:
        clauses.append(T["week_completion"].format(before=i18n.format_percent(w["previous_completion"]),
                                                   now=i18n.format_percent(w["completion"])))
    parts.append("; ".join(clauses) + "." if clauses else T["week_nothing"])
    return parts


def story_card(data: dict, link_args: dict) -> dbc.Card:
    items = []
    if data["rank"]:
        items.append(html.Li([data["rank"]["sentence"], " ", dcc.Link(T["rank_link"], href="/peringkat")],
                             id="ringkasan-story-rank"))
    thank = [T["thank"], *_member_links(data["thank"], data["thank_count"], link_args, ref.CONTRIBUTING), "."] \
        if data["thank"] else [T["thank_none"]]
    items.append(html.Li(thank, id="ringkasan-story-thank"))
    coach = [T["coach"], *_member_links(data["coach"], data["coach_count"], link_args, ref.NOT_CONTRIBUTING), "."] \
        if data["coach"] else [T["coach_none"]]
    items.append(html.Li(coach, id="ringkasan-story-coach"))
    items.append(html.Li(_week_sentence(data["week"]), id="ringkasan-story-week"))
    return dbc.Card([dbc.CardHeader(T["title"], className="fw-semibold"),
                     dbc.CardBody(html.Ul(items, className="story-list mb-0 ps-3"))],
                    className="shadow-sm mb-3", id="ringkasan-story")
