"""The city's rank in the programme's evaluations, and its trend in words: Ringkasan's story and /peringkat read
this one view, so they say it the same way."""
from __future__ import annotations

from sqlalchemy.engine import Engine

from core import i18n
from dashboard.cache import cached_view
from dashboard.queries import cached

T = i18n.CERITA


def change_words(moved: int) -> str:
    """A rank change in words: positive moved up ("naik 5 peringkat"), negative down, zero "tetap"."""
    if moved > 0:
        return T["rank_up"].format(n=i18n.format_number(moved))
    if moved < 0:
        return T["rank_down"].format(n=i18n.format_number(-moved))
    return T["rank_same"]


def rank_trend(evaluations: list[dict]) -> dict | None:
    """From the first ranked evaluation to the latest (oldest first, as queries.evaluations gives them): how far
    the city moved and the sentence saying so; None without a ranked evaluation."""
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


@cached_view
def city_ranking(engine: Engine) -> dict:
    """Every evaluation, oldest first; the latest ranked one, the one before it, the latest scored one, and the
    rank trend (rank_trend)."""
    evals = cached.evaluations(engine)
    ranked = [e for e in evals if e["rank"] is not None]
    return {
        "evaluations": evals,
        "latest": ranked[-1] if ranked else None,
        "previous": ranked[-2] if len(ranked) > 1 else None,
        "latest_scored": next((e for e in reversed(evals) if e["score"] is not None), None),
        "trend": rank_trend(evals),
    }
