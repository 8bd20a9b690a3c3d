"""The big screen (`/layar`) as data: its URL settings, clamped, and its figures, read through the cached facade
(dashboard.queries.cached); and the page's rendering of them, built once per data version, day and language in
each process and shared by every screen.

Only public fields leave this module: a member is a name, an organization, a sector, a score and a standing.
Contact data (email, phone) is never selected into what the screen receives.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core import i18n, language
from core import reference as ref
from core.db import data_version
from core.settings import TIMEZONE
from dashboard.cache import cached_value, cached_view
from dashboard.queries import STATUSES, cached, counted, period_bounds, today_wita

PANELS = ("ringkasan", "anggota", "rekomendasi", "peringkat")
ROTATE_DEFAULT, ROTATE_MIN, ROTATE_MAX = 20, 5, 600  # seconds per panel
REFRESH_DEFAULT, REFRESH_MIN, REFRESH_MAX = 60, 10, 3600  # seconds between data refreshes
TOP_N = 10
LIST_MAX = 6  # names per appreciation/correction list; the rest are counted ("dan 12 lainnya")
PUBLIC_MEMBER_FIELDS = ("rank", "name", "organization", "sector", "score", "standing")


@dataclass(frozen=True)
class ScreenConfig:
    rotate: int
    refresh: int
    panels: tuple[str, ...]


def _first(raw: object) -> object:
    return raw[0] if isinstance(raw, (list, tuple)) and raw else raw


def clamp_seconds(raw: object, default: int, low: int, high: int) -> int:
    """A number of seconds from the URL, within [low, high]; the default when it is not a number."""
    try:
        value = float(str(_first(raw)).strip().replace(",", "."))
        seconds = int(value)
    except (TypeError, ValueError, OverflowError):  # absent, text, inf, nan
        return default
    return min(high, max(low, seconds))


def parse_panels(raw: object) -> tuple[str, ...]:
    """Known panel names in the order given, each once; every panel when none is known."""
    parts = raw if isinstance(raw, (list, tuple)) else [raw]
    names = [name.strip().casefold() for part in parts for name in str(part or "").split(",")]
    chosen = tuple(dict.fromkeys(name for name in names if name in PANELS))
    return chosen or PANELS


def screen_config(rotate: object = None, refresh: object = None, panels: object = None) -> ScreenConfig:
    """`/layar?rotate=20&refresh=60&panels=ringkasan,anggota` validated: defaults for what is missing or wrong."""
    return ScreenConfig(
        rotate=clamp_seconds(rotate, ROTATE_DEFAULT, ROTATE_MIN, ROTATE_MAX),
        refresh=clamp_seconds(refresh, REFRESH_DEFAULT, REFRESH_MIN, REFRESH_MAX),
        panels=parse_panels(panels),
    )


def _public(member: dict) -> dict:
    return {k: member[k] for k in PUBLIC_MEMBER_FIELDS}


def _names(members: list[dict], total: int) -> dict:
    shown = [{"name": m["name"], "organization": m["organization"]} for m in members[:LIST_MAX]]
    return {"shown": shown, "more": max(0, total - len(shown)), "total": total}


def _board(engine: Engine, start: dt.date, end: dt.date, standing: str | None, sort: tuple,
           limit: int) -> list[dict]:
    """The first ``limit`` rows of this year's board (of one standing), cut in the database."""
    return cached.leaderboard_page(engine, start, end, standings=(standing,) if standing else None, sort=sort,
                                   limit=limit)


def version_key(engine: Engine, today: dt.date | None = None) -> list:
    """What the screen's figures depend on: the stored data and the day (overdue and "this year" move with it);
    today in WITA unless given."""
    with Session(engine) as session:
        return [data_version(session), (today or today_wita()).isoformat()]


def updated(now: dt.datetime | None = None) -> dict:
    """When the screen last heard from the server: ``updated_at`` (ISO, WITA) and ``updated_text``."""
    now = (now or dt.datetime.now(TIMEZONE)).astimezone(TIMEZONE)
    return {"updated_at": now.isoformat(timespec="seconds"),
            "updated_text": i18n.LAYAR["updated"].format(when=i18n.format_datetime(now))}


