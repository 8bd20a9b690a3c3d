"""The story in words: the city's rank trend (Ringkasan and /peringkat say it the same way), the members to thank
and to coach by name, and what changed since last week (from the weekly snapshots)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from sqlalchemy.engine import Engine

from core import i18n
from core import reference as ref
from dashboard import queries as q
from dashboard.cache import cached_query, cached_snapshot_query
from dashboard.components.period import href, resolve_period

T = i18n.CERITA
NAMES = 3  # members named in each sentence; the rest are counted


# --- The city's rank trend -------------------------------------------------------------------------------------


def change_words(moved: int) -> str:
    """A rank change in words: positive moved up ("naik 5 peringkat"), negative down, zero "tetap"."""
    if moved > 0:
        return T["rank_up"].format(n=i18n.format_number(moved))
    if moved < 0:
        return T["rank_down"].format(n=i18n.format_number(-moved))
    return T["rank_same"]


def rank_trend(evaluations: list[dict]) -> dict | None:
    """From the first ranked evaluation to the latest (oldest first, as q.evaluations gives them): how far the
    city moved and the sentence saying so; None without a ranked evaluation."""
    ranked = [e for e in evaluations if e["rank"] is not None]
    if not ranked:
        return None
    first, latest = ranked[0], ranked[-1]
    field = T["of_field"].format(field=i18n.format_number(latest["field_size"])) if latest["field_size"] else ""
    if first is latest:
        return {"moved": 0, "first": first, "latest": latest,
                "sentence": T["rank_single"].format(label=latest["label"], rank=latest["rank"], of_field=field)}
    moved = first["rank"] - latest["rank"]
    sentence = T["rank_since"].format(change=change_words(moved), since=first["label"], before=first["rank"],
                                      now=latest["rank"], of_field=field, label=latest["label"])
    return {"moved": moved, "first": first, "latest": latest, "sentence": sentence}


# --- The story card on Ringkasan ---------------------------------------------------------------------------------


def story_data(engine: Engine, period: str, start: object, end: object) -> dict:
    """Everything the card says for a period: the rank trend, the first NAMES members to thank (Berkontribusi,
    best first) and to coach (Belum Berkontribusi by rank, then Hadir Saja lowest score first; never Belum
    Diundang), with how many there are, and the week's changes."""
    first, last = resolve_period(period, start, end)
    board = cached_query(q.participation_summary)(engine, first, last)["standings"]

    def names(standing: str, sort: tuple, limit: int) -> list[dict]:
        if limit <= 0:
            return []
        rows = cached_query(_rows)(engine, first, last, standing, sort, limit)
        return [{"member_id": r["member_id"], "name": r["name"]} for r in rows]

    coach = names(ref.NOT_CONTRIBUTING, (), NAMES)
    coach += names(ref.ATTENDS_ONLY, (("score", False), ("name", False)), NAMES - len(coach))
    return {
        "rank": rank_trend(cached_query(q.evaluations)(engine)),
        "thank": names(ref.CONTRIBUTING, (), NAMES), "thank_count": board[ref.CONTRIBUTING],
        "coach": coach, "coach_count": sum(board[s] for s in ref.CORRECTION_STANDINGS),
        "week": cached_snapshot_query(q.snapshot_week_changes)(engine),
    }


def _rows(session, first, last, standing: str, sort: tuple, limit: int) -> list[dict]:  # noqa: ANN001
    return q.leaderboard_page(session, first, last, standings=(standing,), sort=sort, limit=limit)


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