def layar_data(engine: Engine, today: dt.date | None = None, now: dt.datetime | None = None) -> dict:
    """Every figure of the four panels, as plain JSON-able values (this year's scores, in WITA)."""
    today = today or today_wita()
    return {**_figures(engine, today), **updated(now)}


R = TypeVar("R")


def rendered(engine: Engine, render: Callable[[dict], R], wait: bool = True) -> tuple[dict, R] | None:
    """(layar_data, ``render`` of it) for what is stored now: built once per data version, day and language in this
    process, then shared by every screen's page load and refresh (the page renders the data as the JSON the browser
    receives; hundreds of screens refresh on the same version). With ``wait=False`` the answer is None while
    another thread of this process builds it."""
    today = today_wita()

    def build() -> tuple[dict, R]:
        data = layar_data(engine, today)
        return data, render(data)

    key = ("layar.panels", str(engine.url), *version_key(engine, today), language.current())  # words per language
    return cached_value(key, build) if wait else cached_value(key, build, busy=None)


@cached_view
def _figures(engine: Engine, today: dt.date) -> dict:
    """layar_data without the clock: the same for every screen until the data or the day changes."""
    start, end = period_bounds("tahun", today)
    participation = cached.participation_summary(engine, start, end)
    recommendations = cached.recommendation_summary(engine, today)
    by_source = cached.recommendation_breakdown(engine, "source", today)
    evaluations = cached.evaluations(engine)
    latest = cached.latest_evaluation(engine)
    readiness = cached.readiness(engine, cached.stored_cutoff(engine, today))  # counts only: no titles or file names

    counts = recommendations["status_counts"]
    contributing = _board(engine, start, end, ref.CONTRIBUTING, (), LIST_MAX)
    # The correction list reads best grouped by organization: who to talk to.
    not_contributing = _board(engine, start, end, ref.NOT_CONTRIBUTING, (("organization", False), ("name", False)),
                              LIST_MAX)
    standings = participation["standings"]
    return {
        "version": version_key(engine, today),
        "period": {"start": start.isoformat(), "end": end.isoformat(),
                   "text": i18n.LAYAR["period"].format(start=i18n.format_date(start), end=i18n.format_date(end))},
        "ringkasan": {
            "members": participation["members"],
            "internal_members": participation["internal_members"],
            "external_members": participation["external_members"],
            "internal_rate": participation["internal_attendance_rate"],
            "external_rate": participation["external_attendance_rate"],
            "standings": {s: participation["standings"].get(s, 0) for s in ref.STANDINGS},
            "completion": recommendations["completion"],
            "done": counts.get(ref.SESUAI, 0),
            "counted": counted(counts),
            "has_recommendations": sum(counts.values()) > 0,
            "latest": None if latest is None else {"label": latest["label"], "rank": latest["rank"],
                                                    "field_size": latest["field_size"]},
        },
        "anggota": {
            "top": [_public(m) for m in _board(engine, start, end, None, (), TOP_N)],
            "appreciation": _names(contributing, standings[ref.CONTRIBUTING]),
            "correction": _names(not_contributing, standings[ref.NOT_CONTRIBUTING]),
        },
        "rekomendasi": {
            "completion": recommendations["completion"],
            "status_counts": {s: counts.get(s, 0) for s in STATUSES},
            "total": sum(counts.values()),
            "done": counts.get(ref.SESUAI, 0),
            "counted": counted(counts),
            "overdue": recommendations["overdue"],
            "ready": sum(1 for i in readiness["items"] if i["ready"]),
            "ready_counted": sum(1 for i in readiness["items"] if i["status"] != ref.TDTL),
            "sesuai_without_evidence": sum(e["sesuai_without_evidence"] for e in readiness["evaluations"]),
            "by_evaluation": [{"name": g["name"], "completion": g["completion"], "total": g["total"],
                               "done": g["status_counts"].get(ref.SESUAI, 0), "counted": g["counted"],
                               "overdue": g["overdue"]} for g in by_source],
        },
        "peringkat": {
            "evaluations": [{"label": e["label"], "rank": e["rank"], "field_size": e["field_size"],
                             "score": e["score"], "predicate": e["predicate"]} for e in evaluations],
        },
    }
